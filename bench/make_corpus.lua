-- bench/make_corpus.lua OUT.jsonl MB: the benchmark corpus: the sample
-- articles repeated, the order of their paragraphs (after the headline)
-- varied per copy with a fixed seed, as JSON lines, to at least MB MB.
local out_path, mb = arg[1], tonumber(arg[2] or "64")
assert(out_path, "usage: lore run bench/make_corpus.lua CORPUS_DIR... -- OUT.jsonl MB")
local docs = {}
for d in lore.corpus() do
  local lines = {}
  for line in (d.text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  docs[#docs + 1] = {id = d.id, date = d.meta.date, lines = lines}
end
math.randomseed(42)
local out = lore.util.output(out_path)
local total, copy = 0, 0
while total < mb * 1e6 do
  copy = copy + 1
  for _, d in ipairs(docs) do
    local lines = {d.lines[1]}
    local body = {table.unpack(d.lines, 2)}
    for i = #body, 2, -1 do
      local j = math.random(i)
      body[i], body[j] = body[j], body[i]
    end
    for _, l in ipairs(body) do lines[#lines + 1] = l end
    local text = table.concat(lines, "\n")
    local rec = lore.json.encode({id = d.id .. "-" .. copy, date = d.date, text = text})
    out:write(rec, "\n")
    total = total + #text
  end
end
out:commit()
io.stderr:write(string.format("bench corpus: %d documents, %.1f MB of text in %s\n",
                              copy * #docs, total / 1e6, out_path))
