/*
** llore_tpat.c
** lore.pattern(src | table [, env]): token patterns compiled in C. The
** table form is translated to the string syntax by lore.patterns.
*/
#include <stdint.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "llore_opts.h"
#include "lore_buf.h"

/* User value 1: {gazetteers = {name = gaz} (kept alive), labels = {names
** referenced}, source = string} */
typedef struct LTpat {
  lore_tpat *p;
  int ncap;
} LTpat;

static LTpat *checktpat (lua_State *L, int idx) {
  LTpat *t = (LTpat *)luaL_checkudata(L, idx, LORE_TPAT_MT);
  if (t->p == NULL) luaL_error(L, "attempt to use a freed pattern");
  return t;
}

static int tpat_gc (lua_State *L) {
  LTpat *t = (LTpat *)luaL_checkudata(L, 1, LORE_TPAT_MT);
  lore_tpat_free(t->p);
  t->p = NULL;
  return 0;
}

/* {======================================================================
** Name resolution during compilation. The core calls these callbacks;
** each does its Lua work under lua_pcall so no error unwinds the core.
** ======================================================================= */

typedef struct Resolver {
  lua_State *L;
  int info;             /* index of the user value table */
  const char *name;
  size_t len;
  const lore_gaz *gaz;
  uint32_t label;
} Resolver;

static int resolve_gaz_p (lua_State *L) {
  Resolver *r = (Resolver *)lua_touserdata(L, 1);
  lua_getfield(L, 2, "gazetteers");          /* 2: the info table */
  lua_pushlstring(L, r->name, r->len);
  lua_gettable(L, -2);
  if (luaL_testudata(L, -1, LORE_GAZ_MT) == NULL) return 0;
  r->gaz = llore_checkgaz(L, -1);
  return 0;
}

static int resolve_gaz (void *ud, const char *name, size_t len,
                        const lore_gaz **g) {
  Resolver *r = (Resolver *)ud;
  r->name = name; r->len = len; r->gaz = NULL;
  lua_pushcfunction(r->L, resolve_gaz_p);
  lua_pushlightuserdata(r->L, r);
  lua_pushvalue(r->L, r->info);
  if (lua_pcall(r->L, 2, 0, 0) != LUA_OK) { lua_pop(r->L, 1); return -1; }
  *g = r->gaz;
  return r->gaz ? 0 : -1;
}

static int resolve_label_p (lua_State *L) {
  Resolver *r = (Resolver *)lua_touserdata(L, 1);
  r->label = llore_label_id(L, r->name, r->len);
  lua_getfield(L, 2, "labels");              /* 2: the info table */
  lua_pushlstring(L, r->name, r->len);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  return 0;
}

