#!/bin/sh
# End-to-end runs of the bundled scripts (scripts/*.lua) on corpus/:
# concrete findings on the sample articles, --json/--csv exports, --from,
# lore run, --partial and lore merge. Findings that depend on rules not
# finished yet may fail for now; the checks are real anyway.
cd "$(dirname "$0")/../.." || exit 1
L=./build/lore
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0

ok () { pass=$((pass + 1)); }
ko () { fail=$((fail + 1)); echo "FAIL: $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/    /' | head -n 12; }

# check NAME COMMAND...: the command succeeds
check () {
  name=$1; shift
  if out=$("$@" 2>&1); then ok; else ko "$name" "$out"; fi
}
# has NAME FILE TEXT: FILE contains TEXT (plain)
has () {
  if grep -qF -- "$3" "$2"; then ok; else ko "$1" "no '$3' in $2: $(head -c 600 "$2")"; fi
}
# hasnt NAME FILE TEXT
hasnt () {
  if grep -qF -- "$3" "$2"; then ko "$1" "unexpected '$3' in $2"; else ok; fi
}
# json NAME FILE EXPR: a Lua expression over the decoded JSON file
json () {
  if out=$($L run tests/data/scripts/check.lua -- "$2" "$3" 2>&1); then ok; else ko "$1" "$out"; fi
}
# width NAME FILE N: no line wider than N columns (UTF-8 code points)
width () {
  if out=$($L run tests/data/scripts/check_width.lua -- "$2" "$3" 2>&1); then ok; else ko "$1" "$out"; fi
}

SCRIPTS="report quotes figures entities timeline ngrams collocations boilerplate"

# {======================================================================
# Every script: runs, --help, lore run, lore help
# =======================================================================

$L extract corpus/ -q --text -o "$T/recs.jsonl" 2>"$T/extract.err"
check "extract --text for --from" test -s "$T/recs.jsonl"

# Most checks read one saved extraction (--from), so they agree with each
# other even while rule files change, and run fast.
for s in $SCRIPTS; do
  if $L "$s" --from "$T/recs.jsonl" >"$T/$s.txt" 2>"$T/$s.err"; then ok
  else ko "lore $s --from records exits 0" "$(cat "$T/$s.err")"; fi
  check "lore $s has output" test -s "$T/$s.txt"
  if $L "$s" --help >"$T/$s.help" 2>&1 && grep -q "^usage: lore $s" "$T/$s.help" \
     && grep -q -- "--partial" "$T/$s.help" && grep -q -- "--from" "$T/$s.help"; then ok
  else ko "lore $s --help" "$(cat "$T/$s.help")"; fi
  $L run "scripts/$s.lua" -- --from "$T/recs.jsonl" >"$T/$s.run" 2>&1
  if cmp -s "$T/$s.txt" "$T/$s.run"; then ok; else ko "lore run scripts/$s.lua == lore $s" "$(diff "$T/$s.txt" "$T/$s.run" | head)"; fi
  width "lore $s fits 100 columns" "$T/$s.txt" 100
  if grep -q "$(printf '\033')" "$T/$s.txt"; then ko "lore $s: no colour off a terminal"; else ok; fi
done
# the same straight from the corpus (rules run in the workers, map() there)
for s in report kwic ngrams boilerplate; do
  [ $s = kwic ] && set -- Xi || set --
  $L "$s" "$@" corpus/ -q >"$T/$s.direct" 2>&1
  $L "$s" "$@" --from "$T/recs.jsonl" >"$T/$s.from" 2>&1
  if cmp -s "$T/$s.direct" "$T/$s.from"; then ok; else ko "lore $s corpus/ == lore $s --from" "$(diff "$T/$s.direct" "$T/$s.from" | head)"; fi
done
set --
$L run scripts/report.lua corpus/ -- -q >"$T/report.run2" 2>&1
has "lore run scripts/report.lua corpus/" "$T/report.run2" "LORE REPORT  5 documents"
check "lore help report" $L help report
$L run scripts/kwic.lua corpus/ -- decoupling >"$T/kwic.run" 2>&1
has "lore run scripts/kwic.lua PATTERN" "$T/kwic.run" "decoupling: 5 matches in 3 documents"
$L run scripts/report.lua corpus/ -- --nope >"$T/bad.out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "unknown option '--nope'" "$T/bad.out"; then ok; else ko "lore run: usage error exits 2 ($rc)" "$(cat "$T/bad.out")"; fi

# }======================================================================

# {======================================================================
# Findings on the sample corpus
# =======================================================================

# figures: the China-Russia trade figure, $190, $200 and $240 billion
$L figures --from "$T/recs.jsonl" --json "$T/figures.json"
json "figures: one trade group holds \$190, \$200 and \$240 billion" "$T/figures.json" \
  'any(rows(j, "figure_groups"), function (g) return g.subject:find("trade") and g.kind == "money"
     and has(g.values, "$190 billion") and has(g.values, "$200 billion") and has(g.values, "$240 billion") end)'
