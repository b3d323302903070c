package pubsub_test

import (
	"context"
	"testing"
	"time"

	"pubsub"
)

// drain returns what is buffered on ch right now, without waiting.
func drain[T any](ch <-chan T) []T {
	var got []T
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, v)
		default:
			return got
		}
	}
}

func mustSubscribe[T any](t *testing.T, b *pubsub.Broker[T], topic string, buffer int, p pubsub.Policy) *pubsub.Subscription[T] {
	t.Helper()
	s, err := b.Subscribe(context.Background(), topic, buffer, p)
	if err != nil {
		t.Fatalf("Subscribe(%q): %v", topic, err)
	}
	return s
}

func TestPublicDeliversToTopicSubscribers(t *testing.T) {
	b := pubsub.New[string]()
	defer b.Close()
	a1 := mustSubscribe(t, b, "a", 4, pubsub.DropNewest)
	a2 := mustSubscribe(t, b, "a", 4, pubsub.DropOldest)
	other := mustSubscribe(t, b, "b", 4, pubsub.DropNewest)
	n, err := b.Publish("a", "hello")
	if err != nil || n != 2 {
		t.Fatalf("Publish = %d, %v; want 2, nil", n, err)
	}
	for _, s := range []*pubsub.Subscription[string]{a1, a2} {
		if got := drain(s.C()); len(got) != 1 || got[0] != "hello" {
			t.Fatalf("subscriber got %q, want [hello]", got)
		}
	}
	if got := drain(other.C()); len(got) != 0 {
		t.Fatalf("subscriber of another topic got %q", got)
	}
}

func TestPublicSlowSubscriberNeverBlocksPublish(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 2, pubsub.DropNewest) // never read
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 10 {
			b.Publish("t", i)
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Publish blocked on a subscriber that does not read")
	}
	if got := drain(s.C()); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Fatalf("buffered %v, want [0 1]", got)
	}
	if d := s.Dropped(); d != 8 {
		t.Fatalf("Dropped() = %d, want 8", d)
	}
}

func TestPublicUnsubscribeClosesChannel(t *testing.T) {
	b := pubsub.New[int]()
	defer b.Close()
	s := mustSubscribe(t, b, "t", 1, pubsub.DropNewest)
	s.Unsubscribe()
	select {
	case _, ok := <-s.C():
		if ok {
			t.Fatal("received a message after Unsubscribe")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("C() not closed after Unsubscribe")
	}
	if n, err := b.Publish("t", 1); n != 0 || err != nil {
		t.Fatalf("Publish after Unsubscribe = %d, %v; want 0, nil", n, err)
	}
}
