package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"pipeline"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: Map's contract: panics on bad workers, empty input, type change, wait repeatable, fn's context ends with the stage.
// Group ordering: ordered results in input order, unordered ones never held up, all workers busy at once.
// Group backpressure: at most 2*workers values held, with a stalled consumer or behind a slow item.
// Group errors: the first error reported as an ItemError, the stage stopped, sibling cancellations not taken for the cause, ordered output a prefix.
// Group cancellation: the caller's cancellation stops the stage even with nobody reading; before start; after completion; chained stages.
// Group stress: many items under concurrency.

var orders = []struct {
	name  string
	order pipeline.Order
}{{"ordered", pipeline.Ordered}, {"unordered", pipeline.Unordered}}

// counter produces 0, 1, ... 999 and counts what the stage took from it.
func counter(ctx context.Context, taken *atomic.Int64) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 1000 {
			select {
			case ch <- i:
				taken.Add(1)
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// waitWithin calls wait, failing the test if it does not return within d of
// real time.
func waitWithin(t *testing.T, wait func() error, d time.Duration) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- wait() }()
	select {
	case err := <-errc:
		return err
	case <-time.After(d):
		t.Fatalf("wait() did not return within %v: goroutines of the stage are stuck", d)
		return nil
	}
}

func TestMapPanicsOnBadWorkers(t *testing.T) {
	for _, n := range []int{0, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Map with %d workers did not panic", n)
				}
			}()
			in := make(chan int)
			close(in)
			_, wait := pipeline.Map(context.Background(), in, n, pipeline.Ordered, square)
			wait()
		}()
	}
}

func TestMapEmptyInput(t *testing.T) {
	for _, o := range orders {
		in := make(chan int)
		close(in)
		out, wait := pipeline.Map(context.Background(), in, 3, o.order, square)
		for r := range out {
			t.Fatalf("%s: unexpected result %d", o.name, r)
		}
		if err := wait(); err != nil {
			t.Fatalf("%s: wait() = %v", o.name, err)
		}
	}
}

func TestMapTypeChange(t *testing.T) {
	ctx := context.Background()
	out, wait := pipeline.Map(ctx, source(ctx, "1", "22", "333"), 2, pipeline.Ordered,
		func(_ context.Context, s string) (int, error) { return strconv.Atoi(s) })
	var got []int
	for r := range out {
		got = append(got, r)
	}
	if err := wait(); err != nil || !slices.Equal(got, []int{1, 22, 333}) {
		t.Fatalf("got %v, %v; want [1 22 333], nil", got, err)
	}
}

func TestMapWaitRepeatable(t *testing.T) {
	boom := errors.New("boom")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, wait := pipeline.Map(ctx, source(ctx, 1, 2, 3), 2, pipeline.Unordered,
		func(context.Context, int) (int, error) { return 0, boom })
	for range out {
	}
	first := wait()
	if second := wait(); first != second || !errors.Is(first, boom) {
		t.Fatalf("wait() = %v then %v, want the same *ItemError twice", first, second)
	}
}

// The context fn receives ends with the stage, also when it completes
// without an error: nothing fn started with it may outlive the stage.
func TestMapContextEndsWithStage(t *testing.T) {
	for _, o := range orders {
		ctx := context.Background()
		var seen atomic.Pointer[context.Context]
		out, wait := pipeline.Map(ctx, source(ctx, 1, 2, 3), 2, o.order,
			func(ctx context.Context, x int) (int, error) { seen.Store(&ctx); return x, nil })
		for range out {
		}
		if err := wait(); err != nil {
			t.Fatalf("%s: wait() = %v", o.name, err)
		}
		fctx := *seen.Load()
		if fctx.Err() == nil {
			t.Fatalf("%s: the context passed to fn is still live after the stage completed", o.name)
		}
		if ctx.Err() != nil {
			t.Fatalf("%s: the caller's context was cancelled", o.name)
		}
	}
}

// A slow first item must not let later results overtake it.
func TestOrderedSlowHead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		out, wait := pipeline.Map(ctx, source(ctx, count(50)...), 4, pipeline.Ordered,
			func(_ context.Context, x int) (int, error) {
				time.Sleep(time.Duration((x*37)%11) * time.Millisecond)
				if x == 0 {
					time.Sleep(time.Second)
				}
				return x, nil
			})
		var got []int
		for r := range out {
			got = append(got, r)
		}
		if err := wait(); err != nil {
			t.Fatalf("wait() = %v", err)
		}
		if !slices.Equal(got, count(50)) {
			t.Fatalf("ordered results %v", got)
		}
	})
}

// Unordered results stream as they complete.
func TestUnorderedDoesNotWaitForSlowItems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		out, wait := pipeline.Map(ctx, source(ctx, count(4)...), 4, pipeline.Unordered,
			func(_ context.Context, x int) (int, error) {
				if x == 0 {
					time.Sleep(time.Second)
				}
				return x, nil
			})
		first := <-out
		if first == 0 {
			t.Fatal("the slow item came out first: unordered results must not wait")
		}
		for range out {
		}
		if err := wait(); err != nil {
			t.Fatalf("wait() = %v", err)
		}
	})
}

