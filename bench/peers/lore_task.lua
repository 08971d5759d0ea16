-- bench/peers/lore_task.lua: lore's side of one peer task, timed like the
-- Node drivers (bench/peers/peer.js): the documents are read first (not
-- timed), the rules loaded (not timed), then each run builds every document
-- (lore.doc: tokens, sentences, paragraphs), runs the rules and takes the
-- items of the task's layer as columns (offsets and labels). CPU time
-- (os.clock: user+sys of the process) of the best run, and its wall time.
--
--   lore run bench/peers/lore_task.lua CORPUS.jsonl -- TASK RUNS [RULES...]
--
-- TASK: tokens (no rules), entities, quotes or figures. One JSON line out.
local task, runs = arg[1], tonumber(arg[2] or "3")
local layer = ({entities = "entities", quotes = "quotes", figures = "figures"})[task]
assert(task == "tokens" or layer, "usage: lore run lore_task.lua CORPUS -- TASK RUNS [RULES...]")

local docs, bytes = {}, 0
for d in lore.corpus() do
  docs[#docs + 1] = {d.text, {id = d.id, date = d.meta.date}}
  bytes = bytes + #d
end

local rules = {}
for i = 3, #arg do rules[#rules + 1] = arg[i] end
local rs = #rules > 0 and lore.engine.load(rules) or nil

local now = lore.sys.time                 -- monotonic seconds

local best
for r = 1, runs do
  collectgarbage("collect")
  local items, sentences = 0, 0
  local w0, c0 = now(), os.clock()
  for i = 1, #docs do
    local d = lore.doc(docs[i][1], docs[i][2])
    if rs then
      rs:run(d)
      items = items + d:columns(layer).n
    else
      items = items + d.ntokens
      sentences = sentences + d.nsentences
    end
    d:close()
  end
  local cpu, wall = os.clock() - c0, now() - w0
  io.stderr:write(string.format("  lore %s run %d: %.2f s CPU, %.2f s wall\n", task, r, cpu, wall))
  if not best or cpu < best.cpu then
    best = {cpu = cpu, wall = wall, items = items, sentences = sentences}
  end
end

print(lore.json.encode({tool = "lore", task = task, supported = true, docs = #docs,
  bytes = bytes, runs = runs, cpu_s = best.cpu, wall_s = best.wall,
  items = best.items, sentences = best.sentences, mb_s = bytes / 1e6 / best.cpu}))