static int resolve_label (void *ud, const char *name, size_t len,
                          uint32_t *id) {
  Resolver *r = (Resolver *)ud;
  r->name = name; r->len = len;
  lua_pushcfunction(r->L, resolve_label_p);
  lua_pushlightuserdata(r->L, r);
  lua_pushvalue(r->L, r->info);
  if (lua_pcall(r->L, 2, 0, 0) != LUA_OK) { lua_pop(r->L, 1); return -1; }
  *id = r->label;
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Compile errors: the message, then the source line holding the error
** with a caret under the offending character.
** ======================================================================= */

/* Line and column (1-based; a column counts characters) of offset off. */
static void linecol (const char *src, size_t off, size_t *line, size_t *col) {
  size_t i;
  *line = 1; *col = 1;
  for (i = 0; i < off; i++) {
    if (src[i] == '\n') { (*line)++; *col = 1; }
    else if (((unsigned char)src[i] & 0xC0u) != 0x80u) (*col)++;
  }
}

/*
** Push the core's message msg for a source of several lines: an offset it
** quotes ("expected ']' to close '[' at offset 7", the one form that has
** one) is given as "at line L, column C" too.
*/
static void pushmessage (lua_State *L, const char *msg, const char *src,
                         size_t len) {
  static const char at[] = "' at offset ";
  const char *k = strstr(msg, at), *d;
  size_t off = 0, line, col;
  if (k == NULL || strstr(msg, " to close '") == NULL ||
      k[sizeof at - 1] == '\0') {
    lua_pushstring(L, msg);
    return;
  }
  for (d = k + sizeof at - 1; *d >= '0' && *d <= '9'; d++)
    off = off * 10 + (size_t)(*d - '0');
  if (*d != '\0' || off > len) {
    lua_pushstring(L, msg);
    return;
  }
  linecol(src, off, &line, &col);
  lua_pushlstring(L, msg, (size_t)(k - msg) + 1);
  lua_pushfstring(L, " at line %I, column %I", (lua_Integer)line,
                  (lua_Integer)col);
  lua_concat(L, 2);
}

/*
** Raise "lore.pattern: <msg>\n  <line>\n  <spaces>^" for a syntax error at
** byte off of src. An error at the end of a source that ends in white
** space is shown after its last item, not on an empty last line. When the
** source has several lines, the message starts with "line L, column C: ".
*/
static int syntaxerror (lua_State *L, const char *msg, const char *src,
                        size_t len, size_t off) {
  size_t tail = len, a, b, i, line, col;
  luaL_Buffer buf;
  while (tail > 0 && (src[tail - 1] == ' ' || src[tail - 1] == '\t' ||
                      src[tail - 1] == '\n' || src[tail - 1] == '\r'))
    tail--;
  if (off > tail) off = tail;
  a = off;
  while (a > 0 && src[a - 1] != '\n') a--;
  b = off;
  while (b < len && src[b] != '\n') b++;
  if (b > a && src[b - 1] == '\r') b--;
  luaL_buffinit(L, &buf);
  luaL_where(L, 1);                          /* as luaL_error */
  luaL_addvalue(&buf);
  luaL_addstring(&buf, "lore.pattern: ");
  if (memchr(src, '\n', tail) != NULL) {
    linecol(src, off, &line, &col);
    lua_pushfstring(L, "line %I, column %I: ", (lua_Integer)line,
                    (lua_Integer)col);
    luaL_addvalue(&buf);
    pushmessage(L, msg, src, len);
  }
  else lua_pushstring(L, msg);
  luaL_addvalue(&buf);
  luaL_addstring(&buf, "\n  ");
  luaL_addlstring(&buf, src + a, b - a);
  luaL_addstring(&buf, "\n  ");
  for (i = a; i < off; i++) {
    if (src[i] == '\t') luaL_addchar(&buf, '\t');
    else if (((unsigned char)src[i] & 0xC0u) != 0x80u) luaL_addchar(&buf, ' ');
  }
  luaL_addchar(&buf, '^');
  luaL_pushresult(&buf);
  return lua_error(L);
}

/* }====================================================================== */

/*
** lore.pattern(src | table [, env]); env = {gazetteers = {name = gaz},
** layer = "entities" (layer of <LABEL>), mode = "longest" | "first"}
*/
static int l_pattern (lua_State *L) {
  static const char *const env_keys[] = {"gazetteers", "layer", "mode", NULL};
  size_t len;
  const char *src;
  unsigned opts = 0;
  lore_tpat_env env;
  Resolver r;
  lore_error err;
  LTpat *t;
  int self;
  lua_settop(L, 2);
  if (lua_istable(L, 1)) {                  /* table form */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "lore.patterns");
    lua_call(L, 1, 1);
    lua_getfield(L, -1, "from_table");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_replace(L, 1);
    lua_settop(L, 2);
  }
  src = luaL_checklstring(L, 1, &len);
  memset(&env, 0, sizeof env);
  t = (LTpat *)lua_newuserdatauv(L, sizeof(LTpat), 1);
  t->p = NULL;
  luaL_setmetatable(L, LORE_TPAT_MT);
  self = lua_gettop(L);
  lua_createtable(L, 0, 3);                 /* user value */
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "source");
  lua_newtable(L);
  lua_setfield(L, -2, "labels");
  if (!lua_isnil(L, 2)) {
    llore_check_options(L, 2, env_keys);
    if (llore_opt_field(L, 2, "gazetteers", LUA_TTABLE) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_newtable(L);
    }
    lua_setfield(L, -2, "gazetteers");
    if (llore_opt_field(L, 2, "layer", LUA_TSTRING) == LUA_TSTRING) {
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, "layer");          /* keep the string alive */
      env.default_layer = lua_tostring(L, -1);
    }
    lua_pop(L, 1);
    if (llore_opt_field(L, 2, "mode", LUA_TSTRING) == LUA_TSTRING) {
      const char *m = lua_tostring(L, -1);
      if (strcmp(m, "first") == 0) opts |= LORE_TP_FIRST;
      else if (strcmp(m, "longest") != 0)
        return luaL_argerror(L, 2, lua_pushfstring(L, "option 'mode' must be "
                                                   "'longest' or 'first', got "
                                                   "'%s'", m));
    }
    lua_pop(L, 1);
  }
  else {
    lua_newtable(L);
    lua_setfield(L, -2, "gazetteers");
  }
  lua_pushvalue(L, -1);
  lua_setiuservalue(L, self, 1);
  if (env.default_layer != NULL) {          /* point into the kept copy */
    lua_getfield(L, -1, "layer");
    env.default_layer = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  r.L = L;
  r.info = lua_gettop(L);
  env.ud = &r;
  env.gazetteer = resolve_gaz;
  env.label = resolve_label;
  lore_error_clear(&err);
  t->p = lore_tpat_compile(src, len, opts, &env, &err);
  if (t->p == NULL) {
    if (err.code == LORE_ESYNTAX)
      return syntaxerror(L, err.msg, src, len, err.offset);
    return luaL_error(L, "lore.pattern: %s", err.msg);
  }
  t->ncap = lore_tpat_ncaptures(t->p);
  lua_settop(L, self);
  return 1;
}

