package breaker_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"breaker"
)

type benchClock struct{ t time.Time }

func (c *benchClock) Now() time.Time { return c.t }

// BenchmarkDoClosed is the hot path while the dependency is healthy.
func BenchmarkDoClosed(b *testing.B) {
	br, err := breaker.New(breaker.Settings{FailureThreshold: 5, OpenTimeout: time.Second, HalfOpenMaxCalls: 1, Clock: &benchClock{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	fn := func(context.Context) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		if err := br.Do(ctx, fn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoOpen is the path taken by every request while the dependency
// is down: rejections must be cheap.
func BenchmarkDoOpen(b *testing.B) {
	br, err := breaker.New(breaker.Settings{FailureThreshold: 1, OpenTimeout: time.Hour, HalfOpenMaxCalls: 1, Clock: &benchClock{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	fail := errors.New("down")
	br.Do(ctx, func(context.Context) error { return fail })
	fn := func(context.Context) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		if err := br.Do(ctx, fn); !errors.Is(err, breaker.ErrOpen) {
			b.Fatal(err)
		}
	}
}
