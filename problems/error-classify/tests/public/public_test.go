package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"apperr"
)

func TestPublicWrappedSentinel(t *testing.T) {
	err := fmt.Errorf("load user 7: %w", apperr.ErrNotFound)
	if got := apperr.HTTPStatus(err); got != 404 {
		t.Fatalf("HTTPStatus(%v) = %d, want 404", err, got)
	}
	if got := apperr.PublicMessage(err); got != "not found" {
		t.Fatalf("PublicMessage = %q, want \"not found\"", got)
	}
}

func TestPublicValidate(t *testing.T) {
	err := apperr.Validate(apperr.Order{ID: "A1", Email: "bob.example.com", Quantity: 0})
	var ve *apperr.ValidationError
	if !errors.As(err, &ve) || ve.Field != "email" {
		t.Fatalf("Validate = %v, want *ValidationError for email first", err)
	}
	if got, want := apperr.PublicMessage(err), "invalid email: must contain @; invalid quantity: must be between 1 and 100"; got != want {
		t.Fatalf("PublicMessage = %q, want %q", got, want)
	}
	if apperr.HTTPStatus(err) != 400 {
		t.Fatalf("HTTPStatus = %d, want 400", apperr.HTTPStatus(err))
	}
	if err := apperr.Validate(apperr.Order{ID: "A1", Email: "bob@example.com", Quantity: 3}); err != nil {
		t.Fatalf("valid order: %v", err)
	}
}

func TestPublicInternalErrorIsHidden(t *testing.T) {
	err := errors.New("pq: password authentication failed for user \"admin\"")
	if apperr.HTTPStatus(err) != 500 || apperr.PublicMessage(err) != "internal error" {
		t.Fatalf("got %d %q, want 500 \"internal error\"", apperr.HTTPStatus(err), apperr.PublicMessage(err))
	}
}
