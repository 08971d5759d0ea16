-- A rule that adds spans without end (tests/suites/50-robustness.sh): the
-- spans live in C, outside the Lua heap that --rule-memory caps, so the
-- instruction budget is what stops it; the document's record may then not
-- fit in the worker's memory cap, and the error says so.
phase "runaway"
layer("runaway")
rule { name = "flood", layer = "runaway", label = "X", regex = [[\w+]],
  action = function (m, doc)
    while true do doc:add("flood", 0, 1, {label = "X"}) end
  end }
