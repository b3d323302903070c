package report_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"report"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group examples: the public examples.
// Group routes: Route's edge cases and agreement with the original.
// Group summary: Summarize's output, percentiles, errors and users, agreement with the original, the input untouched.

// The behaviour to preserve, written plainly: the original implementation
// with its regular expressions compiled once.
var (
	originalIDRE  = regexp.MustCompile(`^[0-9]+$`)
	originalHexRE = regexp.MustCompile(`^[0-9a-f]{16,}$`)
)

func originalRoute(method, path string) string {
	if i := strings.Index(path, "?"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if originalIDRE.MatchString(seg) {
			segs[i] = ":id"
		} else if originalHexRE.MatchString(seg) {
			segs[i] = ":hex"
		}
	}
	return method + " " + strings.Join(segs, "/")
}

func originalSummarize(events []report.Event) string {
	type stats struct {
		count, errors int
		users         map[string]bool
		lat           []time.Duration
	}
	byRoute := map[string]*stats{}
	allUsers := map[string]bool{}
	errors := 0
	for _, e := range events {
		r := originalRoute(e.Method, e.Path)
		st := byRoute[r]
		if st == nil {
			st = &stats{users: map[string]bool{}}
			byRoute[r] = st
		}
		st.count++
		if e.Status >= 500 {
			st.errors++
			errors++
		}
		if e.User != "" {
			st.users[e.User] = true
			allUsers[e.User] = true
		}
		st.lat = append(st.lat, e.Latency)
	}
	var routes []string
	for r, st := range byRoute {
		routes = append(routes, r)
		slices.Sort(st.lat)
	}
	sort.Slice(routes, func(i, j int) bool {
		a, b := byRoute[routes[i]], byRoute[routes[j]]
		if a.count != b.count {
			return a.count > b.count
		}
		return routes[i] < routes[j]
	})
	pct := func(s []time.Duration, p int) time.Duration { return s[(p*len(s)+99)/100-1] }
	var b strings.Builder
	for _, r := range routes {
		st := byRoute[r]
		fmt.Fprintf(&b, "%s count=%d errors=%d users=%d p50=%s p95=%s max=%s\n",
			r, st.count, st.errors, len(st.users), pct(st.lat, 50), pct(st.lat, 95), st.lat[len(st.lat)-1])
	}
	fmt.Fprintf(&b, "total count=%d errors=%d users=%d routes=%d\n", len(events), errors, len(allUsers), len(routes))
	return b.String()
}

func TestRouteEdgeCases(t *testing.T) {
	cases := []struct{ method, path, want string }{
		{"GET", "", "GET "},
		{"GET", "/", "GET /"},
		{"GET", "?a=1", "GET "},
		{"GET", "/a//b/", "GET /a//b/"},
		{"GET", "/0", "GET /:id"},
		{"GET", "/7/", "GET /:id/"},
		{"GET", "/v1/1/22/333", "GET /v1/:id/:id/:id"},
		{"GET", "users/7", "GET users/:id"},
		{"GET", "/12345678901234567890", "GET /:id"}, // digits win over hex
		{"GET", "/0123456789abcdef", "GET /:hex"},
		{"GET", "/0123456789abcdef0123", "GET /:hex"},
		{"GET", "/0123456789abcde", "GET /0123456789abcde"}, // 15 hex digits
		{"GET", "/0123456789ABCDEF", "GET /0123456789ABCDEF"},
		{"GET", "/abc123", "GET /abc123"},
		{"GET", "/-1/1.5/+2", "GET /-1/1.5/+2"},
		{"GET", "/\u0661\u0662", "GET /\u0661\u0662"}, // non-ASCII digits
		{"GET", "/a?b=/1", "GET /a"},
		{"GET", "/1?x?y", "GET /:id"},
		{"DELETE", "/items/42", "DELETE /items/:id"},
	}
	for _, c := range cases {
		if got := report.Route(c.method, c.path); got != c.want {
			t.Errorf("Route(%q, %q) = %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

func TestRouteMatchesOriginal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alpha = "0123456789abcdefABx/?.-"
	for range 1500 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteByte(alpha[rng.IntN(len(alpha))])
		}
		if rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "/%016x", rng.Uint64())
		}
		p := b.String()
		if got, want := report.Route("GET", p), originalRoute("GET", p); got != want {
			t.Fatalf("Route(GET, %q) = %q, want %q", p, got, want)
		}
	}
}

func TestSummarizeEmpty(t *testing.T) {
	want := "total count=0 errors=0 users=0 routes=0\n"
	if got := report.Summarize(nil); got != want {
		t.Errorf("Summarize(nil) = %q, want %q", got, want)
	}
	if got := report.Summarize([]report.Event{}); got != want {
		t.Errorf("Summarize(empty) = %q, want %q", got, want)
	}
}

