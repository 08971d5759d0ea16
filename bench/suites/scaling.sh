#!/bin/sh
# bench/suites/scaling.sh: does the worker pool scale? lore extract with
# the bundled rules over the >= 64 MB benchmark corpus at -j1 and -j2,
# best wall time of SCALING_REPS (default 3) runs each, j1 and j2
# interleaved (order swapped every repetition) so that both see the same
# load. The machine is shared: before each pair the suite waits (up to
# SCALING_WAIT seconds, default 300) until SCALING_MIN_IDLE cores (default
# 1.8) are idle, measured over 2 s from /proc/stat, and reports the idle
# cores it got. Same-run baseline: an empty rule set (reading, tokenizing,
# JSON out: the part that the main and reader threads do). During one -j2
# run the CPU time of every thread is sampled from /proc/PID/task/*/stat,
# which shows how much of the work is serial (main thread, reader).
LORE=./build/lore
CORPUS=bench/corpus/bench64.jsonl
REPS=${SCALING_REPS:-3}
WAIT=${SCALING_WAIT:-300}
MIN_IDLE=${SCALING_MIN_IDLE:-1.8}
NCPU=$(getconf _NPROCESSORS_ONLN)
mkdir -p bench/corpus
[ -f "$CORPUS" ] || $LORE run bench/make_corpus.lua corpus -- "$CORPUS" 64 || exit 1
TMP=$(mktemp -d /tmp/lore-scaling-XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
echo 'phase "none"' > "$TMP/empty.lua"
bytes=$($LORE run /dev/stdin "$CORPUS" <<'LUA'
local n = 0
for d in lore.corpus() do n = n + #d end
print(n)
LUA
)

idle_cores () {   # idle cores over 2 s (idle + iowait time / total)
  a=$(head -n 1 /proc/stat)
  sleep 2
  b=$(head -n 1 /proc/stat)
  echo "$a
$b" | awk -v n="$NCPU" '{ t = 0; for (i = 2; i <= NF; i++) t += $i; id = $5 + $6
    if (NR == 1) { t0 = t; i0 = id } else printf "%.2f\n", n * (id - i0) / (t - t0) }'
}

wait_idle () {    # wait until MIN_IDLE cores are idle or WAIT seconds passed
  waited=0
  while :; do
    idle=$(idle_cores)
    awk "BEGIN{exit !($idle >= $MIN_IDLE)}" && break
    [ "$waited" -ge "$WAIT" ] && break
    sleep 8
    waited=$((waited + 10))
  done
  echo "$idle"
}

# Per-thread CPU ticks of PID, sampled until it exits; the last sample is
# left in $TMP/threads (tid ticks per line; the main thread's tid is PID).
sample_threads () {
  pid=$1
  while [ -d "/proc/$pid" ]; do
    snap=""
    for t in /proc/"$pid"/task/*; do
      s=$(cat "$t/stat" 2>/dev/null) || continue
      snap="$snap${t##*/} $(echo "${s##*) }" | awk '{print $12 + $13}')
"
    done
    [ -n "$snap" ] && printf '%s' "$snap" > "$TMP/threads"
    sleep 0.25
  done
}

run () {   # run JOBS RULEARGS...: prints "wall cpu"
  j=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$TMP/time" $LORE extract -q -j"$j" "$@" "$CORPUS" > /dev/null &
  tpid=$!
  if [ "$j" = 2 ] && [ ! -s "$TMP/threads.done" ]; then
    sleep 0.2
    lpid=$(cat /proc/$tpid/task/$tpid/children 2>/dev/null | awk '{print $1}')
    [ -n "$lpid" ] && sample_threads "$lpid"
    [ -s "$TMP/threads" ] && echo "$lpid" > "$TMP/threads.pid" && cp "$TMP/threads" "$TMP/threads.done"
  fi
  wait $tpid || return 1
  read -r e u s < "$TMP/time"
  echo "$e $(awk "BEGIN{print $u + $s}")"
}

