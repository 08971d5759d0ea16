#!/bin/sh
# libFuzzer smoke run (`make fuzzers` builds build/fuzz/fuzz_*). For each
# target: replay every input kept in tests/fuzz/regressions/<name>/ (each
# once crashed lore; each must now pass), then fuzz for FUZZ_SMOKE seconds
# (default 10) from tests/fuzz/seeds/<name>/. New corpus entries and crash
# artifacts go to a temporary directory; a crash is copied to
# build/fuzz/crash-<name>-* for `build/fuzz/fuzz_<name> FILE` to replay.
# `make fuzz` runs each target for FUZZ_TIME (180 s) instead.
pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && printf '%s\n' "$2" | tail -n 25 | sed 's/^/     /'; }
smoke=${FUZZ_SMOKE:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
found=0
for f in build/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  found=1
  n=${f##*/fuzz_}
  reg=tests/fuzz/regressions/$n
  seeds=tests/fuzz/seeds/$n
  # regressions: replayed one by one, each in a fresh run
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
    out=$("$f" -runs=1 -timeout=25 "$reg"/* 2>&1); rc=$?
    k=$(ls -A "$reg" | wc -l)
    [ $rc -eq 0 ] && ok "$n: $k regression inputs replayed" \
                  || no "$n: a regression input fails again" "$out"
  fi
  # smoke: the seeds, then mutations for $smoke seconds
  mkdir -p "$tmp/corpus-$n" "$tmp/art-$n"
  out=$("$f" -max_total_time="$smoke" -timeout=25 -rss_limit_mb=2048 \
          -artifact_prefix="$tmp/art-$n/" "$tmp/corpus-$n" "$seeds" 2>&1); rc=$?
  runs=$(printf '%s\n' "$out" | sed -n 's/^Done \([0-9]*\) runs.*/\1/p' | tail -n 1)
  if [ $rc -eq 0 ]; then
    ok "$n: fuzzed ${smoke} s (${runs:-?} inputs)"
  else
    for a in "$tmp/art-$n"/*; do
      [ -f "$a" ] && cp "$a" "build/fuzz/crash-$n-${a##*/}"
    done
    no "$n: fuzzing found a failure (input kept in build/fuzz/crash-$n-*)" "$out"
  fi
done
[ $found -eq 1 ] || no "no fuzzer built (make fuzzers needs clang)"
echo "$pass passed, $fail failed"
