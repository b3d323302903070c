package pubsub_test

import (
	"context"
	"testing"

	"pubsub"
)

// BenchmarkPublish publishes 100 messages to a topic with eight
// subscriptions that never read, half of each policy, so every delivery
// takes the full-buffer path (one op = 100 messages).
func BenchmarkPublish(b *testing.B) {
	br := pubsub.New[int]()
	defer br.Close()
	for i := range 8 {
		if _, err := br.Subscribe(context.Background(), "t", 16, pubsub.Policy(i%2)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range 100 {
			if _, err := br.Publish("t", i); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPublishRead publishes to one subscription whose reader drains it
// after every message (one op = 100 messages).
func BenchmarkPublishRead(b *testing.B) {
	br := pubsub.New[int]()
	defer br.Close()
	s, err := br.Subscribe(context.Background(), "t", 1, pubsub.DropNewest)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range 100 {
			br.Publish("t", i)
			<-s.C()
		}
	}
}
