#!/bin/sh
# Robustness and security (issue 10). Nothing in a corpus or a rule file may
# crash lore, hang it, leak memory, corrupt its output or reach outside what
# the user allowed:
#   1. a hostile corpus generated here (invalid UTF-8, NUL and control
#      bytes, empty, binary, unreadable and dangling files, a directory
#      loop, CR and CRLF line ends, a BOM, deep and huge JSON lines, JSONL
#      lines without text, an odd file name, a single 100 MB line): each
#      file processed exactly or skipped with a warning naming it (and its
#      line), the rest processed, exit status 3, output strict JSON and
#      valid UTF-8;
#   2. runaway rules (endless loop, unbounded allocation, catastrophic
#      regex; in an action and in a rule file's own code) stopped with an
#      error naming the rule, the document or pattern;
#   3. --sandbox: each forbidden thing refused with a clear message; normal
#      rules unchanged under it;
#   4. output files whole or not at all (SIGINT 130, SIGTERM 143, --fail-fast,
#      SIGKILL), no temporary file left; results byte-identical for -j1, -j2,
#      -j4, repeated runs and shards;
#   5. the Lua tests and one `lore extract corpus/` under valgrind: no
#      definite leak, no memory error.
pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/     /'; }

top=$(pwd)
LORE=$top/build/lore
R=$top/tests/robustness
tmp=$(mktemp -d /tmp/lore-robustness.XXXXXX)
chmod 755 "$tmp"                           # the unreadable-file case runs as nobody
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
CHECK="$LORE run $R/check_jsonl.lua"
# the bundled rules, copied once: other people may be editing rules/ while
# this runs, and the comparisons below need the same rules in every run
cp -R "$top/rules" "$tmp/rules"
RULES=""
for f in boilerplate entities quotes figures; do RULES="$RULES -r $tmp/rules/$f.lua"; done
# valid JSON lines, valid UTF-8 (two independent checkers), no raw controls
json_ok () {
  $CHECK "$1" >/dev/null 2>"$tmp/why" || return 1
  iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || { echo "iconv: invalid UTF-8" >"$tmp/why"; return 1; }
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys
for i, l in enumerate(open(sys.argv[1], "rb"), 1):
    json.loads(l.decode("utf-8", "strict"))' "$1" 2>"$tmp/why" || return 1
  fi
  return 0
}
get () { f=$1; shift; $CHECK "$f" -- get "$@" 2>&1; }
# bytes FILE FORMAT: FILE holds exactly what printf FORMAT prints
bytes () { printf "$2" > "$tmp/want.bytes"; cmp -s "$1" "$tmp/want.bytes"; }

# {======================================================================
# 1. Hostile corpus
# =======================================================================
H=$tmp/h
mkdir -p "$H"
printf 'Ordinary document\nPutin met Xi in Beijing on Wednesday. "We agree," Xi said.\n' > "$H/ok1.txt"
printf 'Invalid UTF-8\nOverlong \300\257 and \340\200\257, surrogates \355\240\200 and \355\277\277, too big \364\220\200\200, truncated \342\202 and \360\237\230 then a stray \200 and \376\377. Putin met Xi in Beijing.\n' > "$H/utf8.txt"
# what the JSON writer must make of it: U+FFFD per maximal invalid subpart
R3='\357\277\275'
printf "Invalid UTF-8\nOverlong $R3$R3 and $R3$R3$R3, surrogates $R3$R3$R3 and $R3$R3$R3, too big $R3$R3$R3$R3, truncated $R3 and $R3 then a stray $R3 and $R3$R3. Putin met Xi in Beijing.\n" > "$tmp/utf8.want"
body=$(yes 'Putin met Xi in Beijing on Wednesday and the talks went on.' | head -n 60 | tr '\n' ' ')
# a few NULs (under 1% of the first 8 KiB): text, NULs kept
{ printf 'Head\000line\n'; printf '%s' "$body"; printf '\000 mid \000 end.\n'; } > "$H/nul_few.txt"
# NUL-heavy: binary
{ printf 'Text\n'; i=0; while [ $i -lt 40 ]; do printf 'ab\000\000cd\000'; i=$((i + 1)); done; } > "$H/nul_many.txt"
{ printf 'Controls\n'; printf '%s' "$body"; printf ' ESC \033[31m red, BEL \007, DEL \177, C1 \302\205 and \302\233 end.\n'; } > "$H/ctrl.txt"
: > "$H/empty.txt"
: > "$H/empty.jsonl"
{ printf '\211PNG\r\n\032\n\000\000\000\rIHDR'; i=0; while [ $i -lt 64 ]; do printf '\001\002\003\004\377\376'; i=$((i + 1)); done; } > "$H/binary.txt"
ln -s "$tmp/nowhere.txt" "$H/dangling.txt"
ln -s . "$H/self"                          # a directory loop
printf 'CRLF title\r\nDate: 2023-10-18\r\n\r\nPutin met Xi in Beijing.\r\nHe said "we agree."\r\n' > "$H/crlf.txt"
printf 'CR title\rDate: 2024-01-02\r\rPutin met Xi in Beijing.\rHe said "we agree."\r' > "$H/cr.txt"
printf '\357\273\277BOM title\nPutin met Xi in Beijing.\n' > "$H/bom.txt"
{
  printf '%s\n' '{"id":"j1","text":"Putin met Xi in Beijing."}'
  printf '{"id":"deep","text":"x","a":'; i=0
  while [ $i -lt 200 ]; do printf '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['; i=$((i + 1)); done
  i=0
  while [ $i -lt 200 ]; do printf ']]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'; i=$((i + 1)); done
  printf '}\n'
  printf '%s\n' '{"id":"notext","title":"no text here"}'
  printf '%s\n' '{"id":"j4","text":"NUL \u0000 and ESC \u001b here.","title":"T\u0000\u0007"}'
  printf '{"id":"wide","text":"Huge line.","pad":['
  yes '0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,' | head -n 65536 | tr -d '\n'
  printf '0]}\n'
  printf '%s\n' '{not json'
  printf '%s\n' '{"id":"num","text":42}'
  printf '\n'
  printf '%s\n' '[1,2]'
  printf '%s\r\n' '{"id":"j10","text":"Xi in Beijing.\r\n"}'
  printf '%s\n' '{"id":"sur","text":"lone \ud800 surrogate"}'
  printf '{"id":"raw","text":"raw \300\257 bytes"}\n'
  printf '%s' '{"id":"last","text":"no newline at the end"}'
} > "$H/mix.jsonl"

