"""eBPF capture into .scap files (``scapkit capture``). Imports only ``analyzer.scap`` from analyzer.

How the pieces fit:

* ``bpf/scap_probe.bpf.c`` - CO-RE program on the raw syscall tracepoints (``tp_btf/sys_enter``,
  ``sys_exit``) and ``sched_process_exit``/``sched_process_fork``. It writes complete scap
  ``EV_V2`` event blocks into one BPF ring buffer. Which event a syscall produces and where each
  parameter comes from is data (the ``syscalls`` map), not code: :mod:`capture.syscalls` holds
  that table and checks it against ``analyzer.scap.event_table`` (enter events in their 2022
  shape, exit events with the current parameter count, ids < 336, so sysdig 0.29.3 and current
  libs both read them). Settings and filters are the program's ``.rodata`` (``struct
  scap_config``), set before load.
* ``bpf/scap_bpf.h`` - the record layout and table formats shared by both sides;
  :mod:`capture.layout` mirrors it with ctypes.
* ``bpf/loader.c`` - libbpf loading/attaching and a bulk ring-buffer drain (one call copies
  many blocks), used from :mod:`capture.probe` through ctypes.
* :mod:`capture.build` - builds both into the user cache, keyed by a hash of the sources
  (``vmlinux.h`` from the running kernel's BTF with bpftool).
* :mod:`capture.run` - the capture loop: attach, take the /proc snapshot (:mod:`capture.procfs`)
  while draining, write the header, then copy event blocks to the file; limits, rotation, drop
  events, and :func:`capture.run.record` for recording one command's process tree.
"""
