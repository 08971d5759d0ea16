-- tests/cluster/capstats.lua: a small corpus-wide script for the cluster
-- test, following the script protocol (map/init/add/merge/finish). It runs
-- as a script given by path (not bundled), which `lore merge` must find
-- again from the partials, and does not depend on the rules. Its state has
-- the shapes the real scripts have: counters, document frequencies,
-- co-occurrence pairs, groups of values, and lists that arrive in shard
-- order and must be sorted before printing.
--
--   ./lore tests/cluster/capstats.lua INPUT... [--top N]
local S = {
  name = "capstats",
  summary = "capitalised words: counts, document frequency, co-occurrence, numbers per word",
  usage = "lore tests/cluster/capstats.lua [INPUT...] [--top N]",
  options = {
    {nil, "--top", arg = "N", key = "top", number = true, help = "rows per table (default 15)"},
  },
}

-- In the workers: capitalised words that do not start a sentence, and the
-- numbers that follow them within three tokens (a toy "figure group").
function S.map (doc)
  local caps, nums = {}, {}
  local last, last_i
  for i, t in doc:tokens() do
    if t.kind == "word" and t.cap and not t.sent_start and #t.text > 2 then
      caps[t.text] = (caps[t.text] or 0) + 1
      last, last_i = t.text, i
    elseif t.kind == "number" and last and i - last_i <= 3 then
      local g = nums[last] or {}
      g[#g + 1] = t.text
      nums[last] = g
    end
  end
  return {caps = caps, nums = nums}
end

function S.init ()
  return {docs = 0, words = 0, bytes = 0, count = {}, df = {}, pairs = {},
          nums = {}, ids = {}, boiler = 0, entities = {}}
end

local function bump (t, k, n) t[k] = (t[k] or 0) + n end

function S.add (st, rec)
  st.docs = st.docs + 1
  st.words = st.words + (rec.stats and rec.stats.words or 0)
  st.bytes = st.bytes + (rec.stats and rec.stats.bytes or 0)
  st.boiler = st.boiler + #(rec.boilerplate or {})
  st.ids[#st.ids + 1] = rec.id
  for _, e in ipairs(rec.entities or {}) do
    bump(st.entities, (e.label or "?") .. "\t" .. (e.canonical or e.text or "?"), 1)
  end
  local m = rec.map or {}
  local words = {}
  for w, n in pairs(m.caps or {}) do
    bump(st.count, w, n)
    bump(st.df, w, 1)
    words[#words + 1] = w
  end
  -- co-occurrence of the document's ten most frequent capitalised words
  table.sort(words, function (a, b)
    if m.caps[a] ~= m.caps[b] then return m.caps[a] > m.caps[b] end
    return a < b
  end)
  for i = 1, math.min(#words, 10) do
    for j = i + 1, math.min(#words, 10) do
      local a, b = words[i], words[j]
      if b < a then a, b = b, a end
      bump(st.pairs, a .. " + " .. b, 1)
    end
  end
  for w, vals in pairs(m.nums or {}) do
    local g = st.nums[w] or {}
    for _, v in ipairs(vals) do g[#g + 1] = v end
    st.nums[w] = g
  end
end

local function sum_into (a, b) for k, v in pairs(b) do bump(a, k, v) end end

-- Associative (and commutative up to the order of lists, which finish sorts).
function S.merge (a, b)
  a.docs = a.docs + b.docs
  a.words = a.words + b.words
  a.bytes = a.bytes + b.bytes
  a.boiler = a.boiler + b.boiler
  sum_into(a.count, b.count)
  sum_into(a.df, b.df)
  sum_into(a.pairs, b.pairs)
  sum_into(a.entities, b.entities)
  for _, id in ipairs(b.ids) do a.ids[#a.ids + 1] = id end
  for w, vals in pairs(b.nums) do
    local g = a.nums[w] or {}
    for _, v in ipairs(vals) do g[#g + 1] = v end
    a.nums[w] = g
  end
  return a
end

local function top (t, n)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function (x, y)
    if t[x] ~= t[y] then return t[x] > t[y] end
    return x < y
  end)
  local out = {}
  for i = 1, math.min(n, #ks) do out[i] = ks[i] end
  return out
end

function S.finish (st, opts)
  local n = math.floor(opts.top or 15)
  local out = {}
  local function p (...) out[#out + 1] = string.format(...) end
  local ids = {}
  for i, id in ipairs(st.ids) do ids[i] = id end
  table.sort(ids)
  p("documents %d, words %d, bytes %d, boilerplate spans %d", st.docs, st.words, st.bytes, st.boiler)
  p("ids: %d unique of %d; first %s, last %s", (function ()
    local u, prev = 0, nil
    for _, id in ipairs(ids) do if id ~= prev then u = u + 1 end prev = id end
    return u end)(), #ids, ids[1] or "-", ids[#ids] or "-")
  p("")
  p("%-24s %8s %6s", "word", "count", "docs")
  for _, w in ipairs(top(st.count, n)) do p("%-24s %8d %6d", w, st.count[w], st.df[w]) end
  p("")
  p("%-40s %6s", "pair", "docs")
  for _, k in ipairs(top(st.pairs, n)) do p("%-40s %6d", k, st.pairs[k]) end
  p("")
  p("numbers after a capitalised word (distinct values, most frequent first)")
  local groups = {}
  for w, vals in pairs(st.nums) do groups[w] = #vals end
  for _, w in ipairs(top(groups, n)) do
    local c = {}
    for _, v in ipairs(st.nums[w]) do bump(c, v, 1) end
    local vs = {}
    for _, v in ipairs(top(c, 5)) do vs[#vs + 1] = v .. "×" .. c[v] end
    p("  %-22s %5d  %s", w, #st.nums[w], table.concat(vs, " "))
  end
  if next(st.entities) then
    p("")
    p("entities")
    for _, k in ipairs(top(st.entities, n)) do p("  %-40s %6d", k, st.entities[k]) end
  end
  io.write(table.concat(out, "\n"), "\n")
  return 0
end

return S
