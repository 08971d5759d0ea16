-- scripts/boilerplate.lua: lines and paragraphs that are not the article
-- (lore boilerplate).
--
-- Two kinds of findings:
--   - the `boilerplate` layer of the records (rules/boilerplate.lua: link
--     lists under "Related", "MORE:" teasers, share counters, video stubs)
--   - paragraphs that repeat, within a document or across documents (a
--     summary bullet repeated as the first paragraph, a sign-off every
--     article of a site ends with). Paragraphs are compared lightly
--     normalised (case, spacing, bullets, digits), by a hash: the state
--     keeps hashes and a short sample, never the texts.
-- The other scripts leave out spans inside the `boilerplate` layer by
-- default (--boilerplate keeps them).
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local util = require "lore.util"

local S = {
  name = "boilerplate",
  summary = "Page furniture and link lists (the boilerplate layer of the records), and\n" ..
    "paragraphs repeated within a document or across documents.",
  usage = "lore boilerplate [INPUT...] [--min-words N] [OPTIONS]",
}

S.options = C.options{
  {nil, "--min-words", arg = "N", key = "min_words", number = true,
   help = "shortest paragraph compared for repeats, in words (default 3)"},
}

local SAMPLE = 72            -- bytes of a repeated paragraph kept as sample
local KEEP_DOCS = 5          -- documents listed per repeated paragraph

