package retry_test

import (
	"context"
	"testing"
	"time"

	"retry"
)

// BenchmarkFirstTrySuccess is the common case: the operation works, and
// retry support must cost next to nothing.
func BenchmarkFirstTrySuccess(b *testing.B) {
	ctx := context.Background()
	p := retry.Policy{MaxAttempts: 5, BaseDelay: 50 * time.Millisecond, MaxDelay: 2 * time.Second}
	op := func(context.Context) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		if err := retry.Do(ctx, p, op); err != nil {
			b.Fatal(err)
		}
	}
}
