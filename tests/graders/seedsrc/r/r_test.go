package r

import ("sync"; "testing")

func TestRace(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ { wg.Add(1); go func() { defer wg.Done(); Inc() }() }
	wg.Wait()
}
func TestOK(t *testing.T) {}
