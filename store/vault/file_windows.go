//go:build windows

package vault

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// fileIdentity has no inode to offer on Windows; the file's size and
// modification time tell a save apart (the renamed-in file was written
// later than the one it replaced).
func fileIdentity(os.FileInfo) (dev, ino uint64) { return 0, 0 }

// canSyncDir: Windows cannot flush a folder (FlushFileBuffers on a folder
// handle is refused); NTFS journals the rename itself.
const canSyncDir = false

// replaceFile renames from over to. Windows refuses to replace a file that
// another process has open (a reader loading the vault, an antivirus
// scanner); such a hold lasts moments, so the rename is tried again for a
// while before the save fails.
func replaceFile(from, to string) error {
	deadline := time.Now().Add(2 * time.Second)
	wait := time.Millisecond
	for {
		err := os.Rename(from, to)
		if err == nil || !transientRename(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// transientRename reports whether a rename failed because the target was
// open elsewhere for a moment.
func transientRename(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION)
}
