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

  -- {=====================================================================
  -- API polish: regex match tables and limits, option checks, gazetteer
  -- repeats and payload columns, token pattern ranges and error positions.
  -- The message of the error fn raises (fn must raise), without position.
  local function errmsg (fn)
    local ok, err = pcall(fn)
    t.eq(ok, false, "expected an error")
    return (tostring(err):gsub("^[^:\n]+:%d+: ", ""))   -- no "file:line: "
  end

  t.test("regex match tables: groups never hide the match's fields; unset groups are false", function ()
    local m = lore.regex("x(?<start>\\d+)(?<text>y)?(?<n>z)?(?<w>w)?"):match("..x12z")
    t.eq(m, {start = 2, stop = 6, text = "x12z",
             "12", false, "z", false, n = "z", w = false,
             spans = {{3, 5}, false, {5, 6}, false, start = {3, 5}, text = false, n = {5, 6}, w = false},
             captures = {{start = 3, stop = 5, text = "12"}, [3] = {start = 5, stop = 6, text = "z"},
                         start = {start = 3, stop = 5, text = "12"}, n = {start = 5, stop = 6, text = "z"}}})
    -- every name of a match field, or of what rule actions put on a match
    for _, f in ipairs({"stop", "text", "spans", "captures", "label", "layer", "attrs", "doc", "rule"}) do
      local r = lore.regex("a(?<" .. f .. ">b)"):match("ab")
      t.eq(r.captures[f], {start = 1, stop = 2, text = "b"}, f)
      t.eq(r[f] ~= "b", true, f)
    end
    t.eq(lore.regex("a(?<label>b)"):match("ab").label, nil)
    -- duplicate names: the group that took part
    local d = lore.regex("(?J)(?<n>a)|(?<n>b)"):match("b")
    t.eq({d[1], d[2], d.n, d.spans.n, d.captures.n.text, d.captures[1]}, {false, "b", "b", {0, 1}, "b", nil})
    d = lore.regex("(?J)(?<n>a)|(?<n>b)"):match("a")
    t.eq({d.n, d.spans.n, d.captures[2]}, {"a", {0, 1}, nil})
    -- gmatch and scan make the same tables
    t.eq(lore.regex("(?<stop>\\d)"):scan("a1b2")[2], {start = 3, stop = 4, text = "2", "2",
         spans = {{3, 4}, stop = {3, 4}}, captures = {{start = 3, stop = 4, text = "2"}, stop = {start = 3, stop = 4, text = "2"}}})
    -- a regex rule with an action keeps its capture (the engine reads m.captures)
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write([[
phase "p"
layer("n")
rule { name = "apples", layer = "n", regex = "(?<n>[0-9]+) apples", capture = "n",
       action = function (m) m.attrs.whole = m.captures.n.text .. "!" end }
rule { name = "pears", layer = "n", regex = "([0-9]+) pears", capture = 1,
       action = function (m) m.attrs.whole = m[1] end }
]])
    f:close()
    local rs = lore.engine.load({path})
    os.remove(path)
    local doc = lore.doc("3 apples and 4 pears")
    rs:run(doc)
    local got = {}
    for _, s in ipairs(doc:spans("n")) do got[#got + 1] = {s.start, s.stop, s.whole} end
    t.eq(got, {{0, 1, "3!"}, {13, 14, "4"}})
  end)

  t.test("regex limits: a long linear match works, catastrophic backtracking stops with a clear error", function ()
    local QUOTED = '"(?:\\\\.|[^"\\\\])*"'
    local q = '"' .. string.rep("x", 150000) .. '\\"' .. string.rep("y", 150000) .. '"'
    local subject = "say " .. q .. " now"
    t.ok(#q > 300000)
    for _, fl in ipairs({"", "J"}) do
      t.eq({lore.regex(QUOTED, fl):find(subject)}, {4, 4 + #q}, "flags " .. fl)
    end
    -- the match limit stops runaway patterns, with the pattern (and the
    -- document) in the message; tests/test_regex.c has both engines on more
    t.eq(errmsg(function () lore.regex("^(\\w+\\s?)*$"):find(string.rep("word ", 2000) .. "word!") end),
         "match limit exceeded in /^(\\w+\\s?)*$/")
    local d = lore.doc(string.rep("a", 3000) .. "b", {id = "cat"})
    t.eq(errmsg(function () lore.regex("(a+)+$"):scan(d) end),
         "match limit exceeded in /(a+)+$/ (document cat)")
    -- re:limits sets each limit, the JIT stack included; the regex stays usable
    local re = lore.regex(QUOTED)
    if re.jit then
      t.eq(re:limits{jit_stack_kib = 64}, re)
      t.eq(errmsg(function () re:find(q) end), "JIT stack limit exceeded in /" .. QUOTED .. "/")
      re:limits{jit_stack_kib = 65536}
      t.eq({re:find(q)}, {0, #q})
    end
    local nj = lore.regex(QUOTED, "J")
    nj:limits{heap_kib = 1024}
    t.eq(errmsg(function () nj:find(q) end), "heap limit exceeded in /" .. QUOTED .. "/")
    nj:limits{heap_kib = 262144, depth = 1000}
    t.eq(errmsg(function () nj:find(q) end), "depth limit exceeded in /" .. QUOTED .. "/")
    nj:limits{depth = 10000000, match = 100}
    t.eq(errmsg(function () nj:find(q) end), "match limit exceeded in /" .. QUOTED .. "/")
    nj:limits{match = 10000000}
    t.eq({nj:find('say "hi" now')}, {4, 8})
    -- bad limits
    t.eq(errmsg(function () re:limits{match = -1} end),
         "bad argument #1 to 'limits' (limit 'match' must be in 1..4294967295, got -1)")
    t.eq(errmsg(function () re:limits{depth = 0} end),
         "bad argument #1 to 'limits' (limit 'depth' must be in 1..4294967295, got 0)")
    t.eq(errmsg(function () re:limits{heap_kib = 1 << 32} end),
         "bad argument #1 to 'limits' (limit 'heap_kib' must be in 1..4294967295, got 4294967296)")
    t.eq(errmsg(function () re:limits{jit_stack_kib = 16} end),
         "bad argument #1 to 'limits' (limit 'jit_stack_kib' must be in 32..4294967295, got 16)")
    t.eq(errmsg(function () re:limits{match = 1.5} end),
         "bad argument #1 to 'limits' (option 'match' must be an integer, got 1.5)")
    t.eq(errmsg(function () re:limits{match = "9"} end),
         "bad argument #1 to 'limits' (option 'match' must be a number, got string)")
    t.eq(errmsg(function () re:limits{bogus = 1} end),
         "bad argument #1 to 'limits' (unknown option 'bogus'; expected match, depth, heap_kib or jit_stack_kib)")
    t.eq(errmsg(function () re:limits() end), "bad argument #1 to 'limits' (table expected, got no value)")
    t.eq(re:limits{}, re)
  end)

  t.test("option tables: unknown keys and wrong types are errors", function ()
    local d = lore.doc("Xi met Putin in Beijing.")
    local g = lore.gazetteer({"Putin"})
    local p = lore.pattern("[cap]")
    local re = lore.regex("[A-Z]")
    local cases = {
      {function () lore.gazetteer({"Xi"}, {ignorecase = true}) end,
       "bad argument #2 to 'gazetteer' (unknown option 'ignorecase'; expected ignore_case, ignore_accents, mode, columns or name)"},
      {function () lore.gazetteer({"Xi"}, {mode = "overlap"}) end,
       "bad argument #2 to 'gazetteer' (option 'mode' must be 'longest' or 'all', got 'overlap')"},
      {function () lore.gazetteer({"Xi"}, {columns = "label"}) end,
       "bad argument #2 to 'gazetteer' (option 'columns' must be a table, got string)"},
      {function () lore.gazetteer({"Xi"}, {columns = {"label", 2}}) end,
       "bad argument #2 to 'gazetteer' (columns[2] must be a string, got number)"},
      {function () lore.gazetteer({"Xi"}, "all") end,
       "bad argument #2 to 'gazetteer' (table expected, got string)"},
      {function () g:scan(d, {mode = "all", overlap = true}) end,
       "bad argument #2 to 'scan' (unknown option 'overlap'; expected mode)"},
      {function () g:offsets(d, {mode = "every"}) end,
       "bad argument #2 to 'offsets' (option 'mode' must be 'longest' or 'all', got 'every')"},
      {function () g:spans(d, "e", {lable = "PERSON"}) end,
       "bad argument #3 to 'spans' (unknown option 'lable'; expected label, priority, rule or mode)"},
      {function () g:spans(d, "e", {label = 1}) end,
       "bad argument #3 to 'spans' (option 'label' must be a string, got number)"},
      {function () lore.pattern("[cap]", {gazetteer = {}}) end,
       "bad argument #2 to 'pattern' (unknown option 'gazetteer'; expected gazetteers, layer or mode)"},
      {function () lore.pattern("[cap]", {mode = "shortest"}) end,
       "bad argument #2 to 'pattern' (option 'mode' must be 'longest' or 'first', got 'shortest')"},
      {function () p:scan(d, {overlaps = true}) end,
       "bad argument #2 to 'scan' (unknown option 'overlaps'; expected overlap, sentence, nonempty, budget, from or to)"},
      {function () p:offsets(d, {budget = -1}) end,
       "bad argument #2 to 'offsets' (option 'budget' is negative (-1))"},
      {function () p:spans(d, "e", {captures = "x"}) end,
       "bad argument #3 to 'spans' (unknown option 'captures'; expected label, priority, rule, capture, overlap, sentence, nonempty, budget, from or to)"},
      {function () p:spans(d, "e", {capture = "who"}) end,
       "bad argument #3 to 'spans' (no capture named 'who')"},
      {function () p:match_at(d, 1, {overlap = true}) end,
       "bad argument #3 to 'match_at' (unknown option 'overlap'; expected sentence, nonempty or to)"},
      {function () re:spans(d, "e", {labels = "X"}) end,
       "bad argument #3 to 'spans' (unknown option 'labels'; expected label, priority, rule or group)"},
      {function () re:spans(d, "e", {priority = 0.5}) end,
       "bad argument #3 to 'spans' (option 'priority' must be an integer, got 0.5)"},
      {function () re:spans(d, "e", {group = 1}) end,
       "bad argument #3 to 'spans' (no group 1 (the regex has 0))"},
      {function () re:spans(d, "e", {group = "x"}) end,
       "bad argument #3 to 'spans' (no group named 'x')"},
      {function () re:spans(d, "e", {true}) end,
       "bad argument #3 to 'spans' (unknown option [1]; expected label, priority, rule or group)"},
    }
    for i, c in ipairs(cases) do t.eq(errmsg(c[1]), c[2], "case " .. i) end
    -- the keys that are listed work as before
    t.eq(#lore.gazetteer({"xi"}, {ignore_case = true, ignore_accents = true, mode = "all",
                                  columns = {"label"}, name = "people"}):scan(d), 1)
    t.eq(re:spans(d, "caps", {label = "CAP", priority = 2, rule = 1, group = 0}), 3)
    t.eq(p:spans(d, "caps2", {label = "CAP", sentence = true, nonempty = true, budget = 1000}), 3)
  end)

  t.test("gazetteers: a repeated phrase is one entry, the last payload wins; g:add says so", function ()
    for _, mode in ipairs({"longest", "all"}) do
      local g = lore.gazetteer({{"Beijing", {label = "PLACE"}}, {"Beijing", {label = "ORG"}}}, {mode = mode})
      t.eq(#g, 1)
      t.eq(g:payload(1), {label = "ORG"})
      local m = g:scan(lore.doc("In Beijing."))
      t.eq(#m, 1)
      t.eq(m[1].payload, {label = "ORG"})
    end
    local g = lore.gazetteer({"Xi Jinping"}, {ignore_case = true})
    t.eq({g:add("Beijing", {label = "PLACE"})}, {2, false})
    t.eq({g:add("BEIJING", {label = "CITY"})}, {2, true})       -- equal after folding
    t.eq({g:add("beijing")}, {2, true})                           -- no payload: keeps it
    t.eq(g:payload(2), {label = "CITY"})
    t.eq({g:add("Xi  Jinping")}, {1, true})
    t.eq(#g, 2)
    local d = lore.doc("Beijing")
    t.eq(g:spans(d, "e"), 1)
    t.eq(d:spans("e")[1].label, "CITY")
  end)

  t.test("gazetteer files: payload columns, empty columns are absent", function ()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("Beijing\nMoscow\tPLACE\nXinhua\tORG\tXinhua News Agency\nKyiv\t\tKiev\nTASS\tORG\tTASS\tRU\n")
    f:close()
    local plain = lore.gazetteer(path)
    local named = lore.gazetteer(path, {columns = {"label", "canonical"}})
    os.remove(path)
    local pay = {}
    for i = 1, #plain do pay[i] = {plain:payload(i), named:payload(i)} end
    t.eq(pay, {
      {nil, nil},
      {"PLACE", {label = "PLACE"}},
      {{"ORG", "Xinhua News Agency"}, {label = "ORG", canonical = "Xinhua News Agency"}},
      {{"", "Kiev"}, {canonical = "Kiev"}},
      {{"ORG", "TASS", "RU"}, {label = "ORG", canonical = "TASS", [3] = "RU"}},
    })
    local d = lore.doc("Kyiv and Moscow")
    t.eq(named:spans(d, "e"), 2)
    local sp = d:spans("e")
    t.eq({sp[1].label, sp[1].canonical, sp[2].label}, {nil, "Kiev", "PLACE"})
  end)

  t.test("token patterns: from and to are byte offsets [from, to)", function ()
    -- tokens: Xi 0-2, met 3-6, Putin 7-12, . 12-13, Li 14-16, met 17-20, Biden 21-26, . 26-27
    local d = lore.doc("Xi met Putin. Li met Biden.")
    local p = lore.pattern("[cap]")
    local function texts (opts)
      local out = {}
      for _, m in ipairs(p:scan(d, opts)) do out[#out + 1] = m.text end
      return out
    end
    t.eq(texts(), {"Xi", "Putin", "Li", "Biden"})
    t.eq(texts({from = 0, to = 2}), {"Xi"})
    t.eq(texts({from = 1, to = 12}), {"Putin"})          -- Xi starts before 1
    t.eq(texts({from = 7, to = 11}), {})                  -- Putin ends after 11
    t.eq(texts({from = 14}), {"Li", "Biden"})
    t.eq(texts({to = 16}), {"Xi", "Putin", "Li"})
    t.eq(texts({from = 27, to = 27}), {})
    local s2 = d:sentence(2)
    t.eq(texts({from = s2.start, to = s2.stop}), {"Li", "Biden"})
    t.eq(lore.pattern("[cap] met [cap]"):offsets(d, {from = 0, to = 12}), {0, 12})
    t.eq(lore.pattern("[cap] met [cap]"):offsets(d, {from = 0, to = 11}), {})
    t.eq(p:spans(d, "caps", {from = 13, label = "C"}), 2)
    t.eq(lore.pattern("[cap] met [cap]"):match_at(d, 1, {to = 12}).text, "Xi met Putin")
    t.eq(lore.pattern("[cap] met [cap]"):match_at(d, 1, {to = 11}), nil)
    t.eq(errmsg(function () p:scan(d, {to = 28}) end),
         "bad argument #2 to 'scan' (option 'to' 28 beyond end of document (length 27))")
    t.eq(errmsg(function () p:scan(d, {from = -1}) end),
         "bad argument #2 to 'scan' (option 'from' is negative (-1))")
    t.eq(errmsg(function () p:scan(d, {from = 10, to = 5}) end),
         "bad argument #2 to 'scan' (option 'from' (10) is after option 'to' (5))")
    t.eq(errmsg(function () p:scan(d, {from = "3"}) end),
         "bad argument #2 to 'scan' (option 'from' must be a number, got string)")
  end)

  t.test("token pattern syntax errors: line and column in sources of several lines", function ()
    local cases = {
      {"said\n  [cap\n",
       "lore.pattern: line 2, column 7: expected ']' to close '[' at line 2, column 3\n    [cap\n        ^"},
      {"said\n  {told said\n",
       "lore.pattern: line 2, column 13: expected '}' to close '{' at line 2, column 3\n    {told said\n              ^"},
      {"(said\n x",
       "lore.pattern: line 2, column 3: expected ')' to close '(' at line 1, column 1\n   x\n    ^"},
      {"a\nb\n  [foo]",
       "lore.pattern: line 3, column 4: unknown flag 'foo'\n    [foo]\n     ^"},
      {"a\n\tsaid**",
       "lore.pattern: line 2, column 7: unexpected '*': a quantifier cannot follow a quantifier (use parentheses)\n  \tsaid**\n  \t     ^"},
      {"Zürich\n  é [fo]",
       "lore.pattern: line 2, column 6: unknown flag 'fo'\n    é [fo]\n       ^"},
      {"# a comment\n  /a(b/ x",
       "lore.pattern: line 2, column 7: bad regex: missing closing parenthesis at offset 3 in /a(b/\n    /a(b/ x\n        ^"},
      -- one line: the messages of docs/patterns.md, unchanged
      {"[cap", "lore.pattern: expected ']' to close '[' at offset 0\n  [cap\n      ^"},
      {"said [cap lower]", "lore.pattern: expected ']' to close '[' at offset 5\n  said [cap lower]\n            ^"},
      {"said |", "lore.pattern: expected a token pattern, found end of pattern\n  said |\n        ^"},
      -- trailing white space: shown after the last item, still one line
      {"said |\n", "lore.pattern: expected a token pattern, found end of pattern\n  said |\n        ^"},
      {"  [cap  \n\n", "lore.pattern: expected ']' to close '[' at offset 2\n    [cap  \n        ^"},
    }
    for i, c in ipairs(cases) do t.eq(errmsg(function () lore.pattern(c[1]) end), c[2], "case " .. i) end
  end)
end
