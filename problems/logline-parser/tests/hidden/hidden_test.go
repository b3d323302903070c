package logline_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"logline"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: keys, bare values, whitespace, blank lines, levels.
// Group quoting: quoted values and escapes, zero-copy values, several escaped values on one line, capped slices.
// Group reuse: a Record reused across lines keeps nothing stale; a random round trip.
// Group errors: every syntax error's exact Offset.

func mustParse(t *testing.T, r *logline.Record, line string) {
	t.Helper()
	if err := logline.Parse([]byte(line), r); err != nil {
		t.Fatalf("Parse(%q): %v", line, err)
	}
}

// fieldsString renders the extra fields as k=v pairs joined by '|'.
func fieldsString(r *logline.Record) string {
	var b strings.Builder
	for i, f := range r.Fields {
		if i > 0 {
			b.WriteByte('|')
		}
		fmt.Fprintf(&b, "%s=%s", f.Key, f.Value)
	}
	return b.String()
}

func TestBasicAbsentKeys(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `a=1 b=2 a=3`)
	if r.Time != nil || r.Msg != nil || r.Level != logline.LevelNone {
		t.Errorf("Time=%q Msg=%q Level=%v, want nil nil none", r.Time, r.Msg, r.Level)
	}
	if got := fieldsString(&r); got != "a=1|b=2|a=3" {
		t.Errorf("fields = %q", got)
	}
	if v, ok := r.Lookup("a"); !ok || string(v) != "1" {
		t.Errorf(`Lookup("a") = %q, %v, want the first one`, v, ok)
	}
	if _, ok := r.Lookup("c"); ok {
		t.Errorf(`Lookup("c") found a field`)
	}
	if _, ok := r.Lookup("msg"); ok {
		t.Errorf(`Lookup("msg") found a field: msg is not an extra field`)
	}
}

func TestBasicKeyOrderAndSpecialKeys(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `x=1 msg=hello y.z=2 ts=12:00 level=error a_b-c=3`)
	if string(r.Msg) != "hello" || string(r.Time) != "12:00" || r.Level != logline.LevelError {
		t.Errorf("Time=%q Msg=%q Level=%v", r.Time, r.Msg, r.Level)
	}
	if got := fieldsString(&r); got != "x=1|y.z=2|a_b-c=3" {
		t.Errorf("fields = %q", got)
	}
}

func TestBasicWhitespace(t *testing.T) {
	cases := []string{
		"a=1 b=2",
		"  a=1    b=2  ",
		"\ta=1\t\tb=2\t",
		"a=1 b=2\n",
		"a=1 b=2\r\n",
		" \t a=1 \t b=2 \t \n",
	}
	for _, line := range cases {
		var r logline.Record
		mustParse(t, &r, line)
		if got := fieldsString(&r); got != "a=1|b=2" {
			t.Errorf("Parse(%q) fields = %q", line, got)
		}
	}
}

func TestBasicBlankLines(t *testing.T) {
	for _, line := range []string{"", "\n", "\r\n", "   ", " \t \n"} {
		var r logline.Record
		r.Fields = append(r.Fields, logline.Field{Key: []byte("stale"), Value: []byte("x")})
		r.Msg = []byte("stale")
		mustParse(t, &r, line)
		if len(r.Fields) != 0 || r.Msg != nil || r.Time != nil || r.Level != logline.LevelNone {
			t.Errorf("Parse(%q) left %+v", line, r)
		}
	}
}

func TestBasicBareValues(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `empty= url=/search?q=go&page=2 pct=99% last=`)
	want := "empty=|url=/search?q=go&page=2|pct=99%|last="
	if got := fieldsString(&r); got != want {
		t.Errorf("fields = %q, want %q", got, want)
	}
	if v, ok := r.Lookup("empty"); !ok || len(v) != 0 {
		t.Errorf(`Lookup("empty") = %q, %v`, v, ok)
	}
	mustParse(t, &r, `msg= ts=`)
	if r.Msg == nil || len(r.Msg) != 0 || r.Time == nil || len(r.Time) != 0 {
		t.Errorf("present but empty msg/ts should be non-nil empty slices: Msg=%#v Time=%#v", r.Msg, r.Time)
	}
}

