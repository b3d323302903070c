// Package logline parses structured log lines of the form
//
//	ts=2024-05-01T12:00:00Z level=info msg="user logged in" user=42
//
// into a caller-provided Record without allocating in steady state.
package logline

import (
	"errors"
	"fmt"
)

// Level is the severity of a record.
type Level uint8

// Levels, in increasing severity. LevelNone means the line had no level key.
const (
	LevelNone Level = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
)

// String returns the lower-case name of the level ("none" for LevelNone).
func (l Level) String() string {
	switch l {
	case LevelDebug:
		return "debug"
	case LevelInfo:
		return "info"
	case LevelWarn:
		return "warn"
	case LevelError:
		return "error"
	}
	return "none"
}

// Field is one key=value pair other than ts, level and msg. Both slices
// point into the parsed line, or into memory owned by the Record when the
// value had escape sequences.
type Field struct {
	Key   []byte
	Value []byte
}

// Record is the result of Parse. It is meant to be reused: parsing many
// lines into one Record must not allocate once its buffers have grown.
// The slices stay valid until the next Parse into the same Record, as long
// as the caller does not modify the line.
//
// You may add unexported fields.
type Record struct {
	Time   []byte  // value of ts, nil if absent
	Level  Level   // value of level, LevelNone if absent
	Msg    []byte  // value of msg, nil if absent
	Fields []Field // the other pairs, in line order
}

// Lookup returns the value of the first field named key, excluding ts,
// level and msg.
func (r *Record) Lookup(key string) ([]byte, bool) {
	return nil, false
}

// ErrSyntax is matched (via errors.Is) by every *SyntaxError.
var ErrSyntax = errors.New("logline: syntax error")

// SyntaxError describes malformed input.
type SyntaxError struct {
	Offset int    // byte offset in the line where the problem was found
	Reason string // short description of the problem
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("logline: %s at offset %d", e.Reason, e.Offset)
}

// Unwrap lets errors.Is(err, ErrSyntax) match.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// Parse parses one line into r, replacing its previous contents. A
// trailing "\n" or "\r\n" is ignored; a blank line gives an empty Record.
// On error the contents of r are unspecified and err is a *SyntaxError.
func Parse(line []byte, r *Record) error {
	return errors.New("not implemented")
}
