/*
** lore_gaz.c
** Gazetteers as a trie over token ids.
**
** Layout (all arrays grow by half their size, so lore_gaz_memory stays
** within ~1.5x of what is used):
** - vocabulary: every normalised token seen in an entry gets one record
**   in the `vrec` arena: the trie node reached from the root by that
**   token, its length and its bytes, 4-byte aligned; the token id is the
**   record's offset / 4. Keeping the three together means a hit in the
**   open-addressing table `vslot` (id + 32 hash bits) costs one more
**   memory access, not three.
** - trie: node 0 is the root. `node[n]` packs the entry id node n
**   terminates (NO_ENTRY if none) with a flag telling whether n has
**   children, so a walk stops at a leaf without looking anything up. Edges
**   out of the root live in the vocabulary records; every other edge is
**   one slot (parent, token id, child) of the open-addressing table
**   `tslot`.
** - entries: phrases as first added, NUL-terminated, in the `pstr` arena
**   (`poff[id]` .. `poff[id + 1]`); payloads in the `ystr` arena with one
**   (offset + 1, length) pair per entry, allocated only once a payload is
**   set. Recently stored payloads are remembered in a small direct-mapped
**   cache so repeated labels ("PERSON", "PLACE") are stored once.
**
** A walk from token i looks up each document token's normalised form in
** the vocabulary (a miss ends the walk: most tokens cost one lookup), then
** the edge (node, id). Tokens are folded as the scan reaches them: a
** short ASCII token in place, a word at a time, and rejected at once when
** no vocabulary token has its length or first byte; any other token
** through lore_utf8_fold. (Asking the document for its folded tokens,
** lore_doc_token_norm, folds every token of it once per option set:
** measured slower for the one or two scans a document gets.) Entry tokens that are LORE_TK_INVALID are stored
** with a 0xFF prefix, which no valid UTF-8 normalised form can start with,
** and invalid document tokens are never looked up: such tokens never
** match.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_err.h"
#include "lore_gaz.h"
#include "lore_tok.h"
#include "lore_utf8.h"

#define MAX_TOKENS   64                  /* longest entry, in tokens */
#define NO_ENTRY     0x7FFFFFFFu         /* node terminates no entry */
#define ENTRY_MASK   0x7FFFFFFFu
#define HAS_KIDS     0x80000000u         /* node has at least one child */
#define MAX_ENTRIES  0x7FFFFFFFu         /* ids stay below NO_ENTRY */
#define NO_ID        UINT32_MAX          /* token not in the vocabulary */
#define YCACHE       256                 /* payload cache slots */
#define RING         128                 /* > MAX_TOKENS + 1, power of 2 */

/* A vocabulary record: u32 root child (0 = none), u32 length, bytes. */
#define VREC_HEAD   8
#define VREC_SIZE(len)  ((VREC_HEAD + (len) + 3) & ~(size_t)3)

typedef struct vslot {
  uint32_t id1;      /* token id + 1; 0 = empty slot */
  uint32_t hash;     /* low 32 bits of the string hash */
} vslot;

typedef struct tslot {
  uint32_t parent, tok;
  uint32_t child;    /* 0 = empty slot (the root is never a child) */
} tslot;

typedef struct ypay {
  uint32_t off1;     /* offset in ystr + 1; 0 = no payload */
  uint32_t len;
} ypay;

struct lore_gaz {
  unsigned opts;             /* LORE_GAZ_* as given */
  unsigned fold;             /* LORE_FOLD_* used to normalise tokens */
  size_t max_tokens;
  /* vocabulary */
  char *vrec;                /* records, 4-byte aligned */
  size_t vreclen, vreccap;
  size_t nvocab;
  vslot *vslot;              /* vmask + 1 slots */
  size_t vmask;
  size_t maxvlen;            /* longest vocabulary token, in bytes */
  uint64_t lens;             /* bit n: a vocabulary token of n < 64 bytes */
  unsigned char first[256];  /* first bytes of the vocabulary tokens */
  /* trie */
  uint32_t *node;            /* [nnodes]: entry id | HAS_KIDS */
  size_t nnodes, nodecap;
  tslot *tslot;              /* tmask + 1 slots, tcount used */
  size_t tmask, tcount;
  unsigned tshift;           /* 64 - log2(tmask + 1) */
  /* entries */
  uint32_t *poff;            /* [nentries + 1] offsets into pstr */
  size_t nentries, poffcap;
  char *pstr;
  size_t pstrlen, pstrcap;
  ypay *pay;                 /* [npay] (npay <= nentries) */
  size_t npay, paycap;
  char *ystr;
  size_t ystrlen, ystrcap;
  ypay ycache[YCACHE];
  /* scratch of lore_gaz_add */
  lore_tokens toks;
  lore_buf norm;
};

