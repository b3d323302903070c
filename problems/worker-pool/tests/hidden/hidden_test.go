package workerpool_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"workerpool"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: no tasks, bad worker counts, one worker runs tasks in order, the public examples.
// Group bound: Submit blocks while every worker is busy; all workers run at once.
// Group refusal: once the pool is cancelled (a task failed, the parent was cancelled), Submit refuses work, waiting Submits included, and nothing more runs.
// Group errors: the first error wins and is the context's cause.
// Group cancellation: the parent's cancellation is reported; Context done after Wait.
// Group panics: a panic becomes a *PanicError and the worker survives.
// Group wait: Wait waits for every accepted task, repeats its answer, closes the pool, races with Submit.

// newPool is workerpool.New for a test: when the test fails half-way, the
// pool is still waited for so its workers do not outlive the test.
func newPool(t *testing.T, ctx context.Context, n int) *workerpool.Pool {
	p := workerpool.New(ctx, n)
	t.Cleanup(func() {
		if t.Failed() {
			p.Wait()
		}
	})
	return p
}

func TestBasicNoTasks(t *testing.T) {
	p := newPool(t, context.Background(), 5)
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait on an empty pool = %v, want nil", err)
	}
}

func TestBasicNewPanicsOnBadWorkerCount(t *testing.T) {
	for _, n := range []int{0, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(ctx, %d) did not panic", n)
				}
			}()
			workerpool.New(context.Background(), n).Wait()
		}()
	}
}

func TestBasicSingleWorkerRunsInOrder(t *testing.T) {
	p := newPool(t, context.Background(), 1)
	var mu sync.Mutex
	var got []int
	for i := range 20 {
		if err := p.Submit(func(context.Context) error {
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
			return nil
		}); err != nil {
			t.Fatalf("Submit: %v", err)
		}
	}
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("one worker ran tasks out of order: %v", got)
		}
	}
	if len(got) != 20 {
		t.Fatalf("%d tasks ran, want 20", len(got))
	}
}

// Submit must not queue: with every worker busy it blocks until one is free.
func TestBoundSubmitBlocksWhileWorkersBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPool(t, t.Context(), 2)
		release := make(chan struct{})
		for range 2 {
			if err := p.Submit(func(context.Context) error { <-release; return nil }); err != nil {
				t.Fatalf("Submit: %v", err)
			}
		}
		var returned atomic.Bool
		go func() {
			p.Submit(func(context.Context) error { return nil })
			returned.Store(true)
		}()
		synctest.Wait()
		if returned.Load() {
			t.Fatal("Submit returned while every worker was busy")
		}
		close(release)
		synctest.Wait()
		if !returned.Load() {
			t.Fatal("Submit still blocked after workers became free")
		}
		if err := p.Wait(); err != nil {
			t.Fatalf("Wait = %v", err)
		}
	})
}

// All n workers really run at the same time.
func TestBoundAllWorkersRunConcurrently(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 6
		p := newPool(t, t.Context(), n)
		var started sync.WaitGroup
		started.Add(n)
		all := make(chan struct{})
		go func() { started.Wait(); close(all) }()
		errStuck := errors.New("not all workers ran at once")
		for range n {
			err := p.Submit(func(context.Context) error {
				started.Done()
				select {
				case <-all:
					return nil
				case <-time.After(time.Minute):
					return errStuck
				}
			})
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
		}
		if err := p.Wait(); err != nil {
			t.Fatalf("Wait = %v", err)
		}
	})
}

