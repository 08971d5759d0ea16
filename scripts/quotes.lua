-- scripts/quotes.lua: who said what, and the same statement as different
-- documents report it (lore quotes).
--
-- Per document (map or add) it keeps the quotes of the record's `quotes`
-- layer: text, type (direct, unmarked, indirect), speaker, and a date (a
-- date figure in the quote's sentence). The result groups them by speaker
-- and aligns quotes of different documents that report the same
-- statement: same speaker or an unknown one, similar content words
-- (Jaccard or containment of lightly normalised, stemmed words, so partial
-- quotes join the statement they come from), variants side by side with a
-- word diff against the fullest variant.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local T = C.need("text")
local util = require "lore.util"

local S = {
  name = "quotes",
  summary = "Who said what: quotes grouped by speaker (direct, unmarked and indirect), and\n" ..
    "statements reported by several documents in different words, aligned side by\n" ..
    "side with their differences marked ([-only in the first-] {+only in this one+}).",
  usage = "lore quotes [INPUT...] [--speaker NAME] [OPTIONS]",
}

S.options = C.options{
  {"-s", "--speaker", arg = "NAME", key = "speaker",
   help = "only quotes of this speaker (case-insensitive; 'Xi' matches 'Xi Jinping'; - for unknown)"},
  {"-t", "--type", arg = "TYPE", key = "type", help = "only quotes of this type (direct, unmarked, indirect)"},
  {"-n", "--limit", arg = "N", key = "limit", number = true,
   help = "quotes shown per speaker (default: all)"},
  {nil, "--min-similarity", arg = "X", key = "min_similarity", number = true,
   help = "Jaccard similarity for two quotes to be one statement (default 0.5)"},
}

-- {======================================================================
-- Per document
-- =======================================================================

-- Words before a date that make it the start or end of a period, not the
-- date of what the sentence says ("since 2013", "until March").
local PERIOD = {since = true, ["until"] = true, till = true, before = true, after = true, by = true,
                from = true, through = true}

-- Date figures of a record by sentence index: {i -> {{pos=, key=, text=}...}}.
function S.dates_by_sentence (rec, opts)
  local by = {}
  for _, f in ipairs(C.spans(rec, "figures", opts)) do
    if C.val(f.kind) == "date" then
      local key = C.date_key(C.val(f.value)) or C.date_key(C.str(f.text))
      local i = C.sentence_of(rec, f.start)
      local before = C.slice(rec, math.max(0, f.start - 12), f.start)
      local word = before and before:lower():match("(%a+)%s+$")
      if word and PERIOD[word] then key = nil end
      if key and i then
        by[i] = by[i] or {}
        table.insert(by[i], {pos = f.start, key = key, text = C.str(f.text)})
      end
    end
  end
  return by
end

-- The date of [s, e) from a date figure of its sentence: the one inside
-- the span, else the nearest (coarse dates preferred for years: "last
-- year" over "Wednesday" when prefer_year).
function S.date_in_sentence (rec, dates, s, e, prefer_year)
  local i = C.sentence_of(rec, s)
  local list = i and dates[i]
  if not list then return nil end
  local best, bestd
  for _, d in ipairs(list) do
    local dist = (d.pos >= s and d.pos < e) and 0 or math.min(math.abs(d.pos - s), math.abs(d.pos - e))
    if prefer_year and #d.key ~= 4 then dist = dist + 100000 end
    if not bestd or dist < bestd then best, bestd = d, dist end
  end
  return best
end

function S.summarise (rec, opts)
  local dates = S.dates_by_sentence(rec, opts)
  local qs = {}
  for _, q in ipairs(C.spans(rec, "quotes", opts)) do
    local d = S.date_in_sentence(rec, dates, q.start, q["end"])
    qs[#qs + 1] = {
      s = q.start, e = q["end"], text = C.str(q.text) or "",
      type = C.str(q.type) or C.str(q.label) or "direct",
      speaker = C.str(q.speaker),
      date = d and d.key or nil, date_text = d and d.text or nil,
    }
  end
  return {meta = C.doc_meta(rec), quotes = qs}
end

-- map, init, add_summary, add and merge: the state keeps this summary per
-- document id
C.per_document(S)

-- }======================================================================

-- {======================================================================
-- Result
-- =======================================================================

-- Does a --speaker NAME select this speaker? Exact (case-insensitive), or
-- every word of NAME is a word of the speaker's name; "-" selects unknown.
function S.speaker_matches (name, speaker)
  if not name or name == "" then return true end
  if name == "-" then return speaker == nil end
  if not speaker then return false end
  local n, s = name:lower(), speaker:lower()
  if n == s then return true end
  local words = {}
  for w in s:gmatch("[^%s%.%-]+") do words[w] = true end
  for w in n:gmatch("[^%s%.%-]+") do if not words[w] then return false end end
  return true
end

local LONG = 4            -- content words of a statement (shorter: partial)
local MIN_WORDS = 2       -- shorter quotes are never aligned
local CONTAIN = 0.75      -- containment that makes two quotes one statement
local STRICT = 0.8        -- Jaccard for quotes of different known speakers

local function same_speaker (a, b)
  return a == nil or b == nil or a == b
end

local function find (uf, i)
  while uf[i] ~= i do uf[i] = uf[uf[i]] i = uf[i] end
  return i
end

local function union (uf, i, j)
  i, j = find(uf, i), find(uf, j)
  if i ~= j then
    if i < j then uf[j] = i else uf[i] = j end
  end
end

-- Group quotes of different documents that report the same statement.
-- qs: the quotes in canonical order, each with .set and .n (content
-- words). Returns the statements (clusters spanning two documents or more).
function S.align (qs, opts)
  local jmin = opts and tonumber(opts.min_similarity) or 0.5
  local uf, index = {}, {}
  for i, q in ipairs(qs) do
    uf[i] = i
    if q.n >= LONG then
      for w in pairs(q.set) do
        index[w] = index[w] or {}
        table.insert(index[w], i)
      end
    end
  end
  local conflicts = {}
  -- statements: long quotes linked pairwise
  for i, q in ipairs(qs) do
    if q.n >= LONG then
      local shared = {}
      for w in pairs(q.set) do
        for _, j in ipairs(index[w]) do
          if j > i then shared[j] = (shared[j] or 0) + 1 end
        end
      end
      local js = util.sorted_keys(shared)
      for _, j in ipairs(js) do
        local r = qs[j]
        if r.doc ~= q.doc and shared[j] >= 2 then
          local inter = shared[j]
          local jac = inter / (q.n + r.n - inter)
          local con = inter / math.min(q.n, r.n)
          if same_speaker(q.speaker, r.speaker) then
            if jac >= jmin or con >= CONTAIN then union(uf, i, j) end
          elseif jac >= STRICT then
            union(uf, i, j)
            conflicts[#conflicts + 1] = i
          end
        end
      end
    end
  end
  -- partial quotes join the statement holding all their words
  local attached = {}
  for i, q in ipairs(qs) do
    if q.n >= MIN_WORDS and q.n < LONG then
      local best, bestj
      for _, j in ipairs(index[next(q.set)] or {}) do
        local r = qs[j]
        if same_speaker(q.speaker, r.speaker) and T.containment(q.set, r.set) == 1 then
          local jac = T.jaccard(q.set, r.set)
          if not best or jac > best then best, bestj = jac, j end
        end
      end
      if bestj then union(uf, i, bestj) attached[i] = true end
    end
  end
  -- short quotes with the same words in several documents
  local short = {}
  for i, q in ipairs(qs) do
    if q.n >= MIN_WORDS and q.n < LONG and not attached[i] then
      local key = table.concat(util.sorted_keys(q.set), " ") .. "\0" .. (q.speaker or "")
      if short[key] then union(uf, i, short[key]) else short[key] = i end
    end
  end
  -- unknown speakers joining short groups of a known one
  for i, q in ipairs(qs) do
    if q.n >= MIN_WORDS and q.n < LONG and not attached[i] and q.speaker == nil then
      local base = table.concat(util.sorted_keys(q.set), " ") .. "\0"
      for key, j in pairs(short) do
        if key:sub(1, #base) == base and j ~= i then union(uf, i, j) end
      end
    end
  end
  local conflict = {}
  for _, i in ipairs(conflicts) do conflict[find(uf, i)] = true end
  local comps, order = {}, {}
  for i, q in ipairs(qs) do
    if q.n >= MIN_WORDS then
      local r = find(uf, i)
      if not comps[r] then comps[r] = {} order[#order + 1] = r end
      table.insert(comps[r], q)
    end
  end
  local out = {}
  for _, r in ipairs(order) do
    local members = comps[r]
    local docs = {}
    for _, q in ipairs(members) do docs[q.doc] = true end
    local ndocs = 0
    for _ in pairs(docs) do ndocs = ndocs + 1 end
    if ndocs >= 2 then
      out[#out + 1] = S.statement(members, ndocs, conflict[r] or false)
    end
  end
  table.sort(out, function (a, b)
    if a.ndocs ~= b.ndocs then return a.ndocs > b.ndocs end
    if a.differs ~= b.differs then return a.differs end
    local x, y = a.variants[1], b.variants[1]
    if x.doc ~= y.doc then return x.doc < y.doc end
    return x.s < y.s
  end)
  for k, st in ipairs(out) do st.id = "S" .. k end
  return out
end

local function norm_key (text)
  local w = {}
  for _, x in ipairs(T.dwords(text)) do if x.key then w[#w + 1] = x.key end end
  return table.concat(w, " ")
end

-- A statement from its quotes: variants (identical wordings merged), the
-- reference (the variant most similar to the others, then the longest),
-- each other variant diffed against it.
function S.statement (members, ndocs, speaker_conflict)
  local variants, by = {}, {}
  for _, q in ipairs(members) do
    local k = norm_key(q.text)
    local v = by[k]
    if not v then
      v = {text = q.text, set = q.set, n = q.n, quotes = {}, docs = {}}
      by[k] = v
      variants[#variants + 1] = v
    end
    table.insert(v.quotes, q)
  end
  for _, v in ipairs(variants) do
    local seen = {}
    for _, q in ipairs(v.quotes) do
      if not seen[q.doc] then seen[q.doc] = true table.insert(v.docs, q.doc) end
    end
    v.doc, v.s, v.type, v.speaker = v.quotes[1].doc, v.quotes[1].s, v.quotes[1].type, v.quotes[1].speaker
  end
  -- the reference: the fullest report of the statement (most content
  -- words), then the one most similar to the others, the longest, the first
  local longs = {}
  for _, v in ipairs(variants) do if v.n >= LONG then longs[#longs + 1] = v end end
  local pool = #longs > 0 and longs or variants
  local best, bestv
  for _, v in ipairs(pool) do
    local sum = 0
    for _, o in ipairs(pool) do if o ~= v then sum = sum + T.jaccard(v.set, o.set) end end
    local key = {v.n, sum, #v.text, v.type == "indirect" and 0 or 1}
    local better = not best
    if best then
      if key[4] ~= best[4] then better = key[4] > best[4]           -- the speaker's own words first
      elseif key[1] ~= best[1] then better = key[1] > best[1]
      elseif math.abs(key[2] - best[2]) > 1e-9 then better = key[2] > best[2]
      else better = key[3] > best[3] end
    end
    if better then best, bestv = key, v end
  end
  local ref = bestv
  ref.reference = true
  local differs = false
  for _, v in ipairs(variants) do
    if v ~= ref then
      -- a partial quote is compared with the full statement holding it
      local base = ref
      if v.n < LONG and #longs > 0 and T.containment(v.set, ref.set) < 1 then
        local bc, bj
        for _, l in ipairs(longs) do
          local c, j = T.containment(v.set, l.set), T.jaccard(v.set, l.set)
          if not bc or c > bc + 1e-9 or (math.abs(c - bc) <= 1e-9 and j > bj + 1e-9) then
            bc, bj, base = c, j, l
          end
        end
      end
      local ops = T.diff(base.text, v.text)
      v.partial = v.n < 0.6 * base.n and T.containment(v.set, base.set) >= CONTAIN
      if v.partial then ops = T.trim_ops(ops) end
      local del, add = T.diff_counts(ops)
      v.ops = ops
      v.base = base ~= ref and base.doc or nil
      v.similarity = T.jaccard(v.set, ref.set)
      v.changed = del + add > 0
      if v.changed then differs = true end
    end
  end
  table.sort(variants, function (a, b)
    if a.reference ~= b.reference then return a.reference == true end
    if a.doc ~= b.doc then return a.doc < b.doc end
    return a.s < b.s
  end)
  -- the statement's speaker: the most frequent known one
  local count = {}
  for _, q in ipairs(members) do
    if q.speaker then count[q.speaker] = (count[q.speaker] or 0) + 1 end
  end
  local speaker = C.most_common(count)
  local clean = {}
  for _, v in ipairs(variants) do
    clean[#clean + 1] = {
      text = v.text, doc = v.doc, docs = v.docs, s = v.s, type = v.type, speaker = v.speaker,
      reference = v.reference or false, partial = v.partial or false,
      changed = v.changed or false, similarity = v.similarity or 1, base = v.base,
      diff = v.ops and T.render_diff(v.ops) or v.text, ops = v.ops,
    }
  end
  return {speaker = speaker, ndocs = ndocs, differs = differs,
          speaker_conflict = speaker_conflict, variants = clean}
end

function S.result (state, opts)
  opts = opts or {}
  local docs, quotes = {}, {}
  for id, sm in C.each_doc(state) do
    docs[id] = sm.meta
    for _, q in ipairs(sm.quotes or {}) do
      local speaker = C.val(q.speaker)
      if S.speaker_matches(opts.speaker, speaker) and (not opts.type or opts.type == q.type) then
        quotes[#quotes + 1] = {
          doc = id, s = q.s, e = q.e, text = q.text, type = q.type, speaker = speaker,
          date = q.date or sm.meta.date, date_from = q.date and "sentence" or "document",
          date_text = q.date_text,
        }
      end
    end
  end
  table.sort(quotes, function (a, b)
    if a.doc ~= b.doc then return a.doc < b.doc end
    if a.s ~= b.s then return a.s < b.s end
    return a.e < b.e
  end)
  -- speakers
  local by = {}
  for _, q in ipairs(quotes) do
    local k = q.speaker or ""
    local sp = by[k]
    if not sp then
      sp = {speaker = q.speaker, quotes = 0, direct = 0, unmarked = 0, indirect = 0, docs = {}, ndocs = 0, list = {}}
      by[k] = sp
    end
    sp.quotes = sp.quotes + 1
    if sp[q.type] then sp[q.type] = sp[q.type] + 1 end
    if not sp.docs[q.doc] then sp.docs[q.doc] = true sp.ndocs = sp.ndocs + 1 end
    table.insert(sp.list, q)
  end
  local speakers = {}
  for _, k in ipairs(util.sorted_keys(by)) do speakers[#speakers + 1] = by[k] end
  table.sort(speakers, function (a, b)
    if (a.speaker == nil) ~= (b.speaker == nil) then return a.speaker ~= nil end
    if a.quotes ~= b.quotes then return a.quotes > b.quotes end
    return (a.speaker or "") < (b.speaker or "")
  end)
  -- statements
  for _, q in ipairs(quotes) do
    q.set, q.n = T.set(T.content(q.text))
  end
  local statements = S.align(quotes, opts)
  for _, q in ipairs(quotes) do q.set = nil end
  return {docs = docs, quotes = quotes, speakers = speakers, statements = statements}
end

-- }======================================================================

-- {======================================================================
-- Output
-- =======================================================================

function S.label (res, id)
  local m = res.docs[id]
  return m and C.doc_label(m) or id
end

function S.quote_text (q)
  if q.type == "direct" then return "“" .. q.text .. "”" end
  return q.text
end

-- Lines of a statement: one per variant, reference first, differences
-- marked (coloured on a terminal).
function S.print_statement (res, st, p, indent)
  indent = indent or ""
  local color = p.color
  local mark = function (kind, s)
    if kind == "del" then return color("red", "[-" .. s .. "-]") end
    return color("green", "{+" .. s .. "+}")
  end
  local flags = {}
  flags[#flags + 1] = st.ndocs .. " documents"
  if st.differs then flags[#flags + 1] = color("yellow", "wording differs") else flags[#flags + 1] = "same wording" end
  if st.speaker_conflict then flags[#flags + 1] = color("red", "speakers differ") end
  p.line(indent .. color("bold", st.id .. "  " .. (st.speaker or "(unknown speaker)")) .. "  " ..
         color("grey", table.concat(flags, " · ")))
  local w = 0
  local labels = {}
  for i, v in ipairs(st.variants) do
    local ls = {}
    for _, d in ipairs(v.docs) do ls[#ls + 1] = S.label(res, d) end
    labels[i] = table.concat(ls, ",")
    if util.width(labels[i]) > w then w = util.width(labels[i]) end
  end
  w = math.min(w, 30)
  for i, v in ipairs(st.variants) do
    local tag = v.reference and "=" or (v.partial and "~" or (v.changed and "≠" or "="))
    local head = string.format("%s  %s %s  ", indent, tag, util.cut(labels[i], w) ..
      string.rep(" ", w - util.width(util.cut(labels[i], w))))
    local body = v.reference and v.text or T.render_diff(v.ops, mark)
    if v.partial then body = "… " .. body .. " …" end
    if v.base then body = body .. " " .. color("grey", "(vs " .. S.label(res, v.base) .. ")") end
    if v.type ~= "direct" then body = body .. " " .. color("grey", "(" .. v.type .. ")") end
    p.line(C.hang(head, body, p.width, true))
  end
end

function S.print_quotes (res, sp, p, limit, indent)
  indent = indent or "  "
  local w = 0
  for _, q in ipairs(sp.list) do
    local l = util.width(S.label(res, q.doc))
    if l > w then w = l end
  end
  w = math.min(w, 24)
  local n = 0
  for _, q in ipairs(sp.list) do
    n = n + 1
    if limit and n > limit then
      p.line(indent .. p.color("grey", string.format("… and %d more (lore quotes --speaker '%s')",
        #sp.list - limit, sp.speaker or "-")))
      break
    end
    local lab = util.cut(S.label(res, q.doc), w)
    local head = indent .. lab .. string.rep(" ", w - util.width(lab)) .. "  "
    local t = q.type ~= "direct" and (" " .. p.color("grey", "(" .. q.type .. ")")) or ""
    p.line(C.hang(head, S.quote_text(q) .. t, p.width, true))
  end
end

function S.speaker_rows (res)
  local rows = {}
  for _, sp in ipairs(res.speakers) do
    rows[#rows + 1] = {sp.speaker or "(unknown)", sp.quotes, sp.direct, sp.unmarked, sp.indirect, sp.ndocs}
  end
  return rows
end

function S.print (res, opts, p)
  p.heading("Speakers", string.format("%d quotes", #res.quotes))
  p.table({"speaker", "quotes", "direct", "unmarked", "indirect", "docs"}, S.speaker_rows(res),
          {right = {false, true, true, true, true, true}})
  p.heading("Quotes by speaker")
  for _, sp in ipairs(res.speakers) do
    p.line(p.color("bold", sp.speaker or "(unknown speaker)") ..
           p.color("grey", string.format("  %d quote%s, %d document%s", sp.quotes, sp.quotes == 1 and "" or "s",
                                         sp.ndocs, sp.ndocs == 1 and "" or "s")))
    S.print_quotes(res, sp, p, opts.limit and math.floor(opts.limit))
  end
  p.heading("Statements across documents", "[-only in the first-] {+only in this one+}")
  if #res.statements == 0 then p.line(p.color("grey", "(none)")) end
  for _, st in ipairs(res.statements) do S.print_statement(res, st, p) end
end

function S.tables (res)
  local speakers = {name = "speakers",
    columns = {"speaker", "quotes", "direct", "unmarked", "indirect", "documents"}, rows = {}}
  for _, sp in ipairs(res.speakers) do
    speakers.rows[#speakers.rows + 1] = {sp.speaker, sp.quotes, sp.direct, sp.unmarked, sp.indirect, sp.ndocs}
  end
  local quotes = {name = "quotes",
    columns = {"speaker", "document", "source", "type", "text", "start", "end", "date", "date_from"}, rows = {}}
  for _, sp in ipairs(res.speakers) do
    for _, q in ipairs(sp.list) do
      local m = res.docs[q.doc] or {}
      quotes.rows[#quotes.rows + 1] = {q.speaker, q.doc, m.source, q.type, q.text, q.s, q.e, q.date, q.date_from}
    end
  end
  local statements = {name = "statements",
    columns = {"statement", "speaker", "documents", "differs", "document", "also_in", "type", "reference",
               "partial", "compared_with", "similarity", "text", "diff"}, rows = {}}
  for _, st in ipairs(res.statements) do
    for _, v in ipairs(st.variants) do
      local also = {}
      for k = 2, #v.docs do also[#also + 1] = v.docs[k] end
      statements.rows[#statements.rows + 1] = {st.id, st.speaker, st.ndocs, st.differs, v.doc,
        table.concat(also, " "), v.type, v.reference, v.partial, v.base or (not v.reference and st.variants[1].doc or nil),
        math.floor(v.similarity * 1000 + 0.5) / 1000, v.text, v.diff}
    end
  end
  return {speakers, quotes, statements}
end

function S.check (opts) C.check(opts) end

function S.finish (state, opts) return C.finish(S, state, opts) end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
