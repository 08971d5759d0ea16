-- scripts/lib/common.lua: what the bundled analysis scripts share.
--
--   need(name)            load scripts/lib/NAME.lua once (by path, no
--                         package.path needed, works in the worker threads)
--   script_at(name)       another analysis script (scripts/NAME.lua)
--   script(S)             the last line of every script: returns S, or
--                         under `lore run scripts/NAME.lua` runs it
--   record helpers        null-safe fields, sentences, boilerplate filter,
--                         record_of(doc) for map(), with_doc, document labels
--   docs maps             per-document states merged by document id, and
--                         per_document(S): map, init, add, merge for them
--   dates, numbers        sortable date keys, "$190 billion"
--   output                wrapped text, headings, --json/--csv export
--
-- The scripts keep per-document summaries (never document texts) in their
-- states, keyed by document id; merging is a union of maps, so it is
-- associative and commutative, and every result is sorted canonically.
local lore = require "lore"
local util = require "lore.util"

local M = {}

local null = lore.json.null

-- {======================================================================
-- Loading
-- =======================================================================

local LIBDIR = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or ""
M.LIBDIR = LIBDIR
M.SCRIPTDIR = LIBDIR:gsub("lib/$", "")
M.DATADIR = M.SCRIPTDIR .. "data/"

function M.need (name)
  local path = LIBDIR .. name .. ".lua"
  local key = "lore.scripts:" .. path
  local m = package.loaded[key]
  if m == nil then
    m = dofile(path)
    package.loaded[key] = m
  end
  return m
end

-- Another analysis script of this directory (its table, never run).
function M.script_at (name)
  return lore.script.load(M.SCRIPTDIR .. name .. ".lua")
end

-- The end of every script file: `return (C.script(S))` (in parentheses:
-- a tail call would hide the calling file). Loaded by lore (lore
-- NAME, lore merge, the workers) it returns the script table; run as
-- `lore run scripts/NAME.lua [INPUT...] [-- ARGS]` it runs the script with
-- ARGS then INPUTs as its command line and returns the exit status.
-- `lore run` would run a returned script table itself, but with the INPUTs
-- first: `lore run scripts/kwic.lua corpus/ -- PATTERN` needs ARGS first.
function M.script (S)
  local src = debug.getinfo(2, "S").source:match("^@(.*)$") or "?"
  S.path = S.path or src
  S.name = S.name or src:match("([^/]+)%.lua$")
  local a = rawget(_G, "arg")
  if type(a) ~= "table" or a[0] ~= src or S._running then return S end
  S._running = true
  local argv = {}
  for i = 1, #a do argv[#argv + 1] = a[i] end
  for _, x in ipairs(lore.inputs or {}) do argv[#argv + 1] = x end
  local ok, res = pcall(lore.script.main, S, argv)
  if ok then return math.tointeger(res) or 0 end
  if type(res) == "table" and (res.usage or res.fail) then
    io.stderr:write(res.msg, "\n")
    return res.usage and 2 or 1
  end
  error(res, 0)
end

-- }======================================================================

-- {======================================================================
-- Records
-- =======================================================================

-- A field of a decoded record: nil for JSON null.
local function val (x)
  if x == null then return nil end
  return x
end
M.val = val

function M.str (x)
  x = val(x)
  if x == nil then return nil end
  if type(x) == "string" then return x end
  if type(x) == "number" or type(x) == "boolean" then return tostring(x) end
  return nil
end

-- The document id of a record (never nil).
function M.doc_id (rec)
  local id = val(rec.id)
  if type(id) == "string" and id ~= "" then return id end
  local m = val(rec.meta) or {}
  return tostring(val(m.path) or "?") .. (val(m.line) and (":" .. tostring(val(m.line))) or "")
end

-- The host of a URL ("https://www.x.com/a" -> "x.com").
local function host (url)
  local h = url and url:match("^%a[%w+.-]*://([^/:?#]+)")
  return h and h:gsub("^www%.", "") or nil
end

-- What the scripts keep of a record's metadata.
function M.doc_meta (rec)
  local m = val(rec.meta) or {}
  local st = val(rec.stats) or {}
  return {
    id = M.doc_id(rec),
    title = M.str(m.title),
    date = M.str(m.date),
    source = M.str(m.source) or host(M.str(m.url)),
    url = M.str(m.url),
    words = math.tointeger(val(st.words)) or 0,
  }
end

-- A document's short name for tables: its source if known, else the
-- beginning of its id ("000_a7dc"), else the id.
function M.doc_label (meta)
  if meta.source and meta.source ~= "" then return meta.source end
  local id = meta.id or "?"
  local short = id:match("^(%d+_%x%x%x%x)%x+$")
  return short or id
end

-- The label of document id in a result's docs map (of doc_meta), also for
-- an id missing there.
function M.label_of (docs, id)
  return M.doc_label(docs[id] or {id = id})
end

-- The sentence holding byte offset pos: index, start, end (or nil).
function M.sentence_of (rec, pos)
  local ss = val(rec.sentences)
  if type(ss) ~= "table" then return nil end
  local lo, hi = 1, #ss
  while lo <= hi do
    local mid = (lo + hi) // 2
    local s = ss[mid]
    if pos < s[1] then hi = mid - 1
    elseif pos >= s[2] then lo = mid + 1
    else return mid, s[1], s[2] end
  end
  return nil
end

-- The text of bytes [s, e) of the record's document, or nil without text.
function M.slice (rec, s, e)
  local t = val(rec.text)
  if type(t) ~= "string" or not s then return nil end
  return t:sub(s + 1, e)
end

-- The sentence around [s, e) (s..e if it spans several), or nil.
function M.sentence_text (rec, s, e)
  local _, a = M.sentence_of(rec, s)
  local _, _, b = M.sentence_of(rec, math.max(s, (e or s) - 1))
  if not a then a = s end
  if not b then b = e or s end
  local t = M.slice(rec, a, b)
  return t and (t:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) or nil
end

-- Spans of a layer, without those inside boilerplate unless opts.boilerplate.
function M.spans (rec, layer, opts)
  local l = val(rec[layer])
  if type(l) ~= "table" then return {} end
  return lore.script.spans(rec, layer, opts)
end

-- True when [s, e) lies inside a boilerplate span of rec (and boilerplate
-- is being left out).
function M.in_boilerplate (rec, s, e, opts)
  if opts and opts.boilerplate then return false end
  local bp = val(rec.boilerplate)
  if type(bp) ~= "table" then return false end
  for _, b in ipairs(bp) do
    if s >= b.start and e <= b["end"] then return true end
  end
  return false
end

-- In map(): the record of a processed document (as `lore extract` writes
-- it) with its text, for the scripts' summarise(rec, opts, doc).
function M.record_of (doc)
  local rec = lore.json.decode(doc:json())
  rec.text = doc.text
  return rec
end

-- With --from: a lore.Doc of the record's text (nil without text).
function M.doc_of (rec)
  local t = val(rec.text)
  if type(t) ~= "string" then return nil end
  return lore.doc(t, {id = M.doc_id(rec)})
end

function M.need_text (script, rec)
  if type(val(rec.text)) ~= "string" then
    util.fail(script, string.format("record %s has no text: with --from, %s needs records " ..
      "saved with 'lore extract --text'", M.doc_id(rec), script))
  end
end

-- fn(doc, own) on the document map() was given, or with --from on one
-- made of the record's text (own = true; closed after): the scripts that
-- read the text itself summarise both ways alike.
function M.with_doc (script, rec, doc, fn)
  if doc then return fn(doc, false) end
  M.need_text(script, rec)
  doc = M.doc_of(rec)
  local res = fn(doc, true)
  doc:close()
  return res
end

-- }======================================================================

-- {======================================================================
-- Per-document states
-- =======================================================================

-- Put a document's summary into a map by id. The same id twice (a document
-- given twice) keeps the summary with the smaller encoding, so the result
-- does not depend on the order of arrival.
function M.put (map, id, summary)
  local old = map[id]
  if old == nil then map[id] = summary return end
  local a, b = lore.json.encode(old), lore.json.encode(summary)
  if b < a then map[id] = summary end
end

function M.merge_maps (a, b)
  for id, s in pairs(b) do M.put(a, id, s) end
  return a
end

-- The state {docs = {id -> summary}} shared by most scripts.
function M.docs_state () return {docs = {}} end

function M.merge_docs (a, b)
  a.docs = a.docs or {}
  M.merge_maps(a.docs, b.docs or {})
  return a
end

-- Summaries in id order.
function M.each_doc (state)
  local ids = util.sorted_keys(state.docs or {})
  local i = 0
  return function ()
    i = i + 1
    local id = ids[i]
    if id then return id, state.docs[id] end
  end
end

-- Sum maps of counts: a[k] += b[k].
function M.add_counts (a, b)
  for k, n in pairs(b) do a[k] = (a[k] or 0) + n end
  return a
end

-- The key of a map of counts counted most; on a tie the first in sorted
-- order, so that the result does not depend on the order of the map.
function M.most_common (count)
  local best
  for _, k in ipairs(util.sorted_keys(count)) do
    if not best or count[k] > count[best] then best = k end
  end
  return best
end

-- The first n items of a sorted list (the top shown of a result).
function M.first (list, n)
  local out = {}
  for i = 1, math.min(n, #list) do out[i] = list[i] end
  return out
end

-- The script protocol around S.summarise(rec, opts, doc), the same in
-- every script that summarises documents one by one:
-- map() summarises in the workers, where the document is at hand.
function M.map_summarise (S)
  return function (doc, opts) return S.summarise(M.record_of(doc), opts, doc) end
end

-- add() takes the summary map() made (rec.map), or with --from summarises
-- the record here.
function M.add_summarised (S)
  return function (state, rec, opts) S.add_summary(state, rec.map or S.summarise(rec, opts)) end
end

-- add_summary() of a docs_state(): the summary under its document id.
function M.put_summary (state, sm)
  M.put(state.docs, sm.meta.id, sm)
end

-- map, init, add_summary, add and merge of a script whose state is one
-- summary per document (docs_state), summarise() giving {meta = ..., ...}.
function M.per_document (S)
  S.map = M.map_summarise(S)
  S.init = M.docs_state
  S.add_summary = M.put_summary
  S.add = M.add_summarised(S)
  S.merge = M.merge_docs
  return S
end

-- }======================================================================

-- {======================================================================
-- Dates and numbers
-- =======================================================================

-- A sortable key of a date value: "2023-10-18", "2023-10", "2023";
-- ISO weeks ("2023-W42") become their Monday; suffixes ("TNI") are dropped.
-- nil when v holds no year.
function M.date_key (v)
  if type(v) ~= "string" then
    if math.type(v) == "integer" and v >= 1000 and v <= 2999 then return tostring(v) end
    return nil
  end
  local y, w = v:match("^(%d%d%d%d)%-W(%d%d)")
  if y then
    w = tonumber(w)
    if w < 1 or w > 53 then return y end
    local yy, mm, dd = lore.date.civil(lore.date.iso_monday(tonumber(y), w))
    return string.format("%04d-%02d-%02d", yy, mm, dd)
  end
  local d = v:match("^(%d%d%d%d%-%d%d%-%d%d)") or v:match("^(%d%d%d%d%-%d%d)") or v:match("^(%d%d%d%d)%f[^%d]")
  if d then return d end
  local yr = v:match("%f[%d](1[89]%d%d)%f[^%d]") or v:match("%f[%d](2%d%d%d)%f[^%d]")
  return yr
end

function M.year (key)
  return key and key:match("^(%d%d%d%d)") or nil
end

-- "190 billion", "1.4 million", "12,345", "2.5".
function M.fmt_number (v)
  if type(v) ~= "number" then return tostring(v) end
  local a = math.abs(v)
  local function trim (x)
    local t = string.format("%.4g", x)
    if t:find("%.") and not t:find("e") then t = t:gsub("0+$", ""):gsub("%.$", "") end
    return t
  end
  if a >= 1e12 then return trim(v / 1e12) .. " trillion" end
  if a >= 1e9 then return trim(v / 1e9) .. " billion" end
  if a >= 1e6 then return trim(v / 1e6) .. " million" end
  if v == math.floor(v) then
    local s = string.format("%d", math.tointeger(v) or math.floor(v))
    if a >= 10000 then
      local neg = s:sub(1, 1) == "-"
      if neg then s = s:sub(2) end
      s = s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
      if neg then s = "-" .. s end
    end
    return s
  end
  return trim(v)
end

local CURRENCY = {USD = "$", EUR = "€", GBP = "£", JPY = "¥", CNY = "¥", RUB = "₽", INR = "₹"}

-- A figure's value as people write it: "$190 billion", "12%", "130 countries".
function M.fmt_value (kind, value, unit)
  if type(value) ~= "number" then return value ~= nil and tostring(value) or "?" end
  local n = M.fmt_number(value)
  if kind == "money" then
    local sym = unit and CURRENCY[unit]
    if sym and (unit ~= "CNY" and unit ~= "JPY") then return sym .. n end
    return n .. (unit and (" " .. unit) or "")
  elseif kind == "percent" then
    return n .. "%"
  end
  return n .. ((unit and unit ~= "") and (" " .. unit) or "")
end

-- }======================================================================

-- {======================================================================
-- Text output
-- =======================================================================

-- Fill lines of at most w columns with the words of s, greedily; shared by
-- wrap and wrap_colored, which differ in how a word is measured.
local function fill_lines (s, w, width_of, cut_long)
  local lines, cur, cw = {}, {}, 0
  for word in s:gmatch("%S+") do
    local ww = width_of(word)
    if cut_long and ww > w then word = util.cut(word, w) ww = w end
    if cw > 0 and cw + 1 + ww > w then
      lines[#lines + 1] = table.concat(cur, " ")
      cur, cw = {}, 0
    end
    cur[#cur + 1] = word
    cw = cw + (cw > 0 and 1 or 0) + ww
  end
  if #cur > 0 then lines[#lines + 1] = table.concat(cur, " ") end
  if #lines == 0 then lines[1] = "" end
  return lines
end

-- Break s into lines of at most w display columns (words longer than w
-- are cut).
function M.wrap (s, w)
  s = util.printable(tostring(s or "")):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  return fill_lines(s, w, util.width, true)
end

-- Display width without ANSI colour codes.
function M.vwidth (s)
  return util.width((s:gsub("\27%[[%d;]*m", "")))
end

-- Wrap a string that may hold colour codes (they do not count).
function M.wrap_colored (s, w)
  return fill_lines(util.printable(tostring(s), true), w, M.vwidth, false)
end

-- Text prefixed by `head` on the first line and aligned under it after.
function M.hang (head, text, width, colored)
  local hw = M.vwidth(head)
  local lines = (colored and M.wrap_colored or M.wrap)(text, math.max(20, width - hw))
  local out = {}
  for i, l in ipairs(lines) do
    out[i] = (i == 1 and head or string.rep(" ", hw)) .. l
  end
  return table.concat(out, "\n")
end

-- An output sink: collects lines, prints them at the end.
function M.printer (opts)
  local color = opts.color or util.stdout_colors()
  -- 100 columns, or less on a narrower terminal
  local cols = lore.sys.isatty("stdout") and lore.sys.columns("stdout") or nil
  local width = math.floor(tonumber(opts.width) or math.min(100, cols or 100))
  if width < 40 then width = 40 end
  local p = {color = color, width = width, lines = {}}
  -- a line wider than the width is wrapped, aligned on its indentation
  function p.line (s)
    for l in ((s or "") .. "\n"):gmatch("(.-)\n") do
      if M.vwidth(l) > width then
        local indent, rest = l:match("^(%s*)(.*)$")
        l = M.hang(indent, rest, width, true)
      end
      p.lines[#p.lines + 1] = l
    end
  end
  function p.heading (s, sub)
    if #p.lines > 0 then p.line("") end
    p.line(color("bold", s:upper()) .. (sub and color("grey", "  " .. sub) or ""))
  end
  function p.table (headers, rows, o)
    o = o or {}
    o.width = o.width or width
    o.color = color
    if #rows == 0 then p.line(color("grey", o.empty or "(none)")) return end
    p.line(util.table(headers, rows, o))
  end
  function p.text () return table.concat(p.lines, "\n") .. "\n" end
  function p.flush () io.stdout:write(p.text()) io.stdout:flush() end
  return p
end

-- Export tables {name=, columns={...}, rows={{...}...}}: JSON (an object
-- of arrays of row objects, for notebooks) or CSV (DIR/NAME.csv, for
-- spreadsheets). Each file is written whole or not at all.
local function json_rows (t)
  local out = lore.json.array({})
  for _, r in ipairs(t.rows) do
    local o = {}
    for c, name in ipairs(t.columns) do
      local v = r[c]
      if v == nil then v = null end
      o[name] = v
    end
    out[#out + 1] = o
  end
  return out
end

function M.tables_json (script, tables, extra)
  local obj = {script = script, tables = {}}
  for k, v in pairs(extra or {}) do obj[k] = v end
  for _, t in ipairs(tables) do obj.tables[t.name] = json_rows(t) end
  return lore.json.encode(obj)
end

local function csv_cell (v)
  if v == nil or v == null then return "" end
  if type(v) == "table" then v = table.concat(v, "; ") end
  if type(v) == "string" and v:find("^[=+%-@\t\r]") then
    -- text from a corpus that a spreadsheet would run as a formula
    -- ("=HYPERLINK(...)"): a leading apostrophe keeps it text
    v = "'" .. v
  end
  if type(v) == "number" then
    if math.type(v) == "integer" then v = string.format("%d", v)
    elseif v == math.floor(v) and math.abs(v) < 2^53 then v = string.format("%.0f", v)
    else v = string.format("%.6g", v) end
  end
  v = tostring(v)
  if v:find('[",\r\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end

function M.table_csv (t)
  local out = {}
  local h = {}
  for i, c in ipairs(t.columns) do h[i] = csv_cell(c) end
  out[1] = table.concat(h, ",")
  for _, r in ipairs(t.rows) do
    local cells = {}
    for c = 1, #t.columns do cells[c] = csv_cell(r[c]) end
    out[#out + 1] = table.concat(cells, ",")
  end
  return table.concat(out, "\r\n") .. "\r\n"
end

function M.write_csv_dir (dir, tables)
  local ok, err = lore.sys.mkdir(dir)
  if not ok then error("cannot create " .. dir .. ": " .. tostring(err), 0) end
  -- every table written to its temporary file first, then all renamed:
  -- a failure leaves the previous set, not a mix of old and new files
  local outs = {}
  local ok2, err2 = pcall(function ()
    for _, t in ipairs(tables) do
      local o = util.output(dir .. "/" .. t.name .. ".csv")
      outs[#outs + 1] = o
      o:write(M.table_csv(t))
    end
  end)
  if not ok2 then
    for _, o in ipairs(outs) do o:abort() end
    error(err2, 0)
  end
  for _, o in ipairs(outs) do o:commit() end
end

-- The common output options of the scripts.
M.OUTPUT_OPTIONS = {
  {nil, "--json", arg = "FILE", key = "json",
   help = "write the result tables as JSON to FILE (- for standard output)"},
  {nil, "--csv", arg = "DIR", key = "csv", help = "write the result tables as DIR/TABLE.csv"},
  {"-w", "--width", arg = "N", key = "width", number = true,
   help = "width of the terminal output (default 100)"},
  {nil, "--boilerplate", key = "boilerplate",
   help = "keep spans inside boilerplate (left out by default)"},
  {nil, "--no-boilerplate", key = "no_boilerplate",
   help = "leave out spans inside boilerplate (the default)"},
}

function M.options (own)
  local out = {}
  for _, o in ipairs(own or {}) do out[#out + 1] = o end
  for _, o in ipairs(M.OUTPUT_OPTIONS) do out[#out + 1] = o end
  return out
end

-- check() of a script: --no-boilerplate wins over --boilerplate.
function M.check (opts)
  if opts.no_boilerplate then opts.boilerplate = nil end
end

-- finish() of a script: export with --json/--csv, else print.
-- S.tables(res, opts) -> tables; S.print(res, opts, p) prints to p.
function M.finish (S, state, opts)
  M.check(opts)
  local res = S.result(state, opts)
  local exported = false
  if opts.json then
    util.write_file(opts.json, M.tables_json(S.name, S.tables(res, opts)) .. "\n")
    exported = true
  end
  if opts.csv then
    M.write_csv_dir(opts.csv, S.tables(res, opts))
    exported = true
  end
  if not exported then
    local p = M.printer(opts)
    S.print(res, opts, p)
    p.flush()
  end
  return 0
end

-- }======================================================================

package.loaded["lore.scripts:" .. LIBDIR .. "common.lua"] = M
return M
