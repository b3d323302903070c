// Package shardkv is an in-memory key-value store split into shards, each
// guarded by its own lock, so that goroutines working on different keys
// rarely wait for each other.
package shardkv

import (
	"hash/maphash"
	"iter"
	"sync"
)

// shard is one independently locked part of the store. The padding keeps
// neighbouring shards' locks on different cache lines, so that two cores
// hammering two shards do not bounce one line between them.
type shard struct {
	mu sync.RWMutex
	m  map[string][]byte
	_  [32]byte
}

// Store is a concurrent map from string keys to byte-slice values. All
// methods are safe for concurrent use. The zero Store is not usable; call
// New.
type Store struct {
	seed   maphash.Seed
	mask   uint64
	shards []shard
}

// New returns an empty Store with at least n shards (n < 1 means 1). The
// count is rounded up to a power of two so that picking a shard is a mask.
func New(n int) *Store {
	size := 1
	for size < n {
		size <<= 1
	}
	s := &Store{
		seed:   maphash.MakeSeed(),
		mask:   uint64(size - 1),
		shards: make([]shard, size),
	}
	for i := range s.shards {
		s.shards[i].m = make(map[string][]byte)
	}
	return s
}

// shardFor picks the shard of key. maphash.String is fast, allocation-free,
// safe for concurrent use (the seed is read-only) and spreads keys well.
func (s *Store) shardFor(key string) *shard {
	return &s.shards[maphash.String(s.seed, key)&s.mask]
}

// Get returns the value stored under key. The returned slice is the stored
// one: callers must not modify it.
func (s *Store) Get(key string) ([]byte, bool) {
	sh := s.shardFor(key)
	sh.mu.RLock()
	v, ok := sh.m[key]
	sh.mu.RUnlock()
	return v, ok
}

// Set stores value under key, replacing any previous value. The store keeps
// the slice itself: callers must not modify it afterwards.
func (s *Store) Set(key string, value []byte) {
	sh := s.shardFor(key)
	sh.mu.Lock()
	sh.m[key] = value
	sh.mu.Unlock()
}

// Delete removes key and reports whether it was present.
func (s *Store) Delete(key string) bool {
	sh := s.shardFor(key)
	sh.mu.Lock()
	_, ok := sh.m[key]
	delete(sh.m, key)
	sh.mu.Unlock()
	return ok
}

// Update atomically replaces the value of key with fn(old, ok), where ok
// reports whether key was present. When fn returns keep == false the key
// is removed instead. fn runs with the key's shard locked: operations on
// keys of other shards proceed meanwhile, and fn must not call the Store.
// If fn panics, the panic reaches the caller and the Store stays usable.
func (s *Store) Update(key string, fn func(old []byte, ok bool) (value []byte, keep bool)) {
	sh := s.shardFor(key)
	sh.mu.Lock()
	defer sh.mu.Unlock() // released even if fn panics
	old, ok := sh.m[key]
	if v, keep := fn(old, ok); keep {
		sh.m[key] = v
	} else {
		delete(sh.m, key)
	}
}

// Len returns the number of keys. Shards are counted one after another, so
// under concurrent writes the result is a moment-by-moment approximation.
func (s *Store) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

type entry struct {
	key   string
	value []byte
}

// All returns an iterator over the keys and values, shard by shard. Each
// shard is copied under its read lock and yielded after the lock is
// released, so the loop body may call the Store. Keys added or removed
// during the iteration may or may not be seen; no key is seen twice.
func (s *Store) All() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		var buf []entry
		for i := range s.shards {
			sh := &s.shards[i]
			sh.mu.RLock()
			buf = buf[:0]
			for k, v := range sh.m {
				buf = append(buf, entry{k, v})
			}
			sh.mu.RUnlock()
			for _, e := range buf {
				if !yield(e.key, e.value) {
					return
				}
			}
		}
	}
}
