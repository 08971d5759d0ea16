-- Tests of lore eval: the scorer (scripts/lib/score.lua) on tiny
-- hand-made gold/prediction pairs, and the command on tests/data/eval/.
return function (t)
  local lore = require "lore"
  local S = dofile((lore.home or ".") .. "/scripts/lib/score.lua")
  local J = lore.json.encode

  -- numbers equal to 1e-9 (scores are ratios)
  local function near (got, want, what)
    if type(got) ~= "number" or math.abs(got - want) > 1e-9 then
      error(string.format("%sexpected %.10g, got %s", what and (what .. ": ") or "",
                          want, tostring(got)), 2)
    end
  end

  -- the [start, end) byte offsets of the n-th occurrence of needle in text
  local function at (text, needle, n)
    local i = 0
    for _ = 1, n or 1 do i = assert(text:find(needle, i + 1, true), needle) end
    return i - 1, i - 1 + #needle
  end

  local function span (text, needle, label, extra, n)
    local s, e = at(text, needle, n)
    local sp = {start = s, ["end"] = e, text = needle}
    if label then sp.label = label end
    for k, v in pairs(extra or {}) do sp[k] = v end
    return sp
  end

  -- gold from a list of tables (one per document), through the JSON parser
  local function gold (docs)
    local lines = {}
    for i, d in ipairs(docs) do lines[i] = J(d) end
    return S.parse_gold(table.concat(lines, "\n") .. "\n", "gold.jsonl")
  end

  local A = lore.json.array
  local TEXT = 'Putin met Xi Jinping in Beijing. "We are friends," Putin said. ' ..
               'Trade rose 12% to $240 billion in 2023.'

  t.test("spans marked dead (lore extract --dead) are not predictions", function ()
    local g = gold{{id = "d", entities = {span(TEXT, "Xi Jinping", "PERSON")}}}
    local res = S.score(g, {{id = "d", entities = {
      span(TEXT, "Xi Jinping", "PERSON"),
      span(TEXT, "Xi", "PLACE", {dead = true, beaten_by = 0})}}})
    local m = res.metrics
    t.eq({m["entities.PERSON.found"], m["entities.PLACE.found"]}, {1, nil})
    near(m["entities.exact.p"], 1)
  end)

  t.test("exact vs lenient, per label, micro and macro", function ()
    local g = gold{{id = "d", entities = {
      span(TEXT, "Putin", "PERSON"), span(TEXT, "Xi Jinping", "PERSON"),
      span(TEXT, "Beijing", "PLACE")}}}
    local res = S.score(g, {{id = "d", entities = {
      span(TEXT, "Putin", "PERSON"),
      span(TEXT, "Xi Jinping in", "PERSON"),      -- overlaps, other end
      span(TEXT, "Beijing", "PLACE"),
      span(TEXT, "Trade", "ORG")}}})              -- spurious
    local m = res.metrics
    t.eq({m["entities.PERSON.gold"], m["entities.PERSON.found"]}, {2, 2})
    t.eq({m["entities.PERSON.exact.tp"], m["entities.PERSON.lenient.tp"]}, {1, 2})
    near(m["entities.PERSON.exact.p"], 0.5)
    near(m["entities.PERSON.exact.r"], 0.5)
    near(m["entities.PERSON.exact.f1"], 0.5)
    near(m["entities.PERSON.lenient.f1"], 1)
    near(m["entities.PLACE.exact.f1"], 1)
    t.eq({m["entities.ORG.gold"], m["entities.ORG.found"]}, {0, 1})
    near(m["entities.ORG.lenient.p"], 0)
    near(m["entities.ORG.lenient.r"], 1)         -- nothing to find
    near(m["entities.ORG.lenient.f1"], 0)
    t.eq({m["entities.gold"], m["entities.found"]}, {3, 4})
    near(m["entities.exact.p"], 2 / 4)
    near(m["entities.exact.r"], 2 / 3)
    near(m["entities.exact.f1"], 4 / 7)
    near(m["entities.lenient.p"], 3 / 4)
    near(m["entities.lenient.r"], 1)
    near(m["entities.lenient.f1"], 6 / 7)
    near(m["entities.macro.exact.f1"], (0.5 + 1 + 0) / 3)
    near(m["entities.macro.lenient.f1"], (1 + 1 + 0) / 3)
    near(m["entities.macro.lenient.p"], (1 + 1 + 0) / 3)
    near(m["entities.macro.lenient.r"], 1)
    local labels = {}
    for _, r in ipairs(res.layers.entities.labels) do labels[#labels + 1] = r.label end
    t.eq(labels, {"PERSON", "ORG", "PLACE"})     -- the guidelines' order
    t.eq(res.layers.quotes, nil)                 -- no "quotes" in the gold
    t.eq(m["quotes.lenient.f1"], nil)
  end)

  t.test("one-to-one: two predictions on one gold span count once", function ()
    local g = gold{{id = "d", entities = {span(TEXT, "Xi Jinping", "PERSON")}}}
    local res = S.score(g, {{id = "d", entities = {
      span(TEXT, "Xi", "PERSON"), span(TEXT, "Jinping", "PERSON")}}})
    local m = res.metrics
    t.eq({m["entities.gold"], m["entities.found"], m["entities.lenient.tp"],
          m["entities.exact.tp"]}, {1, 2, 1, 0})
    near(m["entities.lenient.p"], 0.5)
    near(m["entities.lenient.r"], 1)
    -- and two gold spans under one prediction: one of them is found
    g = gold{{id = "d", entities = {span(TEXT, "Xi", "PERSON"), span(TEXT, "Jinping", "PERSON")}}}
    res = S.score(g, {{id = "d", entities = {span(TEXT, "Xi Jinping", "PERSON")}}})
    m = res.metrics
    t.eq({m["entities.gold"], m["entities.found"], m["entities.lenient.tp"]}, {2, 1, 1})
    near(m["entities.lenient.r"], 0.5)
    near(m["entities.lenient.p"], 1)
  end)

  t.test("matching: exact pairs first, then a maximum matching", function ()
    local function sp (s, e) return {start = s, ["end"] = e} end
    -- gold A=[0,10) B=[8,12); P=[1,10) overlaps both, Q=[2,5) only A:
    -- greedy P-A leaves Q and B alone; the augmenting path gives A-Q, B-P
    local m = S.match({sp(0, 10), sp(8, 12)}, {sp(1, 10), sp(2, 5)})
    t.eq(m.nexact, 0)
    t.eq(m.nlenient, 2)
    t.eq(m.lenient, {[1] = 2, [2] = 1})
    -- an exact pair is kept even when it costs a lenient match
    m = S.match({sp(0, 10), sp(8, 12)}, {sp(0, 10), sp(2, 5)})
    t.eq({m.nexact, m.nlenient}, {1, 1})
    t.eq(m.exact, {[1] = 1})
    -- duplicates: two identical predictions, one gold span
    m = S.match({sp(3, 7)}, {sp(3, 7), sp(3, 7)})
    t.eq({m.nexact, m.nlenient}, {1, 1})
    -- touching spans do not overlap
    m = S.match({sp(0, 5)}, {sp(5, 9)})
    t.eq(m.nlenient, 0)
  end)

  t.test("empty layers: P, R and F1 are 1; accuracy is not measured", function ()
    local g = gold{{id = "d", entities = A(), quotes = A(), figures = A()}}
    local res = S.score(g, {{id = "d"}})
    local m = res.metrics
    for _, layer in ipairs{"entities", "quotes", "figures"} do
      t.eq({m[layer .. ".gold"], m[layer .. ".found"]}, {0, 0}, layer)
      for _, k in ipairs{"exact.p", "exact.r", "exact.f1", "lenient.p", "lenient.r",
                         "lenient.f1", "macro.exact.f1", "macro.lenient.p"} do
        t.eq(m[layer .. "." .. k], 1, layer .. "." .. k)
      end
      t.eq(#res.layers[layer].labels, 0)
    end
    t.eq(m["quotes.speaker"], nil)
    t.eq(m["figures.value"], nil)
    local checks, nfail = S.check(res, {assert(S.parse_min("quotes.speaker=0.9")),
                                        assert(S.parse_min("quotes.lenient.f1=0.95"))})
    t.eq(nfail, 1)
    t.eq(checks[1].ok, false)
    t.ok(checks[1].line:find("FAIL  quotes.speaker     not measured", 1, true), checks[1].line)
    t.eq(checks[2].ok, true)
    -- gold spans, no predictions: P 1 (nothing found), R 0, F1 0
    g = gold{{id = "d", entities = {span(TEXT, "Putin", "PERSON")}}}
    m = S.score(g, {{id = "d", entities = A()}}).metrics
    t.eq({m["entities.lenient.p"], m["entities.lenient.r"], m["entities.lenient.f1"]}, {1, 0, 0})
  end)

  t.test("label mismatch: a miss and a false positive, noted in the errors", function ()
    local g = gold{{id = "d", entities = {span(TEXT, "Beijing", "PLACE")}}}
    local res = S.score(g, {{id = "d", entities = {span(TEXT, "Beijing", "ORG")}}},
                        {errors = true}, {d = TEXT})
    local m = res.metrics
    t.eq({m["entities.PLACE.gold"], m["entities.PLACE.found"], m["entities.ORG.found"]}, {1, 0, 1})
    t.eq({m["entities.exact.tp"], m["entities.lenient.tp"]}, {0, 0})
    near(m["entities.lenient.f1"], 0)
    t.eq(#res.errors, 2)
    local e1, e2 = res.errors[1], res.errors[2]
    t.eq({e1.kind, e1.label, e1.start, e1["end"], e1.note}, {"missing", "PLACE", 24, 31, "found as ORG 24-31"})
    t.eq({e2.kind, e2.label, e2.note}, {"spurious", "ORG", "gold has PLACE 24-31"})
    t.eq(e1.context, 'Putin met Xi Jinping in [Beijing]. "We are friends," Putin said. Trade rose 12% to $240 b…')
    t.eq(require("lore.util").width(e1.context), 90)
  end)

  t.test("quotes: marked <-> direct/unmarked, speaker accuracy, labels ignored", function ()
    local Q = 'Xi said: "We are friends." Putin said "never again". "No comment." ' ..
              'We will win, he added.'
    local g = gold{{id = "q", quotes = {
      span(Q, "We are friends.", nil, {speaker = "Xi Jinping", marked = true}),
      span(Q, "never again", nil, {speaker = "Vladimir Putin", marked = true}),
      span(Q, "No comment.", nil, {speaker = lore.json.null, marked = true}),
      span(Q, "We will win", nil, {speaker = "Vladimir Putin", marked = false})}}}
    local res = S.score(g, {{id = "q", quotes = {
      span(Q, "We are friends.", nil, {type = "direct", speaker = "Xi Jinping"}),   -- right
      span(Q, "never again", nil, {type = "direct", speaker = "Xi Jinping"}),       -- wrong
      span(Q, "No comment", nil, {type = "direct"}),              -- null = null, lenient
      span(Q, "We will win, he added", nil, {type = "direct", speaker = "Vladimir Putin"})}}},
      {errors = true})
    local m = res.metrics
    t.eq({m["quotes.direct.gold"], m["quotes.direct.found"], m["quotes.direct.exact.tp"],
          m["quotes.direct.lenient.tp"]}, {3, 4, 2, 3})
    t.eq({m["quotes.unmarked.gold"], m["quotes.unmarked.found"], m["quotes.unmarked.lenient.tp"]},
         {1, 0, 0})
    near(m["quotes.speaker"], 2 / 3)              -- over the 3 lenient (labelled) matches
    near(m["quotes.direct.speaker"], 2 / 3)
    near(m["quotes.lenient.p"], 3 / 4)
    near(m["quotes.lenient.r"], 3 / 4)
    t.eq({m["quotes.any.gold"], m["quotes.any.found"], m["quotes.any.lenient.tp"],
          m["quotes.any.exact.tp"]}, {4, 4, 4, 2})
    near(m["quotes.any.speaker"], 3 / 4)
    near(m["quotes.any.lenient.f1"], 1)
    local kinds = {}
    for _, e in ipairs(res.errors) do kinds[#kinds + 1] = e.kind .. ":" .. e.label end
    t.eq(kinds, {"speaker:direct", "boundary:direct", "missing:unmarked", "spurious:direct"})
    t.eq(res.errors[1].gold.speaker, "Vladimir Putin")
    t.eq(res.errors[1].found.speaker, "Xi Jinping")
    -- marked: false in a prediction without a type is unmarked too
    res = S.score(g, {{id = "q", quotes = {span(Q, "We will win", nil, {marked = false})}}})
    t.eq(res.metrics["quotes.unmarked.exact.tp"], 1)
  end)

  t.test("figures: value accuracy within a relative 1e-9, strings equal", function ()
    local g = gold{{id = "f", figures = {
      span(TEXT, "12%", nil, {kind = "percent", value = 12, unit = lore.json.null, approx = "nearly"}),
      span(TEXT, "$240 billion", nil, {kind = "money", value = 240000000000, unit = "USD"}),
      span(TEXT, "2023", nil, {kind = "date", value = "2023"}),
      span(TEXT, "Trade", nil, {kind = "quantity", value = lore.json.null})}}}
    local function run (vals)
      return S.score(g, {{id = "f", figures = {
        span(TEXT, "12%", nil, {kind = "percent", value = vals[1], approx = vals[5]}),
        span(TEXT, "240 billion", nil, {kind = "money", value = vals[2], unit = "USD"}),
        span(TEXT, "2023", nil, {kind = "date", value = vals[3]}),
        span(TEXT, "Trade", nil, {kind = "quantity", value = vals[4]})}}}).metrics
    end
    local m = run{12.0, 240000000000 * (1 + 1e-12), "2023", lore.json.null, "nearly"}
    t.eq({m["figures.gold"], m["figures.found"], m["figures.exact.tp"], m["figures.lenient.tp"]},
         {4, 4, 3, 4})
    near(m["figures.value"], 1)
    near(m["figures.unit"], 1)                    -- null = absent for 12%
    t.eq(m["figures.approx"], 1)                  -- only 12% has approx in the gold
    m = run{"12", 240000000000 * (1 + 1e-6), 2023, 0, "about"}
    near(m["figures.value"], 0)
    t.eq(m["figures.approx"], 0)
    m = run{12, 240000000000, "2023 ", nil}       -- absent value = null
    near(m["figures.value"], 3 / 4)
    near(m["figures.money.value"], 1)
    near(m["figures.date.value"], 0)
    t.eq(S.same_value(1e-300, 0), false)
    t.eq(S.same_value(0, 0.0), true)
    t.eq(S.same_value(1 / 3, 0.3333333333333), true)
  end)

  t.test("indirect quotes are left out when the gold has none", function ()
    local Q = 'Xi said Beijing would help. "We are friends," Xi said.'
    local gq = span(Q, "We are friends,", nil, {speaker = "Xi Jinping", marked = true})
    local preds = {{id = "q", quotes = {
      span(Q, "Beijing would help", nil, {type = "indirect", speaker = "Xi Jinping"}),
      span(Q, "We are friends,", nil, {type = "direct", speaker = "Xi Jinping"})}}}
    local res = S.score(gold{{id = "q", quotes = {gq}}}, preds)
    local m = res.metrics
    t.eq({m["quotes.gold"], m["quotes.found"], m["quotes.any.found"]}, {1, 1, 1})
    near(m["quotes.lenient.f1"], 1)
    t.eq(m["quotes.indirect.found"], nil)
    t.eq(res.layers.quotes.left_out.indirect, 1)
    -- a gold with indirect quotes (type "indirect") scores them
    local gi = span(Q, "Beijing would help", nil, {speaker = "Xi Jinping", type = "indirect"})
    res = S.score(gold{{id = "q", quotes = {gq, gi}}}, preds)
    m = res.metrics
    t.eq({m["quotes.found"], m["quotes.indirect.exact.tp"]}, {2, 1})
    t.eq(res.layers.quotes.left_out.indirect, 0)
  end)

  t.test("documents missing from either side are listed, not scored", function ()
    local g = gold{{id = "a", entities = {span(TEXT, "Putin", "PERSON")}},
                   {id = "b", entities = {span(TEXT, "Putin", "PERSON")}},
                   {id = "c", entities = A()}}
    local res = S.score(g, {{id = "b", entities = {span(TEXT, "Putin", "PERSON")}},
                            {id = "x", entities = {span(TEXT, "Xi", "PERSON")}},
                            {id = "b"}})
    local d = res.documents
    t.eq({d.scored, d.gold, d.predicted}, {1, 3, 2})
    t.eq(d.gold_only, {"a", "c"})
    t.eq(d.pred_only, {"x"})
    t.eq(d.duplicates, {"b"})
    t.eq({res.metrics["entities.gold"], res.metrics["entities.found"]}, {1, 1})
    t.eq(res.layers.entities.docs, 1)
    local lines = S.document_lines(res)
    t.eq(lines, {"1 document scored: those in both the gold (3) and the predictions (2).",
                 "2 gold documents not in the predictions, not scored: a, c",
                 "1 predicted document not in the gold, not scored: x"})
    t.eq(res.warnings, {"document b appears twice in the predictions: the first is scored"})
  end)

  t.test("malformed gold lines: file name and line number", function ()
    local function bad (text, msg) t.raises(function () S.parse_gold(text, "g.jsonl") end, msg) end
    bad('{"id": "a"}\n{"id": "b", \n', "g.jsonl:2: not valid JSON (")
    bad('\n\n[1, 2]\n', "g.jsonl:3: not a JSON object")
    bad('{"entities": []}\n', 'g.jsonl:1: no "id" (a string)')
    bad('{"id": "a", "entities": {"x": 1}}\n', 'g.jsonl:1: "entities" is not a list')
    bad('{"id": "a", "entities": [{"start": 0, "end": 5, "text": "Putin"}]}\n',
        'g.jsonl:1: entities[1]: no "label" (a string)')
    bad('{"id": "a"}\n{"id": "b", "figures": [{"start": 0, "end": 4, "kind": "date"},' ..
        ' {"start": 9, "end": 3, "kind": "date"}]}\n',
        'g.jsonl:2: figures[2]: "end" (3) not after "start" (9)')
    bad('{"id": "a", "quotes": [{"start": 0.5, "end": 4, "marked": true}]}\n',
        'g.jsonl:1: quotes[1]: "start" missing or not a non-negative integer')
    bad('{"id": "a", "quotes": [{"start": 0, "end": 4, "speaker": null}]}\n',
        'g.jsonl:1: quotes[1]: no "marked" (true or false) and no "type"')
    bad('{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n', 'g.jsonl:3: duplicate document id "a" (first on line 1)')
    bad('\n\n', "g.jsonl: no documents")
    -- from a file: its path in the message
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write('{"id": "a", "entities": []}\n{"id": "b", "entities": [{"start": 1}]}\n')
    f:close()
    t.raises(function () S.read_gold(path) end,
             path .. ':2: entities[1]: "end" missing or not a non-negative integer')
    os.remove(path)
    t.raises(function () S.read_gold(path) end, "cannot read gold file " .. path)
    -- a UTF-8 byte order mark and CRLF-free blank lines are fine
    local g = S.parse_gold('\239\187\191{"id": "a", "entities": []}\n\n', "g.jsonl")
    t.eq(g.order, {"a"})
  end)

  t.test("gold text that is not the input's bytes is a warning", function ()
    local g = gold{{id = "d", entities = {
      {start = 0, ["end"] = 5, text = "Putin", label = "PERSON"},
      {start = 10, ["end"] = 15, text = "Jinping", label = "PERSON"}}}}
    local res = S.score(g, {{id = "d"}}, nil, {d = TEXT})
    t.eq(res.warnings, {'document d: 1 gold span not matching the input text (byte offsets?), ' ..
                        'first: entities 10-15: gold text "Jinping", input text "Xi Ji"'})
  end)

  t.test("--min keys", function ()
    local function key (s) local c = assert(S.parse_min(s)) return c.key, c.min end
    t.eq({key("entities.lenient.f1=0.90")}, {"entities.lenient.f1", 0.9})
    t.eq({key("entities.PERSON.exact.precision=0.5")}, {"entities.PERSON.exact.p", 0.5})
    t.eq({key("quotes.any.lenient.recall = 1")}, {"quotes.any.lenient.r", 1})
    t.eq({key("quotes.speaker=0.9")}, {"quotes.speaker", 0.9})
    t.eq({key("figures.money.value=0.98")}, {"figures.money.value", 0.98})
    t.eq({key("figures.macro.lenient.f1=0.5")}, {"figures.macro.lenient.f1", 0.5})
    t.eq({key("entities.found=3")}, {"entities.found", 3})
    local function nokey (s, msg)
      local c, err = S.parse_min(s)
      t.eq(c, nil, s)
      t.ok(err:find(msg, 1, true), err)
    end
    nokey("entities.lenient.f1", "--min needs KEY=VALUE")
    nokey("entities.lenient.f1=high", "'high' is not a number")
    nokey("people.lenient.f1=1", "unknown key 'people.lenient.f1'")
    nokey("quotes.value=1", "unknown key 'quotes.value'")
    nokey("entities.macro.lenient.tp=1", "macro keys are")
    -- checks: values at the threshold pass, below fail
    local res = {metrics = {["entities.lenient.f1"] = 0.9, ["figures.value"] = 0.97}}
    local checks, nfail = S.check(res, {assert(S.parse_min("entities.lenient.f1=0.90")),
                                        assert(S.parse_min("figures.value=0.98"))})
    t.eq(nfail, 1)
    t.eq(checks[1].line, "ok    entities.lenient.f1  0.9000 >= 0.9")
    t.eq(checks[2].line, "FAIL  figures.value        0.9700 <  0.98")
  end)

  t.test("snippets: the span in brackets, cut on characters", function ()
    local s = "Über 1,400 people gathered in Gaza.\n“It is terrible,” said Ali Hassan."
    local a, b = at(s, "Gaza")
    t.eq(S.snippet(s, a, b, 30), "…athered in [Gaza]. “It is te…")
    a, b = at(s, "Über")
    t.eq(S.snippet(s, a, b, 20), "[Über] 1,400 people…")
    a, b = at(s, "Hassan")
    t.eq(S.snippet(s, a, b, 20), "… said Ali [Hassan].")
    t.eq(S.snippet(s, 0, #s + 1, 20), nil)
  end)

  t.test("the table fits 100 columns", function ()
    local util = require "lore.util"
    local g = gold{{id = "d", entities = {span(TEXT, "Putin", "PERSON")},
                    quotes = {span(TEXT, "We are friends,", nil, {speaker = "X", marked = true})},
                    figures = {span(TEXT, "12%", nil, {kind = "percent", value = 12})}}}
    local res = S.score(g, {{id = "d", entities = {span(TEXT, "Putin", "PERSON")},
                             figures = {span(TEXT, "12%", nil, {kind = "percent", value = 12})}}},
                        {errors = true}, {d = TEXT})
    local out = S.render(res, {util = util}) .. "\n" .. S.render_errors(res)
    local n = 0
    for line in out:gmatch("[^\n]+") do
      n = n + 1
      t.ok(util.width(line) <= 100, line)
    end
    t.ok(n > 20)
    t.ok(out:find("\nlabel      gold  found   ex.P   ex.R  ex.F1  len.P  len.R  len.F1  speaker\n" ..
                  "direct        1      0  1.000  0.000  0.000  1.000  0.000   0.000        -\n", 1, true), out)
    t.ok(out:find("\n  quotes   missing   34-49 direct \"We are friends,\"\n", 1, true), out)
  end)

  -- The command, on tests/data/eval/ (gold e1-e3; predictions e1, e2, e4).
  local function lore_cmd (args, stderr)
    local p = io.popen("./build/lore eval " .. args .. " " .. (stderr or "2>&1"))
    local out = p:read("a")
    local _, _, code = p:close()
    return out, code
  end

  t.test("lore eval --pred: the table, documents, errors, thresholds", function ()
    local out, code = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/pred.jsonl " ..
      "--errors --min entities.lenient.f1=0.75 --min quotes.speaker=0.9 --min figures.value=0.8")
    t.eq(code, 1, out)
    for _, want in ipairs{
      "2 documents scored: those in both the gold (3) and the predictions (3).\n",
      "1 gold document not in the predictions, not scored: e3\n",
      "1 predicted document not in the gold, not scored: e4\n",
      "quotes: 2 documents; labels: direct = marked, unmarked = not marked; 1 indirect left out\n",
      "PERSON     4      5  0.400  0.500  0.444  0.800  1.000   0.889  1.000 (4/4)\n",
      "micro      7      9  0.444  0.571  0.500  0.667  0.857   0.750  0.833 (5/6)\n",
      "macro                0.475  0.750  0.444  0.575  0.875   0.556\n",
      "direct        2      2  1.000  1.000  1.000  1.000  1.000   1.000  0.500 (1/2)\n",
      "micro        5      5  0.800  0.800  0.800  1.000  1.000   1.000  0.800 (4/5)\n",
      "errors: 10 (",
      '  entities missing   24-31 PLACE "Beijing"  (found as ORG 24-31)\n' ..
      '      Putin met Xi Jinping in [Beijing] on Thursday. "We are old friends," Putin said. Trade ro…\n',
      '  figures  value     113-117 date "2023"  gold "2023", found 2023\n',
      '  quotes   speaker   40-55 direct "It is terrible,"  gold "Ali Hassan", found null\n' ..
      "      Über 1,400 people gathered in Gaza. “[It is terrible,]” said Ali Hassan.\n",
      "thresholds:\nok    entities.lenient.f1  0.7500 >= 0.75\n" ..
      "FAIL  quotes.speaker       0.5000 <  0.9\nok    figures.value        0.8000 >= 0.8\n",
      "lore eval: 1 of 3 thresholds not met\n",
    } do t.ok(out:find(want, 1, true), "missing: " .. want .. "\nin:\n" .. out) end
    out, code = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/pred.jsonl " ..
                         "--min entities.lenient.f1=0.75 --min figures.value=0.8")
    t.eq(code, 0, out)
  end)

  t.test("lore eval --pred without the texts says so", function ()
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "w"))
    for line in io.lines("tests/data/eval/pred.jsonl") do
      local rec = lore.json.decode(line)
      rec.meta = nil                                   -- no way to the text
      f:write(lore.json.encode(rec), "\n")
    end
    f:close()
    local out = lore_cmd("--gold tests/data/eval/gold.jsonl --pred " .. tmp .. " --errors", "2>&1 >/dev/null")
    os.remove(tmp)
    t.eq(out, "lore eval: warning: no text for 2 documents (e1, e2): gold spans not checked " ..
              "against the text, --errors without context; give the inputs, or extract with --text\n")
  end)

  t.test("lore eval --json", function ()
    local out, code = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/pred.jsonl " ..
                               "--json --errors --min quotes.speaker=0.9", "2>/dev/null")
    t.eq(code, 1)
    local j = assert(lore.json.decode(out), out)
    t.eq(j.documents.gold_only, {"e3"})
    t.eq(j.documents.scored, 2)
    near(j.metrics["entities.lenient.f1"], 0.75)
    near(j.layers.quotes.micro.attrs.speaker.accuracy, 0.5)
    t.eq(j.layers.quotes.left_out.indirect, 1)
    t.eq(#j.errors, 10)
    t.eq(j.thresholds[1].ok, false)
    out = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/pred.jsonl " ..
                   "--json --min quotes.speaker=0.9", "2>&1 >/dev/null")
    t.eq(out, "lore eval: 1 gold document not in the predictions, not scored: e3\n" ..
              "lore eval: 1 predicted document not in the gold, not scored: e4\n" ..
              "FAIL  quotes.speaker  0.5000 <  0.9\n" ..
              "lore eval: 1 of 1 thresholds not met\n")
    -- --json=FILE: the table on stdout, the JSON in FILE
    local path = os.tmpname()
    out = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/pred.jsonl " ..
                   "--json=" .. path)
    t.ok(out:find("\nentities: 2 documents\n", 1, true), out)
    local f = assert(io.open(path, "rb"))
    j = assert(lore.json.decode(f:read("a")))
    f:close()
    os.remove(path)
    t.eq(j.metrics["figures.lenient.tp"], 5)
    t.eq(j.errors, nil)
  end)

  t.test("lore eval runs the rules over the inputs", function ()
    local out, code = lore_cmd("--gold tests/data/eval/gold.jsonl tests/data/eval/docs " ..
                               "-r tests/data/eval/rules.lua -q -j 2")
    t.eq(code, 0, out)
    t.ok(out:find("2 documents scored: those in both the gold (3) and the predictions (2).\n" ..
                  "1 gold document not in the predictions, not scored: e3\n", 1, true), out)
    t.ok(out:find("\nPERSON     4      2  1.000  0.500  0.667  1.000  0.500   0.667  1.000 (2/2)\n",
                  1, true), out)
    t.ok(out:find("\nPLACE      2      1  1.000  0.500  0.667  1.000  0.500   0.667  0.000 (0/1)\n",
                  1, true), out)
  end)

  t.test("lore eval: malformed gold, no common document, usage", function ()
    local out, code = lore_cmd("--gold tests/data/eval/bad_gold.jsonl --pred tests/data/eval/pred.jsonl")
    t.eq(code, 1)
    t.eq(out, 'lore eval: tests/data/eval/bad_gold.jsonl:2: entities[1]: no "label" (a string)\n')
    out, code = lore_cmd("--gold tests/data/eval/gold.jsonl --pred tests/data/eval/bad_gold.jsonl " ..
                         "--min nonsense=1")
    t.eq(code, 2)
    t.ok(out:find("unknown key 'nonsense'", 1, true), out)
    out, code = lore_cmd("--pred tests/data/eval/pred.jsonl")
    t.eq(code, 2)
    t.ok(out:find("--gold FILE is required", 1, true), out)
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write('{"id": "zz"}\n')
    f:close()
    out, code = lore_cmd("--gold tests/data/eval/gold.jsonl --pred " .. path)
    os.remove(path)
    t.eq(code, 1)
    t.ok(out:find("no document is in both the gold", 1, true), out)
    out, code = lore_cmd("--help")
    t.eq(code, 0)
    t.ok(out:find("usage: lore eval --gold GOLD.jsonl", 1, true), out)
  end)
end