/* {====================================================================
** Helpers
** ===================================================================== */

/*
** Grow an array of `size`-byte elements to hold at least `need` of them.
** Returns the (possibly moved) array and updates *cap, or NULL when out of
** memory (the old array is then untouched and still owned by the caller).
*/
static void *grow (void *p, size_t *cap, size_t need, size_t size) {
  size_t ncap;
  void *np;
  if (need <= *cap) return p;
  ncap = *cap < 16 ? 16 : *cap + *cap / 2;
  if (ncap < need) ncap = need;
  if (ncap > ((size_t)-1) / size) return NULL;
  np = lore_realloc(p, ncap * size);
  if (np == NULL) return NULL;
  *cap = ncap;
  return np;
}

/* The offset of p in buf[0..len) (which a reallocation may move), or
** SIZE_MAX when p points elsewhere. */
static size_t offset_in (const char *p, const char *buf, size_t len) {
  uintptr_t a = (uintptr_t)p, b = (uintptr_t)buf;
  return buf != NULL && a >= b && a < b + len ? (size_t)(a - b) : SIZE_MAX;
}

static inline uint64_t mix64 (uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 33;
  return x;
}

static inline uint64_t load64 (const char *s) {
  uint64_t w;
  memcpy(&w, s, 8);
  return w;
}

static inline uint32_t load32 (const char *s) {
  uint32_t w;
  memcpy(&w, s, 4);
  return w;
}

/*
** String hash: 8 bytes per multiply. Tokens are short, so the tail is read
** with overlapping fixed-size loads rather than byte by byte; together with
** the length in the seed, the words read still determine the string.
*/
static inline uint64_t hash_bytes (const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xA0761D6478BD642FULL);
  uint64_t w;
  if (n > 8) {
    size_t i;
    for (i = 0; i + 8 < n; i += 8) {
      h = (h ^ load64(s + i)) * 0x9FB21C651E98DF25ULL;
      h ^= h >> 29;
    }
    w = load64(s + n - 8);
  } else if (n >= 4) {
    w = (uint64_t)load32(s) | ((uint64_t)load32(s + n - 4) << 32);
  } else if (n > 0) {
    w = (uint64_t)(unsigned char)s[0]
      | ((uint64_t)(unsigned char)s[n >> 1] << 8)
      | ((uint64_t)(unsigned char)s[n - 1] << 16);
  } else {
    w = 0;
  }
  h = (h ^ w) * 0x9FB21C651E98DF25ULL;
  return mix64(h);
}

/* a[0..n) == b[0..n), inlined for the short strings tokens are. */
static inline int same_bytes (const char *a, const char *b, size_t n) {
  if (n >= 8) {
    size_t i;
    for (i = 0; i + 8 < n; i += 8)
      if (load64(a + i) != load64(b + i)) return 0;
    return load64(a + n - 8) == load64(b + n - 8);
  }
  if (n >= 4)
    return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  if (n == 0) return 1;
  return a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1];
}

static inline size_t edge_slot (const lore_gaz *g, uint32_t parent,
                                uint32_t tok) {
  uint64_t k = ((uint64_t)parent << 32) | tok;
  return (size_t)(mix64(k) >> g->tshift);
}

/* }==================================================================== */

/* {====================================================================
** Vocabulary
** ===================================================================== */

static inline uint32_t vrec_root (const lore_gaz *g, uint32_t id) {
  return load32(g->vrec + ((size_t)id << 2));
}

static inline uint32_t vocab_find (const lore_gaz *g, const char *s,
                                   size_t len, uint64_t h) {
  size_t i;
  uint32_t h32 = (uint32_t)h;
  if (g->vslot == NULL) return NO_ID;
  for (i = (size_t)(h >> 32) & g->vmask; ; i = (i + 1) & g->vmask) {
    const vslot *sl = &g->vslot[i];
    if (sl->id1 == 0) return NO_ID;
    if (sl->hash == h32) {
      const char *r = g->vrec + ((size_t)(sl->id1 - 1) << 2);
      if (load32(r + 4) == len && same_bytes(r + VREC_HEAD, s, len))
        return sl->id1 - 1;
    }
  }
}

