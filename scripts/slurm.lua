-- scripts/slurm.lua: `lore slurm`, a corpus script run as a Slurm job array.
--
--   lore slurm INPUT... [-n SHARDS] [-s SCRIPT] [-d DIR] [SLURM OPTIONS] [-- SCRIPT OPTIONS]
--   lore slurm --resume DIR [SLURM OPTIONS]
--   lore slurm --status DIR
--
-- Map: one array task per shard I of N (task id = I) runs
--   lore SCRIPT INPUT... --shard I/N --partial DIR/parts/part-I.json -j C -q [SCRIPT OPTIONS]
-- Reduce: a job that depends on the array (afterok, killed if a task
-- fails) runs
--   lore merge DIR/parts/part-1.json ... part-N.json [SCRIPT OPTIONS] > OUTPUT
-- and renames the result over OUTPUT only when it succeeded.
--
-- Everything a run needs is in DIR (on a file system the nodes share):
--   plan.json    what was asked (inputs as given, working directory, shards,
--                script and its options, lore executable, Slurm options)
--   map.sh, merge.sh   the batch scripts (plain sh, readable)
--   jobs.tsv     the jobs submitted, one line each: kind, job id, what
--   parts/       part-I.json, written whole or not at all (rename)
--   logs/        map-I.JOBID.log, merge.JOBID.log
-- A shard is done when its part-I.json exists; --resume submits the others.
--
-- The inputs are passed to every task exactly as given, from the same
-- working directory: shards are a stable hash of the path as given (and the
-- JSONL line), so every task, and every later --resume, sees the same
-- partition of the corpus.
local lore = require "lore"
local util = require "lore.util"

local S = {name = "slurm",
           summary = "run a corpus script as a Slurm job array (map over shards, then merge)"}

local PLAN_VERSION = 1

local SPEC = {
  {"-n", "--shards", arg = "N", key = "shards", number = true,
   help = "number of shards = array tasks (default 16)"},
  {"-s", "--script", arg = "NAME", key = "script",
   help = "corpus script to run: a bundled name or a .lua path (default report)"},
  {"-d", "--dir", arg = "DIR", key = "dir",
   help = "work folder, on a file system the nodes share (default ./lore-slurm)"},
  {"-o", "--output", arg = "FILE", key = "output",
   help = "where the merge job writes the script's output (default DIR/SCRIPT.txt)"},
  {"-p", "--partition", arg = "NAME", key = "partition", help = "sbatch --partition"},
  {"-t", "--time", arg = "TIME", key = "time", help = "sbatch --time, per task and for the merge"},
  {"-j", "--jobs", arg = "N", key = "cpus", number = true,
   help = "CPUs per task: sbatch --cpus-per-task, and lore -j (default 1)"},
  {"-c", "--cpus-per-task", arg = "N", key = "cpus", number = true, help = "the same as -j"},
  {nil, "--mem", arg = "SIZE", key = "mem", help = "sbatch --mem, for each task and the merge (e.g. 4G)"},
  {nil, "--max-running", arg = "K", key = "max_running", number = true,
   help = "run at most K tasks at a time (--array=...%K)"},
  {nil, "--name", arg = "NAME", key = "name",
   help = "job names lore-map-NAME and lore-merge-NAME (default: DIR's name)"},
  {nil, "--sbatch", arg = "ARG", key = "sbatch", multi = true,
   help = "extra sbatch argument for both jobs, repeatable: --sbatch=--account=proj"},
  {nil, "--lore", arg = "PATH", key = "lore",
   help = "lore executable the nodes run (default: this one)"},
  {nil, "--resume", arg = "DIR", key = "resume",
   help = "submit again only the shards of DIR whose partial is missing, and the merge"},
  {nil, "--status", arg = "DIR", key = "status",
   help = "shards done and missing, jobs still queued, the result"},
  {nil, "--wait", key = "wait",
   help = "wait for the merge job; exit status 0 only if the result was written"},
  {nil, "--dry-run", key = "dry_run",
   help = "print the batch scripts and sbatch commands; submit nothing"},
  {"-h", "--help", key = "help", help = "this help"},
}

