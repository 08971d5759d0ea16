-- rules/figures.lua: the figures an article claims -- money, percentages,
-- counted quantities, dates, durations and ordinals -- with their values
-- normalised so that scripts can compare them across articles.
--
-- Layer `figures`, label key `kind`: money percent quantity date duration
-- ordinal. Attributes:
--   value    the number with its scale applied (190000000000 for "$190
--            billion"); for dates an ISO string resolved against the
--            document date (doc.meta.date): "2023", "2022-02", "2023-10-18",
--            "2023-10-17TNI" (Tuesday night: TMO TAF TEV TNI), "2023-W42"
--            (this week), "199" (the 1990s; "a decade ago" in 2025 ->
--            "201", "a century ago" -> "19": "N units ago" keeps the
--            resolution of its unit), "2022/2023" (a range), "2024-Q3" (a
--            quarter), "2024-SU" (a season: SP SU FA WI), "XXXX-10-07" (no
--            year and no document date); a month or weekday without a year
--            lies ahead in future tense, behind when its clause has a verb
--            in the past, else it is the nearer one; null when vague
--            ("hundreds", "the coming weeks") or when a relative date has
--            no document date; money in pence or cents is in units (12.3p
--            -> 0.123)
--   unit     money: ISO 4217 code; quantity: the counted noun as written
--            ("heads of state") or the unit of measurement ("km/h", "C" in
--            "44C", data/figures_units.tsv); duration: the time unit as
--            written ("days", "day" in "two-day"); percent: "percentage
--            points" or null
--   approx   the qualifier before the span ("more than", "about", "some",
--            "just over", ... from data/figures_approx.txt) or null; "a record
--            $190 billion" has none (the gold's reading: the amount is exact)
--   subject  what a money or percent figure is about when the sentence says
--            it ("trade" in "bilateral trade reaching $240 billion") or null
--   context  the sentence
--   max      the upper bound of a range ("$10-20 billion", "between 3% and
--            5%"), else absent
--
-- Data: data/figures_currencies.tsv, figures_units.tsv, figures_nouns.txt
-- (irregular and multi-word counted nouns), figures_notnouns.txt,
-- figures_approx.txt, figures_over.txt, figures_subject.tsv. Months,
-- weekdays, seasons and number words are kept here.
--
-- How it stays cheap: one token scan per document finds the anchors
-- (number and currency tokens; a closed set of words: number and ordinal
-- words, months, weekdays, year/week/month/decade/century, seasons, Q1-Q4,
-- coming/recent/few/several, currency codes), read as flat offsets (lore.rules.tokenset). Lua runs only on
-- those anchors and reads the text around them with anchored string.find
-- calls and lore.rules.word_before / word_after (one C call for the word
-- before or after a position); numbers are parsed by the C parser
-- (lore.rules.number: its flags as bits, no table per number); lower-case
-- forms are remembered; sentences are found by a walk over their offsets.
-- The six rules share one pass per document (figures_of), which keeps the
-- figures as columns (no table per figure) and adds the spans itself, all
-- in one C call (lore.rules.add; doc:add per figure where lore.rules is
-- out of reach (primitives = false), where the same code runs on pure-Lua
-- fallbacks), rather than returning matches to an action: that saves a
-- Lua call and tables per figure. The engine still resolves the layer and
-- removes spans inside boilerplate.

phase "figures"
layer("figures", {policy = "longest", label_key = "kind", exclude = {"boilerplate"},
                  labels = {"money", "percent", "quantity", "date", "duration", "ordinal"}})

local byte, sub, find, match, lower, upper, gsub, fmt =
  string.byte, string.sub, string.find, string.match, string.lower, string.upper, string.gsub,
  string.format
local max, mtype, tonumber = math.max, math.type, tonumber

-- lore.rules (C primitives for rules), unless out of reach (primitives = false).
local P = require "lib.util"
local RULES = P.rules

-- Absent values must be written as JSON null, but span attributes cannot be
-- nil (a nil attribute is simply not stored) and lore.json.null is not an
-- accepted attribute value. NaN is stored as a number and the JSON writer
-- writes non-finite numbers as null, so NaN stands for null here. (In Lua,
-- test absence with `v ~= v`.)
local NULL = 0 / 0

-- Numbers: lore.rules.number gives lore.number's info as bits, not a table
-- made (and collected) per anchor; the same from lore.number without
-- lore.rules.
local NUMERAL, WORDS, ORDINAL, SCALED, VAGUE, FRACTION = 1, 2, 4, 8, 32, 64
local number = RULES and RULES.number or function (s, init)
  local v, stop, info = lore.number(s, init)
  if not v then return nil end
  local f = (info.numeral and NUMERAL or 0) | (info.words and WORDS or 0)
    | (info.ordinal and ORDINAL or 0) | (info.scaled and SCALED or 0)
    | (info.vague and VAGUE or 0) | (info.fraction and FRACTION or 0)
  return v, stop, f, info.scale
end

-- {======================================================================
-- Data
-- =======================================================================

-- Lines of a data file split on TAB: list of field lists.
local function rows (path)
  local out = {}
  for line in pairs(words(path)) do
    local f = {}
    for x in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = x end
    out[#out + 1] = f
  end
  return out
end

-- Currencies: CUR_PRE[symbol or code] = code; CUR_POST[lower-case words] =
-- {code=, scaled=}; CUR_POST_FIRST[first word] = longest form in words.
local CUR_PRE, CUR_POST, CUR_POST_FIRST = {}, {}, {}
for _, r in ipairs(rows("data/figures_currencies.tsv")) do
  local form, code, where = r[1], r[2], r[3]
  if where == "pre" then CUR_PRE[form] = code
  else
    form = lower(form)
    CUR_POST[form] = {code = code, scaled = where == "scaled", cents = where == "cents"}
    local first = match(form, "^(%S+)")
    local n = select(2, gsub(form, " ", "")) + 1
    if n > (CUR_POST_FIRST[first] or 0) then CUR_POST_FIRST[first] = n end
  end
end

local NOUNS, MULTI = {}, {}            -- MULTI[first word] = list of phrases
for w in pairs(words("data/figures_nouns.txt", {lower = true})) do
  local first = match(w, "^(%S+) ")
  if first then
    MULTI[first] = MULTI[first] or {}
    table.insert(MULTI[first], w)
  else
    NOUNS[w] = true
  end
end
for _, l in pairs(MULTI) do table.sort(l, function (a, b) return #a > #b end) end

local NOTNOUN = words("data/figures_notnouns.txt", {lower = true})

-- Units of measurement: UNITS[form] = true (after a space or glued) or
-- "glued" (glued only: "44C").
-- UNIT_WORD: the letters a unit after a space begins with, as word_after
-- reads them ("km" of "km/h"); units of other bytes ("°C") begin with 194.
local UNITS, UNIT_WORD = {}, {}
for _, r in ipairs(rows("data/figures_units.tsv")) do
  UNITS[r[1]] = r[2] == "glued" and "glued" or true
  local w = match(r[1], "^%a+")
  if w then UNIT_WORD[w] = true end
end

local APPROX, APPROX_LAST = words("data/figures_approx.txt", {lower = true}), {}
for k in pairs(APPROX) do APPROX_LAST[match(k, "(%S+)$")] = true end

-- Words before "over" that make it a preposition ("jailed over", "a row
-- over"), not "more than".
local OVER_PREP = words("data/figures_over.txt", {lower = true})

local LINK, OFNOUN, DROP, HEAD, NOTSUBJ, SKIPV, BASE = {}, {}, {}, {}, {}, {}, {}
do
  local kinds = {link = LINK, of = OFNOUN, head = HEAD, ["not"] = NOTSUBJ, skip = SKIPV,
                 base = BASE}
  for _, r in ipairs(rows("data/figures_subject.tsv")) do (kinds[r[2]] or DROP)[r[1]] = true end
end

-- Closed classes, kept here: they are part of the grammar.
local MONTHS = {
  January = 1, February = 2, March = 3, April = 4, May = 5, June = 6, July = 7,
  August = 8, September = 9, October = 10, November = 11, December = 12,
}
local MONTH_ABBR = {
  ["Jan."] = 1, ["Feb."] = 2, ["Mar."] = 3, ["Apr."] = 4, ["Jun."] = 6, ["Jul."] = 7,
  ["Aug."] = 8, ["Sep."] = 9, ["Sept."] = 9, ["Oct."] = 10, ["Nov."] = 11, ["Dec."] = 12,
}
local WEEKDAYS = {Monday = 1, Tuesday = 2, Wednesday = 3, Thursday = 4, Friday = 5,
                  Saturday = 6, Sunday = 7}
local DAYPARTS = {morning = "MO", afternoon = "AF", evening = "EV", night = "NI"}
local TIME_UNITS = {
  second = true, seconds = true, minute = true, minutes = true, hour = true, hours = true,
  day = true, days = true, week = true, weeks = true, fortnight = true, fortnights = true,
  month = true, months = true, year = true, years = true, decade = true, decades = true,
  century = true, centuries = true, millennium = true, millennia = true,
  quarter = true, quarters = true,
}
-- Words between a number and its time unit that keep it a duration ("20
-- consecutive days", "three straight years", "five working days").
local DUR_ADJ = {consecutive = true, straight = true, successive = true, working = true,
  business = true, trading = true, full = true, calendar = true}
-- Rates after a counted noun ("barrels a day", "tonnes per year"): the
-- singular time unit.
local RATE_UNIT = {day = true, week = true, month = true, year = true, hour = true,
  annum = true, quarter = true, minute = true, second = true}
-- Indian scale words ("5 crore", "3 lakh"), and those before a scale word
-- that leave the amount vague ("several billion pounds").
local INDIAN_SCALE = {lakh = 1e5, lakhs = 1e5, crore = 1e7, crores = 1e7}
local VAGUE_BEFORE = {several = true, many = true, few = true}
-- Time words that anchor a figure without a number ("last year", "the past
-- decade", "a century", "yesterday").
local TIME_WORD = {year = true, week = true, month = true, decade = true, century = true,
                   yesterday = true, today = true, tomorrow = true}
-- Words of vague spans of time ("in the coming weeks", "recent years",
-- "a few hours", "several months", "the past few days"), and the plural
-- time units after them.
local VAGUE_TIME = {coming = true, recent = true, few = true, several = true}
local PLURAL_TIME = {hours = true, days = true, weeks = true, months = true, years = true,
                     decades = true}
-- Seasons ("this summer", "by the autumn", "summer 2022"): TIMEX codes, and
-- a month in each for the year of a season without one; the words before
-- a season that make it a date.
local SEASONS = {spring = {"SP", 4}, summer = {"SU", 7}, autumn = {"FA", 10}, winter = {"WI", 12}}
-- ("in summer" alone is any summer)
local SEASON_BEFORE = {}
for w in ("last this next the early late mid"):gmatch("%S+") do SEASON_BEFORE[w] = true end
-- Quarters of a year ("Q3", "Q1 next year", "Q4 2024").
local QUARTERS = {Q1 = 1, Q2 = 2, Q3 = 3, Q4 = 4}
local NUMBER_WORDS = {
  "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
  "ninety", "hundred", "thousand", "million", "billion", "trillion", "dozen",
  "hundreds", "thousands", "millions", "billions", "dozens", "tens",
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
  "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
  "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth",
}
local SCALE_WORD = {hundred = true, thousand = true, million = true, billion = true,
                    trillion = true, dozen = true}
-- Words before a number or a weekday that do not make it part of a name,
-- and that end a noun phrase read backwards.
local FUNCTION_WORDS = {}
for w in ([[on in at by of for from to since until till through between and or but
  the a an this that these those last next past previous coming every each some about
  around over under nearly almost more than less fewer just only up least most
  early late mid earlier later before after during within per as with without into
  is was are were be been had has have will would said says told say also then than
  killing killed including include includes among approximately roughly
  record estimated another further other his her its their our your my
  when while where if once twice]]):gmatch("%S+") do FUNCTION_WORDS[w] = true end
-- Capitalised words before a month that leave it a date ("Throughout
-- March"); other capitalised words make it a name ("Long March 10").
local MONTH_OK = {throughout = true, come = true, ["end"] = true, beginning = true,
  ["start"] = true, ["middle"] = true, ["then"] = true}
-- Words before "May" that make it the month.
local MAY_PREPS = {}
for w in ("in on of since until till by from before after during through early late mid "
          .. "last next this"):gmatch("%S+") do MAY_PREPS[w] = true end

-- The anchor scan: number and currency tokens; the words above. One scan
-- gives them all in document order: lore.rules.tokenset (a hashed set,
-- tried after a test of length, first and last byte: cheaper than a token
-- pattern testing a set on every word), or the same token pattern without
-- lore.rules.
local anchor_words = {}
local function add_anchor (w)
  anchor_words[#anchor_words + 1] = w
  local cap = upper(sub(w, 1, 1)) .. sub(w, 2)
  if cap ~= w then anchor_words[#anchor_words + 1] = cap end
end
for _, w in ipairs(NUMBER_WORDS) do add_anchor(w) end
for w in pairs(TIME_WORD) do add_anchor(w) end
for w in pairs(VAGUE_TIME) do add_anchor(w) end
for w in pairs(SEASONS) do add_anchor(w) end
for w in pairs(QUARTERS) do anchor_words[#anchor_words + 1] = w end
for w in pairs(MONTHS) do anchor_words[#anchor_words + 1] = w end
for w in pairs(MONTH_ABBR) do anchor_words[#anchor_words + 1] = w end
for w in pairs(WEEKDAYS) do anchor_words[#anchor_words + 1] = w end
for w in pairs(CUR_PRE) do
  if match(w, "^%a[%a%.]*$") then anchor_words[#anchor_words + 1] = w end
end
table.sort(anchor_words)
local ANCHORS
if RULES then
  ANCHORS = RULES.tokenset(anchor_words, {kind = "word", kinds = {"number", "currency"}})
else
  local quoted = {}
  for i, w in ipairs(anchor_words) do quoted[i] = '"' .. w .. '"' end
  ANCHORS = pattern("[number | currency | word & text={" .. table.concat(quoted, " ") .. "}]")
end

-- {======================================================================
-- Calendar arithmetic (days since 1970-01-01, proleptic Gregorian)
-- =======================================================================

-- lore.date counts days since 1970-01-01; a month or day out of range (a
-- malformed document date, "October 35") gives nil here, not an error.
local DATE = lore.date

local function days_from_civil (y, m, d)
  if m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  return DATE.days(y, m, d)
end

local civil_from_days, iso_weekday = DATE.civil, DATE.weekday

local function iso_week (z)
  return fmt("%04d-W%02d", DATE.iso_week(z))
end

local function ymd (z)
  local y, m, d = civil_from_days(z)
  return fmt("%04d-%02d-%02d", y, m, d)
end

local function month_days (y, m)
  return (m >= 1 and m <= 12) and DATE.month_days(y, m) or 0
end

local function date_value (y, m, d)
  if d then
    if d < 1 or d > (y and month_days(y, m) or 31) then return nil end
    return y and fmt("%04d-%02d-%02d", y, m, d) or fmt("XXXX-%02d-%02d", m, d)
  end
  return y and fmt("%04d-%02d", y, m) or fmt("XXXX-%02d", m)
end

-- {======================================================================
-- Per-document state (set by figures_of)
-- =======================================================================

local T, TLEN, R         -- the document text, its length, the text reversed
local DOC                -- the document
local DZ, DY, DM         -- the document date as a day number, year, month (or nil)
local YEN                -- "¥" means yuan in this document
local SS, SE, STEXT      -- the last sentence looked up: [SS, SE), its text
local SOFF, SK           -- the sentences: flat {start1, stop1, ...}; the last one found
-- The figures found, as columns (no table per figure): figure i is
-- [O_ST[i], O_SP[i]) (0-based), kind O_LAB[i], attributes value, unit,
-- approx, subject, context, max (nil when absent), and O_BARE[i] (a bare
-- scaled amount, which may take the currency of money nearby).
local NOUT, COVER = 0, 0 -- figures found; end of the last one (1-based)
local O_ST, O_SP, O_LAB, O_VAL, O_UNIT, O_APPROX, O_SUBJ, O_CTX, O_MAX, O_BARE =
  {}, {}, {}, {}, {}, {}, {}, {}, {}, {}
local O_RULE = {}        -- the rule ids, filled at the end

-- The sentence holding offset s0 (0-based): start, stop, text. Figures come
-- in document order, so one lookup serves the figures of a sentence. (The
-- sentence of the token at or after s0, as doc:sentence_at: the first
-- sentence ending after s0.)
local function sentence (s0)
  if s0 >= SS and s0 < SE then return SS, SE, STEXT end
  local o = SOFF
  if not o then o = DOC:offsets("sentences"); SOFF = o; SK = 1 end
  -- the first sentence ending after s0: a walk from the last one found
  -- (lookups come nearly in document order, so it takes a step or two; no
  -- table of the ends to build, no binary search)
  local n, k = #o // 2, SK
  if k > 1 and o[2 * k - 2] > s0 then
    -- back (the subjects, after the last figure): a binary search, in C
    -- where lore.rules is (the last offset <= s0: a start inside its
    -- sentence, or an end before the next one)
    local j = P.bisect(o, s0 + 1)
    k = j // 2 + 1
  end
  while k <= n and o[2 * k] <= s0 do k = k + 1 end
  if k > n then return 0, TLEN, "" end
  SK = k
  SS, SE = o[2 * k - 1], o[2 * k]
  STEXT = sub(T, SS + 1, SE)
  return SS, SE, STEXT
end

-- Lower-case forms, remembered: the same few words come back again and
-- again around the anchors, and a table lookup is cheaper than a call of
-- string.lower. (Forgotten every 4096 new words: the memory stays bounded.)
local NLC = 0
local LC = setmetatable({}, {__index = function (t, w)
  if NLC >= 4096 then
    for k in pairs(t) do t[k] = nil end
    NLC = 0
  end
  local l = lower(w)
  t[w] = l
  NLC = NLC + 1
  return l
end})

-- {======================================================================
-- Reading around a position (1-based byte positions into T)
-- =======================================================================

-- The word right before position p, separated from it by spaces (or
-- ending right at p - 1 when glued): word as written, its start. Words
-- hold letters, digits, '.', '\'' and inner '-'. lore.rules.word_before
-- reads it backwards in C; without lore.rules, one anchored find on the
-- reversed text R does it.
local word_before
local function word_before_lua (_, p, glued)   -- (T, p, glued)
  local r = TLEN - p + 2                  -- index in R of T[p - 1]
  local _, e, ws
  if glued then _, e, ws = find(R, "^()[%w%.'%-]+", r)
  else _, e, ws = find(R, "^ +()[%w%.'%-]+", r) end
  if not e then return nil end
  local ts = TLEN - e + 1
  if byte(T, ts) == 45 then return nil end
  return sub(T, ts, TLEN - ws + 1), ts
end
word_before = RULES and RULES.word_before or word_before_lua

-- The word right after position p (p is the first byte after what came
-- before), separated by spaces: word, start, end (inclusive); without a
-- closing apostrophe ("countries'") or a sentence period. In C
-- (lore.rules.word_after), or in Lua without lore.rules.
local function word_after_lua (_, p)     -- (T, p)
  local _, e, s, w = find(T, "^ +()(%a[%a%.']*)", p)
  if not e then return nil end
  local last = byte(w, #w)
  if last == 39 or last == 46 then
    while byte(w, #w) == 39 do w = sub(w, 1, -2); e = e - 1 end  -- "countries'"
    if byte(w, #w) == 46 and not find(w, "^%a%.") then   -- sentence period
      w = sub(w, 1, -2); e = e - 1
    end
  end
  return w, s, e
end
local word_after = RULES and RULES.word_after or word_after_lua

-- The approximation qualifier before position p: text or NULL.
local function approx_before (p)
  local w1, s1 = word_before(T, p)
  if not w1 then return NULL end
  w1 = LC[w1]
  if not APPROX_LAST[w1] then return NULL end
  local w2, s2 = word_before(T, s1)
  if w2 then
    w2 = LC[w2]
    local w3 = word_before(T, s2)
    if w3 then
      local k = LC[w3] .. " " .. w2 .. " " .. w1
      if APPROX[k] then return k end
    end
    local k = w2 .. " " .. w1
    if APPROX[k] then return k end
  end
  if APPROX[w1] then
    -- "over" as a preposition: "jailed over £30m", "a row over $2bn", "six
    -- years over a $5m fraud" (right after another figure)
    if w1 == "over" and ((w2 and OVER_PREP[w2]) or (NOUT > 0 and O_SP[NOUT] == s1 - 2)) then
      return NULL
    end
    return w1
  end
  return NULL
end

-- Is word w (as written) a counted noun in the plural?
local function plural_noun (w)
  local l = LC[w]
  if NOUNS[l] then return true end
  local n = #l
  -- "salespeople", "gunmen", "servicewomen"
  local last = byte(l, n)
  if last ~= 115 then                                    -- not ending with s
    if n >= 6 and (last == 101 and find(l, "people$") or last == 110 and find(l, "[^a]men$"))
       and find(w, "^%l") then
      return not NOTNOUN[l]
    end
    return false
  end
  if n < 3 or NOTNOUN[l] then return false end
  local p = byte(l, n - 1)
  local b = byte(w, 1)
  if b >= 65 and b <= 90 then                            -- Gazans, Israelis, CEOs
    if find(w, "^%u+s$") then return n <= 6 end
    return (p == 110 or p == 105 or p == 101) and not find(w, "^%u%u")
  end
  return p ~= 115 and p ~= 117 and p ~= 105 and p ~= 39  -- not -ss -us -is 's
end

-- A modifier that may stand between a number and its noun ("130 developing
-- countries", "3,000 Palestinian civilians").
local function modifier (w)
  local l = LC[w]
  if NOTNOUN[l] or FUNCTION_WORDS[l] or TIME_UNITS[l] or MONTHS[w] then return false end
  return not find(l, "ly$")
end

-- The counted noun after position p: unit text, end position (inclusive).
-- Up to two modifiers before a plural noun; multi-word nouns from the data.
local function counted_noun (p, w, s, e)
  if not w then w, s, e = word_after(T, p) end
  if not w then return nil end
  local first = s
  for _ = 1, 3 do
    local l = LC[w]
    local multi = MULTI[l]
    if multi then
      local rest = lower(sub(T, s, s + 40))
      for _, phrase in ipairs(multi) do
        if sub(rest, 1, #phrase) == phrase and not find(rest, "^%a", #phrase + 1) then
          if sub(phrase, -3) == " of" then         -- "tons of" + noun
            local w2, _, e2 = word_after(T, s + #phrase)
            if w2 then return sub(T, first, e2), e2 end
            return nil
          end
          return sub(T, first, s + #phrase - 1), s + #phrase - 1
        end
      end
    end
    if plural_noun(w) then return sub(T, first, e), e end
    if TIME_UNITS[l] or not modifier(w) then return nil end
    -- a compound modifier: "600,000 first-time voters", "300 low-lying homes"
    if byte(T, e + 1) == 45 then
      local _, he = find(T, "^%-%l+", e + 1)
      if he then e = he end
    end
    w, s, e = word_after(T, e + 1)
    if not w then return nil end
  end
  return nil
end

-- A currency word (or words) after position p whose first word is w:
-- code, end, scaled-only.
local function currency_after (p, w, e)
  local key = LC[w]
  local maxw = CUR_POST_FIRST[key]
  if not maxw then return nil end
  local best, bend
  local c = CUR_POST[key]
  if c then best, bend = c, e end
  local last = e
  for _ = 2, maxw do
    local w2, _, e2 = word_after(T, last + 1)
    if not w2 then break end
    key = key .. " " .. LC[w2]
    last = e2
    c = CUR_POST[key]
    if c then best, bend = c, e2 end
  end
  if best then return best.code, bend, best.scaled, best.cents end
  return nil
end

-- An amount in hundredths (pence, cents) in whole units: 12.3 -> 0.123.
local function cents (v)
  local cv = v / 100
  if mtype(v) == "float" then cv = tonumber(fmt("%.12g", cv)) end
  return cv
end

-- Does the sentence speak of the future at position s1 (a weekday or a
-- month without a year)? A scheduling verb right before ("comes Saturday"),
-- or a future cue before it with no past speech verb after the last cue.
-- (The word cues share one pair of \b: the same matches as one \b pair per
-- cue, in a third of the time.)
local FUTURE = lore.regex("\\b(?:will|would|upcoming|plans? to|(?:is|are)(?: \\w+ly)? (?:due|set to|"
  .. "scheduled|expected|to|going to|forecast|likely|poised|slated)|to be held|to attend|expects?|"
  .. "scheduled for|ahead of|(?:could|might|may|should|shall)(?! not| have| well have)|(?:aims?|hopes?|"
  .. "intends?|wants?|seeks?|forecast|predicted|projected|likely|poised|on track|set) to)\\b|['’]ll\\b")
-- (a relative clause after the cue has its own tense: "X will get ..., which
-- lost in June")
local PAST = lore.regex("\\b(?:said|told|announced|reported|was|were|had|met)\\b|,\\s*(?:which|who)\\b")
local SCHEDULE_VERBS = {comes = true, begins = true, starts = true, opens = true, ends = true,
  closes = true, resumes = true, expires = true, arrives = true, departs = true}

-- Words that make the date after them a deadline or the end of a period,
-- which lies ahead: "until Friday", "till the end of June", "by the end of
-- March" ("by" alone is also a past "by March, 500 had died"); the words
-- stepped over between them and the date.
local DEADLINE = {["until"] = true, till = true, ["'til"] = true, deadline = true}
local DEADLINE_STEP = {the = true, ["end"] = true, start = true, beginning = true, middle = true,
  close = true, of = true, early = true, late = true, mid = true, ["mid-"] = true}
local function deadline_before (s1)
  local w, ws = word_before(T, s1)
  if not w and byte(T, s1 - 1) == 45 then w, ws = word_before(T, s1 - 1, true) end  -- "mid-July"
  local by_ok = false
  for _ = 1, 5 do
    if not w then return false end
    local l = LC[w]
    if DEADLINE[l] then return true end
    -- the end of a period: "the year to March 31", "the three months to June"
    if l == "to" then
      local w2 = word_before(T, ws)
      w2 = w2 and LC[w2]
      return w2 ~= nil and (TIME_UNITS[w2] or w2 == "period") and "to" or false
    end
    if l == "by" then return by_ok end
    if not DEADLINE_STEP[l] then return false end
    if l == "end" or l == "start" or l == "beginning" or l == "middle" or l == "close" then
      by_ok = true
    end
    w, ws = word_before(T, ws)
  end
  return false
end

-- The verb of the date's own clause in the future, at most three words
-- after it, no conjunction between: "the election on May 4 will decide",
-- "talks in June with Iran are expected to" (not "re-elected in March and
-- will go").
local FUTURE_AFTER = lore.regex("^(?: (?!(?:and|but|or|while|when|as|after|before|because|since|"
  .. "which|who|that|then|until|if)\\b)[\\w'’\\-]+){0,3} (?:will|(?:is|are) (?:due|set|scheduled|"
  .. "expected|going) to)\\b")

local PAST_STATE = lore.regex("\\b(?:was|were|had)\\b")

-- A verb in the past: irregular forms, "has risen", and words in -ed that
-- are no passive after "is"/"be" and no adjective of planning ("expected"):
-- the regex finds the candidates, past_in weeds out the -ed words.
local PAST_VERB = lore.regex("\\b(?:was|were|had|did|said|told|met|went|came|took|gave|made|lost|"
  .. "won|fell|rose|began|saw|held|left|sent|spent|sold|bought|brought|thought|found|became|grew|"
  .. "knew|ran|paid|led|fled|kept|broke|spoke|wrote|drove|chose|flew|stood|struck|shot|sought|"
  .. "fought|threw|sank|shook|drew|froze|hid|felt|heard|built|caught|taught|tore|ago|earlier|"
  .. "(?:has|have)(?: not| \\w+ly)? (?:been|risen|fallen|grown|taken|given|seen|shown|gone|come|"
  .. "done|begun|become|won|lost|hit|cut|set|put|spent|paid|made)|[a-z]{2,}[^e\\W]ed)\\b")
local ED_NOT, BE_WORDS = {}, {}
for w in ("expected scheduled planned proposed slated intended needed based named called related "
          .. "concerned interested supposed required aimed designed unexpected unprecedented "
          .. "detailed advanced limited united hundred"):gmatch("%S+") do ED_NOT[w] = true end
for w in ("is are be been being"):gmatch("%S+") do BE_WORDS[w] = true end

-- The first past verb at or after offset init (0-based) in the document:
-- start, end (0-based, end exclusive), or nil. Read with the regex over the
-- document itself (no substring made; the document, not its text as a Lua
-- string, which the regex would check for valid UTF-8 at each call); the
-- last answer is kept, and the questions come in document order, so the
-- text is scanned about once.
local PV_INIT, PV_A, PV_B = 0, -1, -1
local function next_past (init)
  if init >= PV_INIT and init <= PV_A then
    if PV_A == math.huge then return nil end
    return PV_A, PV_B
  end
  local p = init
  while true do
    local a, b = PAST_VERB:find(DOC, p)
    if not a then PV_INIT, PV_A, PV_B = init, math.huge, math.huge return nil end
    local w = sub(T, a + 1, b)
    if b - a < 5 or byte(w, #w) ~= 100 or byte(w, #w - 1) ~= 101 or find(w, " ", 1, true)
       or not (ED_NOT[w] or BE_WORDS[LC[word_before(T, a + 1) or ""]]) then
      PV_INIT, PV_A, PV_B = init, a, b   -- an irregular form, "has risen", a past in -ed
      return a, b
    end
    p = b
  end
end

-- Clause boundaries in a sentence ("and" before a lower-case word: not
-- "Medicines and Healthcare"); the first at or after init, kept as above.
local CLAUSE_NEXT = lore.regex("[,;:\"“”]|\\b(?:and(?= [a-z])|but|while|whereas)\\b")
local CB_INIT, CB_A, CB_B = 0, -1, -1
local function next_boundary (init)
  if init >= CB_INIT and init <= CB_A then return CB_A, CB_B end
  local a, b = CLAUSE_NEXT:find(DOC, init)
  if not a then a, b = math.huge, math.huge end
  CB_INIT, CB_A, CB_B = init, a, b
  return a, b
end

-- Is the clause of the date [s1, e1] in the past? Its words from the last
-- clause boundary before the date to the first after it; a short opening
-- phrase ("On Wednesday, ...", "Back in November, ...") takes the tense of
-- the clause after it.
local function past_clause (s1, e1)
  local ss, se = sentence(s1 - 1)
  local cs, opening = ss, true             -- the clause's start (0-based)
  while true do
    local _, b = next_boundary(cs)
    if b > s1 - 1 then break end
    cs, opening = b, false
  end
  local a, b = next_past(cs)
  if a and b <= s1 - 1 then return true end
  local na, nb = next_boundary(e1)
  local ce = na < se and na or se           -- the clause's end
  if a and a >= e1 and b <= ce then return true end
  if a and a < e1 then a, b = next_past(e1) if a and b <= ce then return true end end
  if opening and na == e1 and byte(T, e1 + 1) == 44 and P.nwords(T, cs + 1, s1 - 1) <= 3 then
    local na2 = next_boundary(nb)
    local ce2 = na2 < se and na2 or se
    a, b = next_past(nb)
    if a and b <= ce2 then return true end
  end
  return false
end

-- "since August", "since the end of March": the past
local function since_before (s1)
  local w, ws = word_before(T, s1)
  if not w and byte(T, s1 - 1) == 45 then w, ws = word_before(T, s1 - 1, true) end  -- "mid-July"
  for _ = 1, 4 do
    if not w then return false end
    local l = LC[w]
    if l == "since" then return true end
    if not DEADLINE_STEP[l] then return false end
    w, ws = word_before(T, ws)
  end
  return false
end

-- A date after a deadline word: "ahead" (the next such date), or
-- "nearest" (the nearer one, ahead or back) when its clause is in the past,
-- which may be a state that ended ("schools were shut until March") or
-- reported speech ("warned cuts were possible until August"); else nil.
local function deadline_mode (s1, e1)
  local dl = deadline_before(s1)
  if not dl then return nil end
  if dl == "to" then return past_clause(s1, e1 or s1) and "nearest" or "ahead" end
  local ss = sentence(s1 - 1)
  local clause = s1 - 1 > ss and match(sub(T, ss + 1, s1 - 1), "([^,;:]*)$") or ""
  return PAST_STATE:find(clause) and "nearest" or "ahead"
end

local function future_tense (s1, e1)
  local w, ws = word_before(T, s1)
  if w and LC[w] == "on" then w = word_before(T, ws) end
  if w and SCHEDULE_VERBS[LC[w]] then return true end
  local ss, se = sentence(s1 - 1)
  if e1 and e1 < se then
    -- (four words at most: 60 bytes; a plain find of the cues first)
    local post = sub(T, e1 + 1, e1 + 60 < se and e1 + 60 or se)
    if find(post, "will", 1, true) or find(post, " is ", 1, true) or find(post, " are ", 1, true) then
      local a, b = FUTURE_AFTER:find(post)
      if a and not PAST:find(sub(post, 1, b)) then return true end
    end
  end
  if s1 - 1 <= ss then return false end
  local pre = sub(T, ss + 1, s1 - 1)
  local a, b = FUTURE:find(pre)
  if not a then return false end
  while true do                            -- the last cue
    local a2, b2 = FUTURE:find(pre, b)
    if not a2 then break end
    a, b = a2, b2
  end
  return not PAST:find(pre, a)
end

-- {======================================================================
-- Figures
-- =======================================================================

-- Record a figure [s1, e1] (1-based inclusive) in the columns: its index,
-- or nil when it overlaps the previous figure.
local function emit (kind, s1, e1, value, unit, approx, vmax)
  if s1 <= COVER then return nil end
  local _, _, ctx = sentence(s1 - 1)
  local i = NOUT + 1
  NOUT = i
  O_ST[i], O_SP[i], O_LAB[i], O_CTX[i], O_MAX[i] = s1 - 1, e1, kind, ctx, vmax
  O_VAL[i], O_UNIT[i], O_APPROX[i], O_SUBJ[i] = value == nil and NULL or value, unit or NULL,
                                                 approx or NULL, NULL
  COVER = e1
  return i
end

local function year_of (v) return mtype(v) == "integer" and v >= 1000 and v <= 2199 end

-- The year of the nearest such month (or day) to the document date; ties
-- go to the past.
local function nearest_year (m, d)
  local best, bd
  for y = DY - 1, DY + 1 do
    local dist
    if d then
      local zy = days_from_civil(y, m, d)
      dist = zy and math.abs(zy - DZ)
    else dist = math.abs(12 * (y - DY) + m - DM) end
    if dist and (not bd or dist < bd) then best, bd = y, dist end
  end
  return best or DY
end

-- A month (and maybe day) without a year: the document year, or the one
-- before if that would be in the future (the one after in future tense,
-- the nearest when the clause says nothing of the past).
local function infer_year (m, d, s1, e1)
  if not DY then return nil end
  local z = d and days_from_civil(DY, m, d)
  local dl = deadline_mode(s1, e1)
  if dl == "nearest" then return nearest_year(m, d) end
  if dl == "ahead" or future_tense(s1, e1) then
    if (z and z < DZ) or (not d and m < DM) then
      -- a forecast of a month just gone ("expect jobs data for July")
      if not d and not dl and (DM - m) % 12 <= 2 then return DY end
      return DY + 1
    end
    return DY
  end
  local past = ((z and z > DZ) or (not d and m > DM)) and DY - 1 or DY
  -- the same date a year on is nearer (then the nearest, unless the clause
  -- is in the past)?
  local nearer
  if d then
    local za = (z and z > DZ) and z or days_from_civil(DY + 1, m, d)
    local zb = (z and z <= DZ) and z or days_from_civil(DY - 1, m, d)
    nearer = za and zb and za - DZ < DZ - zb
  else
    local f = (m - DM) % 12
    nearer = f >= 1 and f <= 5
  end
  if not nearer or since_before(s1) or past_clause(s1, e1) then return past end
  return past + 1
end

-- A modifier before a date that belongs to its span: "mid-March",
-- "mid-2025", "late 2026", "early August", "fiscal 2025" (with fiscal):
-- the new start. lw, ws: the word before s1 (lower case) and its start,
-- which the caller has read.
local function date_mod (s1, lw, ws, fiscal)
  if lw then
    if (lw == "early" or lw == "late" or lw == "mid" or (fiscal and lw == "fiscal"))
       and ws > COVER then
      return ws
    end
  elseif byte(T, s1 - 1) == 45 then
    local w, ws2 = word_before(T, s1 - 1, true)
    if w and LC[w] == "mid" and ws2 > COVER then return ws2 end
  end
  return s1
end

-- A month at [s1, e1] (number m): "October 7", "October 7, 2023", "February
-- 2022", "March", "last October"; day-first ("7 October") when ds1/d are
-- given; abbr: "Oct." needs a day.
local function month_date (s1, e1, m, ds1, d, abbr)
  local p = e1 + 1
  local y, e, d2 = nil, e1, nil
  if not d then
    local a, b, dd, suf = find(T, "^ (%d%d?)(%a*)", p)
    if a and (suf == "" or suf == "st" or suf == "nd" or suf == "rd" or suf == "th")
       and not find(T, "^[%d,.]%d", b + 1) then
      d = tonumber(dd); e = b; p = b + 1
      local _, b2, dd2 = find(T, "^[%-–](%d%d?)%f[%D]", p)   -- "Oct. 16-18"
      if b2 and tonumber(dd2) > d then d2 = tonumber(dd2); e = b2; p = b2 + 1 end
    end
  end
  local a, b, yy = find(T, "^,? (%d%d%d%d)%f[%D]", p)
  if a and not find(T, "^[.,]%d", b + 1) then y = tonumber(yy); e = b end
  -- "August last year", "June 12 next year": one date
  local rel
  if not y then a, b, rel = find(T, "^ (%a+) year%f[%A]", p) end
  if rel == "last" or rel == "this" or rel == "next" then
    e = b
    y = DY and (rel == "last" and DY - 1 or rel == "next" and DY + 1 or DY)
    if not y then return emit("date", ds1 or s1, e, NULL) end
  end
  if abbr and not d then return nil end
  -- "the July-September quarter": a range of months
  local m2
  local nb = byte(T, e + 1)
  if (nb == 45 or nb == 226) and not d and not y then
    local _, b2, mw2 = find(T, "^%-(%u%l+)", e + 1)
    if not b2 then _, b2, mw2 = find(T, "^–(%u%l+)", e + 1) end
    m2 = b2 and MONTHS[mw2]
    if m2 then e = b2 end
  end
  local w, ws = word_before(T, ds1 or s1)
  local lw = w and LC[w]
  -- a name: "Long March 10", "the Women's March" (not "In March", "Throughout
  -- March", "Tuesday March 5", "WASHINGTON March 3")
  local b1 = w and byte(w, 1)
  if b1 and not ds1 and b1 >= 65 and b1 <= 90 and not (FUNCTION_WORDS[lw] or MAY_PREPS[lw]
     or WEEKDAYS[w] or MONTH_OK[lw]) and find(w, "^%u%l") then
    return nil
  end
  if not d and not y then
    if m == 5 and not (lw and MAY_PREPS[lw]) then return nil end   -- "May" the verb
    if lw == "last" or lw == "next" or lw == "this" then      -- "last June": a year ago
      local v = NULL
      if DY then v = date_value(lw == "last" and DY - 1 or lw == "next" and DY + 1 or DY, m) end
      return emit("date", ws, e, v)
    end
  end
  local start = ds1 or s1
  -- "Wednesday, October 18": one date
  -- "Monday, 4 March" and "Tuesday 5 March" too
  local wdn
  if byte(T, start - 1) == 32 then
    local wd, comma = match(sub(T, max(1, start - 12), start - 2), "(%u%l+)(,?)$")
    if wd and WEEKDAYS[wd] then start, wdn = start - 1 - #comma - #wd, WEEKDAYS[wd] end
  end
  if not y then
    y = infer_year(m, d, start, e)
    -- the year in which the weekday fits ("Thursday, July 4")
    if y and d and wdn then
      local z = days_from_civil(y, m, d)
      if z and iso_weekday(z) ~= wdn then
        for _, y2 in ipairs({DY, DY + 1, DY - 1}) do
          local z2 = days_from_civil(y2, m, d)
          if z2 and iso_weekday(z2) == wdn then y = y2 break end
        end
      end
    end
  end
  local v = date_value(y, m, d)
  if not v then return nil end
  if d2 then
    local v2 = date_value(y, m, d2)
    if v2 then v = v .. "/" .. v2 end
  elseif m2 then
    local v2 = date_value(y and (m2 >= m and y or y + 1), m2)
    if v2 then v = v .. "/" .. v2 end
  end
  if not wdn then start = date_mod(start, lw, ws) end
  return emit("date", start, e, v)
end

-- A weekday at [s1, e1] (ISO number wd): "Wednesday", "Tuesday night",
-- "last Friday"; the nearest such day before the document date, or after
-- it in future tense.
local function weekday_date (s1, e1, wd)
  local w, ws = word_before(T, s1)
  local start, mode = s1, nil
  if w then
    local l = LC[w]
    if l == "last" or l == "next" or l == "this" then start, mode = ws, l
    elseif byte(w, 1) >= 65 and byte(w, 1) <= 90 and not FUNCTION_WORDS[l] then
      return nil                                          -- Good Friday
    end
  end
  -- "Wednesday, October 18" is read from the month
  local mw = match(T, "^,? (%u%l+%.?) %d", e1 + 1)
  if mw and (MONTHS[mw] or MONTH_ABBR[mw]) then return nil end
  -- "Monday, 4 March" / "Tuesday 5 March": read from the day
  mw = match(T, "^,? %d%d?%a* (%u%l+%.?)", e1 + 1)
  if mw and not (MONTHS[mw] or MONTH_ABBR[mw]) then mw = match(mw, "^(%u%l+)") end
  if mw and (MONTHS[mw] or MONTH_ABBR[mw]) then return nil end
  local e, part = e1, nil
  local pw, _, pe = word_after(T, e1 + 1)
  if pw and DAYPARTS[pw] then part, e = DAYPARTS[pw], pe end
  if not DZ then return emit("date", start, e, NULL) end
  local dw = iso_weekday(DZ)
  local z
  if mode == "last" then z = DZ - ((dw - wd) % 7 == 0 and 7 or (dw - wd) % 7)
  elseif mode == "next" then z = DZ + ((wd - dw) % 7 == 0 and 7 or (wd - dw) % 7)
  else
    local dl = deadline_mode(start, e)
    local ahead = (wd - dw) % 7
    if mode == "this" or dl == "ahead" or (dl == "nearest" and ahead <= 3)
       or (not dl and future_tense(start, e)) then
      z = DZ + ahead
    -- in a clause with no past verb, the nearer day ("City face Napoli on
    -- Tuesday"), but "Tuesday's attack" is past
    elseif not dl and ahead >= 1 and ahead <= 3 and not find(T, "^['’]", e + 1)
       and not since_before(start) and not past_clause(start, e) then
      z = DZ + ahead
    else z = DZ - (dw - wd) % 7 end
  end
  local v = ymd(z)
  if part then v = v .. "T" .. part end
  return emit("date", start, e, v)
end

-- The date n units (year, month, week, day, decade) before the document date.
local function ago (unit, n)
  if not DZ then return NULL end
  if unit == "year" then return fmt("%04d", DY - n)
  elseif unit == "month" then
    local mm = DM - n
    return fmt("%04d-%02d", DY + (mm - 1) // 12, (mm - 1) % 12 + 1)
  elseif unit == "week" then return iso_week(DZ - 7 * n)
  elseif unit == "day" then return ymd(DZ - n)
  -- (at the resolution of the unit, as "a year ago" -> "2023": "a decade
  -- ago" in 2025 -> "201", the 2010s, written as "the 2010s" -> "201";
  -- "a century ago" -> "19")
  elseif unit == "decade" then return fmt("%03d", (DY - 10 * n) // 10)
  elseif unit == "century" then return fmt("%02d", (DY - 100 * n) // 100)
  end
  return NULL
end

-- Words between an amount and its rate ("£300 more a month", "$5 extra a
-- day", "40 fewer each week" is no rate: "a" is needed), up to two.
local RATE_GAP = {more = true, less = true, extra = true, fewer = true, higher = true,
  lower = true, net = true, gross = true, on = true, average = true, each = true, apiece = true}

-- "last year", "this week", "earlier this year", "the past decade", "a
-- century", "a year ago", "yesterday".
local function time_word (s1, e1, w)
  local l = LC[w]
  if l == "yesterday" or l == "today" or l == "tomorrow" then
    if l == "today" and (find(T, "^['’]", e1 + 1) or w == "Today") then return nil end
    local v = NULL
    if DZ then v = ymd(DZ + (l == "yesterday" and -1 or l == "tomorrow" and 1 or 0)) end
    return emit("date", s1, e1, v)
  end
  if byte(T, e1 + 1) == 45 and not find(T, "^%-long", e1 + 1) then return nil end
  local w1, s_1 = word_before(T, s1)
  if not w1 then return nil end
  local l1 = LC[w1]
  local w2, s_2 = word_before(T, s_1)
  local l2 = w2 and LC[w2]
  if l1 == "last" or l1 == "this" or l1 == "next" or l1 == "past" or l1 == "previous"
     or l1 == "coming" then
    -- "this decade": the 2020s ("202"); "this century": "20"
    if l1 == "this" and l2 ~= "the" and (l == "decade" or l == "century") then
      local v = NULL
      if DY then v = l == "decade" and fmt("%03d", DY // 10) or fmt("%02d", DY // 100) end
      local start = s_1                                -- "later this decade"
      if l2 == "earlier" or l2 == "later" or l2 == "early" or l2 == "late" then start = s_2 end
      return emit("date", start, e1, v)
    end
    if l2 == "the" or l1 == "past" or l == "decade" or l == "century" then
      return emit("duration", l2 == "the" and s_2 or s_1, e1, 1, l, nil)
    end
    if l1 == "previous" or l1 == "coming" then return nil end
    local start = s_1
    if l2 == "earlier" or l2 == "later" or l2 == "early" or l2 == "late" then start = s_2 end
    if not DZ then return emit("date", start, e1, NULL) end
    local k = l1 == "last" and -1 or l1 == "next" and 1 or 0
    local v
    if l == "year" then v = fmt("%04d", DY + k)
    elseif l == "month" then v = ago("month", -k)
    else v = iso_week(DZ + 7 * k) end
    return emit("date", start, e1, v)
  end
  if l1 == "a" or l1 == "an" then
    if l2 == "once" or l2 == "twice" or l2 == "times" or l2 == "per" or l2 == "every" then
      return nil
    end
    local aw, _, ae = word_after(T, e1 + 1)
    if aw == "ago" then return emit("date", s_1, ae, ago(l, 1)) end
    -- "£5bn a year", "300,000 tonnes a month", "1.2% a year", "£300 more a
    -- month", "$40 extra a week": a rate of the figure before
    if NOUT > 0 and O_SP[NOUT] < s_1 and (O_LAB[NOUT] == "money" or O_LAB[NOUT] == "quantity"
                                          or O_LAB[NOUT] == "percent") then
      local gap = sub(T, O_SP[NOUT] + 1, s_1 - 1)
      if #gap <= 3 then return nil end
      -- (up to two words of RATE_GAP, or nouns going on from the figure:
      -- "millions of tonnes of carbon dioxide a year")
      if #gap <= 24 and find(gap, "^ [%a ]+ $") then
        local n = 0
        for g in gap:gmatch("%a+") do
          n = n + 1
          local lg = LC[g]
          if n > 2 or not (RATE_GAP[lg] or not (FUNCTION_WORDS[lg] or find(lg, "ed$"))) then
            n = 3 break
          end
        end
        if n <= 2 then return nil end
      end
    end
    if aw == "earlier" or aw == "later" or aw == "before" or aw == "after" then return nil end
    if l2 == "half" then return emit("duration", s_2, e1, 0.5, l, approx_before(s_2)) end
    local _, hb = find(T, "^ and a half%f[%A]", e1 + 1)     -- "a year and a half"
    if hb then return emit("duration", s_1, hb, 1.5, l, approx_before(s_1)) end
    return emit("duration", s_1, e1, 1, l, approx_before(s_1))
  end
  return nil
end

-- "in the coming weeks", "recent years", "a few hours", "several months",
-- "the past few days": durations of no stated length (value null).
local function vague_time (s1, e1, _, l)
  local uw, _, ue = word_after(T, e1 + 1)
  if uw and l ~= "few" and LC[uw] == "few" then uw, _, ue = word_after(T, ue + 1) end
  if not (uw and PLURAL_TIME[LC[uw]]) then return nil end
  local w, ws = word_before(T, s1)
  local lw = w and LC[w]
  local start = s1
  if l == "coming" then
    if lw ~= "the" then return nil end
    start = ws
  elseif l == "recent" then
    if lw == "the" then start = ws end
  elseif lw == "past" or lw == "last" or lw == "next" or lw == "coming" then
    local w2, ws2 = word_before(T, ws)
    start = (w2 and LC[w2] == "the") and ws2 or ws
  elseif l == "few" then
    if lw ~= "a" then return nil end                 -- "few weeks" alone: not many
    start = ws
  end
  if start <= COVER then return nil end
  return emit("duration", start, ue, NULL, uw)
end

-- "this summer", "last winter", "by the autumn", "summer 2022", "the
-- summer of 2021": "2025-SU"; not "summer camp", "Arab Spring", "Winter
-- Olympics", "spring into action".
local function season_date (s1, e1, w, l)
  local e, y = e1, nil
  local _, b, yy = find(T, "^ (%d%d%d%d)%f[%D]", e1 + 1)
  if not b then _, b, yy = find(T, "^ of (%d%d%d%d)%f[%D]", e1 + 1) end
  if b then y, e = tonumber(yy), b
  else
    local aw = word_after(T, e1 + 1)
    if aw and not FUNCTION_WORDS[LC[aw]] and not find(T, "^[,;:.]", e1 + 1) then return nil end
    if find(T, "^%-%a", e1 + 1) then return nil end
  end
  local pw, ps = word_before(T, s1)
  local lp = pw and LC[pw]
  if not y and not (lp and SEASON_BEFORE[lp]) then return nil end
  if pw and find(pw, "^%u") and not FUNCTION_WORDS[lp] then return nil end  -- "Arab Spring"
  if w ~= l and not (lp and FUNCTION_WORDS[lp]) then return nil end       -- "Winter Olympics"
  local code, m = SEASONS[l][1], SEASONS[l][2]
  local start = s1
  if not y then
    if lp == "last" or lp == "this" or lp == "next" then
      start = ps
      y = DY and (lp == "last" and DY - 1 or lp == "next" and DY + 1 or DY)
    else
      y = infer_year(m, nil, s1, e)
    end
  end
  if start == s1 then start = date_mod(s1, lp, ps) end
  return emit("date", start, e, y and fmt("%04d-%s", y, code) or NULL)
end

-- "Q3", "Q1 next year", "Q4 2024": a quarter of a year, "2024-Q3".
local function quarter_date (s1, e1, n)
  if find(T, "^[%w%-/]", e1 + 1) then return nil end
  local e, y = e1, nil
  local _, b, yy = find(T, "^ (%d%d%d%d)%f[%D]", e1 + 1)
  if not b then _, b, yy = find(T, "^ of (%d%d%d%d)%f[%D]", e1 + 1) end
  if b then y, e = tonumber(yy), b
  else
    local rel
    _, b, rel = find(T, "^ (%a+) year%f[%A]", e1 + 1)
    if rel == "last" or rel == "this" or rel == "next" then
      e = b
      y = DY and (rel == "last" and DY - 1 or rel == "next" and DY + 1 or DY)
    else
      y = infer_year(3 * n - 1, nil, s1, e1)
    end
  end
  local pw, ps = word_before(T, s1)
  return emit("date", date_mod(s1, pw and LC[pw], ps, true), e, y and fmt("%04d-Q%d", y, n) or NULL)
end

-- Bytes before a numeral that make it part of a name or code: letters,
-- '-' (COVID-19), '.', '/', '#', '_', ':' (21:15, after a digit).
local CODE_BEFORE = {[45] = true, [46] = true, [47] = true, [35] = true, [95] = true, [58] = true,
                     [39] = true, [153] = true}
-- ... except a year after "mid-", "pre-", "post-", "late-", "early-"
local PREFIX_HYPHEN = {mid = true, pre = true, post = true, late = true, early = true}
for b = 65, 90 do CODE_BEFORE[b] = true end
for b = 97, 122 do CODE_BEFORE[b] = true end

local INDEX_NAME = {Nikkei = true, Stoxx = true, Russell = true, Fortune = true, Nifty = true,
                    Sensex = true, Kospi = true, Topix = true, Seng = true}

-- Words after "number-" that make no count: "a 5,000-strong crowd", "a
-- two-state solution", "a three-way race", "a 20-odd", "two-sided".
local HYPHEN_NOT = {}
for w in ("strong odd fold plus way sided state speed digit dimensional"):gmatch("%S+") do
  HYPHEN_NOT[w] = true
end

local PERCENT_WORD = {percent = true, pct = true, per = true, percentage = true}

-- Currencies counted in cents ("68 cents" after dollar or euro amounts).
local CENT_CUR = {USD = true, EUR = true, AUD = true, CAD = true, NZD = true, HKD = true,
                  SGD = true, TWD = true}

-- Races run in metres: "the 100m", "the 400m hurdles" (no currency: not
-- millions); the words that may follow.
local RACE_DIST = {[50] = true, [60] = true, [100] = true, [110] = true, [200] = true,
  [400] = true, [800] = true, [1500] = true, [3000] = true, [5000] = true, [10000] = true}
local RACE_AFTER = {}
for w in ("hurdles freestyle butterfly breaststroke backstroke medley relay final finals race "
          .. "sprint dash title record heats heat semi-final semi-finals steeplechase at in on "
          .. "and or with after before"):gmatch("%S+") do RACE_AFTER[w] = true end

-- Words before "$X to $Y" that make it a change and the level reached, not
-- a range ("rose $1.20 to $90.10", "from $5 to $7").
local CHANGE_BEFORE = {}
for w in ("from rose rise rises risen rising fell fall falls fallen falling dropped drops "
          .. "gained gains lost loses climbed climbs jumped jumps slid slides slipped slips "
          .. "added adds surged soared sank increased decreased declined raised lowered "
          .. "cut cuts up down"):gmatch("%S+") do CHANGE_BEFORE[w] = true end

-- The second number of a range, starting at r (after a currency symbol as
-- the first number has one): the first value scaled as the second ("10-20
-- billion"), the second, its end and flags; nil unless it is larger.
local function range_end (r, cur, v, info)
  if cur then
    local sym = match(T, "^([^%d%s]+)", r)
    if sym and CUR_PRE[sym] then r = r + #sym end
  end
  local d = byte(T, r)
  if not d then return nil end
  local words = info & WORDS ~= 0 and info & NUMERAL == 0   -- "six to nine months"
  if words then
    if not ((d >= 97 and d <= 122) or (d >= 65 and d <= 90)) then return nil end
  elseif not (d >= 48 and d <= 57) then return nil end
  local v2, stop2, info2, scale2 = number(T, r - 1)
  if not v2 or info2 & ORDINAL ~= 0 or v2 <= v then return nil end
  if words and (info2 & WORDS == 0 or info2 & VAGUE ~= 0) then return nil end
  if info2 & SCALED ~= 0 and info & SCALED == 0 then v = v * scale2 end
  return v, v2, stop2, info2
end

-- A unit of measurement at q (the first byte after a number), after a
-- space or glued: unit as written, its end (inclusive).
local function unit_at (q)
  local _, b, sp, u = find(T, "^( ?)([%a\194][%a\176\178\179\186/]*)", q)
  if not b then return nil end
  local how = UNITS[u]
  if not how or (how == "glued" and sp ~= "") then return nil end
  -- not a word going on ("5 kgs" aside, "ft." is the unit and a period)
  local nb = byte(T, b + 1)
  if nb and ((nb >= 48 and nb <= 57) or nb == 45 and find(T, "^%-%a", b + 1)) then return nil end
  return u, b
end

-- The number starting at s1; cur/cs1: currency code and start of its
-- symbol when one comes before it.
local function at_number (s1, cur, cs1)
  local v, stop, info, scale = number(T, s1 - 1)   -- info: flag bits
  if not v or v ~= v then return nil end
  if info & NUMERAL ~= 0 then
    if info & SCALED == 0 then
      -- Indian digit grouping: "4,54,049" (groups of two before the last three)
      local run = match(T, "^%d%d?,%d%d,[%d,]*%d", s1)
      if run and find(run, ",%d%d%d$") and gsub(gsub(sub(run, 1, -5), "^%d%d?", ""), ",%d%d", "") == ""
         and not find(T, "^%.%d", s1 + #run) then
        v, stop = tonumber((gsub(run, ",", ""))), s1 + #run - 1
      end
    elseif find(T, "^/[dD]%f[%A]", stop + 1) and (byte(T, stop) == 98 or byte(T, stop) == 66) then
      -- "500,000 b/d": barrels a day, not billions
      local run = match(T, "^[%d.,]*%d", s1)
      local v2, stop2, info2 = number(run, 0)
      if not v2 then return nil end
      v, stop, info = v2, s1 + stop2 - 1, info2
    end
  end
  do
    -- Indian scale words: "5 crore", "3 lakh", "20 lakh crore" (2 x 10^13)
    local iw = match(T, "^ (%a+)", stop + 1)
    local k = iw and INDIAN_SCALE[lower(iw)]
    if k then
      v, stop, info = v * k, stop + 1 + #iw, info | SCALED
      iw = match(T, "^ (%a+)", stop + 1)
      k = iw and INDIAN_SCALE[lower(iw)]
      if k then v, stop = v * k, stop + 1 + #iw end
    end
    if mtype(v) == "float" and v == v // 1 and v < 2^53 then v = math.tointeger(v) end
  end
  -- "three and a half weeks"
  if info & SCALED == 0 and mtype(v) == "integer" then
    local _, b = find(T, "^ and a half%f[%A]", stop + 1)
    if b then v, stop = v + 0.5, b end
  end
  local q = stop + 1                       -- first byte after the number
  local fs = cs1 or s1                     -- figure start
  local numeral = info & NUMERAL ~= 0
  local c = byte(T, q)

  if numeral and not cur then
    local b = byte(T, s1 - 1)
    if b and CODE_BEFORE[b] and (b ~= 58 or find(T, "^%d", s1 - 2))
       and not (b == 45 and q - s1 == 4 and PREFIX_HYPHEN[lower(match(sub(T, max(1, s1 - 6), s1 - 2), "%a+$") or "")]) then
      return nil
    end
    if (c == 58 or c == 46 or c == 47) and find(T, "^[:%./]%d", q) then return nil end
  end

  local wb, wbs = word_before(T, fs)
  local lwb = wb and LC[wb]
  -- "iOS 18", "iPhone 15", "A320 2": versions and models; "S&P 500", "FTSE
  -- 100", "Nikkei 225": stock indices
  if numeral and wb and not cur and (find(wb, "^%l+%u") or (find(wb, "%d") and find(wb, "%a"))
                                     or byte(T, wbs - 1) == 38 or find(wb, "^%u%u%u+$")
                                     or INDEX_NAME[wb]) then
    return nil
  end

  -- "the 100m", "the 400m hurdles": metres, not millions
  if scale == 1e6 and numeral and not cur and byte(T, stop) == 109 and info & ORDINAL == 0 then
    local n = v / 1e6
    if RACE_DIST[n] and find(T, "^%d", stop - 1) then
      local aw = word_after(T, stop + 1)
      if (aw and RACE_AFTER[LC[aw]]) or (not aw and lwb == "the") then
        return emit("quantity", fs, stop, math.tointeger(n), "m", approx_before(fs))
      end
    end
  end

  -- ordinals ("10th", "first"); "7th October" and "a third of" excepted
  if info & ORDINAL ~= 0 then
    if numeral then
      local mw, ms, me = word_after(T, q)
      if mw == "of" then mw, ms, me = word_after(T, me + 1) end   -- "the 15th of April"
      if mw and MONTHS[mw] then return month_date(ms, me, MONTHS[mw], s1, v) end
    end
    if (lwb == "a" or lwb == "one") and find(T, "^ of ", q) then return nil end
    -- a fraction with no "of": "up by a fifth on last year", "cut by a third."
    -- (not "a third term", "a fourth straight day"; "a second" may be time)
    if lwb == "a" and not numeral and v >= 3 then
      local fw = word_after(T, q)
      if not fw or FUNCTION_WORDS[LC[fw]] then return nil end
    end
    return emit("ordinal", s1, q - 1, v)
  end
  if info & FRACTION ~= 0 and info & SCALED == 0 and not find(sub(T, s1, stop), "%a and an? half$") then
    -- "the past three quarters": quarters of a year, not a fraction
    local nq, uq = match(sub(T, s1, stop), "^(%a+) (quarters?)$")
    local n = nq and lore.number(nq)
    if n and (lwb == "past" or lwb == "last" or lwb == "next" or lwb == "coming") then
      local w2, s2 = word_before(T, wbs)
      if w2 and LC[w2] == "the" and s2 > COVER then return emit("duration", s2, stop, n, uq) end
    end
    return nil
  end

  -- "number two", "No. 1"
  if (lwb == "number" or wb == "No.") and info & SCALED == 0 and v == v // 1 and v < 1000 then
    return emit("ordinal", wbs, q - 1, v)
  end

  -- vague: "hundreds", "tens of thousands" (+ "of people", "of dollars")
  if info & VAGUE ~= 0 then
    local e, unit = q - 1, nil
    if find(T, "^ of ", q) then
      local cw, _, ce = word_after(T, q + 3)
      local cc, cce = nil, nil
      if cw then cc, cce = currency_after(q + 3, cw, ce) end
      if cc then return emit("money", s1, cce, NULL, cc, approx_before(s1)) end
      local u, ue = counted_noun(q + 3)
      if u then e, unit = ue, u end
    end
    return emit("quantity", s1, e, NULL, unit, approx_before(s1))
  end

  local vmax
  if c == 45 or c == 226 or c == 115 or c == 32 then
    -- ISO dates, year ranges, decades
    if numeral and not cur and year_of(v) then
      if c == 45 then
        local a, b, mm, dd = find(T, "^%-(%d%d)%-(%d%d)%f[%D]", q)
        if a then
          mm = tonumber(mm)
          local val = mm <= 12 and date_value(v, mm, tonumber(dd))
          if val then return emit("date", s1, b, val) end
          return nil
        end
      elseif c == 115 then
        local _, b = find(T, "^s%f[%A]", q)
        if b and v % 10 == 0 then return emit("date", date_mod(s1, lwb, wbs), b, fmt("%03d", v // 10)) end
      end
      if c == 45 or c == 226 then
        local _, b, y2 = find(T, "^%-(%d%d%d?%d?)%f[%D]", q)
        if not b then _, b, y2 = find(T, "^–(%d%d%d?%d?)%f[%D]", q) end
        if b and (#y2 == 2 or #y2 == 4) then
          local yy = tonumber(y2)
          if #y2 == 2 then yy = v // 100 * 100 + yy end
          if yy > v and yy - v < 100 then
            return emit("date", date_mod(s1, lwb, wbs, true), b, fmt("%04d/%04d", v, yy))
          end
        end
      end
    end
    -- ranges: "10-20 billion", "$10 to $20 million", "5–7%", "rise 20 to 25
    -- per cent"; not a change and the level reached ("rose $1.20 to $90.10")
    local c2 = byte(T, q + 1)
    if (numeral or (info & WORDS ~= 0 and c2 == 116 and lwb ~= "from"))
       and (c == 45 or c == 226 or c2 == 45 or c2 == 226 or c2 == 116)
       and not (c2 == 116 and (year_of(v) and not cur and q - s1 == 4 or cur and CHANGE_BEFORE[lwb])) then
      local _, b = find(T, "^ ?[%-–]+ ?", q)
      if not b and c2 == 116 then _, b = find(T, "^ to ", q) end
      if b then
        local v1, v2, stop2, info2 = range_end(b + 1, cur, v, info)
        if v1 then v, vmax, q, info = v1, v2, stop2 + 1, info2; c = byte(T, q) end
      end
    end
  end
  -- "between 3% and 5%", "between $83 and $90", "between 2 and 3 cuts" (not
  -- years: "between 2015 and 2021" are two dates)
  if lwb == "between" and numeral and not vmax and not (year_of(v) and not cur and q - s1 == 4) then
    local pct = match(T, "^ ?%%", q) or match(T, "^ per ?cent", q) or match(T, "^ percent", q)
    local _, b = find(T, "^ and ", q + (pct and #pct or 0))
    if b then
      local v1, v2, stop2, info2 = range_end(b + 1, cur, v, info)
      if v1 then v, vmax, q, info = v1, v2, stop2 + 1, info2; c = byte(T, q) end
    end
  end

  -- percent; "growth of 6.5% to 7%" is a range (not "rose 2% to 5%")
  if c == 37 then
    if not vmax and lwb == "of" and find(T, "^%% to %d", q) then
      local v1, v2, stop2 = range_end(q + 5, nil, v, info)
      if v1 and byte(T, stop2 + 1) == 37 then return emit("percent", fs, stop2 + 1, v1, nil, approx_before(fs), v2) end
    end
    return emit("percent", fs, q, v, nil, approx_before(fs), vmax)
  end
  local nw, nws, nwe
  if c == 32 then
    nw, nws, nwe = word_after(T, q)
    if nw then
      local lnw = LC[nw]
      if PERCENT_WORD[lnw] then
        local _, b = find(T, "^ per ?cent%f[%A]", q)
        if not b then _, b = find(T, "^ percent%f[%A]", q) end
        if not b then _, b = find(T, "^ pct%f[%A]", q) end
        if b then return emit("percent", fs, b, v, nil, approx_before(fs), vmax) end
        local a2
        a2, b = find(T, "^ percentage[ %-]points?%f[%A]", q)
        if b then
          return emit("percent", fs, b, v, lower(gsub(sub(T, a2 + 1, b), "%-", " ")),
                      approx_before(fs), vmax)
        end
      end
      if c == 32 and byte(T, q + 1) == 37 then
        return emit("percent", fs, q + 1, v, nil, approx_before(fs), vmax)
      end
    elseif byte(T, q + 1) == 37 then
      return emit("percent", fs, q + 1, v, nil, approx_before(fs), vmax)
    end
  end

  -- money; pence and cents are hundredths: "12.3p", "312 pence", "68 cents"
  -- (£0.123, £3.12, $0.68)
  if cur then return emit("money", fs, q - 1, v, cur, approx_before(fs), vmax) end
  if c == 112 and numeral and info & SCALED == 0 and not find(T, "^p[%w'’]", q)
     and not find(T, "^p%.%a", q) then
    return emit("money", fs, q, cents(v), "GBP", approx_before(fs), vmax and cents(vmax))
  end
  if nw and CUR_POST_FIRST[LC[nw]] then
    local cc, ce, scaled_only, hundredths = currency_after(q, nw, nwe)
    if hundredths then
      if numeral and info & SCALED == 0 then
        if cc == "USD" then                      -- the cents of the dollars or euros before
          for j = NOUT, 1, -1 do
            if O_LAB[j] == "money" then
              if CENT_CUR[O_UNIT[j]] then cc = O_UNIT[j] end
              break
            end
          end
        end
        return emit("money", fs, ce, cents(v), cc, approx_before(fs), vmax and cents(vmax))
      end
    elseif cc and (not scaled_only or info & SCALED ~= 0 or v >= 1000) and (numeral or info & SCALED ~= 0 or v > 1) then
      return emit("money", s1, ce, v, cc, approx_before(s1), vmax)
    end
  end

  -- units of measurement: "300 km", "26,000 km/h", "44C", "2 GW", "43 GW to
  -- 50 GW" (the word after, or the byte glued to the number, tells whether
  -- one may follow: no call for most numbers)
  local u, ue
  if nw then
    if UNIT_WORD[nw] then u, ue = unit_at(q) end
  elseif c == 32 then
    if byte(T, q + 1) == 194 then u, ue = unit_at(q) end                -- "45 °C"
  elseif c and ((c >= 65 and c <= 90) or (c >= 97 and c <= 122) or c == 194) then
    u, ue = unit_at(q)                                                   -- "44C", "5km"
  end
  if u then
    do
      if not vmax then                     -- "43 GW to 50 GW"
        local _, b = find(T, "^ ?[%-–] ?", ue + 1)
        if not b then _, b = find(T, "^ to ", ue + 1) end
        local d = b and byte(T, b + 1)
        if d and d >= 48 and d <= 57 then
          local v2, stop2, info2 = number(T, b)
          if v2 and info2 & ORDINAL == 0 and v2 > v then
            local u2, ue2 = unit_at(stop2 + 1)
            if u2 == u then vmax, ue = v2, ue2 end
          end
        end
      end
      return emit("quantity", fs, ue, v, u, approx_before(fs), vmax)
    end
  end

  -- "1 million b/d", "500,000 b/d" (barrels a day)
  do
    local _, b, u = find(T, "^ ?(%a?[bB]/[dD])%f[%A]", q)
    if b then return emit("quantity", fs, b, v, u, approx_before(fs), vmax) end
  end

  -- durations: "two-day", "three-hour", "10 days", "75 years"; "two years ago"
  if c == 45 then
    local _, b, u = find(T, "^%-(%a+)", q)
    if b then
      local ul = LC[u]
      if TIME_UNITS[ul] and ul ~= "quarter" then
        if find(T, "^%-old%f[%A]", b + 1) then
          return emit("quantity", s1, b + 4, v, ul .. "s old", approx_before(s1))
        end
        -- "two-year-olds": children of that age, counted
        if find(T, "^%-olds%f[%A]", b + 1) then
          return emit("quantity", s1, b + 5, v, ul .. "-olds", approx_before(s1))
        end
        return emit("duration", s1, b, v, ul, approx_before(s1))
      end
      -- a count as a compound modifier: "a 20-point lead", "a 12-game
      -- streak", "a three-party coalition" (unit as written: "point"); not
      -- "one-off", "a 5,000-strong crowd", "two-state solution", "one-China"
      if b - q >= 3 and not HYPHEN_NOT[u] and not (v == 1 and info & WORDS ~= 0)
         and not (numeral and year_of(v) and q - s1 == 4) and info & SCALED == 0
         and find(T, "^ %l", b + 1) and find(u, "^%l+$") and plural_noun(u .. "s") then
        return emit("quantity", s1, b, v, u, approx_before(s1))
      end
      return nil
    end
  end
  if nw then
    local ul = LC[nw]
    -- "20 consecutive days", "three straight years"
    if DUR_ADJ[ul] and info & SCALED == 0 then
      local w2, _, e2 = word_after(T, nwe + 1)
      if w2 and DUR_ADJ[LC[w2]] then w2, _, e2 = word_after(T, e2 + 1) end
      if w2 and TIME_UNITS[LC[w2]] then
        return emit("duration", fs, e2, v, LC[w2], approx_before(fs), vmax)
      end
    end
    if TIME_UNITS[ul] and info & SCALED == 0 and ul ~= "second"
       and not ((ul == "quarter" or ul == "quarters") and find(T, "^ of ", nwe + 1)) then
      local aw, _, ae = word_after(T, nwe + 1)
      if aw == "old" and ul == "years" then
        return emit("quantity", fs, ae, v, "years old", approx_before(fs))
      end
      if aw == "ago" then
        return emit("date", fs, ae, ago(ul == "centuries" and "century" or match(ul, "^(%a-)s?$"), v // 1))
      end
      if v == 1 and info & WORDS ~= 0 and ul ~= "decade" and ul ~= "century" then
        if lower(sub(T, s1, s1 + 2)) == "one" and byte(ul, #ul) == 115 then return nil end
      end
      -- "the past two years", "the next five years", "the previous 12 months"
      if lwb == "past" or lwb == "last" or lwb == "next" or lwb == "first" or lwb == "coming"
         or lwb == "previous" then
        local w2, s2 = word_before(T, wbs)
        if w2 and LC[w2] == "the" and s2 > COVER then
          return emit("duration", s2, nwe, v, ul, nil, vmax)
        end
      end
      return emit("duration", fs, nwe, v, ul, approx_before(fs), vmax)
    end
    -- "7 October 2023"
    if MONTHS[nw] and numeral and mtype(v) == "integer" and v >= 1 and v <= 31 then
      return month_date(nws, nwe, MONTHS[nw], s1, v)
    end
  end

  -- years, unless they count something ("1500 soldiers", not "the 2024 elections")
  if numeral and year_of(v) and info & SCALED == 0 and q - s1 == 4 then
    local counted = lwb and (not FUNCTION_WORDS[lwb] or APPROX_LAST[lwb] or lwb == "than")
    if not (counted and nw and counted_noun(q, nw, nws, nwe)) then
      return emit("date", date_mod(s1, lwb, wbs, true), q - 1, fmt("%04d", v))
    end
  end

  -- counted quantities: "42 times", "two countries", "20 heads of state"
  if nw then
    local u, ue = counted_noun(q, nw, nws, nwe)
    if u then
      if v == 1 and info & WORDS ~= 0 then return nil end
      -- a ratio: "two in three children", "one in five adults"
      -- (the number before "in" is no figure: not "$65 billion in three plants")
      if lwb == "in" and v <= 100 then
        local w2, s2 = word_before(T, wbs)
        if w2 and s2 > COVER and (find(w2, "^%d+$") or lore.number(LC[w2])) then return nil end
      end
      -- a rate: "barrels a day", "barrels-a-day", "tonnes per year"
      local _, rb, rw = find(T, "^[ %-]an?[ %-](%a+)%f[%A]", ue + 1)
      if not rb then _, rb, rw = find(T, "^ per (%a+)%f[%A]", ue + 1) end
      if rb and RATE_UNIT[lower(rw)] then u, ue = u .. sub(T, ue + 1, rb), rb end
      return emit("quantity", fs, ue, v, u, approx_before(fs), vmax)
    end
  end

  -- bare amounts: numerals, and spelled-out numbers with a scale
  if (numeral or info & SCALED ~= 0) and v > 1 then
    -- "Xi, 70, met ...": an age in apposition
    -- ("the midfielder, 26, signed")
    if numeral and info & SCALED == 0 and v < 130 and byte(T, fs - 1) == 32 and byte(T, fs - 2) == 44
       and (c == 44 or c == 41) then
      if find(sub(T, max(1, fs - 30), fs - 3), "%u[%l%.]*$") then return nil end
      local pw, pws = word_before(T, fs - 2, true)
      if pw and find(pw, "^%l+$") then
        local dw = word_before(T, pws)
        dw = dw and LC[dw]
        if dw == "the" or dw == "a" or dw == "an" or dw == "his" or dw == "her" or dw == "their" then
          return nil
        end
      end
    end
    if numeral and wb and not FUNCTION_WORDS[lwb] then
      local b1 = byte(wb, 1)
      if (b1 >= 65 and b1 <= 90) or find(wb, "%u", 2) or find(wb, "%d") then return nil end
    end
    if c == 45 or find(T, "^ ?[ap]%.?m%.?%f[%A]", q) then return nil end
    if nw and find(nw, "^%u") and numeral then return nil end      -- "737 MAX", "11 Pro"
    local f = emit("quantity", fs, q - 1, v, nil, approx_before(fs), vmax)
    if f then O_BARE[f] = info & SCALED ~= 0 end
    return f
  end
  return nil
end

-- {======================================================================
-- Subjects of money and percent figures
-- =======================================================================

-- Determiners and numbers skipped between a preposition and its noun.
local DET = {}
for w in ("the a an two three four five both its their his her these those this that all "
          .. "our your my some several many"):gmatch("%S+") do DET[w] = true end
local PREP_BREAK = {between = true, among = true, of = true, from = true, with = true,
  ["in"] = true, across = true, to = true, ["for"] = true, on = true, under = true,
  during = true, since = true}
-- Nouns of change after a figure: "a 12% jump in profit" is about profit.
local CHANGE_NOUN = {}
for w in ("rise jump increase fall drop decline gain cut growth slump surge hike reduction "
          .. "climb slide dip rebound plunge"):gmatch("%S+") do CHANGE_NOUN[w] = true end
-- Verbs of change before "X to <figure>": "lowered the deficit target to 4.9%".
local CHANGE_VERB = {}
for w in ("raised lowered cut increased reduced lifted trimmed revised boosted hiked "
          .. "slashed raise lower cut increase reduce lift trim revise boost hike slash raises "
          .. "lowers cuts increases reduces lifts trims revises boosts hikes slashes"):gmatch("%S+") do
  CHANGE_VERB[w] = true
end

local function content_word (w)
  local l = LC[w]
  return not (FUNCTION_WORDS[l] or NOTNOUN[l] or DET[l] or LINK[l] or DROP[l] or NOTSUBJ[l]
              or find(w, "^%d") or find(w, "'") or #w < 2 or find(w, "^%u%l*%.$"))
end

-- Content words right before position p (nearest first), up to two (more
-- in a name: "the Hang Seng index"; "the Nifty 50"): the noun phrase as a
-- list (text order) and the position of its first word.
local function np_at (p, ss, glued)
  local out, q = {}, p
  while #out < 4 do
    local w, s = word_before(T, q, glued and #out == 0)
    if not w or s <= ss then break end
    if not content_word(w) then
      -- a number in an index name: "Nifty 50", "FTSE 100"
      if #out > 0 or not find(w, "^%d+$") then break end
      local w2, s2 = word_before(T, s)
      if not (w2 and s2 > ss and find(w2, "^%u") and content_word(w2) and not MONTHS[w2]) then
        break
      end
    elseif #out >= 2 and not (find(w, "^%u") and find(out[1], "^%u")) then
      break
    end
    table.insert(out, 1, w)
    q = s
  end
  return out, q
end

local function np_text (list)
  for i = 1, #list do
    local w = list[i]
    if not find(w, "^%u%u") then list[i] = LC[w] end
  end
  if #list == 2 and HEAD[list[2]] then return list[1] end
  return table.concat(list, " ")
end

-- The subject of a clause whose verb (or link) starts at p: "trade",
-- "exchange between the nations", "record trade, which last year".
local function subject_before (p, ss)
  local pre = sub(T, ss + 1, p - 1)
  -- (the anchored lazy patterns step through the whole prefix: a plain
  -- find of the word first)
  local cut = find(pre, "which", 1, true) and match(pre, "^(.-),%s*which%s[^,]*$")
  if not cut and find(pre, "that", 1, true) then cut = match(pre, "^(.-),%s*that%s[^,]*$") end
  if cut then p = ss + #cut + 1
  else
    -- verbs between the subject and the link: "sterling traded at", "the
    -- euro was little changed at", "gains will be taxed at"
    for _ = 1, 4 do
      local w, s = word_before(T, p)
      if not (w and s > ss and SKIPV[LC[w]]) then break end
      p = s
    end
  end
  local np, q = np_at(p, ss, cut ~= nil)
  if #np == 0 then return nil end
  -- "<NP1> between the two <NP2> reached": NP1
  local w, s = word_before(T, q)
  while w and s > ss and DET[LC[w]] do q = s; w, s = word_before(T, q) end
  if w and s > ss and PREP_BREAK[LC[w]] then
    local np1 = np_at(s, ss)
    if #np1 > 0 then return np_text(np1) end
  end
  return np_text(np)
end

-- The subject of figure i (the figure before it, i - 1, may share it).
local function subject_of (i)
  local ss = sentence(O_ST[i])
  local p = O_ST[i] + 1
  local prev = i > 1
  -- step over the qualifier and articles ("a record", "an estimated")
  local approx = O_APPROX[i]
  if approx == approx then
    local n = select(2, gsub(approx, " ", "")) + 1
    for _ = 1, n do local _, ws = word_before(T, p); if ws then p = ws end end
  end
  local w, ws = word_before(T, p)
  while w and ws > ss and DROP[LC[w]] and not LINK[LC[w]] do
    p = ws; w, ws = word_before(T, p)
  end
  if w and ws > ss then
    local l = LC[w]
    -- "a goal of $200 billion" -> goal ("a total of" is no subject)
    if l == "of" then
      local n, ns = word_before(T, ws)
      -- (not the noun of a figure before: "300 investors of £45 million")
      if n and ns > ss and content_word(n) and not OFNOUN[LC[n]]
         and not (prev and O_ST[i - 1] < ns and ns <= O_SP[i - 1]) then
        local n2 = word_before(T, ns)
        if not (n2 and OFNOUN[LC[n2] .. " " .. LC[n]]) then return np_text({n}) end
      end
    end
    -- "revenue fell 40% to 8.5 trillion rubles": the subject of the 40%
    if (l == "to" or l == "from") and prev and O_SP[i - 1] == ws - 2 and O_ST[i - 1] >= ss then
      local sp = O_SUBJ[i - 1]
      if sp == sp then return sp end
    end
  end
  -- "8.5 trillion rubles ($92 billion)": the subject of the amount converted
  if prev and byte(T, p - 1) == 40 and O_SP[i - 1] >= p - 3 and O_ST[i - 1] >= ss then
    local sp = O_SUBJ[i - 1]
    if sp == sp then return sp end
  end
  if w and ws > ss then
    local l = LC[w]
    -- "trade reached", "support fell to", "with trade at"
    if l == "to" or l == "by" or l == "at" then
      local w2, ws2 = word_before(T, ws)
      if w2 and LINK[LC[w2]] then ws, l = ws2, LC[w2] end
    end
    if LINK[l] then
      local sbj = subject_before(ws, ss)
      if sbj then return sbj end
    end
    -- "lowered the fiscal deficit target to 4.9%": the thing changed
    if l == "to" then
      local np, q = np_at(ws, ss)
      if #np > 0 then
        for _ = 1, 3 do
          local w2, s2 = word_before(T, q)
          if not w2 or s2 <= ss then break end
          local l2 = LC[w2]
          if CHANGE_VERB[l2] then return np_text(np) end
          if FUNCTION_WORDS[l2] and not DET[l2] then break end
          q = s2
        end
      end
    end
  end
  -- "$100 billion of new funding", "$5 billion for roads"
  local prep, b = match(T, "^ (%a+) ()", O_SP[i] + 1)
  if prep then
    prep = LC[prep]
    if prep == "of" and BASE[LC[match(T, "^(%a*)", b)]] then return nil end   -- "4.9% of GDP"
    if prep == "of" or prep == "for" then
      local out, pp = {}, b - 1
      for _ = 1, 3 do
        local ww, _, we = word_after(T, pp)
        if not ww then break end
        local ll = LC[ww]
        if not DROP[ll] then
          if not content_word(ww) or TIME_UNITS[ll] or MONTHS[ww] then break end
          out[#out + 1] = ww
        end
        pp = we + 1
        if plural_noun(ww) or #out == 2 then break end
      end
      if #out > 0 and not find(out[1], "^%u%l") then return np_text({out[#out]}) end
    end
    -- "the $200 billion target", "a $61 billion military aid package"; "a
    -- 12% jump in first-half profit" is about profit
    local nw, nb = match(T, "^ (%l+)()", O_SP[i] + 1)
    if nw and CHANGE_NOUN[nw] then
      local _, pb = find(T, "^ in ", nb)
      if not pb then _, pb = find(T, "^ of ", nb) end
      if not pb then return nil end
      nw, nb = match(T, "^([%l%-]+)()", pb + 1)
    end
    local out = {}
    while nw and #out < 3 and content_word(nw) and not SKIPV[nw] and not TIME_UNITS[nw] and not find(nw, "ly$")
          and not find(nw, "ed$") and not (find(nw, "ing$") and #out == 0) do
      out[#out + 1] = nw
      if plural_noun(nw) then break end
      nw, nb = match(T, "^ ([%l%-]+)()", nb)
    end
    if #out > 0 then
      if #out == 3 then table.remove(out, 1) end
      return np_text(out)
    end
  end
  return nil
end

-- {======================================================================
-- One pass per document, shared by the rules below
-- =======================================================================

local RULE_ID = {}        -- kind -> rule id (set when the rules are declared)
local cache_doc

-- The words read by a function of their own (s1, e1, w, l: the span, the
-- word, lower case): time words, vague spans of time, seasons.
local WORD_FN = {}
for w in pairs(TIME_WORD) do WORD_FN[w] = time_word end
for w in pairs(VAGUE_TIME) do WORD_FN[w] = vague_time end
for w in pairs(SEASONS) do WORD_FN[w] = season_date end

-- Dispatch one anchor: the token [s1, e1] (1-based inclusive) with text w.
local function at_anchor (s1, e1, w)
  local c = byte(w, 1)
  if c >= 48 and c <= 57 then return at_number(s1) end
  local wd = WEEKDAYS[w]
  if wd then return weekday_date(s1, e1, wd) end
  if c == 81 then                                    -- Q
    local qn = QUARTERS[w]
    if qn then return quarter_date(s1, e1, qn) end
  end
  local m = MONTHS[w]
  if m then return month_date(s1, e1, m) end
  m = MONTH_ABBR[w]
  if m then return month_date(s1, e1, m, nil, nil, true) end
  local code = CUR_PRE[w]
  if code then
    if code == "JPY" and YEN and (w == "¥" or w == "￥") then code = "CNY" end
    local _, b = find(T, "^ ?%d", e1 + 1)
    if b then return at_number(b, code, s1) end
    return nil
  end
  local l = LC[w]
  local fn = WORD_FN[l]
  if fn then return fn(s1, e1, w, l) end
  -- number words; "a hundred", "a million", "half a million"
  if SCALE_WORD[l] then
    local ws, wss = word_before(T, s1)
    if ws then
      local lw = LC[ws]
      if lw == "a" or lw == "an" then
        local w2, s2 = word_before(T, wss)
        if w2 and LC[w2] == "half" then wss = s2 end
        if wss > COVER then return at_number(wss) end
        return nil
      end
      -- "several billion pounds", "a few million": vague, no value
      if VAGUE_BEFORE[lw] then
        local w2, s2 = word_before(T, wss)
        if lw == "few" and w2 and LC[w2] == "a" then wss = s2 end
        if wss <= COVER then return nil end
        local f = at_number(s1)
        if f then O_ST[f], O_VAL[f], O_APPROX[f] = wss - 1, NULL, NULL end
        return f
      end
    end
  end
  return at_number(s1)
end

local function figures_of (doc)
  if doc == cache_doc then return end
  cache_doc = doc
  local text = doc.text
  T, TLEN, DOC = text, #text, doc
  if not RULES then R = text:reverse() end  -- for word_before_lua
  SS, SE, STEXT, SOFF = -1, -1, nil, nil
  PV_INIT, PV_A, PV_B, CB_INIT, CB_A, CB_B = 0, -1, -1, 0, -1, -1
  -- (the columns are kept from one document to the next, so that they do
  -- not grow again for each; the entries past the count are never read,
  -- but max and bare are sparse: those of the last document are cleared)
  for i = 1, NOUT do O_MAX[i], O_BARE[i] = nil, nil end
  NOUT, COVER = 0, 0
  local meta = doc.meta
  local date = meta and meta.date
  DZ, DY, DM = nil, nil, nil
  if type(date) == "string" then
    local y, m, d = match(date, "^(%d%d%d%d)%-(%d%d)%-(%d%d)")
    if y then
      DZ = days_from_civil(tonumber(y), tonumber(m), tonumber(d))
      if DZ then DY, DM = tonumber(y), tonumber(m) end
    end
  end
  YEN = find(text, "yuan", 1, true) or find(text, "RMB", 1, true) or find(text, "CNY", 1, true)
  -- page furniture: skip anchors inside it
  -- (their offsets read once: a span's fields are read through a metamethod)
  local bp = doc:spans("boilerplate")
  local nb, bi = #bp, 1
  local bs, be = {}, {}
  for i = 1, nb do bs[i], be[i] = bp[i].start, bp[i].stop end
  -- (the anchors, flat start/stop offsets in document order)
  local ha = ANCHORS:offsets(doc)
  for ia = 1, #ha, 2 do
    local s0, e0 = ha[ia], ha[ia + 1]
    if s0 >= COVER then
      while bi <= nb and be[bi] <= s0 do bi = bi + 1 end
      if bi > nb or s0 < bs[bi] then at_anchor(s0 + 1, e0, sub(text, s0 + 1, e0)) end
    end
  end
  -- bare scaled amounts near money take its currency ("a goal of $200
  -- billion ... the target of 200 billion"): money up to 600 bytes before,
  -- or up to 300 bytes after in the same sentence or the next; not those that go on from a counted quantity
  -- of the sentence ("55 million people ... will reach 139 million")
  local n = NOUT
  local last_money
  for i = 1, n do
    if O_LAB[i] == "money" then last_money = i
    elseif O_BARE[i] and not (i > 1 and O_LAB[i - 1] == "quantity" and O_UNIT[i - 1] == O_UNIT[i - 1]
                               and O_CTX[i - 1] == O_CTX[i]) then
      local ref = last_money
      if not (ref and O_ST[i] - O_SP[ref] < 600) then
        ref = nil
        for j = i + 1, n do
          if O_ST[j] - O_SP[i] >= 300 then break end
          if O_LAB[j] == "money" then
            local _, se = sentence(O_ST[i])
            local _, se2 = sentence(se)
            if O_ST[j] < se2 then ref = j end
            break
          end
        end
      end
      if ref then O_LAB[i] = "money"; O_UNIT[i] = O_UNIT[ref] end
    end
  end
  for i = 1, n do
    local kind = O_LAB[i]
    if kind == "money" or kind == "percent" then
      local s = subject_of(i)
      if s then O_SUBJ[i] = s end
    end
  end
  if n > 0 then
    local rid = O_RULE
    for i = 1, n do rid[i] = RULE_ID[O_LAB[i]] end
    -- one C call for all (as doc:add per figure: attributes in key order)
    P.add_spans(doc, "figures", {n = n, start = O_ST, stop = O_SP, label = O_LAB, rule = rid,
                                 attrs = {value = O_VAL, unit = O_UNIT, approx = O_APPROX,
                                          subject = O_SUBJ, context = O_CTX, max = O_MAX}})
  end
  T, R, DOC, STEXT, SOFF = nil, nil, nil, nil, nil
end

local NONE = {}

local function kind_rule (kind, examples)
  local r = rule {
    name = kind, layer = "figures", label = kind,
    match = function (doc) figures_of(doc) return NONE end,
    examples = examples,
  }
  RULE_ID[kind] = r.id
end

-- {======================================================================
-- Rules (one per kind, for explain and for the examples)
-- =======================================================================

kind_rule("money", {
  {"Trade reached a record $190 billion last year.",
   {"$190 billion", value = 190000000000, unit = "USD", subject = "trade"}},
  {"The fund has US$1.4 billion and €2,000 in cash.",
   {"US$1.4 billion", value = 1400000000, unit = "USD"}, {"€2,000", value = 2000, unit = "EUR"}},
  {"He pledged more than $100 billion of new funding.",
   {"$100 billion", approx = "more than", subject = "funding"}},
  {"Losses of £3.2bn and ¥500m were reported.", {"£3.2bn", value = 3200000000, unit = "GBP"},
   {"¥500m", value = 500000000, unit = "JPY"}},
  {"A deal worth ₽5 trillion, or 200 billion yuan, or 5 trillion roubles.",
   {"₽5 trillion", unit = "RUB"}, {"200 billion yuan", value = 200000000000, unit = "CNY"},
   {"5 trillion roubles", unit = "RUB"}},
  {"Sales were 3 million dollars and USD 20 million.", {"3 million dollars", unit = "USD"},
   {"USD 20 million", value = 20000000, unit = "USD"}},
  {"Fines of 40 billion rubles, $20 thousand and $500k.",
   {"40 billion rubles", value = 40000000000, unit = "RUB"},
   {"$20 thousand", value = 20000, unit = "USD"}, {"$500k", value = 500000, unit = "USD"}},
  {"It set a goal of $200 billion. Xi recalled the target of 200 billion set this year.",
   {"200 billion", at = 2, value = 200000000000, unit = "USD"}},
  {"Investment of $10-20 billion is planned.",
   {"$10-20 billion", value = 10000000000, max = 20000000000, unit = "USD"}},
  {"with bilateral trade reaching $240 billion in 2023", {"$240 billion", subject = "trade"}},
  {"He paid Rs 5 crore and 3 lakh rupees.", {"Rs 5 crore", value = 50000000, unit = "INR"},
   {"3 lakh rupees", value = 300000, unit = "INR"}},
  {"The Treasury found several billion pounds of cuts.",
   {"several billion pounds", unit = "GBP"}},
  {"The plan saves £5bn a year by 2030.", {"£5bn", value = 5000000000}},
  {"Copper rose $2.40 to $9,310 a tonne; seats cost between £40 and £65.",
   {"$2.40", value = 2.4}, {"$9,310", value = 9310},
   {"£40 and £65", value = 40, max = 65, unit = "GBP"}},
  {"a 45 billion rupee bridge", {"45 billion rupee", value = 45000000000, unit = "INR"}},
  {"a fee of 5k and 10k people", none = true},
  -- ("over" after a word of dispute or a figure is no qualifier: null)
  {"Two aides were sacked over a $3m payment amid a dispute over $40m in fees; he paid over $2m.",
   {"$3m", approx = lore.json.null}, {"$40m", value = 40000000, approx = lore.json.null},
   {"$2m", approx = "over"}},
  {"He got five years over £12m in bribes.", {"five years", label = "duration"},
   {"£12m", value = 12000000, approx = lore.json.null}},
  {"A grant of 80 billion dong was approved.", {"80 billion dong", value = 80000000000, unit = "VND"}},
  {"Prices rose to 12 million in the city.", none = true},
  {"EPS was 12.3p against 9.9p; shares rose to 312 pence and the dividend is 3p.",
   {"12.3p", value = 0.123, unit = "GBP"}, {"312 pence", value = 3.12, unit = "GBP"},
   {"3p", at = 2, value = 0.03, unit = "GBP"}},
  {"Brent rose 46 cents to $80.01 a barrel; EPS of 68 cents beat the 64 cents expected.",
   {"46 cents", value = 0.46, unit = "USD"}, {"68 cents", value = 0.68, unit = "USD"}},
  {"Reliance is valued at ₹20 lakh crore; capex is Rs 11.11 lakh crore.",
   {"₹20 lakh crore", value = 20000000000000, unit = "INR"},
   {"Rs 11.11 lakh crore", value = 11110000000000, unit = "INR"}},
  {"BHP raised A$2.5 billion and Novartis paid CHF 1.1 billion.",
   {"A$2.5 billion", unit = "AUD"}, {"CHF 1.1 billion", value = 1100000000, unit = "CHF"}},
  -- (subjects: a verb between the subject and "at"; the thing a verb of
  -- change moves; a noun phrase after the amount)
  {"The euro was little changed at $1.0790 and sterling traded at $1.2740.",
   {"$1.0790", subject = "euro"}, {"$1.2740", subject = "sterling"}},
  {"Congress approved a $61 billion military aid package, wiping $1bn off the budget.",
   {"$61 billion", subject = "aid package"}, {"$1bn", subject = lore.json.null}},
  {"It defrauded 300 investors of £45 million.", {"£45 million", subject = lore.json.null}},
})

kind_rule("percent", {
  {"Support fell to 75% in May.", {"75%", value = 75, subject = "support"}},
  {"Growth was 12 percent, then 12.5 per cent.", {"12 percent", value = 12},
   {"12.5 per cent", value = 12.5}},
  {"a 3.5 percentage point rise", {"3.5 percentage point", value = 3.5, unit = "percentage point"}},
  {"Turnout was nearly 60% and inflation 5.2 percent.", {"60%", approx = "nearly"}},
  {"Margins of between 4% and 6.5 per cent, rising 10 to 12 percent.",
   {"4% and 6.5 per cent", value = 4, max = 6.5}, {"10 to 12 percent", value = 10, max = 12}},
  {"It forecast growth of 6.5% to 7%, after shares rose 2% to 5% in May.",
   {"6.5% to 7%", value = 6.5, max = 7}, {"2%", value = 2}, {"5%", at = 2, value = 5}},
  {"NatWest reported a 12% jump in first-half profit; the Nifty 50 closed down 0.1%.",
   {"12%", subject = "first-half profit"}, {"0.1%", subject = "nifty 50"}},
  {"She lowered the fiscal deficit target to 4.9% of GDP. Labour's share under Corbyn was 32.1%.",
   {"4.9%", subject = "deficit target"}, {"32.1%", subject = "share"}},
})

kind_rule("quantity", {
  {"Xi had met Putin 42 times and 130 countries sent envoys.",
   {"42 times", value = 42, unit = "times"}, {"130 countries", value = 130, unit = "countries"}},
  {"The attack killed 1,400 people. About 3,000 Gazans have been killed.",
   {"1,400 people", value = 1400, unit = "people"},
   {"3,000 Gazans", value = 3000, unit = "Gazans", approx = "about"}},
  {"an audience that included over 20 heads of state",
   {"20 heads of state", value = 20, unit = "heads of state", approx = "over"}},
  {"The two leaders met as the two countries signed deals.",
   {"two leaders", value = 2, unit = "leaders"}, {"two countries", value = 2, unit = "countries"}},
  {"more than a million people fled; hundreds died", {"a million people", value = 1000000,
   unit = "people", approx = "more than"}, {"hundreds"}},
  {"in around a hundred countries", {"a hundred countries", value = 100, approx = "around"}},
  {"Thousands of protesters and dozens of officials gathered.", {"Thousands of protesters",
   unit = "protesters"}, {"dozens of officials"}},
  {"The strike killed 1,400.", {"1,400", value = 1400}},
  {"Output fell by 1.16 million barrels per day, and 300,000 tonnes a month were shipped.",
   {"1.16 million barrels per day", value = 1160000, unit = "barrels per day"},
   {"300,000 tonnes a month", value = 300000, unit = "tonnes a month"}},
  {"Analysts expect cuts of between 1 million barrels-a-day and 2 million b/d, or 500,000 bpd.",
   {"1 million barrels-a-day", unit = "barrels-a-day"}, {"2 million b/d", value = 2000000, unit = "b/d"},
   {"500,000 bpd", value = 500000, unit = "bpd"}},
  {"Cuts of at least 500,000 b/d were promised.", {"500,000 b/d", value = 500000, approx = "at least"}},
  {"By then 4,54,049 people had been vaccinated.", {"4,54,049 people", value = 454049}},
  {"Police expect between 300 and 400 arrests; one man faces nine counts of theft.",
   {"300 and 400 arrests", value = 300, max = 400, unit = "arrests"},
   {"nine counts", value = 9, unit = "counts"}},
  {"Some 20 million tourists came and the total may hit 35 million, the $9 billion plan says.",
   {"35 million", label = "quantity", value = 35000000}},
  {"Stocks in the FTSE 250 index and S&P 500 groups rose.", none = true},
  {"The Tories trail by a 14-point margin after a nine-match losing run and a two-party race.",
   {"14-point", value = 14, unit = "point"}, {"nine-match", value = 9, unit = "match"},
   {"two-party", value = 2, unit = "party"}},
  {"a 3,000-strong march and a one-off levy for a two-state plan", none = true},
  {"Over 9,000 first-time buyers registered.",
   {"9,000 first-time buyers", unit = "first-time buyers", approx = "over"}},
  {"COVID-19 hit the G20, iOS 18.2 shipped and one war raged.", none = true},
  {"Highs of 44C and 110F, winds of up to 70 km/h and 120mph, 45 degrees Celsius in Seville.",
   {"44C", value = 44, unit = "C"}, {"110F", value = 110, unit = "F"},
   {"70 km/h", value = 70, unit = "km/h", approx = "up to"}, {"120mph", value = 120, unit = "mph"},
   {"45 degrees Celsius", value = 45, unit = "degrees Celsius"}},
  {"The 2 GW plant; 43 GW to 50 GW of wind; an 800 kg satellite 225 million km away.",
   {"2 GW", value = 2, unit = "GW"}, {"43 GW to 50 GW", value = 43, max = 50, unit = "GW"},
   {"800 kg", value = 800, unit = "kg"}, {"225 million km", value = 225000000, unit = "km"}},
  {"It will hire 1,000 to 2,000 salespeople and vaccinate two-year-olds.",
   {"1,000 to 2,000 salespeople", value = 1000, max = 2000, unit = "salespeople"},
   {"two-year-olds", value = 2, unit = "year-olds"}},
  {"Lyles won the 100m at the worlds, two months after a £300,000 deal.",
   {"100m", value = 100, unit = "m", label = "quantity"}},
  {"Only two in three children were vaccinated. The midfielder, 26, signed.", none = true},
})

kind_rule("date", {
  {"The raid on 7 October shocked Israel.", date = "2023-10-18", {"7 October", value = "2023-10-07"}},
  {"It happened on October 7, after talks on 7 October 2022.",
   date = "2023-10-18", {"October 7", value = "2023-10-07"}, {"7 October 2022", value = "2022-10-07"}},
  {"The invasion in February 2022 and the war since 2023.", date = "2023-10-18",
   {"February 2022", value = "2022-02"}, {"2023", value = "2023"}},
  {"He was re-elected in March and will go there in November.", date = "2024-05-16",
   {"March", value = "2024-03"}, {"November", value = "2024-11"}},
  {"Back in November, talks failed.", date = "2023-10-18", {"November", value = "2022-11"}},
  {"Putin said Wednesday that the Tuesday night strike was a tragedy.", date = "2023-10-18",
   {"Wednesday", value = "2023-10-18"}, {"Tuesday night", value = "2023-10-17TNI"}},
  {"The Russian leader is due to travel to Harbin on Friday.", date = "2024-05-16",
   {"Friday", value = "2024-05-17"}},
  {"Trade hit a record last year, and this year, earlier this year, this week.",
   date = "2023-10-18", {"last year", value = "2022"}, {"this year", value = "2023"},
   {"earlier this year", value = "2023"}, {"this week", value = "2023-W42"}},
  {"Date: 2025-04-15 21:15", {"2025-04-15", value = "2025-04-15"}},
  {"in the 1990s and in 2022-23", {"1990s", value = "199"}, {"2022-23", value = "2022/2023"}},
  {"It was signed two years ago.", date = "2024-05-16", {"two years ago", value = "2022"}},
  {"The bridge shut in July last year and reopens in June next year.", date = "2025-03-10",
   {"July last year", value = "2024-07"}, {"June next year", value = "2026-06"}},
  {"Analysts expect a cut in October. Fans queued ahead of Saturday's final.", date = "2025-03-10",
   {"October", value = "2025-10"}, {"Saturday", value = "2025-03-15"}},
  {"Spending hit $4 billion, up from $2 billion a decade ago.", date = "2025-03-10",
   {"a decade ago", value = "201"}},
  {"Two decades ago the port handled half as much; two centuries ago it was a village.",
   date = "2024-06-01", {"Two decades ago", value = "200"}, {"two centuries ago", value = "18"}},
  {"The vote is on Monday, 4 March 2024, and he came on Tuesday 5 March.", date = "2024-03-10",
   {"Monday, 4 March 2024", value = "2024-03-04"}, {"Tuesday 5 March", value = "2024-03-05"}},
  {"Black Friday sales and May I say it", none = true},
  {"The levy stays until the end of August, the curfew till Friday; a review is due by the end of March.",
   date = "2025-06-10", {"August", value = "2025-08"}, {"Friday", value = "2025-06-13"},
   {"March", value = "2026-03"}},
  {"Schools were shut until the end of March; he said talks were paused until September.",
   date = "2025-06-10", {"March", value = "2025-03"}, {"September", value = "2025-09"}},
  {"The referendum on March 3 will settle it. Voting in January was calm.", date = "2025-02-10",
   {"March 3", value = "2025-03-03"}, {"January", value = "2025-01"}},
  -- (no future cue and no past verb in the clause: the nearer date)
  {"Markets price in a cut in September. City face Napoli on Tuesday.", date = "2025-08-02",
   {"September", value = "2025-09"}, {"Tuesday", value = "2025-08-05"}},
  {"Economists expect employers to have added jobs in July, up from June.", date = "2024-08-02",
   {"July", value = "2024-07"}, {"June", value = "2024-06"}},
  {"It was his first goal for the club since August.", date = "2024-03-18",
   {"August", value = "2023-08"}},
  {"Polls open on Thursday, July 4. We could see 48C by Wednesday. It plans rules by November 1.",
   date = "2024-06-27", {"Thursday, July 4", value = "2024-07-04"},
   {"Wednesday", value = "2024-07-03"}, {"November 1", value = "2024-11-01"}},
  {"Spending for the year to March 31 is estimated at $5bn; profit for the three months to June 30 rose.",
   date = "2024-07-23", {"March 31", value = "2025-03-31"}, {"June 30", value = "2024-06-30"}},
  {"Nvidia reports Q3 results; a cut is seen in Q1 next year; Q4 2024 was weak.", date = "2024-08-28",
   {"Q3", value = "2024-Q3"}, {"Q1 next year", value = "2025-Q1"}, {"Q4 2024", value = "2024-Q4"}},
  {"A landing in mid-2027, flights in late 2026, revenue in fiscal 2025, and in mid-March.",
   date = "2025-03-14", {"mid-2027", value = "2027"}, {"late 2026", value = "2026"},
   {"fiscal 2025", value = "2025"}, {"mid-March", value = "2025-03"}},
  {"Prices peaked in summer 2022; more troops by the autumn; GDP in the July-September quarter.",
   date = "2024-05-26", {"summer 2022", value = "2022-SU"}, {"autumn", value = "2024-FA"},
   {"July-September", value = "2024-07/2024-09"}},
  {"It is the third case this decade.", date = "2025-11-06", {"this decade", value = "202"}},
  {"China's Long March 10 rocket and the Arab Spring.", none = true},
})

kind_rule("duration", {
  {"They talked for three hours in a conflict that has raged for more than 10 days.",
   {"three hours", value = 3, unit = "hours"},
   {"10 days", value = 10, unit = "days", approx = "more than"}},
  {"the second in just over six months, after 75 years of ties",
   {"six months", value = 6, unit = "months", approx = "just over"},
   {"75 years", value = 75, unit = "years"}},
  {"42 times in the past decade at the two-day forum",
   {"the past decade", value = 1, unit = "decade"}, {"two-day", value = 2, unit = "day"}},
  {"A decade on, over the past year", {"A decade", value = 1, unit = "decade"},
   {"the past year", value = 1, unit = "year"}},
  {"The strike lasted three and a half weeks, after 20 consecutive trading days.",
   {"three and a half weeks", value = 3.5, unit = "weeks"},
   {"20 consecutive trading days", value = 20, unit = "days"}},
  {"The plan saves £5bn a year; output is 300,000 tonnes a month.", none = true},
  {"Tenants now pay £250 more a month, and rents rise 2% a year.", none = true},
  {"Growth slowed over the past three quarters, as three quarters of firms expected.",
   {"the past three quarters", value = 3, unit = "quarters"}},
  {"We are a year and a half into the plan; the trip takes six to nine months.",
   {"a year and a half", value = 1.5, unit = "year"},
   {"six to nine months", value = 6, max = 9, unit = "months"}},
  {"Talks resume in the coming weeks after a few hours of calm, the calmest in recent years.",
   {"the coming weeks", value = lore.json.null, unit = "weeks"},
   {"a few hours", value = lore.json.null, unit = "hours"}, {"recent years", unit = "years"}},
  {"Homes completed fell 6% on the previous 12 months.",
   {"the previous 12 months", value = 12, unit = "months"}},
  {"The plant emits millions of tonnes of carbon dioxide a year.",
   {"millions of tonnes of carbon", label = "quantity"}},
})

kind_rule("ordinal", {
  {"his first trip for a second time in his third term", {"first", value = 1},
   {"second", value = 2}, {"third", value = 3}},
  {"the 10th anniversary of the 21st century", {"10th", value = 10}, {"21st", value = 21}},
  {"Premier Li Qiang, China's number two official", {"number two", value = 2}},
  {"a third of the votes", none = true},
  {"Sales rose by a fifth in May and fell by a quarter.", none = true},
  {"She seeks a third term after a fourth straight win.", {"third", value = 3}, {"fourth", value = 4}},
})

-- A document run again (the REPL, explain) is read again.
after("figures_done", function () cache_doc = nil end)