$LORE extract $RULES "$H" -q -j2 --text > "$tmp/h.out" 2> "$tmp/h.err"; rc=$?
[ $rc -eq 3 ] && ok "hostile corpus: exit status 3 (inputs skipped)" || no "hostile corpus: exit status $rc, expected 3" "$(cat "$tmp/h.err")"
json_ok "$tmp/h.out" && ok "hostile corpus: every output line strict JSON, valid UTF-8, no raw control byte" \
  || no "hostile corpus: bad output" "$(cat "$tmp/why")"
n=$(LC_ALL=C tr -cd '\000-\011\013-\037\177' < "$tmp/h.out" | wc -c)
[ "$n" -eq 0 ] && ok "hostile corpus: control characters escaped" || no "hostile corpus: $n raw control bytes"
ids=$($CHECK "$tmp/h.out" -- ids 2>&1 | tr '\n' ' ')
want="bom cr crlf ctrl j1 j4 wide j10 last nul_few ok1 utf8 "
[ "$ids" = "$want" ] && ok "hostile corpus: the rest is processed, in input order" || no "hostile corpus: documents '$ids', expected '$want'"
# warnings: exactly these (jansson's own wording after the line number is
# not pinned down)
sort "$tmp/h.err" > "$tmp/h.err.sorted"
cat > "$tmp/h.warn" <<EOF
lore: warning: $H/binary.txt: binary file skipped
lore: warning: $H/dangling.txt: cannot open: No such file or directory
lore: warning: $H/empty.jsonl: empty file skipped
lore: warning: $H/empty.txt: empty file skipped
lore: warning: $H/mix.jsonl:3: no "text" on line 3
lore: warning: $H/mix.jsonl:7: "text" is not a string on line 7
lore: warning: $H/mix.jsonl:9: JSON value on line 9 is not an object
lore: warning: $H/nul_many.txt: binary file skipped
lore: warning: $H/self: symbolic link loop skipped ($H)
EOF
while IFS= read -r w; do
  grep -qxF "$w" "$tmp/h.err" && ok "warning: ${w#lore: warning: $tmp/}" || no "missing warning: $w" "$(cat "$tmp/h.err")"
done < "$tmp/h.warn"
for l in 2 6 11 12; do
  grep -q "^lore: warning: $H/mix.jsonl:$l: invalid JSON on line $l: ." "$tmp/h.err" \
    && ok "warning: h/mix.jsonl:$l: invalid JSON on line $l" || no "missing warning for mix.jsonl line $l" "$(cat "$tmp/h.err")"
done
nw=$(wc -l < "$tmp/h.err")
[ "$nw" -eq 13 ] && ok "hostile corpus: 13 warnings, nothing else on standard error" || no "hostile corpus: $nw lines on standard error, expected 13" "$(cat "$tmp/h.err")"
# each document exactly as documented
[ "$($CHECK "$tmp/h.out" -- same utf8 "$tmp/utf8.want")" = same ] \
  && ok "invalid UTF-8 (overlong, surrogates, > U+10FFFF, truncated, stray): U+FFFD per maximal subpart" \
  || no "invalid UTF-8 text" "$($CHECK "$tmp/h.out" -- same utf8 "$tmp/utf8.want")"
[ "$(get "$tmp/h.out" utf8 stats bytes)" = "$(wc -c < "$H/utf8.txt" | tr -d ' ')" ] && \
[ "$(get "$tmp/h.out" utf8 entities 1 start)" = "$(LC_ALL=C grep -boa Putin "$H/utf8.txt" | cut -d: -f1)" ] \
  && ok "invalid UTF-8: offsets are bytes of the file" || no "invalid UTF-8: offsets" "$(get "$tmp/h.out" utf8 entities)"
get "$tmp/h.out" nul_few meta title > "$tmp/got"
# metadata are C strings (lore_corpus.h): a title ends at a NUL
[ "$($CHECK "$tmp/h.out" -- same nul_few "$H/nul_few.txt")" = same ] && bytes "$tmp/got" 'Head\n' \
  && ok "a few NUL bytes: processed, kept (escaped) in the text; the title ends at the NUL" || no "NUL bytes" "$(get "$tmp/h.out" nul_few meta)"
[ "$($CHECK "$tmp/h.out" -- same ctrl "$H/ctrl.txt")" = same ] \
  && ok "control characters (ESC, BEL, DEL, C1): processed, round trip through JSON" || no "control characters" "$($CHECK "$tmp/h.out" -- same ctrl "$H/ctrl.txt")"
