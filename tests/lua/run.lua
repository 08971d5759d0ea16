-- tests/lua/run.lua: run the Lua test files named on the command line (or
-- every tests/lua/test_*.lua). Works under `lore run` and under a stock
-- lua5.4 with build/ on package.cpath.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "t"
local files = {}
for i = 1, #arg do files[#files + 1] = arg[i] end
if #files == 0 then
  local p = io.popen("ls tests/lua/test_*.lua")
  for l in p:lines() do files[#files + 1] = l end
  p:close()
end
os.exit(T.run(files) and 0 or 1)
