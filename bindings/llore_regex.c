/*
** llore_regex.c
** lore.regex(pattern [, flags]): PCRE2 regexes over strings and documents.
** Offsets are 0-based bytes, end exclusive. A subject with invalid UTF-8 is
** matched through a same-length copy with '?' in place of the bad bytes.
*/
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "llore_opts.h"
#include "lore_utf8.h"

typedef struct LRegex { lore_regex *re; } LRegex;

static lore_regex *checkregex (lua_State *L, int idx) {
  LRegex *p = (LRegex *)luaL_checkudata(L, idx, LORE_REGEX_MT);
  if (p->re == NULL) luaL_error(L, "attempt to use a freed regex");
  return p->re;
}

/* lore.regex(pattern [, flags]) */
static int l_regex (lua_State *L) {
  size_t len;
  const char *pat = luaL_checklstring(L, 1, &len);
  const char *fl = luaL_optstring(L, 2, "");
  unsigned flags;
  lore_error err;
  LRegex *p;
  lore_error_clear(&err);
  if (lore_regex_flags(fl, &flags, &err) != LORE_OK)
    return luaL_argerror(L, 2, err.msg);
  p = (LRegex *)lua_newuserdatauv(L, sizeof(LRegex), 0);
  p->re = NULL;
  luaL_setmetatable(L, LORE_REGEX_MT);
  p->re = lore_regex_compile(pat, len, flags, &err);
  if (p->re == NULL) return luaL_error(L, "lore.regex: %s", err.msg);
  return 1;
}

static int regex_gc (lua_State *L) {
  LRegex *p = (LRegex *)luaL_checkudata(L, 1, LORE_REGEX_MT);
  lore_regex_free(p->re);
  p->re = NULL;
  return 0;
}

/*
** The subject at idx: a string or a document. Returns valid UTF-8 bytes
** of the same length (a '?'-patched copy is pushed and anchored when the
** string is invalid). *isdoc tells whether it was a document.
*/
static const char *subject (lua_State *L, int idx, size_t *len, int *isdoc) {
  const char *s;
  *isdoc = 0;
  if (lua_type(L, idx) == LUA_TSTRING) {
    s = lua_tolstring(L, idx, len);
    if (lore_utf8_count_invalid(s, *len) > 0) {
      luaL_Buffer b;
      size_t i = 0;
      char *out = luaL_buffinitsize(L, &b, *len);
      while (i < *len) {
        int32_t cp;
        size_t n = lore_utf8_decode((const unsigned char *)s + i, *len - i, &cp);
        if (cp == LORE_UTF8_INVALID) memset(out + i, '?', n);
        else memcpy(out + i, s + i, n);
        i += n;
      }
      luaL_pushresultsize(&b, *len);
      lua_replace(L, idx);                  /* anchor the copy */
      s = lua_tolstring(L, idx, len);
    }
    return s;
  }
  else {
    lore_doc *d = llore_todoc(L, idx);
    *isdoc = 1;
    lore_doc_text(d, len);
    s = lore_doc_valid_text(d);
    if (s == NULL) luaL_error(L, "out of memory");
    return s;
  }
}

