-- lore.repl: the Lua side of `lore repl`: loading documents, the
-- :commands, the pretty printer and tab completion. The read-eval loop
-- itself is C (bindings/lore.c).
local lore = require "lore"
local util = require "lore.util"

local M = {}

local state = {inputs = {}, rules = nil, no_rules = false}
local color = function (_, s) return s end

-- {======================================================================
-- Pretty printer
-- =======================================================================

local MAXDEPTH, MAXITEMS, MAXSTR = 3, 30, 200

local function kindof (v)
  local mt = getmetatable(v)
  if type(mt) ~= "table" then return nil end
  return mt.__name
end

local function qstr (s)
  if #s > MAXSTR then s = s:sub(1, MAXSTR) .. "…" end
  return color("green", string.format("%q", s):gsub("\\\n", "\\n"))
end

local function span_line (s)
  local attrs = s:attrs()
  local parts = {}
  for _, k in ipairs(util.sorted_keys(attrs)) do
    local v = attrs[k]
    parts[#parts + 1] = k .. "=" .. (type(v) == "string" and string.format("%q", v) or
                                     type(v) == "table" and lore.json.encode(v) or tostring(v))
  end
  return string.format("%s%s %s [%d,%d)%s%s%s", color("cyan", s.layer),
    s.label and color("cyan", ":" .. s.label) or "", qstr(s.text), s.start, s.stop,
    #parts > 0 and (" " .. table.concat(parts, " ")) or "",
    s.rule and color("grey", "  <" .. s.rule .. ">") or "",
    s.alive and "" or color("red", " (dead)"))
end

local pretty

local function pretty_doc (d)
  if d.closed then return "lore.Doc (closed)" end
  local layers = {}
  for _, name in ipairs(d:layers()) do
    if name:sub(1, 1) ~= "_" then layers[#layers + 1] = name .. " " .. #d:spans(name) end
  end
  return string.format("%s %s%s\n  %d bytes, %d tokens, %d sentences, %d paragraphs%s",
    color("bold", "lore.Doc"), tostring(d.id),
    d.meta.title and (" " .. qstr(d.meta.title)) or "",
    #d, d.ntokens, d.nsentences, d.nparagraphs,
    #layers > 0 and ("\n  layers: " .. table.concat(layers, ", ")) or "")
end

local function pretty_table (t, depth, seen)
  if seen[t] then return "<cycle>" end
  seen[t] = true
  local n = #t
  local out = {}
  local count = 0
  -- a list of spans or tokens: one per line
  if n > 0 and (kindof(t[1]) == "lore.Span" or kindof(t[1]) == "lore.Token") then
    for i = 1, math.min(n, MAXITEMS) do out[#out + 1] = string.format("%3d  %s", i, pretty(t[i], depth + 1, seen)) end
    if n > MAXITEMS then out[#out + 1] = string.format("  … %d more", n - MAXITEMS) end
    seen[t] = nil
    return table.concat(out, "\n")
  end
  if depth >= MAXDEPTH then seen[t] = nil return "{…}" end
  for i = 1, n do
    count = count + 1
    if count > MAXITEMS then out[#out + 1] = "…" break end
    out[#out + 1] = pretty(t[i], depth + 1, seen)
  end
  for _, k in ipairs(util.sorted_keys(t)) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      count = count + 1
      if count > MAXITEMS then out[#out + 1] = "…" break end
      local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or ("[" .. pretty(k, MAXDEPTH, seen) .. "]")
      out[#out + 1] = key .. " = " .. pretty(t[k], depth + 1, seen)
    end
  end
  seen[t] = nil
  local one = "{" .. table.concat(out, ", ") .. "}"
  if #one <= 100 then return one end
  local ind = string.rep("  ", depth + 1)
  return "{\n" .. ind .. table.concat(out, ",\n" .. ind) .. "\n" .. string.rep("  ", depth) .. "}"
end

function pretty (v, depth, seen)
  depth = depth or 0
  seen = seen or {}
  local t = type(v)
  if t == "string" then return qstr(v) end
  if t == "number" or t == "boolean" or t == "nil" then return color("magenta", tostring(v)) end
  if t == "table" then return pretty_table(v, depth, seen) end
  local k = kindof(v)
  if k == "lore.Doc" then return pretty_doc(v) end
  if k == "lore.Span" then return span_line(v) end
  if k == "lore.Token" then
    local flags = table.concat(v.flags, " ")
    return string.format("%s %s [%d,%d) %s", color("cyan", v.kind), qstr(v.text), v.start, v.stop,
                         color("grey", flags))
  end
  if k == "lore.Range" then
    return string.format("%s %d [%d,%d) %s", color("cyan", v.kind), v.i, v.start, v.stop, qstr(v.text))
  end
  return tostring(v)
end

M.pretty = function (v) return pretty(v) end

function M.print (...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = pretty((select(i, ...))) end
  io.stdout:write(table.concat(parts, "\t"), "\n")
  io.stdout:flush()
end

-- }======================================================================

-- {======================================================================
-- Documents and rules
-- =======================================================================

local function load_rules ()
  local ok, rs = pcall(lore.engine.load, state.rules, {explain = true})
  if not ok then io.stderr:write("rules: ", tostring(rs), "\n") return nil end
  _G.rules = rs
  return rs
end

local function load_docs (inputs)
  local docs = {}
  for d in lore.corpus(inputs) do
    if _G.rules and not state.no_rules then
      local problems = _G.rules:run(d)
      for _, p in ipairs(problems or {}) do io.stderr:write(p, "\n") end
    end
    docs[#docs + 1] = d
  end
  _G.docs = docs
  _G.doc = docs[1]
  return docs
end

function M.setup (opts)
  state.inputs = opts.inputs or {}
  state.rules = opts.rules
  state.no_rules = opts.no_rules
  color = util.colorizer(lore.sys.isatty("stdout") and not os.getenv("NO_COLOR"))
  if not state.no_rules then load_rules() end
  if #state.inputs > 0 then load_docs(state.inputs) end
end

function M.history_path ()
  local p = os.getenv("LORE_HISTORY")
  if p and p ~= "" then return p end
  local x = os.getenv("XDG_STATE_HOME")
  if x and x ~= "" then return x .. "/lore_history" end
  local h = os.getenv("HOME")
  if h and h ~= "" then return h .. "/.lore_history" end
  return nil
end

function M.banner ()
  print(string.format("lore %s (%s) — :help for commands, :quit to leave", lore._VERSION, _VERSION))
  if _G.docs then
    print(string.format("%d document(s) loaded in `docs`; `doc` is the first", #_G.docs))
  end
end

-- }======================================================================

-- {======================================================================
-- :commands
-- =======================================================================

local HELP = [[
Commands (only at the start of a fresh line):
  :help                 this help
  :load PATH...         load documents (files, directories, .jsonl) into `docs`,
                        run the rules on them; `doc` is the first
  :docs                 list the loaded documents
  :doc N                make docs[N] the current `doc`
  :spans [LAYER]        spans of `doc` (all layers, or one)
  :match PATTERN        token pattern (or /regex/) on `doc`, e.g. :match <PERSON> said
  :why OFFSET           which rules matched at byte OFFSET of `doc`, which won
  :rules                the loaded rules by phase
  :reload               reload the rule files and re-run them on `docs`
  :quit                 leave (also Ctrl-D)
Lua: any expression prints its value (no `return` needed); an incomplete
statement continues on the next line. Ctrl-C stops a running evaluation.
Offsets are 0-based bytes, end exclusive; token and sentence indices 1-based.
Try: doc:spans("entities"), doc:tokens(), lore.pattern("[cap]+ said"):scan(doc)]]

local commands = {}

commands.help = function () print(HELP) end
commands.quit = function () return true end
commands.q = commands.quit

commands.load = function (args)
  if #args == 0 then print("usage: :load PATH...") return end
  state.inputs = args
  local docs = load_docs(args)
  print(string.format("%d document(s) loaded", #docs))
end

commands.docs = function ()
  for i, d in ipairs(_G.docs or {}) do
    print(string.format("%3d  %-28s %7d bytes  %s", i, tostring(d.id), #d, util.cut(d.meta.title or "", 50)))
  end
end

commands.doc = function (args)
  local i = tonumber(args[1])
  local d = i and _G.docs and _G.docs[i]
  if not d then print("no such document (see :docs)") return end
  _G.doc = d
  M.print(d)
end

local function current_doc ()
  if not _G.doc then error("no current document: :load PATH first, or set doc = lore.doc(text)", 0) end
  return _G.doc
end

commands.spans = function (args)
  local d = current_doc()
  local layers = #args > 0 and args or d:layers()
  for _, name in ipairs(layers) do
    if name:sub(1, 1) ~= "_" then
      for _, s in ipairs(d:spans(name)) do print(span_line(s)) end
    end
  end
end

commands.match = function (args, rest)
  local d = current_doc()
  if rest == "" then print("usage: :match PATTERN  (or :match /regex/)") return end
  local matches
  local re = rest:match("^/(.*)/$")
  if re then matches = lore.regex(re):scan(d)
  else matches = lore.pattern(rest):scan(d) end
  for i, m in ipairs(matches) do
    local caps = {}
    for k, c in pairs(m.captures or {}) do
      if type(k) == "string" then caps[#caps + 1] = k .. "=" .. string.format("%q", type(c) == "table" and c.text or c) end
    end
    table.sort(caps)
    print(string.format("%3d  [%d,%d) %s %s", i, m.start, m.stop, qstr(m.text), table.concat(caps, " ")))
  end
  print(string.format("%d match(es)", #matches))
end

commands.why = function (args)
  local d = current_doc()
  local off = tonumber(args[1])
  if not off then print("usage: :why OFFSET") return end
  if not _G.rules then print("no rules loaded") return end
  if off < 0 or off > #d then print(string.format("offset beyond end of document (%d bytes)", #d)) return end
  for _, l in ipairs(_G.rules:explain(d, off)) do print(l) end
end

commands.rules = function ()
  local rs = _G.rules
  if not rs then print("no rules loaded") return end
  for _, ph in ipairs(rs.phases) do
    print(color("bold", "phase " .. ph.name))
    for _, r in ipairs(ph.rules) do
      print(string.format("  %-36s %-9s %-10s %s", r.fullname, r.kind, r.layer,
                          type(r.label) == "string" and r.label or ""))
    end
  end
end

commands.reload = function ()
  local rs = load_rules()
  if not rs then return end
  if state.inputs and #state.inputs > 0 then load_docs(state.inputs) end
  print(string.format("%d rule(s) loaded from %d file(s)", #rs.rules, #rs.files))
end

-- Run a :command line; returns true to quit.
function M.command (line)
  local name, rest = line:match("^:(%S*)%s*(.-)%s*$")
  local fn = commands[name]
  if not fn then
    print("unknown command :" .. tostring(name) .. " (see :help)")
    return false
  end
  local args = {}
  for w in rest:gmatch("%S+") do args[#args + 1] = w end
  return fn(args, rest) == true
end

-- }======================================================================

-- {======================================================================
-- Completion
-- =======================================================================

local DOC_FIELDS = {"id", "text", "meta", "warnings", "ntokens", "nsentences", "nparagraphs", "closed"}
local SPAN_FIELDS = {"start", "stop", "text", "label", "layer", "rule", "priority", "id", "alive",
                     "beaten_by", "doc", "remove", "get", "set", "attrs"}
local TOKEN_FIELDS = {"i", "start", "stop", "text", "kind", "sub", "flags", "norm", "cap", "allcaps",
                      "title", "lower", "digit", "sent_start", "sent_end", "para_start", "para_end",
                      "space_before", "space_after", "next", "prev", "doc", "quote"}
local COMMANDS = {":help", ":load", ":docs", ":doc", ":spans", ":match", ":why", ":rules", ":reload", ":quit"}

-- Members of a value for completion.
local function members (v)
  local out = {}
  local k = kindof(v)
  if type(v) == "table" then
    for key in pairs(v) do if type(key) == "string" then out[#out + 1] = key end end
    local mt = getmetatable(v)
    if type(mt) == "table" and type(mt.__index) == "table" then
      for key in pairs(mt.__index) do if type(key) == "string" then out[#out + 1] = key end end
    end
  elseif k == "lore.Doc" then
    for key in pairs(getmetatable(v).__methods) do out[#out + 1] = key end
    for _, f in ipairs(DOC_FIELDS) do out[#out + 1] = f end
  elseif k == "lore.Span" then
    for _, f in ipairs(SPAN_FIELDS) do out[#out + 1] = f end
    for key in pairs(v:attrs()) do out[#out + 1] = key end
  elseif k == "lore.Token" then
    for _, f in ipairs(TOKEN_FIELDS) do out[#out + 1] = f end
  elseif type(v) == "string" then
    for key in pairs(string) do out[#out + 1] = key end
  else
    local mt = getmetatable(v)
    if type(mt) == "table" then
      local idx = mt.__methods or mt.__index
      if type(idx) == "table" then for key in pairs(idx) do out[#out + 1] = key end end
    end
  end
  return out
end

-- Resolve a dotted name ("lore.sys") without calling anything.
local function resolve (path)
  local v = _G
  for part in path:gmatch("[^%.:]+") do
    if type(v) == "table" then v = rawget(v, part)
    elseif v ~= nil and (kindof(v) == "lore.Doc" or kindof(v) == "lore.Span") and
           (part == "meta" or part == "doc") then v = v[part]
    else return nil end
    if v == nil then return nil end
  end
  return v
end

-- Candidates completing `word` (the text before the cursor back to a word
-- break); `before` is the line before the word.
function M.complete (word, before)
  local out = {}
  if before == "" and word:sub(1, 1) == ":" then
    for _, c in ipairs(COMMANDS) do if c:sub(1, #word) == word then out[#out + 1] = c end end
    return out
  end
  local base, sep, prefix = word:match("^(.*)([%.:])([%w_]*)$")
  local names
  if base then
    local v = resolve(base)
    if v == nil then return out end
    names = members(v)
  else
    prefix = word
    names = {}
    for k in pairs(_G) do if type(k) == "string" then names[#names + 1] = k end end
    for _, kw in ipairs{"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
                        "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return",
                        "then", "true", "until", "while"} do names[#names + 1] = kw end
  end
  table.sort(names)
  local last
  for _, n in ipairs(names) do
    if n ~= last and n:sub(1, #prefix) == prefix and n:match("^[%a_][%w_]*$") then
      out[#out + 1] = base and (base .. sep .. n) or n
    end
    last = n
  end
  return out
end

-- }======================================================================

return M