function S.help ()
  return [[
usage: lore slurm INPUT... [-n SHARDS] [-s SCRIPT] [-d DIR] [OPTIONS] [-- SCRIPT OPTIONS]
       lore slurm --resume DIR [SLURM OPTIONS] [--wait]
       lore slurm --status DIR

Run a corpus script (default: report) as a Slurm job array: task I of N
runs 'lore SCRIPT INPUT... --shard I/N --partial DIR/parts/part-I.json',
and a job that starts when every task succeeded (afterok) runs 'lore merge'
over the N partials and writes the result to OUTPUT. The result is the same
as 'lore SCRIPT INPUT... [SCRIPT OPTIONS]' on one machine.

Follow the jobs with squeue (names lore-map-NAME, lore-merge-NAME; task I
of the array is shard I), sacct -j ID, or 'lore slurm --status DIR'. If a
task fails or is killed, its partial is absent (partials are renamed into
place only when complete), the merge job is cancelled by Slurm, and
'lore slurm --resume DIR' submits only the missing shards and a new merge.

DIR must be on a file system the nodes share; the tasks run in the current
directory with the inputs exactly as given here.

]] .. util.options_help(SPEC) .. [[


SCRIPT OPTIONS (after --) go to every task and to the merge, e.g.
  lore slurm /data/news -n 64 -j 8 -t 1:00:00 -p short -- --top 20 --json report.json
Exit status: 0 submitted (with --wait: result written); 1 error; 2 usage.]]
end

