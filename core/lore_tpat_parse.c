/*
** lore_tpat_parse.c
** Token patterns: the compiler. A recursive-descent parser builds a small
** syntax tree (the grammar is in lore_tpat.h, the user guide in
** docs/patterns.md); the code generator turns it into a Pike VM program
** (lore_tpat_int.h), expanding bounded repeats, and computes the set of
** instructions that can consume the first token of a match (prefilter).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_tpat_int.h"
#include "lore_utf8.h"

#define TP_MAXDEPTH   100        /* nesting of ( [ ! */
#define TP_MAXCOUNT   100000u    /* largest n or m in {n,m} */
#define TP_INF        UINT32_MAX /* max of an unbounded repeat */
#define TP_NONE       UINT32_MAX /* end of a patch list */
#define TP_SIZECAP    ((uint64_t)1 << 40)

/* Syntax tree nodes. */
enum { N_ATOM, N_SEQ, N_ALT, N_REP, N_CAP };

typedef struct tp_node {
  uint8_t type, lazy;
  uint32_t op, arg;     /* N_ATOM: instruction op and x; N_CAP: index */
  uint32_t min, max;    /* N_REP */
  int32_t kid, next;    /* first child, next sibling (-1: none) */
  size_t off;           /* source offset (quantifier for N_REP) */
} tp_node;

typedef struct tp_parser {
  const char *s;
  size_t n, i;
  const lore_tpat_env *env;
  lore_error *err;
  lore_tpat *p;
  int depth;
  int rc;               /* first error code, 0 while fine */
  tp_node *nodes;
  uint32_t nnodes, cnodes;
  uint32_t cpreds, cstrs, csets, cres, cregions, ccaps, cprog;
  lore_buf arena;       /* becomes p->arena */
  lore_buf tmp;         /* unescaped quoted strings */
  lore_buf fold;        /* folded strings */
  uint32_t *items;      /* string indices of the set being parsed */
  uint32_t nitems, citems;
  uint64_t worst;       /* size of the largest repeat (ELIMIT offset) */
  size_t worstoff;
} tp_parser;

uint32_t lore_tpat__hash (const char *s, size_t n) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

/* {====================================================================
** Errors
** ===================================================================== */

