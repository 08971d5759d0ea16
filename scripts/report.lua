-- scripts/report.lua: the corpus report (lore report; make demo).
--
-- Composed from the other scripts: each per-document summary is made by
-- scripts/entities.lua, quotes.lua, figures.lua and boilerplate.lua
-- (their summarise()), the state is theirs side by side, and the report
-- prints their result() tables:
--   overview        documents, sources, dates, words, boilerplate left out
--   entities        top entities by type, with mention and document counts
--   speakers        quotes grouped by speaker, each with its document
--   figures         figures grouped by subject, the sources of each value
--   findings        cross-source: conflicting figures, figures of
--                   different years, statements reported in different
--                   words or attributed to different speakers
--
-- Outputs: the terminal (aligned, 100 columns, colour only on a terminal),
-- --json FILE and --csv DIR (the same tables). Every output is a renderer
-- of the model that S.build(state, opts) returns (see S.OUTPUTS below):
-- to add one (--html FILE), add its option to S.options and an entry
-- {key = "html", render = function (model, path, opts) ... end} to
-- S.OUTPUTS; model.tables are the exported tables, model.results the
-- scripts' structured results, model.findings the findings.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local util = require "lore.util"

local E = C.script_at("entities")
local Q = C.script_at("quotes")
local F = C.script_at("figures")
local B = C.script_at("boilerplate")

local S = {
  name = "report",
  summary = "The corpus report: overview (documents, sources, dates, words), top entities\n" ..
    "by type, speakers and their quotes, figures grouped by subject with the sources\n" ..
    "of each value, and cross-source findings (conflicting figures, figures of\n" ..
    "different years, statements reported in different words). Spans inside\n" ..
    "boilerplate are left out (--boilerplate keeps them). --json and --csv write\n" ..
    "the same tables for notebooks and spreadsheets.",
  usage = "lore report [INPUT...] [--json FILE] [--csv DIR] [OPTIONS]",
}

S.options = C.options{
  {"-t", "--top", arg = "N", key = "top", number = true, help = "entities shown per type (default 8)"},
  {nil, "--speakers", arg = "N", key = "speakers", number = true, help = "speakers shown (default 8)"},
  {nil, "--quotes", arg = "N", key = "quotes", number = true, help = "quotes shown per speaker (default 4)"},
  {nil, "--figures", arg = "N", key = "figures", number = true, help = "figure groups shown (default 8)"},
  {nil, "--statements", arg = "N", key = "statements", number = true,
   help = "statements worded differently shown (default 6)"},
  {nil, "--html", arg = "FILE", key = "html",
   help = "write a self-contained HTML page, documents highlighted (--from: extract --text)"},
}

S.PARTS = {entities = E, quotes = Q, figures = F, boilerplate = B}
local PART_NAMES = {"entities", "quotes", "figures", "boilerplate"}

