//go:build unix

package merchant

import "syscall"

// cpuNanos is the process's user and system CPU time. The benchmark
// reports it beside wall time because the machine is shared: wall time
// counts the moments other work held the cores, CPU time does not.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
