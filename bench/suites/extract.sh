#!/bin/sh
# lore extract over the >= 64 MB benchmark corpus: MB/s at -j1 and -j2 with
# the bundled rules, a same-run baseline without rules (reading,
# tokenizing, segmenting, writing JSON), and peak RSS. Best of 3.
LORE=./build/lore
CORPUS=bench/corpus/bench64.jsonl
mkdir -p bench/corpus
[ -f "$CORPUS" ] || $LORE run bench/make_corpus.lua corpus -- "$CORPUS" 64 || exit 1
bytes=$($LORE run /dev/stdin corpus <<'LUA'
local n = 0
for d in lore.corpus({"bench/corpus/bench64.jsonl"}) do n = n + #d end
print(n)
LUA
)
empty=$(mktemp /tmp/lore-empty-XXXXXX.lua)
echo 'phase "none"' > "$empty"
run () {   # run NAME ARGS...: best wall time of 3 and max RSS
  name=$1; shift
  best=""; rss=0
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o /tmp/lore-bench-time.$$ $LORE extract -q "$@" "$CORPUS" > /dev/null || return 1
    read t m < /tmp/lore-bench-time.$$
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  mbs=$(awk "BEGIN{printf \"%.1f\", $bytes / 1000000 / $best}")
  echo "BENCH ${name}_mb_s $mbs MB/s"
  echo "BENCH ${name}_peak_rss_mb $(awk "BEGIN{printf \"%.1f\", $rss / 1024}") MB"
  eval "${name}_mbs=$mbs"
}
echo "corpus: $CORPUS, $bytes bytes"
run extract_baseline_j1 -j1 -r "$empty"
# the phases as the issues measure them, one core: entities (after the
# boilerplate phase they build on), entities + quotes, all the rules
run extract_entities_j1 -j1 -r rules/boilerplate.lua -r rules/entities.lua
run extract_entities_quotes_j1 -j1 -r rules/boilerplate.lua -r rules/entities.lua -r rules/quotes.lua
run extract_j1 -j1
run extract_j2 -j2
echo "BENCH extract_speedup_j2 $(awk "BEGIN{printf \"%.2f\", $extract_j2_mbs / $extract_j1_mbs}") ratio"
target () {   # target NAME MBS GOAL
  if awk "BEGIN{exit !($2 >= $3)}"; then v=met; else v="NOT met"; fi
  echo "# $1: $2 MB/s on one core, target $3 MB/s: $v"
}
target "entities" "$extract_entities_j1_mbs" 50
target "entities + quotes" "$extract_entities_quotes_j1_mbs" 30
target "all bundled rules" "$extract_j1_mbs" 25
if awk "BEGIN{exit !($extract_j2_mbs / $extract_j1_mbs >= 1.8)}"; then v=met; else v="NOT met"; fi
echo "# -j2 over -j1: $(awk "BEGIN{printf \"%.2f\", $extract_j2_mbs / $extract_j1_mbs}")x, target 1.8x: $v"
rm -f "$empty" /tmp/lore-bench-time.$$
