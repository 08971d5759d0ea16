-- scripts/eval.lua: `lore eval`, score rules against gold annotations
-- (docs/guidelines.md): per layer and label, exact and lenient precision,
-- recall and F1, speaker and value accuracy, every error with --errors,
-- thresholds with --min. The scoring itself is scripts/lib/score.lua.
local lore = require "lore"
local util = require "lore.util"
local cli = require "lore.cli"

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
local S = dofile((here or (tostring(lore.home) .. "/scripts")) .. "/lib/score.lua")

local NAME = "eval"

local SPEC = cli.with_common{
  {nil, "--gold", arg = "FILE", key = "gold",
   help = "gold annotations, JSON lines (docs/guidelines.md); required"},
  {nil, "--pred", arg = "FILE", key = "pred",
   help = "score a saved 'lore extract' output instead of running the rules"},
  {nil, "--errors", key = "errors",
   help = "list every miss, false positive, boundary and attribute error, in context"},
  {nil, "--json", key = "json",
   help = "scores as JSON instead of the table (--json=FILE: JSON to FILE, table too)"},
  {nil, "--min", arg = "KEY=VALUE", key = "min", multi = true,
   help = "fail (status 1) when a score is below VALUE, e.g. entities.lenient.f1=0.9"},
  {"-h", "--help", key = "help", help = "this help"},
}

local function help ()
  return table.concat({
    "usage: lore eval --gold GOLD.jsonl [INPUT...] [-r RULES]... [OPTIONS]",
    "       lore eval --gold GOLD.jsonl --pred PRED.jsonl [INPUT...] [OPTIONS]",
    "",
    "Score the rules (default: the bundled ones) against gold annotations: run",
    "them over the inputs (in parallel, like 'lore extract'), or take the saved",
    "output of 'lore extract' with --pred (INPUTs then only give the texts for",
    "--errors). Only the documents present in both the gold and the predictions",
    "are scored; the others are listed. A gold file can be scored against",
    "another one (--pred) to measure agreement between annotators.",
    "",
    "For entities (label), quotes (type) and figures (kind), per label and",
    "averaged (micro: labels pooled; macro: mean over the labels present):",
    "gold and found counts, precision, recall and F1, exact (same start, end",
    "and label) and lenient (overlapping spans with the same label, matched",
    "one-to-one: exact pairs first, then a maximum matching, largest overlaps",
    "first, so no span counts twice). P = 1 when nothing was found, R = 1 when",
    "there was nothing to find, F1 = 2PR/(P+R) (0 when P+R = 0).",
    "Attribute accuracy over the lenient matches: entities canonical, quotes",
    "speaker, figures value (numbers equal within a relative 1e-9, strings",
    "equal, null = null), unit and approx (these two in --json and --min).",
    "Quotes: gold marked:true is the label direct, marked:false unmarked;",
    "predictions of type indirect are left out when the gold has none; the",
    "row 'any label' (quotes.any) ignores labels.",
    "",
    "--min KEY=VALUE (repeatable) checks a score after printing the table:",
    "  LAYER[.LABEL].exact|lenient.p|r|f1   LAYER[.LABEL].gold|found",
    "  LAYER.macro.exact|lenient.p|r|f1     entities[.LABEL].canonical",
    "  quotes[.LABEL].speaker               figures[.LABEL].value|unit|approx",
    "LAYER is entities, quotes or figures; LABEL e.g. PERSON, direct, any, money.",
    "A score that cannot be measured (no such label, nothing found) fails.",
    "Example: lore eval --gold gold.jsonl corpus/ --min entities.lenient.f1=0.90",
    "         --min quotes.speaker=0.9 --min figures.value=0.98",
    "",
    "Gold documents missing from the predictions, and the reverse, and gold",
    "spans whose text is not the input's bytes at their offsets are reported.",
    "A malformed gold line stops with FILE:LINE: problem (status 1).",
    "",
    "Exit status: 0 scores printed and every --min met; 1 a --min not met, a",
    "malformed gold file, or no document in common; 2 usage error; 3 or 4 as",
    "for 'lore extract' (inputs skipped, rule errors).",
    "",
    util.options_help(SPEC),
  }, "\n")
end

-- The text of a saved prediction record, for snippets and for checking the
-- gold's offsets: its "text" (extract --text), else the INPUTs' document of
-- that id, else the file at meta.path if it is still there.
local function text_finder (inputs, gold)
  local texts
  return function (rec)
    if type(rec.text) == "string" then return rec.text end
    if inputs and #inputs > 0 and not texts then
      texts = {}
      for doc in lore.corpus(inputs, {warn = false}) do
        if gold.docs[doc.id] then texts[doc.id] = doc.text end
      end
    end
    if texts and texts[rec.id] then return texts[rec.id] end
    local path = type(rec.meta) == "table" and rec.meta.path
    if type(path) == "string" then
      local f = io.open(path, "rb")
      if f then
        local t = f:read("a")
        f:close()
        return t
      end
    end
    return nil
  end
end

