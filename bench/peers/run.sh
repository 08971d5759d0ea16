#!/bin/sh
# bench/peers/run.sh (make bench-peers): lore side by side with the
# JavaScript NLP libraries compromise and wink-nlp on the tasks they share
# with lore, then the scaling and memory suites; writes bench/results.md
# and prints the table with BENCH lines. Not part of make test.
#
# Environment: PEERS_MB (corpus size, default 16: the peers are slow),
# PEERS_RUNS (best of, default 3), PEERS_SUITES=0 (skip bench/suites/
# scaling.sh and memory.sh), PEERS_OUT (default bench/results.md).
#
# The libraries come from the npm registry at the versions pinned in
# bench/peers/package.json and package-lock.json, installed into
# bench/node/ (gitignored). Timing is of the processing only, on one core:
# every tool reads its documents and loads its rules or model first, then
# processes all documents RUNS times; the best run's CPU time (user+sys)
# gives MB/s. See bench/README.md.
cd "$(dirname "$0")/../.." || exit 1
LORE=./build/lore
MB=${PEERS_MB:-16}
RUNS=${PEERS_RUNS:-3}
OUT=${PEERS_OUT:-bench/results.md}
NODE_DIR=bench/node
CORPUS=bench/corpus/peers$MB.jsonl
GOLD=tests/data/gold_000-002.jsonl
GOLD_CORPUS=bench/corpus/gold_000-002.jsonl

[ -x "$LORE" ] || { echo "bench-peers: build lore first (make all)" >&2; exit 1; }

# {======================================================================
# node and npm, the peers
# =======================================================================
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench-peers: installing Debian's nodejs and npm" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2 || exit 1
  else
    echo "bench-peers: node and npm are needed; install them with:" >&2
    echo "  sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi
mkdir -p "$NODE_DIR"
if ! cmp -s bench/peers/package-lock.json "$NODE_DIR/package-lock.json" ||
   [ ! -d "$NODE_DIR/node_modules/compromise" ] || [ ! -d "$NODE_DIR/node_modules/wink-nlp" ]; then
  echo "bench-peers: npm ci into $NODE_DIR" >&2
  cp bench/peers/package.json bench/peers/package-lock.json "$NODE_DIR/" || exit 1
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2) || {
    rm -f "$NODE_DIR/package-lock.json"
    echo "bench-peers: npm ci failed" >&2
    exit 1
  }
fi
NODE_PATH=$PWD/$NODE_DIR/node_modules
export NODE_PATH

# }======================================================================

# {======================================================================
# Corpora: the benchmark corpus (PEERS_MB) and the gold sample
# =======================================================================
mkdir -p bench/corpus
[ -f "$CORPUS" ] || $LORE run bench/make_corpus.lua corpus -- "$CORPUS" "$MB" || exit 1
# (remade every time: three documents, and the gold may have changed)
$LORE run /dev/stdin corpus -- "$GOLD" "$GOLD_CORPUS" <<'LUA' || exit 1
local want = {}
for line in io.lines(arg[1]) do want[lore.json.decode(line).id] = true end
local out = lore.util.output(arg[2])
for d in lore.corpus() do
  if want[d.id] then out:write(lore.json.encode({id = d.id, text = d.text}), "\n") end
end
out:commit()
LUA

# }======================================================================

TMP=$(mktemp -d /tmp/lore-peers-XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
RES=$TMP/results.jsonl
: > "$RES"
echo 'phase "none"' > "$TMP/empty.lua"
head -n 1 "$CORPUS" > "$TMP/one.jsonl"
B=rules/boilerplate.lua
E=rules/entities.lua
Q=rules/quotes.lua
F=rules/figures.lua

rules_of () {   # rules_of TASK: the rule files of lore's matching work
  case $1 in
    tokens) echo "$TMP/empty.lua" ;;
    entities) echo "$B $E" ;;
    quotes) echo "$B $E $Q" ;;
    figures) echo "$B $F" ;;
  esac
}