func TestBasicLevels(t *testing.T) {
	cases := map[string]logline.Level{
		"debug": logline.LevelDebug, "DEBUG": logline.LevelDebug, "Debug": logline.LevelDebug,
		"info": logline.LevelInfo, "INFO": logline.LevelInfo, "iNfO": logline.LevelInfo,
		"warn": logline.LevelWarn, "WARN": logline.LevelWarn, "warning": logline.LevelWarn, "Warning": logline.LevelWarn,
		"error": logline.LevelError, "ERROR": logline.LevelError,
		`"info"`: logline.LevelInfo, `"ERROR"`: logline.LevelError,
	}
	for v, want := range cases {
		var r logline.Record
		mustParse(t, &r, "level="+v)
		if r.Level != want {
			t.Errorf("level=%s: got %v, want %v", v, r.Level, want)
		}
	}
	for l, s := range map[logline.Level]string{logline.LevelNone: "none", logline.LevelDebug: "debug",
		logline.LevelInfo: "info", logline.LevelWarn: "warn", logline.LevelError: "error"} {
		if l.String() != s {
			t.Errorf("Level(%d).String() = %q, want %q", l, l.String(), s)
		}
	}
}

func TestQuotedValues(t *testing.T) {
	cases := []struct{ line, want string }{
		{`k=""`, ""},
		{`k="a b=c d"`, "a b=c d"},
		{`k="tab\there"`, "tab\there"},
		{`k="line1\nline2\r"`, "line1\nline2\r"},
		{`k="q\"q"`, `q"q`},
		{`k="back\\slash"`, `back\slash`},
		{`k="\\"`, `\`},
		{`k="\"\""`, `""`},
		{`k="end\\\""`, `end\"`},
		{`k="  spaced  "`, "  spaced  "},
		{"k=\"caf\xc3\xa9\"", "caf\xc3\xa9"},
	}
	for _, c := range cases {
		var r logline.Record
		mustParse(t, &r, c.line+" after=1")
		v, ok := r.Lookup("k")
		if !ok || string(v) != c.want {
			t.Errorf("Parse(%q): k = %q, want %q", c.line, v, c.want)
		}
		if v, _ := r.Lookup("after"); string(v) != "1" {
			t.Errorf("Parse(%q): after = %q, want 1", c.line, v)
		}
	}
}

func TestQuotedSpecialKeys(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `ts="2024-05-01 12:00:00" msg="a \"quoted\" word" level="Warning"`)
	if string(r.Time) != "2024-05-01 12:00:00" || string(r.Msg) != `a "quoted" word` || r.Level != logline.LevelWarn {
		t.Errorf("Time=%q Msg=%q Level=%v", r.Time, r.Msg, r.Level)
	}
}

func within(v, line []byte) bool {
	if len(v) == 0 || len(line) == 0 {
		return true
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	return p >= lo && p+uintptr(len(v)) <= lo+uintptr(len(line))
}

func TestQuotedZeroCopy(t *testing.T) {
	line := []byte(`ts=now msg="no escapes here" k=bare q="plain quoted"`)
	var r logline.Record
	if err := logline.Parse(line, &r); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string][]byte{"ts": r.Time, "msg": r.Msg, "key": r.Fields[0].Key,
		"k": r.Fields[0].Value, "q": r.Fields[1].Value} {
		if !within(v, line) {
			t.Errorf("%s = %q is a copy; values without escapes must be sub-slices of the line", name, v)
		}
	}
}

