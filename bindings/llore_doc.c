/*
** llore_doc.c
** Documents, tokens, sentences/paragraphs and spans as Lua userdata.
**
** Conventions of the Lua API: byte offsets are 0-based with an exclusive
** end (as in the JSON output); token, sentence and paragraph indices are
** 1-based (Lua sequences). A token, range or span keeps its document alive
** (user value); using one after doc:close() raises "attempt to use a closed
** document".
*/
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_buf.h"
#include "lore_json.h"
#include "lore_layer.h"
#include "lore_utf8.h"

#define REG_LABELS "lore.labels"      /* name -> id and id -> name */
#define REG_RULES "lore.rules"        /* id -> rule name */
#define REG_LABELKEYS "lore.labelkeys"/* layer name -> JSON key of the label */

/* {======================================================================
** Interned labels and rule names
** ======================================================================= */

static void getregtable (lua_State *L, const char *key) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, key);
  }
}

uint32_t llore_label_id (lua_State *L, const char *name, size_t len) {
  uint32_t id;
  getregtable(L, REG_LABELS);
  lua_pushlstring(L, name, len);
  if (lua_rawget(L, -2) == LUA_TNUMBER) {
    id = (uint32_t)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return id;
  }
  lua_pop(L, 1);
  id = (uint32_t)lua_rawlen(L, -1) + 1;     /* ids start at 1; 0 = none */
  lua_pushlstring(L, name, len);
  lua_rawseti(L, -2, id);                   /* t[id] = name */
  lua_pushlstring(L, name, len);
  lua_pushinteger(L, id);
  lua_rawset(L, -3);                        /* t[name] = id */
  lua_pop(L, 1);
  return id;
}

/* The name of a label id; the string stays alive in the registry. */
const char *llore_label_name (lua_State *L, uint32_t id, size_t *len) {
  const char *s = NULL;
  getregtable(L, REG_LABELS);
  if (lua_rawgeti(L, -1, id) == LUA_TSTRING) s = lua_tolstring(L, -1, len);
  else if (len) *len = 0;
  lua_pop(L, 2);
  return s;
}

const char *llore_rule_name (lua_State *L, uint32_t id, size_t *len) {
  const char *s = NULL;
  if (id == 0) { if (len) *len = 0; return NULL; }
  getregtable(L, REG_RULES);
  if (lua_rawgeti(L, -1, id) == LUA_TSTRING) s = lua_tolstring(L, -1, len);
  else if (len) *len = 0;
  lua_pop(L, 2);
  return s;
}

/* lore.rule_id(name) -> integer: intern a rule name ("file:name"). */
static int l_rule_id (lua_State *L) {
  size_t len;
  const char *name = luaL_checklstring(L, 1, &len);
  getregtable(L, REG_RULES);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, -2) != LUA_TNUMBER) {
    lua_Integer id = (lua_Integer)lua_rawlen(L, -2) + 1;
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, id);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, id);
    lua_rawset(L, -3);
    lua_pushinteger(L, id);
  }
  (void)name; (void)len;
  return 1;
}

/* lore.label_key(layer [, key]): the JSON key under which a layer's labels
** are written ("label" by default, "kind" for figures, "" for none). */
static int l_label_key (lua_State *L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 2);
  getregtable(L, REG_LABELKEYS);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checkstring(L, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_rawset(L, -3);
  }
  lua_pushvalue(L, 1);
  if (lua_rawget(L, -2) != LUA_TSTRING) {
    lua_pop(L, 1);
    lua_pushliteral(L, "label");
  }
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Errors and arguments
** ======================================================================= */

int llore_error (lua_State *L, const lore_error *e) {
  return luaL_error(L, "%s", e->msg[0] ? e->msg : lore_strerror(e->code));
}

int llore_pushfail (lua_State *L, const lore_error *e) {
  luaL_pushfail(L);
  lua_pushstring(L, e->msg[0] ? e->msg : lore_strerror(e->code));
  return 2;
}

/* A byte offset argument in [0, max]. */
size_t llore_checkoffset (lua_State *L, int arg, size_t max,
                          const char *what) {
  lua_Integer v = luaL_checkinteger(L, arg);
  if (v < 0)
    luaL_argerror(L, arg, lua_pushfstring(L, "negative %s %I", what, v));
  if ((lua_Unsigned)v > (lua_Unsigned)max)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s %I beyond end of document",
                                          what, v));
  return (size_t)v;
}

/* }====================================================================== */

/* {======================================================================
** Documents
** ======================================================================= */

LDoc *llore_checkdoc (lua_State *L, int idx) {
  LDoc *p = (LDoc *)luaL_checkudata(L, idx, LORE_DOC_MT);
  if (p->d == NULL) luaL_error(L, "attempt to use a closed document");
  return p;
}

lore_doc *llore_todoc (lua_State *L, int idx) {
  return llore_checkdoc(L, idx)->d;
}

/* Push the document of a child object (token, range, span) at idx and
** return it, raising if it was closed. */
static lore_doc *parentdoc (lua_State *L, int idx) {
  LDoc *p;
  lua_getiuservalue(L, idx, 1);
  p = (LDoc *)lua_touserdata(L, -1);
  if (p == NULL || p->d == NULL)
    luaL_error(L, "attempt to use a closed document");
  return p->d;
}

static const char *doctext (lua_State *L, int docidx, size_t *len) {
  return lore_doc_text(llore_todoc(L, docidx), len);
}

/*
** Create a document over the Lua string at borrow_idx (kept alive in the
** user value, so the text is not copied) with the meta table at meta_idx
** (0: none). Pushes the document. Returns 1.
*/
int llore_pushdoc (lua_State *L, const char *text, size_t len,
                   int borrow_idx, int meta_idx) {
  LDoc *p;
  int rc;
  unsigned flags = LORE_DOC_BORROW;
  borrow_idx = lua_absindex(L, borrow_idx);
  if (meta_idx != 0) meta_idx = lua_absindex(L, meta_idx);
  p = (LDoc *)lua_newuserdatauv(L, sizeof(LDoc), 1);
  p->d = NULL;                                /* closed until built */
  luaL_setmetatable(L, LORE_DOC_MT);
  lua_createtable(L, 0, 2);                   /* user value */
  lua_pushvalue(L, borrow_idx);
  lua_setfield(L, -2, "text");
  if (meta_idx != 0) {                        /* copy meta fields */
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, meta_idx) != 0) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, -4);
    }
    if (meta_idx != 0) {
      lua_getfield(L, -1, "para");
      if (lua_isstring(L, -1)) {
        const char *m = lua_tostring(L, -1);
        if (strcmp(m, "line") == 0) flags |= LORE_DOC_PARA_LINE;
        else if (strcmp(m, "blank") == 0) flags |= LORE_DOC_PARA_BLANK;
      }
      lua_pop(L, 1);
    }
  }
  else lua_newtable(L);
  lua_setfield(L, -2, "meta");
  lua_setiuservalue(L, -2, 1);
  rc = lore_doc_new(text, len, flags, &p->d); /* pure C: cannot raise */
  if (rc != LORE_OK)
    return luaL_error(L, "lore.doc: %s", lore_strerror(rc));
  return 1;
}

/* lore.doc(text [, meta]) */
/* The meta fields lore reads are strings (id may be a number); para is a
** paragraph mode. Other fields are the caller's own. */
static void check_meta (lua_State *L, int idx) {
  static const char *const strings[] = {"id", "title", "date", "source", "url",
                                        "path", "para", NULL};
  int i;
  for (i = 0; strings[i] != NULL; i++) {
    int t = lua_getfield(L, idx, strings[i]);
    if (t != LUA_TNIL && t != LUA_TSTRING && !(t == LUA_TNUMBER && i == 0))
      luaL_argerror(L, idx, lua_pushfstring(L, "meta.%s must be a string, got %s",
                    strings[i], luaL_typename(L, -1)));
    lua_pop(L, 1);
  }
  if (lua_getfield(L, idx, "para") == LUA_TSTRING) {
    const char *m = lua_tostring(L, -1);
    if (strcmp(m, "auto") != 0 && strcmp(m, "line") != 0 && strcmp(m, "blank") != 0)
      luaL_argerror(L, idx, lua_pushfstring(L, "meta.para must be 'auto', 'line' "
                    "or 'blank', got '%s'", m));
  }
  lua_pop(L, 1);
}

