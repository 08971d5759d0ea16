-- lore.engine: load rule files, run them over documents in phases, test
-- their inline examples, and explain what they did.
--
-- A rule file is plain Lua run in an environment with these declarations
-- (docs/rules.md is the guide):
--
--   phase "entities"                      -- rules below belong to it
--   layer("entities", {policy = "longest", label_key = "label"})
--   local g = gazetteer("data/places.tsv", {ignore_case = false})
--   rule { name = "place", layer = "entities", label = "PLACE",
--          gazetteer = g, priority = 10,
--          action = function(m, doc) ... end,   -- optional
--          examples = { {"Talks in Beijing.", "Beijing"},
--                       {"the Beijing-based firm", none = true} } }
--   after("link", function(doc, ctx) ... end)  -- after the phase's rules
--
-- A rule matches with one of: regex = "..." | lore.regex, pattern = "..." |
-- lore.pattern | table, gazetteer = lore.gazetteer, lpeg = pattern, or
-- match = function(doc) -> list of {start=, stop=, ...}. Without an action
-- its matches become spans in C; with one, action(m, doc) runs per match
-- and may change m.start/m.stop/m.label, set m.attrs.x, or return false to
-- drop the match.

local lore = require "lore"

local M = {}

local PHASE_ORDER = {boilerplate = 5, entities = 10, quotes = 20, figures = 30}
local DEFAULT_ORDER = 50

