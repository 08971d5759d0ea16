-- lore.util: command-line helpers shared by the lore executable and the
-- bundled scripts: option parsing, output files written whole or not at
-- all, a progress line, colours on terminals, aligned tables.
local lore = require "lore"

local M = {}

-- {======================================================================
-- Options
-- =======================================================================

-- An error to report as "lore CMD: msg" without a traceback (exit status 1):
-- bad input files, unreadable gold, and the like.
function M.fail (cmd, msg)
  error({fail = true, msg = string.format("lore %s: %s", cmd, msg)}, 0)
end

-- A usage error: the command line is wrong (exit status 2).
function M.usage_error (cmd, msg)
  error({usage = true, msg = string.format("lore %s: %s (see 'lore help %s')",
                                           cmd, msg, cmd)}, 0)
end

--[[
Parse argv (a list) against spec, a list of options:
  {"-o", "--output", arg = "FILE", key = "output", help = "..."}
  {"-j", "--jobs", arg = "N", key = "jobs", number = true}
  {"-r", "--rules", arg = "FILE", key = "rules", multi = true}
  {nil, "--errors", key = "errors"}             -- a flag
Returns opts (keys -> values; multi -> lists), positional (list) and rest
(the arguments after "--"). "--opt=value" and "-oVALUE" forms are accepted.
]]
function M.parse (cmd, argv, spec)
  local by = {}
  for _, o in ipairs(spec) do
    if o[1] then by[o[1]] = o end
    if o[2] then by[o[2]] = o end
  end
  local opts, pos, rest = {}, {}, {}
  for _, o in ipairs(spec) do
    if o.multi then opts[o.key] = {} end
    if o.default ~= nil then opts[o.key] = o.default end
  end
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      for j = i + 1, #argv do rest[#rest + 1] = argv[j] end
      break
    elseif a ~= "-" and a:sub(1, 1) == "-" then
      local name, val = a:match("^(%-%-[^=]+)=(.*)$")
      name = name or a
      local o = by[name]
      if not o and not a:match("^%-%-") and #a > 2 then   -- -oVALUE
        o = by[a:sub(1, 2)]
        if o and o.arg then name, val = a:sub(1, 2), a:sub(3) else o = nil end
      end
      if not o then M.usage_error(cmd, "unknown option '" .. a .. "'") end
      if o.arg then
        if val == nil then
          i = i + 1
          val = argv[i]
          if val == nil then M.usage_error(cmd, "option " .. name .. " needs " .. o.arg) end
        end
        if o.number then
          local v = tonumber(val)
          if not v then M.usage_error(cmd, "option " .. name .. " needs a number, got '" .. val .. "'") end
          if o.min and v < o.min then
            M.usage_error(cmd, string.format("option %s needs a number of at least %s, got '%s'",
                                             name, tostring(o.min), val))
          end
          val = v
        end
        if o.check then
          local err = o.check(val)
          if err then M.usage_error(cmd, "option " .. name .. ": " .. err) end
        end
        if o.multi then table.insert(opts[o.key], val) else opts[o.key] = val end
      else
        if val ~= nil then M.usage_error(cmd, "option " .. name .. " takes no value") end
        opts[o.key] = true
      end
    else
      pos[#pos + 1] = a
    end
    i = i + 1
  end
  return opts, pos, rest
end

-- Help text of an option list, aligned.
function M.options_help (spec)
  local lines, w = {}, 0
  local heads = {}
  for i, o in ipairs(spec) do
    local h = (o[1] and (o[1] .. ", ") or "    ") .. (o[2] or "")
    if o.arg then h = h .. " " .. o.arg end
    heads[i] = h
    if #h > w then w = #h end
  end
  for i, o in ipairs(spec) do
    lines[#lines + 1] = string.format("  %-" .. w .. "s  %s", heads[i], o.help or "")
  end
  return table.concat(lines, "\n")
end

-- }======================================================================

-- {======================================================================
-- Output files written whole or not at all
-- =======================================================================

local open_outputs = setmetatable({}, {__mode = "k"})

local Output = {}
Output.__index = Output

function Output:write (...)
  local ok, err = self.f:write(...)
  if not ok then error("writing " .. self.path .. ": " .. tostring(err), 0) end
  return self
end

-- Finish: flush, close and rename over the target.
function Output:commit ()
  if self.done then return end
  self.done = true
  open_outputs[self] = nil
  if self.f == io.stdout then self.f:flush() return end
  local ok, err = self.f:close()
  if not self.tmp then                      -- a device or pipe, written directly
    if not ok then error("writing " .. self.path .. ": " .. tostring(err), 0) end
    return
  end
  if not ok then os.remove(self.tmp) error("writing " .. self.path .. ": " .. tostring(err), 0) end
  local r, e = lore.sys.commit(self.tmp, self.path)
  if not r then os.remove(self.tmp) error(e, 0) end
end

-- Give up: remove the temporary file; the target is untouched.
function Output:abort ()
  if self.done then return end
  self.done = true
  open_outputs[self] = nil
  if self.f ~= io.stdout then
    pcall(self.f.close, self.f)
    if self.tmp then os.remove(self.tmp) end
  end
end

Output.__close = function (self, err) if err ~= nil or not self.done then self:abort() end end
Output.__gc = Output.abort

-- Open path for writing through a temporary file beside it ("-" or nil:
-- standard output, written as it goes).
function M.output (path)
  if path == nil or path == "-" then
    return setmetatable({f = io.stdout, path = "-", done = false}, Output)
  end
  local st = lore.sys.stat(path)
  if st and st.type == "directory" then error("cannot write " .. path .. ": Is a directory", 0) end
  if st and st.type ~= "file" then
    -- /dev/null, a FIFO, a terminal: written as it goes; a rename would
    -- put a plain file in its place
    local f, err = io.open(path, "wb")
    if not f then error("cannot write " .. path .. ": " .. tostring(err), 0) end
    return setmetatable({f = f, path = path, done = false}, Output)
  end
  local tmp = string.format("%s.lore-tmp-%d", path, lore.sys.getpid())
  local f, err = io.open(tmp, "wb")
  if not f then error("cannot write " .. path .. ": " .. tostring(err), 0) end
  local o = setmetatable({f = f, path = path, tmp = tmp, done = false}, Output)
  open_outputs[o] = true
  return o
end

-- Fail now, before a long run, if path (a file to write at the end) could
-- not be written: its folder missing or read-only, or a directory there.
function M.check_writable (cmd, path)
  if path == nil or path == "-" then return end
  local st = lore.sys.stat(path)
  if st and st.type == "directory" then M.fail(cmd, "cannot write " .. path .. ": Is a directory") end
  if st and st.type ~= "file" then return end            -- a device or FIFO
  local probe = string.format("%s.lore-tmp-%d", path, lore.sys.getpid())
  local f, err = io.open(probe, "wb")
  if not f then M.fail(cmd, "cannot write " .. path .. ": " .. tostring(err):gsub("^[^:]*: ", "")) end
  f:close()
  os.remove(probe)
end

-- Remove the temporary files of outputs not committed (interrupt path).
function M.abort_outputs ()
  for o in pairs(open_outputs) do o:abort() end
end

-- Write a whole string to path atomically ("-": standard output).
function M.write_file (path, data)
  if path == nil or path == "-" then io.stdout:write(data) return end
  local ok, err = lore.sys.write_atomic(path, data)
  if not ok then error("cannot write " .. err, 0) end
end

-- }======================================================================

-- {======================================================================
-- Terminal: colours, progress
-- =======================================================================

local COLORS = {bold = "1", dim = "2", red = "31", green = "32", yellow = "33",
                blue = "34", magenta = "35", cyan = "36", grey = "90"}

-- Whether some colorizer of this state colours (printable() then keeps
-- colour codes in text marked as coloured; without colours any such code
-- came from a corpus).
local colouring = false

function M.colorizer (enabled)
  if not enabled then return function (_, s) return s end end
  colouring = true
  return function (style, s)
    local c = COLORS[style]
    if not c then return s end
    return "\27[" .. c .. "m" .. s .. "\27[0m"
  end
end

-- color for stdout: on only for a terminal and when NO_COLOR is unset.
function M.stdout_colors ()
  return M.colorizer(lore.sys.isatty("stdout") and not os.getenv("NO_COLOR"))
end

local function fmt_time (s)
  if s ~= s or s == math.huge or s < 0 then return "?" end
  s = math.floor(s + 0.5)
  return string.format("%d:%02d", s // 60, s % 60)
end

-- A byte count for people: "812 bytes", "27.3 KB", "16.0 MB".
function M.size (n)
  if n < 1000 then return string.format("%d bytes", n) end
  if n < 1e6 then return string.format("%.1f KB", n / 1e3) end
  return string.format("%.1f MB", n / 1e6)
end

-- A progress line on standard error, shown only on a terminal and unless
-- quiet: "docs 120 · 3.4 MB · 12.0 MB/s · ETA 0:12".
function M.progress (inputs, quiet)
  local p = {enabled = not quiet and lore.sys.isatty("stderr"), last = 0}
  if not p.enabled then
    function p.update () end
    function p.done () end
    return p
  end
  p.total = lore.sys.du(inputs or {})
  p.t0 = lore.sys.time()
  function p.update (docs, bytes, force)
    local now = lore.sys.time()
    if not force and now - p.last < 0.2 then return end
    p.last = now
    local dt = now - p.t0
    local rate = dt > 0 and bytes / dt or 0
    local eta = (p.total > 0 and rate > 0) and (p.total - bytes) / rate or -1
    io.stderr:write(string.format("\r\27[Kdocs %d · %.1f MB · %.1f MB/s · ETA %s",
      docs, bytes / 1e6, rate / 1e6, fmt_time(eta)))
  end
  function p.done ()
    io.stderr:write("\r\27[K")
  end
  return p
end

-- }======================================================================

-- {======================================================================
-- Text tables
-- =======================================================================

-- Display width of a UTF-8 string in terminal columns (wide CJK
-- characters count two).
M.width = lore.sys.width

-- Text from a corpus made safe for a terminal: white space becomes a
-- space, other control characters (C0, DEL, C1: escape sequences could
-- recolour, move the cursor or clear the screen) and invalid UTF-8 a
-- replacement character. With keep_sgr, colour codes (ESC [ ... m) that
-- lore itself added are kept.
-- Invalid UTF-8 bytes replaced by U+FFFD.
local function valid_utf8 (s)
  local out, i = {}, 1
  while true do
    local n, bad = utf8.len(s, i)
    if n then out[#out + 1] = s:sub(i) break end
    out[#out + 1] = s:sub(i, bad - 1)
    out[#out + 1] = "\u{FFFD}"
    i = bad + 1
  end
  return table.concat(out)
end

function M.printable (s, keep_sgr)
  s = tostring(s)
  if not s:find("[%c\127\128-\255]") then return s end
  if not utf8.len(s) then s = valid_utf8(s) end
  if not (keep_sgr and colouring) then
    return (s:gsub("[\t\n\r\v\f]", " "):gsub("[%z\1-\31\127]", "\u{FFFD}")
             :gsub("\194[\128-\159]", "\u{FFFD}"))
  end
  local out, pos = {}, 1
  while true do
    local a, b = s:find("\27%[[%d;]*m", pos)
    out[#out + 1] = M.printable(s:sub(pos, a and a - 1 or -1))
    if not a then break end
    out[#out + 1] = s:sub(a, b)
    pos = b + 1
  end
  return table.concat(out)
end

-- Cut s to at most w display columns, with an ellipsis.
function M.cut (s, w)
  s = M.printable(s)
  if M.width(s) <= w then return s end
  if w <= 1 then return "…" end
  local out, n = {}, 0
  for _, c in utf8.codes(s) do
    local ch = utf8.char(c)
    local cw = M.width(ch)
    if n + cw > w - 1 then break end
    out[#out + 1] = ch
    n = n + cw
  end
  return table.concat(out) .. "…"
end

local function pad (s, w, right)
  local n = w - M.width(s)
  if n <= 0 then return s end
  return right and (string.rep(" ", n) .. s) or (s .. string.rep(" ", n))
end

--[[
Render rows (lists of cells) under headers as an aligned table at most
`width` columns wide. opts.right = {true at numeric columns}, opts.max =
{max width per column}; the widest flexible column shrinks to fit.
]]
function M.table (headers, rows, opts)
  opts = opts or {}
  local width = opts.width or 100
  local ncol = #headers
  local w = {}
  for c = 1, ncol do w[c] = M.width(headers[c]) end
  for _, r in ipairs(rows) do
    for c = 1, ncol do
      local x = M.width(M.printable(r[c] == nil and "" or r[c]))
      if x > w[c] then w[c] = x end
    end
  end
  if opts.max then
    for c = 1, ncol do if opts.max[c] and w[c] > opts.max[c] then w[c] = opts.max[c] end end
  end
  local total = 0
  for c = 1, ncol do total = total + w[c] end
  total = total + 2 * (ncol - 1)
  while total > width do                     -- shrink the widest column
    local big = 1
    for c = 2, ncol do if w[c] > w[big] then big = c end end
    if w[big] <= 6 then break end
    local cut = math.min(total - width, w[big] - 6)
    w[big] = w[big] - cut
    total = total - cut
  end
  local right = opts.right or {}
  local color = opts.color or function (_, s) return s end
  local out = {}
  local head = {}
  for c = 1, ncol do head[c] = pad(M.cut(headers[c], w[c]), w[c], right[c]) end
  out[#out + 1] = color("bold", (table.concat(head, "  "):gsub("%s+$", "")))
  for _, r in ipairs(rows) do
    local cells = {}
    for c = 1, ncol do
      local v = r[c] == nil and "" or tostring(r[c])
      cells[c] = pad(M.cut(v, w[c]), w[c], right[c])
    end
    out[#out + 1] = (table.concat(cells, "  "):gsub("%s+$", ""))
  end
  return table.concat(out, "\n")
end

-- }======================================================================

-- Sorted keys of a table (strings before numbers; stable across runs).
function M.sorted_keys (t, cmp)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, cmp or function (a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  return ks
end

-- Read a JSON Lines file: calls fn(record, lineno) for each line. Bad lines
-- raise with the file name and line number.
function M.read_jsonl (path, fn)
  local f, err
  if path == "-" then f = io.stdin else f, err = io.open(path, "rb") end
  if not f then error("cannot read " .. path .. ": " .. tostring(err), 0) end
  local n = 0
  for line in f:lines() do
    n = n + 1
    if line:match("%S") then
      local rec, e = lore.json.decode(line)
      if rec == nil or type(rec) ~= "table" then
        if f ~= io.stdin then f:close() end
        error(string.format("%s:%d: %s", path, n, e or "not a JSON object"), 0)
      end
      fn(rec, n)
    end
  end
  if f ~= io.stdin then f:close() end
  return n
end

return M