static int l_doc (lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    check_meta(L, 2);
  }
  if (len >= UINT32_MAX - 1)
    return luaL_argerror(L, 1, "text larger than 4 GiB");
  return llore_pushdoc(L, text, len, 1, lua_istable(L, 2) ? 2 : 0);
}

static int doc_gc (lua_State *L) {          /* __gc and __close; idempotent */
  LDoc *p = (LDoc *)luaL_checkudata(L, 1, LORE_DOC_MT);
  lore_doc_free(p->d);
  p->d = NULL;
  return 0;
}

static int doc_tostring (lua_State *L) {
  LDoc *p = (LDoc *)luaL_checkudata(L, 1, LORE_DOC_MT);
  size_t len, n;
  const char *id;
  if (p->d == NULL) { lua_pushliteral(L, "lore.Doc (closed)"); return 1; }
  lore_doc_text(p->d, &len);
  lore_doc_tokens(p->d, &n);
  lua_getiuservalue(L, 1, 1);
  lua_getfield(L, -1, "meta");
  lua_getfield(L, -1, "id");
  id = lua_tostring(L, -1);
  lua_pushfstring(L, "lore.Doc(%s, %I bytes, %I tokens)", id ? id : "?",
                  (lua_Integer)len, (lua_Integer)n);
  return 1;
}

static int doc_len (lua_State *L) {
  size_t len;
  doctext(L, 1, &len);
  lua_pushinteger(L, (lua_Integer)len);
  return 1;
}

/* doc:sub(start, stop) -> the text of bytes [start, stop) */
static int doc_sub (lua_State *L) {
  size_t len, s, e;
  const char *t = doctext(L, 1, &len);
  s = llore_checkoffset(L, 2, len, "offset");
  e = lua_isnoneornil(L, 3) ? len : llore_checkoffset(L, 3, len, "offset");
  luaL_argcheck(L, e >= s, 3, "end before start");
  lua_pushlstring(L, t + s, e - s);
  return 1;
}

static void pushtoken (lua_State *L, int docidx, size_t i) {
  LTok *t = (LTok *)lua_newuserdatauv(L, sizeof(LTok), 1);
  t->i = (uint32_t)i;
  luaL_setmetatable(L, LORE_TOKEN_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

static void pushrange (lua_State *L, int docidx, size_t i, int para) {
  LRange *r = (LRange *)lua_newuserdatauv(L, sizeof(LRange), 1);
  r->i = (uint32_t)i;
  r->para = para;
  luaL_setmetatable(L, LORE_RANGE_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

/* Stateless iterator over tokens: (doc, i) -> i+1, token */
static int tokens_iter (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2) + 1;
  lua_Integer last = lua_tointeger(L, lua_upvalueindex(1));
  size_t n;
  lore_doc_tokens(d, &n);
  if (i > last || (size_t)i > n) return 0;
  lua_pushinteger(L, i);
  pushtoken(L, 1, (size_t)i - 1);
  return 2;
}

/* doc:tokens([first [, last]]) -> iterator of (index, token) */
static int doc_tokens (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  size_t n;
  lua_Integer first, last;
  lore_doc_tokens(d, &n);
  first = luaL_optinteger(L, 2, 1);
  last = luaL_optinteger(L, 3, (lua_Integer)n);
  luaL_argcheck(L, first >= 1, 2, "token index starts at 1");
  lua_pushinteger(L, last);
  lua_pushcclosure(L, tokens_iter, 1);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, first - 1);
  return 3;
}

/* doc:token(i) -> token or nil */
static int doc_token (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  size_t n;
  lore_doc_tokens(d, &n);
  if (i < 1 || (size_t)i > n) return 0;
  pushtoken(L, 1, (size_t)i - 1);
  return 1;
}

/* doc:token_at(offset) -> the token containing offset (or the next one) */
static int doc_token_at (lua_State *L) {
  size_t len, n, i;
  lore_doc *d = llore_todoc(L, 1);
  size_t off;
  lore_doc_text(d, &len);
  off = llore_checkoffset(L, 2, len, "offset");
  lore_doc_tokens(d, &n);
  i = lore_doc_token_at(d, off);
  if (i >= n) return 0;
  pushtoken(L, 1, i);
  return 1;
}

static int ranges_iter (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2) + 1;
  int para = (int)lua_tointeger(L, lua_upvalueindex(1));
  size_t n;
  if (para) lore_doc_paragraphs(d, &n); else lore_doc_sentences(d, &n);
  if ((size_t)i > n) return 0;
  lua_pushinteger(L, i);
  pushrange(L, 1, (size_t)i - 1, para);
  return 2;
}

static int doc_ranges (lua_State *L, int para) {
  llore_todoc(L, 1);
  lua_pushinteger(L, para);
  lua_pushcclosure(L, ranges_iter, 1);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int doc_sentences (lua_State *L) { return doc_ranges(L, 0); }
static int doc_paragraphs (lua_State *L) { return doc_ranges(L, 1); }

static int doc_range (lua_State *L, int para) {
  lore_doc *d = llore_todoc(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  size_t n;
  if (para) lore_doc_paragraphs(d, &n); else lore_doc_sentences(d, &n);
  if (i < 1 || (size_t)i > n) return 0;
  pushrange(L, 1, (size_t)i - 1, para);
  return 1;
}

static int doc_sentence (lua_State *L) { return doc_range(L, 0); }
static int doc_paragraph (lua_State *L) { return doc_range(L, 1); }

/* doc:sentence_at(offset), doc:paragraph_at(offset) */
static int doc_range_at (lua_State *L, int para) {
  lore_doc *d = llore_todoc(L, 1);
  size_t len, n, nr, i, r;
  size_t off;
  lore_doc_text(d, &len);
  off = llore_checkoffset(L, 2, len, "offset");
  lore_doc_tokens(d, &n);
  i = lore_doc_token_at(d, off);
  if (i >= n) return 0;
  if (para) { lore_doc_paragraphs(d, &nr); r = lore_doc_paragraph_of(d, i); }
  else { lore_doc_sentences(d, &nr); r = lore_doc_sentence_of(d, i); }
  if (r >= nr) return 0;
  pushrange(L, 1, r, para);
  return 1;
}

static int doc_sentence_at (lua_State *L) { return doc_range_at(L, 0); }
static int doc_paragraph_at (lua_State *L) { return doc_range_at(L, 1); }

/* }====================================================================== */

/* {======================================================================
** Span attributes: Lua value <-> lore_value
** ======================================================================= */

void llore_push_value (lua_State *L, const lore_value *v, int null_as_nil) {
  char msg[256];
  switch (v->type) {
    case LORE_V_BOOL: lua_pushboolean(L, v->u.b); break;
    case LORE_V_INT: lua_pushinteger(L, (lua_Integer)v->u.i); break;
    case LORE_V_NUM: lua_pushnumber(L, v->u.n); break;
    case LORE_V_STR: lua_pushlstring(L, v->u.s.p, v->u.s.len); break;
    case LORE_V_JSON:
      if (null_as_nil && v->u.s.len == 4 && memcmp(v->u.s.p, "null", 4) == 0)
        lua_pushnil(L);
      else if (!llore_json_decode(L, v->u.s.p, v->u.s.len, msg))
        lua_pushlstring(L, v->u.s.p, v->u.s.len);
      break;
    default: lua_pushnil(L); break;
  }
}

/* Convert the Lua value at idx; tables are encoded as JSON into *b. */
static void tovalue (lua_State *L, int idx, lore_value *v, lore_buf *b) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL: v->type = LORE_V_NIL; break;
    case LUA_TBOOLEAN: v->type = LORE_V_BOOL; v->u.b = lua_toboolean(L, idx); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        v->type = LORE_V_INT; v->u.i = (int64_t)lua_tointeger(L, idx);
      }
      else { v->type = LORE_V_NUM; v->u.n = lua_tonumber(L, idx); }
      break;
    case LUA_TSTRING:
      v->type = LORE_V_STR;
      v->u.s.p = lua_tolstring(L, idx, &v->u.s.len);
      break;
    case LUA_TTABLE:
      llore_json_encode(L, idx, b);
      v->type = LORE_V_JSON;
      v->u.s.p = b->data;
      v->u.s.len = b->len;
      break;
    case LUA_TLIGHTUSERDATA:
      if (llore_isnull(L, idx)) {             /* lore.json.null: a JSON null */
        v->type = LORE_V_JSON;
        v->u.s.p = "null";
        v->u.s.len = 4;
        break;
      }
      /* FALLTHROUGH */
    default:
      luaL_error(L, "attribute values are nil, lore.json.null, booleans, "
                    "numbers, strings or tables (got %s)", luaL_typename(L, idx));
  }
}