[ "$(get "$tmp/h.out" crlf meta title)|$(get "$tmp/h.out" crlf meta date)|$($CHECK "$tmp/h.out" -- nocr crlf)" = "CRLF title|2023-10-18|ok" ] \
  && ok "CRLF line ends: title, Date header, sentences without CR" || no "CRLF" "$(get "$tmp/h.out" crlf meta) $($CHECK "$tmp/h.out" -- nocr crlf)"
[ "$(get "$tmp/h.out" cr meta title)|$(get "$tmp/h.out" cr meta date)|$($CHECK "$tmp/h.out" -- nocr cr)|$(get "$tmp/h.out" cr stats paragraphs)" = "CR title|2024-01-02|ok|4" ] \
  && ok "CR line ends: title, Date header, 4 paragraphs, sentences without CR" || no "CR" "$(get "$tmp/h.out" cr meta) $(get "$tmp/h.out" cr stats) $($CHECK "$tmp/h.out" -- nocr cr)"
[ "$(get "$tmp/h.out" bom meta title)|$(get "$tmp/h.out" bom sentences 1 1)" = "BOM title|3" ] \
  && ok "BOM: not in the title; the first sentence starts after it" || no "BOM" "$(get "$tmp/h.out" bom meta) $(get "$tmp/h.out" bom sentences)"
get "$tmp/h.out" j4 text > "$tmp/got"; get "$tmp/h.out" j4 meta title > "$tmp/got2"
bytes "$tmp/got" 'NUL \000 and ESC \033 here.\n' && bytes "$tmp/got2" 'T\n' \
  && ok "JSONL: \\u0000 and control escapes kept in the text; the title ends at the NUL" || no "JSONL escapes" "$(od -c "$tmp/got" "$tmp/got2")"
[ "$(get "$tmp/h.out" wide text)|$(get "$tmp/h.out" wide meta line)" = "Huge line.|5" ] \
  && ok "JSONL: a huge line (4 MB) is processed" || no "huge JSONL line" "$(get "$tmp/h.out" wide meta)"
get "$tmp/h.out" j10 text > "$tmp/got"
bytes "$tmp/got" 'Xi in Beijing.\r\n\n' \
  && ok "JSONL: a CRLF-terminated line is read" || no "JSONL CRLF line"
[ "$(get "$tmp/h.out" last meta line)" = 13 ] && ok "JSONL: last line without newline, line numbers count blank lines" \
  || no "JSONL last line: line $(get "$tmp/h.out" last meta line)"
$LORE extract $RULES "$H/ok1.txt" -q --text > "$tmp/ok1.out" 2>&1
grep -F '"id":"ok1"' "$tmp/h.out" | cmp -s - "$tmp/ok1.out" \
  && ok "hostile neighbours do not change a good document's result" || no "ok1.txt differs when read with the hostile files"

# a file name with a control character and an invalid byte: its id and
# path are escaped and U+FFFD in the output
W=$tmp/weird
mkdir -p "$W"
printf 'Weird name\nPutin met Xi.\n' > "$W/$(printf 'ctl\033\377name.txt')"
$LORE extract $RULES "$W" -q > "$tmp/w.out" 2> "$tmp/w.err"; rc=$?
$CHECK "$tmp/w.out" -- ids > "$tmp/got" 2>&1
[ $rc -eq 0 ] && json_ok "$tmp/w.out" && bytes "$tmp/got" 'ctl\033\357\277\275name\n' \
  && ok "a file name with ESC and an invalid byte: id escaped, U+FFFD, valid JSON" \
  || no "odd file name: status $rc" "$(cat "$tmp/w.err"; od -c "$tmp/got")"

# the same corpus without --text, -j1 vs -j4: same bytes
$LORE extract $RULES "$H" -q -j1 > "$tmp/h1.out" 2>/dev/null
$LORE extract $RULES "$H" -q -j4 > "$tmp/h4.out" 2>/dev/null
cmp -s "$tmp/h1.out" "$tmp/h4.out" && json_ok "$tmp/h1.out" && ok "hostile corpus: -j1 and -j4 write the same bytes" || no "hostile corpus: -j1 and -j4 differ"

# unreadable file: as root, permissions do not stop reads, so run as nobody
P=$tmp/perm
mkdir -p "$P"
cp "$H/ok1.txt" "$P/a.txt"
printf 'Secret\nPutin.\n' > "$P/secret.txt"
chmod 755 "$P"; chmod 644 "$P/a.txt"; chmod 000 "$P/secret.txt"
as=""; how="as $(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  how=""
  nb=$(id -u nobody 2>/dev/null); ng=$(id -g nobody 2>/dev/null)
  if [ -n "$nb" ] && command -v setpriv >/dev/null 2>&1 &&
     setpriv --reuid="$nb" --regid="$ng" --clear-groups "$LORE" --version >/dev/null 2>&1; then
    as="setpriv --reuid=$nb --regid=$ng --clear-groups"; how="as nobody (setpriv)"
  elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- "$LORE" --version >/dev/null 2>&1; then
    as="runuser -u nobody --"; how="as nobody (runuser)"
  fi
