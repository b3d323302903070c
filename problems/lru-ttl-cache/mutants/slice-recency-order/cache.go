// Package lrucache is a fixed-capacity LRU cache, safe for concurrent use,
// whose entries may expire after a per-entry time to live.
package lrucache

import (
	"slices"
	"sync"
	"time"
)

// Clock is the cache's only source of time, so tests can drive it.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type item[V any] struct {
	value   V
	expires time.Time // zero: never expires
}

// Cache maps keys to values. Create it with New.
type Cache[K comparable, V any] struct {
	clock    Clock
	onEvict  func(key K, value V)
	capacity int

	mu    sync.Mutex
	items map[K]item[V]
	order []K // least recently used first
}

// New returns an empty cache holding at most capacity entries. A nil clock
// means the system clock. onEvict, if not nil, is called with every entry
// the cache drops by itself (capacity or expiry), after the cache's lock
// is released. New panics if capacity < 1.
func New[K comparable, V any](capacity int, clock Clock, onEvict func(key K, value V)) *Cache[K, V] {
	if capacity < 1 {
		panic("lrucache: capacity must be positive")
	}
	if clock == nil {
		clock = systemClock{}
	}
	return &Cache[K, V]{
		clock:    clock,
		onEvict:  onEvict,
		capacity: capacity,
		items:    make(map[K]item[V], capacity),
		order:    make([]K, 0, capacity),
	}
}

// Get returns the value for key and marks it most recently used. An expired
// entry is removed (and reported to onEvict) and Get reports a miss.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	now := c.clock.Now()
	var zero V
	c.mu.Lock()
	it, ok := c.items[key]
	if !ok {
		c.mu.Unlock()
		return zero, false
	}
	if it.expired(now) {
		c.remove(key)
		c.mu.Unlock()
		c.notify(key, it.value)
		return zero, false
	}
	c.touch(key)
	c.mu.Unlock()
	return it.value, true
}

// Set stores value under key as the most recently used entry. The entry
// expires ttl after now; ttl <= 0 means it never expires. Replacing an
// existing key's value is not an eviction. When a new key does not fit,
// the least recently used entry is evicted.
func (c *Cache[K, V]) Set(key K, value V, ttl time.Duration) {
	var expires time.Time
	if ttl > 0 {
		expires = c.clock.Now().Add(ttl)
	}
	c.mu.Lock()
	if _, ok := c.items[key]; ok {
		c.items[key] = item[V]{value, expires}
		c.touch(key)
		c.mu.Unlock()
		return
	}
	var oldKey K
	var old item[V]
	full := len(c.items) >= c.capacity
	if full {
		oldKey = c.order[0]
		old = c.items[oldKey]
		c.remove(oldKey)
	}
	c.items[key] = item[V]{value, expires}
	c.order = append(c.order, key)
	c.mu.Unlock()
	if full {
		c.notify(oldKey, old.value)
	}
}

// Delete removes key and reports whether a live entry was removed. An
// expired entry is removed too, but reported as absent. onEvict is not
// called.
func (c *Cache[K, V]) Delete(key K) bool {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[key]
	if !ok {
		return false
	}
	c.remove(key)
	return !it.expired(now)
}

// Len returns the number of entries held, counting expired entries that
// have not been removed yet.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Purge removes every expired entry, reports each to onEvict, and returns
// how many there were. It takes time proportional to the cache's size.
func (c *Cache[K, V]) Purge() int {
	now := c.clock.Now()
	type pair struct {
		key   K
		value V
	}
	var dropped []pair
	c.mu.Lock()
	for _, k := range slices.Clone(c.order) {
		if it := c.items[k]; it.expired(now) {
			c.remove(k)
			dropped = append(dropped, pair{k, it.value})
		}
	}
	c.mu.Unlock()
	for _, d := range dropped {
		c.notify(d.key, d.value)
	}
	return len(dropped)
}

func (c *Cache[K, V]) notify(key K, value V) {
	if c.onEvict != nil {
		c.onEvict(key, value)
	}
}

func (it item[V]) expired(now time.Time) bool {
	return !it.expires.IsZero() && !now.Before(it.expires)
}

// touch moves key to the most recently used end. c.mu must be held.
func (c *Cache[K, V]) touch(key K) {
	i := slices.Index(c.order, key)
	c.order = append(slices.Delete(c.order, i, i+1), key)
}

// remove drops key from the map and the order. c.mu must be held.
func (c *Cache[K, V]) remove(key K) {
	delete(c.items, key)
	i := slices.Index(c.order, key)
	c.order = slices.Delete(c.order, i, i+1)
}