/* Set attribute key[0..klen) of span id to the value at vidx. Encoding a
** table may raise, so only then is a scratch buffer (a box with __gc)
** made. */
static void setattr_kv (lua_State *L, lore_layer *l, uint32_t id,
                        const char *k, size_t klen, int vidx) {
  lore_value v;
  lore_buf *b = NULL;
  int rc;
  vidx = lua_absindex(L, vidx);
  if (lua_type(L, vidx) == LUA_TTABLE) b = llore_newbuf(L);
  tovalue(L, vidx, &v, b);
  rc = lore_layer_set_attr(l, id, k, klen, &v);
  if (b != NULL) { lore_buf_free(b); lua_pop(L, 1); }
  if (rc != LORE_OK) luaL_error(L, "cannot set attribute '%s': %s", k,
                                lore_strerror(rc));
}

static void setattr (lua_State *L, lore_layer *l, uint32_t id, int kidx,
                     int vidx) {
  size_t klen;
  const char *k = luaL_checklstring(L, kidx, &klen);
  setattr_kv(L, l, id, k, klen, vidx);
}

/* }====================================================================== */

/* {======================================================================
** Layers and spans
** ======================================================================= */

int llore_checklayer_name (lua_State *L, int idx) {
  size_t len;
  const char *s = luaL_checklstring(L, idx, &len);
  luaL_argcheck(L, len > 0 && len < 128 && memchr(s, '\0', len) == NULL,
                idx, "layer names are 1 to 127 bytes without NUL");
  return idx;
}

void llore_pushspan (lua_State *L, int docidx, lore_layer *l, uint32_t id) {
  LSpan *s;
  docidx = lua_absindex(L, docidx);
  s = (LSpan *)lua_newuserdatauv(L, sizeof(LSpan), 1);
  s->l = l;
  s->id = id;
  s->clears = lore_layer_clears(l);
  luaL_setmetatable(L, LORE_SPAN_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

/* Span argument: its layer, after checking the document is open and the
** layer was not cleared since (its span ids then name other spans or
** none). The document is pushed. */
static LSpan *checkspan (lua_State *L, int idx) {
  LSpan *s = (LSpan *)luaL_checkudata(L, idx, LORE_SPAN_MT);
  parentdoc(L, idx);
  if (lore_layer_clears(s->l) != s->clears || lore_layer_span(s->l, s->id) == NULL)
    luaL_error(L, "attempt to use a span of layer '%s' after doc:clear('%s')",
               lore_layer_name(s->l), lore_layer_name(s->l));
  return s;
}

typedef struct SKey { const char *s; size_t n; } SKey;

static int skeycmp (const void *a, const void *b) {
  const SKey *x = (const SKey *)a, *y = (const SKey *)b;
  int r = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
  return r != 0 ? r : (x->n > y->n) - (x->n < y->n);
}

#define STACKKEYS 32

/*
** Call fn(L, key, klen, vidx, ud) for each string key of the table at t
** (skipping those for which skip(key) is true), in byte order of the keys:
** Lua's table order changes from run to run, and must not reach the output.
** The keys stay anchored in the table; up to STACKKEYS need no allocation.
*/
void llore_each_sorted (lua_State *L, int t, int (*skip)(const char *),
                        void (*fn)(lua_State *, const char *, size_t, int,
                                   void *),
                        void *ud) {
  SKey stackkeys[STACKKEYS], *keys = stackkeys;
  size_t n = 0, i;
  t = lua_absindex(L, t);
  lua_pushnil(L);                            /* count */
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) n++;
  }
  if (n == 0) return;
  if (n > STACKKEYS) keys = (SKey *)lua_newuserdatauv(L, n * sizeof(SKey), 0);
  i = 0;
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING && i < n) {
      keys[i].s = lua_tolstring(L, -1, &keys[i].n);
      if (skip == NULL || !skip(keys[i].s)) i++;
    }
  }
  n = i;
  qsort(keys, n, sizeof(SKey), skeycmp);
  for (i = 0; i < n; i++) {
    lua_getfield(L, t, keys[i].s);
    fn(L, keys[i].s, keys[i].n, lua_gettop(L), ud);
    lua_pop(L, 1);
  }
  if (keys != stackkeys) lua_pop(L, 1);
}

static int isreserved (const char *k) {
  static const char *const reserved[] = {"label", "priority", "rule",
                                         NULL};
  int i;
  for (i = 0; reserved[i]; i++) if (strcmp(k, reserved[i]) == 0) return 1;
  return 0;
}

typedef struct AttrTarget { lore_layer *l; uint32_t id; } AttrTarget;

static void set_one (lua_State *L, const char *k, size_t klen, int vidx,
                     void *ud) {
  AttrTarget *at = (AttrTarget *)ud;
  setattr_kv(L, at->l, at->id, k, klen, vidx);
}

/* {======================================================================
** A cap on the memory spans of one document may hold, per Lua state (the
** pool sets it from --rule-memory): rules storing spans in a loop stop with
** a clear error instead of exhausting the machine.
** ======================================================================= */

static const char spanmem_key = 'k';

/* lore.span_memory([bytes]) -> the cap (0: none); sets it if given */
static int l_span_memory (lua_State *L) {
  if (!lua_isnoneornil(L, 1)) {
    lua_Integer v = luaL_checkinteger(L, 1);
    luaL_argcheck(L, v >= 0, 1, "negative cap");
    lua_pushinteger(L, v);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &spanmem_key);
  }
  lua_rawgetp(L, LUA_REGISTRYINDEX, &spanmem_key);
  if (!lua_isinteger(L, -1)) { lua_pop(L, 1); lua_pushinteger(L, 0); }
  return 1;
}

void llore_check_spanmem (lua_State *L, lore_doc *d, int docidx) {
  lua_Integer cap;
  size_t used;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &spanmem_key);
  cap = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
  lua_pop(L, 1);
  if (cap <= 0) return;
  used = lore_doc_layers_memory(d);
  if (used > (size_t)cap) {
    lua_getfield(L, docidx, "id");
    luaL_error(L, "the spans of document %s use more than %d MiB "
               "(a runaway rule? see --rule-memory)",
               lua_isstring(L, -1) ? lua_tostring(L, -1) : "?",
               (int)(cap >> 20));
  }
}

/* }====================================================================== */

/* doc:add(layer, start, stop [, attrs]) -> span. attrs.label, .priority
** and .rule (an id from lore.rule_id or a name) are span fields; the other
** keys become attributes. */
static int doc_add (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  size_t len, s, e, llen;
  const char *lname;
  lore_layer *l;
  uint32_t label = 0, rule = 0, id;
  lua_Integer prio = 0;
  int rc;
  lname = lua_tolstring(L, llore_checklayer_name(L, 2), &llen);
  lore_doc_text(d, &len);
  s = llore_checkoffset(L, 3, len, "offset");
  e = llore_checkoffset(L, 4, len, "offset");
  luaL_argcheck(L, e >= s, 4, "end before start");
  if (!lua_isnoneornil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    if (lua_getfield(L, 5, "label") != LUA_TNIL) {
      size_t n;
      const char *lab = luaL_checklstring(L, -1, &n);
      label = llore_label_id(L, lab, n);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 5, "priority") != LUA_TNIL) {
      int isint;
      prio = lua_tointegerx(L, -1, &isint);
      if (!isint)
        luaL_argerror(L, 5, lua_pushfstring(L, "priority must be an integer, got %s",
                      luaL_typename(L, -1)));
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 5, "rule") != LUA_TNIL) {
      if (lua_type(L, -1) == LUA_TSTRING) {
        lua_pushcfunction(L, l_rule_id);
        lua_insert(L, -2);
        lua_call(L, 1, 1);
      }
      rule = (uint32_t)luaL_checkinteger(L, -1);
    }
    lua_pop(L, 1);
  }
  l = lore_doc_layer(d, lname, 1);
  if (l == NULL) return luaL_error(L, "out of memory");
  rc = lore_layer_add(l, (uint32_t)s, (uint32_t)e, label, (int32_t)prio,
                      rule, &id);
  if (rc != LORE_OK) return luaL_error(L, "doc:add: %s", lore_strerror(rc));
  if (!lua_isnoneornil(L, 5)) {
    AttrTarget at;
    at.l = l;
    at.id = id;
    llore_each_sorted(L, 5, isreserved, set_one, &at);
  }
  llore_check_spanmem(L, d, 1);
  llore_pushspan(L, 1, l, id);
  (void)llen;
  return 1;
}

