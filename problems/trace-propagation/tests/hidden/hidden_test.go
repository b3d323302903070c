package tracing_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tracing"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group parse: valid traceparent values read field by field, and written back as version 00 lowercase.
// Group malformed: every malformed value refused, a later version's extra fields skipped, and a malformed or doubled header starting a new trace.
// Group spans: Start's parent from the context, one Record per span however often End is called, random ids when none are injected.
// Group propagation: one request followed across three services: one trace id, each span's parent the span before it, the header naming the client span.
// Group sampling: the sampled bit passed on, other bits dropped, unsampled traces propagated but not recorded.
// Group transport: the outgoing header set on a copy (the caller's request untouched), replaced not added, errors passed back.
// Group timing: spans start before and end after the work they time, on the injected clock, panics included.

const hTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
const hParent = "00f067aa0ba902b7"

var hEpoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

type hClock struct {
	mu  sync.Mutex
	now time.Time
}

func newHClock() *hClock { return &hClock{now: hEpoch} }

func (c *hClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *hClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// hIDs makes ids that say who made them: byte 0 is the service's tag, byte
// 1 is 0x7e for a trace id and 0x5d for a span id, the last bytes count.
type hIDs struct {
	mu     sync.Mutex
	tag    byte
	traces uint16
	spans  uint16
}

func (g *hIDs) NewTraceID() tracing.TraceID {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.traces++
	return tracing.TraceID{0: g.tag, 1: 0x7e, 14: byte(g.traces >> 8), 15: byte(g.traces)}
}

func (g *hIDs) NewSpanID() tracing.SpanID {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.spans++
	return tracing.SpanID{0: g.tag, 1: 0x5d, 6: byte(g.spans >> 8), 7: byte(g.spans)}
}

func (g *hIDs) madeTrace(id tracing.TraceID) bool { return id[0] == g.tag && id[1] == 0x7e }

type hRecorder struct {
	mu    sync.Mutex
	spans []tracing.Span
}

func (r *hRecorder) Record(s tracing.Span) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.spans = append(r.spans, s)
}

func (r *hRecorder) all() []tracing.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.spans)
}

// one returns the only recorded span of kind k in trace id.
func (r *hRecorder) one(t *testing.T, who string, k tracing.Kind, id tracing.TraceID) tracing.Span {
	t.Helper()
	var found []tracing.Span
	for _, s := range r.all() {
		if s.Kind == k && s.TraceID == id {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d spans of kind %d in trace %x, want 1; all spans: %s", who, len(found), k, id, hDump(r.all()))
	}
	return found[0]
}

func hDump(spans []tracing.Span) string {
	var b strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&b, "\n\t%q kind %d trace %x span %x parent %x flags %02x %v..%v", s.Name, s.Kind, s.TraceID,
			s.SpanID, s.ParentID, byte(s.Flags), s.Start.Sub(hEpoch), s.End.Sub(hEpoch))
	}
	return b.String()
}

func hTP(trace tracing.TraceID, span tracing.SpanID, flags byte) string {
	return fmt.Sprintf("00-%x-%x-%02x", trace[:], span[:], flags)
}

func hMustParse(t *testing.T, v string) tracing.SpanContext {
	t.Helper()
	sc, err := tracing.ParseTraceparent(v)
	if err != nil {
		t.Fatalf("ParseTraceparent(%q): %v", v, err)
	}
	return sc
}

// hHop is one service of the chain A -> B -> C, each with its own tracer,
// recorder, ids, server and client.
type hHop struct {
	name  string
	ids   *hIDs
	rec   *hRecorder
	tr    *tracing.Tracer
	srv   *httptest.Server
	base  *http.Transport
	next  *hHop
	clock *hClock

	before, after time.Duration // clock moves in the handler, around the call
	internal      bool          // wrap the outgoing call in an internal span

	mu   sync.Mutex
	seen [][]string // the traceparent values of each request received
}

func (h *hHop) received() [][]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}