json "figures: the trade values conflict (same year) and differ by year" "$T/figures.json" \
  'any(rows(j, "figure_groups"), function (g) return g.subject:find("trade") and has(g.statuses, "conflicting")
     and has(g.statuses, "different year") end)'
json "figures: \$190 billion dated 2022 in two documents" "$T/figures.json" \
  'count(rows(j, "figures"), function (f) return f.value == 190000000000 and f.date == "2022" end) >= 2'
json "figures: \$240 billion dated 2023, with its sentence" "$T/figures.json" \
  'any(rows(j, "figures"), function (f) return f.value == 240000000000 and f.date == "2023"
     and has(f.sentence, "bilateral trade reaching $240 billion in 2023") end)'
has "figures: conflict spelled out by year" "$T/figures.txt" "2022: \$190 billion (000_a7dc, 001_d453) vs \$200 billion (003_66b3): conflicting"
json "figures: the \$200 billion goal is not a trade value" "$T/figures.json" \
  'not any(rows(j, "figures"), function (f) return f.value == 200000000000 and f.document:match("^000")
     and f.subject == "trade" end)'
json "figures: 42 meetings agree across three documents" "$T/figures.json" \
  'any(rows(j, "figure_groups"), function (g) return g.unit == "times" and g.status == "agree" and g.documents >= 3 end)'

# quotes: Xi's statement ends "decoupling and delinking" in 000 and "decoupling
# and the reduction of economic ties" in 001
$L quotes --from "$T/recs.jsonl" --json "$T/quotes.json"
json "quotes: the Xi statement aligned across documents" "$T/quotes.json" \
  'any(rows(j, "statements"), function (a) return has(a.text, "delinking") and any(rows(j, "statements"),
     function (b) return b.statement == a.statement and b.document ~= a.document
       and has(b.text, "reduction of economic ties") end) end)'
json "quotes: the aligned Xi statement is Xi Jinping's, in 3 documents, worded differently" "$T/quotes.json" \
  'any(rows(j, "statements"), function (a) return has(a.text, "delinking") and a.speaker == "Xi Jinping"
     and a.documents >= 3 and a.differs end)'
json "quotes: the diff marks delinking against the reduction of economic ties" "$T/quotes.json" \
  'any(rows(j, "statements"), function (a) return has(a.diff, "[-the reduction of economic ties-] {+delinking+}")
     or has(a.diff, "[-delinking-] {+the reduction of economic ties+}") end)'
json "quotes: indirect quotes included, with their type" "$T/quotes.json" \
  'any(rows(j, "quotes"), function (q) return q.type == "indirect" end)'
json "quotes: Wang Yi's quotes in 000" "$T/quotes.json" \
  'count(rows(j, "quotes"), function (q) return q.speaker == "Wang Yi" and q.document:match("^000") end) >= 3'
$L quotes --from "$T/recs.jsonl" --speaker xi -w 300 >"$T/quotes_xi.txt"
has "quotes --speaker xi" "$T/quotes_xi.txt" "Xi Jinping"
hasnt "quotes --speaker xi leaves Putin out" "$T/quotes_xi.txt" "Vladimir Putin  "

# entities (need rules/entities.lua)
$L entities --from "$T/recs.jsonl" --json "$T/entities.json"
json "entities: Xi Jinping and Vladimir Putin are PERSONs in all five documents" "$T/entities.json" \
  'count(rows(j, "entities"), function (e) return (e.entity == "Xi Jinping" or e.entity == "Vladimir Putin")
     and e.type == "PERSON" and e.documents == 5 end) == 2'
json "entities: Xi and Putin named together in many sentences" "$T/entities.json" \
  'any(rows(j, "cooccurrences"), function (p) return p.entity == "Vladimir Putin" and p.with == "Xi Jinping"
     and p.sentences >= 10 and p.documents == 5 end)'