func TestErrorFirstOneWins(t *testing.T) {
	errA := errors.New("a")
	errB := errors.New("b")
	p := newPool(t, context.Background(), 3)
	p.Submit(func(ctx context.Context) error {
		<-ctx.Done()
		return errB
	})
	p.Submit(func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	p.Submit(func(context.Context) error { return errA })
	if err := p.Wait(); err != errA {
		t.Fatalf("Wait = %v, want the first error %v", err, errA)
	}
}

func TestErrorCancelsPoolContextWithCause(t *testing.T) {
	boom := errors.New("boom")
	p := newPool(t, context.Background(), 2)
	p.Submit(func(context.Context) error { return boom })
	select {
	case <-p.Context().Done():
	case <-time.After(5 * time.Second):
		t.Fatal("pool context not cancelled after a task failed")
	}
	if c := context.Cause(p.Context()); c != boom {
		t.Errorf("context.Cause = %v, want %v", c, boom)
	}
	p.Wait()
}

func TestErrorSubmitAfterFailureRunsNothing(t *testing.T) {
	boom := errors.New("boom")
	p := newPool(t, context.Background(), 2)
	p.Submit(func(context.Context) error { return boom })
	<-p.Context().Done()
	var ran atomic.Int64
	for range 10 {
		err := p.Submit(func(context.Context) error { ran.Add(1); return nil })
		if !errors.Is(err, boom) {
			t.Fatalf("Submit after failure = %v, want %v", err, boom)
		}
	}
	p.Wait()
	if n := ran.Load(); n != 0 {
		t.Fatalf("%d tasks ran after the pool was cancelled, want 0", n)
	}
}

func TestErrorUnblocksWaitingSubmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		p := newPool(t, t.Context(), 1)
		defer p.Wait()
		release := make(chan struct{})
		p.Submit(func(context.Context) error { <-release; return boom })
		var ran atomic.Bool
		errc := make(chan error, 1)
		go func() {
			errc <- p.Submit(func(context.Context) error { ran.Store(true); return nil })
		}()
		synctest.Wait()
		close(release)
		if err := <-errc; !errors.Is(err, boom) {
			t.Fatalf("blocked Submit = %v, want %v", err, boom)
		}
		if err := p.Wait(); err != boom {
			t.Fatalf("Wait = %v, want %v", err, boom)
		}
		if ran.Load() {
			t.Fatal("a task submitted after the failure ran")
		}
	})
}

// Every worker fails at the same moment: one of the errors is reported, and
// the record of the first error must be safe under concurrency.
func TestErrorManyFailAtOnce(t *testing.T) {
	const n = 4
	for round := range 20 {
		p := newPool(t, context.Background(), n)
		start := make(chan struct{})
		errs := make(map[error]bool)
		for i := range n {
			e := fmt.Errorf("task %d of round %d", i, round)
			errs[e] = true
			p.Submit(func(context.Context) error { <-start; return e })
		}
		close(start)
		if err := p.Wait(); !errs[err] {
			t.Fatalf("Wait = %v, want one of the task errors", err)
		}
	}
}

func TestCancelParentStopsSubmit(t *testing.T) {
	cause := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(context.Background())
	p := newPool(t, ctx, 2)
	p.Submit(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	cancel(cause)
	var ran atomic.Bool
	if err := p.Submit(func(context.Context) error { ran.Store(true); return nil }); !errors.Is(err, cause) {
		t.Fatalf("Submit after parent cancel = %v, want %v", err, cause)
	}
	if err := p.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled from the task", err)
	}
	if ran.Load() {
		t.Fatal("a task submitted after cancellation ran")
	}
}

func TestCancelParentReportedWhenTasksSucceed(t *testing.T) {
	cause := errors.New("deadline from caller")
	ctx, cancel := context.WithCancelCause(context.Background())
	p := newPool(t, ctx, 2)
	if err := p.Submit(func(context.Context) error { return nil }); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	cancel(cause)
	if err := p.Wait(); !errors.Is(err, cause) {
		t.Fatalf("Wait = %v, want the parent's cause %v", err, cause)
	}
}

func TestCancelUnblocksWaitingSubmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		p := newPool(t, ctx, 1)
		release := make(chan struct{})
		p.Submit(func(context.Context) error { <-release; return nil })
		errc := make(chan error, 1)
		go func() { errc <- p.Submit(func(context.Context) error { return nil }) }()
		select {
		case err := <-errc:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Submit = %v, want context.DeadlineExceeded", err)
			}
		case <-time.After(time.Hour):
			t.Error("Submit still blocked long after the deadline")
		}
		close(release)
		if err := p.Wait(); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestCancelContextDoneAfterWait(t *testing.T) {
	p := newPool(t, context.Background(), 1)
	p.Submit(func(context.Context) error { return nil })
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if p.Context().Err() == nil {
		t.Fatal("Context() still live after Wait returned")
	}
}