best1=""; best2=""; cpu1=""; cpu2=""; minidle=""
b1=""; b2=""
rep=0
while [ $rep -lt "$REPS" ]; do
  rep=$((rep + 1))
  idle=$(wait_idle)
  if [ -z "$minidle" ] || awk "BEGIN{exit !($idle < $minidle)}"; then minidle=$idle; fi
  if [ $((rep % 2)) = 1 ]; then order="1 2"; else order="2 1"; fi
  for j in $order; do
    r=$(run "$j") || exit 1
    w=${r% *}; c=${r#* }
    echo "# rep $rep -j$j: ${w} s wall, ${c} s CPU (idle cores before the pair: $idle, load $(cut -d' ' -f1 /proc/loadavg))"
    if [ "$j" = 1 ]; then
      if [ -z "$best1" ] || awk "BEGIN{exit !($w < $best1)}"; then best1=$w; cpu1=$c; fi
    else
      if [ -z "$best2" ] || awk "BEGIN{exit !($w < $best2)}"; then best2=$w; cpu2=$c; fi
    fi
  done
  # the baseline: empty rules, j1 and j2 back to back
  for j in $order; do
    r=$(run "$j" -r "$TMP/empty.lua") || exit 1
    w=${r% *}
    if [ "$j" = 1 ]; then
      if [ -z "$b1" ] || awk "BEGIN{exit !($w < $b1)}"; then b1=$w; fi
    else
      if [ -z "$b2" ] || awk "BEGIN{exit !($w < $b2)}"; then b2=$w; fi
    fi
  done
done

mb () { awk "BEGIN{printf \"%.2f\", $bytes / 1000000 / $1}"; }
echo "corpus: $CORPUS, $bytes bytes; $NCPU cores; best wall time of $REPS"
echo "BENCH scaling_idle_cores_min $minidle cores"
echo "BENCH scaling_j1_mb_s $(mb "$best1") MB/s"
echo "BENCH scaling_j2_mb_s $(mb "$best2") MB/s"
speedup=$(awk "BEGIN{printf \"%.2f\", $best1 / $best2}")
echo "BENCH scaling_speedup_j2 $speedup ratio"
echo "BENCH scaling_cpu_j2_over_j1 $(awk "BEGIN{printf \"%.3f\", $cpu2 / $cpu1}") ratio"
echo "BENCH scaling_j2_cores_busy $(awk "BEGIN{printf \"%.2f\", $cpu2 / $best2}") cores"
echo "BENCH scaling_baseline_j1_mb_s $(mb "$b1") MB/s"
echo "BENCH scaling_baseline_j2_mb_s $(mb "$b2") MB/s"
echo "BENCH scaling_baseline_speedup_j2 $(awk "BEGIN{printf \"%.2f\", $b1 / $b2}") ratio"
if [ -s "$TMP/threads.done" ]; then
  pid=$(cat "$TMP/threads.pid")
  # threads in creation order: main (tid = pid), reader, then the workers
  sort -n "$TMP/threads.done" | awk -v pid="$pid" '
    { tid[NR] = $1; tk[NR] = $2; total += $2 }
    END {
      for (i = 1; i <= NR; i++) {
        name = tid[i] == pid ? "main" : (i == 2 ? "reader" : "worker" (i - 2))
        printf "# -j2 thread %s (tid %s): %.1f%% of the CPU time\n", name, tid[i], 100 * tk[i] / total
        if (name == "main") main = tk[i]
        if (name == "reader") reader = tk[i]
      }
      printf "BENCH scaling_j2_main_thread_share %.3f ratio\n", main / total
      printf "BENCH scaling_j2_reader_thread_share %.3f ratio\n", reader / total
    }'
fi
if awk "BEGIN{exit !($speedup >= 1.8)}"; then verdict="met"; else verdict="NOT met"; fi
echo "# target speed-up >= 1.8 from -j1 to -j2: $verdict ($speedup; at least $minidle idle cores before each pair)"
