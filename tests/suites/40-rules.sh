#!/bin/sh
# Inline examples of the bundled rule files and of the documented example
# rule pack (lore test), summed into one summary line.
pass=0; fail=0
for set in "" "rules/boilerplate.lua rules/entities.lua docs/examples/sanctions.lua"; do
  out=$(./build/lore test $set 2>&1); rc=$?
  printf '%s\n' "$out" | grep -v '^[0-9]* passed'
  p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n1)
  [ -z "$p" ] && { echo "lore test $set: no summary (rc $rc)"; f=1; p=0; }
  pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