/* A JSON null attribute value reads as nil. */
static int isnullvalue (const lore_value *v) {
  return v->type == LORE_V_JSON && v->u.s.len == 4 &&
         memcmp(v->u.s.p, "null", 4) == 0;
}

/*
** doc:columns(layer [, keys [, {dead = true}]]) -> {n =, start = {...},
** stop = {...}, label = {...}, rule = {...}, [key] = {...}}: the live spans
** in document order as columns of plain values (attributes absent or null
** are nil in their column). One call instead of one userdata and several
** field reads per span: for rules that walk a layer.
*/
static int doc_columns (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  const char *lname = lua_tostring(L, llore_checklayer_name(L, 2));
  lore_layer *l = lore_doc_layer(d, lname, 0);
  const uint32_t *ids = NULL;
  size_t n = 0, i;
  int nkeys = 0, k, base;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    nkeys = (int)lua_rawlen(L, 3);
  }
  if (l != NULL) ids = lore_layer_sorted(l, &n);
  lua_createtable(L, 0, 5 + nkeys);
  base = lua_gettop(L);
  lua_pushinteger(L, (lua_Integer)n);
  lua_setfield(L, base, "n");
  lua_createtable(L, (int)n, 0);            /* base+1 start */
  lua_createtable(L, (int)n, 0);            /* base+2 stop */
  lua_createtable(L, (int)n, 0);            /* base+3 label */
  lua_createtable(L, (int)n, 0);            /* base+4 rule */
  for (k = 1; k <= nkeys; k++) lua_createtable(L, (int)n, 0);  /* base+4+k */
  for (i = 0; i < n; i++) {
    const lore_span *sp = lore_layer_span(l, ids[i]);
    size_t len;
    const char *name;
    lua_Integer j = (lua_Integer)i + 1;
    lua_pushinteger(L, sp->start); lua_rawseti(L, base + 1, j);
    lua_pushinteger(L, sp->end); lua_rawseti(L, base + 2, j);
    name = llore_label_name(L, sp->label, &len);
    if (name) { lua_pushlstring(L, name, len); lua_rawseti(L, base + 3, j); }
    name = llore_rule_name(L, sp->rule, &len);
    if (name) { lua_pushlstring(L, name, len); lua_rawseti(L, base + 4, j); }
    for (k = 1; k <= nkeys; k++) {
      lore_value v;
      size_t klen;
      const char *key;
      lua_rawgeti(L, 3, k);
      key = lua_tolstring(L, -1, &klen);
      lua_pop(L, 1);                        /* still anchored in keys */
      if (key && lore_layer_get_attr(l, ids[i], key, klen, &v) && !isnullvalue(&v)) {
        llore_push_value(L, &v, 0);
        lua_rawseti(L, base + 4 + k, j);
      }
    }
  }
  for (k = nkeys; k >= 1; k--) {            /* name the columns */
    lua_rawgeti(L, 3, k);
    lua_pushvalue(L, base + 4 + k);
    lua_rawset(L, base);
  }
  lua_settop(L, base + 4);
  lua_setfield(L, base, "rule");
  lua_setfield(L, base, "label");
  lua_setfield(L, base, "stop");
  lua_setfield(L, base, "start");
  return 1;
}

/* doc:offsets(what) -> flat {start1, stop1, start2, stop2, ...} of the
** "sentences", "paragraphs" or "tokens" of the document. */
static int doc_offsets (lua_State *L) {
  static const char *const whats[] = {"sentences", "paragraphs", "tokens", NULL};
  lore_doc *d = llore_todoc(L, 1);
  int w = luaL_checkoption(L, 2, NULL, whats);
  size_t n, i;
  lua_Integer k = 0;
  if (w == 2) {
    const lore_token *t = lore_doc_tokens(d, &n);
    lua_createtable(L, (int)(2 * n), 0);
    for (i = 0; i < n; i++) {
      lua_pushinteger(L, t[i].start); lua_rawseti(L, -2, ++k);
      lua_pushinteger(L, t[i].end); lua_rawseti(L, -2, ++k);
    }
  }
  else {
    const lore_range *r = w == 0 ? lore_doc_sentences(d, &n)
                                 : lore_doc_paragraphs(d, &n);
    lua_createtable(L, (int)(2 * n), 0);
    for (i = 0; i < n; i++) {
      lua_pushinteger(L, r[i].start); lua_rawseti(L, -2, ++k);
      lua_pushinteger(L, r[i].end); lua_rawseti(L, -2, ++k);
    }
  }
  return 1;
}

/* doc:layers() -> list of layer names in creation order */
static int doc_layers (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  size_t i, n = lore_doc_nlayers(d);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, lore_layer_name(lore_doc_layer_at(d, i)));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

typedef struct SpanFilter {
  lua_State *L;
  int docidx, fnidx, tidx;
  lore_layer *l;
  uint32_t label;      /* 0: any */
  int haslabel;
  lua_Integer n;
} SpanFilter;

static int filter_cb (void *ud, uint32_t id) {
  SpanFilter *f = (SpanFilter *)ud;
  lua_State *L = f->L;
  const lore_span *sp = lore_layer_span(f->l, id);
  if (f->haslabel && sp->label != f->label) return 0;
  llore_pushspan(L, f->docidx, f->l, id);
  if (f->fnidx) {
    lua_pushvalue(L, f->fnidx);
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1);
    if (!lua_toboolean(L, -1)) { lua_pop(L, 2); return 0; }
    lua_pop(L, 1);
  }
  lua_rawseti(L, f->tidx, ++f->n);
  return 0;
}

/* Read an optional range field of the filter table: {start, stop}, or an
** offset for 'at'. */
static int rangefield (lua_State *L, int ftab, const char *name,
                       size_t len, size_t *s, size_t *e) {
  int t = lua_getfield(L, ftab, name);
  int isnum;
  if (t == LUA_TNIL) { lua_pop(L, 1); return 0; }
  if (strcmp(name, "at") == 0) {
    lua_Integer v = lua_tointegerx(L, -1, &isnum);
    if (!isnum)
      luaL_argerror(L, 3, "filter 'at' must be an offset (an integer)");
    if (v < 0 || (size_t)v > len)
      luaL_argerror(L, 3, lua_pushfstring(L, "filter 'at': offset %I beyond "
                    "the document (%I bytes)", v, (lua_Integer)len));
    *s = *e = (size_t)v;
  }
  else {
    lua_Integer a = 0, b = 0;
    int ok = t == LUA_TTABLE;
    if (ok) {
      int oka, okb;
      lua_rawgeti(L, -1, 1); lua_rawgeti(L, -2, 2);
      a = lua_tointegerx(L, -2, &oka); b = lua_tointegerx(L, -1, &okb);
      ok = oka && okb;
      lua_pop(L, 2);
    }
    if (!ok)
      luaL_argerror(L, 3, lua_pushfstring(L, "filter '%s' must be {start, "
                    "stop} (two integers)", name));
    if (a < 0 || b > (lua_Integer)len || a > b)
      luaL_argerror(L, 3, lua_pushfstring(L, a > b
                    ? "filter '%s': start %I after stop %I"
                    : "filter '%s': range [%I, %I) beyond the document", name, a, b));
    *s = (size_t)a; *e = (size_t)b;
  }
  lua_pop(L, 1);
  return 1;
}

