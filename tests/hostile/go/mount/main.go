// Command mount tries to mount a tmpfs: the policy must kill it.
package main

import "syscall"

func main() {
	_ = syscall.Mount("none", "/tmp", "tmpfs", 0, "")
}
