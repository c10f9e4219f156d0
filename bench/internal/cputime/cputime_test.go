package cputime

import (
	"os"
	"testing"
)

// TestOfSelf: this process's CPU time read from /proc agrees with
// getrusage to within a few clock ticks, after burning some CPU.
func TestOfSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	x := 0
	for i := 0; i < 200_000_000; i++ {
		x ^= i
	}
	_ = x
	self, proc := Self(), Of(os.Getpid())
	if self <= 0 || proc <= 0 {
		t.Fatalf("Self %v, Of %v: want both > 0", self, proc)
	}
	if d := self - proc; d > 100_000_000 || d < -100_000_000 {
		t.Errorf("Self %v and Of %v differ by more than 100 ms", self, proc)
	}
	if Of(0) != 0 {
		t.Error("Of(0) != 0")
	}
}