func (h *hHop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.seen = append(h.seen, r.Header.Values("traceparent"))
	h.mu.Unlock()
	h.clock.Advance(h.before)
	defer h.clock.Advance(h.after)
	if h.next == nil {
		io.WriteString(w, h.name)
		return
	}
	ctx := r.Context()
	if h.internal {
		var span *tracing.ActiveSpan
		ctx, span = h.tr.Start(ctx, "lookup", tracing.KindInternal)
		defer span.End()
	}
	req, err := http.NewRequestWithContext(ctx, "GET", h.next.srv.URL+"/"+strings.ToLower(h.next.name), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, err := (&http.Client{Transport: h.tr.Transport(h.base)}).Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	io.WriteString(w, h.name+string(body))
}

// hChain starts A -> B -> C on loopback; all three share clock.
func hChain(t *testing.T, clock *hClock) (a, b, c *hHop) {
	t.Helper()
	mk := func(name string, tag byte, next *hHop) *hHop {
		h := &hHop{name: name, ids: &hIDs{tag: tag}, rec: &hRecorder{}, next: next, clock: clock, base: &http.Transport{}}
		h.tr = tracing.NewTracer(h.rec, clock, h.ids)
		h.srv = httptest.NewServer(h.tr.Middleware(h))
		t.Cleanup(func() {
			h.srv.Close()
			h.base.CloseIdleConnections()
		})
		return h
	}
	c = mk("C", 0xc3, nil)
	b = mk("B", 0xb2, c)
	a = mk("A", 0xa1, b)
	return a, b, c
}

// hCall sends GET /a to a with the given traceparent header values.
func hCall(t *testing.T, a *hHop, traceparents ...string) {
	t.Helper()
	if err := hCallErr(a, traceparents...); err != nil {
		t.Fatal(err)
	}
}

func hCallErr(a *hHop, traceparents ...string) error {
	req, err := http.NewRequest("GET", a.srv.URL+"/a", nil)
	if err != nil {
		return err
	}
	for _, v := range traceparents {
		req.Header.Add("traceparent", v)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("GET /a: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "ABC" {
		return fmt.Errorf("GET /a = %d %q, want 200 \"ABC\"", resp.StatusCode, body)
	}
	return nil
}

// hChainSpans are the five spans of one request across the chain.
type hChainSpans struct{ aServer, aClient, bServer, bClient, cServer tracing.Span }

func hCollect(t *testing.T, a, b, c *hHop, trace tracing.TraceID) hChainSpans {
	t.Helper()
	return hChainSpans{
		aServer: a.rec.one(t, "A", tracing.KindServer, trace),
		aClient: a.rec.one(t, "A", tracing.KindClient, trace),
		bServer: b.rec.one(t, "B", tracing.KindServer, trace),
		bClient: b.rec.one(t, "B", tracing.KindClient, trace),
		cServer: c.rec.one(t, "C", tracing.KindServer, trace),
	}
}

// checkLinks checks each span's parent is the span before it, and that B
// and C received the client span of their caller.
func (s hChainSpans) checkLinks(t *testing.T, b, c *hHop, flags byte) {
	t.Helper()
	links := []struct {
		name          string
		child, parent tracing.Span
	}{
		{"A client -> A server", s.aClient, s.aServer},
		{"B server -> A client", s.bServer, s.aClient},
		{"B client -> B server", s.bClient, s.bServer},
		{"C server -> B client", s.cServer, s.bClient},
	}
	for _, l := range links {
		if l.child.ParentID != l.parent.SpanID {
			t.Errorf("%s: parent id %x, want %x", l.name, l.child.ParentID, l.parent.SpanID)
		}
	}
	if got, want := b.received()[0], []string{hTP(s.aClient.TraceID, s.aClient.SpanID, flags)}; !slices.Equal(got, want) {
		t.Errorf("B received traceparent %q, want %q (A's client span)", got, want)
	}
	if got, want := c.received()[0], []string{hTP(s.bClient.TraceID, s.bClient.SpanID, flags)}; !slices.Equal(got, want) {
		t.Errorf("C received traceparent %q, want %q (B's client span)", got, want)
	}
	ids := map[tracing.SpanID]bool{}
	for _, sp := range []tracing.Span{s.aServer, s.aClient, s.bServer, s.bClient, s.cServer} {
		if ids[sp.SpanID] || sp.SpanID == (tracing.SpanID{}) {
			t.Errorf("span id %x is zero or used twice", sp.SpanID)
		}
		ids[sp.SpanID] = true
	}
}

// ---- parse ----

func TestParseValid(t *testing.T) {
	cases := []struct {
		v     string
		trace string
		span  string
		flags tracing.Flags
	}{
		{"00-" + hTrace + "-" + hParent + "-01", hTrace, hParent, 0x01},
		{"00-" + hTrace + "-" + hParent + "-00", hTrace, hParent, 0x00},
		{"00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff", strings.Repeat("f", 32), strings.Repeat("f", 16), 0xff},
		{"00-00000000000000000000000000000001-0000000000000001-09", strings.Repeat("0", 31) + "1", strings.Repeat("0", 15) + "1", 0x09},
	}
	for _, c := range cases {
		sc := hMustParse(t, c.v)
		if got := fmt.Sprintf("%x", sc.TraceID[:]); got != c.trace {
			t.Errorf("%q: trace id %s, want %s", c.v, got, c.trace)
		}
		if got := fmt.Sprintf("%x", sc.SpanID[:]); got != c.span {
			t.Errorf("%q: span id %s, want %s", c.v, got, c.span)
		}
		if sc.Flags != c.flags {
			t.Errorf("%q: flags %02x, want %02x (as sent)", c.v, byte(sc.Flags), byte(c.flags))
		}
		if !sc.IsValid() {
			t.Errorf("%q: IsValid() = false", c.v)
		}
	}
}

func TestParseFormatRoundTrip(t *testing.T) {
	sc := tracing.SpanContext{
		TraceID: tracing.TraceID{0xAB, 0xCD, 0xEF, 0x01, 15: 0x9a},
		SpanID:  tracing.SpanID{0xFE, 0xDC, 7: 0x0b},
		Flags:   0x00,
	}
	got := sc.Traceparent()
	if want := "00-abcdef0100000000000000000000009a-fedc00000000000b-00"; got != want {
		t.Fatalf("Traceparent() = %q, want %q (version 00, lowercase, flags as 2 digits)", got, want)
	}
	if back := hMustParse(t, got); back != sc {
		t.Fatalf("parse(format(sc)) = %+v, want %+v", back, sc)
	}
}

func TestParseIsValid(t *testing.T) {
	for _, c := range []struct {
		sc   tracing.SpanContext
		want bool
	}{
		{tracing.SpanContext{}, false},
		{tracing.SpanContext{TraceID: tracing.TraceID{15: 1}}, false},
		{tracing.SpanContext{SpanID: tracing.SpanID{7: 1}, Flags: 1}, false},
		{tracing.SpanContext{TraceID: tracing.TraceID{15: 1}, SpanID: tracing.SpanID{7: 1}}, true},
	} {
		if got := c.sc.IsValid(); got != c.want {
			t.Errorf("%+v.IsValid() = %v, want %v", c.sc, got, c.want)
		}
	}
}

// ---- malformed ----

var hMalformed = []struct{ why, v string }{
	{"empty", ""},
	{"uppercase trace id", "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + hParent + "-01"},
	{"uppercase parent id", "00-" + hTrace + "-00F067AA0BA902B7-01"},
	{"uppercase flags", "00-" + hTrace + "-" + hParent + "-0A"},
	{"uppercase version", "0A-" + hTrace + "-" + hParent + "-01"},
	{"version ff", "ff-" + hTrace + "-" + hParent + "-01"},
	{"all-zero trace id", "00-00000000000000000000000000000000-" + hParent + "-01"},
	{"all-zero parent id", "00-" + hTrace + "-0000000000000000-01"},
	{"not hex", "00-" + hTrace + "-" + hParent + "-0g"},
	{"not hex in trace id", "00-4bf92f3577b34da6a3ce929d0e0e473z-" + hParent + "-01"},
	{"short trace id", "00-4bf92f3577b34da6a3ce929d0e0e473-" + hParent + "-01"},
	{"long parent id", "00-" + hTrace + "-00f067aa0ba902b70-01"},
	{"short flags", "00-" + hTrace + "-" + hParent + "-1"},
	{"underscores", "00_" + hTrace + "_" + hParent + "_01"},
	{"leading space", " 00-" + hTrace + "-" + hParent + "-01"},
	{"trailing dash on version 00", "00-" + hTrace + "-" + hParent + "-01-"},
	{"extra field on version 00", "00-" + hTrace + "-" + hParent + "-01-what-the-future-holds"},
	{"extra byte on a later version", "cc-" + hTrace + "-" + hParent + "-01x"},
	{"plus sign in hex", "00-+bf92f3577b34da6a3ce929d0e0e4736-" + hParent + "-01"},
}

func TestMalformedRefused(t *testing.T) {
	for _, c := range hMalformed {
		sc, err := tracing.ParseTraceparent(c.v)
		if err == nil {
			t.Errorf("%s: %q accepted as %+v", c.why, c.v, sc)
			continue
		}
		if !errors.Is(err, tracing.ErrMalformed) || sc != (tracing.SpanContext{}) {
			t.Errorf("%s: got %+v, %v; want the zero SpanContext and ErrMalformed", c.why, sc, err)
		}
	}
}

func TestMalformedLaterVersion(t *testing.T) {
	want := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01")
	for _, v := range []string{
		"01-" + hTrace + "-" + hParent + "-01",
		"cc-" + hTrace + "-" + hParent + "-01-what-the-future-holds",
		"fe-" + hTrace + "-" + hParent + "-01-",
	} {
		sc, err := tracing.ParseTraceparent(v)
		if err != nil || sc != want {
			t.Errorf("ParseTraceparent(%q) = %+v, %v; want %+v (a later version is read with the version 00 layout)", v, sc, err, want)
		}
	}
}

func TestMalformedStartsNewTrace(t *testing.T) {
	for _, c := range hMalformed[1:8] {
		clock := newHClock()
		a, b, c3 := hChain(t, clock)
		hCall(t, a, c.v)
		all := a.rec.all()
		if len(all) != 2 {
			t.Fatalf("%s: A recorded %d spans, want 2: %s", c.why, len(all), hDump(all))
		}
		var server tracing.Span
		for _, s := range all {
			if s.Kind == tracing.KindServer {
				server = s
			}
		}
		if !a.ids.madeTrace(server.TraceID) || server.ParentID != (tracing.SpanID{}) {
			t.Fatalf("%s: A's server span %s: want the root of a new trace from A's IDSource", c.why, hDump([]tracing.Span{server}))
		}
		hCollect(t, a, b, c3, server.TraceID).checkLinks(t, b, c3, 0x01)
	}
}

func TestMalformedTwoHeaders(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	hCall(t, a, "00-"+hTrace+"-"+hParent+"-01", "00-"+hTrace+"-00f067aa0ba902b8-01")
	all := a.rec.all()
	for _, s := range all {
		if s.Kind == tracing.KindServer {
			if !a.ids.madeTrace(s.TraceID) || s.ParentID != (tracing.SpanID{}) {
				t.Fatalf("two traceparent headers: A's server span %s, want the root of a new trace", hDump([]tracing.Span{s}))
			}
			hCollect(t, a, b, c, s.TraceID).checkLinks(t, b, c, 0x01)
			return
		}
	}
	t.Fatalf("A recorded no server span: %s", hDump(all))
}

// ---- spans ----

func TestSpanRootAndChildren(t *testing.T) {
	rec, ids, clock := &hRecorder{}, &hIDs{tag: 0x11}, newHClock()
	tr := tracing.NewTracer(rec, clock, ids)
	ctx, root := tr.Start(context.Background(), "root", tracing.KindInternal)
	rootSC := root.SpanContext()
	if got, ok := tracing.SpanContextFromContext(ctx); !ok || got != rootSC {
		t.Fatalf("SpanContextFromContext(Start's ctx) = %+v, %v; want %+v, true", got, ok, rootSC)
	}
	if !ids.madeTrace(rootSC.TraceID) || rootSC.Flags != tracing.FlagSampled || !rootSC.IsValid() {
		t.Fatalf("root %+v: want a new trace from the IDSource, flags 01", rootSC)
	}
	ctx2, kid := tr.Start(ctx, "kid", tracing.KindClient)
	_, grandkid := tr.Start(ctx2, "grandkid", tracing.KindInternal)
	_, sibling := tr.Start(ctx, "sibling", tracing.KindInternal)
	grandkid.End()
	kid.End()
	sibling.End()
	root.End()
	got := rec.all()
	if len(got) != 4 {
		t.Fatalf("recorded %d spans, want 4: %s", len(got), hDump(got))
	}
	byName := map[string]tracing.Span{}
	for _, s := range got {
		byName[s.Name] = s
	}
	parents := map[string]string{"kid": "root", "grandkid": "kid", "sibling": "root"}
	for child, parent := range parents {
		c, p := byName[child], byName[parent]
		if c.TraceID != rootSC.TraceID || c.ParentID != p.SpanID {
			t.Errorf("%s: trace %x parent %x, want trace %x parent %x (%s)", child, c.TraceID, c.ParentID, rootSC.TraceID, p.SpanID, parent)
		}
	}
	if byName["kid"].Kind != tracing.KindClient || byName["root"].ParentID != (tracing.SpanID{}) {
		t.Errorf("kind or root parent wrong: %s", hDump(got))
	}
}

func TestSpanContextRoundTrip(t *testing.T) {
	if _, ok := tracing.SpanContextFromContext(context.Background()); ok {
		t.Fatal("SpanContextFromContext(Background) reports a span")
	}
	if _, ok := tracing.SpanContextFromContext(tracing.ContextWithSpanContext(context.Background(), tracing.SpanContext{Flags: 1})); ok {
		t.Fatal("an invalid SpanContext is reported as the current span")
	}
	sc := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01")
	ctx := tracing.ContextWithSpanContext(context.Background(), sc)
	if got, ok := tracing.SpanContextFromContext(ctx); !ok || got != sc {
		t.Fatalf("SpanContextFromContext = %+v, %v; want %+v, true", got, ok, sc)
	}
	rec := &hRecorder{}
	_, s := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x22}).Start(ctx, "remote child", tracing.KindServer)
	s.End()
	if got := rec.all(); len(got) != 1 || got[0].TraceID != sc.TraceID || got[0].ParentID != sc.SpanID {
		t.Fatalf("child of a remote parent: %s", hDump(got))
	}
}

func TestSpanEndOnce(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x33})
	_, s := tr.Start(context.Background(), "once", tracing.KindInternal)
	s.End()
	s.End()
	if got := rec.all(); len(got) != 1 {
		t.Fatalf("End twice recorded %d spans, want 1", len(got))
	}
}