fi
if [ -n "$how" ]; then
  $as "$LORE" extract $RULES "$P" -q -j1 > "$tmp/p.out" 2> "$tmp/p.err"; rc=$?
  [ $rc -eq 3 ] && grep -qxF "lore: warning: $P/secret.txt: cannot open: Permission denied" "$tmp/p.err" && \
  [ "$($CHECK "$tmp/p.out" -- ids | tr '\n' ' ')" = "a " ] \
    && ok "unreadable file ($how): skipped with 'Permission denied', the rest processed, status 3" \
    || no "unreadable file ($how): status $rc" "$(cat "$tmp/p.err")"
else
  no "unreadable file: running as root and cannot switch to nobody (no setpriv/runuser); only the dangling path case ran"
fi
chmod 644 "$P/secret.txt"

# a single 100 MB line (cheap rules: the reader, tokenizer, segmenter and
# writer are under test; the bundled rules are not tuned for it)
B=$tmp/big
mkdir -p "$B"
yes 'Putin met Xi in Beijing and said the talks went well.' | head -c 104857600 | tr '\n' ' ' > "$B/line.txt"
$LORE extract "$B/line.txt" -q -j1 -r "$R/light.lua" -o "$tmp/big.out" 2> "$tmp/big.err"; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l < "$tmp/big.out")" -eq 1 ] && [ "$(get "$tmp/big.out" line stats bytes)" = 104857600 ] && \
[ "$(get "$tmp/big.out" line stats sentences)" = 1941808 ] && json_ok "$tmp/big.out" \
  && ok "a single 100 MB line: processed (1941808 sentences of 54 bytes), valid JSON" \
  || no "100 MB line: status $rc, $(get "$tmp/big.out" line stats)" "$(cat "$tmp/big.err")"
rm -f "$tmp/big.out"
$LORE extract $RULES "$B/line.txt" -q --max-bytes 1000000 > "$tmp/big2.out" 2> "$tmp/big2.err"; rc=$?
[ $rc -eq 3 ] && [ ! -s "$tmp/big2.out" ] && \
grep -qxF "lore: warning: $B/line.txt: document too large (more than 1000000 bytes)" "$tmp/big2.err" \
  && ok "--max-bytes: the 100 MB document skipped with a warning, status 3" || no "--max-bytes: status $rc" "$(cat "$tmp/big2.err")"
rm -rf "$B"

# }======================================================================

