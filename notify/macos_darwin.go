//go:build darwin

package notify

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func runOsascript(ctx context.Context, script string) error {
	ctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "osascript")
	cmd.Stdin = strings.NewReader(script)
	cmd.Env = ChildEnv(os.Getenv)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("notify: osascript: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
