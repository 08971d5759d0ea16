#!/bin/sh
# tests/cluster/stall.sh: a stand-in for lore in the cluster test, given to
# `lore slurm --lore`, installed beside the real lore. It runs the real lore
# unchanged, except that while the file $LORE_STALL exists, the run of
# shard $LORE_STALL_SHARD is slowed down (SIGSTOP/SIGCONT) and, once it has
# read a fifth of the JSONL file $LORE_STALL_INPUT (absolute path), stopped
# for good, mid-run; "PID POS SIZE" then goes to $LORE_STALL.stopped, so that
# the test can cancel the task while lore is in the middle of its shard.
real="$(dirname "$0")/lore"
if [ -z "${LORE_STALL:-}" ] || [ ! -e "$LORE_STALL" ]; then exec "$real" "$@"; fi
case " $* " in
  *" --shard $LORE_STALL_SHARD "*) ;;
  *) exec "$real" "$@" ;;
esac
"$real" "$@" &
pid=$!
size=$(wc -c < "$LORE_STALL_INPUT")
while kill -0 "$pid" 2>/dev/null; do
  pos=0
  for fd in /proc/"$pid"/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$LORE_STALL_INPUT" ]; then
      pos=$(sed -n 's/^pos:[[:space:]]*//p' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null)
    fi
  done
  if [ "${pos:-0}" -ge $((size / 5)) ]; then
    kill -STOP "$pid" && echo "$pid $pos $size" > "$LORE_STALL.stopped"
    break
  fi
  kill -STOP "$pid" 2>/dev/null; sleep 0.1; kill -CONT "$pid" 2>/dev/null; sleep 0.02
done
wait "$pid"