/* Raise a matching error, naming the document when there is one. */
static int matcherror (lua_State *L, int subj, int isdoc, lore_error *err) {
  if (isdoc) {
    lua_getfield(L, subj, "id");
    return luaL_error(L, "%s (document %s)", err->msg,
                      lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
  }
  return luaL_error(L, "%s", err->msg);
}

#define MAXGROUPS 64

/*
** Names a named group may not take at the top of a match table: its own
** fields, and those the rule engine puts on a match for an action. Such a
** group is read through m.captures or m.spans, like any other.
*/
static int fieldname (const char *name) {
  static const char *const fields[] = {
    "start", "stop", "text", "spans", "captures",
    "label", "layer", "attrs", "doc", "rule", NULL
  };
  int i;
  for (i = 0; fields[i] != NULL; i++)
    if (strcmp(name, fields[i]) == 0) return 1;
  return 0;
}

/* t[name] = value at the top (popped), unless t[name] is already a string
** or a table: with duplicate names (?J) the group that took part wins. */
static void setname (lua_State *L, int t, const char *name) {
  int ty = lua_getfield(L, t, name);
  lua_pop(L, 1);
  if (ty == LUA_TSTRING || ty == LUA_TTABLE) lua_pop(L, 1);
  else lua_setfield(L, t, name);
}

/*
** Push a match table: {start=, stop=, text=, [i] = capture text (false
** when unset), name = capture text (false when unset; not for the names
** fieldname() lists), spans = {[i] = {start, stop} or false, name = ...},
** captures = {[i] = {start=, stop=, text=}, name = ...} (groups that took
** part only, as in token pattern matches)}.
*/
static void pushmatch (lua_State *L, lore_regex *re, const char *s,
                       const size_t *ov, int ng) {
  int i, m, spans, caps;
  lua_createtable(L, ng, 5);
  m = lua_gettop(L);
  lua_pushinteger(L, (lua_Integer)ov[0]); lua_setfield(L, m, "start");
  lua_pushinteger(L, (lua_Integer)ov[1]); lua_setfield(L, m, "stop");
  lua_pushlstring(L, s + ov[0], ov[1] - ov[0]); lua_setfield(L, m, "text");
  lua_createtable(L, ng, 0);
  spans = lua_gettop(L);
  lua_createtable(L, ng, 0);
  caps = lua_gettop(L);
  for (i = 1; i <= ng; i++) {
    const char *name = lore_regex_group_name(re, i);
    size_t a = ov[2 * i], b = ov[2 * i + 1];
    if (a == LORE_RE_UNSET) {
      lua_pushboolean(L, 0); lua_rawseti(L, m, i);
      lua_pushboolean(L, 0); lua_rawseti(L, spans, i);
      if (name != NULL) {
        if (!fieldname(name)) { lua_pushboolean(L, 0); setname(L, m, name); }
        lua_pushboolean(L, 0); setname(L, spans, name);
      }
      continue;
    }
    lua_pushlstring(L, s + a, b - a);
    if (name != NULL && !fieldname(name)) {
      lua_pushvalue(L, -1);
      setname(L, m, name);
    }
    lua_rawseti(L, m, i);
    lua_createtable(L, 2, 0);
    lua_pushinteger(L, (lua_Integer)a); lua_rawseti(L, -2, 1);
    lua_pushinteger(L, (lua_Integer)b); lua_rawseti(L, -2, 2);
    if (name != NULL) { lua_pushvalue(L, -1); setname(L, spans, name); }
    lua_rawseti(L, spans, i);
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, (lua_Integer)a); lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)b); lua_setfield(L, -2, "stop");
    lua_rawgeti(L, m, i); lua_setfield(L, -2, "text");
    if (name != NULL) { lua_pushvalue(L, -1); setname(L, caps, name); }
    lua_rawseti(L, caps, i);
  }
  lua_setfield(L, m, "captures");
  lua_setfield(L, m, "spans");
}

static int ngroups (lore_regex *re) {
  int n = lore_regex_ncaptures(re);
  return n < MAXGROUPS ? n : MAXGROUPS - 1;
}

/* One search from init (argument 3) for find and match: 1 and ov filled,
** or 0 (nil already pushed). Raises on matching errors. */
static int search_once (lua_State *L, lore_regex *re, const char **s,
                        size_t *ov) {
  size_t len, init;
  int isdoc, rc;
  lore_error err;
  *s = subject(L, 2, &len, &isdoc);
  init = lua_isnoneornil(L, 3) ? 0 : llore_checkoffset(L, 3, len, "offset");
  rc = lore_regex_exec(re, *s, len, init, LORE_REX_VALID, ov, MAXGROUPS, &err);
  if (rc < 0) return matcherror(L, 2, isdoc, &err);
  if (rc == 0) luaL_pushfail(L);
  return rc;
}

/* re:find(subject [, init]) -> start, stop | nil */
static int regex_find (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  size_t ov[2 * MAXGROUPS];
  const char *s;
  if (!search_once(L, re, &s, ov)) return 1;
  lua_pushinteger(L, (lua_Integer)ov[0]);
  lua_pushinteger(L, (lua_Integer)ov[1]);
  return 2;
}

/* re:match(subject [, init]) -> match table | nil */
static int regex_match (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  size_t ov[2 * MAXGROUPS];
  const char *s;
  if (!search_once(L, re, &s, ov)) return 1;
  pushmatch(L, re, s, ov, ngroups(re));
  return 1;
}

/* Iterate matches from *pos, stepping past empty ones. Returns 1 with ov
** filled, 0 at the end. */
static int nextmatch (lua_State *L, lore_regex *re, const char *s, size_t len,
                      size_t *pos, int *lastempty, size_t *ov, int subj,
                      int isdoc) {
  lore_error err;
  unsigned opts = LORE_REX_VALID | (*lastempty ? LORE_REX_NOTEMPTY_ATSTART : 0);
  int rc;
  if (*pos > len) return 0;
  rc = lore_regex_exec(re, s, len, *pos, opts, ov, MAXGROUPS, &err);
  if (rc < 0) return matcherror(L, subj, isdoc, &err);
  if (rc == 0) {
    if (*lastempty && *pos < len) {         /* retry one character later */
      int32_t cp;
      *pos += lore_utf8_decode((const unsigned char *)s + *pos, len - *pos, &cp);
      *lastempty = 0;
      return nextmatch(L, re, s, len, pos, lastempty, ov, subj, isdoc);
    }
    return 0;
  }
  *lastempty = ov[1] == ov[0];
  *pos = ov[1];
  return 1;
}

