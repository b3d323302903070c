// Package accesslog writes one JSON line per served request without
// allocating in steady state: events are encoded into pooled buffers, and
// a buffer that grew past MaxPooledCap is dropped instead of pooled.
package accesslog

import (
	"io"
	"strconv"
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
// returns the extended slice. It allocates only when dst must grow.
func AppendJSON(dst []byte, e *Event) []byte {
	dst = append(dst, `{"time":"`...)
	dst = e.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","method":`...)
	dst = appendString(dst, e.Method)
	dst = append(dst, `,"path":`...)
	dst = appendString(dst, e.Path)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(e.Status), 10)
	dst = append(dst, `,"bytes":`...)
	dst = strconv.AppendInt(dst, e.Bytes, 10)
	dst = append(dst, `,"duration_us":`...)
	dst = strconv.AppendInt(dst, e.Duration.Microseconds(), 10)
	if len(e.Attrs) > 0 {
		dst = append(dst, `,"attrs":{`...)
		for i, a := range e.Attrs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, a.Key)
			dst = append(dst, ':')
			dst = appendString(dst, a.Value)
		}
		dst = append(dst, '}')
	}
	return append(dst, "}\n"...)
}

// appendString appends s as a quoted JSON string: quote, backslash and
// control bytes escaped, invalid UTF-8 replaced by \ufffd, the rest as is.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			dst = append(dst, `\u00`...)
			dst = append(dst, hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Logger writes events to an io.Writer as JSON lines. It is safe for
// concurrent use.
type Logger struct {
	mu sync.Mutex
	w  io.Writer
}

// New returns a Logger writing to w.
func New(w io.Writer) *Logger {
	return &Logger{w: w}
}

// Log writes e as one line, with exactly one call to the writer's Write,
// and returns the writer's error. The line is encoded into an array on
// the stack, which escapes: it is handed to an interface method.
func (l *Logger) Log(e *Event) error {
	var arr [1024]byte
	b := AppendJSON(arr[:0], e)
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.w.Write(b)
	return err
}
