// Package shardkv is an in-memory key-value store split into shards, each
// guarded by its own lock, so that goroutines working on different keys
// rarely wait for each other.
package shardkv

import "iter"

// Store is a concurrent map from string keys to byte-slice values. All
// methods are safe for concurrent use. The zero Store is not usable; call
// New.
type Store struct {
	// your fields here
}

// New returns an empty Store with at least n shards (n < 1 means 1).
func New(n int) *Store {
	return &Store{}
}

// Get returns the value stored under key. The returned slice is the stored
// one: callers must not modify it.
func (s *Store) Get(key string) ([]byte, bool) {
	return nil, false
}

// Set stores value under key, replacing any previous value. The store keeps
// the slice itself: callers must not modify it afterwards.
func (s *Store) Set(key string, value []byte) {
}

// Delete removes key and reports whether it was present.
func (s *Store) Delete(key string) bool {
	return false
}

// Update atomically replaces the value of key with fn(old, ok), where ok
// reports whether key was present. When fn returns keep == false the key
// is removed instead. fn runs with the key's shard locked: operations on
// keys of other shards proceed meanwhile, and fn must not call the Store.
// If fn panics, the panic reaches the caller and the Store stays usable.
func (s *Store) Update(key string, fn func(old []byte, ok bool) (value []byte, keep bool)) {
}

// Len returns the number of keys.
func (s *Store) Len() int {
	return 0
}

// All returns an iterator over the keys and values. The loop body may call
// the Store; keys added or removed during the iteration may or may not be
// seen, but no key is seen twice.
func (s *Store) All() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {}
}
