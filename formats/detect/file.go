package detect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"penny/internal/progress"
	"penny/statement"
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

// notRegularError says what the path is; errors.Is finds ErrNotRegular in
// it without the message saying "not a regular file" twice.
type notRegularError struct {
	path string
	mode fs.FileMode
}

func (e *notRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a bank file: Penny reads only regular files", e.path, kind(e.mode))
}

func (e *notRegularError) Is(target error) bool { return target == ErrNotRegular }

func notRegular(path string, m fs.FileMode) error {
	return &notRegularError{path: path, mode: m}
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

// CheckFile refuses from a stat alone what OpenRegular would: a path that
// is not a regular file, or one larger than MaxSize.
func CheckFile(path string) error {
	st, err := CheckRegular(path)
	if err != nil {
		return err
	}
	return checkSize(path, st.Size())
}

func checkSize(path string, size int64) error {
	if size > MaxSize {
		return fmt.Errorf("%s is %d MiB; Penny reads bank files up to %d MiB", path, size>>20, MaxSize>>20)
	}
	return nil
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
	if err := checkSize(path, st.Size()); err != nil {
		f.Close()
		return nil, nil, err
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

// readChunk is how much readRest reads at a time: each chunk is scanned
// (fields, rows) before the next is read.
const readChunk = 1 << 20

// firstBuffer is what readRest holds before the file's size.
const firstBuffer = 4 << 20

// readRest reads the rest of f after head, bounded by MaxSize; size (the
// file's size when opened) sizes the buffer and is the total of the progress
// it reports (phase "read", in bytes). Each chunk goes through sc before the
// next is read, and budget, when set, is told the rows sc counted so far and
// the file's size after each: an error from either stops the read. It stops
// with ctx's error once ctx is cancelled.
func readRest(ctx context.Context, f io.Reader, head []byte, size int64, sc *scan, budget func(rows, bytes int64) error) ([]byte, error) {
	if err := sc.feed(head); err != nil {
		return nil, err
	}
	// The buffer takes the file's size once its first chunks read well: a
	// file refused early (a long field, too many rows) never had it. It is
	// grown by make and copy, not by bytes.Buffer, whose growth writes
	// zeros over all of it: a buffer of the file's size that the read
	// stopped early does not fill costs address space, not memory.
	// A byte more than the file holds lets the read see its end without
	// growing the buffer.
	buf := make([]byte, 0, max(int64(len(head))+1, min(size+1, firstBuffer)))
	buf = append(buf, head...)
	r := progress.Reader(ctx, io.LimitReader(f, MaxSize+1-int64(len(head))), "read", max(size-int64(len(head)), 0))
	for {
		// Each chunk is read into the buffer's room, not into a chunk
		// of its own copied there: the copy and the chunk's fresh pages
		// were most of reading a file that the page cache holds.
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), max(min(size+1, MaxSize+1), 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		chunk := buf[len(buf):min(cap(buf), len(buf)+readChunk)]
		n, err := io.ReadFull(r, chunk)
		if n > 0 {
			if err := sc.feed(chunk[:n]); err != nil {
				return nil, err
			}
			buf = buf[:len(buf)+n]
			if budget != nil {
				if err := budget(sc.rows(), max(size, int64(len(buf)))); err != nil {
					return nil, refused{err}
				}
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(buf) > MaxSize {
		return nil, fmt.Errorf("the file grew past %d MiB while being read", MaxSize>>20)
	}
	return buf, nil
}

// refused is the error of a read stopped by its budget, which is returned
// as the budget gave it.
type refused struct{ err error }

func (r refused) Error() string { return r.err.Error() }

// readError names the file in err, unless err says where it is already (a
// field past MaxField) or is the budget's own.
func readError(path string, err error) error {
	var pe *statement.ParseError
	var r refused
	switch {
	case errors.As(err, &r):
		return r.err
	case errors.As(err, &pe):
		return err
	}
	return fmt.Errorf("read %s: %w", path, err)
}

// ReadHeadFirst opens a regular file, reads its first bytes and asks keep
// whether to go on; only then is the rest read, through budget as
// ReadContext reads (when budget is set). It returns nil bytes when keep
// says no. Daemons use it to pass over files that are no bank's without
// reading them whole.
func ReadHeadFirst(path string, keep func(head []byte) bool, budget func(rows, bytes int64) error) ([]byte, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head, err := readHead(f)
	if err != nil {
		return nil, readError(path, err)
	}
	if !keep(head) {
		return nil, nil
	}
	if budget != nil {
		if err := budget(0, st.Size()); err != nil {
			return nil, err
		}
	}
	name := filepath.Base(path)
	raw, err := readRest(context.Background(), f, head, st.Size(), newScan(name, Detect(name, head)), budget)
	if err != nil {
		return nil, readError(path, err)
	}
	return raw, nil
}
