-- scripts/collocations.lua: word pairs that occur together more than
-- chance says (lore collocations).
--
-- Counted per document in map(): words (runs as in scripts/ngrams.lua,
-- boilerplate left out) and ordered pairs of words at most --window words
-- apart. The state is the sum of the counts; the scores are computed at
-- the end from the totals:
--   ll   Dunning's log-likelihood ratio G2 (default; robust for rare pairs)
--   pmi  pointwise mutual information, log2 p(a,b) / (p(a) p(b))
-- Pairs with a stop word or shorter than --min-count are not scored.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local T = C.need("text")
local util = require "lore.util"

local S = {
  name = "collocations",
  summary = "Collocations: pairs of words found together more often than chance, scored\n" ..
    "by log-likelihood (--measure ll, the default) or pointwise mutual information\n" ..
    "(--measure pmi); stop words filtered, boilerplate left out. With --from, the\n" ..
    "records must hold their text (lore extract --text).",
  usage = "lore collocations [INPUT...] [--measure ll|pmi] [--window N] [--top N] [OPTIONS]",
}

S.options = C.options{
  {"-m", "--measure", arg = "ll|pmi", key = "measure", help = "score: ll (log-likelihood, default) or pmi"},
  {nil, "--window", arg = "N", key = "window", number = true,
   help = "pair words at most N words apart, in order (default 1: adjacent)"},
  {"-t", "--top", arg = "N", key = "top", number = true, help = "pairs shown (default 30)"},
  {nil, "--min-count", arg = "N", key = "min_count", number = true, help = "least pair count scored (default 2)"},
}

local function window (opts)
  local w = math.floor(opts.window or 1)
  if w < 1 or w > 10 then util.usage_error("collocations", "--window must be 1 to 10") end
  return w
end

function S.count (doc, rec, opts)
  local w = window(opts)
  local words, pairs_, n = {}, {}, 0
  local runs = T.runs(doc, function (s, e) return C.in_boilerplate(rec, s, e, opts) end)
  for _, r in ipairs(runs) do
    for i = 1, #r do
      n = n + 1
      words[r[i]] = (words[r[i]] or 0) + 1
      for j = i + 1, math.min(#r, i + w) do
        local k = r[i] .. " " .. r[j]
        pairs_[k] = (pairs_[k] or 0) + 1
      end
    end
  end
  return {n = n, words = words, pairs = pairs_}
end

function S.summarise (rec, opts, doc)
  return C.with_doc("collocations", rec, doc, function (d) return S.count(d, rec, opts) end)
end

S.map = C.map_summarise(S)        -- summarise in the workers

function S.init () return {ndocs = 0, n = 0, words = {}, pairs = {}} end

function S.add_summary (state, sm)
  state.ndocs = state.ndocs + 1
  state.n = state.n + (sm.n or 0)
  C.add_counts(state.words, sm.words or {})
  C.add_counts(state.pairs, sm.pairs or {})
end

S.add = C.add_summarised(S)       -- rec.map, or with --from summarise here

function S.merge (a, b)
  a.ndocs = (a.ndocs or 0) + (b.ndocs or 0)
  a.n = (a.n or 0) + (b.n or 0)
  C.add_counts(a.words, b.words or {})
  C.add_counts(a.pairs, b.pairs or {})
  return a
end

local function xlogx (k, e)
  if k <= 0 or e <= 0 then return 0 end
  return k * math.log(k / e)
end

-- Dunning's G2 of a 2x2 table: k11 pair, k12 a without b, k21 b without
-- a, k22 neither.
function S.ll (k11, c1, c2, n)
  local k12, k21 = math.max(0, c1 - k11), math.max(0, c2 - k11)
  local k22 = math.max(0, n - c1 - c2 + k11)
  local r1, r2 = k11 + k12, k21 + k22
  local s1, s2 = k11 + k21, k12 + k22
  local t = r1 + r2
  if t == 0 then return 0 end
  return 2 * (xlogx(k11, r1 * s1 / t) + xlogx(k12, r1 * s2 / t) +
              xlogx(k21, r2 * s1 / t) + xlogx(k22, r2 * s2 / t))
end

function S.pmi (k11, c1, c2, n)
  if k11 == 0 or c1 == 0 or c2 == 0 or n == 0 then return -math.huge end
  return math.log(k11 * n / (c1 * c2), 2)
end

function S.result (state, opts)
  opts = opts or {}
  local measure = opts.measure or "ll"
  local score = measure == "pmi" and S.pmi or S.ll
  local stop = T.stopwords()
  local min = math.floor(opts.min_count or 2)
  local list = {}
  for k, c in pairs(state.pairs) do
    if c >= min then
      local a, b = k:match("^(%S+) (%S+)$")
      if a and not stop[a] and not stop[b] and a ~= b and #a > 1 and #b > 1 then
        local c1, c2 = state.words[a] or 0, state.words[b] or 0
        list[#list + 1] = {a = a, b = b, count = c, ca = c1, cb = c2, score = score(c, c1, c2, state.n)}
      end
    end
  end
  table.sort(list, function (x, y)
    if x.score ~= y.score then return x.score > y.score end
    if x.count ~= y.count then return x.count > y.count end
    if x.a ~= y.a then return x.a < y.a end
    return x.b < y.b
  end)
  return {pairs = C.first(list, math.floor(opts.top or 30)), total = #list, measure = measure,
          words = state.n, ndocs = state.ndocs}
end

function S.print (res, opts, p)
  p.heading("Collocations", string.format("%s, %d of %d pairs, %d words in %d documents",
    res.measure == "pmi" and "pointwise mutual information" or "log-likelihood",
    #res.pairs, res.total, res.words, res.ndocs))
  local rows = {}
  for i, x in ipairs(res.pairs) do
    rows[#rows + 1] = {i, x.a .. " " .. x.b, x.count, x.ca, x.cb, string.format("%.2f", x.score)}
  end
  p.table({"#", "pair", "together", "first", "second", res.measure}, rows,
          {right = {true, false, true, true, true, true}})
end

function S.tables (res)
  local t = {name = "collocations", columns = {"rank", "first", "second", "together", "first_count",
             "second_count", "measure", "score"}, rows = {}}
  for i, x in ipairs(res.pairs) do
    t.rows[#t.rows + 1] = {i, x.a, x.b, x.count, x.ca, x.cb, res.measure, math.floor(x.score * 1e4 + 0.5) / 1e4}
  end
  return {t}
end

function S.check (opts)
  C.check(opts)
  window(opts)
  if opts.measure and opts.measure ~= "ll" and opts.measure ~= "pmi" then
    util.usage_error("collocations", "--measure must be ll or pmi")
  end
end

function S.finish (state, opts) return C.finish(S, state, opts) end

return (C.script(S))   -- not a tail call: C.script looks at its caller
