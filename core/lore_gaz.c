/*
** lore_gaz.c
** Gazetteers as a trie over token ids.
**
** Memory is the constraint that shapes the layout: a million multi-word
** names must fit in 100 bytes each, their text included.
**
** - vocabulary: every normalised token seen in an entry gets one record
**   in the `vrec` arena, 4-byte aligned: the info word of the root's child
**   by that token (below), the length in one byte (255: a u32 length
**   follows) and the bytes; the token id is the record's offset / 4.
**   Keeping them together means a hit in the open-addressing table
**   `vslot` (id + 32 hash bits) costs one more memory access, not three.
** - trie: a node is named by a u32 `ref`: ROOT, ROOTBIT | token id for a
**   child of the root (its info word lives in the token's record), or
**   s + 1 for the node stored in slot s of the open-addressing table
**   `eslot`, keyed by (parent ref, token id). A node is its slot, so there
**   is no separate node array and no child field; the price is that
**   growing the table renumbers the nodes (edge_grow).
** - tails: below the point where an entry's path leaves every other one,
**   the rest of it is a chain of one-child nodes. Such a chain is not
**   stored as nodes but as a tail, the run of its token ids in the `tail`
**   array ended by END | entry id, which the node above it points to. A
**   "The Xyz Company of Abc" then costs one slot and 4 words instead of
**   four slots. An entry added later that shares a prefix of a tail turns
**   that prefix back into nodes (insert); the rest of the old tail stays
**   where it is.
** - info word of a node: KIDS if it has children in `eslot`; TAIL with the
**   tail's offset in the low bits; else the low bits are the entry id the
**   node terminates or NO_ENTRY. NONE (a record whose token starts no
**   entry) is NO_ENTRY without KIDS, which no node of the trie has once an
**   add has returned: a node with no children ends an entry.
** - entries: phrases as first added, NUL-terminated, in the `pstr` arena
**   (`poff[id]` .. `poff[id + 1]`); payloads in the `ystr` arena with one
**   (offset + 1, length) pair per entry, allocated only once a payload is
**   set. Recently stored payloads are remembered in a small direct-mapped
**   cache so repeated labels ("PERSON", "PLACE") are stored once.
**
** An add finds where its path leaves the trie, makes room for everything
** it will write, then writes: it either succeeds or changes nothing. Arrays
** grow by an eighth (realloc moves large blocks by remapping pages) and
** the edge table by half, staying 8/15 to 4/5 full, so lore_gaz_memory,
** which counts what is allocated, stays close to what is used. The
** vocabulary table doubles and stays at most 3/4 full (vocab_grow).
**
** A walk from token i looks up each document token's normalised form in
** the vocabulary (a miss ends the walk: most tokens cost one lookup), then
** the edge (node, id), or compares the id with the next word of a tail.
** Tokens are folded as the scan reaches them: a short ASCII token in
** place, a word at a time, and rejected at once when no vocabulary token
** has its length or first byte; any other token through lore_utf8_fold.
** (Asking the document for its folded tokens, lore_doc_token_norm, folds
** every token of it once per option set: measured slower for the one or
** two scans a document gets.) Entry tokens that are LORE_TK_INVALID are
** stored with a 0xFF prefix, which no valid UTF-8 normalised form can
** start with, and invalid document tokens are never looked up: such tokens
** never match.
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
#define YCACHE       256                 /* payload cache slots */
#define RING         128                 /* > MAX_TOKENS + 1, power of 2 */

/*
** Info words. Entry ids fit in 30 bits: the phrases of distinct entries
** are distinct byte strings and together stay under 4 GiB, which holds
** fewer than 2^30 of them (at most 16.9M of 3 bytes or less, then 5 bytes
** each with the NUL), so MAX_ENTRIES is never what stops an add.
*/
#define KIDS         0x80000000u         /* node has children in eslot */
#define TAIL         0x40000000u         /* node goes on as a tail */
#define LOW          0x3FFFFFFFu         /* entry id or tail offset */
#define NO_ENTRY     LOW                 /* node terminates no entry */
#define NONE         NO_ENTRY            /* no such node (see above) */
#define MAX_ENTRIES  NO_ENTRY            /* ids stay below NO_ENTRY */
#define END          0x80000000u         /* tail word: END | entry id */

/* Node refs; token ids stay below ROOTBIT, slots below ROOTBIT - 1. */
#define ROOT         0u
#define ROOTBIT      0x80000000u
#define NO_ID        UINT32_MAX          /* token not in the vocabulary */
#define MAX_SLOTS    ((size_t)ROOTBIT - 2)

