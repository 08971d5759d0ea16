-- tests/data/scripts/check.lua: check a JSON file written by a script
-- (--json) against a Lua expression, for tests/suites/70-scripts.sh:
--   lore run tests/data/scripts/check.lua -- FILE 'EXPRESSION'
-- The expression sees `j` (the decoded file) and helpers over lists:
-- any(list, fn), all(list, fn), count(list, fn), rows(j, table) (the rows
-- of one exported table), has(s, plain) (plain substring). Exit status 0
-- when it is true.
local lore = require "lore"
local path, expr = arg[1], arg[2]
local f = assert(io.open(path, "rb"))
local data = f:read("a")
f:close()
local j = lore.json.decode(data)
if type(j) ~= "table" then io.stderr:write("check: ", path, ": not JSON\n") return 1 end
local env = setmetatable({j = j, lore = lore}, {__index = _G})
function env.any (l, fn) for _, x in ipairs(l or {}) do if fn(x) then return true end end return false end
function env.all (l, fn) for _, x in ipairs(l or {}) do if not fn(x) then return false end end return true end
function env.count (l, fn)
  local n = 0
  for _, x in ipairs(l or {}) do if not fn or fn(x) then n = n + 1 end end
  return n
end
function env.rows (t, name) return (t.tables or {})[name] or {} end
function env.has (s, plain) return type(s) == "string" and s:find(plain, 1, true) ~= nil end
local chunk, err = load("return " .. expr, "=check", "t", env)
if not chunk then io.stderr:write("check: ", err, "\n") return 1 end
local ok, v = pcall(chunk)
if ok and v then return 0 end
io.stderr:write("check failed: ", expr, ok and "" or (": " .. tostring(v)), "\n")
return 1
