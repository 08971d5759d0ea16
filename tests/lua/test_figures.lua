-- Tests of rules/figures.lua on texts written for the tests (not from the
-- sample corpus): kinds, spans, normalised values, units, qualifiers,
-- subjects, date resolution against the document date, and the JSON nulls.
return function (t)
  local lore = require "lore"
  local rs = lore.engine.load({"rules/boilerplate.lua", "rules/figures.lua"}, {fail_fast = true})
  local null = lore.json.null

  -- Figures of a text as decoded from the document's JSON line (so absent
  -- values are lore.json.null, as scripts see them).
  local function figures (text, date)
    local d = lore.doc(text, {id = "t", date = date})
    rs:run(d)
    local j = lore.json.decode(d:json())
    d:close()
    return j.figures or {}
  end

  -- The figure whose text is `what` (the n-th one), or an error.
  local function fig (figs, what, n)
    local k = 0
    for _, f in ipairs(figs) do
      if f.text == what then
        k = k + 1
        if k == (n or 1) then return f end
      end
    end
    local got = {}
    for _, f in ipairs(figs) do got[#got + 1] = f.text .. "/" .. f.kind end
    error(string.format("no figure '%s' (found: %s)", what, table.concat(got, ", ")), 2)
  end

  local function texts (figs)
    local out = {}
    for _, f in ipairs(figs) do out[#out + 1] = f.text end
    return out
  end

  local function check (f, kind, value, unit, approx)
    t.eq(f.kind, kind, f.text .. " kind")
    t.eq(f.value, value, f.text .. " value")
    t.eq(f.unit, unit, f.text .. " unit")
    t.eq(f.approx, approx, f.text .. " approx")
  end

  t.test("money: symbols, codes and words before or after, scales", function ()
    local fs = figures("Investors put US$4.5 billion into the fund, €300m into bonds and "
      .. "£1.25bn into shares. Moscow spent 6.4 trillion roubles, Beijing 90 billion yuan, "
      .. "Tokyo ¥800 billion. The fee was $2,500, or USD 3,000 with tax, or 2,800 euros.")
    check(fig(fs, "US$4.5 billion"), "money", 4500000000, "USD", null)
    check(fig(fs, "€300m"), "money", 300000000, "EUR", null)
    check(fig(fs, "£1.25bn"), "money", 1250000000, "GBP", null)
    check(fig(fs, "6.4 trillion roubles"), "money", 6400000000000, "RUB", null)
    check(fig(fs, "90 billion yuan"), "money", 90000000000, "CNY", null)
    check(fig(fs, "¥800 billion"), "money", 800000000000, "CNY", null)   -- yuan in the text
    check(fig(fs, "$2,500"), "money", 2500, "USD", null)
    check(fig(fs, "USD 3,000"), "money", 3000, "USD", null)
    check(fig(fs, "2,800 euros"), "money", 2800, "EUR", null)
  end)

  t.test("money: yen without yuan, ranges, qualifiers", function ()
    local fs = figures("The plan costs ¥2 trillion. Repairs need $15-25 million, "
      .. "roughly $3 to $4 billion more, and at least ₽500,000.")
    check(fig(fs, "¥2 trillion"), "money", 2000000000000, "JPY", null)
    local r = fig(fs, "$15-25 million")
    check(r, "money", 15000000, "USD", null)
    t.eq(r.max, 25000000)
    local r2 = fig(fs, "$3 to $4 billion")
    check(r2, "money", 3000000000, "USD", "roughly")
    t.eq(r2.max, 4000000000)
    check(fig(fs, "₽500,000"), "money", 500000, "RUB", "at least")
  end)

  t.test("money: a bare amount takes the currency of a money figure near it", function ()
    local fs = figures("Sales reached $80 billion in 2021. The board now expects 95 billion.\n"
      .. "Elsewhere, 95 billion stars fill the galaxy.", "2022-06-01")
    check(fig(fs, "95 billion"), "money", 95000000000, "USD", null)
    local far = figures(string.rep("Filler text here. ", 60) .. "It holds 7 billion in reserve. "
      .. "Earlier it had $5 billion.")
    check(fig(far, "7 billion"), "money", 7000000000, "USD", null)   -- same sentence pair
    local none = figures("The planet has 8 billion inhabitants and 7 billion phones.")
    t.eq(fig(none, "8 billion inhabitants").kind, "quantity")
  end)

  t.test("money and percent subjects", function ()
    local fs = figures("Bilateral trade climbed to a record $95 billion. The ministry set a target "
      .. "of $120 billion. It pledged $4 billion of fresh loans. Unemployment stood at 6.1%. "
      .. "Exports to Europe fell 9% to $31 billion. Oil revenue, which last year exceeded "
      .. "$200 billion, is falling.", "2024-03-01")
    t.eq(fig(fs, "$95 billion").subject, "trade")
    t.eq(fig(fs, "$120 billion").subject, "target")
    t.eq(fig(fs, "$4 billion").subject, "loans")
    t.eq(fig(fs, "6.1%").subject, "unemployment")
    t.eq(fig(fs, "9%").subject, "exports")
    t.eq(fig(fs, "$31 billion").subject, "exports")
    t.eq(fig(fs, "$200 billion").subject, "oil revenue")
    local q = figures("They met 12 times.")
    t.eq(fig(q, "12 times").subject, null)
  end)

  t.test("percent", function ()
    local fs = figures("Turnout hit 61% and support 48 percent; the rate rose 0.75 per cent, "
      .. "a 1.5 percentage point increase, and almost 30 % said no.")
    check(fig(fs, "61%"), "percent", 61, null, null)
    check(fig(fs, "48 percent"), "percent", 48, null, null)
    check(fig(fs, "0.75 per cent"), "percent", 0.75, null, null)
    check(fig(fs, "1.5 percentage point"), "percent", 1.5, "percentage point", null)
    check(fig(fs, "30 %"), "percent", 30, null, "almost")
  end)

  t.test("quantities: counted nouns, spelled-out numbers, vague amounts", function ()
    local fs = figures("Police detained 2,350 protesters and nearly forty journalists. "
      .. "The three ministers and over 15 heads of government met 250 delegates from "
      .. "60 developing nations. Thousands of residents fled and dozens died; "
      .. "a million refugees and half a million children were counted; "
      .. "the storm killed 1,100.")
    check(fig(fs, "2,350 protesters"), "quantity", 2350, "protesters", null)
    check(fig(fs, "forty journalists"), "quantity", 40, "journalists", "nearly")
    check(fig(fs, "three ministers"), "quantity", 3, "ministers", null)
    check(fig(fs, "15 heads of government"), "quantity", 15, "heads of government", "over")
    check(fig(fs, "250 delegates"), "quantity", 250, "delegates", null)
    check(fig(fs, "60 developing nations"), "quantity", 60, "developing nations", null)
    check(fig(fs, "Thousands of residents"), "quantity", null, "residents", null)
    check(fig(fs, "dozens"), "quantity", null, null, null)
    check(fig(fs, "a million refugees"), "quantity", 1000000, "refugees", null)
    check(fig(fs, "half a million children"), "quantity", 500000, "children", null)
    check(fig(fs, "1,100"), "quantity", 1100, null, null)
  end)

  t.test("not figures: names, codes, versions, times, pronoun 'one'", function ()
    local fs = figures("The G7 met after COVID-19; Android 14 and iOS 17.1 shipped; flight MH17 "
      .. "left at 21:45; one of them said one thing; no one came; the one-China policy; "
      .. "a two-state solution; Boeing 737.")
    t.eq(texts(fs), {})
  end)

  t.test("dates: explicit and resolved against the document date", function ()
    local fs = figures("Troops crossed on 24 February 2022. On March 3, 2023 and Dec. 5 talks "
      .. "failed; in June 2021 and in September they resumed; since 2014 and in the 2010s; "
      .. "the 2019-20 season; the log says 2025-01-31.", "2024-05-10")
    check(fig(fs, "24 February 2022"), "date", "2022-02-24", null, null)
    check(fig(fs, "March 3, 2023"), "date", "2023-03-03", null, null)
    check(fig(fs, "Dec. 5"), "date", "2023-12-05", null, null)        -- not in the future
    check(fig(fs, "June 2021"), "date", "2021-06", null, null)
    check(fig(fs, "September"), "date", "2023-09", null, null)
    check(fig(fs, "2014"), "date", "2014", null, null)
    check(fig(fs, "2010s"), "date", "201", null, null)
    check(fig(fs, "2019-20"), "date", "2019/2020", null, null)
    check(fig(fs, "2025-01-31"), "date", "2025-01-31", null, null)
  end)

  t.test("dates: a year inside a date is not a figure of its own", function ()
    local fs = figures("Sanctions began in February 2022 and on March 3, 2023; 5 May 2021.",
      "2024-05-10")
    t.eq(texts(fs), {"February 2022", "March 3, 2023", "5 May 2021"})
  end)

  t.test("dates: weekdays, parts of day, tense", function ()
    -- 2024-05-10 is a Friday
    local fs = figures("Officials said on Monday that the Wednesday evening vote passed. "
      .. "The minister will fly to Paris on Tuesday. The summit opens Sunday. "
      .. "It rained on Friday.", "2024-05-10")
    check(fig(fs, "Monday"), "date", "2024-05-06", null, null)
    check(fig(fs, "Wednesday evening"), "date", "2024-05-08TEV", null, null)
    check(fig(fs, "Tuesday"), "date", "2024-05-14", null, null)
    check(fig(fs, "Sunday"), "date", "2024-05-12", null, null)
    check(fig(fs, "Friday"), "date", "2024-05-10", null, null)
    local ny = figures("The Good Friday agreement; May I ask; Black Friday deals.", "2024-05-10")
    t.eq(texts(ny), {})
  end)

  t.test("dates: relative expressions", function ()
    local fs = figures("Prices rose last year and this year, fell earlier this year, will rise "
      .. "next year; talks this week, last week and next month; two years ago; yesterday; "
      .. "a record last June; growth a year earlier.", "2024-01-03")
    check(fig(fs, "last year"), "date", "2023", null, null)
    check(fig(fs, "this year"), "date", "2024", null, null)
    check(fig(fs, "earlier this year"), "date", "2024", null, null)
    check(fig(fs, "next year"), "date", "2025", null, null)
    check(fig(fs, "this week"), "date", "2024-W01", null, null)
    check(fig(fs, "last week"), "date", "2023-W52", null, null)
    check(fig(fs, "next month"), "date", "2024-02", null, null)
    check(fig(fs, "two years ago"), "date", "2022", null, null)
    check(fig(fs, "yesterday"), "date", "2024-01-02", null, null)
    check(fig(fs, "last June"), "date", "2023-06", null, null)
    t.eq(#texts(fs), 10)                    -- not "a year" in "a year earlier"
    -- without a document date the value is null, the span is still found
    local nd = figures("It happened last year, on Tuesday.")
    check(fig(nd, "last year"), "date", null, null, null)
    check(fig(nd, "Tuesday"), "date", null, null, null)
  end)

  t.test("iso weeks across a year boundary", function ()
    check(fig(figures("Talks this week.", "2021-01-03"), "this week"), "date", "2020-W53", null, null)
    check(fig(figures("Talks this week.", "2024-12-30"), "this week"), "date", "2025-W01", null, null)
  end)

  t.test("durations", function ()
    local fs = figures("The siege lasted nearly 90 days; a three-week truce; 18 months of talks; "
      .. "over the past two decades; in the last year; a century ago they had waited a decade.",
      "2024-01-03")
    check(fig(fs, "90 days"), "duration", 90, "days", "nearly")
    check(fig(fs, "three-week"), "duration", 3, "week", null)
    check(fig(fs, "18 months"), "duration", 18, "months", null)
    check(fig(fs, "the past two decades"), "duration", 2, "decades", null)
    check(fig(fs, "the last year"), "duration", 1, "year", null)
    check(fig(fs, "a century ago"), "date", "19", null, null)
    check(fig(fs, "a decade"), "duration", 1, "decade", null)
  end)

  t.test("ordinals", function ()
    local fs = figures("It was the fifth visit, the 25th round and the twenty-first summit; "
      .. "the country's number three; a third of voters.")
    check(fig(fs, "fifth"), "ordinal", 5, null, null)
    check(fig(fs, "25th"), "ordinal", 25, null, null)
    check(fig(fs, "twenty-first"), "ordinal", 21, null, null)
    check(fig(fs, "number three"), "ordinal", 3, null, null)
    t.eq(#texts(fs), 4)
  end)

  t.test("attributes: context, rule, JSON nulls", function ()
    local fs = figures("First line.\nHe paid $5 for 3 apples.")
    local f = fig(fs, "$5")
    t.eq(f.context, "He paid $5 for 3 apples.")
    t.eq(f.rule, "figures.lua:money")
    t.eq(f.approx, null)
    t.eq(f.subject, null)
    t.eq(fig(fs, "3 apples").rule, "figures.lua:quantity")
  end)

  t.test("page furniture is left out", function ()
    local fs = figures("Body text with 5 ministers.\nRelated\n- Stocks fall 3% on Monday\n"
      .. "- 10 things to know\n- Markets lose $2 billion")
    t.eq(texts(fs), {"5 ministers"})
  end)
end