# {======================================================================
# 2. Runaway rules
# =======================================================================
C=$top/corpus
ndocs=$(ls "$C"/*.txt | wc -l)
timeout 120 $LORE extract "$C" -q -j2 -r "$R/loop.lua" --rule-timeout 20000000 > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
n=$(grep -c "^lore: error: rule loop.lua:forever on document [0-9a-f_]*: $R/loop.lua:[0-9]*: instruction budget of 20000000 exceeded (see --rule-timeout)$" "$tmp/r.err")
[ $rc -eq 4 ] && [ "$n" -eq "$ndocs" ] && [ "$(wc -l < "$tmp/r.out")" -eq "$ndocs" ] && json_ok "$tmp/r.out" \
  && ok "endless loop in an action: stopped per document (rule, document, line named), status 4, output written" \
  || no "endless loop: status $rc, $n errors" "$(cat "$tmp/r.err")"
# explain and profile run rules in the main state, with the same limits
timeout 60 $LORE explain "$C" --at 100 -r "$R/loop.lua" --rule-timeout 20000000 > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
[ $rc -eq 4 ] && [ "$(wc -l < "$tmp/r.err")" -eq 1 ] && grep -q "^no rule matched at offset 100$" "$tmp/r.out" \
  && grep -q "^lore: error: rule loop.lua:forever on document [0-9a-f_]*: $R/loop.lua:[0-9]*: instruction budget of 20000000 exceeded (see --rule-timeout)$" "$tmp/r.err" \
  && ok "lore explain: endless loop stopped by --rule-timeout, named, status 4" \
  || no "lore explain with an endless loop: status $rc" "$(cat "$tmp/r.err" "$tmp/r.out")"
timeout 60 $LORE profile "$C" --repeat 2 -r "$R/loop.lua" --rule-timeout 20000000 > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
n=$(grep -c "^lore: error: rule loop.lua:forever on document [0-9a-f_]*: $R/loop.lua:[0-9]*: instruction budget of 20000000 exceeded (see --rule-timeout)$" "$tmp/r.err")
[ $rc -eq 4 ] && [ "$n" -eq "$ndocs" ] && grep -q "^$((2 * ndocs)) documents, .*, $ndocs rule errors$" "$tmp/r.out" \
  && ok "lore profile: endless loop stopped per document, each named once, status 4" \
  || no "lore profile with an endless loop: status $rc, $n errors" "$(cat "$tmp/r.err" "$tmp/r.out")"
(ulimit -v 6000000; timeout 60 $LORE profile "$C" -r "$R/alloc.lua" --rule-memory 64 > "$tmp/r.out" 2> "$tmp/r.err"); rc=$?
n=$(grep -c "^lore: error: rule alloc.lua:hog on document [0-9a-f_]*: $R/alloc.lua:[0-9]*: memory cap of 64 MB exceeded (see --rule-memory)$" "$tmp/r.err")
[ $rc -eq 4 ] && [ "$n" -eq "$ndocs" ] \
  && ok "lore profile: unbounded allocation stopped by --rule-memory per document, status 4" \
  || no "lore profile with an unbounded allocation: status $rc, $n errors" "$(cat "$tmp/r.err")"
timeout 120 $LORE extract "$C" -q -j2 -r "$R/toploop.lua" --rule-timeout 20000000 > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
[ $rc -eq 1 ] && grep -qxF "lore: $R/toploop.lua:5: instruction budget of 20000000 exceeded while loading the rule file (see --rule-timeout)" "$tmp/r.err" \
  && ok "endless loop in a rule file's own code: stopped at load, status 1" || no "endless loop at load: status $rc" "$(cat "$tmp/r.err")"
(ulimit -v 6000000; timeout 120 $LORE extract "$C" -q -j2 -r "$R/alloc.lua" --rule-memory 64 > "$tmp/r.out" 2> "$tmp/r.err"); rc=$?
n=$(grep -c "^lore: error: rule alloc.lua:hog on document [0-9a-f_]*: not enough memory (memory cap of the worker reached, see --rule-memory)$" "$tmp/r.err")
[ $rc -eq 4 ] && [ "$n" -eq "$ndocs" ] && [ "$(wc -l < "$tmp/r.out")" -eq "$ndocs" ] && json_ok "$tmp/r.out" \
  && ok "unbounded allocation in an action: stopped by --rule-memory per document, status 4" \
  || no "unbounded allocation: status $rc, $n errors" "$(cat "$tmp/r.err")"
(ulimit -v 6000000; timeout 120 $LORE extract "$C" -q -j2 -r "$R/topalloc.lua" --rule-memory 64 > "$tmp/r.out" 2> "$tmp/r.err"); rc=$?
[ $rc -eq 1 ] && grep -qxF "lore: $R/topalloc.lua:6: memory cap of 64 MB exceeded while loading the rule file (see --rule-memory)" "$tmp/r.err" \
  && ok "unbounded allocation in a rule file's own code: stopped at load, status 1" || no "allocation at load: status $rc" "$(cat "$tmp/r.err")"
timeout 120 $LORE extract "$C" -q -j2 -r "$R/spanflood.lua" --rule-timeout 2000000 --rule-memory 8 > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
n1=$(grep -c "^lore: error: rule spanflood.lua:flood on document [0-9a-f_]*: .*spanflood.lua:[0-9]*: instruction budget of 2000000 exceeded (see --rule-timeout)$" "$tmp/r.err")
n2=$(grep -c "^lore: error: document [0-9a-f_]*: no result: not enough memory (memory cap of the worker reached, see --rule-memory)$" "$tmp/r.err")
[ $rc -eq 4 ] && [ "$n1" -eq "$ndocs" ] && [ "$n2" -eq "$ndocs" ] && [ ! -s "$tmp/r.out" ] \
  && ok "spans added without end: budget stops the rule, a record over the memory cap is reported per document" \
  || no "span flood: status $rc, $n1 + $n2 errors" "$(cat "$tmp/r.err")"
{ printf 'Backtracking\n'; yes a | head -n 20000 | tr -d '\n'; printf 'b\n'; } > "$tmp/aaa.txt"
timeout 60 $LORE extract "$tmp/aaa.txt" -q -r "$R/backtrack.lua" > "$tmp/r.out" 2> "$tmp/r.err"; rc=$?
[ $rc -eq 4 ] && grep -q "^lore: error: rule backtrack.lua:nested on document aaa: .*match limit exceeded in /(a+)+\$/ (document aaa)\$" "$tmp/r.err" && \
grep -q "^lore: error: rule backtrack.lua:nested_nojit on document aaa: .* limit exceeded in /(a|aa)+\$/ (document aaa)\$" "$tmp/r.err" && \
[ "$(get "$tmp/r.out" aaa runaway)" = "[]" ] \
  && ok "catastrophic regex (JIT and interpreter): PCRE2 limit reported with pattern and document" \
  || no "catastrophic regex: status $rc" "$(cat "$tmp/r.err")"
echo previous > "$tmp/ff.jsonl"
$LORE extract "$C" -q -j2 -r "$R/fail.lua" --fail-fast -o "$tmp/ff.jsonl" > /dev/null 2> "$tmp/r.err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmp/ff.jsonl")" = previous ] && [ -z "$(ls "$tmp" | grep lore-tmp)" ] && \
grep -qxF "lore: stopped at the first rule error (--fail-fast)" "$tmp/r.err" && [ "$(grep -c '^lore: error: rule fail.lua:boom' "$tmp/r.err")" -eq 1 ] \
  && ok "--fail-fast: status 1 at the first rule error, output file left as it was, no temporary file" \
  || no "--fail-fast: status $rc" "$(cat "$tmp/r.err")"

# }======================================================================

# {======================================================================
# 3. --sandbox
# =======================================================================
S=$tmp/sb
mkdir -p "$S/mods"
doc=$C/000_a7dc20db6077fbda.txt
# refused: code -> message
while IFS='|' read -r code msg; do
  printf 'phase "t"\nlocal x = %s\nrule { name = "r", regex = "Putin" }\n' "$code" > "$S/t.lua"
  $LORE extract "$doc" -q --sandbox -r "$S/t.lua" > /dev/null 2> "$tmp/s.err"; rc=$?
  [ $rc -eq 1 ] && grep -qF "t.lua:2: $msg" "$tmp/s.err" && ok "sandbox refuses $code" || no "sandbox: $code (status $rc)" "$(cat "$tmp/s.err")"
  # the same inside a rule action, at run time
  printf 'phase "t"\nlayer("t")\nrule { name = "r", layer = "t", regex = "Putin", action = function (m, doc)\n  local x = %s\nend }\n' "$code" > "$S/t.lua"
  $LORE extract "$doc" -q --sandbox -r "$S/t.lua" > "$tmp/s.out" 2> "$tmp/s.err"; rc=$?
  [ $rc -eq 4 ] && grep -qF "t.lua:4: $msg" "$tmp/s.err" && [ "$(wc -l < "$tmp/s.out")" -eq 1 ] \
    && ok "sandbox refuses $code in an action" || no "sandbox in an action: $code (status $rc)" "$(cat "$tmp/s.err")"
done <<EOF
os.execute("touch $S/pwned")|--sandbox: os.execute is not allowed in rule files
io.popen("touch $S/pwned")|--sandbox: io.popen is not allowed in rule files
io.open("$S/pwned", "w")|--sandbox: rule files may not write files
io.open("$S/pwned", "a")|--sandbox: rule files may not write files
io.open("$S/pwned", "r+")|--sandbox: rule files may not write files
io.output("$S/pwned")|--sandbox: io.output is not allowed in rule files
os.remove("$S/x")|--sandbox: os.remove is not allowed in rule files
os.rename("$S/x", "$S/y")|--sandbox: os.rename is not allowed in rule files
os.exit(0)|--sandbox: os.exit is not allowed in rule files
package.loadlib("libc.so.6", "system")|--sandbox: 'package' is not allowed in rule files
debug.getinfo(1)|--sandbox: 'debug' is not allowed in rule files
load("return 1")|--sandbox: 'load' is not allowed in rule files
dofile("$S/mods/m.lua")|--sandbox: 'dofile' is not allowed in rule files
loadfile("$S/mods/m.lua")|--sandbox: 'loadfile' is not allowed in rule files
require("os")|--sandbox: cannot require 'os'
require("$S/mods/m")|--sandbox: cannot require '$S/mods/m': only modules next to the rule file
require("..mods.m")|--sandbox: cannot require '..mods.m': only modules next to the rule file
require("lore.engine")|--sandbox: cannot require 'lore.engine' in rule files
lore.engine|--sandbox: lore.engine is not allowed in rule files
lore.pool|--sandbox: lore.pool is not allowed in rule files
lore.script|--sandbox: lore.script is not allowed in rule files
require("lore").util|--sandbox: lore.util is not allowed in rule files
lore.sys.write_atomic("$S/pwned", "x")|--sandbox: lore.sys.write_atomic is not allowed in rule files
lore.sys.mkdir("$S/pwned")|--sandbox: lore.sys.mkdir is not allowed in rule files
lore.sys.commit("$S/t.lua", "$S/pwned")|--sandbox: lore.sys.commit is not allowed in rule files
EOF
[ ! -e "$S/pwned" ] && ok "sandbox: nothing was written" || no "sandbox: a refused call still wrote $S/pwned"
# an after() hook gets the rule set: it can neither turn the sandbox off
# nor forge a rule set to load an unsandboxed file
printf 'local f = io.open("%s/pwned", "w") if f then f:write("x") f:close() end\n' "$S" > "$S/mods/evil.lua"
cat > "$S/hook.lua" <<EOF
phase "t"
after("escape", function (doc, rs)
  rs.opts.sandbox = false
  local ok1, e1 = pcall(rs.load, rs, "$S/mods/evil.lua")
  local fake = setmetatable({opts = {}, phases = {}, by_phase = {}, rules = {},
                             by_name = {}, layers = {}, files = {}}, getmetatable(rs))
  local ok2, e2 = pcall(fake.load, fake, "$S/mods/evil.lua")
  error(tostring(e1) .. " / " .. tostring(e2))
end)
EOF
$LORE extract "$doc" -q -j1 --sandbox -r "$S/hook.lua" > /dev/null 2> "$tmp/s.err"
grep -qF -- "--sandbox: rule files may not write files / " "$tmp/s.err" && grep -qF "not a rule set" "$tmp/s.err" && [ ! -e "$S/pwned" ] \
  && ok "sandbox: an after() hook cannot switch it off or forge a rule set" || no "sandbox escape through the rule set" "$(cat "$tmp/s.err")"
# allowed: modules next to the rule file, reading data files, lore's matchers
printf 'return {words = function () return "mod" end}\n' > "$S/mods/m.lua"
printf 'Putin\n' > "$S/names.txt"
cat > "$S/good.lua" <<EOF
phase "good"
layer("good")
local m = require "mods.m"
local names = words("names.txt")
local first = io.lines(data("names.txt"))()
local r = lore.regex([[\bPutin\b]])
rule { name = "names", layer = "good", label = "NAME", regex = r,
  action = function (x, doc)
    x.attrs.mod = m.words()
    x.attrs.known = names[x.text] == true and first == "Putin"
    x.attrs.t = type(os.time())
  end }
EOF
$LORE extract "$doc" -q --sandbox -r "$S/good.lua" > "$tmp/s.out" 2> "$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && [ "$(get "$tmp/s.out" 000_a7dc20db6077fbda good 1 mod)|$(get "$tmp/s.out" 000_a7dc20db6077fbda good 1 known)" = "mod|true" ] \
  && ok "sandbox: a normal rule (require next to it, words, data, io.lines, lore.regex, os.time) works" \
  || no "sandbox: normal rule: status $rc" "$(cat "$tmp/s.err")"
$LORE extract $RULES "$C" -q -j2 > "$tmp/plain.out" 2>/dev/null
$LORE extract $RULES "$C" -q -j2 --sandbox > "$tmp/sandboxed.out" 2>"$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/plain.out" "$tmp/sandboxed.out" \
  && ok "sandbox: the bundled rules give the same bytes under --sandbox" || no "sandbox: bundled rules differ or fail (status $rc)" "$(cat "$tmp/s.err")"
# a rule file that rewrites the libraries it was given changes its own
# copies: the other rule files and lore itself still see the real ones
cat > "$S/rewrite.lua" <<'EOF'
phase "t"
layer("t")
string.format = function () return "pwned" end
string.rep, table.concat, table.sort = nil, nil, nil
assert(getmetatable("") == nil, "the string metatable is out of reach")
lore.json.encode, lore.json.decode = nil, nil
lpeg.match, require("lpeg").P, require("re").compile = nil, nil, nil
rule { name = "r", layer = "t", regex = "QqQxYz" }
EOF
$LORE extract -r "$S/rewrite.lua" $RULES "$C" -q -j2 --sandbox 2>"$tmp/s.err" | sed 's/,"t":\[\]//' > "$tmp/rewrite.out"
cmp -s "$tmp/plain.out" "$tmp/rewrite.out" \
  && ok "sandbox: a rule file rewriting string, table, lpeg, re, lore.json changes only its own copies" \
  || no "sandbox: library rewrites leak out of the rule file" "$(cat "$tmp/s.err")"
# without --sandbox the same calls do run (so the refusals above are real)
printf 'phase "t"\nos.execute("touch %s/ran")\nrule { name = "r", regex = "Putin" }\n' "$S" > "$S/t.lua"
$LORE extract "$doc" -q -j1 -r "$S/t.lua" > /dev/null 2>&1
[ -e "$S/ran" ] && ok "without --sandbox, os.execute runs (control)" || no "control: os.execute did not run without --sandbox"
# what rules print goes to standard error, never into the JSON on stdout
printf 'phase "t"\nlayer("t")\nrule { name = "p", layer = "t", regex = "Putin", action = function (m) print("debug", m.start) io.write("x") end }\n' > "$S/p.lua"
$LORE extract "$C" -q -j2 -r "$S/p.lua" > "$tmp/s.out" 2> "$tmp/s.err"
json_ok "$tmp/s.out" && grep -q "^debug$(printf '\t')" "$tmp/s.err" \
  && ok "print/io.write in a rule go to standard error, output stays JSON" || no "a rule's print corrupts the output" "$(head -c 300 "$tmp/s.out")"

# }======================================================================

# {======================================================================
# 4. Output integrity and determinism
# =======================================================================
O=$tmp/out
mkdir -p "$O/c"
for i in 1 2 3 4 5 6 7 8; do
  for f in "$C"/*.txt; do cp "$f" "$O/c/$i-${f##*/}"; done
