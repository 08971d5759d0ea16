#!/bin/sh
# tests/cluster/stall.sh: a stand-in for lore in the cluster test, given to
# `lore slurm --lore`, installed beside the real lore. It runs the real lore
# unchanged, except that while the file $LORE_STALL exists, the run of
# shard $LORE_STALL_SHARD is slowed down (SIGSTOP/SIGCONT) and, once it has
# read a fifth of the JSONL file $LORE_STALL_INPUT (absolute path) or read it
# all, stopped for good, mid-run (before its partial is written); "PID POS
# SIZE" then goes to $LORE_STALL.stopped, so that the test can cancel the
# task while lore is in the middle of its shard.
real="$(dirname "$0")/lore"
if [ -z "${LORE_STALL:-}" ] || [ ! -e "$LORE_STALL" ]; then exec "$real" "$@"; fi
case " $* " in
  *" --shard $LORE_STALL_SHARD "*) ;;
  *) exec "$real" "$@" ;;
esac
"$real" "$@" &
pid=$!
size=$(wc -c < "$LORE_STALL_INPUT")
# lore reads ahead of its workers (a window of up to 4 MiB), so the whole
# file may be read in a few milliseconds: let lore run in slices of about a
# millisecond, and stop it once it is a fifth into the file, or once it has
# read and closed the file while its workers still have the shard to do.
seen=0
while kill -STOP "$pid" 2>/dev/null; do
  grep -q ') Z ' "/proc/$pid/stat" 2>/dev/null && break   # ended, not reaped
  pos=-1
  for fd in /proc/"$pid"/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$LORE_STALL_INPUT" ]; then
      pos=$(sed -n 's/^pos:[[:space:]]*//p' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null)
    fi
  done
  [ "${pos:--1}" -ge 0 ] && seen=1
  if [ "${pos:--1}" -ge $((size / 5)) ] || { [ $seen -eq 1 ] && [ "${pos:--1}" -lt 0 ]; }; then
    [ "${pos:--1}" -lt 0 ] && pos=$size
    echo "$pid $pos $size" > "$LORE_STALL.stopped"
    break
  fi
  kill -CONT "$pid" 2>/dev/null; sleep 0.001
done
wait "$pid"
