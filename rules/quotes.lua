-- rules/quotes.lua: who said what. Layer `quotes`, label key `type`:
--
--   direct    words inside quotation marks (span: inside the marks)
--   unmarked  first-person words without marks, plainly attributed
--             ("We have weathered many trials, Xi told Putin.")
--   indirect  reported speech ("Xi said Beijing would not ...")
--
-- Attributes: speaker (canonical name, or null), speaker_start/speaker_end
-- (the mention that names the speaker), cue (the speech verb), marked,
-- paragraph (1-based).
--
-- How it works (docs/guidelines.md says what counts):
--   1. C finds the candidates over the whole document: the quotation
--      marks (the tokenizer already tells apostrophes and clitics from
--      them), paired in C (lore.rules.quotations), and the speech cues
--      (data/speech_verbs.txt: "said", "told", "according to", "hailed" ...
--      with their class), matched by a lexicon in C. Lua runs only on these
--      hits and on the spans of earlier layers (read as records made in C),
--      with linear passes over the sorted lists; nothing runs per token.
--      The spans are added in C (lore.rules.add). Where lore.rules is out
--      of reach (primitives = false), Lua does the same: a token pattern for the
--      marks, a gazetteer for the cues, doc:columns, doc:add.
--   2. Marks are paired per paragraph with a stack: nested quotes stay
--      inside the outer one, a single mark after a letter may be a
--      possessive ("leaders' talks"), a close mark of another kind closes
--      the open quote ('friendship."), German and French marks count, and
--      a mark that does not pair never runs past its paragraph. A paragraph
--      that leaves a quote open continues into the next one.
--   3. Each quote is attributed; the first rule that names someone wins:
--        a. a cue right after it: "...," he said / said Wang / the leader added
--        b. the nearest cue before it in its sentence, and that cue's
--           subject: Xi said (that) ...; Xi, too, said; Putin on Wednesday
--           said; China, which ..., has called for; Li, who said; Xi told
--           Putin; a participle ("saying", "hailing") takes the subject of
--           the clause it hangs on, and so does a second verb ("Briggs has
--           broken her silence - and says"); "according to X" names X
--           ("according to the minister", "the charity" too); a cue whose
--           subject names nobody ("the head of a trade group told",
--           "officials said", "a source close to the actress told", "two
--           people familiar with the matter said", "said one resident")
--           gives speaker null - but "a company spokesperson", "a
--           spokesperson for X" speak for the organisation; a cue inside
--           the clause another cue reports ('Trudeau said Ottawa would
--           respond "firmly"') leaves the words to the one who reports it
--        c. an attribution later in the sentence: "...", the leader added.
--        d. the subject at the start of the sentence (partial quotes:
--           Putin met his "old friend" Xi); a joint subject ("Xi and Putin
--           signed ...") names no single speaker
--        e. a news agency that reports it, only when nothing else names a
--           speaker (Xi said "...", according to Xinhua -> Xi)
--        A question whose attribution the sentence splitter cut off ('"Did
--        anyone check?" Delaney asked.') keeps it; an explicit subject that
--        names nobody ("he" with no man before, "the union" with no union)
--        gives speaker null rather than the last speaker.
--        f. the context: the quote an open paragraph continues; a quote
--           that is a whole sentence after another quote (same speaker);
--           after "X said:" or after a sentence about X in the paragraph;
--           a headline or section header whose words are quoted again
--           with a speaker
--      Speakers are mentions of layer `entities` (canonical), of layer
--      `mentions` (NOMINAL ref: "the Russian leader"), "he"/"she" resolved
--      here (subject of the sentence, speaker of the previous quote, subject
--      of the previous sentence - nobody when it is unnamed ("The bank's
--      head of risk said"), a name no layer marked when it opens it
--      ("Councilman Dale Hutchins disagreed.") - latest PERSON; gender when
--      known), title
--      descriptions resolved from the words around earlier names ("the
--      judge", "the Australian", "the 29-year-old"), a place after a given
--      name read as a surname ("said Ana Lima"), organisations named by
--      a common noun ("the airline", "the bank", "the club", "the
--      regulator": the latest organisation whose name or kind fits - an
--      ORG span or a capitalised name headed so, "Skyline Airways" - a
--      news agency only when no other one does, or named right after the
--      noun, "the charity World Central Kitchen"; for a public body the
--      words before the noun must fit, "the economy ministry"; else the
--      latest one of the same group nearby - not for a ministry - else
--      nobody; "the Trump administration"; "It said" after a sentence about
--      one; "said the company"; "analysts at X" -> X), and
--      capitalised names that no layer marked. Without an entity layer at
--      all, a fallback finds names in the text. A subject after the quote
--      that opens a clause of its own ('"dismayed" that the union had
--      rejected') is no attribution.
--      A quote that nobody says and that is one word or a title is dropped
--      (scare quotes); longer ones stay with speaker null.
--   4. Unmarked and indirect speech come from the speech cues that are not
--      attributions of quotes: "CLAUSE, X said." (first person -> unmarked,
--      extended back over the plain sentences of the paragraph; else
--      indirect), "X said (that) CLAUSE", "X told Y (that) CLAUSE",
--      "According to X, CLAUSE", "CLAUSE, according to X", "X did Y,
--      saying CLAUSE", "X did Y and said CLAUSE"; a speaker that names
--      nobody ("officials said") reports too, with speaker null (not a
--      generic "experts say"). A clause ends before ", while ..." and its
--      own speaker; datelines ("MOSCOW, July 16 (TASS) -") and the time
--      stamps of a live blog are left out; first-person sentences after
--      "CLAUSE, X says." in the paragraph go on with the speaker's words
--      (unmarked). The answers of an interview ("A: ..." after "Q: ...")
--      are the unmarked words of the one interviewed (the person named most
--      before the first question). Spans leave out the attribution and the
--      final punctuation. In every form a clause
--      may hold quoted phrases (she was "cautiously hopeful."; it was "a
--      fair offer," the airline said) but not start with one or cut one;
--      the closing mark and what it holds stay. A news agency does not
--      report as its own a clause with a speaker of its own.

phase "quotes"
layer("quotes", {policy = "longest", per_label = true, label_key = "type",
                 exclude = {"boilerplate"}, labels = {"direct", "unmarked", "indirect"}})

local sub, find, match, gmatch, gsub, lower, byte =
  string.sub, string.find, string.match, string.gmatch, string.gsub, string.lower, string.byte

-- JSON null for "speaker": null, when the bindings can store it as an
-- attribute value; else the attribute is left unset.
local NULL = (function ()
  local ok = pcall(function ()
    local d = lore.doc("x")
    d:add("_probe", 0, 1, {v = lore.json.null})
  end)
  if ok then return lore.json.null end
  return nil
end)()

-- lore.rules (C primitives for rules), unless out of reach (primitives = false):
-- then the same is done in Lua.
local P = require "lib.util"
local RULES = P.rules

local add_spans = P.add_spans

local function set (list)
  local t = {}
  for w in gmatch(list, "%S+") do t[w] = true end
  return t
end

-- {======================================================================
-- Data
-- =======================================================================

-- Speech cues: folded form -> {class, zero, ing}. (The files are read
-- with words(), which works with and without --sandbox.)
local CUES, cue_forms = {}, {}
for line in pairs(words("data/speech_verbs.txt")) do
  local form, class, flags = match(line, "^([^\t]+)\t([^\t]+)\t?(.*)$")
  if form then
    form = lower(form)
    CUES[form] = {class = class, zero = find(flags, "zero", 1, true) ~= nil,
                  ing = class ~= "source" and (match(form, "ing$") ~= nil or match(form, "ing %a+$") ~= nil)}
    cue_forms[#cue_forms + 1] = form
  end
end
-- Heads of a noun phrase that names nobody; with an indefinite article, a
-- number or none ("Officials said", "Another MP said"); with "the" only in
-- the plural ("the sources said": "the official said" is someone named
-- before).
local UNNAMED_HEAD = set([[
  official officials source sources people person resident residents witness witnesses
  expert experts analyst analysts economist economists researcher researchers scientist
  scientists spokesman spokeswoman spokesperson spokespeople aide aides insider insiders
  diplomat diplomats lawmaker lawmakers legislator legislators mp mps backbencher
  backbenchers pal pals friend friends neighbour neighbours neighbor neighbors fan fans
  critic critics activist activists observer observers investor investors trader traders
  executive executives employee employees worker workers agent lawyer lawyers doctor
  doctors police officer officers member members organisers organizers campaigners
  protesters protestors survivors relatives parents students staff man woman men women
  commentator commentators representative representatives negotiator negotiators
  minister ministers
]])
-- (found with the cues, class "head": the noun phrase is looked for only
-- near one)
for w in pairs(UNNAMED_HEAD) do
  if not CUES[w] then CUES[w] = {class = "head"}; cue_forms[#cue_forms + 1] = w end
end
-- (and "Q", for the questions of an interview: "Q: ...")
CUES.q = {class = "qa"}
cue_forms[#cue_forms + 1] = "q"
table.sort(cue_forms)
-- (a lexicon where lore.rules is at hand: it matches as the gazetteer does,
-- without folding every token of the document)
local CUE_GAZ, CUE_BY_ID = nil, {}
if RULES then
  CUE_GAZ = RULES.lexicon(nil, {ignore_case = true})
  for _, form in ipairs(cue_forms) do CUE_BY_ID[CUE_GAZ:add(form)] = CUES[form] end
else
  CUE_GAZ = gazetteer(cue_forms, {ignore_case = true})
  for _, form in ipairs(cue_forms) do
    local id = CUE_GAZ:lookup(form)
    if id then CUE_BY_ID[id] = CUES[form] end
  end
end

-- Demonyms used as nouns: "the Australian said" (the first column).
local admin_of
local DEMONYM = {}
for line in pairs(words("data/demonyms.tsv")) do
  local d = match(line, "^(%u%a+)\t")
  if d then DEMONYM[d] = true end
end

-- News agencies and outlets: they report other people's words.
local AGENCY = words("data/news_agencies.txt", {lower = true})

-- Quotation marks (the tokenizer already tells apostrophes and clitics
-- from them: "Russia's", "don't" have no quote token).
local Q_MARK = lore.pattern("[quote]")

-- Titles and descriptions that head a nominal mention ("the Russian
-- leader"), resolved here when layer `mentions` does not cover them.
local TITLE_NOUNS = "leader president premier minister chancellor spokesman spokeswoman " ..
  "spokesperson secretary ambassador envoy diplomat king queen prince princess pope pontiff " ..
  "chairman chairwoman chair governor mayor senator congressman congresswoman lawmaker " ..
  "general commander chief ceo founder monarch emperor dictator strongman official " ..
  "prosecutor judge lawyer attorney actor actress singer star coach captain manager boss " ..
  "striker midfielder defender goalkeeper winger skipper economist analyst scientist " ..
  "researcher professor activist campaigner councillor councilman councilwoman sheriff"
local TITLE_NOUN = set(TITLE_NOUNS)

local PARTICLE = set("da de di do dos du del della van von der den ter ten bin ibn al el la le")

-- Organisations named by a common noun ("the airline said", "the bank
-- told Reuters", "the club confirmed"): noun -> the words that head a
-- name of that kind ("Skyline Airways", "Bank of Leeds", "Ministry of
-- ..."), the kinds of rules/data/orgs.tsv it fits, and its group: with no
-- name that fits, the latest organisation nearby of the same group (or of
-- none) is meant ("Goldman Sachs ... The bank said").
local CO_HEADS = "Inc Inc. Corp Corp. Corporation Co Co. Ltd Ltd. Limited Plc PLC plc LLC AG SA " ..
  "NV SE Holdings Group Company Industries Enterprises Technologies Motors Pharmaceuticals " ..
  "Therapeutics Partners Capital Airways Airlines Bank Bancorp Energy Resources Mining Foods " ..
  "Stores Retail Telecom Communications Systems Software Labs"
local ORG_NOUN_DEF = {
  {"company firm business conglomerate retailer chain insurer brokerage broker carmaker automaker " ..
   "chipmaker drugmaker miner manufacturer maker supplier operator startup utility grocer " ..
   "supermarket", CO_HEADS, "company", "business"},
  {"group", CO_HEADS .. " Institute Association Federation Coalition Alliance Network Campaign Trust " ..
   "Foundation Society Union Movement Council", "company group", "any"},
  {"airline carrier", "Airways Airlines Air Aviation Airline", "company", "business"},
  {"bank lender", "Bank Bancorp Banco Banque Bankers", "company", "business"},
  {"ministry department directorate", "Ministry Department Directorate", "", "public", strict = true},
  {"agency", "Agency Administration Authority Commission Office Service Bureau Department",
   "agency", "public"},
  {"regulator watchdog", "Authority Commission Office Regulator Agency Administration Board Ombudsman Ofcom Ofgem Ofwat",
   "", "public"},
  {"commission", "Commission", "", "public"},
  {"authority", "Authority", "", "public"},
  {"council", "Council", "", "public"},
  {"court tribunal", "Court Tribunal", "court", "public"},
  {"force", "Police Constabulary", "", "public"},
  {"club", "FC AFC CF United City Rovers Athletic Albion Wanderers Town County Club Hotspur Villa " ..
   "Rangers Celtic Argyle Orient", "club", "club"},
  {"union", "Union Association Federation Congress", "", "civic"},
  {"body organisation organization association federation",
   "Association Consortium Federation Confederation Council Chamber Institute Society Organisation Organization",
   "", "civic"},
  {"party", "Party", "", "civic"},
  {"university", "University College", "", "civic"},
  {"hospital trust", "Hospital Trust", "", "civic"},
  {"charity foundation", "Trust Foundation Charity Fund Society", "", "civic"},
  {"broadcaster", "BBC ITV Broadcasting Television TV Radio", "broadcaster", "business"},
  {"newspaper", "Times Post Journal Guardian Telegraph Herald Mail Gazette Tribune Observer", "newspaper",
   "business"},
}
local ORG_NOUN, ORG_HEAD_GROUP = {}, {}
for _, d in ipairs(ORG_NOUN_DEF) do
  local def = {heads = set(d[2]), kinds = set(d[3]), group = d[4], strict = d.strict}
  def.headlist, def.nounlist = {}, {}
  for w in gmatch(d[2], "%S+") do def.headlist[#def.headlist + 1] = w end
  for w in gmatch(d[1], "%S+") do def.nounlist[#def.nounlist + 1] = w end
  for w in gmatch(d[1], "%S+") do ORG_NOUN[w] = def end
  for w in gmatch(d[2], "%S+") do
    if d[4] == "any" then
      -- (no group of its own)
    elseif ORG_HEAD_GROUP[w] == nil then ORG_HEAD_GROUP[w] = d[4]
    elseif ORG_HEAD_GROUP[w] ~= d[4] then ORG_HEAD_GROUP[w] = false end
  end
end
ORG_NOUN.agency.news = true            -- a news agency is an agency too, when no other one fits
-- (every noun: "the group" may be an organisation named after any of them)
local ALL_NOUNS = {}
for w in pairs(ORG_NOUN) do ALL_NOUNS[#ALL_NOUNS + 1] = w end
table.sort(ALL_NOUNS)
-- Kinds of the organisations of rules/data/orgs.tsv (canonical -> kind).
local ORG_KIND = {}
local KIND_GROUP = {company = "business", club = "club", court = "public", broadcaster = "business",
                    newspaper = "business", agency = "news", group = "armed", bloc = "public",
                    alliance = "public"}
for line in pairs(words("data/orgs.tsv")) do
  local canon, kind = match(line, "^[^#\t][^\t]*\t([^\t]+)\t[^\t]*\t(%a+)")
  if canon then ORG_KIND[canon] = kind end
end

-- Capitalised words that are not names (fallback name finder).
local NOT_NAME = set([[
  The A An In On At For From By With Without To Of And But Or Nor So Yet If When While
  Where Why How What Which Who Whom Whose That This These Those There Here It Its He She
  They We I You Him Her Them Us Our Their His My Your After Before During Since Until
  Despite Although Though Because As Also Then Now However Meanwhile Instead Earlier Later
  Last Next First Second Both Some Many Most Such Other Another Each Every All No Not
  According Following Speaking Asked Like Unlike Under Over Between Among Amid Against
  Mr. Mrs. Ms. Dr. Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
  February March April May June July August September October November December Jan. Feb.
  Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. MORE READ WATCH Related Ranking
  Thursday's Notably Together Regarding Viewing Heavily Former Current Fair Hospital
]])
-- Titles before a name: "Chinese Foreign Minister Wang Yi" -> "Wang Yi".
local TITLE_WORD = set([[
  president vice prime minister foreign defence defense finance interior chancellor
  premier secretary general state spokesman spokeswoman spokesperson ambassador envoy
  senator sen. rep. representative gov. governor mayor king queen prince princess pope
  chairman chairwoman chair ceo chief director leader mr. mrs. ms. dr. prof. professor
  sir lord lady gen. col. lt. capt. judge justice deputy former acting first lady
  commissioner officer head minister's administrator attorney manager coach councilman
  councilwoman councillor councilor alderman alderwoman assemblyman assemblywoman
  congressman congresswoman sheriff superintendent co-star
]])
local NAMETOK = "[cap & word & !abbrev | abbrev & cap & text={Mr. Mrs. Ms. Dr. Gen. Sen. Rep. Gov. Prof. Lt. Col. Capt. St.}]"
local CAPNAME = lore.pattern(NAMETOK .. "+ ({da de di do dos das du del della van von der den ter ten bin ibn al el la le of for} "
                             .. NAMETOK .. "+)*")

-- Words allowed between a subject and its verb: "Xi, too, said",
-- "Putin on Wednesday said", "the minister later told"; after a
-- preposition any short phrase: "Xi in a speech to delegates said".
local GAP_WORD = set([[
  also too then later earlier again further thus once previously repeatedly reportedly
  separately additionally moreover meanwhile however instead has have had was were is are
  will would could can may might should must not never did does do today yesterday
  tonight now last this next week month year morning afternoon evening night weekend
  monday tuesday wednesday thursday friday saturday sunday january february march april
  may june july august september october november december recently publicly privately
  openly bluntly flatly firmly simply just first finally already still even only
  apparently been being both herself himself themselves itself be heard
]])
local PP_WORD = set("on in at during after before while when with to from")
-- Words that may come between a speech verb and "that": "said on
-- Wednesday that", "said in a statement that".
local TIME_START = set([[
  on in at during after before while when last this earlier later today yesterday tonight
  monday tuesday wednesday thursday friday saturday sunday again also repeatedly
]])
-- Prepositions: a place after one is not a subject ("talks in Beijing said").
local PREP = set([[
  in at from to of for with near across within inside outside throughout about against by
  between among over under into onto toward towards via per during after before since
  like than upon around behind beyond
]])
local ARTICLE = set("the a an")
local SUBJ_PRON0 = set("he she it they we i you his her its their our my your him them us me")
-- Words that open a clause of their own after a quote: its subject is no
-- attribution ('"disappointed" that the union rejected').
local SUBORD = set("that which because as after when while if since but although though before until where whether so than")
-- Heads of "China's foreign ministry"-like subjects: the speaker is the owner.
local INSTITUTION = set([[
  ministry government embassy military army office cabinet parliament president leader
  spokesman spokeswoman spokesperson administration authorities officials regime state
  council presidency foreign defence defense statement readout report communique release
  website account source sources official analysts analyst economists economist strategists
  researchers experts executives lawyers prosecutors
]])
-- Lower-case words that are no description of a speaker named after a cue
-- ("said investment bank Barclays Capital", "said energy analyst Tim
-- Evans" are; "said in a statement" is not).
local NOT_DESC = set([[
  a an and or but that which who whom this these those it its his her their our as is was
  are were be been has have had not no so then there here also too
]])
-- Words between "according to" and the source: "according to the official X".
local SRC_GAP = set([[
  the a an official state state-run state-owned same its his her their statement statements
  report readout release transcript translation provided issued posted published by from of
  on spokesman spokeswoman spokesperson website
]])
-- Listeners after "told": "X told reporters (that) ...".
local LISTENER = set([[
  reporters journalists delegates lawmakers parliament senators students supporters crowd
  audience press media him her them us me congress the a an his her their its state
  counterpart ally allies leaders audiences viewers members
]])
-- First-person words: a clause with one of them is the speaker's own words.
local FIRST = set("I we We our Our us me my My ours myself ourselves I'm I've I'll we're we've we'll We're We've We'll")
-- A reported clause does not start with these.
local BAD_START = set([[
  to of about against for on in at with from by as into over during after before since
  that's which who whom whose what how why when where whether if than like and or but
  nothing anything something everything more less no yes
]])

-- {======================================================================
-- Per-document analysis
-- =======================================================================

local function tx (text, s, e) return sub(text, s + 1, e) end

-- Does text[a, b) hold only characters of class (a Lua class like
-- "[%s,]")? Tested in place, without a substring (the pattern made once
-- per class).
local ONLY_PAT = setmetatable({}, {__index = function (t, class)
  local p = "^" .. class .. "*"
  t[class] = p
  return p
end})
local function only (text, a, b, class)
  if b <= a then return true end
  local _, e = find(text, ONLY_PAT[class], a + 1)
  return e >= b
end

-- Byte classes of Lua patterns in the C locale: %s, %a, [%a%-'], and the
-- first letters of he/she.
local SPACE_L = {[9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true}
local ALPHA, WORD_L = {}, {[45] = true, [39] = true}
for c = 65, 90 do ALPHA[c] = true; WORD_L[c] = true end
for c = 97, 122 do ALPHA[c] = true; WORD_L[c] = true end
local HS_BYTE = {[72] = true, [104] = true, [83] = true, [115] = true}

-- The last byte before offset p that is not white space, from lo on (nil
-- when there is none).
local SPACEB = {[32] = true, [9] = true, [10] = true, [13] = true}
local function last_byte (text, lo, p)
  while p > lo and SPACEB[byte(text, p)] do p = p - 1 end
  if p <= lo then return nil end
  return byte(text, p)
end
-- Bytes that end a comma or a closing quotation mark (" ' ” ’ »).
local COMMA_OR_CLOSE = {[44] = true, [34] = true, [39] = true, [0x9D] = true, [0x99] = true, [0xBB] = true}

-- Typographic punctuation as ASCII, for tests on short strings (Lua
-- character classes work on bytes, so they never hold multi-byte marks).
local TYPO = {["“"] = '"', ["”"] = '"', ["„"] = '"', ["‟"] = '"', ["«"] = '"', ["»"] = '"',
              ["‘"] = "'", ["’"] = "'", ["‚"] = "'", ["‹"] = "'", ["›"] = "'", ["…"] = "...",
              ["—"] = " - ", ["–"] = " - ", ["•"] = "*", ["\u{a0}"] = " "}
local function asc (s)
  if not find(s, "[\128-\255]") then return s end
  return (gsub(s, "[\192-\255][\128-\191]*", TYPO))
end

-- Initials and abbreviated titles end no sentence: '," Dr. Ana Ruiz said',
-- '," U.S. Attorney Jo Lee said'. (s without their dots)
local ABBREV = set("mr mrs ms dr prof sen rep gov gen col lt capt sgt maj adm rev st jr sr")
local function undot (s)
  if not find(s, ".", 1, true) then return s end
  return (gsub(s, "%f[%a](%a+)%.", function (w)
    if ABBREV[lower(w)] or (#w == 1 and find(w, "%u")) then return w end
  end))
end

local function wordlist (s)
  local t = {}
  for w in gmatch(asc(s), "[^%s,;:()%[%]\"]+") do t[#t + 1] = w end
  return t
end

-- The last index k of the sorted numbers t[i..j] with t[k] < x (i - 1 if
-- none): in C where lore.rules is at hand.
local bisect = P.bisect

-- Sentences and paragraphs, read once per document from their offsets:
-- sorted lists of {i, s, e}, with the starts (list.st, for bisect) and
-- the ends (list.en). A record is made when first read: most sentences
-- and paragraphs of a document are never looked at.
local RANGE_MT = {__index = function (list, i)
  local s = list.st[i]
  if s == nil then return nil end
  local r = {i = i, s = s, e = list.en[i]}
  list[i] = r
  return r
end}

local function ranges (doc, what)
  local o = doc:offsets(what)
  local st, en = {}, {}
  local k = 0
  for i = 1, #o - 1, 2 do
    k = k + 1
    st[k] = o[i]
    en[k] = o[i + 1]
  end
  return setmetatable({st = st, en = en}, RANGE_MT)
end

local function sentences (A)
  local S = A.slist
  if S then return S end
  S = ranges(A.doc, "sentences")
  A.slist = S
  A.sent = S
  return S
end

local function range_i (A, what, i)
  if what == "sent" then return (A.slist or sentences(A))[i] end
  local P = A.plist
  if not P then P = ranges(A.doc, "paragraphs"); A.plist = P end
  return P[i]
end

-- The last sentence starting at or before off.
local function sent_at (A, off)
  local S = A.slist or sentences(A)
  local k = bisect(S.st, off + 1)
  return k > 0 and S[k] or nil
end

-- The paragraph holding the token at or after off (doc:paragraph_at): the
-- first paragraph ending after off.
local function para_at (A, off)
  local last = A.plast
  if last and off >= last.s and off < last.e then return last end
  local P = A.plist
  if not P then P = ranges(A.doc, "paragraphs"); A.plist = P end
  local ans = P[bisect(P.en, off + 1) + 1]     -- the first one ending after off
  if ans then A.plast = ans end
  return ans
end

-- Index of the last element of list (sorted by .s, with the starts in
-- list.st) with .s < pos, or 0.
local function last_before (list, pos)
  return bisect(list.st, pos)
end

-- Is offset pos inside a quotation (marks included)? (A.regions: the
-- starts and ends of the quotations, as two sorted lists st and en)
local function masked (A, pos)
  local R = A.regions
  local k = bisect(R.st, pos + 1)
  return k > 0 and pos < R.en[k]
end

-- Is a mention inside a quotation? (cached on the record)
local function inq (A, m)
  local v = m.inq
  if v == nil then v = masked(A, m.s); m.inq = v end
  return v
end

-- Number of words in s, and in text[s, e) without the substring.
local nwords = P.nwords
local function nwords_in (text, s, e) return nwords(text, s + 1, e) end

-- Does [s, e) overlap a quotation?
local function has_quote (A, s, e)
  local R = A.regions
  local k = bisect(R.st, e)
  return k > 0 and R.en[k] > s
end

-- Does [s, e) hold the quotations it overlaps whole, after words of its
-- own? (a reported clause may hold a quoted phrase: she was "cautiously
-- hopeful"; not start with one, nor cut one)
local function quotes_inside (A, s, e)
  local R = A.regions
  local k = bisect(R.st, s + 1)
  if k > 0 and s < R.en[k] then return false end
  k = bisect(R.st, e)
  return not (k > 0 and R.en[k] > e)
end

-- {----------------------------------------------------------------------
-- Quotation marks
-- -----------------------------------------------------------------------

-- Bytes around a straight mark: before an opening one, a space, the start
-- of the text, a bracket, a dash or another mark; after a closing one, a
-- space, the end, punctuation or another mark.
local OPEN_BEFORE = {[32] = true, [9] = true, [10] = true, [13] = true, [40] = true, [91] = true,
                     [123] = true, [45] = true, [47] = true, [34] = true, [39] = true,
                     [0x94] = true, [0x93] = true, [0x9C] = true, [0x98] = true, [0xAB] = true,
                     [0xA0] = true}
local CLOSE_AFTER = {[32] = true, [9] = true, [10] = true, [13] = true, [41] = true, [93] = true,
                     [125] = true, [45] = true, [46] = true, [44] = true, [59] = true, [58] = true,
                     [33] = true, [63] = true, [34] = true, [39] = true, [0xE2] = true, [0xC2] = true}
local GLYPH = {["“"] = {"o", "d"}, ["”"] = {"c", "d"}, ["„"] = {"o", "d"}, ["‟"] = {"o", "d"},
               ["‘"] = {"o", "s"}, ["’"] = {"c", "s"}, ["‚"] = {"o", "s"}, ["«"] = {"o", "g"},
               ["»"] = {"c", "g"}, ["‹"] = {"o", "s"}, ["›"] = {"c", "s"}}

-- Every quotation mark: {s, e, k = o(pen)|c(lose)|a(mbiguous), w = d(ouble)|s(ingle)|g(uillemet)}
local function collect_marks (doc, text)
  local marks = {}
  local offs = Q_MARK:offsets(doc)
  for i = 1, #offs, 2 do
    local s, e = offs[i], offs[i + 1]
    local b1 = byte(text, s + 1)
    local t = b1 == 34 and '"' or b1 == 39 and "'" or sub(text, s + 1, e)
    local k, w
    local gl = GLYPH[t]
    if gl then
      k, w = gl[1], gl[2]
      -- “ and ‘ close German quotes („...“, ‚...‘); ” opens Swedish ones
      if k == "o" and (t == "“" or t == "‘") then
        local b, a = s > 0 and byte(text, s), byte(text, e + 1)
        if b and not OPEN_BEFORE[b] and (not a or CLOSE_AFTER[a]) then k = "c" end
      elseif t == "”" then
        local b, a = s > 0 and byte(text, s), byte(text, e + 1)
        if (not b or OPEN_BEFORE[b]) and a and not CLOSE_AFTER[a] then k = "o" end
      end
    else
      w = t == "'" and "s" or "d"
      local b = s > 0 and byte(text, s)
      local ob = not b or OPEN_BEFORE[b]
      local a = byte(text, e + 1)
      local ca = not a or CLOSE_AFTER[a]
      if ob and not ca then k = "o"
      elseif ca and not ob then
        -- after a letter a single mark may be a possessive: "leaders' talks"
        if w == "s" and ((b >= 65 and b <= 90) or (b >= 97 and b <= 122)) then k = "a" else k = "c" end
      else k = "a" end
    end
    marks[#marks + 1] = {s = s, e = e, k = k, w = w}
  end
  return marks
end

-- Trim white space inside [s, e).
local SPACE = {[32] = true, [9] = true, [10] = true, [13] = true, [11] = true, [12] = true}
local function trim (text, s, e)
  while s < e and SPACE[byte(text, s + 1)] do s = s + 1 end
  while e > s and SPACE[byte(text, e)] do e = e - 1 end
  return s, e
end

-- Pair the marks paragraph by paragraph. Returns the top-level quotes in
-- document order: {os, oe, cs, ce, s, e, para, pstart, pstop, open}.
local function pair_marks (A, marks)
  local text = A.text
  local quotes = {}
  local stack = {}
  local para
  local function emit (o, c, para_r)
    local s, e
    if c then s, e = trim(text, o.e, c.s) else s, e = trim(text, o.e, para_r.e) end
    local q = {os = o.s, oe = o.e, cs = c and c.s, ce = c and c.e or para_r.e,
               s = s, e = e, para = para_r.i, pstart = para_r.s, pstop = para_r.e,
               open = not c, w = o.w}
    local w = e > s and find(text, "[%w\128-\255]", s + 1)
    if w and w <= e then quotes[#quotes + 1] = q end
  end
  local function flush ()
    -- marks left open at the end of a paragraph: the outermost double mark
    -- (or guillemet) runs to the end of the paragraph; inner and single
    -- ones are dropped (likely apostrophes or typos)
    local o = stack[1]
    if o and o.w ~= "s" then emit(o, nil, para) end
    for i = #stack, 1, -1 do stack[i] = nil end
  end
  for _i = 1, #marks do local mk = marks[_i]
    if not para or mk.s >= para.e then
      if para then flush() end
      para = para_at(A, mk.s)
    end
    if mk.k == "o" then
      stack[#stack + 1] = mk
    else
      local k = #stack
      if mk.k == "c" then
        while k >= 1 and stack[k].w ~= mk.w do k = k - 1 end
        -- a close mark of another kind closes the innermost open quote
        -- ('profound friendship." -> one quote)
        if k == 0 and #stack > 0 then k = #stack end
      else
        -- ambiguous (a final apostrophe: "leaders'"): closes an open single
        -- quote, else it is an apostrophe
        if not (k >= 1 and stack[k].w == "s" and mk.w == "s") then k = 0 end
      end
      if k >= 1 then
        local o = stack[k]
        for i = #stack, k, -1 do stack[i] = nil end
        if k == 1 then emit(o, mk, para) end
      end
    end
  end
  if para then flush() end
  return quotes
end

-- The top-level quotations, paired in C (lore.rules.quotations does what
-- collect_marks and pair_marks do), or in Lua.
local function quotations (A)
  if not RULES then return pair_marks(A, collect_marks(A.doc, A.text)) end
  local o = RULES.quotations(A.doc)
  local quotes = {}
  if #o == 0 then return quotes end
  local P = A.plist
  if not P then P = ranges(A.doc, "paragraphs"); A.plist = P end
  local n = 0
  for i = 1, #o, 8 do
    local p = o[i + 6]
    local pr = P[p]
    n = n + 1
    -- (with room for the fields analyse sets later: ss, se, cb, ca, mi)
    quotes[n] = {os = o[i], ce = o[i + 3], s = o[i + 4], e = o[i + 5], para = p,
                 pstart = pr.s, pstop = pr.e, open = o[i + 7] == 1,
                 ss = 0, se = 0, cb = 0, ca = 0, mi = 0}
  end
  return quotes
end

-- {----------------------------------------------------------------------
-- Mentions (possible speakers)
-- -----------------------------------------------------------------------

local canon, mtext

local function is_agency (m)
  if not m or m.lab == "PRON" or m.lab == "NOM" or m.lab == "PERSON" then return false end
  local a = m.agency
  if a == nil then
    local c = lower(canon(m))
    a = (AGENCY[c] or find(c, "news agency", 1, true)) and true or false
    m.agency = a
  end
  return a
end

-- Fallback names when layer `entities` is empty: runs of capitalised words,
-- titles stripped ("Chinese Foreign Minister Wang Yi" -> "Wang Yi"). A name
-- of two or three title-case words, or after a title, is a PERSON; a
-- one-word name is the person of a longer name containing it ("Putin",
-- "Vladimir Putin"), else a NAME (it can speak - "the Kremlin said" - but
-- "he" and "she" never refer to it). A capitalised word like "Creating"
-- or "Notably" that only starts sentences is no name.
local ORG_WORD = set([[
  Court Forum Year Day Initiative Organization Organisation Watch Ministry University
  Council Party Union News Agency Times Post Bank Committee Army Force Forces Republic
  Kingdom States Nations Sea Ocean River Road Roads Street Square Hall House Palace Games
  Cup Summit Group Company Corp. Inc. Ltd. Fund Institute Association Federation Office
  Department Agency Commission Parliament Assembly Congress Senate Government Airlines
  Airport Station Post Journal Press Television TV Radio Network Foundation Centre Center
  Museum Church Festival Conference Treaty Accord Agreement Act Initiative Movement Front
  Coalition Alliance Bureau Service Services Authority Police Guard Navy Emirates Islands
  Gulf Strait Valley Mountains Desert Province State City County Region District
]])
local function sentence_initial (text, s)
  local i = s
  while i > 0 and find(sub(text, i, i), "^[ \t]") do i = i - 1 end
  if i == 0 then return true end
  local ch = sub(text, i, i)
  if ch == "\n" or ch == "\r" or find(ch, "^[.!?\"'\128-\191]") then return true end
  return false
end

local function fallback_names (A, M)
  local text = A.text
  local recs, multi, inner = {}, {}, {}
  local _l = CAPNAME:scan(A.doc)
  for _i = 1, #_l do local m = _l[_i]
    local toks = {}
    for p, w in gmatch(m.text, "()(%S+)") do toks[#toks + 1] = {p = p, w = w} end
    -- leading words that are not names, and titles (the name follows the last one)
    local first, titled = 1, false
    for i, t in ipairs(toks) do
      local lw = lower(t.w)
      if NOT_NAME[t.w] then first = i + 1
      elseif TITLE_WORD[lw] then first = i + 1; titled = true
      elseif i < #toks and TITLE_WORD[lower(toks[i + 1].w)] then first = i + 1 end
    end
    if first <= #toks then
      local s = m.start + toks[first].p - 1
      local name = match(tx(text, s, m.stop), "^[^\r\n]+")
      name = gsub(gsub(name, "'s$", ""), "’s$", "")
      local n, caps, org = 0, 0, false
      for w in gmatch(name, "%S+") do
        n = n + 1
        if not find(w, "%l") then caps = caps + 1 end
        if ORG_WORD[w] then org = true end
      end
      -- (no person after "the": "a surgeon at the Red Cross")
      local person = (titled or (n >= 2 and n <= 3)) and caps == 0 and not org
                     and not find(tx(text, math.max(0, s - 4), s), "%f[%a][Tt]he%s+$")
      local rec = {s = s, e = s + #name, text = name, canon = name, fallback = true,
                   lab = person and "PERSON" or "NAME", n = n}
      if AGENCY[lower(name)] then rec.lab = "ORG" end
      if n == 1 and (DEMONYM[name] or TITLE_NOUN[match(tx(text, rec.e, rec.e + 20), "^%s+(%l+)") or ""]) then
        rec.adjective = true           -- "Russian leader", "Kenyan president", "the Norwegian"
      elseif n == 1 then
        rec.initial = sentence_initial(text, s)
        if not rec.initial then inner[name] = true end
      elseif rec.lab == "PERSON" then
        for w in gmatch(name, "%S+") do
          inner[w] = true
          local l = multi[w]
          if not l then l = {}; multi[w] = l end
          l[#l + 1] = rec
        end
      end
      recs[#recs + 1] = rec
    end
  end
  for _, rec in ipairs(recs) do
    if rec.n == 1 then
      local best
      for _, full in ipairs(multi[rec.text] or {}) do
        if full.s < rec.s or not best then best = full end
      end
      if best then rec.canon = best.text; rec.lab = "PERSON" end
    end
    if rec.adjective then
      -- not a name
    elseif rec.n > 1 or not rec.initial or inner[rec.text] or rec.lab ~= "NAME"
       or not (find(rec.text, "ing$") or find(rec.text, "ed$") or find(rec.text, "ly$")) then
      M[#M + 1] = rec
    end
  end
end

-- Mentions from layers `entities` (PERSON, ORG, PLACE) and `mentions`
-- (NOMINAL with a ref), read as columns: {s, e, lab, span = true, ca =
-- canonical, ge = gender} (text, canonical and gender read when needed).
local ENT_KEYS, NOM_KEYS = {"canonical", "gender"}, {"ref", "ref_label"}
local MENTION_LAB = {PERSON = true, ORG = true, PLACE = true}

local ENT_REC = {labels = {"PERSON", "ORG", "PLACE"}, fields = {ca = "canonical", ge = "gender"},
                 names = {start = "s", stop = "e", label = "lab"}, const = {span = true},
                 slots = 16}             -- (room for the fields added later)
local NOM_REC = {labels = {"NOMINAL"}, fields = {canon = "ref", rl = "ref_label"},
                 names = {start = "s", stop = "e", label = "nlab"},
                 const = {nominal = true, span = true}}

local function collect_mentions (A)
  local doc, M = A.doc, nil
  local N
  if RULES then
    -- (the records made in C)
    M = RULES.records(doc, "entities", ENT_REC)
    if #M == 0 and #RULES.records(doc, "entities") == 0 then
      fallback_names(A, M); A.fallback = true
    end
    local noms = RULES.records(doc, "mentions", NOM_REC)
    if #noms > 0 then
      N = {}
      for i = 1, #noms do
        local r = noms[i]
        if r.canon then r.lab = r.rl or "PERSON"; N[#N + 1] = r end
      end
    end
  else
    M = {}
    local c = doc:columns("entities", ENT_KEYS)
    local cs, ce, cl, cc, cg = c.start, c.stop, c.label, c.canonical, c.gender
    local n = 0
    for i = 1, c.n do
      local lab = cl[i]
      if MENTION_LAB[lab] then
        n = n + 1
        M[n] = {s = cs[i], e = ce[i], lab = lab, span = true, ca = cc[i], ge = cg[i]}
      end
    end
    if n == 0 and c.n == 0 then fallback_names(A, M); A.fallback = true end
    -- NOMINAL mentions that name someone ("the Russian leader")
    local nc = doc:columns("mentions", NOM_KEYS)
    if nc.n > 0 then
      N = {}
      local ns, ne, nl, nr, nrl = nc.start, nc.stop, nc.label, nc.ref, nc.ref_label
      for i = 1, nc.n do
        local ref = nr[i]
        if ref and nl[i] == "NOMINAL" then
          N[#N + 1] = {s = ns[i], e = ne[i], lab = nrl[i] or "PERSON", canon = ref, nominal = true,
                       span = true}
        end
      end
    end
  end
  -- the NOMINAL mentions merged in, and the mentions nested in an
  -- earlier one dropped, in one pass
  local out, st, last_e, n = {}, {}, -1, 0
  if not N then
    -- (no NOMINAL mentions: only the nested ones dropped)
    for i = 1, #M do
      local m = M[i]
      local ms = m.s
      if ms >= last_e then n = n + 1; out[n] = m; st[n] = ms; m.idx = n; last_e = m.e end
    end
    out.st = st
    return out
  end
  local i, j = 1, 1
  local a, b = M[1], N[1]
  while a or b do
    local m
    if b and (not a or b.s < a.s) then m = b; j = j + 1; b = N[j]
    else m = a; i = i + 1; a = M[i] end
    local ms = m.s
    if ms >= last_e then n = n + 1; out[n] = m; st[n] = ms; m.idx = n; last_e = m.e end
  end
  out.st = st
  return out
end

-- Canonical name, text and gender of a mention, read from its span when
-- first needed (TEXT: the text of the document being analysed).
local TEXT
function canon (m)
  local c = m.canon
  if c == nil then
    if m.span then c = m.ca or mtext(m) else c = m.text end
    m.canon = c
  end
  return c
end

function mtext (m)
  local t = m.text
  if t == nil then t = sub(TEXT, m.s + 1, m.e); m.text = t end
  return t
end

local function gender (m)
  local g = m.g
  if g == nil then
    g = false
    if m.span and m.lab == "PERSON" and not m.nominal then
      local v = m.ge
      if v then g = sub(lower(v), 1, 1) end
    end
    m.g = g
  end
  return g
end

-- {----------------------------------------------------------------------
-- Resolving a mention to a speaker
-- -----------------------------------------------------------------------

local function is_person (m)
  return m.lab == "PERSON" or m.lab == "NOM"
end

-- The text of the sentence before a mention is only a bullet, titles or an
-- introductory phrase ending with a comma: the mention is the subject.
local clause_initial0
local function clause_initial (A, m, ss)
  if m.ci_ss == ss then return m.ci end
  local v = clause_initial0(A, m, ss)
  m.ci_ss, m.ci = ss, v
  return v
end

function clause_initial0 (A, m, ss)
  -- only the last 60 bytes matter: at most five short words since the
  -- sentence start or the last comma
  local from = m.s - 60
  local before
  if from <= ss then
    before = gsub(asc(tx(A.text, ss, m.s)), "^%s*[-*]%s+", "")
  else
    before = asc(tx(A.text, from, m.s))
    if not find(before, "[,:;]") then return false end
  end
  local tail = match(before, "[,:;]([^,:;]*)$") or before
  if find(tail, "^%s*$") then return true end
  local ws = wordlist(tail)
  if #ws > 5 then return false end
  for _, w in ipairs(ws) do
    local lw = lower(w)
    if not (TITLE_WORD[lw] or lw == "the" or find(w, "^%u") or lw == "'s" or lw == "’s") then
      return false
    end
    if PREP[lw] then return false end
  end
  return true
end

local resolve

-- Does sentence sr open with a person that it does not name, who speaks
-- ("The company's finance chief said ...")? A "she" in the next sentence
-- is that person, not the latest name.
local HUMAN = set(TITLE_NOUNS .. " officer executive adviser advisor analyst economist " ..
  "head scientist researcher witness resident doctor nurse teacher student worker source")
local function unnamed_speaker (A, sr)
  local C = A.C
  local c = C[last_before(C, sr.s) + 1]
  if not c or c.s >= sr.e or c.ing or not (c.class == "speech" or c.class == "tell") then
    return false
  end
  local M = A.M
  local m = M[last_before(M, sr.s) + 1]
  if m and m.s < c.s then return false end
  local subj = asc(tx(A.text, sr.s, c.s))
  local w1 = match(subj, "^%s*(%a+)%s")
  if not (w1 and ARTICLE[lower(w1)]) or nwords(subj) > 8 or find(subj, "[,;:]") then return false end
  for w in gmatch(lower(subj), "%a+") do
    if HUMAN[w] then return true end
  end
  return false
end

-- A personal name of two or three capitalised words (titles left out)
-- that opens the text at s, before lim, and that no layer marked: a
-- PERSON record, or nil.
local function initial_name (A, s, lim)
  local text = A.text
  local _, p = find(text, "^[%s%-*]*", s + 1)
  local ws = {}
  while #ws < 5 do
    local w = match(text, "^(%u[%a'\226\128\153%-%.]*)", p + 1)
    if not w then break end
    ws[#ws + 1] = {p = p, w = w}
    p = p + #w
    if byte(text, p + 1) ~= 32 then break end
    p = p + 1
  end
  local i = 1
  while ws[i] and (TITLE_WORD[lower(ws[i].w)] or NOT_NAME[ws[i].w]) do i = i + 1 end
  local n = #ws - i + 1
  if n < 2 or n > 3 then return nil end
  local last = ws[#ws]
  local e = last.p + #last.w
  if e > lim or find(last.w, "'s$") or find(last.w, "\226\128\153s$") or find(last.w, "%.$") then return nil end
  for j = i, #ws do
    local w = ws[j].w
    if ORG_WORD[w] or NOT_NAME[w] or DEMONYM[w] or not find(w, "%l") then return nil end
  end
  -- a verb or an apposition after it: "Dale Hutchins disagreed", "Rob Young, the"
  if not find(text, "^,", e + 1) and not find(text, "^ %l", e + 1) then return nil end
  local s0 = ws[i].p
  local name = tx(text, s0, e)
  local seen = A.seen
  if not seen then seen = {}; A.seen = seen end
  seen[#seen + 1] = name
  return {s = s0, e = e, text = name, canon = name, lab = "PERSON"}
end

-- "he"/"she", the first rule that finds a PERSON of a compatible gender
-- (outside quotations): the subject at the start of its own sentence; the
-- speaker of a quotation in the previous sentence; the subject of the
-- previous sentence; the latest PERSON before.
local function resolve_pronoun (A, m)
  local M = A.M
  local cur = sent_at(A, m.s)
  if not cur then return nil end
  -- a sentence that starts inside a quotation starts with it
  local R = A.regions
  local k = bisect(R.st, cur.s)
  if k > 0 and cur.s < R.en[k] then cur = sent_at(A, R.st[k]) or cur end
  local ss = cur.s
  local function ok (c)
    if not is_person(c) then return false end
    local g = gender(c)
    return (not g or g == m.g) and not inq(A, c)
  end
  local j = m.idx and m.idx - 1 or last_before(M, m.s)
  local limit = m.s - 3000
  while j >= 1 and M[j].s >= ss and M[j].s >= limit do
    local c = M[j]
    if ok(c) and clause_initial(A, c, ss) then
      local name, via = resolve(A, c)
      if name then return name, via end
    end
    j = j - 1
  end
  local prev = cur.i > 1 and range_i(A, "sent", cur.i - 1)
  if prev then
    local S = A.spoken
    local i = last_before(S, m.s)
    while i > 0 and S[i].e > m.s do i = i - 1 end
    local lq = S[i]
    if lq and lq.e > prev.s and lq.person and (not lq.g or lq.g == m.g) then
      return lq.name, lq.m
    end
    if unnamed_speaker(A, prev) then return nil end
    local i2 = last_before(M, prev.s) + 1
    local i2max = i2 + 8
    local first = M[i2]
    while M[i2] and M[i2].s < prev.e and i2 < i2max do
      local c = M[i2]
      if ok(c) and clause_initial(A, c, prev.s) then
        local name, via = resolve(A, c)
        if name then return name, via end
      end
      i2 = i2 + 1
    end
    -- a name that no layer marked opens it: "Councilman Dale Hutchins
    -- disagreed.", "Rob Young, the council's coastal manager, is blunt"
    if not A.fallback then
      local nm = initial_name(A, prev.s, first and first.s or prev.e)
      if nm then return nm.canon, nm end
    end
  end
  while j >= 1 and M[j].s >= limit do
    local c = M[j]
    if ok(c) then
      local name, via = resolve(A, c)
      if name then return name, via end
    end
    j = j - 1
  end
  return nil
end

-- Words before each PERSON mention ("Russian President Vladimir Putin":
-- russian, president) describe it; "the Russian leader" is the latest
-- PERSON whose descriptions include "russian" (a bare "the leader": the
-- latest PERSON).
-- The words that describe a PERSON mention, in lower case: the three
-- before it and an apposition after it ("Judge Helen Marsh", "Mark Pryce,
-- his lawyer,", "Dan Whitcombe, 54,"). Made once per mention.
local function described_as (A, M, j)
  local d = M[j]
  local desc = d.desc
  if desc then return desc end
  local text = A.text
  local from = math.max(0, d.s - 40)
  local pre
  if j > 1 and M[j - 1].e > from and M[j - 1].lab == "PERSON" then
    -- (not the apposition of that one: "Ann Roe, 29, beat Mia Lind")
    from = M[j - 1].e
    pre = gsub(lower(tx(text, from, d.s)), "^%s*,[^,]*,", "")
  else
    pre = lower(tx(text, from, d.s))
  end
  pre = match(pre, "(%S+%s+%S+%s+%S+)%s*$") or pre
  -- (an apposition closed by a comma or the end of the sentence: not the
  -- subject of the next clause, "Speaking with Peter Szijjarto, the
  -- Russian diplomat stressed")
  local appo = match(tx(text, d.e, d.e + 60), "^,([^,.;:\"]*)[,.;:]") or ""
  desc = pre .. " " .. lower(appo)
  d.desc = desc
  return desc
end

-- The latest PERSON before M[k0 + 1] (from limit on) that every word of
-- desc describes in one of its mentions (any PERSON when desc is empty).
local function latest_described (A, M, k0, limit, desc)
  local seen = {}
  for k = k0, 1, -1 do
    local c = M[k]
    if c.s < limit then break end
    local cc = c.lab == "PERSON" and canon(c)
    if cc and not seen[cc] then
      if #desc == 0 then return cc, c end
      seen[cc] = true
      local ok = true
      for _, w in ipairs(desc) do
        local found = false
        for j = k, 1, -1 do
          local d = M[j]
          if d.s < limit then break end
          if d.lab == "PERSON" and canon(d) == cc and find(described_as(A, M, j), w, 1, true) then
            found = true; break
          end
        end
        if not found then ok = false; break end
      end
      if ok then return cc, c end
    end
  end
  return nil
end

-- "The Russian leader" is the latest PERSON described as Russian; "the
-- judge", the latest one described as a judge, else the latest PERSON. A
-- loose description ("the Australian", "the 54-year-old") that describes
-- nobody is the latest PERSON too.
local function resolve_nominal (A, m)
  local M = A.M
  local desc, head = {}, nil
  for _, w in ipairs(wordlist(lower(m.text))) do
    if TITLE_NOUN[w] then head = w
    elseif w ~= "the" then desc[#desc + 1] = match(w, "^(%d+)%-year%-old$") or w end
  end
  local k = m.idx and m.idx - 1 or last_before(M, m.s)
  local limit = m.s - 4000
  if #desc == 0 and head then
    local cc, c = latest_described(A, M, k, limit, {head})
    if cc then return cc, c end
  end
  local cc, c = latest_described(A, M, k, limit, desc)
  if cc or not m.loose then return cc, c end
  return latest_described(A, M, k, limit, {})
end

-- {----------------------------------------------------------------------
-- Organisations named by a common noun: "the airline", "the bank"
-- -----------------------------------------------------------------------

-- Does an organisation's name fit a noun's kind: its head ("Skyline
-- Airways", "Ministry of Defence", "Office for Police Conduct") or its
-- kind in rules/data/orgs.tsv? And the group of a name (business, public,
-- club, civic, news; "mixed" for a head of two groups: Council), nil when
-- unknown.
local function org_head_ok (def, name)
  if def.heads[match(name, "(%S+)$") or ""] then return true end
  if find(name, " of ", 1, true) or find(name, " for ", 1, true) then
    for w in gmatch(name, "(%S+) of ") do if def.heads[w] then return true end end
    for w in gmatch(name, "(%S+) for ") do if def.heads[w] then return true end end
  end
  return false
end
local function org_group (name)
  local k = ORG_KIND[name]
  if k then return KIND_GROUP[k] end
  local g = ORG_HEAD_GROUP[match(name, "(%S+)$") or ""]
  if g == nil then g = ORG_HEAD_GROUP[match(name, "(%S+) of ") or match(name, "(%S+) for ") or ""] end
  if g == nil then return nil end
  return g or "mixed"
end

-- Capitalised names in the text headed by one of a noun's head words that
-- no layer marked as an organisation ("Skyline Airways cancelled ...",
-- "Blackburn Rovers have sacked ..."): {s, e, name}, sorted, once per
-- document and kind. A name has two words at least and its head is its
-- last word (or comes before "of"/"for"): not "Rovers" in "Rovers Trust".
local CO_SUFFIX = set("Inc Inc. Corp Corp. Co Co. Ltd Ltd. Plc PLC plc LLC AG SA NV SE Group Holdings")
local function org_names (A, def)
  local cache = A.orgnames
  if not cache then cache = {}; A.orgnames = cache end
  local list = cache[def]
  if list then return list end
  list = {}
  local text, M = A.text, A.M
  for _, h in ipairs(def.headlist) do
    local pos = 1
    while true do
      local a, b = find(text, h, pos, true)
      if not a then break end
      pos = b + 1
      local bb, ba = byte(text, a - 1), byte(text, b + 1)
      if not (bb and (ALPHA[bb] or (bb >= 48 and bb <= 57))) and not (ba and (ALPHA[ba] or (ba >= 48 and ba <= 57))) then
        local s0, e0 = a - 1, b
        -- the capitalised words before the head
        while true do
          local w = match(tx(text, math.max(0, s0 - 40), s0), "(%u[%w\128-\255'%.&%-]*) $")
          if not w or NOT_NAME[w] then break end
          s0 = s0 - #w - 1
        end
        -- a company suffix or "of ..." after it; another capitalised word: not its head
        local ok = true
        while true do
          local w = match(text, "^ (%u[%w%.]*)", e0 + 1)
          if w and CO_SUFFIX[w] then e0 = e0 + 1 + #w
          elseif w then ok = false; break
          else
            local pp, w2 = match(text, "^ (f?o[fr]) (%u[%w\128-\255'%-]*)", e0 + 1)
            if pp == "of" or pp == "for" then
              e0 = e0 + 2 + #pp + #w2
              while true do
                local w3 = match(text, "^ (%u[%w\128-\255'%-]*)", e0 + 1)
                if not w3 then break end
                e0 = e0 + 1 + #w3
              end
            end
            break
          end
        end
        if ok then
          local name = gsub(gsub(tx(text, s0, e0), "'s$", ""), "’s$", "")
          if find(name, "%s") and org_head_ok(def, name) then
            -- (an organisation of the entity layer there is a candidate itself)
            local k = last_before(M, e0)
            local o = M[k]
            if not (o and o.e > s0 and o.lab == "ORG") then
              list[#list + 1] = {s = s0, e = s0 + #name, name = name}
            end
          end
        end
      end
    end
  end
  -- a name after the noun itself: "the charity World Central Kitchen",
  -- "German carmaker Veltrona", "the regulator Ofgem" (not a person's);
  -- "the group" is any of them
  for _, h in ipairs(def.group == "any" and ALL_NOUNS or def.nounlist) do
    local pos = 1
    while true do
      local a, b = find(text, h, pos, true)
      if not a then break end
      pos = b + 1
      local bb = byte(text, a - 1)
      if not (bb and ALPHA[bb]) then
        local nm = match(text, "^ (%u[%w\128-\255&%-]*)", b + 1)
        if nm then
          local s0, e0 = b + 1, b + 1 + #nm
          while true do
            local w = match(text, "^ (%u[%w\128-\255&%-]*)", e0 + 1)
            if not w or NOT_NAME[w] or e0 - s0 > 60 then break end
            e0 = e0 + 1 + #w
          end
          local name = tx(text, s0, e0)
          local k = last_before(M, e0)
          local o = M[k]
          if not NOT_NAME[nm] and not (o and o.e > s0 and (o.lab == "PERSON" or o.lab == "PLACE")) then
            -- (the entity layer's name there, when it has one)
            if o and o.e > s0 and o.lab == "ORG" then name = canon(o) end
            list[#list + 1] = {s = s0, e = e0, name = name}
          end
        end
      end
    end
  end
  table.sort(list, function (x, y) return x.s < y.s end)
  cache[def] = list
  return list
end

local org_mods, mods_fit
do
  -- Words before the noun that say which one: "the economy ministry", "the
  -- county's emergency management agency" (lower-case, not a scope word);
  -- a name must hold them (first four letters) to fit.
  local SCOPE = set("the a an federal national state regional local central top new its their his her " ..
    "own main same government official independent powerful")
  function org_mods (t)
    local mods
    for w in gmatch(asc(t), "[%a][%a'%-%.]*") do
      -- (not a name, a demonym, an owner or "state-run")
      if find(w, "^%l") and not SCOPE[w] and not find(w, "'s$") and not find(w, "[%-%.]") and not ORG_NOUN[w] then
        mods = mods or {}
        mods[#mods + 1] = sub(w, 1, 4)
      end
    end
    return mods
  end
  function mods_fit (mods, name)
    if not mods then return true end
    local ln = " " .. lower(asc(name))
    for _, w in ipairs(mods) do
      if not find(ln, " " .. w, 1, true) then return false end
    end
    return true
  end
end

-- The organisation "the airline" (def: its kind) at offset pos means: the
-- latest one before it whose name or kind fits (a news agency only when no
-- other one does); else the latest organisation of the same group or of
-- none in the last 1,200 bytes (not for a ministry: "the economy
-- ministry" is no carmaker named before); else nil. mt: the text of the
-- description (a public body's words before the noun must fit the name).
-- The second value is true when the name or kind fits.
local function resolve_org (A, pos, def, mt)
  local M = A.M
  local mods = def.group == "public" and mt and org_mods(mt) or nil
  local limit = pos - 4000
  local best, bs, news = nil, -1, nil
  local near, ns = nil, -1
  for k = last_before(M, pos), 1, -1 do
    local c = M[k]
    if c.s < limit then break end
    if c.lab == "ORG" and not inq(A, c) then
      local name = canon(c)
      local kind = ORG_KIND[name]
      if kind == "agency" or is_agency(c) then
        if def.news and not news then news = name end
      elseif ((kind and def.kinds[kind]) or org_head_ok(def, name)) and mods_fit(mods, name) then
        best, bs = name, c.s
        break
      elseif not near and c.s >= pos - 1200 and not def.strict then
        local g = org_group(name)
        if g == nil or g == def.group or def.group == "any" and g ~= "public" then near, ns = name, c.s end
      end
    end
  end
  local L = org_names(A, def)
  for j = #L, 1, -1 do
    local x = L[j]
    if x.s < pos and mods_fit(mods, x.name) then
      if x.s > bs and x.s >= limit then best, bs = x.name, x.s end
      break
    end
  end
  if best then return best, true end
  if news then return news, true end
  return near, false
end

-- The canonical form of a PERSON name of several words: the full name it
-- ends, when it starts with a particle ("Del Pozo Cruz" -> "Borja del Pozo
-- Cruz"); without a title the entity layer kept ("Co-star Marcus Lyle").
local function person_name (A, name)
  local b2, b3, b4 = byte(name, 2, 4)
  if (b2 == 32 or b3 == 32 or b4 == 32) and PARTICLE[lower(match(name, "^(%a+)%s") or "")] then
    local tail = A.fulltail
    if not tail then
      tail = {}
      local M = A.M
      for i = 1, #M do
        local c = M[i]
        if c.lab == "PERSON" then
          local cn = canon(c)
          if cn and find(cn, "^%u") then
            local lc = lower(cn)
            for p in gmatch(lc, "%s()%S") do
              local suf = sub(lc, p)
              if find(suf, "%s") then
                local f = tail[suf]
                if f == nil then tail[suf] = cn elseif f ~= cn then tail[suf] = false end
              end
            end
          end
        end
      end
      A.fulltail = tail
    end
    local f = tail[lower(name)]
    if f then name = f end
  end
  if find(name, "^%S+%s+%S+%s+%S") then
    local t1, rest = match(name, "^(%S+)%s+(%S+%s+%S.*)$")
    if t1 and TITLE_WORD[lower(t1)] then name = rest end
  end
  return name
end

-- Canonical name of the speaker a mention names (nil: unknown), and the
-- mention the name comes from.
function resolve (A, m)
  if m.resolved ~= nil then return m.resolved or nil, m.via end
  local name, via
  if m.lab == "PRON" then
    m.resolved = false              -- no cycles
    name, via = resolve_pronoun(A, m)
  elseif m.lab == "NOM" then
    m.resolved = false
    name, via = resolve_nominal(A, m)
  elseif m.lab == "ORGNOM" then
    name, via = resolve_org(A, m.s, m.def, m.text), m
  elseif m.lab == "UNNAMED" then
    name = nil
  else
    name, via = canon(m), m
    -- "the agency" linked by the entity layer: a name that fits better
    -- and comes later wins ("AP ... the Food and Drug Administration ...
    -- The agency said")
    if m.nominal and m.lab == "ORG" then
      local def = ORG_NOUN[lower(match(mtext(m), "(%a+)$") or "")]
      if def then
        local n2, fits = resolve_org(A, m.s, def)
        if n2 and fits then name = n2 end
      end
    end
    -- a surname alone ("Zandi") that the entity layer left unlinked: the
    -- full name of the one PERSON in the document it ends ("Mark Zandi")
    if m.lab == "PERSON" and name and not find(name, "[%s%.]") then
      local full = A.fullname
      if not full then
        full = {}
        local M = A.M
        for i = 1, #M do
          local c = M[i]
          if c.lab == "PERSON" then
            local cn = canon(c)
            local last = cn and match(cn, "%s(%u[%w\128-\255'%-]+)$")
            if last and find(cn, "^%u") then
              local f = full[last]
              if f == nil then full[last] = cn elseif f ~= cn then full[last] = false end
            end
          end
        end
        A.fullname = full
      end
      local f = full[name]
      if f == nil and A.seen then        -- names found in the text ("said Mark Zandi")
        for _, cn in ipairs(A.seen) do
          if match(cn, "%s(%S+)$") == name then f = cn break end
        end
      end
      name = f or name
    elseif m.lab == "PERSON" and name then
      -- a name of several words, once per document: its last words
      -- ("Del Pozo Cruz" -> "Borja del Pozo Cruz"), a title the entity
      -- layer kept ("Co-star Marcus Lyle")
      local pc = A.pcanon
      if not pc then pc = {}; A.pcanon = pc end
      local v = pc[name]
      if v == nil then v = person_name(A, name); pc[name] = v end
      name = v
    end
  end
  m.resolved = name or false
  m.via = via
  return name, via
end

-- {----------------------------------------------------------------------
-- Subjects of cues
-- -----------------------------------------------------------------------

-- Only adverbs, auxiliaries, time and setting phrases: "Xi, too, said",
-- "Putin on Wednesday said", "Xi in a speech said".
-- (memoised below: a pure function of the string, and the same gaps
-- come back)
local function gap_ok0 (gap)
  if find(gap, "^%s*$") then return true end
  if #gap > 80 then return false end
  gap = asc(gap)
  local lead = find(gap, "^%s*,") ~= nil
  local trail = find(gap, ",%s*$") ~= nil
  if lead ~= trail then return false end
  if find(gap, "[.;:!?\"()]") then return false end
  local n, pp = 0, -1
  for w in gmatch(gap, "[^%s,]+") do
    n = n + 1
    if n > 8 then return false end
    local lw = lower(w)
    if PP_WORD[lw] then
      pp = 0
    elseif GAP_WORD[lw] or (find(lw, "ly$") and #lw > 3) or find(w, "^%d") then
      -- an adverb or a time word
    elseif pp >= 0 and pp < 4 then
      pp = pp + 1                     -- "in a speech", "in Moscow"
    else
      return false
    end
  end
  return true
end
local gap_ok = P.memo(gap_ok0, 5000)

-- An aside between the subject and its verb: "China, which brokered ...,
-- said", "Li Qiang - China's number two official - who said".
local function aside_ok0 (gap)
  local g = asc(gap)
  g = gsub(g, "%s%-%-?%s", ", ")
  g = gsub(g, "%s*[()]%s*", ", ")
  g = gsub(g, "who%s*$", "")
  if find(g, "^[%s,]*$") then return true end
  local inner, tail = match(g, "^%s*,(.*),(.-)$")
  if not inner then return false end
  if not gap_ok(tail) then return false end
  local n = 0
  for _ in gmatch(inner, "%S+") do n = n + 1 end
  return n <= 30 and not find(inner, "[.!?;]%s")
end
local aside_ok = P.memo(aside_ok0, 5000)

-- The text just before a mention ends with a preposition ("in Beijing",
-- "an adviser at the WHO").
local function prep_before (text, s)
  local pre = tx(text, math.max(0, s - 20), s)
  local w = match(pre, "(%a+)%s+$")
  if w and ARTICLE[lower(w)] then w = match(pre, "(%a+)%s+%a+%s+$") end
  return w and PREP[lower(w)]
end
local function after_prep (A, m) return prep_before(A.text, m.s) end
-- "Analysts at Norland Bank", "economists from the bank": the people of
-- an organisation, which speaks for them.
local STAFF = set("analysts analyst economists economist strategists strategist researchers " ..
  "experts executives officials")
local STAFF_PREP = set("at from with of")
local function staff_of (A, m)
  local pre = tx(A.text, math.max(0, m.s - 36), m.s)
  local w, p = match(pre, "(%a+)%s+(%a+)%s+$")
  if p == "the" then w, p = match(pre, "(%a+)%s+(%a+)%s+the%s+$") end
  return w ~= nil and STAFF_PREP[p] ~= nil and STAFF[lower(w)] ~= nil
end

-- A capitalised run without the titles and common words before the name,
-- and its offset in the run: "Finance Minister Jane Doe" -> "Jane Doe";
-- a title inside the run ends what comes before it too ("NASA
-- Administrator Bill Nelson" -> "Bill Nelson"; but "Martin Luther King").
local function strip_titles (name)
  local off, cut = 0, 0
  for p, w in gmatch(name, "()(%S+)%s") do
    if TITLE_WORD[lower(w)] then cut = p + #w end
  end
  if cut > 0 then
    off = find(name, "%S", cut) - 1
    name = sub(name, off + 1)
  end
  while true do
    local w, rest = match(name, "^(%S+)%s+(.+)$")
    if not w or not (NOT_NAME[w] or TITLE_WORD[lower(w)]) then break end
    off = off + #name - #rest
    name = rest
  end
  return name, off
end

-- "The airline ...", "The London-based lender ..." opening the text at
-- pos (a sentence): a record for the organisation named by the noun, or
-- nil (not "The head of the bank", "The company's chief", "The group of").
local function orgnom_at (A, pos, lim, inv)
  local text = A.text
  local a, b = find(text, "^[%s%-*]*[Tt]he%s+", pos + 1)
  if not a then return nil end
  local s0 = find(text, "[Tt]he", a) - 1
  local p = b
  for k = 1, 3 do
    local w, q = match(text, "^([%a%-%.]*[%a%-])()", p + 1)
    if not w or q - 1 > lim then return nil end
    local lw = lower(w)
    local def = ORG_NOUN[lw]
    if def and (lw ~= "force" or k == 1) then
      local nxt = match(text, "^%s+(%l+)", q)
      if inv then
        -- after the verb: '," said the company in a statement.'
        if not (find(text, "^[,.;:]", q) or (nxt and PP_WORD[nxt])) then return nil end
      elseif not nxt or nxt == "of" or nxt == "and" or nxt == "or" then
        return nil
      end
      return {s = s0, e = q - 1, lab = "ORGNOM", def = def, text = tx(text, s0, q - 1)}
    end
    local _, sp = find(text, "^%.? +", q)
    if not sp then return nil end
    p = sp
  end
  return nil
end

-- "It said" after a sentence about an organisation ("Brightwave reported
-- a loss. It said ..."; "The retailer cut its forecast. It said ..."):
-- that organisation's record, else nil.
local function resolve_it (A, pos)
  local cur = sent_at(A, pos)
  local prev = cur and cur.i > 1 and range_i(A, "sent", cur.i - 1)
  if not prev then return nil end
  local M = A.M
  local c = M[last_before(M, prev.s) + 1]
  if c and c.s < prev.e and not inq(A, c) and clause_initial(A, c, prev.s) then
    if c.lab ~= "ORG" then return nil end
    local name = resolve(A, c)
    return name and {lab = "ORG", canon = name}
  end
  local o = orgnom_at(A, prev.s, prev.e)
  if o then
    local name = resolve(A, o)
    return name and {lab = "ORG", canon = name}
  end
  return nil
end

-- "he said", "the Russian leader said": a pronoun or a description just
-- before the verb, found in the text (they are in no layer). Returns a
-- mention record or nil.
local function lazy_subject (A, cs, lo, strict)
  local text = A.text
  local from = cs - 64
  if from < lo then from = lo end
  local win = tx(text, from, cs)
  -- he, she, the; it (near the end)
  local n = #win
  local t0 = n > 14 and n - 14 or 1
  local ip = match(win, "()%f[%a][Ii]t%s+$", t0) or match(win, "()%f[%a][Ii]t%s+%l+%s+$", t0)
  if not ip and not find(win, "[Hh]e") then return nil end
  -- "he said" / "she told": the pronoun right before the verb (what
  -- match(win, "()%f[%a]([HhSs]h?e)%s+$") finds, read from the end)
  local te = n
  while te > 0 and SPACE_L[byte(win, te)] do te = te - 1 end
  local ps, pw
  if te < n and te >= 2 and byte(win, te) == 101 then          -- ...e + white space
    local b2, b3 = byte(win, te - 1), te >= 3 and byte(win, te - 2)
    if b2 == 104 and b3 and HS_BYTE[b3] and not (te >= 4 and ALPHA[byte(win, te - 3)]) then
      ps, pw = te - 2, sub(win, te - 2, te)
    elseif HS_BYTE[b2] and not (b3 and ALPHA[b3]) then
      ps, pw = te - 1, sub(win, te - 1, te)
    end
  end
  if ps then
    local w = lower(pw)
    if w == "he" or w == "she" then
      local s0 = from + ps - 1
      if masked(A, s0) then return nil end
      return {s = s0, e = s0 + #w, lab = "PRON", g = w == "she" and "f" or "m", text = w}
    end
  end
  -- "It said", "It also told": the organisation the sentence before is about
  if ip then
    local gw = match(win, "^[Ii]t%s+(%l+)%s+$", ip)
    local p0 = from + ip - 1
    local sr = sent_at(A, p0)
    -- (the subject of its sentence: first, or after a comma or a quote)
    if (not gw or GAP_WORD[gw]) and sr and not masked(A, p0)
       and (only(text, sr.s, p0, "[%s%-*]") or COMMA_OR_CLOSE[last_byte(text, sr.s, p0) or 0]) then
      local o = resolve_it(A, p0)
      if not o then return nil end
      o.s, o.e, o.text = p0, p0 + 2, sub(win, ip, ip + 1)
      return o
    end
  end
  -- the word before the verb decides: a title noun, or an adverb (then
  -- look further back)
  -- (match(win, "([%a%-']+)[%s,]*$"), read from the end)
  local t = n
  while t > 0 and (SPACE_L[byte(win, t)] or byte(win, t) == 44) do t = t - 1 end
  if t == 0 or not WORD_L[byte(win, t)] then return nil end
  local b = t
  while b > 1 and WORD_L[byte(win, b - 1)] do b = b - 1 end
  local last = sub(win, b, t)
  local ll = lower(last)
  -- "the Australian said", "the 54-year-old said": whoever was last described so
  local ls, lw = match(win, "()[Tt]he%s+(%u%a+)[%s,]*$")
  if not (lw and DEMONYM[lw]) then ls, lw = match(win, "()[Tt]he%s+(%d+%-year%-old)[%s,]*$") end
  if lw and (ls == 1 or not WORD_L[byte(win, ls - 1)]) then
    local s0 = from + ls - 1
    if masked(A, s0) then return nil end
    return {s = s0, e = from + t, lab = "NOM", loose = true, text = sub(win, ls, t)}
  end
  if not (ll == "he" or ll == "she" or TITLE_NOUN[ll] or ORG_NOUN[ll] or GAP_WORD[ll] or PP_WORD[ll]
          or (#ll > 3 and sub(ll, -2) == "ly")) then
    return nil
  end
  local ws, n = {}, 0
  for p, w in gmatch(win, "()([%a%-']+)") do n = n + 1; ws[n] = p; ws[-n] = w end
  -- walk back over gap words to a pronoun or a title noun
  local i = n
  while i >= 1 and n - i < 8 do
    local w = lower(ws[-i])
    if w == "he" or w == "she" then
      local bs = ws[i]
      local gap = sub(win, bs + #w)
      if not gap_ok(gap) or (strict and find(gap, ",%s*$")) then return nil end
      local s0 = from + bs - 1
      if masked(A, s0) then return nil end
      return {s = s0, e = s0 + #w, lab = "PRON", g = w == "she" and "f" or "m", text = w}
    elseif TITLE_NOUN[w] then
      for j = i - 1, math.max(1, i - 3), -1 do
        if lower(ws[-j]) == "the" then
          -- (not after a preposition: "a source close to the actress told")
          if j > 1 and PREP[lower(ws[-(j - 1)])] then return nil end
          local bs, be = ws[j], ws[i] + #ws[-i] - 1
          local gap = sub(win, be + 1)
          if not gap_ok(gap) or (strict and find(gap, ",%s*$")) then return nil end
          local s0 = from + bs - 1
          if masked(A, s0) then return nil end
          return {s = s0, e = from + be, lab = "NOM", text = sub(win, bs, be)}
        end
      end
      return nil
    elseif ORG_NOUN[w] then
      -- "the airline said", "the London-based lender told": an
      -- organisation (not "the head of the bank said"; "the force" bare)
      local j0 = w == "force" and i - 1 or math.max(1, i - 4)
      for j = i - 1, j0, -1 do
        if lower(ws[-j]) == "the" then
          if j > 1 and PREP[lower(ws[-(j - 1)])] then return nil end
          local bs, be = ws[j], ws[i] + #ws[-i] - 1
          local gap = sub(win, be + 1)
          if not gap_ok(gap) or (strict and find(gap, ",%s*$")) then return nil end
          local s0 = from + bs - 1
          if masked(A, s0) then return nil end
          return {s = s0, e = from + be, lab = "ORGNOM", def = ORG_NOUN[w], text = sub(win, bs, be)}
        end
      end
      return nil
    elseif not (GAP_WORD[w] or PP_WORD[w] or (#w > 3 and sub(w, -2) == "ly")) then
      return nil
    end
    i = i - 1
  end
  return nil
end

-- A capitalised name just before the verb that no layer marked ("Marine
-- Le Pen said", "Marine Le Pen, who leads the party, said"): a PERSON when
-- it has two words or more (or is part of a known person's name).
local function name_subject (A, cs, lo, strict)
  local text = A.text
  local from = cs - 120
  if from < lo then from = lo end
  local seg = tx(text, from, cs)
  if strict and find(seg, ",%s*$") then return nil end
  if not find(seg, "%u") then return nil end
  local runs, cur = {}, nil
  local p = 1
  while true do
    local a, b = find(seg, "%f[%w\128-\255]%u[%w\128-\255'%-%.]*", p)
    if not a then break end
    local between = cur and sub(seg, cur.e + 1, a - 1)
    local p1, p2 = match(between or "", "^ (%l+) (%l+) $")
    if cur and (between == " " or (match(between, "^ (%l+) $") and PARTICLE[match(between, "^ (%l+) $")])
                or (p1 and PARTICLE[p1] and PARTICLE[p2])) then
      cur.e = b
    else
      cur = {s = a, e = b}
      runs[#runs + 1] = cur
    end
    p = b + 1
  end
  for i = #runs, math.max(1, #runs - 2), -1 do
    local r = runs[i]
    -- a setting is no subject: "Kluge, director for Europe, said"
    if prep_before(text, from + r.s - 1) then goto next_run end
    local gap = sub(seg, r.e + 1)
    local inst = match(gap, "^%s+(%l+)%s*$")     -- "ING analysts said"
    if inst and INSTITUTION[inst] and i == #runs then
      -- (not a capitalised word that starts the sentence: "Senior analysts said")
      local j = from + r.s - 1
      while j > 0 and SPACEB[byte(text, j)] and byte(text, j) ~= 10 do j = j - 1 end
      local b = j > 0 and byte(text, j)
      inst = b and b ~= 10 and b ~= 46 and b ~= 33 and b ~= 63 and b ~= 13 or false
    else
      inst = false
    end
    if inst or gap_ok(gap) and not (strict and find(gap, ",%s*$")) or not strict and find(gap, "^%s*[,(%-\226]") and aside_ok(gap) then
      local name, off = strip_titles(sub(seg, r.s, r.e))
      name = gsub(gsub(name, "'s$", ""), "’s$", "")
      if name ~= "" and not NOT_NAME[name] and not TITLE_WORD[lower(name)] then
        local s0 = from + r.s - 1 + off
        if masked(A, s0) then return nil end
        local rec = {s = s0, e = s0 + #name, text = name, canon = name, lab = find(name, "%s") and "PERSON" or "NAME"}
        if rec.lab == "NAME" then
          -- a surname: the person named in full before
          local M = A.M
          local pname = " " .. name .. " "
          for j = last_before(M, s0), 1, -1 do
            local mm = M[j]
            if mm.lab == "PERSON" then
              local pc = mm.pc                  -- " canonical ", made once
              if not pc then pc = " " .. canon(mm) .. " "; mm.pc = pc end
              if not find(pc, pname, 1, true) then goto next_mention end
              rec.canon, rec.lab, rec.span, rec.ge = canon(mm), "PERSON", mm.span, mm.ge
              break
            end
            ::next_mention::
          end
          -- "Analysts said": a capitalised word that starts the sentence
          -- (but not after '," ': '"...," AFAD said'; nor an acronym)
          if rec.lab == "NAME" and sentence_initial(text, s0) and not inst and not find(name, "^%u%u+$")
             and not find(tx(text, math.max(0, s0 - 6), s0), ",%s*[\"'\226][\128-\191]*%s*$") then
            return nil
          end
        end
        return rec
      end
      return nil
    end
    ::next_run::
  end
  return nil
end

-- {----------------------------------------------------------------------
-- Unnamed speakers: "officials said", "a source close to the actress told",
-- "two people familiar with the matter said", "said one resident"
-- -----------------------------------------------------------------------

local unnamed_before, unnamed_after
do
  -- (a determiner before "man", "woman": any; "the minister": a title, not here)
  local HUMAN_ANY_DET = set("man woman men women")
  local NEEDS_INDEF = set("minister ministers")
  -- A spokesperson speaks for the organisation: "a company spokesperson",
  -- "a spokesperson for the commission".
  local SPOKES = set("spokesman spokeswoman spokesperson spokespeople representative representatives")
  local POSS_DET = set("his her their")
  local INDEF = set([[
    a an another one two three four five six seven eight nine ten several some many most
    other others few dozens hundreds thousands both two-thirds
  ]])
  -- Words that may follow the head inside the noun phrase.
  local NP_TAIL = set([[
    who familiar close involved briefed speaking not with at from of for in on to
    knowledgeable aware near inside within outside across
  ]])
  local NUMWORD = "^%d"

  -- A word in lower case without a possessive "'s".
  local function lowposs (w)
    local l = lower(w)
    if byte(l, -1) == 115 then
      if byte(l, -2) == 39 then l = sub(l, 1, -3)
      elseif find(l, "\226\128\153s$") then l = sub(l, 1, -5) end
    end
    return l
  end

  -- The noun phrase in text[a, b) names nobody: returns an UNNAMED record,
  -- or the organisation a spokesperson speaks for (a mention or an ORGNOM
  -- record), or nil. (after: the phrase follows the verb)
  local function unnamed_np (A, a, b, after)
    local text = A.text
    if b - a > 160 or b <= a then return nil end
    local seg = tx(text, a, b)
    local wp, ww, n = {}, {}, 0
    for p, w in gmatch(seg, "()([%w][%w'\226\128\153%-%.]*)") do
      n = n + 1
      if n > 16 then return nil end
      wp[n], ww[n] = a + p - 1, w
    end
    if n == 0 then return nil end
    local h, head
    for i = 1, math.min(n, 5) do
      local lw = lowposs(ww[i])
      if UNNAMED_HEAD[lw] then h, head = i, lw break end
    end
    if not h then return nil end
    -- the words before the head: a determiner, numbers, modifiers; no name
    local def_art, indef = false, false
    for i = 1, h - 1 do
      local w = ww[i]
      local lw = lowposs(w)
      if INDEF[lw] or find(w, NUMWORD) or POSS_DET[lw] then indef = true
      elseif lw == "the" then if i ~= 1 then return nil end def_art = true
      elseif ORG_NOUN[lw] and SPOKES[head] then
        -- "a company spokesperson", "a ministry spokesman"
        return {s = wp[i], e = wp[i] + #w, lab = "ORGNOM", def = ORG_NOUN[lw], text = w}
      elseif NOT_DESC[lw] or GAP_WORD[lw] or PREP[lw] or SUBJ_PRON0[lw] or find(lw, "ed$") or find(lw, "ly$") then
        return nil
      end
    end
    if NEEDS_INDEF[head] and not indef then return nil end
    if def_art and not HUMAN_ANY_DET[head] and not find(head, "s$") and head ~= "police" and head ~= "staff" then
      return nil
    end
    -- no name among the words before the head ("US officials", "Kremlin
    -- aides": the owner speaks for them)
    local M = A.M
    local k = last_before(M, wp[h])
    if k >= 1 and M[k].e > wp[1] then return nil end
    -- the words after it: a setting, a relative clause ("familiar with the
    -- matter", "who asked not to be named")
    if h < n then
      local nx = lowposs(ww[h + 1])
      if not NP_TAIL[nx] then return nil end
      if SPOKES[head] and (nx == "for" or nx == "of" or nx == "at") then
        -- "a spokesperson for the commission", "a spokesman for Veltrona"
        local p = wp[h + 1] + #ww[h + 1]
        local j = last_before(M, p) + 1
        while M[j] and M[j].s < b do
          if M[j].lab == "ORG" then return M[j] end
          j = j + 1
        end
        local on = orgnom_at(A, p, b, after)
        if on then return on end
      end
      -- (not a coordination: "officials and said")
      local last = lowposs(ww[n])
      if last == "and" or last == "but" or last == "or" then return nil end
    end
    return {s = wp[1], e = wp[h] + #ww[h], lab = "UNNAMED", hs = wp[h], text = tx(text, wp[1], wp[h] + #ww[h])}
  end

  -- The subject of a cue that names nobody: the noun phrase right before it
  -- (after the start lo, a comma or a quotation mark), or one that opens
  -- the sentence with an aside after it ("A senior official, speaking on
  -- condition of anonymity, said").
  function unnamed_before (A, lo, cs)
    local text = A.text
    local from = cs - 120
    if from < lo then from = lo end
    -- (the caller found a head word in the 120 bytes before the cue)
    local seg = tx(text, from, cs)
    -- (the last comma, colon, bracket, quotation mark or dash)
    local cut, cute = nil, nil
    for p in gmatch(seg, "()[,;:\"(]") do cut, cute = p, p end
    for p in gmatch(seg, "()\226\128[\147\148\156\157]") do
      if not cut or p > cut then cut, cute = p, p + 2 end
    end
    if not cut and from > lo then return nil end
    local u = unnamed_np(A, cut and from + cute or from, cs)
    if u then return u end
    -- "NP, aside, said"
    if cut and from == lo then
      local _, npe = find(seg, "^%s*[^,]+")
      local aside = npe and sub(seg, npe + 1)
      if aside and find(aside, "^,.*,%s*$") and aside_ok(aside) then
        return unnamed_np(A, from, from + npe)
      end
    end
    return nil
  end

  -- '," said one official' / 'said a spokesman for the company' / 'said the
  -- woman, who'.
  function unnamed_after (A, ce, hi, ha)
    local text = A.text
    local lim = ce + 100
    if lim > hi then lim = hi end
    -- (quick test: a head word in its first words; ha: the first one after ce)
    if not ha or ha >= lim or ha >= ce + 48 then return nil end
    local seg = tx(text, ce, lim)
    local np = match(seg, "^(%s+[^,.;:!?\"]+)")
    if not np then return nil end
    -- the phrase up to a setting or a relative clause: the determiner and
    -- the head are in its first five words
    local u = unnamed_np(A, ce, ce + #np, true)
    if not u then
      local short = match(np, "^(%s+%S+%s+%S+%s*%S*)")
      if short then u = unnamed_np(A, ce, ce + #short, true) end
    end
    if u and u.lab == "UNNAMED" then
      local first = match(np, "^%s+(%S+)")
      local lf = first and lower(first)
      if not (lf and (INDEF[lf] or lf == "the" or find(lf, NUMWORD))) and not UNNAMED_HEAD[lf or ""] then return nil end
    end
    return u
  end
end

-- "the Trump administration": an organisation of its own.
function admin_of (A, m)
  local _, e = find(A.text, "^%s+[Aa]dministration", m.e + 1)
  if not e or m.lab ~= "PERSON" then return m end
  local name = match(mtext(m), "(%S+)$") .. " administration"
  return {s = m.s, e = e, lab = "ORG", canon = name, text = tx(A.text, m.s, e)}
end

local subject_before0

-- The subject of cue c: the nearest mention before it (from offset lo on)
-- with only adverbs, a setting or an aside in between; a pronoun or a
-- title description; else a capitalised name no layer marked. With strict
-- (participles), only a subject right before it: "Xi greeting Putin".
-- Returns a mention record or nil (memoised on the cue).
local function subject_before (A, c, lo, strict)
  strict = strict or false         -- (nil and false: one memo key)
  if c.sb_lo == lo and c.sb_strict == strict then return c.sb or nil end
  local m = subject_before0(A, c, lo, strict)
  -- a noun phrase that names nobody ("Officials said", "Hospital
  -- officials in Deir al-Balah said": not the place), unless a person is
  -- named right before the verb, or analysts at a bank speak for it
  -- (a quick test first: a head word of one in the 120 bytes before it)
  if not strict then
    local cs, hb = c.s, c.hb
    if hb >= cs - 120 and hb >= lo
       and not (m and (m.lab == "PRON" or (m.lab == "PERSON" or m.lab == "NOM") and cs - m.e <= 2)) then
      local u = unnamed_before(A, lo, cs)
      if u and not (m and m.lab == "ORG" and u.lab == "UNNAMED" and staff_of(A, m)) then m = u end
    end
  end
  c.sb_lo, c.sb_strict, c.sb = lo, strict, m or false
  return m
end

function subject_before0 (A, c, lo, strict)
  local M, text = A.M, A.text
  local cs = c.s
  local k = c.mi
  -- the common case first: a mention right before the verb ("Xi said")
  local m0 = M[k]
  if m0 and m0.s >= lo and m0.e <= cs and cs - m0.e <= 1 and not inq(A, m0) then
    if m0.lab == "PERSON" or m0.lab == "NOM" or not after_prep(A, m0) then return m0 end
  end
  local lz = lazy_subject(A, cs, lo, strict)
  -- (a place inside "the U.S. agency" is no subject of its own)
  if lz and not (m0 and m0.e > lz.s and not (lz.lab == "ORGNOM" and m0.s > lz.s and m0.lab == "PLACE")) then
    return lz
  end
  local n = 0
  while k >= 1 and n < 5 do
    local m = M[k]
    if m.s < lo or cs - m.e > 300 then break end
    if m.e <= cs and not inq(A, m) then
      local gap = tx(text, m.e, cs)
      local ok
      if strict then ok = gap_ok(gap) and not find(gap, ",%s*$")
      else ok = gap_ok(gap) or (find(gap, "^%s*[,(%-\226]") and aside_ok(gap)) end
      if not ok and byte(gap, 2) == 111 and byte(gap, 3) == 102 and m.lab == "PERSON" and M[k + 1]
         and M[k + 1].e <= cs and find(gap, "^ of ") then
        -- "Sen. Rand Paul of Kentucky said", "Ana Lima of the Red Cross said"
        local o = M[k + 1]
        local g = tx(text, m.e, o.s)
        ok = (o.lab == "PLACE" or o.lab == "ORG") and (g == " of " or g == " of the ") and gap_ok(tx(text, o.e, cs))
      end
      if not ok and not is_agency(m) then
        -- "China's foreign ministry said", "the Kremlin statement said":
        -- the owner speaks
        -- (as match(asc(gap), "^'s%s+([%a%s%-]-)%s*$") or match(gap,
        -- "^%s+(%l[%l%s]-)%s*$"), with greedy patterns: the lazy ones try
        -- the end of the gap at every byte)
        local inst
        local g = asc(gap)
        if find(g, "^'s%s") then
          inst = match(g, "^'s%s+([%a%s%-]*[%a%-])%s*$") or (find(g, "^'s%s+$") and "") or nil
        end
        if not inst then
          inst = match(gap, "^%s+(%l[%l%s]*%l)%s*$") or match(gap, "^%s+(%l)%s*$")
        end
        if inst then
          local ws = wordlist(lower(inst))
          if #ws >= 1 and #ws <= 3 and INSTITUTION[ws[#ws]] then
            ok = true
            -- "the Trump administration said": the administration, not Trump
            if m.lab == "PERSON" and #ws == 1 and ws[1] == "administration" then
              return admin_of(A, m)
            end
          end
        end
      end
      if ok then
        if m.lab ~= "PRON" and m.lab ~= "PERSON" and after_prep(A, m) and not find(gap, "who%s*$")
           and not (m.lab == "ORG" and staff_of(A, m)) then
          -- "the talks in Beijing said": not a subject (but "analysts at
          -- Norland Bank said": the bank)
        else
          return m
        end
      end
    end
    k = k - 1
    n = n + 1
  end
  if not A.fallback then return name_subject(A, cs, lo, strict) end
  return nil
end

local name_after

-- Inverted: "...," said Wang / said Chinese Foreign Minister Wang Yi.
local function subject_after (A, c, hi)
  local M, text = A.M, A.text
  local ce = c.e
  local k = c.mj
  local m = M[k]
  -- '," said the airline.'
  local o = orgnom_at(A, ce, hi, true)
  if o and not masked(A, o.s) then return o end
  -- '," said one official', 'said a spokesman for the company'
  -- (the first head word after the cue: a quick test)
  local H = A.heads
  local ha = H[1] and H[#H] >= ce and H[bisect(H, ce) + 1]
  o = unnamed_after(A, ce, hi, ha)
  if o and not masked(A, o.s) then return o end
  if not A.fallback and (not m or m.s - ce > 40 or find(tx(text, ce, m.s), "[.;:!?\n]")) then
    -- a name no layer marked: "said Javier de Luis"
    local n = name_after(A, ce, hi, true)
    if n then return n end
  end
  if not m or m.e > hi or inq(A, m) then return nil end
  local gap = asc(tx(text, ce, m.s))
  local ws = wordlist(gap)
  if #ws > 5 or find(gap, "[.;:!?\"]") then return nil end
  local nlow = 0
  for _, w in ipairs(ws) do
    local lw = lower(w)
    if not (TITLE_WORD[lw] or lw == "the" or find(w, "^%u")) then
      -- a description before the name: "investment bank", "energy analyst"
      nlow = nlow + 1
      if nlow > 3 or not find(w, "^%l[%l%-]*$") or NOT_DESC[lw] or PREP[lw] or GAP_WORD[lw]
         or find(lw, "ly$") then
        return nil
      end
    end
  end
  return m
end

-- A capitalised name right after a position that no layer marked
-- ("according to the Harbour Relief Trust"; with person: "said Javier de
-- Luis", titles skipped, a PERSON when it looks like a personal name).
function name_after (A, pos, hi, person)
  local text = A.text
  local _, p = find(text, "^%s+", pos + 1)
  if not p then return nil end
  local _, q = find(text, "^[Tt]he%s+", p + 1)
  if q then p = q end
  if person then
    -- a description before the name: "said investment bank Barclays Capital"
    local p2 = p
    for _ = 1, 3 do
      local w, e = match(text, "^(%l[%l%-]*)%s+()", p2 + 1)
      if not w or NOT_DESC[w] or PREP[w] or GAP_WORD[w] or find(w, "ly$") then break end
      p2 = e - 1
      if find(text, "^%u", p2 + 1) then p = p2 break end
    end
  end
  local s0, e0 = p, nil
  while true do
    local a, b = find(text, "^%u[%w\128-\255'%-%.]*", p + 1)
    if not a then
      -- a particle between capitalised words: "de", "van", "of"
      local w, q2 = match(text, "^(%l%l?%l?%l?)%s+()%u", p + 1)
      local w1, w2, q3 = match(text, "^(%l%l?%l?)%s+(%l%l?%l?)%s+()%u", p + 1)
      if e0 and w and (PARTICLE[w] or w == "of" or w == "for") then p = q2 - 1
      elseif e0 and w1 and PARTICLE[w1] and PARTICLE[w2] then p = q3 - 1   -- "de la"
      else break end
    else
      e0 = b
      local _, sp = find(text, "^ ", b + 1)
      if not sp then break end
      p = sp
    end
  end
  if not e0 or e0 > hi then return nil end
  local name = gsub(gsub(gsub(tx(text, s0, e0), "%.$", ""), "'s$", ""), "’s$", "")   -- "the PM's"
  if person then
    -- titles: "said Finance Minister Jane Doe"
    local off
    name, off = strip_titles(name)
    s0 = s0 + off
  end
  if NOT_NAME[name] or TITLE_WORD[lower(name)] or masked(A, s0) then return nil end
  local lab = find(name, "%s") and "ORG" or "NAME"
  if person and lab == "ORG" then
    local org = false
    for w in gmatch(name, "%S+") do if ORG_WORD[w] or not find(w, "%l") then org = true end end
    if not org then
      lab = "PERSON"
      local seen = A.seen
      if not seen then seen = {}; A.seen = seen end
      seen[#seen + 1] = name
    end
  end
  return {s = s0, e = s0 + #name, text = name, canon = name, lab = lab}
end

-- "according to (the official) X"; "according to the charity", "according
-- to the minister"
local source_after0
local function source_after (A, c, hi)
  local m = source_after0(A, c, hi)
  if m then return m end
  -- no name: a description ("the charity", "the minister")
  local text, ce = A.text, c.e
  local o = orgnom_at(A, ce, hi, true)
  if o and not masked(A, o.s) then return o end
  local ns, nw, ne = match(text, "^%s+()[Tt]he%s+(%l+)()%s*[,.;]", ce + 1)
  if ns and TITLE_NOUN[nw] and ne - 1 <= hi and not masked(A, ns - 1) then
    return {s = ns - 1, e = ne - 1, lab = "NOM", text = tx(text, ns - 1, ne - 1)}
  end
  return nil
end
function source_after0 (A, c, hi)
  local M, text = A.M, A.text
  local ce = c.e
  local k = c.mj
  local m = M[k]
  if not A.fallback and (not m or m.s - ce > 48) then
    local n = name_after(A, ce, hi)
    if n then return n end
  end
  if not m or m.s >= hi or inq(A, m) then return nil end
  local gap = tx(text, ce, m.s)
  if #gap > 48 then return nil end
  local ws = wordlist(gap)
  if #ws > 6 then return nil end
  for _, w in ipairs(ws) do
    if not (SRC_GAP[lower(w)] or find(w, "^%u")) then return nil end
  end
  -- "the Hamas-run health ministry": the head, not the modifier
  local n = M[k + 1]
  if n and n.s < hi and n.s - m.e <= 16 and find(tx(text, m.e, n.s), "^%-%a+%s+$") then return n end
  return m
end

-- {----------------------------------------------------------------------
-- Attribution of one quote
-- -----------------------------------------------------------------------

-- A place right after a capitalised word that no layer marked is a
-- surname: "said Ana Lima of the group", "Tom London said".
local function place_surname (A, m)
  local text = A.text
  local ws, w = match(tx(text, math.max(0, m.s - 24), m.s), "()(%u%l+) $")
  if not w or NOT_NAME[w] or TITLE_WORD[lower(w)] or PREP[lower(w)] or DEMONYM[w] or ORG_WORD[w] then
    return nil
  end
  local s0 = math.max(0, m.s - 24) + ws - 1
  local M = A.M
  local k = last_before(M, m.s)
  if M[k] and M[k].e > s0 then return nil end
  local name = tx(text, s0, m.e)
  return {s = s0, e = m.e, text = name, canon = name, lab = "PERSON"}
end

-- A found attribution: {m = mention, cue = cue record, name = canonical}.
local function attrib (A, m, c)
  if not m then return {cue = c, none = true} end
  if m.lab == "PLACE" then m = place_surname(A, m) or m end
  local name, via = resolve(A, m)
  if not name then return {cue = c, none = true, m = m, unnamed = m.lab == "UNNAMED"} end
  return {m = m, via = via, cue = c, name = name, agency = is_agency(via or m)}
end

-- Subject of a cue (speech, tell, eval) anywhere in [lo, cue): the mention
-- before it, or after it when the cue directly follows a quote or a comma.
local function cue_subject (A, c, lo, hi)
  -- a participle after a comma hangs on the main clause: no subject of its own
  local m = subject_before(A, c, lo, c.ing)
  if m then return m end
  local b = last_byte(A.text, lo, c.s)
  if not b or c.class ~= "source" and COMMA_OR_CLOSE[b] then
    return subject_after(A, c, hi)
  end
  return nil
end

-- The cues inside [s, e), outside quotations: first and last index into
-- A.C (an empty range when first > last).
local function cue_range (A, s, e)
  local C = A.C
  return last_before(C, s) + 1, last_before(C, e)
end

local function cues_in (A, s, e)
  local C = A.C
  local i, j = cue_range(A, s, e)
  local out = {}
  for k = i, j do out[#out + 1] = C[k] end
  return out
end

local function ncues (A, s, e)
  local i, j = cue_range(A, s, e)
  return j - i + 1
end

-- Is there a cue in [s, e) that is no participle ("Xi called for")?
local function own_cue (A, s, e)
  local C = A.C
  local i, j = cue_range(A, s, e)
  for k = i, j do if not C[k].ing then return true end end
  return false
end

-- A coordinated subject: "Xi and Putin signed ..." (no single speaker).
local function joint (A, m)
  local text = A.text
  if find(text, "^%s+and%s", m.e + 1) then
    local after = tx(text, m.e, m.e + 40)
    if find(after, "^%s+and%s+%u") or find(after, "^%s+and%s+his%s") or find(after, "^%s+and%s+the%s+%l+%s+%l+s%s") then
      return true
    end
  end
  -- "X and he said": a new clause, not a coordination; "Canada and the
  -- European Union vowed"
  if m.lab == "PRON" then return false end
  -- (no string made: "and " or "and the " right before it)
  local a1, a2, a3, a4 = byte(text, m.s - 3, m.s)
  if a4 ~= 32 then return false end
  if not (a1 == 97 and a2 == 110 and a3 == 100) then
    if not (a1 == 116 and a2 == 104 and a3 == 101) then return false end
    local b1, b2, b3 = byte(text, m.s - 7, m.s - 5)
    if not (b1 == 97 and b2 == 110 and b3 == 100) then return false end
  end
  local before = tx(text, math.max(0, m.s - 44), m.s)
  return find(before, "%u[%w\128-\255]*%s+and%s+$") ~= nil or find(before, "%u[%w\128-\255]*%s+and%s+the%s+$") ~= nil
end

local skip_dateline
do
  -- "BEIJING: ..." / "HONG KONG -- ...", "MOBILE, Ala. (AP) — ...", "MOSCOW,
  -- July 16 (TASS) - ...": a dateline is not part of a clause; nor is the
  -- time stamp of a live blog ("14:52 Rescue teams ...").
  local function dash_at (text, p)
    local _, q = find(text, "^%s*%-%-?%s+", p)
    if not q then _, q = find(text, "^%s*\226\128[\147\148]%s*", p) end
    if not q then _, q = find(text, "^:%s+", p) end
    return q
  end
  function skip_dateline (text, s, e)
    -- (a digit, a bracket or two capitals first)
    local b1, b2 = byte(text, s + 1, s + 2)
    if not b1 or not ((b1 >= 48 and b1 <= 57) or b1 == 40 or (b1 >= 65 and b1 <= 90 and b2 and b2 >= 65 and b2 <= 90)) then
      return s
    end
    local lim = math.min(e, s + 90)
    local _, q = find(text, "^%d%d?[:.]%d%d%s*[AaPp]?%.?[Mm]?%.?%s+", s + 1)
    if q then
      if q < lim then return q end
      return s
    end
    _, q = find(text, "^%u[%u%s'%.%-]*%u%.?", s + 1)
    if not q then
      -- "(AP) — ..." (the place was a sentence of its own: "MOBILE, Ala.")
      _, q = find(text, "^%(%u[%w%s%.]*%)", s + 1)
      if not q then return s end
      local d = dash_at(text, q + 1)
      if d and d < lim then return d end
      return s
    end
    if q >= lim then return s end
    -- ", Ala.", ", July 16", ", Gaza Strip"
    local _, q2 = find(text, "^,[ %w%.']+", q + 1)
    if q2 and q2 - q <= 24 then q = q2 end
    -- "(AP)", "(Reuters)"
    _, q2 = find(text, "^%s*%([^%)\n]+%)", q + 1)
    if q2 and q2 - q <= 32 then q = q2 end
    local d = dash_at(text, q + 1)
    if d and d < lim then return d end
    return s
  end
end

local sentence_subject
do
  -- Only a short description before a name: "SOAP favourite Kayla Briggs",
  -- "Former England captain John Terry".
  local function described_start (A, ss, ms)
    if ms - ss > 60 then return false end
    local n = 0
    for w in gmatch(asc(tx(A.text, ss, ms)), "%S+") do
      n = n + 1
      local lw = lower(w)
      if n > 5 or find(w, "[,;:%.!?\"']") or PREP[lw] or NOT_DESC[lw] or SUBJ_PRON0[lw] or GAP_WORD[lw]
         or find(lw, "ed$") or find(lw, "ly$") or find(lw, "ing$") then
        return false
      end
    end
    return true
  end

  -- The subject that opens the sentence starting at ss (before lim): "he",
  -- "she", "The airline", a mention at the start of the clause; nil when
  -- there is none, false for a joint subject ("Xi and Putin").
  function sentence_subject (A, ss, lim)
    local text = A.text
    ss = skip_dateline(text, ss, lim)
    local hs, he = find(text, "^[%s%-*]*[HhSs]h?e%s", ss + 1)
    if hs and he <= math.min(lim, ss + 12) then
      local w = lower(match(tx(text, ss, he), "(%a+)%s$"))
      if w == "he" or w == "she" then
        local ps = he - 1 - #w
        return {s = ps, e = ps + #w, lab = "PRON", g = w == "she" and "f" or "m", text = w}
      end
    end
    local on = orgnom_at(A, ss, lim)
    if on then return on end
    local M = A.M
    local k = last_before(M, ss) + 1
    local kmax = k + 8
    while M[k] and M[k].s < lim and k < kmax do
      local m = M[k]
      if not inq(A, m) and (clause_initial(A, m, ss) or m.lab == "PERSON" and described_start(A, ss, m.s)) then
        local poss = find(asc(tx(text, m.e, m.e + 4)), "^'s")
        if not (poss and m.lab == "PERSON") and not (m.lab == "PLACE" and after_prep(A, m)) then
          if joint(A, m) then return false end
          return admin_of(A, m)
        end
      end
      k = k + 1
    end
    return nil
  end
end

-- A cue that a verb before it shares the subject with: "Briggs has broken
-- her silence - and says", "Ivey urged ... and said", "X, saying".
local function coordinated (text, ss, cs)
  local pre = tx(text, math.max(ss, cs - 40), cs)
  if not find(pre, "and", 1, true) then return false end
  return (find(pre, "[%s,]and%s+$") or find(pre, "^and%s+$") or find(pre, "[%s,]and%s+%a+ly%s+$")
          or find(pre, "[%s,]and%s+then%s+$")) ~= nil
end

-- A modal or "to" right before a cue: "would respond", "to tell".
local AT = {modal = set("would will could can should may might must to")}
function AT.modal_before (text, cs)
  local w = match(tx(text, math.max(0, cs - 12), cs), "(%a+)%s+$")
  return w ~= nil and AT.modal[lower(w)] ~= nil
end

-- Is offset pos inside the clause reported by a cue among C[b1 .. i-1]
-- (speech or tell, no participle, ending before pos)?
function AT.in_reported (A, C, b1, i, pos)
  for k = i - 1, b1, -1 do
    local c0 = C[k]
    if (c0.class == "speech" or c0.class == "tell") and not c0.ing and c0.e <= pos then
      return true
    end
  end
  return false
end

-- Subjects that say who speaks, even when they name nobody.
AT.explicit = {ORGNOM = true, UNNAMED = true, PRON = true, NOM = true}

local function attribute (A, q)
  local text = A.text
  local s1 = sent_at(A, q.os)
  local s2 = s1                    -- unless the next sentence starts in the quote
  local last = math.max(q.os, q.ce - 1)
  local nx = s1 and A.slist.st[s1.i + 1]
  if not s1 or (nx and nx <= last) then s2 = sent_at(A, last) end
  local ss, se = s1 and s1.s or q.pstart, s2 and s2.e or q.pstop
  if se < q.ce then se = q.ce end
  -- '"Did anyone check?" Delaney asked.': the sentence ended with the
  -- quotation; a short one right after it on the same line attributes it
  -- (a question or an exclamation: a statement would end with a comma)
  local lb = q.e > q.s and byte(text, q.e)
  if (lb == 63 or lb == 33) and s2 and s2.e <= q.ce + 1 then
    local nx = A.slist[s2.i + 1]
    if nx and nx.s >= q.ce and nx.s - q.ce <= 2 and nx.e - nx.s <= 80 and only(text, q.ce, nx.s, " ")
       and nwords_in(text, nx.s, nx.e) <= 8 then
      se = nx.e
    end
  end
  q.ss, q.se = ss, se
  local weak                       -- an agency that reports it
  local src                        -- "...", according to X
  local unnamed                    -- "the head of a trade group said ..."
  -- a. a cue right after the quote: "...," he said / said Wang / ", according to X"
  local C = A.C
  local a1, a2 = q.ca, q.ca - 1
  while C[a2 + 1] and C[a2 + 1].s < se do a2 = a2 + 1 end
  if a2 > a1 + 5 then a2 = a1 + 5 end
  local c = a1 <= a2 and C[a1]
  if c and c.s - q.ce > 200 then c = nil end
  if c and c.class ~= "source" then
    local m = subject_before(A, c, q.ce)
    local lead = asc(m and tx(text, q.ce, m.s) or tx(text, q.ce, c.s))
    -- (not the subject of a clause that goes on after the quote: 'it was
    -- "disappointed" that the union had rejected ...')
    if find(lead, "^[%s,;:-]*$") or (m and nwords(lead) <= 4 and not find(undot(lead), "[.!?]")
                                     and not SUBORD[lower(match(lead, "^[%s,;:\"'-]*(%a*)"))]) then
      if not m and only(text, q.ce, c.s, "[%s,]") then m = subject_after(A, c, se) end
      if m then
        local r = attrib(A, m, c)
        if r.name and not r.agency then return r end
        if r.agency then weak = weak or r end
        -- '"...," the union said' with no union named, '"...," officials
        -- said', '"...," he said' with nobody to be he: nobody named (not
        -- the speaker of the quote before)
        if r.none and AT.explicit[m.lab] then return r end
      end
    end
  elseif c and c.class == "source" and only(text, q.ce, c.s, "[%s,]") then
    local m = source_after(A, c, se)
    if m then
      local r = attrib(A, m, c)
      if r.name and not r.agency then src = r end
      if r.agency then weak = weak or r end
    end
  end
  -- b. the nearest cue before the quote in its sentence
  local b2 = q.cb
  local b1 = b2 + 1
  while b1 > 1 and C[b1 - 1].s >= ss and b2 - b1 < 7 do b1 = b1 - 1 end
  for i = b2, b1, -1 do
    c = C[i]
    local cls = c.class
    if cls == "source" then
      local m = source_after(A, c, q.os)
      if m then
        local r = attrib(A, m, c)
        if r.name and not r.agency then return r end
        if r.agency then weak = weak or r end
      end
    elseif cls ~= "adj" or only(text, c.e, q.os, "[%s,:]") then
      local m = cue_subject(A, c, ss, q.os)
      if not m and not c.ing and coordinated(text, ss, c.s) then
        -- "Briggs has broken her silence - and says she is "done hiding""
        m = sentence_subject(A, ss, c.s) or nil
      end
      if m and i > b1 and not inq(A, m) and AT.in_reported(A, C, b1, i, m.s)
         and (cls == "eval" or cls == "adj" or AT.modal_before(text, c.s)) then
        -- 'Trudeau said Ottawa would respond "firmly"', 'the ministry said
        -- Beijing supported "all efforts"': the words of the one who
        -- reports the clause (its cue comes next in this loop)
        m = nil
      elseif m and not inq(A, m) then
        if joint(A, m) then return {cue = c, none = true} end
        local r = attrib(A, m, c)
        if r.name and not r.agency then return r end
        if r.agency then weak = weak or r
        elseif r.none and (cls == "speech" or cls == "tell") and not c.ing then unnamed = unnamed or r end
      elseif (cls == "speech" or cls == "tell") and not c.ing then
        -- "The head of a grain trade group told ...": an unnamed speaker,
        -- unless an earlier cue names one ("Xi said the two sides agreed")
        local la = find(text, "%a", ss + 1)
        if la and la <= c.s and last_byte(text, ss, c.s) ~= 44 then unnamed = unnamed or {cue = c, none = true} end
      end
    end
  end
  if src then return src end
  if unnamed then return unnamed end
  -- c. an attribution later in the sentence: ..., the Chinese leader added.
  for i = a1, a2 do
    c = C[i]
    if c.class ~= "source" and c.class ~= "adj" then
      local m = subject_before(A, c, q.ce)
      if m then
        local lead = asc(tx(text, math.max(q.ce, m.s - 40), m.s))
        if find(undot(lead), "[,\"']%s*[%a%s]-$") then
          local r = attrib(A, m, c)
          if r.name and not r.agency then return r end
          if r.agency then weak = weak or r end
        end
      elseif last_byte(text, q.ce, c.s) == 44 then
        m = subject_after(A, c, se)
        if m then
          local r = attrib(A, m, c)
          if r.name and not r.agency then return r end
        end
      end
    elseif c.class == "source" then
      local m = source_after(A, c, se)
      if m then
        local r = attrib(A, m, c)
        if r.name and not r.agency then return r end
        if r.agency then weak = weak or r end
      end
    end
  end
  -- d. the subject at the start of the sentence (partial quotes)
  -- (found in place: the match must end by min(q.os, ss + 12))
  local hs, he = find(text, "^[%s%-*]*[HhSs]h?e%s", ss + 1)
  if hs and he > math.min(q.os, ss + 12) then hs = nil end
  if hs then
    he = he - ss
    local w = lower(match(tx(text, ss, ss + he), "(%a+)%s$"))
    if w == "he" or w == "she" then
      local ps = ss + he - 1 - #w
      local r = attrib(A, {s = ps, e = ps + #w, lab = "PRON", g = w == "she" and "f" or "m", text = w}, nil)
      if r.name then return r end
    end
  end
  -- "The airline blamed the "needless" strike": the organisation
  local on = orgnom_at(A, ss, q.os)
  if on then
    local r = attrib(A, on, nil)
    if r.name then return r end
  end
  do
    local M = A.M
    local k = q.mi
    if k >= 1 and M[k].s >= ss then k = last_before(M, ss) + 1 else k = k + 1 end
    local kmax = k + 8
    while M[k] and M[k].s < q.os and k < kmax do
      local m = M[k]
      if not inq(A, m) and clause_initial(A, m, ss)
         and not (find(tx(text, m.e, m.e + 4), "^%s*[-:]") and not find(mtext(m), "%l")) then
        local poss = find(asc(tx(text, m.e, m.e + 4)), "^'s")
        if not poss or m.lab ~= "PERSON" then
          if not (m.lab == "PLACE" and after_prep(A, m)) then
            if joint(A, m) then return {none = true} end
            local r = attrib(A, m, nil)
            if r.name and not r.agency then return r end
            if r.agency then weak = weak or r end
            break
          end
        end
      end
      k = k + 1
    end
  end
  if weak then return weak end
  return nil
end

-- {----------------------------------------------------------------------
-- Headlines and section headers: the same words quoted with a speaker
-- -----------------------------------------------------------------------

local STOP = set("the a an of and or to in on for with by at from is are was were be that this it its as")

-- The stems (first four bytes of the words that are not stop words) of s:
-- a set, their number, and the longest one that comes first.
local function stems (s)
  local t, n, key = {}, 0, ""
  for w in gmatch(lower(asc(s)), "[%a\128-\255]+") do
    if not STOP[w] and #w >= 3 then
      local st = sub(w, 1, 4)
      if not t[st] then
        t[st] = true; n = n + 1
        if #st > #key then key = st end
      end
    end
  end
  return t, n, key
end

local function header_like (A, q)
  -- (the title may be longer: "'It's the only home I've ever known': the
  -- last residents of a sinking village")
  local title = q.para == 1
  if q.pstop - q.pstart > (title and 200 or 160) then return false end
  local p = tx(A.text, q.pstart, q.pstop)
  if nwords(p) > (title and 24 or 12) then return false end
  -- no sentence end, inside or outside the marks
  return not find(asc(p), "[.!?]%s*[\"']?%s*$")
end

local function qstems (A, q)
  if not q.stems then q.stems, q.nstems, q.skey = stems(tx(A.text, q.s, q.e)) end
  return q.stems, q.nstems, q.skey
end

local function match_header (A, q, quotes)
  local hs, hn, key = qstems(A, q)
  if hn == 0 then return nil end
  -- the longest stem (the first one of that length: the choice must not
  -- depend on the order of a hash table) must occur in a candidate (a
  -- cheap test first)
  local best, bscore = nil, 0
  for _i = 1, #quotes do local o = quotes[_i]
    local hit = o ~= q and o.r and o.r.name and not o.r.header
    if hit then
      local lt = o.lt                     -- the quote in lower case, made once
      if not lt then lt = lower(sub(A.text, o.s + 1, o.e)); o.lt = lt end
      hit = find(lt, key, 1, true)
    end
    if hit then
      local os_, on = qstems(A, o)
      local common = 0
      for st in pairs(hs) do if os_[st] then common = common + 1 end end
      local score = common / hn + 0.01 * common / math.max(on, 1)
      if common >= math.min(2, hn) and common / hn >= 0.6 and score > bscore then
        best, bscore = o, score
      end
    end
  end
  return best
end

-- {----------------------------------------------------------------------
-- Unmarked and indirect speech
-- -----------------------------------------------------------------------

local function has_first_person (s)
  for w in gmatch(asc(s), "[%a']+") do
    if FIRST[w] then return true end
  end
  return false
end

local FINAL_PUNCT = {[46] = true, [33] = true, [63] = true, [44] = true, [59] = true, [58] = true}   -- . ! ? , ; :
local function strip_final (text, s, e)
  s, e = trim(text, s, e)
  while e > s and FINAL_PUNCT[byte(text, e)] do e = e - 1 end
  return trim(text, s, e)
end

-- The rest of the sentence after an attribution is only a setting
-- ("during their call", "in his speech, where ...", ", according to ...").
local TAIL_LINK = set("according apparently adding saying where while when as without citing who which " ..
  "but although though whereas")
local function attribution_tail (A, from, se)
  if se - from > 300 then return false end
  local rest = tx(A.text, from, se)
  if find(rest, "^%s*[.!?]?%s*$") then return true end
  local w = match(rest, "^[%s,]*([%a']+)")
  if not w then return false end
  w = lower(w)
  -- ", in a sign of how ...", ", on Monday": a setting to the end
  if find(rest, "^%s*,") and (PREP[w] or TIME_START[w]) and nwords(rest) <= 20 then return true end
  -- (a participle after a comma: ", declining to be named")
  if (TAIL_LINK[w] or find(w, "%ling$")) and find(rest, "^%s*,") then return true end
  if not (PREP[w] or TAIL_LINK[w] or TIME_START[w]) then return false end
  -- a short setting, then the end or a link: "during their call.",
  -- "in his speech, where he called ..."
  local head = match(rest, "^([^,]*)")
  if nwords(head) > 6 then return false end
  local after = sub(rest, #head + 1)
  if find(after, "^%s*[.!?]?%s*$") then return true end
  local w2 = match(after, "^,%s*([%a']+)")
  return w2 ~= nil and TAIL_LINK[lower(w2)] ~= nil
end


-- The listener after "told": a mention ("told Putin", "told the Russian
-- press") or listener words ("told reporters", "told his ally"). Returns
-- the offset after it.
local SUBJ_PRON = set("he she it they we i you there")
local function skip_listener (A, c, se)
  local text = A.text
  local o = A.M[c.mj]
  if o and o.e <= se then
    local gap = tx(text, c.e, o.s)
    if find(gap, "^%s*$") or find(gap, "^%s*the%s+$") then return o.e end
  end
  local rest = tx(text, c.e, se)
  local w1, p1, w2, p2 = match(rest, "^%s+([%a']+)()%s+([%a']+)()")
  if not w1 then w1, p1 = match(rest, "^%s+([%a']+)()") end
  if w1 and LISTENER[lower(w1)] and lower(w1) ~= "that" then
    local d = lower(w1)
    if w2 and lower(w2) ~= "that" and (d == "the" or d == "his" or d == "her" or d == "their"
       or d == "its" or d == "a" or d == "an" or d == "state") then
      -- a compound listener ("told the media conference on Tuesday"): a
      -- third word that a preposition or the end of the clause follows
      local w3, p3 = match(rest, "^%s+(%l+)()", p2)
      if w3 and w3 ~= "that" and not SUBJ_PRON[w3] and not PP_WORD[w3] then
        local nx = match(rest, "^%s*([%a']*)", p3)
        if find(rest, "^%s*[,.;:!?]", p3) or p3 > #rest or (nx and PP_WORD[lower(nx)]) then
          return c.e + p3 - 1
        end
      end
      return c.e + p2 - 1
    end
    return c.e + p1 - 1
  end
  return c.e
end

-- The start of the clause reported after a cue ending at from: after
-- "that" ("said on Wednesday that", "told Putin that"), or, for "say" and
-- "add", right after the verb and its time words ("said Wednesday it
-- was"). nil: no reported clause.
local TIME_NEXT = set("on today yesterday earlier later monday tuesday wednesday thursday friday saturday sunday")
-- "said last week it", "said this month the": a time; "said about 180,000
-- customers were": a number, not a topic
local NEXT_WORDS = {det = set("last this next"), approx = set("about over around"),
  place = set("outside inside near"),
  number = set("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty " ..
               "fifty sixty hundred hundreds thousand thousands million millions billion half"),
  period = set("week month year weekend night morning evening afternoon summer winter spring autumn fall")}


local function clause_start (A, c, from, se, listener)
  local text = A.text
  local lim = from + 100
  if lim > se then lim = se end
  local rest = tx(text, from, lim)
  -- "that" right away, or after a short time or place phrase ("said on
  -- Wednesday that", "said in a statement that"), or after the listener
  -- ("told Putin that")
  local first = match(rest, "^%s*([%a']+)")
  if not first then
    -- "says 112 people have been"
    if find(rest, "^%s*%d") then first = "" end
  end
  if not first then
    if c.class ~= "tell" then return nil end
    first = ""
  end
  local lf = lower(first)
  if lf == "that" then
    -- (any case: "said That", "SAID THAT"; a lower-case pattern found no
    -- end there and the rule failed on the document)
    local _, e = find(rest, "^%s*[Tt][Hh][Aa][Tt]")
    return from + e
  end
  if TIME_START[lf] or NEXT_WORDS.place[lf] or c.class == "tell" then
    local n = 0
    for p, w in gmatch(rest, "()(%S+)") do
      n = n + 1
      if n > 8 then break end
      local lw = lower(w)
      if lw == "that" then return from + p + 3 end
      if SUBJ_PRON[lw] or find(w, "[.;:!?]$") then break end
    end
  end
  if not (c.zero or listener) then return nil end
  -- "said Wednesday it was", "added the talks were", "told reporters the"
  local p, w = match(rest, "^%s*()(%S+)")
  local skipped = 0
  while w and skipped < 3 do
    local a = lower(gsub(w, "[,.;:!?]+$", ""))
    if NEXT_WORDS.det[a] and w == a then
      -- "said last week it would", "said this month the bank"
      local p2, w2 = match(rest, "^%s+()(%S+)", p + #w)
      local a2 = w2 and lower(gsub(w2, "[,.;:!?]+$", ""))
      if not (a2 and NEXT_WORDS.period[a2]) then break end
      p, w = p2, w2
      a = a2
    elseif not (TIME_NEXT[a]) then break end
    if find(w, "[,.;:!?]$") and a ~= "on" then return nil end
    skipped = skipped + 1
    p, w = match(rest, "^%s+()(%S+)", p + #w)
  end
  if not w then return nil end
  local a = lower(gsub(w, "[,.;:!?]+$", ""))
  if BAD_START[a] and not (NEXT_WORDS.approx[a] and (find(rest, "^%s+[%$\194\226]?%d", p + #w)
                                                   or NEXT_WORDS.number[match(rest, "^%s+(%a+)", p + #w) or ""]))
     or find(asc(sub(w, 1, 3)), "^[\"']") or find(w, "[,:;.]$") then
    return nil
  end
  return from + p - 1
end

local link_cut
do
  -- The end of a reported clause before ", while ...", ", whereas ...",
  -- ", as ..." or "; ..." (a comma and a closing mark before "while" stay
  -- with it). Found in place, from comma to comma: no string made.
  local LINK_PATS = {{"^,%s+while%s", 0}, {"^,%s+whereas%s", 0}, {"^,%s+as%s", 0},
                     {"^,[\"']%s+while%s", 2}, {"^,\226\128[\157\153]%s+while%s", 4}}
  function link_cut (text, s0, e0)
    if e0 - s0 < 20 then return e0 end
    -- (a semicolon, else the commas one by one: plain searches)
    local sc = find(text, ";", s0 + 1, true)
    local lim = (sc and sc <= e0) and sc or e0
    local p = find(text, ",", s0 + 1, true)
    while p and p <= lim do
      for i = 1, #LINK_PATS do
        local lp = LINK_PATS[i]
        if find(text, lp[1], p) then return p - 1 + lp[2] end
      end
      p = find(text, ",", p + 1, true)
    end
    if lim < e0 and find(text, "^;%s", lim) then return lim - 1 end
    return e0
  end
end


local function find_indirect (A, out)
  local text = A.text
  local covered = {}
  local function overlaps (s, e)
    for _i = 1, #covered do local r = covered[_i] if s < r[2] and e > r[1] then return true end end
    return false
  end
  local function add (kind, s, e, r, c)
    s = skip_dateline(text, s, e)
    if e - s < 8 or overlaps(s, e) then return end
    covered[#covered + 1] = {s, e}
    out[#out + 1] = {kind = kind, s = s, e = e, r = r, cue = c}
  end
  for _i = 1, #A.C do local c = A.C[_i]
    local cls = c.class
    -- (a participle after a comma reports for the subject of its clause:
    -- "X defended the plan, saying the measures were needed")
    local part = c.ing and (cls == "speech" or cls == "tell") and c.s > 0 and byte(text, c.s - 1) == 44
    if (cls == "speech" or cls == "tell" or cls == "source") and (not c.ing or part) then
      local sr = sent_at(A, c.s)
      local ss, se = sr.s, sr.e
      if cls == "source" then
        local m = source_after(A, c, se)
        local r = m and attrib(A, m, c)
        if r and r.name then
          if only(text, ss, c.s, "%s") then
            -- "According to X, CLAUSE."
            local comma = find(text, ",", m.e + 1, true)
            if comma and comma - 1 < se then
              local s, e = strip_final(text, comma, se)
              if quotes_inside(A, s, e) then add("indirect", s, e, r, c) end
            end
          elseif last_byte(text, ss, c.s) == 44 then
            -- "CLAUSE, according to X."
            local s, e = strip_final(text, ss, c.s)
            if quotes_inside(A, s, e) and ncues(A, s, e) == 0 then add("indirect", s, e, r, c) end
          end
        end
      else
        -- (a quotation before the cue: only "CLAUSE, X said" with the
        -- quotation inside the clause)
        local hq = has_quote(A, ss, c.s)
        local fwd_only = false
        local s0pre = false           -- (the clause after the verb, when found first)
        -- (a sentence that opens with a quotation: '"...," he said')
        if hq then
          local w0 = find(text, "%S", ss + 1)
          if w0 and masked(A, w0 - 1) then goto next_cue end
          -- (and a comma after the last quotation, near the cue: "CLAUSE
          -- "...", X said"; the rest of the sentence only a setting)
          local R = A.regions
          local qe = R.en[bisect(R.st, c.s)]
          if c.s - qe > 100 or not ((find(text, ",", qe - 4, true) or 1e9) <= c.s)
             or cls ~= "tell" and not attribution_tail(A, c.e, se) then
            -- else only "X said CLAUSE" after it: 'Paul said he opposed
            -- tariffs "as a matter of principle," while Graham said he ...'
            -- (the clause first: the cheap test)
            fwd_only = true
            if cls ~= "tell" then
              s0pre = clause_start(A, c, c.e, se, false)
              if not s0pre then goto next_cue end
            end
          end
        end
        local m
        if part then
          -- (the clause first: the cheap test)
          if cls ~= "tell" then
            s0pre = clause_start(A, c, c.e, se, false)
            if not s0pre then goto next_cue end
          end
          -- (not an aside before the verb: "Peskov, commenting on the
          -- talks, told reporters")
          local C = A.C
          for k = _i + 1, math.min(#C, _i + 4) do
            local c2 = C[k]
            if c2.s >= se then break end
            if not c2.ing and (c2.class == "speech" or c2.class == "tell") and last_byte(text, c.e, c2.s) == 44 then
              goto next_cue
            end
          end
          -- the subject of the cue before it ("the ministry said, adding
          -- that"), else of the sentence
          fwd_only = true
          local C = A.C
          for k = _i - 1, math.max(1, _i - 4), -1 do
            local c0 = C[k]
            if c0.s < ss then break end
            if not c0.ing and (c0.class == "speech" or c0.class == "tell") then
              m = cue_subject(A, c0, ss, c0.s)
              break
            end
          end
          if not m then m = sentence_subject(A, ss, c.s) or nil end
        else
          m = subject_before(A, c, ss)
          if not m and coordinated(text, ss, c.s) then
            -- "Ivey urged residents to "heed every warning" and said the state had"
            m = sentence_subject(A, ss, c.s) or nil
            if m then fwd_only = true end
          end
        end
        local inverted = false
        if not m and not part and last_byte(text, ss, c.s) == 44 then
          m = subject_after(A, c, se)
          inverted = m ~= nil
        end
        local r = m and not inq(A, m) and not joint(A, m) and attrib(A, m, c)
        -- (reported speech of someone unnamed is reported speech too:
        -- "..., officials said", "The economy ministry said ...")
        -- (not a generic "experts say")
        if r and (r.name or r.none and (m.lab == "UNNAMED" and not find(tx(text, c.s, c.e), "^[Ss]ay$")
                                        or m.lab == "ORGNOM")) then
          local subj_s = inverted and c.s or m.s
          local pfrom = subj_s - 80
          if pfrom < ss then pfrom = ss end
          local pre = tx(text, pfrom, subj_s)
          local tail_from = inverted and m.e or c.e
          local listener = false
          if cls == "tell" and not inverted then
            tail_from = skip_listener(A, c, se)
            listener = tail_from > c.e
          end
          -- the comma before the subject, or a comma and a closing mark
          -- ('it was "a fair offer," the airline said': the clause keeps
          -- the mark and what it holds)
          local cpos, mk = match(pre, "(),([\"']?)%s*[%a%s]-$")
          if not cpos then cpos, mk = match(pre, "(),(\226\128[\157\153])%s*[%a%s]-$") end
          if cpos and inverted and not find(pre, "^%s*$", cpos + 1 + #mk) then cpos = nil end
          if fwd_only then cpos = nil end
          if cpos then
            -- (not a clause of its own: "..., as Canada and the EU vowed to")
            local w1 = match(pre, "^%s*(%a+)", cpos + 1 + #mk)
            if w1 and (SUBORD[lower(w1)] or lower(w1) == "and" or lower(w1) == "but" or lower(w1) == "or") then cpos = nil end
          end
          if cpos and find(pre, "%a") and not inverted
                 and not find(tx(text, m.e, c.s), ",") and attribution_tail(A, tail_from, se)
                 or cpos and inverted and attribution_tail(A, tail_from, se) then
            -- CLAUSE, X said.
            local comma = pfrom + cpos - 1
            if mk ~= "" then comma = comma + 1 + #mk end
            local s, e = strip_final(text, ss, comma)
            -- (a news agency reporting a clause with a speaker of its own
            -- - "X called for ..., Xinhua reported" - is not its speaker)
            if e - s <= 1500 and quotes_inside(A, s, e) and nwords_in(text, s, e) >= 4
               and not (r.agency and own_cue(A, s, e)) then
              -- first person: extend back over plain sentences of the paragraph
              -- (not over a clause with quotation marks: its writer marks
              -- what the speaker said)
              local ps = para_at(A, c.s).s
              local ext = s
              local j = sr.i - 1
              local hq2 = has_quote(A, s, e)
              while not hq2 and j >= 1 and sr.i - j <= 3 do
                local pr = range_i(A, "sent", j)
                if not pr or pr.s < ps or has_quote(A, pr.s, pr.e) or ncues(A, pr.s, pr.e) > 0 then break end
                ext = pr.s
                j = j - 1
              end
              -- (the words of the speaker's own outside the quotations)
              local own = tx(text, ext, e)
              if hq2 then
                local R = A.regions
                own = tx(text, ext, s)
                local p = s
                for k = bisect(R.st, s) + 1, bisect(R.st, e) do
                  own = own .. " " .. tx(text, p, R.st[k])
                  p = R.en[k]
                end
                own = own .. " " .. tx(text, p, e)
              end
              if has_first_person(own) then
                add("unmarked", ext, e, r, c)
              else
                add("indirect", s, e, r, c)
              end
              -- plain sentences after it in the paragraph, in the first
              -- person, go on with the speaker's words: "..., he says. In
              -- some winters it is ten. We can slow it down, but ..."
              if r.name then
                local pe = para_at(A, c.s).e
                local j, fs, fe = sr.i + 1, nil, nil
                while j - sr.i <= 3 do
                  local nr = range_i(A, "sent", j)
                  if not nr or nr.s >= pe or has_quote(A, nr.s, nr.e) or ncues(A, nr.s, nr.e) > 0 then break end
                  fs = fs or nr.s
                  fe = nr.e
                  j = j + 1
                end
                if fs and has_first_person(tx(text, fs, fe)) then
                  local s2, e2 = strip_final(text, fs, fe)
                  add("unmarked", s2, e2, r, c)
                end
              end
            end
          elseif not inverted and (not hq or fwd_only) then
            -- X said (that) CLAUSE
            local s0
            if s0pre and tail_from == c.e and not listener then s0 = s0pre
            else s0 = clause_start(A, c, tail_from, se, listener) end
            if s0 and se - s0 <= 1500 then
              -- the clause ends at the sentence end or at a trailing source
              -- or participle (", according to ...", ", saying ...")
              local e0 = se
              local C = A.C
              local i1, i2 = cue_range(A, s0, se)
              for i = i1, math.min(i2, i1 + 9) do
                local c2 = C[i]
                if last_byte(text, s0, c2.s) == 44 and (c2.class == "source" or c2.ing) then e0 = c2.s; break end
              end
              -- or at a clause of its own: ", while Graham said ..."
              e0 = link_cut(text, s0, e0)
              local s, e = strip_final(text, s0, e0)
              -- a setting after the clause is not what was said: "...,
              -- during a trip to Beijing", "..., in a sharp reversal"
              local tail = tx(text, math.max(s, e - 70), e)
              local cpos, w = match(tail, "(),%s*(%a+)[^,]*$")
              if cpos and (PREP[lower(w)] or w == "amid" or w == "while") and nwords(sub(tail, cpos)) <= 9 then
                e = e - (#tail - cpos + 1)
              end
              local first = asc(sub(text, s + 1, s + 3))
              if e > s and not find(first, "^[\"']") and quotes_inside(A, s, e) and nwords_in(text, s, e) >= 3 then
                add("indirect", s, e, r, c)
              end
            end
          end
        end
      end
    end
    ::next_cue::
  end
end

-- {----------------------------------------------------------------------
-- The whole document
-- -----------------------------------------------------------------------

local EMPTY = {direct = {}, unmarked = {}, indirect = {}}

local find_qa
do
  -- An interview in questions and answers: paragraphs that open with "A:"
  -- (or "A.") after one that opens with "Q:" are the words of the one
  -- interviewed, unmarked: the person named most often before the first
  -- question. Returns the records of the answers.
  local QA_NONE = {}
  function find_qa (A)
    local text = A.text
    local q1 = A.qa1            -- (found with the cues)
    if not q1 then return QA_NONE end
    local P = A.plist
    if not P then P = ranges(A.doc, "paragraphs"); A.plist = P end
    -- the one interviewed
    local M = A.M
    local count, best, bn = {}, nil, 0
    for i = 1, #M do
      local m = M[i]
      if m.s >= q1 then break end
      if m.lab == "PERSON" and not inq(A, m) then
        local name = resolve(A, m)
        if name then
          local n = (count[name] or 0) + 1
          count[name] = n
          if n > bn then best, bn = m, n end
        end
      end
    end
    if not best then return QA_NONE end
    local r = {name = resolve(A, best), m = best}
    local out = {}
    local prevq = false
    for i = bisect(P.st, q1), #P.st do
      local pr = P[i]
      if pr then
        local qm = find(text, "^%s*Q[:.]%s", pr.s + 1)
        local am = not qm and select(2, find(text, "^%s*A[:.]%s+", pr.s + 1))
        if am and prevq then
          local s, e = strip_final(text, am, pr.e)
          if e - s >= 2 then out[#out + 1] = {kind = "unmarked", s = s, e = e, r = r, para = pr.i} end
        end
        if qm then prevq = true elseif not am then prevq = false end
      end
    end
    return out
  end
end

local function analyse (doc)
  local text = doc.text
  local A = {doc = doc, text = text}
  local quotes = quotations(A)
  local cues = CUE_GAZ:offsets(doc)
  if #quotes == 0 and #cues == 0 then return EMPTY end
  TEXT = text
  -- quotation regions (marks included) for masking
  local Rst, Ren = {}, {}
  for _i = 1, #quotes do local q = quotes[_i] Rst[_i] = q.os; Ren[_i] = q.ce end
  A.regions = {st = Rst, en = Ren}
  -- cues outside quotations
  local C, Cst, H = {}, {}, {}
  C.st = Cst
  local hb = -1000                 -- (the latest head word before a cue)
  local ri = 1
  for i = 1, #cues, 3 do
    local cs = cues[i]
    while Ren[ri] and Ren[ri] <= cs do ri = ri + 1 end
    if not (Rst[ri] and Rst[ri] <= cs) then
      local info = CUE_BY_ID[cues[i + 2]]
      local icls = info and info.class
      if icls == "head" then
        H[#H + 1] = cs
        hb = cs
      elseif icls == "qa" then
        -- "Q:" opening a paragraph
        if not A.qa1 and (cs == 0 or byte(text, cs) == 10) and find(text, "^[:.]%s", cs + 2) then A.qa1 = cs + 1 end
      elseif info then
        local ce = cues[i + 1]
        local n = #C + 1
        -- (with room for the links and the memo of subject_before)
        C[n] = {s = cs, e = ce, class = info.class, zero = info.zero, ing = info.ing,
                mi = 0, mj = 0, sb_lo = false, sb_strict = false, sb = false, hb = hb}
        Cst[n] = cs
      end
    end
  end
  A.C = C
  A.heads = H
  A.M = collect_mentions(A)
  -- links between the sorted lists, in linear passes: for each cue the
  -- mentions around it; for each quote the cues and mentions around it
  local M = A.M
  local Mst, nm = M.st, #M
  local mi = 0
  for _i = 1, #C do local c = C[_i]
    local cs, ce = c.s, c.e
    while mi < nm and Mst[mi + 1] < cs do mi = mi + 1 end
    c.mi = mi
    local mj = mi + 1
    while mj <= nm and Mst[mj] < ce do mj = mj + 1 end
    c.mj = mj
  end
  local ci, cj, nc = 0, 1, #C
  mi = 0
  for _i = 1, #quotes do local q = quotes[_i]
    local os, ce = q.os, q.ce
    while ci < nc and Cst[ci + 1] < os do ci = ci + 1 end
    q.cb = ci
    while cj <= nc and Cst[cj] < ce do cj = cj + 1 end
    q.ca = cj
    while mi < nm and Mst[mi + 1] < os do mi = mi + 1 end
    q.mi = mi
  end
  -- (whether a mention is inside a quotation is found when first asked:
  -- see inq)
  A.spoken = {st = {}}
  -- attribute every quote, in order (continuations and standalone quotes
  -- look back at the previous one)
  local prev
  for qi = 1, #quotes do local q = quotes[qi]
    local r = attribute(A, q)
    if not (r and r.name) then
      local para_open = only(text, q.pstart, q.os, "[%s%-%*\226\128\162]")
      if prev and prev.open and prev.para == q.para - 1 and para_open and prev.r and prev.r.name then
        -- the paragraph continues the quote left open in the previous one
        r = prev.r
      elseif header_like(A, q) and not (r and r.cue) then
        q.header = true
      elseif not (r and r.cue) and prev and prev.r and prev.r.name and (prev.para >= q.para - 1)
             and only(text, q.ss, q.os, "[%s%-%*\226\128\162]") then
        -- a whole-sentence quote after another one: same speaker
        r = prev.r
      elseif not (r and r.cue) and only(text, q.ss, q.os, "[%s%-%*\226\128\162]") then
        local cur = sent_at(A, q.ss)
        local ps = cur and cur.i > 1 and range_i(A, "sent", cur.i - 1)
        if ps and find(tx(text, ps.s, ps.e), ":%s*$") then
          -- the previous sentence introduces it: 'Xi said:'
          local cs = cues_in(A, ps.s, ps.e)
          for i = #cs, 1, -1 do
            local m = cue_subject(A, cs[i], ps.s, ps.e)
            if m then r = attrib(A, m, cs[i]); break end
          end
        elseif ps and ps.s >= q.pstart and not has_quote(A, ps.s, ps.e) then
          -- 'Johnson was unrepentant. "I did nothing wrong."': the person
          -- the previous sentence of the paragraph is about
          local M = A.M
          local k = last_before(M, ps.s) + 1
          while M[k] and M[k].s < ps.e do
            local m = M[k]
            if clause_initial(A, m, ps.s) then
              if is_person(m) and not joint(A, m) then
                local r2 = attrib(A, m, nil)
                if r2.name then r = r2 end
              end
              break
            end
            k = k + 1
          end
        end
      end
    end
    q.r = r
    if prev and prev.open and prev.para == q.para - 1
       and only(text, q.pstart, q.os, "[%s%-%*\226\128\162]") then
      q.cprev = prev
    end
    if r and r.name then
      -- a quote over paragraphs attributed at its end ('"...' / '"...," he
      -- said.'): its earlier parts that name nobody too
      local p = q.cprev
      while p and not (p.r and (p.r.name or p.r.cue)) do p.r = r; p = p.cprev end
    end
    prev = q
    if r and r.name then
      local via = r.via or r.m
      local S = A.spoken
      local n = #S + 1
      S[n] = {s = q.os, e = q.ce, name = r.name, m = via,
              person = via and is_person(via), g = via and gender(via)}
      S.st[n] = q.os
    end
  end
  -- the answers of an interview ("Q: ..." / "A: ...")
  local qa = find_qa(A)
  -- headers: at most a few per document, matched against the quotes
  -- that have a speaker
  local named, nh = {}, 0
  for _i = 1, #quotes do local q = quotes[_i]
    if q.r and q.r.name and not q.r.header then named[#named + 1] = q end
  end
  for _i = 1, #qa do named[#named + 1] = qa[_i] end
  for _i = 1, #quotes do local q = quotes[_i]
    if q.header and #named > 0 and nh < 20 then
      nh = nh + 1
      local o = match_header(A, q, named)
      if o then q.r = {name = o.r.name, m = o.r.m, via = o.r.via, cue = o.r.cue, header = true} end
    end
  end
  local res = {direct = {}, unmarked = {}, indirect = {}, A = A}
  for _i = 1, #quotes do local q = quotes[_i]
    local r = q.r
    local keep = true
    -- (the words counted only where they matter)
    local named = r and r.name
    local sc = byte(text, q.os - 1) == 100
    if not named or sc then
      local nw = nwords_in(text, q.s, q.e)
      if not named then
        -- a word or a title in quotation marks that nobody says (but one an
        -- unnamed source says: 'a pal insisted the split was "mutual"')
        if nw <= 1 and not (r and r.unnamed) then keep = false end
        if nw >= 2 and not find(tx(text, q.s, q.e), "%f[%a]%l") then keep = false end
      end
      -- a term: 'the so-called "peace formula"'
      if sc and nw <= 4 and find(tx(text, math.max(0, q.os - 12), q.os), "so%-called%s*$") then keep = false end
    end
    -- (the quote record itself: run reads s, e, r and para)
    if keep then res.direct[#res.direct + 1] = q end
  end
  for _i = 1, #qa do res.unmarked[#res.unmarked + 1] = qa[_i] end
  local ind = {}
  find_indirect(A, ind)
  for _i = 1, #ind do local x = ind[_i]
    local list = x.kind == "unmarked" and res.unmarked or res.indirect
    x.r = x.r or {}
    x.r.cue = x.r.cue or x.cue
    list[#list + 1] = x
  end
  return res
end

-- One analysis per document, shared by the three rules below and
-- forgotten after the phase (a document may be run again, e.g. in the REPL).
local last_doc, last_res
local function analysis (doc)
  if last_doc ~= doc then
    last_res = analyse(doc)
    last_doc = doc
  end
  return last_res
end

-- The spans of one kind, added in C from columns (lore.rules.add, or
-- doc:add per span where lore.rules is out of reach): the
-- rules add them themselves rather than return matches to an action,
-- which saves a Lua call and two tables per quote.
local RID = {}                   -- kind -> rule id
local NONE = {}
local NO_R = {}

local function run (doc, kind)
  local res = analysis(doc)
  local list = res[kind]
  local n = #list
  if n == 0 then return NONE end
  local A = res.A
  local st, sp, spk, ss, se, cue, mk, par = {}, {}, {}, {}, {}, {}, {}, {}
  local marked = kind == "direct"
  for i = 1, n do local x = list[i]
    local r = x.r or NO_R
    local m = r.m or r.via           -- the mention in the attribution
    local name = r.name
    st[i], sp[i] = x.s, x.e
    spk[i] = name or NULL
    if name and m then ss[i], se[i] = m.s, m.e end
    local c = r.cue
    if c then cue[i] = sub(A.text, c.s + 1, c.e) end
    mk[i] = marked
    par[i] = x.para or para_at(A, x.s).i
  end
  add_spans(doc, "quotes", {n = n, start = st, stop = sp, label = kind, priority = 0,
                            rule = RID[kind],
                            attrs = {speaker = spk, speaker_start = ss, speaker_end = se,
                                     cue = cue, marked = mk, paragraph = par}})
  return NONE
end


-- {======================================================================
-- Rules
-- =======================================================================

RID.direct = rule {
  name = "direct",
  layer = "quotes",
  match = function (doc) return run(doc, "direct") end,
  examples = {
    -- a cue after the quote; straight and typographic marks
    {'"We will not back down," Chancellor Olaf Scholz said on Friday.',
     {"We will not back down,", label = "direct", speaker = "Olaf Scholz", cue = "said", marked = true}},
    {"“Prices will fall,” said Finance Minister Jane Doe.",
     {"Prices will fall,", label = "direct", speaker = "Jane Doe", cue = "said"}},
    -- a description before the name after the cue; "X analysts told"
    {"“Demand will recover,” predicts research firm Harbour Metrics.\n\nJohn Smith spoke later.",
     {"Demand will recover,", label = "direct", speaker = "Harbour Metrics"}},
    {"“Rates will stay high,” Norland analysts told clients in a note.",
     {"Rates will stay high,", label = "direct", speaker = "Norland"}},
    -- a surname alone: the full name found earlier in the text
    {"“Hiring is strong,” said Paul Verhoek, an economist. “Wages lag,” Verhoek said.",
     {"Wages lag,", label = "direct", speaker = "Paul Verhoek"}},
    -- initials and abbreviated titles end no sentence; "at the WHO" is a setting
    {'"We need calm," U.S. Ambassador Tom Reyes said.',
     {"We need calm,", label = "direct", speaker = "Tom Reyes"}},
    {'"The wards are full," Dr. Lena Ortiz, a surgeon at the Red Cross, told reporters.',
     {"The wards are full,", label = "direct", speaker = "Lena Ortiz"}},
    -- a name no layer marked: not the place after "for", not the title before it
    {'"Flu is back," Dirk Kluge, WHO regional director for Asia, said in a statement.',
     {"Flu is back,", label = "direct", speaker = "Dirk Kluge"}},
    {'Space Agency Administrator Lucia Ferro called the launch "a clean start".',
     {"a clean start", label = "direct", speaker = "Lucia Ferro"}},
    -- a place right after a given name is a surname
    {'"Funding has dried up," said Rosa Lima of the farmers\' cooperative.',
     {"Funding has dried up,", label = "direct", speaker = "Rosa Lima"}},
    -- a quote over two paragraphs attributed only at its end
    {"“We face pressure on care.\n\n“We will find the money,” Chancellor Jane Doe said.",
     {"We face pressure on care.", label = "direct", speaker = "Jane Doe"},
     {"We will find the money,", label = "direct", speaker = "Jane Doe"}},
    {"«Nous resterons», a dit Marie Curie. Later, Jean Valjean told reporters: «Il faut agir vite.»",
     {"Il faut agir vite.", label = "direct", speaker = "Jean Valjean", cue = "told"}},
    -- a cue before it; an interrupted quote is two spans, one speaker
    {'Angela Merkel said: "The talks were hard." Then: "We agreed."',
     {"The talks were hard.", label = "direct", speaker = "Angela Merkel"}},
    {'President Joseph Mensah said in a statement: "The port will reopen."',
     {"The port will reopen.", speaker = "Joseph Mensah", cue = "said"}},
    {'"The border is closed," he said, "until further notice." Asked why, Kamala Harris said nothing.\nPrime Minister Rishi Sunak arrived. "It is a disgrace," he said, "and we will act."',
     {"It is a disgrace,", speaker = "Rishi Sunak", cue = "said"},
     {"and we will act.", speaker = "Rishi Sunak"}},
    -- nested quotes stay inside the outer one; apostrophes are not marks
    {"Senator Maria Lopez said: \"They called it 'a reform' but it's a tax.\" The farmers' union agreed.",
     {"They called it 'a reform' but it's a tax.", speaker = "Maria Lopez"}},
    -- a single mark closed by a double one does not swallow the article
    {"The two leaders spoke of 'lasting friendship.\" Then talks began.\nPresident Joana da Costa said \"we are ready\".",
     {"lasting friendship.", label = "direct"},
     {"we are ready", speaker = "Joana da Costa"}},
    -- partial quotes in reported speech; one-word quotes
    {'Nasser Bourita said his country rejected "any interference" and called the plan a "farce".',
     {"any interference", speaker = "Nasser Bourita"}, {"farce", speaker = "Nasser Bourita"}},
    -- the subject of the sentence; a participle takes the main subject
    {'Javier Milei met his "dear friend" Elon Musk on Monday, hailing him as a "genius".',
     {"dear friend", speaker = "Javier Milei"}, {"genius", speaker = "Javier Milei"}},
    -- pronouns: the latest compatible person; gender from the pronoun
    {'Giorgia Meloni met Olaf Scholz in Rome. "Europe must act together," she said.',
     {"Europe must act together,", speaker = "Giorgia Meloni"}},
    {'Kenyan President William Ruto visited Paris on Tuesday.\nIn his talks with Emmanuel Macron, he stressed the need for "fair trade".',
     {"fair trade", speaker = "William Ruto", cue = "stressed"}},
    -- an unnamed speaker in the sentence before: "she" is not the latest name
    {'Sarah Moss, the chief executive, said profits rose. The bank\'s head of risk said losses were small. "We saw this coming," she said.',
     {"We saw this coming,", label = "direct", speaker = lore.json.null}},
    -- "could be heard telling": the subject of the participle
    {'Prosecutors played a call in which Ray Dunmore could be heard telling an aide: "Delete the files."',
     {"Delete the files.", label = "direct", speaker = "Ray Dunmore"}},
    -- titles: "the Kenyan leader" is the latest Kenyan person mentioned
    {'Kenyan President William Ruto met Emmanuel Macron. "We are partners," the Kenyan leader said.',
     {"We are partners,", speaker = "William Ruto"}},
    -- "the judge": the person described as one; "the Norwegian", "the
    -- 29-year-old": the one described so, else the latest person
    {'Judge Helen Ward sentenced Peter Hale on Friday. "This was cruel," the judge said.',
     {"This was cruel,", label = "direct", speaker = "Helen Ward"}},
    {'Coach John Marek watched as Peter Berg scored twice. "We deserved it," the Norwegian said.',
     {"We deserved it,", label = "direct", speaker = "Peter Berg"}},
    {'Anna Quinn, 29, beat Maria Lind in the final. "My legs were gone," the 29-year-old said.',
     {"My legs were gone,", label = "direct", speaker = "Anna Quinn"}},
    -- organisations; "according to"; an agency reporting someone else's words is not the speaker
    {'The Kremlin said the talks were "constructive". Narendra Modi called for "restraint", Reuters reported.',
     {"constructive", speaker = "Kremlin"}, {"restraint", speaker = "Narendra Modi"}},
    {'"Trade will double," Lee Hsien Loong said, according to Bernama.',
     {"Trade will double,", speaker = "Lee Hsien Loong"}},
    {'Trade "will double by 2030", according to the Ministry of Trade.',
     {"will double by 2030", speaker = "Ministry of Trade"}},
    -- an aside or a relative clause between subject and verb
    {'Brazil, which hosts the summit this year, has called for an "immediate truce".\nThe envoy met Premier Ana Ferreira - the country\'s top official - who said talks were "useful".',
     {"immediate truce", speaker = "Brazil"}, {"useful", speaker = "Ana Ferreira"}},
    -- attribution at the end of the sentence covers every quote in it
    {'The plan includes "more schools" as well as "better roads", the Nigerian minister Bola Tinubu added.',
     {"more schools", speaker = "Bola Tinubu"}, {"better roads", speaker = "Bola Tinubu"}},
    -- a quote left open continues into the next paragraph that opens with a mark
    {'"We will rebuild the port," said Mayor Ada Obi. "It will take years.\n"But we will not give up."\nThe council met later.',
     {"It will take years.", speaker = "Ada Obi"}, {"But we will not give up.", speaker = "Ada Obi"}},
    -- a whole-sentence quote after another one keeps the speaker
    {'"Costs are rising," Rachel Reeves told MPs.\n"We have a plan."',
     {"We have a plan.", speaker = "Rachel Reeves"}},
    -- a whole-sentence quote after a sentence about someone
    {'Governor Ada Obi was unrepentant. "I did nothing wrong." The council disagreed.',
     {"I did nothing wrong.", speaker = "Ada Obi"}},
    -- German marks; a name no layer knows; "according to a statement from"
    {"Parteichef Lars Klingbeil nannte es „einen Fehler“ am Montag.",
     {"einen Fehler", label = "direct"}},
    {'Ilse Moreau, who leads the party\'s lawmakers, said she was "ready" for the vote.',
     {"ready", speaker = "Ilse Moreau"}},
    {'"Safety is our priority," according to a statement from the Harbour Relief Trust.',
     {"Safety is our priority,", speaker = "Harbour Relief Trust", cue = "according to"}},
    -- a headline quote whose words are quoted later with a speaker
    {"Ruto: 'No more loans'\nKenyan President William Ruto on Monday said the country wanted \"no more loans from anyone\".",
     {"No more loans", speaker = "William Ruto"}},
    -- an organisation named by a common noun: the one named before whose
    -- name or kind fits ("the airline" -> ... Airways, "the bank" -> a
    -- bank, "the agency" -> an Administration rather than the news agency
    -- of the dateline); "it" after a sentence about it; "said the
    -- company"; none that fits: nobody, not the last speaker
    {'Harbour Airways cancelled 40 flights. The airline blamed the "needless" strike.',
     {"needless", label = "direct", speaker = "Harbour Airways"}},
    {'Goldman Sachs cut its forecast. "Supply is tight," the bank said in a note.',
     {"Supply is tight,", label = "direct", speaker = "Goldman Sachs"}},
    {'Brightwave Inc reported a loss. "We regret the delay," said the company.',
     {"We regret the delay,", label = "direct", speaker = "Brightwave Inc"}},
    {'Jo Reed, the chief executive, defended the offer. "We will strike," the union said.',
     {"We will strike,", label = "direct", speaker = lore.json.null}},
    {'Hamas fighters crossed the border. Later the company said it would "never accept" the terms.',
     {"never accept", label = "direct", speaker = lore.json.null}},
    -- a clause after the quote is not its attribution ('that the union had rejected')
    {'Harbour Airways said it was "dismayed" that the pilots\' union had rejected its offer.',
     {"dismayed", label = "direct", speaker = "Harbour Airways"}},
    -- "analysts at X said": X
    {'Analysts at Norland Bank said the cuts were "overdue".',
     {"overdue", label = "direct", speaker = "Norland Bank"}},
    -- a quoted phrase nobody says: kept with speaker null when several words
    {'The two sides signed a "comprehensive strategic partnership" last year.',
     {"comprehensive strategic partnership", speaker = lore.json.null}},
    {'The film "Oppenheimer" and the so-called "Big Three" topped the list.', none = true},
    {'Officials rejected the so-called "peace formula" on Monday.', none = true},
    -- speakers that name nobody: null, not the last speaker, not the place
    -- nor the person in the phrase; one word they say is kept
    {'Maria Lopez left early. "It was chaos," said one official.',
     {"It was chaos,", label = "direct", speaker = lore.json.null, cue = "said"}},
    {'Hospital officials in Deir al-Balah said the bodies were "badly burned".',
     {"badly burned", label = "direct", speaker = lore.json.null}},
    {'Kayla Reed spoke out. A source close to the actress told reporters: "She is heartbroken."',
     {"She is heartbroken.", label = "direct", speaker = lore.json.null}},
    {'A pal of the singer insisted the split was "mutual".',
     {"mutual", label = "direct", speaker = lore.json.null}},
    -- a spokesperson speaks for the organisation ("a company spokesperson",
    -- "a spokesperson for the Environment Agency")
    {'Brightwave Inc cut 300 jobs. "We regret this," a company spokesperson said.',
     {"We regret this,", label = "direct", speaker = "Brightwave Inc"}},
    {'A spokesperson for the Environment Agency said the plan was "under review".',
     {"under review", label = "direct", speaker = "Environment Agency"}},
    -- a question and its attribution in a sentence of their own
    {'Mark Delaney questioned the treasurer. "Did anyone check the payments?" Delaney asked.',
     {"Did anyone check the payments?", label = "direct", speaker = "Mark Delaney", cue = "asked"}},
    -- "he" is nobody named when the only person before is a woman; a
    -- name that no layer marked opening the sentence before
    {'Councilwoman Maria Gomez spoke first. "We cannot afford it," she said.\n' ..
     'Councilman Dale Hutchins disagreed. "Every month we wait, the price goes up," he said.',
     {"Every month we wait, the price goes up,", label = "direct", speaker = "Dale Hutchins"}},
    {'Halbrook manager Steve Corrigan praised Luis Ramos. "It is a blow," the manager said.',
     {"It is a blow,", label = "direct", speaker = "Steve Corrigan"}},
    -- a cue inside a reported clause: the words of the one who reports it
    {'Justin Trudeau said Ottawa would respond "firmly and clearly."',
     {"firmly and clearly.", label = "direct", speaker = "Justin Trudeau"}},
    {'Ana Lima has broken her silence on the split - and says she is "done hiding".',
     {"done hiding", label = "direct", speaker = "Ana Lima"}},
    -- "according to the minister"; an apposition is not the subject of
    -- the next clause
    {'Foreign Minister Ana Silva spoke on Monday. According to the minister, the plan is "a dead end".',
     {"a dead end", label = "direct", speaker = "Ana Silva"}},
    {'Russian Foreign Minister Ivan Petrov met Hungarian Foreign Minister Peter Kovacs. Speaking after talks with ' ..
     'his counterpart Peter Kovacs, the Russian minister stressed that Moscow had "never refused" dialogue.',
     {"never refused", label = "direct", speaker = "Ivan Petrov"}},
    -- "the group": any organisation named before ("Institute")
    {'The American Iron and Steel Institute welcomed the decision. "It is essential," the group said.',
     {"It is essential,", label = "direct", speaker = "American Iron and Steel Institute"}},
    -- a long title that quotes the words again with a speaker
    {"'It's the only home I've ever known': the last residents of a sinking village on the coast\n\n" ..
     '"It\'s the only home I\'ve ever known," says Joan Pell.',
     {"It's the only home I've ever known", label = "direct", speaker = "Joan Pell"}},
    {"The leaders' talks and Russia's 'rock' band.", none = true},
  },
}.id

RID.unmarked = rule {
  name = "unmarked",
  layer = "quotes",
  match = function (doc) return run(doc, "unmarked") end,
  examples = {
    {"We have fought this battle for years. Now our time has come, Nelson Chamisa told supporters on Sunday.",
     {"We have fought this battle for years. Now our time has come", label = "unmarked",
      speaker = "Nelson Chamisa", cue = "told", marked = false}},
    {"I will not resign, Prime Minister Shehbaz Sharif said in his speech.",
     {"I will not resign", label = "unmarked", speaker = "Shehbaz Sharif"}},
    {"The economy grew by 3%, Shehbaz Sharif said.", none = true},
    -- a listener of two nouns, a time after it: no reported clause there
    {"Finance Minister Ana Silva spoke on Monday. We will not raise taxes, Ana Silva told the press conference on Monday.",
     {"We will not raise taxes", label = "unmarked", speaker = "Ana Silva", cue = "told"}},
    -- the speaker's words go on after the attribution, in the first person
    {"Rob Young, the council's coastal manager, is blunt. The cliffs are retreating two metres a year, he says. " ..
     "We can slow it down, but we cannot stop it.",
     {"We can slow it down, but we cannot stop it", label = "unmarked", speaker = "Rob Young"}},
    -- the answers of an interview in questions and answers
    {"Ines Marchetti leads the weather office. She spoke to us.\n\nQ: How serious are the cuts?\n\n" ..
     "A: They are serious. We will close two radar stations.",
     {"They are serious. We will close two radar stations", label = "unmarked", speaker = "Ines Marchetti"}},
    -- a quoted phrase inside: the clause keeps it, and is not extended back
    {'Leeds United lost again. We are "gutted for the fans," the club said.',
     {'We are "gutted for the fans,"', label = "unmarked", speaker = "Leeds United"}},
  },
}.id

RID.indirect = rule {
  name = "indirect",
  layer = "quotes",
  match = function (doc) return run(doc, "indirect") end,
  examples = {
    {"Claudia Sheinbaum said Mexico would not accept new tariffs.",
     {"Mexico would not accept new tariffs", label = "indirect", speaker = "Claudia Sheinbaum",
      cue = "said", marked = false}},
    {"Olaf Scholz said on Monday that the coalition had agreed on a budget.",
     {"the coalition had agreed on a budget", label = "indirect", speaker = "Olaf Scholz"}},
    {"In a speech to parliament, Prime Minister Ama Boateng said the budget would be cut, during a session.",
     {"the budget would be cut", label = "indirect", speaker = "Ama Boateng"}},
    {"Pedro Alvarez told reporters that Spain would recognise the state.",
     {"Spain would recognise the state", label = "indirect", speaker = "Pedro Alvarez", cue = "told"}},
    {"The talks will resume in May, the Kremlin said.",
     {"The talks will resume in May", label = "indirect", speaker = "Kremlin"}},
    {"According to the Kremlin, the two leaders discussed energy and trade.",
     {"the two leaders discussed energy and trade", label = "indirect", speaker = "Kremlin",
      cue = "According to"}},
    {"Hundreds of people were evacuated, according to the Harbour Relief Trust.",
     {"Hundreds of people were evacuated", label = "indirect", speaker = "Harbour Relief Trust"}},
    -- organisations named by a common noun ("the agency" is not the news
    -- agency of the dateline; "The U.S. agency" holds a place); "It said"
    {"WASHINGTON (AP) - The Food and Drug Administration approved the pill. The U.S. agency said the drug was safe.",
     {"the drug was safe", label = "indirect", speaker = "Food and Drug Administration"}},
    {"Northgate Bank raised its dividend. The lender said profit rose 12%.",
     {"profit rose 12%", label = "indirect", speaker = "Northgate Bank"}},
    {"Brightwave Inc reported a loss. It said it would cut 300 jobs.",
     {"it would cut 300 jobs", label = "indirect", speaker = "Brightwave Inc"}},
    -- quoted phrases inside the clause, in both forms; a news agency does
    -- not report as its own a clause with a speaker of its own
    {'Mia Kerr said fares were "far too high."',
     {'fares were "far too high."', label = "indirect", speaker = "Mia Kerr"}},
    {'Fares were "far too high," Mia Kerr said.',
     {'Fares were "far too high,"', label = "indirect", speaker = "Mia Kerr"}},
    {'Mayor Ana Ruiz called for "calm" and "unity", AFP reported.', none = true},
    {"Some experts say the plan will fail.", none = true},
    -- unnamed sources report too (speaker null); "the economy ministry" is
    -- no company named before
    {"Officials said the bridge would reopen on Monday.",
     {"the bridge would reopen on Monday", label = "indirect", speaker = lore.json.null}},
    {"The cuts would fall on two plants, two people familiar with the matter said.",
     {"The cuts would fall on two plants", label = "indirect", speaker = lore.json.null}},
    {"Veltrona Motors cut 4,000 jobs. The economy ministry said it was examining new incentives.",
     {"it was examining new incentives", label = "indirect", speaker = lore.json.null}},
    {"The Trump administration said the tariffs would stay.",
     {"the tariffs would stay", label = "indirect", speaker = "Trump administration"}},
    -- a participle or a second verb shares the subject of the sentence
    {"Mayor Ana Ruiz defended the plan on Tuesday, saying the measures were needed.",
     {"the measures were needed", label = "indirect", speaker = "Ana Ruiz", cue = "saying"}},
    {'Governor Kay Ivey urged residents to "heed every warning" and said the state had troops on standby.',
     {"the state had troops on standby", label = "indirect", speaker = "Kay Ivey"}},
    -- two clauses, two speakers; the time before the clause
    {'Rand Paul said he opposed tariffs "as a matter of principle," while Lindsey Graham said he trusted the president.',
     {'he opposed tariffs "as a matter of principle,"', label = "indirect", speaker = "Rand Paul"},
     {"he trusted the president", label = "indirect", speaker = "Lindsey Graham"}},
    {"Bavaria Motors said last week it would keep its workforce stable.",
     {"it would keep its workforce stable", label = "indirect", speaker = "Bavaria Motors"}},
    {"Northgate Bank said about two million customers would lose the payment. Mayor Ana Ruiz insisted the decision was right.",
     {"about two million customers would lose the payment", label = "indirect", speaker = "Northgate Bank"},
     {"the decision was right", label = "indirect", speaker = "Ana Ruiz", cue = "insisted"}},
    -- datelines and the time stamps of a live blog are not what was said
    {"MOSCOW, July 16 (TASS) - Russia is ready for talks, Foreign Minister Ana Silva said.",
     {"Russia is ready for talks", label = "indirect", speaker = "Ana Silva"}},
    {"14:52 Rescue teams have reached the town, Governor Ana Ruiz said.",
     {"Rescue teams have reached the town", label = "indirect", speaker = "Ana Ruiz"}},
    {'Olaf Scholz said "we will win".', none = true},
  },
}.id

after("forget", function () last_doc, last_res = nil, nil end)