/* Record the first error (later ones are consequences). Returns -1. */
static int perr (tp_parser *P, int code, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;

static int perr (tp_parser *P, int code, size_t off, const char *fmt, ...) {
  if (P->rc == 0) {
    char buf[LORE_ERRMSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    P->rc = code;
    lore_error_set(P->err, code, off, "%s", buf);
  }
  return -1;
}

static int nomem (tp_parser *P) {
  return perr(P, LORE_ENOMEM, P->i, "out of memory");
}

/* Describe the character at off for a message: 'x', or end of pattern. */
static void describe (const tp_parser *P, size_t off, char *buf, size_t sz) {
  if (off >= P->n) { snprintf(buf, sz, "end of pattern"); return; }
  {
    unsigned char c = (unsigned char)P->s[off];
    if (c >= 0x20 && c < 0x7f) snprintf(buf, sz, "'%c'", c);
    else if (c >= 0x80) {
      int32_t cp;
      size_t l = lore_utf8_decode((const unsigned char *)P->s + off,
                                  P->n - off, &cp);
      if (cp >= 0) snprintf(buf, sz, "'%.*s'", (int)l, P->s + off);
      else snprintf(buf, sz, "invalid UTF-8 byte 0x%02X", c);
    }
    else snprintf(buf, sz, "control character 0x%02X", c);
  }
}

static int expected (tp_parser *P, const char *what) {
  char buf[64];
  describe(P, P->i, buf, sizeof buf);
  return perr(P, LORE_ESYNTAX, P->i, "expected %s, found %s", what, buf);
}

/* "expected ']' to close '[' at offset 7", at the current byte. */
static int unclosed (tp_parser *P, char closer, char opener, size_t open) {
  return perr(P, LORE_ESYNTAX, P->i, "expected '%c' to close '%c' at offset %zu",
              closer, opener, open);
}

/* }==================================================================== */

/* {====================================================================
** Growable arrays
** ===================================================================== */

static int grow (tp_parser *P, void **v, uint32_t *cap, uint32_t need,
                 size_t elem) {
  if (need > *cap) {
    uint32_t nc = *cap ? *cap : 8;
    void *nv;
    while (nc < need) {
      if (nc > UINT32_MAX / 2) return nomem(P);
      nc *= 2;
    }
    nv = lore_realloc(*v, (size_t)nc * elem);
    if (nv == NULL) return nomem(P);
    *v = nv;
    *cap = nc;
  }
  return 0;
}

static int32_t new_node (tp_parser *P, int type, size_t off) {
  tp_node *nd;
  if (grow(P, (void **)&P->nodes, &P->cnodes, P->nnodes + 1,
           sizeof(tp_node)) < 0)
    return -1;
  nd = &P->nodes[P->nnodes];
  memset(nd, 0, sizeof *nd);
  nd->type = (uint8_t)type;
  nd->kid = nd->next = -1;
  nd->off = off;
  return (int32_t)P->nnodes++;
}

static int32_t new_atom (tp_parser *P, uint32_t op, uint32_t arg,
                         size_t off) {
  int32_t k = new_node(P, N_ATOM, off);
  if (k >= 0) { P->nodes[k].op = op; P->nodes[k].arg = arg; }
  return k;
}

static int add_pred (tp_parser *P, int op, int src, uint32_t a, uint32_t b) {
  lore_tpat *p = P->p;
  tp_pred *pr;
  if (grow(P, (void **)&p->preds, &P->cpreds, p->npreds + 1,
           sizeof(tp_pred)) < 0)
    return -1;
  pr = &p->preds[p->npreds];
  pr->op = (uint8_t)op;
  pr->src = (uint8_t)src;
  pr->a = a;
  pr->b = b;
  return (int)p->npreds++;
}

static int add_str (tp_parser *P, const char *s, size_t len) {
  lore_tpat *p = P->p;
  tp_str *st;
  if (P->arena.len + len >= UINT32_MAX) return nomem(P);
  if (grow(P, (void **)&p->strs, &P->cstrs, p->nstrs + 1,
           sizeof(tp_str)) < 0)
    return -1;
  st = &p->strs[p->nstrs];
  st->off = (uint32_t)P->arena.len;
  st->len = (uint32_t)len;
  st->hash = lore_tpat__hash(s, len);
  if (len > 0 && lore_buf_add(&P->arena, s, len) != LORE_OK) return nomem(P);
  return (int)p->nstrs++;
}

/* Fold s for word matching into P->fold. */
static int fold (tp_parser *P, const char *s, size_t len) {
  lore_buf_reset(&P->fold);
  if (lore_utf8_fold(s, len, TP_FOLD, &P->fold) != LORE_OK) return nomem(P);
  return 0;
}

/* A string of a given source: folded when src is TP_SRC_FOLD. */
static int add_src_str (tp_parser *P, int src, const char *s, size_t len) {
  if (src == TP_SRC_FOLD) {
    if (fold(P, s, len) < 0) return -1;
    return add_str(P, P->fold.data, P->fold.len);
  }
  return add_str(P, s, len);
}

/* }==================================================================== */

/* {====================================================================
** Lexing
** ===================================================================== */

static void skip_ws (tp_parser *P) {
  while (P->i < P->n) {
    unsigned char c = (unsigned char)P->s[P->i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v')
      P->i++;
    else if (c == '#') {
      while (P->i < P->n && P->s[P->i] != '\n') P->i++;
    }
    else if (c >= 0x80) {             /* NBSP and other Unicode spaces */
      int32_t cp;
      size_t l = lore_utf8_decode((const unsigned char *)P->s + P->i,
                                  P->n - P->i, &cp);
      lore_cclass cl = lore_utf8_class(cp);
      if (cp >= 0 && (cl == LORE_CC_SPACE || cl == LORE_CC_NEWLINE)) P->i += l;
      else break;
    }
    else break;
  }
}

static int peek (const tp_parser *P) {
  return P->i < P->n ? (unsigned char)P->s[P->i] : -1;
}

static int isalpha_ (int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int isdigit_ (int c) { return c >= '0' && c <= '9'; }

/* Length of the character at off if it can be part of a word (first:
** a letter or '_', or with digit_ok a digit; inner: also digits ' . -),
** else 0. */
static size_t wordchar (const tp_parser *P, size_t off, int first,
                        int digit_ok) {
  unsigned char c;
  if (off >= P->n) return 0;
  c = (unsigned char)P->s[off];
  if (c < 0x80) {
    if (isalpha_(c)) return 1;
    if (isdigit_(c) && (!first || digit_ok)) return 1;
    if (!first && (c == '\'' || c == '.' || c == '-')) return 1;
    return 0;
  }
  else {
    int32_t cp;
    size_t l = lore_utf8_decode((const unsigned char *)P->s + off,
                                P->n - off, &cp);
    lore_cclass cl;
    if (cp < 0) return 0;
    cl = lore_utf8_class(cp);
    if (cl == LORE_CC_LETTER) return l;
    if (!first && (cl == LORE_CC_MARK || cl == LORE_CC_DIGIT)) return l;
    return 0;
  }
}

/* Length of the word at P->i (0 when there is none). */
static size_t word_len (const tp_parser *P, int digit_ok) {
  size_t j = P->i, l = wordchar(P, j, 1, digit_ok);
  if (l == 0) return 0;
  do { j += l; } while ((l = wordchar(P, j, 0, 0)) > 0);
  return j - P->i;
}

static int same (const char *s, size_t n, const char *lit) {
  return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Quoted string at P->i ('"'): unescaped into P->tmp. */
static int parse_quoted (tp_parser *P) {
  size_t open = P->i;
  lore_buf_reset(&P->tmp);
  P->i++;
  for (;;) {
    int c = peek(P);
    if (c < 0) return unclosed(P, '"', '"', open);
    if (c == '"') { P->i++; break; }
    if (c == '\\' && P->i + 1 < P->n) { P->i++; c = peek(P); }
    if (lore_buf_addc(&P->tmp, (char)c) != LORE_OK) return nomem(P);
    P->i++;
  }
  if (P->tmp.len == 0)
    return perr(P, LORE_ESYNTAX, open, "empty string \"\" (a token has text)");
  return 0;
}

/* }==================================================================== */

/* {====================================================================
** Operands: regexes, sets, gazetteers, layers
** ===================================================================== */

static int compile_regex (tp_parser *P, size_t off, const char *re,
                          size_t relen, unsigned flags) {
  lore_tpat *p = P->p;
  lore_buf w;
  lore_error e;
  lore_regex *rx;
  lore_buf_init(&w);
  if (flags & LORE_RE_LITERAL) {      /* the text itself; \/ is '/' */
    size_t j;
    for (j = 0; j < relen; j++) {
      if (re[j] == '\\' && j + 1 < relen && re[j + 1] == '/') j++;
      lore_buf_addc(&w, re[j]);
    }
  }
  else {                      /* the whole token: anchored, up to \z */
    lore_buf_adds(&w, "(?:");
    lore_buf_add(&w, re, relen);
    if (flags & LORE_RE_EXTENDED) lore_buf_addc(&w, '\n');  /* end # */
    lore_buf_adds(&w, ")\\z");
  }
  if (w.failed) { lore_buf_free(&w); return nomem(P); }
  lore_error_clear(&e);
  rx = lore_regex_compile(w.data, w.len, flags | LORE_RE_ANCHORED, &e);
  lore_buf_free(&w);
  if (rx == NULL) {
    lore_error e2;
    lore_regex *r2;
    if (e.code == LORE_ENOMEM) return nomem(P);
    /* Recompile the user's text alone for a message about it. */
    lore_error_clear(&e2);
    r2 = lore_regex_compile(re, relen, flags | LORE_RE_NOJIT, &e2);
    if (r2 == NULL && e2.code == LORE_ESYNTAX)
      return perr(P, LORE_ESYNTAX, off + (e2.offset < relen ? e2.offset : relen),
                  "bad regex: %s", e2.msg);
    lore_regex_free(r2);
    return perr(P, LORE_ESYNTAX, off, "bad regex: %s", e.msg);
  }
  if (grow(P, (void **)&p->res, &P->cres, p->nres + 1, sizeof(lore_regex *)) < 0) {
    lore_regex_free(rx);
    return -1;
  }
  p->res[p->nres] = rx;
  return (int)p->nres++;
}

/* /regex/flags at P->i: a TP_P_RE predicate on src. */
static int parse_regex (tp_parser *P, int src) {
  size_t open = P->i, body, blen;
  unsigned flags = 0;
  int k;
  P->i++;
  body = P->i;
  for (;;) {
    int c = peek(P);
    if (c < 0) return unclosed(P, '/', '/', open);
    if (c == '/') break;
    if (c == '\\' && P->i + 1 < P->n) P->i++;
    P->i++;
  }
  blen = P->i - body;
  P->i++;
  if (blen == 0) return perr(P, LORE_ESYNTAX, open, "empty regex //");
  while (P->i < P->n && isalpha_((unsigned char)P->s[P->i]) &&
         P->s[P->i] != '_') {
    char fl[2];
    unsigned f = 0;
    lore_error e;
    fl[0] = P->s[P->i]; fl[1] = '\0';
    if (lore_regex_flags(fl, &f, &e) != LORE_OK)
      return perr(P, LORE_ESYNTAX, P->i, "unknown regex flag '%c'", fl[0]);
    flags |= f;
    P->i++;
  }
  k = compile_regex(P, body, P->s + body, blen, flags);
  if (k < 0) return -1;
  return add_pred(P, TP_P_RE, src, (uint32_t)k, 0);
}

/* Items of a {...} list at P->i: each quoted or a word, separated by
** white space or commas; cb(P, s, len, off) for each. */
static int parse_items (tp_parser *P,
                        int (*cb)(tp_parser *P, const char *s, size_t len,
                                  size_t off, void *ud),
                        void *ud) {
  size_t open = P->i, count = 0;
  P->i++;
  for (;;) {
    size_t off, wl;
    int c;
    skip_ws(P);
    c = peek(P);
    if (c == ',') { P->i++; continue; }
    if (c == '}') { P->i++; break; }
    off = P->i;
    if (c == '"') {
      if (parse_quoted(P) < 0) return -1;
      if (cb(P, P->tmp.data, P->tmp.len, off, ud) < 0) return -1;
    }
    else if ((wl = word_len(P, 1)) > 0) {
      P->i += wl;
      if (cb(P, P->s + off, wl, off, ud) < 0) return -1;
    }
    else if (c < 0) return unclosed(P, '}', '{', open);
    else return expected(P, "a word, a quoted string or '}' in {...}");
    count++;
  }
  if (count == 0) return perr(P, LORE_ESYNTAX, open, "empty word set {}");
  return 0;
}

static int set_item (tp_parser *P, const char *s, size_t len, size_t off,
                     void *ud) {
  int src = *(int *)ud, k;
  (void)off;
  k = add_src_str(P, src, s, len);
  if (k < 0) return -1;
  if (grow(P, (void **)&P->items, &P->citems, P->nitems + 1,
           sizeof(uint32_t)) < 0)
    return -1;
  P->items[P->nitems++] = (uint32_t)k;
  return 0;
}

/* {w1 w2 ...} at P->i: a TP_P_SET predicate on src. */
static int parse_set (tp_parser *P, int src) {
  lore_tpat *p = P->p;
  tp_set *set;
  uint32_t size = 4, j;
  P->nitems = 0;
  if (parse_items(P, set_item, &src) < 0) return -1;
  while (size < 2 * P->nitems) size *= 2;
  if (grow(P, (void **)&p->sets, &P->csets, p->nsets + 1, sizeof(tp_set)) < 0)
    return -1;
  set = &p->sets[p->nsets];
  set->slots = (uint32_t *)lore_calloc(size, sizeof(uint32_t));
  if (set->slots == NULL) return nomem(P);
  set->mask = size - 1;
  p->nsets++;
  for (j = 0; j < P->nitems; j++) {
    const tp_str *st = &p->strs[P->items[j]];
    uint32_t h = st->hash & set->mask;
    for (;;) {
      uint32_t e = set->slots[h];
      if (e == 0) { set->slots[h] = P->items[j] + 1; break; }
      if (p->strs[e - 1].hash == st->hash && p->strs[e - 1].len == st->len &&
          st->len > 0 && memcmp(P->arena.data + p->strs[e - 1].off,
                 P->arena.data + st->off, st->len) == 0)
        break;                          /* duplicate */
      h = (h + 1) & set->mask;
    }
  }
  return add_pred(P, TP_P_SET, src, p->nsets - 1, 0);
}

static int kind_of (const char *s, size_t len) {
  int k;
  for (k = 1; k < LORE_TK__COUNT; k++)
    if (same(s, len, lore_tok_kind_name(k))) return k;
  return -1;
}

static int kind_item (tp_parser *P, const char *s, size_t len, size_t off,
                      void *ud) {
  int k = kind_of(s, len);
  if (k < 0)
    return perr(P, LORE_ESYNTAX, off, "unknown kind '%.*s'",
                (int)(len > 40 ? 40 : len), s);
  *(uint32_t *)ud |= 1u << k;
  return 0;
}

static int add_region (tp_parser *P, const lore_gaz *g, const char *layer,
                       uint32_t label, int any) {
  lore_tpat *p = P->p;
  tp_region *r;
  uint32_t j;
  for (j = 0; j < p->nregions; j++) {
    r = &p->regions[j];
    if (g != NULL ? r->gaz == g
        : (r->gaz == NULL && strcmp(r->layer, layer) == 0 &&
           r->anylabel == any && (any || r->label == label)))
      return (int)j;
  }
  if (grow(P, (void **)&p->regions, &P->cregions, p->nregions + 1,
           sizeof(tp_region)) < 0)
    return -1;
  r = &p->regions[p->nregions];
  memset(r, 0, sizeof *r);
  r->gaz = g;
  r->label = label;
  r->anylabel = any;
  if (g == NULL) {
    size_t l = strlen(layer);
    r->layer = (char *)lore_malloc(l + 1);
    if (r->layer == NULL) return nomem(P);
    memcpy(r->layer, layer, l + 1);
  }
  return (int)p->nregions++;
}

/* @name at P->i: a gazetteer region. */
static int parse_gaz (tp_parser *P) {
  size_t at = P->i, wl;
  const lore_gaz *g = NULL;
  P->i++;
  wl = word_len(P, 1);
  if (wl == 0) return expected(P, "a gazetteer name after '@'");
  P->i += wl;
  if (P->env == NULL || P->env->gazetteer == NULL ||
      P->env->gazetteer(P->env->ud, P->s + at + 1, wl, &g) != 0 || g == NULL)
    return perr(P, LORE_ESYNTAX, at, "unknown gazetteer '@%.*s'",
                (int)(wl > 60 ? 60 : wl), P->s + at + 1);
  return add_region(P, g, NULL, 0, 0);
}

/* LABEL | layer:LABEL | layer:* at P->i: a layer region. */
static int parse_layer_ref (tp_parser *P) {
  size_t w1 = P->i, l1 = word_len(P, 1), loff, llen;
  char layer[256];
  const char *dl;
  uint32_t label = 0;
  int any = 0;
  if (l1 == 0) return expected(P, "a label, layer:LABEL or layer:*");
  P->i += l1;
  skip_ws(P);
  if (peek(P) == ':') {
    if (l1 >= sizeof layer)
      return perr(P, LORE_ESYNTAX, w1, "layer name too long");
    memcpy(layer, P->s + w1, l1);
    layer[l1] = '\0';
    P->i++;
    skip_ws(P);
    if (peek(P) == '*') { any = 1; P->i++; loff = llen = 0; }
    else {
      loff = P->i;
      llen = word_len(P, 1);
      if (llen == 0) return expected(P, "a label or '*' after ':'");
      P->i += llen;
    }
  }
  else {
    dl = P->env != NULL && P->env->default_layer != NULL
           ? P->env->default_layer : "entities";
    if (strlen(dl) >= sizeof layer)
      return perr(P, LORE_ESYNTAX, w1, "default layer name too long");
    strcpy(layer, dl);
    loff = w1;
    llen = l1;
  }
  if (!any && (P->env == NULL || P->env->label == NULL ||
               P->env->label(P->env->ud, P->s + loff, llen, &label) != 0))
    return perr(P, LORE_ESYNTAX, loff, "unknown label '%.*s'",
                (int)(llen > 60 ? 60 : llen), P->s + loff);
  return add_region(P, NULL, layer, label, any);
}

/* }==================================================================== */

/* {====================================================================
** Token predicates: [ expr ]
** ===================================================================== */

static const struct {
  const char *name;
  uint8_t op;
  uint32_t a;
} flagtab[] = {
  {"cap", TP_P_FLAGS, LORE_TF_CAP},
  {"allcaps", TP_P_FLAGS, LORE_TF_ALLCAPS},
  {"title", TP_P_FLAGS, LORE_TF_TITLE},
  {"lower", TP_P_FLAGS, LORE_TF_LOWER},
  {"digit", TP_P_FLAGS, LORE_TF_DIGIT},
  {"word", TP_P_KINDS, 1u << LORE_TK_WORD},
  {"number", TP_P_KINDS, 1u << LORE_TK_NUMBER},
  {"punct", TP_P_KINDS, 1u << LORE_TK_PUNCT},
  {"symbol", TP_P_KINDS, 1u << LORE_TK_SYMBOL},
  {"currency", TP_P_KINDS, 1u << LORE_TK_CURRENCY},
  {"quote", TP_P_KINDS, 1u << LORE_TK_QUOTE},
  {"open", TP_P_SPECIAL, TP_F_OPEN},
  {"close", TP_P_SPECIAL, TP_F_CLOSE},
  {"dash", TP_P_KINDS, 1u << LORE_TK_DASH},
  {"ellipsis", TP_P_KINDS, 1u << LORE_TK_ELLIPSIS},
  {"url", TP_P_KINDS, 1u << LORE_TK_URL},
  {"email", TP_P_KINDS, 1u << LORE_TK_EMAIL},
  {"abbrev", TP_P_SPECIAL, TP_F_ABBREV},
  {"clitic", TP_P_SPECIAL, TP_F_CLITIC},
  {"hyphen", TP_P_SPECIAL, TP_F_HYPHEN},
  {"ordinal", TP_P_SPECIAL, TP_F_ORDINAL},
  {"sent_start", TP_P_FLAGS, LORE_TF_SENT_START},
  {"sent_end", TP_P_FLAGS, LORE_TF_SENT_END},
  {"para_start", TP_P_FLAGS, LORE_TF_PARA_START},
  {"para_end", TP_P_FLAGS, LORE_TF_PARA_END},
  {"space_before", TP_P_FLAGS, LORE_TF_SPACE_BEFORE},
  {"space_after", TP_P_FLAGS, LORE_TF_SPACE_AFTER},
  {"hyphenated", TP_P_FLAGS, LORE_TF_HYPHENATED},
  {"line_start", TP_P_FLAGS, LORE_TF_LINE_BEFORE},
};

static int parse_or (tp_parser *P);

/* The value of key= (key at s[koff..koff+klen)). */
static int parse_value (tp_parser *P, size_t koff, size_t klen) {
  const char *key = P->s + koff;
  int c, src, k;
  skip_ws(P);
  c = peek(P);
  if (same(key, klen, "in") || same(key, klen, "starts") ||
      same(key, klen, "ends")) {
    uint32_t bit = key[0] == 'i' ? TP_R_IN : key[0] == 's' ? TP_R_STARTS
                                                          : TP_R_ENDS;
    k = c == '@' ? parse_gaz(P) : parse_layer_ref(P);
    if (k < 0) return -1;
    return add_pred(P, TP_P_REGION, 0, (uint32_t)k, bit);
  }
  if (same(key, klen, "kind")) {
    uint32_t mask = 0;
    size_t wl;
    if (c == '{') {
      if (parse_items(P, kind_item, &mask) < 0) return -1;
    }
    else if ((wl = word_len(P, 0)) > 0) {
      if (kind_item(P, P->s + P->i, wl, P->i, &mask) < 0) return -1;
      P->i += wl;
    }
    else return expected(P, "a token kind after 'kind='");
    return add_pred(P, TP_P_KINDS, 0, mask, 0);
  }
  if (same(key, klen, "text")) src = TP_SRC_TEXT;
  else if (same(key, klen, "lower")) src = TP_SRC_FOLD;
  else if (same(key, klen, "shape")) src = TP_SRC_SHAPE;
  else
    return perr(P, LORE_ESYNTAX, koff, "unknown key '%.*s' (expected text, "
                "lower, kind, shape, in, starts or ends)",
                (int)(klen > 40 ? 40 : klen), key);
  if (c == '/') return parse_regex(P, src);
  if (c == '{') return parse_set(P, src);
  if (c == '"') {
    if (parse_quoted(P) < 0) return -1;
    k = add_src_str(P, src, P->tmp.data, P->tmp.len);
  }
  else {
    size_t wl = word_len(P, 1);
    char what[64];
    if (wl == 0) {
      snprintf(what, sizeof what, "a value after '%.*s='", (int)klen, key);
      return expected(P, what);
    }
    k = add_src_str(P, src, P->s + P->i, wl);
    P->i += wl;
  }
  if (k < 0) return -1;
  return add_pred(P, TP_P_STR, src, (uint32_t)k, 0);
}

/* flag | key=value | key!=value */
static int parse_test (tp_parser *P) {
  size_t off = P->i, wl = word_len(P, 0), save, j;
  int neg = 0, k;
  if (wl == 0) return expected(P, "a token test");
  P->i += wl;
  save = P->i;
  skip_ws(P);
  if (peek(P) == '=' ||
      (peek(P) == '!' && P->i + 1 < P->n && P->s[P->i + 1] == '=')) {
    neg = peek(P) == '!';
    P->i += neg ? 2 : 1;
    k = parse_value(P, off, wl);
    if (k < 0) return -1;
    return neg ? add_pred(P, TP_P_NOT, 0, (uint32_t)k, 0) : k;
  }
  P->i = save;
  for (j = 0; j < sizeof flagtab / sizeof flagtab[0]; j++)
    if (same(P->s + off, wl, flagtab[j].name))
      return add_pred(P, flagtab[j].op, 0, flagtab[j].a, 0);
  return perr(P, LORE_ESYNTAX, off, "unknown flag '%.*s'",
              (int)(wl > 40 ? 40 : wl), P->s + off);
}

static int enter (tp_parser *P) {
  if (++P->depth > TP_MAXDEPTH)
    return perr(P, LORE_ELIMIT, P->i, "nesting too deep (more than %d levels)",
                TP_MAXDEPTH);
  return 0;
}

static int parse_unary (tp_parser *P) {
  int k, c;
  skip_ws(P);
  c = peek(P);
  if (enter(P) < 0) return -1;
  if (c == '!') {
    P->i++;
    k = parse_unary(P);
    if (k >= 0) k = add_pred(P, TP_P_NOT, 0, (uint32_t)k, 0);
  }
  else if (c == '(') {
    size_t open = P->i;
    P->i++;
    k = parse_or(P);
    if (k >= 0) {
      skip_ws(P);
      if (peek(P) != ')') return unclosed(P, ')', '(', open);
      P->i++;
    }
  }
  else k = parse_test(P);
  P->depth--;
  return k;
}

static int parse_and (tp_parser *P) {
  int a = parse_unary(P), b;
  for (;;) {
    if (a < 0) return -1;
    skip_ws(P);
    if (peek(P) != '&') return a;
    P->i++;
    b = parse_unary(P);
    if (b < 0) return -1;
    a = add_pred(P, TP_P_AND, 0, (uint32_t)a, (uint32_t)b);
  }
}

static int parse_or (tp_parser *P) {
  int a = parse_and(P), b;
  for (;;) {
    if (a < 0) return -1;
    skip_ws(P);
    if (peek(P) != '|') return a;
    P->i++;
    b = parse_and(P);
    if (b < 0) return -1;
    a = add_pred(P, TP_P_OR, 0, (uint32_t)a, (uint32_t)b);
  }
}

/* }==================================================================== */

/* {====================================================================
** Pattern syntax
** ===================================================================== */

static int32_t parse_alt (tp_parser *P);

static int parse_capname (tp_parser *P) {
  lore_tpat *p = P->p;
  size_t off = P->i, l = 0;
  int j;
  char *name;
  while (P->i + l < P->n && (isalpha_((unsigned char)P->s[P->i + l]) ||
                             (l > 0 && isdigit_((unsigned char)P->s[P->i + l]))))
    l++;
  if (l == 0) return expected(P, "a capture name after '(?<'");
  P->i += l;
  if (peek(P) != '>') return expected(P, "'>' after the capture name");
  P->i++;
  for (j = 0; j < p->ncaps; j++)
    if (same(P->s + off, l, p->capnames[j]))
      return perr(P, LORE_ESYNTAX, off, "duplicate capture name '%.*s'",
                  (int)(l > 40 ? 40 : l), P->s + off);
  if (grow(P, (void **)&p->capnames, &P->ccaps, (uint32_t)p->ncaps + 1,
           sizeof(char *)) < 0)
    return -1;
  name = (char *)lore_malloc(l + 1);
  if (name == NULL) return nomem(P);
  memcpy(name, P->s + off, l);
  name[l] = '\0';
  p->capnames[p->ncaps] = name;
  return p->ncaps++;
}

/* After '{': does a repeat count follow ({n}, {n,}, {n,m})? */
static int is_count (const tp_parser *P) {
  size_t j = P->i + 1;
  while (j < P->n && (P->s[j] == ' ' || P->s[j] == '\t')) j++;
  return j < P->n && isdigit_((unsigned char)P->s[j]);
}

static int32_t parse_atom (tp_parser *P) {
  size_t off, wl;
  int c, k;
  skip_ws(P);
  off = P->i;
  c = peek(P);
  switch (c) {
    case '(': {
      int cap = -1;
      int32_t body, nd;
      if (enter(P) < 0) return -1;
      P->i++;
      if (peek(P) == '?') {
        P->i++;
        if (peek(P) != '<')
          return expected(P, "'<' after '(?' (a named capture is (?<name> ...))");
        P->i++;
        cap = parse_capname(P);
        if (cap < 0) return -1;
      }
      body = parse_alt(P);
      if (body < 0) return -1;
      skip_ws(P);
      if (peek(P) != ')') return unclosed(P, ')', '(', off);
      P->i++;
      P->depth--;
      if (cap < 0) return body;
      nd = new_node(P, N_CAP, off);
      if (nd < 0) return -1;
      P->nodes[nd].arg = (uint32_t)cap;
      P->nodes[nd].kid = body;
      return nd;
    }
    case '"':
      if (parse_quoted(P) < 0) return -1;
      k = add_str(P, P->tmp.data, P->tmp.len);
      if (k < 0) return -1;
      k = add_pred(P, TP_P_STR, TP_SRC_TEXT, (uint32_t)k, 0);
      return k < 0 ? -1 : new_atom(P, TP_I_TEST, (uint32_t)k, off);
    case '/':
      k = parse_regex(P, TP_SRC_TEXT);
      return k < 0 ? -1 : new_atom(P, TP_I_TEST, (uint32_t)k, off);
    case '{':
      if (is_count(P))
        return perr(P, LORE_ESYNTAX, off, "nothing to repeat before '{'");
      k = parse_set(P, TP_SRC_FOLD);
      return k < 0 ? -1 : new_atom(P, TP_I_TEST, (uint32_t)k, off);
    case '[':
      if (enter(P) < 0) return -1;
      P->i++;
      k = parse_or(P);
      if (k < 0) return -1;
      skip_ws(P);
      if (peek(P) != ']') return unclosed(P, ']', '[', off);
      P->i++;
      P->depth--;
      return new_atom(P, TP_I_TEST, (uint32_t)k, off);
    case '.':
      P->i++;
      return new_atom(P, TP_I_ANY, 0, off);
    case '@':
      k = parse_gaz(P);
      return k < 0 ? -1 : new_atom(P, TP_I_GAZ, (uint32_t)k, off);
    case '<':
      P->i++;
      skip_ws(P);
      k = parse_layer_ref(P);
      if (k < 0) return -1;
      skip_ws(P);
      if (peek(P) != '>') return unclosed(P, '>', '<', off);
      P->i++;
      return new_atom(P, TP_I_SPAN, (uint32_t)k, off);
    case '*': case '+': case '?':
      return perr(P, LORE_ESYNTAX, off, "nothing to repeat before '%c'", c);
    default:
      break;
  }
  if ((wl = word_len(P, 0)) > 0) {
    k = add_src_str(P, TP_SRC_FOLD, P->s + off, wl);
    P->i += wl;
    if (k < 0) return -1;
    k = add_pred(P, TP_P_STR, TP_SRC_FOLD, (uint32_t)k, 0);
    return k < 0 ? -1 : new_atom(P, TP_I_TEST, (uint32_t)k, off);
  }
  if (isdigit_(c))
    return perr(P, LORE_ESYNTAX, off, "unexpected '%c': quote numbers "
                "(\"42\") or test [number]", c);
  return expected(P, "a token pattern");
}

static int parse_count (tp_parser *P, uint32_t *v) {
  uint64_t x = 0;
  size_t off = P->i;
  if (!isdigit_(peek(P))) return expected(P, "a repeat count");
  while (isdigit_(peek(P))) {
    x = x * 10 + (uint64_t)(P->s[P->i] - '0');
    if (x > TP_MAXCOUNT)
      return perr(P, LORE_ELIMIT, off, "repeat count too large (limit %u)",
                  TP_MAXCOUNT);
    P->i++;
  }
  *v = (uint32_t)x;
  return 0;
}

static int32_t parse_item (tp_parser *P) {
  int32_t atom = parse_atom(P), rep;
  size_t qoff, save;
  uint32_t min, max;
  int c;
  if (atom < 0) return -1;
  save = P->i;
  skip_ws(P);
  qoff = P->i;
  c = peek(P);
  if (c == '?') { min = 0; max = 1; P->i++; }
  else if (c == '*') { min = 0; max = TP_INF; P->i++; }
  else if (c == '+') { min = 1; max = TP_INF; P->i++; }
  else if (c == '{' && is_count(P)) {
    P->i++;
    skip_ws(P);
    if (parse_count(P, &min) < 0) return -1;
    skip_ws(P);
    max = min;
    if (peek(P) == ',') {
      P->i++;
      skip_ws(P);
      if (peek(P) == '}') max = TP_INF;
      else if (parse_count(P, &max) < 0) return -1;
      skip_ws(P);
    }
    if (peek(P) != '}') return unclosed(P, '}', '{', qoff);
    P->i++;
    if (max < min)
      return perr(P, LORE_ESYNTAX, qoff,
                  "bad repeat {%u,%u}: the minimum is above the maximum",
                  min, max);
  }
  else { P->i = save; return atom; }
  rep = new_node(P, N_REP, qoff);
  if (rep < 0) return -1;
  P->nodes[rep].kid = atom;
  P->nodes[rep].min = min;
  P->nodes[rep].max = max;
  save = P->i;
  skip_ws(P);
  if (peek(P) == '?') { P->nodes[rep].lazy = 1; P->i++; save = P->i; skip_ws(P); }
  c = peek(P);
  if (c == '?' || c == '*' || c == '+' || (c == '{' && is_count(P)))
    return perr(P, LORE_ESYNTAX, P->i, "unexpected '%c': a quantifier cannot "
                "follow a quantifier (use parentheses)", c);
  P->i = save;
  return rep;
}

static int32_t parse_seq (tp_parser *P) {
  int32_t first = -1, last = -1, item, seq;
  size_t off;
  skip_ws(P);
  off = P->i;
  for (;;) {
    int c;
    skip_ws(P);
    c = peek(P);
    if (c < 0 || c == ')' || c == '|') break;
    item = parse_item(P);
    if (item < 0) return -1;
    if (first < 0) first = item;
    else P->nodes[last].next = item;
    last = item;
  }
  if (first < 0) return expected(P, "a token pattern");
  if (first == last) return first;
  seq = new_node(P, N_SEQ, off);
  if (seq < 0) return -1;
  P->nodes[seq].kid = first;
  return seq;
}

static int32_t parse_alt (tp_parser *P) {
  int32_t a, alt, last, b;
  size_t off;
  skip_ws(P);
  off = P->i;
  a = parse_seq(P);
  if (a < 0) return -1;
  skip_ws(P);
  if (peek(P) != '|') return a;
  alt = new_node(P, N_ALT, off);
  if (alt < 0) return -1;
  P->nodes[alt].kid = last = a;
  while (peek(P) == '|') {
    P->i++;
    b = parse_seq(P);
    if (b < 0) return -1;
    P->nodes[last].next = b;
    last = b;
    skip_ws(P);
  }
  return alt;
}

/* }==================================================================== */

/* {====================================================================
** Code generation
** ===================================================================== */

static uint64_t sat_add (uint64_t a, uint64_t b) {
  return a + b > TP_SIZECAP ? TP_SIZECAP : a + b;
}

static uint64_t sat_mul (uint64_t a, uint64_t b) {
  return b != 0 && a > TP_SIZECAP / b ? TP_SIZECAP : a * b;
}

/* Instructions node k expands to (saturated); remembers the largest
** repeat for the ELIMIT message. */
static uint64_t node_size (tp_parser *P, int32_t k) {
  const tp_node *nd = &P->nodes[k];
  uint64_t s = 0, b;
  int32_t c;
  switch (nd->type) {
    case N_ATOM: return 1;
    case N_SEQ:
      for (c = nd->kid; c >= 0; c = P->nodes[c].next)
        s = sat_add(s, node_size(P, c));
      return s;
    case N_ALT:
      for (c = nd->kid; c >= 0; c = P->nodes[c].next)
        s = sat_add(s, sat_add(node_size(P, c), P->nodes[c].next >= 0 ? 2 : 0));
      return s;
    case N_CAP: return sat_add(node_size(P, nd->kid), 2);
    default:
      b = node_size(P, nd->kid);
      if (nd->max == TP_INF)
        s = nd->min == 0 ? sat_add(b, 2) : sat_add(sat_mul(nd->min, b), 1);
      else
        s = sat_add(sat_mul(nd->min, b),
                    sat_mul(nd->max - nd->min, sat_add(b, 1)));
      if (s > P->worst) { P->worst = s; P->worstoff = nd->off; }
      return s;
  }
}

static uint32_t emit (tp_parser *P, uint32_t op, uint32_t x, uint32_t y) {
  lore_tpat *p = P->p;
  tp_inst *in = &p->prog[p->nprog];   /* room reserved by lore_tpat_compile */
  in->op = op;
  in->x = x;
  in->y = y;
  return p->nprog++;
}

static void gen (tp_parser *P, int32_t k) {
  lore_tpat *p = P->p;
  const tp_node *nd = &P->nodes[k];
  int32_t c;
  uint32_t r, l, sp, list = TP_NONE;
  switch (nd->type) {
    case N_ATOM:
      emit(P, nd->op, nd->arg, 0);
      break;
    case N_SEQ:
      for (c = nd->kid; c >= 0; c = P->nodes[c].next) gen(P, c);
      break;
    case N_ALT:
      for (c = nd->kid; c >= 0; c = P->nodes[c].next) {
        if (P->nodes[c].next < 0) { gen(P, c); break; }
        sp = emit(P, TP_I_SPLIT, p->nprog + 1, 0);
        gen(P, c);
        list = emit(P, TP_I_JMP, list, 0);     /* chain through x */
        p->prog[sp].y = p->nprog;
      }
      while (list != TP_NONE) {
        uint32_t nx = p->prog[list].x;
        p->prog[list].x = p->nprog;
        list = nx;
      }
      break;
    case N_CAP:
      emit(P, TP_I_SAVE, 2 + 2 * nd->arg, 0);
      gen(P, nd->kid);
      emit(P, TP_I_SAVE, 3 + 2 * nd->arg, 0);
      break;
    default:                                   /* N_REP */
      if (nd->max == TP_INF && nd->min == 0) {   /* x* */
        l = emit(P, TP_I_SPLIT, 0, 0);
        gen(P, nd->kid);
        emit(P, TP_I_JMP, l, 0);
        p->prog[l].x = nd->lazy ? p->nprog : l + 1;
        p->prog[l].y = nd->lazy ? l + 1 : p->nprog;
        break;
      }
      if (nd->max == TP_INF) {                   /* x{n-1} x+ */
        for (r = 1; r < nd->min; r++) gen(P, nd->kid);
        l = p->nprog;
        gen(P, nd->kid);
        sp = emit(P, TP_I_SPLIT, 0, 0);
        p->prog[sp].x = nd->lazy ? sp + 1 : l;
        p->prog[sp].y = nd->lazy ? l : sp + 1;
        break;
      }
      for (r = 0; r < nd->min; r++) gen(P, nd->kid);
      for (r = nd->min; r < nd->max; r++) {      /* (x(x(x)?)?)? */
        sp = emit(P, TP_I_SPLIT, 0, list);       /* chain through y */
        p->prog[sp].x = sp + 1;
        list = sp;
        gen(P, nd->kid);
      }
      while (list != TP_NONE) {
        uint32_t nx = p->prog[list].y;
        if (nd->lazy) { p->prog[list].y = list + 1; p->prog[list].x = p->nprog; }
        else p->prog[list].y = p->nprog;
        list = nx;
      }
      break;
  }
}

/* Is predicate k a flag/kind test or an | of them? Accumulates masks. */
static int simple_pred (const lore_tpat *p, uint32_t k, uint32_t *ff,
                        uint32_t *fk) {
  const tp_pred *pr = &p->preds[k];
  switch (pr->op) {
    case TP_P_FLAGS: *ff |= pr->a; return 1;
    case TP_P_KINDS: *fk |= pr->a; return 1;
    case TP_P_OR:
      return simple_pred(p, pr->a, ff, fk) && simple_pred(p, pr->b, ff, fk);
    default: return 0;
  }
}

/* The consuming instructions reachable from pc 0 without a token. */
static int compute_first (tp_parser *P) {
  lore_tpat *p = P->p;
  uint8_t *seen = (uint8_t *)lore_calloc(p->nprog, 1);
  uint32_t *stack = (uint32_t *)lore_malloc((2 * (size_t)p->nprog + 1) *
                                            sizeof(uint32_t));
  uint32_t sp = 0, cfirst = 0;
  if (seen == NULL || stack == NULL) goto oom;
  stack[sp++] = 0;
  while (sp > 0 && !p->nofilter) {
    uint32_t pc = stack[--sp];
    const tp_inst *in = &p->prog[pc];
    if (seen[pc]) continue;
    seen[pc] = 1;
    switch (in->op) {
      case TP_I_SPLIT: stack[sp++] = in->y; stack[sp++] = in->x; break;
      case TP_I_JMP: stack[sp++] = in->x; break;
      case TP_I_SAVE: stack[sp++] = pc + 1; break;
      case TP_I_ANY: case TP_I_MATCH: p->nofilter = 1; break;
      default:
        if (grow(P, (void **)&p->first, &cfirst, p->nfirst + 1,
                 sizeof(uint32_t)) < 0)
          goto fail;
        p->first[p->nfirst++] = pc;
        break;
    }
  }
  if (!p->nofilter) {
    uint32_t k;
    p->fsimple = 1;
    for (k = 0; k < p->nfirst && p->fsimple; k++) {
      const tp_inst *in = &p->prog[p->first[k]];
      p->fsimple = in->op == TP_I_TEST &&
                   simple_pred(p, in->x, &p->fflags, &p->fkinds);
    }
  }
  lore_free(seen);
  lore_free(stack);
  return 0;
oom:
  nomem(P);
fail:
  lore_free(seen);
  lore_free(stack);
  return -1;
}

/* }==================================================================== */

lore_tpat *lore_tpat_compile (const char *src, size_t len, unsigned opts,
                              const lore_tpat_env *env, lore_error *err) {
  tp_parser P;
  lore_tpat *p;
  int32_t root = -1;
  uint64_t size;
  if (src == NULL && len > 0) {
    lore_error_set(err, LORE_EINVAL, 0, "no pattern source");
    return NULL;
  }
  p = (lore_tpat *)lore_calloc(1, sizeof *p);
  if (p == NULL) {
    lore_error_set(err, LORE_ENOMEM, 0, "out of memory");
    return NULL;
  }
  memset(&P, 0, sizeof P);
  P.s = src;
  P.n = len;
  P.env = env;
  P.err = err;
  P.p = p;
  lore_buf_init(&P.arena);
  lore_buf_init(&P.tmp);
  lore_buf_init(&P.fold);
  p->opts = opts & LORE_TP_FIRST;
  p->src = (char *)lore_malloc(len + 1);
  if (p->src == NULL) { nomem(&P); goto done; }
  if (len > 0) memcpy(p->src, src, len);
  p->src[len] = '\0';
  p->srclen = len;
  skip_ws(&P);
  if (P.i >= P.n) { perr(&P, LORE_ESYNTAX, 0, "empty pattern"); goto done; }
  root = parse_alt(&P);
  if (root < 0) goto done;
  skip_ws(&P);
  if (P.i < P.n) {                      /* only ')' stops parse_alt early */
    perr(&P, LORE_ESYNTAX, P.i, "unexpected ')' (no group to close)");
    goto done;
  }
  size = sat_add(node_size(&P, root), 1);
  if (size > LORE_TPAT_MAXPROG) {
    perr(&P, LORE_ELIMIT, P.worst > 0 ? P.worstoff : 0,
         "pattern too large: %llu instructions, the limit is %d (bounded "
         "repeats expand)", (unsigned long long)size, LORE_TPAT_MAXPROG);
    goto done;
  }
  p->prog = (tp_inst *)lore_malloc((size_t)size * sizeof(tp_inst));
  if (p->prog == NULL) { nomem(&P); goto done; }
  gen(&P, root);
  emit(&P, TP_I_MATCH, 0, 0);
  if (compute_first(&P) < 0) goto done;
done:
  if (P.rc == 0) {
    p->arena = lore_buf_detach(&P.arena, NULL);
    if (p->arena == NULL) nomem(&P);
  }
  lore_buf_free(&P.arena);
  lore_buf_free(&P.tmp);
  lore_buf_free(&P.fold);
  lore_free(P.nodes);
  lore_free(P.items);
  if (P.rc != 0) {
    lore_tpat_free(p);
    return NULL;
  }
  return p;
}

void lore_tpat_free (lore_tpat *p) {
  uint32_t j;
  int c;
  if (p == NULL) return;
  lore_tpat__vm_free(p->vm);
  for (j = 0; j < p->nres; j++) lore_regex_free(p->res[j]);
  for (j = 0; j < p->nsets; j++) lore_free(p->sets[j].slots);
  for (j = 0; j < p->nregions; j++) lore_free(p->regions[j].layer);
  for (c = 0; c < p->ncaps; c++) lore_free(p->capnames[c]);
  lore_free(p->res);
  lore_free(p->sets);
  lore_free(p->regions);
  lore_free(p->capnames);
  lore_free(p->first);
  lore_free(p->prog);
  lore_free(p->preds);
  lore_free(p->strs);
  lore_free(p->arena);
  lore_free(p->src);
  lore_free(p);
}

int lore_tpat_ncaptures (const lore_tpat *p) {
  return p->ncaps;
}

const char *lore_tpat_capture_name (const lore_tpat *p, int i) {
  return i >= 0 && i < p->ncaps ? p->capnames[i] : NULL;
}

int lore_tpat_capture_index (const lore_tpat *p, const char *name) {
  int i;
  if (name == NULL) return -1;
  for (i = 0; i < p->ncaps; i++)
    if (strcmp(p->capnames[i], name) == 0) return i;
  return -1;
}

const char *lore_tpat_source (const lore_tpat *p) {
  return p->src;
}