# boilerplate: 003 ends with a footer of unrelated links
has "boilerplate: 003's footer links flagged" "$T/boilerplate.txt" "003_66b3  links"
has "boilerplate: the footer starts at Related" "$T/boilerplate.txt" "Related"
has "boilerplate: MORE: teaser flagged" "$T/boilerplate.txt" "MORE: Putin hosts"
has "boilerplate: 000's repeated summary paragraph" "$T/boilerplate.txt" "Putin, on his first trip to a major global power"
$L boilerplate --from "$T/recs.jsonl" --json "$T/bp.json"
json "boilerplate: the links span covers the footer to the end of 003" "$T/bp.json" \
  'any(rows(j, "boilerplate"), function (b) return b.document:match("^003") and b.label == "links"
     and b["end"] == 8689 and b.lines >= 20 end)'
$L kwic Reeves corpus/ -q >"$T/kwic_bp.txt" 2>&1
has "kwic leaves boilerplate out" "$T/kwic_bp.txt" "Reeves: 0 matches"
$L kwic Reeves corpus/ -q --boilerplate >"$T/kwic_bp2.txt" 2>&1
has "kwic --boilerplate keeps it" "$T/kwic_bp2.txt" "Reeves: 1 match in 1 document"

# kwic: offsets point at the match
$L kwic '/decoupl\w*/i' corpus/ -q --json "$T/kwic.json"
json "kwic: 5 matches of decoupl* in 3 documents" "$T/kwic.json" \
  'count(rows(j, "kwic")) == 5 and count(rows(j, "kwic"), function (h) return h.document:match("^001") end) == 2'
json "kwic: byte offsets of the matches" "$T/kwic.json" \
  'all(rows(j, "kwic"), function (h)
     local f = io.open("corpus/" .. h.document .. ".txt", "rb") local s = f:read("a") f:close()
     return s:sub(h.start + 1, h["end"]) == h.match end)'
$L kwic 'Xi {said told}' corpus/ -q >"$T/kwic_tok.txt"
has "kwic: token pattern" "$T/kwic_tok.txt" "xi told"
$L extract corpus/ -q -o "$T/notext.jsonl"
$L kwic Xi --from "$T/notext.jsonl" >"$T/kwic_notext.txt" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "^lore kwic: record 000_a7dc20db6077fbda has no text: .*lore extract --text" "$T/kwic_notext.txt"; then ok
else ko "kwic --from without texts says to use lore extract --text ($rc)" "$(cat "$T/kwic_notext.txt")"; fi
$L kwic Xi --from "$T/recs.jsonl" >"$T/kwic_from.txt" 2>&1
has "kwic --from records with text" "$T/kwic_from.txt" "Xi: "
$L kwic '[bad' corpus/ >"$T/kwic_bad.txt" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "bad token pattern" "$T/kwic_bad.txt"; then ok; else ko "kwic: bad pattern is a usage error" "$(cat "$T/kwic_bad.txt")"; fi

# timeline
$L timeline --from "$T/recs.jsonl" --json "$T/timeline.json"
json "timeline: in date order" "$T/timeline.json" \
  'count(rows(j, "timeline")) > 20 and (function () local last = "" for _, r in ipairs(rows(j, "timeline")) do
     if r.date < last then return false end last = r.date end return true end)()'
json "timeline: \$190 billion on 2022, before the 2023 quotes" "$T/timeline.json" \
  'rows(j, "timeline")[1].date:sub(1, 4) <= "2022" and any(rows(j, "timeline"), function (r)
     return r.what == "figure" and r.date == "2022" and r.value == "$190 billion" end)'
json "timeline: quotes dated by their sentence or document" "$T/timeline.json" \
  'any(rows(j, "timeline"), function (r) return r.what == "quote" and r.date_from == "sentence" end)
   and any(rows(j, "timeline"), function (r) return r.what == "quote" and r.date_from == "document" end)'

