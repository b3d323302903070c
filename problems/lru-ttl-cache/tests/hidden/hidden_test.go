package lrucache_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lrucache"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: construction, Set/overwrite, Delete, generic types, ttl <= 0.
// Group eviction: least recently used out first, misses change nothing, onEvict once per drop and outside the lock.
// Group ttl: expiry per entry, Get of an expired entry, Purge (clock moved clearly past every TTL).
// Group concurrency: concurrent use; evictions add up.
// Group deadline: the exact instant t + ttl is expired for Get, Delete and Purge: a cache one nanosecond late loses this group only.

type record struct {
	mu   sync.Mutex
	keys []int
}

func (r *record) add(k, _ int) {
	r.mu.Lock()
	r.keys = append(r.keys, k)
	r.mu.Unlock()
}

func (r *record) get() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.keys)
}

func TestNewPanicsOnBadCapacity(t *testing.T) {
	for _, n := range []int{0, -3} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%d, ...) did not panic", n)
				}
			}()
			lrucache.New[int, int](n, nil, nil)
		}()
	}
}

func TestNewNilClockIsSystemClock(t *testing.T) {
	c := lrucache.New[int, int](4, nil, nil)
	c.Set(1, 10, time.Hour)
	if v, ok := c.Get(1); !ok || v != 10 {
		t.Fatalf("Get(1) = %v, %v with the system clock; want 10, true", v, ok)
	}
}

func TestSetOverwriteUpdatesValueAndRecency(t *testing.T) {
	var r record
	c := lrucache.New(2, newFakeClock(), r.add)
	c.Set(1, 10, 0)
	c.Set(2, 20, 0)
	c.Set(1, 11, 0) // 1 is most recent again; not an eviction
	if got := r.get(); len(got) != 0 {
		t.Fatalf("overwriting a key reported evictions %v", got)
	}
	c.Set(3, 30, 0)
	if got := r.get(); !slices.Equal(got, []int{2}) {
		t.Fatalf("evicted %v, want [2]", got)
	}
	if v, ok := c.Get(1); !ok || v != 11 {
		t.Fatalf("Get(1) = %v, %v; want 11, true", v, ok)
	}
	if n := c.Len(); n != 2 {
		t.Fatalf("Len() = %d, want 2", n)
	}
}

func TestSetOverwriteResetsTTL(t *testing.T) {
	clk := newFakeClock()
	c := lrucache.New[int, int](4, clk, nil)
	c.Set(1, 10, time.Second)
	clk.Advance(800 * time.Millisecond)
	c.Set(1, 11, time.Second)
	clk.Advance(800 * time.Millisecond)
	if v, ok := c.Get(1); !ok || v != 11 {
		t.Fatalf("Get(1) = %v, %v; the second Set should restart the TTL", v, ok)
	}
	c.Set(1, 12, 0) // and a TTL can be removed
	clk.Advance(time.Hour)
	if _, ok := c.Get(1); !ok {
		t.Fatal("an entry re-set with no TTL expired")
	}
}

func TestSetNonPositiveTTLNeverExpires(t *testing.T) {
	clk := newFakeClock()
	c := lrucache.New[int, int](4, clk, nil)
	c.Set(1, 10, 0)
	c.Set(2, 20, -time.Second)
	clk.Advance(10000 * time.Hour)
	for k := range 2 {
		if _, ok := c.Get(k + 1); !ok {
			t.Fatalf("entry %d with ttl <= 0 expired", k+1)
		}
	}
	if n := c.Purge(); n != 0 {
		t.Fatalf("Purge() = %d, want 0", n)
	}
}

// Every test moves the clock clearly past a TTL, except those named
// TestDeadline*: the exact instant t + ttl is one rule of the statement,
// checked in one group of its own, so a cache that expires entries a
// nanosecond late loses that group and nothing else.

func TestDeadlineGetExactlyAtDeadline(t *testing.T) {
	clk := newFakeClock()
	c := lrucache.New[int, int](4, clk, nil)
	c.Set(1, 10, 3*time.Second)
	clk.Advance(3*time.Second - time.Nanosecond)
	if _, ok := c.Get(1); !ok {
		t.Fatal("entry gone 1ns before its deadline")
	}
	clk.Advance(time.Nanosecond)
	if _, ok := c.Get(1); ok {
		t.Fatal("entry still visible at its deadline (set at t, ttl d: visible while now < t+d)")
	}
}

