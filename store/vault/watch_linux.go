package vault

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"
)

// watchKernel watches path's folder with inotify for the rename that lands
// a save (and for a file written in place, as a restore might), and reports
// on out until ctx ends. It returns false when inotify is not available.
func watchKernel(ctx context.Context, path string, out chan struct{}) bool {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return false
	}
	dir, name := filepath.Dir(path), filepath.Base(path)
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_MOVED_TO|syscall.IN_CLOSE_WRITE|syscall.IN_CREATE); err != nil {
		syscall.Close(fd)
		return false
	}
	// Through an *os.File the descriptor uses the runtime's poller, so a
	// Close from the context's goroutine ends a Read that waits.
	f := os.NewFile(uintptr(fd), "inotify")
	go func() {
		<-ctx.Done()
		f.Close()
	}()
	go func() {
		defer close(out)
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			if err != nil {
				return
			}
			if touches(buf[:n], name) {
				notify(out)
			}
		}
	}()
	return true
}

// touches reports whether a batch of inotify events names the file.
func touches(events []byte, name string) bool {
	for len(events) >= syscall.SizeofInotifyEvent {
		ev := (*syscall.InotifyEvent)(unsafe.Pointer(&events[0]))
		end := syscall.SizeofInotifyEvent + int(ev.Len)
		if end > len(events) {
			return false
		}
		n := events[syscall.SizeofInotifyEvent:end]
		if i := bytes.IndexByte(n, 0); i >= 0 {
			n = n[:i]
		}
		if string(n) == name || ev.Mask&syscall.IN_Q_OVERFLOW != 0 {
			return true
		}
		events = events[end:]
	}
	return false
}
