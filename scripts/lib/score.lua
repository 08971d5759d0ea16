-- scripts/lib/score.lua: scoring extracted spans against gold annotations
-- (the engine of `lore eval`). Pure Lua; lore is used only to decode JSON.
--
--   local S = dofile(lore.home .. "/scripts/lib/score.lua")
--   local gold = S.read_gold("gold.jsonl")       -- or S.parse_gold(str, name)
--   local sc = S.new(gold, {errors = true})
--   sc:add(rec, text)      -- one record of `lore extract` (decoded), text
--                          -- of the document if known (for snippets)
--   local res = sc:result()
--   print(S.render(res)); print(S.render_errors(res))
--   local checks, nfail = S.check(res, {{key = "entities.lenient.f1", min = 0.9}})
--
-- Gold format: docs/guidelines.md. Layers and their label fields:
-- entities "label", quotes "type" (gold: "marked" true -> direct, false ->
-- unmarked), figures "kind".
--
-- Conventions (the same in the table, the JSON and --min):
--   precision P = tp / found, 1 when nothing was found;
--   recall    R = tp / gold,  1 when there was nothing to find;
--   F1 = 2PR / (P + R), 0 when P + R = 0.
--   exact:   same start, end and label, one-to-one.
--   lenient: the exact pairs, then a maximum one-to-one matching of the
--            remaining overlapping spans with the same label (largest
--            overlaps paired first), so no span counts twice.
--   micro: all labels pooled; macro: the mean over the labels that occur in
--   the gold or the predictions (the micro values when there are none).
--   Attribute accuracy (canonical, speaker, value, unit, approx): the share of the
--   lenient pairs whose gold span has the attribute where the predicted
--   value is the same (numbers within a relative 1e-9, strings equal, null
--   equals null); undefined (not measured) when there is no such pair.
--   Quotes: predictions of type "indirect" are left out when the gold has no
--   indirect quote; "quotes.any" is the quote layer with labels ignored.
--   A layer is scored on the documents whose gold line has its key.
local S = {}

local has_lore, lore = pcall(require, "lore")
local JSON_NULL = has_lore and lore.json.null or nil

S.LAYERS = {"entities", "quotes", "figures"}
S.LABEL_KEY = {entities = "label", quotes = "type", figures = "kind"}
S.LABEL_ORDER = {
  entities = {"PERSON", "ORG", "PLACE", "MISC"},
  quotes = {"direct", "unmarked", "indirect"},
  figures = {"money", "percent", "quantity", "date", "duration", "ordinal"},
}
-- Attributes compared over the lenient pairs; the first is the table column.
S.ATTRS = {entities = {"canonical"}, quotes = {"speaker"},
           figures = {"value", "unit", "approx"}}
S.ANY = "any"           -- the label-ignored quote row ("quotes.any...")

local IS_LAYER = {entities = true, quotes = true, figures = true}

-- {======================================================================
-- Values
-- =======================================================================

local NULL = setmetatable({}, {__tostring = function () return "null" end})
S.NULL = NULL

-- JSON null (lore.json.null, a light userdata) and absent values are NULL.
local function norm_value (v)
  if v == nil or type(v) == "userdata" then return NULL end
  return v
end

-- Equal values: numbers within a relative 1e-9, otherwise the same value
-- of the same type.
function S.same_value (a, b)
  a, b = norm_value(a), norm_value(b)
  if type(a) == "number" and type(b) == "number" then
    if a == b then return true end
    local m = math.max(math.abs(a), math.abs(b))
    return math.abs(a - b) <= 1e-9 * m
  end
  return a == b
end

local function json_value (v)
  if v == NULL then return JSON_NULL end
  return v
end

local function show_value (v)
  if v == NULL or v == nil then return "null" end
  if type(v) == "string" then return string.format("%q", v):gsub("\\\n", "\\n") end
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 1e15 then
    return string.format("%d", v)
  end
  return tostring(v)
end

-- }======================================================================

