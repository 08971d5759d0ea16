#!/bin/sh
# tests/cluster/can-run.sh [--why]: exit 0 when this machine can start the
# one-node Slurm of tests/cluster/run.sh (munge and Slurm daemons and
# clients installed, and root, which slurmd needs to start jobs), else 1.
# With --why, print the reason (or "ok") on standard output.
why=""
for b in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  if ! command -v "$b" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$b" ]; then
    why="$b not found (Debian packages slurm-wlm and munge: make deps)"
    break
  fi
done
if [ -z "$why" ] && [ "$(id -u)" != 0 ]; then
  why="not root (slurmd must run as root to start jobs; munged and slurmctld too, as configured)"
fi
if [ -z "$why" ] && [ ! -r /dev/urandom ]; then
  why="/dev/urandom not readable (needed for a munge key)"
fi
if [ -z "$why" ] && [ ! -r /proc/net/tcp ]; then
  why="/proc/net/tcp not readable (needed to pick free ports)"
fi
if [ -z "$why" ]; then
  d=$(mktemp -d 2>/dev/null) || why="cannot create a temporary folder"
  [ -n "$d" ] && rmdir "$d"
fi
if [ "${1:-}" = "--why" ]; then echo "${why:-ok}"; fi
[ -z "$why" ]
