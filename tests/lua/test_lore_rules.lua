-- Tests of lore.rules (bindings/llore_rules.c): the C primitives of the
-- bundled rule files give exactly what their Lua equivalents give.
return function (t)
  local lore = require "lore"
  local R = lore.rules

  t.test("add: the spans and attributes of doc:add, in one call", function ()
    local text = "Xi met Putin in Beijing today."
    local a, b = lore.doc(text), lore.doc(text)
    local rid = lore.rule_id("test_lore_rules.lua:r")
    local n = R.add(a, "x", {n = 3, start = {0, 7, 16}, stop = {2, 12, 23},
      label = {"PERSON", "PERSON", "PLACE"}, priority = 2, rule = rid,
      attrs = {canonical = {"Xi Jinping", "Vladimir Putin", nil}, gender = {nil, "male"},
               z = {lore.json.null, 0 / 0, 1.5}, list = {{1, 2}, true, 3}}})
    t.eq(n, 3)
    b:add("x", 0, 2, {label = "PERSON", priority = 2, rule = rid, canonical = "Xi Jinping",
                      z = lore.json.null, list = {1, 2}})
    b:add("x", 7, 12, {label = "PERSON", priority = 2, rule = rid, canonical = "Vladimir Putin",
                       gender = "male", z = 0 / 0, list = true})
    b:add("x", 16, 23, {label = "PLACE", priority = 2, rule = rid, z = 1.5, list = 3})
    t.eq(a:json(), b:json())
    t.eq(a:spans("x")[2].priority, 2)
    -- the layer is made even for no spans (as g:spans makes it)
    local c = lore.doc(text)
    t.eq(R.add(c, "empty", {n = 0}), 0)
    t.eq(c:layers(), {"empty"})
    t.raises(function () R.add(c, "x", {n = 1, start = {3}, stop = {1}}) end, "bad stop of span 1")
    t.raises(function () R.add(c, "x", {n = 1, start = {0}, stop = {99}}) end, "bad stop of span 1")
    t.raises(function () R.add(c, "x", {n = 1, start = {0}, stop = {1}, attrs = {label = {"X"}}}) end,
             "'label' is a span field")
    t.raises(function () R.add(c, "x", {n = 1, start = {0}, stop = {1}, attrs = {f = {print}}}) end,
             "attribute 'f'")
  end)

  t.test("quotations: marks paired per paragraph", function ()
    local function q (text)
      local o, out = R.quotations(lore.doc(text)), {}
      for i = 1, #o, 8 do
        out[#out + 1] = {text:sub(o[i + 4] + 1, o[i + 5]), o[i + 6], o[i + 7]}
      end
      return out
    end
    t.eq(q('He said "we will win" and left.'), {{"we will win", 1, 0}})
    t.eq(q("“Two,” he added. 'Three,' he said. «Quatre», a dit."),
         {{"Two,", 1, 0}, {"Three,", 1, 0}, {"Quatre", 1, 0}})
    -- nested marks stay inside; apostrophes and possessives are no marks
    t.eq(q("\"They called it 'a reform' but it's a tax.\" The farmers' union."),
         {{"They called it 'a reform' but it's a tax.", 1, 0}})
    -- German marks; a mark left open runs to the end of its paragraph
    t.eq(q("Es war „ein Fehler“ gestern.\n\"It will take years.\nNo."),
         {{"ein Fehler", 1, 0}, {"It will take years.", 2, 1}})
    -- a single mark closed by a double one; empty and punctuation-only quotes
    t.eq(q("of 'lasting friendship.\" Then \"\" and \"...\""), {{"lasting friendship.", 1, 0}})
    local o = R.quotations(lore.doc('a "b" c'))
    t.eq(o, {2, 3, 4, 5, 3, 4, 1, 0})
    t.eq(R.quotations(lore.doc("no marks")), {})
  end)

  t.test("lexicon: the matches and ids of a gazetteer", function ()
    local phrases = {"said", "according to", "Zürich", "New York", "York", "Russia's", "ſaid"}
    local text = "SAID said ſaid, according to ZÜRICH Zurich in New\n\nYork; New York; Russia’s"
    local d = lore.doc(text)
    for _, opts in ipairs({{}, {ignore_case = true}, {ignore_accents = true},
                           {ignore_case = true, ignore_accents = true},
                           {ignore_case = true, mode = "all"}}) do
      local g, x = lore.gazetteer(phrases, opts), R.lexicon(phrases, opts)
      t.eq(#x, #g)
      t.eq(x:offsets(d), g:offsets(d), lore.json.encode(opts))
    end
    local x = R.lexicon(nil, {ignore_case = true})
    t.eq(x:add("said"), 1)
    t.eq(x:add("told"), 2)
    t.eq(x:add("SAID"), 1)
    t.eq(x:offsets(lore.doc("He told me, he Said.")), {3, 7, 2, 15, 19, 1})
    t.eq(x:offsets(lore.doc("said told"), {mode = "all"}), {0, 4, 1, 5, 9, 2})
    t.ok(x:memory() > 0)
    t.raises(function () x:add("  ") end, "has no tokens")
    -- spans with payload columns indexed by entry id
    local k = R.lexicon({"Xi", "Beijing"})
    local e = lore.doc("Xi in Beijing")
    t.eq(k:spans(e, "ents", {label = {"PERSON", "PLACE"}, priority = 1,
                             attrs = {canonical = {"Xi Jinping"}}}), 2)
    local s = e:spans("ents")
    t.eq({s[1].label, s[1].canonical, s[2].label, s[2].canonical, s[2].priority},
         {"PERSON", "Xi Jinping", "PLACE", nil, 1})
  end)

  t.test("the bundled rules give the same output without lore.rules (their Lua paths)", function ()
    local files = {"rules/boilerplate.lua", "rules/entities.lua", "rules/quotes.lua",
                   "rules/figures.lua"}
    local with = lore.engine.load(files)
    local saved = lore.rules
    lore.rules = nil
    local ok, without = pcall(lore.engine.load, files)
    lore.rules = saved
    t.ok(ok, tostring(without))
    local n = 0
    for d in lore.corpus({"corpus"}) do
      local d2 = lore.doc(d.text, {id = d.id, date = d.meta.date, title = d.meta.title})
      local d1 = lore.doc(d.text, {id = d.id, date = d.meta.date, title = d.meta.title})
      t.eq(with:run(d1), nil)
      lore.rules = nil
      local ok2, problems = pcall(without.run, without, d2)
      lore.rules = saved
      t.ok(ok2, tostring(problems))
      t.eq(problems, nil)
      t.eq(d2:json({dead = true}), d1:json({dead = true}), d.id)
      n = n + 1
    end
    t.ok(n > 0)
  end)

  t.test("nwords, bisect, records", function ()
    t.eq(R.nwords(" a  b\tc\n"), 3)
    t.eq(R.nwords("one two three", 5), 2)
    t.eq(R.nwords("one two three", 2, 6), 2)
    t.eq(R.nwords("one two three", -5, -1), 1)
    t.eq(R.nwords(""), 0)
    local l = {2, 5, 5, 9}
    t.eq({R.bisect(l, 1), R.bisect(l, 5), R.bisect(l, 6), R.bisect(l, 100)}, {0, 1, 3, 4})
    t.eq(R.bisect(l, 9, 2, 3), 3)
    t.eq(R.bisect({}, 3), 0)
    local d = lore.doc("Xi met Putin in Beijing.")
    d:add("e", 0, 2, {label = "PERSON", canonical = "Xi Jinping"})
    d:add("e", 7, 12, {label = "PERSON", gender = "male"})
    d:add("e", 16, 23, {label = "PLACE", canonical = lore.json.null})
    local recs, starts = R.records(d, "e", {labels = {"PERSON"},
      fields = {ca = "canonical", ge = "gender"}, names = {start = "s", stop = "e", label = "lab"},
      const = {span = true}})
    t.eq(recs, {{s = 0, e = 2, lab = "PERSON", ca = "Xi Jinping", span = true},
                {s = 7, e = 12, lab = "PERSON", ge = "male", span = true}})
    t.eq(starts, {0, 7})
    local all = R.records(d, "e")
    t.eq(#all, 3)
    t.eq(all[3], {start = 16, stop = 23, label = "PLACE"})
    t.eq(#R.records(d, "nothing"), 0)
  end)
  t.test("tokenset", function ()
    local words = {"May", "Jan.", "two", "Rs.", "two", "first"}
    local ts = R.tokenset(words, {kind = "word", kinds = {"number", "currency"}})
    t.eq(#ts, 5)                               -- the duplicate kept once
    local text = "In May, two of Jan. 5 gifts cost $3 and Rs. 40; may MAY first-ever Two"
    local d = lore.doc(text)
    local pat = lore.pattern('[number | currency | word & text={"May" "Jan." "two" "Rs." "first"}]')
    t.eq(ts:offsets(d), pat:offsets(d))
    local o = ts:offsets(d)
    t.eq(text:sub(o[1] + 1, o[2]), "May")
    t.eq(R.tokenset({"May"}):offsets(d), {3, 6})
    t.eq(R.tokenset({}, {kinds = "currency"}):offsets(d), {33, 34})   -- "$"
    t.eq(#R.tokenset({"zzz"}, {kind = "word"}):offsets(d), 0)
    t.eq(#R.tokenset({}):offsets(lore.doc("")), 0)
    t.ok(not pcall(R.tokenset, {"a", 1}))
    t.ok(not pcall(R.tokenset, {"a"}, {kind = "nokind"}))
    -- the same offsets as the pattern on the corpus
    for dd in lore.corpus({"corpus"}) do
      local doc = lore.doc(dd.text)
      t.eq(ts:offsets(doc), pat:offsets(doc), dd.id)
    end
  end)
  t.test("number, word_before, word_after", function ()
    local s = "about 3.5 billion people and the 10th and hundreds"
    local v, stop, f, scale = R.number(s, 6)
    local v2, stop2, info = lore.number(s, 6)
    t.eq({v, stop, scale}, {v2, stop2, info.scale})
    t.eq(f, 1 | 8 | 16)                        -- numeral, scaled, decimal
    t.eq(select(3, R.number(s, 33)), 1 | 4)    -- numeral, ordinal
    t.eq(select(3, R.number(s, 42)), 2 | 32)   -- words, vague
    t.eq(R.number(s, 0), nil)
    t.ok(not pcall(R.number, s, 100))
    -- word_before, word_after: as anchored finds (on the reversed string)
    local function wb (str, p, glued)
      local rs, n = str:reverse(), #str
      local _, e, ws
      if glued then _, e, ws = rs:find("^()[%w%.'%-]+", n - p + 2)
      else _, e, ws = rs:find("^ +()[%w%.'%-]+", n - p + 2) end
      if not e or str:byte(n - e + 1) == 45 then return nil end
      return str:sub(n - e + 1, n - ws + 1), n - e + 1
    end
    local function wa (str, p)
      local _, e, st, w = str:find("^ +()(%a[%a%.']*)", p)
      if not e then return nil end
      while w:byte(#w) == 39 do w = w:sub(1, -2); e = e - 1 end
      if w:byte(#w) == 46 and not w:find("^%a%.") then w = w:sub(1, -2); e = e - 1 end
      return w, st, e
    end
    t.eq({R.word_before("said  U.S. 5", 12)}, {"U.S.", 7})
    t.eq({R.word_before("Xi-70", 3, true)}, {"Xi", 1})
    t.eq(R.word_before("a -b 5", 6), nil)
    t.eq({R.word_after("5 countries' envoys", 2)}, {"countries", 3, 11})
    t.eq({R.word_after("in the U.S. now", 7)}, {"U.S.", 8, 11})
    t.eq({R.word_after("two days.", 4)}, {"days", 5, 8})
    local alphabet = {" ", " ", "a", "B", "7", ".", "'", "-", ",", "\xC3\xA9"}
    math.randomseed(7)
    for _ = 1, 3000 do
      local parts = {}
      for k = 1, math.random(0, 12) do parts[k] = alphabet[math.random(#alphabet)] end
      local str = table.concat(parts)
      for p = 1, #str + 1 do
        t.eq({R.word_before(str, p)}, {wb(str, p)}, str .. "@" .. p)
        t.eq({R.word_before(str, p, true)}, {wb(str, p, true)}, str .. "@" .. p)
        t.eq({R.word_after(str, p)}, {wa(str, p)}, str .. "@" .. p)
      end
    end
  end)
end
