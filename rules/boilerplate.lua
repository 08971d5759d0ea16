-- rules/boilerplate.lua: page furniture that is not part of the article:
-- link lists ("Related", "Ranking" and the headlines under them), "MORE:"
-- teasers, breadcrumbs, share/like counters, video and source stubs.
-- Later phases exclude their spans from entities, quotes and figures
-- (layer(..., {exclude = {"boilerplate"}})), and scripts can leave them out.
--
-- Works on paragraphs, never on sentences, so it is cheap: one pass over
-- the paragraphs of a document, no Lua per token.

phase "boilerplate"
layer("boilerplate", {policy = "first", label_key = "label", labels = {"links", "furniture"}})

-- Section labels that introduce lists of links to other articles.
local SECTION = {}
for _, w in ipairs{"related", "related articles", "related stories", "related news",
                   "ranking", "recommendation", "recommendations", "recommended",
                   "read more", "more from", "more stories", "more news", "trending",
                   "most popular", "most read", "popular", "top stories", "latest",
                   "latest news", "you may also like", "you might also like",
                   "sponsored", "advertisement", "also read", "see also",
                   "editor's picks", "further reading", "more on this story"} do
  SECTION[w] = true
end
local SECTION_MAX = 0                        -- the longest label, in bytes
for w in pairs(SECTION) do SECTION_MAX = math.max(SECTION_MAX, #w) end
-- White space as Lua's %s: a longer paragraph can be a label only when it
-- ends with some.
local SPACE = {[9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true}

-- Teaser prefixes: a line that only points to another article.
local TEASER = lore.regex("^(?:MORE|READ MORE|READ ALSO|ALSO READ|WATCH|LISTEN|RELATED|SEE ALSO)\\s*:", "i")
-- Stubs left by page scrapers.
local STUB = lore.regex("^(?:To watch on video|Watch the video|source site-\\d+|View|Share|Share this article|"
  .. "Comments?|Advertisement|Sign up.*newsletter.*|Subscribe.*|Follow us.*|"
  .. "\\w+! \\(\\d+\\)|Current:.*>.*)\\s*$", "i")

-- Words in s: lore.rules.nwords counts them in C (a gmatch loop here was
-- most of the cost of this rule, on long link lists); the same count in
-- Lua where lore.rules is out of reach (primitives = false). (Words in s
-- from byte i on.)
local words = require("lib.util").nwords

-- A headline-like line: short, no sentence-final period, several capitals
-- or a list marker.
-- (Inside a block under a section label, a short line ending with a period
-- still counts: teasers like "Here's what you should know.")
-- (The words are counted after the list marker, without cutting it off: the
-- end of the line is the same with or without it once a word follows.)
-- The end of a list marker ("- ", "* ", "• ") at the line start, or nil.
-- ("•" is three bytes: a Lua class [-•*] would test them one by one.)
local function marker_end (s)
  local _, e = s:find("^%s*[-*]%s+")
  if not e then _, e = s:find("^%s*\u{2022}%s+") end
  return e
end

local function linkish (s, in_block)
  local e = marker_end(s)
  local n = words(s, (e or 0) + 1)
  if n == 0 or n > 25 then return false end
  if not in_block and s:find("[.:;]%s*$") and not s:find("%.%.%.$") then return false end
  return true
end

local function bulleted (s) return marker_end(s) ~= nil end

-- One regex pass over the text finds the candidate lines (section labels,
-- teasers, stubs, bulleted lines); most documents have none, so Lua runs
-- only on the few hits.
local CANDIDATE = lore.regex("^(?:[-•*][ \\t]|(?:MORE|READ MORE|READ ALSO|ALSO READ|WATCH|LISTEN|RELATED|SEE ALSO)\\s*:|"
  .. "(?:To watch on video|Watch the video|source site-\\d+|View|Share|Share this article|Comments?|"
  .. "Advertisement|Sign up|Subscribe|Follow us|\\w+! \\(\\d+\\)|Current:|"
  .. "Related|Ranking|Recommend|Read more|More |Trending|Most |Popular|Top stories|Latest|You m|"
  .. "Sponsored|Also read|See also|Editor|Further reading))", "mi")

rule {
  name = "furniture",
  layer = "boilerplate",
  match = function (doc)
    local hits = CANDIDATE:offsets(doc)      -- flat start, stop per hit
    if #hits == 0 then return {} end
    local out = {}
    -- the paragraphs as flat offsets and their texts cut from the text
    -- (cheaper than a range object per doc:paragraph call)
    local po, all = doc:offsets("paragraphs"), doc.text
    local np = #po // 2
    local cache = {}
    local function para (i)                  -- text of paragraph i, cached
      local t = cache[i]
      if not t then t = all:sub(po[2 * i - 1] + 1, po[2 * i]) cache[i] = t end
      return t
    end
    local done = 0                           -- paragraphs up to here are decided
    local k = 1                              -- the first paragraph not before the hit
    for n = 1, #hits, 2 do
      local hs = hits[n]
      -- the paragraph starting at the hit, if any (hits come in text order)
      while k <= np and po[2 * k - 1] < hs do k = k + 1 end
      local i = k <= np and po[2 * k - 1] == hs and k or nil
      if i and i > done then
        local pstart, pstop = po[2 * i - 1], po[2 * i]
        local text = para(i)
        local key
        if #text <= SECTION_MAX or SPACE[text:byte(-1)] then
          key = text:lower():gsub("%s+$", "")
        end
        if key and SECTION[key] then
          -- the label and the link-like lines that follow it
          local j = i + 1
          while j <= np and linkish(para(j), true) do j = j + 1 end
          if j > i + 1 then
            out[#out + 1] = {start = pstart, stop = po[2 * (j - 1)], label = "links"}
            done = j - 1
          end
        elseif TEASER:find(text) or STUB:find(text) then
          out[#out + 1] = {start = pstart, stop = pstop, label = "furniture"}
          done = i
        elseif bulleted(text) and linkish(text) then
          -- a run of three or more bulleted headlines
          local j = i
          while j <= np and bulleted(para(j)) and linkish(para(j)) do j = j + 1 end
          if j - i >= 3 then
            out[#out + 1] = {start = pstart, stop = po[2 * (j - 1)], label = "links"}
            done = j - 1
          end
        end
      end
    end
    return out
  end,
  examples = {
    {"An article.\nRelated\n- First headline here\n- Second headline there\n- Third one",
     {"Related\n- First headline here\n- Second headline there\n- Third one", label = "links"}},
    {"Xi met Putin.\nMORE: Putin hosts Xi in Moscow amid war\nThe talks went on.",
     {"MORE: Putin hosts Xi in Moscow amid war", label = "furniture"}},
    {"Text.\nTo watch on video\n\n\nsource site-44", {"To watch on video", label = "furniture"},
     {"source site-44", label = "furniture"}},
    {"What you need to know:\n- Putin, on his first trip to a major power, met Xi in Beijing.", none = true},
    {"Related talks were held in Beijing on Monday.", none = true},
    {"The talks ended.\n• Putin visits Beijing amid war\n• Xi hosts Putin for summit\n• Markets rally after talks",
     {"• Putin visits Beijing amid war\n• Xi hosts Putin for summit\n• Markets rally after talks", label = "links"}},
  },
}
