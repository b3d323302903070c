// Command rollup reads an access log on standard input and prints, per
// service, the request count, the server errors, latency percentiles as
// histogram bucket bounds and the largest latency (see statement.md).
//
// The reader hands batches of lines to four parsing workers; each keeps
// its own partial rollup, merged under a mutex when the input ends.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
)

// bounds are the inclusive upper bounds (ms) of the latency histogram's
// buckets; one more bucket, +Inf, holds everything above the last.
var bounds = [...]int64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}

// maxLine is the longest valid line, without its line ending.
const maxLine = 4096

type stats struct {
	count, errors, max int64
	buckets            [len(bounds) + 1]int64
}

type rollup struct {
	services  map[string]*stats
	lines     int64 // non-blank lines
	malformed int64
}

const workers = 4

func main() {
	r := rollup{services: make(map[string]*stats)}
	if err := r.consumeParallel(bufio.NewReaderSize(os.Stdin, 64<<10)); err != nil {
		fmt.Fprintln(os.Stderr, "rollup:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	r.write(w)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "rollup:", err)
		os.Exit(1)
	}
}

// consumeParallel reads every line of in; workers parse them.
func (r *rollup) consumeParallel(in *bufio.Reader) error {
	batches := make(chan [][]byte, workers)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		parsed int64 // for the log line on stderr
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := rollup{services: make(map[string]*stats)}
			for batch := range batches {
				for _, line := range batch {
					local.add(line)
				}
			}
			mu.Lock()
			r.merge(&local)
			mu.Unlock()
			parsed += local.lines
		}()
	}
	var skipped int64
	batch := make([][]byte, 0, 256)
	var err error
	for {
		var line []byte
		line, err = in.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			skipped++
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = in.ReadSlice('\n')
			}
		} else if len(line) > 0 {
			batch = append(batch, bytes.Clone(line)) // the reader reuses its buffer
			if len(batch) == cap(batch) {
				batches <- batch
				batch = make([][]byte, 0, 256)
			}
		}
		if err != nil {
			break
		}
	}
	batches <- batch
	close(batches)
	wg.Wait()
	r.lines += skipped
	r.malformed += skipped
	fmt.Fprintf(os.Stderr, "rollup: %d lines parsed by %d workers\n", parsed, workers)
	if err == io.EOF {
		return nil
	}
	return err
}

// merge adds o's counts into r.
func (r *rollup) merge(o *rollup) {
	r.lines += o.lines
	r.malformed += o.malformed
	for name, s := range o.services {
		t := r.services[name]
		if t == nil {
			t = &stats{}
			r.services[name] = t
		}
		t.count += s.count
		t.errors += s.errors
		t.max = max(t.max, s.max)
		for i, c := range s.buckets {
			t.buckets[i] += c
		}
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// add takes one line (its line ending included).  It only reads line,
// which the reader will overwrite.
func (r *rollup) add(line []byte) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxLine {
		r.lines++
		r.malformed++
		return
	}
	var f [5][]byte
	n := 0
	for i := 0; i < len(line) && n < len(f); {
		for i < len(line) && isBlank(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isBlank(line[j]) {
			j++
		}
		if j > i {
			f[n] = line[i:j]
			n++
		}
		i = j
	}
	if n == 0 {
		return // blank
	}
	r.lines++
	_, okTS := parseUint(f[0])
	status, okSt := parseUint(f[2])
	lat, okLat := parseUint(f[3])
	if n != 4 || !okTS || !validService(f[1]) || len(f[2]) != 3 || !okSt || status < 100 || status > 599 || !okLat {
		r.malformed++
		return
	}
	s := r.services[string(f[1])] // a map lookup by string(bytes) does not allocate
	if s == nil {
		s = &stats{}
		r.services[string(f[1])] = s
	}
	s.count++
	if status >= 500 {
		s.errors++
	}
	s.max = max(s.max, lat)
	b := 0
	for b < len(bounds) && lat > bounds[b] {
		b++
	}
	s.buckets[b]++
}

// parseUint accepts decimal digits only (no sign) of a value that fits
// in an int64.
func parseUint(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if v > (1<<63-1-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

func validService(b []byte) bool {
	if len(b) > 64 {
		return false
	}
	for _, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// percentile is the bound of the first bucket whose cumulative count
// reaches rank ceil(q/100 * count).
func (s *stats) percentile(q int64) string {
	rank := (q*s.count + 99) / 100
	var seen int64
	for i, c := range s.buckets[:len(bounds)] {
		seen += c
		if seen >= rank {
			return strconv.FormatInt(bounds[i], 10)
		}
	}
	return "+Inf"
}

func (r *rollup) write(w io.Writer) {
	names := make([]string, 0, len(r.services))
	for name := range r.services {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := r.services[name]
		fmt.Fprintf(w, "%s count=%d errors=%d p50=%s p90=%s p99=%s max=%d\n",
			name, s.count, s.errors, s.percentile(50), s.percentile(90), s.percentile(99), s.max)
	}
	fmt.Fprintf(w, "lines=%d malformed=%d\n", r.lines, r.malformed)
}
