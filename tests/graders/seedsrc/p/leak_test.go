package p

import "testing"

var stuck = make(chan int)

func TestLeaky(t *testing.T) {
	if leakOn {
		go func() { <-stuck }()
	}
}
