-- A rule file whose own code allocates without bound
-- (tests/suites/50-robustness.sh): loading it must stop at the memory cap
-- (--rule-memory).
phase "runaway"
local t = {}
for i = 1, math.huge do t[i] = string.rep("x", 1 << 16) .. i end
