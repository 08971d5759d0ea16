-- scripts/lib/html.lua: the self-contained HTML page of `lore report
-- --html FILE`.
--
--   esc(s)                 text or attribute value, HTML-escaped (also
--                          invalid UTF-8 and control bytes replaced)
--   anchor(id)             the element id of a document's section
--   fragment(rec, opts)    a document's section: its text with the spans of
--                          the entities, mentions, quotes, figures and
--                          boilerplate layers marked (nil without text)
--   stream(opts, rec, sm)  in add(): write the document's fragment (made in
--                          map(), in the workers, or here from a record
--                          with text) to a temporary file, in input order
--   render(model, path, opts)  at finish: the page (head, panels, then the
--                          streamed document sections), written to a
--                          temporary file renamed over path on success
--
-- Memory: only the fragment of the document being added is ever held; the
-- report's state keeps per-document summaries as for the other outputs.
--
-- Safety: every corpus string goes through esc(), in text and in attribute
-- values (always double-quoted); links are made only of http(s) URLs; the
-- one script is ours (scripts/data/report.js), reads no corpus data, and
-- is the only one the page's Content-Security-Policy allows (by hash).
-- The page is deterministic: no dates, no random numbers; the graph layout
-- starts from a circle and runs a fixed number of iterations.
local lore = require "lore"
local util = require "lore.util"

local LIBDIR = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or ""
local C = package.loaded["lore.scripts:" .. LIBDIR .. "common.lua"] or dofile(LIBDIR .. "common.lua")

local M = {}

