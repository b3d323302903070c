// Package logline parses structured log lines of the form
//
//	ts=2024-05-01T12:00:00Z level=info msg="user logged in" user=42
//
// into a caller-provided Record without allocating in steady state.
package logline

import (
	"bytes"
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
// point into the parsed line, or into the Record's scratch space when the
// value had escape sequences.
type Field struct {
	Key   []byte
	Value []byte
}

// Record is the result of Parse. It is meant to be reused: Parse resets it
// and keeps its Fields capacity and its scratch buffer, so parsing many
// lines into one Record allocates nothing once the buffers have grown.
// The slices stay valid until the next Parse into the same Record, as long
// as the caller does not modify the line.
type Record struct {
	Time   []byte  // value of ts, nil if absent
	Level  Level   // value of level, LevelNone if absent
	Msg    []byte  // value of msg, nil if absent
	Fields []Field // the other pairs, in line order

	// scratch holds unescaped quoted values. It is only appended to during
	// one Parse: when append reallocates, slices handed out earlier keep
	// pointing at the old array, whose bytes stay intact.
	scratch []byte
}

// Lookup returns the value of the first field named key, excluding ts,
// level and msg.
func (r *Record) Lookup(key string) ([]byte, bool) {
	for _, f := range r.Fields {
		if string(f.Key) == key { // this comparison does not allocate
			return f.Value, true
		}
	}
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

func syntaxErr(off int, reason string) error {
	return &SyntaxError{Offset: off, Reason: reason}
}

// keyByte reports whether c may appear in a key: [A-Za-z0-9_.-].
func keyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == '-'
}

func space(c byte) bool { return c == ' ' || c == '\t' }

// Parse parses one line into r, replacing its previous contents. A
// trailing "\n" or "\r\n" is ignored; a blank line gives an empty Record.
// On error the contents of r are unspecified and err is a *SyntaxError.
func Parse(line []byte, r *Record) error {
	r.Time, r.Msg, r.Level = nil, nil, LevelNone
	r.Fields = r.Fields[:0]
	r.scratch = r.scratch[:0]

	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	line = line[:n]

	var seenTime, seenLevel, seenMsg bool
	i := 0
	for {
		for i < n && space(line[i]) {
			i++
		}
		if i == n {
			return nil
		}

		keyStart := i
		for i < n && keyByte(line[i]) {
			i++
		}
		if i == keyStart || i == n || line[i] != '=' {
			return syntaxErr(i, "expected key=value")
		}
		key := line[keyStart:i]
		i++ // '='

		valStart := i
		var val []byte
		var err error
		if i < n && line[i] == '"' {
			val, i, err = r.quoted(line, i)
			if err != nil {
				return err
			}
		} else {
			for i < n && !space(line[i]) {
				if line[i] == '"' {
					return syntaxErr(i, "quote inside bare value")
				}
				i++
			}
			val = line[valStart:i]
		}

		switch string(key) { // switch on string(bytes) does not allocate
		case "ts":
			if seenTime {
				return syntaxErr(keyStart, "duplicate key")
			}
			seenTime, r.Time = true, val
		case "level":
			if seenLevel {
				return syntaxErr(keyStart, "duplicate key")
			}
			seenLevel = true
			if r.Level = parseLevel(val); r.Level == LevelNone {
				return syntaxErr(valStart, "unknown level")
			}
		case "msg":
			if seenMsg {
				return syntaxErr(keyStart, "duplicate key")
			}
			seenMsg, r.Msg = true, val
		default:
			r.Fields = append(r.Fields, Field{Key: key, Value: val})
		}
	}
}

// quoted parses the quoted value whose opening quote is at line[start].
// It returns the value and the index just past the closing quote. A value
// without escapes is a sub-slice of line; otherwise it is unescaped into
// r.scratch.
func (r *Record) quoted(line []byte, start int) ([]byte, int, error) {
	// Find the closing quote: the first '"' that is not escaped.
	closing := -1
	for i := start + 1; i < len(line); i++ {
		if line[i] == '"' && line[i-1] != '\\' {
			closing = i
			break
		}
	}
	if closing < 0 {
		return nil, 0, syntaxErr(start, "unterminated quoted value")
	}
	raw := line[start+1 : closing]
	next, err := end(line, closing+1)
	if err != nil {
		return nil, 0, err
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw, next, nil
	}

	from := len(r.scratch)
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\\' {
			if i+1 == len(raw) {
				return nil, 0, syntaxErr(start+1+i, "bad escape")
			}
			switch raw[i+1] {
			case '"', '\\':
				c = raw[i+1]
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			case 'r':
				c = '\r'
			default:
				return nil, 0, syntaxErr(start+1+i, "bad escape")
			}
			i++
		}
		r.scratch = append(r.scratch, c)
	}
	return r.scratch[from:len(r.scratch):len(r.scratch)], next, nil
}

// end checks that a quoted value closing before line[i] is followed by
// whitespace or the end of the line.
func end(line []byte, i int) (int, error) {
	if i < len(line) && !space(line[i]) {
		return 0, syntaxErr(i, "expected space after quoted value")
	}
	return i, nil
}

// parseLevel matches v case-insensitively against the known level names.
func parseLevel(v []byte) Level {
	switch {
	case equalFold(v, "debug"):
		return LevelDebug
	case equalFold(v, "info"):
		return LevelInfo
	case equalFold(v, "warn"), equalFold(v, "warning"):
		return LevelWarn
	case equalFold(v, "error"):
		return LevelError
	}
	return LevelNone
}

// equalFold compares v with the lower-case ASCII word w, ignoring the case
// of v, without converting v to a string.
func equalFold(v []byte, w string) bool {
	if len(v) != len(w) {
		return false
	}
	for i := range len(v) {
		if v[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}
