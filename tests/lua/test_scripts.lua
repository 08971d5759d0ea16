-- Tests of the bundled analysis scripts (scripts/*.lua) on hand-made
-- records (tests/data/scripts/records.jsonl, written by make_fixtures.lua
-- there): exact findings, and merges that give the result of one run.
return function (t)
  local lore = require "lore"
  local util = require "lore.util"

  local function load (name) return lore.script.load("scripts/" .. name .. ".lua") end
  local C = package.loaded["lore.scripts:scripts/lib/common.lua"] or dofile("scripts/lib/common.lua")
  local T = C.need("text")

  local RECS = {}
  util.read_jsonl("tests/data/scripts/records.jsonl", function (r) RECS[#RECS + 1] = r end)

  local function copy (x) return lore.json.decode(lore.json.encode(x)) end

  -- The state of one run over recs (in order), round-tripped through JSON
  -- like a --partial file.
  local function run (S, recs, opts)
    opts = opts or {}
    local st = S.init(opts)
    for _, r in ipairs(recs) do S.add(st, copy(r), opts) end
    return copy(st)
  end

  local function result_json (S, state, opts)
    return lore.json.encode(S.result(copy(state), opts or {}))
  end

  -- merge(merge(a,b),c), merge(a,merge(b,c)), merge(merge(c,a),b) and one
  -- run give the same result.
  local function check_merges (name, opts)
    local S = load(name)
    opts = opts or {}
    local a, b, c = run(S, {RECS[1]}, opts), run(S, {RECS[2]}, opts), run(S, {RECS[3]}, opts)
    local single = result_json(S, run(S, RECS, opts), opts)
    local left = S.merge(S.merge(copy(a), copy(b), {}), copy(c), {})
    local right = S.merge(copy(a), S.merge(copy(b), copy(c), {}), {})
    local other = S.merge(S.merge(copy(c), copy(a), {}), copy(b), {})
    t.eq(result_json(S, left, opts), single, name .. ": merge(merge(a,b),c)")
    t.eq(result_json(S, right, opts), single, name .. ": merge(a,merge(b,c))")
    t.eq(result_json(S, other, opts), single, name .. ": merge(merge(c,a),b)")
    t.eq(lore.json.encode(copy(left)), lore.json.encode(copy(right)), name .. ": merged states")
    return S.result(copy(left), opts)
  end

  t.test("CSV: formulas from a corpus stay text, numbers stay numbers", function ()
    t.eq(C.table_csv({columns = {"a", "b", "c"}, rows = {{"=1+1", -5, "-x,y"}, {"@SUM(A1)", "ok", "+3"}}}),
         "a,b,c\r\n'=1+1,-5,\"'-x,y\"\r\n'@SUM(A1),ok,'+3\r\n")
  end)

  t.test("fixtures: three records with every layer", function ()
    t.eq(#RECS, 3)
    t.eq(RECS[1].id, "a_outlet")
    t.eq(#RECS[1].quotes, 4)
    t.eq(RECS[1].boilerplate[1].label, "links")
    t.ok(type(RECS[3].text) == "string")
  end)

  for _, name in ipairs{"quotes", "figures", "entities", "timeline", "boilerplate", "ngrams",
                        "collocations", "report"} do
    t.test("merge is associative and equals one run: " .. name, function ()
      check_merges(name, {})
    end)
  end

  t.test("merge is associative and equals one run: kwic", function ()
    local res = check_merges("kwic", {pattern = "/economic \\w+/"})
    t.eq(#res.hits, 4)
  end)

  -- {====================================================================
  -- quotes
  -- ====================================================================

  t.test("quotes: speakers and counts; boilerplate left out by default", function ()
    local Q = load("quotes")
    local res = Q.result(run(Q, RECS), {})
    t.eq(#res.quotes, 8)
    t.eq(res.speakers[1].speaker, "Vladimir Putin")
    t.eq({res.speakers[1].quotes, res.speakers[1].direct, res.speakers[1].indirect, res.speakers[1].ndocs},
         {5, 4, 1, 3})
    t.eq(res.speakers[2].speaker, "Xi Jinping")
    local kept = Q.result(run(Q, RECS, {boilerplate = true}), {})
    t.eq(#kept.quotes, 9)
    local trump
    for _, q in ipairs(kept.quotes) do if q.speaker == "Donald Trump" then trump = q end end
    t.eq(trump.text, "big deal")
  end)

  t.test("quotes: two paraphrased quotes aligned with a word diff", function ()
    local Q = load("quotes")
    local res = Q.result(run(Q, RECS), {})
    t.eq(#res.statements, 1)
    local st = res.statements[1]
    t.eq({st.id, st.speaker, st.ndocs, st.differs, st.speaker_conflict}, {"S1", "Xi Jinping", 3, true, false})
    t.eq(#st.variants, 3)
    local ref, a, c = st.variants[1], st.variants[2], st.variants[3]
    t.eq({ref.doc, ref.reference}, {"b_outlet", true})
    t.eq(a.doc, "a_outlet")
    t.eq(a.diff, "We oppose unilateral sanctions, economic coercion, decoupling and " ..
                 "[-the reduction of economic ties-] {+delinking+},")
    t.eq({a.partial, a.changed}, {false, true})
    t.eq(math.floor(a.similarity * 1000 + 0.5), 667)     -- 6 shared of 9 content words
    t.eq({c.doc, c.partial, c.changed, c.diff}, {"c_outlet", true, false, "economic coercion"})
  end)

  t.test("quotes: --speaker and --type filters", function ()
    local Q = load("quotes")
    local st = run(Q, RECS)
    local xi = Q.result(copy(st), {speaker = "xi"})
    t.eq(#xi.quotes, 3)
    t.eq(#xi.speakers, 1)
    t.eq(#Q.result(copy(st), {type = "indirect"}).quotes, 1)
    t.eq(Q.speaker_matches("Xi", "Xi Jinping"), true)
    t.eq(Q.speaker_matches("Xi", "Xinhua News Agency"), false)
    t.eq(Q.speaker_matches("-", nil), true)
  end)

  t.test("quotes: a quote's date is a date of its sentence, else the document's", function ()
    local Q = load("quotes")
    local res = Q.result(run(Q, RECS), {})
    local by = {}
    for _, q in ipairs(res.quotes) do by[q.doc .. ":" .. q.text:sub(1, 10)] = q end
    t.eq({by["b_outlet:We oppose "].date, by["b_outlet:We oppose "].date_from}, {"2023-10-18", "sentence"})
    t.eq({by["c_outlet:economic c"].date, by["c_outlet:economic c"].date_from}, {"2024-05-16", "document"})
  end)

  t.test("quotes: alignment needs the same or an unknown speaker", function ()
    local Q = load("quotes")
    local function q (doc, s, text, speaker)
      local x = {doc = doc, s = s, text = text, speaker = speaker, type = "direct"}
      x.set, x.n = T.set(T.content(text))
      return x
    end
    local st = Q.align({
      q("d1", 0, "We will never accept any foreign interference in our internal affairs", "A"),
      q("d2", 0, "we will never accept foreign interference in our internal affairs", nil),
      q("d3", 0, "We will never accept any foreign interference in our internal affairs at all", "B"),
      q("d4", 0, "Trade between the two countries keeps growing every single year", "A"),
    }, {})
    t.eq(#st, 1)
    t.eq(st[1].ndocs, 3)
    t.eq(st[1].speaker_conflict, true)            -- A and B: very close wording, flagged
    local st2 = Q.align({
      q("d1", 0, "We will never accept any foreign interference", "A"),
      q("d2", 0, "Our position on the crisis is clear and consistent", "B"),
    }, {})
    t.eq(#st2, 0)
  end)

  -- }====================================================================

  -- {====================================================================
  -- text helpers
  -- ====================================================================

  t.test("text: content words, similarity, word diff", function ()
    t.eq(T.content("We oppose unilateral sanctions, economic coercion, decoupling and delinking,"),
         {"oppose", "unilateral", "sanction", "economic", "coercion", "decoupling", "delinking"})
    t.eq(T.stem("countries"), "country")
    t.eq(T.stem("Russia's"), "Russia")
    local a = T.set{"a", "b", "c", "d"}
    local b = T.set{"c", "d"}
    t.eq(T.jaccard(a, b), 0.5)
    t.eq(T.containment(a, b), 1)
    t.eq(T.render_diff(T.diff("the old friend came", "the dear friend came today")),
         "the [-old-] {+dear+} friend came {+today+}")
    local ops = T.trim_ops(T.diff("one two three four five", "three four"))
    t.eq(T.render_diff(ops), "three four")
    t.eq(T.words("Russian-Chinese ties, U.S. talks"), {"russian-chinese", "ties", "u.s.", "talks"})
  end)

  -- }====================================================================

  -- {====================================================================
  -- figures
  -- ====================================================================

  t.test("figures: the trade figure disagreement, conflicting and different year", function ()
    local F = load("figures")
    local res = F.result(run(F, RECS), {})
    t.eq(#res.groups, 2)
    local g = res.groups[1]
    t.eq({g.id, g.subject, g.kind, g.unit, g.ndocs, g.status}, {"F1", "trade", "money", "USD", 3, "conflicting"})
    t.eq(g.statuses, {"conflicting", "different year"})
    local vals = {}
    for _, f in ipairs(g.figures) do
      vals[#vals + 1] = {f.doc, f.display, f.date, f.date_text, f.guessed}
    end
    t.eq(vals, {{"a_outlet", "$190 billion", "2022", "last year", false},
                {"b_outlet", "$200 billion", "2022", "last year", true},
                {"c_outlet", "$240 billion", "2023", "2023", false}})
    t.eq(g.figures[2].subject, "trade")           -- guessed: "trade between the two neighbours reached"
    t.eq(g.figures[1].sent, "China is Russia's largest trading partner, with trade reaching a record " ..
                            "$190 billion last year.")
    t.eq(F.describe(res, g), "2022: $190 billion (Outlet A) vs $200 billion (Outlet B): conflicting; " ..
                             "2023: $240 billion (Outlet C)")
    local q = res.groups[2]
    t.eq({q.kind, q.unit, q.status, q.subject_key}, {"quantity", "countries", "agree", ""})
  end)

  t.test("figures: comparing values", function ()
    local F = load("figures")
    local function f (v, approx, date) return {value = v, approx = approx, date = date} end
    t.eq(F.compare(f(190e9, nil, "2022"), f(200e9, nil, "2022")), "conflicting")
    t.eq(F.compare(f(190e9, nil, "2022"), f(240e9, nil, "2023")), "different year")
    t.eq(F.compare(f(190e9, nil, nil), f(240e9, nil, "2023")), "unclear")
    t.eq(F.compare(f(130, "more than", nil), f(150, nil, nil)), "consistent")
    t.eq(F.compare(f(200e9, "more than", "2023"), f(240e9, nil, "2023")), "consistent")
    t.eq(F.compare(f(26, "nearly", nil), f(30, nil, nil)), "unclear")
    t.eq(F.compare(f(130, "some", nil), f(130, nil, nil)), "agree")
    t.eq(F.compare(f(100, "about", "2020"), f(105, nil, "2020")), "consistent")
  end)

  t.test("figures: subjects, guessed and normalised", function ()
    local F = load("figures")
    local function guess (sent, fig, kind)
      local s = sent:find(fig, 1, true) - 1
      return F.guess_subject(sent, s, s + #fig, kind or "money")
    end
    t.eq(guess("China is Russia's largest trading partner, with exchange between the nations reaching " ..
               "a record $190 billion last year.", "$190 billion"), "exchange")
    t.eq(guess("And Xi said it was progressing towards a goal of $200 billion set by the two countries.",
               "$200 billion"), "goal")
    t.eq(guess("The grain group said that deal worth nearly $26 billion replaces lost exports.",
               "$26 billion"), "deal")
    t.eq(guess("Leaders praised record trade, which last year surpassed the $200 billion target.",
               "$200 billion"), "target")
    t.eq(guess("He pledged to inject more than $100 billion of new funding into projects.", "$100 billion"),
         "funding")
    t.eq(guess("The hall was filled with representatives from more than 130 countries this week.",
               "130 countries", "quantity"), "representatives")
    t.eq(guess("Putin met Xi 42 times.", "42 times", "quantity"), nil)
    t.eq(F.subject_key("bilateral trade"), "trade")
    t.eq(F.subject_key("trade turnover between the two neighbors"), "trade")
    t.eq(F.subject_key("exchange"), "trade")
    t.eq(F.subject_key("value of exports"), "export")
    t.eq(F.subject_key("goal"), "target")
    t.eq(F.subject_key(nil), "")
    t.eq({F.implied_approx("Trade surpassed the $200 billion mark.", 19)}, {"more than", "surpassed"})
    t.eq(F.is_claim("quantity", "the two countries"), false)
    t.eq(F.is_claim("quantity", "a hundred countries"), true)
  end)

  -- }====================================================================

  -- {====================================================================
  -- entities, timeline, boilerplate, kwic, ngrams, collocations
  -- ====================================================================

  t.test("entities: mentions per document and same-sentence pairs", function ()
    local E = load("entities")
    local res = E.result(run(E, RECS), {})
    t.eq(res.types, {"PERSON", "PLACE"})
    local putin = res.by_type.PERSON[1]
    t.eq({putin.name, putin.mentions, putin.names, putin.refs, putin.ndocs}, {"Vladimir Putin", 9, 8, 1, 3})
    t.eq(E.per_doc_text(res, putin), "Outlet A 4 · Outlet B 4 · Outlet C 1")
    t.eq({res.pairs[1].a, res.pairs[1].b, res.pairs[1].sentences, res.pairs[1].ndocs},
         {"Vladimir Putin", "Xi Jinping", 4, 2})
    local kept = E.result(run(E, RECS, {boilerplate = true}), {})
    t.eq(kept.by_type.PERSON[3].name, "Donald Trump")
  end)

  t.test("timeline: dated figures and quotes in date order", function ()
    local TL = load("timeline")
    local res = TL.result(run(TL, RECS), {})
    local seq = {}
    for _, it in ipairs(res.items) do seq[#seq + 1] = it.date .. " " .. it.what .. " " .. it.doc end
    t.eq(seq, {"2022 figure a_outlet", "2022 figure b_outlet", "2023 figure c_outlet",
               "2023-10-18 quote a_outlet", "2023-10-18 quote a_outlet", "2023-10-18 quote a_outlet",
               "2023-10-18 quote b_outlet", "2023-10-18 quote b_outlet", "2023-10-18 quote b_outlet",
               "2024-05-16 quote c_outlet", "2024-05-16 quote c_outlet"})
    t.eq(#TL.result(run(TL, RECS), {since = "2024"}).items, 2)
    t.eq(#TL.result(run(TL, RECS), {only = "figures", ["until"] = "2022"}).items, 2)
  end)

  t.test("dates: sortable keys", function ()
    t.eq(C.date_key("2023-W42"), "2023-10-16")
    t.eq(C.date_key("2020-W53"), "2020-12-28")
    t.eq(C.date_key("2023-W00"), "2023")
    t.eq(C.date_key("2024-05-16TAF"), "2024-05-16")
    t.eq(C.date_key("2022-02"), "2022-02")
    t.eq(C.date_key("last year"), nil)
    t.eq(C.date_key("in 2013"), "2013")
    t.eq(C.date_key(2023), "2023")
    t.eq(C.fmt_value("money", 190000000000, "USD"), "$190 billion")
    t.eq(C.fmt_value("money", 1.5e12, "EUR"), "€1.5 trillion")
    t.eq(C.fmt_value("percent", 12.5, nil), "12.5%")
    t.eq(C.fmt_value("quantity", 1400, "people"), "1400 people")
    t.eq(C.fmt_value("quantity", 3000000, "people"), "3 million people")
  end)

  t.test("boilerplate: layer spans and repeated paragraphs", function ()
    local B = load("boilerplate")
    local recs = {RECS[1], RECS[2], copy(RECS[3])}
    -- a sign-off paragraph in two documents, twice in one of them
    local function sign (r, off)
      r.text = r.text .. "\nFollow us on Example for more news!\nFollow us on Example for more news!"
      return r
    end
    recs[2] = sign(copy(RECS[2]))
    recs[3] = sign(recs[3])
    local res = B.result(run(B, recs), {})
    t.eq(#res.spans, 1)
    t.eq({res.spans[1].doc, res.spans[1].label, res.spans[1].lines, res.spans[1].first},
         {"a_outlet", "links", 4, "Related"})
    t.eq(#res.repeated, 1)
    t.eq({res.repeated[1].count, res.repeated[1].ndocs, res.repeated[1].scope, res.repeated[1].sample},
         {4, 2, "across documents", "Follow us on Example for more news!"})
    t.eq(res.repeated[1].docs, {"b_outlet", "c_outlet"})
    t.eq(B.normalise("- Putin, on his 1st trip!", 3), "putin, on his 0st trip")
  end)

  t.test("kwic: regex and token patterns, offsets, boilerplate", function ()
    local K = load("kwic")
    local res = K.result(run(K, RECS, {pattern = "/economic \\w+/"}), {pattern = "/economic \\w+/"})
    t.eq(#res.hits, 4)
    local h = res.hits[1]
    local at = RECS[1].text:find("economic coercion", 1, true) - 1
    t.eq({h.doc, h.s, h.e, h.match}, {"a_outlet", at, at + 17, "economic coercion"})
    t.eq(RECS[1].text:sub(h.s + 1, h.e), "economic coercion")
    t.eq(h.right:sub(1, 14), ", decoupling a")
    t.eq(res.forms[1], {form = "economic coercion", count = 3})
    local tok = K.result(run(K, RECS, {pattern = "Xi {said told}"}), {})
    t.eq(#tok.hits, 2)
    t.eq(tok.hits[1].match, "Xi told")
    t.eq(#K.result(run(K, RECS, {pattern = "headline"}), {}).hits, 0)
    t.eq(#K.result(run(K, RECS, {pattern = "headline", boilerplate = true}), {}).hits, 2)
    local norec = copy(RECS[1])
    norec.text = nil
    local ok, err = pcall(K.add, K.init({}), norec, {pattern = "Xi"})
    t.eq(ok, false)
    t.eq(err.fail, true)
    t.ok(err.msg:find("record a_outlet has no text: with --from, kwic needs records saved with " ..
                      "'lore extract --text'", 1, true), err.msg)
  end)

  t.test("ngrams: counts and document frequencies, stop words at the edges", function ()
    local N = load("ngrams")
    local res = N.result(run(N, RECS, {}), {})
    t.eq(res.ngrams[1], {gram = "xi jinping", n = 2, count = 4, docs = 3})
    local found = {}
    for _, x in ipairs(res.ngrams) do found[x.gram] = x.count end
    t.eq(found["economic coercion"], 3)
    t.eq(found["unilateral sanctions"], 2)
    t.eq(found["of economic"], nil)
    local tri = N.result(run(N, RECS, {n = 3}), {min_count = 2})
    local grams = {}
    for _, x in ipairs(tri.ngrams) do grams[#grams + 1] = x.gram .. " " .. x.count end
    t.eq(grams, {"billion last year 2", "oppose unilateral sanctions 2"})
  end)

  t.test("collocations: log-likelihood and PMI", function ()
    local CO = load("collocations")
    t.eq(string.format("%.6f", CO.ll(3, 5, 4, 100)), "15.761523")
    t.eq(string.format("%.6f", CO.ll(8, 8, 8, 3702)), "114.177691")
    t.eq(CO.pmi(2, 2, 2, 100), math.log(50, 2))
    local res = CO.result(run(CO, RECS, {}), {})
    t.eq({res.pairs[1].a, res.pairs[1].b, res.pairs[1].count}, {"xi", "jinping", 4})
    local ec
    for _, x in ipairs(res.pairs) do if x.a == "economic" and x.b == "coercion" then ec = x end end
    t.eq({ec.count, ec.ca, ec.cb}, {3, 4, 3})
    local pmi = CO.result(run(CO, RECS, {}), {measure = "pmi"})
    t.eq(pmi.measure, "pmi")
  end)

  -- }====================================================================

  -- {====================================================================
  -- report
  -- ====================================================================

  t.test("report: tables and findings from the other scripts' states", function ()
    local R = load("report")
    local model = R.build(run(R, RECS), {})
    local names = {}
    for _, tb in ipairs(model.tables) do names[#names + 1] = tb.name end
    t.eq(names, {"documents", "entities", "entity_documents", "cooccurrences", "speakers", "quotes",
                 "statements", "figure_groups", "figures", "boilerplate", "repeated_paragraphs", "findings"})
    t.eq({model.overview.documents, model.overview.words, model.overview.first_date, model.overview.last_date},
         {3, RECS[1].stats.words + RECS[2].stats.words + RECS[3].stats.words, "2023-10-18", "2024-05-16"})
    t.eq(model.overview.sources, {"Outlet A", "Outlet B", "Outlet C"})
    t.eq(#model.findings, 2)
    local f = model.findings[1]
    t.eq({f.kind, f.statuses, f.subject, f.ref, f.documents},
         {"figure conflicting", "conflicting, different year", "trade  (money, USD)", "F1", 3})
    t.eq(model.findings[2].kind, "worded differently")
    t.eq(model.findings[2].subject, "Xi Jinping")
  end)

  t.test("report: terminal output fits the width, no colour off a terminal", function ()
    local R = load("report")
    local model = R.build(run(R, RECS), {})
    local p = R.terminal(model, {width = 100, color = util.colorizer(false)})
    local text = p.text()
    for line in text:gmatch("[^\n]+") do
      if utf8.len(line) > 100 then error("line wider than 100 columns: " .. line) end
    end
    t.ok(not text:find("\27", 1, true), "no escape codes")
    local flat = text:gsub("\n%s+", " ")
    t.ok(flat:find("2022: $190 billion (Outlet A) vs $200 billion (Outlet B): conflicting", 1, true), "trade")
    t.ok(flat:find("[-the reduction of economic ties-] {+delinking+}", 1, true), "diff")
    local narrow = R.terminal(model, {width = 72, color = util.colorizer(false)}).text()
    for line in narrow:gmatch("[^\n]+") do
      if utf8.len(line) > 72 then error("line wider than 72 columns: " .. line) end
    end
  end)

  t.test("report: csv cells quoted, json rows as objects", function ()
    t.eq(C.table_csv({columns = {"a", "b"}, rows = {{1, 'say "hi", ok'}, {2.5, nil}}}),
         'a,b\r\n1,"say ""hi"", ok"\r\n2.5,\r\n')
    local j = lore.json.decode(C.tables_json("x", {{name = "t", columns = {"a", "b"}, rows = {{1, nil}}}}))
    t.eq(j.tables.t[1].a, 1)
    t.eq(j.tables.t[1].b, lore.json.null)
  end)

  -- }====================================================================
end
