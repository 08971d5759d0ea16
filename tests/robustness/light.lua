-- A cheap rule for the 100 MB single-line document of
-- tests/suites/50-robustness.sh: the reader, tokenizer, segmenter and the
-- JSON writer are what that test is about.
phase "light"
layer("light")
rule { name = "rare", layer = "light", label = "X", regex = [[\bZanzibar\b]] }
