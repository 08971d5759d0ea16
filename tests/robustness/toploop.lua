-- A rule file whose own code never ends (tests/suites/50-robustness.sh):
-- loading it must stop at the instruction budget (--rule-timeout).
phase "runaway"
local n = 0
while true do n = n + 1 end
