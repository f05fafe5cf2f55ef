package feed

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkDeliver imports one arrival into a demo store: the work
// `penny demo` does every few seconds while the chat is open, holding the
// store's one connection meanwhile (the chat's reads wait for it). 5,000
// rows is the demo's default size.
func BenchmarkDeliver(b *testing.B) {
	for _, size := range []int{5000, 100_000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			st, d := loaded(b, 1, size)
			clock := newFakeClock(start, 0)
			f := New(st, d, Options{Clock: clock})
			ctx := context.Background()
			for b.Loop() {
				a := f.Next()
				clock.mu.Lock()
				clock.now = start.Add(a.At)
				clock.mu.Unlock()
				if _, err := f.Deliver(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