// Purge and Delete treat the deadline as Get does: gone at t + ttl.
func TestDeadlinePurgeAndDelete(t *testing.T) {
	clk := newFakeClock()
	var r record
	c := lrucache.New(4, clk, r.add)
	c.Set(1, 10, 3*time.Second)
	c.Set(2, 20, 3*time.Second)
	clk.Advance(3*time.Second - time.Nanosecond)
	if n := c.Purge(); n != 0 {
		t.Fatalf("Purge() = %d 1ns before the deadline, want 0", n)
	}
	clk.Advance(time.Nanosecond)
	if c.Delete(2) {
		t.Fatal("Delete of an entry at its deadline = true, want false: it has expired")
	}
	if n := c.Purge(); n != 1 {
		t.Fatalf("Purge() = %d at the deadline, want 1", n)
	}
	if got := r.get(); !slices.Equal(got, []int{1}) {
		t.Fatalf("onEvict saw %v, want [1]", got)
	}
}

func TestTTLPerEntry(t *testing.T) {
	clk := newFakeClock()
	c := lrucache.New[int, int](8, clk, nil)
	for k := 1; k <= 5; k++ {
		c.Set(k, k, time.Duration(k)*time.Second)
	}
	clk.Advance(3500 * time.Millisecond)
	for k := 1; k <= 5; k++ {
		_, ok := c.Get(k)
		if want := k > 3; ok != want {
			t.Errorf("after 3s Get(%d) hit = %v, want %v", k, ok, want)
		}
	}
}

func TestTTLExpiredGetRemovesAndReports(t *testing.T) {
	clk := newFakeClock()
	var r record
	c := lrucache.New(4, clk, r.add)
	c.Set(1, 10, time.Second)
	c.Set(2, 20, 0)
	clk.Advance(1500 * time.Millisecond)
	if n := c.Len(); n != 2 {
		t.Fatalf("Len() = %d before the expired entry was touched, want 2", n)
	}
	if _, ok := c.Get(1); ok {
		t.Fatal("Get returned an expired entry")
	}
	if n := c.Len(); n != 1 {
		t.Fatalf("Len() = %d after Get dropped the expired entry, want 1", n)
	}
	if got := r.get(); !slices.Equal(got, []int{1}) {
		t.Fatalf("onEvict saw %v, want [1]", got)
	}
}

func TestTTLPurge(t *testing.T) {
	clk := newFakeClock()
	var r record
	c := lrucache.New(16, clk, r.add)
	for k := range 10 {
		ttl := time.Duration(0)
		if k%2 == 0 {
			ttl = time.Minute
		}
		c.Set(k, k, ttl)
	}
	clk.Advance(90 * time.Second)
	if n := c.Purge(); n != 5 {
		t.Fatalf("Purge() = %d, want 5", n)
	}
	if n := c.Len(); n != 5 {
		t.Fatalf("Len() = %d after Purge, want 5", n)
	}
	got := r.get()
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 2, 4, 6, 8}) {
		t.Fatalf("onEvict saw %v, want the five expired keys", got)
	}
	if n := c.Purge(); n != 0 {
		t.Fatalf("second Purge() = %d, want 0", n)
	}
}

func TestEvictOrderFollowsUse(t *testing.T) {
	var r record
	c := lrucache.New(100, newFakeClock(), r.add)
	for k := range 100 {
		c.Set(k, k, 0)
	}
	for k := 0; k < 100; k += 2 {
		c.Get(k) // evens become the most recently used
	}
	for k := 100; k < 150; k++ {
		c.Set(k, k, 0)
	}
	var want []int
	for k := 1; k < 100; k += 2 {
		want = append(want, k)
	}
	if got := r.get(); !slices.Equal(got, want) {
		t.Fatalf("evicted %v,\nwant the odd keys in order %v", got, want)
	}
	for k := 0; k < 100; k += 2 {
		if v, ok := c.Get(k); !ok || v != k {
			t.Fatalf("Get(%d) = %v, %v after evictions", k, v, ok)
		}
	}
}

func TestEvictMissDoesNotChangeOrder(t *testing.T) {
	var r record
	c := lrucache.New(2, newFakeClock(), r.add)
	c.Set(1, 1, 0)
	c.Set(2, 2, 0)
	c.Get(99)
	c.Delete(98)
	c.Set(3, 3, 0)
	if got := r.get(); !slices.Equal(got, []int{1}) {
		t.Fatalf("evicted %v, want [1]", got)
	}
}

func TestEvictCapacityOne(t *testing.T) {
	var r record
	c := lrucache.New(1, newFakeClock(), r.add)
	for k := range 5 {
		c.Set(k, k*10, 0)
		if v, ok := c.Get(k); !ok || v != k*10 {
			t.Fatalf("Get(%d) = %v, %v right after Set", k, v, ok)
		}
		if n := c.Len(); n != 1 {
			t.Fatalf("Len() = %d, want 1", n)
		}
	}
	if got := r.get(); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("evicted %v, want [0 1 2 3]", got)
	}
}

