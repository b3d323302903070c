// Package rpcbudget carries a caller's deadline across an HTTP service
// boundary: the client sends what is left of its budget in a header, and
// the server runs the method under a deadline derived from it.
package rpcbudget

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// BudgetHeader carries the caller's remaining budget in whole milliseconds.
const BudgetHeader = "Rpc-Budget-Ms"

// ErrUnavailable, returned (or wrapped) by a Method, answers 503: the
// client may try again.
var ErrUnavailable = errors.New("rpcbudget: unavailable")

// StatusError is a non-200 answer.
type StatusError struct {
	Code int    // HTTP status code of the answer
	Msg  string // the answer's body, without surrounding white space
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("rpcbudget: status %d: %s", e.Code, e.Msg)
}

// Unwrap makes a 504 answer match context.DeadlineExceeded.
func (e *StatusError) Unwrap() error {
	if e.Code == http.StatusGatewayTimeout {
		return context.DeadlineExceeded
	}
	return nil
}

// Method serves one call: the request body in, the response body out.
type Method func(ctx context.Context, req []byte) ([]byte, error)

// Server serves the methods registered with Handle at POST /NAME.
type Server struct {
	maxBudget time.Duration
	methods   map[string]Method
}

// NewServer returns a Server that gives each call at most maxBudget, and
// exactly maxBudget when the caller sends no budget. It panics when
// maxBudget is not positive.
func NewServer(maxBudget time.Duration) *Server {
	if maxBudget <= 0 {
		panic("rpcbudget: NewServer: maxBudget must be positive")
	}
	return &Server{maxBudget: maxBudget, methods: make(map[string]Method)}
}

// Handle registers m under name. Call it before serving.
func (s *Server) Handle(name string, m Method) {
	s.methods[name] = m
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}

// Client calls a Server.
type Client struct {
	BaseURL string        // the server's root, e.g. "http://127.0.0.1:8080"
	HTTP    *http.Client  // nil means http.DefaultClient
	Margin  time.Duration // kept back from the budget sent, for the way back
	Retries int           // further attempts after a 503 answer
}

// Call runs method on the server with req as the body and returns the
// answer's body. A non-200 answer is a *StatusError.
func (c *Client) Call(ctx context.Context, method string, req []byte) ([]byte, error) {
	return nil, errors.New("not implemented")
}
