#!/bin/sh
# C unit tests (cmocka): plain build, then ASan+UBSan build.
pass=0; fail=0
for t in build/test/test_* build/asan/test_*; do
  [ -x "$t" ] || continue
  out=$("$t" 2>&1); rc=$?
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  p=${p:-0}; f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crash, sanitizer report
  if [ "$f" -gt 0 ]; then printf '%s\n' "$out"; echo "FAIL $t"; else echo "ok   $t ($p)"; fi
  pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
