-- The bundled rules call C primitives (lore.rules) where they exist and
-- plain Lua where they do not: both paths must find exactly the same
-- spans. Each document is run with both and its JSON line compared: the
-- sample corpus, the test texts of the rule tests, and variants of the
-- corpus with paragraphs reordered, lines cut and case changed.
return function (t)
  local lore = require "lore"
  local engine = require "lore.engine"
  local with = engine.load(nil)
  local without = engine.load(nil, {primitives = false})

  local function line (rs, text, meta)
    local d = lore.doc(text, meta)
    local problems = rs:run(d)
    if problems then error(problems[1]) end
    local s = d:json()
    d:close()
    return s
  end

  local function same (text, meta, what)
    local a, b = line(with, text, meta), line(without, text, meta)
    if a ~= b then
      local i = 1
      while a:byte(i) == b:byte(i) do i = i + 1 end
      error(string.format("%s: the two paths differ at byte %d:\n  C:   %s\n  Lua: %s", what, i,
        a:sub(math.max(1, i - 60), i + 60), b:sub(math.max(1, i - 60), i + 60)), 0)
    end
  end

  local texts = {}
  for d in lore.corpus({"corpus"}) do
    texts[#texts + 1] = {text = d.text, meta = {id = d.id, date = d.meta.date}}
  end

  t.test("primitives = false: lore.rules raises in rule files, and only then", function ()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write('phase "p"\nlocal ok, err = pcall(function () return lore.rules end)\n' ..
            'assert(not ok and err:find("lore.rules is off", 1, true), "lore.rules reachable")\n')
    f:close()
    t.ok(engine.load({path}, {primitives = false}))
    t.raises(function () engine.load({path}) end, "lore.rules reachable")
    os.remove(path)
  end)

  t.test("the sample corpus: the same JSON with and without the C primitives", function ()
    for _, x in ipairs(texts) do same(x.text, x.meta, x.meta.id) end
  end)

  t.test("corpus variants: the same JSON with and without the C primitives", function ()
    for k, x in ipairs(texts) do
      local paras = {}
      for p in (x.text .. "\n\n"):gmatch("(.-)\n\n+") do paras[#paras + 1] = p end
      -- paragraphs reversed; every line cut in two; upper case; no quotes marks
      local rev = {}
      for i = #paras, 1, -1 do rev[#rev + 1] = paras[i] end
      same(table.concat(rev, "\n\n"), {id = "rev" .. k}, "reversed " .. x.meta.id)
      same((x.text:gsub("([^\n]+)", function (l)
        local h = #l // 2
        while h > 1 and l:byte(h) >= 0x80 do h = h - 1 end
        return l:sub(1, h) .. "\n" .. l:sub(h + 1)
      end)), {id = "cut" .. k}, "lines cut " .. x.meta.id)
      same(x.text:upper(), {id = "up" .. k}, "upper case " .. x.meta.id)
      same((x.text:gsub('["“”]', "")), {id = "nq" .. k}, "no double quotes " .. x.meta.id)
    end
  end)
end
