"""Live capture: eBPF syscall recording and the /proc snapshot written before the events."""