func TestSpanEndConcurrent(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x44})
	for range 50 {
		_, s := tr.Start(context.Background(), "racing", tracing.KindInternal)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				s.End()
			})
		}
		close(start)
		wg.Wait()
	}
	if got := rec.all(); len(got) != 50 {
		t.Fatalf("50 spans each ended by 4 goroutines recorded %d times, want 50", len(got))
	}
}

func TestSpanRandomIDs(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, nil, nil)
	traces := map[tracing.TraceID]bool{}
	spans := map[tracing.SpanID]bool{}
	for i := range 200 {
		before := time.Now()
		ctx, root := tr.Start(context.Background(), "r", tracing.KindInternal)
		_, kid := tr.Start(ctx, "k", tracing.KindInternal)
		kid.End()
		root.End()
		after := time.Now()
		got := rec.all()
		if len(got) != 2*(i+1) {
			t.Fatalf("after %d root spans with a child each, %d recorded", i+1, len(got))
		}
		for _, s := range got[len(got)-2:] {
			if s.Start.Before(before) || s.End.After(after) || s.End.Before(s.Start) {
				t.Fatalf("span %q from %v to %v, outside [%v, %v]: a nil clock is the real time", s.Name, s.Start, s.End, before, after)
			}
		}
		sc := root.SpanContext()
		if !sc.IsValid() || traces[sc.TraceID] || spans[sc.SpanID] || spans[kid.SpanContext().SpanID] {
			t.Fatalf("random ids zero or repeated: %+v", sc)
		}
		traces[sc.TraceID] = true
		spans[sc.SpanID] = true
		spans[kid.SpanContext().SpanID] = true
	}
}