static void vslot_put (vslot *tab, size_t mask, uint32_t id1, uint64_t h) {
  size_t i = (size_t)(h >> 32) & mask;
  while (tab[i].id1 != 0) i = (i + 1) & mask;
  tab[i].id1 = id1;
  tab[i].hash = (uint32_t)h;
}

/* Double the vocabulary table (hashes are recomputed from the records). */
static int vocab_rehash (lore_gaz *g) {
  size_t ncap = g->vslot == NULL ? 64 : (g->vmask + 1) * 2, off;
  vslot *tab = (vslot *)lore_calloc(ncap, sizeof(*tab));
  if (tab == NULL) return LORE_ENOMEM;
  for (off = 0; off < g->vreclen; ) {
    size_t len = load32(g->vrec + off + 4);
    vslot_put(tab, ncap - 1, (uint32_t)(off >> 2) + 1,
              hash_bytes(g->vrec + off + VREC_HEAD, len));
    off += VREC_SIZE(len);
  }
  lore_free(g->vslot);
  g->vslot = tab;
  g->vmask = ncap - 1;
  return LORE_OK;
}

/* The id of token s[0..len), added when new. LORE_OK, ENOMEM, ELIMIT. */
static int vocab_intern (lore_gaz *g, const char *s, size_t len,
                         uint32_t *id) {
  uint64_t h = hash_bytes(s, len);
  uint32_t found = vocab_find(g, s, len, h), zero = 0, len32;
  size_t need;
  char *r;
  void *p;
  if (found != NO_ID) { *id = found; return LORE_OK; }
  /* ids (offset / 4) + 1 must stay below NO_ID */
  if (len > UINT32_MAX - 16 ||
      (g->vreclen + VREC_SIZE(len)) / 4 >= (size_t)UINT32_MAX - 1)
    return LORE_ELIMIT;
  if (g->vslot == NULL || (g->nvocab + 1) * 4 > (g->vmask + 1) * 3) {
    int rc = vocab_rehash(g);
    if (rc != LORE_OK) return rc;
  }
  need = g->vreclen + VREC_SIZE(len);
  if ((p = grow(g->vrec, &g->vreccap, need, 1)) == NULL)
    return LORE_ENOMEM;
  g->vrec = (char *)p;
  r = g->vrec + g->vreclen;
  len32 = (uint32_t)len;
  memcpy(r, &zero, 4);
  memcpy(r + 4, &len32, 4);
  if (len > 0) memcpy(r + VREC_HEAD, s, len);
  memset(r + VREC_HEAD + len, 0, need - g->vreclen - VREC_HEAD - len);
  *id = (uint32_t)(g->vreclen >> 2);
  g->vreclen = need;
  g->nvocab++;
  vslot_put(g->vslot, g->vmask, *id + 1, h);
  if (len > g->maxvlen) g->maxvlen = len;
  if (len < 64) g->lens |= (uint64_t)1 << len;
  if (len > 0) g->first[(unsigned char)s[0]] = 1;
  return LORE_OK;
}

/* }==================================================================== */

/* {====================================================================
** Trie
** ===================================================================== */

static inline uint32_t edge_find (const lore_gaz *g, uint32_t parent,
                                  uint32_t tok) {
  size_t i;
  if (parent == 0) return vrec_root(g, tok);
  if (g->tslot == NULL) return 0;
  for (i = edge_slot(g, parent, tok); ; i = (i + 1) & g->tmask) {
    const tslot *sl = &g->tslot[i];
    if (sl->child == 0) return 0;
    if (sl->parent == parent && sl->tok == tok) return sl->child;
  }
}

static int edge_rehash (lore_gaz *g) {
  size_t ncap = g->tslot == NULL ? 256 : (g->tmask + 1) * 2, i, j;
  unsigned bits = 0;
  tslot *tab = (tslot *)lore_calloc(ncap, sizeof(*tab));
  tslot *old = g->tslot;
  size_t oldcap = old == NULL ? 0 : g->tmask + 1;
  if (tab == NULL) return LORE_ENOMEM;
  while (((size_t)1 << bits) < ncap) bits++;
  g->tslot = tab;
  g->tmask = ncap - 1;
  g->tshift = 64 - bits;
  for (i = 0; i < oldcap; i++) {
    if (old[i].child == 0) continue;
    j = edge_slot(g, old[i].parent, old[i].tok);
    while (tab[j].child != 0) j = (j + 1) & g->tmask;
    tab[j] = old[i];
  }
  lore_free(old);
  return LORE_OK;
}

