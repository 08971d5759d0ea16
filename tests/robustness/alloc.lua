-- A rule whose action allocates without bound (tests/suites/50-robustness.sh):
-- the worker state's memory cap (--rule-memory) must stop it.
phase "runaway"
layer("runaway")
rule { name = "hog", layer = "runaway", label = "X", regex = [[\w+]],
  action = function (m, doc)
    local t = {}
    local s = string.rep("x", 1 << 20)
    for i = 1, math.huge do t[i] = s .. i end
  end }
