-- lore.cli: the lore command line. main(argv) -> exit status.
local lore = require "lore"
local util = require "lore.util"

local M = {}

local EXIT = {ok = 0, error = 1, usage = 2, skipped = 3, rule_errors = 4}

local COMMON = {
  {"-r", "--rules", arg = "FILE", key = "rules", multi = true,
   help = "rule file or directory (repeatable; default: the bundled rules)"},
  {"-j", "--jobs", arg = "N", key = "jobs", number = true, min = 1,
   help = "worker threads (default: the number of cores)"},
  {nil, "--shard", arg = "I/N", key = "shard", check = function (v)
     local i, n = v:match("^(%d+)/(%d+)$")
     i, n = tonumber(i), tonumber(n)
     if not i or n < 1 or i < 1 or i > n then return "expected I/N with 1 <= I <= N, got '" .. v .. "'" end
   end,
   help = "process only shard I of N (stable by file path and JSONL line)"},
  {"-q", "--quiet", key = "quiet", help = "no progress line on standard error"},
  {nil, "--fail-fast", key = "fail_fast",
   help = "stop at the first rule error (default: report it and go on)"},
  {nil, "--rule-timeout", arg = "N", key = "rule_timeout", number = true, min = 1,
   help = "Lua instructions allowed per document (default 200000000)"},
  {nil, "--rule-memory", arg = "MB", key = "rule_memory", number = true, min = 1,
   help = "memory cap of each worker's Lua state, and of the spans one document may hold (default 1024)"},
  {nil, "--sandbox", key = "sandbox",
   help = "run rule files without os.execute, io.popen, file writes, debug, reads outside their folder"},
  {nil, "--max-bytes", arg = "N", key = "max_bytes", number = true, min = 1,
   help = "skip documents larger than N bytes (default 1 GiB)"},
}

