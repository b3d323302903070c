//go:build race

package accesslog_test

// The race detector changes what allocates (sync.Pool drops a share of
// its items on purpose), so allocation counts are checked without it.
func init() { raceEnabled = true }
