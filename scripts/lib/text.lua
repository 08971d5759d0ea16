-- scripts/lib/text.lua: words, stop words, similarity and word diffs for
-- the bundled scripts.
--
--   stopwords()             set of scripts/data/stopwords.txt
--   words(s)                normalised word tokens of s (lore's tokenizer:
--                           lower case, accents folded)
--   stem(w)                 light stemming: plurals and possessives
--   content(s)              stems of the words of s that are not stop words
--   set(list), jaccard(a, b), containment(a, b)
--   diff(a, b)              word-level diff of two texts (LCS on normalised
--                           words, punctuation ignored): list of ops
--   render_diff(ops, mark, plain)
--                           the second text with its differences marked
local lore = require "lore"

local M = {}

local LIBDIR = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or ""
local C = package.loaded["lore.scripts:" .. LIBDIR .. "common.lua"] or dofile(LIBDIR .. "common.lua")

local STOP
function M.stopwords ()
  if STOP then return STOP end
  STOP = {}
  local path = C.DATADIR .. "stopwords.txt"
  local f = io.open(path, "r")
  if not f then error("cannot read " .. path, 0) end
  for line in f:lines() do
    local w = line:match("^%s*([^#%s]%S*)")
    if w then STOP[w:lower()] = true end
  end
  f:close()
  return STOP
end

function M.is_stop (w) return M.stopwords()[w] == true end

