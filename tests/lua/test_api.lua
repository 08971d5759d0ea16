-- Tests of the lore Lua API: documents, tokens, ranges, spans, layers,
-- errors, regex, gazetteers, token patterns, LPeg, numbers, JSON, corpus.
return function (t)
  local lore = require "lore"
  local lpeg = require "lpeg"

  local TEXT = "Russia's Putin met Xi in Beijing.\nHe said \"old friend\" twice."

  t.test("document fields", function ()
    local d = lore.doc(TEXT, {id = "d1", title = "Headline", date = "2023-10-18"})
    t.eq(d.id, "d1")
    t.eq(d.meta.title, "Headline")
    t.eq(d.meta.date, "2023-10-18")
    t.eq(d.text, TEXT)
    t.eq(#d, #TEXT)
    t.eq(d.ntokens, 16)
    t.eq(d.nsentences, 2)
    t.eq(d.nparagraphs, 2)
    t.eq(d.warnings, 0)
    t.eq(d:sub(0, 6), "Russia")
    t.eq(d:sub(25), "Beijing.\nHe said \"old friend\" twice.")
  end)

  t.test("tokens: offsets, kinds, flags, iteration", function ()
    local d = lore.doc(TEXT)
    local texts, kinds = {}, {}
    for i, tok in d:tokens() do
      t.eq(tok.i, i)
      texts[#texts + 1] = tok.text
      kinds[#kinds + 1] = tok.kind
    end
    t.eq(texts, {"Russia", "'s", "Putin", "met", "Xi", "in", "Beijing", ".", "He", "said",
                 '"', "old", "friend", '"', "twice", "."})
    t.eq(kinds[2], "word")
    t.eq(kinds[8], "punct")
    t.eq(kinds[11], "quote")
    local q1, q2 = d:token(11), d:token(14)
    t.eq(q1.quote, "open")
    t.eq(q2.quote, "close")
    t.eq(d:token(2).clitic, true)
    local putin = d:token(3)
    t.eq({putin.start, putin.stop}, {9, 14})
    t.eq(putin.cap, true)
    t.eq(putin.title, true)
    t.eq(putin.lower, false)
    t.eq(d:token(1).sent_start, true)
    t.eq(d:token(9).para_start, true)
    t.eq(d:token(8).sent_end, true)
    t.eq(putin.next.text, "met")
    t.eq(putin.prev.text, "'s")
    t.eq(d:token(17), nil)
    t.eq(d:token_at(10).text, "Putin")
    t.eq(d:token_at(14).text, "met")       -- the space: the next token
    local sub = {}
    for _, tok in d:tokens(3, 5) do sub[#sub + 1] = tok.text end
    t.eq(sub, {"Putin", "met", "Xi"})
    t.eq(d:token(1).norm, "russia")
  end)

  t.test("sentences and paragraphs", function ()
    local d = lore.doc(TEXT)
    local s = {}
    for i, r in d:sentences() do s[i] = r.text end
    t.eq(s, {"Russia's Putin met Xi in Beijing.", "He said \"old friend\" twice."})
    local p2 = d:paragraph(2)
    t.eq({p2.start, p2.stop, p2.first, p2.last}, {34, 61, 9, 16})
    local words = {}
    for _, tok in p2:tokens() do words[#words + 1] = tok.text end
    t.eq(#words, 8)
    t.eq(d:sentence_at(40).i, 2)
    t.eq(d:paragraph_at(0).i, 1)
  end)

  t.test("argument errors are Lua errors with clear messages", function ()
    local d = lore.doc(TEXT)
    t.raises(function () d:sub(0, 9000) end,
             "bad argument #2 to 'sub' (offset 9000 beyond end of document)")
    t.raises(function () d:sub(-1) end, "bad argument #1 to 'sub' (negative offset -1)")
    t.raises(function () d:sub(10, 5) end, "end before start")
    t.raises(function () lore.doc({}) end, "bad argument #1 to 'doc' (string expected, got table)")
    t.raises(function () d:add("entities", 0, 99) end, "beyond end of document")
    t.raises(function () d:add("", 0, 1) end, "layer names")
    t.raises(function () d.tokens(42) end, "lore.Doc expected")
  end)

  t.test("spans: add, attributes, queries, filters", function ()
    local d = lore.doc(TEXT)
    local s = d:add("entities", 9, 14, {label = "PERSON", canonical = "Vladimir Putin", n = 2,
                                        score = 0.5, ok = true, aliases = {"Putin"}})
    d:add("entities", 0, 6, {label = "PLACE"})
    d:add("entities", 25, 32, {label = "PLACE"})
    t.eq(s.text, "Putin")
    t.eq(s.label, "PERSON")
    t.eq(s.layer, "entities")
    t.eq(s.canonical, "Vladimir Putin")
    t.eq(s.n, 2)
    t.eq(s.score, 0.5)
    t.eq(s.ok, true)
    t.eq(s.aliases, {"Putin"})
    t.eq(s.missing, nil)
    s.speaker = "x"
    t.eq(s:get("speaker"), "x")
    t.raises(function () s.start = 3 end, "read-only")
    local all = d:spans("entities")
    t.eq(#all, 3)
    t.eq(all[1].text, "Russia")             -- document order
    t.eq(#d:spans("entities", "PLACE"), 2)
    t.eq(#d:spans("entities", {label = "PERSON"}), 1)
    t.eq(#d:spans("entities", {inside = {0, 20}}), 2)
    t.eq(d:spans("entities", {covering = {10, 12}})[1].text, "Putin")
    t.eq(d:spans("entities", {at = 26})[1].text, "Beijing")
    t.eq(#d:spans("entities", function (x) return x.text:match("^B") end), 1)
    t.eq(#d:spans("nolayer"), 0)
    t.eq(d:layers(), {"entities"})
    t.eq(s:attrs().canonical, "Vladimir Putin")
    local n = d:add("quotes", 0, 6, {speaker = lore.json.null, zeta = 1, alpha = 2})
    t.eq(n.speaker, nil)                    -- a JSON null reads as nil
    t.eq(n:attrs().speaker, lore.json.null)
    local j = lore.json.decode(d:json())
    t.eq(j.quotes[1].speaker, lore.json.null)
    t.ok(d:json():find('"alpha":2,"speaker":null,"zeta":1', 1, true), "attributes in key order")
  end)

  t.test("columns and offsets: bulk reads", function ()
    local d = lore.doc("Xi met Putin. They talked.")
    d:add("e", 7, 12, {label = "PERSON", canonical = "Vladimir Putin", rule = "r.lua:x"})
    d:add("e", 0, 2, {label = "PERSON", gender = "m", canonical = lore.json.null})
    local c = d:columns("e", {"canonical", "gender"})
    t.eq(c.n, 2)
    t.eq(c.start, {0, 7})
    t.eq(c.stop, {2, 12})
    t.eq(c.label, {"PERSON", "PERSON"})
    t.eq(c.rule, {[2] = "r.lua:x"})
    t.eq(c.canonical, {[2] = "Vladimir Putin"})
    t.eq(c.gender, {"m"})
    t.eq(d:columns("none").n, 0)
    t.eq(d:offsets("sentences"), {0, 13, 14, 26})
    t.eq(d:offsets("paragraphs"), {0, 26})
    t.eq(#d:offsets("tokens"), 2 * d.ntokens)
  end)

  t.test("conflicts: longest, priority, dead spans kept for explain", function ()
    local d = lore.doc("President Xi Jinping spoke.")
    local a = d:add("e", 10, 12, {label = "PERSON", priority = 5})
    local b = d:add("e", 10, 20, {label = "PERSON", priority = 1})
    d:resolve("e", "longest")
    t.eq(#d:spans("e"), 1)
    t.eq(d:spans("e")[1].text, "Xi Jinping")
    t.eq(a.alive, false)
    t.eq(a.beaten_by.text, "Xi Jinping")
    t.eq(#d:spans("e", {dead = true}), 2)
    local d2 = lore.doc("President Xi Jinping spoke.")
    d2:add("e", 10, 12, {priority = 5})
    d2:add("e", 10, 20, {priority = 1})
    d2:resolve("e", "priority")
    t.eq(d2:spans("e")[1].text, "Xi")
    t.eq(b.alive, true)
  end)

  t.test("remove_inside: spans inside another layer's spans go, as s:remove()", function ()
    local d = lore.doc("Share this: Xi met Putin in Beijing.")
    d:add("boiler", 0, 11)
    local dead = d:add("boiler", 12, 36)
    dead:remove()                                    -- dead spans exclude nothing
    local a = d:add("e", 0, 5)                       -- inside [0,11)
    local b = d:add("e", 6, 11, {label = "X"})       -- ends at its end
    local c = d:add("e", 8, 14)                      -- sticks out
    local e = d:add("e", 12, 14)                     -- inside only a dead span
    t.eq(d:remove_inside("e", "boiler"), 2)
    t.eq(a.alive, false)
    t.eq(a.removed, true)
    t.eq(b.removed, true)
    t.eq(c.alive, true)
    t.eq(e.alive, true)
    t.eq(#d:spans("e"), 2)
    t.eq(#d:spans("e", {dead = true}), 4)
    t.eq(d:remove_inside("e", "boiler"), 0)
    -- missing layers: nothing happens, nothing is made
    t.eq(d:remove_inside("e", "nope"), 0)
    t.eq(d:remove_inside("nope", "e"), 0)
    local names = d:layers()
    table.sort(names)
    t.eq(names, {"boiler", "e"})
    -- a layer inside itself: all its live spans go
    t.eq(d:remove_inside("e", "e"), 2)
    t.eq(#d:spans("e"), 0)
  end)

  t.test("the spans of one document are capped by lore.span_memory", function ()
    local old = lore.span_memory()
    lore.span_memory(1 << 20)
    local d = lore.doc("flood", {id = "f1"})
    t.raises(function ()
      for i = 1, 1e7 do d:add("x", 0, 5, {v = "value number " .. i}) end
    end, "the spans of document f1 use more than 1 MiB")
    lore.span_memory(old)
    t.eq(lore.span_memory(), old)
  end)

  t.test("span filters: bad ranges and unknown keys are named", function ()
    local d = lore.doc("Xi met Putin in Beijing.")
    d:add("e", 0, 2, {label = "PERSON"})
    t.raises(function () d:spans("e", {inside = {5}}) end,
             "bad argument #2 to 'spans' (filter 'inside' must be {start, stop} (two integers))")
    t.raises(function () d:spans("e", {inside = 5}) end, "filter 'inside' must be {start, stop}")
    t.raises(function () d:spans("e", {covering = {9, 8}}) end, "filter 'covering': start 9 after stop 8")
    t.raises(function () d:spans("e", {covering = {0, 99}}) end,
             "filter 'covering': range [0, 99) beyond the document")
    t.raises(function () d:spans("e", {at = 99}) end, "filter 'at': offset 99 beyond the document (24 bytes)")
    t.raises(function () d:spans("e", {bogus = 1}) end, "unknown filter key 'bogus'")
    t.raises(function () d:spans("e", {inside = {0, 3}, at = 1}) end,
             "at most one of inside, covering, overlapping, exact and at")
    t.eq(#d:spans("e", {at = 1, label = "PERSON", dead = true}), 1)
  end)

  t.test("misused meta, span fields and pool options are named", function ()
    t.raises(function () lore.doc("x", {para = "zzz"}) end,
             "bad argument #2 to 'doc' (meta.para must be 'auto', 'line' or 'blank', got 'zzz')")
    t.raises(function () lore.doc("x", {title = print}) end, "meta.title must be a string, got function")
    t.eq(lore.doc("x", {id = 7, para = "line", mine = {1}}).meta.mine[1], 1)
    local d = lore.doc("Xi met Putin.")
    t.raises(function () d:add("e", 0, 2, {priority = "high"}) end,
             "bad argument #4 to 'add' (priority must be an integer, got string)")
    t.raises(function () lore.pool{} end,
             "bad argument #1 to 'pool' (field 'inputs' must be a list of paths, got nil)")
    t.raises(function () lore.pool{inputs = {}, jobs = "a"} end, "field 'jobs' must be an integer, got string")
    t.raises(function () lore.pool{inputs = {}, module = 5} end, "field 'module' must be a string, got number")
  end)

  t.test("spans of a cleared layer raise, never crash or alias", function ()
    local d = lore.doc("Xi met Putin.")
    local s = d:add("x", 0, 2)
    local keep = d:add("y", 7, 12)
    d:clear("x")
    local msg = "attempt to use a span of layer 'x' after doc:clear('x')"
    t.raises(function () return s.text end, msg)
    d:add("x", 3, 6)                         -- takes the old id
    t.raises(function () return s.label end, msg)
    t.raises(function () s.who = 1 end, msg)
    t.raises(function () return tostring(s) end, msg)
    t.eq(d:spans("x")[1].text, "met")
    t.eq(keep.text, "Putin")                 -- other layers untouched
  end)

  t.test("closed documents: children raise, never crash", function ()
    local d = lore.doc(TEXT)
    local tok = d:token(1)
    local s = d:add("x", 0, 6)
    d:close()
    t.eq(d.closed, true)
    t.raises(function () return tok.text end, "attempt to use a closed document")
    t.raises(function () return s.text end, "attempt to use a closed document")
    t.raises(function () return d:sub(0, 1) end, "attempt to use a closed document")
    d:close()                                -- idempotent
    do
      local d2 <close> = lore.doc("x")
      t.eq(d2.ntokens, 1)
    end
  end)

  t.test("a span keeps its document alive", function ()
    local s
    do
      local d = lore.doc("Keep me alive.")
      s = d:add("x", 0, 4)
    end
    collectgarbage()
    collectgarbage()
    t.eq(s.text, "Keep")
    t.eq(s.doc.text, "Keep me alive.")
  end)

  t.test("invalid UTF-8 and NUL bytes", function ()
    local d = lore.doc("ab\xff\xfecd \0 ok")
    t.ok(d.warnings >= 2, "warnings counted")
    local kinds = {}
    for _, tok in d:tokens() do kinds[#kinds + 1] = tok.kind end
    t.ok(#kinds >= 4)
    local j = lore.json.decode(d:json())
    t.eq(j.id, lore.json.null)
  end)

  t.test("json line of a document", function ()
    local d = lore.doc("Putin met Xi.", {id = "x1", title = "T"})
    d:add("entities", 0, 5, {label = "PERSON", canonical = "Vladimir Putin", rule = "r.lua:p"})
    lore.label_key("figures", "kind")
    d:add("figures", 10, 12, {label = "quantity", value = 2})
    d:add("_hidden", 0, 1)
    local j = lore.json.decode(d:json())
    t.eq(j.id, "x1")
    t.eq(j.meta.title, "T")
    t.eq(j.entities[1], {start = 0, ["end"] = 5, text = "Putin", label = "PERSON",
                         canonical = "Vladimir Putin", rule = "r.lua:p"})
    t.eq(j.figures[1].kind, "quantity")
    t.eq(j.figures[1].value, 2)
    t.eq(j._hidden, nil)
  end)

  t.test("regex over strings and documents", function ()
    local re = lore.regex("(?<first>[A-Z]\\w+) (\\w+)")
    local m = re:match("the Russian leader")
    t.eq({m.start, m.stop, m.text, m[1], m[2], m.first}, {4, 18, "Russian leader", "Russian", "leader", "Russian"})
    t.eq(m.spans.first, {4, 11})
    local d = lore.doc(TEXT)
    local s, e = lore.regex("Beijing"):find(d)
    t.eq({s, e}, {25, 32})
    t.eq(lore.regex("x"):find("abc"), nil)
    local all = {}
    for mm in lore.regex("\\p{Lu}\\w+"):gmatch(d) do all[#all + 1] = mm.text end
    t.eq(all, {"Russia", "Putin", "Xi", "Beijing", "He"})
    t.eq(#lore.regex("a*"):scan("baaa"), 3)    -- "", "aaa", "" at end
    t.eq(lore.regex("zürich", "i"):find("ZÜRICH"), 0)
    t.raises(function () lore.regex("a(b") end, "offset 3")
    t.eq(lore.regex("é"):find("caf\xff é"), 5)  -- invalid bytes do not shift offsets
    local n = lore.regex("[A-Z]\\w+"):spans(d, "caps", {label = "CAP"})
    t.eq(n, 5)
    t.eq(d:spans("caps")[2].label, "CAP")
  end)

  t.test("regex limits stop catastrophic backtracking", function ()
    local re = lore.regex("(a+)+$")
    t.raises(function () re:find(string.rep("a", 50000) .. "!") end, "limit")
  end)

  t.test("gazetteers", function ()
    local g = lore.gazetteer({"Beijing", "Xi Jinping", {"Putin", {label = "PERSON", canonical = "Vladimir Putin"}}},
                             {ignore_case = true})
    t.eq(#g, 3)
    local d = lore.doc("Xi Jinping met PUTIN in beijing; Xi Jinpings.")
    local m = g:scan(d)
    t.eq(#m, 3)
    t.eq({m[1].text, m[1].first, m[1].last}, {"Xi Jinping", 1, 2})
    t.eq(m[2].payload.canonical, "Vladimir Putin")
    t.eq(m[3].text, "beijing")
    t.eq(g:spans(d, "entities", {rule = 1}), 3)
    local sp = d:spans("entities")
    t.eq(sp[2].label, "PERSON")
    t.eq(sp[2].canonical, "Vladimir Putin")
    local id, payload = g:lookup("putin")
    t.eq(id, 3)
    t.eq(payload.label, "PERSON")
  end)

  t.test("gazetteer from a TSV file with columns", function ()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("# comment\nXinhua\tORG\tXinhua News Agency\nNew York City\tPLACE\tNew York\n")
    f:close()
    local g = lore.gazetteer(path, {columns = {"label", "canonical"}})
    os.remove(path)
    local d = lore.doc("Xinhua reported from New York City.")
    local m = g:scan(d)
    t.eq(#m, 2)
    t.eq(m[1].payload, {label = "ORG", canonical = "Xinhua News Agency"})
    t.eq(m[2].text, "New York City")
    t.raises(function () lore.gazetteer("/nonexistent/file.tsv") end, "/nonexistent/file.tsv")
  end)

  t.test("token patterns: string and table forms", function ()
    local d = lore.doc("Chinese President Xi Jinping said that Russian leader Vladimir Putin told reporters.")
    local p = lore.pattern("[lower={president leader}] (?<name>[cap]+) {said told}")
    local m = p:scan(d)
    t.eq(#m, 2)
    t.eq(m[1].captures.name.text, "Xi Jinping")
    t.eq(m[2].captures.name.text, "Vladimir Putin")
    t.eq({m[1].first, m[1].last}, {2, 5})
    local q = lore.pattern{{lower = {"president", "leader"}}, {cap = true, op = "+", capture = "name"}}
    local m2 = q:scan(d)
    t.eq(m2[1].captures.name.text, "Xi Jinping")
    t.eq(p.captures, {"name"})
    t.raises(function () lore.pattern("[cap") end, "offset")
    local n = p:spans(d, "people", {label = "PERSON", capture = "name"})
    t.eq(n, 2)
    t.eq(d:spans("people")[1].text, "Xi Jinping")
  end)

  t.test("token patterns over spans and gazetteers", function ()
    local d = lore.doc("Xi Jinping told Putin that trade grew.")
    d:add("entities", 0, 10, {label = "PERSON"})
    d:add("entities", 16, 21, {label = "PERSON"})
    local p = lore.pattern("(?<who><PERSON>) {told said} (?<to><PERSON>)")
    local m = p:scan(d)
    t.eq(#m, 1)
    t.eq(m[1].captures.who.text, "Xi Jinping")
    t.eq(m[1].captures.to.text, "Putin")
    local verbs = lore.gazetteer({"told", "said"})
    local q = lore.pattern("<PERSON> @verbs", {gazetteers = {verbs = verbs}})
    t.eq(q:scan(d)[1].text, "Xi Jinping told")
  end)

  t.test("flat offsets of regexes, patterns and gazetteers", function ()
    local d = lore.doc("Xi Jinping told Putin in Beijing.")
    t.eq(lore.regex("(P)(x)?utin"):offsets(d), {16, 21, 16, 17, -1, -1})
    t.eq(lore.pattern("(?<who>[cap]+) told"):offsets(d), {0, 15, 0, 10})
    t.eq(lore.gazetteer({"Putin", "Beijing"}):offsets(d), {16, 21, 1, 25, 32, 2})
  end)

  t.test("LPeg over documents", function ()
    local d = lore.doc(TEXT)
    local m = lore.lpeg.scan(d, lpeg.P"Xi" + "Beijing")
    t.eq(#m, 2)
    t.eq({m[1].start, m[1].stop}, {19, 21})
    local snapped = lore.lpeg.scan(d, lpeg.P"eijin", {snap = true})
    t.eq({snapped[1].start, snapped[1].stop, snapped[1].text}, {25, 32, "Beijing"})
    -- white space at the ends is left out, never widened into the next token
    local d2 = lore.doc("Xi met  Putin. Then")
    local w = lore.lpeg.scan(d2, lpeg.P" met ", {snap = true})
    t.eq({w[1].start, w[1].stop, w[1].text}, {3, 6, "met"})
    local sp = lore.lpeg.scan(d2, lpeg.P"  ", {snap = true})
    t.eq({sp[1].start, sp[1].stop}, {6, 8})
    t.eq(lore.lpeg.scan(d2, lpeg.P"tin. Th", {snap = true})[1].text, "Putin. Then")
  end)

  t.test("numbers", function ()
    t.eq((lore.number("1.4 million")), 1400000)
    t.eq((lore.number("twenty-five people")), 25)
    local v, stop, info = lore.number("$190 billion", 1)
    t.eq({v, stop, info.scaled}, {190000000000, 12, true})
    t.eq(lore.number("the"), nil)
    t.eq((lore.number_word("third")), 3)
  end)

  t.test("date arithmetic", function ()
    local D = lore.date
    t.eq(D.days(2023, 10, 18), 19648)
    t.eq({D.civil(19648)}, {2023, 10, 18})
    t.eq({D.civil(-1)}, {1969, 12, 31})
    t.eq(D.days(2024, 2, 30), D.days(2024, 3, 1))     -- rolls on, as mktime
    t.eq({D.month_days(2024, 2), D.month_days(2100, 2)}, {29, 28})
    t.eq(D.weekday(D.days(2023, 10, 22)), 7)
    t.eq({D.iso_week(D.days(2021, 1, 3))}, {2020, 53})
    t.eq({D.civil(D.iso_monday(2025, 1))}, {2024, 12, 30})
    t.raises(function () D.days(2023, 13, 1) end, "month 13 not in 1..12")
    t.raises(function () D.iso_monday(2023, 54) end, "week 54 not in 1..53")
    t.raises(function () D.civil(1 << 60) end, "day number out of range")
    t.raises(function () D.days("x", 1, 1) end, "number expected, got string")
  end)

  t.test("json encode/decode", function ()
    t.eq(lore.json.encode({b = 1, a = {1, 2, "x"}, c = true}), '{"a":[1,2,"x"],"b":1,"c":true}')
    t.eq(lore.json.decode('{"x":[1,2.5,null]}').x[2], 2.5)
    t.eq(lore.json.decode('{"x":null}').x, lore.json.null)
    t.eq(lore.json.encode("a\0b\n\xff"), '"a\\u0000b\\n\xef\xbf\xbd"')
    local v, err = lore.json.decode("{bad")
    t.eq(v, nil)
    t.ok(err:find("invalid JSON"))
    t.eq(lore.json.encode(lore.json.array()), "[]")
    t.raises(function () lore.json.encode({f = print}) end, "cannot encode")
  end)

  t.test("corpus reading", function ()
    local ids = {}
    for d in lore.corpus({"corpus"}) do ids[#ids + 1] = d.id end
    t.eq(ids, {"000_a7dc20db6077fbda", "001_d453ebd82be5d424", "002_5f0d9263cf5a718c",
               "003_66b3fbca82e43ea4", "004_2e37a21424fc0a69"})
    for d in lore.corpus("corpus/003_66b3fbca82e43ea4.txt") do
      t.eq(d.meta.date, "2023-10-18")       -- meta.tsv wins over the file's Date: line
    end
    local warned = {}
    for _ in lore.corpus({"/nonexistent-dir"}, {warn = function (w) warned[#warned + 1] = w end}) do end
    t.eq(#warned, 1)
    t.eq(warned[1].path, "/nonexistent-dir")
    local s1, s2 = 0, 0
    for _ in lore.corpus({"corpus"}, {shard = "1/2"}) do s1 = s1 + 1 end
    for _ in lore.corpus({"corpus"}, {shard = "2/2"}) do s2 = s2 + 1 end
    t.eq(s1 + s2, 5)
    t.raises(function () lore.corpus({"corpus"}, {shard = "3/2"}) end, "bad shard")
  end)

  t.test("module facts", function ()
    t.ok(lore._VERSION:match("^%d+%.%d+%.%d+$"))
    t.ok(lore.home and lore.home ~= "")
    t.eq(type(lore.engine.load), "function")
  end)

  t.test("a layer is resolved after the layers it excludes, whatever the order of declaration", function ()
    -- b's spans [0,10) and [8,30) conflict: the longest wins, [0,10) dies.
    -- a's span [1,5) lies inside the dead one only, so it must survive: b
    -- is resolved before a removes what lies inside b's spans.
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write([[
phase "p"
layer("a", {exclude = {"b"}})
layer("b", {policy = "longest"})
rule { name = "b1", layer = "b", regex = "^.{10}" }
rule { name = "b2", layer = "b", regex = "(?<=^.{8}).{22}" }
rule { name = "a1", layer = "a", regex = "(?<=^.).{4}" }
]])
    f:close()
    local rs = lore.engine.load({path})
    local function offs (d, layer)
      local c, o = d:columns(layer), {}
      for i = 1, c.n do o[#o + 1] = c.start[i]; o[#o + 1] = c.stop[i] end
      return o
    end
    local names = {}
    for i, l in ipairs(rs:layer_order()) do names[i] = l.name end
    t.eq(names, {"b", "a"})
    for _ = 1, 3 do
      local d = lore.doc(string.rep("x", 40))
      rs:run(d)
      t.eq(offs(d, "b"), {8, 30})
      t.eq(offs(d, "a"), {1, 5})
      d:close()
    end
    -- a cycle of excludes is refused when the rules load
    f = assert(io.open(path, "w"))
    f:write('phase "p"\nlayer("x", {exclude = {"y"}})\nlayer("y", {exclude = "x"})\n')
    f:close()
    t.raises(function () lore.engine.load({path}) end, "layer 'x' excludes itself through its exclude lists")
    -- inline examples: an absent attribute (NaN, written as null) is
    -- asserted with lore.json.null; a mismatch shows it as null
    f = assert(io.open(path, "w"))
    f:write([[
phase "p"
layer("n")
rule { name = "num", layer = "n", regex = "[0-9]+",
       action = function (m) m.attrs.v = m.text == "7" and 7 or 0 / 0 end,
       examples = {{"7 and 8", {"7", v = 7}, {"8", v = lore.json.null}},
                   {"9", {"9", v = 9}},
                   {"7", {"7", v = lore.json.null}}} }
]])
    f:close()
    rs = lore.engine.load({path})
    local msgs = {}
    t.eq({rs:test(function (_, i, _, msg) msgs[#msgs + 1] = i .. ": " .. msg end)}, {1, 2})
    t.eq(msgs, {"2: '9': expected v = 9, found null", "3: '7': expected v = null, found 7"})
    os.remove(path)
  end)

  t.test("rule files: unknown labels in patterns and unknown rule fields fail at load", function ()
    local path = os.tmpname()
    local function load (src)
      local f = assert(io.open(path, "w"))
      f:write(src)
      f:close()
      return lore.engine.load({path})
    end
    local base = 'phase "p"\nlayer("people", {labels = {"PERSON"}})\n'
    t.raises(function () load(base .. 'rule { name = "s", layer = "said", label = "SAID", ' ..
                                       'pattern = "<people:PERSN> said" }\n') end,
             path .. ":3: rule 's': unknown label 'PERSN' in its pattern (labels of the rule set: " ..
             "PERSON, SAID; declare a label")
    t.raises(function () load(base .. 'rule { name = "s", layer = "said", lable = "SAID", regex = "x" }\n') end,
             path .. ":3: rule 's': unknown field 'lable'")
    -- labels declared on a layer or made by a rule are known
    local rs = load(base .. 'rule { name = "p", layer = "people", match = function () return {} end,\n' ..
                    '  labels = {"GROUP"} }\n' ..
                    'rule { name = "s", layer = "said", label = "SAID", pattern = "(<people:PERSON> | <people:GROUP>) said" }\n' ..
                    'rule { name = "s2", layer = "said2", pattern = "<said:SAID>" }\n')
    t.eq(#rs.rules, 3)
    os.remove(path)
  end)
end
