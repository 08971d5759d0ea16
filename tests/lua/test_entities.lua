-- Tests of rules/entities.lua on news-like texts written for these tests
-- (not from the sample corpus): every span's label and canonical name,
-- genders, nominal mentions, and what must not be found.
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

  -- "text/LABEL=canonical" for every entity span, in document order.
  local function ents (d)
    local out = {}
    for _, s in ipairs(d:spans("entities")) do
      local x = s.text .. "/" .. s.label
      if s.canonical and s.canonical ~= s.text then x = x .. "=" .. s.canonical end
      out[#out + 1] = x
    end
    return out
  end

  local function find_span (d, layer, text, n)
    local k = 0
    for _, s in ipairs(d:spans(layer)) do
      if s.text == text then
        k = k + 1
        if k == (n or 1) then return s end
      end
    end
    return nil
  end

  t.test("Middle East wire story: titles, datelines, agencies, owned ministries", function ()
    local d = run("JERUSALEM (AP) — Israeli Prime Minister Benjamin Netanyahu said on Sunday that "
      .. "the army would press on in Rafah, rejecting calls from U.S. Secretary of State Antony "
      .. "Blinken for a pause. Netanyahu told the Knesset that Hamas must be destroyed.\n"
      .. "The Israeli leader spoke hours after the Gaza health ministry said more than 100 people "
      .. "had been killed. Egypt's foreign ministry condemned the strikes.\n"
      .. "Palestinian President Mahmoud Abbas called on the United Nations Security Council to act. "
      .. "\"We will not accept this,\" Abbas said.")
    t.eq(ents(d), {"JERUSALEM/PLACE=Jerusalem", "AP/ORG=Associated Press",
                   "Benjamin Netanyahu/PERSON", "Rafah/PLACE", "U.S./PLACE=United States",
                   "Antony Blinken/PERSON", "Netanyahu/PERSON=Benjamin Netanyahu",
                   "Knesset/ORG", "Hamas/ORG", "Gaza/PLACE",
                   "health ministry/ORG=Gaza Health Ministry", "Egypt/PLACE",
                   "foreign ministry/ORG=Egyptian Foreign Ministry", "Mahmoud Abbas/PERSON",
                   "United Nations Security Council/ORG", "Abbas/PERSON=Mahmoud Abbas"})
    local nom = find_span(d, "mentions", "The Israeli leader")
    t.ok(nom, "nominal found")
    t.eq({nom.label, nom.ref, nom.ref_label}, {"NOMINAL", "Benjamin Netanyahu", "PERSON"})
    t.eq(find_span(d, "entities", "Benjamin Netanyahu").gender, "male")
  end)

  t.test("European business story: unknown people after a role, surnames, banks", function ()
    local d = run("BERLIN, March 3 (Reuters) - German Chancellor Olaf Scholz met French President "
      .. "Emmanuel Macron at the Elysee Palace on Tuesday. The two leaders discussed the European "
      .. "Union's response. Scholz said Germany would back the plan.\n"
      .. "Meanwhile, Deutsche Bank chief executive Christian Sewing told analysts that the bank "
      .. "expected growth. Sewing said profits rose.")
    t.eq(ents(d), {"BERLIN/PLACE=Berlin", "Reuters/ORG", "Olaf Scholz/PERSON",
                   "Emmanuel Macron/PERSON", "Elysee Palace/ORG=Elysee", "European Union/ORG",
                   "Scholz/PERSON=Olaf Scholz", "Germany/PLACE", "Deutsche Bank/ORG",
                   "Christian Sewing/PERSON", "Sewing/PERSON=Christian Sewing"})
  end)

  t.test("Asian story: prefixes, seas, possessive countries, nominal by nationality", function ()
    local d = run("TOKYO -- Japanese Prime Minister Fumio Kishida will visit Washington next month, "
      .. "Chief Cabinet Secretary Yoshimasa Hayashi said. Kishida and President Joe Biden are "
      .. "expected to discuss North Korea. Pyongyang fired a missile into the Sea of Japan on "
      .. "Friday, South Korea's military said. The Japanese leader also plans to stop in Manila.")
    t.eq(ents(d), {"TOKYO/PLACE=Tokyo", "Fumio Kishida/PERSON", "Washington/PLACE",
                   "Yoshimasa Hayashi/PERSON", "Kishida/PERSON=Fumio Kishida",
                   "Joe Biden/PERSON", "North Korea/PLACE", "Pyongyang/PLACE",
                   "Sea of Japan/PLACE", "South Korea/PLACE", "Manila/PLACE"})
    t.eq(find_span(d, "mentions", "The Japanese leader").ref, "Fumio Kishida")
  end)

  t.test("acronyms defined in the text take the expansion's name", function ()
    local d = run("The Organisation for Economic Co-operation and Development (OECD) cut its "
      .. "forecast on Tuesday. The OECD said growth would slow.")
    t.eq(ents(d), {"Organisation for Economic Co-operation and Development/ORG",
                   "OECD/ORG=Organisation for Economic Co-operation and Development",
                   "OECD/ORG=Organisation for Economic Co-operation and Development"})
  end)

  t.test("honorifics give the gender; the surname alone links back", function ()
    local d = run("The deal was signed by Ms. Okafor and Mr. Lindqvist in Nairobi. "
      .. "Okafor later said the terms were fair.")
    t.eq(ents(d), {"Okafor/PERSON", "Lindqvist/PERSON", "Nairobi/PLACE", "Okafor/PERSON"})
    t.eq(find_span(d, "entities", "Okafor").gender, "female")
    t.eq(find_span(d, "entities", "Okafor", 2).gender, "female")
    t.eq(find_span(d, "entities", "Lindqvist").gender, "male")
  end)

  t.test("not entities: demonyms, sentence-initial common words, titles alone", function ()
    local d = run("Experts say the Russian economy is slowing. Officials said on Monday that "
      .. "Western sanctions had hurt. Speaking to reporters, a spokesman declined to comment. "
      .. "The President is expected to travel in May. Clapping, the Chinese delegates left.")
    t.eq(ents(d), {})
    t.eq(#d:spans("mentions"), 0)
  end)

  t.test("the West as a bloc, not the West Bank", function ()
    local d = run("Moscow blames the West for the war, while settlers expand in the West Bank.")
    t.eq(ents(d), {"Moscow/PLACE", "West/PLACE", "West Bank/PLACE"})
  end)

  t.test("hyphenated names split; possessives outside the span", function ()
    local d = run("The Russia-Ukraine talks and the U.S.-China summit; Turkey's role grew. "
      .. "Outside Beijing’s Great Hall of the People, China’s foreign ministry spoke.")
    t.eq(ents(d), {"Russia/PLACE", "Ukraine/PLACE", "U.S./PLACE=United States", "China/PLACE",
                   "Turkey/PLACE", "Beijing/PLACE", "Great Hall of the People/PLACE",
                   "China/PLACE", "foreign ministry/ORG=Chinese Foreign Ministry"})
  end)

  t.test("head words: organisations, events, places the gazetteer does not know", function ()
    local d = run("Delegates from the Pacific Islands Forum met at the Kigali Convention Centre "
      .. "before the Africa Climate Summit, said Amina Yusuf of the Nigerian Meteorological Agency.")
    t.eq(ents(d), {"Pacific Islands Forum/MISC", "Kigali Convention Centre/ORG",
                   "Africa Climate Summit/MISC", "Amina Yusuf/PERSON",
                   "Nigerian Meteorological Agency/ORG"})
  end)

  t.test("acronyms abbreviating only some words; names with particles", function ()
    local d = run("Dr. Amara Diallo of the Centers for Disease Control and Prevention (CDC) met "
      .. "Saudi envoy Ahmed bin Khalid. The CDC said Diallo would return.")
    t.eq(ents(d), {"Amara Diallo/PERSON", "Centers for Disease Control and Prevention/ORG",
                   "CDC/ORG=Centers for Disease Control and Prevention", "Ahmed bin Khalid/PERSON",
                   "CDC/ORG=Centers for Disease Control and Prevention",
                   "Diallo/PERSON=Amara Diallo"})
  end)

  t.test("places the gazetteer does not know, after in/near/the city of", function ()
    local d = run("Shelling hit the region overnight. Fighting raged near Chasiv Yar and in the "
      .. "town of Vuhledar, officials said.")
    t.eq(ents(d), {"Chasiv Yar/PLACE", "Vuhledar/PLACE"})
  end)

  t.test("two-word demonyms in titles and nominal mentions", function ()
    local d = run("North Korean leader Kim Jong Un inspected a factory. Later the North Korean "
      .. "leader watched a test, state media said.")
    t.eq(ents(d), {"Kim Jong Un/PERSON"})
    t.eq(find_span(d, "mentions", "the North Korean leader").ref, "Kim Jong Un")
  end)

  t.test("a known surname alone means the person named in the document", function ()
    local d = run("Republican congresswoman Sara Pence spoke first. Pence said the bill failed.")
    t.eq(ents(d), {"Sara Pence/PERSON", "Pence/PERSON=Sara Pence"})
    t.eq(find_span(d, "entities", "Pence").gender, "female")
  end)

  -- news-like sentences for the phenomena of unseen articles (business,
  -- sport, UK politics, courts, science)
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