local function with_common (spec)
  local out = {}
  for _, o in ipairs(spec) do out[#out + 1] = o end
  for _, o in ipairs(COMMON) do out[#out + 1] = o end
  return out
end

M.with_common = with_common

-- The options of COMMON that bound rules (for commands without workers).
local function limit_options ()
  local out = {}
  for _, o in ipairs(COMMON) do
    if o.key == "rule_timeout" or o.key == "rule_memory" or o.key == "sandbox" then
      out[#out + 1] = o
    end
  end
  return out
end

local function with_limits (spec)
  for _, o in ipairs(limit_options()) do spec[#spec + 1] = o end
  return spec
end

local EXTRACT_SPEC = with_common{
  {"-o", "--output", arg = "FILE", key = "output",
   help = "write JSON lines to FILE (whole or not at all; default stdout)"},
  {nil, "--text", key = "text", help = "include each document's text"},
  {nil, "--dead", key = "dead", help = "include spans that lost a conflict"},
  {"-h", "--help", key = "help", help = "this help"},
}

-- {======================================================================
-- Help
-- =======================================================================

local SCRIPTS = {
  {"report", "corpus overview: entities, speakers and quotes, figures, disagreements"},
  {"quotes", "who said what, with the same statement aligned across sources"},
  {"figures", "figures grouped by subject, disagreements flagged"},
  {"entities", "canonical entities, mentions per document, co-occurrences"},
  {"kwic", "keyword in context for a regex or token pattern"},
  {"timeline", "dated figures and quotes in date order"},
  {"ngrams", "frequent n-grams"},
  {"collocations", "collocations by log-likelihood or PMI"},
  {"boilerplate", "repeated lines and page furniture"},
}

local function general_help ()
  local lines = {
    "lore " .. lore._VERSION .. ": who is named, who said what, and which figures",
    "are claimed, across a pile of news articles.",
    "",
    "usage: lore COMMAND [INPUT...] [OPTIONS]",
    "",
    "INPUT is a directory of .txt/.jsonl files, a file, or - for standard input.",
    "",
    "Commands:",
    "  extract      run the rules and write one JSON line per document",
    "  report       the main job: a corpus report (terminal, --html, --json, --csv)",
  }
  for _, s in ipairs(SCRIPTS) do
    if s[1] ~= "report" then lines[#lines + 1] = string.format("  %-12s %s", s[1], s[2]) end
  end
  for _, l in ipairs{
    "  eval         score rules against gold annotations",
    "  test         run the inline examples of rule files",
    "  explain      which rules matched at an offset, which won, which lost",
    "  profile      where the time goes: CPU seconds and spans per rule",
    "  merge        combine --partial results of script runs (map/reduce)",
    "  slurm        run extraction and a report as a Slurm job array",
    "  run          run a Lua script with the corpus: lore run SCRIPT.lua [INPUT...] [-- ARGS]",
    "  repl         interactive Lua with lore loaded: lore repl [INPUT...]",
    "  help         lore help COMMAND",
    "",
    "Options: --help, --version. 'lore help COMMAND' for a command's options.",
    "",
    "Exit status: 0 done; 1 error (bad rule file, script error, unwritable output);",
    "2 usage error; 3 done, but some inputs were skipped (each named in a warning);",
    "4 done, but some rule raised an error on some document (each reported);",
    "130 interrupted (Ctrl-C), 143 terminated. Output files are then left as they",
    "were: they are written to a temporary file and renamed only on success.",
    "",
    "Docs: README.md, docs/rules.md (writing rules), docs/api.md (Lua API),",
    "docs/patterns.md (token patterns), docs/cluster.md (Slurm), man lore.",
  } do lines[#lines + 1] = l end
  return table.concat(lines, "\n")
end

local HELP = {}

HELP.extract = function ()
  return "usage: lore extract [INPUT...] [-r RULES]... [-o FILE] [OPTIONS]\n\n" ..
    "Run the rules (default: the bundled entity, quote and figure rules) over\n" ..
    "the inputs and write one JSON line per document, in input order:\n" ..
    '  {"id":..., "meta":{...}, "entities":[...], "quotes":[...], "figures":[...]}\n' ..
    "Spans have byte offsets (start, end exclusive), text, label, attributes\n" ..
    "and the rule that made them.\n\n" ..
    "A rule that raises an error on a document is reported on standard error\n" ..
    "with the document id and the rule name; the run goes on and the exit\n" ..
    "status is 4. With --fail-fast the run stops at the first such error\n" ..
    "(status 1) and no output file is written.\n\n" .. util.options_help(EXTRACT_SPEC)
end

HELP.test = function ()
  return "usage: lore test [RULES...] [--sandbox]\n\n" ..
    "Run the inline examples of the rule files (default: the bundled rules).\n" ..
    "Each failure is printed with the rule, the example and what was expected\n" ..
    "and found; the last line is 'N passed, N failed'. Exit status 1 on failure.\n" ..
    "--sandbox loads the rule files as 'lore extract --sandbox' does."
end

local EXPLAIN_SPEC = with_limits{
  {nil, "--at", arg = "OFFSET", key = "at", number = true, help = "byte offset"},
  {nil, "--doc", arg = "ID", key = "doc", help = "document id"},
  {"-r", "--rules", arg = "FILE", key = "rules", multi = true,
   help = "rule file or directory (repeatable; default: the bundled rules)"},
  {"-h", "--help", key = "help", help = "this help"}}

HELP.explain = function ()
  return "usage: lore explain [INPUT] --at OFFSET [--doc ID] [-r RULES]...\n\n" ..
    "Run the rules on one document (the first of INPUT, or the one with --doc\n" ..
    "ID) and show, per layer, every span that overlaps byte OFFSET: the rule\n" ..
    "that made it, and whether it was kept, lost a conflict (and to what), or\n" ..
    "was vetoed by its rule's action. A rule that fails on the document (an\n" ..
    "error, or over a limit below) is named on standard error, exit status 4.\n\n" ..
    util.options_help(EXPLAIN_SPEC)
end

HELP.run = function ()
  return "usage: lore run SCRIPT.lua [INPUT...] [-q] [-- ARGS]\n\n" ..
    "Run a Lua script with lore, lpeg and re loaded. lore.inputs holds the\n" ..
    "inputs; lore.corpus() iterates their documents (with a progress line on\n" ..
    "a terminal; -q silences it); arg holds ARGS.\n" ..
    "Exit status: the script's own (an integer it returns), else 0; 3 when\n" ..
    "the corpus skipped inputs (each named in a warning); 1 on a Lua error,\n" ..
    "which prints file:line: message and a traceback; 130 on Ctrl-C."
end

HELP.repl = function ()
  return "usage: lore repl [INPUT...] [-r RULES]...\n\n" ..
    "Interactive Lua with lore loaded. Expressions print their value; an\n" ..
    "incomplete statement continues on the next line. The inputs are loaded\n" ..
    "into `docs` (the first one is `doc`) with the rules applied.\n" ..
    "Type :help for the commands (:load, :reload, :why, :quit...).\n" ..
    "History is kept in $LORE_HISTORY, else $XDG_STATE_HOME/lore_history,\n" ..
    "else ~/.lore_history. Without a terminal it reads standard input."
end

-- }======================================================================

-- {======================================================================
-- Commands
-- =======================================================================

local function rule_paths (opts)
  if opts.rules and #opts.rules > 0 then return opts.rules end
  return nil
end

local function load_rules (opts, extra)
  local o = {sandbox = opts.sandbox, fail_fast = opts.fail_fast,
             budget = math.floor(opts.rule_timeout or 200000000),
             memory = math.floor((opts.rule_memory or 1024) * 1048576)}
  for k, v in pairs(extra or {}) do o[k] = v end
  local ok, rs = pcall(lore.engine.load, rule_paths(opts), o)
  if ok then return rs end
  -- a broken rule file is reported, not a crash of lore: no traceback
  if type(rs) == "table" or tostring(rs):match("interrupted") then error(rs, 0) end
  error({fail = true, msg = "lore: " .. tostring(rs)}, 0)
end
-- (for the scripts: rule files checked before a run, errors as above)
M.load_rules = load_rules

local function inputs_or_stdin (cmd, pos)
  if #pos > 0 then return pos end
  if not lore.sys.isatty("stdin") then return {"-"} end
  util.usage_error(cmd, "no input (give files or directories, or - for standard input)")
end

-- Worker configuration for lore.pool, as JSON.
function M.worker_config (opts, extra)
  local cfg = {rules = rule_paths(opts) or lore.engine.bundled(),
               sandbox = opts.sandbox or false, fail_fast = opts.fail_fast or false,
               text = opts.text or false, dead = opts.dead or false,
               -- the spans a document may hold: the same cap as Lua memory
               span_memory = math.floor((opts.rule_memory or 1024) * 1048576)}
  for k, v in pairs(extra or {}) do cfg[k] = v end
  return lore.json.encode(cfg)
end

-- A corpus warning (an input skipped) on standard error.
local function print_warning (w)
  io.stderr:write(string.format("lore: warning: %s%s: %s\n", w.path,
    w.line and (":" .. w.line) or "", w.message))
end

-- Run the pool over inputs; on_result(ordinal, line) for each document.
-- Returns the status counters {skipped=, rule_errors=, docs=, bytes=}.
function M.run_pool (cmd, inputs, opts, config, on_result)
  local counters = {skipped = 0, rule_errors = 0}
  local progress = util.progress(inputs, opts.quiet)
  local stdout_tty = progress.enabled and lore.sys.isatty("stdout")
  local pool <close> = lore.pool{
    inputs = inputs, module = "lore.worker", config = config,
    jobs = opts.jobs, shard = opts.shard, max_bytes = opts.max_bytes,
    budget = math.floor(opts.rule_timeout or 200000000),
    memory = math.floor((opts.rule_memory or 1024) * 1048576),
    warn = function (w)
      counters.skipped = counters.skipped + 1
      progress.done()
      print_warning(w)
    end,
  }
  while true do
    local ordinal, result, problems = pool:next()
    if not ordinal then break end
    if problems then
      progress.done()
      for line in problems:gmatch("[^\n]+") do
        if not result and line:match("^stack traceback:") then break end
        io.stderr:write("lore: error: ", line, "\n")
      end
      counters.rule_errors = counters.rule_errors + 1
      if opts.fail_fast then error("stopped at the first rule error (--fail-fast)", 0) end
    end
    if result then
      -- results written to the terminal the progress line is on: clear the
      -- line first (it is drawn again on the next update)
      if stdout_tty then progress.done() end
      on_result(ordinal, result)
    end
    local st = pool:stats()
    progress.update(st.docs, st.bytes)
  end
  local st = pool:stats()
  progress.done()
  counters.docs, counters.bytes = st.docs, st.bytes
  return counters
end

local function status_of (c)
  if c.rule_errors > 0 then return EXIT.rule_errors end
  if c.skipped > 0 then return EXIT.skipped end
  return EXIT.ok
end

M.status_of = status_of

local function cmd_extract (argv)
  local opts, pos = util.parse("extract", argv, EXTRACT_SPEC)
  if opts.help then print(HELP.extract()) return 0 end
  local inputs = inputs_or_stdin("extract", pos)
  load_rules(opts)                            -- fail here on a broken rule file
  local out <close> = util.output(opts.output)
  local c = M.run_pool("extract", inputs, opts, M.worker_config(opts),
    function (_, line) out:write(line, "\n") end)
  out:commit()
  return status_of(c)
end

local function cmd_test (argv)
  local opts, pos = util.parse("test", argv, {
    {nil, "--sandbox", key = "sandbox", help = "sandbox rule files"},
    {"-h", "--help", key = "help"}})
  if opts.help then print(HELP.test()) return 0 end
  local rs = load_rules({rules = pos, sandbox = opts.sandbox})
  local color = util.stdout_colors()
  local passed, failed = rs:test(function (r, i, ex, msg)
    local text = ex[1] or ex.text or ""
    print(string.format("%s %s (%s:%s) example %d: %s", color("red", "FAIL"),
      r.fullname, r.file, r.line or "?", i, util.cut(text, 70)))
    print("     " .. msg)
  end)
  print(string.format("%d passed, %d failed", passed, failed))
  return failed == 0 and 0 or 1
end

local function cmd_explain (argv)
  local opts, pos = util.parse("explain", argv, EXPLAIN_SPEC)
  if opts.help then print(HELP.explain()) return 0 end
  if not opts.at then util.usage_error("explain", "--at OFFSET is required") end
  local inputs = inputs_or_stdin("explain", pos)
  local rs = load_rules(opts, {explain = true, run_limits = true})
  for doc in lore.corpus(inputs) do
    if not opts.doc or doc.id == opts.doc then
      if opts.at < 0 or opts.at > #doc then
        util.usage_error("explain", string.format("offset %d beyond end of document %s (%d bytes)",
          opts.at, doc.id, #doc))
      end
      local problems = rs:run(doc)
      for _, msg in ipairs(problems or {}) do io.stderr:write("lore: error: " .. msg .. "\n") end
      local a = math.max(0, opts.at - 40)
      local b = math.min(#doc, opts.at + 40)
      local color = util.stdout_colors()
      print(string.format("document %s, offset %d:", doc.id, opts.at))
      print("  ..." .. doc:sub(a, opts.at):gsub("\n", " ") .. color("bold", "|") ..
            doc:sub(opts.at, b):gsub("\n", " ") .. "...")
      for _, l in ipairs(rs:explain(doc, opts.at)) do print(l) end
      return problems and EXIT.rule_errors or EXIT.ok
    end
  end
  io.stderr:write("lore explain: document not found\n")
  return 1
end

local PROFILE_SPEC = with_limits{
  {"-r", "--rules", arg = "FILE", key = "rules", multi = true,
   help = "rule file or directory (repeatable; default: the bundled rules)"},
  {nil, "--repeat", arg = "N", key = "repeat", number = true,
   help = "run over the inputs N times (default 1; the texts are kept in memory)"},
  {"-h", "--help", key = "help", help = "this help"}}

HELP.profile = function ()
  return "usage: lore profile [INPUT...] [-r RULES]... [--repeat N]\n\n" ..
    "Run the rules over the inputs in one thread and print where the time goes:\n" ..
    "CPU seconds of each rule (its matching and its action), of each after()\n" ..
    "hook and of each phase's conflict resolution, most expensive first, with\n" ..
    "the share of the total and the spans each rule has in the final output\n" ..
    "(first pass). The first line gives the documents, bytes, CPU seconds and\n" ..
    "MB/s of the rules alone (reading and tokenizing excluded). --repeat N\n" ..
    "steadies the figures on a small corpus. Each document has the limits of\n" ..
    "'lore extract' (below); a rule that fails on a document is named on\n" ..
    "standard error (first pass) and counted, exit status 4.\n\n" ..
    util.options_help(PROFILE_SPEC)
end

-- Spans per rule in the final layers of a document, added to kept.
local function count_spans (doc, kept)
  for _, layer in ipairs(doc:layers()) do
    local c = doc:columns(layer)
    for i = 1, c.n do
      local r = c.rule[i]
      if r then kept[r] = (kept[r] or 0) + 1 end
    end
  end
end

local function cmd_profile (argv)
  local opts, pos = util.parse("profile", argv, PROFILE_SPEC)
  if opts.help then print(HELP.profile()) return 0 end
  local passes = math.floor(opts["repeat"] or 1)
  if passes < 1 then util.usage_error("profile", "--repeat expects a positive number") end
  local inputs = inputs_or_stdin("profile", pos)
  local rs = load_rules(opts, {run_limits = true})
  local profile, kept, texts = {}, {}, {}
  local ndocs, bytes, problems = 0, 0, 0
  -- rule errors are counted and printed on the first pass only
  local function run (doc, first)
    ndocs, bytes = ndocs + 1, bytes + #doc
    local p = rs:run(doc, nil, profile)
    if p and first then
      problems = problems + #p
      for _, msg in ipairs(p) do io.stderr:write("lore: error: " .. msg .. "\n") end
    end
  end
  local skipped = 0
  local function warn (w)
    skipped = skipped + 1
    print_warning(w)
  end
  for doc in lore.corpus(inputs, {warn = warn}) do
    run(doc, true)
    count_spans(doc, kept)
    if passes > 1 then texts[#texts + 1] = {doc.text, doc.meta} end
    doc:close()
  end
  for _ = 2, passes do
    for _, t in ipairs(texts) do
      local doc <close> = lore.doc(t[1], t[2])
      run(doc)
    end
  end
  local rows, total = {}, 0
  for name, sec in pairs(profile) do
    rows[#rows + 1] = {name = name, sec = sec}
    total = total + sec
  end
  table.sort(rows, function (a, b)
    if a.sec ~= b.sec then return a.sec > b.sec end
    return a.name < b.name
  end)
  print(string.format("%d documents, %s, %.3f s CPU in the rules (%.1f MB/s)%s",
    ndocs, util.size(bytes), total, total > 0 and bytes / 1e6 / total or 0,
    problems > 0 and string.format(", %d rule errors", problems) or ""))
  print(string.format("%9s %6s %7s  %s", "seconds", "share", "spans", "rule"))
  for _, r in ipairs(rows) do
    local spans = kept[r.name]
    if not spans and rs.by_name[r.name] then spans = 0 end
    print(string.format("%9.3f %5.1f%% %7s  %s", r.sec, total > 0 and 100 * r.sec / total or 0,
      spans and tostring(spans) or "", r.name))
  end
  if problems > 0 then return EXIT.rule_errors end
  return skipped > 0 and EXIT.skipped or EXIT.ok
end

-- lore run: -q silences the progress line of lore.corpus(); inputs the
-- corpus skipped (with a warning) make the exit status 3.
local run_quiet, run_skipped = false, 0

local function cmd_run (argv)
  if argv[1] == nil or argv[1] == "-h" or argv[1] == "--help" then
    print(HELP.run()) return argv[1] and 0 or 2
  end
  local script = argv[1]
  local inputs, args = {}, {}
  local i = 2
  while i <= #argv and argv[i] ~= "--" do
    if argv[i] == "-q" or argv[i] == "--quiet" then run_quiet = true
    else inputs[#inputs + 1] = argv[i] end
    i = i + 1
  end
  for j = i + 1, #argv do args[#args + 1] = argv[j] end
  lore.inputs = inputs
  _G.arg = args
  args[0] = script
  local chunk, err = loadfile(script)
  if not chunk then io.stderr:write("lore: ", err, "\n") return 1 end
  local ok, res = xpcall(chunk, function (e)
    if type(e) == "table" then return e end
    -- the traceback of the user's code only, not lore's own frames
    local tb = debug.traceback(tostring(e), 2)
    return (tb:gsub("\n%s*%[C%]: in function 'xpcall'.*$", ""))
  end, table.unpack(args))
  if not ok then
    if type(res) == "table" then error(res, 0) end   -- fail/usage: main reports
    if lore.sys.interrupted() then error("interrupted", 0) end   -- 130 / 143
    io.stderr:write("lore: ", tostring(res), "\n")
    return 1
  end
  -- a corpus script (the scripts/NAME.lua protocol): run it as `lore NAME`
  -- would, with the inputs and the arguments after "--" as its argv
  if type(res) == "table" and (res.init or res.main) then
    res.name = res.name or script:match("([^/]+)%.lua$")
    res.path = res.path or script
    local argv2 = {}
    for _, a in ipairs(inputs) do argv2[#argv2 + 1] = a end
    for _, a in ipairs(args) do argv2[#argv2 + 1] = a end
    return lore.script.main(res, argv2)
  end
  local status = math.type(res) == "integer" and res or 0
  if status == 0 and (lore.skipped() > 0 or run_skipped > 0) then status = EXIT.skipped end
  return status
end

local function cmd_repl (argv)
  local opts, pos = util.parse("repl", argv, {
    {"-r", "--rules", arg = "FILE", key = "rules", multi = true, help = "rule files"},
    {nil, "--no-rules", key = "no_rules", help = "do not run rules on loaded documents"},
    {"-h", "--help", key = "help"}})
  if opts.help then print(HELP.repl()) return 0 end
  if not lore._repl then
    io.stderr:write("lore repl: this build has no REPL\n") return 1
  end
  local repl = require "lore.repl"
  repl.setup{inputs = pos, rules = rule_paths(opts), no_rules = opts.no_rules}
  return lore._repl()
end

local COMMANDS

local function cmd_help (argv)
  local c = argv[1]
  if not c or c == "help" then print(general_help()) return 0 end
  if HELP[c] then print(HELP[c]()) return 0 end
  -- a command that prints its own help (merge)
  if COMMANDS[c] then return COMMANDS[c]({"--help"}) end
  local ok, script = pcall(lore.script.load, c)
  if ok then print(lore.script.help(script)) return 0 end
  io.stderr:write("lore help: unknown command '" .. c .. "'\n")
  return 2
end

COMMANDS = {
  extract = cmd_extract, test = cmd_test, explain = cmd_explain, profile = cmd_profile,
  run = cmd_run, repl = cmd_repl, help = cmd_help,
  merge = function (argv) return lore.script.merge_main(argv) end,
}

-- }======================================================================

-- lore.corpus() with no inputs iterates lore.inputs (in lore run), with
-- the progress line of the other commands on a terminal.
local raw_corpus = lore.corpus
lore.corpus = function (inputs, o)
  if inputs ~= nil then return raw_corpus(inputs, o) end
  inputs = lore.inputs
  if inputs == nil or #inputs == 0 then error("lore.corpus: no inputs", 2) end
  local progress = util.progress(inputs, run_quiet)
  if not progress.enabled then return raw_corpus(inputs, o) end
  local o2 = {}
  for k, v in pairs(o or {}) do o2[k] = v end
  if o2.warn == nil then
    o2.warn = function (w)
      progress.done()
      print_warning(w)
      run_skipped = run_skipped + 1
    end
  end
  local next_doc, state, control, closing = raw_corpus(inputs, o2)
  local docs, bytes = 0, 0
  return function (s, c)
    local d = next_doc(s, c)
    if d then
      docs, bytes = docs + 1, bytes + #d.text
      progress.update(docs, bytes)
    else
      progress.done()
    end
    return d
  end, state, control, closing
end

local function report_error (e)
  if type(e) == "table" and e.usage then
    io.stderr:write(e.msg, "\n")
    return EXIT.usage
  end
  if type(e) == "table" and e.fail then
    io.stderr:write(e.msg, "\n")
    return EXIT.error
  end
  local msg = tostring(e)
  if msg:match("interrupted") then
    util.abort_outputs()
    local sig = lore.sys.interrupted()
    return sig == 15 and 143 or 130
  end
  io.stderr:write("lore: ", msg, "\n")
  return EXIT.error
end

function M.main (argv)
  lore.sys.trap(true)
  local cmd = argv[1]
  if cmd == nil or cmd == "-h" or cmd == "--help" then
    print(general_help())
    return cmd and 0 or 2
  end
  if cmd == "--version" or cmd == "-v" then
    local v = (package.loaded.lpeg or {}).version
    if type(v) == "function" then v = v() end
    print("lore " .. lore._VERSION .. " (" .. _VERSION .. ", LPeg " .. tostring(v or "?") .. ")")
    return 0
  end
  local rest = {table.unpack(argv, 2)}
  local fn = COMMANDS[cmd]
  local ok, res = xpcall(function ()
    if fn then return fn(rest) end
    local found, script = pcall(lore.script.load, cmd)
    if not found then
      if tostring(script):match("^no script") then
        error({usage = true, msg = string.format("lore: unknown command '%s' (see 'lore --help')", cmd)}, 0)
      end
      error(script, 0)
    end
    return lore.script.main(script, rest)
  end, function (e)
    if type(e) == "table" then return e end
    local s = tostring(e)
    -- keep tracebacks for errors in user code, not for reported ones
    if s:match("^lore") or s:match("interrupted") or s:match("^[^:]+:%d+: rule")
       or s:match("^stopped at the first rule error")
       or s:match("^cannot write ") or s:match("^writing ")
       or s:match("^%S+%.lua:%d+: ") and not s:match("\n") then
      return s
    end
    return debug.traceback(s, 2)
  end)
  if not ok then return report_error(res) end
  return res or 0
end

return M
