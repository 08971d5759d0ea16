-- tests/data/scripts/check_width.lua: no line of FILE is wider than N
-- columns (UTF-8 code points, colour codes not counted), for
-- tests/suites/70-scripts.sh:  lore run tests/data/scripts/check_width.lua -- FILE N
local path, n = arg[1], tonumber(arg[2])
local f = assert(io.open(path, "rb"))
local bad = 0
local i = 0
for line in f:lines() do
  i = i + 1
  local w = utf8.len((line:gsub("\27%[[%d;]*m", ""))) or #line
  if w > n then
    bad = bad + 1
    if bad <= 5 then io.stderr:write(string.format("%s:%d: %d columns: %s\n", path, i, w, line)) end
  end
end
f:close()
return bad == 0 and 0 or 1