/* A new child of parent by token tok; its id in *child. */
static int node_add (lore_gaz *g, uint32_t parent, uint32_t tok,
                     uint32_t *child) {
  void *p;
  uint32_t c;
  if (g->nnodes >= UINT32_MAX - 1) return LORE_ELIMIT;
  if ((p = grow(g->node, &g->nodecap, g->nnodes + 1, sizeof(uint32_t)))
      == NULL)
    return LORE_ENOMEM;
  g->node = (uint32_t *)p;
  c = (uint32_t)g->nnodes;
  if (parent == 0) {
    memcpy(g->vrec + ((size_t)tok << 2), &c, 4);
  } else {
    size_t i;
    if (g->tslot == NULL || (g->tcount + 1) * 4 > (g->tmask + 1) * 3) {
      int rc = edge_rehash(g);
      if (rc != LORE_OK) return rc;
    }
    i = edge_slot(g, parent, tok);
    while (g->tslot[i].child != 0) i = (i + 1) & g->tmask;
    g->tslot[i].parent = parent;
    g->tslot[i].tok = tok;
    g->tslot[i].child = c;
    g->tcount++;
  }
  g->node[c] = NO_ENTRY;
  g->node[parent] |= HAS_KIDS;
  g->nnodes++;
  *child = c;
  return LORE_OK;
}

/* }==================================================================== */

/* {====================================================================
** Construction
** ===================================================================== */

lore_gaz *lore_gaz_new (unsigned opts) {
  lore_gaz *g = (lore_gaz *)lore_calloc(1, sizeof(*g));
  if (g == NULL) return NULL;
  g->opts = opts & (LORE_GAZ_CASE | LORE_GAZ_ACCENTS);
  g->fold = LORE_FOLD_PUNCT;
  if (opts & LORE_GAZ_CASE) g->fold |= LORE_FOLD_CASE;
  if (opts & LORE_GAZ_ACCENTS) g->fold |= LORE_FOLD_ACCENTS;
  g->node = (uint32_t *)lore_malloc(16 * sizeof(uint32_t));
  g->poff = (uint32_t *)lore_malloc(16 * sizeof(uint32_t));
  if (g->node == NULL || g->poff == NULL) {
    lore_gaz_free(g);
    return NULL;
  }
  g->nodecap = g->poffcap = 16;
  g->node[0] = NO_ENTRY;                 /* the root */
  g->nnodes = 1;
  g->poff[0] = 0;
  lore_buf_init(&g->norm);
  return g;
}

void lore_gaz_free (lore_gaz *g) {
  if (g == NULL) return;
  lore_free(g->vrec);
  lore_free(g->vslot);
  lore_free(g->node);
  lore_free(g->tslot);
  lore_free(g->poff);
  lore_free(g->pstr);
  lore_free(g->pay);
  lore_free(g->ystr);
  lore_tokens_free(&g->toks);
  lore_buf_free(&g->norm);
  lore_free(g);
}

unsigned lore_gaz_opts (const lore_gaz *g) {
  return g == NULL ? 0 : g->opts;
}

