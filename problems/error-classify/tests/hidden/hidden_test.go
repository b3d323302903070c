package apperr_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"

	"apperr"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group types: the error types' messages (the ID quoted as %q) and their errors.Is/As behaviour.
// Group validation: Validate reports every failing check, in order, joined; the quantity bounds.
// Group mapping: HTTP status and exit code per row, wrapped errors, join precedence.
// Group messages: public messages (every validation message of the tree, never internal text) and WriteError's JSON.
// Group service: Lookup: validation before the store, the store's error wrapped so errors.Is/As see it.

type mapStore map[string]apperr.Order

func (m mapStore) Get(ctx context.Context, id string) (apperr.Order, error) {
	if err := ctx.Err(); err != nil {
		return apperr.Order{}, err
	}
	o, ok := m[id]
	if !ok {
		return apperr.Order{}, &apperr.NotFoundError{Kind: "order", ID: id}
	}
	return o, nil
}

type failingStore struct{ err error }

func (f failingStore) Get(context.Context, string) (apperr.Order, error) {
	return apperr.Order{}, f.err
}

func valErr(field, reason string) error { return &apperr.ValidationError{Field: field, Reason: reason} }

func TestErrorMessages(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{valErr("email", "must contain @"), "invalid email: must contain @"},
		{&apperr.NotFoundError{Kind: "order", ID: "A-1"}, `order "A-1" not found`},
		{&apperr.UnavailableError{Service: "payments", Err: io.ErrUnexpectedEOF}, "payments unavailable: unexpected EOF"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// The ID is quoted as %q quotes it: quotes and control characters inside
// it are escaped, so the message stays one unambiguous line.
func TestErrorMessagesQuoteID(t *testing.T) {
	err := &apperr.NotFoundError{Kind: "user", ID: "say \"hi\"\n"}
	if want := `user "say \"hi\"\n" not found`; err.Error() != want {
		t.Fatalf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestTypedErrorsMatch(t *testing.T) {
	nf := fmt.Errorf("handler: %w", &apperr.NotFoundError{Kind: "user", ID: "9"})
	if !errors.Is(nf, apperr.ErrNotFound) {
		t.Errorf("a wrapped *NotFoundError must match ErrNotFound")
	}
	if errors.Is(nf, apperr.ErrConflict) {
		t.Errorf("*NotFoundError must not match ErrConflict")
	}
	var target *apperr.NotFoundError
	if !errors.As(nf, &target) || target.ID != "9" {
		t.Errorf("errors.As(*NotFoundError) failed on %v", nf)
	}
	un := &apperr.UnavailableError{Service: "db", Err: context.DeadlineExceeded}
	if !errors.Is(fmt.Errorf("x: %w", un), context.DeadlineExceeded) {
		t.Errorf("UnavailableError must unwrap to its cause")
	}
}

func TestValidateAllProblems(t *testing.T) {
	err := apperr.Validate(apperr.Order{})
	if err == nil {
		t.Fatal("empty order is valid?")
	}
	var fields []string
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("Validate should return an errors.Join of the problems, got %T", err)
	}
	for _, e := range joined.Unwrap() {
		var ve *apperr.ValidationError
		if !errors.As(e, &ve) {
			t.Fatalf("joined error %v is not a *ValidationError", e)
		}
		fields = append(fields, ve.Field)
	}
	if fmt.Sprint(fields) != "[id email quantity]" {
		t.Fatalf("fields %v, want [id email quantity]", fields)
	}
	want := "invalid id: must not be empty; invalid email: must contain @; invalid quantity: must be between 1 and 100"
	if got := apperr.PublicMessage(err); got != want {
		t.Fatalf("PublicMessage = %q, want %q", got, want)
	}
}

func TestValidateBounds(t *testing.T) {
	for q, ok := range map[int]bool{-1: false, 0: false, 1: true, 100: true, 101: false} {
		err := apperr.Validate(apperr.Order{ID: "x", Email: "a@b", Quantity: q})
		if (err == nil) != ok {
			t.Errorf("quantity %d: Validate = %v", q, err)
		}
	}
}

func TestHTTPStatusTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 200},
		{"validation", valErr("id", "bad"), 400},
		{"wrapped validation", fmt.Errorf("create: %w", valErr("id", "bad")), 400},
		{"unauthorized", fmt.Errorf("token: %w", apperr.ErrUnauthorized), 401},
		{"not found sentinel", apperr.ErrNotFound, 404},
		{"not found typed", fmt.Errorf("a: %w", fmt.Errorf("b: %w", &apperr.NotFoundError{Kind: "order", ID: "1"})), 404},
		{"conflict", fmt.Errorf("update: %w", apperr.ErrConflict), 409},
		{"canceled", fmt.Errorf("query: %w", context.Canceled), 499},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), 504},
		{"unavailable", fmt.Errorf("charge: %w", &apperr.UnavailableError{Service: "payments", Err: io.EOF}), 503},
		{"unavailable by timeout", &apperr.UnavailableError{Service: "payments", Err: context.DeadlineExceeded}, 504},
		{"plain", errors.New("disk full"), 500},
		{"sentinel text is not enough", errors.New("not found"), 500},
	} {
		if got := apperr.HTTPStatus(tc.err); got != tc.want {
			t.Errorf("%s: HTTPStatus(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestJoinPrecedence(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{errors.Join(errors.New("x"), apperr.ErrConflict), 409},
		{errors.Join(apperr.ErrNotFound, valErr("id", "bad")), 400},
		{errors.Join(apperr.ErrConflict, apperr.ErrUnauthorized), 401},
		{errors.Join(&apperr.UnavailableError{Service: "s", Err: io.EOF}, context.Canceled), 499},
	} {
		if got := apperr.HTTPStatus(tc.err); got != tc.want {
			t.Errorf("HTTPStatus(%q) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{valErr("q", "r"), 2},
		{apperr.ErrUnauthorized, 3},
		{&apperr.NotFoundError{Kind: "k", ID: "i"}, 4},
		{fmt.Errorf("w: %w", apperr.ErrConflict), 5},
		{context.Canceled, 130},
		{fmt.Errorf("w: %w", context.DeadlineExceeded), 75},
		{&apperr.UnavailableError{Service: "s", Err: io.EOF}, 75},
		{io.EOF, 1},
	} {
		if got := apperr.ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestPublicMessages(t *testing.T) {
	nested := fmt.Errorf("create: %w", errors.Join(
		valErr("id", "must not be empty"),
		fmt.Errorf("address: %w", errors.Join(valErr("zip", "must be 5 digits"), errors.New("internal detail"), valErr("city", "unknown"))),
	))
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{nested, "invalid id: must not be empty; invalid zip: must be 5 digits; invalid city: unknown"},
		{fmt.Errorf("get: %w", apperr.ErrUnauthorized), "unauthorized"},
		{&apperr.NotFoundError{Kind: "order", ID: "secret-id"}, "not found"},
		{apperr.ErrConflict, "conflict"},
		{context.Canceled, "request canceled"},
		{context.DeadlineExceeded, "timeout"},
		{&apperr.UnavailableError{Service: "10.0.0.7:5432", Err: io.EOF}, "service unavailable"},
		{fmt.Errorf("sql: SELECT * FROM users: %w", io.ErrUnexpectedEOF), "internal error"},
	} {
		if got := apperr.PublicMessage(tc.err); got != tc.want {
			t.Errorf("PublicMessage(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	store := mapStore{"A1": {ID: "A1", Email: "a@b", Quantity: 1}}
	o, err := apperr.Lookup(context.Background(), store, "A1")
	if err != nil || o.ID != "A1" {
		t.Fatalf("Lookup(A1) = %v, %v", o, err)
	}

	_, err = apperr.Lookup(context.Background(), store, "Z9")
	var nf *apperr.NotFoundError
	if !errors.As(err, &nf) || nf.ID != "Z9" || apperr.HTTPStatus(err) != 404 {
		t.Fatalf("Lookup(Z9) = %v (status %d), want a wrapped *NotFoundError and 404", err, apperr.HTTPStatus(err))
	}
	if want := `lookup order "Z9": order "Z9" not found`; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}

	_, err = apperr.Lookup(context.Background(), store, "")
	var ve *apperr.ValidationError
	if !errors.As(err, &ve) || ve.Field != "id" || apperr.HTTPStatus(err) != 400 {
		t.Fatalf("Lookup(\"\") = %v, want a *ValidationError for id", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err = apperr.Lookup(ctx, store, "A1"); apperr.HTTPStatus(err) != 499 {
		t.Fatalf("cancelled Lookup: %v -> %d, want 499", err, apperr.HTTPStatus(err))
	}

	down := &apperr.UnavailableError{Service: "orders-db", Err: io.ErrUnexpectedEOF}
	_, err = apperr.Lookup(context.Background(), failingStore{down}, "A1")
	var ue *apperr.UnavailableError
	if !errors.As(err, &ue) || ue != down || !errors.Is(err, io.ErrUnexpectedEOF) || apperr.HTTPStatus(err) != 503 {
		t.Fatalf("Lookup with the store down = %v, want the *UnavailableError wrapped (503)", err)
	}
}

func TestWriteError(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		msg    string
	}{
		{fmt.Errorf("x: %w", &apperr.NotFoundError{Kind: "order", ID: "1"}), 404, "not found"},
		{errors.Join(valErr("email", "must contain @"), valErr("quantity", "too \"big\"")), 400, `invalid email: must contain @; invalid quantity: too "big"`},
		{errors.New("stack trace: main.go:12"), 500, "internal error"},
	} {
		rec := httptest.NewRecorder()
		apperr.WriteError(rec, tc.err)
		if rec.Code != tc.status {
			t.Errorf("status %d, want %d", rec.Code, tc.status)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %q is not JSON: %v", rec.Body.String(), err)
		}
		if len(body) != 1 || body["error"] != tc.msg {
			t.Errorf("body %v, want {\"error\": %q}", body, tc.msg)
		}
	}
}
