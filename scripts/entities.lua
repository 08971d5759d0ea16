-- scripts/entities.lua: canonical entities, their mentions per document,
-- and which entities are named in the same sentences (lore entities).
--
-- Per document (map or add) it counts, per canonical name, the spans of
-- the `entities` layer (names) and of the `mentions` layer that refer to
-- it (pronouns, nominals, demonyms: refs), and the pairs of entities named
-- in one sentence of the record's `sentences`.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local util = require "lore.util"

local S = {
  name = "entities",
  summary = "Canonical entities (people, organisations, places, other names) with their\n" ..
    "mentions per document, and the pairs of entities named in the same sentence.",
  usage = "lore entities [INPUT...] [--type TYPE] [--top N] [OPTIONS]",
}

S.options = C.options{
  {"-t", "--type", arg = "TYPE", key = "type", help = "only entities of this type (PERSON, ORG, PLACE, MISC)"},
  {"-n", "--top", arg = "N", key = "top", number = true, help = "entities shown per type (default 15)"},
  {nil, "--pairs", arg = "N", key = "pairs", number = true, help = "co-occurring pairs shown (default 20)"},
  {nil, "--refs", key = "refs",
   help = "count mentions (he, the Russian leader) in co-occurrences too, not only names"},
}

S.TYPES = {"PERSON", "ORG", "PLACE", "MISC"}

-- {======================================================================
-- Per document
-- =======================================================================

function S.summarise (rec, opts)
  local ents, by_sent = {}, {}
  local function touch (name)
    local e = ents[name]
    if not e then e = {labels = {}, n = 0, r = 0} ents[name] = e end
    return e
  end
  local function in_sentence (name, pos)
    local i = C.sentence_of(rec, pos)
    if i then
      by_sent[i] = by_sent[i] or {}
      by_sent[i][name] = true
    end
  end
  for _, sp in ipairs(C.spans(rec, "entities", opts)) do
    local name = C.str(sp.canonical) or C.str(sp.text)
    if name and name ~= "" then
      local e = touch(name)
      local l = C.str(sp.label) or "MISC"
      e.labels[l] = (e.labels[l] or 0) + 1
      e.n = e.n + 1
      in_sentence(name, sp.start)
    end
  end
  for _, sp in ipairs(C.spans(rec, "mentions", opts)) do
    local name = C.str(sp.ref)
    if name and name ~= "" then
      local e = touch(name)
      local l = C.str(sp.ref_label)
      if l and e.n == 0 then e.labels[l] = (e.labels[l] or 0) end
      e.r = e.r + 1
      if opts and opts.refs then in_sentence(name, sp.start) end
    end
  end
  local pairs_ = {}
  for _, set in pairs(by_sent) do
    local names = util.sorted_keys(set)
    for i = 1, #names do
      for j = i + 1, #names do
        local k = names[i] .. "\t" .. names[j]
        pairs_[k] = (pairs_[k] or 0) + 1
      end
    end
  end
  return {meta = C.doc_meta(rec), entities = ents, pairs = pairs_}
end

-- map, init, add_summary, add and merge: the state keeps this summary per
-- document id
C.per_document(S)

-- }======================================================================

