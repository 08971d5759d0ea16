-- lore.worker: what each worker thread of lore.pool runs. init(config)
-- loads the rules (and, for scripts, the script's map function) once per
-- worker; process(doc) runs them on one document and returns its JSON line
-- and, if some rule failed on it, the problems (one per line).
local lore = require "lore"

local M = {}

-- What rules and map functions print goes to standard error: standard
-- output carries the results (the main state writes them).
local function eprint (...)
  local n = select("#", ...)
  local t = {...}
  for i = 1, n do t[i] = tostring(t[i]) end
  io.stderr:write(table.concat(t, "\t", 1, n), "\n")
end

function M.init (config)
  local cfg = lore.json.decode(config) or {}
  if cfg.span_memory then lore.span_memory(cfg.span_memory) end
  print = eprint
  io.output(io.stderr)
  local rs
  if cfg.rules ~= false then
    rs = lore.engine.load(cfg.rules, {sandbox = cfg.sandbox,
                                      fail_fast = cfg.fail_fast,
                                      explain = cfg.explain})
  end
  local map
  if cfg.script then
    local script = lore.script.load(cfg.script)
    map = script.map
  end
  local script_opts = cfg.script_opts or {}
  local with_text = cfg.text
  local function record (doc)
    local line = doc:json({dead = cfg.dead})
    if map or with_text then
      -- add the extra fields without re-encoding the whole record
      local extra = {}
      if with_text then extra.text = doc.text end
      if map then extra.map = map(doc, script_opts) end
      local enc = lore.json.encode(extra)
      if enc ~= "{}" then line = line:sub(1, -2) .. "," .. enc:sub(2) end
    end
    return line
  end
  return function (doc)
    local problems
    if rs then problems = rs:run(doc) end
    local id = doc.id or "?"
    local ok, line = pcall(record, doc)
    doc:close()
    if not ok then
      -- no record for this document (say which), after what the rules
      -- reported (a runaway rule may be the cause)
      line = tostring(line)
      if line == "not enough memory" then
        line = line .. " (memory cap of the worker reached, see --rule-memory)"
      end
      problems = problems or {}
      problems[#problems + 1] = string.format("document %s: no result: %s", id, line)
      return nil, table.concat(problems, "\n")
    end
    return line, problems and table.concat(problems, "\n") or nil
  end
end

return M
