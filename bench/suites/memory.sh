#!/bin/sh
# bench/suites/memory.sh: does memory stay flat? Peak RSS of lore extract
# (bundled rules, all cores) over the >= 64 MB benchmark corpus and, when
# present or when LORE_BENCH_1G=1 (then made once, ~1 GB, cached in
# bench/corpus/), over the 1 GB one; the same-run baseline is an empty rule
# set. VmRSS is sampled from /proc/PID/status once a second: its growth
# (largest sample of the last quarter of the run minus that of the first
# quarter) shows a leak that the peak alone would hide. Then how memory
# grows with the largest document: single documents of 1 and 4 MB (the
# sample articles concatenated), peak RSS of each, and the slope in bytes
# per byte of document.
LORE=./build/lore
C64=bench/corpus/bench64.jsonl
C1G=bench/corpus/bench1g.jsonl
mkdir -p bench/corpus
[ -f "$C64" ] || $LORE run bench/make_corpus.lua corpus -- "$C64" 64 || exit 1
if [ ! -f "$C1G" ] && [ "${LORE_BENCH_1G:-0}" = 1 ]; then
  $LORE run bench/make_corpus.lua corpus -- "$C1G" 1024 || exit 1
fi
TMP=$(mktemp -d /tmp/lore-memory-XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
echo 'phase "none"' > "$TMP/empty.lua"

# corpus_stats FILE: "bytes largest_document_bytes"
corpus_stats () {
  $LORE run /dev/stdin "$1" <<'LUA'
local n, big = 0, 0
for d in lore.corpus() do n = n + #d; if #d > big then big = #d end end
print(n, big)
LUA
}

# measure NAME CORPUS ARGS...: peak RSS (from /usr/bin/time) and the VmRSS
# samples of one lore extract run
measure () {
  name=$1; corpus=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" $LORE extract -q "$@" "$corpus" > /dev/null 2> "$TMP/err" &
  tpid=$!
  sleep 0.1
  lpid=$(cat /proc/$tpid/task/$tpid/children 2>/dev/null | awk '{print $1}')
  : > "$TMP/rss"
  while [ -n "$lpid" ] && [ -d "/proc/$lpid" ]; do
    awk '/^VmRSS:/ {print $2}' "/proc/$lpid/status" 2>/dev/null >> "$TMP/rss"
    sleep 1
  done
  wait $tpid
  st=$?
  read -r e u s m < "$TMP/time"
  if [ $st -ne 0 ]; then
    echo "# $name: lore extract exited with status $st: $(head -c 300 "$TMP/err")"
  fi
  echo "# $name: $e s wall, $(awk "BEGIN{print $u + $s}") s CPU, peak RSS $m KiB"
  echo "BENCH ${name}_peak_rss_mb $(awk "BEGIN{printf \"%.1f\", $m / 1024}") MB"
  n=$(wc -l < "$TMP/rss")
  if [ "$n" -ge 8 ]; then
    awk -v n="$n" -v name="$name" '
      { r[NR] = $1 }
      END {
        q = int(n / 4)
        for (i = 1; i <= q; i++) if (r[i] > a) a = r[i]
        for (i = n - q + 1; i <= n; i++) if (r[i] > b) b = r[i]
        line = ""
        for (k = 0; k <= 10; k++) { i = int(1 + k * (n - 1) / 10); line = line sprintf(" %.1f", r[i] / 1024) }
        printf "# %s: VmRSS MB at 0%%, 10%% ... 100%% of the run:%s\n", name, line
        printf "BENCH %s_rss_growth_mb %.1f MB\n", name, (b - a) / 1024
      }' "$TMP/rss"
  fi
  PEAK_KIB=$m
}

for c in "$C64" "$C1G"; do
  [ -f "$c" ] || { echo "# $C1G: absent, skipped (LORE_BENCH_1G=1 makes it, once: ~1 GB in bench/corpus/)"; continue; }
  # shellcheck disable=SC2046
  set -- $(corpus_stats "$c")
  bytes=$1; largest=$2
  tag=memory_64mb
  [ "$c" = "$C1G" ] && tag=memory_1g
  echo "corpus: $c, $bytes bytes, largest document $largest bytes"
  measure "${tag}_baseline" "$c" -r "$TMP/empty.lua"
  base=$PEAK_KIB
  measure "$tag" "$c"
  peak=$PEAK_KIB
  echo "BENCH ${tag}_over_baseline_mb $(awk "BEGIN{printf \"%.1f\", ($peak - $base) / 1024}") MB"
  limit=$(awk "BEGIN{printf \"%.1f\", 64 + 10 * $largest / 1048576}")
  if awk "BEGIN{exit !($peak / 1024 <= $limit)}"; then v=met; else v="NOT met"; fi
  echo "# $tag: peak $(awk "BEGIN{printf \"%.1f\", $peak / 1024}") MB; target <= 64 MB + 10 x largest document = $limit MB: $v"
done

# memory against the size of one document
for mb in 1 4; do
  $LORE run /dev/stdin corpus -- "$TMP/doc$mb.jsonl" "$mb" <<'LUA' || exit 1
local texts = {}
for d in lore.corpus() do texts[#texts + 1] = d.text end
local parts, n, i = {}, 0, 0
while n < tonumber(arg[2]) * 1e6 do
  i = i + 1
  local t = texts[(i - 1) % #texts + 1]
  parts[#parts + 1] = t
  n = n + #t + 2
end
local out = lore.util.output(arg[1])
out:write(lore.json.encode({id = "one", date = "2024-05-16", text = table.concat(parts, "\n\n")}), "\n")
out:commit()
LUA
done
measure memory_doc1mb "$TMP/doc1.jsonl" --rule-timeout 4000000000
p1=$PEAK_KIB
measure memory_doc4mb "$TMP/doc4.jsonl" --rule-timeout 4000000000
p4=$PEAK_KIB
# shellcheck disable=SC2046
set -- $(corpus_stats "$TMP/doc1.jsonl")
s1=$1
# shellcheck disable=SC2046
set -- $(corpus_stats "$TMP/doc4.jsonl")
s4=$1
slope=$(awk "BEGIN{printf \"%.1f\", ($p4 - $p1) * 1024 / ($s4 - $s1)}")
echo "BENCH memory_per_document_byte $slope ratio"
echo "# peak RSS grows by $slope bytes per byte of the largest document (bundled rules, 1 -> 4 MB document)"