int lore_gaz_add (lore_gaz *g, const char *phrase, size_t len,
                  uint32_t *id, int *is_new) {
  size_t noff[MAX_TOKENS + 1], ntok, i, at;
  uint32_t node = 0, tokid[MAX_TOKENS], e;
  void *p;
  int rc;
  if (g == NULL || (phrase == NULL && len > 0)) return LORE_EINVAL;
  g->toks.n = 0;
  g->toks.ninvalid = 0;
  if (len > 0 && (rc = lore_tokenize(phrase, len, &g->toks)) != LORE_OK)
    return rc;
  ntok = g->toks.n;
  if (ntok == 0) return LORE_EINVAL;
  if (ntok > MAX_TOKENS) return LORE_ELIMIT;
  /* Normalise every token into one buffer, then intern the pieces (the
  ** buffer may move while it grows, so offsets are kept, not pointers). */
  lore_buf_reset(&g->norm);
  for (i = 0; i < ntok; i++) {
    const lore_token *t = &g->toks.v[i];
    noff[i] = g->norm.len;
    if (t->kind == LORE_TK_INVALID) {
      rc = lore_buf_addc(&g->norm, (char)0xFF);
      if (rc == LORE_OK)
        rc = lore_buf_add(&g->norm, phrase + t->start, t->end - t->start);
    } else {
      rc = lore_utf8_fold(phrase + t->start, t->end - t->start, g->fold,
                          &g->norm);
    }
    if (rc != LORE_OK) { lore_buf_free(&g->norm); return rc; }
  }
  noff[ntok] = g->norm.len;
  for (i = 0; i < ntok; i++) {
    rc = vocab_intern(g, g->norm.data + noff[i], noff[i + 1] - noff[i],
                      &tokid[i]);
    if (rc != LORE_OK) return rc;
  }
  /* Walk, creating the missing nodes. A failure leaves a dangling path that
  ** terminates no entry: harmless, and reused by a later add. */
  for (i = 0; i < ntok; i++) {
    uint32_t child = edge_find(g, node, tokid[i]);
    if (child == 0 && (rc = node_add(g, node, tokid[i], &child)) != LORE_OK)
      return rc;
    node = child;
  }
  e = g->node[node] & ENTRY_MASK;
  if (e != NO_ENTRY) {
    if (id != NULL) *id = e;
    if (is_new != NULL) *is_new = 0;
    return LORE_OK;
  }
  if (g->nentries >= MAX_ENTRIES - 1 || len >= UINT32_MAX - g->pstrlen)
    return LORE_ELIMIT;
  if ((p = grow(g->poff, &g->poffcap, g->nentries + 2, sizeof(uint32_t)))
      == NULL)
    return LORE_ENOMEM;
  g->poff = (uint32_t *)p;
  /* The phrase may be one of ours (re-added): it moves with the arena. */
  at = offset_in(phrase, g->pstr, len > 0 ? g->pstrlen : 0);
  if ((p = grow(g->pstr, &g->pstrcap, g->pstrlen + len + 1, 1)) == NULL)
    return LORE_ENOMEM;
  g->pstr = (char *)p;
  if (at != SIZE_MAX) phrase = g->pstr + at;
  if (len > 0) memcpy(g->pstr + g->pstrlen, phrase, len);
  g->pstr[g->pstrlen + len] = '\0';
  g->pstrlen += len + 1;
  e = (uint32_t)g->nentries++;
  g->poff[e + 1] = (uint32_t)g->pstrlen;
  g->node[node] = (g->node[node] & HAS_KIDS) | e;
  if (ntok > g->max_tokens) g->max_tokens = ntok;
  if (id != NULL) *id = e;
  if (is_new != NULL) *is_new = 1;
  return LORE_OK;
}

int lore_gaz_set_payload (lore_gaz *g, uint32_t id, const char *s,
                          size_t len) {
  ypay *c;
  void *p;
  size_t slot, at;
  if (g == NULL || id >= g->nentries) return LORE_ERANGE;
  if (s == NULL && len > 0) return LORE_EINVAL;
  if (id >= g->npay) {
    if ((p = grow(g->pay, &g->paycap, g->nentries, sizeof(ypay))) == NULL)
      return LORE_ENOMEM;
    g->pay = (ypay *)p;
    memset(g->pay + g->npay, 0, (g->nentries - g->npay) * sizeof(ypay));
    g->npay = g->nentries;
  }
  slot = (size_t)hash_bytes(s == NULL ? "" : s, len) & (YCACHE - 1);
  c = &g->ycache[slot];
  if (c->off1 != 0 && c->len == len &&
      (len == 0 || memcmp(g->ystr + c->off1 - 1, s, len) == 0)) {
    g->pay[id] = *c;                     /* same bytes already stored */
    return LORE_OK;
  }
  if (len >= UINT32_MAX - 1 - g->ystrlen) return LORE_ENOMEM;
  /* The payload may be another entry's: it moves with the arena. */
  at = offset_in(s, g->ystr, len > 0 ? g->ystrlen : 0);
  if ((p = grow(g->ystr, &g->ystrcap, g->ystrlen + len + 1, 1)) == NULL)
    return LORE_ENOMEM;
  g->ystr = (char *)p;
  if (at != SIZE_MAX) s = g->ystr + at;
  if (len > 0) memcpy(g->ystr + g->ystrlen, s, len);
  g->ystr[g->ystrlen + len] = '\0';
  c->off1 = (uint32_t)g->ystrlen + 1;
  c->len = (uint32_t)len;
  g->ystrlen += len + 1;
  g->pay[id] = *c;
  return LORE_OK;
}

const char *lore_gaz_payload (const lore_gaz *g, uint32_t id, size_t *len) {
  if (g == NULL || id >= g->npay || g->pay[id].off1 == 0) {
    if (len != NULL) *len = 0;
    return NULL;
  }
  if (len != NULL) *len = g->pay[id].len;
  return g->ystr + g->pay[id].off1 - 1;
}

