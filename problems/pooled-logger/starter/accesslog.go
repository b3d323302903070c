// Package accesslog writes one JSON line per served request without
// allocating in steady state.
package accesslog

import (
	"errors"
	"io"
	"time"
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

// AppendJSON appends e to dst as one JSON object and a newline, and
// returns the extended slice. It allocates only when dst must grow.
func AppendJSON(dst []byte, e *Event) []byte {
	return dst
}

// Logger writes events to an io.Writer as JSON lines. It is safe for
// concurrent use.
//
// You may add unexported fields.
type Logger struct {
	w io.Writer
}

// New returns a Logger writing to w.
func New(w io.Writer) *Logger {
	return &Logger{w: w}
}

// Log writes e as one line, with exactly one call to the writer's Write,
// and returns the writer's error.
func (l *Logger) Log(e *Event) error {
	return errors.New("not implemented")
}
