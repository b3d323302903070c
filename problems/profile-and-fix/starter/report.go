// Package report turns a batch of HTTP access events into a plain-text
// summary per route. It is correct, and it is too slow: the nightly job
// that calls Summarize on millions of events misses its window.
package report

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Event is one served HTTP request.
type Event struct {
	Method  string        // "GET", "POST", ...
	Path    string        // request path, possibly with a query string
	Status  int           // HTTP status code
	Latency time.Duration // time to serve the request
	User    string        // user id, "" for anonymous requests
}

// routeStats accumulates the events of one route.
type routeStats struct {
	count     int
	errors    int
	users     []string        // distinct non-empty user ids
	latencies []time.Duration // kept sorted
}

// Route returns the route an event belongs to: the method, a space, and
// the path without its query string, with every segment made only of
// digits replaced by ":id" and every segment of 16 or more lower-case hex
// digits replaced by ":hex".
//
//	Route("GET", "/users/42/orders?page=2") == "GET /users/:id/orders"
func Route(method, path string) string {
	if i := strings.Index(path, "?"); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	out := ""
	for i, seg := range segs {
		if i > 0 {
			out += "/"
		}
		if regexp.MustCompile(`^[0-9]+$`).MatchString(seg) {
			out += ":id"
		} else if regexp.MustCompile(`^[0-9a-f]{16,}$`).MatchString(seg) {
			out += ":hex"
		} else {
			out += seg
		}
	}
	return method + " " + out
}

// percentile returns the nearest-rank p-th percentile of sorted values.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

// Summarize renders one line per route, sorted by request count (highest
// first) and then by route name, followed by a total line:
//
//	GET /users/:id count=3 errors=1 users=2 p50=12ms p95=40ms max=40ms
//	total count=3 errors=1 users=2 routes=1
//
// errors counts statuses of 500 and above; users counts distinct non-empty
// user ids; p50 and p95 are nearest-rank percentiles of the latencies.
func Summarize(events []Event) string {
	stats := map[string]routeStats{}
	var allUsers []string
	errors := 0
	for _, e := range events {
		r := Route(e.Method, e.Path)
		st := stats[r]
		st.count++
		if e.Status >= 500 {
			st.errors++
			errors++
		}
		if e.User != "" {
			found := false
			for _, u := range st.users {
				if u == e.User {
					found = true
				}
			}
			if !found {
				st.users = append(st.users, e.User)
			}
			found = false
			for _, u := range allUsers {
				if u == e.User {
					found = true
				}
			}
			if !found {
				allUsers = append(allUsers, e.User)
			}
		}
		st.latencies = append(st.latencies, e.Latency)
		sort.Slice(st.latencies, func(i, j int) bool { return st.latencies[i] < st.latencies[j] })
		stats[r] = st
	}

	var routes []string
	for r := range stats {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool {
		if stats[routes[i]].count != stats[routes[j]].count {
			return stats[routes[i]].count > stats[routes[j]].count
		}
		return routes[i] < routes[j]
	})

	out := ""
	for _, r := range routes {
		st := stats[r]
		out += fmt.Sprintf("%s count=%d errors=%d users=%d p50=%s p95=%s max=%s\n",
			r, st.count, st.errors, len(st.users),
			percentile(st.latencies, 50), percentile(st.latencies, 95),
			st.latencies[len(st.latencies)-1])
	}
	out += fmt.Sprintf("total count=%d errors=%d users=%d routes=%d\n",
		len(events), errors, len(allUsers), len(routes))
	return out
}