func TestParallelAllWorkersBusyAtOnce(t *testing.T) {
	for _, o := range orders {
		synctest.Test(t, func(t *testing.T) {
			const n = 5
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var started atomic.Int64
			all := make(chan struct{})
			out, wait := pipeline.Map(ctx, source(ctx, count(n)...), n, o.order,
				func(_ context.Context, x int) (int, error) {
					if started.Add(1) == n {
						close(all)
					}
					select {
					case <-all:
						return x, nil
					case <-time.After(time.Minute):
						return 0, errors.New("workers did not run in parallel")
					}
				})
			for range out {
			}
			if err := wait(); err != nil {
				t.Fatalf("%s: %v", o.name, err)
			}
		})
	}
}

// Nobody reads out: the stage may only take a bounded number of inputs.
func TestBoundedWhenConsumerStalls(t *testing.T) {
	for _, o := range orders {
		synctest.Test(t, func(t *testing.T) {
			const workers = 3
			ctx, cancel := context.WithCancel(t.Context())
			var taken atomic.Int64
			out, wait := pipeline.Map(ctx, counter(ctx, &taken), workers, o.order, square)
			synctest.Wait()
			if n := taken.Load(); n > 2*workers {
				t.Errorf("%s: the stage took %d inputs with nobody reading, want at most %d", o.name, n, 2*workers)
			}
			cancel()
			go func() {
				for range out {
				}
			}()
			if err := wait(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s: wait() = %v, want context.Canceled", o.name, err)
			}
		})
	}
}

// One stuck item must not make an ordered stage buffer the rest of the
// stream while the consumer keeps reading.
func TestBoundedOrderedBehindSlowItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers = 4
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		var taken atomic.Int64
		release := make(chan struct{})
		out, wait := pipeline.Map(ctx, counter(ctx, &taken), workers, pipeline.Ordered,
			func(ctx context.Context, x int) (int, error) {
				if x == 0 {
					select {
					case <-release:
					case <-ctx.Done():
					}
				}
				return x, nil
			})
		go func() {
			for range out {
			}
		}()
		synctest.Wait()
		if n := taken.Load(); n > 2*workers {
			t.Errorf("the stage took %d inputs behind one stuck item, want at most %d", n, 2*workers)
		}
		close(release)
		cancel()
		wait()
	})
}

func TestErrorIsTypedAndWrapped(t *testing.T) {
	for _, o := range orders {
		boom := errors.New("boom")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out, wait := pipeline.Map(ctx, source(ctx, "a", "b", "bad", "c"), 1, o.order,
			func(_ context.Context, s string) (string, error) {
				if s == "bad" {
					return "", fmt.Errorf("parsing %q: %w", s, boom)
				}
				return s, nil
			})
		for range out {
		}
		err := wait()
		var ie *pipeline.ItemError
		if !errors.As(err, &ie) {
			t.Fatalf("%s: wait() = %v (%T), want *ItemError", o.name, err, err)
		}
		if ie.Index != 2 || !errors.Is(err, boom) {
			t.Fatalf("%s: got index %d, err %v; want index 2 wrapping boom", o.name, ie.Index, err)
		}
	}
}

// After a failure the stage stops taking input and calling fn.
func TestErrorStopsTheStage(t *testing.T) {
	for _, o := range orders {
		synctest.Test(t, func(t *testing.T) {
			const workers = 3
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var taken, calls atomic.Int64
			out, wait := pipeline.Map(ctx, counter(ctx, &taken), workers, o.order,
				func(_ context.Context, x int) (int, error) {
					calls.Add(1)
					time.Sleep(time.Millisecond)
					if x == 20 {
						return 0, errors.New("bad item")
					}
					return x, nil
				})
			for range out {
			}
			err := wait()
			var ie *pipeline.ItemError
			if !errors.As(err, &ie) || ie.Index != 20 {
				t.Fatalf("%s: wait() = %v, want *ItemError for item 20", o.name, err)
			}
			time.Sleep(time.Second)
			synctest.Wait()
			if n := calls.Load(); n > 21+2*workers {
				t.Fatalf("%s: fn called %d times, the stage kept going after the error", o.name, n)
			}
		})
	}
}

// The other items see the cancellation and return ctx.Err(); the error
// reported is still the one that caused it.
func TestErrorCauseBeatsSiblingCancellations(t *testing.T) {
	for _, o := range orders {
		synctest.Test(t, func(t *testing.T) {
			boom := errors.New("boom")
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			out, wait := pipeline.Map(ctx, source(ctx, count(4)...), 4, o.order,
				func(ctx context.Context, x int) (int, error) {
					if x == 2 {
						time.Sleep(time.Second)
						return 0, boom
					}
					<-ctx.Done()
					return 0, ctx.Err()
				})
			for range out {
			}
			err := wait()
			var ie *pipeline.ItemError
			if !errors.As(err, &ie) || ie.Index != 2 || !errors.Is(err, boom) {
				t.Fatalf("%s: wait() = %v, want *ItemError{2, boom}", o.name, err)
			}
		})
	}
}