done
printf 'previous\n' > "$O/prev"
for sig in INT TERM; do
  cp "$O/prev" "$O/res.jsonl"
  $LORE extract "$O/c" -q -j2 -r "$R/slow.lua" -o "$O/res.jsonl" 2> "$tmp/o.err" &
  pid=$!
  sleep 1
  kill -$sig $pid 2>/dev/null; sent=$?
  wait $pid; rc=$?
  want=130; [ $sig = TERM ] && want=143
  left=$(ls "$O" | grep -c lore-tmp)
  [ $sent -eq 0 ] && [ $rc -eq $want ] && cmp -s "$O/prev" "$O/res.jsonl" && [ "$left" -eq 0 ] \
    && ok "SIG$sig during a run: status $want, output file left as it was, no temporary file" \
    || no "SIG$sig: sent $sent, status $rc (want $want), $left temporary files" "$(cat "$tmp/o.err"; cat "$O/res.jsonl" | head -c 200)"
done
# Ctrl-C while a script runs rules in its own state: the run stops (the
# interrupt is no rule's error that the engine would report and go on from)
cat > "$tmp/runrules.lua" <<'LUA'
local rs = lore.engine.load({arg[1]})
io.stderr:write("started\n")
for d in lore.corpus() do rs:run(d) end
print("finished")
LUA
$LORE run "$tmp/runrules.lua" "$O/c" -q -- "$R/slow.lua" > "$tmp/r.out" 2> "$tmp/r.err" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q started "$tmp/r.err" 2>/dev/null && break; sleep 0.2; done
sleep 0.5
kill -INT $pid 2>/dev/null
wait $pid; rc=$?
[ $rc -eq 130 ] && ! grep -q finished "$tmp/r.out" && ! grep -q "rule slow" "$tmp/r.err" \
  && ok "SIGINT while a lore run script runs rules: status 130, the run stops" \
  || no "SIGINT in lore run: status $rc" "$(cat "$tmp/r.out" "$tmp/r.err" | head -c 400)"