// ---- propagation ----

func TestPropagationThreeHops(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	in := "00-" + hTrace + "-" + hParent + "-01"
	hCall(t, a, in)
	want := hMustParse(t, in)
	s := hCollect(t, a, b, c, want.TraceID)
	if s.aServer.ParentID != want.SpanID {
		t.Fatalf("A's server span: parent %x, want the caller's span %x", s.aServer.ParentID, want.SpanID)
	}
	s.checkLinks(t, b, c, 0x01)
	names := []string{s.aServer.Name, s.aClient.Name, s.bServer.Name, s.bClient.Name, s.cServer.Name}
	if wantNames := []string{"GET /a", "GET /b", "GET /b", "GET /c", "GET /c"}; !slices.Equal(names, wantNames) {
		t.Errorf("span names %q, want %q", names, wantNames)
	}
	for _, sp := range []tracing.Span{s.aServer, s.aClient, s.bServer, s.bClient, s.cServer} {
		if sp.Flags != tracing.FlagSampled {
			t.Errorf("span %q: flags %02x, want 01", sp.Name, byte(sp.Flags))
		}
	}
}

func TestPropagationNoHeader(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	hCall(t, a)
	var root tracing.Span
	for _, s := range a.rec.all() {
		if s.Kind == tracing.KindServer {
			root = s
		}
	}
	if !a.ids.madeTrace(root.TraceID) || root.ParentID != (tracing.SpanID{}) {
		t.Fatalf("no traceparent: A's server span %s, want the root of a new trace from A's IDSource", hDump(a.rec.all()))
	}
	hCollect(t, a, b, c, root.TraceID).checkLinks(t, b, c, 0x01)
	if len(b.rec.all()) != 2 || len(c.rec.all()) != 1 {
		t.Fatalf("B recorded %d spans, C %d: want 2 and 1 (B and C continue A's trace)", len(b.rec.all()), len(c.rec.all()))
	}
}

