package accesslog_test

import (
	"bytes"
	"testing"
	"time"

	"accesslog"
)

// raceEnabled is true when the tests run with -race (race_test.go sets it):
// allocation counts are only meaningful without the race detector.
var raceEnabled bool

func publicEvent() *accesslog.Event {
	return &accesslog.Event{
		Time:     time.Date(2025, 6, 1, 12, 0, 0, 250_000_000, time.UTC),
		Method:   "GET",
		Path:     "/api/users/42",
		Status:   200,
		Bytes:    1834,
		Duration: 3200 * time.Microsecond,
		Attrs:    []accesslog.Attr{{Key: "user", Value: "ann"}, {Key: "note", Value: `said "hi"`}},
	}
}

func TestPublicFormat(t *testing.T) {
	got := string(accesslog.AppendJSON(nil, publicEvent()))
	want := `{"time":"2025-06-01T12:00:00.25Z","method":"GET","path":"/api/users/42","status":200,` +
		`"bytes":1834,"duration_us":3200,"attrs":{"user":"ann","note":"said \"hi\""}}` + "\n"
	if got != want {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
	}
}

func TestPublicLogger(t *testing.T) {
	var out bytes.Buffer
	l := accesslog.New(&out)
	e := publicEvent()
	for range 3 {
		if err := l.Log(e); err != nil {
			t.Fatalf("Log: %v", err)
		}
	}
	line := string(accesslog.AppendJSON(nil, e))
	if out.String() != line+line+line {
		t.Fatalf("three Logs wrote:\n%s\nwant the line three times:\n%s", out.String(), line)
	}
}

func TestPublicAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	e := publicEvent()
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(1000, func() { buf = accesslog.AppendJSON(buf[:0], e) }); n != 0 {
		t.Errorf("AppendJSON into a buffer with room: %v allocations per call, want 0", n)
	}
	var out bytes.Buffer
	out.Grow(64 << 10)
	l := accesslog.New(&out)
	if n := testing.AllocsPerRun(1000, func() {
		out.Reset()
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Log: %v allocations per call in steady state, want 0", n)
	}
}