const char *lore_gaz_phrase (const lore_gaz *g, uint32_t id, size_t *len) {
  if (g == NULL || id >= g->nentries) {
    if (len != NULL) *len = 0;
    return NULL;
  }
  if (len != NULL) *len = g->poff[id + 1] - g->poff[id] - 1;
  return g->pstr + g->poff[id];
}

size_t lore_gaz_size (const lore_gaz *g) {
  return g == NULL ? 0 : g->nentries;
}

size_t lore_gaz_memory (const lore_gaz *g) {
  if (g == NULL) return 0;
  return sizeof(*g)
       + g->vreccap
       + (g->vslot == NULL ? 0 : (g->vmask + 1) * sizeof(vslot))
       + g->nodecap * sizeof(uint32_t)
       + (g->tslot == NULL ? 0 : (g->tmask + 1) * sizeof(tslot))
       + g->poffcap * sizeof(uint32_t) + g->pstrcap
       + g->paycap * sizeof(ypay) + g->ystrcap
       + g->toks.cap * sizeof(lore_token) + g->norm.cap;
}

size_t lore_gaz_max_tokens (const lore_gaz *g) {
  return g == NULL ? 0 : g->max_tokens;
}

/* }==================================================================== */

/* {====================================================================
** Loading
** ===================================================================== */

typedef struct loader {
  lore_gaz *g;
  lore_error *err;
  long line;
  size_t off;                 /* file offset of the current line */
} loader;

static int load_fail (loader *ld, int code, size_t off, const char *what) {
  lore_error_set(ld->err, code, off, "line %ld: %s", ld->line, what);
  if (ld->err != NULL) { ld->err->line = ld->line; ld->err->sys = 0; }
  return code;
}

static int is_blank (const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\v' && s[i] != '\f')
      return 0;
  return 1;
}

static int load_line (loader *ld, const char *s, size_t n) {
  const char *tab, *pay = NULL;
  size_t plen = 0, i;
  uint32_t id;
  int rc;
  if (n > 0 && s[n - 1] == '\r') n--;
  if (n == 0 || s[0] == '#' || is_blank(s, n)) return LORE_OK;
  /* Reject invalid UTF-8 and NUL (a binary file) with the exact offset. */
  for (i = 0; i < n; ) {
    int32_t cp;
    size_t l;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x01 && c < 0x80) { i++; continue; }
    l = lore_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp == LORE_UTF8_INVALID || cp == 0)
      return load_fail(ld, LORE_EFORMAT, ld->off + i,
                       cp == 0 ? "NUL byte" : "invalid UTF-8");
    i += l;
  }
  tab = (const char *)memchr(s, '\t', n);
  if (tab != NULL) {
    pay = tab + 1;
    plen = (size_t)(s + n - pay);
    n = (size_t)(tab - s);
  }
  while (n > 0 && s[0] == ' ') { s++; n--; }
  while (n > 0 && s[n - 1] == ' ') n--;
  if (n == 0) return load_fail(ld, LORE_EFORMAT, ld->off, "empty phrase");
  rc = lore_gaz_add(ld->g, s, n, &id, NULL);
  if (rc == LORE_EINVAL)
    return load_fail(ld, LORE_EFORMAT, ld->off, "phrase has no tokens");
  if (rc == LORE_ELIMIT)
    return load_fail(ld, rc, ld->off, "phrase too long or too many entries");
  if (rc != LORE_OK) return load_fail(ld, rc, ld->off, lore_strerror(rc));
  if (plen > 0 && (rc = lore_gaz_set_payload(ld->g, id, pay, plen))
      != LORE_OK)
    return load_fail(ld, rc, ld->off, lore_strerror(rc));
  return LORE_OK;
}

