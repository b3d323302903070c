// Package pipeline runs one fan-out/fan-in stage of a channel pipeline: a
// function applied to a stream of values on a fixed number of goroutines,
// stopped by the first error or by the caller's context.
package pipeline

import (
	"context"
	"fmt"
	"sync"
)

// Order says how results leave a stage.
type Order int

const (
	// Unordered sends results as soon as they are ready.
	Unordered Order = iota
	// Ordered sends results in the order of their inputs.
	Ordered
)

// ItemError reports which input made fn fail.
type ItemError struct {
	Index int // position of the input in the stream, from 0
	Err   error
}

func (e *ItemError) Error() string { return fmt.Sprintf("pipeline: item %d: %v", e.Index, e.Err) }

// Unwrap returns the error fn returned.
func (e *ItemError) Unwrap() error { return e.Err }

type job[T any] struct {
	index int
	value T
}

type result[R any] struct {
	index int
	value R
}

type stage[T, R any] struct {
	parent context.Context
	ctx    context.Context // cancelled on the first error and when the stage ends
	cancel context.CancelCauseFunc
	fn     func(context.Context, T) (R, error)
	in     <-chan T
	out    chan R
	wg     sync.WaitGroup

	mu       sync.Mutex
	err      error // first fn failure, an *ItemError
	complete bool  // every input was read and every result sent
}

// Map applies fn to every value received from in, on workers goroutines,
// and returns the channel of results and a wait function.
//
// out is unbuffered and is closed once every goroutine of the stage has
// exited: after in is closed and every result sent, after the first error,
// or after ctx is cancelled. The stage then stops reading in; it never
// holds more than 2*workers values read from in and not yet sent on out.
//
// wait blocks until out is closed and returns the first fn error as an
// *ItemError, or ctx.Err() if ctx was cancelled before the stage completed,
// or nil. Map panics if workers < 1.
func Map[T, R any](ctx context.Context, in <-chan T, workers int, order Order,
	fn func(context.Context, T) (R, error)) (<-chan R, func() error) {
	if workers < 1 {
		panic(fmt.Sprintf("pipeline: workers must be positive, got %d", workers))
	}
	out := make(chan R)
	if err := ctx.Err(); err != nil {
		close(out)
		return out, func() error { return err }
	}
	sctx, cancel := context.WithCancelCause(ctx)
	s := &stage[T, R]{parent: ctx, ctx: sctx, cancel: cancel, fn: fn, in: in, out: out}

	jobs := make(chan job[T])
	var window chan struct{} // Ordered only: one slot per value in flight
	var results chan result[R]
	emit := func(r result[R]) bool { return send(sctx, out, r.value) }
	if order == Ordered {
		window = make(chan struct{}, workers)
		results = make(chan result[R])
		emit = func(r result[R]) bool { return send(sctx, results, r) }
	}

	var working sync.WaitGroup
	working.Add(workers)
	s.wg.Add(workers + 2) // the workers, the dispatcher and reorder or finish
	go s.dispatch(jobs, window)
	for range workers {
		go func() {
			defer s.wg.Done()
			defer working.Done()
			s.work(jobs, emit)
		}()
	}
	if order == Ordered {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			working.Wait()
			close(results)
		}()
		go s.reorder(results, window, workers)
	} else {
		go func() {
			defer s.wg.Done()
			working.Wait()
			s.finish()
		}()
	}

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(out)
		close(done)
	}()
	return out, func() error {
		<-done
		return s.result()
	}
}

// dispatch numbers the inputs and hands them to the workers. With a window
// it takes a slot before reading, which bounds the values in flight.
func (s *stage[T, R]) dispatch(jobs chan<- job[T], window chan struct{}) {
	defer s.wg.Done()
	defer close(jobs)
	for i := 0; ; i++ {
		if window != nil {
			select {
			case window <- struct{}{}:
			case <-s.ctx.Done():
				return
			}
		}
		var v T
		select {
		case x, ok := <-s.in:
			if !ok {
				return
			}
			v = x
		case <-s.ctx.Done():
			return
		}
		select {
		case jobs <- job[T]{i, v}:
		case <-s.ctx.Done():
			return
		}
	}
}

// work runs fn on jobs until they run out or the stage is cancelled; emit
// returns false once the stage is cancelled.
func (s *stage[T, R]) work(jobs <-chan job[T], emit func(result[R]) bool) {
	for j := range jobs {
		if s.ctx.Err() != nil {
			return
		}
		r, err := s.fn(s.ctx, j.value)
		if err != nil {
			s.fail(&ItemError{Index: j.index, Err: err})
			return
		}
		if !emit(result[R]{j.index, r}) {
			return
		}
	}
}

// reorder sends results on out in input order. buf holds the results that
// arrived early; the window guarantees their indexes are within workers of
// the next one due, so a ring of that size never collides.
func (s *stage[T, R]) reorder(results <-chan result[R], window chan struct{}, workers int) {
	defer s.wg.Done()
	buf := make([]result[R], workers)
	have := make([]bool, workers)
	next := 0
	for r := range results {
		buf[r.index%workers], have[r.index%workers] = r, true
		for have[next%workers] {
			slot := next % workers
			if !send(s.ctx, s.out, buf[slot].value) {
				return // cancelled: the workers' sends give up too
			}
			var zero result[R]
			buf[slot], have[slot] = zero, false
			next++
			<-window
		}
	}
	s.finish()
}

// send delivers v on ch unless ctx is done first.
func send[X any](ctx context.Context, ch chan<- X, v X) bool {
	select {
	case ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// fail records the first failure and cancels the stage. Failures after the
// stage was cancelled are usually caused by the cancellation: ignored.
func (s *stage[T, R]) fail(err *ItemError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil && s.ctx.Err() == nil {
		s.err = err
		s.cancel(err)
	}
}

// finish marks the stage complete if it ended without being cancelled.
func (s *stage[T, R]) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() == nil {
		s.complete = true
	}
}

func (s *stage[T, R]) result() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.err != nil:
		return s.err
	case !s.complete && s.parent.Err() != nil:
		return s.parent.Err()
	}
	return nil
}
