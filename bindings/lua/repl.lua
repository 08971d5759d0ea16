-- lore.repl: the Lua side of `lore repl`: loading documents, the
-- :commands, the pretty printer and tab completion. The read-eval loop
-- itself is C (bindings/lore.c).
local lore = require "lore"
local util = require "lore.util"

local M = {}

local state = {inputs = {}, rules = nil, no_rules = false}
local color = function (_, s) return s end

-- {======================================================================
-- Pretty printer. It never raises: it reads tables raw (no user
-- metamethods but __tostring, which runs protected) and lore objects
-- whose document was closed print as such.
-- =======================================================================

local MAXDEPTH, MAXITEMS, MAXSTR, MAXLINE = 3, 30, 200, 100

local function kindof (v)
  local mt = getmetatable(v)
  if type(mt) ~= "table" then return nil end
  return rawget(mt, "__name")
end

-- s cut to at most n bytes, not inside a UTF-8 character (a cut one
-- would print as \ddd escapes); and the number of bytes left out.
local function cut_bytes (s, n)
  if #s <= n then return s, 0 end
  local i = n
  while i > 0 and (s:byte(i + 1) & 0xC0) == 0x80 do i = i - 1 end
  return s:sub(1, i), #s - i
end

-- A long value is cut, and says how much is left out.
local function left_out (n)
  return color("grey", string.format(" (+%d bytes)", n))
end

local function qstr (s)
  local head, left = cut_bytes(s, MAXSTR)
  local q = string.format("%q", head):gsub("\\\n", "\\n")
  if left == 0 then return color("green", q) end
  return color("green", q:sub(1, -2) .. "…\"") .. left_out(left)
end

-- tostring that honours __tostring but survives its errors.
local function safe_tostring (v)
  local ok, s = pcall(tostring, v)
  if ok and type(s) == "string" then return s end
  return "<" .. (kindof(v) or type(v)) .. ">"
end

local function has_tostring (t)
  local mt = getmetatable(t)
  return type(mt) == "table" and rawget(mt, "__tostring") ~= nil
end

-- fn(v, ...), or what to print when it raises: lore objects raise once
-- their document is closed.
local function guarded (fn, v, ...)
  local ok, s = pcall(fn, v, ...)
  if ok then return s end
  if tostring(s):find("closed document", 1, true) then
    return (kindof(v) or type(v)) .. " <closed document>"
  end
  return safe_tostring(v)
end

local pretty

-- An attribute value on one line: strings quoted, tables as JSON, cut.
local function attr_value (v)
  if type(v) == "string" then return qstr(v) end
  if type(v) ~= "table" then return pretty(v, MAXDEPTH) end
  local ok, js = pcall(lore.json.encode, v)
  if not ok then return pretty(v, MAXDEPTH) end
  local head, left = cut_bytes(js, MAXSTR)
  return left == 0 and head or head .. "…" .. left_out(left)
end

local function span_line (s)
  local attrs = s:attrs()
  local parts = {}
  for _, k in ipairs(util.sorted_keys(attrs)) do
    parts[#parts + 1] = tostring(k) .. "=" .. attr_value(attrs[k])
  end
  return string.format("%s%s %s [%d,%d)%s%s%s", color("cyan", s.layer),
    s.label and color("cyan", ":" .. s.label) or "", qstr(s.text), s.start, s.stop,
    #parts > 0 and (" " .. table.concat(parts, " ")) or "",
    s.rule and color("grey", "  <" .. s.rule .. ">") or "",
    s.alive and "" or color("red", " (dead)"))
end

local function token_line (t)
  return string.format("%s %s [%d,%d) %s", color("cyan", t.kind), qstr(t.text), t.start, t.stop,
                       color("grey", table.concat(t.flags, " ")))
end

local function range_line (r)
  return string.format("%s %d [%d,%d) %s", color("cyan", r.kind), r.i, r.start, r.stop, qstr(r.text))
end

-- The first words of a text, on one line.
local function first_words (s)
  local flat = s:sub(1, 200):gsub("%s+", " "):match("^ ?(.-) ?$")
  local head, left = cut_bytes(flat, 60)
  if left > 0 then head = (head:match("^(.*%S)%s") or head) .. "…" end
  return color("green", string.format("%q", head))
end

-- What names a document: its id and title; without an id, its title or
-- its first words.
local function doc_name (d)
  local id, title = d.id, d.meta.title
  local name = id ~= nil and color("bold", "lore.Doc ") .. safe_tostring(id)
               or color("bold", "lore.Doc") .. " (no id)"
  if title ~= nil then return name .. " " .. pretty(title, MAXDEPTH) end
  if id == nil and not d.closed then return name .. " " .. first_words(d.text) end
  return name
end

-- A document: its name, then (at top level) its size and layers.
local function pretty_doc (d, depth)
  if d.closed then return doc_name(d) .. " (closed)" end
  if depth > 0 then return string.format("%s (%d bytes)", doc_name(d), #d) end
  local layers = {}
  for _, name in ipairs(d:layers()) do
    if name:sub(1, 1) ~= "_" then layers[#layers + 1] = name .. " " .. #d:spans(name) end
  end
  return string.format("%s\n  %d bytes, %d tokens, %d sentences, %d paragraphs%s", doc_name(d),
    #d, d.ntokens, d.nsentences, d.nparagraphs,
    #layers > 0 and ("\n  layers: " .. table.concat(layers, ", ")) or "")
end

-- A list of spans or tokens at top level: one numbered line each.
local function pretty_list (t, n, seen)
  local out = {}
  for i = 1, math.min(n, MAXITEMS) do
    out[i] = string.format("%3d  %s", i, pretty(rawget(t, i), 1, seen))
  end
  if n > MAXITEMS then out[#out + 1] = string.format("  … %d more", n - MAXITEMS) end
  return table.concat(out, "\n")
end

local function is_list_of_objects (t, n)
  local k = n > 0 and kindof(rawget(t, 1))
  return k == "lore.Span" or k == "lore.Token"
end

-- The keys of t past its sequence part 1..n, sorted (by type, then value).
local function other_keys (t, n)
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function (a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return false
  end)
  return keys
end

-- The printed items of t: the sequence, then key = value; at most
-- MAXITEMS, then how many more there are.
local function table_items (t, depth, seen)
  local n = rawlen(t)
  local keys = other_keys(t, n)
  local out = {}
  for i = 1, math.min(n, MAXITEMS) do out[#out + 1] = pretty(rawget(t, i), depth + 1, seen) end
  for j = 1, math.min(#keys, MAXITEMS - #out) do
    local k = keys[j]
    local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k
                or ("[" .. pretty(k, MAXDEPTH, seen) .. "]")
    out[#out + 1] = key .. " = " .. pretty(rawget(t, k), depth + 1, seen)
  end
  if n + #keys > MAXITEMS then out[#out + 1] = string.format("… %d more", n + #keys - MAXITEMS) end
  return out
end

-- Short items (a list of numbers) fill lines; longer ones get a line each.
local function fill (items, width)
  for _, it in ipairs(items) do
    if #it > 20 or it:find("\n", 1, true) then return items end
  end
  local lines, cur = {}, nil
  for _, it in ipairs(items) do
    if cur and #cur + 2 + #it > width then lines[#lines + 1] = cur cur = nil end
    cur = cur and (cur .. ", " .. it) or it
  end
  lines[#lines + 1] = cur
  return lines
end

-- The items in braces: on one line if they fit, else indented below.
local function layout (items, depth)
  local one = "{" .. table.concat(items, ", ") .. "}"
  if #one <= MAXLINE and not one:find("\n", 1, true) then return one end
  local ind = string.rep("  ", depth + 1)
  local lines = fill(items, MAXLINE - #ind)
  return "{\n" .. ind .. table.concat(lines, ",\n" .. ind) .. "\n" .. string.rep("  ", depth) .. "}"
end

local function pretty_table (t, depth, seen)
  if has_tostring(t) then return safe_tostring(t) end
  if seen[t] then return "<cycle>" end
  local n = rawlen(t)
  if depth == 0 and is_list_of_objects(t, n) then return pretty_list(t, n, seen) end
  if depth >= MAXDEPTH then return "{…}" end
  seen[t] = true
  local out = table_items(t, depth, seen)
  seen[t] = nil
  return layout(out, depth)
end

local object_printers = {
  ["lore.Span"] = span_line, ["lore.Token"] = token_line, ["lore.Range"] = range_line,
  ["lore.Doc"] = pretty_doc,
}

function pretty (v, depth, seen)
  depth = depth or 0
  local t = type(v)
  if t == "string" then return qstr(v) end
  if t == "number" or t == "boolean" or t == "nil" then return color("magenta", tostring(v)) end
  if t == "table" then return pretty_table(v, depth, seen or {}) end
  local printer = object_printers[kindof(v)]
  if printer then return guarded(printer, v, depth) end
  return safe_tostring(v)
end

M.pretty = function (v) return pretty(v) end

function M.print (...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = guarded(pretty, (select(i, ...))) end
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

-- An error for the user: the C message handler prints an error object
-- that is not a string by its __tostring, with no traceback.
local USER_ERROR = {__tostring = function (e) return e.msg end}

local function user_error (msg)
  error(setmetatable({msg = msg}, USER_ERROR), 0)
end

-- The documents of inputs (rules run on them). Raises, changing nothing,
-- when an input is missing (lore.corpus only warns and goes on) or none
-- holds a document.
local function read_docs (inputs)
  for _, p in ipairs(inputs) do
    local st, err = lore.sys.stat(p)
    if not st then user_error(err) end
  end
  local docs = {}
  for d in lore.corpus(inputs) do
    if _G.rules and not state.no_rules then
      local problems = _G.rules:run(d)
      for _, p in ipairs(problems or {}) do io.stderr:write(p, "\n") end
    end
    docs[#docs + 1] = d
  end
  if #docs == 0 then user_error("no documents in " .. table.concat(inputs, " ")) end
  return docs
end

local function load_docs (inputs)
  local docs = read_docs(inputs)
  state.inputs = inputs
  _G.docs = docs
  _G.doc = docs[1]
  return docs
end

function M.setup (opts)
  state.rules = opts.rules
  state.no_rules = opts.no_rules
  color = util.colorizer(lore.sys.isatty("stdout") and not os.getenv("NO_COLOR"))
  if not state.no_rules then load_rules() end
  local inputs = opts.inputs or {}
  if #inputs > 0 then
    local ok, err = pcall(load_docs, inputs)
    if not ok then io.stderr:write("lore repl: ", tostring(err), "\n") end
  end
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
A failed :load keeps the documents loaded before. Tab completes names;
after `x:` only methods. Without a terminal (a pipe, a file) there are no
prompts, and the exit status is 1 if a statement or command failed or the
input ended inside an unfinished statement (reported as a syntax error).
Offsets are 0-based bytes, end exclusive; token and sentence indices 1-based.
Try: doc:spans("entities"), doc:token(1), lore.pattern("[cap]+ said"):scan(doc)]]

local commands = {}

commands.help = function () print(HELP) end
commands.quit = function () return true end
commands.q = commands.quit

commands.load = function (args)
  if #args == 0 then print("usage: :load PATH...") return end
  local ok, err = pcall(load_docs, args)
  if not ok then
    local kept = _G.docs and string.format("; the %d document(s) loaded before are kept", #_G.docs) or ""
    user_error(":load: " .. tostring(err) .. kept)
  end
  print(string.format("%d document(s) loaded", #_G.docs))
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
  if not _G.doc then user_error("no current document: :load PATH first, or set doc = lore.doc(text)") end
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
  local ok, res = pcall(fn, args, rest)
  if ok then return res == true end
  if getmetatable(res) == USER_ERROR then error(res, 0) end
  -- a bad pattern or regex, a missing file...: the message is enough; the
  -- position in this file that lore.pattern & co. prefix is no use
  user_error((tostring(res):gsub("^[^\n]-repl%.lua:%d+: (lore%.)", "%1")))
end

-- }======================================================================

-- {======================================================================
-- Completion
-- =======================================================================

local DOC_FIELDS = {"id", "text", "meta", "warnings", "ntokens", "nsentences", "nparagraphs", "closed"}
local SPAN_FIELDS = {"start", "stop", "text", "label", "layer", "rule", "priority", "id", "alive",
                     "removed", "beaten_by", "doc"}
local SPAN_METHODS = {"remove", "get", "set", "attrs"}
local TOKEN_FIELDS = {"i", "start", "stop", "text", "kind", "sub", "flags", "norm", "cap", "allcaps",
                      "title", "lower", "digit", "sent_start", "sent_end", "para_start", "para_end",
                      "space_before", "space_after", "next", "prev", "doc", "quote", "single",
                      "typographic", "abbrev", "clitic"}
local COMMANDS = {":help", ":load", ":docs", ":doc", ":spans", ":match", ":why", ":rules", ":reload", ":quit"}

-- Members of a value for completion: name -> true for a method (a
-- function, offered after ":"), false for a field (offered after "." only).
local function members (v)
  local out = {}
  local function add_table (t)
    for key, val in next, t do
      if type(key) == "string" and out[key] == nil then out[key] = type(val) == "function" end
    end
  end
  local function add_names (names, method)
    for _, n in ipairs(names) do out[n] = method end
  end
  local k = kindof(v)
  local mt = getmetatable(v)
  if type(v) == "table" then
    add_table(v)
    if type(mt) == "table" and type(rawget(mt, "__index")) == "table" then add_table(mt.__index) end
  elseif k == "lore.Doc" then
    add_table(mt.__methods)
    add_names(DOC_FIELDS, false)
  elseif k == "lore.Span" then
    add_names(SPAN_FIELDS, false)
    add_names(SPAN_METHODS, true)
    for key in pairs(v:attrs()) do if out[key] == nil then out[key] = false end end
  elseif k == "lore.Token" then
    add_names(TOKEN_FIELDS, false)
  elseif type(v) == "string" then
    add_table(string)
  elseif type(mt) == "table" then
    local idx = rawget(mt, "__methods") or rawget(mt, "__index")
    if type(idx) == "table" then add_table(idx) end
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
    names = {}
    for name, method in pairs(members(v)) do
      if sep == "." or method then names[#names + 1] = name end
    end
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