# ngrams and collocations
has "ngrams: xi jinping" "$T/ngrams.txt" "xi jinping"
has "ngrams: united states" "$T/ngrams.txt" "united states"
hasnt "ngrams: no stop word at the edges" "$T/ngrams.txt" " the  "
$L collocations --from "$T/recs.jsonl" --top 5 >"$T/coll5.txt"
has "collocations (ll): middle east in the top 5" "$T/coll5.txt" "middle east"
$L collocations --from "$T/recs.jsonl" --measure pmi --top 5 >"$T/pmi.txt"
has "collocations --measure pmi" "$T/pmi.txt" "pointwise mutual information"
$L collocations corpus/ -q --measure nope >"$T/bad.txt" 2>&1
[ $? -eq 2 ] && ok || ko "collocations --measure nope is a usage error"

# report
for h in "LORE REPORT" "DOCUMENTS" "ENTITIES" "SPEAKERS AND QUOTES" "FIGURES BY SUBJECT" "CROSS-SOURCE FINDINGS"; do
  has "report: section $h" "$T/report.txt" "$h"
done
has "report: overview" "$T/report.txt" "5 documents"
has "report: boilerplate left out by default" "$T/report.txt" "Boilerplate left out: 7 spans in 2 documents"
$L report --from "$T/recs.jsonl" --boilerplate >"$T/report_bp.txt"
has "report --boilerplate keeps it" "$T/report_bp.txt" "Boilerplate kept"
has "report: the trade disagreement" "$T/report.txt" "CONFLICTING · DIFFERENT YEAR"
has "report: the Xi statement diff" "$T/report.txt" "{+delinking+}"
$L report --from "$T/recs.jsonl" -w 80 >"$T/report80.txt"
width "report -w 80 fits 80 columns" "$T/report80.txt" 80
$L report --from "$T/recs.jsonl" --json "$T/report.json" --csv "$T/csv" >"$T/report_exp.txt" 2>&1
json "report --json: the tables" "$T/report.json" \
  'j.script == "report" and #rows(j, "documents") == 5 and #rows(j, "quotes") > 50 and #rows(j, "figures") > 5
   and j.overview.documents == 5'
json "report --json: the trade finding" "$T/report.json" \
  'any(rows(j, "findings"), function (f) return f.kind == "figure conflicting" and has(f.subject, "trade")
     and has(f.detail, "$190 billion") and has(f.detail, "$200 billion") and has(f.detail, "$240 billion") end)'
json "report --json: the Xi statement finding" "$T/report.json" \
  'any(rows(j, "findings"), function (f) return f.kind == "worded differently" and f.subject == "Xi Jinping" end)'
for c in documents entities quotes statements figures figure_groups findings boilerplate; do
  check "report --csv writes $c.csv" test -s "$T/csv/$c.csv"
done
if head -n 1 "$T/csv/documents.csv" | grep -q "^document,date,source,words,sentences,title,url"; then ok
else ko "report --csv header" "$(head -n 2 "$T/csv/documents.csv")"; fi
hasnt "report --json/--csv print no report" "$T/report_exp.txt" "LORE REPORT"

# }======================================================================

# {======================================================================
# Map/reduce: --partial and lore merge give the result of a single run
# =======================================================================

sed -n '1,2p' "$T/recs.jsonl" >"$T/part1.jsonl"
sed -n '3,4p' "$T/recs.jsonl" >"$T/part2.jsonl"
sed -n '5,$p' "$T/recs.jsonl" >"$T/part3.jsonl"
for s in $SCRIPTS; do
  for i in 1 2 3; do $L "$s" --from "$T/part$i.jsonl" --partial "$T/p$i.$s.json" || ko "$s --partial part $i"; done
  $L merge "$T/p1.$s.json" "$T/p2.$s.json" --partial "$T/p12.$s.json"
  $L merge "$T/p12.$s.json" "$T/p3.$s.json" >"$T/m1.$s.txt" 2>&1
  $L merge "$T/p2.$s.json" "$T/p3.$s.json" --partial "$T/p23.$s.json"
  $L merge "$T/p1.$s.json" "$T/p23.$s.json" >"$T/m2.$s.txt" 2>&1
  if cmp -s "$T/$s.txt" "$T/m1.$s.txt" && cmp -s "$T/$s.txt" "$T/m2.$s.txt"; then ok
  else ko "$s: merge(merge(1,2),3) == merge(1,merge(2,3)) == one run" "$(diff "$T/$s.txt" "$T/m1.$s.txt" | head)"; fi
