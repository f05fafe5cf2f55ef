package progress

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

type heard struct {
	phase       string
	done, total int64
}

func recorder(ctx context.Context) (context.Context, *[]heard) {
	var got []heard
	return With(ctx, func(phase string, done, total int64) { got = append(got, heard{phase, done, total}) }), &got
}

func TestMeterStopsAtTheNextLookAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ctx, got := recorder(ctx)
	m := Start(ctx, "rows", 1000)
	steps := 0
	var err error
	for range 1000 {
		steps++
		if steps == 100 {
			cancel()
		}
		if err = m.Step(); err != nil {
			break
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v after %d steps", err, steps)
	}
	// Cancelled at step 100, the next look is at step 128.
	if steps != 2*stride {
		t.Fatalf("stopped after %d steps, want %d", steps, 2*stride)
	}
	want := []heard{{"rows", 0, 1000}, {"rows", stride, 1000}, {"rows", 2 * stride, 1000}}
	if len(*got) != len(want) {
		t.Fatalf("reports %v, want %v", *got, want)
	}
	for i := range want {
		if (*got)[i] != want[i] {
			t.Fatalf("reports %v, want %v", *got, want)
		}
	}
}

func TestMeterWithoutReporterStillStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	m := Start(ctx, "rows", 0)
	for i := range stride - 1 {
		if err := m.Step(); err != nil {
			t.Fatalf("step %d looked at the context: %v", i, err)
		}
	}
	if err := m.Step(); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if err := m.Done(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Done: err %v", err)
	}
	if err := Every(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Every(0): err %v", err)
	}
	if err := Every(ctx, 1); err != nil {
		t.Fatalf("Every(1) looked: %v", err)
	}
}

func TestMeterAtAndDone(t *testing.T) {
	ctx, got := recorder(t.Context())
	m := Start(ctx, "bytes", 5000)
	for pos := int64(1); pos <= 4000; pos++ {
		if err := m.At(pos); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Done(); err != nil {
		t.Fatal(err)
	}
	last := (*got)[len(*got)-1]
	if last != (heard{"bytes", 5000, 5000}) {
		t.Fatalf("last report %v", last)
	}
	if r := (*got)[1]; r != (heard{"bytes", stride, 5000}) {
		t.Fatalf("second report %v", r)
	}
	Report(ctx, "save", 0, 0)
	if last := (*got)[len(*got)-1]; last.phase != "save" {
		t.Fatalf("Report: %v", last)
	}
	Report(t.Context(), "nobody listens", 0, 0) // no reporter: nothing happens
}

func TestReaderReadsInChunksAndStops(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 5*readChunk/2)
	ctx, cancel := context.WithCancel(t.Context())
	ctx, got := recorder(ctx)
	r := Reader(ctx, bytes.NewReader(data), "read", int64(len(data)))
	buf := make([]byte, len(data))
	n, err := r.Read(buf)
	if err != nil || n != readChunk {
		t.Fatalf("first read: %d, %v; want %d bytes", n, err, readChunk)
	}
	cancel()
	if n, err := r.Read(buf[n:]); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel: %d, %v", n, err)
	}
	if last := (*got)[len(*got)-1]; last != (heard{"read", readChunk, int64(len(data))}) {
		t.Fatalf("last report %v", last)
	}

	all, err := io.ReadAll(Reader(t.Context(), bytes.NewReader(data), "read", 0))
	if err != nil || !bytes.Equal(all, data) {
		t.Fatalf("uncancelled: %d bytes, %v", len(all), err)
	}
}

func TestWithComposes(t *testing.T) {
	ctx, got := recorder(t.Context())
	var inner []string
	ctx = With(ctx, func(phase string, done, total int64) { inner = append(inner, phase) })
	Report(ctx, "save", 0, 0)
	if len(inner) != 1 || len(*got) != 1 || (*got)[0].phase != "save" {
		t.Fatalf("inner heard %v, outer %v", inner, *got)
	}
}
