// Command membomb allocates and touches memory until something stops it.
package main

func main() {
	var keep [][]byte
	for {
		b := make([]byte, 8<<20)
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}
}