/* {======================================================================
** Matching: the core scan only appends records to a boxed buffer; Lua
** objects are built afterwards.
** ======================================================================= */

typedef struct Collect {
  lore_buf *b;
  int ncap;
} Collect;

static int collect_cb (void *ud, const lore_tpat_match *m) {
  Collect *c = (Collect *)ud;
  uint32_t head[2];
  head[0] = m->tok_start;
  head[1] = m->tok_end;
  if (lore_buf_add(c->b, head, sizeof head) != LORE_OK) return 1;
  if (c->ncap > 0 &&
      lore_buf_add(c->b, m->caps, 2 * (size_t)c->ncap * sizeof(uint32_t)) != LORE_OK)
    return 1;
  return 0;
}

typedef struct ScanOpts {
  unsigned flags;
  uint64_t budget;
  size_t from, to;      /* token indices [from, to) */
} ScanOpts;

/* Options of p:scan and p:offsets; p:spans adds its own; p:match_at takes
** only sentence, nonempty and to. */
#define SCAN_KEYS "overlap", "sentence", "nonempty", "budget", "from", "to"
static const char *const scan_keys[] = {SCAN_KEYS, NULL};
static const char *const match_at_keys[] = {"sentence", "nonempty", "to",
                                            NULL};

/* Byte offset option `key` of the table at idx: dflt when absent, else an
** integer in [0, len]. */
static size_t byteopt (lua_State *L, int idx, const char *key, size_t len,
                       size_t dflt) {
  lua_Integer v = llore_opt_integer(L, idx, key, (lua_Integer)dflt);
  if (v < 0)
    luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' is negative (%I)",
                                          key, v));
  if ((lua_Unsigned)v > (lua_Unsigned)len)
    luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' %I beyond end of "
                                          "document (length %I)", key, v,
                                          (lua_Integer)len));
  return (size_t)v;
}

