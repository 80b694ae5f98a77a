#!/bin/sh
# Container-like process tree scenario (scapkit sample trace). Run by sample_traces/scenarios.py
# in a private temporary directory; usage: container.sh [CGROUP_DIR ...]
#
# Builds what a container runtime would: the script joins cgroups named like a Docker container
# (.../scapkit/<64 hex> in the v1 cpuset and memory hierarchies and in cgroup v2, created and
# removed by the runner when cgroups are writable), then unshare starts an init shell in new PID, mount, UTS and IPC namespaces with its
# own /proc (vpid 1). Inside, the "container" sets its hostname, starts two workers, looks
# around (ps, id, its cgroup) and probes for an escape (reading /proc/1/root, listing devices).
set -u
cd "$(dirname "$0")" || exit 1
for cg in "$@"; do
	echo $$ > "$cg/cgroup.procs"
done
# the "container": one line, so proc.args and proc.cmdline print on one line
exec unshare --pid --fork --mount-proc --uts --ipc sh -c 'hostname web-1; sleep 0.3 & sh -c "sleep 0.3; echo worker done" & ps -ef; id; hostname; cat /proc/self/cgroup; ls /proc/1/root/ >/dev/null; ls /dev >/dev/null; wait'
