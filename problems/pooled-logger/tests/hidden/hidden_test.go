package accesslog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"accesslog"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group encoding: the exact bytes of a line: field order, numbers, UTC time, attrs, JSON escaping, invalid UTF-8.
// Group logger: one Write per event, concurrent Logs never interleave or lose a line, the writer's error returned, giant events written whole.
// Group allocs: no allocation per AppendJSON with room or per Log in steady state, and no GC cycle over 200,000 Logs (skipped under -race).
// Group retention: a buffer grown by one giant event is not kept alive by the Logger after a GC.

func line(e *accesslog.Event) string { return string(accesslog.AppendJSON(nil, e)) }

func TestEncodeExactFields(t *testing.T) {
	zone := time.FixedZone("CEST", 2*60*60)
	e := &accesslog.Event{
		Time:     time.Date(2025, 6, 1, 14, 30, 5, 120_000, zone),
		Method:   "DELETE",
		Path:     "/items/7",
		Status:   503,
		Bytes:    -1,
		Duration: 1999 * time.Nanosecond,
	}
	want := `{"time":"2025-06-01T12:30:05.00012Z","method":"DELETE","path":"/items/7","status":503,` +
		`"bytes":-1,"duration_us":1}` + "\n"
	if got := line(e); got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	e = &accesslog.Event{Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Duration: -1500 * time.Nanosecond,
		Bytes: 1 << 40, Attrs: []accesslog.Attr{}}
	want = `{"time":"2025-01-02T03:04:05Z","method":"","path":"","status":0,"bytes":1099511627776,"duration_us":-1}` + "\n"
	if got := line(e); got != want {
		t.Fatalf("empty Attrs must leave attrs out:\n got %s\nwant %s", got, want)
	}
}

func TestEncodeAttrsInOrder(t *testing.T) {
	e := &accesslog.Event{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Method: "GET", Path: "/", Status: 200,
		Attrs: []accesslog.Attr{{"b", "2"}, {"a", "1"}, {"b", "3"}, {"", ""}, {`k"ey`, "v\\al"}}}
	want := `{"time":"2025-01-01T00:00:00Z","method":"GET","path":"/","status":200,"bytes":0,"duration_us":0,` +
		`"attrs":{"b":"2","a":"1","b":"3","":"","k\"ey":"v\\al"}}` + "\n"
	if got := line(e); got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
}

func TestEncodeEscapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, `""`},
		{`plain /path?q=1&x=<y>`, `"plain /path?q=1&x=<y>"`},
		{`q"uote`, `"q\"uote"`},
		{`back\slash\`, `"back\\slash\\"`},
		{"a\nb\rc\td", `"a\nb\rc\td"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
		{"\x08\x0c\x1b[31m", `"\u0008\u000c\u001b[31m"`},
		{"caf\u00e9 \u65e5\u672c \U0001F600 \u2028", "\"caf\u00e9 \u65e5\u672c \U0001F600 \u2028\""},
		{"\ufffd literal", "\"\ufffd literal\""},
		{"bad\xffbyte", `"bad\ufffdbyte"`},
		{"cut\xe2\x82", `"cut\ufffd\ufffd"`},
		{"\xc0\xafover", `"\ufffd\ufffdover"`},
		{"\xed\xa0\x80surrogate", `"\ufffd\ufffd\ufffdsurrogate"`},
	}
	for _, c := range cases {
		e := &accesslog.Event{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Path: c.in}
		got := line(e)
		want := `{"time":"2025-01-01T00:00:00Z","method":"","path":` + c.want +
			`,"status":0,"bytes":0,"duration_us":0}` + "\n"
		// U+FFFD may be written as the escape or as the character itself.
		if strings.ReplaceAll(got, "\ufffd", `\ufffd`) != strings.ReplaceAll(want, "\ufffd", `\ufffd`) {
			t.Errorf("Path %q:\n got %s\nwant %s", c.in, got, want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("Path %q: the line is not valid JSON: %s", c.in, got)
		}
	}
}

func TestEncodeAppendsToDst(t *testing.T) {
	e := publicEvent()
	prefix := []byte("previous line\n")
	dst := append(make([]byte, 0, 8), prefix...)
	got := accesslog.AppendJSON(dst, e)
	if !bytes.HasPrefix(got, prefix) || string(got[len(prefix):]) != line(e) {
		t.Fatalf("AppendJSON must append after what dst holds: got %q", got)
	}
	room := make([]byte, 3, 4096)
	copy(room, "abc")
	got = accesslog.AppendJSON(room, e)
	if &got[0] != &room[0] {
		t.Errorf("AppendJSON reallocated although dst had room")
	}
}