/* The first of the n tokens starting at or after byte b. */
static size_t first_from (const lore_token *tk, size_t n, size_t b) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tk[mid].start < b) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* The number of the n tokens ending at or before byte b. */
static size_t count_to (const lore_token *tk, size_t n, size_t b) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tk[mid].end <= b) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/*
** Read the scan options at idx (nil or a table with only `keys`) for the
** document d. `from` and `to` are byte offsets, like every offset of the
** API: the scan covers the tokens lying inside the bytes [from, to).
*/
static void scanopts (lua_State *L, int idx, ScanOpts *o, lore_doc *d,
                      const char *const keys[]) {
  size_t ntok, len, bfrom, bto;
  const lore_token *tk = lore_doc_tokens(d, &ntok);
  lua_Integer budget;
  o->flags = 0; o->budget = 0; o->from = 0; o->to = ntok;
  if (lua_isnoneornil(L, idx)) return;
  llore_check_options(L, idx, keys);
  if (llore_opt_boolean(L, idx, "overlap")) o->flags |= LORE_TP_OVERLAP;
  if (llore_opt_boolean(L, idx, "sentence")) o->flags |= LORE_TP_IN_SENTENCE;
  if (llore_opt_boolean(L, idx, "nonempty")) o->flags |= LORE_TP_NONEMPTY;
  budget = llore_opt_integer(L, idx, "budget", 0);
  if (budget < 0)
    luaL_argerror(L, idx, lua_pushfstring(L, "option 'budget' is negative "
                                          "(%I)", budget));
  o->budget = (uint64_t)budget;
  lore_doc_text(d, &len);
  bfrom = byteopt(L, idx, "from", len, 0);
  bto = byteopt(L, idx, "to", len, len);
  if (bfrom > bto)
    luaL_argerror(L, idx, lua_pushfstring(L, "option 'from' (%I) is after "
                                          "option 'to' (%I)",
                                          (lua_Integer)bfrom,
                                          (lua_Integer)bto));
  o->from = first_from(tk, ntok, bfrom);
  o->to = count_to(tk, ntok, bto);
  if (o->to < o->from) o->to = o->from;     /* no token inside */
}

/* Scan; leaves the box on the stack; returns records of 2 + 2*ncap. */
static const uint32_t *scan (lua_State *L, LTpat *t, int docidx, int optidx,
                             const char *const keys[], size_t *n) {
  lore_doc *d = llore_todoc(L, docidx);
  ScanOpts o;
  Collect c;
  lore_error err;
  long rc;
  scanopts(L, optidx, &o, d, keys);
  c.b = llore_newbuf(L);
  c.ncap = t->ncap;
  lore_error_clear(&err);
  rc = lore_tpat_scan(t->p, d, o.from, o.to, o.flags, o.budget, collect_cb,
                      &c, &err);
  if (rc < 0) {
    lua_getfield(L, docidx, "id");
    return (luaL_error(L, "%s (document %s)", err.msg,
                       lua_isstring(L, -1) ? lua_tostring(L, -1) : "?"),
            NULL);
  }
  if (c.b->failed) return (luaL_error(L, "out of memory"), NULL);
  *n = c.b->len / ((2 + 2 * (size_t)t->ncap) * sizeof(uint32_t));
  return (const uint32_t *)c.b->data;
}

static void pushextent (lua_State *L, lore_doc *d, uint32_t a, uint32_t b) {
  size_t n, len;
  const lore_token *tk = lore_doc_tokens(d, &n);
  const char *text = lore_doc_text(d, &len);
  uint32_t s, e;
  if (a < b) { s = tk[a].start; e = tk[b - 1].end; }
  else { s = e = a < n ? tk[a].start : (uint32_t)len; }   /* empty */
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, s); lua_setfield(L, -2, "start");
  lua_pushinteger(L, e); lua_setfield(L, -2, "stop");
  lua_pushlstring(L, text + s, e - s); lua_setfield(L, -2, "text");
  lua_pushinteger(L, (lua_Integer)a + 1); lua_setfield(L, -2, "first");
  lua_pushinteger(L, (lua_Integer)b); lua_setfield(L, -2, "last");
}

