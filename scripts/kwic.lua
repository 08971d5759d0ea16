-- scripts/kwic.lua: keyword in context (lore kwic PATTERN).
--
-- PATTERN is a regular expression over the text when written /.../flags
-- (PCRE2; flags i x s m U), else a token pattern (docs/patterns.md:
-- `Xi`, `{said told} [cap]+`, `<PERSON> said`). The search runs in map(),
-- where the document is at hand; with --from it needs records saved with
-- `lore extract --text`. Matches inside boilerplate are left out unless
-- --boilerplate.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local lore = require "lore"
local util = require "lore.util"

local S = {
  name = "kwic",
  summary = "Keyword in context: every match of PATTERN, aligned, with its document and\n" ..
    "byte offsets. PATTERN is /regex/flags (PCRE2 over the text; flags i x s m U)\n" ..
    "or a token pattern (docs/patterns.md: Xi, '{said told} [cap]+', '<PERSON> said').\n" ..
    "With --from, the records must hold their text (lore extract --text).",
  usage = "lore kwic PATTERN [INPUT...] [OPTIONS]   (or -e PATTERN)",
}

S.options = C.options{
  {"-e", "--pattern", arg = "PATTERN", key = "pattern", help = "the pattern (when it starts with -)"},
  {"-c", "--context", arg = "N", key = "context", number = true,
   help = "characters of context kept on each side (default 60)"},
  {"-n", "--limit", arg = "N", key = "limit", number = true, help = "lines shown (default: all)"},
}

