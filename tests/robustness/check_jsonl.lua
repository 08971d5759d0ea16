-- tests/robustness/check_jsonl.lua: strict checks of `lore extract` output
-- for tests/suites/50-robustness.sh.
--
--   lore run check_jsonl.lua OUT               every line a JSON object
--   lore run check_jsonl.lua OUT -- ids        ... then print the ids
--   lore run check_jsonl.lua OUT -- get ID KEY...
--        ... then print the value at doc[KEY1][KEY2]... (strings raw,
--        other values JSON-encoded); numeric keys index arrays (1-based)
--   lore run check_jsonl.lua OUT -- same ID FILE
--        ... then check that the decoded "text" of document ID is FILE's
--        bytes exactly; prints "same" or where they differ
--   lore run check_jsonl.lua OUT -- nocr ID
--        ... then check that no sentence of ID ends on a CR or LF
--
-- A line passes when it is valid UTF-8 (strict: no overlongs, surrogates
-- or code points past U+10FFFF), holds no raw control byte, and jansson
-- (lore.json.decode, strict) reads a JSON object from it. Exit status 1
-- with the line number and the reason on the first bad line.
local path = lore.inputs[1]
local f = assert(io.open(path, "rb"))
local docs, order, n = {}, {}, 0
for line in f:lines() do
  n = n + 1
  local function bad (why)
    io.stderr:write(string.format("%s:%d: %s\n", path, n, why))
    os.exit(1)
  end
  if not utf8.len(line) then bad("invalid UTF-8") end
  local c = line:find("[%z\1-\31\127]")
  if c then bad(string.format("raw control byte 0x%02X at %d", line:byte(c), c)) end
  local rec, err = lore.json.decode(line)
  if type(rec) ~= "table" then bad("not a JSON object: " .. tostring(err)) end
  if rec.id == nil then bad("no id") end
  docs[rec.id] = rec
  order[#order + 1] = rec.id
end
f:close()

local cmd = arg[1]
if cmd == nil then
  print(n .. " lines ok")
elseif cmd == "ids" then
  for _, id in ipairs(order) do print(id) end
elseif cmd == "get" then
  local v = docs[arg[2]]
  for i = 3, #arg do
    if type(v) ~= "table" then v = nil break end
    local k = arg[i]
    v = v[tonumber(k) or k]
  end
  if type(v) == "string" then io.write(v, "\n") else print(lore.json.encode(v)) end
elseif cmd == "same" then
  local rec = docs[arg[2]]
  local g = assert(io.open(arg[3], "rb"))
  local want = g:read("a")
  g:close()
  local got = rec and rec.text
  if got == want then print("same") os.exit(0) end
  if type(got) ~= "string" then print("no text") os.exit(1) end
  local i = 1
  while i <= #want and got:byte(i) == want:byte(i) do i = i + 1 end
  print(string.format("differ at byte %d (%d and %d bytes)", i, #got, #want))
  os.exit(1)
elseif cmd == "nocr" then
  local rec = docs[arg[2]]
  for _, s in ipairs(rec.sentences) do
    local last = rec.text:sub(s[2], s[2])
    if last == "\r" or last == "\n" then
      print(string.format("sentence [%d,%d) ends on a line break", s[1], s[2]))
      os.exit(1)
    end
  end
  print("ok")
end