-- {======================================================================
-- Per document
-- =======================================================================

-- 64-bit FNV-1a of s, as 16 hex digits.
local function hash (s)
  local h = 0xcbf29ce484222325
  for i = 1, #s do
    h = h ~ s:byte(i)
    h = h * 0x100000001b3
  end
  return string.format("%016x", h)
end
S.hash = hash

-- The comparison form of a paragraph: lower case, no bullet, digits as 0,
-- single spaces, no edge punctuation. nil when shorter than min words.
function S.normalise (text, min_words)
  local s = text:lower():gsub("^%s*[-•*·]%s+", ""):gsub("%d", "0"):gsub("%s+", " ")
  s = s:gsub("^[%s%p]+", ""):gsub("[%s%p]+$", "")
  local n = 0
  for _ in s:gmatch("%S+") do n = n + 1 end
  if n < (min_words or 3) then return nil end
  return s
end

local function sample (text)
  local s = text:gsub("%s+", " "):gsub("^ ", "")
  if #s > SAMPLE then
    local cut = s:sub(1, SAMPLE)
    -- do not cut inside a UTF-8 sequence
    while #cut > 0 and (cut:byte(-1) & 0xC0) == 0x80 do cut = cut:sub(1, -2) end
    if #cut > 0 and cut:byte(-1) >= 0xC0 then cut = cut:sub(1, -2) end
    s = cut .. "…"
  end
  return s
end

-- Paragraphs of a document: {start, stop, text}.
local function paragraphs (doc)
  local out = {}
  for _, p in doc:paragraphs() do out[#out + 1] = {p.start, p.stop, p.text} end
  return out
end

function S.summarise (rec, opts, doc)
  local spans = {}
  for _, b in ipairs(C.val(rec.boilerplate) or {}) do
    local t = C.str(b.text) or ""
    local lines = 0
    for _ in t:gmatch("[^\n]+") do lines = lines + 1 end
    local words = 0
    for _ in t:gmatch("%S+") do words = words + 1 end
    spans[#spans + 1] = {s = b.start, e = b["end"], label = C.str(b.label) or "?",
                         first = sample(t:match("^[^\n]*") or ""), lines = lines, words = words}
  end
  local paras = {}
  local text = C.val(rec.text)
  if type(text) == "string" then
    local min = opts and opts.min_words or 3
    for _, p in ipairs(C.with_doc("boilerplate", rec, doc, paragraphs)) do
      local key = S.normalise(p[3], min)
      if key then
        local inside = false
        for _, b in ipairs(spans) do
          if p[1] >= b.s and p[2] <= b.e then inside = true break end
        end
        paras[#paras + 1] = {h = hash(key), s = p[1], e = p[2], t = sample(p[3]), bp = inside or nil}
      end
    end
  end
  return {meta = C.doc_meta(rec), spans = spans, paras = paras, text = type(text) == "string"}
end

S.map = C.map_summarise(S)        -- summarise in the workers

-- State: documents (their boilerplate spans) and paragraph hashes:
-- lines[h] = {n = occurrences, d = documents, t = sample, docs = first ids}.
function S.init () return {docs = {}, lines = {}} end

local function add_line (lines, h, x)
  local l = lines[h]
  if not l then
    lines[h] = {n = x.n, d = x.d, t = x.t, docs = x.docs, bp = x.bp}
    return
  end
  l.n = l.n + x.n
  l.d = l.d + x.d
  if x.t < l.t then l.t = x.t end
  l.bp = (l.bp or x.bp) and true or nil
  local ids = {}
  for _, i in ipairs(l.docs) do ids[#ids + 1] = i end
  for _, i in ipairs(x.docs) do ids[#ids + 1] = i end
  table.sort(ids)
  local out = {}
  for _, i in ipairs(ids) do
    if out[#out] ~= i and #out < KEEP_DOCS then out[#out + 1] = i end
  end
  l.docs = out
end

function S.add_summary (state, sm)
  local id = sm.meta.id
  C.put(state.docs, id, {meta = sm.meta, spans = sm.spans, text = sm.text})
  local mine = {}
  for _, p in ipairs(sm.paras or {}) do
    local x = mine[p.h]
    if not x then
      x = {n = 0, d = 1, t = p.t, docs = {id}, bp = p.bp}
      mine[p.h] = x
    end
    x.n = x.n + 1
    if p.t < x.t then x.t = p.t end
  end
  for h, x in pairs(mine) do add_line(state.lines, h, x) end
end

S.add = C.add_summarised(S)       -- rec.map, or with --from summarise here

function S.merge (a, b)
  C.merge_maps(a.docs, b.docs or {})
  for h, x in pairs(b.lines or {}) do add_line(a.lines, h, x) end
  return a
end

-- }======================================================================

-- {======================================================================
-- Result
-- =======================================================================

function S.result (state, opts)
  local docs, spans = {}, {}
  local with_text = 0
  for id, d in C.each_doc(state) do
    docs[id] = d.meta
    if d.text then with_text = with_text + 1 end
    for _, s in ipairs(d.spans or {}) do
      spans[#spans + 1] = {doc = id, s = s.s, e = s.e, label = s.label, first = s.first,
                           lines = s.lines, words = s.words}
    end
  end
  table.sort(spans, function (a, b)
    if a.doc ~= b.doc then return a.doc < b.doc end
    return a.s < b.s
  end)
  local repeated = {}
  for _, h in ipairs(util.sorted_keys(state.lines or {})) do
    local l = state.lines[h]
    if l.n >= 2 then
      repeated[#repeated + 1] = {hash = h, count = l.n, ndocs = l.d, sample = l.t, docs = l.docs,
                                 scope = l.d >= 2 and "across documents" or "within a document",
                                 in_layer = l.bp or false}
    end
  end
  table.sort(repeated, function (a, b)
    if a.ndocs ~= b.ndocs then return a.ndocs > b.ndocs end
    if a.count ~= b.count then return a.count > b.count end
    return a.hash < b.hash
  end)
  local by_label, ndocs = {}, 0
  local seen = {}
  for _, s in ipairs(spans) do
    by_label[s.label] = (by_label[s.label] or 0) + 1
    if not seen[s.doc] then seen[s.doc] = true ndocs = ndocs + 1 end
  end
  local ntotal = 0
  for _ in pairs(docs) do ntotal = ntotal + 1 end
  return {docs = docs, spans = spans, repeated = repeated, by_label = by_label, ndocs = ndocs,
          ntotal = ntotal, with_text = with_text}
end

-- "links 1, furniture 3"
function S.label_counts (res)
  local parts = {}
  for _, l in ipairs(util.sorted_keys(res.by_label)) do parts[#parts + 1] = l .. " " .. res.by_label[l] end
  return table.concat(parts, ", ")
end

-- }======================================================================

-- {======================================================================
-- Output
-- =======================================================================

function S.print (res, opts, p)
  p.heading("Boilerplate spans", string.format("%d in %d of %d documents%s", #res.spans, res.ndocs, res.ntotal,
    #res.spans > 0 and (" (" .. S.label_counts(res) .. ")") or ""))
  local rows = {}
  for _, s in ipairs(res.spans) do
    rows[#rows + 1] = {C.label_of(res.docs, s.doc), s.label,
                       string.format("%d-%d", s.s, s.e), s.lines, s.first}
  end
  p.table({"document", "label", "bytes", "lines", "first line"}, rows, {right = {false, false, true, true}})
  p.heading("Repeated paragraphs", string.format("%d", #res.repeated))
  if res.with_text < res.ntotal then
    p.line(p.color("yellow", string.format("(%d of %d records have no text: run without --from, or save " ..
      "them with 'lore extract --text', to compare paragraphs)", res.ntotal - res.with_text, res.ntotal)))
  end
  rows = {}
  for _, r in ipairs(res.repeated) do
    local ls = {}
    for _, d in ipairs(r.docs) do ls[#ls + 1] = C.label_of(res.docs, d) end
    if r.ndocs > #r.docs then ls[#ls + 1] = "…" end
    rows[#rows + 1] = {r.count, r.ndocs, table.concat(ls, ", "), r.sample}
  end
  p.table({"times", "docs", "documents", "paragraph"}, rows, {right = {true, true}, max = {nil, nil, 30}})
end

function S.tables (res)
  local spans = {name = "boilerplate",
    columns = {"document", "source", "label", "start", "end", "lines", "words", "first_line"}, rows = {}}
  for _, s in ipairs(res.spans) do
    spans.rows[#spans.rows + 1] = {s.doc, (res.docs[s.doc] or {}).source, s.label, s.s, s.e, s.lines, s.words, s.first}
  end
  local rep = {name = "repeated_paragraphs",
    columns = {"hash", "times", "documents", "scope", "first_documents", "in_boilerplate_layer", "sample"}, rows = {}}
  for _, r in ipairs(res.repeated) do
    rep.rows[#rep.rows + 1] = {r.hash, r.count, r.ndocs, r.scope, table.concat(r.docs, " "), r.in_layer, r.sample}
  end
  return {spans, rep}
end

function S.check (opts) C.check(opts) end

function S.finish (state, opts) return C.finish(S, state, opts) end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
