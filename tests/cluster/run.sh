#!/bin/sh
# tests/cluster/run.sh (make test-cluster): sharding, merging and `lore
# slurm` on a real one-node Slurm cluster started here.
#
# 1. Sharding (no Slurm): `lore extract --shard I/N` is deterministic, does
#    not depend on -j, the file order on disk, the folder the corpus lives
#    in or a trailing slash, and the union of the shards is the corpus.
# 2. Merging (no Slurm), for every bundled script with init/add/merge/finish
#    and tests/cluster/capstats.lua: `lore merge` of 3 shards' partials
#    prints byte for byte what one run prints, and merge is associative
#    (the merged partials are byte-identical however they are grouped).
# 3. Slurm: munged, slurmctld and slurmd for a one-node cluster on localhost
#    (tests/cluster/cluster.sh, generated config, ports of our own, all in a
#    temporary folder); `lore slurm` over a few thousand documents in 6
#    shards equals the single-machine run byte for byte.
# 4. Slurm, failure: one array task is cancelled mid-run (its lore stopped
#    by tests/cluster/stall.sh a fifth into its shard); its partial is
#    absent, the merge job is cancelled by Slurm, a stale half-written
#    temporary is never taken; --resume refuses a changed corpus; then
#    `lore slurm --resume` submits only that shard and the result is again
#    identical.
#
# Parts 3-4 need tests/cluster/can-run.sh to succeed; otherwise they are
# reported as skipped. Every daemon started is stopped by its PID and the
# temporary folder removed, also on failure or Ctrl-C (LORE_KEEP=1 keeps
# the folder). Environment: LORE_CLUSTER_SCRIPT (default report if it
# exists, else tests/cluster/capstats.lua), LORE_CLUSTER_DOCS (documents in
# the generated JSONL file of corpus/, default 1800; 200 .txt files come too).
# Last line: "N passed, N failed"; exit status 1 if anything failed.

cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
LORE="$TOP/build/lore"
PATH="$PATH:/usr/sbin:/sbin"
export PATH
unset SLURM_CONF SLURM_JOB_ID SLURM_ARRAY_TASK_ID SLURM_CPUS_PER_TASK
. "$TOP/tests/cluster/cluster.sh"

pass=0; fail=0
ok () { pass=$((pass + 1)); echo "ok   $1"; }
no () { fail=$((fail + 1)); echo "FAIL $1"; }
check () {   # check NAME COMMAND...: ok if the command succeeds
  name=$1; shift
  if "$@"; then ok "$name"; else no "$name"; return 1; fi
}
same () {    # same NAME FILE1 FILE2: byte for byte
  if [ -f "$2" ] && [ -f "$3" ] && cmp -s "$2" "$3"; then ok "$1"
  else
    no "$1"
    if [ -f "$2" ] && [ -f "$3" ]; then diff "$2" "$3" | head -10 | sed 's/^/     /'
    else echo "     missing: $( [ -f "$2" ] || echo "$2") $( [ -f "$3" ] || echo "$3")"; fi
    return 1
  fi
}

