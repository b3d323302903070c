package report_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"report"
)

// benchEvents builds a realistic batch: a few busy route shapes with ids,
// hex tokens and query strings, thousands of users, anonymous traffic and
// some server errors.
func benchEvents(n int) []report.Event {
	rng := rand.New(rand.NewPCG(7, 11))
	id := func() int { return rng.IntN(100000) }
	hex := func() uint64 { return rng.Uint64() | 1<<60 } // always 16 hex digits
	paths := []func() string{
		func() string { return fmt.Sprintf("/api/v1/users/%d", id()) },
		func() string { return fmt.Sprintf("/api/v1/users/%d/orders/%d", id(), id()) },
		func() string { return fmt.Sprintf("/api/v1/carts/%x/checkout", hex()) },
		func() string { return fmt.Sprintf("/api/v2/products/%d/reviews?page=%d", id(), rng.IntN(20)) },
		func() string { return fmt.Sprintf("/api/v2/search?q=shoes&page=%d", rng.IntN(20)) },
		func() string { return fmt.Sprintf("/static/app.%x.js", hex()) },
		func() string { return "/health" },
	}
	methods := []string{"GET", "GET", "GET", "POST"}
	events := make([]report.Event, n)
	for i := range events {
		status := 200
		if rng.IntN(50) == 0 {
			status = 500 + rng.IntN(4)
		} else if rng.IntN(10) == 0 {
			status = 404
		}
		user := ""
		if rng.IntN(4) != 0 {
			user = fmt.Sprintf("u%05d", rng.IntN(4000))
		}
		events[i] = report.Event{
			Method:  methods[rng.IntN(len(methods))],
			Path:    paths[rng.IntN(len(paths))](),
			Status:  status,
			Latency: time.Duration(rng.IntN(300000)) * time.Microsecond,
			User:    user,
		}
	}
	return events
}

// BenchmarkSummarize summarises a batch of 4000 events.
func BenchmarkSummarize(b *testing.B) {
	events := benchEvents(4000)
	b.ReportAllocs()
	for b.Loop() {
		if s := report.Summarize(events); len(s) == 0 {
			b.Fatal("empty report")
		}
	}
}