int lore_gaz_load (lore_gaz *g, const char *path, lore_error *err) {
  enum { BLOCK = 1 << 16 };
  loader ld;
  lore_buf carry;
  char *blk;
  FILE *f;
  size_t pos = 0;                  /* file offset of blk[0] */
  int rc = LORE_OK, first = 1;
  if (g == NULL || path == NULL)
    return lore_error_set(err, LORE_EINVAL, 0, "no gazetteer or path");
  f = fopen(path, "rb");
  if (f == NULL) {
    int e = errno;
    lore_error_set(err, LORE_EIO, 0, "cannot open %s: %s", path, strerror(e));
    if (err != NULL) { err->line = 0; err->sys = e; }
    return LORE_EIO;
  }
  blk = (char *)lore_malloc(BLOCK);
  if (blk == NULL) {
    fclose(f);
    return lore_error_set(err, LORE_ENOMEM, 0, "out of memory");
  }
  lore_buf_init(&carry);
  ld.g = g;
  ld.err = err;
  ld.line = 0;
  ld.off = 0;
  for (;;) {
    size_t n = fread(blk, 1, BLOCK, f), skip = 0;
    const char *p, *end, *nl;
    if (n == 0) break;
    if (first) {                   /* a UTF-8 BOM before the first line */
      first = 0;
      if (n >= 3 && memcmp(blk, "\xEF\xBB\xBF", 3) == 0) skip = 3;
      ld.off = skip;
    }
    p = blk + skip;
    end = blk + n;
    while ((nl = (const char *)memchr(p, '\n', (size_t)(end - p))) != NULL) {
      ld.line++;
      if (carry.len > 0) {
        if (lore_buf_add(&carry, p, (size_t)(nl - p)) != LORE_OK)
          rc = load_fail(&ld, LORE_ENOMEM, ld.off, "out of memory");
        else
          rc = load_line(&ld, carry.data, carry.len);
        lore_buf_reset(&carry);
      } else {
        rc = load_line(&ld, p, (size_t)(nl - p));
      }
      if (rc != LORE_OK) goto done;
      p = nl + 1;
      ld.off = pos + (size_t)(p - blk);
    }
    if (p < end && lore_buf_add(&carry, p, (size_t)(end - p)) != LORE_OK) {
      ld.line++;
      rc = load_fail(&ld, LORE_ENOMEM, ld.off, "out of memory");
      goto done;
    }
    pos += n;
  }
  if (ferror(f)) {
    int e = errno;
    rc = lore_error_set(err, LORE_EIO, pos, "cannot read %s: %s", path,
                        strerror(e));
    if (err != NULL) { err->line = ld.line + 1; err->sys = e; }
    goto done;
  }
  if (carry.len > 0) {             /* last line without a newline */
    ld.line++;
    rc = load_line(&ld, carry.data, carry.len);
  }
done:
  lore_buf_free(&carry);
  lore_free(blk);
  fclose(f);
  return rc;
}

/* }==================================================================== */

/* {====================================================================
** Matching
** ===================================================================== */

/*
** Token ids of the document, each computed once per scan: a walk from
** token i reads tokens i .. i + MAX_TOKENS at most, and starts only move
** forward, so a ring of RING > MAX_TOKENS + 1 ids covers every re-read.
** (Computing ids in batches with prefetching was measured: slower.)
*/
typedef struct walker {
  const lore_gaz *g;
  const char *text;
  const lore_token *toks;
  size_t next;                  /* first token whose id is not known */
  uint32_t ring[RING];
  lore_buf buf;                 /* folded non-ASCII tokens */
} walker;

static void walker_init (walker *w, const lore_gaz *g, const lore_doc *d,
                         size_t from) {
  size_t len;
  w->g = g;
  w->text = lore_doc_text(d, &len);
  w->next = from;
  lore_buf_init(&w->buf);
}

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Fold up to 8 ASCII bytes in a word: A-Z -> a-z when up (bit 5 set in
** each byte that is an upper-case letter). */
static inline uint64_t fold_word (uint64_t x, int up) {
  if (up) {
    uint64_t ge_a = x + (0x80 - 'A') * ONES;        /* high bit: byte >= 'A' */
    uint64_t gt_z = x + (0x80 - 'Z' - 1) * ONES;    /* high bit: byte > 'Z' */
    x |= ((ge_a & ~gt_z) & HIGHS) >> 2;
  }
  return x;
}

/* Non-zero if a word holds the byte c (bytes all < 0x80). */
static inline uint64_t has_byte (uint64_t x, unsigned c) {
  uint64_t y = x ^ (c * ONES);
  return (y - ONES) & ~y & HIGHS;
}