T=$(mktemp -d /tmp/lore-cluster.XXXXXX) || exit 1
chmod 755 "$T"
summary_done=0
cleanup () {
  st=$?
  trap - EXIT INT TERM
  if [ $summary_done = 0 ]; then
    no "the test ran to its end (interrupted or stopped, exit status $st)"
    echo "$pass passed, $fail failed"
    [ $st -eq 0 ] && st=1
  fi
  if [ -n "$CLUSTER_PIDS" ]; then
    cluster_drain 20 || echo "warning: jobs still queued when stopping the cluster"
    cluster_stop
  fi
  if [ "${LORE_KEEP:-0}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
  exit $st
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -x "$LORE" ] || { echo "build first: make -s all"; no "lore built"; echo "$pass passed, $fail failed"; summary_done=1; exit 1; }

# A snapshot of the executable, rules and scripts (LORE_HOME), so that the
# single-machine run and the cluster run use the same code even while the
# checkout changes under the test.
mkdir -p "$T/home/bin" "$T/home/tests"
cp "$LORE" "$T/home/bin/lore" && cp "$TOP/tests/cluster/stall.sh" "$T/home/bin/lore-stall" &&
  cp -R "$TOP/rules" "$TOP/scripts" "$T/home/" &&
  cp "$TOP/tests/cluster/capstats.lua" "$TOP/tests/cluster/jsonl-norm.lua" \
     "$TOP/tests/cluster/make_docs.lua" "$T/home/tests/" ||
  { no "snapshot of lore, rules and scripts"; echo "$pass passed, $fail failed"; summary_done=1; exit 1; }
LORE="$T/home/bin/lore"
LORE_HOME="$T/home"
export LORE_HOME

# The script under test.
SCRIPT=${LORE_CLUSTER_SCRIPT:-}
if [ -z "$SCRIPT" ]; then
  if [ -f "$LORE_HOME/scripts/report.lua" ] &&
     "$LORE" run /dev/stdin <<'LUA' >/dev/null 2>&1
local s = lore.script.load("report")
os.exit(s.init and s.merge and s.finish and 0 or 1)
LUA
  then SCRIPT=report
  else SCRIPT="$LORE_HOME/tests/capstats.lua"
  fi
fi
echo "script under test: $SCRIPT"

# {======================================================================
# Corpora (generated): small/ for the local checks, corpus/ for Slurm
# =======================================================================

cd "$T" || exit 1
mkdir -p small/news small/txt corpus/news corpus/txt
"$LORE" run "$LORE_HOME/tests/make_docs.lua" "$TOP/corpus" -- small/news/b.jsonl 60 2
for b in 1 2 3; do
  mkdir -p "small/txt/batch-$b"
  cp "$TOP"/corpus/*.txt "$TOP/corpus/meta.tsv" "small/txt/batch-$b/"
done
"$LORE" run "$LORE_HOME/tests/make_docs.lua" "$TOP/corpus" -- corpus/news/a.jsonl "${LORE_CLUSTER_DOCS:-1800}"
b=0
while [ $b -lt 40 ]; do
  b=$((b + 1)); d=corpus/txt/$(printf 'batch-%03d' $b)
  mkdir -p "$d"; cp "$TOP"/corpus/*.txt "$TOP/corpus/meta.tsv" "$d/"
done
ndocs_small=$("$LORE" extract small -q -r "$LORE_HOME/rules/boilerplate.lua" | wc -l)
ndocs=$("$LORE" extract corpus -q -r "$LORE_HOME/rules/boilerplate.lua" | wc -l)
echo "corpora: small/ $ndocs_small documents, corpus/ $ndocs documents"
check "the generated corpus has a few thousand documents" [ "$ndocs" -ge 2000 ]

# }======================================================================

# {======================================================================
# 1. Sharding
# =======================================================================

T0=$(date +%s)
echo "== sharding"
# Records are compared after decoding and encoding them again (sorted keys):
# `lore extract` writes span attributes in no fixed order.
norm () { "$LORE" run "$LORE_HOME/tests/jsonl-norm.lua" -- "$@"; }
extract () { out=$1; shift; "$LORE" extract "$@" -q > "$out.raw" < /dev/null && norm "$out.raw" > "$out"; }
extract all.jsonl small -j 2
i=1; while [ $i -le 4 ]; do
  extract shard-$i.jsonl small -j 2 --shard $i/4
  i=$((i + 1))
done
sort all.jsonl > all.sorted
cat shard-1.jsonl shard-2.jsonl shard-3.jsonl shard-4.jsonl | sort > union.sorted
same "the union of shards 1-4 of 4 is the corpus, each record once" all.sorted union.sorted
empty=0
for i in 1 2 3 4; do [ -s shard-$i.jsonl ] || empty=$((empty + 1)); done
check "no shard of 4 is empty ($(wc -l < shard-1.jsonl) $(wc -l < shard-2.jsonl) $(wc -l < shard-3.jsonl) $(wc -l < shard-4.jsonl) records)" [ $empty -eq 0 ]
grep -c '"path":"small/news/' shard-1.jsonl shard-2.jsonl shard-3.jsonl shard-4.jsonl > jl.count
check "JSONL lines of one file are spread over the shards" [ "$(grep -c ':0$' jl.count)" -eq 0 ]
extract again.jsonl small -j 1 --shard 2/4
same "a shard is the same run after run, whatever -j" shard-2.jsonl again.jsonl
extract slash.jsonl small/ --shard 3/4
same "'small/' and 'small' make the same shards" shard-3.jsonl slash.jsonl
# Another machine: the corpus under another folder, its files created in
# reverse order (so directory order on disk differs).
mkdir -p elsewhere/deep
(cd small && find . -type f | sort -r) | while read -r f; do
  mkdir -p "elsewhere/deep/small/$(dirname "$f")"
  cp "small/$f" "elsewhere/deep/small/$f"
done
(cd elsewhere/deep && "$LORE" extract small -q --shard 2/4 < /dev/null) > moved.raw
norm moved.raw > moved.jsonl
same "same shard from another folder, files created in another order" shard-2.jsonl moved.jsonl
# The documented formula: shard = FNV-1a-64(path[:line]) mod N + 1
"$LORE" run /dev/stdin > formula.txt <<'LUA'
local function shard (s, n)   -- unsigned 64-bit hash mod n, 1-based
  local h = lore.shard_hash(s)
  return ((h >> 1) % n * 2 + (h & 1)) % n + 1
end
print(shard("small/txt/batch-1/000_a7dc20db6077fbda.txt", 4), shard("small/news/b.jsonl:7", 4))
LUA
read -r fs1 fs2 < formula.txt
check "doc formula: small/txt/batch-1/000... is in shard $fs1" \
  grep -q '"path":"small/txt/batch-1/000_a7dc20db6077fbda.txt"' shard-$fs1.jsonl
line7_id=$(sed -n 7p small/news/b.jsonl | sed 's/.*"id":"\([^"]*\)".*/\1/')
check "doc formula: line 7 of small/news/b.jsonl ($line7_id) is in shard $fs2" \
  grep -q "\"id\":\"$line7_id\"" shard-$fs2.jsonl

# }======================================================================

# {======================================================================
# 2. Merging: every mergeable script, merged == single run, associativity
# =======================================================================

echo "== merging ($(( $(date +%s) - T0 )) s so far)"
"$LORE" run /dev/stdin > scripts.txt <<'LUA'
local names = {}
for _, f in ipairs(lore.sys.listdir(lore.home .. "/scripts") or {}) do
  local n = f:match("^(.-)%.lua$")
  if n then
    local ok, s = pcall(lore.script.load, n)
    if ok and s.init and s.add and s.merge and s.finish then names[#names + 1] = n end
  end
end
print(table.concat(names, " "))
LUA
MERGE_SCRIPTS="$(cat scripts.txt) $LORE_HOME/tests/capstats.lua"
echo "scripts: $MERGE_SCRIPTS"
mkdir -p m
for s in $MERGE_SCRIPTS; do
  n=$(basename "$s" .lua)
  case $n in        # scripts that need more than inputs
    kwic) set -- -e Putin ;;
    *) set -- ;;
  esac
  "$LORE" "$s" small "$@" -q > "m/$n.single" 2> "m/$n.err" < /dev/null
  st=$?
  if [ $st -eq 2 ]; then
    echo "skip $n: needs arguments ($(head -1 "m/$n.err"))"; continue
  fi
  # 3: some input skipped, 4: some rule failed on some document (reported)
  check "$n: single run (exit status $st)" [ $st -eq 0 -o $st -eq 3 -o $st -eq 4 ] ||
    { head -5 "m/$n.err" | sed 's/^/     /'; }
  okp=1
  for i in 1 2 3; do
    "$LORE" "$s" small "$@" -q --shard $i/3 --partial "m/$n-$i.json" 2>> "m/$n.err" < /dev/null
    case $? in 0|3|4) ;; *) okp=0 ;; esac
  done
  check "$n: three shard partials written" [ $okp -eq 1 -a -f "m/$n-3.json" ]
  "$LORE" merge m/$n-1.json m/$n-2.json m/$n-3.json "$@" > "m/$n.merged" 2>> "m/$n.err"
  same "$n: lore merge of the partials == single run, byte for byte" "m/$n.single" "m/$n.merged"
  "$LORE" merge m/$n-3.json m/$n-1.json m/$n-2.json "$@" > "m/$n.shuffled" 2>> "m/$n.err"
  same "$n: partials merged in another order == single run" "m/$n.single" "m/$n.shuffled"
  "$LORE" merge m/$n-1.json m/$n-2.json --partial m/$n-12.json "$@" 2>> "m/$n.err"
  "$LORE" merge m/$n-12.json m/$n-3.json --partial m/$n-L.json "$@" 2>> "m/$n.err"
  "$LORE" merge m/$n-2.json m/$n-3.json --partial m/$n-23.json "$@" 2>> "m/$n.err"
  "$LORE" merge m/$n-1.json m/$n-23.json --partial m/$n-R.json "$@" 2>> "m/$n.err"
  same "$n: merge(merge(a,b),c) == merge(a,merge(b,c)), partials byte for byte" m/$n-L.json m/$n-R.json
  "$LORE" merge m/$n-L.json "$@" > "m/$n.tree" 2>> "m/$n.err"
  same "$n: lore merge of merged partials == single run" "m/$n.single" "m/$n.tree"