func TestPropagationInternalSpan(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	b.internal = true
	hCall(t, a, "00-"+hTrace+"-"+hParent+"-01")
	trace := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01").TraceID
	bServer := b.rec.one(t, "B", tracing.KindServer, trace)
	lookup := b.rec.one(t, "B", tracing.KindInternal, trace)
	bClient := b.rec.one(t, "B", tracing.KindClient, trace)
	cServer := c.rec.one(t, "C", tracing.KindServer, trace)
	if lookup.ParentID != bServer.SpanID || bClient.ParentID != lookup.SpanID || cServer.ParentID != bClient.SpanID {
		t.Fatalf("want B server -> lookup -> B client -> C server: %s", hDump([]tracing.Span{bServer, lookup, bClient, cServer}))
	}
}

func TestPropagationContextSpanIgnored(t *testing.T) {
	rec := &hRecorder{}
	ids := &hIDs{tag: 0x55}
	tr := tracing.NewTracer(rec, newHClock(), ids)
	var inHandler tracing.SpanContext
	h := tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inHandler, _ = tracing.SpanContextFromContext(r.Context())
	}))
	stale := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01")
	req := httptest.NewRequest("GET", "/x", nil).WithContext(tracing.ContextWithSpanContext(context.Background(), stale))
	h.ServeHTTP(httptest.NewRecorder(), req)
	got := rec.all()
	if len(got) != 1 || got[0].TraceID == stale.TraceID || !ids.madeTrace(got[0].TraceID) || got[0].ParentID != (tracing.SpanID{}) {
		t.Fatalf("a request without traceparent whose context holds a span: %s; want a new trace, not a child of the context's span", hDump(got))
	}
	if inHandler.SpanID != got[0].SpanID || inHandler.TraceID != got[0].TraceID {
		t.Fatalf("the handler's current span is %+v, want the server span", inHandler)
	}
}

