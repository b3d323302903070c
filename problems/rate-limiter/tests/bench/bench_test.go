package ratelimit_test

import (
	"context"
	"testing"

	"ratelimit"
)

// BenchmarkAllow measures granted Allow calls on the system clock: the
// bucket refills faster than the loop can drain it (one op = 100 calls).
func BenchmarkAllow(b *testing.B) {
	l := ratelimit.New(1e12, 1, nil)
	b.ReportAllocs()
	for b.Loop() {
		for range 100 {
			if !l.Allow() {
				b.Fatal("denied")
			}
		}
	}
}

// BenchmarkWaitNoDelay measures Wait when a token is already available
// (one op = 100 calls).
func BenchmarkWaitNoDelay(b *testing.B) {
	l := ratelimit.New(1e12, 1, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for range 100 {
			if err := l.Wait(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}