static void pushmatch (lua_State *L, LTpat *t, lore_doc *d,
                       const uint32_t *rec) {
  int i;
  pushextent(L, d, rec[0], rec[1]);
  lua_createtable(L, 0, t->ncap);
  for (i = 0; i < t->ncap; i++) {
    uint32_t a = rec[2 + 2 * i], b = rec[3 + 2 * i];
    if (a == UINT32_MAX) continue;
    pushextent(L, d, a, b);
    lua_setfield(L, -2, lore_tpat_capture_name(t->p, i));
  }
  lua_setfield(L, -2, "captures");
}

/* p:scan(doc [, {overlap=, sentence=, nonempty=, budget=, from=, to=}]) */
static int tpat_scan (lua_State *L) {
  LTpat *t = checktpat(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  size_t n, i, rl = 2 + 2 * (size_t)t->ncap;
  const uint32_t *recs = scan(L, t, 2, 3, scan_keys, &n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    pushmatch(L, t, d, recs + i * rl);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* p:offsets(doc [, opts]) -> flat list: for each match its start and stop
** byte offsets, then start and stop of each capture (-1, -1 when unset):
** one table for all matches, for rules that only need positions. */
static int tpat_offsets (lua_State *L) {
  LTpat *t = checktpat(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  size_t n, i, rl = 2 + 2 * (size_t)t->ncap, ntok;
  const lore_token *tk = lore_doc_tokens(d, &ntok);
  const uint32_t *recs = scan(L, t, 2, 3, scan_keys, &n);
  lua_Integer k = 0;
  size_t len;
  lore_doc_text(d, &len);
  lua_createtable(L, (int)(n * rl), 0);
  for (i = 0; i < n; i++) {
    const uint32_t *r = recs + i * rl;
    size_t c;
    for (c = 0; c < rl; c += 2) {
      uint32_t a = r[c], b = r[c + 1];
      lua_Integer s0 = -1, e0 = -1;
      if (a != UINT32_MAX) {
        if (a < b) { s0 = tk[a].start; e0 = tk[b - 1].end; }
        else s0 = e0 = a < ntok ? tk[a].start : (lua_Integer)len;
      }
      lua_pushinteger(L, s0); lua_rawseti(L, -2, ++k);
      lua_pushinteger(L, e0); lua_rawseti(L, -2, ++k);
    }
  }
  return 1;
}

/* p:match_at(doc, i [, opts]) -> match | nil (anchored at token i) */
static int tpat_match_at (lua_State *L) {
  LTpat *t = checktpat(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  lua_Integer i = luaL_checkinteger(L, 3);
  size_t ntok;
  ScanOpts o;
  lore_tpat_match m;
  lore_error err;
  uint32_t *rec;
  int rc, k;
  lore_doc_tokens(d, &ntok);
  luaL_argcheck(L, i >= 1 && (size_t)i <= ntok + 1, 3, "token index out of range");
  scanopts(L, 4, &o, d, match_at_keys);
  lore_error_clear(&err);
  rc = lore_tpat_match_at(t->p, d, (size_t)i - 1, o.to, o.flags, &m, &err);
  if (rc < 0) return luaL_error(L, "%s", err.msg);
  if (rc == 0) return 0;
  rec = (uint32_t *)lua_newuserdatauv(L, (2 + 2 * (size_t)t->ncap) * sizeof(uint32_t), 0);
  rec[0] = m.tok_start; rec[1] = m.tok_end;
  for (k = 0; k < 2 * t->ncap; k++) rec[2 + k] = m.caps[k];
  pushmatch(L, t, d, rec);
  return 1;
}

/*
** p:spans(doc, layer [, {label=, priority=, rule=, capture=name, ...scan
** options}]) -> count. The span is the whole match, or the named capture.
*/
static int tpat_spans (lua_State *L) {
  static const char *const keys[] = {"label", "priority", "rule", "capture",
                                     SCAN_KEYS, NULL};
  LTpat *t = checktpat(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  size_t n, i, rl = 2 + 2 * (size_t)t->ncap, ntok, len;
  const lore_token *tk = lore_doc_tokens(d, &ntok);
  uint32_t label = 0, rule = 0;
  int32_t prio = 0;
  int cap = -1;
  lua_Integer count = 0;
  lore_layer *l;
  const uint32_t *recs;
  llore_checklayer_name(L, 3);
  lore_doc_text(d, &len);
  if (!lua_isnoneornil(L, 4)) {
    llore_check_options(L, 4, keys);
    if (llore_opt_field(L, 4, "label", LUA_TSTRING) == LUA_TSTRING) {
      size_t ln; const char *lab = lua_tolstring(L, -1, &ln);
      label = llore_label_id(L, lab, ln);
    }
    lua_pop(L, 1);
    prio = (int32_t)llore_opt_integer(L, 4, "priority", 0);
    rule = (uint32_t)llore_opt_integer(L, 4, "rule", 0);
    if (llore_opt_field(L, 4, "capture", LUA_TSTRING) == LUA_TSTRING) {
      cap = lore_tpat_capture_index(t->p, lua_tostring(L, -1));
      if (cap < 0)
        luaL_argerror(L, 4, lua_pushfstring(L, "no capture named '%s'",
                                            lua_tostring(L, -1)));
    }
    lua_pop(L, 1);
  }
  l = lore_doc_layer(d, lua_tostring(L, 3), 1);
  if (l == NULL) return luaL_error(L, "out of memory");
  recs = scan(L, t, 2, 4, keys, &n);
  for (i = 0; i < n; i++) {
    const uint32_t *r = recs + i * rl;
    uint32_t a = cap < 0 ? r[0] : r[2 + 2 * cap];
    uint32_t b = cap < 0 ? r[1] : r[3 + 2 * cap];
    if (a == UINT32_MAX || a >= b) continue;  /* unset or empty */
    if (lore_layer_add(l, tk[a].start, tk[b - 1].end, label, prio, rule,
                       NULL) != LORE_OK)
      return luaL_error(L, "out of memory");
    count++;
  }
  llore_check_spanmem(L, d, 2);
  lua_pushinteger(L, count);
  return 1;
}

static int tpat_index (lua_State *L) {
  LTpat *t = checktpat(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (strcmp(k, "source") == 0 || strcmp(k, "labels") == 0) {
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, k);
    return 1;
  }
  if (strcmp(k, "captures") == 0) {
    int i;
    lua_createtable(L, t->ncap, 0);
    for (i = 0; i < t->ncap; i++) {
      lua_pushstring(L, lore_tpat_capture_name(t->p, i));
      lua_rawseti(L, -2, i + 1);
    }
    return 1;
  }
  luaL_getmetatable(L, LORE_TPAT_MT);
  lua_getfield(L, -1, "__methods");
  lua_getfield(L, -1, k);
  return 1;
}

static int tpat_tostring (lua_State *L) {
  LTpat *t = checktpat(L, 1);
  lua_pushfstring(L, "lore.pattern(%s)", lore_tpat_source(t->p));
  return 1;
}

static const luaL_Reg tpat_methods[] = {
  {"scan", tpat_scan}, {"match_at", tpat_match_at}, {"spans", tpat_spans},
  {"offsets", tpat_offsets},
  {NULL, NULL}
};

static const luaL_Reg tpat_meta[] = {
  {"__index", tpat_index}, {"__gc", tpat_gc}, {"__close", tpat_gc},
  {"__tostring", tpat_tostring}, {NULL, NULL}
};

void llore_open_tpat (lua_State *L) {
  llore_new_class(L, LORE_TPAT_MT, tpat_meta, tpat_methods, "__methods");
  lua_pushcfunction(L, l_pattern);
  lua_setfield(L, -2, "pattern");
}