func TestPropagationConcurrentRequests(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := hCallErr(a, fmt.Sprintf("00-%031x%x-%s-01", 0, i+1, hParent)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for i := range n {
		trace := tracing.TraceID{15: byte(i + 1)}
		s := hCollect(t, a, b, c, trace)
		for _, l := range [][2]tracing.Span{{s.aClient, s.aServer}, {s.bServer, s.aClient}, {s.bClient, s.bServer}, {s.cServer, s.bClient}} {
			if l[0].ParentID != l[1].SpanID {
				t.Fatalf("trace %d: %q's parent %x, want %q %x", i+1, l[0].Name, l[0].ParentID, l[1].Name, l[1].SpanID)
			}
		}
	}
}

// ---- sampling ----

func TestSamplingUnsampledPropagated(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	hCall(t, a, "00-"+hTrace+"-"+hParent+"-00")
	for _, h := range []*hHop{a, b, c} {
		if got := h.rec.all(); len(got) != 0 {
			t.Errorf("%s recorded an unsampled trace: %s", h.name, hDump(got))
		}
	}
	for _, h := range []*hHop{b, c} {
		got := h.received()[0]
		if len(got) != 1 {
			t.Fatalf("%s received traceparent %q, want one value", h.name, got)
		}
		sc := hMustParse(t, got[0])
		if sc.TraceID != hMustParse(t, "00-"+hTrace+"-"+hParent+"-00").TraceID || sc.Flags != 0 {
			t.Errorf("%s received %q: want trace %s with flags 00", h.name, got[0], hTrace)
		}
		if fmt.Sprintf("%x", sc.SpanID[:]) == hParent {
			t.Errorf("%s received the original caller's span %s: each hop sends its own span", h.name, hParent)
		}
	}
	if b.received()[0][0] == c.received()[0][0] {
		t.Errorf("B and C received the same traceparent %q", b.received()[0][0])
	}
}

func TestSamplingUnknownFlagsDropped(t *testing.T) {
	a, b, c := hChain(t, newHClock())
	hCall(t, a, "00-"+hTrace+"-"+hParent+"-09")
	trace := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01").TraceID
	s := hCollect(t, a, b, c, trace)
	s.checkLinks(t, b, c, 0x01)
	if s.aServer.Flags != tracing.FlagSampled {
		t.Errorf("A's server span flags %02x, want 01 (the sampled bit only)", byte(s.aServer.Flags))
	}

	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x67})
	req := httptest.NewRequest("GET", "/a", nil)
	req.Header.Set("traceparent", "00-"+hTrace+"-"+hParent+"-08")
	var inHandler tracing.SpanContext
	tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inHandler, _ = tracing.SpanContextFromContext(r.Context())
	})).ServeHTTP(httptest.NewRecorder(), req)
	if got := rec.all(); len(got) != 0 {
		t.Errorf("flags 08 (sampled bit clear) recorded: %s", hDump(got))
	}
	if inHandler.TraceID != trace || inHandler.Flags != 0 {
		t.Errorf("flags 08: the handler's span is %+v, want trace %s with flags 00", inHandler, hTrace)
	}
}

func TestSamplingFlagsInherited(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x66})
	for _, c := range []struct{ in, want tracing.Flags }{{0x01, 0x01}, {0x00, 0x00}, {0xff, 0x01}, {0xfe, 0x00}} {
		parent := tracing.SpanContext{TraceID: tracing.TraceID{15: 9}, SpanID: tracing.SpanID{7: 9}, Flags: c.in}
		_, s := tr.Start(tracing.ContextWithSpanContext(context.Background(), parent), "kid", tracing.KindInternal)
		if got := s.SpanContext().Flags; got != c.want {
			t.Errorf("child of flags %02x has flags %02x, want %02x", byte(c.in), byte(got), byte(c.want))
		}
		s.End()
	}
	if got := rec.all(); len(got) != 2 {
		t.Errorf("recorded %d spans, want the 2 sampled ones: %s", len(got), hDump(got))
	}
}

// ---- transport ----

// hBase is an in-memory RoundTripper: it keeps the request it was sent and
// answers with resp or err, moving clock by took.
type hBase struct {
	clock *hClock
	took  time.Duration
	err   error
	got   *http.Request
}

