// Package lrucache is a fixed-capacity LRU cache, safe for concurrent use,
// whose entries may expire after a per-entry time to live.
package lrucache

import (
	"time"
)

// Clock is the cache's only source of time, so tests can drive it.
type Clock interface {
	Now() time.Time
}

// Cache maps keys to values. Create it with New.
type Cache[K comparable, V any] struct {
	// your fields here
}

// New returns an empty cache holding at most capacity entries. A nil clock
// means the system clock. onEvict, if not nil, is called with every entry
// the cache drops by itself (capacity or expiry), after the cache's lock
// is released. New panics if capacity < 1.
func New[K comparable, V any](capacity int, clock Clock, onEvict func(key K, value V)) *Cache[K, V] {
	return &Cache[K, V]{}
}

// Get returns the value for key and marks it most recently used. An expired
// entry is removed (and reported to onEvict) and Get reports a miss.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	var zero V
	return zero, false
}

// Set stores value under key as the most recently used entry. The entry
// expires ttl after now; ttl <= 0 means it never expires. Replacing an
// existing key's value is not an eviction. When a new key does not fit,
// the least recently used entry is evicted.
func (c *Cache[K, V]) Set(key K, value V, ttl time.Duration) {
}

// Delete removes key and reports whether a live entry was removed. An
// expired entry is removed too, but reported as absent. onEvict is not
// called.
func (c *Cache[K, V]) Delete(key K) bool {
	return false
}

// Len returns the number of entries held, counting expired entries that
// have not been removed yet.
func (c *Cache[K, V]) Len() int {
	return 0
}

// Purge removes every expired entry, reports each to onEvict, and returns
// how many there were. It takes time proportional to the cache's size.
func (c *Cache[K, V]) Purge() int {
	return 0
}