done
# shards of a run over the corpus (workers, --shard)
for i in 1 2 3; do $L report corpus/ -q --shard $i/3 --partial "$T/s$i.json" || ko "report --shard $i/3 --partial"; done
$L merge "$T/s3.json" "$T/s1.json" "$T/s2.json" >"$T/sm.txt" 2>&1
if cmp -s "$T/report.direct" "$T/sm.txt"; then ok; else ko "report: merged shards == one run" "$(diff "$T/report.direct" "$T/sm.txt" | head)"; fi
$L kwic Xi --from "$T/part1.jsonl" --partial "$T/k1.json"
$L kwic Xi --from "$T/part2.jsonl" --partial "$T/k2.json"
$L kwic Xi --from "$T/part3.jsonl" --partial "$T/k3.json"
$L merge "$T/k1.json" "$T/k2.json" "$T/k3.json" >"$T/km.txt"
if cmp -s "$T/kwic.from" "$T/km.txt"; then ok; else ko "kwic: merge == one run" "$(diff "$T/kwic.from" "$T/km.txt" | head)"; fi
$L merge "$T/p1.report.json" "$T/p2.report.json" "$T/p3.report.json" --json "$T/merged.json" 2>/dev/null
json "lore merge --json" "$T/merged.json" '#rows(j, "documents") == 5'

# }======================================================================

# {======================================================================
# Two documents with one id (one file name in two folders): said
# =======================================================================

mkdir -p "$T/dup/a" "$T/dup/b"
cp corpus/000_a7dc20db6077fbda.txt "$T/dup/a/doc.txt"
cp corpus/002_5f0d9263cf5a718c.txt "$T/dup/b/doc.txt"
cp corpus/001_d453ebd82be5d424.txt "$T/dup/a/other.txt"
$L report "$T/dup" -q > "$T/dup.out" 2> "$T/dup.err"
has "duplicate ids: a warning names the later file" "$T/dup.err" \
  "lore report: warning: document id 'doc' is used again ($T/dup/b/doc.txt): the corpus-wide results keep one document per id"
has "duplicate ids: one document per id" "$T/dup.out" "2 documents"

# }======================================================================

# {======================================================================
# Control characters of a corpus never reach the terminal
# =======================================================================

printf '{"id":"esc","text":"Title\\nPutin said the \\u001b[31mred\\u001b[0m line was \\u001b[2Jgone\\u0007 and trade grew 5%%.\\n\\"We are \\u001b]0;pwned\\u0007friends \\u009b2J,\\" Xi said."}\n' > "$T/esc.jsonl"
for s in report quotes figures entities timeline; do
  $L $s "$T/esc.jsonl" -q > "$T/esc.$s" 2>&1
  if LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/esc.$s" || grep -q "$(printf '\302\233')" "$T/esc.$s"; then
    ko "$s: a control character of the corpus reached the output" "$(cat -v "$T/esc.$s" | head -20)"
  else ok; fi
done
has "quotes: the quote is still there, its escape shown as U+FFFD" "$T/esc.quotes" "We are �]0;pwned�friends"

# }======================================================================

# {======================================================================
# Outputs that cannot be written: said at once, in one line; CSV sets whole
# =======================================================================

for o in "--json $T/no/such/dir/x.json" "--partial $T/no/such/dir/p.json"; do
  $L quotes corpus/ -q $o > /dev/null 2> "$T/w.err"; rc=$?
  if [ $rc -eq 1 ] && [ "$(cat "$T/w.err")" = "lore quotes: cannot write ${o#* }: No such file or directory" ]; then ok
  else ko "quotes $o: status $rc" "$(cat "$T/w.err")"; fi
done
mkdir -p "$T/csvset"
$L report corpus/ -q --csv "$T/csvset" > /dev/null 2>&1
rm "$T/csvset/quotes.csv"; mkdir "$T/csvset/quotes.csv"
for f in "$T"/csvset/*.csv; do [ -f "$f" ] && echo old > "$f"; done
$L report corpus/ -q --csv "$T/csvset" > /dev/null 2> "$T/w.err"; rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$T"/csvset/*.csv 2>/dev/null | sort -u)" = "old" ] && ! ls "$T/csvset" | grep -q lore-tmp \
   && grep -q "cannot write $T/csvset/quotes.csv: Is a directory" "$T/w.err"; then ok
else ko "--csv with one table unwritable: the previous set stays whole (status $rc)" "$(cat "$T/w.err"; ls "$T/csvset")"; fi

# }======================================================================

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