# an output that is not a plain file (a FIFO here, /dev/null in life) is
# written as it goes, never renamed over (that would leave a plain file)
mkfifo "$tmp/fifo"
cat "$tmp/fifo" > "$tmp/fifo.out" &
cpid=$!
$LORE extract $RULES "$C" -q -j1 -o "$tmp/fifo" 2> "$tmp/f.err"; rc=$?
wait $cpid
[ $rc -eq 0 ] && [ -p "$tmp/fifo" ] && [ "$(wc -l < "$tmp/fifo.out")" -eq "$ndocs" ] \
  && [ "$(ls "$tmp" | grep -c lore-tmp)" -eq 0 ] \
  && ok "-o a FIFO: written through, still a FIFO, no temporary file" || no "-o FIFO: status $rc" "$(cat "$tmp/f.err"; ls -la "$tmp" | head)"
mkfifo "$tmp/fifo2"
cat "$tmp/fifo2" > "$tmp/fifo2.out" &
cpid=$!
$LORE report "$C" -q --json "$tmp/fifo2" > /dev/null 2> "$tmp/f.err"; rc=$?
wait $cpid
[ $rc -eq 0 ] && [ -p "$tmp/fifo2" ] && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/fifo2.out" \
  && ok "report --json to a FIFO: written through, still a FIFO" || no "report --json FIFO: status $rc" "$(cat "$tmp/f.err")"
