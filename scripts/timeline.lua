-- scripts/timeline.lua: dated figures and quotes in date order (lore
-- timeline).
--
-- Built from the per-document summaries of scripts/quotes.lua and
-- scripts/figures.lua. A figure is dated by its date context (the date
-- figure of its sentence: "$190 billion last year" -> 2022); a quote by a
-- date figure in its sentence, else by the document's date.
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local Q = C.script_at("quotes")
local F = C.script_at("figures")
local util = require "lore.util"

local S = {
  name = "timeline",
  summary = "Dated figures and quotes in date order. A figure's date is the date in its\n" ..
    "sentence ('$190 billion last year' -> 2022); a quote's date is a date in its\n" ..
    "sentence, else the document's date.",
  usage = "lore timeline [INPUT...] [--only figures|quotes] [--since DATE] [--until DATE] [OPTIONS]",
}

S.options = C.options{
  {nil, "--only", arg = "WHAT", key = "only", help = "only figures, or only quotes"},
  {"-s", "--speaker", arg = "NAME", key = "speaker", help = "only quotes of this speaker"},
  {nil, "--since", arg = "DATE", key = "since", help = "only events on or after DATE (2023, 2023-10, 2023-10-18)"},
  {nil, "--until", arg = "DATE", key = "until", help = "only events up to DATE (inclusive at its precision)"},
}

function S.summarise (rec, opts)
  return {quotes = Q.summarise(rec, opts), figures = F.summarise(rec, opts)}
end

S.map = C.map_summarise(S)        -- summarise in the workers

function S.init () return {quotes = Q.init(), figures = F.init()} end

function S.add_summary (state, sm)
  Q.add_summary(state.quotes, sm.quotes)
  F.add_summary(state.figures, sm.figures)
end

S.add = C.add_summarised(S)       -- rec.map, or with --from summarise here

function S.merge (a, b)
  Q.merge(a.quotes, b.quotes)
  F.merge(a.figures, b.figures)
  return a
end

local function within (key, since, till)
  if since and key < since then return false end
  if till and key:sub(1, #till) > till then return false end
  return true
end

function S.result (state, opts)
  opts = opts or {}
  local since = opts.since and C.date_key(opts.since)
  local till = opts["until"] and C.date_key(opts["until"])
  local items, docs = {}, {}
  if opts.only ~= "quotes" then
    for id, sm in C.each_doc(state.figures) do
      docs[id] = sm.meta
      for _, f in ipairs(sm.figures or {}) do
        if f.date and within(f.date, since, till) then
          items[#items + 1] = {date = f.date, date_text = f.date_text, date_from = "sentence", doc = id, s = f.s,
            what = "figure", kind = f.kind, text = f.text,
            value = C.fmt_value(f.kind, f.value, f.unit), approx = f.approx,
            subject = f.subject or f.guess, sentence = f.sent}
        end
      end
    end
  end
  if opts.only ~= "figures" then
    local res = Q.result(state.quotes, {speaker = opts.speaker})
    for id, m in pairs(res.docs) do docs[id] = m end
    for _, q in ipairs(res.quotes) do
      if q.date and within(C.date_key(q.date) or q.date, since, till) then
        items[#items + 1] = {date = C.date_key(q.date) or q.date, date_from = q.date_from, doc = q.doc, s = q.s,
          date_text = q.date_text, what = "quote", kind = q.type, text = q.text, speaker = q.speaker}
      end
    end
  end
  for id, sm in C.each_doc(state.quotes) do docs[id] = docs[id] or sm.meta end
  table.sort(items, function (a, b)
    if a.date ~= b.date then return a.date < b.date end
    if a.doc ~= b.doc then return a.doc < b.doc end
    if a.s ~= b.s then return a.s < b.s end
    return a.what < b.what
  end)
  return {docs = docs, items = items}
end

function S.print (res, opts, p)
  p.heading("Timeline", string.format("%d dated item%s", #res.items, #res.items == 1 and "" or "s"))
  if #res.items == 0 then p.line(p.color("grey", "(none)")) return end
  local color = p.color
  local last
  local lw = 0
  for _, it in ipairs(res.items) do
    local l = util.width(C.label_of(res.docs, it.doc))
    if l > lw then lw = l end
  end
  lw = math.min(lw, 20)
  for _, it in ipairs(res.items) do
    if it.date ~= last then
      p.line(color("bold", it.date))
      last = it.date
    end
    local lab = util.cut(C.label_of(res.docs, it.doc), lw)
    local head = "  " .. lab .. string.rep(" ", lw - util.width(lab)) .. "  "
    local body
    if it.what == "figure" then
      body = color("cyan", (it.approx and (it.approx .. " ") or "") .. it.value) ..
             (it.subject and color("grey", " (" .. it.subject .. ")") or "") ..
             (it.date_text and color("grey", " [" .. it.date_text .. "]") or "") ..
             "  " .. color("grey", it.sentence or it.text)
    else
      local t = it.kind == "direct" and ("“" .. it.text .. "”") or it.text
      body = color("bold", (it.speaker or "(unknown)") .. ":") .. " " .. t ..
             (it.kind ~= "direct" and color("grey", " (" .. it.kind .. ")") or "") ..
             (it.date_from == "document" and color("grey", " [document date]") or
              (it.date_text and color("grey", " [" .. it.date_text .. "]") or ""))
    end
    p.line(C.hang(head, body, p.width, true))
  end
end

function S.tables (res)
  local t = {name = "timeline",
    columns = {"date", "date_from", "date_text", "document", "source", "what", "kind", "speaker", "value",
               "qualifier", "subject", "text", "start", "sentence"}, rows = {}}
  for _, it in ipairs(res.items) do
    t.rows[#t.rows + 1] = {it.date, it.date_from, it.date_text, it.doc, (res.docs[it.doc] or {}).source, it.what, it.kind,
      it.speaker, it.value, it.approx, it.subject, it.text, it.s, it.sentence}
  end
  return {t}
end

function S.check (opts) C.check(opts) end

function S.finish (state, opts) return C.finish(S, state, opts) end

return (C.script(S))   -- not a tail call: C.script looks at its caller
