-- A tiny rule file for the tests of lore eval (tests/lua/test_eval.lua):
-- deterministic, independent of the bundled rules.
phase "entities"
layer("entities", {policy = "longest", label_key = "label"})

rule {
  name = "putin", layer = "entities", label = "PERSON", regex = "\\bPutin\\b",
  action = function (m) m.attrs.canonical = "Vladimir Putin" end,
}

rule {
  name = "gaza", layer = "entities", label = "PLACE", regex = "\\bGaza\\b",
}