type decoded struct {
	Time       string            `json:"time"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Status     int               `json:"status"`
	Bytes      int64             `json:"bytes"`
	DurationUS int64             `json:"duration_us"`
	Attrs      map[string]string `json:"attrs"`
}

func randString(rng *rand.Rand) string {
	const alpha = "ab z\"\\\n\t\r\x01\x1f/<>&=%\u00e9\u2028\U0001F600"
	rs := []rune(alpha)
	var b strings.Builder
	for range rng.IntN(24) {
		b.WriteRune(rs[rng.IntN(len(rs))])
	}
	return b.String()
}

func TestEncodeRandomRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var buf []byte
	for i := range 3000 {
		e := &accesslog.Event{
			Time:     time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)),
			Method:   randString(rng),
			Path:     randString(rng),
			Status:   rng.IntN(600),
			Bytes:    rng.Int64() - 1<<62,
			Duration: time.Duration(rng.Int64N(1e12) - 1e11),
		}
		want := map[string]string{}
		for range rng.IntN(4) {
			k := fmt.Sprintf("k%d-%s", len(e.Attrs), randString(rng))
			v := randString(rng)
			e.Attrs = append(e.Attrs, accesslog.Attr{Key: k, Value: v})
			want[k] = v
		}
		buf = accesslog.AppendJSON(buf[:0], e)
		if len(buf) == 0 || buf[len(buf)-1] != '\n' || bytes.IndexByte(buf[:len(buf)-1], '\n') >= 0 {
			t.Fatalf("event %d: not exactly one line: %q", i, buf)
		}
		var d decoded
		if err := json.Unmarshal(buf, &d); err != nil {
			t.Fatalf("event %d: %v in %q", i, err, buf)
		}
		ok := d.Time == e.Time.UTC().Format(time.RFC3339Nano) && d.Method == e.Method && d.Path == e.Path &&
			d.Status == e.Status && d.Bytes == e.Bytes && d.DurationUS == e.Duration.Microseconds() &&
			len(d.Attrs) == len(want)
		for k, v := range want {
			ok = ok && d.Attrs[k] == v
		}
		if !ok {
			t.Fatalf("event %d: %q decodes to %+v, want %+v", i, buf, d, e)
		}
	}
}

// writeRecorder keeps every Write call apart and notices two at once.
type writeRecorder struct {
	busy     atomic.Bool
	mu       sync.Mutex
	writes   []string
	overlaps int
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	if !w.busy.CompareAndSwap(false, true) {
		w.mu.Lock()
		w.overlaps++
		w.mu.Unlock()
	} else {
		defer w.busy.Store(false)
	}
	w.mu.Lock()
	w.writes = append(w.writes, string(p))
	w.mu.Unlock()
	return len(p), nil
}

func TestLoggerOneWritePerEvent(t *testing.T) {
	w := &writeRecorder{}
	l := accesslog.New(w)
	var want []string
	for i := range 50 {
		e := publicEvent()
		e.Status = 200 + i
		e.Attrs = append(e.Attrs, accesslog.Attr{Key: "i", Value: strings.Repeat("x", i*40)})
		want = append(want, line(e))
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.writes) != len(want) {
		t.Fatalf("%d events took %d Write calls, want exactly one each", len(want), len(w.writes))
	}
	for i := range want {
		if w.writes[i] != want[i] {
			t.Fatalf("write %d:\n got %q\nwant %q", i, w.writes[i], want[i])
		}
	}
}

func TestLoggerConcurrentLines(t *testing.T) {
	w := &writeRecorder{}
	l := accesslog.New(w)
	const workers, each = 8, 400
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := &accesslog.Event{Time: time.Unix(int64(i), 0), Method: "GET", Path: fmt.Sprintf("/g%d/i%d", g, i),
					Status: 200, Attrs: []accesslog.Attr{{Key: "pad", Value: strings.Repeat("p", (g*each+i)%700)}}}
				if err := l.Log(e); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if w.overlaps > 0 {
		t.Errorf("Write was called %d times while another Write was running; calls must be serialised", w.overlaps)
	}
	seen := map[string]bool{}
	for _, s := range w.writes {
		var d decoded
		if strings.Count(s, "\n") != 1 || json.Unmarshal([]byte(s), &d) != nil {
			t.Fatalf("a Write was not one whole JSON line: %.200q", s)
		}
		if seen[d.Path] {
			t.Fatalf("event %s written twice", d.Path)
		}
		var g, i int
		if _, err := fmt.Sscanf(d.Path, "/g%d/i%d", &g, &i); err != nil || len(d.Attrs["pad"]) != (g*each+i)%700 {
			t.Fatalf("event %s came out wrong: %.200q", d.Path, s)
		}
		seen[d.Path] = true
	}
	if len(seen) != workers*each {
		t.Fatalf("%d distinct events written, want %d", len(seen), workers*each)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write(p []byte) (int, error) { return 0, w.err }

func TestLoggerReturnsWriteError(t *testing.T) {
	errDisk := errors.New("disk full")
	l := accesslog.New(failingWriter{fmt.Errorf("write log: %w", errDisk)})
	for range 2 {
		if err := l.Log(publicEvent()); !errors.Is(err, errDisk) {
			t.Fatalf("Log = %v, want the writer's error", err)
		}
	}
	var out bytes.Buffer
	if err := accesslog.New(&out).Log(publicEvent()); err != nil {
		t.Fatalf("Log to a working writer = %v", err)
	}
}

func TestLoggerGiantEvent(t *testing.T) {
	w := &writeRecorder{}
	l := accesslog.New(w)
	small := publicEvent()
	big := publicEvent()
	big.Attrs = []accesslog.Attr{{Key: "dump", Value: strings.Repeat("0123456789abcdef\n", 12<<10)}}
	for _, e := range []*accesslog.Event{small, big, small, big, small} {
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{line(small), line(big), line(small), line(big), line(small)}
	if len(w.writes) != len(want) {
		t.Fatalf("%d writes, want %d", len(w.writes), len(want))
	}
	for i := range want {
		if w.writes[i] != want[i] {
			t.Fatalf("write %d differs (len %d, want %d)", i, len(w.writes[i]), len(want[i]))
		}
	}
}

// countWriter counts bytes without keeping or allocating anything.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
}

func TestAllocsAppendJSON(t *testing.T) {
	skipUnderRace(t)
	e := publicEvent()
	e.Path = "/caf\u00e9/\x01\xff\"q\"\\"
	e.Attrs = append(e.Attrs, accesslog.Attr{Key: "tab\tkey", Value: "line1\nline2"})
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(2000, func() { buf = accesslog.AppendJSON(buf[:0], e) }); n != 0 {
		t.Fatalf("AppendJSON into a buffer with room: %v allocations per call, want 0", n)
	}
}

func TestAllocsLogSteadyState(t *testing.T) {
	skipUnderRace(t)
	var w countWriter
	l := accesslog.New(&w)
	events := []*accesslog.Event{publicEvent(), publicEvent(), publicEvent()}
	events[1].Attrs = nil
	events[2].Attrs = []accesslog.Attr{{Key: "long", Value: strings.Repeat("z", 5000)}}
	for _, e := range events {
		if n := testing.AllocsPerRun(2000, func() {
			if err := l.Log(e); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("Log of a %d-byte line: %v allocations per call in steady state, want 0", len(line(e)), n)
		}
	}
}

func TestAllocsNoGCCycles(t *testing.T) {
	skipUnderRace(t)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	var w countWriter
	l := accesslog.New(&w)
	e := publicEvent()
	e.Attrs = append(e.Attrs, accesslog.Attr{Key: "ua", Value: strings.Repeat("Mozilla/5.0 ", 20)})
	for range 10 {
		_ = l.Log(e)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 200_000
	for range n {
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	gcs := after.NumGC - before.NumGC
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d Logs: %d GC cycles, %d bytes allocated", n, gcs, alloc)
	if gcs > 1 || alloc > 1<<20 {
		t.Fatalf("%d Logs ran %d GC cycles and allocated %d bytes (%.1f per Log); want no cycle and nothing per Log",
			n, gcs, alloc, float64(alloc)/n)
	}
}

// logGiant logs one event whose line is about size bytes, and drops it.
func logGiant(t *testing.T, l *accesslog.Logger, size int) {
	e := publicEvent()
	e.Attrs = []accesslog.Attr{{Key: "blob", Value: strings.Repeat("g", size)}}
	if err := l.Log(e); err != nil {
		t.Fatal(err)
	}
}

func TestRetentionGiantBufferDropped(t *testing.T) {
	l := accesslog.New(io.Discard)
	for range 10 {
		_ = l.Log(publicEvent())
	}
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	logGiant(t, l, 8<<20)
	for range 10 {
		_ = l.Log(publicEvent())
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("live heap grew by %d bytes after one 8 MiB event and a GC", grown)
	if grown > 4<<20 {
		t.Fatalf("after one 8 MiB event and a GC the live heap is %d bytes larger: the Logger keeps the grown buffer "+
			"(a buffer over MaxPooledCap = %d bytes must be dropped, not reused)", grown, accesslog.MaxPooledCap)
	}
	runtime.KeepAlive(l)
}

func TestAllocsMidSizeLineReused(t *testing.T) {
	skipUnderRace(t)
	var w countWriter
	l := accesslog.New(&w)
	e := publicEvent()
	e.Attrs = []accesslog.Attr{{Key: "mid", Value: strings.Repeat("m", accesslog.MaxPooledCap/2)}}
	if n := testing.AllocsPerRun(500, func() { _ = l.Log(e) }); n != 0 {
		t.Fatalf("Log of a %d-byte line (under MaxPooledCap): %v allocations per call, want 0", len(line(e)), n)
	}
}
