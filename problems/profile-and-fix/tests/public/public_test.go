package report_test

import (
	"testing"
	"time"

	"report"
)

func TestPublicRoute(t *testing.T) {
	cases := map[[2]string]string{
		{"GET", "/users/42/orders?page=2"}:      "GET /users/:id/orders",
		{"POST", "/carts/0123456789abcdef/pay"}: "POST /carts/:hex/pay",
		{"GET", "/health"}:                      "GET /health",
	}
	for in, want := range cases {
		if got := report.Route(in[0], in[1]); got != want {
			t.Errorf("Route(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

func TestPublicSummarize(t *testing.T) {
	ms := time.Millisecond
	events := []report.Event{
		{"GET", "/users/1", 200, 12 * ms, "ann"},
		{"GET", "/users/2?full=1", 503, 40 * ms, "bob"},
		{"GET", "/users/3", 200, 10 * ms, "ann"},
		{"POST", "/login", 200, 90 * ms, ""},
	}
	want := "GET /users/:id count=3 errors=1 users=2 p50=12ms p95=40ms max=40ms\n" +
		"POST /login count=1 errors=0 users=0 p50=90ms p95=90ms max=90ms\n" +
		"total count=4 errors=1 users=2 routes=2\n"
	if got := report.Summarize(events); got != want {
		t.Errorf("Summarize:\n%s\nwant:\n%s", got, want)
	}
}