-- Normalised word tokens of s: {norm, start, stop, text} (0-based offsets).
-- Hyphenated words stay whole ("russian-chinese"); numbers are kept.
function M.tokens (s)
  local out = {}
  if s == nil or s == "" then return out end
  local d <close> = lore.doc(s)
  local prev
  for _, t in d:tokens() do
    local k = t.kind
    if k == "word" or k == "number" then
      local norm = (t.norm or t.text:lower()):gsub("’", "'")
      if prev and prev.join and prev.stop_ ~= t.start then   -- "well- done"
        prev.norm = prev.norm:sub(1, -2)
        prev.text = prev.text:sub(1, -2)
        prev.stop = prev.stop - 1
        prev.join = false
      end
      if prev and prev.join and prev.stop_ == t.start then
        prev.norm = prev.norm .. norm
        prev.text = prev.text .. t.text
        prev.stop = t.stop
        prev.join = false
      else
        prev = {norm = norm, text = t.text, start = t.start, stop = t.stop, kind = k}
        out[#out + 1] = prev
      end
    elseif k == "punct" and (t.text == "-" or t.text == "‐") and prev
           and prev.stop == t.start and out[#out] == prev then
      -- an intra-word hyphen: join with the next word if it touches
      prev.norm = prev.norm .. "-"
      prev.text = prev.text .. t.text
      prev.stop = t.stop
      prev.stop_ = t.stop
      prev.join = true
    else
      if prev and prev.join then              -- "well-" then a space: undo
        prev.norm = prev.norm:sub(1, -2)
        prev.text = prev.text:sub(1, -2)
        prev.stop = prev.stop - 1
        prev.join = false
      end
      prev = nil
    end
  end
  if prev and prev.join then
    prev.norm = prev.norm:sub(1, -2)
    prev.text = prev.text:sub(1, -2)
    prev.stop = prev.stop - 1
  end
  for _, t in ipairs(out) do t.join, t.stop_ = nil, nil end
  return out
end

function M.words (s)
  local out = {}
  for i, t in ipairs(M.tokens(s)) do out[i] = t.norm end
  return out
end

-- Light stemming: possessives, plurals ("sanctions" -> "sanction",
-- "countries" -> "country", "ties" -> "tie"), nothing else.
function M.stem (w)
  w = w:gsub("'s$", ""):gsub("'$", "")
  local n = #w
  if n > 4 and w:sub(-3) == "ies" then return w:sub(1, -4) .. "y" end
  if n > 4 and (w:sub(-4) == "sses" or w:sub(-4) == "shes" or w:sub(-4) == "ches" or w:sub(-3) == "xes") then
    return w:sub(1, -3)
  end
  if n > 3 and w:sub(-1) == "s" and not w:match("[su]s$") and not w:match("is$") then
    return w:sub(1, -2)
  end
  return w
end

-- Stems of the content words of s (stop words, one-letter words and
-- pure punctuation dropped), in order.
function M.content (s)
  local stop = M.stopwords()
  local out = {}
  for _, w in ipairs(M.words(s)) do
    if not stop[w] and #w > 1 and w:match("%w") then out[#out + 1] = M.stem(w) end
  end
  return out
end

function M.set (list)
  local s, n = {}, 0
  for _, w in ipairs(list) do if not s[w] then s[w] = true n = n + 1 end end
  return s, n
end

local function inter (a, b)
  local n = 0
  for w in pairs(a) do if b[w] then n = n + 1 end end
  return n
end

local function size (a)
  local n = 0
  for _ in pairs(a) do n = n + 1 end
  return n
end

function M.jaccard (a, b)
  local i, na, nb = inter(a, b), size(a), size(b)
  local u = na + nb - i
  if u == 0 then return 0 end
  return i / u
end

-- How much of the smaller set is in the other one.
function M.containment (a, b)
  local i, na, nb = inter(a, b), size(a), size(b)
  local m = math.min(na, nb)
  if m == 0 then return 0 end
  return i / m
end

-- Runs of words of a document for n-grams and collocations: lower-case
-- folded words, hyphenated words whole; a run ends at a sentence start, a
-- punctuation mark, a quotation mark, a number or a symbol. Tokens for
-- which skip(start, stop) is true (boilerplate) are left out.
function M.runs (doc, skip)
  local runs, cur = {}, nil
  local last, join = nil, false
  for _, t in doc:tokens() do
    local k = t.kind
    if k == "word" and t.clitic then
      -- "Russia 's": the clitic is left out, the run goes on
    elseif k == "word" then
      if skip and skip(t.start, t.stop) then
        cur, last, join = nil, nil, false
      elseif join and last and last.stop == t.start then
        cur[#cur] = cur[#cur] .. "-" .. (t.norm or t.text:lower())
        last, join = t, false
      else
        if t.sent_start or not cur then
          cur = {}
          runs[#runs + 1] = cur
        end
        cur[#cur + 1] = (t.norm or t.text:lower()):gsub("’", "'")
        last, join = t, false
      end
    elseif k == "punct" and t.text == "-" and last and last.stop == t.start and cur then
      join = true
      last = {stop = t.stop}
    else
      cur, last, join = nil, nil, false
    end
  end
  local out = {}
  for _, r in ipairs(runs) do if #r > 0 then out[#out + 1] = r end end
  return out
end

-- {======================================================================
-- Word diff
-- =======================================================================

-- Display words of a text with the key they are compared by: lower case,
-- without surrounding punctuation and quotation marks.
local function dwords (s)
  local out = {}
  for w in tostring(s):gmatch("%S+") do
    local k = w:lower():gsub("’", "'"):gsub("‘", "'")
    k = k:gsub("^[%p“”«»‘’…—–]+", ""):gsub("[%p“”«»‘’…—–]+$", "")
    k = k:gsub("^[%p]+", ""):gsub("[%p]+$", "")
    if k == "" then k = nil end
    out[#out + 1] = {text = w, key = k}
  end
  return out
end
M.dwords = dwords

--[[
Diff two texts word by word. Returns a list of ops in the order of the
texts: {op = "=", a = word, b = word} | {op = "-", a = word} | {op = "+",
b = word}. Words that are only punctuation never count as differences.
]]
function M.diff (a, b)
  local A, B = dwords(a), dwords(b)
  local n, m = #A, #B
  -- LCS table over keys (punctuation-only words match nothing)
  local L = {}
  for i = 0, n do L[i] = {} L[i][m + 1] = 0 end
  for j = 0, m + 1 do L[n + 1] = L[n + 1] or {} L[n + 1][j] = 0 end
  for i = n, 1, -1 do
    local Li, Li1 = L[i], L[i + 1]
    for j = m, 1, -1 do
      if A[i].key and A[i].key == B[j].key then Li[j] = Li1[j + 1] + 1
      else
        local x, y = Li1[j], Li[j + 1]
        Li[j] = x >= y and x or y
      end
    end
  end
  local ops = {}
  local i, j = 1, 1
  while i <= n or j <= m do
    if i <= n and j <= m and A[i].key and A[i].key == B[j].key then
      ops[#ops + 1] = {op = "=", a = A[i].text, b = B[j].text}
      i, j = i + 1, j + 1
    elseif i <= n and not A[i].key then                 -- punctuation only
      i = i + 1
    elseif j <= m and not B[j].key then
      ops[#ops + 1] = {op = "=", b = B[j].text}
      j = j + 1
    elseif j <= m and (i > n or L[i][j + 1] >= L[i + 1][j]) then
      ops[#ops + 1] = {op = "+", b = B[j].text}
      j = j + 1
    else
      ops[#ops + 1] = {op = "-", a = A[i].text}
      i = i + 1
    end
  end
  return ops
end

-- Drop the reference's words before the first and after the last common
-- word (a partial quote compared with the whole statement).
function M.trim_ops (ops)
  local first, last
  for k, o in ipairs(ops) do
    if o.op == "=" and o.a then first = first or k last = k end
  end
  if not first then return ops, false, false end
  local out = {}
  local cut_left, cut_right = false, false
  for k, o in ipairs(ops) do
    if o.op == "-" and k < first then cut_left = true
    elseif o.op == "-" and k > last then cut_right = true
    else out[#out + 1] = o end
  end
  return out, cut_left, cut_right
end

-- Counts of changed words: removed (only in a), added (only in b).
function M.diff_counts (ops)
  local del, add = 0, 0
  for _, o in ipairs(ops) do
    if o.op == "-" then del = del + 1 elseif o.op == "+" then add = add + 1 end
  end
  return del, add
end

-- Strip punctuation at the edges of a word run: "delinking," -> "delinking".
local function strip_run (words)
  local s = table.concat(words, " ")
  return (s:gsub("[,;:.!?]+$", ""))
end

--[[
The second text with the differences marked, wdiff style: words only in
the first as [-...-], words only in the second as {+...+}. mark(kind, s)
may colour them (kind "del" or "add"); default: the brackets alone.
plain(s) converts the unmarked text (HTML escapes it); default: as is.
]]
function M.render_diff (ops, mark, plain)
  mark = mark or function (kind, s)
    return kind == "del" and ("[-" .. s .. "-]") or ("{+" .. s .. "+}")
  end
  plain = plain or function (s) return s end
  local out = {}
  local k = 1
  while k <= #ops do
    local o = ops[k]
    if o.op == "=" then
      out[#out + 1] = plain(o.b)
      k = k + 1
    else
      local dels, adds = {}, {}
      while k <= #ops and ops[k].op ~= "=" do
        if ops[k].op == "-" then dels[#dels + 1] = ops[k].a else adds[#adds + 1] = ops[k].b end
        k = k + 1
      end
      if #dels > 0 then out[#out + 1] = mark("del", strip_run(dels)) end
      if #adds > 0 then
        local s = table.concat(adds, " ")
        local body, punct = s:match("^(.-)([,;:.!?]*)$")
        if body == "" then body, punct = s, "" end
        out[#out + 1] = mark("add", body) .. plain(punct)
      end
    end
  end
  return table.concat(out, " ")
end

-- }======================================================================

return M