/*
** The vocabulary id of an ASCII token s[0..n) of at most 16 bytes
** without '`' (which LORE_FOLD_PUNCT maps), folded and hashed in place:
** for these the folding is the case mapping alone. Tokens whose length or
** first byte no vocabulary token has are rejected without a lookup.
** Returns 0 when the token is not such a token.
*/
static inline int short_ascii_id (const lore_gaz *g, const char *s, size_t n,
                                  uint32_t *id) {
  uint64_t w0 = 0, w1 = 0;
  char tmp[16];
  if (n > 16) return 0;
  if (n > 8) { memcpy(&w0, s, 8); memcpy(&w1, s + 8, n - 8); }
  else memcpy(&w0, s, n);
  if (((w0 | w1) & HIGHS) != 0 || has_byte(w0, '`') ||
      (n > 8 && has_byte(w1, '`')))
    return 0;
  *id = NO_ID;
  if (n > g->maxvlen || !((g->lens >> n) & 1)) return 1;
  w0 = fold_word(w0, (g->fold & LORE_FOLD_CASE) != 0);
  memcpy(tmp, &w0, 8);
  if (!g->first[(unsigned char)tmp[0]]) return 1;
  if (n > 8) {
    w1 = fold_word(w1, (g->fold & LORE_FOLD_CASE) != 0);
    memcpy(tmp + 8, &w1, 8);
  }
  *id = vocab_find(g, tmp, n, hash_bytes(tmp, n));
  return 1;
}

/* The vocabulary id of token j (NO_ID if none), computed once per scan:
** short ASCII tokens in place, others through lore_utf8_fold
** (composition, ignorables and case folding may change every byte). */
static inline int token_id (walker *w, size_t j, uint32_t *id) {
  const lore_token *t = &w->toks[j];
  uint32_t v = NO_ID;
  if (j < w->next) { *id = w->ring[j & (RING - 1)]; return LORE_OK; }
  if (t->kind != LORE_TK_INVALID) {
    const char *s = w->text + t->start;
    size_t n = t->end - t->start;
    if (!short_ascii_id(w->g, s, n, &v)) {
      lore_buf_reset(&w->buf);
      if (lore_utf8_fold(s, n, w->g->fold, &w->buf) != LORE_OK)
        return LORE_ENOMEM;
      v = vocab_find(w->g, w->buf.data, w->buf.len,
                     hash_bytes(w->buf.data, w->buf.len));
    }
  }
  w->ring[j & (RING - 1)] = v;
  w->next = j + 1;
  *id = v;
  return LORE_OK;
}

/*
** Every entry starting at token i, ending at or before `to` and not
** crossing a paragraph end, shortest first, into out[MAX_TOKENS]. Returns
** how many, or LORE_ENOMEM.
*/
static int walk (walker *w, size_t i, size_t to, lore_gaz_match *out) {
  const lore_gaz *g = w->g;
  uint32_t node = 0, info = g->node[0], tok;
  size_t j = i;
  int n = 0, rc;
  while (j < to && (info & HAS_KIDS)) {
    if ((rc = token_id(w, j, &tok)) != LORE_OK) return rc;
    if (tok == NO_ID) break;
    node = edge_find(g, node, tok);
    if (node == 0) break;
    info = g->node[node];
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

long lore_gaz_scan (const lore_gaz *g, const lore_doc *d, size_t from,
                    size_t to, int mode,
                    int (*cb)(void *ud, const lore_gaz_match *m), void *ud) {
  lore_gaz_match found[MAX_TOKENS];
  walker w;
  size_t ntok, i;
  long count = 0;
  if (g == NULL || d == NULL) return 0;
  w.toks = lore_doc_tokens(d, &ntok);
  if (to > ntok) to = ntok;
  if (g->nentries == 0 || from >= to) return 0;
  walker_init(&w, g, d, from);
  for (i = from; i < to; ) {
    int n = walk(&w, i, to, found);
    if (n < 0) { count = n; break; }
    if (n == 0) { i++; continue; }
    if (mode == LORE_GAZ_ALL) {
      int stop = 0;
      while (n-- > 0 && !stop) {
        count++;
        stop = cb != NULL && cb(ud, &found[n]);
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

long lore_gaz_match_at (const lore_gaz *g, const lore_doc *d, size_t i,
                        size_t limit, lore_gaz_match *out, size_t max) {
  lore_gaz_match found[MAX_TOKENS];
  walker w;
  size_t ntok, k;
  int n;
  if (g == NULL || d == NULL) return 0;
  w.toks = lore_doc_tokens(d, &ntok);
  if (limit > ntok) limit = ntok;
  if (g->nentries == 0 || i >= limit) return 0;
  walker_init(&w, g, d, i);
  n = walk(&w, i, limit, found);
  lore_buf_free(&w.buf);
  if (n < 0) return n;
  for (k = 0; k < (size_t)n && k < max; k++) out[k] = found[n - 1 - k];
  return n;
}

/* }==================================================================== */
