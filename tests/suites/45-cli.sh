#!/bin/sh
# The rule tools of the command line: lore profile (where the time goes)
# and lore explain (which rule made a span, which won), on a tiny corpus
# and rule file made here, with exact output.
pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/     /'; }
LORE=$(pwd)/build/lore
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'Title one\n\nVladimir Putin met Xi Jinping in Moscow. Putin said so.\n' > "$tmp/a.txt"
printf 'Title two\n\nPutin spoke.\n' > "$tmp/b.txt"
# a slow rule (a busy action on each of its 3 matches), a fast one, and a
# short one that loses its conflicts to the longer
cat > "$tmp/r.lua" <<'LUA'
phase "t"
layer("t", {policy = "longest"})
rule { name = "slow", layer = "t", label = "P", regex = [[\bPutin\b]],
  action = function (m) local x = 0 for i = 1, 2000000 do x = x + i end end }
rule { name = "fast", layer = "t", label = "M", regex = [[\bMoscow\b]] }
rule { name = "full", layer = "t", label = "P", regex = [[\bVladimir Putin\b]] }
LUA

# profile
out=$($LORE profile -r "$tmp/r.lua" "$tmp/a.txt" "$tmp/b.txt" 2>&1); rc=$?
[ $rc -eq 0 ] && ok "profile: exit status 0" || no "profile: exit status $rc" "$out"
printf '%s\n' "$out" | head -n 1 | grep -q '^2 documents, 91 bytes, [0-9.]* s CPU in the rules ([0-9.]* MB/s)$' \
  && ok "profile: documents, bytes, CPU and speed on the first line" || no "profile: first line" "$out"
[ "$(printf '%s\n' "$out" | sed -n 2p)" = "  seconds  share   spans  rule" ] \
  && ok "profile: column heads" || no "profile: column heads" "$out"
# the slow rule first, with the spans it kept (3 matches, one beaten by
# "Vladimir Putin": 2); the others with theirs
row=$(printf '%s\n' "$out" | sed -n 3p)
printf '%s\n' "$row" | grep -q '^ *[0-9.]* *\(9[0-9]\|100\)\.[0-9]% *2  r.lua:slow$' \
  && ok "profile: the slow rule first, 90+% of the time, 2 spans kept" || no "profile: slow rule row '$row'" "$out"
printf '%s\n' "$out" | grep -q '^ *[0-9.]* *[0-9.]*% *1  r.lua:fast$' && printf '%s\n' "$out" | grep -q '^ *[0-9.]* *[0-9.]*% *1  r.lua:full$' \
  && ok "profile: the other rules with their spans" || no "profile: other rows" "$out"
printf '%s\n' "$out" | grep -q '^ *[0-9.]* *[0-9.]*%  *resolve t$' \
  && ok "profile: the phase's conflict resolution has its row" || no "profile: resolve row" "$out"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 6 ] && ok "profile: one row per rule and phase" || no "profile: rows" "$out"
out=$($LORE profile -r "$tmp/r.lua" --repeat 3 "$tmp/a.txt" 2>&1)
printf '%s\n' "$out" | head -n 1 | grep -q '^3 documents, 201 bytes,' \
  && ok "profile --repeat 3: three passes over the one document" || no "profile --repeat" "$out"
