-- rules/entities.lua: who and what is named. Layer `entities`: PERSON, ORG,
-- PLACE, MISC (docs/guidelines.md), each span with `canonical`, PERSON with
-- `gender` when known. Layer `mentions`: NOMINAL ("the Russian leader"),
-- with `ref` (the canonical name meant) and `ref_label`.
--
-- Evidence is combined; each mechanism is a rule below with its examples:
--
--   known      countries, cities, regions, organisations, news agencies,
--              initiatives and frequent people (rules/data/*.tsv), matched
--              in C as a gazetteer matches them; each entry's payload gives
--              label, canonical and gender.
--   dateline   "BEIJING:" / "HONG KONG --" at a line start -> the place;
--              a town the gazetteer does not know before its country or
--              state ("BELÉM, Brazil —").
--   names      capitalised runs that hold a word the gazetteer does not
--              know (found by one regex in C; Lua runs on these hits only):
--              titles ("Foreign Minister Wang Yi", "envoy Zhai Jun",
--              "Mr. X"), head words ("Foreign Ministry", "Winter Games",
--              "Partnership for ...", "Storm Daniel", "HMS Diamond"),
--              companies' suffixes ("Tesco Plc" -> Tesco), acronyms defined
--              in the document ("Belt and Road Initiative (BRI)" -> "BRI",
--              "..., known as INPE") or of a name given before ("the BOJ"),
--              surnames linked to the full name in the same document ("Wang"
--              -> Wang Yi, "Da Silva" -> Lula), an organisation by its first
--              or head word ("Copernicus", "the Commission"), cues around a
--              name (an apposition: ", a spokesman for", ", an Oslo-based
--              data firm"; "analysts at X", "oil company X"; "in X", "from X
--              to Y", "X, Texas"), sentence-initial common words left out
--              ("Clapping", "Instead"), and the common words of a headline in
--              title case; ages ("Eighteen-year-old") and "X-based" are no
--              part of a name; names with apostrophes (O'Brien, Ndung'u).
--   owned      "China's foreign ministry", "the Hamas-run health ministry":
--              a ministry named by its owner -> canonical from the owner.
--   bloc       "the West" (and "the South" as the Global South).
--   forum      "the New Silk Roads forum" -> Belt and Road Forum (an
--              initiative's forum or summit written in lowercase).
--   nominal    "the Russian leader" -> mentions/NOMINAL, ref = the Russian
--              leader named in the document (nationality and role from the
--              people data and from titles, then recency); "Its president,
--              X," -> X.
--   nominal_org "the agency", "the bloc", "the airline" -> the organisation
--              of that kind named last (a public agency before a news agency;
--              "the company": the one named most often in its sentence, else
--              its paragraph, else before) (ref_label ORG).
--   club       "Liverpool beat Everton", "Coventry City fans": a place that
--              names a club, next to a word of the game, is the club (ORG),
--              and so are its other mentions; "United" after Manchester
--              United.
--              Towns and a club's word ("Sheffield United"), nicknames of
--              the clubs named ("the Gunners"); the rule stops at once in
--              a document that names no club (a regex in C).
--   amazon     "the Amazon", "Amazon rainforest": the region, not the company.
--   work       works named in quotes in title case ("Anora", "Kinds of
--              Kindness"): MISC.
--   labour     (after the phase) "Labour costs" opening a sentence: no party.
--   relink     (after the phase) a known one-word alias whose surname
--              belongs to another person of the document ("Greg Pence ...
--              Pence") takes that person's name.
--
-- Speed: C matchers (a lexicon of the known entries, regexes) find
-- candidates over the whole document; Lua runs per hit, never per token;
-- all linking works over the list of hits, once per document. The known
-- entries and the names are added as spans in C (lore.rules.lexicon's
-- spans, lore.rules.add): no Lua call or table per span. Where lore.rules
-- is out of reach (primitives = false), a gazetteer and doc:add do the same.

phase "entities"
layer("entities", {policy = "longest", label_key = "label", exclude = {"boilerplate"},
                   labels = {"PERSON", "ORG", "PLACE", "MISC"}})
layer("mentions", {policy = "longest", label_key = "label", exclude = {"boilerplate"},
                   labels = {"NOMINAL"}})

local find, sub, lower, upper, gsub, match, gmatch, byte =
  string.find, string.sub, string.lower, string.upper, string.gsub, string.match,
  string.gmatch, string.byte
local concat, reverse = table.concat, string.reverse

-- lore.rules (C primitives for rules), unless out of reach (primitives = false):
-- then the same is done in Lua.
local P = require "lib.util"
local RULES = P.rules

local add_spans = P.add_spans

local RID = {}                -- rule name -> id (rules that add their spans)
local NONE = {}

-- {======================================================================
-- Data
-- =======================================================================

local function tsv (path)
  local rows = {}
  for line in io.lines(data(path)) do
    line = gsub(line, "\r$", "")
    if line ~= "" and sub(line, 1, 1) ~= "#" then
      local row, i = {}, 1
      for field in gmatch(line .. "\t", "([^\t]*)\t") do row[i] = field; i = i + 1 end
      rows[#rows + 1] = row
    end
  end
  return rows
end

local function split_list (s)
  local out = {}
  if s and s ~= "" then
    for x in gmatch(s, "[^,]+") do out[#out + 1] = (gsub(x, "^%s+", ""):gsub("%s+$", "")) end
  end
  return out
end

-- Accent folding for Lua-side lookups (the gazetteer folds in C).
local FOLD = {}
do
  local map = {
    ["à"] = "a", ["á"] = "a", ["â"] = "a", ["ã"] = "a", ["ä"] = "a", ["å"] = "a", ["ā"] = "a",
    ["ç"] = "c", ["č"] = "c", ["ć"] = "c", ["è"] = "e", ["é"] = "e", ["ê"] = "e", ["ë"] = "e",
    ["ē"] = "e", ["ì"] = "i", ["í"] = "i", ["î"] = "i", ["ï"] = "i", ["ī"] = "i", ["ñ"] = "n",
    ["ò"] = "o", ["ó"] = "o", ["ô"] = "o", ["õ"] = "o", ["ö"] = "o", ["ø"] = "o", ["ō"] = "o",
    ["ù"] = "u", ["ú"] = "u", ["û"] = "u", ["ü"] = "u", ["ū"] = "u", ["ý"] = "y", ["ğ"] = "g",
    ["ş"] = "s", ["š"] = "s", ["ž"] = "z", ["ř"] = "r", ["ł"] = "l", ["ő"] = "o", ["ű"] = "u",
    ["À"] = "A", ["Á"] = "A", ["Â"] = "A", ["Ä"] = "A", ["Å"] = "A", ["Ç"] = "C", ["Č"] = "C",
    ["É"] = "E", ["È"] = "E", ["Ê"] = "E", ["Í"] = "I", ["Î"] = "I", ["Ñ"] = "N", ["Ó"] = "O",
    ["Ô"] = "O", ["Ö"] = "O", ["Ø"] = "O", ["Ú"] = "U", ["Ü"] = "U", ["Š"] = "S", ["Ž"] = "Z",
    ["Ş"] = "S", ["Ł"] = "L", ["İ"] = "I",
    ["’"] = "'", ["‘"] = "'",
  }
  for k, v in pairs(map) do FOLD[k] = v end
end
local function fold_raw (s)
  if not find(s, "[\128-\255]") then return s end
  return (gsub(s, "[\192-\239][\128-\191]+", FOLD))
end
-- Folded forms are cached: the same words are folded again and again (a
-- table hit costs a tenth of the pattern test); the cache starts afresh
-- past 20000 entries.
local fold = P.memo(fold_raw, 20000)

-- Known entities: phrase -> payload {label=, canonical=, gender=}.
local KNOWN_ENTRIES = {}      -- for the gazetteer
local KT = {}                 -- folded phrase -> payload (Lua lookups)
local KMAXW = 1               -- longest entry in words
local PLACE_KIND = {}         -- canonical place -> "country" | "place" | "landmark"
local PEOPLE = {}             -- canonical -> {gender=, country=, roles={}, tokens={}}
local ORG_TERRITORY = {}      -- canonical org -> territory (place canonical)
local PERSON_ALIAS = {}       -- single-token person alias -> canonical

local function nwords (s)
  local n = 0
  for _ in gmatch(s, "[^%s%-]+") do n = n + 1 end
  return n
end

local payloads = {}           -- shared payload tables
local function payload (label, canonical, gender)
  local key = label .. "\0" .. canonical .. "\0" .. (gender or "")
  local p = payloads[key]
  if not p then
    p = {label = label, canonical = canonical, gender = gender}
    payloads[key] = p
  end
  return p
end

local function add_known (phrase, label, canonical, gender)
  local k = fold(phrase)
  if KT[k] then return end        -- the first file wins (people, orgs, places...)
  local p = payload(label, canonical, gender)
  KT[k] = p
  KNOWN_ENTRIES[#KNOWN_ENTRIES + 1] = {phrase, p}
  local n = nwords(phrase)
  if n > KMAXW then KMAXW = n end
end

for _, r in ipairs(tsv("data/people.tsv")) do
  local canon, gender, country = r[1], r[2] ~= "" and r[2] or nil, r[3]
  local roles = {}
  for _, x in ipairs(split_list(r[4])) do roles[x] = true end
  local rec = {canonical = canon, gender = gender, country = country ~= "" and country or nil,
               roles = roles}
  PEOPLE[canon] = rec
  add_known(canon, "PERSON", canon, gender)
  for _, a in ipairs(split_list(r[5])) do
    add_known(a, "PERSON", canon, gender)
    if not find(a, " ") then PERSON_ALIAS[a] = canon end
  end
end
local ORG_KIND = {}            -- canonical org -> kind (agency, bloc, court...)
for _, r in ipairs(tsv("data/orgs.tsv")) do
  add_known(r[1], "ORG", r[2])
  if r[3] and r[3] ~= "" then ORG_TERRITORY[r[2]] = r[3] end
  if r[4] and r[4] ~= "" then ORG_KIND[r[2]] = r[4] end
end
for _, r in ipairs(tsv("data/misc.tsv")) do add_known(r[1], "MISC", r[2]) end
for _, r in ipairs(tsv("data/countries.tsv")) do
  add_known(r[1], "PLACE", r[2]); PLACE_KIND[r[2]] = "country"
end
for _, r in ipairs(tsv("data/places.tsv")) do
  add_known(r[1], "PLACE", r[2])
  if not PLACE_KIND[r[2]] then PLACE_KIND[r[2]] = r[3] end
end
for _, r in ipairs(tsv("data/subdivisions.tsv")) do
  add_known(r[1], "PLACE", r[2]); PLACE_KIND[r[2]] = PLACE_KIND[r[2]] or "place"
end

-- Demonyms: word -> place; place -> adjective (first form listed).
local DEMONYM, ADJ = {}, {}
for _, r in ipairs(tsv("data/demonyms.tsv")) do
  DEMONYM[r[1]] = r[2]
  if not ADJ[r[2]] then ADJ[r[2]] = r[1] end
end

-- Titles: lowercase phrase -> {role=, gender=}; TITLE_WORD: capitalised
-- title words ("President", "Minister") that are not names.
local TITLES, TITLE_WORD, TMAXW = {}, {}, 1
for _, r in ipairs(tsv("data/titles.tsv")) do
  local t = {role = r[2] ~= "" and r[2] or nil, gender = r[3] ~= "" and r[3] or nil}
  TITLES[r[1]] = t
  local n = nwords(r[1])
  if n > TMAXW then TMAXW = n end
  for w in gmatch(r[1], "[^%s%-]+") do
    TITLE_WORD[upper(sub(w, 1, 1)) .. sub(w, 2)] = true
    -- short titles are acronyms too: "CEO Tim Cook", "MP Mel Stride"
    if #w <= 3 and not find(w, "%.") then TITLE_WORD[upper(w)] = true end
  end
end

-- Head words: pos "last" ends a name ("Foreign Ministry"), "first" starts
-- one before of/for/on ("Ministry of Defence"), "both"; "lead" starts one
-- before of/for/on or before name words ("Operation Prosperity Guardian",
-- "Storm Daniel", "USS Dwight D. Eisenhower"), "lastlead" is last and lead.
local HEADS = {}
for _, r in ipairs(tsv("data/heads.tsv")) do
  local pos = r[3]
  HEADS[r[1]] = {label = r[2], pos = pos,
                 last = pos == "last" or pos == "both" or pos == "lastlead",
                 first = pos == "first" or pos == "both" or pos == "lead" or pos == "lastlead",
                 lead = pos == "lead" or pos == "lastlead"}
end

local STOP = words("data/stopwords.txt")
local STOP_LOWER = {}
for w in pairs(STOP) do STOP_LOWER[lower(w)] = true end

-- Given names -> gender ("" when either): a run starting with one is a
-- name even when its other words are common words ("Sue Gray").
local GIVEN = {}
for _, r in ipairs(tsv("data/given_names.txt")) do GIVEN[r[1]] = r[2] or "" end
-- Frequent surnames that are common words ("Smith", "Brown", "Young"):
-- after a given name they make a name ("Brad Smith", "Will Young").
local SURNAME = words("data/surnames.txt")
-- Common words (wamerican, 64k): the sorted file is read as one string and
-- searched by bisection (a Lua table or a gazetteer that size costs time at
-- every load and every garbage collection); answers are cached.
local COMMON
do
  local f = assert(io.open(data("data/common_words.txt"), "rb"))
  local blob = f:read("a")
  f:close()
  local first = 1
  while sub(blob, first, first) == "#" do first = (find(blob, "\n", first, true) or #blob) + 1 end
  blob = "\n" .. sub(blob, first)
  local n = #blob
  -- (bisection needs byte order: Lua compares strings with strcoll, so
  -- under a locale with another collation the words go into a table)
  local set
  if not ("Z" < "a" and "a-b" < "ab") then
    set = {}
    for w in gmatch(blob, "[^\n]+") do set[w] = true end
  end
  -- Bisection over the newlines [lo, hi] that start a word (not a final
  -- one): a probe takes the first of them at or after the middle byte
  -- (found by memchr, no walk back over bytes) and the word after it.
  local function lookup (w)
    if set then return set[w] == true end
    local lo, hi = 1, n - 1
    while lo <= hi do
      local mid = (lo + hi) // 2
      local q = find(blob, "\n", mid, true)
      if not q or q > hi then
        hi = mid - 1                      -- none in [mid, hi]
      else
        local e = find(blob, "\n", q + 1, true) or n + 1
        local x = sub(blob, q + 1, e - 1)
        if x == w then return true end
        if x < w then lo = q + 1 else hi = q - 1 end
      end
    end
    return false
  end
  -- COMMON itself is the cache: a word looked up before is a plain table
  -- hit (no metamethod call); past 20000 words it starts afresh.
  local ncache = 0
  local mt = {}
  mt.__index = function (t, w)
    local v = (find(w, "^%l[%l%-]*$") and lookup(w)) and true or false
    if ncache > 20000 then
      t = setmetatable({}, mt)
      COMMON, ncache = t, 0
    end
    rawset(t, w, v)
    ncache = ncache + 1
    return v
  end
  COMMON = setmetatable({}, mt)
end

-- Roles a nominal head accepts ("the Russian leader" -> a president...).
local LEADER_ROLES = {"president", "premier", "prime minister", "chancellor", "king", "queen",
                      "supreme leader", "leader", "emir", "crown prince", "general secretary",
                      "military leader"}
local NOMINAL_ROLES = {
  leader = LEADER_ROLES,
  president = {"president"},
  ["president-elect"] = {"president"},
  premier = {"premier", "prime minister"},
  ["prime minister"] = {"prime minister", "premier"},
  chancellor = {"chancellor"},
  ["foreign minister"] = {"foreign minister", "foreign secretary", "secretary of state"},
  ["top diplomat"] = {"foreign minister", "foreign secretary", "secretary of state", "top diplomat"},
  ["defence minister"] = {"defence minister", "defense secretary"},
  ["defense minister"] = {"defence minister", "defense secretary"},
  ["defense secretary"] = {"defense secretary", "defence minister"},
  ["secretary of state"] = {"secretary of state"},
  ["secretary-general"] = {"secretary-general"},
  spokesman = {"spokesperson"}, spokeswoman = {"spokesperson"}, spokesperson = {"spokesperson"},
  envoy = {"envoy"}, ambassador = {"ambassador"},
  king = {"king"}, queen = {"queen"}, monarch = {"king", "queen"}, pope = {"pope"},
  emir = {"emir"}, ["crown prince"] = {"crown prince"}, ["supreme leader"] = {"supreme leader"},
}
for k, list in pairs(NOMINAL_ROLES) do
  local set = {}
  for _, x in ipairs(list) do set[x] = true end
  NOMINAL_ROLES[k] = set
end

-- People by country (for nominal links), and name tokens -> people (for a
-- surname alone: "Wang" -> Wang Yi when "Wang Yi" is in the document).
local PEOPLE_BY_COUNTRY, PEOPLE_BY_TOKEN = {}, {}
local SURFACES = {}           -- canonical -> list of surface forms
for _, e in ipairs(KNOWN_ENTRIES) do
  local p = e[2]
  if p.label == "PERSON" then
    local l = SURFACES[p.canonical] or {}
    l[#l + 1] = e[1]
    SURFACES[p.canonical] = l
  end
end
for canon, rec in pairs(PEOPLE) do
  if rec.country then
    local l = PEOPLE_BY_COUNTRY[rec.country] or {}
    l[#l + 1] = rec
    PEOPLE_BY_COUNTRY[rec.country] = l
  end
  for w in gmatch(canon, "[^%s]+") do
    if not PERSON_ALIAS[w] and #w > 1 then
      local l = PEOPLE_BY_TOKEN[w] or {}
      l[#l + 1] = canon
      PEOPLE_BY_TOKEN[w] = l
    end
  end
end
for _, l in pairs(PEOPLE_BY_COUNTRY) do
  table.sort(l, function (a, b) return a.canonical < b.canonical end)
end
-- (in name order: the first of them named in a document wins, which must
-- not depend on the order of a hash table)
for _, l in pairs(PEOPLE_BY_TOKEN) do table.sort(l) end

-- The known entries: a lexicon where lore.rules is at hand (it matches as
-- the gazetteer does, without folding every token of the document), its
-- spans made in C with the label, canonical and gender of the entry's
-- payload (the last one given for it, as in a gazetteer); else a
-- gazetteer.
local KNOWN, KLEX, KCOLS
if RULES then
  KLEX = RULES.lexicon(nil, {ignore_accents = true})
  local lab, can, gen = {}, {}, {}
  for _, e in ipairs(KNOWN_ENTRIES) do
    local id, p = KLEX:add(e[1]), e[2]
    lab[id], can[id], gen[id] = p.label, p.canonical, p.gender
  end
  KCOLS = {label = lab, priority = 1, attrs = {canonical = can, gender = gen}}
else
  KNOWN = gazetteer(KNOWN_ENTRIES, {ignore_accents = true})
end

local function known_match (doc)
  KLEX:spans(doc, "entities", KCOLS)
  return NONE
end

-- First word of the entries -> the longest entry starting with it (words).
local KFIRST = {}
for _, e in ipairs(KNOWN_ENTRIES) do
  local f = fold(match(e[1], "^[^%s%-]+"))
  local n = nwords(e[1])
  if not KFIRST[f] or KFIRST[f] < n then KFIRST[f] = n end
end

-- First words of multi-word entries ("United" of "United States").
local KFIRST_MULTI = {}
for _, e in ipairs(KNOWN_ENTRIES) do
  local f = match(fold(e[1]), "^(%S+) ")
  if f then KFIRST_MULTI[f] = true end
end

-- Last words of titles ("minister", "envoy", "mr."): a title check runs
-- only after one of them.
local TITLE_LAST = {}
for t in pairs(TITLES) do TITLE_LAST[match(t, "(%S+)$")] = true end

-- {======================================================================
-- Small helpers over the raw text
-- =======================================================================

local function is_upper_initial (w)
  local b = byte(w, 1)
  if not b then return false end
  if b >= 65 and b <= 90 then return true end
  if b < 128 then return false end
  -- a few common non-ASCII capitals (À-Þ, Č, Š, Ž...)
  local c = sub(w, 1, 2)
  return (b == 195 and byte(w, 2) >= 128 and byte(w, 2) <= 158) or c == "Č" or c == "Š"
         or c == "Ž" or c == "Ł" or c == "Ş" or c == "İ"
end

local function is_allcaps (w)
  -- (the first two bytes decide most words: "Wang" fails at the "a")
  local b1, b2 = byte(w, 1, 2)
  if not b2 or b1 < 65 or b1 > 90 or not ((b2 >= 65 and b2 <= 90) or (b2 >= 48 and b2 <= 57)
                                          or b2 == 38 or b2 == 46) then
    return false
  end
  return find(w, "^[A-Z][A-Z0-9&.]*[A-Z0-9]s?$") ~= nil and #w >= 2
end

-- Is the byte offset s (0-based) at the start of a sentence? Looks back over
-- white space, opening quotes and brackets.
local function sentence_initial (text, s)
  local i = s                      -- 1-based index of the char before s+1
  while i > 0 do
    local c = byte(text, i)
    if c == 32 or c == 9 or c == 34 or c == 39 or c == 40 or c == 91 then
      i = i - 1
    elseif c == 10 or c == 13 then
      return true
    elseif c >= 128 then
      -- typographic quotes “ ‘ (E2 80 9C / E2 80 98) and dashes
      if i >= 3 and byte(text, i - 2) == 0xE2 and byte(text, i - 1) == 0x80 then
        local k = byte(text, i)
        if k == 0x9C or k == 0x98 then i = i - 3
        elseif k == 0x94 or k == 0x93 then return true
        else return false end
      else
        return false
      end
    else
      return c == 46 or c == 33 or c == 63 or c == 58 or c == 45
    end
  end
  return true
end

-- The last TMAXW + 2 words (runs of non-space) of the 80 bytes before byte
-- offset s (0-based), nearest last: one anchored match takes the first
-- words of the reversed text (captures past the last word are empty), so
-- no pattern runs over the words further back.
local WB_PAT = "^%s*(%S*)" .. string.rep("%s*(%S*)", TMAXW + 1)
local function words_before (text, s)
  local rw = {match(reverse(sub(text, s > 80 and s - 79 or 1, s)), WB_PAT)}
  local k = 0
  while rw[k + 1] and rw[k + 1] ~= "" do k = k + 1 end
  local out = {}
  for i = 1, k do out[i] = reverse(rw[k - i + 1]) end
  return out
end

local TB_CAND = {}             -- scratch list of title_before

-- The longest title ending right before offset s (0-based). Returns the
-- title record, its lowercase phrase, and the two words before it (where a
-- demonym or "former" may be).
local function title_before (text, s)
  -- the word right before s, found by walking back over the bytes
  local e = s
  while e > 0 and (byte(text, e) == 32 or byte(text, e) == 9) do e = e - 1 end
  local b = e
  while b > 0 do
    local c = byte(text, b)
    if c == 32 or c == 9 or c == 10 or c == 13 then break end
    b = b - 1
  end
  if e <= b or not TITLE_LAST[lower(sub(text, b + 1, e))] then return nil end
  local ws = words_before(text, s)
  local nw = #ws
  local nl = nw < TMAXW and nw or TMAXW
  -- the phrases of the last 1..nl words, built from the right a word at a
  -- time (folding and lowercasing word by word gives the same bytes: no
  -- folded sequence spans a space)
  local cand, acc = TB_CAND, nil
  for len = 1, nl do
    local w = lower(fold(ws[nw - len + 1]))
    acc = acc and w .. " " .. acc or w
    cand[len] = acc
  end
  for len = nl, 1, -1 do
    local phrase = cand[len]
    local t = TITLES[phrase]
    if t then return t, phrase, ws[nw - len], ws[nw - len - 1] end
  end
  return nil
end

-- The word ending right before offset s (0-based) on the same line, and its
-- start offset.
local function prev_word (text, s)
  local e = s
  while e > 0 and byte(text, e) == 32 do e = e - 1 end
  local b = e
  while b > 0 do
    local c = byte(text, b)
    if c == 32 or c == 9 or c == 10 or c == 13 then break end
    b = b - 1
  end
  if e <= b then return nil end
  return sub(text, b + 1, e), b
end

-- Words before a place: "in Kostiantynivka", "near Chasiv Yar", "the city
-- of X", "the town of X".
local PLACE_PREP = {["in"] = true, near = true, outside = true, around = true, across = true,
                    into = true, towards = true, toward = true}
local PLACE_NOUN = {city = true, town = true, village = true, region = true, province = true,
                    district = true, port = true, county = true, state = true, island = true,
                    capital = true, suburb = true, settlement = true, oblast = true,
                    resort = true, municipality = true, enclave = true}
local function known_place (w)
  local p = w and KT[fold(w)]
  return p ~= nil and p.label == "PLACE"
end

local function place_cue_w (text, w, b)
  if not w then return false end
  if PLACE_PREP[w] then return true end
  if w == "of" then
    -- "the city of X"; "Sam Jones, of Keighley,"
    if byte(text, b) == 32 and byte(text, b - 1) == 44 then return true end
    local w2 = prev_word(text, b)
    return w2 ~= nil and PLACE_NOUN[w2] ~= nil
  end
  if w == "to" then
    -- "from Sevastopol to Novorossiysk"
    local w2, b2 = prev_word(text, b)
    if w2 and known_place(w2) then return prev_word(text, b2) == "from" end
  end
  return false
end

local function place_cue (text, s)
  return place_cue_w(text, prev_word(text, s))
end

-- Words after a place: "the Dnipropetrovsk region", "Cupertino,
-- California-based", "Keighley, West Yorkshire." (a country or a state
-- after the comma, and nothing more in that clause).
local PLACE_NOUN_AFTER = {region = true, regions = true, province = true, provinces = true,
                          oblast = true, district = true, districts = true, prefecture = true,
                          governorate = true, municipality = true}
local function place_after (text, e)
  local w = match(text, "^ (%l+)", e + 1)
  if w then return PLACE_NOUN_AFTER[w] == true end
  local seg = match(text, "^, (%u[%a%. ]*%a%.?)[,;:%(%-\n]", e + 1)
               or match(text, "^, (%u[%a%. ]*%a)%.", e + 1)
  if not seg or #seg > 30 then return false end
  local p = KT[fold(seg)] or KT[fold(match(seg, "^(.-)%.?$"))]
  return p ~= nil and p.label == "PLACE"
         and (PLACE_KIND[p.canonical] == "country" or PLACE_KIND[p.canonical] == "place")
end

local SPEECH_AFTER = {said = true, says = true, told = true, added = true, noted = true,
  stressed = true, warned = true, wrote = true, asked = true, explained = true,
  insisted = true, argued = true, claimed = true, stated = true, declared = true,
  replied = true, responded = true, urged = true, announced = true, tweeted = true}

-- Words after a company's name: "Salesforce shares dropped".
local ORG_AFTER = {shares = true, stock = true, stocks = true, shareholders = true,
                   stockholders = true}
local function org_after (text, e)
  local w = match(text, "^ (%l+)", e + 1)
  return w and ORG_AFTER[w] or false
end

local function speech_after (text, e)
  local w = match(text, "^%s+(%l+)", e + 1)
  return w and SPEECH_AFTER[w] or false
end

-- Nouns that name an organisation's kind: in an apposition after a name
-- ("Xeneta, an Oslo-based data firm", "Rengo, Japan's biggest labour union
-- group", "Epic Games, the maker of Fortnite") or right before it
-- ("shipping giant A.P. Moller-Maersk", "oil company Petrobras").
local ORG_NOUN = {}
for w in ("company firm group giant maker manufacturer producer retailer chain supermarket "
          .. "grocer bank lender insurer carrier airline operator startup start-up conglomerate "
          .. "union federation alliance association charity organisation organization agency "
          .. "regulator watchdog tank broadcaster newspaper publisher developer provider "
          .. "consultancy fund club party coalition line miner brewer distributor studio "
          .. "subsidiary network outlet platform exchange foundation band label automaker "
          .. "carmaker chipmaker drugmaker"):gmatch("%S+") do
  ORG_NOUN[w] = true
end
-- (before a name, not the words that also come before a person: "the
-- party Jane Smith leads", "a club ...")
local ORG_NOUN_BEFORE = {}
for w in pairs(ORG_NOUN) do ORG_NOUN_BEFORE[w] = true end
for w in ("party club line label band platform network outlet tank alliance"):gmatch("%S+") do
  ORG_NOUN_BEFORE[w] = nil
end
-- "analysts at Bernstein", "economists at Nomura"
local STAFF_AT = {}
for w in ("analysts analyst economists economist strategists strategist researchers "
          .. "researcher scientists scientist staff employees workers executives engineers "
          .. "traders"):gmatch("%S+") do
  STAFF_AT[w] = true
end
local APPOS_SKIP = {a = true, an = true, the = true, its = true, his = true, her = true,
                    their = true, former = true, ["then"] = true, longtime = true,
                    veteran = true, outgoing = true, new = true}
local APPOS_END = {of = true, ["for"] = true, at = true, ["in"] = true, on = true, with = true,
                   that = true, which = true, who = true, whose = true, from = true, to = true,
                   by = true, ["and"] = true, backed = true, owned = true, based = true,
                   run = true, led = true, founded = true, controlled = true, listed = true}

-- An apposition right after a name (", a spokesman for the group,"):
-- "person" when it opens with a title, "org" when its noun phrase ends in
-- an organisation's kind, else nil.
local function apposition (text, e)
  if byte(text, e + 1) ~= 44 or byte(text, e + 2) ~= 32 then return nil end
  local seg = match(text, "^[^,.;:!?\n()\"]+", e + 3)
  if not seg then return nil end
  local ws, n = {}, 0
  for w in gmatch(seg, "%S+") do
    n = n + 1
    ws[n] = w
    if n >= 8 then break end
  end
  -- ("Cupertino, California-based": a town and its state)
  if n > 0 and find(ws[1], "^%u.*%-based$") then return nil end
  local i = 1
  while i <= n and (APPOS_SKIP[ws[i]] or find(ws[i], "['’]s$") or DEMONYM[ws[i]]
                    or find(ws[i], "%-based$")) do
    i = i + 1
  end
  if i > n then return nil end
  local acc
  for j = i, math.min(n, i + TMAXW - 1) do
    local lw = lower(fold(ws[j]))
    acc = acc and acc .. " " .. lw or lw
    if TITLES[acc] then return "person" end
  end
  local last
  for j = i, n do
    local lw = lower(ws[j])
    if APPOS_END[lw] then break end
    last = lw
  end
  if last and ORG_NOUN[last] then return "org" end
  return nil
end

-- An organisation's kind right before a name ("data firm Xeneta"), or
-- staff at it ("analysts at SBM Intelligence").
local function org_before (text, w, b)
  if not w then return false end
  if ORG_NOUN_BEFORE[w] then return true end
  if w == "at" then
    local w2 = prev_word(text, b)
    return w2 ~= nil and STAFF_AT[lower(w2)] ~= nil
  end
  return false
end

-- The country a word before a title stands for: a demonym ("Chinese"), a
-- country ("Russia's", "U.S."), or an organisation.
local function country_of_word (w)
  if not w then return nil end
  -- strip a final 's, then ’s, then one of , ; : (compared as bytes: no
  -- new string unless something goes)
  local n = #w
  if n >= 2 and byte(w, n) == 115 and byte(w, n - 1) == 39 then
    w = sub(w, 1, n - 2); n = n - 2
  end
  if n >= 4 and byte(w, n) == 115 and byte(w, n - 1) == 0x99 and byte(w, n - 2) == 0x80
     and byte(w, n - 3) == 0xE2 then
    w = sub(w, 1, n - 4); n = n - 4
  end
  local c = byte(w, n)
  if c == 44 or c == 59 or c == 58 then w = sub(w, 1, n - 1) end
  if DEMONYM[w] then return DEMONYM[w] end
  local p = KT[fold(w)]
  if p and (p.label == "PLACE" or p.label == "ORG") then return p.canonical end
  return nil
end

-- {======================================================================
-- Per-document state (shared by the rules of this phase)
-- =======================================================================

local ST_DOC, ST = nil, nil
local function state (doc)
  if ST_DOC ~= doc then
    ST_DOC = doc
    ST = {persons = {}, by_token = {}, acro = {}, first = {}, has = {}, text = doc.text,
          version = 0}
  end
  return ST
end

-- Record a person of the document: canonical, position, country, role.
local function note_person (st, canon, pos, country, role, gender)
  st.version = st.version + 1         -- (lists derived from persons go stale)
  local p = st.persons[canon]
  if not p then
    p = {canonical = canon, first = pos, last = pos, roles = {}}
    st.persons[canon] = p
    for w in gmatch(canon, "[^%s]+") do
      if #w > 1 and not st.by_token[w] then st.by_token[w] = canon end
      for h in gmatch(w, "[^%-]+") do
        if #h > 1 and h ~= w and not st.by_token[h] then st.by_token[h] = canon end
      end
    end
  end
  if pos < p.first then p.first = pos end
  if pos > p.last then p.last = pos end
  if country and not p.country then p.country = country end
  if role then p.roles[role] = true end
  if gender and not p.gender then p.gender = gender end
  return p
end

-- {======================================================================
-- The trigger regex: capitalised runs holding a word the rules must look at
-- =======================================================================

-- Words that never trigger: stop words, titles, demonyms, the single-word
-- entries of the gazetteer and the words of its multi-word entries other
-- than people (their matches are spans already), the other words of people
-- known by a one-word alias. Head words ("Ministry", "Initiative") and the
-- words of other people's names ("Wang", "Ahmed") trigger: a known full
-- name is then a quick lookup in Lua.
local EXCL = {}
do
  for w in pairs(STOP) do EXCL[w] = true end
  for w in pairs(TITLE_WORD) do EXCL[w] = true end
  for w in pairs(DEMONYM) do EXCL[w] = true end
  for _, e in ipairs(KNOWN_ENTRIES) do
    local phrase, p = e[1], e[2]
    if p.label ~= "PERSON" or not find(phrase, "[%s]") then
      for w in gmatch(phrase, "[^%s%-]+") do
        if is_upper_initial(w) then EXCL[gsub(w, ",$", "")] = true end
      end
    end
  end
  -- surnames of known people trigger though another entry holds them
  -- ("Cook" of Tim Cook and of the Cook Islands): "Cook's first call"
  for canon in pairs(PEOPLE) do
    local last = match(canon, " (%S+)$")
    if last and EXCL[last] and not KT[fold(last)] and not STOP[last] and not TITLE_WORD[last]
       and not DEMONYM[last] then
      EXCL[last] = nil
    end
  end
  -- the words of people known by a one-word alias ("Vladimir", "Jinping"
  -- of Putin and Xi) when no other known person shares them ("Ahmed" does)
  local count, aliased = {}, {}
  for canon in pairs(PEOPLE) do
    for w in gmatch(canon, "[^%s]+") do
      count[w] = (count[w] or 0) + 1
      if PERSON_ALIAS[w] then aliased[canon] = true end
    end
  end
  for canon in pairs(aliased) do
    for w in gmatch(canon, "[^%s]+") do
      if count[w] == 1 and is_upper_initial(w) then EXCL[w] = true end
    end
  end
  for w in pairs(HEADS) do EXCL[w] = nil end
end

-- A regex alternation of the words as a trie ("Be(?:ijing|rlin)"): PCRE2
-- then tests each capitalised word in a few steps, whatever the list size.
local function trie_regex (set)
  local list = {}
  for w in pairs(set) do list[#list + 1] = w end
  table.sort(list)
  local function esc (c)
    if #c > 1 or find(c, "^[%w]$") then return c end
    return "\\" .. c
  end
  -- list[lo..hi] share their first i-1 bytes
  local function emit (lo, hi, i)
    if lo == hi then                      -- one word left: the rest of it
      return (gsub(sub(list[lo], i), "[^%w\128-\255]", "\\%0"))
    end
    local alts, term, j = {}, false, lo
    while j <= hi do
      local w = list[j]
      if #w < i then
        term = true
        j = j + 1
      else
        local c = byte(w, i)
        local clen = c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4
        local ch = sub(w, i, i + clen - 1)
        local k = j + 1
        while k <= hi and sub(list[k], i, i + clen - 1) == ch do k = k + 1 end
        alts[#alts + 1] = esc(ch) .. emit(j, k - 1, i + clen)
        j = k
      end
    end
    if #alts == 0 then return "" end
    local r = #alts == 1 and alts[1] or "(?:" .. concat(alts, "|") .. ")"
    if term then r = "(?:" .. r .. ")?" end
    return r
  end
  return emit(1, #list, 1)
end

-- A capitalised word, the separators inside a run (spaces, hyphens,
-- connectors), a trigger word (not in EXCL), and the run: capitalised words
-- around at least one trigger word. The lookahead makes PCRE2 try only at
-- capital letters; the lookbehind only at word starts. A word is an atomic
-- group (its letters possessive): any shorter reading of it ends before a
-- letter, a '.', "-" and a lowercase letter, an apostrophe and a letter
-- ("O'Brien", "Ndung'u"), or "'s", where no separator and word can
-- follow, so PCRE2 need not try them (it does, at every
-- capital of the text, when a run fails further on: a fifth of the time).
local L = [[\p{L}\p{M}\p{N}]]
local WORD = [[(?>(?:\p{Lu}\.){2,}|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Prof|Capt|Adm|Maj|Sgt|Jr|Sr|Inc|Corp|Co|Ltd)\.|\p{Lu}\.(?= \p{Lu})|\p{Lu}[]] .. L .. [[]*+(?:['’](?:\p{Lu}[]] .. L .. [[]*+|(?!(?:s|t|d|m|ll|re|ve)(?![]] .. L .. [[]))\p{Ll}[]] .. L .. [[]*+))?(?:-\p{Ll}[]] .. L .. [[]*+)*(?:['’](?:s(?![]] .. L .. [[])|(?<=s['’])(?![]] .. L .. [[])))?)]]
local SEP = [[(?:[ \x{A0}]+|-|[ ](?:van|von|de)[ ](?:de|der|den|la|le|los|las)[ ]|[ ](?:of|for|and|de|da|del|des|du|do|dos|van|von|der|den|ten|ter|bin|ibn|&)[ ]|[ ](?:of|for|on) the[ ]|[ ](?:al|el)-)]]
local TRIG = "(?!(?:" .. trie_regex(EXCL) .. ")(?![" .. L .. "]|\\.[" .. L .. "]|['’](?!s(?![" .. L .. "]))[" .. L .. "]))" .. WORD
local RUN_RE = lore.regex("(?=[A-Z\\x{C0}-\\x{DE}\\x{100}-\\x{17F}])(?<![" .. L .. "'’.-])(?:" .. WORD .. SEP .. ")*?"
                          .. TRIG .. "(?:" .. SEP .. WORD .. ")*")

-- Acronym definitions: "Belt and Road Initiative (BRI)".
local ACRO_RE = lore.regex([[\((\p{Lu}[\p{Lu}\p{N}&.-]*\p{Lu}s?)\)]])
local ACRO_BEFORE = lore.regex([[(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’-]*|of|for|and|the|on|in|de|&))+)\s*$]])

-- {======================================================================
-- Classifying a run
-- =======================================================================

-- Company suffixes: "Nvidia Corp" is the known Nvidia.
local CORP_SUFFIX = {Corp = true, ["Corp."] = true, Inc = true, ["Inc."] = true, Ltd = true,
                     ["Ltd."] = true, ["Co."] = true, Co = true, PLC = true, Plc = true,
                     plc = true, AG = true, GmbH = true, LLC = true, Group = true,
                     Holdings = true, Holding = true}

local ORDINAL = {}
for w in ("First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth"):gmatch("%S+") do
  ORDINAL[w] = true
end

-- Connectors inside a name before its head word ("Bank of England",
-- "Computer & Communications Industry Association").
local CONNECTOR = {["and"] = true, of = true, ["for"] = true, ["&"] = true}

-- Head words of places of worship: "St Multose Church" is the building.
local PLACE_CHURCH = {Church = true, Chapel = true, Abbey = true, Cathedral = true, Minster = true}

-- Words that make a run a sports club: "FC Porto", "Bristol Rovers FC".
local CLUB_AFFIX = {FC = true, AFC = true, CF = true}

-- Head words of company names whose other words name the company alone
-- ("Skyline Airways" -> "Skyline").
local COMPANY_HEAD = {}
for w in ("Airlines Airways Air Group Holdings Motors Motor Industries Technologies Systems Telecom "
          .. "Petroleum Corporation Corp Corp. Inc Inc. Ltd Ltd. LLC PLC Plc plc AG GmbH Co. Co "
          .. "Capital Partners Supermarkets Pharmaceuticals "
          .. "Therapeutics Labs Laboratories Electronics Software Logistics Foods Brewing"):gmatch("%S+") do
  COMPANY_HEAD[w] = true
end

-- Lowercase particles inside people's names.
local PARTICLE = {bin = true, ibn = true, al = true, el = true, de = true, da = true, del = true,
                  des = true, du = true,
                  dos = true, van = true, von = true, der = true, den = true, ten = true,
                  ter = true, la = true, le = true,
                  los = true, las = true}

-- Head words that make no name after a bare demonym ("Russian TV").
local GENERIC_HEAD = {TV = true, Television = true, Radio = true, Media = true, News = true,
                      Press = true, Police = true, Army = true, Navy = true}

-- "Hamas-run", "Moscow-led": the suffix is not part of the name.
local AFFIX = {}
for w in gmatch("run led based backed controlled owned born made style linked allied affiliated "
                .. "funded sponsored held occupied annexed bound friendly aligned speaking era", "%S+") do
  AFFIX[w] = true
end

-- Split a run into words: {w=, s=, e=, hy=(joined by a hyphen to the
-- previous word), poss=(followed by 's), conn=(a lowercase connector)}.
local function run_words (text, s0, e0)
  local out = {}
  local rt = sub(text, s0 + 1, e0)
  if find(rt, "\194\160", 1, true) then rt = gsub(rt, "\194\160", "  ") end
  for a, w, b in gmatch(rt, "()([^ %-]+)()") do
    local rec = {w = w, s = s0 + a - 1, e = s0 + b - 1, hy = a > 1 and byte(rt, a - 1) == 45}
    local last = byte(w, #w)
    if last == 115 and #w > 2 then                  -- ...'s / ...’s
      local base = match(w, "^(.-)'s$") or match(w, "^(.-)’s$")
      if base and base ~= "" then
        rec.w, rec.poss, rec.e = base, true, rec.e - (#w - #base)
      end
    elseif (last == 39 or last == 0x99) and #w > 3 then   -- "Magistrates'"
      local base = match(w, "^(.-s)'$") or match(w, "^(.-s)’$")
      if base then rec.w, rec.poss, rec.e = base, true, rec.e - (#w - #base) end
    end
    local prev = out[#out]
    if rec.hy and prev and not prev.conn and not is_upper_initial(w) then
      -- "Co-operation": a lowercase part joins the word before it
      prev.w = sub(text, prev.s + 1, rec.e)
      prev.e, prev.poss, prev.lowtail = rec.e, rec.poss, true
    else
      if not is_upper_initial(rec.w) then rec.conn = true end
      out[#out + 1] = rec
    end
  end
  -- "Hamas-run", "Moscow-led": the name stops before the suffix (and a
  -- name after it is another: "Lagos-based SBM Intelligence");
  -- "Eighteen-year-old Sam Jones": an age is no name
  local n = #out
  for k = 1, n do
    local w = out[k]
    if w.lowtail then
      local head, tail = match(w.w, "^(.-)%-(%l+)$")
      if head and AFFIX[tail] then
        w.e = w.s + #head
        w.w = head
        w.poss = nil
        if k < n then w.poss, w.affix = true, true end
      elseif k < n and find(w.w, "^%u%l+%-%l+%-old$") then
        w.skip, w.poss, w.affix = true, true, true
      end
    end
  end
  return out
end

-- A given name that is a common or stop word (ws[k]) before a surname that
-- is not: "Will Rhind said", "Grace Holloway, 52," (not "Will the party
-- survive?", nor "Will Biden run?": a known name).
local function given_at (ws, k, text)
  local w2 = ws[k + 1]
  if not (GIVEN[ws[k].w] ~= nil and w2 ~= nil and not (ws[k].poss or w2.conn or w2.hy or w2.known)
          and not STOP[w2.w] and not TITLE_WORD[w2.w]) then
    return false
  end
  -- a surname that is a common word too: a frequent one ("Brad Smith"),
  -- or one a title or a speech verb follows ("Peter Sand, chief analyst")
  return not COMMON[lower(w2.w)] or SURNAME[w2.w]
         or (k + 1 == #ws and not w2.poss
             and (speech_after(text, w2.e) or apposition(text, w2.e) == "person"))
end

-- The phrase of words a..b as the gazetteer would see it.
local function phrase (ws, a, b)
  if a == b then return ws[a].w end       -- (most lookups: one word)
  local parts = {}
  for k = a, b do
    if k > a then parts[#parts + 1] = ws[k].hy and "-" or " " end
    parts[#parts + 1] = ws[k].w
  end
  return concat(parts)
end

-- Greedy longest known entries over the words: ws[k].known = payload.
local function mark_known (ws)
  local k = 1
  while k <= #ws do
    local best
    local maxlen = not ws[k].conn and KFIRST[fold(ws[k].w)]
    if maxlen then
      for len = math.min(maxlen, #ws - k + 1), 1, -1 do
        local b = k + len - 1
        if not ws[b].conn then
          local ok = true
          for m = k, b - 1 do if ws[m].poss then ok = false break end end
          if ok then
            local p = KT[fold(phrase(ws, k, b))]
            if p then best = b; for m = k, b do ws[m].known = p; ws[m].kfirst = k; ws[m].klast = b end break end
          end
        end
      end
    end
    k = (best or k) + 1
  end
end

local function canon_text (s)
  return (gsub(gsub(s, "%s+", " "), "’", "'"))
end

-- Ministries named "Foreign Ministry" after a demonym or a country get the
-- owner's adjective: "Chinese Foreign Ministry".
local MINISTRY_OF = {["Foreign Affairs"] = "Foreign", ["Defense"] = "Defense", ["Defence"] = "Defence",
                     ["Internal Affairs"] = "Interior", ["Home Affairs"] = "Interior",
                     ["Public Health"] = "Health"}

local function owner_adj (place)
  if not place then return nil end
  if PLACE_KIND[place] == "country" and ADJ[place] then return ADJ[place] end
  return place
end

-- A head word that is a surname after a title: "Judge Ellen Park",
-- "candidate Susan Hall", "Councillor Ann Church". The one or two words
-- before the head follow a title (in the run or right before it) and are
-- name words, not common ones unless a given name.
local function titled_name (text, ws, k)
  local t = k - 1
  while t >= 1 and not ws[t].title do t = t - 1 end
  local first = t + 1
  if k - first < 1 or k - first > 2 then return false end
  for m = first, k - 1 do
    local w = ws[m]
    if w.conn or w.known or w.stop or w.skip or w.dem or w.poss or w.hy then return false end
    if not GIVEN[w.w] and COMMON[lower(w.w)] then return false end
  end
  if t >= 1 then return true end
  return title_before(text, ws[1].s) ~= nil
end

-- Do the words ending at ws[i] (back to a connector or stop word) hold a
-- head word or a known name other than a person's ("Council" of "Council
-- of Europe Development Bank")?
local function name_before_of (ws, i)
  while i >= 1 do
    local w = ws[i]
    if w.conn or w.stop or w.skip then return false end
    if HEADS[w.w] or (w.known and w.known.label ~= "PERSON") then return true end
    i = i - 1
  end
  return false
end

-- Classify one run; append candidate items to out. Items: {s=, e=, label=,
-- canonical=, gender=, person=true (decide later), single=word, cue=...}.
local function classify_run (st, text, s0, e0, out, rtext)
  -- Fast paths: the whole run is a known entry ("Belt and Road Initiative"
  -- holds the head word "Initiative"), or one common word opening a sentence.
  local key = fold(rtext)
  local p = KT[key]
  if not p then
    -- leading stop words, demonyms, titles and known single words:
    -- "The Belt and Road Initiative", "Russian President Vladimir Putin",
    -- "U.N. Secretary-General António Guterres"
    local rest = key
    while true do
      local f, r = match(rest, "^(%S+) (.+)$")
      if not f then break end
      local lead = STOP[f] or DEMONYM[f] or TITLE_WORD[f] or (KT[f] and not KFIRST_MULTI[f])
      if not lead and find(f, "-", 1, true) then
        lead = true
        for part in gmatch(f, "[^%-]+") do if not TITLE_WORD[part] then lead = false break end end
      end
      if not lead then break end
      rest = r
      p = KT[rest]
      if p then break end
    end
  end
  if p then
    if p.label == "PERSON" then note_person(st, p.canonical, s0) end
    return
  end
  if not find(rtext, "[ %-]") and not HEADS[rtext]
     and (STOP[rtext] or COMMON[lower(rtext)]) and sentence_initial(text, s0) then
    -- kept only if it is the surname of a person of the document ("Sewing")
    if not STOP[rtext] then
      out[#out + 1] = {s = s0, e = e0, text = rtext, words = 1, initial = true, weak = true}
    end
    return
  end
  if not find(rtext, "[ %-]") and sentence_initial(text, s0) then
    -- "Marsh's plan": a surname's possessive opening a sentence
    local base = match(rtext, "^(.-)['’]s$")
    if base and base ~= "" and not HEADS[base] and (STOP[base] or COMMON[lower(base)]) then
      if not STOP[base] then
        out[#out + 1] = {s = s0, e = s0 + #base, text = base, words = 1, initial = true, weak = true}
      end
      return
    end
  end
  local ws = run_words(text, s0, e0)
  local n = #ws
  if n == 0 then return end
  mark_known(ws)
  -- Quick exit: the whole run is one known entry.
  if ws[1].known and ws[1].klast == n then
    local p = ws[1].known
    if p.label == "PERSON" then note_person(st, p.canonical, s0) end
    return
  end
  local initial = sentence_initial(text, s0)
  -- Word classes.
  for k = 1, n do
    local w = ws[k]
    if k > 1 and ws[k - 1].conn and PARTICLE[ws[k - 1].w] and not w.conn and not w.known then
      -- after a particle a word is a name's: "Sharm el-Sheikh", "bin Sultan"
    elseif not w.conn and not w.known then
      local ww = w.w
      local head = HEADS[ww]
      if (TITLE_WORD[ww] or (w.lowtail and TITLES[lower(ww)])) and not STOP[ww] and not head then
        w.title = true
      elseif given_at(ws, k, text) then
        -- a given name ("Will Rhind")
      elseif k == 1 and initial and (STOP[ww] or (COMMON[lower(ww)] and not head)) then
        w.skip = true
      elseif w.s < st.hl_end and not head and COMMON[lower(ww)]
             and not (k > 1 and GIVEN[ws[k - 1].w] and not ws[k - 1].skip) then
        w.skip = true                     -- "Saka Double Keeps Arsenal in Title Race"
      elseif STOP[ww] then w.stop = true
      elseif DEMONYM[ww] then w.dem = true
      elseif TITLE_WORD[ww] then w.title = true
      elseif byte(ww, #ww) == 115 and TITLE_WORD[sub(ww, 1, -2)] and not head then
        w.title = true                    -- a plural title: "Chief Executive Officers"
      end
      if head then w.head = head end
    end
  end
  -- Known people in the run (for surname linking later); not a known
  -- surname that ends an unknown name ("Greg Pence" is not Mike Pence).
  for k = 1, n do
    local p = ws[k].known
    if p and p.label == "PERSON" and ws[k].kfirst == k then
      local w0 = ws[k - 1]
      local inside = k == ws[k].klast and w0 and not (w0.conn or w0.known or w0.stop or w0.skip
                                                      or w0.title or w0.dem or w0.poss)
      if not inside then note_person(st, p.canonical, ws[k].s) end
    end
  end
  local used = {}
  -- 0. Clubs: "FC Porto", "FC Copenhagen" (a known city), "Lugano FC".
  for k = 1, n do
    if CLUB_AFFIX[ws[k].w] then
      local a, b = k, k
      while a > 1 and not (ws[a - 1].conn or ws[a - 1].stop or ws[a - 1].skip or ws[a - 1].poss
                           or ws[a - 1].title) do
        a = a - 1
      end
      while b < n and not (ws[b].poss or ws[b + 1].conn or ws[b + 1].stop) do b = b + 1 end
      if a < b then
        out[#out + 1] = {s = ws[a].s, e = ws[b].e, label = "ORG",
                         canonical = canon_text(sub(text, ws[a].s + 1, ws[b].e))}
        for m = a, b do used[m] = true end
      end
    end
  end
  -- 1. Head-first names: "Ministry of Defence", "Partnership for Global
  --    Infrastructure and Investment", "Gulf of Aden".
  for k = 1, n - 2 do
    local h = ws[k].head
    if h and not used[k] and h.first and not ws[k].known and not ws[k].poss
       and ws[k + 1].conn and (ws[k + 1].w == "of" or ws[k + 1].w == "for" or ws[k + 1].w == "on") then
      local a = k
      -- left: capitalised words that are not stop words or people
      while a > 1 and not ws[a - 1].conn and not ws[a - 1].stop and not ws[a - 1].skip
            and not ws[a - 1].poss and not (ws[a - 1].known and ws[a - 1].known.label == "PERSON") do
        a = a - 1
      end
      -- right: to the end of the run, but not into another name ("... and
      -- China's Foreign Ministry", "... and the Ministry of Defence")
      local b = k + 2
      while b < n do
        local nx = ws[b + 1]
        if nx.poss or (nx.conn and nx.w == "and" and b + 2 <= n
                       and (ws[b + 2].poss or ws[b + 2].head)) then
          break
        end
        b = b + 1
      end
      while ws[b].conn do b = b - 1 end
      local canon = canon_text(sub(text, ws[a].s + 1, ws[b].e))
      if a == k and ws[k].w == "Ministry" and ws[k + 1].w == "of" then
        -- "China's Ministry of Foreign Affairs" -> Chinese Foreign Ministry
        local owner = a > 1 and ws[a - 1].poss and ws[a - 1].known
        if owner and owner.label == "PLACE" then
          local kind = canon_text(sub(text, ws[k + 2].s + 1, ws[b].e))
          canon = owner_adj(owner.canonical) .. " " .. (MINISTRY_OF[kind] or kind) .. " Ministry"
        end
      end
      out[#out + 1] = {s = ws[a].s, e = ws[b].e, label = h.label, canonical = canon}
      for m = a, b do used[m] = true end
    end
  end
  -- 1b. Lead words before name words: "Operation Prosperity Guardian",
  --     "Storm Daniel", "County Cork", "Mount Kenya", "USS Dwight D. Eisenhower"
  --     (up to an organisation's head word: "Bristol Port Company").
  for k = 1, n - 1 do
    local h = ws[k].head
    if h and h.lead and not used[k] and not ws[k].known and not ws[k].poss and not ws[k].conn then
      local b = k
      while b < n and not ws[b].poss and not used[b + 1] do
        local x = ws[b + 1]
        local y = ws[b + 2]
        if x.conn and PARTICLE[x.w] and y and not used[b + 2]
           and not (y.conn or y.stop or y.skip or y.title or y.head) then
          b = b + 1                       -- "Palais des Festivals"
          x = ws[b + 1]
        end
        if x.conn or x.stop or x.skip or x.title or x.hy and b == k
           or (x.known and x.known.label == "PERSON")
           or (x.head and x.head.last and x.head.label == "ORG") then
          break
        end
        b = b + 1
      end
      if b > k then
        out[#out + 1] = {s = ws[k].s, e = ws[b].e, label = h.label,
                         canonical = canon_text(sub(text, ws[k].s + 1, ws[b].e))}
        for m = k, b do used[m] = true end
      end
    end
  end
  -- 2. Head-last names: "Foreign Ministry", "Winter Games", "People's Palace".
  for k = n, 1, -1 do
    local h = ws[k].head
    if h and k > 1 and h.last and h.label ~= "MISC" and not used[k]
       and not ws[k].known and titled_name(text, ws, k) then
      h = nil                             -- "Judge Ellen Park": a person (step 3)
    end
    if h and k < n and not used[k] and ws[k + 1].title then
      -- "U.S. District Judge X", "Quorvia Chief Financial Officer X": the
      -- head word is in a title
      local phrase = lower(ws[k].w .. " " .. ws[k + 1].w)
      local m = k
      while not TITLES[phrase] and m > 1 and k - m < 2 and not ws[m - 1].conn do
        m = m - 1
        phrase = lower(ws[m].w) .. " " .. phrase
      end
      if TITLES[phrase] then
        h = nil
        for j = m, k do ws[j].title = true end
      end
    end
    local kn = ws[k].known
    local hk = kn and HEADS[ws[k].w]
    if hk and hk.last and hk.label == "ORG" and kn.label == "ORG" and ws[k].klast == k
       and ws[k].kfirst < k and not used[k] then
      -- a name word before a known organisation's name that ends in a head
      -- word is another organisation: "Peoples Democratic Party",
      -- "Independent Labour Party"
      local kf, a = ws[k].kfirst, ws[k].kfirst
      while a > 1 and not used[a - 1] and not ws[a - 1].poss
            and not (ws[a - 1].conn or ws[a - 1].known or ws[a - 1].stop or ws[a - 1].skip
                     or ws[a - 1].title or ws[a - 1].dem or ws[a - 1].head) do
        a = a - 1
      end
      if a < kf then
        out[#out + 1] = {s = ws[a].s, e = ws[k].e, label = "ORG",
                         canonical = canon_text(sub(text, ws[a].s + 1, ws[k].e))}
        for m = a, k do used[m] = true end
      end
    end
    if not used[k] and h and h.last and k > 1 and not ws[k].known then
      local a = k
      while a > 1 and not used[a - 1] and not ws[a - 1].stop and not ws[a - 1].skip
            and not ws[a - 1].affix
            and not (ws[a - 1].known and ws[a - 1].known.label == "PERSON")
            and (not ws[a - 1].conn or a - 2 >= 1 and not ws[a - 2].conn
                 and (CONNECTOR[ws[a - 1].w] or PARTICLE[ws[a - 1].w])
                 -- (not across "and" from another name: "Google and X Corp.",
                 -- "Toyota Motor Corp and Hitachi Ltd")
                 and not (ws[a - 1].w ~= "of" and ws[a - 1].w ~= "for" and not ws[a - 1].known
                          and (ws[a - 2].known or CORP_SUFFIX[ws[a - 2].w]
                               or COMPANY_HEAD[ws[a - 2].w])
                          and not (a == k and CORP_SUFFIX[ws[k].w]))   -- "Chase & Co"
                 -- (not across "of" from a person: "Dan Ives of Wedbush
                 -- Securities", but "Council of Europe Development Bank")
                 and ((ws[a - 1].w ~= "of" and ws[a - 1].w ~= "for") or ws[a - 1].known
                      or name_before_of(ws, a - 2)))
            -- a possessive just before the head ("People's Palace", "St James'
            -- Park"), not a person's ("Pep Guardiola's City")
            and (not ws[a - 1].poss or a - 1 == k - 1 and ws[k].w ~= "City"
                 and not (a - 2 >= 1 and GIVEN[ws[a - 2].w])) do
        a = a - 1
      end
      while ws[a].conn do a = a + 1 end    -- ("Shares of Tesla Inc")
      -- an ordinal opens a name: "First Amendment", "Second World War"
      if a > 1 and (ws[a - 1].stop or ws[a - 1].skip) and ORDINAL[ws[a - 1].w] and not used[a - 1] then
        a = a - 1
      end
      -- "Russian TV", "Chinese media": a demonym and a media word name no outlet
      if GENERIC_HEAD[ws[k].w] and (a == k or (a == k - 1 and ws[a].dem)) then a = k end
      local titular = k < n and ws[k + 1].title
      if titular then
        for m = a, k - 1 do if not ws[m].title then titular = false end end
      end
      if titular then                     -- "Chief Cabinet Secretary X": a title
        for m = a, k do used[m] = true; ws[m].title = true end
        a = k
      end
      if a < k then
        -- a demonym in front names the owner: keep it in the span
        local label = h.label
        local canon = canon_text(sub(text, ws[a].s + 1, ws[k].e))
        if CORP_SUFFIX[ws[k].w] then
          -- "Nvidia Corp" is Nvidia, "Goldman Sachs Group Inc" Goldman Sachs
          local m = k
          while m > a and (CORP_SUFFIX[ws[m].w] or ws[m].w == "&") do m = m - 1 end
          local p = m >= a and KT[fold(phrase(ws, a, m))]
          if p and p.label == "ORG" then canon = p.canonical end
        elseif PLACE_CHURCH[ws[k].w] and (ws[a].w == "St" or ws[a].w == "St." or ws[a].w == "Saint") then
          label = "PLACE"                         -- "St Multose Church": the building
        end
        if label == "ORG" and (ws[k].w == "Ministry" or ws[k].w == "Department") then
          if ws[a].dem and a < k then
            -- "Chinese Foreign Ministry": the demonym stays in the span
            canon = owner_adj(DEMONYM[ws[a].w]) .. " " .. canon_text(sub(text, ws[a + 1].s + 1, ws[k].e))
          elseif a > 1 and ws[a - 1].poss and ws[a - 1].known and ws[a - 1].known.label == "PLACE" then
            -- "China's Foreign Ministry": the owner's possessive stays out
            canon = owner_adj(ws[a - 1].known.canonical) .. " " .. canon
          end
        end
        local e = k
        if (ws[k].w == "College" or ws[k].w == "University") and k < n and not ws[k].poss
           and ws[k + 1].known and ws[k + 1].known.label == "PLACE" and ws[k + 1].kfirst == k + 1
           and ws[k + 1].klast == k + 1 and not used[k + 1] then
          e = k + 1                       -- "University College Dublin"
          canon = canon_text(sub(text, ws[a].s + 1, ws[e].e))
        end
        local stop = ws[e].e
        if CORP_SUFFIX[ws[e].w] and byte(ws[e].w, #ws[e].w) == 46
           and STOP[match(text, "^%s+(%u%a*)", stop + 1) or ""] then
          stop = stop - 1                 -- "Evergreen Care Ltd. A spokeswoman": a full stop
          canon = canon_text(sub(text, ws[a].s + 1, stop))
        end
        out[#out + 1] = {s = ws[a].s, e = stop, label = label, canonical = canon}
        for m = a, e do used[m] = true end
        -- an organisation's first word names it too, when it is a name's
        -- ("Copernicus Climate Change Service ... Copernicus said"); false
        -- where two organisations share it
        local w1 = ws[a]
        if label == "ORG" and not (w1.known or w1.dem or w1.title or w1.stop or w1.conn or w1.poss
                                   or w1.hy or GIVEN[w1.w] or is_allcaps(w1.w)
                                   or COMMON[lower(w1.w)] or ws[a + 1].hy) then
          st.short1 = st.short1 or {}
          local prev = st.short1[w1.w]
          if prev == nil then st.short1[w1.w] = canon
          elseif prev ~= canon then st.short1[w1.w] = false end
        end
        -- a company's name without its head word names it too: "Skyline
        -- Airways ... Skyline said" (decide links the short form)
        if COMPANY_HEAD[ws[k].w] then
          local ok = true
          for m = a, k - 1 do
            local w = ws[m]
            if w.known or w.dem or w.title or w.stop or w.conn then ok = false break end
          end
          if ok then
            st.short = st.short or {}
            st.short[canon_text(sub(text, ws[a].s + 1, ws[k - 1].e))] = canon
          end
        end
      end
    end
  end
  -- 3. The rest: chunks of name words (not known, not titles, not stop
  --    words), split at connectors and known entries.
  local function namelike (x)
    return x and not (x.conn or x.known or x.stop or x.skip or x.title or x.dem)
  end
  local k = 1
  while k <= n do
    local w = ws[k]
    -- a known one-word place or organisation between a title and a name is
    -- a first name: "Rep. Alexandria Ocasio-Cortez"
    -- (or a given name that is a known place before a surname that is no
    -- common word: "Chelsea Okafor", "Jordan Pickford")
    local given = w.known and w.known.label ~= "PERSON" and w.kfirst == k and w.klast == k
                  and not used[k] and not w.poss and namelike(ws[k + 1]) and not used[k + 1]
                  and (k > 1 and ws[k - 1].title or (k == 1 and title_before(text, w.s))
                       or (GIVEN[w.w] and w.known.label == "PLACE" and not ws[k + 1].head
                           and not COMMON[lower(ws[k + 1].w)]))
    if not given and (used[k] or w.conn or w.known or w.stop or w.skip or w.title or w.dem
                      -- ("Amazon.com Inc. FTC": a company's suffix starts no name)
                      or (k == 1 and CORP_SUFFIX[w.w] and w.w ~= "Group" and w.w ~= "Holdings")) then
      k = k + 1
    else
      local a, b = k, k
      while b < n and not used[b + 1] and not ws[b].poss do
        local nx = ws[b + 1]
        if nx.conn and PARTICLE[nx.w] then
          -- "Ahmed bin Ali", "Ludwig van Beethoven", "Micky van de Ven":
          -- particles join the name when a name word follows them
          local m = b + 1
          while m < n and ws[m + 1].conn and PARTICLE[ws[m + 1].w] do m = m + 1 end
          local nw = ws[m + 1]
          if nw and not nw.conn and not used[m + 1] and not nw.known then
            b = m
            nx = nw
          end
        end
        if nx.conn or nx.stop or nx.skip or nx.title or nx.dem then break end
        if nx.known and nx.known.label ~= "PERSON" then
          -- a given name before a known one-word place ends a name: "Ana
          -- Lima", "Tom Rivers" (not "Lima Peru", nor "Ana Lima Santos");
          -- a place that is a given name goes on with a name word after it:
          -- "Karla Sofía Gascón"
          local one = nx.known.label == "PLACE" and nx.kfirst == b + 1 and nx.klast == b + 1
                      and not ws[a].known and not used[b + 1]
          if not (one and GIVEN[nx.w] and namelike(ws[b + 2]) and not used[b + 2]
                  and not nx.poss) then
            if one and b == a and GIVEN[ws[a].w] and not namelike(ws[b + 2]) then
              b = b + 1
            end
            break
          end
        end
        b = b + 1
      end
      -- known person words at the end of an unknown chunk: "Steve Harris"
      local item = {s = ws[a].s, e = ws[b].e, words = b - a + 1}
      local t = sub(text, ws[a].s + 1, ws[b].e)
      item.text = t
      local allcaps = true
      local anycommon = false
      -- a given name first is no common word ("Sue Gray", "Bob Smith")
      local given = b > a and GIVEN[ws[a].w]
      -- a particle between capitalised words makes a name too ("Jens van de
      -- Berg", "Port el-Kantara")
      if not given then
        for m = a + 1, b - 1 do if ws[m].conn then given = true break end end
      end
      local camel = false
      for m = a, b do
        local wm = ws[m].w
        if not is_allcaps(wm) then allcaps = false end
        -- (particles are no common words: "Ahmed bin Ali", "van de Ven")
        if not given and not ws[m].conn and COMMON[lower(wm)]
           and not (m > a and SURNAME[wm] and not COMMON[lower(ws[a].w)]) then
          anycommon = true                -- ("Jaylen Brown", "Edna Price": a surname)
        end
        -- "MarketWatch", "FactSet": a capital inside a word names a brand
        -- (not "McDonald", "DeSantis", "LeBron", "MacArthur")
        if find(wm, "^%u%l+%u%l") and not find(wm, "^Ma?c%u") and not find(wm, "^[DL][aei]%u")
           and not find(wm, "^Van%u") and not find(wm, "^Fitz%u") then
          camel = true
        end
      end
      item.allcaps, item.anycommon, item.camel = allcaps, anycommon, camel
      item.given = type(given) == "string" and given or nil
      item.initial = (a == 1 and initial)
      -- Evidence before the chunk: a title (with its role, gender, and the
      -- country of the word before it).
      local tt, tphrase, before, prev = title_before(text, ws[a].s)
      if not tt and a == 1 and ws[a].s >= 2 and byte(text, ws[a].s) == 32
         and byte(text, ws[a].s - 1) == 44 and byte(text, ws[b].e + 1) == 44 then
        -- a title in apposition: "Company chairman, John Warnock, said"
        tt, tphrase, before, prev = title_before(text, ws[a].s - 2)
      end
      if tt then
        item.title = tt
        item.tphrase = tphrase
        item.country = (prev and country_of_word(prev .. " " .. before)) or country_of_word(before)
        if not item.country and before and (before == "Former" or before == "former") then
          item.former = true
          item.country = country_of_word(prev)
        elseif item.country then
          if prev == "Former" or prev == "former" then item.former = true end
        end
      end
      item.speech = speech_after(text, ws[b].e)
      item.orgcue = not ws[b].poss and org_after(text, ws[b].e)
      if a > 1 and ws[a - 1].w == "the" then
        item.the = true
      elseif a == 1 then
        local c = byte(text, ws[1].s)
        if c == 35 then                   -- "#EndBadGovernance": a campaign
          item.label, item.canonical = "MISC", canon_text(t)
        elseif c == 32 and ws[1].s > 4 then
          local t0, t1, t2, t3 = byte(text, ws[1].s - 4, ws[1].s - 1)
          if t1 == 116 and t2 == 104 and t3 == 101 and not (t0 >= 65 and t0 <= 90 or t0 >= 97 and t0 <= 122) then
            item.the = true               -- "the Scuola Normale Superiore": no person
          end
        end
      end
      -- an apposition after the run ("Yahya Saree, a spokesman for the
      -- group,"), an organisation's kind before it ("data firm Xeneta")
      -- (read only where the bytes around allow one: a comma after, a
      -- lowercase word before)
      local e1 = ws[b].e
      if b == n and not ws[b].poss and byte(text, e1 + 1) == 44 then
        item.appos = apposition(text, e1)
      end
      local pw, pb
      if not tt then pw, pb = prev_word(text, ws[a].s) end
      if not tt and (a == 1 or (a == 2 and ws[1].affix)) then
        local c = byte(text, ws[1].s - 1)
        if c and c >= 97 and c <= 122 and byte(text, ws[1].s) == 32 then
          if a == 1 then
            item.orgbefore = org_before(text, pw, pb)
          else                            -- (before "Lagos-based")
            item.orgbefore = org_before(text, prev_word(text, ws[1].s))
          end
        end
      end
      if not tt then
        item.placecue = place_cue_w(text, pw, pb)
        if not item.placecue and b == n and not ws[b].poss then
          local c1, c2 = byte(text, e1 + 1, e1 + 2)
          if (c1 == 44 and c2 == 32) or (c1 == 32 and c2 and c2 >= 100 and c2 <= 114) then
            item.placecue = place_after(text, e1)  -- ", California-based", " region"
          end
        end
      end
      out[#out + 1] = item
      k = b + 1
    end
  end
end

-- Decide the label and canonical of the chunks and link them, once per
-- document over the list of items.
local acronym_expansion             -- (below)

-- A known person with the surname w whose full name is in the text.
local function known_surname (st, text, w)
  local has = st.has                -- (each surface searched once a document)
  for _, c in ipairs(PEOPLE_BY_TOKEN[w] or NONE) do
    for _, sf in ipairs(SURFACES[c]) do
      local h = has[sf]
      if h == nil then h = find(text, sf, 1, true) ~= nil; has[sf] = h end
      if h then return c end
    end
  end
  return nil
end

-- The canonical name of the latest organisation before offset pos whose
-- canonical name of two words or more fits ok(canonical): the names found
-- here (st.orgs) and the known ones of the layer (read once a document).
local function known_orgs (st, doc)
  local known = st.korgs
  if not known then
    known = {}
    for _, sp in ipairs(doc:spans("entities", "ORG")) do
      known[#known + 1] = {s = sp.start, e = sp.stop, canonical = sp.canonical or sp.text}
    end
    st.korgs = known
  end
  return known
end

local function latest_org (st, doc, pos, ok)
  local known = known_orgs(st, doc)
  local best, at
  for _, list in ipairs{known, st.orgs or NONE} do
    for _, o in ipairs(list) do
      local c = o.canonical
      if o.s < pos and (not at or o.s > at) and find(c, " ", 1, true) and ok(c) then
        best, at = c, o.s
      end
    end
  end
  return best
end

local function decide (st, text, items, doc)
  local keep = {}
  -- Pass 0: companies named with a cue ("Salesforce shares", "FactSet"):
  -- every mention of the name in the document is the organisation.
  local orgs
  for _, it in ipairs(items) do
    if not it.label and not it.weak and not it.title
       and (it.orgcue or it.camel or it.orgbefore or it.appos == "org")
       and not (it.words == 1 and (it.initial or it.orgcue) and COMMON[lower(it.text)]) then
      orgs = orgs or {}
      orgs[it.text] = canon_text(it.text)
    end
  end
  -- Pass 1: full names with a cue are people; they define the document's
  -- people for the surname links of pass 2.
  for _, it in ipairs(items) do
    if it.label then
      keep[#keep + 1] = it
    elseif orgs and orgs[it.text] and not it.title then
      it.label, it.canonical = "ORG", orgs[it.text]
      keep[#keep + 1] = it
    elseif st.short and st.short[it.text] and not it.title and it.words > 1 then
      it.label, it.canonical = "ORG", st.short[it.text]
      keep[#keep + 1] = it
    elseif it.words == 2 and PARTICLE[lower(match(it.text, "^%S+"))] then
      -- "Da Silva": a surname with its particle (pass 2)
    elseif not it.allcaps then
      local person = false
      if it.title then person = true
      elseif it.placecue and not it.anycommon and not it.given then
        it.label, it.canonical = "PLACE", canon_text(it.text)
        keep[#keep + 1] = it
      elseif it.words >= 2 and it.words <= 4 and not it.the
             and (it.speech or it.appos == "person" or not it.anycommon) then
        person = true
      end
      if person and it.words >= 2 then
        it.label = "PERSON"
        local known = KT[fold(it.text)]
        it.canonical = known and known.canonical or canon_text(it.text)
        local role = it.title and it.title.role
        if role and it.former then role = "former " .. role end
        local gender = it.title and it.title.gender
        if not gender and it.given and it.given ~= "" then gender = it.given end
        it.p = note_person(st, it.canonical, it.s, it.country, role, gender)
        keep[#keep + 1] = it
      end
    end
  end
  -- (the organisations named so far, for latest_org)
  local orgs_named = {}
  for _, it in ipairs(keep) do
    if it.label == "ORG" then orgs_named[#orgs_named + 1] = it end
  end
  st.orgs = orgs_named
  -- Pass 2: single words and the rest.
  for _, it in ipairs(items) do
    if it.weak then
      local canon = st.by_token[it.text]
      if canon then
        it.label, it.canonical, it.p = "PERSON", canon, st.persons[canon]
        keep[#keep + 1] = it
      end
    elseif not it.label then
      local w = it.text
      local canon = st.by_token[w]
      local acro = st.acro[w]
      if not acro and it.allcaps and it.words == 1 and #w >= 3 then
        -- an acronym of a name given in full before, without a definition:
        -- "the Serious Fraud Office ... the SFO"
        for _, o in ipairs(items) do
          if o.label and o.s < it.s and byte(o.canonical, 1) == byte(w, 1)
             and (o.label == "ORG" or o.label == "MISC") and find(o.canonical, " ", 1, true)
             and #w <= nwords(o.canonical) + 1
             and acronym_expansion(w, o.canonical) == o.canonical then
            acro = {label = o.label, canonical = o.canonical}
            break
          end
        end
      end
      if not acro and it.allcaps and it.words == 1 and #w >= 3 then
        -- ... or an acronym of a known name before it ("Bank of Japan ... the
        -- BOJ")
        local o = not KT[fold(sub(w, 1, 1) .. lower(sub(w, 2)))] and latest_org(st, doc, it.s, function (c)
          -- (a letter a word or so: "BOSTON" is no acronym of Boston Celtics)
          return byte(c, 1) == byte(w, 1) and #w <= nwords(c) + 1 and acronym_expansion(w, c) == c
        end)
        if o then acro = {label = "ORG", canonical = o} end
      end
      if not acro and it.allcaps and it.words == 1 and sub(text, it.s - 10, it.s) == ", known as " then
        -- "the National Institute for Space Research, known as INPE"
        local e = it.s - 11
        for _, o in ipairs(keep) do
          if o.e == e and (o.label == "ORG" or o.label == "MISC") then
            acro = {label = o.label, canonical = o.canonical}
          end
        end
        if not acro then
          for _, o in ipairs(known_orgs(st, doc)) do
            if o.e == e then acro = {label = "ORG", canonical = o.canonical} end
          end
        end
        if acro then st.acro[w] = acro end
      end
      local surname = it.words == 2 and match(w, "^(%u%l%l?) (%S+)$")
      if surname and not PARTICLE[lower(surname)] then surname = nil end
      if surname then surname = match(w, " (%S+)$") end
      if acro then
        it.label, it.canonical = acro.label, acro.canonical
      elseif surname then
        -- a surname with its particle: "Da Silva" (Lula da Silva)
        local c = st.by_token[surname] or known_surname(st, text, surname)
        it.label, it.canonical = "PERSON", c or canon_text(w)
        it.p = note_person(st, it.canonical, it.s)
      elseif canon and it.words == 1 then
        it.label, it.canonical = "PERSON", canon
        it.p = st.persons[canon]
      elseif st.short and st.short[w] and not it.title then
        -- a company's name without its head word ("Skyline"), not a
        -- person's surname ("O'Brien Partners ... O'Brien studied")
        it.label, it.canonical = "ORG", st.short[w]
      elseif it.words == 1 and PEOPLE_BY_TOKEN[w] then
        -- a known person's surname: the one whose full name is in the text
        local c = known_surname(st, text, w)
        if c then
          it.label, it.canonical = "PERSON", c
          it.p = note_person(st, c, it.s)
        end
      end
      if not it.label and it.placecue and not it.anycommon and not it.allcaps then
        it.label, it.canonical = "PLACE", canon_text(it.text)
      end
      if not it.label and it.words == 1 then
        -- the first word of an organisation's name ("Copernicus Climate
        -- Change Service ... Copernicus said"); a head word after "the" for
        -- the organisation named so before ("the European Commission ... the
        -- Commission's vice president")
        local o = st.short1 and st.short1[w]
        if not o and HEADS[w] and HEADS[w].label == "ORG" and sub(text, it.s - 3, it.s) == "the " then
          local pre, post = "^" .. w .. " ", " " .. w .. "$"
          o = latest_org(st, doc, it.s, function (c)
            return find(c, pre) ~= nil or find(c, post) ~= nil
          end)
        end
        if o then it.label, it.canonical = "ORG", o end
      end
      if not it.label and not it.allcaps
         and (it.title or ((it.speech or it.appos == "person") and not it.initial
                           and (SURNAME[w] or not COMMON[lower(w)]))) then
        it.label = "PERSON"
        it.canonical = canon_text(it.text)
        it.p = note_person(st, it.canonical, it.s, it.country, it.title and it.title.role,
                           it.title and it.title.gender)
      end
      if not it.label and it.allcaps and it.words == 1 and it.speech then
        it.label, it.canonical = "ORG", w      -- "NLC said"
      end
      if it.label and not (it.initial and it.words == 1 and COMMON[lower(w)] and not it.p) then
        keep[#keep + 1] = it
      end
    end
  end
  -- Gender: a person's gender from any mention applies to all.
  for _, it in ipairs(keep) do
    if it.label == "PERSON" then
      local p = it.p or st.persons[it.canonical]
      local rec = PEOPLE[it.canonical]
      it.gender = (p and p.gender) or (rec and rec.gender) or nil
    end
  end
  return keep
end

-- The words of exp (the capitalised words before "(ACR)") that the
-- acronym abbreviates, as in Schwartz and Hearst (2003): the acronym's
-- letters appear in order in the expansion, the first one starting a word;
-- the shortest such expansion wins. "Centers for Disease Control and
-- Prevention (CDC)", "Belt and Road Initiative (BRI)".
function acronym_expansion (acr, exp)
  local letters = lower(gsub(acr, "[^%a]", ""))
  if #letters < 2 or exp == "" then return nil end
  local e = lower(exp)
  local si, li = #e, #letters
  while li >= 1 do
    local c = byte(letters, li)
    while si >= 1 do
      -- (bytes compared, no one-byte strings: this runs per character)
      if byte(e, si) == c then
        if li > 1 or si == 1 then break end
        local p = byte(e, si - 1)         -- at a word start: after [%s%-]
        if p == 32 or p == 45 or (p >= 9 and p <= 13)
           or (p >= 128 and find(sub(e, si - 1, si - 1), "[%s%-]")) then
          break
        end
      end
      si = si - 1
    end
    if si < 1 then return nil end
    si = si - 1
    li = li - 1
  end
  local start = si + 1
  local out = sub(exp, start)
  -- the expansion starts at a capitalised word, and is not much longer than
  -- the acronym
  if not is_upper_initial(out) then return nil end
  local n = 0
  for _ in gmatch(out, "%S+") do n = n + 1 end
  if n > #letters * 2 + 2 then return nil end
  return out
end

-- The end of the first line when it is a headline in title case ("Judge
-- Blocks Texas Law on Social Media Moderation"): there a common word is no
-- name (-1 otherwise).
local function headline_end (text)
  local nl = find(text, "\n", 1, true)
  if not nl or nl > 300 then return -1 end
  local up, low = 0, 0
  -- (words of four letters or more, small words like "with" left out; a
  -- sentence-case line fails at its second lowercase word)
  for a, b in gmatch(sub(text, 1, nl - 1), "()%a[%a'’%-]*()") do
    if b - a >= 4 then
      local c = byte(text, a)
      if c >= 65 and c <= 90 then
        up = up + 1
      elseif not STOP_LOWER[sub(text, a, b - 1)] then
        low = low + 1
        if low > 1 then return -1 end
      end
    end
  end
  if up >= 3 and low * 5 <= up then return nl - 1 end
  return -1
end

local function names_match (doc)
  local st = state(doc)
  local text = st.text
  st.hl_end = headline_end(text)
  -- Acronyms defined in the document.
  for _, m in ipairs(ACRO_RE:scan(doc)) do
    local acr = m[1]
    local from = m.start > 120 and m.start - 120 or 0
    local b = ACRO_BEFORE:match(sub(text, from + 1, m.start))
    local exp = b and b[1] or ""
    local expansion = acronym_expansion(acr, exp)
    if not expansion and #acr >= 3 and byte(acr, 1) == byte(exp, 1)
       and HEADS[match(exp, "(%S+)$")] and find(exp, " ", 1, true) then
      -- an acronym of the name in another language: "Brazilian Development
      -- Bank (BNDES)" (same first letter, a name with a head word)
      expansion = exp
    end
    if expansion then
      local p = KT[fold(expansion)]
      local e = from + b.spans[1][2]
      st.acro[acr] = {expansion = expansion, known = p ~= nil, s = e - #expansion, e = e,
                      label = p and p.label or nil, canonical = p and p.canonical or expansion}
    end
  end
  -- Runs with a trigger word.
  local items = {}
  -- (runs inside page furniture are left out)
  local bp = doc:spans("boilerplate")
  local nb, ib = #bp, 1
  local bs, be = nb > 0 and bp[1].start, nb > 0 and bp[1].stop
  local pos, len = 0, #text
  while pos < len do
    local ms, me = RUN_RE:find(doc, pos)
    if not ms then break end
    pos = me > ms and me or ms + 1
    while bs and ms >= be do
      ib = ib + 1
      if ib > nb then bs = nil else bs, be = bp[ib].start, bp[ib].stop end
    end
    if not (bs and ms >= bs) then
      classify_run(st, text, ms, me, items, sub(text, ms + 1, me))
    elseif pos < be then
      -- Every run starting before the end of this span is left out too.
      -- Runs hold no line breaks or tabs: with one on either side of the
      -- end, none crosses it, and the search may resume there (the first
      -- run found from there is the one the run-by-run search would reach).
      local c1, c2 = byte(text, be), byte(text, be + 1)
      if not c2 or c1 == 10 or c1 == 13 or c1 == 9 or c2 == 10 or c2 == 13 or c2 == 9 then
        pos = be
      end
    end
  end
  -- Acronyms whose expansion was classified here get its label.
  for acr, a in pairs(st.acro) do
    if not a.label then
      local want = canon_text(a.expansion)
      for _, it in ipairs(items) do
        if it.label and it.canonical == want then a.label = it.label break end
      end
      if not a.label then
        local h = HEADS[match(a.expansion, "(%S+)$")] or HEADS[match(a.expansion, "^(%S+)")]
        a.label = h and h.label or "ORG"
      end
    end
    -- the expansion is a name too, where no head word made it one:
    -- "Economic Community of West African States (ECOWAS)"
    if not a.known then
      local found = false
      for _, it in ipairs(items) do
        if it.label and it.s == a.s and it.e == a.e then found = true break end
      end
      if not found then
        items[#items + 1] = {s = a.s, e = a.e, label = a.label, canonical = canon_text(a.expansion)}
      end
    end
  end
  local keep = decide(st, text, items, doc)
  -- the rule adds its spans itself (no Lua call and tables per match)
  local n = #keep
  if n > 0 then
    local ss, se, lab, can, gen = {}, {}, {}, {}, {}
    for i = 1, n do
      local it = keep[i]
      ss[i], se[i], lab[i], can[i], gen[i] = it.s, it.e, it.label, it.canonical, it.gender
    end
    add_spans(doc, "entities", {n = n, start = ss, stop = se, label = lab, priority = 3,
                                rule = RID.names, attrs = {canonical = can, gender = gen}})
  end
  return NONE
end

-- {======================================================================
-- Rules
-- =======================================================================

RID.known = rule {
  name = "known",
  layer = "entities",
  gazetteer = KNOWN,
  match = KLEX and known_match or nil,
  priority = 1,
  examples = {
    {"Russia's Putin met Xi in Beijing.",
     {"Russia", label = "PLACE", canonical = "Russia"},
     {"Putin", label = "PERSON", canonical = "Vladimir Putin", gender = "male"},
     {"Xi", label = "PERSON", canonical = "Xi Jinping"},
     {"Beijing", label = "PLACE"}},
    {"Chinese President Xi Jinping spoke to Xinhua.",
     {"Xi Jinping", label = "PERSON", canonical = "Xi Jinping"},
     {"Xinhua", label = "ORG", canonical = "Xinhua News Agency"}},
    {"Footage by state broadcaster CCTV; AFP reported.",
     {"CCTV", label = "ORG", canonical = "China Central Television"},
     {"AFP", label = "ORG", canonical = "Agence France-Presse"}},
    {"The Israel-Gaza conflict and the Hamas-run enclave.",
     {"Israel", label = "PLACE"}, {"Gaza", label = "PLACE"}, {"Hamas", label = "ORG"}},
    {"Trade with the Russian Federation and the U.S. grew.",
     {"Russian Federation", label = "PLACE", canonical = "Russia"},
     {"U.S.", label = "PLACE", canonical = "United States"}},
    {"They spoke about the New Silk Roads.",
     {"New Silk Roads", label = "MISC", canonical = "Belt and Road Initiative"}},
    {"He met Erdogan in Ankara.", {"Erdogan", label = "PERSON", canonical = "Recep Tayyip Erdoğan"}},
    {"Fans from Surrey filled Anfield; a study in The Lancet; Cancer Research UK agreed.",
     {"Surrey", label = "PLACE"}, {"Anfield", label = "PLACE"}, {"The Lancet", label = "ORG"},
     {"Cancer Research UK", label = "ORG"}},
    {"Russian and Chinese officials met the Russian leader.", none = true},
    -- (the hook "labour": the word, not the party)
    {"Labour shortages worry growers.", none = true},
    {"Labour won the seat.", {"Labour", label = "ORG"}},
  },
}.id
if KCOLS then KCOLS.rule = RID.known end

rule {
  name = "dateline",
  layer = "entities",
  regex = lore.regex([[^(\p{Lu}[\p{Lu}'’.]+(?:[ -]\p{Lu}[\p{Lu}'’.]+){0,3})(?=\s*(?:[:(,]|--|[—–]|-\s))]], "m"),
  priority = 2,
  action = function (m, doc)
    -- (capitals À-Þ lowered too: "BELÉM" -> "Belém")
    local name = gsub(lower(m.text), "\195([\128-\158])", function (c)
      return c == "\151" and "\195\151" or "\195" .. string.char(byte(c) + 32)
    end)
    name = gsub(gsub(name, "%f[%w\128-\255]%l", upper), "%f[%w\128-\255]\195([\160-\190])",
                function (c) return c == "\183" and "\195\183" or "\195" .. string.char(byte(c) - 32) end)
    name = gsub(name, "^U%.s%.$", "U.S.")
    local p = KT[fold(name)]
    if not p or p.label ~= "PLACE" then
      -- a town the gazetteer does not know, with its country or state:
      -- "BELÉM, Brazil —", "AUSTIN, Texas (AP)"
      local text = state(doc).text
      local where = match(text, "^, (%u[%a%.]*%a%.?[%a ]-)%s*[%(%-,:\226]", m.stop + 1)
      local q = where and KT[fold(where)]
      if not q or q.label ~= "PLACE" then return false end
      p = {canonical = name}
    end
    m.label = "PLACE"
    m.attrs.canonical = p.canonical
  end,
  examples = {
    {"BEIJING: Chinese President Xi Jinping met Putin.", {"BEIJING", label = "PLACE", canonical = "Beijing"}},
    {"HONG KONG -- While one war continues.", {"HONG KONG", label = "PLACE", canonical = "Hong Kong"}},
    {"MOSCOW, Oct 18 (Reuters) - Talks ended.", {"MOSCOW", label = "PLACE", canonical = "Moscow"}},
    {"BREAKING: talks collapse.", none = true},
    {"KINSALE, Ireland — The harbour froze.", {"KINSALE", label = "PLACE", canonical = "Kinsale"}},
    {"ÉVORA, Portugal (AP) — Talks ended.", {"ÉVORA", label = "PLACE", canonical = "Évora"}},
    {"UPDATE, Monday: talks collapse.", none = true},
  },
}

RID.names = rule {
  name = "names",
  layer = "entities",
  match = names_match,
  priority = 3,
  examples = {
    -- titles
    {"Chinese Foreign Minister Wang Yi warned on Monday. \"It is wrong,\" said Wang.",
     {"Wang Yi", label = "PERSON", canonical = "Wang Yi"},
     {"Wang", at = 2, label = "PERSON", canonical = "Wang Yi"}},
    {"China will send its Middle East envoy Zhai Jun to the region. Zhai will travel soon.",
     {"Zhai Jun", label = "PERSON", canonical = "Zhai Jun"},
     {"Middle East", label = "PLACE"},
     {"Zhai", at = 2, label = "PERSON", canonical = "Zhai Jun"}},
    {"Former French Prime Minister Jean-Pierre Raffarin left the room.",
     {"Jean-Pierre Raffarin", label = "PERSON", canonical = "Jean-Pierre Raffarin"}},
    {"The talks were chaired by Mrs. Okonkwo, who spoke first.",
     {"Okonkwo", label = "PERSON", gender = "female"}},
    {"Putin spoke to right-wing US pundit Tucker Carlson on Thursday. Carlson asked questions.",
     {"Tucker Carlson", label = "PERSON"},
     {"Carlson", at = 2, label = "PERSON", canonical = "Tucker Carlson"}},
    -- head words
    {"according to a Chinese Foreign Ministry statement",
     {"Chinese Foreign Ministry", label = "ORG", canonical = "Chinese Foreign Ministry"}},
    {"During his last visit for the 2022 Winter Games, and the Pacific Islands Forum.",
     {"Winter Games", label = "MISC"}},
    {"Some people claim that the (Partnership for Global Infrastructure and Investment) is aimed at China.",
     {"Partnership for Global Infrastructure and Investment", label = "MISC"}},
    {"The two men met at the People's Palace on Monday.", {"People's Palace", label = "PLACE"}},
    {"China's Ministry of Foreign Affairs and Russia's Foreign Ministry spoke.",
     {"Ministry of Foreign Affairs", label = "ORG", canonical = "Chinese Foreign Ministry"},
     {"Foreign Ministry", label = "ORG", canonical = "Russian Foreign Ministry"}},
    {"The Ministry of Industry and Information Technology and the Ministry of Defence met.",
     {"Ministry of Industry and Information Technology", label = "ORG"},
     {"Ministry of Defence", label = "ORG"}},
    {"She studied at the Moscow State Institute of International Relations.",
     {"Moscow State Institute of International Relations", label = "ORG"}},
    -- acronyms defined in the document
    {"The Kigali Clean Water Programme (KCWP) was launched. Later the KCWP grew.",
     {"Kigali Clean Water Programme", label = "MISC"},
     {"KCWP", at = 2, label = "MISC", canonical = "Kigali Clean Water Programme"}},
    {"Members of the Southern Lakes Economic Community (SLEC) met. The SLEC grew.",
     {"Southern Lakes Economic Community", label = "ORG"},
     {"SLEC", at = 2, label = "ORG", canonical = "Southern Lakes Economic Community"}},
    -- given names: surnames that are common words ("gray", "shearer")
    {"The inquiry led by Sue Gray reported; Dan Shearer was not called.",
     {"Sue Gray", label = "PERSON", gender = "female"}, {"Dan Shearer", label = "PERSON"}},
    -- corporate and sport titles; acronyms among them stay out of the span
    {"Finance Chief Financial Officer Amy Okafor and CEO Tom Brandt spoke to MP Jo Hale.",
     {"Amy Okafor", label = "PERSON"}, {"Tom Brandt", label = "PERSON"},
     {"Jo Hale", label = "PERSON"}},
    {"The board thanked its Chief Executive Officers of past years.", none = true},
    -- a title in apposition
    {"The company chairman, Pieter Wouda, said sales fell.",
     {"Pieter Wouda", label = "PERSON", canonical = "Pieter Wouda"}},
    -- given names that are common words, before a surname that is not
    {"Grace Adeyemi, 41, denied it. Will Okoro agreed, and Mark Tolland left.",
     {"Grace Adeyemi", label = "PERSON"}, {"Will Okoro", label = "PERSON"},
     {"Mark Tolland", label = "PERSON"}},
    {"Will the council agree? Grace periods end soon.", none = true},
    -- clubs
    {"Fans saw FC Vardar lose at home to Tirana FC.", {"FC Vardar", label = "ORG"},
     {"Tirana FC", label = "ORG"}},
    -- particles inside names
    {"The coach picked Dirk ten Bosch, Jens van de Berg and Ana de la Fuente.",
     {"Dirk ten Bosch", label = "PERSON"},
     {"Jens van de Berg", label = "PERSON"}, {"Ana de la Fuente", label = "PERSON"}},
    {"Delegates met in the resort of Port el-Kantara.",
     {"Port el-Kantara", label = "PLACE"}},
    -- a demonym noun is not part of the name
    {"The club hired Dutchman Kees Vermeer.", {"Kees Vermeer", label = "PERSON"}},
    -- companies: "X shares", a capital inside a word; every mention then
    {"Zentrix shares fell 4%. Analysts at BrightPath said Zentrix missed forecasts.",
     {"Zentrix", label = "ORG"}, {"BrightPath", label = "ORG"},
     {"Zentrix", at = 2, label = "ORG"}},
    -- a title before a surname that is a head word ("Park", "Hall")
    {"Councillor Ruth Park chaired it; candidate Owen Hall spoke. Hall added that rents must fall.",
     {"Ruth Park", label = "PERSON"}, {"Owen Hall", label = "PERSON"},
     {"Hall", at = 2, label = "PERSON", canonical = "Owen Hall"}},
    -- given names before a common-word surname or a one-word place
    {"Hans Tinker, the board's director, agreed, said Carmen Lima of the union.",
     {"Hans Tinker", label = "PERSON", gender = "male"}, {"Carmen Lima", label = "PERSON"}},
    {"Victoria Okafor, 34, left Lima for Victoria.", {"Victoria Okafor", label = "PERSON"},
     {"Lima", label = "PLACE"}},
    -- an acronym of a name given in full before, without a definition
    {"The Northern Rivers Water Board met. Later the NRWB raised prices.",
     {"Northern Rivers Water Board", label = "ORG"},
     {"NRWB", label = "ORG", canonical = "Northern Rivers Water Board"}},
    -- a company named without its head word: the full name is canonical
    {"A spokesman for Bluebird said Bluebird Airways would cut 30 flights.",
     {"Bluebird", label = "ORG", canonical = "Bluebird Airways"},
     {"Bluebird Airways", label = "ORG"}},
    {"The Riverside Heritage Trust signed with Oakfield Pharmaceuticals.",
     {"Riverside Heritage Trust", label = "ORG"}, {"Oakfield Pharmaceuticals", label = "ORG"}},
    -- an age is no name; names with an apostrophe; a plural possessive
    {"Eighteen-year-old Sam Jones, of Keighley, faced Bradford Magistrates' Court. Jones wept.",
     {"Sam Jones", label = "PERSON"}, {"Keighley", label = "PLACE"},
     {"Bradford Magistrates' Court", label = "ORG"},
     {"Jones", at = 2, label = "PERSON", canonical = "Sam Jones"}},
    {"Detective Inspector Claire O'Brien praised Gary O'Neil's side; Cllr Ann Wood agreed.",
     {"Claire O'Brien", label = "PERSON"}, {"Gary O'Neil", label = "PERSON"},
     {"Ann Wood", label = "PERSON"}},
    -- title words are not places; a head word before "of"
    {"U.S. District Judge Robert Pitman sat in the Southern District of New York.",
     {"U.S.", label = "PLACE"}, {"Robert Pitman", label = "PERSON"},
     {"Southern District of New York", label = "PLACE"}},
    -- companies' suffixes; two companies joined by "and"
    {"Shares of Toyota Motor Corp and Hitachi Ltd rose; Goldman Sachs Group Inc fell; Google and X Corp. sued.",
     {"Toyota Motor Corp", label = "ORG", canonical = "Toyota"},
     {"Hitachi Ltd", label = "ORG", canonical = "Hitachi"},
     {"Goldman Sachs Group Inc", label = "ORG", canonical = "Goldman Sachs"},
     {"X Corp.", label = "ORG"}},
    {"Rival Brindle Foods Plc and Kestrel Capital gained.", {"Brindle Foods Plc", label = "ORG"},
     {"Kestrel Capital", label = "ORG"}},
    {"Quorvia Chief Financial Officer Lena Marsh met LPL Financial.", {"Lena Marsh", label = "PERSON"},
     {"LPL Financial", label = "ORG"}},
    -- an organisation's kind before it or in an apposition; staff at it;
    -- a title in an apposition
    {"Analysts at Lagos-based SBM Intelligence agreed with Xeneta, an Oslo-based data firm.",
     {"Lagos", label = "PLACE"}, {"SBM Intelligence", label = "ORG"}, {"Xeneta", label = "ORG"}},
    {"Yahya Saree, a spokesman for the group, spoke; Peter Sand, chief analyst at Xeneta, agreed. Sand left.",
     {"Yahya Saree", label = "PERSON"}, {"Peter Sand", label = "PERSON"},
     {"Sand", at = 2, label = "PERSON", canonical = "Peter Sand"}},
    {"Brad Smith, Microsoft's president, said the oil company Petrovia would pay.",
     {"Brad Smith", label = "PERSON"}, {"Petrovia", label = "ORG"}},
    -- a headline in title case: its common words are no names
    {"Saka Double Keeps Arsenal in Title Race\nBukayo Saka scored twice.",
     {"Saka", label = "PERSON", canonical = "Bukayo Saka"}},
    {"Judge Blocks Texas Law on Social Media Moderation\nA judge ruled.", {"Texas", label = "PLACE"}},
    -- storms, operations, ships; counties; an ordinal opening a name
    {"Storm Daniel hit Derna; HMS Diamond joined Operation Prosperity Guardian off County Cork.",
     {"Storm Daniel", label = "MISC"}, {"HMS Diamond", label = "MISC"},
     {"Operation Prosperity Guardian", label = "MISC"}, {"County Cork", label = "PLACE"}},
    {"It broke the First Amendment, said the Black Sea Fleet at University College Dublin.",
     {"First Amendment", label = "MISC"}, {"Black Sea Fleet", label = "ORG"},
     {"University College Dublin", label = "ORG"}},
    {"A Mass at St Multose Church; the Peoples Democratic Party objected.",
     {"St Multose Church", label = "PLACE"}, {"Peoples Democratic Party", label = "ORG"}},
    -- an organisation by its first word, by its head word, by its acronym
    {"The Copernicus Climate Change Service said it was hot. Copernicus said so again.",
     {"Copernicus", at = 2, label = "ORG", canonical = "Copernicus Climate Change Service"}},
    {"The European Commission acted; the Commission's vice president spoke. The Bank of Japan and the BOJ.",
     {"Commission", at = 2, label = "ORG", canonical = "European Commission"},
     {"BOJ", label = "ORG", canonical = "Bank of Japan"}},
    {"Funds from the Brazilian Development Bank (BNDES) and the National Institute for Space Research, known as INPE.",
     {"BNDES", label = "ORG", canonical = "Brazilian Development Bank"},
     {"INPE", label = "ORG", canonical = "National Institute for Space Research"}},
    -- a surname with its particle; a place that is a given name in a name
    {"Luiz Inácio Lula da Silva spoke. Da Silva left with Karla Sofía Gascón.",
     {"Da Silva", label = "PERSON", canonical = "Luiz Inácio Lula da Silva"},
     {"Karla Sofía Gascón", label = "PERSON"}},
    -- places by the words around them
    {"They moved from Jakarta to Nusantara; drones hit the Dnipropetrovsk region; the Cupertino, California-based firm.",
     {"Nusantara", label = "PLACE"}, {"Dnipropetrovsk", label = "PLACE"},
     {"Cupertino", label = "PLACE"}},
    -- a name after "the" is no person's; a hashtag is a campaign
    {"Stefano Carniani of the Scuola Normale Superiore led it.", {"Stefano Carniani", label = "PERSON"}},
    {"It praised the Rota Verde Elenchi and the Scuola Normale Superiore.", none = true},
    {"They marched under #EndBadGovernance on Monday.", {"EndBadGovernance", label = "MISC"}},
    -- sentence-initial common words are not names
    {"Bank stocks led the gains, and the Composite added 1%.", none = true},
    {"Clapping amongst the guests was Russian leader Vladimir Putin.", none = true},
    {"Heavily sanctioned by the West, Russia looks east.", none = true},
    {"Instead, Xi said, the Belt and Road Initiative would grow.", none = true},
    {"Hospital strike condemnation", none = true},
    {"The Russian leader and the Chinese president spoke.", none = true},
    {"About 3,000 Gazans have been killed.", none = true},
  },
}.id

-- A ministry named by its owner: "China's foreign ministry", "the Russian
-- defence ministry", "the Hamas-run health ministry". The span is the
-- ministry; the canonical name comes from the owner (a country's adjective,
-- another place's name, the territory an organisation runs).
local MINISTRY_TYPES = {}
for _, t in ipairs{"foreign", "defence", "defense", "health", "finance", "interior", "justice",
                   "economy", "trade", "commerce", "education", "agriculture", "energy",
                   "environment", "culture", "emergencies", "emergency", "labour", "labor",
                   "transport", "information", "industry", "home", "foreign affairs",
                   "internal affairs", "economic development", "digital", "science",
                   "intelligence", "tourism", "water", "housing", "social affairs"} do
  MINISTRY_TYPES[t] = true
end

-- The regex finds the word "ministry" (fast: a literal); Lua reads the
-- words before it.
local OWNED_BEFORE = lore.regex([[(\p{Lu}[\p{L}\p{M}.]*(?: \p{Lu}[\p{L}\p{M}.]*)?)(['’]s|-run|-led|-controlled)?\s+((?:[a-z]+\s+){1,2})$]])

rule {
  name = "owned",
  layer = "entities",
  regex = lore.regex([[(?<=[a-z] )ministry\b]]),
  priority = 2,
  action = function (m, doc)
    local text = state(doc).text
    local from = m.start > 60 and m.start - 60 or 0
    local b = OWNED_BEFORE:match(sub(text, from + 1, m.start))
    if not b then return false end
    local owner, rel = b[1], b[2]
    local kind = gsub(gsub(b[3], "%s+$", ""), "%s+", " ")
    if rel == "" then rel = nil end
    local last = match(owner, " (%S+)$")
    if last and not KT[fold(owner)] then owner = last end
    if not MINISTRY_TYPES[kind] then
      kind = match(kind, "(%S+)$")       -- "China's new foreign ministry"
      if not MINISTRY_TYPES[kind] then return false end
    end
    local place
    local p = KT[fold(owner)]
    if DEMONYM[owner] and not rel then
      place = DEMONYM[owner]
    elseif p and p.label == "PLACE" then     -- "China's", "the Gaza health ministry"
      place = p.canonical
    elseif p and p.label == "ORG" and rel and find(rel, "^%-") then
      place = ORG_TERRITORY[p.canonical]
    end
    if not place then return false end
    local kstart = m.start - #(match(b[3], "(" .. gsub(kind, "%p", "%%%0") .. "%s+)$") or "")
    m.start = kstart
    m.text = sub(text, kstart + 1, m.stop)
    m.label = "ORG"
    local title = gsub(kind, "(%a)(%a*)", function (a, b) return upper(a) .. b end)
    m.attrs.canonical = owner_adj(place) .. " " .. title .. " Ministry"
  end,
  examples = {
    {"China's foreign ministry said it was shocked.",
     {"foreign ministry", label = "ORG", canonical = "Chinese Foreign Ministry"}},
    {"according to the Hamas-run health ministry.",
     {"health ministry", label = "ORG", canonical = "Gaza Health Ministry"}},
    {"The Russian defence ministry said.",
     {"defence ministry", label = "ORG", canonical = "Russian Defence Ministry"}},
    {"Putin's press ministry and the new ministry", none = true},
  },
}

-- Clubs named after their town: "Liverpool beat Everton", "against
-- Barcelona", "Coventry City fans". A place that names a club (a town
-- with a club of its name; a name ending in City, Town, United...) is the
-- club next to a word of the game; the span is added again as an ORG (a
-- higher priority wins the tie).
local CLUB_TOWN, CLUB_SUFFIX, SPORT_BEFORE, SPORT_AFTER = {}, {}, {}, {}
for w in ("Liverpool Barcelona Everton Southampton Bournemouth Brighton Burnley Fulham Brentford "
          .. "Leicester Sunderland Middlesbrough Watford Norwich Leeds Newcastle Porto Valencia "
          .. "Sevilla Seville Marseille Lyon Monaco Milan Dortmund Leverkusen Leipzig Frankfurt "
          .. "Madrid Wolverhampton Coventry Ipswich Luton Hull Stoke Celtic Chelsea Sheffield "
          .. "Nottingham Cardiff Swansea Plymouth Portsmouth Bristol Preston Bolton Blackpool "
          .. "Bradford Huddersfield Salford Aberdeen Dundee Stockport Rotterdam Turin Lille "
          .. "Bordeaux Toulouse Stuttgart Cologne"):gmatch("%S+") do
  CLUB_TOWN[w] = true
end
for w in ("City Town United Rovers Athletic Wanderers Albion County Hotspur"):gmatch("%S+") do
  CLUB_SUFFIX[w] = true
end
for w in ("beat beating beats against v vs v. host hosts hosted face faces faced play plays "
          .. "played visit visits visited edged thrashed stunned"):gmatch("%S+") do
  SPORT_BEFORE[w] = true
end
for w in ("beat beats drew draw lost lose won win host hosted face play played manager boss "
          .. "fans striker midfielder defender goalkeeper captain coach scored score "
          .. "v vs v. edged thrashed stunned"):gmatch("%S+") do
  SPORT_AFTER[w] = true
end
local SCORE_AFTER = lore.regex([[^(?:'s|’s)? (?:manager|boss|fans|striker|midfielder|defender|goalkeeper|captain|coach)\b|^ \d{1,2}[-–]\d{1,2}\b]])

-- "lost to", "drew with", "win over"
local SPORT_PAIR = {}
for w in ("lost lose loses losing defeat beaten drew draw draws win victory"):gmatch("%S+") do
  SPORT_PAIR[w] = true
end

-- A club's word after a town: "Sheffield United", "Ipswich Town"; "Hull
-- City", "Derby County" only next to a word of the game.
local CLUB_NAME_SUFFIX = {United = "always", Town = "always", Rovers = "always",
                          Athletic = "always", Wanderers = "always", Albion = "always",
                          Hotspur = "always", Rangers = "always", City = "cue", County = "cue"}
-- "ahead of Liverpool", "fans of Chelsea": a club after "of"
local CLUB_OF = {}
for w in ("ahead clear behind fans supporters manager boss captain owner owners players "
          .. "coach chairman"):gmatch("%S+") do
  CLUB_OF[w] = true
end
-- Nicknames of clubs (rules/data/club_nicknames.tsv): nickname -> clubs.
local CLUB_NICK = {}
for _, r in ipairs(tsv("data/club_nicknames.tsv")) do
  local l = CLUB_NICK[r[1]] or {}
  l[#l + 1] = r[2]
  CLUB_NICK[r[1]] = l
end
local NICK_RE
do
  local alts = {}
  for nick in pairs(CLUB_NICK) do alts[#alts + 1] = (gsub(nick, "%p", "\\%0")) end
  table.sort(alts)
  NICK_RE = lore.regex("(?<![\\p{L}'’-])(" .. concat(alts, "|") .. ")(?![\\p{L}'’-])(?![ \\t]+\\p{Lu})")
end

-- A document without any of these words has no club for this rule: the
-- towns of clubs, the clubs the gazetteer knows, the words of clubs' names
-- ("United", "City"): found in C, so the rule costs next to nothing in
-- other news.
local CLUB_ANY_RE
do
  local set, suf = {}, {}
  for w in pairs(CLUB_TOWN) do set[w] = true end
  for w in pairs(CLUB_NAME_SUFFIX) do suf[w] = true end
  for w in pairs(CLUB_SUFFIX) do suf[w] = true end
  for _, e in ipairs(KNOWN_ENTRIES) do
    local p = e[2]
    if p.label == "ORG" and ORG_KIND[p.canonical] == "club" then set[e[1]] = true end
  end
  -- (a club's word after a word, not before a name: "United" of "Leeds
  -- United", not of "the United States")
  CLUB_ANY_RE = lore.regex("(?<![\\p{L}\\p{N}])(?:" .. trie_regex(set) .. ")(?![\\p{L}\\p{N}])"
                           .. "|(?<=\\p{L} )(?:" .. trie_regex(suf) .. ")(?![\\p{L}\\p{N}])(?! \\p{Lu})")
end

local function sports_cue (text, s, e)
  local w2, w = match(sub(text, s > 30 and s - 29 or 1, s), "(%S+) (%S+) $")
  if w and (SPORT_BEFORE[lower(w)]
            or (w == "to" or w == "with" or w == "over" or w == "by") and SPORT_PAIR[lower(w2)]) then
    return true
  end
  local a = match(text, "^ (%S+)", e + 1)
  if a and SPORT_AFTER[a] then return true end
  return SCORE_AFTER:find(sub(text, e + 1, e + 24)) ~= nil
end

RID.club = rule {
  name = "club",
  layer = "entities",
  priority = 5,
  match = function (doc)
    -- (no attribute columns: the name as written tells the club)
    if not CLUB_ANY_RE:find(doc) then return NONE end
    local c = doc:columns("entities", {"canonical"})
    local text = state(doc).text
    local lab, st, sp = c.label, c.start, c.stop
    local clubs, rest, short
    -- the clubs named in full, by their last word ("United" of Manchester
    -- United): false where two clubs of the document share it
    local function note_short (canon)
      local last = match(canon, " (%a+)$")
      if last and (ORG_KIND[canon] == "club" or CLUB_SUFFIX[last])
         and (CLUB_SUFFIX[last] or not KT[fold(last)]) then
        short = short or {}
        local prev = short[last]
        if prev == nil then short[last] = canon
        elseif prev ~= canon then short[last] = false end
      end
    end
    local present                       -- clubs of the document (for nicknames)
    local function note_club (canon)
      present = present or {}
      present[canon] = true
    end
    local cans = c.canonical
    for i = 1, c.n do
      local l = lab[i]
      if l == "ORG" then
        local cn = cans[i]
        if cn and ORG_KIND[cn] == "club" then note_short(cn); note_club(cn) end
      elseif l == "PLACE" then
        -- a place and a club's word: "Sheffield United", "Ipswich Town",
        -- "Hull City" next to a word of the game (not "Hull City Council")
        local s1 = sp[i]
        local c1, c2 = byte(text, s1 + 1, s1 + 2)
        local suf = c1 == 32 and c2 and c2 >= 65 and c2 <= 90 and match(text, "^ (%u%l+)", s1 + 1)
        local kind = suf and CLUB_NAME_SUFFIX[suf]
        local e = kind and s1 + 1 + #suf
        local canon
        if kind and not match(text, "^%s+%u", e + 1) then
          canon = sub(text, st[i] + 1, s1)
          if KT[fold(canon .. " " .. suf)] or not (kind == "always" or sports_cue(text, st[i], e)) then
            kind = nil
          end
        else
          kind = nil
        end
        if kind then
          local name = canon .. " " .. suf
          doc:add("entities", st[i], e, {label = "ORG", canonical = name, priority = 5,
                                         rule = RID.club})
          note_short(name)
          note_club(name)
        else
          -- (the canonical name tells a town: no string is cut for the others)
          local cn = cans[i]
          if cn and (CLUB_TOWN[cn] or (find(cn, " ", 1, true) and CLUB_SUFFIX[match(cn, " (%a+)$") or ""])) then
            canon = canon or sub(text, st[i] + 1, s1)
            if not (CLUB_TOWN[canon] or CLUB_SUFFIX[match(canon, " (%a+)$") or ""]) then
              -- (a canonical name that is not the text: not a town named so)
            elseif sports_cue(text, st[i], s1) then
              note_short(canon)
              doc:add("entities", c.start[i], c.stop[i], {label = "ORG", canonical = canon, priority = 5,
                                                          rule = RID.club})
              clubs = clubs or {}
              clubs[canon] = true
              note_club(canon)
            else
              rest = rest or {}
              rest[#rest + 1] = i
            end
          end
        end
      end
    end
    -- a town named as a club is the club elsewhere in the document too
    -- ("Chelsea boss ... with Chelsea at Villa Park"), unless a place
    -- word comes before it ("in Chelsea", "the town of ...")
    if clubs and rest then
      for _, i in ipairs(rest) do
        local canon = sub(text, st[i] + 1, sp[i])
        if clubs[canon] and not place_cue(text, st[i]) then
          local w, b = prev_word(text, st[i])
          -- ("of" only after a word of the table or the club: "ahead of")
          if w ~= "from" and (w ~= "of" or CLUB_OF[prev_word(text, b) or ""]) then
            doc:add("entities", st[i], sp[i], {label = "ORG", canonical = canon, priority = 5,
                                               rule = RID.club})
          end
        end
      end
    end
    -- A club named in full is then named by its last word: "Manchester
    -- United ... United will face", "Aston Villa ... Villa travel" (not a
    -- word two clubs of the document share, nor one the gazetteer knows:
    -- "Bayern Munich ... Munich"; not before or after another capitalised
    -- word: "United States", "City Hall").
    if short then
      for w, canon in pairs(short) do
        if canon then
          local i = find(text, w, 1, true)
          while i do
            local j = i + #w
            if not find(sub(text, i - 1, i - 1), "[%w'’.-]") and not find(sub(text, j, j), "[%w-]")
               and not match(text, "^%s+%u", j)
               and #doc:spans("entities", {overlapping = {i - 1, j - 1}}) == 0 then
              doc:add("entities", i - 1, j - 1, {label = "ORG", canonical = canon, priority = 5,
                                                 rule = RID.club})
            end
            i = find(text, w, j, true)
          end
        end
      end
    end
    -- Nicknames of the clubs of the document: "the Gunners" (Arsenal),
    -- "Wolves" (Wolverhampton Wanderers); one a nickname fits, where two of
    -- the document's clubs share it ("the Blues"), none.
    if present then
      for _, m in ipairs(NICK_RE:scan(doc)) do
        local nick = m[1]
        local fit
        for _, cn in ipairs(CLUB_NICK[nick]) do
          if present[cn] then
            if fit then fit = false break end
            fit = cn
          end
        end
        if fit then
          local s1, e1 = m.spans[1][1], m.spans[1][2]
          doc:add("entities", s1, e1, {label = "ORG", canonical = fit, priority = 5, rule = RID.club})
        end
      end
    end
    return NONE
  end,
  examples = {
    {"Liverpool beat Everton 2-0, then lost to Barcelona; Leicester City fans sang.",
     {"Liverpool", label = "ORG"}, {"Barcelona", label = "ORG"},
     {"Leicester City", label = "ORG"}},
    {"Rain fell in Liverpool and Mexico City on Monday.",
     {"Liverpool", label = "PLACE"}, {"Mexico City", label = "PLACE"}},
    -- a club named in full, then by its last word; a town named as a club
    -- is the club elsewhere in the document
    {"Newcastle United beat Leeds. United now sit fifth, and Leeds remain tenth.",
     {"United", at = 2, label = "ORG", canonical = "Newcastle United"},
     {"Leeds", at = 2, label = "ORG"}},
    {"The United States and Manchester City.", {"United States", label = "PLACE"}},
    -- a town and a club's word; nicknames of the clubs named
    {"Arsenal thrashed Sheffield United, and Ipswich Town lead. The Gunners are top; Wolves drew.",
     {"Sheffield United", label = "ORG"}, {"Ipswich Town", label = "ORG"},
     {"Gunners", label = "ORG", canonical = "Arsenal"}},
    {"Hull City Council met. Wolves roam in the forest near Leeds.", none = true},
    {"Liverpool beat Fulham. Arsenal are two points ahead of Liverpool.",
     {"Liverpool", at = 2, label = "ORG"}, {"Fulham", label = "ORG"}},
  },
}.id

-- The Amazon as a region, not the company: "the Amazon", "the Brazilian
-- Amazon", "Amazon rainforest", "Amazon countries" (the span is added again
-- as a PLACE; a higher priority wins the tie). "Amazon shares", "Amazon
-- said" stay the company.
local AMAZON_NOUN = {}
for w in ("rainforest rainforests basin region forest forests jungle river deforestation "
          .. "countries nations states biome fires tribes tribe peoples"):gmatch("%S+") do
  AMAZON_NOUN[w] = true
end
local AMAZON_VERB = {is = true, was = true, has = true, had = true, will = true, could = true,
                     would = true, covers = true, spans = true, stores = true, absorbs = true}

rule {
  name = "amazon",
  layer = "entities",
  regex = lore.regex([[\bAmazon\b(?![.’'-]\p{L})]]),
  priority = 2,
  action = function (m, doc)
    local text = state(doc).text
    local nextw = match(text, "^ (%a+)", m.stop + 1)
    local place = nextw and AMAZON_NOUN[lower(nextw)]
    if not place then
      local before = sub(text, m.start > 20 and m.start - 19 or 1, m.start)
      local w = match(before, "(%a+) $")
      if w and DEMONYM[w] then
        place = true                      -- "the Brazilian Amazon"
      elseif w == "the" or w == "The" then
        place = not nextw and not match(text, "^['’]", m.stop + 1) or AMAZON_VERB[nextw]
      end
    end
    if not place then return false end
    m.label = "PLACE"
    m.attrs.canonical = "Amazon"
  end,
  examples = {
    {"Deforestation in the Brazilian Amazon fell; the Amazon is vast; Amazon countries met.",
     {"Amazon", label = "PLACE"}, {"Amazon", at = 2, label = "PLACE"},
     {"Amazon", at = 3, label = "PLACE"}},
    {"Amazon said the Amazon deal and Amazon's shares.", none = true},
  },
}

-- Works named in double quotes, in title case: "Anora", "The Seed of the
-- Sacred Fig", "Kinds of Kindness" (a film, a book, a song, a show): MISC.
-- Every word is capitalised but the small ones, and a single word is no
-- common word ("Tangerine" is missed, "Yes" is no work); a name the
-- gazetteer knows as something else stays that.
local WORK_SMALL = {}
for w in ("a an the of and in on at to for as with from by or nor but de la le del des du "
          .. "von van"):gmatch("%S+") do
  WORK_SMALL[w] = true
end

rule {
  name = "work",
  layer = "entities",
  regex = lore.regex([[(?:"|“)(\p{Lu}[\p{L}\p{N}'’&-]*+(?: (?:\p{Lu}[\p{L}\p{N}'’&-]*+|\p{N}+|a|an|the|of|and|in|on|at|to|for|as|with|from|by|or|nor|but|de|la|le|del|des|du|von|van)){0,7})[,.]?(?:"|”)]]),
  priority = 4,
  action = function (m)
    local t = m[1]
    local n, caps = 0, 0
    for w in gmatch(t, "%S+") do
      n = n + 1
      if n > 8 then return false end
      if is_upper_initial(w) or find(w, "^%d") then caps = caps + 1
      elseif not WORK_SMALL[w] then return false end
    end
    if n == 1 and (COMMON[lower(t)] or STOP[t]) then return false end
    local p = KT[fold(t)]
    if p and p.label ~= "MISC" then return false end
    m.start, m.stop, m.text = m.spans[1][1], m.spans[1][2], t
    m.label = "MISC"
    m.attrs.canonical = p and p.canonical or canon_text(t)
  end,
  examples = {
    {'Baker\'s "Anora," won; the jury gave a prize to "All We Imagine As Light" and “Kinds of Kindness”.',
     {"Anora", label = "MISC"}, {"All We Imagine As Light", label = "MISC"},
     {"Kinds of Kindness", label = "MISC"}},
    {'He said "Yes" and called it "a win for free speech"; "Putin" and "Tangerine".', none = true},
  },
}

-- The West as a bloc ("sanctioned by the West"); "the South" as the Global
-- South when the article speaks of blocs. Not "the West Bank", not "Western".
rule {
  name = "bloc",
  layer = "entities",
  regex = lore.regex([[\b[Tt]he\s+(West|South)\b(?![ \t]*\p{Lu})(?!-\p{L})]]),
  priority = 2,
  action = function (m, doc)
    m.start, m.stop, m.text = m.spans[1][1], m.spans[1][2], m[1]
    m.label = "PLACE"
    if m.text == "West" then
      m.attrs.canonical = "West"
    else
      local st = state(doc)
      local blocs = st.blocs               -- (searched once per document)
      if blocs == nil then
        local text = st.text
        blocs = (find(text, "the West", 1, true) or find(text, "Global South", 1, true)
                 or find(text, "BRICS", 1, true)) and true or false
        st.blocs = blocs
      end
      if not blocs then return false end
      m.attrs.canonical = "Global South"
    end
  end,
  examples = {
    {"Heavily sanctioned by the West, Russia looks east.", {"West", label = "PLACE", canonical = "West"}},
    {"Isolated from the West, it courts countries mainly from the South.",
     {"South", label = "PLACE", canonical = "Global South"}},
    {"Settlers in the West Bank; Western sanctions.", none = true},
    {"Storms hit the South on Monday.", none = true},
  },
}

-- An initiative's forum or summit written in lowercase: "the New Silk
-- Roads forum" -> Belt and Road Forum (the initiative's canonical name with
-- "Forum" for "Initiative"). The regex finds the lowercase word (a
-- literal); Lua reads the name before it.
local FORUM_BEFORE = lore.regex([[(\p{Lu}[\p{L}\p{M}'’-]*(?:,? (?:and |of |for )?\p{Lu}[\p{L}\p{M}'’-]*){0,5}) $]])

rule {
  name = "forum",
  layer = "entities",
  regex = lore.regex([[(?<=\p{L} )(?:forum|summit)\b]]),
  priority = 4,
  action = function (m, doc)
    local text = state(doc).text
    local from = m.start > 80 and m.start - 80 or 0
    -- FORUM_BEFORE needs a capital in the letters right before the space
    -- ("the forum", "G20 summit" have none): bytes a-z ' - end nowhere
    -- else; a capital or a non-ASCII byte leaves it to the regex
    local i = m.start - 1
    while i > from do
      local c = byte(text, i)
      if (c >= 97 and c <= 122) or c == 39 or c == 45 then i = i - 1
      elseif (c >= 65 and c <= 90) or c >= 128 then break
      else return false end
    end
    if i <= from then return false end
    local b = FORUM_BEFORE:match(sub(text, from + 1, m.start))
    if not b then return false end
    local name = b[1]
    -- the longest known initiative ending right before the word
    local p, start
    local pos = 1
    while pos do
      local cand = sub(name, pos)
      local q = KT[fold(cand)] or KT[fold(cand .. " Initiative")]
      if q and q.label == "MISC" and find(q.canonical, " Initiative$") then
        p, start = q, pos
        break
      end
      pos = find(name, " ", pos, true)
      if pos then pos = pos + 1 end
    end
    if not p then return false end
    m.start = from + b.spans[1][1] + start - 1
    m.text = sub(text, m.start + 1, m.stop)
    m.label = "MISC"
    local kind = sub(text, m.stop - 5, m.stop) == "summit" and "Summit" or "Forum"
    m.attrs.canonical = gsub(p.canonical, " Initiative$", " " .. kind)
  end,
  examples = {
    {"on the sidelines of the New Silk Roads forum in Beijing",
     {"New Silk Roads forum", label = "MISC", canonical = "Belt and Road Forum"}},
    {"delegates at the Global Development Initiative summit",
     {"Global Development Initiative summit", label = "MISC", canonical = "Global Development Summit"}},
    {"a Beijing forum on trade and the BRICS summit", none = true},
  },
}

-- {======================================================================
-- Nominal mentions: "the Russian leader" -> the Russian leader named here
-- =======================================================================

-- The regex starts at a determiner (a cheap literal) and ends at a head
-- noun used as a noun, not as a title (not followed by a name): "the
-- Russian leader", "his former foreign minister". Lua checks the words in
-- between (a modifier, a demonym or a country).
local NOMINAL_HEADS = "leader|president|premier|prime minister|chancellor|foreign minister|"
  .. "defen[cs]e minister|defense secretary|secretary of state|secretary-general|"
  .. "spokes(?:man|woman|person)|envoy|ambassador|top diplomat|king|queen|monarch|pope|emir|"
  .. "crown prince|supreme leader|president-elect"
local NOMINAL_RE = lore.regex("\\b(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir) ((?:[\\w.'’-]+ ){0,2}?)(?=[lpcfdsekqmat])("
  .. NOMINAL_HEADS .. ")\\b(?![ \\t]+\\p{Lu})(?![ \\t]+of\\b)(?!-)")

local MODIFIERS = {former = true, ["then"] = true, late = true, current = true, new = true,
                   outgoing = true, incoming = true, veteran = true, top = true, same = true}


-- First offset (1-based) of any surface form of canon in the text, cached
-- per document.
local function first_at (st, canon)
  local v = st.first[canon]
  if v == nil then
    v = false
    for _, sf in ipairs(SURFACES[canon] or {canon}) do
      local a = find(st.text, sf, 1, true)
      if a and (not v or a < v) then v = a end
    end
    st.first[canon] = v
  end
  return v
end

-- The latest occurrence before pos (0-based) of any surface of canon.
local function last_before (text, canon, pos)
  local best
  for _, sf in ipairs(SURFACES[canon] or {canon}) do
    local i = 1
    while true do
      local a = find(text, sf, i, true)
      if not a or a > pos + 1 then break end
      if not best or a > best then best = a end
      i = a + 1
    end
  end
  return best
end

-- Known people by country and nominal head ("Russia", "leader" -> Putin...).
local NOM_CANDS = {}
for country, list in pairs(PEOPLE_BY_COUNTRY) do
  local byhead = {}
  for head, accept in pairs(NOMINAL_ROLES) do
    local l = {}
    for _, rec in ipairs(list) do
      for r in pairs(accept) do if rec.roles[r] then l[#l + 1] = rec.canonical break end end
    end
    if #l > 0 then byhead[head] = l end
  end
  NOM_CANDS[country] = byhead
end

local function fits (canon, st, country, accept)
  local rec, p = PEOPLE[canon], st.persons[canon]
  local ctry = (rec and rec.country) or (p and p.country)
  if country and ctry ~= country then return false end
  -- (a person has a role or two, a head accepts up to a dozen)
  if rec then for r in pairs(rec.roles) do if accept[r] then return true end end end
  if p then for r in pairs(p.roles) do if accept[r] then return true end end end
  return false
end

-- The persons of the document (st.persons) that fit a country (or nil)
-- and a head, and the entries of doc_people that fit the head: the same
-- for every nominal of a document, so kept until a person changes (most
-- documents name a dozen people; a nominal keeps one or two).
local function fit_cache (st)
  local fc = st.fitcache
  if not fc or fc.version ~= st.version then
    fc = {version = st.version}
    st.fitcache = fc
  end
  return fc
end

local function fitting (st, country, head, accept)
  local fc = fit_cache(st)
  local key = country and (country .. "\0" .. head) or head
  local l = fc[key]
  if not l then
    l = {}
    for canon, p in pairs(st.persons) do
      if fits(canon, st, country, accept) then l[#l + 1] = p end
    end
    fc[key] = l
  end
  return l
end

local function fitting_people (st, people, head, accept)
  local fc = fit_cache(st)
  local key = "\1" .. head
  local l = fc[key]
  if not l then
    l = {}
    for i = 1, #people do
      local k = people[i]
      if fits(k.canon, st, nil, accept) then l[#l + 1] = k end
    end
    fc[key] = l
  end
  return l
end

-- Add a candidate (the latest offset wins for a name seen twice).
local function add_cand (cands, canon, at)
  for i = 1, #cands do
    local c = cands[i]
    if c.canon == canon then if at > c.at then c.at = at end return end
  end
  cands[#cands + 1] = {canon = canon, at = at}
end

-- The document's people from layer entities (read once per document, only
-- for a nominal without nationality: "the president").
local function doc_people (st, doc)
  if not st.kpersons then
    local l = {}
    for _, sp in ipairs(doc:spans("entities", "PERSON")) do
      l[#l + 1] = {canon = sp.canonical or sp.text, at = sp.start}
    end
    st.kpersons = l
  end
  return st.kpersons
end

rule {
  name = "nominal",
  layer = "mentions",
  regex = NOMINAL_RE,
  priority = 1,
  action = function (m, doc)
    local st = state(doc)
    local text = st.text
    local mid, head = m[1], m[2]
    if head == "spokesman" or head == "spokeswoman" then head = "spokesperson" end
    local accept = NOMINAL_ROLES[head]
    if not accept then return false end
    -- the words between the determiner and the head: [modifier] [country]
    local country
    if mid ~= "" then
      local w1, w2 = match(mid, "^(%S+) (%S+) $")
      if not w1 then w2 = match(mid, "^(%S+) $") end
      if w1 and not MODIFIERS[w1] then
        -- a two-word demonym or country: "the North Korean leader"
        country = country_of_word(w1 .. " " .. w2)
        if not country then return false end
        w1, w2 = nil, nil
      end
      if w2 and not MODIFIERS[w2] then
        if find(w2, "'s$") or find(w2, "’s$") then return false end
        country = country_of_word(w2)
        if not country then return false end
      end
    end
    local pos = m.start
    -- "Its president, Omar Alieu Touray, met ...": the person named in the
    -- apposition
    if byte(text, m.stop + 1) == 44 and byte(text, m.stop + 2) == 32 then
      for _, sp in ipairs(doc:spans("entities", {overlapping = {m.stop + 2, m.stop + 3}})) do
        if sp.start == m.stop + 2 and sp.label == "PERSON" then
          m.label = "NOMINAL"
          m.attrs.ref = sp.canonical or sp.text
          m.attrs.ref_label = "PERSON"
          return
        end
      end
    end
    -- candidates: people of the document with that country and role
    local cands = {}
    if country then
      local l = NOM_CANDS[country] and NOM_CANDS[country][head]
      if l then
        local first = st.first
        for i = 1, #l do
          local canon = l[i]
          local at = first[canon]
          if at == nil then at = first_at(st, canon) end
          if at and at <= pos then add_cand(cands, canon, at) end
        end
      end
    else
      local people = fitting_people(st, doc_people(st, doc), head, accept)
      for i = 1, #people do
        local k = people[i]
        if k.at < pos then add_cand(cands, k.canon, k.at + 1) end
      end
    end
    local fit = fitting(st, country, head, accept)
    for i = 1, #fit do
      local p = fit[i]
      if p.first < pos then add_cand(cands, p.canonical, p.first + 1) end
    end
    if #cands == 0 then return false end
    if #cands > 1 then
      -- several fit: the one named last before the mention
      for _, c in ipairs(cands) do
        local p = st.persons[c.canon]
        c.at = last_before(text, c.canon, pos) or c.at
        if p and p.last < pos and p.last + 1 > c.at then c.at = p.last + 1 end
      end
      -- (ties by name: the order of st.persons is a hash table's)
      table.sort(cands, function (x, y)
        if x.at ~= y.at then return x.at > y.at end
        return x.canon < y.canon
      end)
    end
    m.label = "NOMINAL"
    m.attrs.ref = cands[1].canon
    m.attrs.ref_label = "PERSON"
  end,
  examples = {
    {"Russian President Vladimir Putin arrived. The Russian leader said ties were strong.",
     {"The Russian leader", label = "NOMINAL", ref = "Vladimir Putin", ref_label = "PERSON"}},
    {"Putin met Xi Jinping. Later the Chinese president spoke.",
     {"the Chinese president", label = "NOMINAL", ref = "Xi Jinping"}},
    {"Xi spoke to Putin, then the Chinese leader left and the Russian president stayed.",
     {"the Chinese leader", label = "NOMINAL", ref = "Xi Jinping"},
     {"the Russian president", label = "NOMINAL", ref = "Vladimir Putin"}},
    {"Former French Prime Minister Jean-Pierre Raffarin spoke; the French prime minister left.",
     none = true},
    {"The Russian leader was absent.", none = true},
    {"Tinubu spoke. Its president, Omar Touray, met the Nigerian president.",
     {"Its president", label = "NOMINAL", ref = "Omar Touray"},
     {"the Nigerian president", label = "NOMINAL", ref = "Bola Tinubu"}},
    -- determiners are whole words: not "anot-her leader", "t-his president"
    {"Vladimir Putin arrived. Then another leader spoke, and this president left.", none = true},
  },
}

-- "the agency", "the bloc", "the court": the organisation of that kind
-- named last before it (kinds from rules/data/orgs.tsv, or the head word of
-- a name found here: "... Agency", "... Court", "... Airways"). "The
-- agency" is a public agency (WHO, NASA, "... Administration") where one is
-- named before it, a news agency only otherwise: a news agency credited in
-- the text ("(Reuters)", "told Reuters") is seldom the subject. "The
-- company" is the company named most often before it (the subject, not
-- "analysts at X"), the last one on a tie.
local ORG_NOMINAL = {
  agency = {govagency = 2, agency = 1}, ["news agency"] = {agency = 1},
  broadcaster = {broadcaster = 1}, ["state broadcaster"] = {broadcaster = 1},
  newspaper = {newspaper = 1}, bloc = {bloc = 1}, alliance = {alliance = 1, bloc = 1},
  court = {court = 1}, tribunal = {court = 1}, ministry = {ministry = 1},
  ["militant group"] = {group = 1}, company = {company = 1, airline = 1},
  firm = {company = 1}, airline = {airline = 1}, carrier = {airline = 1},
  regulator = {regulator = 2, govagency = 1}, watchdog = {regulator = 2, govagency = 1},
  union = {union = 1}, charity = {charity = 1}, university = {university = 1},
  journal = {journal = 1},
}
local ORG_BY_COUNT = {company = true, firm = true}
local ORG_HEAD_KIND = {Agency = "govagency", Administration = "govagency", Court = "court",
                       Tribunal = "court", Ministry = "ministry", Alliance = "alliance",
                       Authority = "regulator", Regulator = "regulator", Commission = "regulator",
                       Airlines = "airline", Airways = "airline", Air = "airline",
                       Union = "union", University = "university", Journal = "journal"}
local function org_kind (canon)
  local k = ORG_KIND[canon]
  if k then return k end
  local last = match(canon, "(%S+)$")
  if last == "Agency" and find(canon, "News Agency", 1, true) then return "agency" end
  return ORG_HEAD_KIND[last] or (COMPANY_HEAD[last] and "company") or nil
end

rule {
  name = "nominal_org",
  layer = "mentions",
  regex = lore.regex([[\b[Tt]he ((?:[a-z]+[ -]){0,2}?)(news agency|agency|state broadcaster|broadcaster|newspaper|bloc|alliance|court|tribunal|ministry|militant group|company|firm|airline|carrier|regulator|watchdog|union|charity|university|journal)\b(?![ \t]+\p{Lu})(?![ \t]+of\b)(?!-)]]),
  priority = 1,
  action = function (m, doc)
    local head = m[2]
    local accept = ORG_NOMINAL[head]
    if not accept then return false end
    if head == "carrier" and find(m[1], "aircraft", 1, true) then return false end
    -- candidates: rank of the kind, mentions so far, last mention
    local cands, order = {}, {}
    for _, sp in ipairs(doc:spans("entities", {label = "ORG", inside = {0, m.start}})) do
      local canon = sp.canonical or sp.text
      local c = cands[canon]
      if c then
        c.n, c.at = c.n + 1, sp.start
      else
        local kind = org_kind(canon)
        local rank = kind and accept[kind]
        if rank then
          c = {canon = canon, rank = rank, n = 1, at = sp.start}
          cands[canon] = c
          order[#order + 1] = c
        end
      end
    end
    local bycount = ORG_BY_COUNT[head]
    if bycount then
      -- "Brad Smith, Microsoft's president, said the company ...": one of
      -- the kind named in the same sentence before it, else in the same
      -- paragraph, if any
      local text = state(doc).text
      local sent, para = nil, m.start
      while para > 0 do
        local c = byte(text, para)
        if c == 10 then break end
        if not sent and (c == 46 or c == 33 or c == 63) and byte(text, para + 1) == 32 then
          sent = para
        end
        para = para - 1
      end
      for _, from in ipairs{sent or para, para} do
        local near = {}
        for i = 1, #order do
          if order[i].at >= from then near[#near + 1] = order[i] end
        end
        if #near > 0 then order = near break end
      end
    end
    local best
    for i = 1, #order do
      local c = order[i]
      if not best or c.rank > best.rank
         or (c.rank == best.rank and ((bycount and c.n > best.n)
                                      or ((not bycount or c.n == best.n) and c.at > best.at))) then
        best = c
      end
    end
    best = best and best.canon
    if not best then return false end
    m.label = "NOMINAL"
    m.attrs.ref = best
    m.attrs.ref_label = "ORG"
  end,
  examples = {
    {"Xinhua reported the talks. The agency said they went well.",
     {"The agency", label = "NOMINAL", ref = "Xinhua News Agency", ref_label = "ORG"}},
    {"The Hague-based International Criminal Court issued a warrant; the court said it acted alone.",
     {"the court", label = "NOMINAL", ref = "International Criminal Court"}},
    {"BRICS leaders met. The bloc now has ten members.", {"The bloc", label = "NOMINAL", ref = "BRICS"}},
    -- a public agency before a news agency credited in the text
    {"LAGOS (Reuters) - The WHO warned on Monday. An official told Reuters the agency would act.",
     {"the agency", label = "NOMINAL", ref = "World Health Organization"}},
    {"Crews at Bluebird Airways walked out, the Unite union said. The airline said it was sorry.",
     {"The airline", label = "NOMINAL", ref = "Bluebird Airways"}},
    -- "the company": the one named most often before it
    {"Norland Systems shares rose. Norland Systems beat forecasts, analysts at Morgan Stanley said, "
     .. "and the company raised its outlook.",
     {"the company", label = "NOMINAL", ref = "Norland Systems"}},
    {"The agency said nothing.", none = true},
    {"Apple rose. Apple fell. Brad Smith, Microsoft's president, said the company would act.",
     {"the company", label = "NOMINAL", ref = "Microsoft"}},
  },
}

-- {======================================================================
-- After the phase: relink a one-word alias when the document names another
-- person with that surname ("Steve Harris ... Harris" is not Kamala Harris).
-- =======================================================================

after("relink", function (doc)
  local st = ST_DOC == doc and ST or nil
  if not st then return end
  for w, canon in pairs(st.by_token) do
    local alias = PERSON_ALIAS[w]
    if alias and alias ~= canon then
      for _, sp in ipairs(doc:spans("entities", "PERSON")) do
        if sp.text == w and sp.canonical == alias then
          sp.canonical = canon
          local p = st.persons[canon]
          sp.gender = p and p.gender or nil
        end
      end
    end
  end
end)

-- "Labour costs rose", "Labour shortages hit farms": at the start of a
-- sentence the word before a noun of the labour market is no party.
local LABOUR_NOUN = {}
for w in ("market markets cost costs shortage shortages force supply law laws rights productivity "
          .. "camp camps exploitation disputes relations standards participation mobility pains "
          .. "practices"):gmatch("%S+") do
  LABOUR_NOUN[w] = true
end

after("labour", function (doc)
  local text = ST_DOC == doc and ST.text or doc.text
  local i = find(text, "Labour ", 1, true)
  while i do
    local w = match(text, "^(%l+)", i + 7)
    if w and LABOUR_NOUN[w] and sentence_initial(text, i - 1) then
      for _, sp in ipairs(doc:spans("entities", {label = "ORG", inside = {i - 1, i + 5}})) do
        sp:remove()
      end
    end
    i = find(text, "Labour ", i + 7, true)
  end
end)
