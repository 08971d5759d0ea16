#!/bin/sh
# The REPL through a pipe, and through a pseudo-terminal driven by tmux:
# multi-line input, history (Up), tab completion, Ctrl-C during a loop.
pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
LORE=./build/lore
tmp=$(mktemp -d)

# --- through a pipe: no prompts, values printed, errors go on ------------
out=$(printf '%s\n' 'x = 6' 'function f(n)' '  return n * x' 'end' 'f(7)' \
  'd = lore.doc("Xi met Putin.")' 'd.ntokens' 'error("boom")' '"still here"' \
  | NO_COLOR=1 $LORE repl 2>"$tmp/err")
rc=$?
want=$(printf '%s\n' 42 4 '"still here"')
[ "$out" = "$want" ] && ok "pipe: values printed, multi-line function" || no "pipe output" "$out"
grep -q 'stdin:1: boom' "$tmp/err" && ok "pipe: error reported with its location" || no "pipe error" "$(cat "$tmp/err")"
[ $rc -eq 1 ] && ok "pipe: exit status 1 after an error" || no "pipe exit status $rc"
out=$(printf ':docs\n#docs\n' | NO_COLOR=1 $LORE repl corpus/004_2e37a21424fc0a69.txt 2>&1)
printf '%s\n' "$out" | grep -q '004_2e37a21424fc0a69' && ok "pipe: :docs lists loaded documents" || no ":docs" "$out"

# repl LINE...: the lines through a pipe; stdout in $out, stderr in $err,
# the exit status in $rc
repl () {
  out=$(printf '%s\n' "$@" | NO_COLOR=1 $LORE repl 2>"$tmp/err"); rc=$?
  err=$(cat "$tmp/err")
}
# same WHAT GOT WANT: an exact comparison
same () {
  if [ "$2" = "$3" ]; then ok "$1"
  else no "$1" "$(printf 'got:\n%s\nwanted:\n%s' "$2" "$3")"; fi
}

repl ':load corpus/' ':load /nonexistent' '#docs' 'doc.id'
same "pipe: a bad :load keeps the documents loaded before" "$out" \
  "$(printf '%s\n' '5 document(s) loaded' 5 '"000_a7dc20db6077fbda"')"
same "pipe: a bad :load names the path" "$err" \
  ':load: /nonexistent: No such file or directory; the 5 document(s) loaded before are kept'
[ $rc -eq 1 ] && ok "pipe: exit status 1 after a bad :load" || no "bad :load exit status $rc"

repl 'for i=1,2 do'
same "pipe: an unfinished statement at the end is a syntax error" \
  "$out|$err|$rc" "|stdin:1: 'end' expected near <eof>|1"
repl 'x = 6' 'x' 'function f()' '  return x'
same "pipe: the lines before an unfinished statement run" \
  "$out|$err|$rc" "6|stdin:2: 'end' expected (to close 'function' at line 1) near <eof>|1"

repl 'd = lore.doc("Xi met Putin.")' 't = d:token(1)' 'd:close()' 't' 'd'
same "print: a token and a document once closed" "$out|$err|$rc" \
  "lore.Token <closed document>
lore.Doc (no id) (closed)||0"
repl 'd = lore.doc("x")' 'd.meta.title = print' 'd' '{d}'
printf '%s\n' "$out" | sed 's/0x[0-9a-f]*/ADDR/' >"$tmp/got"
same "print: a title that is a function" "$(cat "$tmp/got")|$err|$rc" \
  "lore.Doc (no id) function: ADDR
  1 bytes, 1 tokens, 1 sentences, 1 paragraphs
{lore.Doc (no id) function: ADDR (1 bytes)}||0"

long=$(printf 'a%.0s' $(seq 200))
repl 'd = lore.doc("Xi met Putin.")' 'sp = d:add("x", 0, 2)' 'sp.long = ("a"):rep(5000)' 'sp'
same "print: a long attribute is cut, with the bytes left out" "$out" \
  "x \"Xi\" [0,2) long=\"$long…\" (+4800 bytes)"
repl 'setmetatable({}, {__tostring = function () return "X" end})' \
  'setmetatable({}, {__tostring = function () error("no") end})'
same "print: __tostring is honoured, and its errors survived" "$out|$err" "X
<table>|"
repl 'lore.doc("Xi met Putin.")' \
  'lore.doc("Xi met Putin in Moscow on Tuesday, and they talked for a long time.")' \
  'lore.doc("Xi met Putin.", {id = "a1", title = "Talks"})'
same "print: a document without an id by its first words" "$out" \
  'lore.Doc (no id) "Xi met Putin."
  13 bytes, 4 tokens, 1 sentences, 1 paragraphs
lore.Doc (no id) "Xi met Putin in Moscow on Tuesday, and they talked for a…"
  67 bytes, 16 tokens, 1 sentences, 1 paragraphs
