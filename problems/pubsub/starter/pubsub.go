// Package pubsub is an in-process publish/subscribe broker. Publish never
// waits for a subscriber: each subscription has a bounded buffer and a
// policy saying which message to drop when that buffer is full.
package pubsub

import (
	"context"
	"errors"
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
	// your fields here
}

// Subscription receives the messages of one topic on C.
type Subscription[T any] struct {
	// your fields here
}

// New returns an open broker with no subscriptions.
func New[T any]() *Broker[T] {
	return &Broker[T]{}
}

// Subscribe registers a subscription to topic with a buffer of the given
// size (at least 1) and drop policy. The subscription ends, as if by
// Unsubscribe, when ctx is done. It returns ErrClosed once the broker is
// closed, and ctx's error if ctx is already done.
func (b *Broker[T]) Subscribe(ctx context.Context, topic string, buffer int, policy Policy) (*Subscription[T], error) {
	return nil, errors.New("not implemented")
}

// Publish offers msg to every subscription of topic without waiting for
// any of them, and returns how many buffered it (a message dropped under
// DropNewest does not count). It returns ErrClosed once the broker is
// closed.
func (b *Broker[T]) Publish(topic string, msg T) (int, error) {
	return 0, errors.New("not implemented")
}

// Close ends every subscription and makes later Publish and Subscribe
// calls fail with ErrClosed. It may be called more than once.
func (b *Broker[T]) Close() {
}

// C returns the channel the subscription's messages arrive on. It is
// closed when the subscription ends; messages buffered by then can still
// be received.
func (s *Subscription[T]) C() <-chan T {
	return nil
}

// Dropped returns how many messages this subscription has dropped.
func (s *Subscription[T]) Dropped() uint64 {
	return 0
}

// Unsubscribe ends the subscription and closes C. It may be called more
// than once, concurrently, and after the broker is closed.
func (s *Subscription[T]) Unsubscribe() {
}
