package shardkv_test

import (
	"fmt"
	"testing"

	"shardkv"
)

// BenchmarkMixed runs a read-mostly workload over a populated store from
// parallel goroutines. One op is a batch of 9 Gets and 1 Set.
func BenchmarkMixed(b *testing.B) {
	const nkeys = 4096
	keys := make([]string, nkeys)
	vals := make([][]byte, nkeys)
	s := shardkv.New(64)
	for i := range keys {
		keys[i] = fmt.Sprintf("user:%06d:profile", i*7919)
		vals[i] = []byte(keys[i])
		s.Set(keys[i], vals[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			for j := range 10 {
				k := ((i + j) * 31) & (nkeys - 1)
				if j == 9 {
					s.Set(keys[k], vals[k])
				} else if _, ok := s.Get(keys[k]); !ok {
					b.Errorf("Get(%q) missed", keys[k])
					return
				}
			}
			i += 10
		}
	})
}
