-- scripts/ngrams.lua: frequent n-grams (lore ngrams).
--
-- Counted per document in map() over runs of words (a run ends at a
-- sentence start, a punctuation or quotation mark, a number), outside
-- boilerplate; n-grams that begin or end with a stop word
-- (scripts/data/stopwords.txt) are left out. The state is the sum of the
-- counts (and document frequencies), so merging adds.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local T = C.need("text")
local util = require "lore.util"

local S = {
  name = "ngrams",
  summary = "Frequent n-grams (default: 2- and 3-grams) over the words of the documents,\n" ..
    "stop words filtered at the edges, boilerplate left out. With --from, the\n" ..
    "records must hold their text (lore extract --text).",
  usage = "lore ngrams [INPUT...] [-n N | --min-n N --max-n N] [--top N] [OPTIONS]",
}

S.options = C.options{
  {"-n", "--n", arg = "N", key = "n", number = true, help = "only n-grams of N words"},
  {nil, "--min-n", arg = "N", key = "min_n", number = true, help = "shortest n-gram (default 2)"},
  {nil, "--max-n", arg = "N", key = "max_n", number = true, help = "longest n-gram (default 3)"},
  {"-t", "--top", arg = "N", key = "top", number = true, help = "n-grams shown (default 30)"},
  {nil, "--min-count", arg = "N", key = "min_count", number = true, help = "least count shown (default 2)"},
  {nil, "--stopwords", key = "keep_stop", help = "keep n-grams with stop words at their edges"},
}

local function range (opts)
  local lo = math.floor(opts.n or opts.min_n or 2)
  local hi = math.floor(opts.n or opts.max_n or math.max(3, lo))
  if lo < 1 or hi < lo or hi > 8 then
    require("lore.util").usage_error("ngrams", "n-gram sizes must be 1 <= min <= max <= 8")
  end
  return lo, hi
end

-- Count the n-grams of a document: {gram -> count}.
function S.count (doc, rec, opts)
  local lo, hi = range(opts)
  local stop = T.stopwords()
  local keep = opts.keep_stop
  local counts = {}
  local runs = T.runs(doc, function (s, e) return C.in_boilerplate(rec, s, e, opts) end)
  for _, r in ipairs(runs) do
    for i = 1, #r do
      for n = lo, hi do
        local j = i + n - 1
        if j > #r then break end
        if keep or (not stop[r[i]] and not stop[r[j]]) then
          local g = table.concat(r, " ", i, j)
          counts[g] = (counts[g] or 0) + 1
        end
      end
    end
  end
  return counts
end

function S.summarise (rec, opts, doc)
  return {counts = C.with_doc("ngrams", rec, doc, function (d) return S.count(d, rec, opts) end)}
end

S.map = C.map_summarise(S)        -- summarise in the workers

function S.init () return {ndocs = 0, counts = {}, docs = {}} end

function S.add_summary (state, sm)
  state.ndocs = state.ndocs + 1
  for g, n in pairs(sm.counts or {}) do
    state.counts[g] = (state.counts[g] or 0) + n
    state.docs[g] = (state.docs[g] or 0) + 1
  end
end

S.add = C.add_summarised(S)       -- rec.map, or with --from summarise here

function S.merge (a, b)
  a.ndocs = (a.ndocs or 0) + (b.ndocs or 0)
  C.add_counts(a.counts, b.counts or {})
  C.add_counts(a.docs, b.docs or {})
  return a
end

function S.result (state, opts)
  opts = opts or {}
  local min = math.floor(opts.min_count or 2)
  local list = {}
  for g, n in pairs(state.counts) do
    if n >= min then
      local w = 1
      for _ in g:gmatch(" ") do w = w + 1 end
      list[#list + 1] = {gram = g, n = w, count = n, docs = state.docs[g] or 0}
    end
  end
  table.sort(list, function (a, b)
    if a.count ~= b.count then return a.count > b.count end
    if a.docs ~= b.docs then return a.docs > b.docs end
    if a.n ~= b.n then return a.n > b.n end
    return a.gram < b.gram
  end)
  return {ngrams = C.first(list, math.floor(opts.top or 30)), total = #list, ndocs = state.ndocs}
end

function S.print (res, opts, p)
  p.heading("N-grams", string.format("%d shown of %d with count >= %d, %d documents",
    #res.ngrams, res.total, math.floor(opts.min_count or 2), res.ndocs))
  local rows = {}
  for i, x in ipairs(res.ngrams) do rows[#rows + 1] = {i, x.gram, x.count, x.docs} end
  p.table({"#", "n-gram", "count", "docs"}, rows, {right = {true, false, true, true}})
end

function S.tables (res)
  local t = {name = "ngrams", columns = {"rank", "ngram", "n", "count", "documents"}, rows = {}}
  for i, x in ipairs(res.ngrams) do t.rows[#t.rows + 1] = {i, x.gram, x.n, x.count, x.docs} end
  return {t}
end

function S.check (opts)
  C.check(opts)
  range(opts)
end

function S.finish (state, opts) return C.finish(S, state, opts) end

return (C.script(S))   -- not a tail call: C.script looks at its caller
