#!/bin/sh
# bench/run.sh: run every benchmark; each prints BENCH lines.
cd "$(dirname "$0")/.." || exit 1
status=0
for b in build/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" corpus || status=1
done
for s in bench/suites/*.sh; do
  [ -f "$s" ] || continue
  echo "== $(basename "$s" .sh)"
  sh "$s" || status=1
done
exit $status
