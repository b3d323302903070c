package pipeline_test

import (
	"context"
	"testing"

	"pipeline"
)

func benchStage(b *testing.B, order pipeline.Order) {
	const items = 1000
	in := make([]int, items)
	b.ReportAllocs()
	for b.Loop() {
		ch := make(chan int)
		go func() {
			for _, v := range in {
				ch <- v
			}
			close(ch)
		}()
		out, wait := pipeline.Map(context.Background(), ch, 4, order, square)
		for range out {
		}
		if err := wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrdered pushes 1000 cheap items through an ordered four-worker
// stage (one op = one run of 1000 items).
func BenchmarkOrdered(b *testing.B) { benchStage(b, pipeline.Ordered) }

// BenchmarkUnordered is the same with an unordered stage.
func BenchmarkUnordered(b *testing.B) { benchStage(b, pipeline.Unordered) }