func TestSummarizeTiesSortedByName(t *testing.T) {
	var events []report.Event
	for _, p := range []string{"/e", "/b", "/h", "/a", "/g", "/c", "/f", "/d"} {
		events = append(events, report.Event{Method: "GET", Path: p, Status: 200, Latency: time.Millisecond})
	}
	events = append(events, report.Event{Method: "POST", Path: "/z", Status: 200, Latency: time.Second},
		report.Event{Method: "POST", Path: "/z", Status: 200, Latency: time.Second})
	got := report.Summarize(events)
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		order = append(order, strings.Fields(line)[1])
	}
	want := "[/z /a /b /c /d /e /f /g /h count=10]"
	if fmt.Sprint(order) != want {
		t.Errorf("route order %v, want %s\n%s", order, want, got)
	}
}

func TestSummarizePercentiles(t *testing.T) {
	for n := 1; n <= 40; n++ {
		var events []report.Event
		for i := range n {
			// Latencies in a scrambled order, some repeated.
			ms := (i * 7919) % (n + 3)
			events = append(events, report.Event{Method: "GET", Path: "/p", Status: 200,
				Latency: time.Duration(ms) * time.Millisecond})
		}
		if got, want := report.Summarize(events), originalSummarize(events); got != want {
			t.Errorf("n=%d:\n got %q\nwant %q", n, got, want)
		}
	}
}

func TestSummarizeErrorsAndUsers(t *testing.T) {
	ms := time.Millisecond
	events := []report.Event{
		{"GET", "/a", 499, ms, "x"},
		{"GET", "/a", 500, ms, "y"},
		{"GET", "/a", 599, ms, ""},
		{"GET", "/b", 600, ms, "x"},
		{"GET", "/b", 200, ms, "x"},
		{"GET", "/b", 302, 1500 * time.Microsecond, "z"},
	}
	want := "GET /a count=3 errors=2 users=2 p50=1ms p95=1ms max=1ms\n" +
		"GET /b count=3 errors=1 users=2 p50=1ms p95=1.5ms max=1.5ms\n" +
		"total count=6 errors=3 users=3 routes=2\n"
	if got := report.Summarize(events); got != want {
		t.Errorf("Summarize:\n%s\nwant:\n%s", got, want)
	}
}

func randomEvents(rng *rand.Rand, n int) []report.Event {
	// hex returns 1 to 16 hex digits, so some segments are long enough.
	hex := func() uint64 { return rng.Uint64() >> (4 * uint(rng.IntN(16))) }
	paths := []func() string{
		func() string { return fmt.Sprintf("/users/%d", rng.IntN(1000)) },
		func() string { return fmt.Sprintf("/users/%d/orders/%d", rng.IntN(1000), rng.IntN(1000)) },
		func() string { return fmt.Sprintf("/carts/%016x", rng.Uint64()) },
		func() string { return fmt.Sprintf("/search?q=%d", rng.IntN(1000)) },
		func() string { return fmt.Sprintf("/v1/%d/%x", rng.IntN(1000), hex()) },
		func() string { return fmt.Sprintf("/files/%d.txt", rng.IntN(1000)) },
		func() string { return fmt.Sprintf("/A/%X", hex()) },
		func() string { return "/health" },
	}
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	units := []time.Duration{time.Nanosecond, time.Microsecond, time.Millisecond}
	statuses := []int{200, 201, 204, 301, 400, 404, 500, 502, 503}
	events := make([]report.Event, n)
	for i := range events {
		user := ""
		if rng.IntN(3) != 0 {
			user = fmt.Sprintf("u%d", rng.IntN(30))
		}
		events[i] = report.Event{
			Method:  methods[rng.IntN(len(methods))],
			Path:    paths[rng.IntN(len(paths))](),
			Status:  statuses[rng.IntN(len(statuses))],
			Latency: time.Duration(rng.IntN(5000)) * units[rng.IntN(len(units))],
			User:    user,
		}
	}
	return events
}

func TestSummarizeMatchesOriginal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := range 25 {
		events := randomEvents(rng, rng.IntN(300))
		if got, want := report.Summarize(events), originalSummarize(events); got != want {
			t.Fatalf("batch %d (%d events):\n got:\n%s\nwant:\n%s", iter, len(events), got, want)
		}
	}
}

func TestSummarizeDoesNotModifyInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	events := randomEvents(rng, 200)
	before := slices.Clone(events)
	report.Summarize(events)
	if !slices.Equal(events, before) {
		t.Errorf("Summarize modified its input slice")
	}
}