func TestQuotedSeveralEscapedValues(t *testing.T) {
	line := `msg="first \"one\"" a="x\\y" b="plain" c="tab\tc" d="\"d\""`
	var r logline.Record
	mustParse(t, &r, line)
	if string(r.Msg) != `first "one"` {
		t.Errorf("Msg = %q", r.Msg)
	}
	want := "a=x\\y|b=plain|c=tab\tc|d=\"d\""
	if got := fieldsString(&r); got != want {
		t.Errorf("fields = %q, want %q", got, want)
	}
}

func TestQuotedScratchGrowth(t *testing.T) {
	// Many long escaped values force whatever buffer holds them to grow
	// several times during one Parse; earlier values must stay intact.
	var b strings.Builder
	var want []string
	for i := range 40 {
		v := strings.Repeat(string(rune('a'+i%26)), 10+i*7)
		fmt.Fprintf(&b, `k%d="%s\"%d\"" `, i, v, i)
		want = append(want, fmt.Sprintf(`%s"%d"`, v, i))
	}
	var r logline.Record
	mustParse(t, &r, b.String())
	if len(r.Fields) != len(want) {
		t.Fatalf("got %d fields, want %d", len(r.Fields), len(want))
	}
	for i, f := range r.Fields {
		if string(f.Value) != want[i] {
			t.Errorf("field %d = %q, want %q", i, f.Value, want[i])
		}
	}
}

func TestQuotedValueCapacity(t *testing.T) {
	// Appending to one returned value must not overwrite the next one.
	var r logline.Record
	mustParse(t, &r, `a="x\"1" b="y\"2"`)
	a := r.Fields[0].Value
	_ = append(a, "OVERWRITE"...)
	if string(r.Fields[1].Value) != `y"2` {
		t.Errorf("appending to a clobbered b: b = %q (cap the returned slices)", r.Fields[1].Value)
	}
}

func TestReuseRecord(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `ts=1 level=debug msg="m \"1\"" a=1 b=2 c=3 d="4\t"`)
	mustParse(t, &r, `x=9`)
	if r.Time != nil || r.Msg != nil || r.Level != logline.LevelNone {
		t.Errorf("stale special keys: Time=%q Msg=%q Level=%v", r.Time, r.Msg, r.Level)
	}
	if got := fieldsString(&r); got != "x=9" {
		t.Errorf("fields = %q, want only x=9", got)
	}
	// An error part-way must not poison the next Parse.
	if err := logline.Parse([]byte(`a="1\"" b="bad\q"`), &r); err == nil {
		t.Fatalf("want error for bad escape")
	}
	mustParse(t, &r, `level=info msg="again \"ok\"" k="v\\"`)
	if r.Level != logline.LevelInfo || string(r.Msg) != `again "ok"` || fieldsString(&r) != `k=v\` {
		t.Errorf("after error: Level=%v Msg=%q fields=%q", r.Level, r.Msg, fieldsString(&r))
	}
}

func TestReuseManyLines(t *testing.T) {
	var r logline.Record
	for i := range 200 {
		line := fmt.Sprintf(`ts=%d level=info msg="n=\"%d\"" i=%d`, i, i, i)
		mustParse(t, &r, line)
		if string(r.Time) != fmt.Sprint(i) || string(r.Msg) != fmt.Sprintf(`n="%d"`, i) || fieldsString(&r) != fmt.Sprintf("i=%d", i) {
			t.Fatalf("line %d: Time=%q Msg=%q fields=%q", i, r.Time, r.Msg, fieldsString(&r))
		}
	}
}

func TestErrorsOffsets(t *testing.T) {
	cases := []struct {
		line string
		off  int
	}{
		{`=x`, 0},                 // empty key
		{`a`, 1},                  // key at end of line
		{`a b=1`, 1},              // key followed by space
		{`a=1 b`, 5},              // second key at end
		{"a=1 b\n", 5},            // the newline is stripped first
		{`k@y=1`, 1},              // bad key byte
		{`a=1 "b"=2`, 4},          // quoted key
		{`a=1 =2`, 4},             // empty second key
		{`a="x`, 2},               // unterminated
		{`a="x\"`, 2},             // escaped quote does not terminate
		{`a="x\\\"`, 2},           // \\ then \" : still open
		{`a="x"y b=1`, 5},         // junk after closing quote
		{`a=""b`, 4},              // junk after empty quoted
		{`a="x\q"`, 4},            // bad escape
		{`a="ok" b="\u0041"`, 10}, // unsupported escape
		{`a="x\`, 4},              // backslash at end
		{`a=x"y"`, 3},             // quote in bare value
		{`a=x" b=1`, 3},           // quote in bare value
		{`ts=1 ts=2`, 5},          // duplicate ts
		{`level=info b=1 level=info`, 15},
		{`msg=a msg="b"`, 6},
		{`level=verbose`, 6}, // unknown level
		{`level=`, 6},        // empty level
		{`level="inf"`, 6},   // unknown level, quoted: offset of the quote
		{`level=infox msg=1`, 6},
	}
	for _, c := range cases {
		line := c.line
		var r logline.Record
		err := logline.Parse([]byte(line), &r)
		var se *logline.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want *SyntaxError", line, err)
			continue
		}
		if se.Offset != c.off {
			t.Errorf("Parse(%q): Offset = %d, want %d (%v)", line, se.Offset, c.off, err)
		}
		if !errors.Is(err, logline.ErrSyntax) {
			t.Errorf("Parse(%q): errors.Is(err, ErrSyntax) = false", line)
		}
		if se.Reason == "" {
			t.Errorf("Parse(%q): empty Reason", line)
		}
	}
}

