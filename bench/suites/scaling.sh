#!/bin/sh
# bench/suites/scaling.sh: does the worker pool scale? lore extract with
# the bundled rules over the >= 64 MB benchmark corpus at -j1 and -j2,
# best wall time of SCALING_REPS (default 3) runs each, j1 and j2
# interleaved (order swapped every repetition) so that both see the same
# load. The machine may be shared: before each pair the suite waits (up to
# SCALING_WAIT seconds, default 120) until SCALING_MIN_IDLE cores (default
# 1.8) are idle, measured over 2 s from /proc/stat, and reports the idle
# cores it got. Same-run baseline: an empty rule set (reading, tokenizing,
# JSON out: mostly the main and reader threads' work).
#
# What the machine allows under the load of the moment: two independent
# lore extract -j1 processes, each on one half of the corpus, at the same
# time (no pool shared); the pool's efficiency is its -j2 speed-up over
# theirs. And every run's threads are sampled from
# /proc/PID/task/TID/schedstat (time on a CPU, time runnable but waiting
# for one, the rest: blocked): a worker blocked while the run goes on was
# starved by the pool (no document to take, or the window full).
#
# Then a mixed corpus (one 4 MB document first, then 16 MB of articles):
# a document much larger than the others at the head of the window.
LORE=./build/lore
CORPUS=bench/corpus/bench64.jsonl
REPS=${SCALING_REPS:-3}
WAIT=${SCALING_WAIT:-120}
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

# sample PID OUT: until PID exits, every 0.25 s, one line per thread into
# OUT: "uptime tid run_ns wait_ns" (schedstat); the last lines per tid
# hold its totals, the first and last uptimes its lifetime.
sample () {
  while [ -d "/proc/$1" ]; do
    up=$(cut -d' ' -f1 /proc/uptime)
    for t in /proc/"$1"/task/*; do
      s=$(cat "$t/schedstat" 2>/dev/null) && echo "$up ${t##*/} $s"
    done >> "$2"
    sleep 0.25
  done
}

# threads OUT PID: per thread (creation order: main, reader, workers):
# "role cpu_s wait_s blocked_s"
threads () {
  awk -v pid="$2" '
    { if (!($2 in first)) { first[$2] = $1; order[++n] = $2 }
      last[$2] = $1; run[$2] = $3; wait[$2] = $4 }
    END {
      # tids in creation order
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
        if (order[j] + 0 < order[i] + 0) { t = order[i]; order[i] = order[j]; order[j] = t }
      w = 0
      for (i = 1; i <= n; i++) {
        tid = order[i]
        role = tid == pid ? "main" : (i == 2 ? "reader" : "worker" (++w))
        life = last[tid] - first[tid] + 0.25
        b = life - run[tid] / 1e9 - wait[tid] / 1e9
        if (b < 0) b = 0
        printf "%s %.2f %.2f %.2f\n", role, run[tid] / 1e9, wait[tid] / 1e9, b
      }
    }' "$1"
}

# run JOBS INPUT RULEARGS...: prints "wall cpu"; thread figures in
# $TMP/threads.jJOBS
run () {
  j=$1; in=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$TMP/time" $LORE extract -q -j"$j" "$@" "$in" > /dev/null &
  tpid=$!
  lpid=""
  k=0
  while [ -z "$lpid" ] && [ $k -lt 50 ]; do
    lpid=$(awk '{print $1}' "/proc/$tpid/task/$tpid/children" 2>/dev/null)
    k=$((k + 1))
    [ -z "$lpid" ] && sleep 0.02
  done
  : > "$TMP/samples"
  [ -n "$lpid" ] && sample "$lpid" "$TMP/samples"
  wait $tpid || return 1
  [ -n "$lpid" ] && threads "$TMP/samples" "$lpid" > "$TMP/threads.j$j"
  read -r e u s < "$TMP/time"
  echo "$e $(awk "BEGIN{print $u + $s}")"
}

# two -j1 processes on the two halves at once: prints the wall time of both
halves () {
  s0=$(cut -d' ' -f1 /proc/uptime)
  $LORE extract -q -j1 "$TMP/half1.jsonl" > /dev/null &
  p1=$!
  $LORE extract -q -j1 "$TMP/half2.jsonl" > /dev/null &
  p2=$!
  wait $p1 || return 1
  wait $p2 || return 1
  awk -v a="$s0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN{printf "%.2f\n", b - a}'
}

print_threads () {   # print_threads LABEL FILE
  awk -v l="$1" '{ printf "# %s thread %-8s %7.2f s on CPU, %7.2f s waiting for a CPU, %7.2f s blocked\n", l, $1, $2, $3, $4 }' "$2"
}