-- {======================================================================
-- Helpers
-- =======================================================================

-- An error reported as "lore slurm: msg" (exit status 1), no traceback.
local function fail (fmt, ...)
  util.fail("slurm", string.format(fmt, ...))
end

-- Quote a word for sh.
local function q (s)
  s = tostring(s)
  if s ~= "" and s:match("^[%w%./_%-=:,+@%%]+$") then return s end
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function qall (list)
  local out = {}
  for i, s in ipairs(list) do out[i] = q(s) end
  return table.concat(out, " ")
end

-- Run a command; returns its output (stdout and stderr), and true if it
-- exited with status 0.
local function run (cmd)
  local p = io.popen(cmd .. " 2>&1", "r")
  if not p then return "", false end
  local out = p:read("a") or ""
  local ok = p:close()
  return out, ok == true
end

local function abspath (p)
  if p:sub(1, 1) == "/" then return p end
  local cwd = lore.sys.realpath(".") or os.getenv("PWD") or "."
  p = p:gsub("^%./", ""):gsub("/+$", "")
  if p == "." or p == "" then return cwd end
  return cwd .. "/" .. p
end

local function exists (p) return lore.sys.stat(p) ~= nil end

local function read_file (p)
  local f = io.open(p, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function write_file (p, data, mode)
  local ok, err = lore.sys.write_atomic(p, data)
  if not ok then fail("cannot write %s", err) end
  if mode then os.execute("chmod " .. mode .. " " .. q(p)) end
end

local function append_line (p, line)
  local f, err = io.open(p, "ab")
  if not f then fail("cannot write %s", tostring(err)) end
  f:write(line, "\n")
  f:close()
end

local function sleep (s) os.execute("sleep " .. s) end

-- "1-3,5,7-8" from a sorted list of integers.
local function ranges (list)
  local out, i = {}, 1
  while i <= #list do
    local j = i
    while j < #list and list[j + 1] == list[j] + 1 do j = j + 1 end
    out[#out + 1] = (j > i) and (list[i] .. "-" .. list[j]) or tostring(list[i])
    i = j + 1
  end
  return table.concat(out, ",")
end

-- }======================================================================

-- {======================================================================
-- The plan, batch scripts, jobs
-- =======================================================================

local function part_path (plan, i)
  return string.format("%s/parts/part-%d.json", plan.dir, i)
end

local function missing_shards (plan)
  local miss = {}
  for i = 1, plan.shards do
    if not exists(part_path(plan, i)) then miss[#miss + 1] = i end
  end
  return miss
end

local function map_script (plan)
  local cmd = {plan.lore, plan.script}
  for _, x in ipairs(plan.inputs) do cmd[#cmd + 1] = x end
  return table.concat({
    "#!/bin/sh",
    "# lore slurm: one shard of " .. plan.script .. " per array task (task id = shard).",
    "# Generated from " .. plan.dir .. "/plan.json; submitted by lore slurm.",
    "set -u",
    "I=${SLURM_ARRAY_TASK_ID:?lore slurm: map.sh runs as a task of a job array}",
    "N=" .. plan.shards,
    "PART=" .. q(plan.dir) .. "/parts/part-$I.json",
    "cd " .. q(plan.cwd) .. " || exit 1",
    "# leftovers of a killed attempt (never taken as a result)",
    'rm -f "$PART".lore-tmp-*',
    'echo "lore slurm: shard $I/$N on $(hostname), job ${SLURM_JOB_ID:-?}" >&2',
    qall(cmd) .. ' --shard "$I/$N" --partial "$PART" -j ' .. plan.slurm.cpus ..
      " -q" .. (#plan.args > 0 and (" " .. qall(plan.args)) or ""),
    "st=$?",
    "case $st in",
    "  0) ;;",
    '  3|4) echo "lore slurm: shard $I/$N: exit status $st (inputs skipped or rule' ..
      ' errors, reported above); its partial counts" >&2 ;;',
    '  *) echo "lore slurm: shard $I/$N failed (exit status $st)" >&2; exit $st ;;',
    "esac",
    '[ -f "$PART" ] || { echo "lore slurm: shard $I/$N wrote no partial" >&2; exit 1; }',
    "exit 0",
    "",
  }, "\n")
end

local function merge_script (plan)
  local out = plan.output
  return table.concat({
    "#!/bin/sh",
    "# lore slurm: merge the " .. plan.shards .. " partials of " .. plan.script ..
      " and write the result.",
    "# Generated from " .. plan.dir .. "/plan.json; submitted by lore slurm.",
    "set -u",
    "N=" .. plan.shards,
    "DIR=" .. q(plan.dir),
    "OUT=" .. q(out),
    "cd " .. q(plan.cwd) .. " || exit 1",
    "set --",
    "missing=",
    "I=1",
    'while [ "$I" -le "$N" ]; do',
    '  if [ -f "$DIR/parts/part-$I.json" ]; then set -- "$@" "$DIR/parts/part-$I.json"',
    '  else missing="$missing $I"; fi',
    "  I=$((I + 1))",
    "done",
    'if [ -n "$missing" ]; then',
    '  echo "lore slurm: no partial for shards$missing; run: lore slurm --resume $DIR" >&2',
    "  exit 1",
    "fi",
    'TMP="$OUT.lore-tmp-$$"',
    "trap 'rm -f \"$TMP\"' EXIT",
    q(plan.lore) .. ' merge "$@"' .. (#plan.args > 0 and (" " .. qall(plan.args)) or "") ..
      ' > "$TMP" || exit $?',
    'mv -f "$TMP" "$OUT" || exit 1',
    'echo "lore slurm: merged $N shards into $OUT" >&2',
    "",
  }, "\n")
end

-- Common sbatch arguments from the plan's Slurm options.
local function sbatch_common (plan, cpus)
  local s = plan.slurm
  local a = {"sbatch", "--parsable", "--chdir=" .. plan.cwd}
  if s.partition then a[#a + 1] = "--partition=" .. s.partition end
  if s.time then a[#a + 1] = "--time=" .. s.time end
  a[#a + 1] = "--cpus-per-task=" .. cpus
  if s.mem then a[#a + 1] = "--mem=" .. s.mem end
  for _, x in ipairs(s.extra or {}) do a[#a + 1] = x end
  return a
end

local function map_command (plan, shards)
  local a = sbatch_common(plan, plan.slurm.cpus)
  local spec = ranges(shards)
  if plan.slurm.max_running then spec = spec .. "%" .. plan.slurm.max_running end
  a[#a + 1] = "--job-name=lore-map-" .. plan.name
  a[#a + 1] = "--array=" .. spec
  a[#a + 1] = "--output=" .. plan.dir .. "/logs/map-%a.%A.log"
  a[#a + 1] = plan.dir .. "/map.sh"
  return a
end

-- deps: list of job ids ("123", "120_4") the merge waits for.
local function merge_command (plan, deps)
  local a = sbatch_common(plan, 1)
  a[#a + 1] = "--job-name=lore-merge-" .. plan.name
  if #deps > 0 then
    a[#a + 1] = "--dependency=afterok:" .. table.concat(deps, ":")
    a[#a + 1] = "--kill-on-invalid-dep=yes"
  end
  a[#a + 1] = "--output=" .. plan.dir .. "/logs/merge.%j.log"
  a[#a + 1] = plan.dir .. "/merge.sh"
  return a
end

local function submit (plan, argv, kind, what)
  local out, ok = run(qall(argv))
  local id = out:match("^%s*(%d+)")
  if not ok or not id then
    fail("sbatch failed (%s job): %s\n  command: %s", kind, out:gsub("%s+$", ""), qall(argv))
  end
  append_line(plan.dir .. "/jobs.tsv", kind .. "\t" .. id .. "\t" .. what)
  return id
end

local function read_plan (dir)
  local path = dir .. "/plan.json"
  local data = read_file(path)
  if not data then fail("%s: no plan.json (not a lore slurm folder?)", dir) end
  local plan, err = lore.json.decode(data)
  if type(plan) ~= "table" or plan.lore_slurm ~= PLAN_VERSION then
    fail("%s: not a lore slurm plan (version %s)%s", path,
         tostring(type(plan) == "table" and plan.lore_slurm), err and (": " .. err) or "")
  end
  return plan
end

-- Jobs recorded in DIR/jobs.tsv: list of {kind=, id=, what=}.
local function recorded_jobs (plan)
  local jobs = {}
  local data = read_file(plan.dir .. "/jobs.tsv") or ""
  for line in data:gmatch("[^\n]+") do
    local kind, id, what = line:match("^(%S+)\t(%d+)\t?(.*)$")
    if kind then jobs[#jobs + 1] = {kind = kind, id = id, what = what} end
  end
  return jobs
end

-- Job states in which a job may still run (squeue may also list ended
-- jobs for a while, e.g. when asked by id).
local ACTIVE = {PENDING = true, RUNNING = true, CONFIGURING = true, COMPLETING = true,
                SUSPENDED = true, REQUEUED = true, REQUEUE_HOLD = true, REQUEUE_FED = true,
                RESIZING = true, SIGNALING = true, STAGE_OUT = true, STOPPED = true,
                SPECIAL_EXIT = true, RESV_DEL_HOLD = true}

-- This run's jobs still known to squeue: {map = {[shard] = state},
-- merge = {{id=, state=, reason=}}}. Fails if squeue cannot be asked.
local function active_jobs (plan)
  local jobs = recorded_jobs(plan)
  local kind_of = {}
  for _, j in ipairs(jobs) do kind_of[j.id] = j.kind end
  local act = {map = {}, merge = {}, tasks = {}}
  if #jobs == 0 then return act end
  local user = os.getenv("USER") or os.getenv("LOGNAME")
  local cmd = "squeue -h -r -o '%F|%K|%i|%T|%r'" .. (user and (" -u " .. q(user)) or "")
  local out, ok = run(cmd)
  if not ok then fail("squeue failed: %s", out:gsub("%s+$", "")) end
  for line in out:gmatch("[^\n]+") do
    local job, task, id, state, reason = line:match("^%s*(%d+)|([^|]*)|([^|]*)|([^|]*)|(.*)$")
    local kind = job and ACTIVE[state] and kind_of[job]
    if kind == "map" and tonumber(task) then
      act.map[tonumber(task)] = state
      act.tasks[tonumber(task)] = job .. "_" .. task
    elseif kind == "merge" then
      act.merge[#act.merge + 1] = {id = job, state = state, reason = reason}
    end
  end
  return act
end

-- }======================================================================

-- {======================================================================
-- Commands
-- =======================================================================

-- Fail now, not in every task, on script options the script would refuse.
local function check_script_args (script, args, inputs)
  for _, a in ipairs(args) do
    local name = a:match("^(%-%-?[^=]+)")
    if name == "--shard" or name == "--partial" or name == "--from" or name == "-j"
       or name == "--jobs" or (a:match("^%-j%d")) then
      util.usage_error("slurm", "'" .. a .. "' is set by lore slurm itself (use -n, -j)")
    end
  end
  local spec = {}
  for _, o in ipairs(script.options or {}) do spec[#spec + 1] = o end
  for _, o in ipairs(require("lore.cli").with_common({})) do spec[#spec + 1] = o end
  local opts, pos = util.parse(script.name, args, spec)
  if #pos > 0 then
    util.usage_error("slurm", "'" .. pos[1] .. "' after --: script options only " ..
                     "(a pattern or other argument goes with its option, e.g. -e)")
  end
  if script.check then
    local copy = {table.unpack(inputs)}
    opts.args = {}
    script.check(opts, copy)
    if #copy ~= #inputs then
      util.usage_error("slurm", "'" .. script.name .. "' took '" .. inputs[1] ..
                       "' for an argument, not an input: give it with its option after --")
    end
  end
end

-- A count given on the command line as an integer; a usage error unless
-- it is a whole number of at least 1.
local function positive_int (n, flag)
  if n < 1 or n ~= math.floor(n) then util.usage_error("slurm", flag .. " needs a positive integer") end
  return math.floor(n)
end

local function slurm_opts (opts, base)
  local s = base or {cpus = 1}
  if opts.partition then s.partition = opts.partition end
  if opts.time then s.time = opts.time end
  if opts.cpus then s.cpus = positive_int(opts.cpus, "-j") end
  if opts.mem then s.mem = opts.mem end
  if opts.max_running then s.max_running = positive_int(opts.max_running, "--max-running") end
  if opts.sbatch and #opts.sbatch > 0 then s.extra = opts.sbatch end
  return s
end

local function print_follow (plan, ids)
  print(string.format("follow:   squeue -j %s   (or: lore slurm --status %s)",
                      table.concat(ids, ","), plan.dir))
  print(string.format("result:   %s", plan.output))
end

-- Wait until the merge job has left the queue; 0 if the output was
-- written by it, else 1.
local function wait_merge (plan, merge_id, since)
  io.stderr:write("lore slurm: waiting for merge job " .. merge_id .. "\n")
  local cmd = "squeue -h -j " .. merge_id .. " -o %T"
  local misses = 0
  while true do
    local out, ok = run(cmd)
    local state = out:match("^%s*(%u[%u_]*)")
    if ok and state then
      if not ACTIVE[state] then break end
      misses = 0
    else
      misses = misses + 1        -- no longer known (or squeue keeps failing)
      if misses >= 3 then break end
    end
    sleep(2)
  end
  local st = lore.sys.stat(plan.output)
  if st and st.mtime >= since then
    print("done:     " .. plan.output)
    return 0
  end
  local miss = missing_shards(plan)
  if #miss > 0 then
    io.stderr:write(string.format("lore slurm: no result: shards %s have no partial " ..
      "(see %s/logs/); submit them again with: lore slurm --resume %s\n",
      ranges(miss), plan.dir, plan.dir))
  else
    io.stderr:write(string.format("lore slurm: no result: the merge job failed " ..
      "(see %s/logs/merge.%s.log)\n", plan.dir, merge_id))
  end
  return 1
end

local function cmd_submit (opts, inputs, args)
  if #inputs == 0 then util.usage_error("slurm", "no input (give files or directories)") end
  for _, x in ipairs(inputs) do
    if x == "-" then util.usage_error("slurm", "standard input cannot be sharded over a cluster") end
    if not exists(x) then util.usage_error("slurm", "no such input: " .. x) end
  end
  local n = positive_int(opts.shards or 16, "-n")
  local sname = opts.script or "report"
  local ok, script = pcall(lore.script.load, sname)
  if not ok then fail("%s", tostring(script)) end
  if not (script.init and script.add and script.merge and script.finish) then
    fail("script '%s' has no init/add/merge/finish: it cannot be merged from shards", sname)
  end
  check_script_args(script, args, inputs)
  if sname:match("%.lua$") then sname = abspath(sname) end
  local dir = abspath(opts.dir or "lore-slurm")
  dir = dir:gsub("/+$", "")
  local name = opts.name or dir:match("([^/]+)$") or "run"
  name = name:gsub("[^%w_.%-]", "_")
  local exe = opts.lore and (opts.lore:find("/") and abspath(opts.lore) or opts.lore)
              or lore.sys.realpath("/proc/self/exe") or "lore"
  if exe:match("/lua[%d.]*$") then exe = "lore" end     -- run from a stock Lua
  local plan = {
    lore_slurm = PLAN_VERSION, script = sname, inputs = inputs,
    cwd = lore.sys.realpath(".") or os.getenv("PWD"), shards = n,
    args = lore.json.array(args), lore = exe, dir = dir, name = name,
    output = abspath(opts.output or (dir .. "/" .. (script.name or "result") .. ".txt")),
    slurm = slurm_opts(opts),
    bytes = lore.sys.du(inputs),      -- the corpus must not change under a run
  }
  plan.inputs = lore.json.array(plan.inputs)
  local all = {}
  for i = 1, n do all[i] = i end
  if opts.dry_run then
    print("# " .. dir .. "/map.sh")
    io.write(map_script(plan))
    print("# " .. dir .. "/merge.sh")
    io.write(merge_script(plan))
    print("# submit")
    print(qall(map_command(plan, all)))
    print(qall(merge_command(plan, {"MAPJOB"})))
    return 0
  end
  if exists(dir .. "/plan.json") then
    fail("%s already holds a run: --resume %s or --status %s, or choose another --dir",
         dir, dir, dir)
  end
  for _, d in ipairs{dir, dir .. "/parts", dir .. "/logs"} do
    local r, err = lore.sys.mkdir(d)
    if not r then fail("cannot create %s", tostring(err)) end
  end
  write_file(dir .. "/map.sh", map_script(plan), "755")
  write_file(dir .. "/merge.sh", merge_script(plan), "755")
  write_file(dir .. "/plan.json", lore.json.encode(plan) .. "\n")
  local since = os.time()
  local map_id = submit(plan, map_command(plan, all), "map", "shards " .. ranges(all))
  local merge_id = submit(plan, merge_command(plan, {map_id}), "merge", "after " .. map_id)
  print(string.format("submitted: %d shards of %s: map job %s (lore-map-%s, tasks 1-%d = shards), " ..
    "merge job %s (lore-merge-%s)", n, script.name, map_id, name, n, merge_id, name))
  print_follow(plan, {map_id, merge_id})
  if opts.wait then return wait_merge(plan, merge_id, since) end
  return 0
end

local function cmd_resume (opts, dir)
  dir = abspath(dir):gsub("/+$", "")
  local plan = read_plan(dir)
  plan.dir = dir
  plan.slurm = slurm_opts(opts, plan.slurm)
  if opts.lore then plan.lore = opts.lore:find("/") and abspath(opts.lore) or opts.lore end
  local miss = missing_shards(plan)
  if #miss > 0 and plan.bytes then
    local abs = {}                  -- the inputs are relative to the run's directory
    for i, x in ipairs(plan.inputs) do
      abs[i] = x:sub(1, 1) == "/" and x or (plan.cwd .. "/" .. x)
    end
    local bytes = lore.sys.du(abs)
    if bytes ~= plan.bytes then
      fail("the inputs changed since the run was submitted (%d bytes then, %d now): " ..
           "the missing shards would not match the others; start a new run", plan.bytes, bytes)
    end
  end
  local act = active_jobs(plan)
  local submit_list, waiting = {}, {}
  for _, i in ipairs(miss) do
    if act.map[i] then waiting[#waiting + 1] = i else submit_list[#submit_list + 1] = i end
  end
  local live_merge
  for _, m in ipairs(act.merge) do
    if not m.reason:match("DependencyNeverSatisfied") then live_merge = m end
  end
  if #submit_list == 0 then
    if #miss == 0 and exists(plan.output) and not live_merge then
      print("complete: every shard has its partial and " .. plan.output .. " exists; nothing to submit")
      return 0
    end
    if live_merge then
      print(string.format("nothing to submit: %s; merge job %s is %s",
        #waiting > 0 and ("shards " .. ranges(waiting) .. " are still queued or running")
          or "every shard has its partial", live_merge.id, live_merge.state:lower()))
      if opts.wait then return wait_merge(plan, live_merge.id, os.time()) end
      return 0
    end
  end
  -- (re)write the batch scripts: options such as --lore may have changed
  write_file(dir .. "/map.sh", map_script(plan), "755")
  write_file(dir .. "/merge.sh", merge_script(plan), "755")
  for _, m in ipairs(act.merge) do          -- superseded by the new merge job
    run("scancel " .. m.id)
    append_line(dir .. "/jobs.tsv", "cancel\t" .. m.id .. "\tsuperseded by --resume")
  end
  local deps, ids = {}, {}
  for _, i in ipairs(waiting) do deps[#deps + 1] = act.tasks[i] end
  local since = os.time()
  if #submit_list > 0 then
    local map_id = submit(plan, map_command(plan, submit_list), "map",
                          "shards " .. ranges(submit_list))
    deps[#deps + 1] = map_id
    ids[#ids + 1] = map_id
    print(string.format("resubmitted: shards %s of %d: map job %s (lore-map-%s)",
      ranges(submit_list), plan.shards, map_id, plan.name))
  end
  local merge_id = submit(plan, merge_command(plan, deps), "merge",
                          #deps > 0 and ("after " .. table.concat(deps, ",")) or "now")
  ids[#ids + 1] = merge_id
  print(string.format("merge job %s (lore-merge-%s)%s", merge_id, plan.name,
    #waiting > 0 and (", also waiting for running shards " .. ranges(waiting)) or ""))
  print_follow(plan, ids)
  if opts.wait then return wait_merge(plan, merge_id, since) end
  return 0
end

local function cmd_status (dir)
  dir = abspath(dir):gsub("/+$", "")
  local plan = read_plan(dir)
  plan.dir = dir
  local miss = missing_shards(plan)
  print(string.format("run:      lore %s %s (%d shards) in %s", plan.script,
    qall(plan.inputs), plan.shards, plan.cwd))
  print(string.format("partials: %d of %d%s", plan.shards - #miss, plan.shards,
    #miss > 0 and ("; missing: shards " .. ranges(miss)) or ""))
  local ok, act = pcall(active_jobs, plan)
  if ok then
    local byst = {}
    for i, st in pairs(act.map) do
      byst[st] = byst[st] or {}
      table.insert(byst[st], i)
    end
    local parts = {}
    for _, st in ipairs(util.sorted_keys(byst)) do
      table.sort(byst[st])
      parts[#parts + 1] = st:lower() .. " " .. ranges(byst[st])
    end
    print("shards:   " .. (#parts > 0 and table.concat(parts, "; ") or "none queued or running"))
    for _, m in ipairs(act.merge) do
      print(string.format("merge:    job %s %s (%s)", m.id, m.state:lower(), m.reason))
    end
  else
    print("jobs:     squeue not available (" .. tostring(act.msg or act) .. ")")
  end
  local ids = {}
  for _, j in ipairs(recorded_jobs(plan)) do
    if j.kind ~= "cancel" then ids[#ids + 1] = j.id end
  end
  if #ids > 0 then
    print("history:  sacct -j " .. table.concat(ids, ",") ..
          " --format=JobID,JobName%30,State,Elapsed,ExitCode")
  end
  local st = lore.sys.stat(plan.output)
  print("result:   " .. plan.output .. (st and "" or " (not yet)"))
  if #miss > 0 and ok and next(act.map) == nil then
    print("next:     lore slurm --resume " .. dir)
  end
  return 0
end

function S.main (argv)
  local opts, pos, rest = util.parse("slurm", argv, SPEC)
  if opts.help then print(S.help()) return 0 end
  if opts.status then
    if #pos > 0 then util.usage_error("slurm", "--status takes no inputs") end
    return cmd_status(opts.status)
  elseif opts.resume then
    if #pos > 0 or #rest > 0 or opts.shards or opts.script or opts.output or opts.dir then
      util.usage_error("slurm", "--resume DIR takes the inputs, shards, script and " ..
                                "output of DIR's plan; only Slurm options may change")
    end
    return cmd_resume(opts, opts.resume)
  end
  return cmd_submit(opts, pos, rest)
end

return S
