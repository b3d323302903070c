// Package accesslog writes one JSON line per served request without
// allocating in steady state: events are encoded into pooled buffers, and
// a buffer that grew past MaxPooledCap is dropped instead of pooled.
package accesslog

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Attr is an extra key/value pair of an event.
type Attr struct {
	Key, Value string
}

// Event is one served request.
type Event struct {
	Time     time.Time
	Method   string
	Path     string
	Status   int
	Bytes    int64
	Duration time.Duration
	Attrs    []Attr
}

// MaxPooledCap is the largest buffer capacity a Logger keeps for reuse.
const MaxPooledCap = 64 << 10

const hex = "0123456789abcdef"

// AppendJSON appends e to dst as one JSON object and a newline, and
// returns the extended slice. Correct output, built the convenient way:
// every piece is a new string.
func AppendJSON(dst []byte, e *Event) []byte {
	s := fmt.Sprintf(`{"time":"%s","method":%s,"path":%s,"status":%d,"bytes":%d,"duration_us":%d`,
		e.Time.UTC().Format(time.RFC3339Nano), quote(e.Method), quote(e.Path), e.Status, e.Bytes,
		e.Duration.Microseconds())
	if len(e.Attrs) > 0 {
		parts := make([]string, 0, len(e.Attrs))
		for _, a := range e.Attrs {
			parts = append(parts, quote(a.Key)+":"+quote(a.Value))
		}
		s += `,"attrs":{` + strings.Join(parts, ",") + "}"
	}
	return append(dst, s+"}\n"...)
}

// quote returns s as a quoted JSON string: quote, backslash and control
// bytes escaped, invalid UTF-8 replaced by \ufffd, the rest as is.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Logger writes events to an io.Writer as JSON lines. It is safe for
// concurrent use: events are encoded in parallel, each into a buffer of its
// own, and only the Write itself is serialised.
type Logger struct {
	mu   sync.Mutex
	w    io.Writer
	bufs sync.Pool // of *[]byte: a pointer fits in an interface without allocating
}

// New returns a Logger writing to w.
func New(w io.Writer) *Logger {
	l := &Logger{w: w}
	l.bufs.New = func() any {
		b := make([]byte, 0, 1024)
		return &b
	}
	return l
}

// Log writes e as one line, with exactly one call to the writer's Write,
// and returns the writer's error.
func (l *Logger) Log(e *Event) error {
	bp := l.bufs.Get().(*[]byte)
	b := AppendJSON((*bp)[:0], e)
	l.mu.Lock()
	_, err := l.w.Write(b)
	l.mu.Unlock()
	if cap(b) <= MaxPooledCap {
		*bp = b
		l.bufs.Put(bp)
	}
	return err
}
