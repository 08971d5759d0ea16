/*
** llore_gaz.c
** lore.gazetteer(entries | path [, opts]): multi-word dictionaries matched
** over document tokens. Payloads are Lua values (entries given as a table)
** or tab-separated columns (entries from a file), named by opts.columns.
*/
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "llore_opts.h"
#include "lore_buf.h"

/* User values: 1 = payload table (entry id + 1 -> Lua value),
**              2 = column names (list) or nil. */
/* An entry's payload prepared as span attributes, built on its first
** match and reused: g:spans then runs with no Lua per match. */
typedef struct PayAttr {
  char *key;
  size_t klen;
  lore_value v;     /* strings owned (malloc) */
} PayAttr;

typedef struct EntryAttrs {
  int ready;        /* built */
  uint32_t label;   /* label id from the payload's "label", 0 if none */
  size_t n, cap;
  PayAttr *a;
} EntryAttrs;

typedef struct LGaz {
  lore_gaz *g;
  int all;          /* default scan mode: all overlapping matches */
  EntryAttrs *cache;/* by entry id, grown on demand */
  size_t ncache;
} LGaz;

static void drop_entry (EntryAttrs *e) {
  size_t i;
  for (i = 0; i < e->n; i++) {
    free(e->a[i].key);
    if (e->a[i].v.type == LORE_V_STR) free((char *)e->a[i].v.u.s.p);
  }
  free(e->a);
  memset(e, 0, sizeof *e);
}

static void drop_cache (LGaz *p) {
  size_t i;
  for (i = 0; i < p->ncache; i++) drop_entry(&p->cache[i]);
  free(p->cache);
  p->cache = NULL;
  p->ncache = 0;
}

static LGaz *checkgazud (lua_State *L, int idx) {
  LGaz *p = (LGaz *)luaL_checkudata(L, idx, LORE_GAZ_MT);
  if (p->g == NULL) luaL_error(L, "attempt to use a freed gazetteer");
  return p;
}

lore_gaz *llore_checkgaz (lua_State *L, int idx) {
  return checkgazud(L, idx)->g;
}

static int gaz_gc (lua_State *L) {
  LGaz *p = (LGaz *)luaL_checkudata(L, 1, LORE_GAZ_MT);
  lore_gaz_free(p->g);
  p->g = NULL;
  drop_cache(p);
  return 0;
}

/*
** Add phrase at pidx with the payload at vidx (0: none). Returns the id;
** *existed (may be NULL) tells whether the phrase was already an entry
** (equal after the gazetteer's folding): it keeps its id, and a payload
** given replaces the earlier one (the last entry wins).
*/
static uint32_t addentry (lua_State *L, int self, int pidx, int vidx,
                          int *existed) {
  LGaz *p = checkgazud(L, self);
  size_t len;
  const char *phrase = luaL_checklstring(L, pidx, &len);
  uint32_t id;
  int isnew = 1;
  int rc = lore_gaz_add(p->g, phrase, len, &id, &isnew);
  if (rc == LORE_EINVAL)
    luaL_error(L, "gazetteer entry '%s' has no tokens", phrase);
  else if (rc != LORE_OK)
    luaL_error(L, "gazetteer entry '%s': %s", phrase, lore_strerror(rc));
  if (vidx != 0) {
    lua_getiuservalue(L, self, 1);
    lua_pushvalue(L, vidx);
    lua_rawseti(L, -2, (lua_Integer)id + 1);
    lua_pop(L, 1);
  }
  if (id < p->ncache) drop_entry(&p->cache[id]);   /* payload may change */
  if (existed != NULL) *existed = !isnew;
  return id;
}

