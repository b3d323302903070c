// Package apperr defines the errors of a small order service and maps them
// to what its clients see: HTTP status codes, exit codes and messages that
// are safe to show.
package apperr

import (
	"context"
	"errors"
	"net/http"
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

// Error returns "invalid <Field>: <Reason>".
func (e *ValidationError) Error() string {
	return ""
}

// NotFoundError says which object was not found. It matches ErrNotFound
// with errors.Is.
type NotFoundError struct {
	Kind string
	ID   string
}

// Error returns `<Kind> "<ID>" not found`, the ID quoted as by %q.
func (e *NotFoundError) Error() string {
	return ""
}

// UnavailableError reports a dependency that could not be reached.
type UnavailableError struct {
	Service string
	Err     error
}

// Error returns "<Service> unavailable: <Err>".
func (e *UnavailableError) Error() string {
	return ""
}

// Order is the input of the service.
type Order struct {
	ID       string
	Email    string
	Quantity int
}

// Validate returns nil for a valid order, else every problem found, as
// *ValidationError values joined with errors.Join in field order.
func Validate(o Order) error {
	return nil
}

// Store loads orders.
type Store interface {
	Get(ctx context.Context, id string) (Order, error)
}

// Lookup loads the order id from s. An empty id is a validation error;
// errors from the store are returned wrapped with the order id.
func Lookup(ctx context.Context, s Store, id string) (Order, error) {
	return Order{}, errors.New("not implemented")
}

// HTTPStatus maps err to an HTTP status code; nil is 200.
func HTTPStatus(err error) int {
	return http.StatusInternalServerError
}

// ExitCode maps err to a process exit code; nil is 0.
func ExitCode(err error) int {
	return 1
}

// PublicMessage returns a message about err that is safe to show a client.
func PublicMessage(err error) string {
	return ""
}

// WriteError answers an HTTP request with err: the status from HTTPStatus
// and the JSON body {"error": PublicMessage(err)}.
func WriteError(w http.ResponseWriter, err error) {
}
