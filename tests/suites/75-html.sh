#!/bin/sh
# lore report --html: the page for corpus/ and for a hostile document
# generated here (markup, event handlers, </textarea>, entities, quotes),
# checked in headless Chromium (tests/html/check.py drives it through the
# DevTools protocol on a pipe: no network, nothing installed): marks equal
# the spans of lore extract, known quote and figure group, graph, sorting,
# nothing from the corpus runs. Plus, without a browser: byte-identical
# output, --from with and without texts, written whole or not at all.
# Screenshots are kept in build/html/ (report.png, report-graph.png,
# report-document.png, hostile.png).
cd "$(dirname "$0")/../.." || exit 1
L=./build/lore
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
SHOTS=build/html
mkdir -p "$SHOTS"
pass=0
fail=0

ok () { pass=$((pass + 1)); }
ko () { fail=$((fail + 1)); echo "FAIL: $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/    /' | head -n 12; }
check () {
  name=$1; shift
  if out=$("$@" 2>&1); then ok; else ko "$name" "$out"; fi
}
has () {
  if grep -qF -- "$3" "$2"; then ok; else ko "$1" "no '$3' in $2"; fi
}
hasnt () {
  if grep -qF -- "$3" "$2"; then ko "$1" "unexpected '$3' in $2: $(grep -oF -- "$3" "$2" | head -n 3)"; else ok; fi
}
same () {
  if cmp -s "$2" "$3"; then ok; else ko "$1" "$(cmp "$2" "$3" 2>&1)"; fi
}

# {======================================================================
# The hostile document (and a second one whose URL breaks out of quotes)
# =======================================================================

H=$T/hostile
mkdir -p "$H"
cat >"$H/h1.txt" <<'EOF'
Putin says "<script>window.pwned=1</script>" is not a threat

BEIJING - Russian President Vladimir Putin said on Wednesday that "<script>window.pwned=2</script> & </textarea> are harmless," according to Reuters & AFP.

"We reject "onload=window.pwned=3 and <img src=x onerror=window.pwned=4> tricks," Putin told reporters, adding that trade with China reached $190 billion last year.

Chinese President Xi Jinping said: 'Tom &amp; Jerry <b>bold</b> are friends' and growth of 12% is "settled".

</textarea><style>body{display:none}</style><svg onload="window.pwned=5"></svg> <iframe src="javascript:window.pwned=8"></iframe>
EOF
cat >"$H/h2.txt" <<'EOF'
Xi Jinping meets Vladimir Putin in Moscow

Xi Jinping told Vladimir Putin in Moscow that "relations are at their best" and '"><script>window.pwned=9</script>' is a string.
EOF
printf 'h1\t2024-01-02\t<i>Evil</i> "News" & Co\tjavascript:window.pwned=6\n' >"$H/meta.tsv"
printf 'h2\t2024-01-03\tQuote"Source\thttps://example.com/a?x="><script>window.pwned=7</script>&y=1\n' >>"$H/meta.tsv"

# }======================================================================

# {======================================================================
# Build the pages
# =======================================================================

$L extract corpus/ -q --text -o "$T/recs.jsonl" 2>"$T/extract.err"
check "extract --text of corpus/" test -s "$T/recs.jsonl"
$L extract corpus/ -q -o "$T/recs_notext.jsonl" 2>>"$T/extract.err"
$L extract "$H" -q -o "$T/hostile.jsonl" 2>>"$T/extract.err"
check "extract of the hostile documents" test -s "$T/hostile.jsonl"

check "report --html corpus/" $L report corpus/ -q --html "$SHOTS/report.html"
check "report --html corpus/ -j 1" $L report corpus/ -q -j 1 --html "$T/j1.html"
check "report --html corpus/ again" $L report corpus/ -q -j 2 --html "$T/j2.html"
same "report --html is deterministic (-j 1 and -j 2 byte-identical)" "$T/j1.html" "$T/j2.html"
same "report --html is deterministic (two runs)" "$SHOTS/report.html" "$T/j2.html"
check "report --html --from records with texts" $L report --from "$T/recs.jsonl" --html "$T/from.html"
same "report --html --from (texts) == from the corpus" "$SHOTS/report.html" "$T/from.html"
check "report --html --from records without texts" $L report --from "$T/recs_notext.jsonl" --html "$SHOTS/notext.html"
has "report --html without texts: a visible note" "$SHOTS/notext.html" "lore extract --text"
check "report --html hostile" $L report "$H" -q --html "$SHOTS/hostile.html"

# the terminal report is unchanged by --html's presence elsewhere; the
# outputs combine
$L report corpus/ -q >"$T/term.txt" 2>&1
$L report corpus/ -q --html "$T/both.html" --json "$T/both.json" >"$T/both.out" 2>&1
check "report --html with --json writes both" test -s "$T/both.json" -a -s "$T/both.html"
hasnt "report --html prints no terminal report" "$T/both.out" "LORE REPORT"
has "terminal report still there without --html" "$T/term.txt" "LORE REPORT"
$L report corpus/ --html "$T/msg.html" >"$T/msg.out" 2>&1
has "report --html says what it wrote" "$T/msg.out" "lore report: wrote $T/msg.html"

# written whole or not at all: no temporary files left, a failed write
# leaves the old file
ls -a "$T" | grep -q "lore-tmp" && ko "report --html leaves no temporary file" "$(ls -a "$T")" || ok
echo old >"$T/keep.html"
mkdir "$T/ro" && chmod 555 "$T/ro"
if $L report corpus/ -q --html "$T/ro/x.html" >/dev/null 2>&1 && [ "$(id -u)" != 0 ]; then
  ko "report --html into a read-only directory fails"
else ok; fi
$L report --from "$T/nonexistent.jsonl" --html "$T/keep.html" >/dev/null 2>&1
if [ "$(cat "$T/keep.html")" = old ]; then ok; else ko "a failed report --html leaves FILE untouched"; fi
if $L report corpus/ -q --html "$T/nodir/x.html" >"$T/nodir.out" 2>&1; then
  ko "report --html into a missing directory fails"
else
  if [ ! -e "$T/nodir" ] && grep -q "x.html" "$T/nodir.out"; then ok
  else ko "report --html into a missing directory: an error naming the file" "$(cat "$T/nodir.out")"; fi
fi
chmod 755 "$T/ro"

# lore merge --html: the panels, a note instead of the documents
for i in 1 2; do $L report corpus/ -q --shard $i/2 --partial "$T/p$i.json" || ko "report --partial shard $i"; done
check "lore merge --html" $L merge "$T/p1.json" "$T/p2.json" --html "$T/merged.html"
has "lore merge --html: a note instead of the documents" "$T/merged.html" "partial results"
has "lore merge --html: the panels" "$T/merged.html" 'id="figure-table"'

# }======================================================================

# {======================================================================
# The HTML text itself: escaped everywhere, self-contained
# =======================================================================

P=$SHOTS/hostile.html
hasnt "hostile: no raw <script> from the corpus" "$P" "<script>window"
hasnt "hostile: no raw </textarea>" "$P" "</textarea>"
hasnt "hostile: no raw <img" "$P" "<img"
hasnt "hostile: no raw <style>body" "$P" "<style>body"
hasnt "hostile: no raw onload= attribute" "$P" ' onload="'
hasnt "hostile: no javascript: href" "$P" 'href="javascript:'
has "hostile: <script> escaped" "$P" "&lt;script&gt;window.pwned=1&lt;/script&gt;"
has "hostile: & escaped, &amp; kept as text" "$P" "Tom &amp;amp; Jerry"
has "hostile: double quotes escaped" "$P" "&quot;onload=window.pwned=3"
has "hostile: the URL breaking out of its attribute is escaped" "$P" 'x=&quot;&gt;&lt;script&gt;window.pwned=7'
n=$(grep -c "<script" "$P")
if [ "$n" = 1 ]; then ok; else ko "hostile: one <script> element, the page's own ($n)"; fi
has "a Content-Security-Policy allowing only the page's script" "$P" "script-src 'sha256-"
for f in "$SHOTS/report.html" "$P"; do
  # nothing that loads: no src= anywhere, no <link>, no CSS import or url()
  # (corpus text holds such words, escaped: only real tags count)
  if grep -Eq '<[a-zA-Z][^<>]* src=|<link[ >]|@import|url\(' "$f"; then
    ko "$f: loads nothing from the network" "$(grep -Eo '<[a-zA-Z][^<>]* src=.{30}|<link[ >].{30}|@import.{30}|url\(.{30}' "$f" | head -n 3)"
  else ok; fi
  # the only http(s) URLs are links to the articles (rel=noopener)
  n1=$(grep -Eo ' (href|src|action|formaction|data|poster)="https?://' "$f" | wc -l)
  n2=$(grep -Eo '<a href="https?://[^"]*" rel="noopener noreferrer nofollow">' "$f" | wc -l)
  if [ "$n1" = "$n2" ]; then ok; else ko "$f: every http(s) URL is a link to an article ($n1 URLs, $n2 links)"; fi
done

# }======================================================================

# {======================================================================
# In the browser
# =======================================================================

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  ko "chromium at ${CHROMIUM:-/usr/bin/chromium} (make deps installs it)"
elif ! command -v python3 >/dev/null 2>&1; then
  ko "python3 for tests/html/check.py"
else
  timeout 120 python3 tests/html/check.py "$SHOTS" \
    "corpus:$SHOTS/report.html:$T/recs.jsonl" \
    "hostile:$SHOTS/hostile.html:$T/hostile.jsonl" \
    "notext:$SHOTS/notext.html:$T/recs_notext.jsonl" >"$T/browser.out" 2>"$T/browser.err"
  rc=$?
  while IFS= read -r line; do
    case $line in
      "ok "*) ok ;;
      "FAIL "*) ko "${line#FAIL }" ;;
    esac
  done <"$T/browser.out"
  if [ $rc -ne 0 ] || ! grep -q "^ok " "$T/browser.out"; then
    ko "the Chromium checks ran (exit $rc)" "$(tail -n 12 "$T/browser.err")"
  fi
fi

# }======================================================================

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