lore.Doc a1 "Talks"
  13 bytes, 4 tokens, 1 sentences, 1 paragraphs'
repl 'd = lore.doc("Xi met Putin.")' '_ = d:add("x", 0, 2)' '_ = d:add("x", 7, 12)' \
  'd:spans("x")' '{a = d:spans("x"), n = 2}'
same "print: spans one a line at top level, inline when nested" "$out" \
  '  1  x "Xi" [0,2)
  2  x "Putin" [7,12)
{a = {x "Xi" [0,2), x "Putin" [7,12)}, n = 2}'
repl 't = {x = true}' 'for i = 1, 40 do t[i] = i end' 't'
same "print: a long table says how many items are left out" "$out" '{
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
  28, 29, 30, … 11 more
}'

repl 'function f() error("deep") end' 'f()' 'g = nil' 'g.x'
same "pipe: tracebacks stop at the user's chunk" "$err" "$(printf '%s\n' \
  'stdin:1: deep' 'stack traceback:' "	[C]: in function 'error'" "	stdin:1: in function 'f'" \
  '	(...tail calls...)' "stdin:1: attempt to index a nil value (global 'g')" 'stack traceback:' \
  '	stdin:1: in main chunk')"

repl 'doc = lore.doc("Xi met Putin.")' ':match [cap' ':match /Pu(tin/' ':match Putin'
same "pipe: a bad :match pattern or regex is one error, no traceback" "$err|$rc" \
  "lore.pattern: expected ']' to close '[' at offset 0
  [cap
      ^
lore.regex: missing closing parenthesis at offset 6 in /Pu(tin/|1"
same "pipe: :match goes on after bad patterns" "$out" '  1  [7,12) "Putin" 
1 match(es)'

repl 'sp = lore.doc("Xi met Putin."):add("x", 0, 2)' 'sp.answer = 42' 'c = require("lore.repl").complete' \
  'table.concat(c("sp:a", ""), " ")' 'table.concat(c("sp.a", ""), " ")' \
  't = {n = 1, f = print}' 'table.concat(c("t:", ""), " ")' 'table.concat(c("t.", ""), " ")'
same "completion: methods only after ':', fields and methods after '.'" "$out" \
  '"sp:attrs"
"sp.alive sp.answer sp.attrs"
"t:f"
"t.f t.n"'

# --- through a pseudo-terminal ------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
  no "tmux is not installed (make deps)"
  echo "$pass passed, $fail failed"; exit 0
fi
sock="lore-repl-test-$$"
T="tmux -L $sock"
screen () { $T capture-pane -p -t t; }
# type literal text (not key names: 'end' would be the End key), then Enter
typeln () { for l in "$@"; do $T send-keys -t t -l "$l"; $T send-keys -t t Enter; done; }
# wait until the screen contains $1 (up to 10 s)
waitfor () {
  i=0
  while [ $i -lt 100 ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
$T new-session -d -s t -x 100 -y 40 \
  "env LORE_HISTORY=$tmp/history NO_COLOR=1 TERM=xterm $LORE repl; sleep 30"
if waitfor 'lore>'; then ok "tty: banner and prompt"; else no "tty: no prompt" "$(screen)"; fi
typeln 'function sq(n)' '  return n * n' 'end' 'sq(12)'
waitfor '144' && ok "tty: multi-line function defined and called" || no "tty: multi-line" "$(screen)"
$T send-keys -t t Up BSpace BSpace BSpace; typeln '20)'
waitfor '400' && ok "tty: history recalls and edits the last line" || no "tty: history" "$(screen)"
$T send-keys -t t -l 'lore.rege'; $T send-keys -t t Tab
sleep 0.3
typeln '("ab+")'
waitfor 'lore.regex(/ab+/)' && ok "tty: tab completion of a module field" || no "tty: completion" "$(screen)"
typeln 'sp = lore.doc("Xi met Putin."):add("x", 0, 2)'
$T send-keys -t t -l 'sp:a'; $T send-keys -t t Tab
sleep 0.3
typeln '()'
waitfor 'sp:attrs()' && ok "tty: tab after ':' completes the one method" || no "tty: method completion" "$(screen)"
typeln 'n = 0; while true do n = n + 1 end'
sleep 0.7
$T send-keys -t t C-c
waitfor 'interrupted!' && ok "tty: Ctrl-C stops a long loop" || no "tty: Ctrl-C" "$(screen)"
typeln '"after " .. tostring(n > 0)'
waitfor '"after true"' && ok "tty: the REPL goes on after Ctrl-C" || no "tty: after Ctrl-C" "$(screen)"
typeln ':quit'
sleep 0.5
grep -q 'sq(20)' "$tmp/history" 2>/dev/null && ok "tty: history saved to LORE_HISTORY" || no "tty: history file" "$(cat "$tmp/history" 2>&1)"
$T kill-server 2>/dev/null
rm -rf "$tmp"
echo "$pass passed, $fail failed"
