-- Regexes with catastrophic backtracking (tests/suites/50-robustness.sh):
-- on a long run of 'a' followed by 'b', PCRE2's limits must end the
-- search with an error naming the pattern and the document, with the JIT
-- (match limit) and without it (flag J: match, depth and heap limits).
phase "runaway"
layer("runaway")
rule { name = "nested", layer = "runaway", label = "X", regex = [[(a+)+$]] }
rule { name = "nested_nojit", layer = "runaway", label = "X",
       regex = [[(a|aa)+$]], flags = "J" }
