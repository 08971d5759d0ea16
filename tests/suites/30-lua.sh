#!/bin/sh
# Lua API tests, in the lore executable and in a stock lua5.4 (require "lore").
out1=$(./build/lore run tests/lua/run.lua 2>&1); rc1=$?
printf '%s\n' "$out1" | grep -v '^[0-9]* passed' 
out2=$(lua5.4 -e 'package.cpath="build/?.so;"..package.cpath' tests/lua/run.lua 2>&1); rc2=$?
printf '%s\n' "$out2" | grep -v '^[0-9]* passed' | sed 's/^/[lua5.4] /'
p1=$(printf '%s\n' "$out1" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n1)
f1=$(printf '%s\n' "$out1" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n1)
p2=$(printf '%s\n' "$out2" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n1)
f2=$(printf '%s\n' "$out2" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n1)
p=$(( ${p1:-0} + ${p2:-0} )); f=$(( ${f1:-0} + ${f2:-0} ))
[ $rc1 -ne 0 ] && [ "${f1:-0}" -eq 0 ] && f=$((f + 1))
[ $rc2 -ne 0 ] && [ "${f2:-0}" -eq 0 ] && f=$((f + 1))
echo "$p passed, $f failed"