done

# }======================================================================

# {======================================================================
# 3-4. Slurm
# =======================================================================

# Wait (up to $2 s) until `$1` succeeds.
wait_for () {
  _w=0
  while [ $_w -lt $(($2 * 2)) ]; do
    eval "$1" && return 0
    sleep 0.5; _w=$((_w + 1))
  done
  return 1
}

job_field () {   # job_field JOBID FIELD: a field of scontrol show job
  scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

if ! why=$("$TOP/tests/cluster/can-run.sh" --why); then
  echo "== slurm: SKIPPED: $why"
else
  echo "== slurm (one-node cluster in $T/slurm; $(( $(date +%s) - T0 )) s so far)"
  mkdir -p slurm
  if ! cluster_start "$T/slurm"; then
    no "one-node Slurm cluster starts"
  else
    ok "one-node Slurm cluster starts (ports $CLUSTER_CTLD_PORT, $CLUSTER_SLURMD_PORT)"
    SN=$(basename "$SCRIPT" .lua)
    t0=$(date +%s)
    "$LORE" "$SCRIPT" corpus -q > single.out 2> single.err < /dev/null
    check "single-machine $SN over corpus/ ($(( $(date +%s) - t0 )) s)" [ -s single.out ]

    # 3. the whole job array, then the merge
    t0=$(date +%s)
    "$LORE" slurm corpus -n 6 -j 1 -s "$SCRIPT" -d run1 -t 10:00 --wait > run1.out 2>&1
    st=$?
    check "lore slurm -n 6 --wait: exit status 0 (was $st) in $(( $(date +%s) - t0 )) s" [ $st -eq 0 ] ||
      sed 's/^/     /' run1.out
    map1=$(awk '$1 == "map" {print $2; exit}' run1/jobs.tsv)
    merge1=$(awk '$1 == "merge" {print $2; exit}' run1/jobs.tsv)
    check "map job is named lore-map-run1" [ "$(job_field "$map1" JobName)" = lore-map-run1 ]
    check "merge job is named lore-merge-run1, after the array" \
      [ "$(job_field "$merge1" JobName)" = lore-merge-run1 ]
    last_end=$(scontrol -o show job "$map1" | sed -n 's/.* EndTime=\([^ ]*\).*/\1/p' | sort | tail -1)
    merge_start=$(job_field "$merge1" StartTime)
    if [ -n "$last_end" ] && [ -n "$merge_start" ] &&
       ! expr "$merge_start" \< "$last_end" >/dev/null; then
      ok "merge job started after the last task ended ($merge_start >= $last_end)"
    else no "merge job started after the last task ended ($merge_start >= $last_end)"; fi
    ntasks=$(ls run1/logs/map-*.log 2>/dev/null | wc -l)
    check "6 array tasks ran, one log each ($ntasks)" [ "$ntasks" -eq 6 ]
    nparts=$(ls run1/parts/part-*.json 2>/dev/null | wc -l)
    check "6 partials part-1..6.json" [ "$nparts" -eq 6 ]
    check "no temporary files left in parts/" [ -z "$(ls run1/parts | grep -v '^part-[0-9]*\.json$')" ]
    same "Slurm result == single-machine '$SN', byte for byte" single.out "run1/$SN.txt"

    # 4. one task cancelled mid-run, then --resume. The tasks run lore
    # through tests/cluster/stall.sh, which stops shard K's lore (SIGSTOP)
    # once it has read a fifth of corpus/news/a.jsonl, while the gate file
    # exists; the test then cancels that task.
    k=2
    LORE_STALL="$T/stall-gate"; LORE_STALL_SHARD="$k/4"
    LORE_STALL_INPUT=$(realpath corpus/news/a.jsonl)
    export LORE_STALL LORE_STALL_SHARD LORE_STALL_INPUT
    touch "$LORE_STALL"
    "$LORE" slurm corpus -n 4 -j 1 -s "$SCRIPT" -d run2 -t 10:00 \
      --lore "$LORE_HOME/bin/lore-stall" > run2.out 2>&1
    check "lore slurm -n 4 submits" [ $? -eq 0 ]
    map2=$(awk '$1 == "map" {print $2; exit}' run2/jobs.tsv)
    merge2=$(awk '$1 == "merge" {print $2; exit}' run2/jobs.tsv)
    if wait_for "[ -s '$LORE_STALL.stopped' ]" 90; then
      read -r spid spos ssize < "$LORE_STALL.stopped"
      ok "task $k is mid-run: lore (pid $spid) stopped at byte $spos of $ssize of the JSONL file"
    else no "task $k reaches the middle of its shard"; fi
    check "task $k is RUNNING for Slurm" [ "$(squeue -h -j "${map2}_$k" -o %T 2>/dev/null)" = RUNNING ]
    # a half-written partial left by some killed attempt: never a result
    printf '{"lore_partial":"%s","state":{"docs":12' "$SN" > "run2/parts/part-$k.json.lore-tmp-424242"
    scancel "${map2}_$k"
    check "merge job is cancelled by Slurm (dependency never satisfied)" \
      wait_for "[ \"\$(job_field $merge2 JobState)\" = CANCELLED ]" 60
    check "task $k ended CANCELLED" \
      wait_for "[ \"\$(job_field ${map2}_$k JobState)\" = CANCELLED ]" 30
    check "the 3 other shards wrote their partials" \
      wait_for "[ \$(ls run2/parts/part-*.json | wc -l) -eq 3 ]" 60
    check "shard $k has no partial (only the stale temporary)" [ ! -e "run2/parts/part-$k.json" ]
    check "no result written" [ ! -e "run2/$SN.txt" ]
    "$LORE" slurm --status run2 > status.out 2>&1
    check "--status names the missing shard" grep -q "missing: shards $k\$" status.out ||
      sed 's/^/     /' status.out
    mkdir corpus/zz && echo "One more article." > corpus/zz/new.txt
    "$LORE" slurm --resume run2 > changed.out 2>&1
    st=$?
    check "--resume refuses when the corpus changed (exit status $st)" \
      grep -q "inputs changed" changed.out
    rm -r corpus/zz "$LORE_STALL"
    t0=$(date +%s)
    "$LORE" slurm --resume run2 --wait > resume.out 2>&1
    st=$?
    check "lore slurm --resume --wait: exit status 0 (was $st) in $(( $(date +%s) - t0 )) s" [ $st -eq 0 ] ||
      sed 's/^/     /' resume.out
    check "--resume submitted only shard $k" \
      [ "$(awk '$1 == "map" {print $3 " " $4}' run2/jobs.tsv | tail -1)" = "shards $k" ]
    nmap=$(awk '$1 == "map"' run2/jobs.tsv | wc -l)
    check "two map submissions in all ($nmap)" [ "$nmap" -eq 2 ]
    check "the stale temporary is gone" [ ! -e "run2/parts/part-$k.json.lore-tmp-424242" ]
    same "resumed Slurm result == single-machine '$SN', byte for byte" single.out "run2/$SN.txt"
    "$LORE" slurm --resume run2 > again.out 2>&1
    check "a second --resume has nothing to do" grep -q "^complete" again.out
  fi
fi

# }======================================================================

echo "($(( $(date +%s) - T0 )) s in all)"
echo "$pass passed, $fail failed"
summary_done=1
[ "$fail" -eq 0 ]
