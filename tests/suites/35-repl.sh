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
