#!/bin/sh
# tests/run.sh: run every test suite and print one summary line
# "N passed, N failed". Exit status 1 if anything failed.
# Suites: tests/suites/*.sh, each printing its own "N passed, N failed"
# as its last line (cmocka binaries are wrapped by tests/suites/10-c.sh).
cd "$(dirname "$0")/.." || exit 1
total_pass=0
total_fail=0
failed_suites=""
for s in tests/suites/*.sh; do
  name=$(basename "$s" .sh)
  echo "== $name"
  out=$(mktemp)
  sh "$s" 2>&1 | tee "$out"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  rm -f "$out"
  if [ -z "$line" ]; then
    echo "!! $name printed no summary line: counted as 1 failure"
    total_fail=$((total_fail + 1)); failed_suites="$failed_suites $name"
    continue
  fi
  p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  [ "$f" -gt 0 ] && failed_suites="$failed_suites $name"
done
[ -n "$failed_suites" ] && echo "failed suites:$failed_suites"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