/* The filter table's keys are known ones, with at most one range. */
static void check_filter_keys (lua_State *L, int ftab) {
  static const char *const keys[] = {"label", "inside", "covering",
    "overlapping", "exact", "at", "dead", "where", NULL};
  int nranges = 0;
  lua_pushnil(L);
  while (lua_next(L, ftab) != 0) {
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    int i;
    for (i = 0; k != NULL && keys[i] != NULL; i++)
      if (strcmp(k, keys[i]) == 0) break;
    if (k == NULL || keys[i] == NULL)
      luaL_argerror(L, 3, lua_pushfstring(L, "unknown filter key '%s' (expected "
                    "label, inside, covering, overlapping, exact, at, dead or where)",
                    k ? k : luaL_typename(L, -2)));
    if (i >= 1 && i <= 5) nranges++;
    lua_pop(L, 1);
  }
  if (nranges > 1)
    luaL_argerror(L, 3, "at most one of inside, covering, overlapping, exact and at");
}

/*
** doc:spans(layer [, filter]) -> list of spans in document order.
** filter: a label string; a function(span) -> boolean; or a table with any
** of label=, inside={s,e}, covering={s,e}, overlapping={s,e}, at=offset,
** exact={s,e}, dead=true (also spans that lost a conflict), where=function.
*/
static int doc_spans (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  SpanFilter f;
  size_t len, s = 0, e, n, i;
  int mode = LORE_Q_INSIDE;
  const char *lname = lua_tostring(L, llore_checklayer_name(L, 2));
  memset(&f, 0, sizeof f);
  f.L = L;
  f.docidx = 1;
  lore_doc_text(d, &len);
  e = len;
  if (lua_type(L, 3) == LUA_TSTRING) {
    size_t ln;
    const char *lab = lua_tolstring(L, 3, &ln);
    f.haslabel = 1; f.label = llore_label_id(L, lab, ln);
  }
  else if (lua_type(L, 3) == LUA_TFUNCTION) f.fnidx = 3;
  else if (lua_type(L, 3) == LUA_TTABLE) {
    check_filter_keys(L, 3);
    if (lua_getfield(L, 3, "label") == LUA_TSTRING) {
      size_t ln;
      const char *lab = lua_tolstring(L, -1, &ln);
      f.haslabel = 1; f.label = llore_label_id(L, lab, ln);
    }
    lua_pop(L, 1);
    if (rangefield(L, 3, "inside", len, &s, &e)) mode = LORE_Q_INSIDE;
    else if (rangefield(L, 3, "covering", len, &s, &e)) mode = LORE_Q_COVER;
    else if (rangefield(L, 3, "overlapping", len, &s, &e)) mode = LORE_Q_OVERLAP;
    else if (rangefield(L, 3, "exact", len, &s, &e)) mode = LORE_Q_EXACT;
    else if (rangefield(L, 3, "at", len, &s, &e)) mode = LORE_Q_OVERLAP;
    if (lua_getfield(L, 3, "dead") != LUA_TNIL && lua_toboolean(L, -1))
      mode |= LORE_Q_ALL;
    lua_pop(L, 1);
    if (lua_getfield(L, 3, "where") == LUA_TFUNCTION) f.fnidx = lua_gettop(L);
    else lua_pop(L, 1);
  }
  else if (!lua_isnoneornil(L, 3))
    luaL_typeerror(L, 3, "string, function or table");
  lua_newtable(L);
  f.tidx = lua_gettop(L);
  f.l = lore_doc_layer(d, lname, 0);
  if (f.l == NULL) return 1;                 /* no such layer: empty list */
  if (mode == LORE_Q_INSIDE && s == 0 && e == len) {
    const uint32_t *ids = lore_layer_sorted(f.l, &n);
    for (i = 0; i < n; i++) filter_cb(&f, ids[i]);
  }
  else lore_layer_query(f.l, (uint32_t)s, (uint32_t)e, mode, filter_cb, &f);
  return 1;
}

static int policy_arg (lua_State *L, int idx) {
  static const char *const names[] = {"longest", "priority", "first", NULL};
  static const int policies[] = {LORE_POLICY_LONGEST, LORE_POLICY_PRIORITY,
                                 LORE_POLICY_FIRST};
  return policies[luaL_checkoption(L, idx, "longest", names)];
}

/* doc:resolve(layer [, policy [, per_label]]): remove overlaps */
static int doc_resolve (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  const char *lname = lua_tostring(L, llore_checklayer_name(L, 2));
  int policy = policy_arg(L, 3);
  lore_layer *l = lore_doc_layer(d, lname, 0);
  if (lua_toboolean(L, 4)) policy |= LORE_RESOLVE_PER_LABEL;
  if (l != NULL && lore_layer_resolve(l, policy) != LORE_OK)
    return luaL_error(L, "out of memory");
  return 0;
}

/* doc:remove_inside(layer, other) -> n: remove (as span:remove() does)
** every live span of layer that lies inside a live span of layer other,
** in one linear pass; 0 when either layer is missing (neither is made). */
static int doc_remove_inside (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lore_layer *l = lore_doc_layer(d, lua_tostring(L, llore_checklayer_name(L, 2)), 0);
  lore_layer *by = lore_doc_layer(d, lua_tostring(L, llore_checklayer_name(L, 3)), 0);
  long n = 0;
  if (l != NULL && by != NULL) {
    n = lore_layer_remove_inside(l, by);
    if (n < 0) return luaL_error(L, "out of memory");
  }
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* doc:clear(layer): drop every span of the layer */
static int doc_clear (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lore_layer *l = lore_doc_layer(d, lua_tostring(L, llore_checklayer_name(L, 2)), 0);
  if (l != NULL) lore_layer_clear(l);
  return 0;
}

/* doc:close(): free the document now (also __close) */
static int doc_close (lua_State *L) {
  return doc_gc(L);
}

/* doc:json([{dead=true}]) -> one JSON line (no newline) */
static int doc_json (lua_State *L) {
  lore_buf *b;
  int dead = 0;
  llore_todoc(L, 1);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "dead");
    dead = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  b = llore_newbuf(L);
  if (llore_doc_json(L, 1, b, dead) != LORE_OK)
    return luaL_error(L, "out of memory");
  lua_pushlstring(L, b->data, b->len);
  lore_buf_free(b);
  return 1;
}