/* The edge table is at most 4/5 full, then grows by half. */
#define EDGE_LOAD_NUM  4
#define EDGE_LOAD_DEN  5

typedef struct vslot {
  uint32_t id1;      /* token id + 1; 0 = empty slot */
  uint32_t hash;     /* low 32 bits of the string hash */
} vslot;

typedef struct eslot {
  uint32_t parent;   /* parent ref; 0 (ROOT, never a key) = empty slot */
  uint32_t tok;
  uint32_t info;     /* of the node this slot is */
} eslot;

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
  vslot *vslot;              /* vmask + 1 slots, nvocab used */
  size_t vmask;
  size_t maxvlen;            /* longest vocabulary token, in bytes */
  uint64_t lens;             /* bit n: a vocabulary token of n < 64 bytes */
  unsigned char first[256];  /* first bytes of the vocabulary tokens */
  /* trie below the root's children */
  eslot *eslot;              /* ecap slots, ecount used */
  size_t ecap, ecount;
  uint32_t *tail;            /* tails, one after the other */
  size_t tlen, tcap;
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
** Grow an array of `size`-byte elements to hold at least `need` of them,
** by an eighth: the slack is what lore_gaz_memory counts beyond use.
** Returns the (possibly moved) array and updates *cap, or NULL when out of
** memory (the old array is then untouched and still owned by the caller).
*/
static void *grow (void *p, size_t *cap, size_t need, size_t size) {
  size_t ncap;
  void *np;
  if (need <= *cap) return p;
  ncap = *cap + *cap / 8 + 16;
  if (ncap < need) ncap = need;
  if (ncap > ((size_t)-1) / size) return NULL;
  np = lore_realloc(p, ncap * size);
  if (np == NULL) return NULL;
  *cap = ncap;
  return np;
}

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

/* }==================================================================== */

/* {====================================================================
** Vocabulary
** ===================================================================== */

/* Bytes of a record for a token of len bytes. */
static inline size_t vrec_size (size_t len) {
  return (4 + 1 + (len >= 255 ? 4 : 0) + len + 3) & ~(size_t)3;
}

static inline const char *vrec_at (const lore_gaz *g, uint32_t id) {
  return g->vrec + ((size_t)id << 2);
}

/* The bytes of record r, their length in *len. */
static inline const char *vrec_bytes (const char *r, size_t *len) {
  if ((unsigned char)r[4] < 255) {
    *len = (unsigned char)r[4];
    return r + 5;
  }
  *len = load32(r + 5);
  return r + 9;
}

static inline int vrec_equal (const char *r, const char *s, size_t len) {
  if (len < 255)
    return (unsigned char)r[4] == len && same_bytes(r + 5, s, len);
  return (unsigned char)r[4] == 255 && load32(r + 5) == len &&
         same_bytes(r + 9, s, len);
}

static inline uint32_t vocab_find (const lore_gaz *g, const char *s,
                                   size_t len, uint64_t h) {
  size_t i;
  uint32_t h32 = (uint32_t)h;
  if (g->vslot == NULL) return NO_ID;
  for (i = (size_t)(h >> 32) & g->vmask; ; i = (i + 1) & g->vmask) {
    const vslot *sl = &g->vslot[i];
    if (sl->id1 == 0) return NO_ID;
    if (sl->hash == h32 && vrec_equal(vrec_at(g, sl->id1 - 1), s, len))
      return sl->id1 - 1;
  }
}

static void vslot_put (vslot *tab, size_t mask, uint32_t id1, uint64_t h) {
  size_t i = (size_t)(h >> 32) & mask;
  while (tab[i].id1 != 0) i = (i + 1) & mask;
  tab[i].id1 = id1;
  tab[i].hash = (uint32_t)h;
}

