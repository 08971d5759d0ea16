-- tests/data/scripts/make_fixtures.lua: writes records.jsonl, three small
-- hand-made records in the format of `lore extract --text` (layers as the
-- contract of docs/hacking.md says), for the tests of the bundled scripts.
--   ./lore run tests/data/scripts/make_fixtures.lua
-- Spans are given by their text (and which occurrence), so the offsets are
-- exact; sentences, paragraphs and stats come from lore itself.
local lore = require "lore"

lore.label_key("quotes", "type")
lore.label_key("figures", "kind")

local DOCS = {
  {id = "a_outlet", meta = {title = "Xi and Putin meet in Beijing", date = "2023-10-18", source = "Outlet A",
                            url = "https://www.outlet-a.example/world/1"},
   text = [[
Xi and Putin meet in Beijing
Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Wednesday.
"We oppose unilateral sanctions, economic coercion, decoupling and delinking," Xi told delegates.
China is Russia's largest trading partner, with trade reaching a record $190 billion last year.
Putin said the talks were "productive" and called Xi his "old friend".
He also said more than 130 countries attended the forum.
Related
- Some headline about markets
- Another headline about sport
- Trump says "big deal" on trade with Xi]],
   spans = {
     {"boilerplate", "Related\n- Some headline about markets\n- Another headline about sport\n- Trump says \"big deal\" on trade with Xi", 1, label = "links"},
     {"entities", "Xi", 1, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "Putin", 1, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Beijing", 1, label = "PLACE", canonical = "Beijing"},
     {"entities", "Xi Jinping", 1, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "Vladimir Putin", 1, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Beijing", 2, label = "PLACE", canonical = "Beijing"},
     {"entities", "Xi", 3, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "China", 1, label = "PLACE", canonical = "China"},
     {"entities", "Russia", 2, label = "PLACE", canonical = "Russia"},
     {"entities", "Putin", 3, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Xi", 4, label = "PERSON", canonical = "Xi Jinping"},
     {"mentions", "Chinese", 1, label = "DEMONYM", ref = "China", ref_label = "PLACE"},
     {"mentions", "Russian", 1, label = "DEMONYM", ref = "Russia", ref_label = "PLACE"},
     {"mentions", "He", 1, label = "PRONOUN", ref = "Vladimir Putin", ref_label = "PERSON"},
     {"quotes", "We oppose unilateral sanctions, economic coercion, decoupling and delinking,", 1,
      type = "direct", speaker = "Xi Jinping", cue = "told", marked = true},
     {"quotes", "productive", 1, type = "direct", speaker = "Vladimir Putin", cue = "said", marked = true},
     {"quotes", "old friend", 1, type = "direct", speaker = "Vladimir Putin", cue = "called", marked = true},
     {"entities", "Trump", 1, label = "PERSON", canonical = "Donald Trump"},
     {"quotes", "big deal", 1, type = "direct", speaker = "Donald Trump", cue = "says", marked = true},
     {"figures", "Wednesday", 1, kind = "date", value = "2023-10-18"},
     {"figures", "$190 billion", 1, kind = "money", value = 190000000000, unit = "USD", subject = "trade"},
     {"figures", "last year", 1, kind = "date", value = "2022"},
     {"figures", "130 countries", 1, kind = "quantity", value = 130, unit = "countries", approx = "more than"},
   }},
  {id = "b_outlet", meta = {title = "Putin hails ties with China", date = "2023-10-18", source = "Outlet B"},
   text = [[
Putin hails ties with China
Xi Jinping said on Wednesday: "We oppose unilateral sanctions, economic coercion, decoupling and the reduction of economic ties."
Putin said trade between the two neighbours reached $200 billion last year.
Vladimir Putin called Xi Jinping a "dear friend" and said the talks were "productive".
Some 130 countries sent representatives, Putin said.]],
   spans = {
     {"entities", "Putin", 1, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "China", 1, label = "PLACE", canonical = "China"},
     {"entities", "Xi Jinping", 1, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "Putin", 2, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Vladimir Putin", 1, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Xi Jinping", 2, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "Putin", 4, label = "PERSON", canonical = "Vladimir Putin"},
     {"quotes", "We oppose unilateral sanctions, economic coercion, decoupling and the reduction of economic ties.", 1,
      type = "direct", speaker = "Xi Jinping", cue = "said", marked = true},
     {"quotes", "dear friend", 1, type = "direct", speaker = "Vladimir Putin", cue = "called", marked = true},
     {"quotes", "productive", 1, type = "direct", speaker = "Vladimir Putin", cue = "said", marked = true},
     {"figures", "Wednesday", 1, kind = "date", value = "2023-10-18"},
     {"figures", "$200 billion", 1, kind = "money", value = 200000000000, unit = "USD"},
     {"figures", "last year", 1, kind = "date", value = "2022"},
     {"figures", "130 countries", 1, kind = "quantity", value = 130, unit = "countries", approx = "some"},
   }},
  {id = "c_outlet", meta = {title = "Trade grows", date = "2024-05-16", source = "Outlet C"},
   text = [[
Trade grows
Bilateral trade reached $240 billion in 2023, Xi Jinping said.
Xi said China rejected "economic coercion" in Beijing.
Putin said Russia and China would deepen cooperation.]],
   spans = {
     {"entities", "Xi Jinping", 1, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "Xi", 2, label = "PERSON", canonical = "Xi Jinping"},
     {"entities", "China", 1, label = "PLACE", canonical = "China"},
     {"entities", "Beijing", 1, label = "PLACE", canonical = "Beijing"},
     {"entities", "Putin", 1, label = "PERSON", canonical = "Vladimir Putin"},
     {"entities", "Russia", 1, label = "PLACE", canonical = "Russia"},
     {"entities", "China", 2, label = "PLACE", canonical = "China"},
     {"quotes", "economic coercion", 1, type = "direct", speaker = "Xi Jinping", cue = "said", marked = true},
     {"quotes", "Russia and China would deepen cooperation", 1, type = "indirect", speaker = "Vladimir Putin",
      cue = "said", marked = false},
     {"figures", "$240 billion", 1, kind = "money", value = 240000000000, unit = "USD", subject = "bilateral trade"},
     {"figures", "2023", 1, kind = "date", value = "2023"},
   }},
}

-- Byte offset of the n-th occurrence of needle (plain) in text.
local function find (text, needle, n)
  local pos = 1
  for _ = 1, n or 1 do
    local s, e = text:find(needle, pos, true)
    if not s then error("not found: " .. needle) end
    if _ == (n or 1) then return s - 1, e end
    pos = s + 1
  end
end

local out = {}
for _, d in ipairs(DOCS) do
  local meta = {id = d.id}
  for k, v in pairs(d.meta) do meta[k] = v end
  local doc = lore.doc(d.text, meta)
  for _, sp in ipairs(d.spans) do
    local s, e = find(d.text, sp[2], sp[3])
    local attrs = {rule = "fixture"}
    for k, v in pairs(sp) do if type(k) == "string" then attrs[k] = v end end
    if sp[1] == "quotes" then attrs.label = attrs.type attrs.type = nil end
    if sp[1] == "figures" then attrs.label = attrs.kind attrs.kind = nil end
    doc:add(sp[1], s, e, attrs)
  end
  local rec = lore.json.decode(doc:json())
  rec.text = d.text
  out[#out + 1] = lore.json.encode(rec)
end
local dir = (debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local f = assert(io.open(dir .. "records.jsonl", "w"))
f:write(table.concat(out, "\n"), "\n")
f:close()
print("wrote " .. dir .. "records.jsonl (" .. #out .. " records)")
