/*
** lore_lex.c
** Lexicons: a trie over token ids, like lore_gaz, with tokens folded
** during the scan.
**
** Layout:
** - vocabulary: every folded entry token, in the arena `vstr` (`voff[id]`
**   .. `voff[id + 1]`), found through the open-addressing table `vtab`
**   (id + 1, 0 = empty) with the full 64-bit hash of each id in `vhash`.
** - trie: node 0 is the root; `node[n]` packs the entry id node n ends
**   (NO_ENTRY if none) with a flag telling whether n has children. Edges
**   (parent, token id) -> child are slots of the open-addressing table
**   `etab`.
**
** A scan computes each document token's id once (a ring of ids covers the
** re-reads of a walk, as in lore_gaz): an invalid token has none; an ASCII
** token of up to 16 bytes without '`' is folded (A-Z -> a-z) two words at
** a time, and rejected at once when no vocabulary token has its length or
** its first byte; any other token goes through lore_utf8_fold. Entry
** tokens that are LORE_TK_INVALID are stored with a 0xFF prefix, which no
** folded form starts with: they never match.
*/
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_err.h"
#include "lore_lex.h"
#include "lore_tok.h"
#include "lore_utf8.h"

#define MAX_TOKENS   64                  /* longest entry, in tokens */
#define NO_ENTRY     0x7FFFFFFFu         /* node ends no entry */
#define ENTRY_MASK   0x7FFFFFFFu
#define HAS_KIDS     0x80000000u
#define MAX_ENTRIES  0x7FFFFFFFu
#define NO_ID        UINT32_MAX
#define RING         128                 /* > MAX_TOKENS + 1, power of 2 */

typedef struct edge {
  uint32_t parent, tok;
  uint32_t child;                        /* 0 = empty (the root is no child) */
} edge;

struct lore_lex {
  unsigned fold;                         /* LORE_FOLD_* of the tokens */
  /* vocabulary */
  char *vstr;
  size_t vlen, vcap;
  uint32_t *voff;                        /* [nvocab + 1] */
  uint64_t *vhash;                       /* [nvocab] */
  size_t nvocab, vhashcap, voffcap;
  uint32_t *vtab;                        /* vmask + 1 slots: id + 1 */
  size_t vmask;
  size_t maxvlen;                        /* longest folded entry token */
  uint64_t lens;                         /* bit n: a token of n < 64 bytes */
  unsigned char first[256];              /* first bytes of the tokens */
  /* trie */
  uint32_t *node;
  size_t nnodes, nodecap;
  edge *etab;                            /* emask + 1 slots */
  size_t emask, ecount;
  size_t nentries, max_tokens;
  /* scratch of lore_lex_add */
  lore_tokens toks;
  lore_buf norm;
};

/* {====================================================================
** Helpers
** ===================================================================== */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static uint64_t hash_bytes (const unsigned char *s, size_t n) {
  uint64_t h = FNV_OFFSET;
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ s[i]) * FNV_PRIME;
  return h;
}