/*
** Double the vocabulary table (hashes are recomputed from the records).
** Unlike the edge table it stays a power of two at most 3/4 full: most
** document tokens miss it, and a miss probes until an empty slot, so its
** load costs matching time; it holds far fewer slots than the edge table.
*/
static int vocab_grow (lore_gaz *g) {
  size_t ncap = g->vslot == NULL ? 64 : (g->vmask + 1) * 2, i, len;
  vslot *tab = (vslot *)lore_calloc(ncap, sizeof(*tab));
  if (tab == NULL) return LORE_ENOMEM;
  for (i = 0; g->vslot != NULL && i <= g->vmask; i++) {
    uint32_t id1 = g->vslot[i].id1;
    const char *s;
    if (id1 == 0) continue;
    s = vrec_bytes(vrec_at(g, id1 - 1), &len);
    vslot_put(tab, ncap - 1, id1, hash_bytes(s, len));
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
  uint32_t found = vocab_find(g, s, len, h), none = NONE, len32;
  size_t need, size = vrec_size(len);
  char *r;
  void *p;
  if (found != NO_ID) { *id = found; return LORE_OK; }
  if (len > UINT32_MAX - 16 || g->vreclen / 4 >= ROOTBIT - 1)
    return LORE_ELIMIT;
  if (g->vslot == NULL || (g->nvocab + 1) * 4 > (g->vmask + 1) * 3) {
    int rc = vocab_grow(g);
    if (rc != LORE_OK) return rc;
  }
  need = g->vreclen + size;
  if ((p = grow(g->vrec, &g->vreccap, need, 1)) == NULL)
    return LORE_ENOMEM;
  g->vrec = (char *)p;
  r = g->vrec + g->vreclen;
  memset(r, 0, size);
  memcpy(r, &none, 4);
  len32 = (uint32_t)len;
  if (len < 255) {
    r[4] = (char)len32;
    if (len > 0) memcpy(r + 5, s, len);
  } else {
    r[4] = (char)255;
    memcpy(r + 5, &len32, 4);
    memcpy(r + 9, s, len);
  }
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

/* Slot where a hash starts probing in an edge table of cap slots: its high
** 32 bits mapped onto [0, cap) by a multiply, so that cap need not be a
** power of two. */
static inline size_t home (uint64_t h, size_t cap) {
  return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

/* The capacity an edge table of cap slots grows to so that it holds need
** slots. */
static size_t table_cap (size_t cap, size_t need) {
  size_t ncap = cap < 64 ? 64 : cap + cap / 2;
  while (need > ncap / EDGE_LOAD_DEN * EDGE_LOAD_NUM) ncap += ncap / 2;
  return ncap;
}

static inline int table_fits (size_t cap, size_t need) {
  return need <= cap / EDGE_LOAD_DEN * EDGE_LOAD_NUM;
}

static inline uint64_t edge_hash (uint32_t parent, uint32_t tok) {
  return mix64(((uint64_t)parent << 32) | tok);
}

/* The child of node `ref` (not ROOT) by token tok: its ref, 0 if none. */
static inline uint32_t edge_find (const lore_gaz *g, uint32_t ref,
                                  uint32_t tok) {
  size_t i;
  if (g->eslot == NULL) return 0;
  for (i = home(edge_hash(ref, tok), g->ecap); ; ) {
    const eslot *sl = &g->eslot[i];
    if (sl->parent == 0) return 0;
    if (sl->parent == ref && sl->tok == tok) return (uint32_t)i + 1;
    if (++i == g->ecap) i = 0;
  }
}

/* The child of node ref by token tok, its info in *info; 0 if none. */
static inline uint32_t child_of (const lore_gaz *g, uint32_t ref,
                                 uint32_t tok, uint32_t *info) {
  uint32_t c;
  if (ref == ROOT) {
    uint32_t v = load32(vrec_at(g, tok));
    if (v == NONE) return 0;
    *info = v;
    return ROOTBIT | tok;
  }
  if ((c = edge_find(g, ref, tok)) != 0) *info = g->eslot[c - 1].info;
  return c;
}

static inline uint32_t info_get (const lore_gaz *g, uint32_t ref) {
  if (ref & ROOTBIT) return load32(vrec_at(g, ref & ~ROOTBIT));
  return g->eslot[ref - 1].info;
}

static inline void info_set (lore_gaz *g, uint32_t ref, uint32_t info) {
  if (ref & ROOTBIT)
    memcpy(g->vrec + ((size_t)(ref & ~ROOTBIT) << 2), &info, 4);
  else
    g->eslot[ref - 1].info = info;
}

/* Put (parent, tok) -> info in a table with room; returns the slot. */
static size_t eslot_put (eslot *tab, size_t cap, uint32_t parent,
                         uint32_t tok, uint32_t info) {
  size_t i = home(edge_hash(parent, tok), cap);
  while (tab[i].parent != 0) if (++i == cap) i = 0;
  tab[i].parent = parent;
  tab[i].tok = tok;
  tab[i].info = info;
  return i;
}

/* A new child of ref by tok with the given info, in a table with room
** (edge_grow); returns its ref. */
static uint32_t child_add (lore_gaz *g, uint32_t ref, uint32_t tok,
                           uint32_t info) {
  size_t s;
  if (ref == ROOT) {
    info_set(g, ROOTBIT | tok, info);
    return ROOTBIT | tok;
  }
  s = eslot_put(g->eslot, g->ecap, ref, tok, info);
  g->ecount++;
  info_set(g, ref, info_get(g, ref) | KIDS);
  return (uint32_t)s + 1;
}

/*
** Grow the edge table to hold `more` more slots. A slot's key names its
** parent by the parent's slot, so the nodes move parents first, each
** chain of not yet moved ancestors (at most MAX_TOKENS - 1 long) through
** a small stack, and `map` gives every old slot's new ref.
*/
static int edge_grow (lore_gaz *g, size_t more) {
  size_t ocap = g->ecap, ncap, i;
  eslot *old = g->eslot, *tab;
  uint32_t *map;
  if (g->ecount + more > MAX_SLOTS / EDGE_LOAD_DEN * EDGE_LOAD_NUM)
    return LORE_ELIMIT;
  ncap = table_cap(ocap, g->ecount + more);
  if (ncap > MAX_SLOTS) ncap = MAX_SLOTS;
  tab = (eslot *)lore_calloc(ncap, sizeof(*tab));
  map = (uint32_t *)lore_calloc(ocap + 1, sizeof(*map));
  if (tab == NULL || map == NULL) {
    lore_free(tab);
    lore_free(map);
    return LORE_ENOMEM;
  }
  for (i = 0; i < ocap; i++) {
    size_t stack[MAX_TOKENS], sp = 0, x = i;
    if (old[i].parent == 0 || map[i] != 0) continue;
    for (;;) {
      uint32_t p = old[x].parent;
      stack[sp++] = x;
      if ((p & ROOTBIT) || map[p - 1] != 0) break;
      x = p - 1;
    }
    while (sp > 0) {
      uint32_t p;
      x = stack[--sp];
      p = old[x].parent;
      map[x] = (uint32_t)eslot_put(tab, ncap, (p & ROOTBIT) ? p : map[p - 1],
                                   old[x].tok, old[x].info) + 1;
    }
  }
  lore_free(map);
  lore_free(old);
  g->eslot = tab;
  g->ecap = ncap;
  return LORE_OK;
}

/* Where the path of an entry's tokens leaves the trie. */
typedef struct spot {
  uint32_t ref, info;  /* deepest node on the path, and its info */
  size_t depth;        /* tokens the path takes to reach it */
  size_t common;       /* if it has a tail: its first tokens equal to the */
  size_t taillen;      /* next ones of the entry; the tail's length */
  uint32_t dup;        /* entry with these tokens, or NO_ENTRY */
} spot;

static void locate (const lore_gaz *g, const uint32_t *tok, size_t n,
                    spot *sp) {
  uint32_t ref = ROOT, info = KIDS, c, ci;
  size_t i = 0;
  while (i < n && (info & KIDS) && (c = child_of(g, ref, tok[i], &ci)) != 0) {
    ref = c;
    info = ci;
    i++;
  }
  sp->ref = ref;
  sp->info = info;
  sp->depth = i;
  sp->common = sp->taillen = 0;
  sp->dup = NO_ENTRY;
  if (info & TAIL) {
    const uint32_t *t = g->tail + (info & LOW);
    size_t k = 0;
    while (!(t[k] & END) && i + k < n && t[k] == tok[i + k]) k++;
    sp->common = k;
    while (!(t[k] & END)) k++;
    sp->taillen = k;
    if (sp->common == k && i + k == n) sp->dup = t[k] & LOW;
  } else if (i == n) {
    sp->dup = info & LOW;
  }
}

/*
** Add entry e with tokens tok[0..n) where locate found its path leaves
** the trie; the tables and the tail array have room (lore_gaz_add).
*/
static void insert (lore_gaz *g, const spot *sp, const uint32_t *tok,
                    size_t n, uint32_t e) {
  uint32_t ref = sp->ref, info = sp->info;
  size_t i = sp->depth, toff;
  if (info & TAIL) {
    /* The tail's first `common` tokens become nodes; the rest of it,
    ** after the token where the two part, stays in place (the words
    ** before it are left unused). */
    size_t off = info & LOW, c = sp->common, m = sp->taillen, q;
    uint32_t e0 = g->tail[off + m] & LOW;
    info_set(g, ref, NO_ENTRY);
    for (q = 0; q < c; q++)
      ref = child_add(g, ref, g->tail[off + q], NO_ENTRY);
    if (c == m) info_set(g, ref, e0);
    else if (m - c == 1) child_add(g, ref, g->tail[off + c], e0);
    else child_add(g, ref, g->tail[off + c], TAIL | (uint32_t)(off + c + 1));
    i += c;
    info = info_get(g, ref);
  }
  if (i == n) {
    info_set(g, ref, (info & KIDS) | e);
  } else if (n - i == 1) {
    child_add(g, ref, tok[i], e);
  } else {                               /* the rest is a new tail */
    toff = g->tlen;
    memcpy(g->tail + toff, tok + i + 1, (n - i - 1) * sizeof(uint32_t));
    g->tail[toff + n - i - 1] = END | e;
    g->tlen += n - i;
    child_add(g, ref, tok[i], TAIL | (uint32_t)toff);
  }
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
  g->poff = (uint32_t *)lore_malloc(16 * sizeof(uint32_t));
  if (g->poff == NULL) {
    lore_gaz_free(g);
    return NULL;
  }
  g->poffcap = 16;
  g->poff[0] = 0;
  lore_buf_init(&g->norm);
  return g;
}

void lore_gaz_free (lore_gaz *g) {
  if (g == NULL) return;
  lore_free(g->vrec);
  lore_free(g->vslot);
  lore_free(g->eslot);
  lore_free(g->tail);
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
  uint32_t tokid[MAX_TOKENS], e;
  spot sp;
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
  /* (A failure here leaves tokens in the vocabulary that start no entry:
  ** harmless, and reused by a later add.) */
  for (i = 0; i < ntok; i++) {
    rc = vocab_intern(g, g->norm.data + noff[i], noff[i + 1] - noff[i],
                      &tokid[i]);
    if (rc != LORE_OK) return rc;
  }
  /* Growing the edge table renumbers the nodes: locate again after. An
  ** add takes at most ntok + 1 slots (a tail split, then the new node). */
  for (;;) {
    locate(g, tokid, ntok, &sp);
    if (sp.dup != NO_ENTRY) {
      if (id != NULL) *id = sp.dup;
      if (is_new != NULL) *is_new = 0;
      return LORE_OK;
    }
    if (table_fits(g->ecap, g->ecount + ntok + 1)) break;
    if ((rc = edge_grow(g, ntok + 1)) != LORE_OK) return rc;
  }
  if (g->nentries >= MAX_ENTRIES - 1 || len >= UINT32_MAX - g->pstrlen ||
      g->tlen + ntok > LOW)
    return LORE_ELIMIT;
  if ((p = grow(g->tail, &g->tcap, g->tlen + ntok, sizeof(uint32_t)))
      == NULL)
    return LORE_ENOMEM;
  g->tail = (uint32_t *)p;
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
  /* Room for everything: from here on nothing fails. */
  e = (uint32_t)g->nentries++;
  insert(g, &sp, tokid, ntok, e);
  if (len > 0) memcpy(g->pstr + g->pstrlen, phrase, len);
  g->pstr[g->pstrlen + len] = '\0';
  g->pstrlen += len + 1;
  g->poff[e + 1] = (uint32_t)g->pstrlen;
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
       + g->ecap * sizeof(eslot)
       + g->tcap * sizeof(uint32_t)
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
** how many, or LORE_ENOMEM. A tail is walked like the chain of one-child
** nodes it stands for: each word is the token of the next node, and the
** node after the last is the end of entry END | e. (One loop, so that the
** token lookup is inlined once.)
*/
static int walk (walker *w, size_t i, size_t to, lore_gaz_match *out) {
  const lore_gaz *g = w->g;
  const uint32_t *t = NULL;        /* next word of the tail being walked */
  uint32_t ref = ROOT, info = KIDS, tok;
  size_t j = i;
  int n = 0, rc;
  while (j < to) {
    if ((rc = token_id(w, j, &tok)) != LORE_OK) return rc;
    if (t != NULL) {
      if (tok != *t) break;              /* NO_ID is never a tail token */
      t++;
      info = (*t & END) ? (*t & LOW) : TAIL;
    } else {
      if (tok == NO_ID || (ref = child_of(g, ref, tok, &info)) == 0) break;
      if (info & TAIL) t = g->tail + (info & LOW);
    }
    j++;
    if (!(info & TAIL) && (info & LOW) != NO_ENTRY) {
      out[n].tok_start = (uint32_t)i;
      out[n].tok_end = (uint32_t)j;
      out[n].entry = info & LOW;
      n++;
    }
    if (!(info & (KIDS | TAIL)) || (w->toks[j - 1].flags & LORE_TF_PARA_END))
      break;
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
