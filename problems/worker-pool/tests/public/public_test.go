package workerpool_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"workerpool"
)

func TestPublicRunsEveryTask(t *testing.T) {
	p := workerpool.New(context.Background(), 3)
	var ran atomic.Int64
	for range 100 {
		if err := p.Submit(func(context.Context) error {
			ran.Add(1)
			return nil
		}); err != nil {
			t.Fatalf("Submit: %v", err)
		}
	}
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait = %v, want nil", err)
	}
	if got := ran.Load(); got != 100 {
		t.Fatalf("%d tasks ran, want 100", got)
	}
}

func TestPublicNeverMoreThanNWorkers(t *testing.T) {
	const n = 4
	p := workerpool.New(context.Background(), n)
	var active, peak atomic.Int64
	for range 200 {
		err := p.Submit(func(context.Context) error {
			a := active.Add(1)
			for {
				m := peak.Load()
				if a <= m || peak.CompareAndSwap(m, a) {
					break
				}
			}
			active.Add(-1)
			return nil
		})
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
	}
	if err := p.Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if got := peak.Load(); got > n || got < 1 {
		t.Fatalf("peak concurrency %d, want between 1 and %d", got, n)
	}
}

func TestPublicFirstErrorCancelsTheRest(t *testing.T) {
	boom := errors.New("boom")
	p := workerpool.New(context.Background(), 2)
	if err := p.Submit(func(ctx context.Context) error {
		<-ctx.Done() // runs until the other task fails
		return ctx.Err()
	}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := p.Submit(func(context.Context) error { return boom }); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if err := p.Wait(); !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want %v", err, boom)
	}
}
