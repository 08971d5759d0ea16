-- A rule that raises an error on every document that names Putin
-- (tests/suites/50-robustness.sh: --fail-fast, exit status 4).
phase "fail"
layer("fail")
rule { name = "boom", layer = "fail", label = "X", regex = [[\bPutin\b]],
  action = function (m, doc) error("boom at " .. m.start) end }