/* Fill the gazetteer at self from the entries table at t. */
static void addentries (lua_State *L, int self, int t) {
  lua_Integer i, n = (lua_Integer)lua_rawlen(L, t);
  for (i = 1; i <= n; i++) {                 /* list part */
    int top = lua_gettop(L);
    int ty = lua_rawgeti(L, t, i);
    if (ty == LUA_TSTRING) addentry(L, self, top + 1, 0, NULL);
    else if (ty == LUA_TTABLE) {             /* {phrase, payload} */
      lua_rawgeti(L, top + 1, 1);
      lua_rawgeti(L, top + 1, 2);
      luaL_argcheck(L, lua_type(L, top + 2) == LUA_TSTRING, 1,
                    "entry tables are {phrase, payload}");
      addentry(L, self, top + 2, lua_isnil(L, top + 3) ? 0 : top + 3, NULL);
    }
    else luaL_argerror(L, 1, "entries are strings or {phrase, payload}");
    lua_settop(L, top);
  }
  lua_pushnil(L);                            /* map part: phrase = payload */
  while (lua_next(L, t) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING)
      addentry(L, self, lua_gettop(L) - 1, lua_gettop(L), NULL);
    lua_pop(L, 1);
  }
}

/* The scan mode named by the string at the top ("longest" or "all") for
** the options at arg. */
static int checkmode (lua_State *L, int arg) {
  const char *m = lua_tostring(L, -1);
  if (strcmp(m, "all") == 0) return 1;
  if (strcmp(m, "longest") == 0) return 0;
  return luaL_argerror(L, arg, lua_pushfstring(L, "option 'mode' must be "
                                               "'longest' or 'all', got '%s'",
                                               m));
}

/*
** lore.gazetteer(entries | path [, {ignore_case=, ignore_accents=,
** mode="longest"|"all", columns={...}, name=}]); `name` is for rule files,
** whose gazetteer() registers the gazetteer as @name for their patterns.
*/
static int l_gazetteer (lua_State *L) {
  static const char *const keys[] = {"ignore_case", "ignore_accents", "mode",
                                     "columns", "name", NULL};
  unsigned opts = 0;
  int all = 0, hasopts = !lua_isnoneornil(L, 2);
  LGaz *p;
  int self;
  if (hasopts) {
    llore_check_options(L, 2, keys);
    if (llore_opt_boolean(L, 2, "ignore_case")) opts |= LORE_GAZ_CASE;
    if (llore_opt_boolean(L, 2, "ignore_accents")) opts |= LORE_GAZ_ACCENTS;
    if (llore_opt_field(L, 2, "mode", LUA_TSTRING) != LUA_TNIL)
      all = checkmode(L, 2);
    lua_pop(L, 1);
    if (llore_opt_field(L, 2, "columns", LUA_TTABLE) != LUA_TNIL) {
      lua_Integer i, n = (lua_Integer)lua_rawlen(L, -1);
      for (i = 1; i <= n; i++)
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
          luaL_argerror(L, 2, lua_pushfstring(L, "columns[%I] must be a "
                                              "string, got %s", i,
                                              luaL_typename(L, -1)));
        else lua_pop(L, 1);
    }
    lua_pop(L, 1);
    llore_opt_field(L, 2, "name", LUA_TSTRING);
    lua_pop(L, 1);
  }
  p = (LGaz *)lua_newuserdatauv(L, sizeof(LGaz), 2);
  memset(p, 0, sizeof *p);
  luaL_setmetatable(L, LORE_GAZ_MT);
  self = lua_gettop(L);
  lua_newtable(L);
  lua_setiuservalue(L, self, 1);
  p->g = lore_gaz_new(opts);
  if (p->g == NULL) return luaL_error(L, "out of memory");
  p->all = all;
  if (hasopts) {
    if (lua_getfield(L, 2, "columns") == LUA_TTABLE)
      lua_setiuservalue(L, self, 2);
    else lua_pop(L, 1);
  }
  if (lua_type(L, 1) == LUA_TSTRING) {
    lore_error err;
    lore_error_clear(&err);
    if (lore_gaz_load(p->g, lua_tostring(L, 1), &err) != LORE_OK) {
      if (err.line > 0)
        return luaL_error(L, "%s:%d: %s", lua_tostring(L, 1), (int)err.line,
                          err.msg);
      return luaL_error(L, "%s: %s", lua_tostring(L, 1), err.msg);
    }
  }
  else if (lua_istable(L, 1)) addentries(L, self, 1);
  else if (!lua_isnoneornil(L, 1)) luaL_typeerror(L, 1, "table or file name");
  lua_settop(L, self);
  return 1;
}

