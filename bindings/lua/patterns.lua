-- lore.patterns: the Lua-table form of token patterns, translated to the
-- string syntax (docs/patterns.md). A pattern is a list of items; an item
-- is a token table, or {any = {alternatives}}, or {seq = {items}}:
--
--   lore.pattern{
--     {lower = {"president", "premier"}},       -- one of these words
--     {cap = true, op = "+", capture = "name"}, -- capitalised, 1 or more
--     {lower = "said"},
--   }
--
-- Token keys: text (exact; string or list), lower (folded; string or list),
-- regex (on the text), lower_regex, shape, kind, in / starts / ends
-- (LABEL, layer:LABEL or @gazetteer), any flag name = true/false (cap,
-- allcaps, title, lower_case, digit, number, punct, quote, open, close,
-- sent_start, sent_end, para_start, para_end, ...), plus the atoms
-- gazetteer = "name" (@name) and span = "LABEL" (<LABEL>). Item keys: op
-- ("?", "*", "+", "{n,m}", with a trailing "?" for lazy) and capture.
local M = {}

local function quote (s)
  return '"' .. tostring(s):gsub('[\\"]', "\\%0") .. '"'
end

local function value (v)
  if type(v) == "table" then
    local parts = {}
    for _, w in ipairs(v) do parts[#parts + 1] = quote(w) end
    return "{" .. table.concat(parts, " ") .. "}"
  end
  return quote(v)
end

local function regex (r)
  return "/" .. tostring(r):gsub("/", "\\/") .. "/"
end

local ATOM_KEYS = {gazetteer = true, span = true, any = true, seq = true}
local ITEM_KEYS = {op = true, capture = true}

local FLAG_ALIASES = {lower_case = "lower"}

local function token (t)
  local preds = {}
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)                           -- deterministic output
  for _, k in ipairs(keys) do
    local v = t[k]
    if ITEM_KEYS[k] or ATOM_KEYS[k] then
      -- handled elsewhere
    elseif k == "text" or k == "lower" then
      preds[#preds + 1] = k .. "=" .. value(v)
    elseif k == "regex" then
      preds[#preds + 1] = "text=" .. regex(v)
    elseif k == "lower_regex" then
      preds[#preds + 1] = "lower=" .. regex(v)
    elseif k == "shape" then
      preds[#preds + 1] = "shape=" .. quote(v)
    elseif k == "kind" then
      preds[#preds + 1] = "kind=" .. tostring(v)
    elseif k == "in" or k == "starts" or k == "ends" then
      preds[#preds + 1] = k .. "=" .. tostring(v)
    elseif type(v) == "boolean" then
      local f = FLAG_ALIASES[k] or k
      preds[#preds + 1] = (v and "" or "!") .. f
    else
      error("pattern item: unknown key '" .. tostring(k) .. "'", 0)
    end
  end
  if #preds == 0 then return "." end
  return "[" .. table.concat(preds, " & ") .. "]"
end

local item

local function seq (list)
  local parts = {}
  for _, it in ipairs(list) do parts[#parts + 1] = item(it) end
  return table.concat(parts, " ")
end

function item (t)
  if type(t) == "string" then return quote(t) end
  if type(t) ~= "table" then error("pattern item must be a table", 0) end
  local atom
  if t.any then
    local alts = {}
    for _, a in ipairs(t.any) do
      alts[#alts + 1] = (type(a) == "table" and a[1] ~= nil) and seq(a) or item(a)
    end
    atom = "(" .. table.concat(alts, " | ") .. ")"
  elseif t.seq then
    atom = "(" .. seq(t.seq) .. ")"
  elseif t.gazetteer then
    atom = "@" .. t.gazetteer
  elseif t.span then
    atom = "<" .. t.span .. ">"
  else
    atom = token(t)
  end
  if t.op then atom = atom .. t.op end
  if t.capture then atom = "(?<" .. t.capture .. "> " .. atom .. " )" end
  return atom
end

function M.from_table (t)
  return seq(t)
end

return M
