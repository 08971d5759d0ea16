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
--            resolution of its unit), "2022/2023" (a range),
--            "XXXX-10-07" (no year and no document date); null when vague
--            ("hundreds") or when a relative date has no document date
--   unit     money: ISO 4217 code; quantity: the counted noun as written
--            ("heads of state"); duration: the time unit as written ("days",
--            "day" in "two-day"); percent: "percentage points" or null
--   approx   the qualifier before the span ("more than", "about", "some",
--            "just over", ... from data/figures_approx.txt) or null; "a record
--            $190 billion" has none (the gold's reading: the amount is exact)
--   subject  what a money or percent figure is about when the sentence says
--            it ("trade" in "bilateral trade reaching $240 billion") or null
--   context  the sentence
--   max      the upper bound of a range ("$10-20 billion", "between 3% and
--            5%"), else absent
--
-- Data: data/figures_currencies.tsv, figures_nouns.txt (irregular and
-- multi-word counted nouns), figures_notnouns.txt, figures_approx.txt, figures_over.txt,
-- figures_subject.tsv. Months, weekdays and number words are kept here.
--
-- How it stays cheap: one token scan per document finds the anchors
-- (number and currency tokens; a closed set of words: number and ordinal
-- words, months, weekdays, year/week/month/decade/century, currency
-- codes), read as flat offsets (lore.rules.tokenset). Lua runs only on
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
    CUR_POST[form] = {code = code, scaled = where == "scaled"}
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

local APPROX, APPROX_LAST = words("data/figures_approx.txt", {lower = true}), {}
for k in pairs(APPROX) do APPROX_LAST[match(k, "(%S+)$")] = true end

-- Words before "over" that make it a preposition ("jailed over", "a row
-- over"), not "more than".
local OVER_PREP = words("data/figures_over.txt", {lower = true})

local LINK, OFNOUN, DROP, HEAD = {}, {}, {}, {}
for _, r in ipairs(rows("data/figures_subject.tsv")) do
  local t = r[2] == "link" and LINK or r[2] == "of" and OFNOUN or r[2] == "head" and HEAD or DROP
  t[r[1]] = true
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
  while k > 1 and o[2 * k - 2] > s0 do k = k - 1 end
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
  if n < 3 or byte(l, n) ~= 115 or NOTNOUN[l] then return false end   -- ends with s
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
  if best then return best.code, bend, best.scaled end
  return nil
end

-- Does the sentence speak of the future at position s1 (a weekday or a
-- month without a year)? A scheduling verb right before ("comes Saturday"),
-- or a future cue before it with no past speech verb after the last cue.
-- (The word cues share one pair of \b: the same matches as one \b pair per
-- cue, in a third of the time.)
local FUTURE = lore.regex("\\b(?:will|would|upcoming|plans? to|(?:is|are) (?:due|set to|scheduled|"
  .. "expected|to|going to)|to be held|to attend|expects?|scheduled for|ahead of)\\b|['’]ll\\b")
local PAST = lore.regex("\\b(?:said|told|announced|reported|was|were|had|met)\\b")
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

-- A date after a deadline word: "ahead" (the next such date), or
-- "nearest" (the nearer one, ahead or back) when its clause is in the past,
-- which may be a state that ended ("schools were shut until March") or
-- reported speech ("warned cuts were possible until August"); else nil.
local function deadline_mode (s1)
  if not deadline_before(s1) then return nil end
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

-- A month (and maybe day) without a year: the document year, or the one
-- before if that would be in the future (the one after in future tense).
local function infer_year (m, d, s1, e1)
  if not DY then return nil end
  local z = d and days_from_civil(DY, m, d)
  local dl = deadline_mode(s1)
  if dl == "nearest" then
    local best, bd
    for y = DY - 1, DY + 1 do
      local zy = days_from_civil(y, m, d or 15)
      if zy and (not bd or math.abs(zy - DZ) < bd) then best, bd = y, math.abs(zy - DZ) end
    end
    return best
  end
  if dl == "ahead" or future_tense(s1, e1) then
    if (z and z < DZ) or (not d and m < DM) then return DY + 1 end
    return DY
  end
  if (z and z > DZ) or (not d and m > DM) then return DY - 1 end
  return DY
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
  local w, ws = word_before(T, ds1 or s1)
  local lw = w and LC[w]
  if not d and not y then
    if m == 5 and not (lw and MAY_PREPS[lw]) then return nil end   -- "May" the verb
    if lw == "last" or lw == "next" or lw == "this" then      -- "last June": a year ago
      local v = NULL
      if DY then v = date_value(lw == "last" and DY - 1 or lw == "next" and DY + 1 or DY, m) end
      return emit("date", ws, e, v)
    end
  end
  local start = ds1 or s1
  if not y then y = infer_year(m, d, start, e) end
  local v = date_value(y, m, d)
  if not v then return nil end
  if d2 then
    local v2 = date_value(y, m, d2)
    if v2 then v = v .. "/" .. v2 end
  end
  -- "Wednesday, October 18": one date
  -- "Monday, 4 March" and "Tuesday 5 March" too
  if byte(T, start - 1) == 32 then
    local wd, comma = match(sub(T, max(1, start - 12), start - 2), "(%u%l+)(,?)$")
    if wd and WEEKDAYS[wd] then start = start - 1 - #comma - #wd end
  end
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
    local dl = deadline_mode(start)
    if mode == "this" or dl == "ahead" or (dl == "nearest" and (wd - dw) % 7 <= 3)
       or (not dl and future_tense(start, e)) then
      z = DZ + (wd - dw) % 7
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
      if #gap <= 24 and find(gap, "^ [%a ]+ $") then
        local n = 0
        for g in gap:gmatch("%a+") do
          n = n + 1
          if n > 2 or not RATE_GAP[LC[g]] then n = 3 break end
        end
        if n <= 2 then return nil end
      end
    end
    if aw == "earlier" or aw == "later" or aw == "before" or aw == "after" then return nil end
    if l2 == "half" then return emit("duration", s_2, e1, 0.5, l, approx_before(s_2)) end
    return emit("duration", s_1, e1, 1, l, approx_before(s_1))
  end
  return nil
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
  if not (d and d >= 48 and d <= 57) then return nil end
  local v2, stop2, info2, scale2 = number(T, r - 1)
  if not v2 or info2 & ORDINAL ~= 0 or v2 <= v then return nil end
  if info2 & SCALED ~= 0 and info & SCALED == 0 then v = v * scale2 end
  return v, v2, stop2, info2
end

-- The number starting at s1; cur/cs1: currency code and start of its
-- symbol when one comes before it.
local function at_number (s1, cur, cs1)
  local v, stop, info = number(T, s1 - 1)       -- info: flag bits
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
    -- Indian scale words: "5 crore", "3 lakh"
    local iw = match(T, "^ (%a+)", stop + 1)
    local k = iw and INDIAN_SCALE[lower(iw)]
    if k then v, stop, info = v * k, stop + 1 + #iw, info | SCALED end
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
        if b and v % 10 == 0 then return emit("date", s1, b, fmt("%03d", v // 10)) end
      end
      if c == 45 or c == 226 then
        local _, b, y2 = find(T, "^%-(%d%d%d?%d?)%f[%D]", q)
        if not b then _, b, y2 = find(T, "^–(%d%d%d?%d?)%f[%D]", q) end
        if b and (#y2 == 2 or #y2 == 4) then
          local yy = tonumber(y2)
          if #y2 == 2 then yy = v // 100 * 100 + yy end
          if yy > v and yy - v < 100 then
            return emit("date", s1, b, fmt("%04d/%04d", v, yy))
          end
        end
      end
    end
    -- ranges: "10-20 billion", "$10 to $20 million", "5–7%", "rise 20 to 25
    -- per cent"; not a change and the level reached ("rose $1.20 to $90.10")
    local c2 = byte(T, q + 1)
    if numeral and (c == 45 or c == 226 or c2 == 45 or c2 == 226 or c2 == 116)
       and not (c2 == 116 and (year_of(v) and not cur or cur and CHANGE_BEFORE[lwb])) then
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

  -- percent
  if c == 37 then return emit("percent", fs, q, v, nil, approx_before(fs), vmax) end
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

  -- money
  if cur then return emit("money", fs, q - 1, v, cur, approx_before(fs), vmax) end
  if nw and CUR_POST_FIRST[LC[nw]] then
    local cc, ce, scaled_only = currency_after(q, nw, nwe)
    if cc and (not scaled_only or info & SCALED ~= 0 or v >= 1000) and (numeral or info & SCALED ~= 0 or v > 1) then
      return emit("money", s1, ce, v, cc, approx_before(s1), vmax)
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
      -- "the past two years", "the next five years"
      if lwb == "past" or lwb == "last" or lwb == "next" or lwb == "first" or lwb == "coming" then
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
      return emit("date", s1, q - 1, fmt("%04d", v))
    end
  end

  -- counted quantities: "42 times", "two countries", "20 heads of state"
  if nw then
    local u, ue = counted_noun(q, nw, nws, nwe)
    if u then
      if v == 1 and info & WORDS ~= 0 then return nil end
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
    if numeral and info & SCALED == 0 and v < 130 and byte(T, fs - 1) == 32 and byte(T, fs - 2) == 44
       and (c == 44 or c == 41) and find(sub(T, max(1, fs - 30), fs - 3), "%u[%l%.]*$") then
      return nil
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
  ["in"] = true, across = true, to = true, ["for"] = true, on = true}

local function content_word (w)
  local l = LC[w]
  return not (FUNCTION_WORDS[l] or NOTNOUN[l] or DET[l] or LINK[l] or DROP[l] or find(w, "^%d")
              or find(w, "'") or #w < 2 or find(w, "^%u%l*%.$"))
end

-- Content words right before position p (nearest first), up to two: the
-- noun phrase as a list (text order) and the position of its first word.
local function np_at (p, ss, glued)
  local out, q = {}, p
  while #out < 2 do
    local w, s = word_before(T, q, glued and #out == 0)
    if not w or s <= ss or not content_word(w) then break end
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
  if cut then p = ss + #cut + 1 end
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
      if n and ns > ss and content_word(n) and not OFNOUN[LC[n]] then
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
  end
  -- "$100 billion of new funding", "$5 billion for roads"
  local prep, b = match(T, "^ (%a+) ()", O_SP[i] + 1)
  if prep then
    prep = LC[prep]
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
    -- "the $200 billion target"
    local nw = match(T, "^ (%l+)", O_SP[i] + 1)
    if nw and content_word(nw) and not TIME_UNITS[nw] and not find(nw, "ly$")
       and not find(nw, "ed$") and not find(nw, "ing$") then
      return nw
    end
  end
  return nil
end

-- {======================================================================
-- One pass per document, shared by the rules below
-- =======================================================================

local RULE_ID = {}        -- kind -> rule id (set when the rules are declared)
local cache_doc

-- Dispatch one anchor: the token [s1, e1] (1-based inclusive) with text w.
local function at_anchor (s1, e1, w)
  local c = byte(w, 1)
  if c >= 48 and c <= 57 then return at_number(s1) end
  local wd = WEEKDAYS[w]
  if wd then return weekday_date(s1, e1, wd) end
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
  if TIME_WORD[l] then return time_word(s1, e1, w) end
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
  -- or up to 300 bytes after; not those that go on from a counted quantity
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
          if O_LAB[j] == "money" then ref = j break end
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
})

kind_rule("percent", {
  {"Support fell to 75% in May.", {"75%", value = 75, subject = "support"}},
  {"Growth was 12 percent, then 12.5 per cent.", {"12 percent", value = 12},
   {"12.5 per cent", value = 12.5}},
  {"a 3.5 percentage point rise", {"3.5 percentage point", value = 3.5, unit = "percentage point"}},
  {"Turnout was nearly 60% and inflation 5.2 percent.", {"60%", approx = "nearly"}},
  {"Margins of between 4% and 6.5 per cent, rising 10 to 12 percent.",
   {"4% and 6.5 per cent", value = 4, max = 6.5}, {"10 to 12 percent", value = 10, max = 12}},
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
