package accesslog_test

import (
	"io"
	"testing"
	"time"

	"accesslog"
)

var benchEvents = []accesslog.Event{
	{Time: time.Date(2025, 6, 1, 12, 0, 0, 123_456_789, time.UTC), Method: "GET", Path: "/api/v1/users/42",
		Status: 200, Bytes: 1834, Duration: 3200 * time.Microsecond,
		Attrs: []accesslog.Attr{{Key: "user", Value: "42"}, {Key: "ua", Value: "curl/8.5.0"}}},
	{Time: time.Date(2025, 6, 1, 12, 0, 0, 125_000_000, time.UTC), Method: "POST", Path: "/api/v1/orders",
		Status: 201, Bytes: 96, Duration: 18 * time.Millisecond,
		Attrs: []accesslog.Attr{{Key: "order", Value: "A-1009"}, {Key: "body", Value: `{"sku":"x-1","qty":2}`}}},
	{Time: time.Date(2025, 6, 1, 12, 0, 1, 0, time.UTC), Method: "GET", Path: "/search?q=caf\u00e9&page=2",
		Status: 404, Bytes: 0, Duration: 900 * time.Microsecond},
	{Time: time.Date(2025, 6, 1, 12, 0, 1, 5_000, time.UTC), Method: "PUT", Path: "/files/report.csv",
		Status: 500, Bytes: 61, Duration: 2 * time.Second,
		Attrs: []accesslog.Attr{{Key: "err", Value: "write /data/report.csv: no space left on device\n\tretry 3"}}},
}

// BenchmarkLog logs a batch of realistic events through one Logger to
// io.Discard; allocations are reported (the limit is 0 per batch).
func BenchmarkLog(b *testing.B) {
	l := accesslog.New(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		for i := range benchEvents {
			if err := l.Log(&benchEvents[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
