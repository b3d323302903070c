package logline_test

import (
	"errors"
	"testing"

	"logline"
)

func TestPublicExample(t *testing.T) {
	line := []byte(`ts=2024-05-01T12:00:00Z level=info msg="user logged in" user=42 ip=10.0.0.7` + "\n")
	var r logline.Record
	if err := logline.Parse(line, &r); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if string(r.Time) != "2024-05-01T12:00:00Z" {
		t.Errorf("Time = %q", r.Time)
	}
	if r.Level != logline.LevelInfo {
		t.Errorf("Level = %v, want info", r.Level)
	}
	if string(r.Msg) != "user logged in" {
		t.Errorf("Msg = %q", r.Msg)
	}
	if len(r.Fields) != 2 || string(r.Fields[0].Key) != "user" || string(r.Fields[0].Value) != "42" ||
		string(r.Fields[1].Key) != "ip" || string(r.Fields[1].Value) != "10.0.0.7" {
		t.Errorf("Fields = %q", r.Fields)
	}
	if v, ok := r.Lookup("ip"); !ok || string(v) != "10.0.0.7" {
		t.Errorf(`Lookup("ip") = %q, %v`, v, ok)
	}
}

func TestPublicEscapes(t *testing.T) {
	line := []byte(`level=WARN msg="disk \"/var\" at 91%" path="C:\\tmp"`)
	var r logline.Record
	if err := logline.Parse(line, &r); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if r.Level != logline.LevelWarn {
		t.Errorf("Level = %v, want warn", r.Level)
	}
	if string(r.Msg) != `disk "/var" at 91%` {
		t.Errorf("Msg = %q", r.Msg)
	}
	if v, _ := r.Lookup("path"); string(v) != `C:\tmp` {
		t.Errorf("path = %q", v)
	}
}

func TestPublicSyntaxError(t *testing.T) {
	var r logline.Record
	err := logline.Parse([]byte(`level=info msg="oops`), &r)
	var se *logline.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *SyntaxError", err)
	}
	if se.Offset != 15 {
		t.Errorf("Offset = %d, want 15 (the opening quote)", se.Offset)
	}
	if !errors.Is(err, logline.ErrSyntax) {
		t.Errorf("errors.Is(err, ErrSyntax) = false")
	}
}