-- {======================================================================
-- Per document: the parts' summaries
-- =======================================================================

function S.summarise (rec, opts, doc)
  local st = C.val(rec.stats) or {}
  local meta = C.doc_meta(rec)
  meta.sentences = math.tointeger(C.val(st.sentences)) or 0
  meta.bytes = math.tointeger(C.val(st.bytes)) or 0
  local layers = {}
  for _, l in ipairs{"entities", "mentions", "quotes", "figures", "boilerplate"} do
    if type(C.val(rec[l])) == "table" then layers[#layers + 1] = l end
  end
  meta.layers = layers
  return {
    overview = meta,
    entities = E.summarise(rec, opts),
    quotes = Q.summarise(rec, opts),
    figures = F.summarise(rec, opts),
    boilerplate = B.summarise(rec, opts, doc),
  }
end

-- With --html, each document's highlighted section is made here, in the
-- workers where its text is (scripts/lib/html.lua); add() streams it out.
function S.map (doc, opts)
  local rec = C.record_of(doc)
  local sm = S.summarise(rec, opts, doc)
  if opts.html and not opts.partial then sm.html = C.need("html").fragment(rec, opts) end
  return sm
end

function S.init ()
  local st = {overview = {}}
  for _, k in ipairs(PART_NAMES) do st[k] = S.PARTS[k].init() end
  return st
end

function S.add_summary (state, sm)
  C.put(state.overview, sm.overview.id, sm.overview)
  for _, k in ipairs(PART_NAMES) do S.PARTS[k].add_summary(state[k], sm[k]) end
end

function S.add (state, rec, opts)
  local sm = rec.map or S.summarise(rec, opts)
  if opts and opts.html and not opts.partial then C.need("html").stream(opts, rec, sm) end
  S.add_summary(state, sm)
end

function S.merge (a, b, opts)
  C.merge_maps(a.overview, b.overview or {})
  for _, k in ipairs(PART_NAMES) do a[k] = S.PARTS[k].merge(a[k], b[k] or S.PARTS[k].init(), opts) end
  return a
end

-- }======================================================================

-- {======================================================================
-- The model
-- =======================================================================

local function overview (state, bres)
  local ids = util.sorted_keys(state.overview)
  local docs, sources, dates = {}, {}, {}
  local words, layers = 0, {}
  for _, id in ipairs(ids) do
    local m = state.overview[id]
    docs[#docs + 1] = m
    words = words + (m.words or 0)
    if m.source then sources[m.source] = (sources[m.source] or 0) + 1 end
    if m.date then dates[m.date] = (dates[m.date] or 0) + 1 end
    for _, l in ipairs(m.layers or {}) do layers[l] = (layers[l] or 0) + 1 end
  end
  local dl = util.sorted_keys(dates)
  return {
    documents = #docs, docs = docs, words = words,
    sources = util.sorted_keys(sources), source_counts = sources,
    dates = dl, first_date = dl[1], last_date = dl[#dl],
    layers = layers,
    boilerplate = {spans = #bres.spans, documents = bres.ndocs, labels = bres.by_label,
                   repeated = #bres.repeated},
  }
end

-- Cross-source findings, most serious first.
local function findings (model)
  local out = {}
  local label = function (id) return C.label_of(model.docs, id) end
  for _, g in ipairs(model.results.figures.groups) do
    local st = g.statuses[1]
    if g.subject_key ~= "" and g.ndocs >= 2 and
       (st == "conflicting" or st == "unclear" or st == "different year") then
      out[#out + 1] = {kind = "figure " .. st, severity = F.SEVERITY[st] or 0,
        statuses = table.concat(g.statuses, ", "), subject = F.group_title(g), ref = g.id,
        detail = F.describe(model.results.figures, g, label), documents = g.ndocs}
    end
  end
  for _, st in ipairs(model.results.quotes.statements) do
    if st.speaker_conflict then
      out[#out + 1] = {kind = "speakers differ", severity = 3, subject = st.speaker or "(unknown)", ref = st.id,
        detail = util.cut(st.variants[1].text, 90), documents = st.ndocs}
    end
    if st.differs then
      out[#out + 1] = {kind = "worded differently", severity = 1, subject = st.speaker or "(unknown)",
        ref = st.id, detail = util.cut(st.variants[1].text, 90), documents = st.ndocs}
    end
  end
  for i, f in ipairs(out) do f.order = i end
  table.sort(out, function (a, b)
    if a.severity ~= b.severity then return a.severity > b.severity end
    return a.order < b.order
  end)
  for _, f in ipairs(out) do f.order = nil end
  return out
end

function S.build (state, opts)
  opts = opts or {}
  local results = {
    entities = E.result(state.entities, {}),
    quotes = Q.result(state.quotes, {}),
    figures = F.result(state.figures, {all = true}),
    boilerplate = B.result(state.boilerplate, {}),
  }
  local model = {results = results}
  model.overview = overview(state, results.boilerplate)
  model.docs = {}
  for _, m in ipairs(model.overview.docs) do model.docs[m.id] = m end
  model.findings = findings(model)
  -- the exported tables
  local tables = {}
  local docs = {name = "documents", columns = {"document", "date", "source", "words", "sentences", "title", "url"},
                rows = {}}
  for _, m in ipairs(model.overview.docs) do
    docs.rows[#docs.rows + 1] = {m.id, m.date, m.source, m.words, m.sentences, m.title, m.url}
  end
  tables[#tables + 1] = docs
  for _, t in ipairs(E.tables(results.entities)) do tables[#tables + 1] = t end
  for _, t in ipairs(Q.tables(results.quotes)) do tables[#tables + 1] = t end
  for _, t in ipairs(F.tables(results.figures)) do tables[#tables + 1] = t end
  for _, t in ipairs(B.tables(results.boilerplate)) do tables[#tables + 1] = t end
  local fnd = {name = "findings", columns = {"kind", "statuses", "subject", "ref", "documents", "detail"}, rows = {}}
  for _, f in ipairs(model.findings) do
    fnd.rows[#fnd.rows + 1] = {f.kind, f.statuses or f.kind, f.subject, f.ref, f.documents, f.detail}
  end
  tables[#tables + 1] = fnd
  model.tables = tables
  return model
end

S.result = S.build

-- }======================================================================

-- {======================================================================
-- Terminal
-- =======================================================================

local function plural (n, s, p) return string.format("%d %s", n, n == 1 and s or (p or s .. "s")) end

-- Two blocks of lines side by side.
local function side_by_side (a, b, wa, gap)
  local out = {}
  for i = 1, math.max(#a, #b) do
    local l = a[i] or ""
    local pad = wa - C.vwidth(l)
    out[i] = ((b[i] and b[i] ~= "") and (l .. string.rep(" ", math.max(0, pad) + gap) .. b[i]) or l)
  end
  return out
end

local function lines_of (s)
  local t = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  return t
end

local function print_overview (model, opts, p)
  local o = model.overview
  local color = p.color
  local dates = o.first_date and (o.first_date == o.last_date and o.first_date or
    (o.first_date .. " to " .. o.last_date)) or "no dates"
  p.line(C.hang(color("bold", "LORE REPORT") .. "  ", table.concat({
    plural(o.documents, "document"),
    #o.sources > 0 and plural(#o.sources, "source") or "sources unknown",
    dates, C.fmt_number(o.words) .. " words"}, " · "), p.width, true))
  p.heading("Documents")
  local rows = {}
  for _, m in ipairs(o.docs) do
    rows[#rows + 1] = {C.doc_label(m), m.date or "", m.words, m.title or ""}
  end
  p.table({"document", "date", "words", "title"}, rows, {right = {false, false, true, false}, max = {24}})
  local b = o.boilerplate
  if b.spans > 0 then
    local parts = {}
    for _, l in ipairs(util.sorted_keys(b.labels)) do parts[#parts + 1] = l .. " " .. b.labels[l] end
    p.line(color("grey", string.format("Boilerplate %s: %s in %s (%s)%s.",
      opts.boilerplate and "kept" or "left out", plural(b.spans, "span"), plural(b.documents, "document"),
      table.concat(parts, ", "), opts.boilerplate and "" or "; --boilerplate keeps it")))
  end
  local missing = {}
  for _, l in ipairs{"entities", "quotes", "figures"} do
    if (o.layers[l] or 0) == 0 and o.documents > 0 then missing[#missing + 1] = l end
  end
  if #missing > 0 then
    local list = #missing == 1 and (missing[1] .. " layer") or
      (table.concat(missing, ", ", 1, #missing - 1) .. " or " .. missing[#missing] .. " layers")
    p.line(color("yellow", C.hang("", "The records have no " .. list ..
      ": those sections are empty (are the rules loaded? see lore extract -r).", p.width)))
  end
end

local function print_entities (model, opts, p)
  local er = model.results.entities
  local top = math.floor(opts.top or 8)
  p.heading("Entities", string.format("top %d per type; mentions = names + references (he, the leader)", top))
  if #er.types == 0 then p.line(p.color("grey", "(none)")) return end
  local half = (p.width - 4) // 2
  local blocks = {}
  for _, t in ipairs(er.types) do
    local rows = {}
    for i, a in ipairs(er.by_type[t]) do
      if i > top then break end
      rows[#rows + 1] = {a.name, a.mentions, a.ndocs}
    end
    local n = #er.by_type[t]
    blocks[#blocks + 1] = lines_of(util.table({t .. (n > top and string.format(" (%d)", n) or ""), "mentions", "docs"},
      rows, {right = {false, true, true}, width = half, color = p.color}))
  end
  for i = 1, #blocks, 2 do
    if i > 1 then p.line("") end
    local w = 0
    for _, l in ipairs(blocks[i]) do w = math.max(w, C.vwidth(l)) end
    for _, l in ipairs(side_by_side(blocks[i], blocks[i + 1] or {}, math.max(w, half), 4)) do p.line(l) end
  end
  local pairs_ = er.pairs
  if #pairs_ > 0 then
    p.line("")
    local parts = {}
    for i, x in ipairs(pairs_) do
      if i > 6 then break end
      parts[#parts + 1] = string.format("%s + %s (%d)", x.a, x.b, x.sentences)
    end
    p.line(C.hang("Most often in one sentence: ", table.concat(parts, ", "), p.width))
  end
end

-- Quotes of a speaker to show: round robin over the documents, long
-- quotes first in each, then shown in document order.
local function pick_quotes (list, n)
  if #list <= n then return list, 0 end
  local by, docs = {}, {}
  for _, q in ipairs(list) do
    if not by[q.doc] then by[q.doc] = {} docs[#docs + 1] = q.doc end
    table.insert(by[q.doc], q)
  end
  for _, d in ipairs(docs) do
    table.sort(by[d], function (a, b)
      local la, lb = #a.text >= 40, #b.text >= 40
      if la ~= lb then return la end
      return a.s < b.s
    end)
  end
  local picked, k = {}, 1
  while #picked < n do
    local any = false
    for _, d in ipairs(docs) do
      local q = by[d][k]
      if q and #picked < n then picked[#picked + 1] = q any = true end
    end
    if not any then break end
    k = k + 1
  end
  table.sort(picked, function (a, b)
    if a.doc ~= b.doc then return a.doc < b.doc end
    return a.s < b.s
  end)
  return picked, #list - #picked
end

local function print_speakers (model, opts, p)
  local qr = model.results.quotes
  local color = p.color
  local nsp = math.floor(opts.speakers or 8)
  local nq = math.floor(opts.quotes or 4)
  p.heading("Speakers and quotes", string.format("%s by %s", plural(#qr.quotes, "quote"),
    plural(#qr.speakers, "speaker")))
  if #qr.quotes == 0 then p.line(color("grey", "(none)")) return end
  for i, sp in ipairs(qr.speakers) do
    if i > nsp then
      local rest = {}
      for j = i, #qr.speakers do
        rest[#rest + 1] = (qr.speakers[j].speaker or "(unknown)") .. " " .. qr.speakers[j].quotes
      end
      p.line(color("grey", C.hang("Also quoted: ", table.concat(rest, ", "), p.width)))
      break
    end
    local types = {}
    for _, t in ipairs{"direct", "unmarked", "indirect"} do
      if sp[t] > 0 then types[#types + 1] = sp[t] .. " " .. t end
    end
    p.line(color("bold", sp.speaker or "(unknown speaker)") .. color("grey", "  " ..
      plural(sp.quotes, "quote") .. " (" .. table.concat(types, ", ") .. ") in " .. plural(sp.ndocs, "document")))
    local list, more = pick_quotes(sp.list, nq)
    Q.print_quotes(qr, {list = list, speaker = sp.speaker}, p, nil, "  ")
    if more > 0 then
      p.line(color("grey", string.format("  … %d more: lore quotes --speaker '%s'", more, sp.speaker or "-")))
    end
  end
end

local function print_figures (model, opts, p)
  local fr = model.results.figures
  local n = math.floor(opts.figures or 8)
  local shown, multi = {}, 0
  for _, g in ipairs(fr.groups) do
    -- groups without a subject (durations, vague counts) stay in lore figures
    if g.ndocs >= 2 and (g.subject_key ~= "" or (g.kind == "quantity" and g.unit)) then
      multi = multi + 1
      if #shown < n then shown[#shown + 1] = g end
    end
  end
  p.heading("Figures by subject", string.format("%s in two documents or more%s",
    plural(multi, "group"), multi > #shown and string.format(", %d shown (lore figures)", #shown) or ""))
  if #shown == 0 then
    p.line(p.color("grey", #fr.groups > 0 and "(no subject is given figures by two documents: lore figures --all)"
      or "(none)"))
  end
  for i, g in ipairs(shown) do
    if i > 1 then p.line("") end
    F.print_group(fr, g, p, opts)
  end
end

local function print_findings (model, opts, p)
  local color = p.color
  p.heading("Cross-source findings")
  local fnd = model.findings
  local qr = model.results.quotes
  local figs = {}
  for _, f in ipairs(fnd) do if f.kind:match("^figure") then figs[#figs + 1] = f end end
  local KCOLOR = {["figure conflicting"] = "red", ["figure unclear"] = "yellow", ["figure different year"] = "cyan"}
  if #figs == 0 then
    p.line(color("grey", "Figures: no disagreement between documents."))
  else
    p.line(color("bold", "Figures that disagree"))
    for _, f in ipairs(figs) do
      local tags = {}
      for st in (f.statuses or ""):gmatch("[^,]+") do
        st = st:gsub("^ ", "")
        tags[#tags + 1] = color(KCOLOR["figure " .. st] or "grey", st:upper())
      end
      p.line(C.hang(string.format("  %-4s ", f.ref), f.subject .. "  " .. table.concat(tags, " · "), p.width, true))
      p.line(C.hang("       ", f.detail, p.width, true))
    end
  end
  local differ = {}
  for _, st in ipairs(qr.statements) do
    if st.differs or st.speaker_conflict then differ[#differ + 1] = st end
  end
  p.line("")
  if #differ == 0 then
    p.line(color("grey", string.format("Quotes: %s reported by several documents, none in different words.",
      plural(#qr.statements, "statement"))))
    return
  end
  local n = math.floor(opts.statements or 6)
  p.line(color("bold", "Statements reported in different words") .. color("grey",
    string.format("  %d of %s found in several documents", #differ, plural(#qr.statements, "statement"))))
  p.line(color("grey", "  = reference  ≠ differs  ~ partial quote · [-only in the reference-] {+only in this one+}"))
  for i, st in ipairs(differ) do
    if i > n then
      p.line(color("grey", string.format("  … %d more: lore quotes", #differ - n)))
      break
    end
    Q.print_statement(qr, st, p, "  ")
  end
end

S.SECTIONS = {print_overview, print_entities, print_speakers, print_figures, print_findings}

function S.terminal (model, opts)
  local p = C.printer(opts)
  for _, section in ipairs(S.SECTIONS) do section(model, opts, p) end
  return p
end

-- }======================================================================

-- {======================================================================
-- Outputs
-- =======================================================================

S.OUTPUTS = {
  {key = "json", render = function (model, path)
    util.write_file(path, C.tables_json("report", model.tables, {overview = {
      documents = model.overview.documents, words = model.overview.words,
      sources = model.overview.sources, first_date = model.overview.first_date,
      last_date = model.overview.last_date}}) .. "\n")
  end},
  {key = "csv", render = function (model, dir) C.write_csv_dir(dir, model.tables) end},
  {key = "html", render = function (model, path, opts) C.need("html").render(model, path, opts) end},
}

function S.check (opts) C.check(opts) end

function S.finish (state, opts)
  C.check(opts)
  local model = S.build(state, opts)
  local exported = false
  for _, o in ipairs(S.OUTPUTS) do
    if opts[o.key] then
      o.render(model, opts[o.key], opts)
      exported = true
      if not opts.quiet and opts[o.key] ~= "-" then
        io.stderr:write(string.format("lore report: wrote %s\n", opts[o.key]))
      end
    end
  end
  if not exported then S.terminal(model, opts).flush() end
  return 0
end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
