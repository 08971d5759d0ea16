-- rules/lib/util.lua: what the bundled rule files share. The C
-- primitives they use (lore.rules, docs/api.md), with the same operations
-- in plain Lua where lore.rules is out of reach (an engine loaded with
-- primitives = false; tests/lua/test_rule_paths.lua checks both give the
-- same output); and a bounded memo.
--   local P = require "lib.util"
-- A module next to rule files, not a rule file: `-r rules/` loads only
-- the .lua files of the folder itself.
local gmatch, sub = string.gmatch, string.sub

local P = {}

-- lore.rules, or nil
P.rules = (function ()
  local ok, r = pcall(function () return lore.rules end)
  return ok and r or nil
end)()
local R = P.rules

-- Add spans from columns, as lore.rules.add: {n =, start =, stop =,
-- label =, priority =, rule =, attrs = {key = column}} (label, priority,
-- rule: a column or one value).
P.add_spans = R and R.add or function (doc, layer, cols)
  local attrs = cols.attrs or {}
  local label, prio, rid = cols.label, cols.priority, cols.rule
  for i = 1, cols.n do
    local a = {}
    for k, col in pairs(attrs) do a[k] = col[i] end
    a.label = type(label) == "table" and label[i] or label
    a.priority = type(prio) == "table" and prio[i] or prio
    a.rule = type(rid) == "table" and rid[i] or rid
    doc:add(layer, cols.start[i], cols.stop[i], a)
  end
end

-- Words (runs of non-space bytes) in s:sub(i, j), without the substring.
P.nwords = R and R.nwords or function (s, i, j)
  local n = 0
  for _ in gmatch(j and sub(s, 1, j) or s, "%S+", i or 1) do n = n + 1 end
  return n
end

-- The last index k of the sorted numbers t[i..j] with t[k] < x (i - 1 if
-- none).
P.bisect = R and R.bisect or function (t, x, i, j)
  i = i or 1
  j = j or #t
  local ans = i - 1
  while i <= j do
    local mid = (i + j) // 2
    if t[mid] < x then ans = mid; i = mid + 1 else j = mid - 1 end
  end
  return ans
end

-- fn memoised for pure functions of a string called again and again with
-- the same few arguments (a table hit is much cheaper than the work); the
-- cache starts afresh past `limit` entries, so memory stays bounded.
function P.memo (fn, limit)
  local cache, n = {}, 0
  return function (s)
    local v = cache[s]
    if v == nil then
      v = fn(s)
      if n > limit then cache, n = {}, 0 end
      cache[s] = v
      n = n + 1
    end
    return v
  end
end

return P