mkdir -p "$tmp/adir"
$LORE extract $RULES "$C" -q -o "$tmp/adir" > /dev/null 2> "$tmp/f.err"; rc=$?
[ $rc -eq 1 ] && grep -q "^lore: cannot write $tmp/adir: Is a directory" "$tmp/f.err" \
  && ok "-o a directory: status 1, said" || no "-o a directory: status $rc" "$(cat "$tmp/f.err")"
# SIGKILL (a crash): nothing can clean up, but the target is never truncated
cp "$O/prev" "$O/res.jsonl"
$LORE extract "$O/c" -q -j2 -r "$R/slow.lua" -o "$O/res.jsonl" 2>/dev/null &
pid=$!
sleep 1
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
cmp -s "$O/prev" "$O/res.jsonl" && ok "SIGKILL during a run: the output file is the previous one, not a truncated one" \
  || no "SIGKILL: the output file changed"
rm -f "$O"/*lore-tmp*
$LORE extract "$O/c" -q -j2 -r "$R/slow.lua" -o "$O/res.jsonl" 2> "$tmp/o.err"; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l < "$O/res.jsonl")" -eq 40 ] && json_ok "$O/res.jsonl" && [ "$(ls "$O" | grep -c lore-tmp)" -eq 0 ] \
  && ok "a finished run replaces the output file whole" || no "finished run: status $rc" "$(cat "$tmp/o.err")"
$LORE extract $RULES "$C" -q -o "$tmp/no/such/dir/out.jsonl" > /dev/null 2> "$tmp/o.err"; rc=$?
[ $rc -eq 1 ] && grep -q "^lore: cannot write $tmp/no/such/dir/out.jsonl: " "$tmp/o.err" \
  && ok "unwritable output: status 1 with the path named" || no "unwritable output: status $rc" "$(cat "$tmp/o.err")"
# determinism
$LORE extract $RULES "$C" -q -j1 > "$tmp/d1" 2>/dev/null
$LORE extract $RULES "$C" -q -j2 > "$tmp/d2" 2>/dev/null
$LORE extract $RULES "$C" -q -j4 > "$tmp/d4" 2>/dev/null
$LORE extract $RULES "$C" -q -j4 > "$tmp/d4b" 2>/dev/null
$LORE extract $RULES "$C" -q -j3 -o "$tmp/d3" 2>/dev/null
cmp -s "$tmp/d1" "$tmp/d2" && cmp -s "$tmp/d1" "$tmp/d4" && cmp -s "$tmp/d1" "$tmp/d4b" && cmp -s "$tmp/d1" "$tmp/d3" && \
[ "$(wc -l < "$tmp/d1")" -eq "$ndocs" ] \
  && ok "corpus/: -j1, -j2, -j3 (-o), -j4 and a repeated run give the same bytes" || no "results depend on the worker count or the run"
$LORE extract $RULES "$O/c" -q -j1 --text > "$tmp/e1" 2>/dev/null
$LORE extract $RULES "$O/c" -q -j4 --text > "$tmp/e4" 2>/dev/null
cmp -s "$tmp/e1" "$tmp/e4" && ok "40 documents with --text: -j1 and -j4 give the same bytes" || no "40 documents: -j1 and -j4 differ"
$LORE extract $RULES "$C" -q --shard 1/2 > "$tmp/s1" 2>/dev/null
$LORE extract $RULES "$C" -q --shard 2/2 > "$tmp/s2" 2>/dev/null
cat "$tmp/s1" "$tmp/s2" | sort > "$tmp/s12"; sort "$tmp/d1" > "$tmp/d1s"
cmp -s "$tmp/s12" "$tmp/d1s" && ok "shards 1/2 and 2/2 together are the whole output" || no "shards do not add up"

# }======================================================================

# {======================================================================
# 5. Valgrind: the Lua tests and one extract of corpus/
# =======================================================================
if command -v valgrind >/dev/null 2>&1; then
  VG="valgrind -q --suppressions=$R/valgrind.supp --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99"
  timeout 300 $VG "$LORE" extract $RULES "$C" -q -j2 > "$tmp/vg.out" 2> "$tmp/vg.err"; rc=$?
  [ $rc -eq 0 ] && cmp -s "$tmp/vg.out" "$tmp/d1" \
    && ok "valgrind: lore extract corpus/: no memory error, no definite leak, same output" \
    || no "valgrind: lore extract corpus/: status $rc" "$(cat "$tmp/vg.err")"
  timeout 300 $VG "$LORE" run tests/lua/run.lua > "$tmp/vgl.out" 2>&1; rc=$?
  [ $rc -eq 0 ] && grep -q '^[0-9]* passed, 0 failed$' "$tmp/vgl.out" \
    && ok "valgrind: the Lua tests: no memory error, no definite leak" \
    || no "valgrind: Lua tests: status $rc" "$(grep -v '^ok' "$tmp/vgl.out")"
else
  no "valgrind is not installed (make deps)"
fi

# }======================================================================

echo "$pass passed, $fail failed"
