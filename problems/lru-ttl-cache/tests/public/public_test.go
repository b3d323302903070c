package lrucache_test

import (
	"sync"
	"testing"
	"time"

	"lrucache"
)

// fakeClock is a manual Clock: time moves only when the test says so.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestPublicGetSet(t *testing.T) {
	c := lrucache.New[string, int](10, newFakeClock(), nil)
	c.Set("a", 1, 0)
	c.Set("b", 2, 0)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf(`Get("a") = %v, %v; want 1, true`, v, ok)
	}
	if v, ok := c.Get("zzz"); ok {
		t.Fatalf(`Get("zzz") = %v, true; want a miss`, v)
	}
	if n := c.Len(); n != 2 {
		t.Fatalf("Len() = %d, want 2", n)
	}
}

func TestPublicEvictsLeastRecentlyUsed(t *testing.T) {
	var evicted []string
	c := lrucache.New(2, newFakeClock(), func(k string, _ int) { evicted = append(evicted, k) })
	c.Set("a", 1, 0)
	c.Set("b", 2, 0)
	c.Get("a") // "b" is now the least recently used
	c.Set("c", 3, 0)
	if _, ok := c.Get("b"); ok {
		t.Fatal(`"b" should have been evicted`)
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(k); !ok {
			t.Fatalf("%q was evicted, want it kept", k)
		}
	}
	if len(evicted) != 1 || evicted[0] != "b" {
		t.Fatalf("onEvict saw %v, want [b]", evicted)
	}
}

func TestPublicTTL(t *testing.T) {
	clk := newFakeClock()
	c := lrucache.New[string, int](10, clk, nil)
	c.Set("session", 42, time.Second)
	clk.Advance(999 * time.Millisecond)
	if _, ok := c.Get("session"); !ok {
		t.Fatal("entry gone before its TTL")
	}
	clk.Advance(2 * time.Millisecond)
	if _, ok := c.Get("session"); ok {
		t.Fatal("entry still there once its TTL elapsed")
	}
}