static inline uint64_t mix64 (uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

static inline size_t edge_slot (uint32_t parent, uint32_t tok, size_t mask) {
  return (size_t)mix64(((uint64_t)parent << 32) | tok) & mask;
}

/* Grow an array of `size`-byte elements to hold `need`; NULL on ENOMEM
** (the old array stays valid). */
static void *grow (void *p, size_t *cap, size_t need, size_t size) {
  size_t ncap = *cap ? *cap : 8;
  void *np;
  if (need <= *cap) return p;
  while (ncap < need) ncap += ncap / 2 + 8;
  np = lore_realloc(p, ncap * size);
  if (np == NULL) return NULL;
  *cap = ncap;
  return np;
}

/* }==================================================================== */

/* {====================================================================
** Vocabulary and trie
** ===================================================================== */

static uint32_t vocab_find (const lore_lex *x, const unsigned char *s,
                            size_t n, uint64_t h) {
  size_t i;
  if (x->vtab == NULL) return NO_ID;
  for (i = (size_t)mix64(h) & x->vmask; x->vtab[i] != 0;
       i = (i + 1) & x->vmask) {
    uint32_t id = x->vtab[i] - 1;
    if (x->vhash[id] == h && x->voff[id + 1] - x->voff[id] == n &&
        memcmp(x->vstr + x->voff[id], s, n) == 0)
      return id;
  }
  return NO_ID;
}

static int vocab_rehash (lore_lex *x, size_t slots) {
  uint32_t *t = (uint32_t *)lore_calloc(slots, sizeof(uint32_t));
  size_t id;
  if (t == NULL) return LORE_ENOMEM;
  for (id = 0; id < x->nvocab; id++) {
    size_t i = (size_t)mix64(x->vhash[id]) & (slots - 1);
    while (t[i] != 0) i = (i + 1) & (slots - 1);
    t[i] = (uint32_t)id + 1;
  }
  lore_free(x->vtab);
  x->vtab = t;
  x->vmask = slots - 1;
  return LORE_OK;
}

static int vocab_intern (lore_lex *x, const char *s, size_t n,
                         uint32_t *id) {
  uint64_t h = hash_bytes((const unsigned char *)s, n);
  uint32_t v = vocab_find(x, (const unsigned char *)s, n, h);
  void *p;
  if (v != NO_ID) { *id = v; return LORE_OK; }
  if (x->nvocab >= MAX_ENTRIES - 1 || x->vlen + n >= UINT32_MAX)
    return LORE_ELIMIT;
  if ((x->nvocab + 1) * 2 > (x->vtab ? x->vmask + 1 : 0) &&
      vocab_rehash(x, x->vtab ? 2 * (x->vmask + 1) : 64) != LORE_OK)
    return LORE_ENOMEM;
  if ((p = grow(x->vstr, &x->vcap, x->vlen + n + 1, 1)) == NULL)
    return LORE_ENOMEM;
  x->vstr = (char *)p;
  if ((p = grow(x->vhash, &x->vhashcap, x->nvocab + 1, sizeof(uint64_t)))
      == NULL)
    return LORE_ENOMEM;
  x->vhash = (uint64_t *)p;
  if ((p = grow(x->voff, &x->voffcap, x->nvocab + 2, sizeof(uint32_t)))
      == NULL)
    return LORE_ENOMEM;
  x->voff = (uint32_t *)p;
  if (n > 0) memcpy(x->vstr + x->vlen, s, n);
  x->vlen += n;
  v = (uint32_t)x->nvocab++;
  x->voff[v] = (uint32_t)(x->vlen - n);
  x->voff[v + 1] = (uint32_t)x->vlen;
  x->vhash[v] = h;
  if (n > x->maxvlen) x->maxvlen = n;
  if (n < 64) x->lens |= (uint64_t)1 << n;
  if (n > 0) x->first[(unsigned char)s[0]] = 1;
  {
    size_t i = (size_t)mix64(h) & x->vmask;
    while (x->vtab[i] != 0) i = (i + 1) & x->vmask;
    x->vtab[i] = v + 1;
  }
  *id = v;
  return LORE_OK;
}

static inline uint32_t edge_find (const lore_lex *x, uint32_t parent,
                                  uint32_t tok) {
  size_t i;
  if (x->etab == NULL) return 0;
  for (i = edge_slot(parent, tok, x->emask); x->etab[i].child != 0;
       i = (i + 1) & x->emask)
    if (x->etab[i].parent == parent && x->etab[i].tok == tok)
      return x->etab[i].child;
  return 0;
}

static int edge_rehash (lore_lex *x, size_t slots) {
  edge *t = (edge *)lore_calloc(slots, sizeof(edge));
  size_t k;
  if (t == NULL) return LORE_ENOMEM;
  for (k = 0; x->etab != NULL && k <= x->emask; k++) {
    const edge *e = &x->etab[k];
    size_t i;
    if (e->child == 0) continue;
    i = edge_slot(e->parent, e->tok, slots - 1);
    while (t[i].child != 0) i = (i + 1) & (slots - 1);
    t[i] = *e;
  }
  lore_free(x->etab);
  x->etab = t;
  x->emask = slots - 1;
  return LORE_OK;
}

static int node_add (lore_lex *x, uint32_t parent, uint32_t tok,
                     uint32_t *child) {
  void *p;
  size_t i;
  if (x->nnodes >= MAX_ENTRIES) return LORE_ELIMIT;
  if ((x->ecount + 1) * 2 > (x->etab ? x->emask + 1 : 0) &&
      edge_rehash(x, x->etab ? 2 * (x->emask + 1) : 64) != LORE_OK)
    return LORE_ENOMEM;
  if ((p = grow(x->node, &x->nodecap, x->nnodes + 1, sizeof(uint32_t)))
      == NULL)
    return LORE_ENOMEM;
  x->node = (uint32_t *)p;
  *child = (uint32_t)x->nnodes++;
  x->node[*child] = NO_ENTRY;
  x->node[parent] |= HAS_KIDS;
  i = edge_slot(parent, tok, x->emask);
  while (x->etab[i].child != 0) i = (i + 1) & x->emask;
  x->etab[i].parent = parent;
  x->etab[i].tok = tok;
  x->etab[i].child = *child;
  x->ecount++;
  return LORE_OK;
}

/* }==================================================================== */

lore_lex *lore_lex_new (unsigned opts) {
  lore_lex *x = (lore_lex *)lore_calloc(1, sizeof(*x));
  if (x == NULL) return NULL;
  x->fold = LORE_FOLD_PUNCT;
  if (opts & LORE_GAZ_CASE) x->fold |= LORE_FOLD_CASE;
  if (opts & LORE_GAZ_ACCENTS) x->fold |= LORE_FOLD_ACCENTS;
  x->node = (uint32_t *)lore_malloc(16 * sizeof(uint32_t));
  if (x->node == NULL) { lore_free(x); return NULL; }
  x->nodecap = 16;
  x->node[0] = NO_ENTRY;                 /* the root */
  x->nnodes = 1;
  lore_buf_init(&x->norm);
  return x;
}

void lore_lex_free (lore_lex *x) {
  if (x == NULL) return;
  lore_free(x->vstr);
  lore_free(x->voff);
  lore_free(x->vhash);
  lore_free(x->vtab);
  lore_free(x->node);
  lore_free(x->etab);
  lore_tokens_free(&x->toks);
  lore_buf_free(&x->norm);
  lore_free(x);
}

int lore_lex_add (lore_lex *x, const char *phrase, size_t len, uint32_t *id,
                  int *is_new) {
  size_t noff[MAX_TOKENS + 1], ntok, i;
  uint32_t node = 0, tokid[MAX_TOKENS], e;
  int rc;
  if (x == NULL || (phrase == NULL && len > 0)) return LORE_EINVAL;
  x->toks.n = 0;
  x->toks.ninvalid = 0;
  if (len > 0 && (rc = lore_tokenize(phrase, len, &x->toks)) != LORE_OK)
    return rc;
  ntok = x->toks.n;
  if (ntok == 0) return LORE_EINVAL;
  if (ntok > MAX_TOKENS) return LORE_ELIMIT;
  lore_buf_reset(&x->norm);
  for (i = 0; i < ntok; i++) {
    const lore_token *t = &x->toks.v[i];
    noff[i] = x->norm.len;
    if (t->kind == LORE_TK_INVALID) {
      rc = lore_buf_addc(&x->norm, (char)0xFF);
      if (rc == LORE_OK)
        rc = lore_buf_add(&x->norm, phrase + t->start, t->end - t->start);
    } else {
      rc = lore_utf8_fold(phrase + t->start, t->end - t->start, x->fold,
                          &x->norm);
    }
    if (rc != LORE_OK) return rc;
  }
  noff[ntok] = x->norm.len;
  for (i = 0; i < ntok; i++) {
    rc = vocab_intern(x, x->norm.data + noff[i], noff[i + 1] - noff[i],
                      &tokid[i]);
    if (rc != LORE_OK) return rc;
  }
  for (i = 0; i < ntok; i++) {
    uint32_t child = edge_find(x, node, tokid[i]);
    if (child == 0 && (rc = node_add(x, node, tokid[i], &child)) != LORE_OK)
      return rc;
    node = child;
  }
  e = x->node[node] & ENTRY_MASK;
  if (e != NO_ENTRY) {
    if (id != NULL) *id = e;
    if (is_new != NULL) *is_new = 0;
    return LORE_OK;
  }
  if (x->nentries >= MAX_ENTRIES - 1) return LORE_ELIMIT;
  e = (uint32_t)x->nentries++;
  x->node[node] = (x->node[node] & HAS_KIDS) | e;
  if (ntok > x->max_tokens) x->max_tokens = ntok;
  if (id != NULL) *id = e;
  if (is_new != NULL) *is_new = 1;
  return LORE_OK;
}

size_t lore_lex_size (const lore_lex *x) {
  return x == NULL ? 0 : x->nentries;
}

size_t lore_lex_memory (const lore_lex *x) {
  if (x == NULL) return 0;
  return sizeof(*x) + x->vcap + x->vhashcap * sizeof(uint64_t)
         + x->voffcap * sizeof(uint32_t)
         + (x->vtab ? (x->vmask + 1) * sizeof(uint32_t) : 0)
         + x->nodecap * sizeof(uint32_t)
         + (x->etab ? (x->emask + 1) * sizeof(edge) : 0);
}

/* {====================================================================
** Scanning
** ===================================================================== */

typedef struct walker {
  const lore_lex *x;
  const unsigned char *text;
  const lore_token *toks;
  size_t next;                  /* first token whose id is not known */
  uint32_t ring[RING];
  lore_buf buf;                 /* folded non-ASCII tokens */
} walker;

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Fold up to 8 ASCII bytes in a word: A-Z -> a-z when up (bit 5 of each
** byte set where the byte is an upper-case letter). */
static inline uint64_t fold_word (uint64_t w, int up) {
  if (up) {
    uint64_t ge_a = w + (0x80 - 'A') * ONES;        /* high bit: byte >= 'A' */
    uint64_t gt_z = w + (0x80 - 'Z' - 1) * ONES;    /* high bit: byte > 'Z' */
    w |= ((ge_a & ~gt_z) & HIGHS) >> 2;
  }
  return w;
}

/* Non-zero if a word holds the byte c (bytes all < 0x80). */
static inline uint64_t has_byte (uint64_t w, unsigned c) {
  uint64_t x = w ^ (c * ONES);
  return (x - ONES) & ~x & HIGHS;
}

/* The vocabulary id of token j (NO_ID if none), computed once. A short
** ASCII token without '`' is folded and hashed a word at a time (the
** folding is the case mapping); any other token goes through
** lore_utf8_fold (composition, ignorables and case folding may change
** every byte). */
static int token_id (walker *w, size_t j, uint32_t *id) {
  const lore_lex *x = w->x;
  const lore_token *t = &w->toks[j];
  uint32_t v = NO_ID;
  if (j < w->next) { *id = w->ring[j & (RING - 1)]; return LORE_OK; }
  if (t->kind != LORE_TK_INVALID) {
    const unsigned char *s = w->text + t->start;
    size_t n = t->end - t->start;
    int up = (x->fold & LORE_FOLD_CASE) != 0, done = 0;
    if (n <= 16) {
      uint64_t w0 = 0, w1 = 0;
      if (n > 8) { memcpy(&w0, s, 8); memcpy(&w1, s + 8, n - 8); }
      else memcpy(&w0, s, n);
      if (((w0 | w1) & HIGHS) == 0 && !has_byte(w0, '`') &&
          !(n > 8 && has_byte(w1, '`'))) {
        done = 1;
        if (n <= x->maxvlen && ((x->lens >> n) & 1)) {
          unsigned char tmp[16];
          w0 = fold_word(w0, up);
          if (x->first[(unsigned char)w0]) {
            memcpy(tmp, &w0, 8);
            if (n > 8) { w1 = fold_word(w1, up); memcpy(tmp + 8, &w1, 8); }
            v = vocab_find(x, tmp, n, hash_bytes(tmp, n));
          }
        }
      }
    }
    if (!done) {
      lore_buf_reset(&w->buf);
      if (lore_utf8_fold((const char *)s, n, x->fold, &w->buf) != LORE_OK)
        return LORE_ENOMEM;
      v = vocab_find(x, (const unsigned char *)w->buf.data, w->buf.len,
                     hash_bytes((const unsigned char *)w->buf.data,
                                w->buf.len));
    }
  }
  w->ring[j & (RING - 1)] = v;
  w->next = j + 1;
  *id = v;
  return LORE_OK;
}

/* Every entry starting at token i, ending at or before `to` and not
** crossing a paragraph end, shortest first, into out[MAX_TOKENS]. Returns
** how many, or LORE_ENOMEM. */
static int walk (walker *w, size_t i, size_t to, lore_gaz_match *out) {
  const lore_lex *x = w->x;
  uint32_t node = 0, info = x->node[0], tok;
  size_t j = i;
  int n = 0, rc;
  while (j < to && (info & HAS_KIDS)) {
    if ((rc = token_id(w, j, &tok)) != LORE_OK) return rc;
    if (tok == NO_ID) break;
    node = edge_find(x, node, tok);
    if (node == 0) break;
    info = x->node[node];
    j++;
    if ((info & ENTRY_MASK) != NO_ENTRY) {
      out[n].tok_start = (uint32_t)i;
      out[n].tok_end = (uint32_t)j;
      out[n].entry = info & ENTRY_MASK;
      n++;
    }
    if (w->toks[j - 1].flags & LORE_TF_PARA_END) break;
  }
  return n;
}

long lore_lex_scan (const lore_lex *x, const lore_doc *d, size_t from,
                    size_t to, int mode,
                    int (*cb)(void *ud, const lore_gaz_match *m), void *ud) {
  lore_gaz_match found[MAX_TOKENS];
  walker w;
  size_t ntok, i, len;
  long count = 0;
  if (x == NULL || d == NULL) return 0;
  w.toks = lore_doc_tokens(d, &ntok);
  if (to > ntok) to = ntok;
  if (x->nentries == 0 || from >= to) return 0;
  w.x = x;
  w.text = (const unsigned char *)lore_doc_text(d, &len);
  w.next = from;
  lore_buf_init(&w.buf);
  for (i = from; i < to; ) {
    int n = walk(&w, i, to, found);
    if (n < 0) { count = n; break; }
    if (n == 0) { i++; continue; }
    if (mode == LORE_GAZ_ALL) {
      int stop = 0;
      while (n-- > 0) {
        count++;
        if (cb != NULL && cb(ud, &found[n])) { stop = 1; break; }
      }
      if (stop) break;
      i++;
    } else {
      count++;
      if (cb != NULL && cb(ud, &found[n - 1])) break;
      i = found[n - 1].tok_end;
    }
  }
  lore_buf_free(&w.buf);
  return count;
}

/* }==================================================================== */