-- Run fn; a reported error (a string: malformed gold, unreadable file)
-- becomes "lore eval: message" on standard error and nil (status 1).
-- Usage errors and interrupts go on up.
local function guarded (fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then return true end
  if type(err) ~= "string" or err:match("interrupted") then error(err, 0) end
  io.stderr:write("lore eval: ", err, "\n")
  return nil
end

local function main (argv)
  -- --json=FILE: JSON to FILE and the table to stdout
  local args, json_file = {}, nil
  for i, a in ipairs(argv) do
    if a == "--" then
      for j = i, #argv do args[#args + 1] = argv[j] end
      break
    end
    local f = a:match("^%-%-json=(.*)$")
    if f then
      if f == "" then util.usage_error(NAME, "--json= needs a file name") end
      json_file = f
    else
      args[#args + 1] = a
    end
  end
  local opts, inputs = util.parse(NAME, args, SPEC)
  if opts.help then print(help()) return 0 end
  if not opts.gold then util.usage_error(NAME, "--gold FILE is required") end
  local mins = {}
  for _, m in ipairs(opts.min) do
    local c, err = S.parse_min(m)
    if not c then util.usage_error(NAME, err) end
    mins[#mins + 1] = c
  end
  local json_stdout = opts.json and not json_file
  local gold
  if not guarded(function () gold = S.read_gold(opts.gold) end) then return 1 end
  local scorer = S.new(gold, {errors = opts.errors})
  local counters = {skipped = 0, rule_errors = 0}

  if opts.pred then
    local text_of = text_finder(inputs, gold)
    local textless = {}
    local ok = guarded(util.read_jsonl, opts.pred, function (rec, n)
      if type(rec.id) ~= "string" then
        error(string.format('%s:%d: no "id" (a string)', opts.pred, n), 0)
      end
      if gold.docs[rec.id] then
        local text = text_of(rec)
        if not text and not gold.docs[rec.id].text then textless[#textless + 1] = rec.id end
        scorer:add(rec, text)
      else scorer:add(rec) end
    end)
    if not ok then return 1 end
    if #textless > 0 then
      -- said, not silently skipped: without the texts nothing checks that
      -- the gold offsets fit them, and --errors has no context to show
      io.stderr:write(string.format("lore eval: warning: no text for %d document%s (%s%s): " ..
        "gold spans not checked against the text%s; give the inputs, or extract with --text\n",
        #textless, #textless == 1 and "" or "s", table.concat(textless, ", ", 1, math.min(3, #textless)),
        #textless > 3 and ", ..." or "", opts.errors and ", --errors without context" or ""))
    end
  else
    if #inputs == 0 then
      if lore.sys.isatty("stdin") then
        util.usage_error(NAME, "no input (give files or directories, - for standard input, " ..
                               "or --pred FILE.jsonl)")
      end
      inputs = {"-"}
    end
    cli.load_rules(opts)                                    -- fail early on bad rules
    local config = cli.worker_config(opts, {text = true})
    counters = cli.run_pool(NAME, inputs, opts, config, function (_, line)
      local rec, err = lore.json.decode(line)
      if not rec then error("internal: bad record: " .. tostring(err), 0) end
      scorer:add(rec, rec.text)
    end)
  end

  local res = scorer:result()
  if res.documents.scored == 0 then
    for _, l in ipairs(S.document_lines(res)) do io.stderr:write("lore eval: ", l, "\n") end
    io.stderr:write(string.format("lore eval: no document is in both the gold (%s) and the " ..
                                  "predictions: nothing to score\n", opts.gold))
    return 1
  end
  local checks, nfail = S.check(res, mins)

  local color = util.stdout_colors()
  if json_stdout then
    for _, l in ipairs(S.document_lines(res)) do
      if not l:match("^%d+ documents? scored") then io.stderr:write("lore eval: ", l, "\n") end
    end
    for _, w in ipairs(res.warnings) do io.stderr:write("lore eval: warning: ", w, "\n") end
    for _, c in ipairs(checks) do if not c.ok then io.stderr:write(c.line, "\n") end end
    io.stdout:write(lore.json.encode(S.json(res, checks)), "\n")
  else
    local out = {S.render(res, {util = util, color = color})}
    if opts.errors then out[#out + 1] = "\n" .. S.render_errors(res) end
    if #checks > 0 then
      out[#out + 1] = "\nthresholds:"
      for _, c in ipairs(checks) do
        out[#out + 1] = c.ok and c.line or color("red", c.line)
      end
    end
    io.stdout:write(table.concat(out, "\n"), "\n")
    io.stdout:flush()
    if json_file then util.write_file(json_file, lore.json.encode(S.json(res, checks)) .. "\n") end
  end
  if nfail > 0 then
    io.stderr:write(string.format("lore eval: %d of %d thresholds not met\n", nfail, #checks))
    return 1
  end
  return cli.status_of(counters)
end

return {
  name = NAME,
  summary = "score rules against gold annotations",
  usage = "lore eval --gold GOLD.jsonl [INPUT...] [-r RULES]... [OPTIONS]",
  help = help,
  main = main,
}