-- {======================================================================
-- Matching
-- =======================================================================

local compiled = {}

-- The matcher of a pattern: function(doc) -> list of {start, stop}.
function S.compile (pat)
  if compiled[pat] then return compiled[pat] end
  local body, flags = pat:match("^/(.*)/([a-zA-Z]*)$")
  local fn
  if body and body ~= "" then
    local ok, re = pcall(lore.regex, body, flags)
    if not ok then util.usage_error("kwic", "bad regex " .. pat .. ": " .. tostring(re)) end
    fn = function (doc)
      local out = {}
      for m in re:gmatch(doc) do
        if m.stop > m.start then out[#out + 1] = {m.start, m.stop} end
      end
      return out
    end
  else
    local ok, tp = pcall(lore.pattern, pat)
    if not ok then util.usage_error("kwic", "bad token pattern: " .. tostring(tp)) end
    fn = function (doc)
      local out = {}
      for _, m in ipairs(tp:scan(doc)) do out[#out + 1] = {m.start, m.stop} end
      return out
    end
  end
  compiled[pat] = fn
  return fn
end

-- Cut a string to at most n bytes at a UTF-8 boundary, from the left
-- (keep the end) or the right (keep the start).
local function utf8_tail (s, n)
  if #s <= n then return s end
  local i = #s - n + 1
  while i <= #s and (s:byte(i) & 0xC0) == 0x80 do i = i + 1 end
  return s:sub(i)
end

local function utf8_head (s, n)
  if #s <= n then return s end
  local i = n
  while i > 0 and (s:byte(i + 1) or 0) & 0xC0 == 0x80 do i = i - 1 end
  return s:sub(1, i)
end

local function flat (s) return (s:gsub("%s", " ")) end

function S.search (doc, rec, opts)
  local pat = opts.pattern
  local n = math.floor(opts.context or 60)
  local text = doc.text
  local hits = {}
  for _, m in ipairs(S.compile(pat)(doc)) do
    local s, e = m[1], m[2]
    if not C.in_boilerplate(rec, s, e, opts) then
      hits[#hits + 1] = {s = s, e = e,
        left = flat(utf8_tail(text:sub(math.max(1, s - 4 * n + 1), s), n)),
        match = flat(text:sub(s + 1, e)),
        right = flat(utf8_head(text:sub(e + 1, e + 4 * n), n))}
    end
  end
  return hits
end

-- Spans of a record's layers back onto a document (for token patterns
-- like <PERSON> with --from).
local function restore_layers (doc, rec)
  for layer, spans in pairs(rec) do
    if type(spans) == "table" and type(spans[1]) == "table" and spans[1].start and spans[1]["end"] then
      for _, sp in ipairs(spans) do
        local attrs = {}
        for k, v in pairs(sp) do
          if k ~= "start" and k ~= "end" and k ~= "text" and v ~= lore.json.null and type(v) ~= "table" then
            attrs[k] = v
          end
        end
        attrs.label = attrs.label or attrs.type or attrs.kind
        pcall(doc.add, doc, layer, sp.start, sp["end"], attrs)
      end
    end
  end
end

function S.summarise (rec, opts, doc)
  local hits = C.with_doc("kwic", rec, doc, function (d, own)
    if own then restore_layers(d, rec) end
    return S.search(d, rec, opts)
  end)
  return {meta = C.doc_meta(rec), hits = hits}
end

S.map = C.map_summarise(S)        -- summarise in the workers

-- The state keeps the pattern too (for `lore merge`).
function S.init (opts)
  return {docs = {}, patterns = {opts and opts.pattern or nil}}
end

S.add_summary = C.put_summary
S.add = C.add_summarised(S)       -- rec.map, or with --from summarise here

function S.merge (a, b)
  C.merge_docs(a, b)
  local set = {}
  for _, p in ipairs(a.patterns or {}) do set[p] = true end
  for _, p in ipairs(b.patterns or {}) do set[p] = true end
  a.patterns = util.sorted_keys(set)
  return a
end

function S.check (opts, pos)
  C.check(opts)
  if not opts.pattern then
    if opts.args and opts.args[1] then opts.pattern = opts.args[1]
    elseif pos[1] then opts.pattern = table.remove(pos, 1)
    else util.usage_error("kwic", "no PATTERN (lore kwic PATTERN [INPUT...])") end
  end
  S.compile(opts.pattern)                     -- fail early on a bad pattern
end

-- }======================================================================

-- {======================================================================
-- Result and output
-- =======================================================================

function S.result (state, opts)
  local docs, hits, forms = {}, {}, {}
  for id, sm in C.each_doc(state) do
    docs[id] = sm.meta
    for _, h in ipairs(sm.hits or {}) do
      hits[#hits + 1] = {doc = id, s = h.s, e = h.e, left = h.left, match = h.match, right = h.right}
      local f = h.match:lower()
      forms[f] = (forms[f] or 0) + 1
    end
  end
  local flist = {}
  for _, f in ipairs(util.sorted_keys(forms)) do flist[#flist + 1] = {form = f, count = forms[f]} end
  table.sort(flist, function (a, b)
    if a.count ~= b.count then return a.count > b.count end
    return a.form < b.form
  end)
  local ndocs = 0
  local seen = {}
  for _, h in ipairs(hits) do if not seen[h.doc] then seen[h.doc] = true ndocs = ndocs + 1 end end
  local pattern = opts and opts.pattern
  if not pattern and state.patterns and #state.patterns > 0 then pattern = table.concat(state.patterns, " + ") end
  return {docs = docs, hits = hits, forms = flist, ndocs = ndocs, pattern = pattern}
end

-- Keep the last w display columns of s ("…" in front when cut).
local function cut_left (s, w)
  if util.width(s) <= w then return string.rep(" ", w - util.width(s)) .. s end
  local chars = {}
  for _, c in utf8.codes(s, true) do chars[#chars + 1] = utf8.char(c) end
  local out = {}
  for i = #chars, #chars - w + 2, -1 do table.insert(out, 1, chars[i]) end
  return "…" .. table.concat(out)
end

function S.print (res, opts, p)
  local color = p.color
  p.heading("Keyword in context", string.format("%s: %d match%s in %d document%s", res.pattern or "?",
    #res.hits, #res.hits == 1 and "" or "es", res.ndocs, res.ndocs == 1 and "" or "s"))
  if #res.hits == 0 then p.line(color("grey", "(none)")) return end
  local lw, ow, mw = 0, 0, 0
  for _, h in ipairs(res.hits) do
    lw = math.max(lw, util.width(C.label_of(res.docs, h.doc)))
    ow = math.max(ow, #tostring(h.s))
    mw = math.max(mw, util.width(h.match))
  end
  lw, mw = math.min(lw, 16), math.min(mw, 30)
  local side = math.max(10, (p.width - lw - ow - mw - 6) // 2)
  local limit = opts.limit and math.floor(opts.limit)
  for i, h in ipairs(res.hits) do
    if limit and i > limit then
      p.line(color("grey", string.format("… %d more", #res.hits - limit)))
      break
    end
    local lab = util.cut(C.label_of(res.docs, h.doc), lw)
    local m = util.cut(h.match, mw)
    local right = util.cut(h.right, side + (mw - util.width(m)))
    p.line(string.format("%s%s  %s%s  %s %s %s",
      lab, string.rep(" ", lw - util.width(lab)),
      string.rep(" ", ow - #tostring(h.s)), color("grey", tostring(h.s)),
      cut_left(h.left, side), color("bold", m), right))
  end
  if #res.forms > 1 then
    p.heading("Forms")
    local rows = {}
    for i, f in ipairs(res.forms) do
      if i > 20 then break end
      rows[#rows + 1] = {f.form, f.count}
    end
    p.table({"match", "count"}, rows, {right = {false, true}})
  end
end

function S.tables (res)
  local t = {name = "kwic", columns = {"document", "source", "start", "end", "left", "match", "right"}, rows = {}}
  for _, h in ipairs(res.hits) do
    t.rows[#t.rows + 1] = {h.doc, (res.docs[h.doc] or {}).source, h.s, h.e, h.left, h.match, h.right}
  end
  local f = {name = "kwic_forms", columns = {"match", "count"}, rows = {}}
  for _, x in ipairs(res.forms) do f.rows[#f.rows + 1] = {x.form, x.count} end
  return {t, f}
end

function S.finish (state, opts) return C.finish(S, state, opts) end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
