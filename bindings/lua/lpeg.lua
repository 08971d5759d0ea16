-- lore.lpeg: run LPeg patterns over documents and get spans back.
--   lore.lpeg.scan(doc, patt [, {snap = true}]) -> list of matches
--     {start=, stop=, text=, captures = {...}} with 0-based byte offsets;
--     with snap, white space at the ends is left out and offsets are
--     widened to token boundaries.
--   lore.lpeg.spans(doc, patt, layer [, attrs]) -> count (adds spans)
local lpeg = require "lpeg"

local M = {}

local finders = setmetatable({}, {__mode = "k"})

-- A pattern that finds the first match of patt at or after a position:
-- start position, table of captures, end position.
local function finder (patt)
  local f = finders[patt]
  if not f then
    local p = lpeg.P(patt)
    f = lpeg.P{lpeg.Cp() * lpeg.Ct(p) * lpeg.Cp() + 1 * lpeg.V(1)}
    finders[patt] = f
  end
  return f
end

-- Snap [s, e) to token boundaries: white space at either end is left out
-- first, then an end inside a token is moved to that token's edge. (token_at
-- gives the next token for an offset in white space: only a token that
-- really holds the offset counts.) A match of white space only stays as is.
local function snap (doc, s, e)
  local text = doc.text
  local a, b = s, e
  while a < b and text:find("^%s", a + 1) do a = a + 1 end
  while b > a and text:find("^%s", b) do b = b - 1 end
  if a == b then return s, e end
  local t = doc:token_at(a)
  if t and t.start < a and a < t.stop then a = t.start end
  local u = doc:token_at(b - 1)
  if u and u.start <= b - 1 and u.stop > b then b = u.stop end
  return a, b
end

function M.scan (doc, patt, opts)
  local text = type(doc) == "string" and doc or doc.text
  local f = finder(patt)
  local out, pos, n = {}, 1, #text
  while pos <= n + 1 do
    local s, caps, e = f:match(text, pos)
    if not s then break end
    local a, b = s - 1, e - 1
    if opts and opts.snap and type(doc) ~= "string" then a, b = snap(doc, a, b) end
    out[#out + 1] = {start = a, stop = b, text = text:sub(a + 1, b), captures = caps}
    pos = e > s and e or s + 1
  end
  return out
end

function M.spans (doc, patt, layer, attrs)
  local n = 0
  for _, m in ipairs(M.scan(doc, patt, attrs)) do
    local a = {}
    for k, v in pairs(attrs or {}) do if k ~= "snap" then a[k] = v end end
    doc:add(layer, m.start, m.stop, a)
    n = n + 1
  end
  return n
end

return M
