package workerpool_test

import (
	"context"
	"testing"

	"workerpool"
)

// BenchmarkSubmit measures the pool's own overhead: handing empty tasks to
// a pool of four workers (one op = 100 tasks).
func BenchmarkSubmit(b *testing.B) {
	p := workerpool.New(context.Background(), 4)
	task := func(context.Context) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		for range 100 {
			if err := p.Submit(task); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := p.Wait(); err != nil {
		b.Fatal(err)
	}
}
