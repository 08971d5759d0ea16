-- lore.script: the runtime of corpus scripts (scripts/NAME.lua), run as
-- `lore NAME [INPUT...] [OPTIONS]` or `lore run scripts/NAME.lua ...`.
--
-- A script file returns a table:
--   name, summary, usage          -- for --help
--   options = { {"-o", "--out", arg = "FILE", key = "out", help = "..."} }
--   map(doc, opts) -> value       -- optional; runs in the worker threads on
--                                 -- each document after the rules; the value
--                                 -- (JSON-able) arrives as rec.map
--   init(opts) -> state           -- a fresh, empty state
--   add(state, rec, opts)         -- one extracted record (the JSON line of
--                                 -- `lore extract`, decoded) into the state
--   merge(a, b, opts) -> state    -- associative: merge(merge(a,b),c) ==
--                                 -- merge(a,merge(b,c)); states are JSON-able
--   finish(state, opts) -> status -- print / write the result
-- or, for full control of the command line, main(argv) -> status.
--
-- Every such script accepts the common options: inputs, -r RULES, -j N,
-- --shard I/N, -q, --from FILE.jsonl (read a saved `lore extract` output
-- instead of running the rules), --partial FILE (write the merged state
-- instead of finishing; `lore merge` combines partials), -h.
local lore = require "lore"
local util = require "lore.util"

local M = {}

local cache = {}

-- The path of script `name`: a .lua path as given, or scripts/NAME.lua in
-- the lore home.
local function script_path (name)
  if name:match("%.lua$") then return name end
  if not name:match("^[%w_%-]+$") then return nil end
  local home = lore.home
  if not home then return nil end
  local p = home .. "/scripts/" .. name .. ".lua"
  local f = io.open(p, "r")
  if f then f:close() return p end
  return nil
end

function M.load (name)
  if cache[name] then return cache[name] end
  local path = script_path(name)
  if not path then error("no script '" .. name .. "'", 0) end
  local chunk, err = loadfile(path)
  if not chunk then error(err, 0) end
  local s = chunk()
  if type(s) ~= "table" then error(path .. ": a script must return a table", 0) end
  s.name = s.name or name:match("([^/]+)%.lua$") or name
  s.path = path
  s.bundled = not name:match("%.lua$")
  cache[name] = s
  return s
end

