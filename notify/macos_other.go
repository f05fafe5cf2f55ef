//go:build !darwin

package notify

import (
	"context"
	"errors"
	"fmt"
)

func runOsascript(context.Context, string) error {
	return fmt.Errorf("notify: macOS notifications need macOS: %w", errors.ErrUnsupported)
}
