-- A rule whose action never returns (tests/suites/50-robustness.sh):
-- the pool's instruction budget (--rule-timeout) must stop it.
phase "runaway"
layer("runaway")
rule { name = "forever", layer = "runaway", label = "X", regex = [[\w+]],
  action = function (m, doc)
    local n = 0
    while true do n = n + 1 end
  end }
