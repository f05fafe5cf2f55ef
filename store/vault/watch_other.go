//go:build !linux

package vault

import "context"

// watchKernel has no kernel notification to offer here: Watch polls.
func watchKernel(ctx context.Context, path string, out chan struct{}) bool { return false }
