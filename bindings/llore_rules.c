/*
** llore_rules.c
** C primitives for the bundled rule files where a Lua loop over tokens or
** spans would be the hot path (lore.rules.*).
**
**   lore.rules.add(doc, layer, cols)   many spans from columns, in C
**   lore.rules.quotations(doc)         quotation marks paired per paragraph
**   lore.rules.lexicon(phrases, opts)  gazetteer matching, tokens folded
**                                      during the scan (core/lore_lex.h)
**   lore.rules.nwords(s [, i [, j]])   words in s:sub(i, j), no substring
**   lore.rules.bisect(list, x)         binary search in sorted numbers
**   lore.rules.records(doc, layer, o)  a layer's spans as plain tables
**   lore.rules.tokenset(words, opts)   tokens by exact text or by kind
**   lore.rules.number(s [, init])      lore.number with flag bits, no table
**   lore.rules.word_before(s, i [, g]) the word before a position
**   lore.rules.word_after(s, i)        the word after a position
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_lex.h"
#include "lore_num.h"

/* {======================================================================
** lore.rules.add: spans from columns
** ======================================================================= */

typedef struct ColKey { const char *s; size_t n; int col; } ColKey;

static int colkeycmp (const void *a, const void *b) {
  const ColKey *x = (const ColKey *)a, *y = (const ColKey *)b;
  int r = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
  return r != 0 ? r : (x->n > y->n) - (x->n < y->n);
}

#define MAXCOLS 32

/* Field k of cols: a list (*scalar = 0) or one value for every span
** (*scalar = 1), pushed. Returns its stack index. */
static int colfield (lua_State *L, int cols, const char *k, int *scalar) {
  int t = lua_getfield(L, cols, k);
  *scalar = t != LUA_TTABLE;
  return lua_gettop(L);
}

/* The value of row i of a column field (list or scalar), pushed. */
static int colvalue (lua_State *L, int idx, int scalar, lua_Integer i) {
  if (scalar) { lua_pushvalue(L, idx); return lua_type(L, -1); }
  return lua_rawgeti(L, idx, i);
}

/* Set attribute key of span id from the value at the top (popped): the
** conversions of doc:add (nil: not set; lore.json.null: JSON null; tables
** as JSON). */
static void setcolattr (lua_State *L, lore_layer *l, uint32_t id,
                        const ColKey *k) {
  lore_value v;
  lore_buf *b = NULL;
  int rc, top = lua_gettop(L);
  switch (lua_type(L, top)) {
    case LUA_TNIL: lua_pop(L, 1); return;
    case LUA_TBOOLEAN:
      v.type = LORE_V_BOOL; v.u.b = lua_toboolean(L, top); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, top)) {
        v.type = LORE_V_INT; v.u.i = (int64_t)lua_tointeger(L, top);
      }
      else { v.type = LORE_V_NUM; v.u.n = lua_tonumber(L, top); }
      break;
    case LUA_TSTRING:
      v.type = LORE_V_STR; v.u.s.p = lua_tolstring(L, top, &v.u.s.len); break;
    case LUA_TTABLE:
      b = llore_newbuf(L);
      llore_json_encode(L, top, b);
      v.type = LORE_V_JSON; v.u.s.p = b->data; v.u.s.len = b->len;
      break;
    default:
      if (llore_isnull(L, top)) {
        v.type = LORE_V_JSON; v.u.s.p = "null"; v.u.s.len = 4;
        break;
      }
      luaL_error(L, "lore.rules: attribute '%s' of span %d: values are "
                 "nil, lore.json.null, booleans, numbers, strings or tables "
                 "(got %s)", k->s, (int)id, luaL_typename(L, top));
  }
  rc = lore_layer_set_attr(l, id, k->s, k->n, &v);
  if (b != NULL) lore_buf_free(b);
  lua_settop(L, top - 1);
  if (rc != LORE_OK) luaL_error(L, "cannot set attribute '%s': %s", k->s,
                                lore_strerror(rc));
}

/* The span fields and attribute columns of a cols table, their tables (or
** scalars) kept on the stack. */
typedef struct ColSpec {
  int ilab, ipri, irul, slab, spri, srul;
  ColKey keys[MAXCOLS];
  size_t nkeys;
  const char *lastlabs;      /* label id cache (short strings are interned) */
  uint32_t lastlab;
} ColSpec;

static void read_colspec (lua_State *L, int cols, ColSpec *c) {
  size_t k;
  c->ilab = colfield(L, cols, "label", &c->slab);
  c->ipri = colfield(L, cols, "priority", &c->spri);
  c->irul = colfield(L, cols, "rule", &c->srul);
  c->nkeys = 0;
  c->lastlabs = NULL;
  c->lastlab = 0;
  if (lua_getfield(L, cols, "attrs") == LUA_TTABLE) {
    int at = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, at) != 0) {
      size_t kl;
      const char *ks;
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "lore.rules: cols.attrs maps names to lists");
      if (c->nkeys == MAXCOLS)
        luaL_error(L, "lore.rules: more than %d attributes", MAXCOLS);
      ks = lua_tolstring(L, -2, &kl);
      if (strcmp(ks, "label") == 0 || strcmp(ks, "priority") == 0 ||
          strcmp(ks, "rule") == 0)
        luaL_error(L, "lore.rules: '%s' is a span field, not an attribute", ks);
      c->keys[c->nkeys].s = ks;           /* anchored: the key stays in attrs */
      c->keys[c->nkeys].n = kl;
      c->nkeys++;
      lua_pop(L, 1);
    }
    qsort(c->keys, c->nkeys, sizeof c->keys[0], colkeycmp);
    for (k = 0; k < c->nkeys; k++) {        /* the columns, on the stack */
      lua_getfield(L, at, c->keys[k].s);
      c->keys[k].col = lua_gettop(L);
    }
  }
}

