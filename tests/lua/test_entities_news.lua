-- Tests of rules/entities.lua on news-like sentences written for these tests
-- (the phenomena of unseen news articles: business, sport, UK politics,
-- courts, science): every span's label and canonical name.
return function (t)
  local lore = require "lore"
  local engine = require "lore.engine"
  local rs = engine.load({"rules/boilerplate.lua", "rules/entities.lua"})

  local function run (text)
    local d = lore.doc(text, {id = "t"})
    local problems = rs:run(d)
    if problems then error(problems[1]) end
    return d
  end

  local function ents (d)
    local out = {}
    for _, s in ipairs(d:spans("entities")) do
      local x = s.text .. "/" .. s.label
      if s.canonical and s.canonical ~= s.text then x = x .. "=" .. s.canonical end
      out[#out + 1] = x
    end
    return out
  end

  t.test("business story: corporate titles, companies by cue, surnames", function ()
    local d = run("Quorvia shares slid 6% after the results. Quorvia Chief Financial Officer "
      .. "Lena Marsh said demand was weak, and CEO Rob Cook told analysts at DataHarbor the "
      .. "company would cut costs. Marsh said margins held. Cook's first call went badly.")
    t.eq(ents(d), {"Quorvia/ORG", "Quorvia/ORG", "Lena Marsh/PERSON", "Rob Cook/PERSON",
                   "DataHarbor/ORG", "Marsh/PERSON=Lena Marsh", "Cook/PERSON=Rob Cook"})
  end)

  t.test("UK politics: parties, given names with common-word surnames, appositions", function ()
    local d = run("Labour extended its lead over the Tories, a poll for the Daily Mail showed. "
      .. "The report by civil servant Sue Baker was published on Tuesday. The minister, "
      .. "Rachel Hill, told the House of Commons that MP Grace Rowe would lead the review.")
    t.eq(ents(d), {"Labour/ORG=Labour Party", "Tories/ORG=Conservative Party", "Daily Mail/ORG",
                   "Sue Baker/PERSON", "Rachel Hill/PERSON", "House of Commons/ORG",
                   "Grace Rowe/PERSON"})
  end)

  t.test("sport: clubs, particles, demonym nouns, plural titles", function ()
    local d = run("Tottenham Hotspur beat Manchester City 2-1. Frenchman Luc Marchal and "
      .. "Jens van de Kamp scored, and Spurs climbed to fifth. The Chief Executive Officers "
      .. "of both clubs met later.")
    t.eq(ents(d), {"Tottenham Hotspur/ORG", "Manchester City/ORG", "Luc Marchal/PERSON",
                   "Jens van de Kamp/PERSON", "Spurs/ORG=Tottenham Hotspur"})
  end)

  t.test("science and agencies: acronym expansions, heads, places after a place noun", function ()
    local d = run("Astronomers at the Nordic Institute for Radio Astronomy (NIRA) used the "
      .. "Keller Space Telescope, launched by ISRO. The team met in the resort of Sharm "
      .. "el-Sheikh, where NIRA director Tom Vance said the data were clean.")
    t.eq(ents(d), {"Nordic Institute for Radio Astronomy/ORG",
                   "NIRA/ORG=Nordic Institute for Radio Astronomy", "Keller Space Telescope/MISC",
                   "ISRO/ORG=Indian Space Research Organisation", "Sharm el-Sheikh/PLACE",
                   "NIRA/ORG=Nordic Institute for Radio Astronomy", "Tom Vance/PERSON"})
  end)
end
