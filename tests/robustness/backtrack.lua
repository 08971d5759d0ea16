-- A regex with catastrophic backtracking (tests/suites/50-robustness.sh):
-- on a long run of 'a' not followed by the end, PCRE2's match limit must
-- end the search with an error naming the pattern and the document.
phase "runaway"
layer("runaway")
rule { name = "nested", layer = "runaway", label = "X", regex = [[(a+)+$]] }