-- {======================================================================
-- Result
-- =======================================================================

function S.result (state, opts)
  opts = opts or {}
  local docs, all, pairs_ = {}, {}, {}
  for id, sm in C.each_doc(state) do
    docs[id] = sm.meta
    for name, e in pairs(sm.entities or {}) do
      local a = all[name]
      if not a then
        a = {name = name, labels = {}, names = 0, refs = 0, ndocs = 0, per_doc = {}}
        all[name] = a
      end
      C.add_counts(a.labels, e.labels or {})
      a.names = a.names + (e.n or 0)
      a.refs = a.refs + (e.r or 0)
      a.ndocs = a.ndocs + 1
      a.per_doc[#a.per_doc + 1] = {doc = id, names = e.n or 0, refs = e.r or 0}
    end
    for k, n in pairs(sm.pairs or {}) do
      local p = pairs_[k]
      if not p then
        local x, y = k:match("^(.-)\t(.*)$")
        p = {a = x, b = y, sentences = 0, ndocs = 0}
        pairs_[k] = p
      end
      p.sentences = p.sentences + n
      p.ndocs = p.ndocs + 1
    end
  end
  local list = {}
  for _, name in ipairs(util.sorted_keys(all)) do
    local a = all[name]
    a.label = C.most_common(a.labels) or "MISC"
    a.labels = nil
    a.mentions = a.names + a.refs
    if not opts.type or opts.type:upper() == a.label then list[#list + 1] = a end
  end
  local function order (x, y)
    if x.mentions ~= y.mentions then return x.mentions > y.mentions end
    if x.ndocs ~= y.ndocs then return x.ndocs > y.ndocs end
    return x.name < y.name
  end
  table.sort(list, order)
  local by_type = {}
  for _, a in ipairs(list) do
    by_type[a.label] = by_type[a.label] or {}
    table.insert(by_type[a.label], a)
  end
  local types = {}
  for _, t in ipairs(S.TYPES) do if by_type[t] then types[#types + 1] = t end end
  for _, t in ipairs(util.sorted_keys(by_type)) do
    local known = false
    for _, k in ipairs(S.TYPES) do if k == t then known = true end end
    if not known then types[#types + 1] = t end
  end
  local plist = {}
  for _, k in ipairs(util.sorted_keys(pairs_)) do
    local p = pairs_[k]
    local ta = all[p.a] and all[p.a].label
    local tb = all[p.b] and all[p.b].label
    if not opts.type or opts.type:upper() == ta or opts.type:upper() == tb then plist[#plist + 1] = p end
  end
  table.sort(plist, function (x, y)
    if x.sentences ~= y.sentences then return x.sentences > y.sentences end
    if x.ndocs ~= y.ndocs then return x.ndocs > y.ndocs end
    if x.a ~= y.a then return x.a < y.a end
    return x.b < y.b
  end)
  return {docs = docs, entities = list, by_type = by_type, types = types, pairs = plist}
end

-- }======================================================================

-- {======================================================================
-- Output
-- =======================================================================

function S.entity_rows (res, t, top)
  local rows = {}
  for i, a in ipairs(res.by_type[t] or {}) do
    if top and i > top then break end
    rows[#rows + 1] = {a.name, a.mentions, a.names, a.refs, a.ndocs}
  end
  return rows
end

-- "000_a7dc 12 · 001_d453 5 ..." (documents by mentions, then id)
function S.per_doc_text (res, a, max)
  local pd = {}
  for _, d in ipairs(a.per_doc) do pd[#pd + 1] = d end
  table.sort(pd, function (x, y)
    local nx, ny = x.names + x.refs, y.names + y.refs
    if nx ~= ny then return nx > ny end
    return x.doc < y.doc
  end)
  local parts = {}
  for i, d in ipairs(pd) do
    if max and i > max then parts[#parts + 1] = "…" break end
    parts[#parts + 1] = C.label_of(res.docs, d.doc) .. " " .. (d.names + d.refs)
  end
  return table.concat(parts, " · ")
end

function S.print (res, opts, p)
  local top = math.floor(opts.top or 15)
  for _, t in ipairs(res.types) do
    local n = #res.by_type[t]
    p.heading(t, n > top and string.format("top %d of %d", top, n) or string.format("%d", n))
    local rows = {}
    for i, a in ipairs(res.by_type[t]) do
      if i > top then break end
      rows[#rows + 1] = {a.name, a.mentions, a.names, a.refs, a.ndocs, S.per_doc_text(res, a, 6)}
    end
    p.table({"entity", "mentions", "names", "refs", "docs", "per document"}, rows,
            {right = {false, true, true, true, true, false}, max = {30}})
  end
  if #res.types == 0 then
    p.heading("Entities")
    p.line(p.color("grey", "(none: the records have no entities layer)"))
  end
  local np = math.floor(opts.pairs or 20)
  p.heading("Named in the same sentence", string.format("%d pair%s", #res.pairs, #res.pairs == 1 and "" or "s"))
  local rows = {}
  for i, x in ipairs(res.pairs) do
    if i > np then break end
    rows[#rows + 1] = {x.a, x.b, x.sentences, x.ndocs}
  end
  p.table({"entity", "with", "sentences", "docs"}, rows, {right = {false, false, true, true}})
end

function S.tables (res)
  local ents = {name = "entities", columns = {"entity", "type", "mentions", "names", "refs", "documents"}, rows = {}}
  local per = {name = "entity_documents", columns = {"entity", "type", "document", "source", "names", "refs"}, rows = {}}
  for _, a in ipairs(res.entities) do
    ents.rows[#ents.rows + 1] = {a.name, a.label, a.mentions, a.names, a.refs, a.ndocs}
    for _, d in ipairs(a.per_doc) do
      per.rows[#per.rows + 1] = {a.name, a.label, d.doc, (res.docs[d.doc] or {}).source, d.names, d.refs}
    end
  end
  local pairs_ = {name = "cooccurrences", columns = {"entity", "with", "sentences", "documents"}, rows = {}}
  for _, x in ipairs(res.pairs) do pairs_.rows[#pairs_.rows + 1] = {x.a, x.b, x.sentences, x.ndocs} end
  return {ents, per, pairs_}
end

function S.check (opts) C.check(opts) end

function S.finish (state, opts) return C.finish(S, state, opts) end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