func (b *hBase) RoundTrip(req *http.Request) (*http.Response, error) {
	b.got = req
	if b.clock != nil {
		b.clock.Advance(b.took)
	}
	if b.err != nil {
		return nil, b.err
	}
	return &http.Response{StatusCode: http.StatusTeapot, Body: http.NoBody, Header: http.Header{}, Request: req}, nil
}

func hParentCtx(t *testing.T) (context.Context, tracing.SpanContext) {
	sc := hMustParse(t, "00-"+hTrace+"-"+hParent+"-01")
	return tracing.ContextWithSpanContext(context.Background(), sc), sc
}

func TestTransportSetsHeader(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x77})
	base := &hBase{}
	ctx, parent := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "POST", "http://svc.invalid/orders?id=1", strings.NewReader("x"))
	resp, err := tr.Transport(base).RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTeapot {
		t.Fatalf("RoundTrip = %v, %v; want base's 418 response", resp, err)
	}
	got := rec.all()
	if len(got) != 1 || got[0].Kind != tracing.KindClient || got[0].Name != "POST /orders" {
		t.Fatalf("recorded %s; want one client span \"POST /orders\"", hDump(got))
	}
	span := got[0]
	if span.TraceID != parent.TraceID || span.ParentID != parent.SpanID {
		t.Fatalf("client span %s is not a child of the request context's span", hDump(got))
	}
	if base.got == nil {
		t.Fatal("base never called")
	}
	if v := base.got.Header.Values("traceparent"); !slices.Equal(v, []string{hTP(span.TraceID, span.SpanID, 1)}) {
		t.Fatalf("sent traceparent %q, want [%q] (the client span)", v, hTP(span.TraceID, span.SpanID, 1))
	}
	if sc, ok := tracing.SpanContextFromContext(base.got.Context()); !ok || sc.SpanID != span.SpanID {
		t.Errorf("the request sent carries %+v in its context, want the client span", sc)
	}
}

func TestTransportReplacesHeader(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x78})
	base := &hBase{}
	ctx, _ := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://svc.invalid/x", nil)
	req.Header.Add("traceparent", "00-"+hTrace+"-1111111111111111-01")
	req.Header.Add("Traceparent", "garbage")
	if _, err := tr.Transport(base).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	got := rec.all()
	if len(got) != 1 {
		t.Fatalf("recorded %s; want one client span", hDump(got))
	}
	if v := base.got.Header.Values("traceparent"); !slices.Equal(v, []string{hTP(got[0].TraceID, got[0].SpanID, 1)}) {
		t.Fatalf("sent traceparent %q, want only the client span's", v)
	}
}

func TestTransportCallerRequestUntouched(t *testing.T) {
	tr := tracing.NewTracer(&hRecorder{}, newHClock(), &hIDs{tag: 0x79})
	base := &hBase{}
	ctx, _ := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://svc.invalid/x", nil)
	req.Header.Set("Accept", "text/plain")
	if _, err := tr.Transport(base).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if len(req.Header) != 1 || req.Header.Get("Accept") != "text/plain" {
		t.Fatalf("the caller's request headers changed to %v", req.Header)
	}
	if base.got == req {
		t.Fatal("the caller's request itself was sent: send a copy")
	}
	if base.got.Header.Get("Accept") != "text/plain" {
		t.Fatalf("the copy lost the caller's headers: %v", base.got.Header)
	}
	if req.Context() != ctx {
		t.Fatal("the caller's request context changed")
	}
	// The same request sent again gets a new span, not two headers.
	if _, err := tr.Transport(base).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if v := base.got.Header.Values("traceparent"); len(v) != 1 {
		t.Fatalf("second send of the same request: traceparent %q", v)
	}
}

func TestTransportNoSpanStartsTrace(t *testing.T) {
	rec := &hRecorder{}
	ids := &hIDs{tag: 0x7a}
	tr := tracing.NewTracer(rec, newHClock(), ids)
	base := &hBase{}
	req, _ := http.NewRequest("GET", "http://svc.invalid/y", nil)
	if _, err := tr.Transport(base).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	got := rec.all()
	if len(got) != 1 || !ids.madeTrace(got[0].TraceID) || got[0].ParentID != (tracing.SpanID{}) {
		t.Fatalf("no span in the context: recorded %s; want one root client span of a new trace", hDump(got))
	}
	if v := base.got.Header.Get("traceparent"); v != hTP(got[0].TraceID, got[0].SpanID, 1) {
		t.Fatalf("sent traceparent %q", v)
	}
}

