// Package pubsub is an in-process publish/subscribe broker. Publish never
// waits for a subscriber: each subscription has a bounded buffer and a
// policy saying which message to drop when that buffer is full.
package pubsub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Publish and Subscribe once the broker is closed.
var ErrClosed = errors.New("pubsub: broker closed")

// Policy says what a full subscription buffer does with a new message.
type Policy int

const (
	// DropNewest keeps the buffered messages and drops the new one.
	DropNewest Policy = iota
	// DropOldest discards the oldest buffered message to make room.
	DropOldest
)

// Broker routes messages of type T from publishers to the subscribers of
// a topic. The zero value is not usable: create it with New.
type Broker[T any] struct {
	mu     sync.RWMutex
	closed bool
	topics map[string]map[*Subscription[T]]struct{}
}

// Subscription receives the messages of one topic on C.
type Subscription[T any] struct {
	broker *Broker[T]
	topic  string
	policy Policy
	ch     chan T

	// mu serialises deliveries with the close of ch: a send on a closed
	// channel panics, so nobody may close ch while a delivery is under way.
	mu      sync.Mutex
	closed  bool
	stop    func() bool // unregisters the context callback
	dropped atomic.Uint64
}

// New returns an open broker with no subscriptions.
func New[T any]() *Broker[T] {
	return &Broker[T]{topics: make(map[string]map[*Subscription[T]]struct{})}
}

// Subscribe registers a subscription to topic with a buffer of the given
// size (at least 1) and drop policy. The subscription ends, as if by
// Unsubscribe, when ctx is done. It returns ErrClosed once the broker is
// closed, and ctx's error if ctx is already done.
func (b *Broker[T]) Subscribe(ctx context.Context, topic string, buffer int, policy Policy) (*Subscription[T], error) {
	if buffer < 1 {
		return nil, fmt.Errorf("pubsub: buffer must be at least 1, got %d", buffer)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &Subscription[T]{broker: b, topic: topic, policy: policy, ch: make(chan T, buffer)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, ErrClosed
	}
	subs := b.topics[topic]
	if subs == nil {
		subs = make(map[*Subscription[T]]struct{})
		b.topics[topic] = subs
	}
	subs[s] = struct{}{}
	b.mu.Unlock()

	// AfterFunc starts no goroutine until ctx is done, and stop removes
	// the callback when the subscription ends first.
	stop := context.AfterFunc(ctx, s.Unsubscribe)
	s.mu.Lock()
	s.stop = stop
	ended := s.closed
	s.mu.Unlock()
	if ended {
		stop()
	}
	return s, nil
}

// Publish offers msg to every subscription of topic without waiting for
// any of them, and returns how many buffered it (a message dropped under
// DropNewest does not count). It returns ErrClosed once the broker is
// closed.
func (b *Broker[T]) Publish(topic string, msg T) (int, error) {
	// Copy the subscriptions so that no broker lock is held while
	// delivering.
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return 0, ErrClosed
	}
	subs := make([]*Subscription[T], 0, len(b.topics[topic]))
	for s := range b.topics[topic] {
		subs = append(subs, s)
	}
	b.mu.RUnlock()
	n := 0
	for _, s := range subs {
		if s.deliver(msg) {
			n++
		}
	}
	return n, nil
}

// Close ends every subscription and makes later Publish and Subscribe
// calls fail with ErrClosed. It may be called more than once.
func (b *Broker[T]) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	topics := b.topics
	b.topics = nil
	b.mu.Unlock()
	for _, subs := range topics {
		for s := range subs {
			s.end()
		}
	}
}

// C returns the channel the subscription's messages arrive on. It is
// closed when the subscription ends; messages buffered by then can still
// be received.
func (s *Subscription[T]) C() <-chan T { return s.ch }

// Dropped returns how many messages this subscription has dropped.
func (s *Subscription[T]) Dropped() uint64 { return s.dropped.Load() }

// Unsubscribe ends the subscription and closes C. It may be called more
// than once, concurrently, and after the broker is closed.
func (s *Subscription[T]) Unsubscribe() {
	b := s.broker
	b.mu.Lock()
	if subs := b.topics[s.topic]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(b.topics, s.topic)
		}
	}
	b.mu.Unlock()
	s.end()
}

// deliver buffers msg without blocking, applying the drop policy when the
// buffer is full. It reports whether msg was buffered.
func (s *Subscription[T]) deliver(msg T) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	select {
	case s.ch <- msg:
		return true
	default:
	}
	if s.policy == DropNewest {
		s.dropped.Add(1)
		return false
	}
	select {
	case <-s.ch:
		s.dropped.Add(1)
	default:
		// The subscriber emptied the buffer meanwhile: nothing to drop.
	}
	// We hold s.mu, so no other sender can take the slot just freed.
	s.ch <- msg
	return true
}

// end closes the channel once.
func (s *Subscription[T]) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if s.stop != nil {
		s.stop()
	}
	close(s.ch)
}