/* g:add(phrase [, payload]) -> entry id (1-based), existed (the phrase was
** already an entry: a payload given replaced its payload) */
static int gaz_add (lua_State *L) {
  uint32_t id;
  int existed;
  checkgazud(L, 1);
  id = addentry(L, 1, 2, lua_isnoneornil(L, 3) ? 0 : 3, &existed);
  lua_pushinteger(L, (lua_Integer)id + 1);
  lua_pushboolean(L, existed);
  return 2;
}

/*
** Push the payload of entry id: the Lua value given for it, else its payload
** columns (from a file), else nil. Columns: with opts.columns a record, each
** column under its name, or under its number past the names, and empty
** columns absent; without names a list of every column (empty ones as ""),
** or the string itself when there is only one column.
*/
static void pushpayload (lua_State *L, int self, uint32_t id) {
  LGaz *p = (LGaz *)lua_touserdata(L, self);
  size_t len;
  const char *s, *end;
  int names;
  lua_Integer col = 0;
  lua_getiuservalue(L, self, 1);
  if (lua_rawgeti(L, -1, (lua_Integer)id + 1) != LUA_TNIL) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 2);
  s = lore_gaz_payload(p->g, id, &len);
  if (s == NULL) { lua_pushnil(L); return; }
  end = s + len;
  names = lua_getiuservalue(L, self, 2) == LUA_TTABLE ? lua_gettop(L) : 0;
  if (!names && memchr(s, '\t', len) == NULL) {
    lua_pop(L, 1);
    lua_pushlstring(L, s, len);
    return;
  }
  lua_newtable(L);
  for (;;) {
    const char *q = memchr(s, '\t', (size_t)(end - s));
    if (q == NULL) q = end;
    col++;
    if (!names) {
      lua_pushlstring(L, s, (size_t)(q - s));
      lua_rawseti(L, -2, col);
    }
    else if (q > s) {                        /* empty: absent */
      if (lua_rawgeti(L, names, col) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushinteger(L, col);
      }
      lua_pushlstring(L, s, (size_t)(q - s));
      lua_rawset(L, -3);
    }
    if (q == end) break;
    s = q + 1;
  }
  lua_remove(L, -2);                         /* the names */
}

/* g:payload(id) */
static int gaz_payload (lua_State *L) {
  LGaz *p = checkgazud(L, 1);
  lua_Integer id = luaL_checkinteger(L, 2);
  luaL_argcheck(L, id >= 1 && (size_t)id <= lore_gaz_size(p->g), 2,
                "no such entry");
  pushpayload(L, 1, (uint32_t)(id - 1));
  return 1;
}

typedef struct ScanCtx {
  lua_State *L;
  int self, docidx, tidx, spans;
  lore_doc *d;
  lore_layer *l;
  uint32_t label, rule;
  int32_t prio;
  int haslabel;
  lua_Integer n;
} ScanCtx;

static void pushmatch (ScanCtx *c, const lore_gaz_match *m) {
  lua_State *L = c->L;
  size_t n, plen;
  const lore_token *t = lore_doc_tokens(c->d, &n);
  const char *phrase;
  uint32_t s = t[m->tok_start].start, e = t[m->tok_end - 1].end;
  const char *text = lore_doc_text(c->d, &n);
  lua_createtable(L, 0, 8);
  lua_pushinteger(L, s); lua_setfield(L, -2, "start");
  lua_pushinteger(L, e); lua_setfield(L, -2, "stop");
  lua_pushlstring(L, text + s, e - s); lua_setfield(L, -2, "text");
  lua_pushinteger(L, (lua_Integer)m->tok_start + 1); lua_setfield(L, -2, "first");
  lua_pushinteger(L, (lua_Integer)m->tok_end); lua_setfield(L, -2, "last");
  lua_pushinteger(L, (lua_Integer)m->entry + 1); lua_setfield(L, -2, "id");
  phrase = lore_gaz_phrase(llore_checkgaz(L, c->self), m->entry, &plen);
  lua_pushlstring(L, phrase, plen); lua_setfield(L, -2, "phrase");
  pushpayload(L, c->self, m->entry);
  lua_setfield(L, -2, "payload");
}

