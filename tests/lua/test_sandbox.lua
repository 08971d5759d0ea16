-- Tests of the rule sandbox and the limits on rule files (issue 10), at the
-- level of lore.engine: what a sandboxed rule file can and cannot reach,
-- that rule code cannot switch the sandbox off, that a rule file's own
-- code is stopped by the instruction budget and the memory cap, and that
-- span attributes set from tables come out in the same order every run.
-- tests/suites/50-robustness.sh checks the same through the command line.
return function (t)
  local lore = require "lore"

  local dir = os.tmpname()
  os.remove(dir)
  assert(lore.sys.mkdir(dir .. "/mods"))
  local function put (name, text)
    local f = assert(io.open(dir .. "/" .. name, "w"))
    f:write(text)
    f:close()
    return dir .. "/" .. name
  end
  local function load (text, opts)
    return lore.engine.load({put("r.lua", text)}, opts or {sandbox = true})
  end
  local function exists (p)
    local f = io.open(p, "r")
    if f then f:close() return true end
    return false
  end

  t.test("sandbox: forbidden calls raise clear errors", function ()
    local outside = os.tmpname()                 -- a module linked from outside
    os.execute(string.format("ln -sf %s %s/mods/outside.lua", outside, dir))
    local cases = {
      {'os.execute("true")', "--sandbox: os.execute is not allowed in rule files"},
      {'io.popen("true")', "--sandbox: io.popen is not allowed in rule files"},
      {'io.open("' .. dir .. '/pwned", "w")', "--sandbox: rule files may not write files"},
      {'io.write("x")', "--sandbox: io.write is not allowed in rule files"},
      {'package.loadlib("x", "y")', "--sandbox: 'package' is not allowed in rule files"},
      {'debug.traceback()', "--sandbox: 'debug' is not allowed in rule files"},
      {'load("return 1")', "--sandbox: 'load' is not allowed in rule files"},
      {'require("' .. dir .. '/mods/m")', "only modules next to the rule file"},
      {'require("lore.script")', "--sandbox: cannot require 'lore.script' in rule files"},
      {'lore.pool', "--sandbox: lore.pool is not allowed in rule files"},
      {'lore.engine', "--sandbox: lore.engine is not allowed in rule files"},
      {'lore.sys.write_atomic("' .. dir .. '/pwned", "x")',
       "--sandbox: lore.sys.write_atomic is not allowed in rule files"},
      -- reading is confined to the rule file's folder; no environment
      {'io.open("/etc/passwd")', "--sandbox: rule files may only read files in their own folder (/etc/passwd)"},
      {'io.lines("../x")', "--sandbox: rule files may only read files in their own folder (../x)"},
      {'words("/etc/passwd")', "--sandbox: rule files may only read files in their own folder (/etc/passwd)"},
      {'gazetteer("/etc/passwd")', "--sandbox: rule files may only read files in their own folder (/etc/passwd)"},
      {'lore.gazetteer("/etc/passwd")', "--sandbox: load a gazetteer file with gazetteer(path)"},
      {'os.getenv("HOME")', "--sandbox: os.getenv is not allowed in rule files"},
      {'lore.corpus{"/etc"}', "--sandbox: lore.corpus is not allowed in rule files"},
      {'lore.sys.listdir("/")', "--sandbox: lore.sys.listdir is not allowed in rule files"},
      {'require("mods.outside")', "only modules next to the rule file"},
    }
    for _, c in ipairs(cases) do
      t.raises(function () load("local x = " .. c[1] .. "\n") end, c[2])
    end
    t.ok(not exists(dir .. "/pwned"), "nothing written")
    -- the same code loads without the sandbox
    load('local x = os.execute\n', {})
  end)

  t.test("sandbox: what rule files may use", function ()
    put("mods/m.lua", "return {v = 42}\n")
    put("list.txt", "Putin\nXi\n")
    local rs = load([[
      local m = require "mods.m"
      local w = words("list.txt")
      local r = lore.regex("\\bXi\\b")
      assert(lore.sys.time() > 0 and os.time() > 0)
      assert(lore.sys.nonexistent == nil and lore.nonexistent == nil)
      rule { name = "xi", layer = "e", label = "P", regex = r,
             action = function (x) x.attrs.v = m.v x.attrs.known = w[x.text] end }
    ]])
    local d = lore.doc("Putin met Xi.")
    t.eq(rs:run(d), nil)
    local s = d:spans("e")
    t.eq(#s, 1)
    t.eq(s[1].text, "Xi")
    t.eq(s[1].v, 42)
    t.eq(s[1].known, true)
  end)

  t.test("sandbox: rule code cannot switch it off or forge a rule set", function ()
    put("mods/evil.lua", 'io.open("' .. dir .. '/pwned", "w")\n')
    local rs = load([[
      after("escape", function (doc, rs)
        rs.opts.sandbox = false
        rs:load("]] .. dir .. [[/mods/evil.lua")
      end)
    ]])
    local p = rs:run(lore.doc("x"))
    t.ok(p and p[1]:find("--sandbox: rule files may not write files", 1, true), p and p[1])
    local fake = setmetatable({opts = {}, phases = {}, by_phase = {}, rules = {},
                               by_name = {}, layers = {}, files = {}}, getmetatable(rs))
    t.raises(function () fake:load(dir .. "/mods/evil.lua") end, "not a rule set")
    t.ok(not exists(dir .. "/pwned"), "nothing written")
  end)

  t.test("limits while a rule file's own code runs", function ()
    t.raises(function () load("while true do end\n", {budget = 1000000}) end,
             "r.lua:1: instruction budget of 1000000 exceeded while loading the rule file (see --rule-timeout)")
    t.raises(function ()
      load('local t = {}\nfor i = 1, math.huge do t[i] = string.rep("x", 4096) .. i end\n',
           {memory = 16 * 1048576})
    end, "r.lua:2: memory cap of 16 MB exceeded while loading the rule file (see --rule-memory)")
    collectgarbage()
    -- within the limits nothing changes, and the hook is gone afterwards
    local rs = load('rule { name = "a", layer = "e", regex = "a" }\n',
                    {budget = 1000000, memory = 16 * 1048576})
    t.eq(#rs.rules, 1)
    t.eq(debug.gethook(), nil)
  end)

  t.test("attributes from a table are set in key order", function ()
    local keys = {}
    for i = 1, 40 do keys[#keys + 1] = string.format("k%02d", i) end
    local attrs = {label = "X"}
    for i = #keys, 1, -1 do attrs[keys[i]] = i end
    local d = lore.doc("abc")
    local s = d:add("l", 0, 3, attrs)
    local got = {}
    for k in pairs(s:attrs()) do got[#got + 1] = k end
    local j = d:json()
    local pos = 0
    for _, k in ipairs(keys) do
      local p = j:find('"' .. k .. '":', 1, true)
      t.ok(p and p > pos, "key " .. k .. " in order")
      pos = p
    end
    -- gazetteer payloads too
    local g = lore.gazetteer({["Xi"] = {canonical = "Xi Jinping", gender = "male",
                                        b = 1, a = 2, zz = true}})
    local d2 = lore.doc("Xi spoke.")
    g:spans(d2, "e", {label = "PERSON"})
    t.ok(d2:json():find('"a":2,"b":1,"canonical":"Xi Jinping","gender":"male","zz":true', 1, true),
         d2:json())
  end)

  t.test("cleanup", function ()
    for _, f in ipairs{"r.lua", "list.txt", "mods/m.lua", "mods/evil.lua"} do os.remove(dir .. "/" .. f) end
    os.remove(dir .. "/mods")
    os.remove(dir)
  end)
end
