-- docs/examples/sanctions.lua: the worked example of docs/rules.md.
-- A new layer, `sanctions`: mentions of sanctions with who imposes them and
-- whom they target, built on the entity layer of the bundled rules:
--
--   lore extract corpus/ -r rules/boilerplate.lua -r rules/entities.lua \
--                        -r docs/examples/sanctions.lua
--   lore test docs/examples/sanctions.lua

phase("sanctions", {order = 40})          -- after entities (10)
layer("sanctions", {policy = "longest", label_key = "label", exclude = {"boilerplate"}})

-- 1. Sanctions with a target: "sanctions on Russia", "sanctions imposed on
--    Moscow", "sanctions against Iran's central bank". <PLACE> and <ORG>
--    match whole spans of the entities layer, so "Saudi Arabia" is one item.
rule {
  name = "targeted",
  layer = "sanctions",
  label = "SANCTION",
  pattern = [[
    (?<who> <PLACE> | <ORG> | [lower={western western-led international us eu un}] )?
    (?<kind> [lower={new tough fresh economic financial unilateral secondary}] )?
    {sanction sanctions}
    ( {imposed placed slapped levied} )?
    {on against}
    (?<target> <PLACE> | <ORG> | <PERSON> )
  ]],
  action = function (m, doc)
    local t = m.captures.target
    local target = doc:spans("entities", {exact = {t.start, t.stop}})[1]
    m.attrs.target = target and target.canonical or t.text
    local who = m.captures.who
    if who then
      local e = doc:spans("entities", {exact = {who.start, who.stop}})[1]
      m.attrs.imposer = e and e.canonical or who.text
    end
    if m.captures.kind then m.attrs.kind = m.captures.kind.text:lower() end
  end,
  examples = {
    {"The European Union imposed new sanctions on Russia last year.",
     {"new sanctions on Russia", target = "Russia", kind = "new"}},
    {"Washington slapped sanctions against Iran.",
     {"sanctions against Iran", target = "Iran"}},
  },
}

-- 2. "sanctions-hit economy", "Western sanctions imposed on Moscow": the
--    possessor or the hyphenated form names the target.
rule {
  name = "hit",
  layer = "sanctions",
  label = "SANCTION",
  pattern = [[ (?<target> <PLACE> ) "'s"? "sanctions" "-" {hit battered stricken} ]],
  action = function (m, doc)
    local t = m.captures.target
    local e = doc:spans("entities", {exact = {t.start, t.stop}})[1]
    m.attrs.target = e and e.canonical or t.text
  end,
  examples = {
    {"Russia's sanctions-hit economy grew.", {"Russia's sanctions-hit", target = "Russia"}},
  },
}

-- 3. Sanctions without a target ("we oppose unilateral sanctions"): found,
--    with a lower priority, so a targeted mention wins where both match.
rule {
  name = "untargeted",
  layer = "sanctions",
  label = "SANCTION",
  priority = -1,
  pattern = [[ (?<kind> [lower={unilateral international western economic}] )? {sanction sanctions} ]],
  action = function (m)
    if m.captures.kind then m.attrs.kind = m.captures.kind.text:lower() end
  end,
  examples = {
    {"We oppose unilateral sanctions, economic coercion and decoupling.",
     {"unilateral sanctions", kind = "unilateral"}},
    {"They discussed trade and energy.", none = true},
  },
}