static int doc_index (lua_State *L) {
  const char *k = luaL_checkstring(L, 2);
  LDoc *p = (LDoc *)luaL_checkudata(L, 1, LORE_DOC_MT);
  if (lua_getmetatable(L, 1)) {             /* methods */
    lua_getfield(L, -1, "__methods");
    if (lua_getfield(L, -1, k) != LUA_TNIL) return 1;
    lua_pop(L, 3);
  }
  if (strcmp(k, "closed") == 0) { lua_pushboolean(L, p->d == NULL); return 1; }
  lua_getiuservalue(L, 1, 1);
  if (strcmp(k, "meta") == 0) { lua_getfield(L, -1, "meta"); return 1; }
  if (strcmp(k, "id") == 0) {
    lua_getfield(L, -1, "meta");
    lua_getfield(L, -1, "id");
    return 1;
  }
  if (p->d == NULL) return luaL_error(L, "attempt to use a closed document");
  if (strcmp(k, "text") == 0) { lua_getfield(L, -1, "text"); return 1; }
  if (strcmp(k, "warnings") == 0) {
    lua_pushinteger(L, (lua_Integer)lore_doc_ninvalid(p->d));
    return 1;
  }
  if (strcmp(k, "ntokens") == 0 || strcmp(k, "nsentences") == 0 ||
      strcmp(k, "nparagraphs") == 0) {
    size_t n;
    if (k[1] == 't') lore_doc_tokens(p->d, &n);
    else if (k[1] == 's') lore_doc_sentences(p->d, &n);
    else lore_doc_paragraphs(p->d, &n);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
  }
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Tokens
** ======================================================================= */

static const struct { const char *name; unsigned flag; } tokflags[] = {
  {"cap", LORE_TF_CAP}, {"allcaps", LORE_TF_ALLCAPS},
  {"title", LORE_TF_TITLE}, {"digit", LORE_TF_DIGIT},
  {"sent_start", LORE_TF_SENT_START}, {"sent_end", LORE_TF_SENT_END},
  {"para_start", LORE_TF_PARA_START}, {"para_end", LORE_TF_PARA_END},
  {"space_before", LORE_TF_SPACE_BEFORE}, {"space_after", LORE_TF_SPACE_AFTER},
  {"line_before", LORE_TF_LINE_BEFORE}, {"lower", LORE_TF_LOWER},
  {"nonascii", LORE_TF_NONASCII}, {"hyphenated", LORE_TF_HYPHENATED},
  {NULL, 0}
};

static const char *quotename (unsigned sub) {
  unsigned oc = sub & (LORE_QS_OPEN | LORE_QS_CLOSE);
  return oc == LORE_QS_OPEN ? "open" : oc == LORE_QS_CLOSE ? "close"
                                                           : "ambiguous";
}

static const char *subname (const lore_token *t) {
  static const char *const nums[] = {"integer", "grouped", "decimal",
                                     "ordinal", "decade"};
  static const char *const puncts[] = {"other", "period", "comma", "colon",
    "semicolon", "exclamation", "question", "open", "close", "hyphen",
    "slash"};
  static const char *const dashes[] = {"en", "em", "double", "spaced",
                                       "other"};
  switch (t->kind) {
    case LORE_TK_WORD:
      return t->sub == LORE_WS_ABBREV ? "abbrev"
           : t->sub == LORE_WS_CLITIC ? "clitic" : "plain";
    case LORE_TK_NUMBER: return t->sub < 5 ? nums[t->sub] : "?";
    case LORE_TK_PUNCT: return t->sub < 11 ? puncts[t->sub] : "?";
    case LORE_TK_DASH: return t->sub < 5 ? dashes[t->sub] : "?";
    case LORE_TK_QUOTE: return quotename(t->sub);
    default: return "";
  }
}

static const lore_token *checktoken (lua_State *L, int idx, lore_doc **dp) {
  LTok *t = (LTok *)luaL_checkudata(L, idx, LORE_TOKEN_MT);
  lore_doc *d = parentdoc(L, idx);
  size_t n;
  const lore_token *v = lore_doc_tokens(d, &n);
  lua_pop(L, 1);
  if (dp) *dp = d;
  return &v[t->i];
}

static int tok_index (lua_State *L) {
  lore_doc *d;
  const lore_token *t = checktoken(L, 1, &d);
  const char *k = luaL_checkstring(L, 2);
  LTok *ud = (LTok *)lua_touserdata(L, 1);
  const char *text;
  size_t len;
  int i;
  text = lore_doc_text(d, &len);
  if (strcmp(k, "text") == 0)
    lua_pushlstring(L, text + t->start, t->end - t->start);
  else if (strcmp(k, "start") == 0) lua_pushinteger(L, t->start);
  else if (strcmp(k, "stop") == 0) lua_pushinteger(L, t->end);
  else if (strcmp(k, "i") == 0) lua_pushinteger(L, (lua_Integer)ud->i + 1);
  else if (strcmp(k, "kind") == 0) lua_pushstring(L, lore_tok_kind_name(t->kind));
  else if (strcmp(k, "sub") == 0) lua_pushstring(L, subname(t));
  else if (strcmp(k, "quote") == 0) {
    if (t->kind != LORE_TK_QUOTE) return 0;
    lua_pushstring(L, quotename(t->sub));
  }
  else if (strcmp(k, "single") == 0)
    lua_pushboolean(L, t->kind == LORE_TK_QUOTE && (t->sub & LORE_QS_SINGLE));
  else if (strcmp(k, "typographic") == 0)
    lua_pushboolean(L, t->kind == LORE_TK_QUOTE && (t->sub & LORE_QS_TYPO));
  else if (strcmp(k, "norm") == 0) {
    const char *s;
    size_t n;
    if (lore_doc_token_norm(d, ud->i, LORE_FOLD_CASE | LORE_FOLD_ACCENTS |
                            LORE_FOLD_PUNCT, &s, &n) != LORE_OK)
      return luaL_error(L, "out of memory");
    lua_pushlstring(L, s, n);
  }
  else if (strcmp(k, "flags") == 0) {
    int n = 0;
    lua_newtable(L);
    for (i = 0; tokflags[i].name; i++)
      if (t->flags & tokflags[i].flag) {
        lua_pushstring(L, tokflags[i].name);
        lua_rawseti(L, -2, ++n);
      }
  }
  else {
    for (i = 0; tokflags[i].name; i++)
      if (strcmp(k, tokflags[i].name) == 0) {
        lua_pushboolean(L, (t->flags & tokflags[i].flag) != 0);
        return 1;
      }
    if (strcmp(k, "abbrev") == 0)
      lua_pushboolean(L, t->kind == LORE_TK_WORD && t->sub == LORE_WS_ABBREV);
    else if (strcmp(k, "clitic") == 0)
      lua_pushboolean(L, t->kind == LORE_TK_WORD && t->sub == LORE_WS_CLITIC);
    else if (strcmp(k, "doc") == 0) lua_getiuservalue(L, 1, 1);
    else if (strcmp(k, "next") == 0 || strcmp(k, "prev") == 0) {
      size_t n;
      lore_doc_tokens(d, &n);
      lua_getiuservalue(L, 1, 1);
      if (k[0] == 'n' ? ud->i + 1 >= n : ud->i == 0) return 0;
      pushtoken(L, lua_gettop(L), k[0] == 'n' ? ud->i + 1 : ud->i - 1);
    }
    else return 0;
  }
  return 1;
}

static int tok_tostring (lua_State *L) {
  lore_doc *d;
  const lore_token *t = checktoken(L, 1, &d);
  size_t len;
  const char *text = lore_doc_text(d, &len);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, lore_tok_kind_name(t->kind));
  luaL_addstring(&b, " '");
  luaL_addlstring(&b, text + t->start, t->end - t->start);
  luaL_addstring(&b, "' ");
  lua_pushfstring(L, "[%d,%d)", (int)t->start, (int)t->end);
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  return 1;
}