/* re:scan(subject) -> list of match tables */
static int regex_scan (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  size_t len, pos = 0, ov[2 * MAXGROUPS];
  int isdoc, lastempty = 0;
  lua_Integer n = 0;
  const char *s = subject(L, 2, &len, &isdoc);
  int ng = ngroups(re);
  lua_newtable(L);
  while (nextmatch(L, re, s, len, &pos, &lastempty, ov, 2, isdoc)) {
    pushmatch(L, re, s, ov, ng);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* re:offsets(subject) -> flat list: for each match its start and stop,
** then start and stop of groups 1..n (-1, -1 when unset). */
static int regex_offsets (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  size_t len, pos = 0, ov[2 * MAXGROUPS];
  int isdoc, lastempty = 0, g, ng = ngroups(re);
  lua_Integer k = 0;
  const char *s = subject(L, 2, &len, &isdoc);
  lua_newtable(L);
  while (nextmatch(L, re, s, len, &pos, &lastempty, ov, 2, isdoc)) {
    for (g = 0; g <= ng; g++) {
      lua_Integer a = ov[2 * g] == LORE_RE_UNSET ? -1 : (lua_Integer)ov[2 * g];
      lua_Integer b = ov[2 * g] == LORE_RE_UNSET ? -1 : (lua_Integer)ov[2 * g + 1];
      lua_pushinteger(L, a); lua_rawseti(L, -2, ++k);
      lua_pushinteger(L, b); lua_rawseti(L, -2, ++k);
    }
  }
  return 1;
}

static int gmatch_aux (lua_State *L) {
  lore_regex *re = checkregex(L, lua_upvalueindex(1));
  size_t len, pos = (size_t)lua_tointeger(L, lua_upvalueindex(3)),
         ov[2 * MAXGROUPS];
  int isdoc, lastempty = lua_toboolean(L, lua_upvalueindex(4));
  const char *s;
  lua_pushvalue(L, lua_upvalueindex(2));
  s = subject(L, lua_gettop(L), &len, &isdoc);
  if (!nextmatch(L, re, s, len, &pos, &lastempty, ov, lua_gettop(L), isdoc))
    return 0;
  lua_pushinteger(L, (lua_Integer)pos);
  lua_replace(L, lua_upvalueindex(3));
  lua_pushboolean(L, lastempty);
  lua_replace(L, lua_upvalueindex(4));
  pushmatch(L, re, s, ov, ngroups(re));
  return 1;
}

/* re:gmatch(subject [, init]) -> iterator of match tables */
static int regex_gmatch (lua_State *L) {
  size_t len;
  int isdoc;
  checkregex(L, 1);
  subject(L, 2, &len, &isdoc);              /* validates (and anchors) */
  lua_settop(L, 3);
  lua_pushinteger(L, lua_isnoneornil(L, 3) ? 0
                  : (lua_Integer)llore_checkoffset(L, 3, len, "offset"));
  lua_replace(L, 3);
  lua_pushboolean(L, 0);
  lua_pushcclosure(L, gmatch_aux, 4);
  return 1;
}

/*
** re:spans(doc, layer [, {label=, priority=, rule=, group=}]) -> count
** Add every match (or the extent of capture `group`, a name or number) as
** a span of the layer, in C.
*/
static int regex_spans (lua_State *L) {
  static const char *const keys[] = {"label", "priority", "rule", "group",
                                     NULL};
  lore_regex *re = checkregex(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  const char *lname = lua_tostring(L, llore_checklayer_name(L, 3));
  size_t len, pos = 0, ov[2 * MAXGROUPS];
  int isdoc, lastempty = 0, group = 0;
  uint32_t label = 0, rule = 0;
  lua_Integer prio = 0, n = 0;
  lore_layer *l;
  const char *s = subject(L, 2, &len, &isdoc);
  if (!lua_isnoneornil(L, 4)) {
    int ty;
    llore_check_options(L, 4, keys);
    if (llore_opt_field(L, 4, "label", LUA_TSTRING) == LUA_TSTRING) {
      size_t ln; const char *lab = lua_tolstring(L, -1, &ln);
      label = llore_label_id(L, lab, ln);
    }
    lua_pop(L, 1);
    prio = llore_opt_integer(L, 4, "priority", 0);
    rule = (uint32_t)llore_opt_integer(L, 4, "rule", 0);
    ty = lua_getfield(L, 4, "group");
    if (ty == LUA_TSTRING) {
      group = lore_regex_group_index(re, lua_tostring(L, -1));
      if (group < 0)
        luaL_argerror(L, 4, lua_pushfstring(L, "no group named '%s'",
                                            lua_tostring(L, -1)));
    }
    else if (lua_isinteger(L, -1)) {
      lua_Integer g = lua_tointeger(L, -1);
      if (g < 0 || g > lore_regex_ncaptures(re))
        luaL_argerror(L, 4, lua_pushfstring(L, "no group %I (the regex has "
                                            "%d)", g,
                                            lore_regex_ncaptures(re)));
      group = (int)g;
    }
    else if (ty != LUA_TNIL)
      luaL_argerror(L, 4, lua_pushfstring(L, "option 'group' must be a group "
                                          "name or number, got %s",
                                          luaL_tolstring(L, -1, NULL)));
    if (group > ngroups(re))
      luaL_argerror(L, 4, lua_pushfstring(L, "group %d is past the first %d",
                                          group, ngroups(re)));
    lua_pop(L, 1);
  }
  l = lore_doc_layer(d, lname, 1);
  if (l == NULL) return luaL_error(L, "out of memory");
  while (nextmatch(L, re, s, len, &pos, &lastempty, ov, 2, isdoc)) {
    if (ov[2 * group] == LORE_RE_UNSET) continue;
    if (lore_layer_add(l, (uint32_t)ov[2 * group], (uint32_t)ov[2 * group + 1],
                       label, (int32_t)prio, rule, NULL) != LORE_OK)
      return luaL_error(L, "out of memory");
    n++;
  }
  llore_check_spanmem(L, d, 2);
  lua_pushinteger(L, n);
  return 1;
}

static int regex_index (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (strcmp(k, "pattern") == 0) {
    size_t n;
    const char *p = lore_regex_pattern(re, &n);
    lua_pushlstring(L, p, n);
    return 1;
  }
  if (strcmp(k, "ncaptures") == 0) {
    lua_pushinteger(L, lore_regex_ncaptures(re));
    return 1;
  }
  if (strcmp(k, "jit") == 0) {
    lua_pushboolean(L, lore_regex_jitted(re));
    return 1;
  }
  luaL_getmetatable(L, LORE_REGEX_MT);
  lua_getfield(L, -1, "__methods");
  lua_getfield(L, -1, k);
  return 1;
}

/* Limit `key` of the table at 2: 0 when absent, else an integer in
** [lo, UINT32_MAX]. */
static uint32_t limitfield (lua_State *L, const char *key, lua_Integer lo) {
  lua_Integer v = llore_opt_integer(L, 2, key, 0);
  if (lua_getfield(L, 2, key) != LUA_TNIL &&
      (v < lo || (lua_Unsigned)v > UINT32_MAX))
    luaL_argerror(L, 2, lua_pushfstring(L, "limit '%s' must be in %I..%I, "
                                        "got %I", key, lo,
                                        (lua_Integer)UINT32_MAX, v));
  lua_pop(L, 1);
  return (uint32_t)v;
}

/* re:limits{match=, depth=, heap_kib=, jit_stack_kib=} -> re */
static int regex_limits (lua_State *L) {
  static const char *const keys[] = {"match", "depth", "heap_kib",
                                     "jit_stack_kib", NULL};
  lore_regex *re = checkregex(L, 1);
  lore_regex_limits lim;
  uint32_t jit;
  llore_check_options(L, 2, keys);
  lim.match_limit = limitfield(L, "match", 1);
  lim.depth_limit = limitfield(L, "depth", 1);
  lim.heap_limit_kib = limitfield(L, "heap_kib", 1);
  jit = limitfield(L, "jit_stack_kib", 32);
  lore_regex_set_limits(re, &lim);
  lore_regex_set_jit_stack(re, jit);
  lua_settop(L, 1);
  return 1;
}

static int regex_tostring (lua_State *L) {
  lore_regex *re = checkregex(L, 1);
  size_t n;
  const char *p = lore_regex_pattern(re, &n);
  lua_pushfstring(L, "lore.regex(/%s/)", p);
  return 1;
}

static const luaL_Reg regex_methods[] = {
  {"find", regex_find}, {"match", regex_match}, {"scan", regex_scan},
  {"gmatch", regex_gmatch}, {"spans", regex_spans}, {"limits", regex_limits},
  {"offsets", regex_offsets},
  {NULL, NULL}
};

static const luaL_Reg regex_meta[] = {
  {"__index", regex_index}, {"__gc", regex_gc}, {"__close", regex_gc},
  {"__tostring", regex_tostring}, {NULL, NULL}
};

void llore_open_regex (lua_State *L) {
  llore_new_class(L, LORE_REGEX_MT, regex_meta, regex_methods, "__methods");
  lua_pushcfunction(L, l_regex);
  lua_setfield(L, -2, "regex");
}