// onEvict runs after the lock is released, so it may use the cache.
func TestEvictCallbackMayUseTheCache(t *testing.T) {
	clk := newFakeClock()
	var c *lrucache.Cache[int, int]
	var seen atomic.Int64
	c = lrucache.New(2, clk, func(k, v int) {
		c.Len()
		c.Get(k)
		seen.Add(1)
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Set(1, 1, time.Second)
		c.Set(2, 2, 0)
		c.Set(3, 3, 0) // evicts 1 by capacity
		c.Set(4, 4, time.Second)
		clk.Advance(2 * time.Second)
		c.Get(4) // expired
		c.Set(5, 5, time.Second)
		clk.Advance(2 * time.Second)
		c.Purge()
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("deadlock: onEvict was called with the cache locked")
	}
	if n := seen.Load(); n != 4 {
		t.Fatalf("onEvict called %d times, want 4", n)
	}
}

func TestDelete(t *testing.T) {
	clk := newFakeClock()
	var r record
	c := lrucache.New(4, clk, r.add)
	c.Set(1, 10, 0)
	c.Set(2, 20, time.Second)
	if !c.Delete(1) {
		t.Fatal("Delete(1) = false for a live entry")
	}
	if c.Delete(1) {
		t.Fatal("second Delete(1) = true")
	}
	if c.Delete(42) {
		t.Fatal("Delete of a missing key = true")
	}
	clk.Advance(1500 * time.Millisecond)
	if c.Delete(2) {
		t.Fatal("Delete of an expired entry = true")
	}
	if n := c.Len(); n != 0 {
		t.Fatalf("Len() = %d, want 0", n)
	}
	if got := r.get(); len(got) != 0 {
		t.Fatalf("Delete reported evictions %v", got)
	}
	c.Set(3, 30, 0) // the cache still works after emptying
	if v, ok := c.Get(3); !ok || v != 30 {
		t.Fatalf("Get(3) = %v, %v", v, ok)
	}
}

func TestGenericKeyAndValueTypes(t *testing.T) {
	type key struct {
		tenant string
		id     int
	}
	c := lrucache.New[key, []byte](8, newFakeClock(), nil)
	c.Set(key{"acme", 1}, []byte("one"), 0)
	c.Set(key{"acme", 2}, nil, 0)
	if v, ok := c.Get(key{"acme", 1}); !ok || string(v) != "one" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
	if v, ok := c.Get(key{"acme", 2}); !ok || v != nil {
		t.Fatalf("a stored nil value: Get = %v, %v; want nil, true", v, ok)
	}
	if _, ok := c.Get(key{"other", 1}); ok {
		t.Fatal("hit for a key never stored")
	}
}

func TestConcurrentMixedUse(t *testing.T) {
	clk := newFakeClock()
	const capacity = 64
	c := lrucache.New[string, string](capacity, clk, nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 700 {
				k := fmt.Sprint((g*7 + i) % 200)
				switch i % 7 {
				case 0, 1, 2:
					c.Set(k, "v"+k, time.Duration(i%3)*time.Millisecond)
				case 3, 4:
					if v, ok := c.Get(k); ok && v != "v"+k {
						t.Errorf("Get(%q) = %q", k, v)
						return
					}
				case 5:
					c.Delete(k)
				case 6:
					if n := c.Len(); n > capacity {
						t.Errorf("Len() = %d > capacity %d", n, capacity)
						return
					}
					if i%70 == 6 {
						clk.Advance(time.Millisecond)
						c.Purge()
					}
				}
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n > capacity {
		t.Fatalf("Len() = %d > capacity %d", n, capacity)
	}
}

// Every insert of a new key is either still in the cache or was reported:
// no eviction is lost, none is reported twice.
func TestConcurrentEvictionsAddUp(t *testing.T) {
	var evictions atomic.Int64
	c := lrucache.New(50, newFakeClock(), func(int, int) { evictions.Add(1) })
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				k := g*1000 + i
				c.Set(k, k, 0)
				if v, ok := c.Get(k); ok && v != k {
					t.Errorf("Get(%d) = %d", k, v)
				}
			}
		})
	}
	wg.Wait()
	if got := int64(c.Len()) + evictions.Load(); got != 4000 {
		t.Fatalf("Len() + evictions = %d, want 4000 inserts", got)
	}
	if n := c.Len(); n != 50 {
		t.Fatalf("Len() = %d, want a full cache of 50", n)
	}
}
