package shardkv_test

import (
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"

	"shardkv"
)

func TestPublicBasic(t *testing.T) {
	s := shardkv.New(8)
	if _, ok := s.Get("a"); ok {
		t.Fatal("Get on empty store found a value")
	}
	s.Set("a", []byte("1"))
	s.Set("b", []byte("2"))
	if v, ok := s.Get("a"); !ok || string(v) != "1" {
		t.Errorf(`Get("a") = %q, %v`, v, ok)
	}
	if n := s.Len(); n != 2 {
		t.Errorf("Len = %d, want 2", n)
	}
	if !s.Delete("a") || s.Delete("a") {
		t.Errorf("Delete should report true then false")
	}
	if n := s.Len(); n != 1 {
		t.Errorf("Len = %d, want 1", n)
	}
}

func TestPublicUpdateCounter(t *testing.T) {
	s := shardkv.New(4)
	incr := func(old []byte, ok bool) ([]byte, bool) {
		n, _ := strconv.Atoi(string(old))
		return []byte(strconv.Itoa(n + 1)), true
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				s.Update("hits", incr)
			}
		})
	}
	wg.Wait()
	if v, _ := s.Get("hits"); string(v) != "400" {
		t.Errorf("hits = %q, want 400", v)
	}
}

func TestPublicAll(t *testing.T) {
	s := shardkv.New(4)
	for i := range 10 {
		s.Set(fmt.Sprint("k", i), []byte{byte(i)})
	}
	var keys []string
	for k, v := range s.All() {
		if k != fmt.Sprint("k", v[0]) {
			t.Errorf("key %q has value %v", k, v)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if fmt.Sprint(keys) != "[k0 k1 k2 k3 k4 k5 k6 k7 k8 k9]" {
		t.Errorf("All visited %v", keys)
	}
}