-- {======================================================================
-- Escaping
-- =======================================================================

local ESC = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;"}
local REPLACEMENT = "\u{FFFD}"

-- s with every invalid UTF-8 sequence replaced by U+FFFD.
local function clean_utf8 (s)
  if utf8.len(s) then return s end
  local out, i = {}, 1
  while true do
    local ok, bad = utf8.len(s, i)
    if ok then out[#out + 1] = s:sub(i) break end
    out[#out + 1] = s:sub(i, bad - 1)
    out[#out + 1] = REPLACEMENT
    i = bad + 1
  end
  return table.concat(out)
end

function M.esc (s)
  if s == nil or s == lore.json.null then return "" end
  s = clean_utf8(tostring(s))
  s = s:gsub("[&<>\"']", ESC)
  -- C0 controls other than tab, line feed and carriage return, and DEL
  s = s:gsub("[%z\1-\8\11\12\14-\31\127]", REPLACEMENT)
  return s
end
local esc = M.esc

-- A class name part made of a label ("PERSON", "different year").
local function cls (s)
  return (tostring(s or ""):gsub("[^%w_-]", "-"))
end

-- 32-bit FNV-1a of s, as 8 hex digits.
local function fnv32 (s)
  local h = 0x811c9dc5
  for i = 1, #s do
    h = ((h ~ s:byte(i)) * 0x01000193) & 0xffffffff
  end
  return string.format("%08x", h)
end

function M.anchor (id)
  id = tostring(id)
  local slug = id:gsub("[^%w_-]", "-")
  if slug == id and #id <= 64 then return "doc-" .. id end
  return "doc-" .. slug:sub(1, 40) .. "-" .. fnv32(id)
end

-- An <a> to a http(s) URL, or the URL as text.
local function url_link (url, text)
  if type(url) ~= "string" or url == "" then return "" end
  if url:match("^[Hh][Tt][Tt][Pp][Ss]?://[^%s]+$") then
    return string.format('<a href="%s" rel="noopener noreferrer nofollow">%s</a>', esc(url), esc(text or url))
  end
  return esc(text or url)
end

local function fmt_num (v)
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%.0f", v) end
  return string.format("%.15g", v)
end

local function plural (n, s, p) return string.format("%s %s", C.fmt_number(n), n == 1 and s or (p or s .. "s")) end

-- }======================================================================

-- {======================================================================
-- A document's section
-- =======================================================================

-- Outer marks first when two spans start at the same byte and have the
-- same end.
local RANK = {bp = 1, q = 2, e = 3, m = 4, f = 5}

-- Byte offset p (0-based) moved back to the start of its UTF-8 character
-- (a span that ends or starts inside a character still gets its mark).
local function char_start (text, p)
  while p > 0 and p < #text do
    local b = text:byte(p + 1)
    if b < 0x80 or b >= 0xC0 then break end
    p = p - 1
  end
  return p
end

local function open_tag (classes, attrs)
  local t = {'<span class="', esc(classes), '"'}
  for _, kv in ipairs(attrs) do
    if kv[2] ~= nil then t[#t + 1] = string.format(' %s="%s"', kv[1], esc(kv[2])) end
  end
  t[#t + 1] = ">"
  return table.concat(t)
end

-- The value of a figure as the page shows it: "$190 billion", "12%",
-- "2023-10-18".
local function figure_value (kind, value, unit)
  if type(value) == "number" then return C.fmt_value(kind, value, unit) end
  if type(value) == "string" then return value end
  return nil
end

-- The marks of a record: {s, e, rank, open, cont, kind}; counts by layer.
local function marks_of (rec, opts, anchor, text)
  local marks, ids = {}, {}
  local counts = {entities = 0, mentions = 0, quotes = 0, figures = 0, boilerplate = 0, labels = {}}
  local function add (kind, sp, classes, attrs, idkey)
    local s, e = math.tointeger(C.val(sp.start)), math.tointeger(C.val(sp["end"]))
    if not s or not e or s < 0 or e > #text or s >= e then return false end
    local id
    if idkey then                                  -- the offsets the panels link to
      id = string.format("%s-%s%d_%d", anchor, idkey, s, e)
      if ids[id] then id = nil else ids[id] = true end
    end
    s, e = char_start(text, s), char_start(text, e)
    if s >= e then return false end
    local first = {table.unpack(attrs)}
    if id then table.insert(first, 1, {"id", id}) end
    marks[#marks + 1] = {s = s, e = e, rank = RANK[kind], i = #marks + 1,
                         open = open_tag(classes, first), cont = open_tag(classes .. " cont", attrs)}
    return true
  end
  for _, sp in ipairs(C.val(rec.boilerplate) or {}) do
    if type(sp) == "table" then
      local label = C.str(sp.label) or "boilerplate"
      if add("bp", sp, "bp bp-" .. cls(label), {{"data-label", label}, {"title", "boilerplate: " .. label}}) then
        counts.boilerplate = counts.boilerplate + 1
      end
    end
  end
  for _, sp in ipairs(C.spans(rec, "entities", opts)) do
    local label = C.str(sp.label) or "MISC"
    local canon = C.str(sp.canonical) or C.str(sp.text) or ""
    if add("e", sp, "e e-" .. cls(label), {{"data-label", label}, {"title", label .. ": " .. canon}}) then
      counts.entities = counts.entities + 1
      counts.labels[label] = (counts.labels[label] or 0) + 1
    end
  end
  for _, sp in ipairs(C.spans(rec, "mentions", opts)) do
    local label = C.str(sp.label) or "mention"
    local ref, rl = C.str(sp.ref), C.str(sp.ref_label)
    local title = label:lower() .. " → " .. (ref or "?") .. (rl and (" (" .. rl .. ")") or "")
    if add("m", sp, "m m-" .. cls(rl or "x"), {{"data-label", label}, {"title", title}}) then
      counts.mentions = counts.mentions + 1
    end
  end
  for _, sp in ipairs(C.spans(rec, "quotes", opts)) do
    local typ = C.str(sp.type) or C.str(sp.label) or "direct"
    local speaker, cue = C.str(sp.speaker), C.str(sp.cue)
    local title = typ .. " quote · " .. (speaker and ("speaker: " .. speaker) or "speaker unknown") ..
      (cue and (" · cue: " .. cue) or "")
    if add("q", sp, "q q-" .. cls(typ), {{"data-type", typ}, {"data-speaker", speaker or ""}, {"title", title}}, "q") then
      counts.quotes = counts.quotes + 1
    end
  end
  for _, sp in ipairs(C.spans(rec, "figures", opts)) do
    local kind = C.str(sp.kind) or C.str(sp.label) or "quantity"
    local value = C.val(sp.value)
    local unit, approx, subject = C.str(sp.unit), C.str(sp.approx), C.str(sp.subject)
    local shown = figure_value(kind, value, unit)
    local title = kind .. ": " .. (approx and (approx .. " ") or "") .. (shown or "no value") ..
      (subject and (" · subject: " .. subject) or "")
    local raw = type(value) == "number" and fmt_num(value) or (type(value) == "string" and value or nil)
    if add("f", sp, "f f-" .. cls(kind), {{"data-kind", kind}, {"data-value", raw}, {"title", title}}, "f") then
      counts.figures = counts.figures + 1
    end
  end
  return marks, counts
end

-- The text with the marks as nested <span>s. A mark that crosses the end
-- of one opened before it is closed there and reopened (class "cont").
local function marked_text (text, marks)
  table.sort(marks, function (a, b)
    if a.s ~= b.s then return a.s < b.s end
    if a.e ~= b.e then return a.e > b.e end
    if a.rank ~= b.rank then return a.rank < b.rank end
    return a.i < b.i
  end)
  local set = {[0] = true, [#text] = true}
  for _, m in ipairs(marks) do set[m.s] = true set[m.e] = true end
  local pts = {}
  for p in pairs(set) do pts[#pts + 1] = p end
  table.sort(pts)
  local out, stack, k = {}, {}, 1
  for pi, p in ipairs(pts) do
    local low
    for i = 1, #stack do
      if stack[i].e <= p then low = i break end
    end
    if low then
      local reopen = {}
      for i = #stack, low, -1 do
        out[#out + 1] = "</span>"
        if stack[i].e > p then table.insert(reopen, 1, stack[i]) end
        stack[i] = nil
      end
      for _, m in ipairs(reopen) do
        out[#out + 1] = m.cont
        stack[#stack + 1] = m
      end
    end
    while k <= #marks and marks[k].s == p do
      out[#out + 1] = marks[k].open
      stack[#stack + 1] = marks[k]
      k = k + 1
    end
    local q = pts[pi + 1]
    if q then out[#out + 1] = esc(text:sub(p + 1, q)) end
  end
  for _ = 1, #stack do out[#out + 1] = "</span>" end
  return table.concat(out)
end

function M.fragment (rec, opts)
  local text = C.val(rec.text)
  if type(text) ~= "string" then return nil end
  local meta = C.doc_meta(rec)
  local anchor = M.anchor(meta.id)
  local marks, counts = marks_of(rec, opts or {}, anchor, text)
  local info = {}
  if meta.date then info[#info + 1] = esc(meta.date) end
  if meta.source then info[#info + 1] = esc(meta.source) end
  if meta.url then info[#info + 1] = url_link(meta.url) end
  info[#info + 1] = plural(meta.words, "word")
  local labels = {}
  for _, l in ipairs(util.sorted_keys(counts.labels)) do
    labels[#labels + 1] = string.format('<span class="e e-%s">%s</span> %d', cls(l), esc(l), counts.labels[l])
  end
  info[#info + 1] = plural(counts.entities, "name") .. (#labels > 0 and (" (" .. table.concat(labels, ", ") .. ")") or "")
  info[#info + 1] = plural(counts.quotes, "quote")
  info[#info + 1] = plural(counts.figures, "figure")
  if counts.boilerplate > 0 then info[#info + 1] = plural(counts.boilerplate, "boilerplate span") end
  return table.concat{
    string.format('<section class="doc" id="%s" data-doc="%s">\n', esc(anchor), esc(meta.id)),
    string.format('<h3><span class="docid">%s</span>%s</h3>\n', esc(meta.id), esc(meta.title or meta.id)),
    '<p class="meta">', table.concat(info, " · "), "</p>\n",
    '<div class="text">', marked_text(text, marks), "</div>\n</section>\n",
  }
end

-- }======================================================================

-- {======================================================================
-- Streaming the sections in input order
-- =======================================================================

local streams = setmetatable({}, {__mode = "k"})

-- sm: the record's summary (rec.map from the workers, with .html, or made
-- in the main state); the fragment leaves it here.
function M.stream (opts, rec, sm)
  local st = streams[opts]
  if not st then
    local f, err = io.tmpfile()
    if not f then error("lore report: cannot create a temporary file: " .. tostring(err), 0) end
    st = {f = f, seen = {}, n = 0, missing = 0}
    streams[opts] = st
  end
  local frag = sm and sm.html
  if sm then sm.html = nil end
  local id = sm and sm.overview and sm.overview.id or C.doc_id(rec)
  if st.seen[id] then return end                   -- a document given twice
  if frag == nil then frag = M.fragment(rec, opts) end
  if type(frag) ~= "string" then st.missing = st.missing + 1 return end
  local ok, err = st.f:write(frag)
  if not ok then error("lore report: writing a temporary file: " .. tostring(err), 0) end
  st.seen[id] = true
  st.n = st.n + 1
end

-- }======================================================================

-- {======================================================================
-- The panels
-- =======================================================================

local function badge (status)
  return string.format('<span class="badge st-%s">%s</span>', cls(status), esc(status))
end

-- A sortable table: cols = {{"name", num = true}...}; rows of cells, each
-- a string (HTML) or {html, sort = key}.
local function table_html (b, cols, rows, o)
  o = o or {}
  b[#b + 1] = string.format('<table class="sortable"%s><thead><tr>', o.id and (' id="' .. o.id .. '"') or "")
  local classes = {}
  for i, c in ipairs(cols) do
    local k = {}
    if c.num then k[#k + 1] = "num" end
    if c.nw then k[#k + 1] = "nw" end
    classes[i] = #k > 0 and string.format(' class="%s"', table.concat(k, " ")) or ""
    b[#b + 1] = string.format("<th%s>%s</th>", classes[i], esc(c[1]))
  end
  b[#b + 1] = "</tr></thead><tbody>\n"
  for _, r in ipairs(rows) do
    b[#b + 1] = r.class and string.format('<tr class="%s">', r.class) or "<tr>"
    for i, c in ipairs(cols) do
      local cell = r[i]
      local html, sort = cell, nil
      if type(cell) == "table" then html, sort = cell[1], cell.sort end
      b[#b + 1] = string.format("<td%s%s>%s</td>", classes[i],
        sort ~= nil and string.format(' data-sort="%s"', esc(sort)) or "", html or "")
    end
    b[#b + 1] = "</tr>\n"
  end
  b[#b + 1] = "</tbody></table>\n"
end

local function num_cell (n)
  if n == nil then return {"", sort = ""} end
  return {esc(C.fmt_number(n)), sort = fmt_num(n)}
end

local function heading (b, id, title, sub)
  b[#b + 1] = string.format('<section id="%s">\n<h2>%s%s</h2>\n', id, esc(title),
    sub and ('<span class="sub">' .. esc(sub) .. "</span>") or "")
end

-- Links to the spots in the documents, when their sections are there.
local function linker (model, st)
  local seen = st and st.seen or {}
  local label = function (id) return C.label_of(model.docs, id) end
  return function (doc, kind, s, e, text)
    text = esc(text or label(doc))
    if not seen[doc] or not s or not e then return text end
    return string.format('<a href="#%s-%s%d_%d">%s</a>', esc(M.anchor(doc)), kind, s, e, text)
  end, function (doc, text)
    text = esc(text or label(doc))
    if not seen[doc] then return text end
    return string.format('<a href="#%s">%s</a>', esc(M.anchor(doc)), text)
  end, label
end

local function overview_panel (b, model, opts, L)
  local o = model.overview
  heading(b, "overview", "Documents", plural(o.documents, "document"))
  local quotes, figs = {}, {}
  for _, q in ipairs(model.results.quotes.quotes) do quotes[q.doc] = (quotes[q.doc] or 0) + 1 end
  for _, g in ipairs(model.results.figures.groups) do
    for _, f in ipairs(g.figures) do figs[f.doc] = (figs[f.doc] or 0) + 1 end
  end
  local names = {}
  for _, a in ipairs(model.results.entities.entities) do
    for _, d in ipairs(a.per_doc) do names[d.doc] = (names[d.doc] or 0) + d.names end
  end
  local rows = {}
  for _, m in ipairs(o.docs) do
    rows[#rows + 1] = {{L.doc(m.id, m.id), sort = m.id}, esc(m.date), esc(m.source), num_cell(m.words),
      num_cell(m.sentences), num_cell(names[m.id] or 0), num_cell(quotes[m.id] or 0), num_cell(figs[m.id] or 0),
      esc(util.cut(m.title or "", 120))}
  end
  table_html(b, {{"document", nw = true}, {"date", nw = true}, {"source"}, {"words", num = true}, {"sentences", num = true},
                 {"names", num = true}, {"quotes", num = true}, {"figures", num = true}, {"title"}}, rows)
  local bp = o.boilerplate
  if bp.spans > 0 then
    local parts = {}
    for _, l in ipairs(util.sorted_keys(bp.labels)) do parts[#parts + 1] = l .. " " .. bp.labels[l] end
    b[#b + 1] = string.format('<p class="muted small">Boilerplate %s: %s in %s (%s)%s.</p>\n',
      opts.boilerplate and "kept" or "left out of the tables", plural(bp.spans, "span"),
      plural(bp.documents, "document"), esc(table.concat(parts, ", ")),
      opts.boilerplate and "" or "; it is shown dimmed in the documents")
  end
  b[#b + 1] = "</section>\n"
end

local FINDING_STATUS = {["figure conflicting"] = "conflicting", ["figure unclear"] = "unclear",
  ["figure different year"] = "different year", ["speakers differ"] = "conflicting",
  ["worded differently"] = "unclear"}

local function findings_panel (b, model)
  local fnd = model.findings
  heading(b, "findings", "Cross-source findings", #fnd == 0 and "none" or plural(#fnd, "finding"))
  if #fnd == 0 then
    b[#b + 1] = '<p class="muted">No disagreement between documents: figures agree, statements are reported alike.</p>\n'
  else
    local rows = {}
    for _, f in ipairs(fnd) do
      local tags = {}
      if f.statuses then
        for s in f.statuses:gmatch("[^,]+") do tags[#tags + 1] = badge((s:gsub("^%s+", ""))) end
      else
        tags[1] = badge(f.kind)
      end
      local ref = f.ref and string.format('<a href="#%s">%s</a>', f.ref:match("^F") and ("fig-" .. esc(f.ref))
        or ("stmt-" .. esc(f.ref)), esc(f.ref)) or ""
      rows[#rows + 1] = {{esc(f.kind), sort = f.kind}, {table.concat(tags, " "), sort = f.severity}, esc(f.subject),
        {ref, sort = f.ref}, num_cell(f.documents), esc(f.detail), class = "flag-" .. cls(FINDING_STATUS[f.kind] or "")}
    end
    table_html(b, {{"kind", nw = true}, {"status"}, {"subject"}, {"ref"}, {"docs", num = true}, {"detail"}}, rows)
  end
  b[#b + 1] = "</section>\n"
end

local MAX_ENTITIES = 200

local function entities_panel (b, model)
  local er = model.results.entities
  local n = #er.entities
  heading(b, "entities", "Entities", string.format("%s%s; mentions = names + references (he, the leader)",
    plural(n, "entity", "entities"), n > MAX_ENTITIES and string.format(", top %d shown", MAX_ENTITIES) or ""))
  if n == 0 then
    b[#b + 1] = '<p class="muted">(none: the records have no entities layer)</p>\n</section>\n'
    return
  end
  local rows = {}
  for i, a in ipairs(er.entities) do
    if i > MAX_ENTITIES then break end
    rows[#rows + 1] = {esc(a.name), {string.format('<span class="e e-%s">%s</span>', cls(a.label), esc(a.label)),
      sort = a.label}, num_cell(a.mentions), num_cell(a.names), num_cell(a.refs), num_cell(a.ndocs)}
  end
  b[#b + 1] = '<div class="scroll">'
  table_html(b, {{"entity"}, {"type"}, {"mentions", num = true}, {"names", num = true}, {"refs", num = true},
                 {"docs", num = true}}, rows, {id = "entity-table"})
  b[#b + 1] = "</div>\n</section>\n"
end

-- {======================================================================
-- The co-occurrence graph
-- =======================================================================

local GRAPH_NODES = 24
local GW, GH = 960, 600

-- Fruchterman-Reingold from a circle, a fixed number of iterations: the
-- same graph gives the same drawing. Attraction grows with the number of
-- shared sentences, but gently, so that hubs do not swallow the rest.
local function layout (nodes, edges)
  local n = #nodes
  for i, nd in ipairs(nodes) do
    local a = 2 * math.pi * (i - 1) / math.max(n, 1)
    nd.x, nd.y = math.cos(a) * 250, math.sin(a) * 250
  end
  if n < 2 then return end
  local maxw = 1
  for _, e in ipairs(edges) do if e.w > maxw then maxw = e.w end end
  local k = math.sqrt(600 * 600 / n)
  local temp = 60
  for _ = 1, 300 do
    for _, nd in ipairs(nodes) do nd.dx, nd.dy = 0, 0 end
    for i = 1, n do
      local a = nodes[i]
      for j = i + 1, n do
        local c = nodes[j]
        local dx, dy = a.x - c.x, a.y - c.y
        local d = math.sqrt(dx * dx + dy * dy)
        if d < 0.01 then dx, dy, d = 0.01 * (i - j), 0.01, 0.0141 end
        local f = k * k / d
        a.dx, a.dy = a.dx + dx / d * f, a.dy + dy / d * f
        c.dx, c.dy = c.dx - dx / d * f, c.dy - dy / d * f
      end
    end
    for _, e in ipairs(edges) do
      local a, c = nodes[e.a], nodes[e.b]
      local dx, dy = a.x - c.x, a.y - c.y
      local d = math.sqrt(dx * dx + dy * dy)
      if d > 0.01 then
        local f = d * d / k * (0.15 + 0.35 * math.sqrt(e.w / maxw))
        a.dx, a.dy = a.dx - dx / d * f, a.dy - dy / d * f
        c.dx, c.dy = c.dx + dx / d * f, c.dy + dy / d * f
      end
    end
    for _, nd in ipairs(nodes) do
      -- a little gravity keeps unconnected nodes in view
      nd.dx, nd.dy = nd.dx - nd.x * 0.02 * k / 50, nd.dy - nd.y * 0.02 * k / 50
      local d = math.sqrt(nd.dx * nd.dx + nd.dy * nd.dy)
      if d > 0 then
        local m = math.min(d, temp)
        nd.x, nd.y = nd.x + nd.dx / d * m, nd.y + nd.dy / d * m
      end
    end
    temp = math.max(1, temp * 0.97)
  end
end

-- Push apart circles that overlap (with room for a label line), inside
-- the view box.
local function separate (nodes, mx, my)
  for _ = 1, 80 do
    local moved = false
    for i = 1, #nodes do
      local a = nodes[i]
      for j = i + 1, #nodes do
        local c = nodes[j]
        local dx, dy = c.px - a.px, c.py - a.py
        local d = math.sqrt(dx * dx + dy * dy)
        local need = a.r + c.r + 14
        if d < need then
          if d < 0.01 then dx, dy, d = 1, 0.5 * (j - i), math.sqrt(1 + 0.25 * (j - i) ^ 2) end
          local push = (need - d) / 2
          a.px, a.py = a.px - dx / d * push, a.py - dy / d * push
          c.px, c.py = c.px + dx / d * push, c.py + dy / d * push
          moved = true
        end
      end
    end
    for _, nd in ipairs(nodes) do
      nd.px = math.max(mx, math.min(GW - mx, nd.px))
      nd.py = math.max(my, math.min(GH - my, nd.py))
    end
    if not moved then break end
  end
end

local function f1 (x) return string.format("%.1f", x) end

function M.graph_svg (er, max_nodes)
  max_nodes = max_nodes or GRAPH_NODES
  local nodes, index = {}, {}
  for _, a in ipairs(er.entities) do
    if #nodes >= max_nodes then break end
    nodes[#nodes + 1] = {name = a.name, label = a.label, mentions = a.mentions, ndocs = a.ndocs}
    index[a.name] = #nodes
  end
  local edges = {}
  for _, p in ipairs(er.pairs) do
    if index[p.a] and index[p.b] then
      edges[#edges + 1] = {a = index[p.a], b = index[p.b], w = p.sentences, ndocs = p.ndocs,
                           na = p.a, nb = p.b}
    end
  end
  if #nodes == 0 then return nil, 0, 0 end
  layout(nodes, edges)
  -- fit into the view box, room left for labels
  local minx, maxx, miny, maxy = math.huge, -math.huge, math.huge, -math.huge
  for _, nd in ipairs(nodes) do
    minx, maxx = math.min(minx, nd.x), math.max(maxx, nd.x)
    miny, maxy = math.min(miny, nd.y), math.max(maxy, nd.y)
  end
  local mx, my = 170, 36
  local sx = (maxx - minx) > 1e-6 and (GW - 2 * mx) / (maxx - minx) or 0
  local sy = (maxy - miny) > 1e-6 and (GH - 2 * my) / (maxy - miny) or 0
  local maxm, maxw = 1, 1
  for _, nd in ipairs(nodes) do if nd.mentions > maxm then maxm = nd.mentions end end
  for _, nd in ipairs(nodes) do
    nd.px = sx > 0 and (mx + (nd.x - minx) * sx) or GW / 2
    nd.py = sy > 0 and (my + (nd.y - miny) * sy) or GH / 2
    nd.r = 5 + 17 * math.sqrt(nd.mentions / maxm)
  end
  separate(nodes, mx, my)
  for _, e in ipairs(edges) do if e.w > maxw then maxw = e.w end end
  local b = {}
  b[#b + 1] = string.format('<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" ' ..
    'role="img" aria-label="%s">\n', GW, GH,
    esc(string.format("co-occurrence graph of %d entities and %d pairs", #nodes, #edges)))
  b[#b + 1] = '<g class="edges">\n'
  for i = #edges, 1, -1 do                      -- the heaviest drawn last, on top
    local e = edges[i]
    local a, c = nodes[e.a], nodes[e.b]
    b[#b + 1] = string.format('<line class="edge" data-a="%d" data-b="%d" data-w="%d" x1="%s" y1="%s" x2="%s" ' ..
      'y2="%s" stroke-width="%s"><title>%s</title></line>\n', e.a, e.b, e.w, f1(a.px), f1(a.py), f1(c.px), f1(c.py),
      f1(0.8 + 7 * e.w / maxw), esc(string.format("%s – %s: %s in %s", e.na, e.nb, plural(e.w, "sentence"),
        plural(e.ndocs, "document"))))
  end
  b[#b + 1] = '</g>\n<g class="nodes">\n'
  for i, nd in ipairs(nodes) do
    b[#b + 1] = string.format('<g class="node n-%s" data-n="%d" data-label="%s"><circle cx="%s" cy="%s" r="%s">' ..
      '<title>%s</title></circle></g>\n', cls(nd.label), i, esc(nd.label), f1(nd.px), f1(nd.py), f1(nd.r),
      esc(string.format("%s (%s): %s in %s", nd.name, nd.label, plural(nd.mentions, "mention"),
        plural(nd.ndocs, "document"))))
  end
  -- labels above every circle: beside the node, on the side away from the centre
  b[#b + 1] = '</g>\n<g class="labels">\n'
  for i, nd in ipairs(nodes) do
    local right = nd.px >= GW / 2
    b[#b + 1] = string.format('<text class="label" data-n="%d" x="%s" y="%s" text-anchor="%s">%s</text>\n', i,
      f1(right and (nd.px + nd.r + 3) or (nd.px - nd.r - 3)), f1(nd.py + 4), right and "start" or "end", esc(nd.name))
  end
  b[#b + 1] = "</g>\n</svg>\n"
  return table.concat(b), #nodes, #edges
end

local function graph_panel (b, model)
  local er = model.results.entities
  local svg, nn, ne = M.graph_svg(er)
  heading(b, "graph", "Who is named with whom", svg and string.format(
    "top %d entities by mentions (circle size); lines join entities named in one sentence, thicker = more sentences (%d pairs)",
    nn, ne) or nil)
  if not svg then
    b[#b + 1] = '<p class="muted">(no entities)</p>\n'
  else
    b[#b + 1] = '<div class="graphbox">' .. svg .. "</div>\n"
    b[#b + 1] = '<p class="legend-inline small muted"><span class="e e-PERSON">PERSON</span> ' ..
      '<span class="e e-ORG">ORG</span> <span class="e e-PLACE">PLACE</span> <span class="e e-MISC">MISC</span> ' ..
      '· hover a circle for its mentions, a line for its sentences</p>\n'
  end
  b[#b + 1] = "</section>\n"
end

-- }======================================================================

local OPEN_SPEAKERS = 6

local function quote_item (q, L)
  local text = q.type == "direct" and ("“" .. q.text .. "”") or q.text
  return string.format('<li><span class="type">%s</span> <span class="qt">%s</span> — %s%s</li>\n',
    esc(q.type), esc(text), L.spot(q.doc, "q", q.s, q.e),
    q.date and string.format(' <span class="muted small">%s</span>', esc(q.date)) or "")
end

local function speakers_panel (b, model, L)
  local qr = model.results.quotes
  heading(b, "speakers", "Speakers and quotes", string.format("%s by %s", plural(#qr.quotes, "quote"),
    plural(#qr.speakers, "speaker")))
  if #qr.quotes == 0 then b[#b + 1] = '<p class="muted">(none)</p>\n</section>\n' return end
  local rows = {}
  for i, sp in ipairs(qr.speakers) do
    rows[#rows + 1] = {{string.format('<a href="#sp-%d">%s</a>', i, esc(sp.speaker or "(unknown speaker)")),
      sort = sp.speaker or "~"}, num_cell(sp.quotes), num_cell(sp.direct), num_cell(sp.unmarked),
      num_cell(sp.indirect), num_cell(sp.ndocs)}
  end
  b[#b + 1] = '<div class="scroll">'
  table_html(b, {{"speaker"}, {"quotes", num = true}, {"direct", num = true}, {"unmarked", num = true},
                 {"indirect", num = true}, {"docs", num = true}}, rows, {id = "speaker-table"})
  b[#b + 1] = "</div>\n"
  for i, sp in ipairs(qr.speakers) do
    b[#b + 1] = string.format('<details class="speaker" id="sp-%d" data-speaker="%s"%s><summary>%s ' ..
      '<span class="muted">%s in %s</span></summary>\n<ol class="quotes">\n', i, esc(sp.speaker or ""),
      i <= OPEN_SPEAKERS and " open" or "", esc(sp.speaker or "(unknown speaker)"), plural(sp.quotes, "quote"),
      plural(sp.ndocs, "document"))
    for _, q in ipairs(sp.list) do b[#b + 1] = quote_item(q, L) end
    b[#b + 1] = "</ol></details>\n"
  end
  b[#b + 1] = "</section>\n"
end

-- Values of a figure group with their sources: value + qualifier + year,
-- each with a link per document to the figure.
local function value_list (g, L)
  local vals, order = {}, {}
  for _, f in ipairs(g.figures) do
    local y = C.year(f.date)
    local k = string.format("%s\t%s\t%s", f.value and string.format("%.17g", f.value) or "?", f.approx or "", y or "")
    local v = vals[k]
    if not v then
      v = {display = f.display, approx = f.approx, year = y, links = {}, docs = {}}
      vals[k] = v
      order[#order + 1] = k
    end
    if not v.docs[f.doc] then
      v.docs[f.doc] = true
      v.links[#v.links + 1] = L.spot(f.doc, "f", f.s, f.e)
    end
  end
  local out = {'<ul class="vals">'}
  for _, k in ipairs(order) do
    local v = vals[k]
    out[#out + 1] = string.format('<li><span class="v">%s%s</span> <span class="muted">%s</span> — %s</li>',
      v.approx and (esc(v.approx) .. " ") or "", esc(v.display), esc(v.year or "no date"), table.concat(v.links, ", "))
  end
  out[#out + 1] = "</ul>"
  return table.concat(out)
end

local function figure_rows (model, groups, L, F)
  local fr = model.results.figures
  local rows = {}
  for _, g in ipairs(groups) do
    local tags = {}
    for _, s in ipairs(g.statuses) do tags[#tags + 1] = badge(s) end
    local subject = g.subject ~= "" and g.subject or (g.kind == "quantity" and g.unit and ("number of " .. g.unit))
      or "(no subject)"
    local desc = (g.ndocs > 1 and g.status ~= "agree") and
      string.format('<div class="small muted">%s</div>', esc(F.describe(fr, g, L.label))) or ""
    local num = tonumber(g.id:match("%d+")) or 0
    local worst = g.statuses[1] or g.status
    rows[#rows + 1] = {
      {string.format('<span id="fig-%s">%s</span>', esc(g.id), esc(g.id)), sort = num},
      {esc(subject) .. desc, sort = subject},
      esc(g.kind .. (g.unit and (", " .. g.unit) or "")),
      {table.concat(tags, " "), sort = F.SEVERITY[worst] or -1},
      value_list(g, L), num_cell(#g.figures), num_cell(g.ndocs),
      class = "flag-" .. cls(worst),
    }
  end
  return rows
end

local FIG_COLS = {{"group"}, {"subject"}, {"kind"}, {"status"}, {"values and their sources"},
                  {"figures", num = true}, {"docs", num = true}}

local function figures_panel (b, model, L, F)
  local fr = model.results.figures
  local multi, single = {}, {}
  for _, g in ipairs(fr.groups) do
    if g.ndocs >= 2 then multi[#multi + 1] = g else single[#single + 1] = g end
  end
  heading(b, "figures", "Figures by subject", string.format("%s given by two documents or more; " ..
    "values differing in one year are flagged", plural(#multi, "group")))
  if #multi == 0 then
    b[#b + 1] = '<p class="muted">(no subject is given figures by two documents)</p>\n'
  else
    table_html(b, FIG_COLS, figure_rows(model, multi, L, F), {id = "figure-table"})
  end
  if #single > 0 then
    b[#b + 1] = string.format('<details><summary>%s from one document only</summary>\n', plural(#single, "group"))
    table_html(b, FIG_COLS, figure_rows(model, single, L, F), {id = "figure-table-single"})
    b[#b + 1] = "</details>\n"
  end
  b[#b + 1] = "</section>\n"
end

-- The second text of a diff with its differences as <del>/<ins>: the
-- terminal's rendering (scripts/lib/text.lua), escaped.
local function diff_html (ops)
  return C.need("text").render_diff(ops, function (kind, s)
    return kind == "del" and ("<del>" .. esc(s) .. "</del>") or ("<ins>" .. esc(s) .. "</ins>")
  end, esc)
end

local function statements_panel (b, model, L)
  local qr = model.results.quotes
  local ends = {}
  for _, q in ipairs(qr.quotes) do ends[q.doc .. "\t" .. q.s] = q.e end
  local ndiff = 0
  for _, st in ipairs(qr.statements) do if st.differs or st.speaker_conflict then ndiff = ndiff + 1 end end
  heading(b, "statements", "Statements reported by several documents", string.format(
    "%s, %d in different words · = reference ≠ differs ~ partial · removed words struck, added words green",
    plural(#qr.statements, "statement"), ndiff))
  if #qr.statements == 0 then b[#b + 1] = '<p class="muted">(none)</p>\n' end
  for _, st in ipairs(qr.statements) do
    local flags = {plural(st.ndocs, "document")}
    local tags = {}
    if st.differs then tags[#tags + 1] = badge("worded differently") end
    if st.speaker_conflict then tags[#tags + 1] = badge("speakers differ") end
    b[#b + 1] = string.format('<div class="statement" id="stmt-%s"><div><b>%s %s</b> <span class="muted">%s</span> %s</div>\n',
      esc(st.id), esc(st.id), esc(st.speaker or "(unknown speaker)"), esc(table.concat(flags, " · ")),
      table.concat(tags, " "))
    for _, v in ipairs(st.variants) do
      local tag = v.reference and "=" or (v.partial and "~" or (v.changed and "≠" or "="))
      local links = {}
      for _, d in ipairs(v.docs) do
        links[#links + 1] = d == v.doc and L.spot(d, "q", v.s, ends[d .. "\t" .. v.s]) or L.doc(d)
      end
      local body = (v.reference or not v.ops) and esc(v.text) or diff_html(v.ops)
      if v.partial then body = "… " .. body .. " …" end
      b[#b + 1] = string.format('<div class="variant">%s %s: <span class="qt">%s</span>%s%s</div>\n', esc(tag),
        table.concat(links, ", "), body, v.base and (' <span class="muted small">(vs ' .. esc(L.label(v.base)) .. ")</span>") or "",
        v.type ~= "direct" and (' <span class="type">' .. esc(v.type) .. "</span>") or "")
    end
    b[#b + 1] = "</div>\n"
  end
  b[#b + 1] = "</section>\n"
end

local LEGEND = [[
<div class="legend" id="legend">
<div class="row"><b>Entities</b><span class="e e-PERSON">PERSON</span><span class="e e-ORG">ORG</span><span class="e e-PLACE">PLACE</span><span class="e e-MISC">MISC</span><span class="muted">name and canonical form on hover</span><label><input type="checkbox" checked data-off="no-e"> show</label></div>
<div class="row"><b>References</b><span class="m m-PERSON">he, the Russian leader</span><span class="muted">the entity meant on hover</span><label><input type="checkbox" checked data-off="no-m"> show</label></div>
<div class="row"><b>Quotes</b><span class="q q-direct">direct</span><span class="q q-unmarked">unmarked</span><span class="q q-indirect">indirect</span><span class="muted">speaker on hover</span><label><input type="checkbox" checked data-off="no-q"> show</label></div>
<div class="row"><b>Figures</b><span class="f f-money">money, percent, quantity</span><span class="f f-date">date, duration</span><span class="f f-ordinal">ordinal</span><span class="muted">normalised value on hover</span><label><input type="checkbox" checked data-off="no-f"> show</label></div>
<div class="row"><b>Boilerplate</b><span class="bp">page furniture, link lists</span><span class="muted">not counted in the tables</span><label><input type="checkbox" data-on="hide-bp"> hide</label></div>
</div>
]]

-- }======================================================================

-- {======================================================================
-- The page
-- =======================================================================

local function read_data (name)
  local path = C.DATADIR .. name
  local f, err = io.open(path, "rb")
  if not f then error("lore report: cannot read " .. path .. ": " .. tostring(err), 0) end
  local s = f:read("a")
  f:close()
  return s
end

local function page_top (model, opts, st, F)
  local o = model.overview
  local css, js = read_data("report.css"), read_data("report.js")
  local S256 = C.need("html_sha256")
  local b = {}
  local spot, doc, label = linker(model, st)
  local L = {spot = spot, doc = doc, label = label}
  local dates = o.first_date and (o.first_date == o.last_date and o.first_date or
    (o.first_date .. " to " .. o.last_date)) or "no dates"
  local summary = table.concat({plural(o.documents, "document"),
    #o.sources > 0 and plural(#o.sources, "source") or "sources unknown", dates,
    C.fmt_number(o.words) .. " words"}, " · ")
  b[#b + 1] = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
  b[#b + 1] = string.format('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; ' ..
    'style-src \'unsafe-inline\'; img-src data:; script-src \'%s\'; base-uri \'none\'; form-action \'none\'">\n',
    S256.csp_hash(js))
  b[#b + 1] = '<meta name="referrer" content="no-referrer">\n'
  b[#b + 1] = '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
  b[#b + 1] = string.format('<meta name="generator" content="lore %s">\n', esc(lore._VERSION or ""))
  b[#b + 1] = string.format("<title>lore report: %s</title>\n", esc(summary))
  b[#b + 1] = "<style>\n" .. css .. "</style>\n</head>\n<body>\n"
  b[#b + 1] = '<header class="top"><div class="inner">\n<h1>lore report</h1>\n'
  b[#b + 1] = string.format("<p>%s</p>\n", esc(summary))
  if #o.sources > 0 then
    local parts = {}
    for _, s in ipairs(o.sources) do parts[#parts + 1] = esc(s) .. " " .. o.source_counts[s] end
    b[#b + 1] = string.format('<p class="small muted">Sources: %s</p>\n', table.concat(parts, ", "))
  end
  b[#b + 1] = string.format('<nav class="toc"><a href="#findings">Findings (%d)</a><a href="#overview">Documents ' ..
    'table</a><a href="#entities">Entities</a><a href="#graph">Who is named with whom</a><a href="#speakers">' ..
    'Speakers</a><a href="#figures">Figures</a><a href="#statements">Statements</a><a href="#documents">' ..
    'Documents, highlighted</a></nav>\n</div></header>\n<main>\n', #model.findings)
  findings_panel(b, model)
  overview_panel(b, model, opts, L)
  entities_panel(b, model)
  graph_panel(b, model)
  speakers_panel(b, model, L)
  figures_panel(b, model, L, F)
  statements_panel(b, model, L)
  return table.concat(b), js
end

local function documents_note (model, opts, st)
  local o = model.overview
  if o.documents == 0 then return '<p class="note">No documents.</p>\n' end
  if not st then
    return '<p class="note">The documents are not shown: this report was made from partial results ' ..
      "(lore merge), which keep no texts. Run lore report --html on the inputs to see them.</p>\n"
  end
  if st.missing > 0 then
    local what = opts.from and string.format("the records of %s have no text", esc(opts.from)) or
      "their records have no text"
    return string.format('<p class="note">%s not shown: %s. Save the records with ' ..
      "<code>lore extract --text</code> to see the documents here.</p>\n",
      st.missing == 1 and "1 document is" or (C.fmt_number(st.missing) .. " documents are"), what)
  end
  return ""
end

function M.render (model, path, opts)
  opts = opts or {}
  local F = C.script_at("figures")
  local st = streams[opts]
  local top, js = page_top(model, opts, st, F)
  local out <close> = util.output(path)
  out:write(top)
  out:write(string.format('<section id="documents">\n<h2>Documents<span class="sub">%s</span></h2>\n',
    esc(st and (plural(st.n, "document") .. " in input order") or "")))
  out:write(LEGEND)
  out:write(documents_note(model, opts, st))
  if st and st.n > 0 then
    local f = st.f
    local ok, err = f:flush()
    if ok then ok, err = f:seek("set", 0) end
    if not ok then error("lore report: reading a temporary file: " .. tostring(err), 0) end
    while true do
      local chunk = f:read(1 << 16)
      if not chunk then break end
      out:write(chunk)
    end
  end
  out:write("</section>\n")
  out:write(string.format("<footer>Made by lore %s (lore report --html). This page is self-contained: " ..
    "it loads nothing from the network.</footer>\n</main>\n", esc(lore._VERSION or "")))
  out:write("<script>" .. js .. "</script>\n</body>\n</html>\n")
  out:commit()
  if st then
    st.f:close()
    streams[opts] = nil
  end
end

-- }======================================================================

return M
