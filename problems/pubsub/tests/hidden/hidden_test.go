package pubsub_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"pubsub"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: Subscribe and Publish, bad buffers, done contexts, after Close, topics nobody listens to.
// Group drop-policy: DropNewest and DropOldest counts, buffered messages and Dropped, per subscription.
// Group lifecycle: Unsubscribe (idempotent, concurrent), Close, the subscription's context.
// Group concurrency: order per publisher under churn; deliveries add up.

// safely runs f and turns a panic into a test failure, so that one broken
// method does not take the whole test binary down.
func safely(t *testing.T, what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
		}
	}()
	f()
}

func isClosed[T any](ch <-chan T) bool {
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return true
			}
		default:
			return false
		}
	}
}

func TestSubscribeRejectsBadBuffer(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	for _, n := range []int{0, -1} {
		if s, err := b.Subscribe(context.Background(), "t", n, pubsub.DropNewest); err == nil || s != nil {
			t.Errorf("Subscribe with buffer %d = %v, %v; want nil and an error", n, s, err)
		}
	}
}

func TestSubscribeWithDoneContext(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Subscribe(ctx, "t", 1, pubsub.DropNewest); !errors.Is(err, context.Canceled) {
		t.Fatalf("Subscribe with a cancelled context = %v, want context.Canceled", err)
	}
	if n, _ := b.Publish("t", 1); n != 0 {
		t.Fatalf("Publish reached %d subscribers, want 0", n)
	}
}

func TestSubscribeAndPublishAfterClose(t *testing.T) {
	b := pubsub.New[int]()
	b.Close()
	if _, err := b.Subscribe(context.Background(), "t", 1, pubsub.DropNewest); !errors.Is(err, pubsub.ErrClosed) {
		t.Fatalf("Subscribe after Close = %v, want ErrClosed", err)
	}
	if _, err := b.Publish("t", 1); !errors.Is(err, pubsub.ErrClosed) {
		t.Fatalf("Publish after Close = %v, want ErrClosed", err)
	}
}

func TestPublishWithoutSubscribers(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	if n, err := b.Publish("nobody", 1); n != 0 || err != nil {
		t.Fatalf("Publish = %d, %v; want 0, nil", n, err)
	}
}

func TestPolicyDropNewest(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 3, pubsub.DropNewest)
	var counts []int
	for i := 1; i <= 5; i++ {
		n, _ := b.Publish("t", i)
		counts = append(counts, n)
	}
	if got := drain(s.C()); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("DropNewest kept %v, want [1 2 3]", got)
	}
	if !slices.Equal(counts, []int{1, 1, 1, 0, 0}) {
		t.Fatalf("Publish returned %v, want [1 1 1 0 0]", counts)
	}
	if d := s.Dropped(); d != 2 {
		t.Fatalf("Dropped() = %d, want 2", d)
	}
}

func TestPolicyDropOldest(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 3, pubsub.DropOldest)
	var counts []int
	for i := 1; i <= 5; i++ {
		n, _ := b.Publish("t", i)
		counts = append(counts, n)
	}
	if got := drain(s.C()); !slices.Equal(got, []int{3, 4, 5}) {
		t.Fatalf("DropOldest kept %v, want [3 4 5]", got)
	}
	if !slices.Equal(counts, []int{1, 1, 1, 1, 1}) {
		t.Fatalf("Publish returned %v, want [1 1 1 1 1]", counts)
	}
	if d := s.Dropped(); d != 2 {
		t.Fatalf("Dropped() = %d, want 2", d)
	}
}

func TestPolicyPerSubscription(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	newest := mustSubscribe(t, b, "t", 2, pubsub.DropNewest)
	oldest := mustSubscribe(t, b, "t", 2, pubsub.DropOldest)
	fast := mustSubscribe(t, b, "t", 10, pubsub.DropNewest)
	for i := range 4 {
		b.Publish("t", i)
	}
	if got := drain(newest.C()); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("DropNewest subscriber kept %v", got)
	}
	if got := drain(oldest.C()); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("DropOldest subscriber kept %v", got)
	}
	if got := drain(fast.C()); !slices.Equal(got, []int{0, 1, 2, 3}) || fast.Dropped() != 0 {
		t.Errorf("roomy subscriber got %v, dropped %d", got, fast.Dropped())
	}
}

func TestPolicyReaderKeepsUp(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 1, pubsub.DropOldest)
	for i := range 50 {
		b.Publish("t", i)
		if v := <-s.C(); v != i {
			t.Fatalf("got %d, want %d", v, i)
		}
	}
	if d := s.Dropped(); d != 0 {
		t.Fatalf("Dropped() = %d for a reader that kept up", d)
	}
}

func TestUnsubscribeKeepsBufferedMessages(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 4, pubsub.DropNewest)
	b.Publish("t", 1)
	b.Publish("t", 2)
	s.Unsubscribe()
	var got []int
	for v := range s.C() {
		got = append(got, v)
	}
	if !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("after Unsubscribe received %v, want the buffered [1 2]", got)
	}
}

func TestUnsubscribeIdempotent(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 1, pubsub.DropNewest)
	keep := mustSubscribe(t, b, "t", 1, pubsub.DropNewest)
	safely(t, "first Unsubscribe", s.Unsubscribe)
	safely(t, "second Unsubscribe", s.Unsubscribe)
	if !isClosed(s.C()) {
		t.Fatal("C() not closed")
	}
	if n, _ := b.Publish("t", 7); n != 1 {
		t.Fatalf("Publish reached %d subscribers, want only the remaining one", n)
	}
	if got := drain(keep.C()); !slices.Equal(got, []int{7}) {
		t.Fatalf("remaining subscriber got %v", got)
	}
}

