// Package rpcbudget carries a caller's deadline across an HTTP service
// boundary: the client sends what is left of its budget (less a margin
// for the way back) in a header, and the server runs the method under a
// deadline derived from it, cancelled as soon as the caller goes away.
package rpcbudget

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
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

// budget reads the caller's budget: maxBudget when there is none, capped
// at maxBudget otherwise; ok is false when the header is malformed.
func (s *Server) budget(h http.Header) (d time.Duration, ok bool) {
	v := h.Values(BudgetHeader)
	if len(v) == 0 {
		return s.maxBudget, true
	}
	if len(v) > 1 || v[0] == "" || strings.TrimLeft(v[0], "0123456789") != "" {
		return 0, false
	}
	ms, err := strconv.ParseInt(v[0], 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	if err != nil || ms > s.maxBudget.Milliseconds() {
		return s.maxBudget, true
	}
	return time.Duration(ms) * time.Millisecond, true
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The budget starts counting when the request arrives, not after the
	// body has been read.
	arrived := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	m, found := s.methods[strings.TrimPrefix(r.URL.Path, "/")]
	if !found {
		http.Error(w, "no such method", http.StatusNotFound)
		return
	}
	budget, ok := s.budget(r.Header)
	if !ok {
		http.Error(w, "malformed "+BudgetHeader, http.StatusBadRequest)
		return
	}
	if budget <= 0 {
		http.Error(w, "deadline exceeded", http.StatusGatewayTimeout)
		return
	}
	// The method's work is bounded by its budget alone.
	ctx, cancel := context.WithDeadline(context.Background(), arrived.Add(budget))
	defer cancel()
	req, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	resp, err := m(ctx, req)
	switch {
	case err == nil:
		w.Write(resp)
	case errors.Is(err, context.DeadlineExceeded):
		http.Error(w, "deadline exceeded", http.StatusGatewayTimeout)
	case errors.Is(err, ErrUnavailable):
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	default:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
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
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	for attempt := 0; ; attempt++ {
		body, err := c.attempt(ctx, hc, method, req)
		var se *StatusError
		if attempt < c.Retries && errors.As(err, &se) && se.Code == http.StatusServiceUnavailable {
			continue
		}
		return body, err
	}
}

// attempt sends one request, with the budget left at this moment.
func (c *Client) attempt(ctx context.Context, hc *http.Client, method string, req []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("rpcbudget: call %s: %w", method, err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+"/"+method, bytes.NewReader(req))
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		left := time.Until(deadline) - c.Margin
		if left < time.Millisecond {
			return nil, fmt.Errorf("rpcbudget: call %s: %v left, margin %v: %w", method, time.Until(deadline),
				c.Margin, context.DeadlineExceeded)
		}
		hreq.Header.Set(BudgetHeader, strconv.FormatInt(left.Milliseconds(), 10))
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Code: resp.StatusCode, Msg: strings.TrimSpace(string(body))}
	}
	return body, nil
}
