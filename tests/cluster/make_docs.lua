-- tests/cluster/make_docs.lua: many short news documents from the sample
-- corpus, for the cluster test (a few thousand documents that are quick to
-- analyse).
--
--   lore run tests/cluster/make_docs.lua CORPUS_DIR -- OUT.jsonl NDOCS [SEED]
--
-- Document k is article k mod 5's headline and a run of 3 to 8 of its
-- paragraphs starting at a seeded random place, with the article's date and
-- title and a source per copy; one JSON line each, ids "<article>-<k>".
local out_path, ndocs, seed = arg[1], tonumber(arg[2] or ""), tonumber(arg[3] or "7")
assert(out_path and ndocs, "usage: lore run make_docs.lua CORPUS_DIR -- OUT.jsonl NDOCS [SEED]")
local arts = {}
for d in lore.corpus() do
  local paras = {}
  for line in (d.text .. "\n"):gmatch("([^\n]*)\n") do
    if line:match("%S") then paras[#paras + 1] = line end
  end
  arts[#arts + 1] = {id = d.id, date = d.meta.date, title = table.remove(paras, 1), paras = paras}
end
assert(#arts > 0, "no articles in the inputs")
local SOURCES = {"Wire A", "Wire B", "Daily C", "Weekly D", "Radio E", "Portal F", "Gazette G"}
math.randomseed(seed)
local out = lore.util.output(out_path)
for k = 1, ndocs do
  local a = arts[(k - 1) % #arts + 1]
  local n = math.min(#a.paras, math.random(3, 8))
  local first = math.random(1, #a.paras - n + 1)
  local lines = {a.title}
  for i = first, first + n - 1 do lines[#lines + 1] = a.paras[i] end
  out:write(lore.json.encode({id = a.id:sub(1, 12) .. "-" .. k, date = a.date, title = a.title,
                              source = SOURCES[math.random(#SOURCES)],
                              text = table.concat(lines, "\n")}), "\n")
end
out:commit()
