package detect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"penny/internal/progress"
)

// HeadSize is how much of a file format detection looks at.
const HeadSize = 4096

// ErrNotRegular means a path names something other than a regular file: a
// FIFO, a device, a socket or a folder. Reading one could block forever (a
// FIFO with no writer) or never end (/dev/zero), so Penny refuses it before
// reading.
var ErrNotRegular = errors.New("not a regular file")

// kind names a file mode for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

func notRegular(path string, m fs.FileMode) error {
	return fmt.Errorf("%s is %s, not a bank file: Penny reads only regular files (%w)", path, kind(m), ErrNotRegular)
}

// CheckRegular refuses a path that is not a regular file, following
// symbolic links: a link to /dev/zero is refused for what it points at.
func CheckRegular(path string) (fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	return st, nil
}

// OpenRegular opens path for reading only when it is a regular file. The
// mode is checked before opening, and again on the open file, with the open
// itself non-blocking: a FIFO swapped in between cannot make it wait.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	if _, err := CheckRegular(path); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, st.Mode())
	}
	if st.Size() > MaxSize {
		f.Close()
		return nil, nil, fmt.Errorf("%s is %d MiB; Penny reads bank files up to %d MiB", path, st.Size()>>20, MaxSize>>20)
	}
	return f, st, nil
}

// readHead reads up to HeadSize bytes from the start of r.
func readHead(r io.Reader) ([]byte, error) {
	head := make([]byte, HeadSize)
	n, err := io.ReadFull(r, head)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return head[:n], err
}

// readRest reads the rest of f after head, bounded by MaxSize; size (the
// file's size when opened) sizes the buffer and is the total of the progress
// it reports (phase "read", in bytes). It stops with ctx's error once ctx is
// cancelled.
func readRest(ctx context.Context, f io.Reader, head []byte, size int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, max(int64(len(head)), min(size, MaxSize))+bytes.MinRead))
	buf.Write(head)
	r := progress.Reader(ctx, io.LimitReader(f, MaxSize+1-int64(len(head))), "read", max(size-int64(len(head)), 0))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if buf.Len() > MaxSize {
		return nil, fmt.Errorf("the file grew past %d MiB while being read", MaxSize>>20)
	}
	return buf.Bytes(), nil
}

// ReadHeadFirst opens a regular file, reads its first bytes and asks keep
// whether to go on; only then is the rest read. It returns nil bytes when
// keep says no. Daemons use it to pass over files that are no bank's without
// reading them whole.
func ReadHeadFirst(path string, keep func(head []byte) bool) ([]byte, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head, err := readHead(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !keep(head) {
		return nil, nil
	}
	raw, err := readRest(context.Background(), f, head, st.Size())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return raw, nil
}