/* Add span [s, e) with the fields and attributes of row i. */
static void add_row (lua_State *L, lore_layer *l, ColSpec *c, uint32_t s,
                     uint32_t e, lua_Integer i) {
  lua_Integer prio = 0, rule = 0;
  uint32_t label = 0, id;
  size_t k;
  int isnum, rc;
  if (colvalue(L, c->ilab, c->slab, i) != LUA_TNIL) {
    size_t ln;
    const char *lab = lua_tolstring(L, -1, &ln);
    if (lab == NULL)
      luaL_error(L, "lore.rules: label of span %d is not a string", (int)i);
    if (lab != c->lastlabs) {
      c->lastlab = llore_label_id(L, lab, ln);
      c->lastlabs = lab;
    }
    label = c->lastlab;
  }
  lua_pop(L, 1);
  if (colvalue(L, c->ipri, c->spri, i) != LUA_TNIL) {
    prio = lua_tointegerx(L, -1, &isnum);
    if (!isnum) luaL_error(L, "lore.rules: bad priority of span %d", (int)i);
  }
  lua_pop(L, 1);
  if (colvalue(L, c->irul, c->srul, i) != LUA_TNIL) {
    rule = lua_tointegerx(L, -1, &isnum);
    if (!isnum) luaL_error(L, "lore.rules: bad rule of span %d", (int)i);
  }
  lua_pop(L, 1);
  rc = lore_layer_add(l, s, e, label, (int32_t)prio, (uint32_t)rule, &id);
  if (rc != LORE_OK) luaL_error(L, "lore.rules: %s", lore_strerror(rc));
  for (k = 0; k < c->nkeys; k++) {
    lua_rawgeti(L, c->keys[k].col, i);
    setcolattr(L, l, id, &c->keys[k]);
  }
}

