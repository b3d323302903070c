package p

import ("testing"; "time"; "os"; "log")

func TestPass(t *testing.T) { t.Log("hello") }
func TestFail(t *testing.T) { t.Errorf("bad %d", 1) }
func TestSkip(t *testing.T) { t.Skip("nope") }
func TestSub(t *testing.T) {
	t.Run("a", func(t *testing.T) {})
	t.Run("b", func(t *testing.T) { t.Fatal("b failed") })
}
func TestPar(t *testing.T) {
	for _, n := range []string{"x","y"} {
		t.Run(n, func(t *testing.T) { t.Parallel(); time.Sleep(time.Millisecond) })
	}
}
func TestPanic(t *testing.T) { if os.Getenv("PANIC") != "" { panic("boom") } }
func TestHang(t *testing.T) { if os.Getenv("HANG") != "" { select{} } }
func BenchmarkSum(b *testing.B) { xs := make([]int, 100); for i := 0; i < b.N; i++ { Sum(xs) } }
func BenchmarkAlloc(b *testing.B) { b.ReportAllocs(); for i := 0; i < b.N; i++ { _ = make([]byte, 64) } }
func TestExit(t *testing.T) {
	if os.Getenv("EXIT") != "" {
		t.Log("about to give up")
		log.Fatal("cannot go on")
	}
}
