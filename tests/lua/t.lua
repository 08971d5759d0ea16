-- tests/lua/t.lua: a tiny test harness. Each test file returns a function
-- receiving t; t.test(name, fn) registers a test; checks raise on failure.
local T = {tests = {}, passed = 0, failed = 0}

function T.test (name, fn)
  T.tests[#T.tests + 1] = {name = name, fn = fn}
end

local function fmt (v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_eq (a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

function T.eq (got, want, what)
  if not deep_eq(got, want) then
    local g = type(got) == "table" and require("lore").json.encode(got) or fmt(got)
    local w = type(want) == "table" and require("lore").json.encode(want) or fmt(want)
    error(string.format("%sexpected %s, got %s", what and (what .. ": ") or "", w, g), 2)
  end
end

function T.ok (v, what)
  if not v then error("expected a true value" .. (what and (": " .. what) or ""), 2) end
end

-- fn must raise an error whose message contains `pattern` (plain text).
function T.raises (fn, pattern)
  local ok, err = pcall(fn)
  if ok then error("expected an error containing " .. fmt(pattern), 2) end
  err = tostring(err)
  if pattern and not err:find(pattern, 1, true) then
    error(string.format("expected an error containing %s, got %s", fmt(pattern), fmt(err)), 2)
  end
end

function T.run (files)
  for _, f in ipairs(files) do
    T.tests = {}
    local chunk = assert(loadfile(f))
    chunk()(T)
    for _, tc in ipairs(T.tests) do
      local ok, err = xpcall(tc.fn, debug.traceback)
      if ok then T.passed = T.passed + 1
      else
        T.failed = T.failed + 1
        print(string.format("FAIL %s: %s\n  %s", f, tc.name, tostring(err):gsub("\n", "\n  ")))
      end
    end
  end
  print(string.format("%d passed, %d failed", T.passed, T.failed))
  return T.failed == 0
end

return T