/*
** lore.rules.add(doc, layer, cols) -> number of spans added.
** cols = {n =, start = {...}, stop = {...}, label =, priority =, rule =,
** attrs = {key = {...}, ...}}: span i is start[i], stop[i]; label (a
** string), priority and rule (an id from lore.rule_id) are each a list or
** one value for all spans; attrs holds one list per attribute (a nil entry
** leaves the attribute unset). The spans are exactly those that n calls of
** doc:add(layer, start[i], stop[i], {label =, priority =, rule =,
** key = attrs.key[i], ...}) would add, in the same order, without a table
** per span: attributes are set in byte order of their keys. The layer is
** made if missing, even when n is 0 (as g:spans makes it): layers appear
** in the JSON output in the order they were made.
*/
static int l_add (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  lore_layer *l;
  ColSpec c;
  size_t len;
  lua_Integer n, i;
  int cols = 3, ist, isp, dummy;
  llore_checklayer_name(L, 2);
  luaL_checktype(L, cols, LUA_TTABLE);
  lore_doc_text(d, &len);
  lua_getfield(L, cols, "n");
  n = luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  ist = colfield(L, cols, "start", &dummy);
  luaL_argcheck(L, n <= 0 || !dummy, 3, "cols.start must be a list");
  isp = colfield(L, cols, "stop", &dummy);
  luaL_argcheck(L, n <= 0 || !dummy, 3, "cols.stop must be a list");
  read_colspec(L, cols, &c);
  l = lore_doc_layer(d, lua_tostring(L, 2), 1);   /* made even for no spans */
  if (l == NULL) return luaL_error(L, "out of memory");
  for (i = 1; i <= n; i++) {
    lua_Integer s, e;
    int isnum;
    lua_rawgeti(L, ist, i);
    s = lua_tointegerx(L, -1, &isnum);
    if (!isnum || s < 0 || (size_t)s > len)
      return luaL_error(L, "lore.rules.add: bad start of span %d", (int)i);
    lua_rawgeti(L, isp, i);
    e = lua_tointegerx(L, -1, &isnum);
    if (!isnum || e < s || (size_t)e > len)
      return luaL_error(L, "lore.rules.add: bad stop of span %d", (int)i);
    lua_pop(L, 2);
    add_row(L, l, &c, (uint32_t)s, (uint32_t)e, i);
  }
  lua_pushinteger(L, n > 0 ? n : 0);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** lore.rules.quotations: quotation marks paired per paragraph
** ======================================================================= */

/* Mark kinds and widths. */
enum { MK_OPEN, MK_CLOSE, MK_AMBIG };
enum { MW_DOUBLE, MW_SINGLE, MW_GUILL };

typedef struct Mark {
  uint32_t s, e;       /* the token's bytes */
  int k, w;
} Mark;

/* Bytes before an opening straight mark: a space, the start of the text, a
** bracket, a dash, a slash or another mark (also the last byte of “ ‘ « —
** – and of a no-break space); after a closing one: a space, the end,
** brackets, punctuation, another mark or the first byte of a typographic
** one. */
static int open_before (int b) {
  switch (b) {
    case 32: case 9: case 10: case 13: case 40: case 91: case 123: case 45:
    case 47: case 34: case 39: case 0x94: case 0x93: case 0x9C: case 0x98:
    case 0xAB: case 0xA0:
      return 1;
    default: return 0;
  }
}

static int close_after (int a) {
  switch (a) {
    case 32: case 9: case 10: case 13: case 41: case 93: case 125: case 45:
    case 46: case 44: case 59: case 58: case 33: case 63: case 34: case 39:
    case 0xE2: case 0xC2:
      return 1;
    default: return 0;
  }
}

/* The glyph of a typographic mark token: 1 and its kind and width, or 0. */
static int glyph (const unsigned char *t, size_t n, int *k, int *w) {
  if (n == 2 && t[0] == 0xC2 && (t[1] == 0xAB || t[1] == 0xBB)) {
    *k = t[1] == 0xAB ? MK_OPEN : MK_CLOSE;             /* « » */
    *w = MW_GUILL;
    return 1;
  }
  if (n != 3 || t[0] != 0xE2 || t[1] != 0x80) return 0;
  switch (t[2]) {
    case 0x9C: case 0x9E: case 0x9F: *k = MK_OPEN; *w = MW_DOUBLE; return 1; /* “ „ ‟ */
    case 0x9D: *k = MK_CLOSE; *w = MW_DOUBLE; return 1;                  /* ” */
    case 0x98: case 0x9A: case 0xB9: *k = MK_OPEN; *w = MW_SINGLE; return 1; /* ‘ ‚ ‹ */
    case 0x99: case 0xBA: *k = MK_CLOSE; *w = MW_SINGLE; return 1;       /* ’ › */
    default: return 0;
  }
}

/* Classify the quote token [s, e) of text (length len). */
static void classify_mark (const unsigned char *text, size_t len, Mark *m) {
  size_t s = m->s, e = m->e;
  int b = s > 0 ? text[s - 1] : -1;          /* -1: start of the text */
  int a = e < len ? text[e] : -1;            /* -1: end of the text */
  int b1 = text[s];
  if (b1 != 34 && b1 != 39 && glyph(text + s, e - s, &m->k, &m->w)) {
    int t2 = text[s] == 0xE2 ? text[s + 2] : 0;
    if (m->k == MK_OPEN && (t2 == 0x9C || t2 == 0x98)) {
      /* “ and ‘ close German quotes („...“, ‚...‘) */
      if (b >= 0 && !open_before(b) && (a < 0 || close_after(a))) m->k = MK_CLOSE;
    }
    else if (t2 == 0x9D) {
      /* ” opens Swedish ones */
      if ((b < 0 || open_before(b)) && a >= 0 && !close_after(a)) m->k = MK_OPEN;
    }
  }
  else {
    /* a straight mark (or several marks in one token): by its context */
    int ob = b < 0 || open_before(b), ca = a < 0 || close_after(a);
    m->w = b1 == 39 ? MW_SINGLE : MW_DOUBLE;
    if (ob && !ca) m->k = MK_OPEN;
    else if (ca && !ob) {
      /* after a letter a single mark may be a possessive: "leaders' talks" */
      if (m->w == MW_SINGLE && ((b >= 65 && b <= 90) || (b >= 97 && b <= 122)))
        m->k = MK_AMBIG;
      else m->k = MK_CLOSE;
    }
    else m->k = MK_AMBIG;
  }
}

static int isspace_b (int c) {
  return c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12;
}

typedef struct Pairing {
  const unsigned char *text;
  const lore_range *paras;
  lua_Integer *out;    /* 8 per quotation */
  size_t nout;
} Pairing;

/* A quotation from mark o to mark c (NULL: to the end of paragraph p),
** kept when its trimmed inside holds a letter, a digit or a non-ASCII
** byte. */
static void emit_quote (Pairing *P, const Mark *o, const Mark *c, size_t p) {
  size_t s = o->e, e = c ? c->s : P->paras[p].end, i;
  lua_Integer *q;
  while (s < e && isspace_b(P->text[s])) s++;
  while (e > s && isspace_b(P->text[e - 1])) e--;
  for (i = s; i < e; i++) {
    int ch = P->text[i];
    if (ch >= 128 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
      break;
  }
  if (i >= e) return;
  q = P->out + 8 * P->nout++;
  q[0] = o->s; q[1] = o->e;
  q[2] = c ? (lua_Integer)c->s : -1;
  q[3] = c ? (lua_Integer)c->e : (lua_Integer)P->paras[p].end;
  q[4] = (lua_Integer)s; q[5] = (lua_Integer)e;
  q[6] = (lua_Integer)p + 1;
  q[7] = c ? 0 : 1;
}

/*
** lore.rules.quotations(doc) -> flat list, 8 integers per quotation:
** open mark start, end; close mark start, end (-1, and the paragraph end,
** for a quotation left open); the inside without surrounding white space
** (start, end); the paragraph (1-based); 1 if left open, else 0.
**
** The top-level quotations of the document, in order. Every quote token
** is a mark: typographic ones by their glyph (“ and ‘ after a word and
** before a space or punctuation close German quotes; ” after a space and
** before a word opens Swedish ones), straight ones by the bytes around
** them (opening after a space, a bracket, a dash or another mark and not
** before one; closing the other way round; else ambiguous; a single mark
** closing after a letter is ambiguous too: "leaders' talks"). Marks are
** paired per paragraph with a stack: a close mark closes the innermost
** open mark of its width (double, single, guillemet), else the innermost
** open one; an ambiguous single mark closes an open single mark, else it
** is an apostrophe; nested quotations stay inside the outer one. At the
** end of a paragraph the outermost open mark, unless single, makes a
** quotation to the paragraph end; the other open marks are dropped.
** Quotations whose inside holds no letter, digit or non-ASCII byte are
** left out.
*/
static int l_quotations (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  size_t len, nt, np, i, nm = 0, k, depth = 0, para = 0;
  const unsigned char *text = (const unsigned char *)lore_doc_text(d, &len);
  const lore_token *t = lore_doc_tokens(d, &nt);
  Mark *marks, **stack;
  Pairing P;
  int inpara = 0;
  for (i = 0; i < nt; i++) if (t[i].kind == LORE_TK_QUOTE) nm++;
  P.text = text;
  P.paras = lore_doc_paragraphs(d, &np);
  P.nout = 0;
  if (nm == 0) { lua_createtable(L, 0, 0); return 1; }
  /* scratch memory owned by Lua (freed even if an error unwinds) */
  marks = (Mark *)lua_newuserdatauv(L, nm * (sizeof(Mark) + sizeof(Mark *) +
                                             8 * sizeof(lua_Integer)), 0);
  stack = (Mark **)(marks + nm);
  P.out = (lua_Integer *)(stack + nm);
  for (i = 0, k = 0; i < nt; i++) {
    if (t[i].kind != LORE_TK_QUOTE) continue;
    marks[k].s = t[i].start;
    marks[k].e = t[i].end;
    classify_mark(text, len, &marks[k]);
    /* a new paragraph: the marks left open in the last one are flushed */
    if (!inpara || marks[k].s >= P.paras[para].end) {
      if (inpara && depth > 0 && stack[0]->w != MW_SINGLE)
        emit_quote(&P, stack[0], NULL, para);
      depth = 0;
      para = lore_doc_paragraph_of(d, i);
      inpara = para < np;
      if (!inpara) continue;
    }
    if (marks[k].k == MK_OPEN) stack[depth++] = &marks[k];
    else {
      size_t j = depth;
      if (marks[k].k == MK_CLOSE) {
        while (j >= 1 && stack[j - 1]->w != marks[k].w) j--;
        if (j == 0 && depth > 0) j = depth;
      }
      else if (!(j >= 1 && stack[j - 1]->w == MW_SINGLE && marks[k].w == MW_SINGLE))
        j = 0;
      if (j >= 1) {
        Mark *o = stack[j - 1];
        depth = j - 1;
        if (j == 1) emit_quote(&P, o, &marks[k], para);
      }
    }
    k++;
  }
  if (inpara && depth > 0 && stack[0]->w != MW_SINGLE)
    emit_quote(&P, stack[0], NULL, para);
  lua_createtable(L, (int)(8 * P.nout), 0);
  for (i = 0; i < 8 * P.nout; i++) {
    lua_pushinteger(L, P.out[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** lore.rules.lexicon: gazetteer matching without the document's folded
** tokens (core/lore_lex.h)
** ======================================================================= */

#define LEX_MT "lore.Lexicon"

typedef struct LLex { lore_lex *x; int all; } LLex;

static LLex *checklex (lua_State *L, int idx) {
  LLex *p = (LLex *)luaL_checkudata(L, idx, LEX_MT);
  if (p->x == NULL) luaL_error(L, "attempt to use a freed lexicon");
  return p;
}

static int lex_gc (lua_State *L) {
  LLex *p = (LLex *)luaL_checkudata(L, 1, LEX_MT);
  lore_lex_free(p->x);
  p->x = NULL;
  return 0;
}

static uint32_t lex_addphrase (lua_State *L, LLex *p, int idx) {
  size_t len;
  const char *phrase = luaL_checklstring(L, idx, &len);
  uint32_t id;
  int rc = lore_lex_add(p->x, phrase, len, &id, NULL);
  if (rc == LORE_EINVAL)
    luaL_error(L, "lexicon entry '%s' has no tokens", phrase);
  else if (rc != LORE_OK)
    luaL_error(L, "lexicon entry '%s': %s", phrase, lore_strerror(rc));
  return id;
}

/*
** lore.rules.lexicon([phrases [, {ignore_case=, ignore_accents=, mode=}]])
** -> lexicon: the phrases (a list of strings) matched as
** lore.gazetteer(phrases, opts) matches them (same entry ids, same
** matches), without payloads, folding each token during the scan instead
** of asking the document for its folded tokens (which folds them all):
** cheaper for a dictionary scanned once per document.
*/
static int l_lexicon (lua_State *L) {
  unsigned opts = 0;
  LLex *p;
  if (lua_istable(L, 2)) {
    if (lua_getfield(L, 2, "ignore_case") != LUA_TNIL && lua_toboolean(L, -1))
      opts |= LORE_GAZ_CASE;
    if (lua_getfield(L, 2, "ignore_accents") != LUA_TNIL && lua_toboolean(L, -1))
      opts |= LORE_GAZ_ACCENTS;
    lua_pop(L, 2);
  }
  else if (!lua_isnoneornil(L, 2)) luaL_typeerror(L, 2, "table");
  p = (LLex *)lua_newuserdatauv(L, sizeof(LLex), 0);
  p->x = NULL;
  p->all = 0;
  luaL_setmetatable(L, LEX_MT);
  p->x = lore_lex_new(opts);
  if (p->x == NULL) return luaL_error(L, "out of memory");
  if (lua_istable(L, 2)) {
    if (lua_getfield(L, 2, "mode") == LUA_TSTRING) {
      const char *m = lua_tostring(L, -1);
      if (strcmp(m, "all") == 0) p->all = 1;
      else if (strcmp(m, "longest") != 0)
        return luaL_argerror(L, 2, "mode must be 'longest' or 'all'");
    }
    lua_pop(L, 1);
  }
  if (lua_istable(L, 1)) {
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, 1);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, 1, i);
      lex_addphrase(L, p, lua_gettop(L));
      lua_pop(L, 1);
    }
  }
  else if (!lua_isnoneornil(L, 1)) luaL_typeerror(L, 1, "table");
  return 1;
}

/* lex:add(phrase) -> id (1-based, as g:add) */
static int lex_add (lua_State *L) {
  LLex *p = checklex(L, 1);
  lua_pushinteger(L, (lua_Integer)lex_addphrase(L, p, 2) + 1);
  return 1;
}

typedef struct LexOut {
  lore_buf *b;
  const lore_token *t;
} LexOut;

/* Collect a match into the scratch buffer (no Lua call during the scan). */
static int lex_put (void *ud, const lore_gaz_match *m) {
  LexOut *o = (LexOut *)ud;
  uint32_t v[3];
  v[0] = o->t[m->tok_start].start;
  v[1] = o->t[m->tok_end - 1].end;
  v[2] = m->entry + 1;
  return lore_buf_add(o->b, v, sizeof v) != LORE_OK;
}

/* lex:offsets(doc [, {mode=}]) -> flat {start, stop, id, ...} (as
** g:offsets). */
static int lex_offsets (lua_State *L) {
  LLex *p = checklex(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  LexOut o;
  size_t nt, i, n;
  int all = p->all;
  long r;
  const uint32_t *v;
  if (lua_istable(L, 3)) {
    if (lua_getfield(L, 3, "mode") == LUA_TSTRING)
      all = strcmp(lua_tostring(L, -1), "all") == 0;
    lua_pop(L, 1);
  }
  o.t = lore_doc_tokens(d, &nt);
  o.b = llore_newbuf(L);                    /* freed by the GC */
  r = lore_lex_scan(p->x, d, 0, nt, all ? LORE_GAZ_ALL : LORE_GAZ_LONGEST,
                    lex_put, &o);
  if (r < 0 || o.b->failed) return luaL_error(L, "lexicon: out of memory");
  n = o.b->len / sizeof(uint32_t);
  v = (const uint32_t *)o.b->data;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/*
** lex:spans(doc, layer, cols [, {mode=}]) -> number of spans added.
** Every match becomes a span of layer; cols is as for lore.rules.add
** without n, start and stop, its lists indexed by entry id: the span of a
** match of entry id takes label[id], priority[id], rule[id] (or the one
** value given) and attrs.key[id]. The layer is made even when nothing
** matches.
*/
static int lex_spans (lua_State *L) {
  LLex *p = checklex(L, 1);
  lore_doc *d = llore_todoc(L, 2);
  LexOut o;
  ColSpec c;
  lore_layer *l;
  size_t nt, i, n;
  int all = p->all;
  long r;
  const uint32_t *v;
  llore_checklayer_name(L, 3);
  luaL_checktype(L, 4, LUA_TTABLE);
  if (lua_istable(L, 5)) {
    if (lua_getfield(L, 5, "mode") == LUA_TSTRING)
      all = strcmp(lua_tostring(L, -1), "all") == 0;
    lua_pop(L, 1);
  }
  read_colspec(L, 4, &c);
  l = lore_doc_layer(d, lua_tostring(L, 3), 1);
  if (l == NULL) return luaL_error(L, "out of memory");
  o.t = lore_doc_tokens(d, &nt);
  o.b = llore_newbuf(L);                    /* freed by the GC */
  r = lore_lex_scan(p->x, d, 0, nt, all ? LORE_GAZ_ALL : LORE_GAZ_LONGEST,
                    lex_put, &o);
  if (r < 0 || o.b->failed) return luaL_error(L, "lexicon: out of memory");
  n = o.b->len / (3 * sizeof(uint32_t));
  v = (const uint32_t *)o.b->data;          /* anchored: o.b on the stack */
  for (i = 0; i < n; i++)
    add_row(L, l, &c, v[3 * i], v[3 * i + 1], (lua_Integer)v[3 * i + 2]);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

static int lex_len (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lore_lex_size(checklex(L, 1)->x));
  return 1;
}

static int lex_memory (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lore_lex_memory(checklex(L, 1)->x));
  return 1;
}

static const luaL_Reg lex_methods[] = {
  {"add", lex_add}, {"offsets", lex_offsets}, {"spans", lex_spans},
  {"memory", lex_memory},
  {NULL, NULL}
};

static const luaL_Reg lex_meta[] = {
  {"__gc", lex_gc}, {"__close", lex_gc}, {"__len", lex_len}, {NULL, NULL}
};

/* }====================================================================== */

/* {======================================================================
** lore.rules.nwords: words in a string
** ======================================================================= */

/* Lua's %s in the C locale. */
static int isws (int c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
** lore.rules.nwords(s [, i [, j]]) -> the number of words (maximal runs of
** bytes that are not white space: space, \t \n \v \f \r) in s:sub(i, j),
** without making the substring; i and j as for string.sub. The same count
** as select(2, s:sub(i, j):gsub("%S+", "")).
*/
static int l_nwords (lua_State *L) {
  size_t len, k;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer i = luaL_optinteger(L, 2, 1), j = luaL_optinteger(L, 3, -1);
  lua_Integer n = 0;
  int inword = 0;
  /* the bounds of string.sub */
  if (i < 0) i = (lua_Integer)len + i + 1 > 0 ? (lua_Integer)len + i + 1 : 1;
  else if (i == 0) i = 1;
  if (j < 0) j = (lua_Integer)len + j + 1;
  else if (j > (lua_Integer)len) j = (lua_Integer)len;
  for (k = (size_t)i; (lua_Integer)k <= j; k++) {
    int w = !isws((unsigned char)s[k - 1]);
    if (w && !inword) n++;
    inword = w;
  }
  lua_pushinteger(L, n);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** lore.rules.records: the spans of a layer as plain tables
** ======================================================================= */

#define MAXLABS 16
#define MAXFIELDS 16

/* Field name opts.names[k], or the default, pushed (a key for rawset). */
static int fieldname (lua_State *L, int names, const char *k,
                      const char *def) {
  if (names == 0 || lua_getfield(L, names, k) != LUA_TSTRING) {
    if (names != 0) lua_pop(L, 1);
    lua_pushstring(L, def);
  }
  return lua_gettop(L);
}

/*
** lore.rules.records(doc, layer [, opts]) -> list, starts
** The live spans of layer in document order (those of doc:columns) as
** plain tables {start =, stop =, label =, [field] = attribute, ...}, and
** the list of their starts. opts: labels = {...} (keep only the spans with
** these labels), fields = {field = attribute key, ...} (attribute values
** as doc:columns reads them: nil when absent or null), names = {start =,
** stop =, label =} (other names for these three fields), const = {field =
** value, ...} (set on every record), slots = n (room for n fields in each
** record, for fields the caller adds later). One call instead of columns
** read and turned into records in Lua.
*/
static int l_records (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  const char *lname = lua_tostring(L, llore_checklayer_name(L, 2));
  lore_layer *l = lore_doc_layer(d, lname, 0);
  const uint32_t *ids = NULL;
  size_t n = 0, i, nlabs = 0, k, nf = 0, nk = 0;
  uint32_t labs[MAXLABS];
  const char *akey[MAXFIELDS];
  size_t aklen[MAXFIELDS];
  int fkey[MAXFIELDS], kkey[MAXFIELDS];   /* stack indices: field names, consts */
  int uselabs = 0, names = 0, list, starts, is, ie, il, slots = 0;
  lua_Integer m = 0;
  luaL_checkstack(L, 3 * MAXFIELDS + 16, "lore.rules.records");
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    if (lua_getfield(L, 3, "labels") == LUA_TTABLE) {
      lua_Integer j, nl = (lua_Integer)lua_rawlen(L, -1);
      if (nl > MAXLABS)
        return luaL_error(L, "lore.rules.records: more than %d labels", MAXLABS);
      uselabs = 1;
      for (j = 1; j <= nl; j++) {
        size_t ln;
        const char *lab;
        lua_rawgeti(L, -1, j);
        lab = lua_tolstring(L, -1, &ln);
        if (lab == NULL) return luaL_error(L, "lore.rules.records: labels are strings");
        labs[nlabs++] = llore_label_id(L, lab, ln);
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 3, "fields") == LUA_TTABLE) {   /* kept on the stack */
      int ft = lua_gettop(L);
      lua_pushnil(L);
      while (lua_next(L, ft) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
          return luaL_error(L, "lore.rules.records: fields map names to attribute keys");
        if (nf == MAXFIELDS)
          return luaL_error(L, "lore.rules.records: more than %d fields", MAXFIELDS);
        akey[nf] = lua_tolstring(L, -1, &aklen[nf]);   /* anchored in fields */
        lua_pop(L, 1);
        lua_pushvalue(L, -1);                        /* the field name */
        lua_insert(L, -2);
        fkey[nf++] = lua_gettop(L) - 1;
      }
    }
    else lua_pop(L, 1);
    if (lua_getfield(L, 3, "const") == LUA_TTABLE) {
      int ct = lua_gettop(L);
      lua_pushnil(L);
      while (lua_next(L, ct) != 0) {                 /* key, value kept */
        if (nk == MAXFIELDS)
          return luaL_error(L, "lore.rules.records: more than %d const fields", MAXFIELDS);
        lua_pushvalue(L, -2);                        /* key, value, key */
        kkey[nk++] = lua_gettop(L) - 2;
      }
    }
    else lua_pop(L, 1);
    if (lua_getfield(L, 3, "names") == LUA_TTABLE) names = lua_gettop(L);
    else lua_pop(L, 1);
    if (lua_getfield(L, 3, "slots") == LUA_TNUMBER) slots = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
  }
  is = fieldname(L, names, "start", "start");
  ie = fieldname(L, names, "stop", "stop");
  il = fieldname(L, names, "label", "label");
  if (slots < (int)(3 + nf + nk)) slots = (int)(3 + nf + nk);
  if (l != NULL) ids = lore_layer_sorted(l, &n);
  lua_createtable(L, (int)n, 0);
  list = lua_gettop(L);
  lua_createtable(L, (int)n, 0);
  starts = lua_gettop(L);
  for (i = 0; i < n; i++) {
    const lore_span *sp = lore_layer_span(l, ids[i]);
    const char *name;
    size_t len;
    int rec;
    if (uselabs) {
      for (k = 0; k < nlabs; k++) if (labs[k] == sp->label) break;
      if (k == nlabs) continue;
    }
    lua_createtable(L, 0, slots);
    rec = lua_gettop(L);
    lua_pushvalue(L, is); lua_pushinteger(L, sp->start); lua_rawset(L, rec);
    lua_pushvalue(L, ie); lua_pushinteger(L, sp->end); lua_rawset(L, rec);
    name = llore_label_name(L, sp->label, &len);
    if (name) { lua_pushvalue(L, il); lua_pushlstring(L, name, len); lua_rawset(L, rec); }
    for (k = 0; k < nf; k++) {
      lore_value v;
      if (lore_layer_get_attr(l, ids[i], akey[k], aklen[k], &v)) {
        lua_pushvalue(L, fkey[k]);
        llore_push_value(L, &v, 1);   /* as doc:columns: null is nil */
        if (lua_isnil(L, -1)) lua_pop(L, 2);
        else lua_rawset(L, rec);
      }
    }
    for (k = 0; k < nk; k++) {
      lua_pushvalue(L, kkey[k]);
      lua_pushvalue(L, kkey[k] + 1);
      lua_rawset(L, rec);
    }
    m++;
    lua_rawseti(L, list, m);
    lua_pushinteger(L, sp->start);
    lua_rawseti(L, starts, m);
  }
  return 2;
}

/* }====================================================================== */

/* {======================================================================
** lore.rules.bisect: binary search in a sorted list of numbers
** ======================================================================= */

/*
** lore.rules.bisect(list, x [, i [, j]]) -> the last index k of
** list[i..j] (default 1..#list, sorted ascending) with list[k] < x, or
** i - 1 when there is none. One C call for a search that costs a few
** dozen Lua instructions per step.
*/
static int l_bisect (lua_State *L) {
  lua_Integer lo, hi, ans;
  lua_Number x;
  luaL_checktype(L, 1, LUA_TTABLE);
  x = luaL_checknumber(L, 2);
  lo = luaL_optinteger(L, 3, 1);
  hi = lua_isnoneornil(L, 4) ? (lua_Integer)lua_rawlen(L, 1)
                             : luaL_checkinteger(L, 4);
  ans = lo - 1;
  while (lo <= hi) {
    lua_Integer mid = lo + (hi - lo) / 2;
    lua_Number v;
    int isnum;
    lua_rawgeti(L, 1, mid);
    v = lua_tonumberx(L, -1, &isnum);
    lua_pop(L, 1);
    if (!isnum) return luaL_error(L, "lore.rules.bisect: list[%d] is not a number",
                                  (int)mid);
    if (v < x) { ans = mid; lo = mid + 1; }
    else hi = mid - 1;
  }
  lua_pushinteger(L, ans);
  return 1;
}

/* }====================================================================== */


/* {======================================================================
** lore.rules.tokenset: tokens by exact text (a hashed set) or by kind
** ======================================================================= */

#define TSET_MT "lore.TokenSet"

/* One userdata: this header, then the hash slots (uint32_t: 0 empty, else
** 1 + entry), the entries, then the bytes of the words. No malloc: the
** garbage collector frees it all. */
typedef struct TSEntry { uint32_t off, len, hash; } TSEntry;

#define TS_PREBITS 16384

static uint32_t ts_pre (const unsigned char *s, size_t n) {
  return ((uint32_t)s[0] * 64u + (uint32_t)s[n - 1] * 2053u + (uint32_t)n * 7u)
         & (TS_PREBITS - 1);
}

typedef struct TokenSet {
  uint32_t nwords, mask;         /* entries; slots - 1 (a power of 2) */
  uint32_t kinds;                /* bit k: tokens of kind k match */
  uint32_t textkinds;            /* bit k: words match tokens of kind k */
  uint64_t lens;                 /* bit n: a word of n bytes (n < 63); bit 63: longer */
  uint64_t pre[TS_PREBITS / 64]; /* bit ts_pre(): a word with this length, first
                                    and last byte (most tokens fail here) */
  uint32_t *slots;
  TSEntry *ent;
  const char *arena;
} TokenSet;

static uint32_t ts_hash (const unsigned char *s, size_t n) {
  uint32_t h = 2166136261u;                 /* FNV-1a */
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
  return h;
}

/* The kind bits of a list of kind names at index idx (nil: none). */
static uint32_t ts_kinds (lua_State *L, int idx, const char *what) {
  uint32_t bits = 0;
  lua_Integer i, n;
  if (lua_isnoneornil(L, idx)) return 0;
  if (lua_type(L, idx) == LUA_TSTRING) {    /* one name */
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, idx);
    lua_rawseti(L, -2, 1);
    lua_replace(L, idx);
  }
  if (!lua_istable(L, idx))
    luaL_error(L, "lore.rules.tokenset: %s must be a kind name or a list of them", what);
  n = (lua_Integer)lua_rawlen(L, idx);
  for (i = 1; i <= n; i++) {
    const char *k;
    int j;
    lua_rawgeti(L, idx, i);
    k = lua_tostring(L, -1);
    for (j = 1; j < LORE_TK__COUNT; j++)
      if (k != NULL && strcmp(k, lore_tok_kind_name(j)) == 0) break;
    if (j == LORE_TK__COUNT)
      luaL_error(L, "lore.rules.tokenset: unknown token kind '%s'", k ? k : "?");
    bits |= 1u << j;
    lua_pop(L, 1);
  }
  return bits;
}

static int ts_has (const TokenSet *ts, const unsigned char *s, size_t n) {
  uint32_t h, e;
  if (n == 0 || !((ts->lens >> (n < 63 ? n : 63)) & 1u)) return 0;
  h = ts_pre(s, n);
  if (!((ts->pre[h >> 6] >> (h & 63)) & 1u)) return 0;
  h = ts_hash(s, n);
  for (e = h & ts->mask; ts->slots[e] != 0; e = (e + 1) & ts->mask) {
    const TSEntry *x = &ts->ent[ts->slots[e] - 1];
    if (x->hash == h && x->len == n && memcmp(ts->arena + x->off, s, n) == 0)
      return 1;
  }
  return 0;
}

/*
** lore.rules.tokenset(words [, {kind =, kinds =}]) -> set
** The tokens whose text is one of words (a list of strings, exact bytes)
** and, if opts.kind is given (a kind name or a list of them, e.g. "word"),
** whose kind is one of these; and the tokens of the kinds in opts.kinds
** (e.g. {"number", "currency"}) whatever their text. set:offsets(doc) ->
** flat {start, stop, ...} of the matching tokens in document order: the
** same as lore.pattern("[number | currency | word & text={...}]") would
** give, without a hash lookup per token (a test of the length, first and
** last byte comes first).
*/
static int l_tokenset (lua_State *L) {
  lua_Integer i, n;
  size_t bytes = 0, nslots = 4, size;
  uint32_t kinds, textkinds;
  TokenSet *ts;
  char *arena;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "kind");              /* 3 */
    lua_getfield(L, 2, "kinds");             /* 4 */
  }
  else { lua_pushnil(L); lua_pushnil(L); }
  textkinds = ts_kinds(L, 3, "opts.kind");
  kinds = ts_kinds(L, 4, "opts.kinds");
  n = (lua_Integer)lua_rawlen(L, 1);
  for (i = 1; i <= n; i++) {                 /* sizes first: no error later */
    size_t len;
    lua_rawgeti(L, 1, i);
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_error(L, "lore.rules.tokenset: words[%d] is not a string", (int)i);
    lua_tolstring(L, -1, &len);
    if (len > 0xFFFFFFu) return luaL_error(L, "lore.rules.tokenset: word too long");
    bytes += len;
    lua_pop(L, 1);
  }
  if (n > 0x7FFFFF) return luaL_error(L, "lore.rules.tokenset: too many words");
  while (nslots < 2 * (size_t)n) nslots *= 2;
  size = sizeof(TokenSet) + nslots * sizeof(uint32_t) + (size_t)n * sizeof(TSEntry) + bytes;
  ts = (TokenSet *)lua_newuserdatauv(L, size, 0);
  memset(ts, 0, size);
  ts->slots = (uint32_t *)(ts + 1);
  ts->ent = (TSEntry *)(ts->slots + nslots);
  arena = (char *)(ts->ent + n);
  ts->arena = arena;
  ts->mask = (uint32_t)nslots - 1;
  ts->kinds = kinds;
  ts->textkinds = textkinds;
  luaL_setmetatable(L, TSET_MT);
  bytes = 0;
  for (i = 1; i <= n; i++) {
    size_t len;
    const unsigned char *w;
    uint32_t h, e;
    lua_rawgeti(L, 1, i);
    w = (const unsigned char *)lua_tolstring(L, -1, &len);
    if (len > 0 && !ts_has(ts, w, len)) {    /* duplicates kept once */
      TSEntry *x = &ts->ent[ts->nwords];
      memcpy(arena + bytes, w, len);
      x->off = (uint32_t)bytes;
      x->len = (uint32_t)len;
      x->hash = h = ts_hash(w, len);
      bytes += len;
      for (e = h & ts->mask; ts->slots[e] != 0; e = (e + 1) & ts->mask) {}
      ts->slots[e] = ++ts->nwords;
      ts->lens |= (uint64_t)1 << (len < 63 ? len : 63);
      h = ts_pre(w, len);
      ts->pre[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    lua_pop(L, 1);
  }
  return 1;
}

/* set:offsets(doc) -> flat {start, stop, ...} */
static int ts_offsets (lua_State *L) {
  const TokenSet *ts = (const TokenSet *)luaL_checkudata(L, 1, TSET_MT);
  lore_doc *d = llore_todoc(L, 2);
  size_t nt, i, len;
  const unsigned char *text = (const unsigned char *)lore_doc_text(d, &len);
  const lore_token *t = lore_doc_tokens(d, &nt);
  lua_Integer m = 0;
  uint32_t textkinds = ts->textkinds ? ts->textkinds : 0xFFFFFFFFu;
  lua_createtable(L, 64, 0);
  for (i = 0; i < nt; i++) {
    uint32_t bit = t[i].kind < 32 ? 1u << t[i].kind : 0;
    if ((ts->kinds & bit) ||
        ((textkinds & bit) && ts_has(ts, text + t[i].start, t[i].end - t[i].start))) {
      lua_pushinteger(L, (lua_Integer)t[i].start);
      lua_rawseti(L, -2, ++m);
      lua_pushinteger(L, (lua_Integer)t[i].end);
      lua_rawseti(L, -2, ++m);
    }
  }
  return 1;
}

static int ts_len (lua_State *L) {
  const TokenSet *ts = (const TokenSet *)luaL_checkudata(L, 1, TSET_MT);
  lua_pushinteger(L, (lua_Integer)ts->nwords);
  return 1;
}

static const luaL_Reg ts_methods[] = {
  {"offsets", ts_offsets},
  {NULL, NULL}
};

/* }====================================================================== */

/* {======================================================================
** lore.rules.number: lore.number without the info table
** ======================================================================= */

/*
** lore.rules.number(s [, init]) -> value, stop, flags, scale | nil
** The number lore.number(s, init) parses (same value, same stop), its
** info as one integer of bits instead of a table: numeral 1, words 2,
** ordinal 4, scaled 8, decimal 16, vague 32, fraction 64; and info.scale.
** For a parse per anchor with no table to make and collect.
*/
static int l_number (lua_State *L) {
  lore_number n;
  unsigned f = 0;
  if (!llore_parse_number(L, &n)) return 1;
  if (n.flags & LORE_NUMF_NUMERAL) f |= 1;        /* the documented bits */
  if (n.flags & LORE_NUMF_WORDS) f |= 2;
  if (n.flags & LORE_NUMF_ORDINAL) f |= 4;
  if (n.flags & LORE_NUMF_SCALED) f |= 8;
  if (n.flags & LORE_NUMF_DECIMAL) f |= 16;
  if (n.flags & LORE_NUMF_VAGUE) f |= 32;
  if (n.flags & LORE_NUMF_FRACTION) f |= 64;
  lua_pushinteger(L, (lua_Integer)f);
  lua_pushnumber(L, n.scale);
  return 4;
}

/* }====================================================================== */

/* {======================================================================
** lore.rules.word_before: the word before a position
** ======================================================================= */

/* A byte of Lua's [%w%.'%-] (isalnum as Lua's %w uses it). */
static int wordbyte (int c) {
  return isalnum(c) || c == '.' || c == '\'' || c == '-';
}

/*
** lore.rules.word_before(s, i [, glued]) -> word, start | nil
** The word right before byte i of s (1-based; i in 1..#s + 1): one or more
** spaces (' ') before i, and before them a word ending there; with glued,
** a word ending right at i - 1. A word is a maximal run of the bytes of
** Lua's [%w%.'%-] (letters, digits, '.', '\'', '-'); none when it starts
** with '-'. start is its first byte (1-based). The same as an anchored
** find of "^ +()[%w%.'%-]+" on the reversed string, without reversing it.
*/
static int l_word_before (lua_State *L) {
  size_t len, e, b;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer i = luaL_checkinteger(L, 2);
  int glued = lua_toboolean(L, 3);
  if (i < 2 || (size_t)i > len + 1) { luaL_pushfail(L); return 1; }
  e = (size_t)i - 1;                    /* 0-based end (exclusive) of the word */
  if (!glued) {
    if (s[e - 1] != ' ') { luaL_pushfail(L); return 1; }
    while (e > 0 && s[e - 1] == ' ') e--;
  }
  b = e;
  while (b > 0 && wordbyte(s[b - 1])) b--;
  if (b == e || s[b] == '-') { luaL_pushfail(L); return 1; }
  lua_pushlstring(L, (const char *)s + b, e - b);
  lua_pushinteger(L, (lua_Integer)b + 1);
  return 2;
}

/*
** lore.rules.word_after(s, i) -> word, start, end | nil
** The word right after byte i of s (1-based): one or more spaces (' ')
** from i, then a letter and the letters, '.' and '\'' after it (Lua's
** %a[%a%.']*), less a possessive or closing apostrophe at its end
** ("countries'") and then a sentence period ("talks." but not "U.S." or
** "A.": a letter and a period at its start keep it). start and end are
** 1-based, end inclusive (of the word returned).
*/
static int l_word_after (lua_State *L) {
  size_t len, b, e, p;
  const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
  lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 1 || (size_t)i > len || s[i - 1] != ' ') { luaL_pushfail(L); return 1; }
  p = (size_t)i - 1;
  while (p < len && s[p] == ' ') p++;
  if (p >= len || !isalpha(s[p])) { luaL_pushfail(L); return 1; }
  b = p;
  e = p + 1;                               /* exclusive */
  while (e < len && (isalpha(s[e]) || s[e] == '.' || s[e] == '\'')) e++;
  while (s[e - 1] == '\'') e--;           /* the first byte is a letter */
  if (s[e - 1] == '.' && !(e - b >= 2 && s[b + 1] == '.')) e--;
  lua_pushlstring(L, (const char *)s + b, e - b);
  lua_pushinteger(L, (lua_Integer)b + 1);
  lua_pushinteger(L, (lua_Integer)e);
  return 3;
}

/* }====================================================================== */

static const luaL_Reg rules_funcs[] = {
  {"add", l_add},
  {"bisect", l_bisect},
  {"records", l_records},
  {"nwords", l_nwords},
  {"quotations", l_quotations},
  {"lexicon", l_lexicon},
  {"tokenset", l_tokenset},
  {"number", l_number},
  {"word_before", l_word_before},
  {"word_after", l_word_after},
  {NULL, NULL}
};

void llore_open_rules (lua_State *L) {
  llore_new_class(L, LEX_MT, lex_meta, lex_methods, "__index");
  luaL_newmetatable(L, TSET_MT);
  lua_pushcfunction(L, ts_len);
  lua_setfield(L, -2, "__len");
  luaL_newlib(L, ts_methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newlib(L, rules_funcs);
  lua_setfield(L, -2, "rules");
}