out=$($LORE profile -r "$tmp/r.lua" --repeat 0 "$tmp/a.txt" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q "repeat expects a positive number" \
  && ok "profile --repeat 0: usage error" || no "profile --repeat 0: status $rc" "$out"
printf 'phase "t"\nlayer("t")\nrule { name = "boom", layer = "t", regex = "Putin", action = function () error("kaput") end }\n' > "$tmp/bad.lua"
out=$($LORE profile -r "$tmp/bad.lua" --repeat 2 "$tmp/a.txt" 2>"$tmp/err"); rc=$?
[ $rc -eq 4 ] && printf '%s\n' "$out" | head -n 1 | grep -q ', 1 rule errors$' \
  && [ "$(cat "$tmp/err")" = "lore: error: rule bad.lua:boom on document a: $tmp/bad.lua:3: kaput" ] \
  && ok "profile: a failing rule is named once and counted, status 4" \
  || no "profile: failing rule, status $rc" "$out$(cat "$tmp/err")"

mkdir -p "$tmp/hp"; : > "$tmp/hp/empty.txt"; printf 'T\n\nBad \377\376 bytes, Putin said.\n' > "$tmp/hp/bad.txt"
out=$($LORE profile -r "$tmp/r.lua" "$tmp/hp" 2>&1); rc=$?
[ $rc -eq 3 ] && printf '%s\n' "$out" | grep -qxF "lore: warning: $tmp/hp/empty.txt: empty file skipped" \
  && printf '%s\n' "$out" | grep -q '^1 documents, 29 bytes,' \
  && ok "profile: an input skipped is named, the rest profiled, status 3" || no "profile: skipped input (status $rc)" "$out"

# explain
out=$($LORE explain "$tmp/a.txt" --at 22 -r "$tmp/r.lua" 2>&1); rc=$?
want="document a, offset 22:
  ...Title one  Vladimir Pu|tin met Xi Jinping in Moscow. Putin said...
t:
  [11,25) 'Vladimir Putin'/P  rule r.lua:full  priority 0  -> kept
  [20,25) 'Putin'/P  rule r.lua:slow  priority 0  -> lost to r.lua:full 'Vladimir Putin'/P"
[ $rc -eq 0 ] && [ "$out" = "$want" ] && ok "explain: the winner and the loser at an offset" || no "explain at 22 (status $rc)" "$out"
out=$($LORE explain "$tmp/a.txt" --at 2 -r "$tmp/r.lua" 2>&1)
[ "$(printf '%s\n' "$out" | tail -n 1)" = "no rule matched at offset 2" ] && ok "explain: nothing at an offset" || no "explain at 2" "$out"
out=$($LORE explain "$tmp/a.txt" --at 999 -r "$tmp/r.lua" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q "offset 999 beyond end of document a (67 bytes)" \
  && ok "explain: an offset beyond the end is a usage error" || no "explain at 999: status $rc" "$out"

# broken rule files: one clear line, status 1, no Lua traceback
out=$($LORE extract -q -r "$tmp/none.lua" "$tmp/a.txt" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$out" = "lore: cannot open $tmp/none.lua: No such file or directory" ] \
  && ok "a missing rule file: one line naming it, status 1" || no "missing rule file (status $rc)" "$out"
printf 'phase "p"\nlayer("x", {exclude = {"y"}})\nlayer("y", {exclude = {"x"}})\n' > "$tmp/cycle.lua"
out=$($LORE extract -q -r "$tmp/cycle.lua" "$tmp/a.txt" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$out" = "lore: layer 'x' excludes itself through its exclude lists" ] \
  && ok "layers excluding each other: refused at load, status 1" || no "exclude cycle (status $rc)" "$out"
printf 'phase "p"\nlocal t = nil\nt.x = 1\n' > "$tmp/nil.lua"
out=$($LORE extract -q -r "$tmp/nil.lua" "$tmp/a.txt" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$out" = "lore: $tmp/nil.lua:3: attempt to index a nil value (local 't')" ] \
  && ok "a rule file failing as it loads: file, line and message" || no "rule file error at load (status $rc)" "$out"

# require in rule files: a module next to the file, with and without
# --sandbox, loaded once per rule set however many files require it
mkdir -p "$tmp/pack/lib"
cat > "$tmp/pack/lib/names.lua" <<'LUA'
return {re = lore.regex([[\bPutin\b]])}
LUA
cat > "$tmp/pack/one.lua" <<'LUA'
phase "p"
layer("one")
local m = require "lib.names"
rule { name = "r", layer = "one", regex = m.re,
  action = function (x) x.attrs.mod = tostring(m) end }
LUA
sed 's/one/two/g' "$tmp/pack/one.lua" > "$tmp/pack/two.lua"
for mode in "" --sandbox; do
  out=$($LORE extract -q -j1 $mode -r "$tmp/pack" "$tmp/b.txt" 2>&1); rc=$?
  # both files got the same module table: one load
  n=$(printf '%s\n' "$out" | grep -o '"mod":"table: 0x[0-9a-f]*"' | wc -l)
  u=$(printf '%s\n' "$out" | grep -o '"mod":"table: 0x[0-9a-f]*"' | sort -u | wc -l)
  [ "$n" -eq 2 ] && [ "$u" -eq 1 ] \
    && [ $rc -eq 0 ] && ok "require of a module next to the rule files ${mode:-without --sandbox}: loaded once" \
    || no "require next to the rule file ${mode:-without --sandbox} (status $rc)" "$out"
done
printf 'phase "p"\nlocal m = require "lib.nosuch"\n' > "$tmp/pack/three.lua"
out=$($LORE extract -q -j1 -r "$tmp/pack/three.lua" "$tmp/b.txt" 2>&1); rc=$?
[ $rc -eq 1 ] && printf '%s\n' "$out" | head -n 1 | grep -qF "lore: $tmp/pack/three.lua:2: module 'lib.nosuch' not found:" \
  && ok "require of a missing module: the rule file and line" || no "missing module (status $rc)" "$out"
# every command listed by lore --help has a help page: usage line, status 0
cmds=$($LORE --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
bad=""
for c in $cmds; do
  out=$($LORE help "$c" 2>&1); rc=$?
  [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q "^usage: lore \|^lore [0-9]" || bad="$bad $c($rc)"
done
[ "$(printf '%s\n' $cmds | wc -l)" -ge 19 ] && [ -z "$bad" ] \
  && ok "lore help COMMAND for each of the $(printf '%s\n' $cmds | wc -l) commands" \
  || no "lore help: commands without a help page:$bad" "$cmds"
# lore run: skipped inputs give status 3 (as in extract), -q is an option
mkdir -p "$tmp/runin"
printf 'Title\nBody text.\n' > "$tmp/runin/a.txt"
: > "$tmp/runin/empty.txt"
echo 'local n = 0 for _ in lore.corpus() do n = n + 1 end print(n, #lore.inputs)' > "$tmp/count.lua"
out=$($LORE run "$tmp/count.lua" "$tmp/runin" 2> "$tmp/run.err"); rc=$?
[ $rc -eq 3 ] && [ "$out" = "$(printf '1\t1')" ] \
  && grep -q "^lore: warning: $tmp/runin/empty.txt: empty file skipped" "$tmp/run.err" \
  && ok "lore run: a skipped input is a warning and exit status 3" || no "lore run with a skipped input: status $rc, out '$out'" "$(cat "$tmp/run.err")"
out=$($LORE run "$tmp/count.lua" "$tmp/runin/a.txt" -q 2> "$tmp/run.err"); rc=$?
[ $rc -eq 0 ] && [ "$out" = "$(printf '1\t1')" ] && [ ! -s "$tmp/run.err" ] \
  && ok "lore run -q: an option, not an input" || no "lore run -q: status $rc, out '$out'" "$(cat "$tmp/run.err")"
err=$($LORE bogus 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$err" = "lore: unknown command 'bogus' (see 'lore --help')" ] \
  && ok "an unknown command: one usage line, status 2" || no "lore bogus: status $rc" "$err"
printf '{braces} in a title\nBody text.\n' | $LORE run "$tmp/count.lua" - > "$tmp/b.out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmp/b.out")" = "$(printf '1\t1')" ] \
  && ok "text on standard input that starts with '{' is text, not JSONL" || no "stdin '{braces}': status $rc" "$(cat "$tmp/b.out")"
# a missing rule file: one line naming it, status 1, in every command
for c in "test $tmp/nope.lua" "eval --gold tests/data/gold_000-002.jsonl corpus/ -r $tmp/nope.lua" \
         "report corpus/ -r $tmp/nope.lua" "extract corpus/ -r $tmp/nope.lua"; do
  err=$($LORE $c 2>&1 >/dev/null); rc=$?
  [ $rc -eq 1 ] && [ "$err" = "lore: cannot open $tmp/nope.lua: No such file or directory" ] \
    && ok "lore ${c%% *}: a missing rule file is one line, status 1" || no "lore ${c%% *} with a missing rule file: status $rc" "$err"
done
echo "$pass passed, $fail failed"