local function common_spec (script)
  local spec = {}
  for _, o in ipairs(script.options or {}) do spec[#spec + 1] = o end
  for _, o in ipairs{
    {nil, "--from", arg = "FILE", key = "from",
     help = "read a saved 'lore extract' output (JSON lines) instead of running the rules"},
    {nil, "--partial", arg = "FILE", key = "partial",
     help = "write this run's mergeable state to FILE (for 'lore merge')"},
  } do spec[#spec + 1] = o end
  for _, o in ipairs(require("lore.cli").with_common({})) do spec[#spec + 1] = o end
  spec[#spec + 1] = {"-h", "--help", key = "help", help = "this help"}
  return spec
end

function M.help (script)
  if script.main and not script.init then
    return script.help and script.help() or (script.usage or ("lore " .. script.name))
  end
  return string.format("usage: %s\n\n%s\n\n%s",
    script.usage or ("lore " .. script.name .. " [INPUT...] [OPTIONS]"),
    script.summary or "", util.options_help(common_spec(script)))
end

-- Options that are plain JSON-able values, for the workers' map().
local function plain_opts (opts)
  local o = {}
  for k, v in pairs(opts) do
    local t = type(v)
    if t == "string" or t == "number" or t == "boolean" then o[k] = v
    elseif t == "table" then
      local ok = true
      for _, x in pairs(v) do if type(x) == "table" then ok = false end end
      if ok then o[k] = v end
    end
  end
  return o
end

local PARTIAL_VERSION = 1

-- A script given by path (not bundled) is recorded by its absolute path,
-- so that `lore merge` finds it again from any directory.
local function write_partial (script, state, path)
  local file
  if not script.bundled then file = lore.sys.realpath(script.path) or script.path end
  local data = lore.json.encode({lore_partial = script.name, script = file,
                                 version = PARTIAL_VERSION, state = state})
  util.write_file(path, data .. "\n")
end

-- Two documents with one id (the same file name in two folders, JSONL
-- files that number their lines alike) are one document to the
-- corpus-wide results (the summary kept does not depend on the order or
-- the shards, so merged partials equal a single run): said once per id,
-- with the file of the later one, never silently. Returns the function
-- that checks a record.
local function unique_ids (name)
  local seen = {}
  return function (rec)
    local id = rec.id
    if type(id) ~= "string" then return end
    local n = (seen[id] or 0) + 1
    seen[id] = n
    if n ~= 2 then return end
    local m = type(rec.meta) == "table" and rec.meta or {}
    local where = tostring(m.path or "?") .. (m.line and (":" .. tostring(m.line)) or "")
    io.stderr:write(string.format("lore %s: warning: document id '%s' is used again (%s): " ..
                                  "the corpus-wide results keep one document per id\n", name, id, where))
  end
end

-- Feed records to a script and return its state and status counters.
function M.collect (script, opts, inputs)
  local state = script.init(opts)
  local counters = {skipped = 0, rule_errors = 0}
  local check_id = unique_ids(script.name)
  if opts.from then
    util.read_jsonl(opts.from, function (rec) check_id(rec); script.add(state, rec, opts) end)
    return state, counters
  end
  local cli = require "lore.cli"
  local config = cli.worker_config(opts, {
    script = script.map and script.path or nil,
    script_opts = script.map and plain_opts(opts) or nil,
  })
  counters = cli.run_pool(script.name, inputs, opts, config, function (_, line)
    local rec, err = lore.json.decode(line)
    if not rec then error("internal: bad record: " .. tostring(err), 0) end
    check_id(rec)
    script.add(state, rec, opts)
  end)
  return state, counters
end

function M.main (script, argv)
  if script.main then return script.main(argv) end
  local spec = common_spec(script)
  local opts, pos, rest = util.parse(script.name, argv, spec)
  opts.args = rest
  if opts.help then print(M.help(script)) return 0 end
  if script.check then script.check(opts, pos) end
  local inputs = pos
  if not opts.from and #inputs == 0 then
    if lore.sys.isatty("stdin") then
      util.usage_error(script.name, "no input (give files or directories, - for standard input, or --from FILE.jsonl)")
    end
    inputs = {"-"}
  end
  opts.inputs = inputs
  -- fail early on outputs that cannot be written and on bad rules
  for _, k in ipairs{"partial", "json", "html"} do
    if type(opts[k]) == "string" then util.check_writable(script.name, opts[k]) end
  end
  if type(opts.csv) == "string" then
    local ok, err = lore.sys.mkdir(opts.csv)
    if not ok then util.fail(script.name, "cannot create " .. opts.csv .. ": " .. tostring(err)) end
    util.check_writable(script.name, opts.csv .. "/.lore-check")
  end
  require("lore.cli").load_rules(opts)
  local state, counters = M.collect(script, opts, inputs)
  if opts.partial then
    write_partial(script, state, opts.partial)
  else
    local st = script.finish(state, opts)
    if type(st) == "number" and st ~= 0 then return st end
  end
  return require("lore.cli").status_of(counters)
end

-- lore merge PARTIAL... [script options]: combine partial states (from
-- --partial) of one script and finish, or with --partial write the merge.
function M.merge_main (argv)
  local files, rest = {}, {}
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "-h" or a == "--help" then
      print("usage: lore merge PARTIAL... [--partial FILE] [SCRIPT OPTIONS]\n\n" ..
            "Combine partial results written by 'lore SCRIPT ... --partial FILE'\n" ..
            "(one per shard) into the result of a single run over the whole\n" ..
            "corpus, then finish as the script would (same options), or with\n" ..
            "--partial write the merged partial. Merging is associative.")
      return 0
    elseif a:sub(1, 1) == "-" then
      for j = i, #argv do rest[#rest + 1] = argv[j] end
      break
    end
    files[#files + 1] = a
    i = i + 1
  end
  if #files == 0 then util.usage_error("merge", "no partial files") end
  local script, state, opts
  for _, f in ipairs(files) do
    local fh, err = io.open(f, "rb")
    if not fh then error("cannot read " .. f .. ": " .. tostring(err), 0) end
    local data = fh:read("a")
    fh:close()
    local p, e = lore.json.decode(data)
    if type(p) ~= "table" or not p.lore_partial then
      error(f .. ": not a lore partial result" .. (e and (" (" .. e .. ")") or ""), 0)
    end
    if p.version ~= PARTIAL_VERSION then
      error(f .. ": partial format version " .. tostring(p.version) .. " (expected " .. PARTIAL_VERSION .. ")", 0)
    end
    local s = M.load(p.script or p.lore_partial)
    if script and s ~= script then
      error(f .. ": partial of '" .. p.lore_partial .. "', others are of '" .. script.name .. "'", 0)
    end
    if not script then
      -- the options are the script's: parse them once it is known, so
      -- that merge() sees them as finish() does
      script = s
      opts = util.parse("merge", rest, common_spec(script))
      opts.args = {}
      state = p.state
    else
      state = script.merge(state, p.state, opts)
    end
  end
  if opts.partial then write_partial(script, state, opts.partial) return 0 end
  local st = script.finish(state, opts)
  return type(st) == "number" and st or 0
end

-- Helpers for scripts.

-- Spans of a record's layer that are not inside boilerplate (when the
-- record has a boilerplate layer and opts.boilerplate is not true).
function M.spans (rec, layer, opts)
  local spans = rec[layer] or {}
  local bp = rec.boilerplate
  if not bp or #bp == 0 or (opts and opts.boilerplate) then return spans end
  local out = {}
  for _, s in ipairs(spans) do
    local inside = false
    for _, b in ipairs(bp) do
      if s.start >= b.start and s["end"] <= b["end"] then inside = true break end
    end
    if not inside then out[#out + 1] = s end
  end
  return out
end

return M