func TestTransportErrorEndsSpan(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x7b})
	boom := errors.New("connection refused")
	ctx, _ := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://svc.invalid/z", nil)
	resp, err := tr.Transport(&hBase{err: boom}).RoundTrip(req)
	if resp != nil || !errors.Is(err, boom) {
		t.Fatalf("RoundTrip = %v, %v; want nil and base's error", resp, err)
	}
	if got := rec.all(); len(got) != 1 {
		t.Fatalf("a failed call recorded %d spans, want 1", len(got))
	}
}

func TestTransportNilBase(t *testing.T) {
	rec := &hRecorder{}
	tr := tracing.NewTracer(rec, newHClock(), &hIDs{tag: 0x7c})
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("traceparent")
	}))
	defer srv.Close()
	defer http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	ctx, _ := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/n", nil)
	resp, err := (&http.Client{Transport: tr.Transport(nil)}).Do(req)
	if err != nil {
		t.Fatalf("Transport(nil): %v", err)
	}
	resp.Body.Close()
	if got := rec.all(); len(got) != 1 || seen != hTP(got[0].TraceID, got[0].SpanID, 1) {
		t.Fatalf("Transport(nil) sent %q and recorded %s", seen, hDump(got))
	}
}

// ---- timing ----

func TestTimingServerSpan(t *testing.T) {
	rec, clock := &hRecorder{}, newHClock()
	tr := tracing.NewTracer(rec, clock, &hIDs{tag: 0x88})
	clock.Advance(time.Second)
	h := tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(30 * time.Millisecond)
		w.WriteHeader(http.StatusAccepted)
		clock.Advance(20 * time.Millisecond)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("PUT", "/t", nil))
	clock.Advance(time.Second)
	got := rec.all()
	if len(got) != 1 {
		t.Fatalf("recorded %d spans, want 1", len(got))
	}
	if got[0].Start != hEpoch.Add(time.Second) || got[0].End != hEpoch.Add(time.Second+50*time.Millisecond) {
		t.Fatalf("server span %s; want 1s..1.05s: from before the handler to after it returned", hDump(got))
	}
}

func TestTimingPanicEndsSpan(t *testing.T) {
	rec, clock := &hRecorder{}, newHClock()
	tr := tracing.NewTracer(rec, clock, &hIDs{tag: 0x89})
	h := tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(5 * time.Millisecond)
		panic("boom")
	}))
	v := func() (v any) {
		defer func() { v = recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/p", nil))
		return nil
	}()
	if v != "boom" {
		t.Fatalf("the handler's panic reached the caller as %v, want \"boom\" unchanged", v)
	}
	got := rec.all()
	if len(got) != 1 || got[0].End != hEpoch.Add(5*time.Millisecond) || got[0].Start != hEpoch {
		t.Fatalf("a panicking handler: recorded %s; want one span 0s..5ms", hDump(got))
	}
}

func TestTimingClientSpan(t *testing.T) {
	rec, clock := &hRecorder{}, newHClock()
	tr := tracing.NewTracer(rec, clock, &hIDs{tag: 0x8a})
	ctx, _ := hParentCtx(t)
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://svc.invalid/slow", nil)
	clock.Advance(2 * time.Millisecond)
	if _, err := tr.Transport(&hBase{clock: clock, took: 7 * time.Millisecond}).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	got := rec.all()
	if len(got) != 1 || got[0].Start != hEpoch.Add(2*time.Millisecond) || got[0].End != hEpoch.Add(9*time.Millisecond) {
		t.Fatalf("client span %s; want 2ms..9ms: around base's RoundTrip", hDump(got))
	}
}

func TestTimingThreeHops(t *testing.T) {
	clock := newHClock()
	a, b, c := hChain(t, clock)
	a.before, a.after = 1*time.Millisecond, 2*time.Millisecond
	b.before, b.after = 3*time.Millisecond, 4*time.Millisecond
	c.before, c.after = 5*time.Millisecond, 6*time.Millisecond
	in := "00-" + hTrace + "-" + hParent + "-01"
	hCall(t, a, in)
	s := hCollect(t, a, b, c, hMustParse(t, in).TraceID)
	ms := func(n int) time.Time { return hEpoch.Add(time.Duration(n) * time.Millisecond) }
	want := []struct {
		name       string
		span       tracing.Span
		start, end time.Time
	}{
		{"A server", s.aServer, ms(0), ms(21)},
		{"A client", s.aClient, ms(1), ms(19)},
		{"B server", s.bServer, ms(1), ms(19)},
		{"B client", s.bClient, ms(4), ms(15)},
		{"C server", s.cServer, ms(4), ms(15)},
	}
	for _, w := range want {
		if w.span.Start != w.start || w.span.End != w.end {
			t.Errorf("%s: %v..%v, want %v..%v", w.name, w.span.Start.Sub(hEpoch), w.span.End.Sub(hEpoch),
				w.start.Sub(hEpoch), w.end.Sub(hEpoch))
		}
	}
}