n=$(wc -l < "$CORPUS")
head -n $((n / 2)) "$CORPUS" > "$TMP/half1.jsonl"
tail -n $((n - n / 2)) "$CORPUS" > "$TMP/half2.jsonl"
best1=""; best2=""; cpu1=""; cpu2=""; minidle=""
b1=""; b2=""; bh=""
rep=0
while [ $rep -lt "$REPS" ]; do
  rep=$((rep + 1))
  idle=$(wait_idle)
  if [ -z "$minidle" ] || awk "BEGIN{exit !($idle < $minidle)}"; then minidle=$idle; fi
  if [ $((rep % 2)) = 1 ]; then order="1 2"; else order="2 1"; fi
  for j in $order; do
    r=$(run "$j" "$CORPUS") || exit 1
    w=${r% *}; c=${r#* }
    echo "# rep $rep -j$j: ${w} s wall, ${c} s CPU (idle cores before the pair: $idle, load $(cut -d' ' -f1 /proc/loadavg))"
    if [ "$j" = 1 ]; then
      cp "$TMP/threads.j1" "$TMP/uniform.j1"
      if [ -z "$best1" ] || awk "BEGIN{exit !($w < $best1)}"; then best1=$w; cpu1=$c; fi
    else
      cp "$TMP/threads.j2" "$TMP/uniform.j2"
      if [ -z "$best2" ] || awk "BEGIN{exit !($w < $best2)}"; then best2=$w; cpu2=$c; fi
    fi
  done
  h=$(halves) || exit 1
  echo "# rep $rep two -j1 processes on the halves: $h s wall"
  if [ -z "$bh" ] || awk "BEGIN{exit !($h < $bh)}"; then bh=$h; fi
  # the baseline: empty rules, j1 and j2 back to back
  for j in $order; do
    r=$(run "$j" "$CORPUS" -r "$TMP/empty.lua") || exit 1
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
echo "BENCH scaling_speedup_2procs $(awk "BEGIN{printf \"%.2f\", $best1 / $bh}") ratio"
echo "BENCH scaling_pool_efficiency $(awk "BEGIN{printf \"%.2f\", $bh / $best2}") ratio"
echo "BENCH scaling_cpu_j2_over_j1 $(awk "BEGIN{printf \"%.3f\", $cpu2 / $cpu1}") ratio"
echo "BENCH scaling_j2_cores_busy $(awk "BEGIN{printf \"%.2f\", $cpu2 / $best2}") cores"
echo "BENCH scaling_baseline_j1_mb_s $(mb "$b1") MB/s"
echo "BENCH scaling_baseline_j2_mb_s $(mb "$b2") MB/s"
echo "BENCH scaling_baseline_speedup_j2 $(awk "BEGIN{printf \"%.2f\", $b1 / $b2}") ratio"
print_threads "-j1" "$TMP/uniform.j1"
print_threads "-j2" "$TMP/uniform.j2"
awk '{ all += $2; if ($1 == "main") m = $2; if ($1 == "reader") r = $2; if ($1 ~ /^worker/) b += $4 }
  END { printf "BENCH scaling_j2_main_thread_share %.3f ratio\n", m / all
        printf "BENCH scaling_j2_reader_thread_share %.3f ratio\n", r / all
        printf "BENCH scaling_j2_workers_blocked_s %.2f s\n", b }' "$TMP/uniform.j2"
if awk "BEGIN{exit !($speedup >= 1.8)}"; then verdict="met"; else verdict="NOT met"; fi
echo "# target speed-up >= 1.8 from -j1 to -j2: $verdict ($speedup; at least $minidle idle cores before each pair; two independent processes got $(awk "BEGIN{printf \"%.2f\", $best1 / $bh}"))"

# {======================================================================
# Mixed document sizes: one 4 MB document at the head, then 16 MB of
# articles. On idle cores -j2 could take max(big, all / 2); with a window
# of documents, the other worker stops once the window is full behind the
# big one, and is blocked until it is done.
# =======================================================================
$LORE run /dev/stdin corpus -- "$TMP/mixed.jsonl" <<'LUA' || exit 1
local texts = {}
for d in lore.corpus() do texts[#texts + 1] = d.text end
local parts, n, i = {}, 0, 0
while n < 4e6 do
  i = i + 1
  parts[#parts + 1] = texts[(i - 1) % #texts + 1]
  n = n + #parts[#parts] + 2
end
local out = lore.util.output(arg[1])
out:write(lore.json.encode({id = "big", date = "2024-05-16", text = table.concat(parts, "\n\n")}), "\n")
out:commit()
LUA
head -n 3000 "$CORPUS" >> "$TMP/mixed.jsonl"
idle=$(wait_idle)
for j in 1 2; do
  r=$(run "$j" "$TMP/mixed.jsonl" --rule-timeout 4000000000) || exit 1
  echo "# mixed -j$j: ${r% *} s wall, ${r#* } s CPU (idle cores before: $idle)"
  if [ "$j" = 1 ]; then mw1=${r% *}; else mw2=${r% *}; fi
  print_threads "mixed -j$j" "$TMP/threads.j$j"
done
echo "BENCH scaling_mixed_speedup_j2 $(awk "BEGIN{printf \"%.2f\", $mw1 / $mw2}") ratio"
awk '$1 ~ /^worker/ { b += $4 } END { printf "BENCH scaling_mixed_j2_workers_blocked_s %.2f s\n", b }' "$TMP/threads.j2"

# }======================================================================