func TestErrorOrderedEmitsOnlyAPrefix(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		out, wait := pipeline.Map(ctx, source(ctx, count(100)...), 4, pipeline.Ordered,
			func(_ context.Context, x int) (int, error) {
				time.Sleep(time.Duration(x%3) * time.Millisecond)
				if x == 50 {
					return 0, errors.New("bad")
				}
				return x, nil
			})
		var got []int
		for r := range out {
			got = append(got, r)
		}
		if wait() == nil {
			t.Fatal("wait() = nil after a failure")
		}
		if len(got) > 50 || !slices.Equal(got, count(len(got))) {
			t.Fatalf("ordered stage emitted %v; want a prefix of the items before 50", got)
		}
	})
}

// The consumer stops early: cancelling ctx must release every goroutine,
// including those blocked sending results nobody reads.
func TestCancelEarlyExit(t *testing.T) {
	for _, o := range orders {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var taken atomic.Int64
			out, wait := pipeline.Map(ctx, counter(ctx, &taken), 4, o.order, square)
			for range 3 {
				<-out
			}
			synctest.Wait() // the stage is now stuck on results nobody reads
			cancel()
			ok, err := settle(wait)
			if !ok {
				t.Errorf("%s: wait() did not return after cancel: goroutines of the stage are stuck", o.name)
				drainAndWait(out, wait)
				return
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: wait() = %v, want context.Canceled", o.name, err)
			}
			if _, ok := <-out; ok {
				t.Errorf("%s: out still open after wait returned", o.name)
			}
		})
	}
}

// settle runs wait in the bubble and, once everything has settled, reports
// whether it returned and what.
func settle(wait func() error) (done bool, err error) {
	errc := make(chan error, 1)
	go func() { errc <- wait() }()
	synctest.Wait()
	select {
	case err := <-errc:
		return true, err
	default:
		return false, nil
	}
}

// drainAndWait unblocks a stuck stage so the bubble can end cleanly.
func drainAndWait[R any](out <-chan R, wait func() error) {
	go func() {
		for range out {
		}
	}()
	wait()
}

func TestCancelBeforeStart(t *testing.T) {
	for _, o := range orders {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int64
		in := make(chan int, 3)
		in <- 1
		in <- 2
		out, wait := pipeline.Map(ctx, in, 2, o.order,
			func(context.Context, int) (int, error) { calls.Add(1); return 0, nil })
		for range out {
		}
		if err := waitWithin(t, wait, 2*time.Second); !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: wait() = %v, want context.Canceled", o.name, err)
		}
		if n := calls.Load(); n != 0 {
			t.Fatalf("%s: fn called %d times on a cancelled context", o.name, n)
		}
	}
}

func TestCancelAfterCompletionIsNotAnError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, wait := pipeline.Map(ctx, source(ctx, 1, 2, 3), 2, pipeline.Ordered, square)
	for range out {
	}
	cancel()
	if err := wait(); err != nil {
		t.Fatalf("wait() = %v after the stage completed, want nil", err)
	}
}

// Two stages in a row: a failure downstream plus the caller's cancel stop
// the upstream stage too.
func TestChainedStages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		words, wait1 := pipeline.Map(ctx, source(ctx, count(200)...), 3, pipeline.Ordered,
			func(_ context.Context, x int) (string, error) { return strconv.Itoa(x), nil })
		lens, wait2 := pipeline.Map(ctx, words, 3, pipeline.Ordered,
			func(_ context.Context, s string) (int, error) {
				if s == "150" {
					return 0, errors.New("no")
				}
				return len(s), nil
			})
		n := 0
		for range lens {
			n++
		}
		var ie *pipeline.ItemError
		ok, err := settle(wait2)
		if !ok {
			t.Error("downstream wait() blocked after its failure")
			drainAndWait(lens, wait2)
		} else if !errors.As(err, &ie) || ie.Index != 150 {
			t.Errorf("downstream wait() = %v, want *ItemError for item 150", err)
		}
		cancel()
		ok, err = settle(wait1)
		if !ok {
			t.Error("upstream wait() blocked after cancel")
			drainAndWait(words, wait1)
		} else if !errors.Is(err, context.Canceled) {
			t.Errorf("upstream wait() = %v, want context.Canceled", err)
		}
		if n > 150 {
			t.Errorf("%d results passed the failing item", n)
		}
	})
}

func TestConcurrentStress(t *testing.T) {
	for _, o := range orders {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int64
		out, wait := pipeline.Map(ctx, source(ctx, count(2000)...), 8, o.order,
			func(_ context.Context, x int) (int, error) {
				calls.Add(1)
				return x + 1, nil
			})
		sum := 0
		for r := range out {
			sum += r
		}
		err := wait()
		cancel()
		if err != nil || sum != 2000*2001/2 || calls.Load() != 2000 {
			t.Fatalf("%s: sum %d, calls %d, err %v", o.name, sum, calls.Load(), err)
		}
	}
}