-- {======================================================================
-- Gold and prediction spans
-- =======================================================================

local function offset (v)
  if type(v) ~= "number" then return nil end
  local i = math.tointeger(v)
  if not i or i < 0 then return nil end
  return i
end

-- The label of a quote: its type, else direct/unmarked from marked.
local function quote_label (s, default)
  if type(s.type) == "string" then return s.type end
  if s.marked == true then return "direct" end
  if s.marked == false then return "unmarked" end
  return default
end

local function span_text (s)
  return type(s.text) == "string" and s.text or nil
end

-- A gold span, checked; raises "where: layer[i]: problem".
local function gold_span (layer, s, i, where)
  local function bad (msg)
    error(string.format("%s: %s[%d]: %s", where, layer, i, msg), 0)
  end
  if type(s) ~= "table" then bad("not an object") end
  local st, en = offset(s.start), offset(s["end"])
  if not st then bad('"start" missing or not a non-negative integer') end
  if not en then bad('"end" missing or not a non-negative integer') end
  if en <= st then bad(string.format('"end" (%d) not after "start" (%d)', en, st)) end
  local label
  if layer == "quotes" then
    label = quote_label(s)
    if not label then bad('no "marked" (true or false) and no "type"') end
  else
    label = s[S.LABEL_KEY[layer]]
    if type(label) ~= "string" or label == "" then
      bad(string.format('no "%s" (a string)', S.LABEL_KEY[layer]))
    end
  end
  local sp = {start = st, ["end"] = en, label = label, text = span_text(s), attrs = {}}
  for _, a in ipairs(S.ATTRS[layer]) do
    if s[a] ~= nil then sp.attrs[a] = norm_value(s[a]) end    -- present, maybe null
  end
  return sp
end

-- A predicted span (the record of `lore extract`, or a gold line: gold
-- against gold measures agreement between annotators).
local function pred_span (layer, s, i, id)
  if type(s) ~= "table" then
    error(string.format("predictions of %s: %s[%d]: not an object", id, layer, i), 0)
  end
  local st, en = offset(s.start), offset(s["end"])
  if not st or not en then
    error(string.format("predictions of %s: %s[%d]: bad offsets", id, layer, i), 0)
  end
  local label
  if layer == "quotes" then label = quote_label(s, "direct")
  else label = tostring(s[S.LABEL_KEY[layer]] or s.label or "?") end
  local sp = {start = st, ["end"] = en, label = label, text = span_text(s), attrs = {}}
  for _, a in ipairs(S.ATTRS[layer]) do sp.attrs[a] = norm_value(s[a]) end
  return sp
end

-- One gold line (a decoded JSON value) -> {id=, layers = {name -> spans}}.
local function gold_doc (rec, where)
  if type(rec) ~= "table" or getmetatable(rec) ~= nil then       -- arrays have one
    error(where .. ": not a JSON object", 0)
  end
  if type(rec.id) ~= "string" or rec.id == "" then
    error(where .. ': no "id" (a string)', 0)
  end
  local doc = {id = rec.id, layers = {}, text = type(rec.text) == "string" and rec.text or nil}
  for _, layer in ipairs(S.LAYERS) do
    local l = rec[layer]
    if l ~= nil then
      if type(l) ~= "table" then error(string.format('%s: "%s" is not a list', where, layer), 0) end
      local n = #l
      for k in pairs(l) do
        if math.type(k) ~= "integer" or k < 1 or k > n then
          error(string.format('%s: "%s" is not a list', where, layer), 0)
        end
      end
      local spans = {}
      for i = 1, n do spans[i] = gold_span(layer, l[i], i, where) end
      doc.layers[layer] = spans
    end
  end
  return doc
end

-- Parse gold JSON lines from an iterator of lines; name is used in errors.
-- Returns {name=, docs = {id -> doc}, order = {ids}, line = {id -> n},
-- layers = {layer -> number of documents}, indirect = bool}.
function S.parse_gold_lines (lines, name)
  if not has_lore then error("score.lua: decoding JSON needs the lore module", 0) end
  local gold = {name = name, docs = {}, order = {}, line = {}, layers = {}, indirect = false}
  local n = 0
  for line in lines do
    n = n + 1
    if n == 1 then line = line:gsub("^\239\187\191", "") end          -- BOM
    if line:match("%S") then
      local where = string.format("%s:%d", name, n)
      local rec, err = lore.json.decode(line)
      if rec == nil then error(string.format("%s: not valid JSON (%s)", where, tostring(err)), 0) end
      local doc = gold_doc(rec, where)
      if gold.docs[doc.id] then
        error(string.format('%s: duplicate document id "%s" (first on line %d)',
                            where, doc.id, gold.line[doc.id]), 0)
      end
      gold.docs[doc.id] = doc
      gold.line[doc.id] = n
      gold.order[#gold.order + 1] = doc.id
      for layer, spans in pairs(doc.layers) do
        gold.layers[layer] = (gold.layers[layer] or 0) + 1
        if layer == "quotes" then
          for _, s in ipairs(spans) do if s.label == "indirect" then gold.indirect = true end end
        end
      end
    end
  end
  if #gold.order == 0 then error(name .. ": no documents (an empty gold file)", 0) end
  return gold
end

function S.parse_gold (str, name)
  return S.parse_gold_lines(str:gmatch("([^\n]*)\n?"), name or "gold")
end

function S.read_gold (path)
  local f, err = io.open(path, "rb")
  if not f then error("cannot read gold file " .. path .. ": " .. tostring(err), 0) end
  local ok, res = pcall(S.parse_gold_lines, f:lines(), path)
  f:close()
  if not ok then error(res, 0) end
  return res
end

-- }======================================================================

-- {======================================================================
-- Matching
-- =======================================================================

local function overlap (a, b)
  local s = math.max(a.start, b.start)
  local e = math.min(a["end"], b["end"])
  return e - s
end

--[[
Match gold spans g with predicted spans p (one label, or labels ignored).
Returns {exact = {gi -> pj}, lenient = {gi -> pj}, nexact =, nlenient =}.
Exact pairs (same offsets) are taken first and kept; the rest are paired
by a maximum bipartite matching over overlapping spans: greedy by largest
overlap, then augmenting paths (Kuhn) for the golds left unmatched.
]]
function S.match (g, p)
  local exact, exact_p = {}, {}
  local byoff = {}
  for i, s in ipairs(g) do
    local k = s.start .. ":" .. s["end"]
    local l = byoff[k]
    if not l then l = {n = 0}; byoff[k] = l end
    l[#l + 1] = i
  end
  local nexact = 0
  for j, s in ipairs(p) do
    local l = byoff[s.start .. ":" .. s["end"]]
    if l and l.n < #l then
      l.n = l.n + 1
      exact[l[l.n]] = j
      exact_p[j] = l[l.n]
      nexact = nexact + 1
    end
  end
  local len, len_p = {}, {}
  for gi, pj in pairs(exact) do len[gi] = pj; len_p[pj] = gi end
  local nlen = nexact
  -- the remaining spans and the overlapping pairs between them
  local rp = {}
  for j = 1, #p do if not exact_p[j] then rp[#rp + 1] = j end end
  table.sort(rp, function (a, b)
    if p[a].start ~= p[b].start then return p[a].start < p[b].start end
    return a < b
  end)
  local edges, adj = {}, {}
  for i = 1, #g do
    if not exact[i] then
      local gs = g[i]
      for _, j in ipairs(rp) do
        local ps = p[j]
        if ps.start >= gs["end"] then break end
        local ov = overlap(gs, ps)
        if ov > 0 then
          local e = {g = i, p = j, ov = ov}
          edges[#edges + 1] = e
          adj[i] = adj[i] or {}
          table.insert(adj[i], e)
        end
      end
    end
  end
  local function better (a, b)
    if a.ov ~= b.ov then return a.ov > b.ov end
    if g[a.g].start ~= g[b.g].start then return g[a.g].start < g[b.g].start end
    if a.g ~= b.g then return a.g < b.g end
    return a.p < b.p
  end
  table.sort(edges, better)
  for _, e in ipairs(edges) do
    if not len[e.g] and not len_p[e.p] then
      len[e.g] = e.p; len_p[e.p] = e.g
      nlen = nlen + 1
    end
  end
  for _, l in pairs(adj) do table.sort(l, better) end
  -- augmenting paths from each unmatched gold (never through exact pairs)
  local function augment (i, seen)
    for _, e in ipairs(adj[i] or {}) do
      if not seen[e.p] then
        seen[e.p] = true
        local other = len_p[e.p]
        if other == nil or augment(other, seen) then
          len[i] = e.p; len_p[e.p] = i
          return true
        end
      end
    end
    return false
  end
  for i = 1, #g do
    if not len[i] and adj[i] then
      if augment(i, {}) then nlen = nlen + 1 end
    end
  end
  return {exact = exact, lenient = len, nexact = nexact, nlenient = nlen}
end

-- }======================================================================

-- {======================================================================
-- Context snippets
-- =======================================================================

local function chars (s)
  local t = {}
  for ch in s:gmatch(utf8.charpattern) do t[#t + 1] = ch end
  return t
end

local function squash (s)
  return (s:gsub("%s+", " "))
end

-- "…left [span] right…" around bytes [st, en) of text, at most width
-- characters.
function S.snippet (text, st, en, width)
  width = width or 90
  if not text or en > #text then return nil end
  local mid = chars(squash(text:sub(st + 1, en)))
  if #mid > 50 then
    local m = {}
    for i = 1, 24 do m[#m + 1] = mid[i] end
    m[#m + 1] = "…"
    for i = #mid - 23, #mid do m[#m + 1] = mid[i] end
    mid = m
  end
  local room = math.max(0, width - #mid - 2)
  local lb = math.max(0, st - 4 * room)               -- bytes fetched either side
  local rb = math.min(#text, en + 4 * room)
  local left = chars(squash(text:sub(lb + 1, st)))     -- a cut lead char is skipped
  local right = chars(squash(text:sub(en + 1, rb)))
  if rb < #text then right[#right] = nil end           -- may be a cut character
  local lw = math.min(#left, room // 2)
  local rw = math.min(#right, room - lw)
  lw = math.min(#left, room - rw)
  local out = {}
  if #left > lw then
    if lw > 0 then out[1] = "…" end
    for i = #left - lw + 2, #left do out[#out + 1] = left[i] end
  else
    for i = 1, #left do out[#out + 1] = left[i] end
  end
  out[#out + 1] = "["
  for _, c in ipairs(mid) do out[#out + 1] = c end
  out[#out + 1] = "]"
  if #right > rw then
    for i = 1, rw - 1 do out[#out + 1] = right[i] end
    if rw > 0 then out[#out + 1] = "…" end
  else
    for i = 1, #right do out[#out + 1] = right[i] end
  end
  return (table.concat(out):gsub("^ +", ""):gsub(" +$", ""))
end

-- }======================================================================

-- {======================================================================
-- The scorer
-- =======================================================================

local Scorer = {}
Scorer.__index = Scorer

local function new_counts ()
  return {gold = 0, found = 0, exact = 0, lenient = 0, attrs = {}}
end

--[[
A scorer for gold (from S.read_gold / S.parse_gold). opts.errors: collect
every miss, false positive, boundary and attribute error (with a context
snippet when the text is known). opts.context: snippet width (default 90).
]]
function S.new (gold, opts)
  opts = opts or {}
  local sc = setmetatable({gold = gold, opts = opts, seen = {}, order = {},
                           pred_only = {}, duplicates = {}, layers = {},
                           errors = {}, warnings = {}, ndocs = 0}, Scorer)
  for _, layer in ipairs(S.LAYERS) do
    if gold.layers[layer] then
      sc.layers[layer] = {docs = 0, labels = {}, any = new_counts(), left_out = 0}
    end
  end
  return sc
end

local function warn (sc, msg)
  sc.warnings[#sc.warnings + 1] = msg
end

local function add_attrs (counts, layer, gs, ps, gi_pj, errs)
  for gi, pj in pairs(gi_pj) do
    local a, b = gs[gi], ps[pj]
    for _, name in ipairs(S.ATTRS[layer]) do
      local want = a.attrs[name]
      if want ~= nil then
        local c = counts.attrs[name]
        if not c then c = {correct = 0, total = 0}; counts.attrs[name] = c end
        c.total = c.total + 1
        if S.same_value(want, b.attrs[name]) then c.correct = c.correct + 1
        elseif errs then errs(name, a, b) end
      end
    end
  end
end

local function add_counts (c, g, p, m)
  c.gold = c.gold + #g
  c.found = c.found + #p
  c.exact = c.exact + m.nexact
  c.lenient = c.lenient + m.nlenient
end

local function group (spans)
  local by, labels = {}, {}
  for _, s in ipairs(spans) do
    local l = by[s.label]
    if not l then l = {}; by[s.label] = l; labels[#labels + 1] = s.label end
    l[#l + 1] = s
  end
  return by, labels
end

local function err_span (s, with_attr)
  local e = {start = s.start, ["end"] = s["end"], text = s.text}
  if with_attr then e[with_attr] = json_value(s.attrs[with_attr]) end
  return e
end

-- Other-label spans overlapping s, as "LABEL start-end" (label mismatches).
local function other_labels (s, spans)
  local out = {}
  for _, o in ipairs(spans) do
    if o.label ~= s.label and overlap(s, o) > 0 then
      out[#out + 1] = string.format("%s %d-%d", o.label, o.start, o["end"])
    end
  end
  return #out > 0 and table.concat(out, ", ") or nil
end

function Scorer:score_layer (id, layer, gspans, pspans, text)
  local L = self.layers[layer]
  L.docs = L.docs + 1
  local gby, glabels = group(gspans)
  local pby, plabels = group(pspans)
  local seen, labels = {}, {}
  for _, l in ipairs(glabels) do if not seen[l] then seen[l] = true; labels[#labels + 1] = l end end
  for _, l in ipairs(plabels) do if not seen[l] then seen[l] = true; labels[#labels + 1] = l end end
  local errors = self.opts.errors and self.errors or nil
  local width = self.opts.context or 90
  local function push (kind, label, gs, ps, attr, note)
    local at = gs or ps
    errors[#errors + 1] = {
      doc = id, layer = layer, kind = kind, label = label,
      start = at.start, ["end"] = at["end"],
      gold = gs and err_span(gs, attr) or nil, found = ps and err_span(ps, attr) or nil,
      note = note, context = text and S.snippet(text, at.start, at["end"], width) or nil,
      seq = #errors + 1,
    }
  end
  for _, label in ipairs(labels) do
    local g, p = gby[label] or {}, pby[label] or {}
    local c = L.labels[label]
    if not c then c = new_counts(); L.labels[label] = c end
    local m = S.match(g, p)
    add_counts(c, g, p, m)
    add_attrs(c, layer, g, p, m.lenient, errors and function (name, gs, ps)
      push(name, label, gs, ps, name)
    end)
    if errors then
      local matched_p = {}
      for gi, pj in pairs(m.lenient) do
        matched_p[pj] = true
        if m.exact[gi] ~= pj then push("boundary", label, g[gi], p[pj]) end
      end
      for gi, gs in ipairs(g) do
        if not m.lenient[gi] then
          local o = other_labels(gs, pspans)
          push("missing", label, gs, nil, nil, o and ("found as " .. o))
        end
      end
      for pj, ps in ipairs(p) do
        if not matched_p[pj] then
          local o = other_labels(ps, gspans)
          push("spurious", label, nil, ps, nil, o and ("gold has " .. o))
        end
      end
    end
  end
  if layer == "quotes" then                         -- labels ignored
    local m = S.match(gspans, pspans)
    add_counts(L.any, gspans, pspans, m)
    add_attrs(L.any, layer, gspans, pspans, m.lenient)
  end
end

-- Gold spans whose text is not the bytes at their offsets in the input.
function Scorer:verify (doc, text)
  local bad, first = 0, nil
  for _, layer in ipairs(S.LAYERS) do
    for _, s in ipairs(doc.layers[layer] or {}) do
      local problem
      if s["end"] > #text then
        problem = string.format("%s %d-%d beyond the end of the text (%d bytes)",
                                layer, s.start, s["end"], #text)
      elseif s.text and text:sub(s.start + 1, s["end"]) ~= s.text then
        problem = string.format("%s %d-%d: gold text %s, input text %s", layer, s.start,
          s["end"], show_value(s.text), show_value(text:sub(s.start + 1, s["end"])))
      end
      if problem then
        bad = bad + 1
        first = first or problem
      end
    end
  end
  if bad > 0 then
    warn(self, string.format("document %s: %d gold span%s not matching the input text " ..
      "(byte offsets?), first: %s", doc.id, bad, bad == 1 and "" or "s", first))
  end
end

--[[
Score one prediction record (a decoded line of `lore extract`: id and the
layers). text: the document's text, if known (else rec.text, else the
gold's). Records of documents not in the gold are counted, not scored.
]]
function Scorer:add (rec, text)
  local id = rec.id
  if type(id) ~= "string" then error("a prediction record without an id", 0) end
  if self.seen[id] then
    self.duplicates[#self.duplicates + 1] = id
    warn(self, "document " .. id .. " appears twice in the predictions: the first is scored")
    return
  end
  self.seen[id] = true
  self.order[#self.order + 1] = id
  local doc = self.gold.docs[id]
  if not doc then self.pred_only[#self.pred_only + 1] = id return end
  self.ndocs = self.ndocs + 1
  text = text or (type(rec.text) == "string" and rec.text) or doc.text
  if text then self:verify(doc, text) end
  for _, layer in ipairs(S.LAYERS) do
    local gspans = doc.layers[layer]
    if gspans then
      local pspans = {}
      local raw = rec[layer]
      if type(raw) == "table" then
        for i, s in ipairs(raw) do
          local sp = pred_span(layer, s, i, id)
          if s.dead == true then
            -- a span that lost a conflict ('lore extract --dead'): not a prediction
          elseif layer == "quotes" and sp.label == "indirect" and not self.gold.indirect then
            self.layers.quotes.left_out = self.layers.quotes.left_out + 1
          else
            pspans[#pspans + 1] = sp
          end
        end
      end
      self:score_layer(id, layer, gspans, pspans, text)
    end
  end
end

-- }======================================================================

-- {======================================================================
-- Results
-- =======================================================================

function S.prf (tp, gold, found)
  local p = found == 0 and 1 or tp / found
  local r = gold == 0 and 1 or tp / gold
  local f = (p + r) == 0 and 0 or 2 * p * r / (p + r)
  return {tp = tp, p = p, r = r, f1 = f}
end

local function row (label, c)
  local r = {label = label, gold = c.gold, found = c.found,
             exact = S.prf(c.exact, c.gold, c.found),
             lenient = S.prf(c.lenient, c.gold, c.found), attrs = {}}
  for name, a in pairs(c.attrs) do
    r.attrs[name] = {correct = a.correct, total = a.total,
                     accuracy = a.total > 0 and a.correct / a.total or nil}
  end
  return r
end

local function ordered_labels (layer, labels)
  local known, out, rest = {}, {}, {}
  for _, l in ipairs(S.LABEL_ORDER[layer]) do
    known[l] = true
    if labels[l] then out[#out + 1] = l end
  end
  for l in pairs(labels) do if not known[l] then rest[#rest + 1] = l end end
  table.sort(rest)
  for _, l in ipairs(rest) do out[#out + 1] = l end
  return out
end

local function put_row (metrics, prefix, r)
  metrics[prefix .. "gold"] = r.gold
  metrics[prefix .. "found"] = r.found
  for _, how in ipairs{"exact", "lenient"} do
    for _, k in ipairs{"tp", "p", "r", "f1"} do metrics[prefix .. how .. "." .. k] = r[how][k] end
  end
  for name, a in pairs(r.attrs) do metrics[prefix .. name] = a.accuracy end
end

--[[
The result: {gold =, documents = {scored, gold, predicted, gold_only = {},
pred_only = {}, duplicates = {}}, layers = {layer -> {docs, labels = {rows},
micro = row, macro = {exact = {p,r,f1}, lenient = {...}}, any = row (quotes),
left_out = {indirect = n}}}, metrics = {key -> number}, errors = {...},
warnings = {...}}. A row: {label, gold, found, exact = {tp,p,r,f1},
lenient = {...}, attrs = {name -> {correct, total, accuracy}}}.
]]
function Scorer:result ()
  local gold = self.gold
  local res = {gold = gold.name, layers = {}, metrics = {}, warnings = self.warnings,
               layer_order = {}}
  local gold_only = {}
  for _, id in ipairs(gold.order) do
    if not self.seen[id] then gold_only[#gold_only + 1] = id end
  end
  res.documents = {scored = self.ndocs, gold = #gold.order, predicted = #self.order,
                   gold_only = gold_only, pred_only = self.pred_only,
                   duplicates = self.duplicates}
  local metrics = res.metrics
  metrics["documents.scored"] = self.ndocs
  for _, layer in ipairs(S.LAYERS) do
    local L = self.layers[layer]
    if L then
      res.layer_order[#res.layer_order + 1] = layer
      local lr = {docs = L.docs, labels = {}, left_out = {indirect = L.left_out}}
      local tot = new_counts()
      local present = {}
      for label in pairs(L.labels) do present[label] = true end
      local sums = {exact = {p = 0, r = 0, f1 = 0}, lenient = {p = 0, r = 0, f1 = 0}}
      local labels = ordered_labels(layer, present)
      for _, label in ipairs(labels) do
        local c = L.labels[label]
        local r = row(label, c)
        lr.labels[#lr.labels + 1] = r
        put_row(metrics, layer .. "." .. label .. ".", r)
        tot.gold = tot.gold + c.gold; tot.found = tot.found + c.found
        tot.exact = tot.exact + c.exact; tot.lenient = tot.lenient + c.lenient
        for name, a in pairs(c.attrs) do
          local t = tot.attrs[name]
          if not t then t = {correct = 0, total = 0}; tot.attrs[name] = t end
          t.correct = t.correct + a.correct; t.total = t.total + a.total
        end
        for how, s in pairs(sums) do
          for k in pairs(s) do s[k] = s[k] + r[how][k] end
        end
      end
      lr.micro = row("micro", tot)
      put_row(metrics, layer .. ".", lr.micro)
      lr.macro = {}
      for how, s in pairs(sums) do
        lr.macro[how] = {}
        for k, v in pairs(s) do
          lr.macro[how][k] = #labels > 0 and v / #labels or lr.micro[how][k]
          metrics[layer .. ".macro." .. how .. "." .. k] = lr.macro[how][k]
        end
      end
      if layer == "quotes" then
        lr.any = row(S.ANY, L.any)
        put_row(metrics, layer .. "." .. S.ANY .. ".", lr.any)
      end
      res.layers[layer] = lr
    end
  end
  if self.opts.errors then
    local rank = {}
    for i, id in ipairs(self.order) do rank[id] = i end
    local lrank = {entities = 1, quotes = 2, figures = 3}
    table.sort(self.errors, function (a, b)
      if a.doc ~= b.doc then return rank[a.doc] < rank[b.doc] end
      if a.layer ~= b.layer then return lrank[a.layer] < lrank[b.layer] end
      if a.start ~= b.start then return a.start < b.start end
      if a["end"] ~= b["end"] then return a["end"] < b["end"] end
      return a.seq < b.seq
    end)
    for _, e in ipairs(self.errors) do e.seq = nil end
    res.errors = self.errors
  end
  return res
end

-- Score a list of prediction records against gold in one go; texts: an
-- optional {id -> text}.
function S.score (gold, preds, opts, texts)
  local sc = S.new(gold, opts)
  for _, rec in ipairs(preds) do sc:add(rec, texts and texts[rec.id]) end
  return sc:result()
end

-- }======================================================================

-- {======================================================================
-- Thresholds (--min KEY=VALUE)
-- =======================================================================

local MEASURE = {p = "p", r = "r", f1 = "f1", tp = "tp", precision = "p", recall = "r"}

-- The canonical form of a metric key, or nil and why not.
local function canon_key (key)
  local parts = {}
  for p in key:gmatch("[^.]+") do parts[#parts + 1] = p end
  local layer = parts[1]
  if not IS_LAYER[layer] then
    if key == "documents.scored" then return key end
    return nil, "a key starts with entities, quotes or figures"
  end
  local attrs = {}
  for _, a in ipairs(S.ATTRS[layer]) do attrs[a] = true end
  local function tail (i)          -- the part after layer[.LABEL]
    local a, b = parts[i], parts[i + 1]
    if a == nil then return nil end
    if (a == "gold" or a == "found") and b == nil then return a end
    if attrs[a] and b == nil then return a end
    if (a == "exact" or a == "lenient") and MEASURE[b] and parts[i + 2] == nil then
      return a .. "." .. MEASURE[b]
    end
    return nil
  end
  if parts[2] == "macro" then
    local how, m = parts[3], MEASURE[parts[4] or ""]
    if (how == "exact" or how == "lenient") and m and m ~= "tp" and parts[5] == nil then
      return layer .. ".macro." .. how .. "." .. m
    end
    return nil, "macro keys are LAYER.macro.exact|lenient.p|r|f1"
  end
  local t = tail(2)
  if t then return layer .. "." .. t end
  if parts[2] then
    t = tail(3)
    if t then return layer .. "." .. parts[2] .. "." .. t end
  end
  local alist = table.concat(S.ATTRS[layer], "|")
  return nil, string.format("expected %s[.LABEL].exact|lenient.p|r|f1, %s[.LABEL].gold|found, " ..
    "%s[.LABEL].%s or %s.macro.exact|lenient.p|r|f1", layer, layer, layer, alist, layer)
end

S.canon_key = canon_key

-- Parse "KEY=VALUE" -> {key=, min=} or nil, message.
function S.parse_min (s)
  local k, v = tostring(s):match("^%s*([^=%s]+)%s*=%s*(%S+)%s*$")
  if not k then return nil, "--min needs KEY=VALUE, got '" .. tostring(s) .. "'" end
  local n = tonumber(v)
  if not n then return nil, "--min " .. k .. ": '" .. v .. "' is not a number" end
  local ck, why = canon_key(k)
  if not ck then return nil, "--min: unknown key '" .. k .. "' (" .. why .. ")" end
  return {key = ck, min = n, given = k}
end

--[[
Check thresholds ({key=, min=} list) against a result. Returns the list of
checks {key, min, value (nil: not measured), ok, line} and the number that
failed. A value not measured fails.
]]
function S.check (res, mins)
  local out, nfail = {}, 0
  local w = 0
  for _, m in ipairs(mins) do if #m.key > w then w = #m.key end end
  for _, m in ipairs(mins) do
    local v = res.metrics[m.key]
    local ok = v ~= nil and v >= m.min - 1e-12
    local line
    if v == nil then
      line = string.format("FAIL  %-" .. w .. "s  not measured (no such label, or nothing " ..
                           "to compare), min %g", m.key, m.min)
    else
      line = string.format("%s  %-" .. w .. "s  %.4f %s %g", ok and "ok  " or "FAIL", m.key, v,
                           ok and ">=" or "< ", m.min)
    end
    if not ok then nfail = nfail + 1 end
    out[#out + 1] = {key = m.key, min = m.min, value = v, ok = ok, line = line}
  end
  return out, nfail
end

-- }======================================================================

-- {======================================================================
-- Rendering
-- =======================================================================

local function f3 (x) return x == nil and "-" or string.format("%.3f", x) end

local function attr_cell (a)
  if not a or not a.accuracy then return "-" end
  return string.format("%.3f (%d/%d)", a.accuracy, a.correct, a.total)
end

local function id_list (ids, max)
  max = max or 8
  local out = {}
  for i = 1, math.min(#ids, max) do out[i] = ids[i] end
  local s = table.concat(out, ", ")
  if #ids > max then s = s .. string.format(", and %d more", #ids - max) end
  return s
end

-- Lines about the documents scored, missing and extra.
function S.document_lines (res)
  local d = res.documents
  local lines = {string.format(
    "%d document%s scored: those in both the gold (%d) and the predictions (%d).",
    d.scored, d.scored == 1 and "" or "s", d.gold, d.predicted)}
  if #d.gold_only > 0 then
    lines[#lines + 1] = string.format("%d gold document%s not in the predictions, not scored: %s",
      #d.gold_only, #d.gold_only == 1 and "" or "s", id_list(d.gold_only))
  end
  if #d.pred_only > 0 then
    lines[#lines + 1] = string.format("%d predicted document%s not in the gold, not scored: %s",
      #d.pred_only, #d.pred_only == 1 and "" or "s", id_list(d.pred_only))
  end
  return lines
end

local function layer_title (layer, lr)
  local s = string.format("%s: %d document%s", layer, lr.docs, lr.docs == 1 and "" or "s")
  if layer == "quotes" then
    s = s .. "; labels: direct = marked, unmarked = not marked"
    if lr.left_out.indirect > 0 then
      s = s .. string.format("; %d indirect left out", lr.left_out.indirect)
    end
  end
  return s
end

--[[
The score tables (one per layer), aligned, at most opts.width (100)
columns. opts.util: lore.util (for util.table); opts.color.
]]
function S.render (res, opts)
  opts = opts or {}
  local util = opts.util or require "lore.util"
  local out = S.document_lines(res)
  for _, w in ipairs(res.warnings) do out[#out + 1] = "warning: " .. w end
  for _, layer in ipairs(S.LAYERS) do
    local lr = res.layers[layer]
    out[#out + 1] = ""
    if not lr then
      out[#out + 1] = layer .. ": not in the gold, not scored"
    else
      out[#out + 1] = layer_title(layer, lr)
      local attr = S.ATTRS[layer][1]
      local rows = {}
      local function add (label, r, macro)
        if macro then
          rows[#rows + 1] = {label, "", "", f3(r.exact.p), f3(r.exact.r), f3(r.exact.f1),
                             f3(r.lenient.p), f3(r.lenient.r), f3(r.lenient.f1), ""}
        else
          rows[#rows + 1] = {label, r.gold, r.found, f3(r.exact.p), f3(r.exact.r),
                             f3(r.exact.f1), f3(r.lenient.p), f3(r.lenient.r),
                             f3(r.lenient.f1), attr_cell(r.attrs[attr])}
        end
      end
      for _, r in ipairs(lr.labels) do add(r.label, r) end
      add("micro", lr.micro)
      add("macro", lr.macro, true)
      if lr.any then add("any label", lr.any) end
      out[#out + 1] = util.table(
        {"label", "gold", "found", "ex.P", "ex.R", "ex.F1", "len.P", "len.R", "len.F1", attr},
        rows, {right = {false, true, true, true, true, true, true, true, true, true},
               width = opts.width or 100, color = opts.color})
    end
  end
  out[#out + 1] = ""
  for _, l in ipairs{
    "ex. = exact: same start, end and label. len. = lenient: overlapping spans with the same",
    "label, one-to-one. P = correct/found (1 if nothing found), R = correct/gold (1 if nothing",
    "to find), F1 = 2PR/(P+R). micro: labels pooled; macro: mean over the labels present.",
    "canonical, speaker, value: share right among lenient matches (right/compared).",
  } do out[#out + 1] = l end
  return table.concat(out, "\n")
end

local function util_width (s) return utf8.len(s) or #s end

local function cut (s, w)
  local c = chars(s)
  if #c <= w then return s end
  local t = {}
  for i = 1, w - 1 do t[i] = c[i] end
  return table.concat(t) .. "…"
end

local function quoted (s, w)
  if s == nil then return "" end
  s = squash(s)
  local c = chars(s)
  if #c > w then
    local t = {}
    for i = 1, w - 1 do t[i] = c[i] end
    s = table.concat(t) .. "…"
  end
  return '"' .. s .. '"'
end

-- One line (and a context line) per error, grouped by document.
function S.render_errors (res, opts)
  opts = opts or {}
  local errs = res.errors or {}
  local out = {string.format("errors: %d (missing: gold span not found; spurious: found, not " ..
    "in the gold;", #errs),
    "boundary: other offsets; canonical, speaker, value, unit, approx: found, attribute differs)"}
  local doc
  for _, e in ipairs(errs) do
    if e.doc ~= doc then
      doc = e.doc
      out[#out + 1] = ""
      out[#out + 1] = doc
    end
    local g, f = e.gold, e.found
    local at = g or f
    local head = string.format("  %-8s %-9s %d-%d %s ", e.layer, e.kind, at.start, at["end"], e.label)
    local W = opts.width or 100
    local function fit (tail, max)        -- the span text in the room left
      local w = math.max(12, math.min(max, W - util_width(head) - util_width(tail) - 2))
      return w
    end
    local line
    if e.kind == "missing" or e.kind == "spurious" then
      local tail = e.note and ("  (" .. e.note .. ")") or ""
      line = head .. quoted(at.text, fit(tail, 40)) .. tail
    elseif e.kind == "boundary" then
      local w = fit(string.format("  found %d-%d ", f.start, f["end"]), 80) // 2
      line = head .. quoted(g.text, w) .. string.format("  found %d-%d %s", f.start, f["end"],
                                                        quoted(f.text, w))
    else
      local tail = string.format("  gold %s, found %s", show_value(norm_value(g[e.kind])),
                                 show_value(norm_value(f[e.kind])))
      line = head .. quoted(at.text, fit(tail, 30)) .. tail
    end
    if util_width(line) > W then line = cut(line, W) end
    out[#out + 1] = line
    if e.context then out[#out + 1] = "      " .. e.context end
  end
  return table.concat(out, "\n")
end

-- The result as a JSON-able table (thresholds: the checks of S.check).
function S.json (res, checks)
  local j = {gold = res.gold, documents = res.documents, layers = {}, metrics = res.metrics,
             warnings = res.warnings, errors = res.errors, thresholds = checks}
  local A = has_lore and lore.json.array or function (t) return t end
  for _, k in ipairs{"gold_only", "pred_only", "duplicates"} do A(res.documents[k]) end
  A(res.warnings)
  if res.errors then A(res.errors) end
  if checks then
    A(checks)
    for _, c in ipairs(checks) do c.line = nil end
  end
  for layer, lr in pairs(res.layers) do
    local labels = {}
    for _, r in ipairs(lr.labels) do labels[r.label] = r end
    j.layers[layer] = {documents = lr.docs, labels = labels, micro = lr.micro,
                       macro = lr.macro, any = lr.any, left_out = lr.left_out}
  end
  return j
end

-- }======================================================================

return S
