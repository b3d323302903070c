// Package lrucache is a fixed-capacity LRU cache, safe for concurrent use,
// whose entries may expire after a per-entry time to live.
package lrucache

import (
	"sync"
	"time"
)

// Clock is the cache's only source of time, so tests can drive it.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// entry is a node of the recency list and the map's value.
type entry[K comparable, V any] struct {
	key        K
	value      V
	expires    time.Time // zero: never expires
	prev, next *entry[K, V]
}

// evicted is a dropped entry waiting to be reported to onEvict once the
// lock is released.
type evicted[K comparable, V any] struct {
	key   K
	value V
}

// Cache maps keys to values. Create it with New.
type Cache[K comparable, V any] struct {
	clock    Clock
	onEvict  func(key K, value V)
	capacity int

	mu    sync.Mutex
	items map[K]*entry[K, V]
	// root is the sentinel of a circular doubly linked list: root.next is
	// the most recently used entry, root.prev the least.
	root entry[K, V]
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
	c := &Cache[K, V]{
		clock:    clock,
		onEvict:  onEvict,
		capacity: capacity,
		items:    make(map[K]*entry[K, V], capacity),
	}
	c.root.next = &c.root
	c.root.prev = &c.root
	return c
}

// Get returns the value for key and marks it most recently used. An expired
// entry is removed (and reported to onEvict) and Get reports a miss.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	now := c.clock.Now()
	var zero V
	c.mu.Lock()
	e, ok := c.items[key]
	if !ok {
		c.mu.Unlock()
		return zero, false
	}
	if e.expired(now) {
		c.unlink(e)
		c.mu.Unlock()
		c.notify(evicted[K, V]{e.key, e.value})
		return zero, false
	}
	c.moveToFront(e)
	v := e.value
	c.mu.Unlock()
	return v, true
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
	if e, ok := c.items[key]; ok {
		e.value, e.expires = value, expires
		c.moveToFront(e)
		c.mu.Unlock()
		return
	}
	var e *entry[K, V]
	var dropped evicted[K, V]
	full := len(c.items) >= c.capacity
	if full {
		// Reuse the evicted node: a full cache then allocates nothing.
		e = c.root.prev
		c.unlink(e)
		dropped = evicted[K, V]{e.key, e.value}
	} else {
		e = new(entry[K, V])
	}
	e.key, e.value, e.expires = key, value, expires
	c.items[key] = e
	c.pushFront(e)
	c.mu.Unlock()
	if full {
		c.notify(dropped)
	}
}

// Delete removes key and reports whether a live entry was removed. An
// expired entry is removed too, but reported as absent. onEvict is not
// called.
func (c *Cache[K, V]) Delete(key K) bool {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return false
	}
	c.unlink(e)
	return !e.expired(now)
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
	var dropped []evicted[K, V]
	c.mu.Lock()
	for e := c.root.next; e != &c.root; {
		next := e.next
		if !e.expires.IsZero() && now.After(e.expires) {
			c.unlink(e)
			dropped = append(dropped, evicted[K, V]{e.key, e.value})
		}
		e = next
	}
	c.mu.Unlock()
	for _, d := range dropped {
		c.notify(d)
	}
	return len(dropped)
}

// notify calls onEvict. It must be called without c.mu held: the callback
// may well use the cache.
func (c *Cache[K, V]) notify(d evicted[K, V]) {
	if c.onEvict != nil {
		c.onEvict(d.key, d.value)
	}
}

func (e *entry[K, V]) expired(now time.Time) bool {
	return !e.expires.IsZero() && !now.Before(e.expires)
}

// unlink removes e from the list and the map. c.mu must be held.
func (c *Cache[K, V]) unlink(e *entry[K, V]) {
	e.prev.next = e.next
	e.next.prev = e.prev
	e.prev, e.next = nil, nil
	delete(c.items, e.key)
}

// pushFront inserts e as the most recently used entry. c.mu must be held.
func (c *Cache[K, V]) pushFront(e *entry[K, V]) {
	e.prev = &c.root
	e.next = c.root.next
	c.root.next.prev = e
	c.root.next = e
}

// moveToFront marks e most recently used. c.mu must be held.
func (c *Cache[K, V]) moveToFront(e *entry[K, V]) {
	if c.root.next == e {
		return
	}
	e.prev.next = e.next
	e.next.prev = e.prev
	c.pushFront(e)
}
