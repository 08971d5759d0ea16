-- A slow but finite rule (tests/suites/50-robustness.sh): gives a run
-- time to be interrupted. Each match burns a few million instructions.
phase "slow"
layer("slow")
rule { name = "busy", layer = "slow", label = "X", regex = [[\bPutin\b]],
  action = function (m, doc)
    local n = 0
    for i = 1, 2000000 do n = n + i end
    m.attrs.n = n
  end }