-- {======================================================================
-- Rule sets
-- =======================================================================

local RuleSet = {}
RuleSet.__index = RuleSet

-- Whether a rule set sandboxes its files, fixed when it is made: kept out
-- of reach of rule code (which gets the rule set in after() hooks), so that
-- it cannot turn the sandbox off, or forge a rule set, to load files.
local sandbox_of = setmetatable({}, {__mode = "k"})

local function new_ruleset (opts)
  local rs = setmetatable({
    phases = {},          -- list, sorted by order
    by_phase = {},        -- name -> phase
    rules = {},           -- all rules in declaration order
    by_name = {},         -- "file:name" -> rule
    layers = {},          -- name -> {policy=, per_label=, label_key=}
    layer_names = {},     -- in order of declaration
    files = {},           -- loaded files
    opts = opts or {},
  }, RuleSet)
  sandbox_of[rs] = (opts and opts.sandbox) and true or false
  return rs
end

local function get_phase (rs, name, order)
  local ph = rs.by_phase[name]
  if not ph then
    ph = {name = name, order = order or PHASE_ORDER[name] or DEFAULT_ORDER,
          rules = {}, hooks = {}, seq = #rs.phases + 1}
    rs.by_phase[name] = ph
    rs.phases[#rs.phases + 1] = ph
    table.sort(rs.phases, function (a, b)
      if a.order ~= b.order then return a.order < b.order end
      return a.seq < b.seq
    end)
  elseif order then
    ph.order = order
  end
  return ph
end

local function declare_layer (rs, name, spec)
  local l = rs.layers[name]
  if not l then
    l = {name = name, policy = "longest", per_label = false, label_key = "label"}
    rs.layers[name] = l
    rs.layer_names[#rs.layer_names + 1] = name
  end
  for k, v in pairs(spec or {}) do l[k] = v end
  rs.resolve_order = nil
  lore.label_key(name, l.label_key)
  return l
end

-- The directory of a path ("rules/entities.lua" -> "rules/").
local function dirname (path)
  return path:match("^(.*/)") or "./"
end

local function resolve_path (base, p)
  if p:sub(1, 1) == "/" then return p end
  return base .. p
end

-- A word list file (one word a line, '#' comments) -> set table.
local function read_words (path, lower)
  local f, err = io.open(path, "rb")
  if not f then error(err, 0) end
  local set = {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      set[lower and line:lower() or line] = true
    end
  end
  f:close()
  return set
end

-- {======================================================================
-- Compiling a rule
-- =======================================================================

local MATCHERS = {"regex", "pattern", "gazetteer", "lpeg", "match"}

local function rule_error (file, name, line, msg)
  error(string.format("%s:%s: rule '%s': %s", file, line or "?",
                      name or "?", msg), 0)
end

-- The fields a rule may have: another one is a typo ("lable"), an error.
local RULE_KEYS = {}
for k in ([[name layer label labels priority action examples capture sentence
            overlap snap doc flags gazetteers pattern_layer mode regex pattern
            gazetteer lpeg match]]):gmatch("%S+") do RULE_KEYS[k] = true end

local function check_rule_keys (file, spec, line)
  for k in pairs(spec) do
    if not RULE_KEYS[k] then
      rule_error(file, spec.name, line, string.format("unknown field '%s'", tostring(k)))
    end
  end
end

-- A list of label names (rule or layer field 'labels') as a set.
local function label_set (file, name, line, list)
  if list == nil then return nil end
  if type(list) ~= "table" then rule_error(file, name, line, "labels must be a list of names") end
  local set = {}
  for _, l in ipairs(list) do set[l] = true end
  return set
end

-- Convert one match record of any matcher into the common shape.
local function compile_rule (rs, file, spec, phase, line, env)
  if type(spec) ~= "table" then
    rule_error(file, nil, line, "rule{...} expects a table")
  end
  local name = spec.name
  if type(name) ~= "string" or name == "" then
    rule_error(file, name, line, "every rule needs a name")
  end
  check_rule_keys(file, spec, line)
  local r = {
    name = name, file = file, line = line, phase = phase.name,
    layer = spec.layer or phase.name, label = spec.label,
    priority = spec.priority or 0, action = spec.action,
    examples = spec.examples, capture = spec.capture,
    sentence = spec.sentence, overlap = spec.overlap,
    snap = spec.snap, doc = spec.doc,
    labels = label_set(file, name, line, spec.labels),
  }
  r.fullname = file:match("[^/]*$") .. ":" .. name
  if rs.by_name[r.fullname] then
    rule_error(file, name, line, "a rule with this name already exists")
  end
  r.id = lore.rule_id(r.fullname)
  local kind
  for _, k in ipairs(MATCHERS) do
    if spec[k] ~= nil then
      if kind then rule_error(file, name, line, "give one of regex, pattern, gazetteer, lpeg, match (got "
                               .. kind .. " and " .. k .. ")") end
      kind = k
    end
  end
  if not kind then
    rule_error(file, name, line, "no matcher: give regex, pattern, gazetteer, lpeg or match")
  end
  r.kind = kind
  local ok, err = pcall(function ()
    local m = spec[kind]
    if kind == "regex" then
      r.matcher = type(m) == "string" and lore.regex(m, spec.flags) or m
    elseif kind == "pattern" then
      if type(m) == "string" or (type(m) == "table" and not getmetatable(m)) then
        r.matcher = lore.pattern(m, {gazetteers = spec.gazetteers or env.gazetteers,
                                     layer = spec.pattern_layer, mode = spec.mode})
      else
        r.matcher = m
      end
    elseif kind == "gazetteer" then
      r.matcher = m
    elseif kind == "lpeg" then
      r.matcher = m
    else
      if type(m) ~= "function" then error("match must be a function(doc)") end
      r.matcher = m
    end
  end)
  if not ok then rule_error(file, name, line, tostring(err)) end
  if r.action ~= nil and type(r.action) ~= "function" then
    rule_error(file, name, line, "action must be a function(m, doc)")
  end
  declare_layer(rs, r.layer)
  return r
end

-- {======================================================================
-- Loading rule files
-- =======================================================================

-- (not os.getenv: the environment holds tokens and passwords)
local SAFE_OS = {"clock", "date", "difftime", "time"}

-- What a sandboxed rule file sees of lore: the text and matching
-- functions. Not lore.pool, lore.engine, lore.script, lore.util (they
-- would run code outside the sandbox) nor lore.sys's writes and renames.
-- Nor what reads or lists files anywhere (lore.corpus, lore.sys.stat...):
-- a sandboxed rule file reads files in its own folder only, through
-- io.open, io.lines, words() and gazetteer(path).
local SAFE_LORE = {"_VERSION", "doc", "regex", "pattern", "gazetteer", "json",
                   "number", "number_word", "number_scale", "date", "label_key",
                   "rule_id", "shard_hash", "home", "lpeg", "patterns",
                   "rules"}
local SAFE_SYS = {"time", "cpus", "peak_rss", "isatty", "columns", "getpid",
                  "interrupted"}

-- A table with the given names of the library `full`; reading any other
-- name of it raises a clear error.
local function allow (full, names, what)
  local t = {}
  for _, k in ipairs(names) do
    local v = full[k]
    if type(v) == "table" then   -- (a copy: see copy below)
      local c = {}
      for kk, vv in pairs(v) do c[kk] = vv end
      v = c
    end
    t[k] = v
  end
  return setmetatable(t, {__metatable = false, __index = function (_, k)
    if full[k] ~= nil then
      error("--sandbox: " .. what .. tostring(k) .. " is not allowed in rule files", 2)
    end
  end})
end

-- A shallow copy of a library table.
local function copy (lib)
  local t = {}
  for k, v in pairs(lib) do t[k] = v end
  return t
end

local sandbox_lore
local function sandboxed_lore ()
  if not sandbox_lore then
    sandbox_lore = allow(lore, SAFE_LORE, "lore.")
    rawset(sandbox_lore, "sys", allow(lore.sys, SAFE_SYS, "lore.sys."))
    rawset(sandbox_lore, "gazetteer", function (entries, o)
      if type(entries) == "string" then
        error("--sandbox: load a gazetteer file with gazetteer(path) (a path in the rule's folder)", 2)
      end
      return lore.gazetteer(entries, o)
    end)
  end
  return sandbox_lore
end

-- The path p (relative to base) if it is a file in the folder base or
-- below it, links resolved; else an error at the caller's caller.
local function confined (base, p)
  if type(p) ~= "string" then error("bad argument #1 (a path expected)", 3) end
  local full = lore.sys.realpath(resolve_path(base, p))
  if full and full:sub(1, #base) == base then return full end
  error("--sandbox: rule files may only read files in their own folder (" .. p .. ")", 3)
end

-- require in a rule file: a module next to the file (mod "a.b" ->
-- DIR/a/b.lua) is loaded once per rule set, with the globals of the file
-- that first requires it, in both modes. Otherwise: with the sandbox only
-- lpeg, re, lore.patterns, lore.lpeg and lore (restricted; copies of
-- them); without it, Lua's own require.
local modules_of = setmetatable({}, {__mode = "k"})

local function local_module_name (mod)
  return mod:match("^[%w_.]+$") and not mod:find("..", 1, true) and
         mod:sub(1, 1) ~= "." and mod:sub(-1) ~= "."
end

local function rule_require (rs, base, env, sandbox, mod)
  if type(mod) ~= "string" then error("require expects a module name", 3) end
  if sandbox then
    if mod == "lpeg" or mod == "re" or mod == "lore.patterns" or mod == "lore.lpeg" then
      return copy(require(mod))
    end
    if mod == "lore" then return sandboxed_lore() end
    if mod:match("^lore%.") then
      error("--sandbox: cannot require '" .. mod .. "' in rule files", 3)
    end
    if not local_module_name(mod) then
      error("--sandbox: cannot require '" .. mod .. "': only modules next to the rule file", 3)
    end
  end
  if local_module_name(mod) then
    local path = resolve_path(base, mod:gsub("%.", "/") .. ".lua")
    if sandbox then              -- (a link out of the folder is not next to it)
      local full = lore.sys.realpath(path)
      if full and full:sub(1, #base) ~= base then
        error("--sandbox: cannot require '" .. mod .. "': only modules next to the rule file", 3)
      end
    end
    local loaded = modules_of[rs]
    if not loaded then loaded = {}; modules_of[rs] = loaded end
    if loaded[path] ~= nil then return loaded[path] end
    local chunk, err = loadfile(path, "t", env)
    if chunk then
      local v = chunk(mod, path)
      if v == nil then v = true end
      loaded[path] = v
      return v
    end
    if sandbox or not err:find("^cannot open") then
      error((sandbox and "--sandbox: " or "") .. "cannot require '" .. mod .. "': " .. err, 3)
    end
  end
  local ok, v = pcall(require, mod)
  if not ok then error((tostring(v):gsub("^[^\n:]+:%d+: ", "")), 3) end
  return v
end

-- lore as rule files see it with opts.primitives = false: lore.rules (the
-- C primitives of the bundled rules) raises, so that rules take their
-- plain Lua paths (the tests compare both).
local function without_primitives (l)
  return setmetatable({}, {__metatable = false, __index = function (_, k)
    if k == "rules" then error("lore.rules is off (primitives = false)", 2) end
    return l[k]
  end})
end

-- The globals of a rule file. With opts.sandbox: no os.execute, io.popen,
-- file writes, package.loadlib, debug, load, and require only of modules
-- next to the rule file and lpeg/re/lore (a restricted lore).
local function rule_env (rs, file, state)
  -- absolute, so paths made with data() are not prefixed twice by the
  -- sandbox's io.open/io.lines
  local base = dirname(lore.sys.realpath(file) or file)
  local env = {}
  local g
  local sandbox = sandbox_of[rs]
  if sandbox == nil then error("not a rule set", 2) end
  if sandbox then
    g = {}
    for _, k in ipairs({"assert", "error", "ipairs", "next", "pairs", "pcall",
                        "print", "rawequal", "rawget", "rawlen", "rawset",
                        "select", "setmetatable", "getmetatable", "tonumber",
                        "tostring", "type", "xpcall", "_VERSION"}) do
      g[k] = _G[k]
    end
    -- copies of the shared libraries, and no string metatable: a rule
    -- file that replaces string.format or table.concat changes its own
    -- copy, never the functions the rest of lore (and other rule files)
    -- call
    g.string, g.table, g.math, g.utf8 = copy(string), copy(table), copy(math), copy(utf8)
    g.getmetatable = function (x)
      if type(x) ~= "table" then return nil end
      return getmetatable(x)
    end
    g.os = allow(os, SAFE_OS, "os.")
    g.io = allow(io, {}, "io.")
    rawset(g.io, "lines", function (p, ...)
      return io.lines(confined(base, p), ...)
    end)
    rawset(g.io, "open", function (p, mode)
      if mode and mode:find("[wa+]") then error("--sandbox: rule files may not write files", 2) end
      return io.open(confined(base, p), mode)
    end)
  else
    g = _G
  end
  env.require = function (mod) return (rule_require(rs, base, env, sandbox, mod)) end
  env.lore = sandbox and sandboxed_lore() or lore
  if rs.opts.primitives == false then env.lore = without_primitives(env.lore) end
  env.gazetteers = {}
  setmetatable(env, {__index = function (_, k)
    local v = g[k]
    if v == nil and sandbox and _G[k] ~= nil then
      error("--sandbox: '" .. tostring(k) .. "' is not allowed in rule files", 2)
    end
    if v == nil and rs.opts.strict ~= false then
      error("undefined global '" .. tostring(k) .. "'", 2)
    end
    return v
  end})
  env.lpeg = package.loaded.lpeg or (pcall(require, "lpeg") and require "lpeg")
  env.re = package.loaded.re or (pcall(require, "re") and require "re") or nil
  if sandbox then env.lpeg, env.re = copy(env.lpeg), env.re and copy(env.re) end
  env.phase = function (name, o)
    if type(name) ~= "string" then error("phase expects a name", 2) end
    state.phase = get_phase(rs, name, o and o.order)
    return state.phase
  end
  env.layer = function (name, spec)
    if type(name) ~= "string" then error("layer expects a name", 2) end
    return declare_layer(rs, name, spec)
  end
  env.data = function (p) return resolve_path(base, p) end
  env.words = function (p, o)
    return read_words(sandbox and confined(base, p) or resolve_path(base, p), o and o.lower)
  end
  env.gazetteer = function (entries, o)
    if type(entries) == "string" then
      entries = sandbox and confined(base, entries) or resolve_path(base, entries)
    end
    local gz = lore.gazetteer(entries, o)
    if o and o.name then env.gazetteers[o.name] = gz end
    return gz
  end
  env.pattern = function (src, o)
    o = o or {}
    o.gazetteers = o.gazetteers or env.gazetteers
    return lore.pattern(src, o)
  end
  env.regex = lore.regex
  env.rule = function (spec)
    local info = debug.getinfo(2, "l")
    local line = info and info.currentline
    if not state.phase then state.phase = get_phase(rs, "main") end
    local r = compile_rule(rs, file, spec, state.phase, line, env)
    rs.by_name[r.fullname] = r
    rs.rules[#rs.rules + 1] = r
    local ph = state.phase
    ph.rules[#ph.rules + 1] = r
    return r
  end
  env.after = function (name, fn)
    if type(name) == "function" then name, fn = "after", name end
    if type(fn) ~= "function" then error("after expects a function", 2) end
    if not state.phase then state.phase = get_phase(rs, "main") end
    local info = debug.getinfo(2, "l")
    local h = {name = name, run = fn, file = file, line = info and info.currentline,
               fullname = file:match("[^/]*$") .. ":" .. name}
    h.id = lore.rule_id(h.fullname)
    local hooks = state.phase.hooks
    hooks[#hooks + 1] = h
    return h
  end
  return env
end

-- Install a count hook enforcing opts.budget (Lua instructions) and
-- opts.memory (bytes allocated since the count started) in this state:
-- over(what, option) is called, from the hook, when one is exceeded.
-- Returns the function that restarts the count.
local function limit_hook (opts, over)
  local budget, cap = opts.budget, opts.memory
  local steps, base = 0, collectgarbage("count")
  debug.sethook(function ()
    steps = steps + 1000
    if budget and steps > budget then
      over(string.format("instruction budget of %d", budget), "--rule-timeout")
    end
    if cap and (collectgarbage("count") - base) * 1024 > cap then
      over(string.format("memory cap of %d MB", cap // 1048576), "--rule-memory")
    end
  end, "", 1000)
  return function () steps, base = 0, collectgarbage("count") end
end

-- Run fn() with the limits of opts, when given: the worker pool enforces
-- them while rules run on documents, this while a rule file's own code
-- runs in the main state (a loop or an allocation without end at its top
-- level).
local function limited (opts, file, fn, handler)
  if not opts.budget and not opts.memory then return xpcall(fn, handler) end
  local hook, mask, count = debug.gethook()
  limit_hook(opts, function (what, option)
    local line = "?"                  -- the innermost line of the rule file
    for level = 3, 200 do             -- (1 this function, 2 the hook)
      local info = debug.getinfo(level, "Sl")
      if not info then break end
      if info.source == "@" .. file then line = info.currentline break end
    end
    error(string.format("%s:%s: %s exceeded while loading the rule file (see %s)",
                        file, line, what, option), 0)
  end)
  local ok, e = xpcall(fn, handler)
  debug.sethook(hook, mask, count)
  return ok, e
end

-- Load one rule file into the rule set. Errors name the file and line.
function RuleSet:load (file)
  local state = {}
  local env = rule_env(self, file, state)
  local chunk, err = loadfile(file, "t", env)
  if not chunk then error(err, 0) end
  local ok, e = limited(self.opts, file, chunk, function (m)
    if type(m) == "string" and not m:find("^[^:]+:%d+:") and not m:find("^[^:]+:%?:") then
      local info = debug.getinfo(2, "Sl")
      if info and info.short_src then
        return info.short_src .. ":" .. (info.currentline or "?") .. ": " .. m
      end
    end
    return m
  end)
  if not ok then error(e, 0) end
  self.files[#self.files + 1] = file
  return self
end

-- The bundled rule files, in load order.
function M.bundled ()
  local home = lore.home
  if not home then error("cannot find the bundled rules (set LORE_HOME)", 0) end
  local list = {}
  for _, n in ipairs({"boilerplate.lua", "entities.lua", "quotes.lua", "figures.lua"}) do
    local p = home .. "/rules/" .. n
    local f = io.open(p, "r")
    if f then f:close(); list[#list + 1] = p end
  end
  return list
end

-- Expand directories into their *.lua files (sorted).
local function expand (paths)
  local out = {}
  for _, p in ipairs(paths) do
    local st = lore.sys.stat(p)
    if st and st.type == "directory" then
      for _, n in ipairs(lore.sys.listdir(p)) do
        if n:match("%.lua$") then out[#out + 1] = p:gsub("/$", "") .. "/" .. n end
      end
    else
      out[#out + 1] = p
    end
  end
  return out
end

-- Commands that run rules in the main state (lore explain, lore profile)
-- give each document the limits the pool's workers set in C. A rule over
-- a limit fails on that document like any rule error (level 3: the
-- function the hook interrupted). Returns the function that starts the
-- count for a document.
local function limit_runs (opts)
  return limit_hook(opts, function (what, option)
    error(string.format("%s exceeded (see %s)", what, option), 3)
  end)
end

-- M.load(paths, opts) -> rule set. paths: rule files or directories; nil or
-- empty: the bundled rules. opts: sandbox, fail_fast, explain, budget and
-- memory (limits while rule files load), run_limits (the same limits on
-- each document run in this state: see limit_runs).
-- Every label a pattern names is one the rule set makes: a rule's label,
-- or one declared with labels = {...} on a rule or a layer (labels that
-- only actions and match functions make). A misspelt label would match
-- nothing, silently.
local function check_pattern_labels (rs)
  local known, names = {}, {}
  local function know (l)
    if type(l) == "string" and not known[l] then known[l] = true; names[#names + 1] = l end
  end
  for _, l in pairs(rs.layers) do
    for _, lab in ipairs(type(l.labels) == "table" and l.labels or {}) do know(lab) end
  end
  for _, r in ipairs(rs.rules) do
    know(r.label)
    for lab in pairs(r.labels or {}) do know(lab) end
  end
  table.sort(names)
  for _, r in ipairs(rs.rules) do
    local used = r.kind == "pattern" and r.matcher.labels
    for lab in pairs(used or {}) do
      if not known[lab] then
        rule_error(r.file, r.name, r.line, string.format("unknown label '%s' in its pattern " ..
          "(labels of the rule set: %s; declare a label that only an action or a match " ..
          "function makes with labels = {...} on its rule or layer)", lab,
          #names > 0 and table.concat(names, ", ") or "none"))
      end
    end
  end
end

function M.load (paths, opts)
  local rs = new_ruleset(opts)
  if not paths or #paths == 0 then paths = M.bundled() end
  for _, p in ipairs(expand(paths)) do rs:load(p) end
  check_pattern_labels(rs)
  rs:layer_order()            -- a cycle of excludes fails here, not per document
  if rs.opts.run_limits and (rs.opts.budget or rs.opts.memory) then
    rs.start_limits = limit_runs(rs.opts)
  end
  return rs
end

-- {======================================================================
-- Running
-- =======================================================================

local function doc_id (doc)
  return doc.id or "?"
end

-- The message of a rule's error; Lua's own "not enough memory" says what
-- limit a worker hit.
local function rule_msg (err)
  err = tostring(err)
  if err == "not enough memory" then
    return err .. " (memory cap of the worker reached, see --rule-memory)"
  end
  return err
end

-- Matches of a rule with an action: list of tables with start, stop, text
-- and matcher-specific fields (captures, payload...).
local function matches_of (r, doc)
  local k = r.kind
  if k == "regex" then
    return r.matcher:scan(doc)
  elseif k == "pattern" then
    return r.matcher:scan(doc, {sentence = r.sentence, overlap = r.overlap})
  elseif k == "gazetteer" then
    return r.matcher:scan(doc)
  elseif k == "lpeg" then
    return lore.lpeg.scan(doc, r.matcher, {snap = r.snap})
  else
    return r.matcher(doc) or {}
  end
end

-- Add the matches of a rule without an action, in C where possible.
local function add_direct (r, doc)
  local k = r.kind
  local o = {label = r.label, priority = r.priority, rule = r.id}
  if k == "regex" then
    o.group = r.capture
    r.matcher:spans(doc, r.layer, o)
  elseif k == "pattern" then
    o.capture = r.capture
    o.sentence = r.sentence
    o.overlap = r.overlap
    r.matcher:spans(doc, r.layer, o)
  elseif k == "gazetteer" then
    r.matcher:spans(doc, r.layer, o)
  else
    for _, m in ipairs(matches_of(r, doc)) do
      doc:add(r.layer, m.start, m.stop, {label = m.label or r.label,
                                         priority = r.priority, rule = r.id})
    end
  end
end

local function add_with_action (r, doc, explain)
  local action, layer = r.action, r.layer
  local capture, label, fullname, priority, id =
    r.capture, r.label, r.fullname, r.priority, r.id
  local add = doc.add                 -- (one method lookup, not one a match)
  local list, i = matches_of(r, doc), 0
  while true do                       -- (as ipairs: up to the first nil)
    i = i + 1
    local m = list[i]
    if m == nil then break end
    local cap = capture and m.captures and m.captures[capture]
    if capture and not cap then goto continue end
    if cap then m.start, m.stop, m.text = cap.start, cap.stop, cap.text end
    m.label = m.label or label
    m.attrs = {}
    m.doc = doc
    m.rule = fullname
    local keep = action(m, doc)
    if keep == false then
      if explain then
        add(doc, "_vetoed", m.start, m.stop, {label = m.label, rule = id,
                                              layer = layer})
      end
    else
      local attrs = m.attrs
      attrs.label = m.label
      attrs.priority = m.priority or priority
      attrs.rule = id
      add(doc, m.layer or layer, m.start, m.stop, attrs)
    end
    ::continue::
  end
end

-- Run the rule set over a document. Returns a list of problems (strings)
-- from rules that raised errors (the run goes on, unless opts.fail_fast,
-- where the first error is raised). upto: the name of the last phase to
-- run. profile: a table; the CPU seconds of each rule, each after() hook
-- and each phase's conflict resolution ("resolve PHASE") are added to it
-- under their names (lore profile).
function RuleSet:run (doc, upto, profile)
  local problems
  local explain, fail_fast = self.opts.explain, self.opts.fail_fast
  local clock = profile and os.clock
  if self.start_limits then self.start_limits() end
  -- one rule or hook, its error turned into a problem
  local function step (name, fn, a, b, c)
    local t0 = clock and clock()
    local ok, err = pcall(fn, a, b, c)
    if clock then profile[name] = (profile[name] or 0) + (clock() - t0) end
    -- Ctrl-C (the signal hook raised "interrupted" in whatever rule ran):
    -- the whole run stops, it is no rule's error
    if not ok and lore.sys.interrupted() then error(err, 0) end
    if not ok then
      local msg = string.format("rule %s on document %s: %s", name,
                                doc_id(doc), rule_msg(err))
      if fail_fast then error(msg, 0) end
      problems = problems or {}
      problems[#problems + 1] = msg
    end
  end
  for _, ph in ipairs(self.phases) do
    for _, r in ipairs(ph.rules) do
      if r.action then step(r.fullname, add_with_action, r, doc, explain)
      else step(r.fullname, add_direct, r, doc) end
    end
    local t0 = clock and clock()
    self:resolve(doc)
    if clock then
      local k = "resolve " .. ph.name
      profile[k] = (profile[k] or 0) + (clock() - t0)
    end
    for _, h in ipairs(ph.hooks) do step(h.fullname, h.run, doc, self) end
    if upto and ph.name == upto then break end
  end
  return problems
end

-- Resolve conflicts in every declared layer by its policy, after removing
-- spans that lie inside a span of a layer the layer excludes (declared as
-- layer("entities", {exclude = {"boilerplate"}})).
function RuleSet:resolve (doc)
  for _, l in ipairs(self:layer_order()) do
    local name, ex = l.name, l.exclude
    if ex then
      -- in C, one linear pass per excluded layer (no span objects)
      if type(ex) == "table" then
        for _, other in ipairs(ex) do doc:remove_inside(name, other) end
      else
        doc:remove_inside(name, ex)
      end
    end
    doc:resolve(name, l.policy, l.per_label)
  end
end

-- The declared layers in the order they are resolved: a layer after the
-- layers it excludes (their spans must be final before they remove its
-- own), otherwise in order of declaration. The same order in every run
-- and every worker, whatever the hashing of the layer table.
function RuleSet:layer_order ()
  if self.resolve_order then return self.resolve_order end
  local order, state = {}, {}
  local function visit (name)
    local l = self.layers[name]
    if not l or state[name] == "done" then return end
    if state[name] == "active" then
      error("layer '" .. name .. "' excludes itself through its exclude lists", 0)
    end
    state[name] = "active"
    local ex = l.exclude
    for _, other in ipairs(type(ex) == "table" and ex or {ex}) do visit(other) end
    state[name] = "done"
    order[#order + 1] = l
  end
  for _, name in ipairs(self.layer_names) do visit(name) end
  self.resolve_order = order
  return order
end

-- {======================================================================
-- Inline examples (lore test)
-- =======================================================================

local function describe (spans)
  local out = {}
  for _, s in ipairs(spans) do
    out[#out + 1] = string.format("'%s'%s", s.text, s.label and ("/" .. s.label) or "")
  end
  return #out > 0 and table.concat(out, ", ") or "nothing"
end

-- An attribute value as JSON shows it (NaN and lore.json.null: null).
local function shown (v)
  if v == nil or v == lore.json.null or v ~= v then return "null" end
  return tostring(v)
end

-- Find the n-th occurrence (plain) of needle in text; 0-based start.
local function occurrence (text, needle, n)
  local from = 1
  for _ = 1, n or 1 do
    local s, e = text:find(needle, from, true)
    if not s then return nil end
    if _ == (n or 1) then return s - 1, e end
    from = s + 1
  end
end

-- Check one example; returns nil or a failure message.
local function check_example (rs, r, ex)
  local text = ex[1] or ex.text
  if type(text) ~= "string" then return "example without text" end
  local doc = lore.doc(text, {id = "example", date = ex.date})
  local problems = rs:run(doc)
  if problems then return "error: " .. problems[1] end
  local spans = doc:spans(r.layer)
  if ex.none then
    local mine = {}
    for _, s in ipairs(spans) do if s.rule == r.fullname then mine[#mine + 1] = s end end
    if #mine > 0 then return "expected nothing, found " .. describe(mine) end
    return nil
  end
  local fails = {}
  for i = 2, math.max(#ex, 1) do
    local want = ex[i]
    if want == nil then break end
    if type(want) == "string" then want = {want} end
    local s0, e0 = occurrence(text, want[1], want.at)
    if not s0 then
      fails[#fails + 1] = string.format("'%s' does not occur in the text", want[1])
    else
      local found
      for _, s in ipairs(spans) do
        if s.start == s0 and s.stop == e0 then found = s break end
      end
      local label = want.label or (type(r.label) == "string" and r.label) or nil
      if not found then
        fails[#fails + 1] = string.format("expected '%s'%s at [%d,%d), found %s",
          want[1], label and ("/" .. label) or "", s0, e0, describe(spans))
      else
        if label and found.label ~= label then
          fails[#fails + 1] = string.format("'%s': expected label %s, found %s",
            want[1], label, tostring(found.label))
        end
        for k, v in pairs(want) do
          if type(k) == "string" and k ~= "label" and k ~= "at" then
            local got = found[k]
            -- (an absent value: not stored, or NaN, which JSON writes as null)
            if got ~= v and not (v == lore.json.null and (got == nil or got ~= got)) then
              fails[#fails + 1] = string.format("'%s': expected %s = %s, found %s",
                want[1], k, shown(v), shown(got))
            end
          end
        end
      end
    end
  end
  if #fails > 0 then return table.concat(fails, "; ") end
  return nil
end

-- Run every inline example. report(rule, example, message) is called for
-- each failure. Returns passed, failed.
function RuleSet:test (report)
  local passed, failed = 0, 0
  for _, r in ipairs(self.rules) do
    for i, ex in ipairs(r.examples or {}) do
      local ok, msg = pcall(check_example, self, r, ex)
      if not ok then msg = "error: " .. tostring(msg) end
      if msg then
        failed = failed + 1
        if report then report(r, i, ex, msg) end
      else
        passed = passed + 1
      end
    end
  end
  return passed, failed
end

-- {======================================================================
-- Explain (lore explain, the REPL's :why)
-- =======================================================================

-- Lines describing every candidate span (live, beaten or vetoed) that
-- overlaps offset, per layer.
function RuleSet:explain (doc, offset)
  local lines = {}
  local function add (fmt, ...) lines[#lines + 1] = string.format(fmt, ...) end
  local layers = doc:layers()
  table.sort(layers)
  for _, name in ipairs(layers) do
    local spans = doc:spans(name, {at = offset, dead = true})
    if #spans > 0 and name ~= "_vetoed" then
      add("%s:", name)
      for _, s in ipairs(spans) do
        local status
        if s.alive then status = "kept"
        elseif s.removed then status = "removed"
        else
          local w = s.beaten_by
          status = w and string.format("lost to %s '%s'%s", w.rule or "?", w.text,
                                       w.label and ("/" .. w.label) or "")
                   or "lost"
        end
        add("  [%d,%d) '%s'%s  rule %s  priority %d  -> %s", s.start, s.stop, s.text,
            s.label and ("/" .. s.label) or "", s.rule or "(none)", s.priority, status)
      end
    end
  end
  local vetoed = doc:spans("_vetoed", {at = offset, dead = true})
  if #vetoed > 0 then
    add("vetoed by their actions:")
    for _, s in ipairs(vetoed) do
      add("  [%d,%d) '%s'%s  rule %s (layer %s)", s.start, s.stop, s.text,
          s.label and ("/" .. s.label) or "", s.rule or "?", s:get("layer") or "?")
    end
  end
  if #lines == 0 then add("no rule matched at offset %d", offset) end
  return lines
end

M.new = new_ruleset
M.read_words = read_words
return M