static int tok_eq (lua_State *L) {
  LTok *a = (LTok *)luaL_checkudata(L, 1, LORE_TOKEN_MT);
  LTok *b = (LTok *)luaL_checkudata(L, 2, LORE_TOKEN_MT);
  int same;
  lua_getiuservalue(L, 1, 1);
  lua_getiuservalue(L, 2, 1);
  same = lua_rawequal(L, -1, -2) && a->i == b->i;
  lua_pushboolean(L, same);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Sentences and paragraphs
** ======================================================================= */

static const lore_range *checkrange (lua_State *L, int idx, lore_doc **dp) {
  LRange *r = (LRange *)luaL_checkudata(L, idx, LORE_RANGE_MT);
  lore_doc *d = parentdoc(L, idx);
  size_t n;
  const lore_range *v = r->para ? lore_doc_paragraphs(d, &n)
                                : lore_doc_sentences(d, &n);
  lua_pop(L, 1);
  if (dp) *dp = d;
  return &v[r->i];
}

static int range_index (lua_State *L) {
  lore_doc *d;
  const lore_range *r = checkrange(L, 1, &d);
  LRange *ud = (LRange *)lua_touserdata(L, 1);
  const char *k = luaL_checkstring(L, 2);
  size_t len;
  const char *text = lore_doc_text(d, &len);
  if (strcmp(k, "text") == 0) lua_pushlstring(L, text + r->start, r->end - r->start);
  else if (strcmp(k, "start") == 0) lua_pushinteger(L, r->start);
  else if (strcmp(k, "stop") == 0) lua_pushinteger(L, r->end);
  else if (strcmp(k, "i") == 0) lua_pushinteger(L, (lua_Integer)ud->i + 1);
  else if (strcmp(k, "first") == 0) lua_pushinteger(L, (lua_Integer)r->tok_start + 1);
  else if (strcmp(k, "last") == 0) lua_pushinteger(L, (lua_Integer)r->tok_end);
  else if (strcmp(k, "kind") == 0) lua_pushstring(L, ud->para ? "paragraph" : "sentence");
  else if (strcmp(k, "doc") == 0) lua_getiuservalue(L, 1, 1);
  else return 0;
  return 1;
}

/* range:tokens() is doc:tokens(first, last); __index returns a function
** taking the range, so adapt: called as range.tokens(range). */
static int range_tokens (lua_State *L) {
  lore_doc *d;
  const lore_range *r = checkrange(L, 1, &d);
  lua_settop(L, 1);
  lua_getiuservalue(L, 1, 1);
  lua_replace(L, 1);
  lua_pushinteger(L, (lua_Integer)r->tok_start + 1);
  lua_pushinteger(L, (lua_Integer)r->tok_end);
  return doc_tokens(L);
}

static int range_index_m (lua_State *L) {
  const char *k = lua_tostring(L, 2);
  if (k && strcmp(k, "tokens") == 0) {
    lua_pushcfunction(L, range_tokens);
    return 1;
  }
  return range_index(L);
}

static int range_tostring (lua_State *L) {
  lore_doc *d;
  const lore_range *r = checkrange(L, 1, &d);
  LRange *ud = (LRange *)lua_touserdata(L, 1);
  lua_pushfstring(L, "%s %d [%d,%d)", ud->para ? "paragraph" : "sentence",
                  (int)ud->i + 1, (int)r->start, (int)r->end);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Spans
** ======================================================================= */

static int span_remove (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  lore_layer_kill(s->l, s->id, LORE_REMOVED);
  return 0;
}

static int span_get (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  size_t klen;
  const char *k = luaL_checklstring(L, 2, &klen);
  lore_value v;
  if (!lore_layer_get_attr(s->l, s->id, k, klen, &v)) return 0;
  llore_push_value(L, &v, 0);
  return 1;
}

static int span_set (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  luaL_checkstring(L, 2);
  setattr(L, s->l, s->id, 2, 3);
  lua_settop(L, 1);
  return 1;
}

/* span:attrs() -> a plain table copy of the attributes */
static int span_attrtable (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  size_t k, n = lore_layer_nattrs(s->l, s->id);
  lua_createtable(L, 0, (int)n);
  for (k = 0; k < n; k++) {
    const char *key;
    size_t klen;
    lore_value v;
    if (!lore_layer_attr_at(s->l, s->id, k, &key, &klen, &v)) break;
    lua_pushlstring(L, key, klen);
    llore_push_value(L, &v, 0);
    lua_rawset(L, -3);
  }
  return 1;
}

static const luaL_Reg span_methods[] = {
  {"remove", span_remove}, {"get", span_get}, {"set", span_set},
  {"attrs", span_attrtable}, {NULL, NULL}
};

static int span_index (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  const char *k = luaL_checkstring(L, 2);
  const lore_span *sp = lore_layer_span(s->l, s->id);
  lore_doc *d = llore_todoc(L, -1);
  size_t len, klen;
  const char *text = lore_doc_text(d, &len);
  int i;
  for (i = 0; span_methods[i].name; i++)
    if (strcmp(k, span_methods[i].name) == 0) {
      lua_pushcfunction(L, span_methods[i].func);
      return 1;
    }
  if (strcmp(k, "start") == 0) lua_pushinteger(L, sp->start);
  else if (strcmp(k, "stop") == 0) lua_pushinteger(L, sp->end);
  else if (strcmp(k, "text") == 0)
    lua_pushlstring(L, text + sp->start, sp->end - sp->start);
  else if (strcmp(k, "label") == 0) {
    size_t n;
    const char *name = llore_label_name(L, sp->label, &n);
    if (name == NULL) return 0;
    lua_pushlstring(L, name, n);
  }
  else if (strcmp(k, "layer") == 0) lua_pushstring(L, lore_layer_name(s->l));
  else if (strcmp(k, "rule") == 0) {
    size_t n;
    const char *name = llore_rule_name(L, sp->rule, &n);
    if (name == NULL) return 0;
    lua_pushlstring(L, name, n);
  }
  else if (strcmp(k, "priority") == 0) lua_pushinteger(L, sp->priority);
  else if (strcmp(k, "id") == 0) lua_pushinteger(L, (lua_Integer)s->id + 1);
  else if (strcmp(k, "alive") == 0) lua_pushboolean(L, sp->beaten_by == LORE_NONE);
  else if (strcmp(k, "removed") == 0) lua_pushboolean(L, sp->beaten_by == LORE_REMOVED);
  else if (strcmp(k, "beaten_by") == 0) {
    if (sp->beaten_by == LORE_NONE || sp->beaten_by == LORE_REMOVED) return 0;
    llore_pushspan(L, lua_gettop(L), s->l, sp->beaten_by);
  }
  else if (strcmp(k, "doc") == 0) lua_pushvalue(L, -1);
  else {                                    /* an attribute */
    lore_value v;
    k = lua_tolstring(L, 2, &klen);
    if (!lore_layer_get_attr(s->l, s->id, k, klen, &v)) return 0;
    if (v.type == LORE_V_JSON && v.u.s.len == 4 && memcmp(v.u.s.p, "null", 4) == 0)
      return 0;                             /* JSON null reads as nil */
    llore_push_value(L, &v, 0);
  }
  return 1;
}

static int span_newindex (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  const char *k = luaL_checkstring(L, 2);
  static const char *const ro[] = {"start", "stop", "text", "label", "layer",
    "rule", "priority", "id", "alive", "removed", "beaten_by", "doc", NULL};
  int i;
  for (i = 0; ro[i]; i++)
    if (strcmp(k, ro[i]) == 0)
      return luaL_error(L, "span field '%s' is read-only", k);
  setattr(L, s->l, s->id, 2, 3);
  return 0;
}

static int span_tostring (lua_State *L) {
  LSpan *s = checkspan(L, 1);
  const lore_span *sp = lore_layer_span(s->l, s->id);
  lore_doc *d = llore_todoc(L, -1);
  size_t len, n;
  const char *text = lore_doc_text(d, &len);
  const char *label = llore_label_name(L, sp->label, &n);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, lore_layer_name(s->l));
  if (label) { luaL_addchar(&b, ':'); luaL_addlstring(&b, label, n); }
  luaL_addstring(&b, " '");
  luaL_addlstring(&b, text + sp->start, sp->end - sp->start);
  luaL_addstring(&b, "' ");
  lua_pushfstring(L, "[%d,%d)%s", (int)sp->start, (int)sp->end,
                  sp->beaten_by == LORE_NONE ? "" : " (dead)");
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  return 1;
}

static int span_eq (lua_State *L) {
  LSpan *a = (LSpan *)luaL_checkudata(L, 1, LORE_SPAN_MT);
  LSpan *b = (LSpan *)luaL_checkudata(L, 2, LORE_SPAN_MT);
  lua_pushboolean(L, a->l == b->l && a->id == b->id && a->clears == b->clears);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** JSON output of a document
** ======================================================================= */

static int addkey (lore_buf *b, const char *k, int *first) {
  if (!*first) lore_buf_addc(b, ',');
  *first = 0;
  lore_json_string(b, k, strlen(k));
  return lore_buf_addc(b, ':');
}

static void addvalue (lore_buf *b, const lore_value *v) {
  switch (v->type) {
    case LORE_V_BOOL: lore_buf_adds(b, v->u.b ? "true" : "false"); break;
    case LORE_V_INT: lore_json_int(b, v->u.i); break;
    case LORE_V_NUM: lore_json_number(b, v->u.n); break;
    case LORE_V_STR: lore_json_string(b, v->u.s.p, v->u.s.len); break;
    case LORE_V_JSON:
      if (lore_json_valid(v->u.s.p, v->u.s.len))
        lore_buf_add(b, v->u.s.p, v->u.s.len);
      else lore_buf_adds(b, "null");
      break;
    default: lore_buf_adds(b, "null"); break;
  }
}

static int isoutkey (const char *k, size_t klen, const char *labelkey) {
  static const char *const fixed[] = {"start", "end", "text", "rule", NULL};
  int i;
  for (i = 0; fixed[i]; i++)
    if (strlen(fixed[i]) == klen && memcmp(k, fixed[i], klen) == 0) return 0;
  if (strlen(labelkey) == klen && memcmp(k, labelkey, klen) == 0) return 0;
  return 1;
}

static void addspan (lua_State *L, lore_buf *b, lore_layer *l, uint32_t id,
                     const char *text, const char *labelkey) {
  const lore_span *sp = lore_layer_span(l, id);
  size_t k, n = lore_layer_nattrs(l, id), len;
  int first = 1;
  const char *s;
  lore_buf_addc(b, '{');
  addkey(b, "start", &first); lore_json_int(b, sp->start);
  addkey(b, "end", &first); lore_json_int(b, sp->end);
  addkey(b, "text", &first);
  lore_json_string(b, text + sp->start, sp->end - sp->start);
  if (labelkey[0] != '\0') {
    addkey(b, labelkey, &first);
    s = llore_label_name(L, sp->label, &len);
    if (s) lore_json_string(b, s, len); else lore_buf_adds(b, "null");
  }
  for (k = 0; k < n; k++) {
    const char *key;
    size_t klen;
    lore_value v;
    char kbuf[128];
    if (!lore_layer_attr_at(l, id, k, &key, &klen, &v)) break;
    if (!isoutkey(key, klen, labelkey) || klen >= sizeof kbuf) continue;
    memcpy(kbuf, key, klen); kbuf[klen] = '\0';
    addkey(b, kbuf, &first);
    addvalue(b, &v);
  }
  s = llore_rule_name(L, sp->rule, &len);
  if (s) { addkey(b, "rule", &first); lore_json_string(b, s, len); }
  if (sp->beaten_by != LORE_NONE) {
    addkey(b, "dead", &first);
    lore_buf_adds(b, "true");
  }
  lore_buf_addc(b, '}');
}

static int addspan_cb (void *ud, uint32_t id) {
  void **a = (void **)ud;
  lore_buf *b = (lore_buf *)a[1];
  size_t *count = (size_t *)a[5];
  if ((*count)++ > 0) lore_buf_addc(b, ',');
  addspan((lua_State *)a[0], b, (lore_layer *)a[2], id, (const char *)a[3],
          (const char *)a[4]);
  return 0;
}

/* "stats": {bytes, tokens, words, sentences, paragraphs} and "sentences":
** [[start, end], ...], so saved records suffice for corpus scripts (word
** counts, sentence co-occurrence, contexts) without the text. */
static void addstats (lore_doc *d, lore_buf *b, int *first) {
  size_t len, nt, ns, np, i, words = 0;
  const lore_token *t = lore_doc_tokens(d, &nt);
  const lore_range *s = lore_doc_sentences(d, &ns);
  lore_doc_paragraphs(d, &np);
  lore_doc_text(d, &len);
  for (i = 0; i < nt; i++)
    if (t[i].kind == LORE_TK_WORD || t[i].kind == LORE_TK_NUMBER) words++;
  addkey(b, "stats", first);
  lore_buf_addf(b, "{\"bytes\":%zu,\"tokens\":%zu,\"words\":%zu,"
                "\"sentences\":%zu,\"paragraphs\":%zu}", len, nt, words, ns, np);
  addkey(b, "sentences", first);
  lore_buf_addc(b, '[');
  for (i = 0; i < ns; i++)
    lore_buf_addf(b, "%s[%u,%u]", i ? "," : "", (unsigned)s[i].start,
                  (unsigned)s[i].end);
  lore_buf_addc(b, ']');
}

/* Write {"id":..., "meta":{...}, "stats":{...}, "sentences":[...],
** "<layer>":[...], ...} for the document at docidx. Meta values that are
** strings or numbers are written. */
int llore_doc_json (lua_State *L, int docidx, lore_buf *b, int with_dead) {
  lore_doc *d = llore_todoc(L, docidx);
  size_t i, nl = lore_doc_nlayers(d), len;
  const char *text = lore_doc_text(d, &len);
  int first = 1, mfirst = 1, top = lua_gettop(L);
  docidx = lua_absindex(L, docidx);
  lore_buf_addc(b, '{');
  lua_getiuservalue(L, docidx, 1);
  lua_getfield(L, -1, "meta");
  addkey(b, "id", &first);
  lua_getfield(L, -1, "id");
  if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) {
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    lore_json_string(b, s, n);
  }
  else lore_buf_adds(b, "null");
  lua_pop(L, 1);
  addkey(b, "meta", &first);
  lore_buf_addc(b, '{');
  {
    static const char *const keys[] = {"title", "date", "source", "url",
                                       "path", "line", NULL};
    int k;
    for (k = 0; keys[k]; k++) {
      int t = lua_getfield(L, -1, keys[k]);
      if (t == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        addkey(b, keys[k], &mfirst);
        lore_json_string(b, s, n);
      }
      else if (t == LUA_TNUMBER) {
        addkey(b, keys[k], &mfirst);
        if (lua_isinteger(L, -1)) lore_json_int(b, lua_tointeger(L, -1));
        else lore_json_number(b, lua_tonumber(L, -1));
      }
      lua_pop(L, 1);
    }
  }
  lore_buf_addc(b, '}');
  addstats(d, b, &first);
  for (i = 0; i < nl; i++) {
    lore_layer *l = lore_doc_layer_at(d, i);
    const char *name = lore_layer_name(l);
    const char *labelkey;
    size_t count = 0;
    if (name[0] == '_') continue;
    lua_pushcfunction(L, l_label_key);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    labelkey = lua_tostring(L, -1);
    addkey(b, name, &first);
    lore_buf_addc(b, '[');
    if (with_dead) {
      void *a[6];
      a[0] = L; a[1] = b; a[2] = l; a[3] = (void *)text;
      a[4] = (void *)labelkey; a[5] = &count;
      lore_layer_query(l, 0, (uint32_t)len, LORE_Q_INSIDE | LORE_Q_ALL,
                       addspan_cb, a);
    }
    else {
      size_t n, j;
      const uint32_t *ids = lore_layer_sorted(l, &n);
      for (j = 0; j < n; j++) {
        if (j > 0) lore_buf_addc(b, ',');
        addspan(L, b, l, ids[j], text, labelkey);
      }
    }
    lore_buf_addc(b, ']');
    lua_pop(L, 1);
  }
  lore_buf_addc(b, '}');
  lua_settop(L, top);
  return b->failed ? LORE_ENOMEM : LORE_OK;
}

/* }====================================================================== */

static const luaL_Reg doc_methods[] = {
  {"tokens", doc_tokens}, {"token", doc_token}, {"token_at", doc_token_at},
  {"sentences", doc_sentences}, {"paragraphs", doc_paragraphs},
  {"sentence", doc_sentence}, {"paragraph", doc_paragraph},
  {"sentence_at", doc_sentence_at}, {"paragraph_at", doc_paragraph_at},
  {"sub", doc_sub}, {"add", doc_add}, {"spans", doc_spans},
  {"layers", doc_layers}, {"resolve", doc_resolve}, {"clear", doc_clear},
  {"json", doc_json}, {"close", doc_close}, {"columns", doc_columns},
  {"offsets", doc_offsets}, {"remove_inside", doc_remove_inside},
  {NULL, NULL}
};

static const luaL_Reg doc_meta[] = {
  {"__index", doc_index}, {"__gc", doc_gc}, {"__close", doc_gc},
  {"__tostring", doc_tostring}, {"__len", doc_len}, {NULL, NULL}
};

static const luaL_Reg tok_meta[] = {
  {"__index", tok_index}, {"__tostring", tok_tostring}, {"__eq", tok_eq},
  {NULL, NULL}
};

static const luaL_Reg range_meta[] = {
  {"__index", range_index_m}, {"__tostring", range_tostring}, {NULL, NULL}
};

static const luaL_Reg span_meta[] = {
  {"__index", span_index}, {"__newindex", span_newindex},
  {"__tostring", span_tostring}, {"__eq", span_eq}, {NULL, NULL}
};

static const luaL_Reg doc_funcs[] = {
  {"doc", l_doc}, {"rule_id", l_rule_id}, {"label_key", l_label_key},
  {"span_memory", l_span_memory},
  {NULL, NULL}
};

static void newmeta (lua_State *L, const char *name, const luaL_Reg *meta) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  lua_pushliteral(L, "lore");
  lua_setfield(L, -2, "__metatable_owner");
}

/* Register the metatables and put lore.doc & co in the table on top. */
void llore_open_doc (lua_State *L) {
  newmeta(L, LORE_DOC_MT, doc_meta);
  luaL_newlib(L, doc_methods);
  lua_setfield(L, -2, "__methods");
  lua_pop(L, 1);
  newmeta(L, LORE_TOKEN_MT, tok_meta); lua_pop(L, 1);
  newmeta(L, LORE_RANGE_MT, range_meta); lua_pop(L, 1);
  newmeta(L, LORE_SPAN_MT, span_meta); lua_pop(L, 1);
  luaL_setfuncs(L, doc_funcs, 0);
}
