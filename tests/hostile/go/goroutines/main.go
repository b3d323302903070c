// Command goroutines starts 1000 goroutines that must all finish: honest
// concurrent Go has to pass under the strict policy.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for k := 0; k < 10000; k++ {
				s += k % (n + 1)
			}
			mu.Lock()
			total += s
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("goroutines done", total > 0)
}
