// Package apperr defines the errors of a small order service and maps them
// to what its clients see: HTTP status codes, exit codes and messages that
// are safe to show.
package apperr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors. Match them with errors.Is: they usually arrive wrapped.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
)

// ValidationError reports one invalid input field.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	return "invalid " + e.Field + ": " + e.Reason
}

// NotFoundError says which object was not found. It matches ErrNotFound.
type NotFoundError struct {
	Kind string
	ID   string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s \"%s\" not found", e.Kind, e.ID)
}

// Is makes errors.Is(err, ErrNotFound) true for a *NotFoundError.
func (e *NotFoundError) Is(target error) bool {
	return target == ErrNotFound
}

// UnavailableError reports a dependency that could not be reached.
type UnavailableError struct {
	Service string
	Err     error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("%s unavailable: %v", e.Service, e.Err)
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// Order is the input of the service.
type Order struct {
	ID       string
	Email    string
	Quantity int
}

// Validate returns nil for a valid order, else every problem found, as
// *ValidationError values joined with errors.Join in field order.
func Validate(o Order) error {
	var errs []error
	if o.ID == "" {
		errs = append(errs, &ValidationError{Field: "id", Reason: "must not be empty"})
	}
	if !strings.Contains(o.Email, "@") {
		errs = append(errs, &ValidationError{Field: "email", Reason: "must contain @"})
	}
	if o.Quantity < 1 || o.Quantity > 100 {
		errs = append(errs, &ValidationError{Field: "quantity", Reason: "must be between 1 and 100"})
	}
	return errors.Join(errs...) // nil when errs is empty
}

// Store loads orders.
type Store interface {
	Get(ctx context.Context, id string) (Order, error)
}

// Lookup loads the order id from s. An empty id is a validation error;
// errors from the store are returned wrapped with the order id.
func Lookup(ctx context.Context, s Store, id string) (Order, error) {
	if id == "" {
		return Order{}, &ValidationError{Field: "id", Reason: "must not be empty"}
	}
	o, err := s.Get(ctx, id)
	if err != nil {
		return Order{}, fmt.Errorf("lookup order %q: %w", id, err)
	}
	return o, nil
}

// class is what the service tells its clients about an error.
type class struct {
	status  int
	exit    int
	message string // "" for validation errors: their own text is shown
}

// classify finds the class of err: the first rule that matches, in this
// order, wins.
func classify(err error) class {
	var ve *ValidationError
	var ue *UnavailableError
	switch {
	case errors.As(err, &ve):
		return class{http.StatusBadRequest, 2, ""}
	case errors.Is(err, ErrUnauthorized):
		return class{http.StatusUnauthorized, 3, "unauthorized"}
	case errors.Is(err, ErrNotFound):
		return class{http.StatusNotFound, 4, "not found"}
	case errors.Is(err, ErrConflict):
		return class{http.StatusConflict, 5, "conflict"}
	case errors.Is(err, context.Canceled):
		return class{499, 130, "request canceled"}
	case errors.Is(err, context.DeadlineExceeded):
		return class{http.StatusGatewayTimeout, 75, "timeout"}
	case errors.As(err, &ue):
		return class{http.StatusServiceUnavailable, 75, "service unavailable"}
	}
	return class{http.StatusInternalServerError, 1, "internal error"}
}

// HTTPStatus maps err to an HTTP status code; nil is 200.
func HTTPStatus(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return classify(err).status
}

// ExitCode maps err to a process exit code; nil is 0.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	return classify(err).exit
}

// PublicMessage returns a message about err that is safe to show a client:
// never the text of an unexpected error, which may reveal internals. For
// validation errors it lists every *ValidationError in err's tree.
func PublicMessage(err error) string {
	if err == nil {
		return ""
	}
	c := classify(err)
	if c.message != "" {
		return c.message
	}
	var msgs []string
	walk(err, func(e error) {
		if ve, ok := e.(*ValidationError); ok {
			msgs = append(msgs, ve.Error())
		}
	})
	return strings.Join(msgs, "; ")
}

// walk calls visit on err and every error it wraps, depth first, in order.
// errors.As stops at the first match; this sees them all.
func walk(err error, visit func(error)) {
	if err == nil {
		return
	}
	visit(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walk(e, visit)
		}
	}
}

// WriteError answers an HTTP request with err: the status from HTTPStatus
// and the JSON body {"error": PublicMessage(err)}.
func WriteError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(HTTPStatus(err))
	json.NewEncoder(w).Encode(struct {
		Error string `json:"error"`
	}{PublicMessage(err)})
}