func TestPanicBecomesTypedError(t *testing.T) {
	p := newPool(t, context.Background(), 2)
	p.Submit(func(context.Context) error { panic("kaboom") })
	err := p.Wait()
	var pe *workerpool.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("Wait = %v (%T), want a *PanicError", err, err)
	}
	if pe.Value != "kaboom" {
		t.Errorf("PanicError.Value = %v, want kaboom", pe.Value)
	}
	if len(pe.Stack) == 0 {
		t.Error("PanicError.Stack is empty")
	}
	if p.Context().Err() == nil {
		t.Error("a panic did not cancel the pool")
	}
}

func TestPanicDoesNotKillWorkers(t *testing.T) {
	p := newPool(t, context.Background(), 1)
	p.Submit(func(context.Context) error { panic(errors.New("inner")) })
	<-p.Context().Done()
	// The only worker survived the panic: Wait must still return.
	done := make(chan error, 1)
	go func() { done <- p.Wait() }()
	select {
	case err := <-done:
		var pe *workerpool.PanicError
		if !errors.As(err, &pe) {
			t.Fatalf("Wait = %v, want a *PanicError", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait hung after a task panicked")
	}
}

func TestWaitWaitsForRunningTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPool(t, t.Context(), 3)
		var done atomic.Int64
		for i := range 9 {
			p.Submit(func(context.Context) error {
				time.Sleep(time.Duration(i) * time.Second)
				done.Add(1)
				return nil
			})
		}
		p.Wait()
		if n := done.Load(); n != 9 {
			t.Fatalf("Wait returned with %d of 9 tasks finished", n)
		}
	})
}

func TestWaitWaitsAfterFailureToo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		p := newPool(t, t.Context(), 2)
		var finished atomic.Bool
		p.Submit(func(context.Context) error {
			time.Sleep(time.Second) // ignores ctx on purpose
			finished.Store(true)
			return nil
		})
		p.Submit(func(context.Context) error { return boom })
		if err := p.Wait(); err != boom {
			t.Fatalf("Wait = %v, want %v", err, boom)
		}
		if !finished.Load() {
			t.Fatal("Wait returned before an accepted task finished")
		}
	})
}

func TestWaitRepeatable(t *testing.T) {
	boom := errors.New("boom")
	p := newPool(t, context.Background(), 2)
	p.Submit(func(context.Context) error { return boom })
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := p.Wait(); err != boom {
				t.Errorf("concurrent Wait = %v, want %v", err, boom)
			}
		})
	}
	wg.Wait()
	if err := p.Wait(); err != boom {
		t.Fatalf("second Wait = %v, want %v", err, boom)
	}
}

func TestWaitThenSubmitIsClosed(t *testing.T) {
	p := newPool(t, context.Background(), 2)
	p.Wait()
	if err := p.Submit(func(context.Context) error { return nil }); !errors.Is(err, workerpool.ErrClosed) {
		t.Fatalf("Submit after Wait = %v, want ErrClosed", err)
	}
}

// Submitters race with Wait: nothing panics, every accepted task runs
// exactly once, every refused one gets ErrClosed.
func TestConcurrentSubmitAndWait(t *testing.T) {
	for range 5 {
		p := newPool(t, context.Background(), 3)
		var accepted, ran, refused atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 50 {
					err := p.Submit(func(context.Context) error { ran.Add(1); return nil })
					switch {
					case err == nil:
						accepted.Add(1)
					case errors.Is(err, workerpool.ErrClosed):
						refused.Add(1)
					default:
						t.Errorf("Submit = %v", err)
					}
				}
			})
		}
		for accepted.Load() < 20 {
			time.Sleep(100 * time.Microsecond)
		}
		if err := p.Wait(); err != nil {
			t.Fatalf("Wait = %v", err)
		}
		wg.Wait()
		if a, r := accepted.Load(), ran.Load(); a != r {
			t.Fatalf("%d tasks accepted but %d ran", a, r)
		}
		if accepted.Load()+refused.Load() != 400 {
			t.Fatalf("accepted %d + refused %d != 400", accepted.Load(), refused.Load())
		}
	}
}