func TestUnsubscribeConcurrent(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	for range 20 {
		s := mustSubscribe(t, b, "t", 1, pubsub.DropNewest)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { safely(t, "concurrent Unsubscribe", s.Unsubscribe) })
		}
		wg.Wait()
		if !isClosed(s.C()) {
			t.Fatal("C() not closed")
		}
	}
}

func TestCloseEndsEverySubscription(t *testing.T) {
	b := pubsub.New[int]()
	var subs []*pubsub.Subscription[int]
	for i := range 6 {
		subs = append(subs, mustSubscribe(t, b, fmt.Sprint("t", i%3), 2, pubsub.Policy(i%2)))
	}
	b.Publish("t0", 1)
	safely(t, "Close", b.Close)
	safely(t, "second Close", b.Close)
	for i, s := range subs {
		var got []int
		for v := range s.C() { // must end: C is closed
			got = append(got, v)
		}
		if i%3 == 0 && !slices.Equal(got, []int{1}) {
			t.Errorf("subscription %d: received %v after Close, want the buffered [1]", i, got)
		}
	}
	for _, s := range subs {
		safely(t, "Unsubscribe after Close", s.Unsubscribe)
	}
}

func TestCloseRacesUnsubscribe(t *testing.T) {
	for range 20 {
		b := pubsub.New[int]()
		var subs []*pubsub.Subscription[int]
		for range 5 {
			subs = append(subs, mustSubscribe(t, b, "t", 1, pubsub.DropOldest))
		}
		var wg sync.WaitGroup
		wg.Go(func() { safely(t, "Close", b.Close) })
		wg.Go(func() { safely(t, "Close", b.Close) })
		for _, s := range subs {
			wg.Go(func() { safely(t, "Unsubscribe", s.Unsubscribe) })
		}
		wg.Wait()
		for _, s := range subs {
			if !isClosed(s.C()) {
				t.Fatal("a subscription survived Close")
			}
		}
	}
}

func TestContextEndsSubscription(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := pubsub.New[int]()
		defer b.Close()
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		s, err := b.Subscribe(ctx, "t", 4, pubsub.DropNewest)
		if err != nil {
			t.Fatal(err)
		}
		b.Publish("t", 1)
		time.Sleep(time.Minute)
		synctest.Wait()
		if n, _ := b.Publish("t", 2); n != 0 {
			t.Fatalf("Publish reached %d subscribers after the context expired", n)
		}
		var got []int
		for v := range s.C() {
			got = append(got, v)
		}
		if !slices.Equal(got, []int{1}) {
			t.Fatalf("received %v, want [1]", got)
		}
		safely(t, "Unsubscribe after the context ended it", s.Unsubscribe)
	})
}

func TestContextOutlivedBySubscription(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := pubsub.New[int]()
		ctx, cancel := context.WithCancel(t.Context())
		s, err := b.Subscribe(ctx, "t", 1, pubsub.DropNewest)
		if err != nil {
			t.Fatal(err)
		}
		s.Unsubscribe()
		cancel() // after Unsubscribe: nothing may break
		synctest.Wait()
		b.Close()
		if !isClosed(s.C()) {
			t.Fatal("C() not closed")
		}
	})
}

// Messages of one publisher reach each subscriber in publishing order,
// drops aside, even with other publishers and subscribers churning.
func TestConcurrentOrderAndChurn(t *testing.T) {
	b := pubsub.New[[2]int]()
	var wg sync.WaitGroup
	var stop atomic.Bool
	readers := make([]*pubsub.Subscription[[2]int], 4)
	for i := range readers {
		readers[i] = mustSubscribe(t, b, "t", 8, pubsub.Policy(i%2))
	}
	for i, s := range readers {
		wg.Go(func() {
			last := map[int]int{}
			for m := range s.C() {
				if prev, ok := last[m[0]]; ok && m[1] <= prev {
					t.Errorf("reader %d: publisher %d's message %d after %d", i, m[0], m[1], prev)
					return
				}
				last[m[0]] = m[1]
				s.Dropped()
			}
		})
	}
	var pubs sync.WaitGroup
	for p := range 4 {
		pubs.Go(func() {
			for i := range 500 {
				if _, err := b.Publish("t", [2]int{p, i}); err != nil {
					t.Errorf("Publish: %v", err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for !stop.Load() {
			s, err := b.Subscribe(context.Background(), "t", 1, pubsub.DropOldest)
			if err != nil {
				return
			}
			drain(s.C())
			s.Unsubscribe()
		}
	})
	pubs.Wait()
	stop.Store(true)
	b.Close()
	wg.Wait()
}

// Every message offered to a subscription is either still buffered, or was
// received, or counted as dropped.
func TestConcurrentDeliveriesAddUp(t *testing.T) {
	for _, p := range []pubsub.Policy{pubsub.DropNewest, pubsub.DropOldest} {
		b := pubsub.New[int]()
		idle := mustSubscribe(t, b, "t", 10, p)
		busy := mustSubscribe(t, b, "t", 3, p)
		var received atomic.Int64
		readerDone := make(chan struct{})
		go func() {
			defer close(readerDone)
			for range busy.C() {
				received.Add(1)
				busy.Dropped()
			}
		}()
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				for i := range 500 {
					b.Publish("t", g*1000+i)
					idle.Dropped()
				}
			})
		}
		wg.Wait()
		b.Close()
		<-readerDone
		kept := int64(len(drain(idle.C())))
		if got := kept + int64(idle.Dropped()); got != 2000 {
			t.Errorf("policy %d idle: %d kept + %d dropped != 2000 published", p, kept, idle.Dropped())
		}
		if got := received.Load() + int64(busy.Dropped()); got != 2000 {
			t.Errorf("policy %d busy: %d received + %d dropped != 2000 published", p, received.Load(), busy.Dropped())
		}
	}
}
