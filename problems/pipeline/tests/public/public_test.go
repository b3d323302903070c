package pipeline_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"pipeline"
)

// source sends vals on a new channel, then closes it. It gives up when ctx
// is done, as every producer feeding a stage should.
func source[T any](ctx context.Context, vals ...T) <-chan T {
	ch := make(chan T)
	go func() {
		defer close(ch)
		for _, v := range vals {
			select {
			case ch <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func count(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func square(_ context.Context, x int) (int, error) { return x * x, nil }

func TestPublicOrderedKeepsInputOrder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, wait := pipeline.Map(ctx, source(ctx, count(100)...), 4, pipeline.Ordered, square)
	var got []int
	for r := range out {
		got = append(got, r)
	}
	if err := wait(); err != nil {
		t.Fatalf("wait() = %v", err)
	}
	for i, r := range got {
		if r != i*i {
			t.Fatalf("result %d = %d, want %d (results out of order?)", i, r, i*i)
		}
	}
	if len(got) != 100 {
		t.Fatalf("%d results, want 100", len(got))
	}
}

func TestPublicUnorderedDeliversEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, wait := pipeline.Map(ctx, source(ctx, count(100)...), 4, pipeline.Unordered, square)
	var got []int
	for r := range out {
		got = append(got, r)
	}
	if err := wait(); err != nil {
		t.Fatalf("wait() = %v", err)
	}
	slices.Sort(got)
	for i, r := range got {
		if r != i*i {
			t.Fatalf("sorted result %d = %d, want %d", i, r, i*i)
		}
	}
	if len(got) != 100 {
		t.Fatalf("%d results, want 100", len(got))
	}
}

func TestPublicFirstErrorIsReported(t *testing.T) {
	boom := errors.New("boom")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, wait := pipeline.Map(ctx, source(ctx, count(100)...), 4, pipeline.Ordered,
		func(_ context.Context, x int) (int, error) {
			if x == 10 {
				return 0, boom
			}
			return x, nil
		})
	for range out {
	}
	err := wait()
	var ie *pipeline.ItemError
	if !errors.As(err, &ie) || ie.Index != 10 || !errors.Is(err, boom) {
		t.Fatalf("wait() = %v, want an *ItemError for item 10 wrapping boom", err)
	}
}