func TestErrorsDuplicatesOfOtherKeysAllowed(t *testing.T) {
	var r logline.Record
	mustParse(t, &r, `tag=a tag=b tag=c`)
	if got := fieldsString(&r); got != "tag=a|tag=b|tag=c" {
		t.Errorf("fields = %q", got)
	}
}

// encode writes v as a quoted value using the documented escapes.
func encode(b *bytes.Buffer, v string) {
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const keyAlpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
	const valAlpha = "abc xyz=\"\\\n\t\r?&%:/-"
	var r logline.Record
	for iter := range 2000 {
		var line bytes.Buffer
		var want []string
		msg := ""
		hasMsg := rng.IntN(2) == 0
		n := rng.IntN(8)
		for i := range n {
			if hasMsg && i == n/2 {
				for range rng.IntN(30) {
					msg += string(valAlpha[rng.IntN(len(valAlpha))])
				}
				line.WriteString(strings.Repeat(" ", 1+rng.IntN(2)) + "msg=")
				encode(&line, msg)
			}
			key := "f"
			for range rng.IntN(6) {
				key += string(keyAlpha[rng.IntN(len(keyAlpha))])
			}
			var val string
			for range rng.IntN(20) {
				val += string(valAlpha[rng.IntN(len(valAlpha))])
			}
			line.WriteString(strings.Repeat(" ", 1+rng.IntN(2)) + key + "=")
			if rng.IntN(3) == 0 && !strings.ContainsAny(val, " \t\"\n\r") {
				line.WriteString(val)
			} else {
				encode(&line, val)
			}
			want = append(want, key+"="+val)
		}
		if err := logline.Parse(line.Bytes(), &r); err != nil {
			t.Fatalf("iteration %d: Parse(%q): %v", iter, line.Bytes(), err)
		}
		if hasMsg && n > 0 && string(r.Msg) != msg {
			t.Fatalf("iteration %d: Parse(%q): Msg = %q, want %q", iter, line.Bytes(), r.Msg, msg)
		}
		if got := fieldsString(&r); got != strings.Join(want, "|") {
			t.Fatalf("iteration %d: Parse(%q): fields = %q, want %q", iter, line.Bytes(), got, strings.Join(want, "|"))
		}
	}
}