/* Core scans only append to a buffer: no Lua call may raise (and longjmp)
** while the core is inside a scan. */
static int collect_cb (void *ud, const lore_gaz_match *m) {
  lore_buf *b = (lore_buf *)ud;
  return lore_buf_add(b, m, sizeof *m) != LORE_OK;
}

/* Run a scan into a boxed buffer left on the stack; returns the matches
** and their count. */
static const lore_gaz_match *collect (lua_State *L, lore_gaz *g, lore_doc *d,
                                      int mode, size_t *n) {
  lore_buf *b = llore_newbuf(L);
  long rc = lore_gaz_scan(g, d, 0, (size_t)-1, mode, collect_cb, b);
  if (rc < 0 || b->failed)
    luaL_error(L, "gazetteer scan: %s", lore_strerror(rc < 0 ? (int)rc : LORE_ENOMEM));
  *n = b->len / sizeof(lore_gaz_match);
  return (const lore_gaz_match *)b->data;
}

/* The scan mode for the options at optidx (nil, or a table with only the
** keys `keys`): its mode, else the gazetteer's. Leaves the stack as is. */
static int scanmode (lua_State *L, int self, int optidx,
                     const char *const keys[]) {
  LGaz *p = (LGaz *)lua_touserdata(L, self);
  int all = p->all;
  if (!lua_isnoneornil(L, optidx)) {
    llore_check_options(L, optidx, keys);
    if (llore_opt_field(L, optidx, "mode", LUA_TSTRING) != LUA_TNIL)
      all = checkmode(L, optidx);
    lua_pop(L, 1);
  }
  return all ? LORE_GAZ_ALL : LORE_GAZ_LONGEST;
}

static const char *const scan_keys[] = {"mode", NULL};

