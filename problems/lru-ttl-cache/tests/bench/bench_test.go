package lrucache_test

import (
	"testing"
	"time"

	"lrucache"
)

// BenchmarkGetHit measures a hit in a full cache of 16Ki entries with TTLs.
func BenchmarkGetHit(b *testing.B) {
	const n = 1 << 14
	c := lrucache.New[int, int](n, newFakeClock(), nil)
	for k := range n {
		c.Set(k, k, time.Hour)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := c.Get(i * 7919 & (n - 1)); !ok {
			b.Fatal("miss")
		}
		i++
	}
}

// BenchmarkSetEvict measures inserting a new key into a full cache, which
// evicts the least recently used entry.
func BenchmarkSetEvict(b *testing.B) {
	const n = 1 << 10
	c := lrucache.New[int, int](n, newFakeClock(), nil)
	for k := range n {
		c.Set(k, k, 0)
	}
	b.ReportAllocs()
	k := n
	for b.Loop() {
		c.Set(k, k, time.Minute)
		k++
	}
}
