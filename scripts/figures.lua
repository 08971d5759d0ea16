-- scripts/figures.lua: figures grouped by what they are about across
-- documents, disagreements flagged (lore figures).
--
-- Per document (map or add) it keeps the figures of the record's `figures`
-- layer with their date context (the record's `context` attribute when it
-- is a date, else the nearest date figure of the sentence, years first)
-- and their sentence. A figure is about its `subject` attribute; without
-- one the subject is guessed from the sentence ("a goal of $200 billion",
-- "$26 billion deal", "trade between the two reached $200 billion").
--
-- Groups are subject head + kind + unit ("bilateral trade", "trade
-- turnover" and "China-Russia trade" are all "trade"). In a group, two
-- figures of different documents with different values:
--   consistent      their qualifiers allow both ("more than 130" and "130")
--   different year  their date contexts differ (2022 and 2023)
--   conflicting     same year (or no year on either side: "unclear")
local C = (function (d) local p = d .. "lib/common.lua"
  return package.loaded["lore.scripts:" .. p] or dofile(p) end)(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local T = C.need("text")
local Q = C.script_at("quotes")
local util = require "lore.util"

local S = {
  name = "figures",
  summary = "Figures (amounts, percentages, counts) grouped by what they are about across\n" ..
    "documents, with value, qualifier, date context and source sentence of each, and\n" ..
    "disagreements flagged: conflicting (same year, incompatible values), different\n" ..
    "year, or consistent (qualifiers such as 'more than' allow both).",
  usage = "lore figures [INPUT...] [--subject WORD] [--all] [OPTIONS]",
}

S.options = C.options{
  {nil, "--subject", arg = "WORD", key = "subject", help = "only groups whose subject contains WORD"},
  {"-k", "--kind", arg = "KIND", key = "kind",
   help = "only figures of this kind (money, percent, quantity, duration)"},
  {"-a", "--all", key = "all", help = "also groups found in one document only"},
}

-- Kinds grouped and compared (dates are contexts, ordinals are not claims).
S.KINDS = {money = true, percent = true, quantity = true, duration = true}

-- {======================================================================
-- Subjects
-- =======================================================================

local function set (s)
  local t = {}
  for w in s:gmatch("%S+") do t[w] = true end
  return t
end

-- Words between a figure and its subject.
local SKIP = set[[a an the some about around nearly almost over more than less just roughly
  approximately estimated up to at record reaching reached reach reaches hit hitting hits
  totalled totaled totalling totaling total worth was were is are be been being stood stands
  stand rose fell grew grow grows increased decreased dropped surged jumped climbed amounted
  amounting exceeded exceeding surpassed surpassing topped topping new fresh whopping mere
  only another additional further least most as much many]]
-- Time words: never the subject (the date of the figure, not what it counts).
local TIME = set[[year years month months week weeks day days decade decades quarter quarters
  today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january
  february march april may june july august september october november december annual annually]]
-- Prepositions a figure may hang from ("representatives from 130 countries").
local FIG_PREP = set[[of from with by for to at]]
-- "X between A and B reached ...": the subject is X.
local JUMP_PREP = set[[between among amongst]]
-- Nouns that measure their modifier: "trade turnover" is about trade.
local TRANSPARENT = set[[turnover volume volumes value values level levels figure figures
  total amount amounts sum size]]
-- Number words and determiners inside a noun phrase.
local NUMWORD = set[[two three four five six seven eight nine ten both two-way]]
-- Words that end a subject phrase.
local PREP = set[[of between among amongst with from for to in on at by into over under
  against during since after before than as per via]]

local function is_content (t)
  return not T.is_stop(t.norm) and not SKIP[t.norm] and not NUMWORD[t.norm]
    and t.kind == "word" and #t.norm > 1
end

local function proper (t, first)
  local c = t.text:sub(1, 1)
  return not first and c:match("%u") ~= nil
end

-- Guess the subject of the figure at [fs, fe) of a sentence (offsets
-- relative to it); blocked(s, e) is true for other figures (dates...).
-- Returns a phrase or nil.
function S.guess_subject (sent, fs, fe, kind, blocked)
  if not sent or sent == "" then return nil end
  blocked = blocked or function () return false end
  local toks = T.tokens(sent)
  local before, after = {}, {}
  for i, t in ipairs(toks) do
    if t.stop <= fs then before[#before + 1] = i
    elseif t.start >= fe then after[#after + 1] = i end
  end
  -- is there a clause boundary (, ; : ( ) or a dash) between two offsets?
  local function boundary (a, b)
    if b <= a then return false end
    return sent:sub(a + 1, b):find("[,;:%(%)%[%]—–]") ~= nil or sent:sub(a + 1, b):find(" %- ") ~= nil
  end
  -- the noun phrase ending at token i (going left): up to 3 content words
  local function np_left (i)
    local words = {}
    local j = i
    while j >= 1 and #words < 3 do
      local t = toks[j]
      if not is_content(t) or proper(t, j == 1) or blocked(t.start, t.stop) then break end
      if j < i and boundary(t.stop, toks[j + 1].start) then break end
      table.insert(words, 1, t.norm)
      j = j - 1
    end
    return #words > 0 and table.concat(words, " ") or nil, j
  end
  -- the noun phrase starting at token i (going right)
  local function np_right (i)
    local words = {}
    local j = i
    while j <= #toks and #words < 3 do
      local t = toks[j]
      if PREP[t.norm] or T.is_stop(t.norm) or blocked(t.start, t.stop) or t.kind ~= "word" then break end
      if j > i and boundary(toks[j - 1].stop, t.start) then break end
      if is_content(t) and not proper(t, false) then words[#words + 1] = t.norm end
      j = j + 1
    end
    return #words > 0 and table.concat(words, " ") or nil
  end
  -- a) "a goal of $200 billion", "representatives of some 130 countries"
  local k = #before
  while k >= 1 and (SKIP[toks[before[k]].norm] and not FIG_PREP[toks[before[k]].norm]) do k = k - 1 end
  local via = k >= 1 and toks[before[k]].norm
  if (via == "of" or (via == "from" and kind == "quantity")) and not boundary(toks[before[k]].stop, fs) then
    local i = before[k] - 1
    while i >= 1 and (SKIP[toks[i].norm] or toks[i].norm == "the") and not FIG_PREP[toks[i].norm] do i = i - 1 end
    if i >= 1 then
      local np = np_left(i)
      if np then return np end
    end
  end
  if kind == "quantity" or kind == "duration" then return nil end
  -- b) "$100 billion of new funding"
  local a = after[1]
  local right_ok = a and not boundary(fe, toks[a].start) and not blocked(toks[a].start, toks[a].stop)
  if right_ok and toks[a].norm == "of" and after[2] then
    local j = after[2]
    while j <= #toks and (toks[j].norm == "the" or toks[j].norm == "a" or toks[j].norm == "an") do j = j + 1 end
    local np = j <= #toks and np_right(j)
    if np then return np end
  end
  local function walk_left ()
    -- c) walk left: "trade reaching a record $190 billion", "exchange between
    -- the nations reaching ...", "deal worth nearly $26 billion"
    local i = #before > 0 and before[#before] or 0
    local last_stop = fs
    while i >= 1 do
      local t = toks[i]
      if boundary(t.stop, last_stop) then return nil end
      if blocked(t.start, t.stop) or SKIP[t.norm] or FIG_PREP[t.norm] or NUMWORD[t.norm] or TIME[t.norm]
         or (t.norm == "last" or t.norm == "this" or t.norm == "next") then
        i = i - 1
      elseif is_content(t) then
        if proper(t, i == 1) then return nil end
        local np, j = np_left(i)
        -- "X between the two neighbours": go on to X
        local p = j
        while p >= 1 and (toks[p].norm == "the" or NUMWORD[toks[p].norm]) do p = p - 1 end
        if p >= 1 and JUMP_PREP[toks[p].norm] and not boundary(toks[p].stop, toks[p + 1].start) then
          local q = p - 1
          if q >= 1 and is_content(toks[q]) and not proper(toks[q], q == 1) then
            local np2 = np_left(q)
            if np2 then return np2 end
          end
        end
        return np
      else
        return nil
      end
      last_stop = t.start
    end
    return nil
  end
  local left = walk_left()
  if left then return left end
  -- d) "$200 billion target": the noun right after the figure
  if right_ok and is_content(toks[a]) and not proper(toks[a], false) then
    local np = np_right(a)
    if np then return np end
  end
  return nil
end

-- Synonyms of subject heads (scripts/data/subjects.txt): word -> head.
local SYN
local function synonyms ()
  if SYN then return SYN end
  SYN = {}
  local path = C.DATADIR .. "subjects.txt"
  local f = io.open(path, "r")
  if not f then return SYN end
  for line in f:lines() do
    local head, rest = line:match("^%s*([^#:%s][^:]*):%s*(.*)$")
    if head then
      head = T.stem(head:lower())
      for w in rest:gmatch("%S+") do SYN[T.stem(w:lower())] = head end
    end
  end
  f:close()
  return SYN
end

-- The key of a subject: its head noun, stemmed ("bilateral trade",
-- "trade turnover between the two", "value of trade" -> "trade").
function S.subject_key (subject)
  if not subject or subject == "" then return "" end
  local words = {}
  for w in subject:lower():gsub("’", "'"):gmatch("[%w'%-]+") do words[#words + 1] = w end
  local cut, tail = #words + 1, nil
  for i, w in ipairs(words) do
    if PREP[w] then cut = i break end
  end
  if cut <= #words and words[cut] == "of" then
    tail = {}
    for i = cut + 1, #words do tail[#tail + 1] = words[i] end
  end
  local np = {}
  for i = 1, cut - 1 do
    local w = words[i]
    if not T.is_stop(w) and not NUMWORD[w] then np[#np + 1] = w end
  end
  local head
  for i = #np, 1, -1 do
    if not TRANSPARENT[np[i]] then head = np[i] break end
  end
  if not head and tail then
    for i = #tail, 1, -1 do
      if not T.is_stop(tail[i]) and not TRANSPARENT[tail[i]] then head = tail[i] break end
    end
  end
  head = head or np[#np]
  if not head then return "" end
  head = T.stem(head)
  return synonyms()[head] or head
end

-- }======================================================================

-- {======================================================================
-- Per document
-- =======================================================================

-- Is a figure a claim worth comparing? Amounts and percentages are;
-- counts and durations only when written with digits or a scale word
-- ("130 countries", "a hundred countries", not "the two countries").
local SCALE = set[[hundred hundreds thousand thousands million millions billion billions trillion
  dozen dozens score]]
function S.is_claim (kind, text)
  if kind == "money" or kind == "percent" then return true end
  if text:find("%d") then return true end
  for w in text:lower():gmatch("%a+") do if SCALE[w] then return true end end
  return false
end

-- A qualifier implied by the verb before a figure: "surpassed the $200
-- billion target" means more than $200 billion.
local ABOVE_VERBS = set[[surpassed surpassing surpasses exceeded exceeding exceeds topped topping
  tops passed crossed outstripped overtook beat broke eclipsed]]
local BELOW_VERBS = set[[missed undershot]]
local DETS = set[[the a an its their this that]]

function S.implied_approx (sent, fs)
  if not sent then return nil end
  local toks = T.tokens(sent:sub(1, fs))
  local i = #toks
  while i >= 1 and DETS[toks[i].norm] do i = i - 1 end
  if i < 1 then return nil end
  if ABOVE_VERBS[toks[i].norm] then return "more than", toks[i].text end
  if BELOW_VERBS[toks[i].norm] then return "less than", toks[i].text end
  if i >= 3 and toks[i].norm == "of" and toks[i - 1].norm == "short" and
     (toks[i - 2].norm:match("^fall") or toks[i - 2].norm == "fell") then
    return "less than", "fell short of"
  end
  return nil
end

function S.summarise (rec, opts)
  local meta = C.doc_meta(rec)
  local dates = Q.dates_by_sentence(rec, opts)
  local figs = C.spans(rec, "figures", opts)
  local ranges, durations = {}, {}
  for _, f in ipairs(figs) do
    ranges[#ranges + 1] = {f.start, f["end"]}
    local k = C.str(f.kind) or C.str(f.label)
    if k == "duration" then durations[#durations + 1] = f end
  end
  local out = {}
  for _, f in ipairs(figs) do
    local kind = C.str(f.kind) or C.str(f.label)
    local text = C.str(f.text) or ""
    if kind and S.KINDS[kind] and type(C.val(f.value)) == "number" and S.is_claim(kind, text) then
      local fig = {
        s = f.start, e = f["end"], text = text, kind = kind,
        value = type(C.val(f.value)) == "number" and f.value or nil,
        unit = C.str(f.unit), approx = C.str(f.approx), subject = C.str(f.subject),
      }
      local _, a, b = C.sentence_of(rec, f.start)
      local _, _, b2 = C.sentence_of(rec, math.max(f.start, f["end"] - 1))
      b = b2 or b
      local raw = a and C.slice(rec, a, b)
      local ctx = C.val(f.context)
      if type(ctx) == "table" then ctx = C.str(ctx.date) or C.str(ctx.year) or C.str(ctx.text) end
      ctx = C.str(ctx)
      if ctx and #ctx <= 20 and C.date_key(ctx) then
        fig.date, fig.date_text = C.date_key(ctx), ctx
      else
        if ctx and ctx ~= "" and not raw then fig.sent = ctx:gsub("%s+", " ") end
        -- a one-year duration just after the figure: the year before the document
        for _, d in ipairs(durations) do
          local gap = d.start - f["end"]
          if gap >= 0 and gap <= 12 and C.val(d.value) == 1 and (C.str(d.unit) or ""):match("^year") then
            local between = C.slice(rec, f["end"], d.start)
            local y = C.year(C.date_key(meta.date))
            if y and (not between or between:match("^%s*%a*%s*$")) then
              fig.date, fig.date_text = tostring(tonumber(y) - 1), C.str(d.text)
            end
          end
        end
        if not fig.date then
          local d = Q.date_in_sentence(rec, dates, f.start, f["end"], true)
          if d then fig.date, fig.date_text = d.key, d.text end
        end
      end
      if raw then
        fig.sent = (raw:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
        if not fig.subject then
          fig.guess = S.guess_subject(raw, f.start - a, f["end"] - a, kind, function (s2, e2)
            for _, r in ipairs(ranges) do
              if s2 + a >= r[1] and e2 + a <= r[2] then return true end
            end
            return false
          end)
        end
        if not fig.approx then
          local ap, verb = S.implied_approx(raw, f.start - a)
          if ap then fig.approx, fig.implied = ap, verb end
        end
      elseif ctx and not fig.approx then
        -- the context attribute is the sentence: find the figure in it
        local p = ctx:find(text, 1, true)
        if p then
          local ap, verb = S.implied_approx(ctx, p - 1)
          if ap then fig.approx, fig.implied = ap, verb end
          if not fig.subject then
            fig.guess = S.guess_subject(ctx, p - 1, p - 1 + #text, kind)
          end
        end
      end
      out[#out + 1] = fig
    end
  end
  return {meta = meta, figures = out}
end

-- map, init, add_summary, add and merge: the state keeps this summary per
-- document id
C.per_document(S)

-- }======================================================================

-- {======================================================================
-- Comparing values
-- =======================================================================

local LOWER = set[[more over above exceeding surpassed beyond upwards excess greater least
  topped well-over]]
local UPPER_NEAR = set[[nearly almost close]]
local UPPER = set[[less under below fewer most up]]

-- The interval a qualified value stands for.
function S.interval (value, approx)
  if not approx or approx == "" then return value, value end
  local a = approx:lower()
  local first = a:match("^(%S+)")
  if a:find("just over") or a:find("more than") or a:find("at least") or LOWER[first] then
    return value, math.huge
  end
  if UPPER_NEAR[first] or a:find("just under") then return value * 0.9, value end
  if a:find("less than") or a:find("fewer than") or a:find("at most") or a:find("up to") or UPPER[first] then
    return -math.huge, value
  end
  return value * 0.9, value * 1.1          -- about, around, some, roughly, an estimated...
end

-- How two figures compare: "agree", "consistent", "different year",
-- "conflicting" or "unclear" (values differ, date unknown on a side).
function S.compare (x, y)
  if x.value == y.value and (x.approx or "") == (y.approx or "") then return "agree" end
  local a1, b1 = S.interval(x.value, x.approx)
  local a2, b2 = S.interval(y.value, y.approx)
  local tol = 0.005 * math.max(math.abs(x.value), math.abs(y.value))
  if a1 <= b2 + tol and a2 <= b1 + tol then
    return x.value == y.value and "agree" or "consistent"
  end
  local yx, yy = C.year(x.date), C.year(y.date)
  if yx and yy then
    if yx ~= yy then return "different year" end
    return "conflicting"
  end
  return "unclear"
end

local SEVERITY = {agree = 0, consistent = 1, ["different year"] = 2, unclear = 3, conflicting = 4}
S.SEVERITY = SEVERITY

-- }======================================================================

-- {======================================================================
-- Result
-- =======================================================================

function S.result (state, opts)
  opts = opts or {}
  local docs, groups, order = {}, {}, {}
  for id, sm in C.each_doc(state) do
    docs[id] = sm.meta
    for _, f in ipairs(sm.figures or {}) do
      if not opts.kind or opts.kind == f.kind then
        local subject = f.subject or f.guess
        local key = f.kind .. "\t" .. (f.unit and T.stem(f.unit:lower()) or "") .. "\t" .. S.subject_key(subject)
        local g = groups[key]
        if not g then
          g = {key = key, kind = f.kind, unit = f.unit, subject_key = S.subject_key(subject),
               figures = {}, subjects = {}, units = {}}
          groups[key] = g
          order[#order + 1] = key
        end
        if subject then g.subjects[subject] = (g.subjects[subject] or 0) + 1 end
        if f.unit then g.units[f.unit] = (g.units[f.unit] or 0) + 1 end
        table.insert(g.figures, {
          doc = id, s = f.s, e = f.e, text = f.text, value = f.value, unit = f.unit,
          approx = f.approx, implied = f.implied, date = f.date, date_text = f.date_text, sent = f.sent,
          subject = subject, guessed = f.subject == nil and subject ~= nil, context = f.context,
          display = C.fmt_value(f.kind, f.value, f.unit),
        })
      end
    end
  end
  local out = {}
  for _, key in ipairs(order) do
    local g = groups[key]
    g.subject = C.most_common(g.subjects) or ""
    g.unit = C.most_common(g.units) or g.unit
    g.subjects, g.units = nil, nil
    table.sort(g.figures, function (a, b)
      local ya, yb = a.date or "", b.date or ""
      if ya ~= yb then return ya < yb end
      local va, vb = a.value or -math.huge, b.value or -math.huge
      if va ~= vb then return va < vb end
      if a.doc ~= b.doc then return a.doc < b.doc end
      return a.s < b.s
    end)
    local dset, nd = {}, 0
    for _, f in ipairs(g.figures) do
      f.display = C.fmt_value(g.kind, f.value, g.unit)
      if not dset[f.doc] then dset[f.doc] = true nd = nd + 1 end
    end
    g.ndocs = nd
    -- distinct values: value + qualifier + year, with their documents
    local fs = g.figures
    local vals, vorder = {}, {}
    for _, f in ipairs(fs) do
      local k = string.format("%s\t%s\t%s", f.value and string.format("%.17g", f.value) or "?",
                              f.approx or "", C.year(f.date) or "")
      local v = vals[k]
      if not v then
        v = {value = f.value, display = f.display, approx = f.approx, year = C.year(f.date), docs = {}, set = {}}
        vals[k] = v
        vorder[#vorder + 1] = k
      end
      if not v.set[f.doc] then v.set[f.doc] = true table.insert(v.docs, f.doc) end
    end
    g.values = {}
    for _, k in ipairs(vorder) do g.values[#g.values + 1] = vals[k] end
    -- compare the distinct values given by different documents
    local status = "agree"
    local seen, statuses = {}, {}
    local vs = g.values
    for i = 1, #vs do
      for j = i + 1, #vs do
        local x, y = vs[i], vs[j]
        local other = #x.docs > 1 or #y.docs > 1 or x.docs[1] ~= y.docs[1]
        if other and x.value and y.value then
          local c = S.compare({value = x.value, approx = x.approx, date = x.year},
                              {value = y.value, approx = y.approx, date = y.year})
          if SEVERITY[c] > SEVERITY[status] then status = c end
          if c ~= "agree" and not seen[c] then seen[c] = true statuses[#statuses + 1] = c end
        end
      end
    end
    for _, v in ipairs(vs) do v.set = nil end
    if nd < 2 then status = "single source" end
    g.status = status
    table.sort(statuses, function (a, b) return SEVERITY[a] > SEVERITY[b] end)
    if #statuses == 0 then statuses[1] = status end
    -- a disagreement makes the agreements beside it moot
    if SEVERITY[statuses[1]] and SEVERITY[statuses[1]] >= SEVERITY["different year"] then
      local keep = {}
      for _, x in ipairs(statuses) do
        if SEVERITY[x] >= SEVERITY["different year"] then keep[#keep + 1] = x end
      end
      statuses = keep
    end
    g.statuses = statuses
    out[#out + 1] = g
  end
  table.sort(out, function (a, b)
    local sa = a.subject_key ~= "" and 1 or 0
    local sb = b.subject_key ~= "" and 1 or 0
    local xa = (SEVERITY[a.status] or -1)
    local xb = (SEVERITY[b.status] or -1)
    if (a.ndocs > 1) ~= (b.ndocs > 1) then return a.ndocs > 1 end
    if sa ~= sb then return sa > sb end
    if xa ~= xb then return xa > xb end
    if a.ndocs ~= b.ndocs then return a.ndocs > b.ndocs end
    if #a.figures ~= #b.figures then return #a.figures > #b.figures end
    return a.key < b.key
  end)
  -- ids over every group, so that they are the same with or without filters
  for k, g in ipairs(out) do g.id = "F" .. k end
  local shown = {}
  for _, g in ipairs(out) do
    if (opts.all or g.ndocs >= 2) and
       (not opts.subject or (g.subject .. " " .. g.subject_key):lower():find(opts.subject:lower(), 1, true)) then
      shown[#shown + 1] = g
    end
  end
  return {docs = docs, groups = shown, total = #out}
end

-- A one-line description of what a group's values say, by year:
-- "2022: $190 billion (A, B) vs $200 billion (C), conflicting; 2023:
-- $240 billion (D)". Values of one year that disagree are joined by "vs".
function S.describe (res, g, label)
  label = label or function (id) return C.label_of(res.docs, id) end
  local by, years = {}, {}
  for _, v in ipairs(g.values) do
    local y = v.year or "no date"
    if not by[y] then by[y] = {} years[#years + 1] = y end
    table.insert(by[y], v)
  end
  table.sort(years)
  local parts = {}
  for _, y in ipairs(years) do
    local vs = by[y]
    local worst = "agree"
    for i = 1, #vs do
      for j = i + 1, #vs do
        local c = S.compare({value = vs[i].value, approx = vs[i].approx, date = vs[i].year},
                            {value = vs[j].value, approx = vs[j].approx, date = vs[j].year})
        if y == "no date" and c == "unclear" then c = "unclear" end
        if SEVERITY[c] > SEVERITY[worst] then worst = c end
      end
    end
    local items = {}
    for _, v in ipairs(vs) do
      local ds = {}
      for _, d in ipairs(v.docs) do ds[#ds + 1] = label(d) end
      items[#items + 1] = (v.approx and (v.approx .. " ") or "") .. v.display .. " (" .. table.concat(ds, ", ") .. ")"
    end
    local sep = (worst == "conflicting" or worst == "unclear") and " vs " or ", "
    local tail = (#vs > 1 and worst ~= "agree") and (": " .. worst) or ""
    parts[#parts + 1] = y .. ": " .. table.concat(items, sep) .. tail
  end
  return table.concat(parts, "; ")
end

-- }======================================================================

-- {======================================================================
-- Output
-- =======================================================================

local STATUS_COLOR = {conflicting = "red", unclear = "yellow", ["different year"] = "cyan",
                      consistent = "green", agree = "green"}

function S.group_title (g)
  local unit = g.unit and g.kind ~= "money" and g.kind ~= "percent" and (", " .. g.unit) or
               (g.unit and g.kind == "money" and (", " .. g.unit) or "")
  local subject = g.subject
  if subject == "" then
    if g.kind == "quantity" and g.unit then subject, unit = "number of " .. g.unit, ""
    else subject = "(no subject)" end
  end
  return subject .. "  (" .. g.kind .. unit .. ")"
end

function S.print_group (res, g, p, opts)
  local color = p.color
  local st = g.status
  local tags = {}
  for _, x in ipairs(g.statuses) do tags[#tags + 1] = color(STATUS_COLOR[x] or "grey", x:upper()) end
  p.line(color("bold", g.id .. "  " .. S.group_title(g)) .. "  " .. table.concat(tags, " · ") ..
         color("grey", string.format("  %d figure%s, %d document%s", #g.figures, #g.figures == 1 and "" or "s",
                                     g.ndocs, g.ndocs == 1 and "" or "s")))
  if g.ndocs > 1 and st ~= "agree" then p.line(C.hang("    ", S.describe(res, g), p.width)) end
  local rows = {}
  for _, f in ipairs(g.figures) do
    rows[#rows + 1] = {"  " .. f.display, f.implied or f.approx or "", f.date_text and (f.date and C.year(f.date) ~= f.date_text
        and (f.date_text .. " → " .. (C.year(f.date) or "")) or f.date_text) or "",
      C.label_of(res.docs, f.doc)}
  end
  local lines = {}
  for l in util.table({"  value", "qualifier", "date", "source"}, rows,
                      {max = {20, 14, 26, 30}, width = p.width, color = color}):gmatch("[^\n]+") do
    lines[#lines + 1] = l
  end
  p.line(lines[1])
  for i, f in ipairs(g.figures) do
    p.line(lines[i + 1])
    local sent = f.sent or f.context
    if sent then
      local a, b = sent:find(f.text, 1, true)
      if a then sent = sent:sub(1, a - 1) .. color("bold", f.text) .. sent:sub(b + 1) end
      p.line(color("grey", C.hang("      ", sent, p.width, true)))
    end
  end
end

function S.print (res, opts, p)
  p.heading("Figures by subject", string.format("%d group%s shown%s", #res.groups,
    #res.groups == 1 and "" or "s", opts.all and "" or " (in two documents or more; --all for every group)"))
  if #res.groups == 0 then p.line(p.color("grey", "(none)")) end
  for _, g in ipairs(res.groups) do
    S.print_group(res, g, p, opts)
    p.line("")
  end
end

function S.tables (res)
  local groups = {name = "figure_groups",
    columns = {"group", "subject", "kind", "unit", "status", "statuses", "figures", "documents", "values"}, rows = {}}
  local figs = {name = "figures",
    columns = {"group", "subject", "kind", "unit", "status", "value", "display", "qualifier", "date",
               "date_text", "document", "source", "text", "start", "end", "subject_guessed", "sentence"},
    rows = {}}
  for _, g in ipairs(res.groups) do
    groups.rows[#groups.rows + 1] = {g.id, g.subject, g.kind, g.unit, g.status, table.concat(g.statuses, ", "),
                                     #g.figures, g.ndocs,
                                     S.describe(res, g, function (id) return id end)}
    for _, f in ipairs(g.figures) do
      local m = res.docs[f.doc] or {}
      figs.rows[#figs.rows + 1] = {g.id, f.subject or g.subject, g.kind, f.unit, g.status, f.value, f.display,
        f.approx, f.date, f.date_text, f.doc, m.source, f.text, f.s, f.e, f.guessed, f.sent or f.context}
    end
  end
  return {groups, figs}
end

function S.check (opts) C.check(opts) end

function S.finish (state, opts) return C.finish(S, state, opts) end

-- }======================================================================

return (C.script(S))   -- not a tail call: C.script looks at its caller