/* g:scan(doc [, {mode=}]) -> list of {start, stop, text, first, last, id,
** phrase, payload} */
static int gaz_scan (lua_State *L) {
  LGaz *p = checkgazud(L, 1);
  ScanCtx c;
  size_t n, i;
  const lore_gaz_match *m;
  memset(&c, 0, sizeof c);
  c.L = L; c.self = 1; c.docidx = 2;
  c.d = llore_todoc(L, 2);
  m = collect(L, p->g, c.d, scanmode(L, 1, 3, scan_keys), &n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    pushmatch(&c, &m[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* Copy the string fields of the payload at top into span attributes;
** "label" becomes the span label unless one was given. */
static int skip_span_fields (const char *k) {
  return strcmp(k, "label") == 0 || strcmp(k, "priority") == 0;
}

/* g:offsets(doc [, {mode=}]) -> flat list: start, stop, entry id for each
** match. */
static int gaz_offsets (lua_State *L) {
  LGaz *p = checkgazud(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  size_t n, i, nt;
  const lore_token *t = lore_doc_tokens(d, &nt);
  const lore_gaz_match *m = collect(L, p->g, d, scanmode(L, 1, 3, scan_keys),
                                    &n);
  lua_Integer k = 0;
  lua_createtable(L, (int)(3 * n), 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, t[m[i].tok_start].start); lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, t[m[i].tok_end - 1].end); lua_rawseti(L, -2, ++k);
    lua_pushinteger(L, (lua_Integer)m[i].entry + 1); lua_rawseti(L, -2, ++k);
  }
  return 1;
}

static char *dupbytes (const char *s, size_t n) {
  char *p = (char *)malloc(n + 1);
  if (p) { memcpy(p, s, n); p[n] = '\0'; }
  return p;
}

/* Collect one scalar payload field into the entry (owned by the cache as
** soon as it is allocated, so an error later leaks nothing). */
static void collect_one (lua_State *L, const char *k, size_t klen, int vidx,
                         void *ud) {
  EntryAttrs *e = (EntryAttrs *)ud;
  PayAttr *a;
  int t = lua_type(L, vidx);
  if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN) return;
  if (e->n == e->cap) {
    size_t cap = e->cap ? 2 * e->cap : 4;
    PayAttr *na = (PayAttr *)realloc(e->a, cap * sizeof *na);
    if (na == NULL) luaL_error(L, "out of memory");
    e->a = na;
    e->cap = cap;
  }
  a = &e->a[e->n];
  memset(a, 0, sizeof *a);
  if (t == LUA_TSTRING) {
    size_t vlen;
    const char *v = lua_tolstring(L, vidx, &vlen);
    a->v.type = LORE_V_STR;
    a->v.u.s.p = dupbytes(v, vlen);
    a->v.u.s.len = vlen;
    if (a->v.u.s.p == NULL) luaL_error(L, "out of memory");
  }
  else if (t == LUA_TNUMBER && lua_isinteger(L, vidx)) {
    a->v.type = LORE_V_INT; a->v.u.i = lua_tointeger(L, vidx);
  }
  else if (t == LUA_TNUMBER) { a->v.type = LORE_V_NUM; a->v.u.n = lua_tonumber(L, vidx); }
  else { a->v.type = LORE_V_BOOL; a->v.u.b = lua_toboolean(L, vidx); }
  e->n++;                                    /* the value is owned now */
  a->key = dupbytes(k, klen);
  a->klen = klen;
  if (a->key == NULL) luaL_error(L, "out of memory");
}

/* The prepared attributes of entry id (built on first use). */
static EntryAttrs *entry_attrs (lua_State *L, int self, LGaz *p, uint32_t id) {
  EntryAttrs *e;
  if (id >= p->ncache) {
    size_t n = lore_gaz_size(p->g), i;
    EntryAttrs *nc;
    if (n <= id) n = (size_t)id + 1;
    nc = (EntryAttrs *)realloc(p->cache, n * sizeof *nc);
    if (nc == NULL) luaL_error(L, "out of memory");
    for (i = p->ncache; i < n; i++) memset(&nc[i], 0, sizeof nc[i]);
    p->cache = nc;
    p->ncache = n;
  }
  e = &p->cache[id];
  if (e->ready) return e;
  drop_entry(e);
  pushpayload(L, self, id);
  if (lua_istable(L, -1)) {
    if (lua_getfield(L, -1, "label") == LUA_TSTRING) {
      size_t ln;
      const char *lab = lua_tolstring(L, -1, &ln);
      e->label = llore_label_id(L, lab, ln);
    }
    lua_pop(L, 1);
    llore_each_sorted(L, -1, skip_span_fields, collect_one, e);
  }
  lua_pop(L, 1);
  e->ready = 1;
  return e;
}

static void addmatchspan (ScanCtx *c, const lore_gaz_match *m) {
  lua_State *L = c->L;
  LGaz *p = (LGaz *)lua_touserdata(L, c->self);
  size_t n, k;
  const lore_token *t = lore_doc_tokens(c->d, &n);
  EntryAttrs *e = entry_attrs(L, c->self, p, m->entry);
  uint32_t id;
  if (lore_layer_add(c->l, t[m->tok_start].start, t[m->tok_end - 1].end,
                     c->haslabel ? c->label : e->label, c->prio, c->rule,
                     &id) != LORE_OK)
    luaL_error(L, "gazetteer spans: out of memory");
  for (k = 0; k < e->n; k++)
    if (lore_layer_set_attr(c->l, id, e->a[k].key, e->a[k].klen,
                            &e->a[k].v) != LORE_OK)
      luaL_error(L, "gazetteer spans: out of memory");
  c->n++;
}

/*
** g:spans(doc, layer [, {label=, priority=, rule=, mode=}]) -> count
** Add every match as a span; the payload's label (unless opts.label) and
** its other scalar fields become the span's label and attributes.
*/
static int gaz_spans (lua_State *L) {
  static const char *const keys[] = {"label", "priority", "rule", "mode",
                                     NULL};
  LGaz *p = checkgazud(L, 1);
  ScanCtx c;
  size_t n, i;
  int mode;
  const lore_gaz_match *m;
  memset(&c, 0, sizeof c);
  c.L = L; c.self = 1; c.docidx = 2;
  c.d = llore_todoc(L, 2);
  llore_checklayer_name(L, 3);
  mode = scanmode(L, 1, 4, keys);
  if (!lua_isnoneornil(L, 4)) {
    if (llore_opt_field(L, 4, "label", LUA_TSTRING) == LUA_TSTRING) {
      size_t ln; const char *lab = lua_tolstring(L, -1, &ln);
      c.label = llore_label_id(L, lab, ln); c.haslabel = 1;
    }
    lua_pop(L, 1);
    c.prio = (int32_t)llore_opt_integer(L, 4, "priority", 0);
    c.rule = (uint32_t)llore_opt_integer(L, 4, "rule", 0);
  }
  c.l = lore_doc_layer(c.d, lua_tostring(L, 3), 1);
  if (c.l == NULL) return luaL_error(L, "out of memory");
  m = collect(L, p->g, c.d, mode, &n);
  for (i = 0; i < n; i++) addmatchspan(&c, &m[i]);
  llore_check_spanmem(L, c.d, 2);
  lua_pushinteger(L, c.n);
  return 1;
}

/* g:lookup(phrase) -> id, payload | nil: the entry equal to phrase */
static int gaz_lookup (lua_State *L) {
  LGaz *p = checkgazud(L, 1);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  lore_doc *d;
  long n;
  lore_gaz_match m;
  size_t nt;
  if (lore_doc_new(s, len, 0, &d) != LORE_OK) return luaL_error(L, "out of memory");
  lore_doc_tokens(d, &nt);
  n = nt ? lore_gaz_match_at(p->g, d, 0, nt, &m, 1) : 0;
  lore_doc_free(d);
  if (n < 0) return luaL_error(L, "out of memory");
  if (n == 0 || m.tok_end != nt) return 0;
  lua_pushinteger(L, (lua_Integer)m.entry + 1);
  pushpayload(L, 1, m.entry);
  return 2;
}

static int gaz_len (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lore_gaz_size(checkgazud(L, 1)->g));
  return 1;
}

static int gaz_memory (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lore_gaz_memory(checkgazud(L, 1)->g));
  return 1;
}

static int gaz_tostring (lua_State *L) {
  LGaz *p = checkgazud(L, 1);
  lua_pushfstring(L, "lore.gazetteer(%d entries)", (int)lore_gaz_size(p->g));
  return 1;
}

static const luaL_Reg gaz_methods[] = {
  {"add", gaz_add}, {"scan", gaz_scan}, {"spans", gaz_spans},
  {"payload", gaz_payload}, {"lookup", gaz_lookup}, {"memory", gaz_memory},
  {"offsets", gaz_offsets},
  {NULL, NULL}
};

static const luaL_Reg gaz_meta[] = {
  {"__gc", gaz_gc}, {"__close", gaz_gc}, {"__len", gaz_len},
  {"__tostring", gaz_tostring}, {NULL, NULL}
};

void llore_open_gaz (lua_State *L) {
  llore_new_class(L, LORE_GAZ_MT, gaz_meta, gaz_methods, "__index");
  lua_pushcfunction(L, l_gazetteer);
  lua_setfield(L, -2, "gazetteer");
}