loadavg () { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(loadavg)
DATE_START=$(date -u '+%Y-%m-%d %H:%M UTC')

# Score a prediction file (or, without one, lore's own rules) on the gold
# sample: appends {"gold": {...metrics}} for TOOL TASK.
score () {   # score TOOL TASK [PRED]
  if [ -n "${3:-}" ]; then
    $LORE eval --gold "$GOLD" --pred "$3" --json > "$TMP/eval.json" 2> "$TMP/eval.err"
  else
    r=""
    for f in $(rules_of "$2"); do r="$r -r $f"; done
    # shellcheck disable=SC2086
    $LORE eval --gold "$GOLD" $r -q --json "$GOLD_CORPUS" > "$TMP/eval.json" 2> "$TMP/eval.err"
  fi
  st=$?
  if [ $st -ne 0 ] && [ $st -ne 4 ]; then
    echo "bench-peers: lore eval failed for $1 $2:" >&2
    cat "$TMP/eval.err" >&2
    return 1
  fi
  printf '{"tool":"%s","task":"%s","eval":%s}\n' "$1" "$2" "$(cat "$TMP/eval.json")" >> "$RES"
}

# {======================================================================
# The peers
# =======================================================================
for task in tokens sentences entities quotes figures; do
  for tool in compromise wink; do
    echo "bench-peers: $tool $task over $CORPUS (best of $RUNS)" >&2
    node bench/peers/peer.js "$tool" "$task" "$CORPUS" "$RUNS" >> "$RES" || exit 1
    case $task in
      entities|quotes|figures)
        if node bench/peers/peer.js "$tool" "$task" "$GOLD_CORPUS" 1 "$TMP/pred.jsonl" > "$TMP/gold-run.json" 2>/dev/null &&
           grep -q '"supported":true' "$TMP/gold-run.json"; then
          score "$tool" "$task" "$TMP/pred.jsonl" || exit 1
        fi ;;
    esac
  done
done

# }======================================================================

# {======================================================================
# lore: in memory like the peers (lore.doc + rules), and end to end
# (lore extract -j1: JSON lines in and out, start-up subtracted)
# =======================================================================
for task in tokens entities quotes figures; do
  echo "bench-peers: lore $task over $CORPUS (best of $RUNS)" >&2
  r=""
  [ "$task" = tokens ] || r=$(rules_of "$task")
  # shellcheck disable=SC2086
  $LORE run bench/peers/lore_task.lua "$CORPUS" -- "$task" "$RUNS" $r >> "$RES" || exit 1
  [ "$task" = tokens ] || score lore "$task" || exit 1
done

best_cpu () {   # best_cpu INPUT RULES...: least user+sys of RUNS, "cpu wall"
  input=$1; shift
  r=""
  for f in "$@"; do r="$r -r $f"; done
  best=""
  i=0
  while [ $i -lt "$RUNS" ]; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    /usr/bin/time -f "%U %S %e" -o "$TMP/time" $LORE extract -j1 -q $r "$input" > /dev/null || return 1
    read -r u s e < "$TMP/time"
    c=$(awk "BEGIN{print $u + $s}")
    if [ -z "$best" ] || awk "BEGIN{exit !($c < ${best%% *})}"; then best="$c $e"; fi
  done
  echo "$best"
}

bytes=$(sed -n 's/.*"bytes":\([0-9]*\).*"tool":"lore".*/\1/p' "$RES" | head -n 1)
for task in tokens entities quotes figures; do
  echo "bench-peers: lore extract -j1 $task (best of $RUNS, and start-up on one document)" >&2
  # shellcheck disable=SC2046
  full=$(best_cpu "$CORPUS" $(rules_of "$task")) || exit 1
  # shellcheck disable=SC2046
  start=$(best_cpu "$TMP/one.jsonl" $(rules_of "$task")) || exit 1
  printf '{"tool":"lore-extract","task":"%s","supported":true,"bytes":%s,"runs":%s,"cpu_s":%s,"wall_s":%s,"startup_cpu_s":%s}\n' \
    "$task" "$bytes" "$RUNS" "${full%% *}" "${full#* }" "${start%% *}" >> "$RES"
done

# }======================================================================

LOAD_PEERS=$(loadavg)

# {======================================================================
# Scaling and memory (bench/suites), for the same results file
# =======================================================================
: > "$TMP/suites.txt"
if [ "${PEERS_SUITES:-1}" != 0 ]; then
  for s in scaling memory; do
    echo "bench-peers: bench/suites/$s.sh" >&2
    echo "== $s" >> "$TMP/suites.txt"
    LORE_BENCH_1G=${LORE_BENCH_1G:-1} sh "bench/suites/$s.sh" >> "$TMP/suites.txt" 2>&1 ||
      echo "($s.sh exited with status $?)" >> "$TMP/suites.txt"
  done
fi

# }======================================================================

node bench/peers/report.js "$RES" "$TMP/suites.txt" "$OUT" \
  "$DATE_START" "$LOAD_START" "$LOAD_PEERS" "$(loadavg)" "$CORPUS" "$MB" \
  "$($LORE --version)" "$(node --version)"
