-- tests/cluster/jsonl-norm.lua: lore run tests/cluster/jsonl-norm.lua -- FILE...
-- Print each JSON line of FILEs decoded and encoded again (keys sorted), so
-- that records can be compared byte for byte whatever order `lore extract`
-- wrote their span attributes in.
for _, path in ipairs(arg) do
  lore.util.read_jsonl(path, function (rec) io.write(lore.json.encode(rec), "\n") end)
end
