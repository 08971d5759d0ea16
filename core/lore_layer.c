/*
** lore_layer.c
** Span layers: storage, document-order index, range queries, conflict
** resolution, and typed attributes.
**
** Index. The live spans (and, separately, all spans for LORE_Q_ALL) are
** kept as an array of ids in document order, rebuilt lazily after a change:
** the previous order is filtered and merged with the newly added spans
** (sorted on their own), so a rebuild costs O(n + t log t) for t new spans.
** For queries two implicit segment trees over that array hold the max and
** the min span end of each subtree. A query narrows the array to the
** positions whose start can qualify (binary search), then walks the tree in
** order, pruning subtrees whose end bound rules all their spans out: every
** visited subtree either holds a reported span or lies on one of the two
** boundary paths, which gives O(log n + k log(n/k)) and document order.
** So that adding and querying in turn (a rule checking what is already
** there) does not rebuild each time, queries accept up to 32 + sqrt(n)
** spans added since the last build: they are scanned, sorted and merged
** into the walk's output; past that the index is rebuilt (O(sqrt n)
** amortised per addition). A kill still makes the live index rebuild.
**
** Queries may run a callback that changes the layer. The walk then goes on
** over the snapshot it started with (a rebuilt index is created fresh and
** the old one parked until the outermost query returns), and each span is
** checked again against the current layer before the callback sees it.
**
** Resolve. Candidates are sorted by policy key (and label); each group gets
** its own compressed coordinates (the sorted distinct endpoints of its
** spans), and a min segment tree over the elementary segments between them
** records, for each segment, the rank of the accepted span covering it. A
** candidate is accepted when the range-min over its segments is empty; it
** loses otherwise, and the minimum is exactly the earliest accepted span it
** overlaps. Each segment is written once: O(n log n) in all.
**
** Attributes. Per span, a linked list of records in setting order; keys
** and string values are copied into an arena owned by the layer, so the
** pointers handed out stay valid until lore_layer_clear / free.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_doc.h"
#include "lore_err.h"
#include "lore_layer.h"
#include "lore_layer_int.h"

#define MAX_SPANS  ((size_t)UINT32_MAX - 2)   /* ids stay below LORE_REMOVED */
#define NOATTR     UINT32_MAX
#define ARENA_CHUNK 4096

/* A document-order index of the live spans (or of all spans). */
typedef struct lindex {
  struct lindex *next;       /* parking list link (see the file comment) */
  uint32_t *ids;
  size_t n;
  uint32_t *mx, *mn;         /* segment trees, 2 * P entries each */
  size_t P;
  int trees;                 /* mx/mn are built for the current ids */
  int valid;
  uint64_t kgen;             /* the layer's kgen when built */
  size_t built_n;            /* spans that existed then: later ones form
                                the unindexed tail */
} lindex;

typedef struct attr_rec {
  uint32_t next;             /* next record of the same span, or NOATTR */
  const char *key;           /* arena, NUL-terminated */
  size_t klen;
  lore_value v;              /* strings point into the arena */
} attr_rec;

typedef struct attr_list {
  uint32_t head, tail, count;
} attr_list;

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  /* data follows */
} chunk;

struct lore_layer {
  char *name;
  size_t textlen;
  lore_span *spans;
  size_t n, cap;
  uint64_t kgen;             /* bumped when a span dies */
  lindex *ix[2];             /* [0] live, [1] all */
  lindex *parked;            /* replaced indexes, freed when busy is 0 */
  unsigned busy;             /* queries in progress */
  attr_rec *recs;
  size_t nrecs, reccap;
  attr_list *alist;          /* per span, alistcap entries */
  size_t alistcap;
  chunk *arena;
  size_t arena_bytes;        /* bytes allocated for arena chunks */
  /* After a resolve no two live spans overlap (within a label, per label),
  ** and kills keep it so: until spans are added (n grows) a resolve has
  ** nothing to do. Rule engines resolve every layer after every phase. */
  int resolved;              /* 0 no, 1 per label, 2 all */
  size_t resolved_n;         /* l->n then */
  uint32_t clears;           /* times cleared: span ids of before are void */
};

/* {====================================================================
** Creation, spans
** ===================================================================== */

lore_layer *lore_layer__new (const char *name, size_t textlen) {
  lore_layer *l = (lore_layer *)lore_calloc(1, sizeof(*l));
  size_t n;
  if (l == NULL) return NULL;
  if (name == NULL) name = "";
  n = strlen(name);
  l->name = (char *)lore_malloc(n + 1);
  if (l->name == NULL) { lore_free(l); return NULL; }
  memcpy(l->name, name, n + 1);
  l->textlen = textlen;
  return l;
}

static void index_free (lindex *ix) {
  if (ix == NULL) return;
  lore_free(ix->ids);
  lore_free(ix->mx);
  lore_free(ix->mn);
  lore_free(ix);
}

static void free_parked (lore_layer *l) {
  while (l->parked != NULL) {
    lindex *ix = l->parked;
    l->parked = ix->next;
    index_free(ix);
  }
}

static void free_attrs (lore_layer *l) {
  while (l->arena != NULL) {
    chunk *c = l->arena;
    l->arena = c->next;
    lore_free(c);
  }
  lore_free(l->recs);
  lore_free(l->alist);
  l->recs = NULL;
  l->nrecs = l->reccap = 0;
  l->alist = NULL;
  l->alistcap = 0;
  l->arena_bytes = 0;
}

void lore_layer__free (lore_layer *l) {
  if (l == NULL) return;
  index_free(l->ix[0]);
  index_free(l->ix[1]);
  free_parked(l);
  free_attrs(l);
  lore_free(l->spans);
  lore_free(l->name);
  lore_free(l);
}

const char *lore_layer_name (const lore_layer *l) {
  return l->name;
}

int lore_layer_add (lore_layer *l, uint32_t start, uint32_t end,
                    uint32_t label, int32_t priority, uint32_t rule,
                    uint32_t *id) {
  lore_span *sp;
  if (start > end || end > l->textlen) return LORE_ERANGE;
  if (l->n >= MAX_SPANS) return LORE_ENOMEM;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    lore_span *p;
    if (cap > MAX_SPANS) cap = MAX_SPANS;
    p = (lore_span *)lore_realloc(l->spans, cap * sizeof(*p));
    if (p == NULL) return LORE_ENOMEM;
    l->spans = p;
    l->cap = cap;
  }
  sp = &l->spans[l->n];
  sp->start = start;
  sp->end = end;
  sp->label = label;
  sp->rule = rule;
  sp->priority = priority;
  sp->beaten_by = LORE_NONE;
  if (id != NULL) *id = (uint32_t)l->n;
  l->n++;
  return LORE_OK;
}

size_t lore_layer_size (const lore_layer *l) {
  return l->n;
}

const lore_span *lore_layer_span (const lore_layer *l, uint32_t id) {
  return (size_t)id < l->n ? &l->spans[id] : NULL;
}

void lore_layer_kill (lore_layer *l, uint32_t id, uint32_t by) {
  if ((size_t)id >= l->n || by == LORE_NONE) return;
  if (l->spans[id].beaten_by != LORE_NONE) return;
  l->spans[id].beaten_by = by;
  l->kgen++;
}

/* Drop an index: parked while a query may still walk it, else freed. */
static void retire_index (lore_layer *l, int which) {
  lindex *ix = l->ix[which];
  if (ix == NULL) return;
  l->ix[which] = NULL;
  if (l->busy > 0) {
    ix->next = l->parked;
    l->parked = ix;
  } else {
    index_free(ix);
  }
}

size_t lore_layer_memory (const lore_layer *l) {
  return sizeof(*l) + l->cap * sizeof(lore_span) +
         l->reccap * sizeof(attr_rec) + l->alistcap * sizeof(attr_list) +
         l->arena_bytes;
}

uint32_t lore_layer_clears (const lore_layer *l) {
  return l->clears;
}

void lore_layer_clear (lore_layer *l) {
  l->clears++;
  l->resolved = 0;
  retire_index(l, 0);
  retire_index(l, 1);
  free_attrs(l);
  lore_free(l->spans);
  l->spans = NULL;
  l->n = l->cap = 0;
}

/* }==================================================================== */

/* {====================================================================
** Sorting
** ===================================================================== */

typedef struct sortctx {
  const lore_span *sp;
  int policy;                /* -1: document order */
  int per_label;
} sortctx;

/* 1 if span a comes before span b in document order. */
static int doc_before (const lore_span *sp, uint32_t a, uint32_t b) {
  const lore_span *x = &sp[a], *y = &sp[b];
  if (x->start != y->start) return x->start < y->start;
  if (x->end != y->end) return x->end > y->end;
  return a < b;
}

/* 1 if candidate a is considered before b by the conflict policy. */
static int policy_before (const sortctx *c, uint32_t a, uint32_t b) {
  const lore_span *x = &c->sp[a], *y = &c->sp[b];
  uint32_t lx = x->end - x->start, ly = y->end - y->start;
  if (c->per_label && x->label != y->label) return x->label < y->label;
  switch (c->policy) {
    case LORE_POLICY_PRIORITY:
      if (x->priority != y->priority) return x->priority > y->priority;
      if (lx != ly) return lx > ly;
      if (x->start != y->start) return x->start < y->start;
      break;
    case LORE_POLICY_FIRST:
      if (x->start != y->start) return x->start < y->start;
      if (lx != ly) return lx > ly;
      if (x->priority != y->priority) return x->priority > y->priority;
      break;
    default:                                     /* LORE_POLICY_LONGEST */
      if (lx != ly) return lx > ly;
      if (x->priority != y->priority) return x->priority > y->priority;
      if (x->start != y->start) return x->start < y->start;
      break;
  }
  return a < b;
}

static int before (const sortctx *c, uint32_t a, uint32_t b) {
  return c->policy < 0 ? doc_before(c->sp, a, b) : policy_before(c, a, b);
}

/* Bottom-up merge sort of ids[0..n) using tmp[0..n). O(n log n). */
static void sort_ids (uint32_t *ids, uint32_t *tmp, size_t n,
                      const sortctx *c) {
  uint32_t *src = ids, *dst = tmp;
  size_t w, i;
  if (n < 2) return;
  /* insertion sort of runs of 8 first: fewer passes */
  for (i = 0; i < n; i += 8) {
    size_t end = i + 8 < n ? i + 8 : n, j;
    for (j = i + 1; j < end; j++) {
      uint32_t v = ids[j];
      size_t k = j;
      while (k > i && before(c, v, ids[k - 1])) { ids[k] = ids[k - 1]; k--; }
      ids[k] = v;
    }
  }
  for (w = 8; w < n; w *= 2) {
    for (i = 0; i < n; i += 2 * w) {
      size_t mid = i + w < n ? i + w : n;
      size_t hi = i + 2 * w < n ? i + 2 * w : n;
      size_t a = i, b = mid, o = i;
      while (a < mid && b < hi)
        dst[o++] = before(c, src[b], src[a]) ? src[b++] : src[a++];
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    { uint32_t *t = src; src = dst; dst = t; }
  }
  if (src != ids) memcpy(ids, src, n * sizeof(*ids));
}

/* }==================================================================== */

/* {====================================================================
** Document-order index
** ===================================================================== */

static int is_live (const lore_layer *l, uint32_t id) {
  return l->spans[id].beaten_by == LORE_NONE;
}

/* Integer square root (floor). */
static size_t isqrt (size_t n) {
  size_t r = 0, bit = (size_t)1 << (sizeof(size_t) * 8 - 2);
  while (bit > n) bit >>= 2;
  while (bit != 0) {
    if (n >= r + bit) { n -= r + bit; r = (r >> 1) + bit; }
    else r >>= 1;
    bit >>= 2;
  }
  return r;
}

/* How many unindexed new spans a query accepts before a rebuild. */
static size_t tail_limit (size_t n) {
  return 32 + isqrt(n);
}

/*
** Bring index `which` (0 live, 1 all) up to date: keep the previous order
** (less the spans that died, for the live index), sort the spans added
** since, and merge. With allow_tail, an index missing only a few recent
** additions is good enough (the caller scans those). Returns the index or
** NULL on out of memory (the old index is then left as it was).
*/
static lindex *get_index (lore_layer *l, int which, int allow_tail) {
  lindex *ix = l->ix[which], *nx;
  const uint32_t *old = NULL;
  size_t oldn = 0, from = 0, t, tn = 0, i, a, b, o;
  uint32_t *ids = NULL, *tail = NULL;
  sortctx c;
  if (ix != NULL && ix->valid && (which == 1 || ix->kgen == l->kgen)) {
    t = l->n - ix->built_n;
    if (t == 0 || (allow_tail && t <= tail_limit(ix->n))) return ix;
  }
  if (ix != NULL && ix->valid) {
    old = ix->ids;
    oldn = ix->n;
    from = ix->built_n;
  }
  t = l->n - from;
  if (oldn + t > 0) {
    ids = (uint32_t *)lore_malloc((oldn + t) * sizeof(*ids));
    if (ids == NULL) return NULL;
  }
  if (t > 0) {
    tail = (uint32_t *)lore_malloc(2 * t * sizeof(*tail));
    if (tail == NULL) { lore_free(ids); return NULL; }
    for (i = from; i < l->n; i++)
      if (which == 1 || is_live(l, (uint32_t)i)) tail[tn++] = (uint32_t)i;
    c.sp = l->spans;
    c.policy = -1;
    c.per_label = 0;
    sort_ids(tail, tail + t, tn, &c);
  }
  /* merge the surviving old order with the sorted tail */
  a = b = o = 0;
  while (a < oldn || b < tn) {
    if (a < oldn && which == 0 && !is_live(l, old[a])) { a++; continue; }
    if (b >= tn || (a < oldn && doc_before(l->spans, old[a], tail[b])))
      ids[o++] = old[a++];
    else
      ids[o++] = tail[b++];
  }
  lore_free(tail);
  if (ix == NULL || l->busy > 0) {
    /* a query may be walking the old arrays: start a fresh index */
    nx = (lindex *)lore_calloc(1, sizeof(*nx));
    if (nx == NULL) { lore_free(ids); return NULL; }
    retire_index(l, which);
    l->ix[which] = nx;
    ix = nx;
  } else {
    lore_free(ix->ids);
  }
  ix->ids = ids;
  ix->n = o;
  ix->trees = 0;
  ix->valid = 1;
  ix->kgen = l->kgen;
  ix->built_n = l->n;
  return ix;
}

/* Build the max/min end trees of ix. LORE_OK or LORE_ENOMEM. */
static int build_trees (const lore_layer *l, lindex *ix) {
  size_t P = 1, i;
  if (ix->trees) return LORE_OK;
  while (P < ix->n) P *= 2;
  if (ix->mx == NULL || ix->P < P) {
    uint32_t *mx = (uint32_t *)lore_malloc(2 * P * sizeof(*mx));
    uint32_t *mn = (uint32_t *)lore_malloc(2 * P * sizeof(*mn));
    if (mx == NULL || mn == NULL) {
      lore_free(mx);
      lore_free(mn);
      return LORE_ENOMEM;
    }
    lore_free(ix->mx);
    lore_free(ix->mn);
    ix->mx = mx;
    ix->mn = mn;
  }
  ix->P = P;
  for (i = 0; i < P; i++) {
    if (i < ix->n) {
      ix->mx[P + i] = ix->mn[P + i] = l->spans[ix->ids[i]].end;
    } else {
      ix->mx[P + i] = 0;
      ix->mn[P + i] = UINT32_MAX;
    }
  }
  for (i = P - 1; i >= 1; i--) {
    uint32_t a = ix->mx[2 * i], b = ix->mx[2 * i + 1];
    ix->mx[i] = a > b ? a : b;
    a = ix->mn[2 * i];
    b = ix->mn[2 * i + 1];
    ix->mn[i] = a < b ? a : b;
  }
  ix->trees = 1;
  return LORE_OK;
}

const uint32_t *lore_layer_sorted (lore_layer *l, size_t *n) {
  lindex *ix = get_index(l, 0, 0);
  if (ix == NULL || ix->n == 0) {
    if (n != NULL) *n = 0;
    return NULL;
  }
  if (n != NULL) *n = ix->n;
  return ix->ids;
}

/* }==================================================================== */

/* {====================================================================
** Queries
** ===================================================================== */

/* Which end bound prunes a subtree during the walk. */
enum { T_MX_GT, T_MX_GE, T_MN_LE };

typedef struct walk {
  lore_layer *l;
  const uint32_t *ids, *mx, *mn;    /* the snapshot being walked */
  size_t P, lo, hi;                 /* positions [lo, hi) */
  int test;
  uint32_t thr;
  int mode, all;
  uint32_t a, b;
  int (*cb)(void *ud, uint32_t id);
  void *ud;
  size_t calls;
  int stop;
  const uint32_t *tail;             /* matching unindexed spans, sorted */
  size_t tn, tpos;
} walk;

/* The mode's rule, checked on the span as it is now. */
static int matches (const walk *w, uint32_t id) {
  const lore_span *sp;
  if ((size_t)id >= w->l->n) return 0;              /* cleared meanwhile */
  sp = &w->l->spans[id];
  if (!w->all && sp->beaten_by != LORE_NONE) return 0;
  switch (w->mode) {
    case LORE_Q_OVERLAP: {
      /* an empty range or span stands for the one position it is at */
      uint64_t re = w->b > w->a ? w->b : (uint64_t)w->a + 1;
      uint64_t se = sp->end > sp->start ? sp->end : (uint64_t)sp->start + 1;
      return sp->start < re && se > w->a;
    }
    case LORE_Q_INSIDE: return sp->start >= w->a && sp->end <= w->b;
    case LORE_Q_COVER: return sp->start <= w->a && sp->end >= w->b;
    case LORE_Q_EXACT: return sp->start == w->a && sp->end == w->b;
    case LORE_Q_STARTS: return sp->start == w->a;
    default: return 0;
  }
}

static void report (walk *w, uint32_t id) {
  w->calls++;
  if (w->cb != NULL && w->cb(w->ud, id) != 0) w->stop = 1;
}

/* Report the tail spans that come before id (all of them if id is
** LORE_NONE), checking each again: a callback may have changed it. */
static void flush_tail (walk *w, uint32_t id) {
  while (w->tpos < w->tn && !w->stop) {
    uint32_t t = w->tail[w->tpos];
    if (id != LORE_NONE && (size_t)t < w->l->n &&
        !doc_before(w->l->spans, t, id))
      break;
    w->tpos++;
    if (matches(w, t)) report(w, t);
  }
}

static void visit (walk *w, size_t pos) {
  uint32_t id = w->ids[pos];
  if (!matches(w, id)) return;
  flush_tail(w, id);
  if (!w->stop) report(w, id);
}

static int pruned (const walk *w, size_t node) {
  switch (w->test) {
    case T_MX_GT: return !(w->mx[node] > w->thr);
    case T_MX_GE: return !(w->mx[node] >= w->thr);
    default: return !(w->mn[node] <= w->thr);
  }
}

/* In-order walk of the node covering positions [nl, nr). */
static void walk_tree (walk *w, size_t node, size_t nl, size_t nr) {
  size_t mid;
  if (w->stop || nr <= w->lo || nl >= w->hi || pruned(w, node)) return;
  if (nr - nl == 1) { visit(w, nl); return; }
  mid = nl + (nr - nl) / 2;
  walk_tree(w, 2 * node, nl, mid);
  walk_tree(w, 2 * node + 1, mid, nr);
}

static void walk_range (walk *w, size_t lo, size_t hi) {
  size_t i;
  for (i = lo; i < hi && !w->stop; i++) visit(w, i);
}

/* First position in ids[lo..hi) whose start is >= v (> v when strict). */
static size_t lower_start (const lore_layer *l, const uint32_t *ids,
                           size_t lo, size_t hi, uint64_t v, int strict) {
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    uint32_t s = l->spans[ids[m]].start;
    if (strict ? s <= v : s < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

size_t lore_layer_query (lore_layer *l, uint32_t start, uint32_t end,
                         int mode, int (*cb)(void *ud, uint32_t id),
                         void *ud) {
  walk w;
  lindex *ix;
  size_t n, lo, hi, t0, t1, i;
  uint32_t small[64], *tail = small;
  int base = mode & 0xFF;
  if (start > end || base > LORE_Q_STARTS) return 0;
  ix = get_index(l, (mode & LORE_Q_ALL) ? 1 : 0, 1);
  if (ix == NULL) return 0;
  if ((base == LORE_Q_OVERLAP || base == LORE_Q_INSIDE ||
       base == LORE_Q_COVER) && build_trees(l, ix) != LORE_OK)
    return 0;
  memset(&w, 0, sizeof(w));
  w.l = l;
  w.ids = ix->ids;
  w.mx = ix->mx;
  w.mn = ix->mn;
  w.P = ix->P;
  w.mode = base;
  w.all = (mode & LORE_Q_ALL) != 0;
  w.a = start;
  w.b = end;
  w.cb = cb;
  w.ud = ud;
  n = ix->n;
  /* the spans added since the index was built: scan them */
  t0 = ix->built_n;
  t1 = l->n;
  if (t1 - t0 > sizeof(small) / sizeof(small[0]) / 2) {
    tail = (uint32_t *)lore_malloc(2 * (t1 - t0) * sizeof(*tail));
    if (tail == NULL) return 0;
  }
  for (i = t0; i < t1; i++)
    if (matches(&w, (uint32_t)i)) tail[w.tn++] = (uint32_t)i;
  if (w.tn > 1) {
    sortctx c;
    c.sp = l->spans;
    c.policy = -1;
    c.per_label = 0;
    sort_ids(tail, tail + (t1 - t0), w.tn, &c);
  }
  w.tail = tail;
  l->busy++;
  switch (base) {
    case LORE_Q_OVERLAP: {
      uint64_t re = end > start ? end : (uint64_t)start + 1;
      lo = lower_start(l, w.ids, 0, n, start, 0);
      hi = lower_start(l, w.ids, lo, n, re, 0);
      /* spans starting before the range reach into it if end > start */
      w.lo = 0; w.hi = lo; w.test = T_MX_GT; w.thr = start;
      if (lo > 0) walk_tree(&w, 1, 0, w.P);
      /* spans starting inside it all overlap */
      walk_range(&w, lo, hi);
      break;
    }
    case LORE_Q_INSIDE:
      w.lo = lower_start(l, w.ids, 0, n, start, 0);
      w.hi = lower_start(l, w.ids, w.lo, n, end, 1);
      w.test = T_MN_LE; w.thr = end;
      if (w.lo < w.hi) walk_tree(&w, 1, 0, w.P);
      break;
    case LORE_Q_COVER:
      w.lo = 0;
      w.hi = lower_start(l, w.ids, 0, n, start, 1);
      w.test = T_MX_GE; w.thr = end;
      if (w.lo < w.hi) walk_tree(&w, 1, 0, w.P);
      break;
    case LORE_Q_EXACT:
    case LORE_Q_STARTS:
      lo = lower_start(l, w.ids, 0, n, start, 0);
      hi = lower_start(l, w.ids, lo, n, start, 1);
      if (base == LORE_Q_EXACT) {
        /* ends descend among equal starts: find the first end <= `end` */
        size_t a = lo, b = hi;
        while (a < b) {
          size_t m = a + (b - a) / 2;
          if (l->spans[w.ids[m]].end > end) a = m + 1;
          else b = m;
        }
        lo = a;
        while (b < hi && l->spans[w.ids[b]].end == end) b++;
        hi = b;
      }
      walk_range(&w, lo, hi);
      break;
    default:
      break;
  }
  flush_tail(&w, LORE_NONE);
  if (--l->busy == 0) free_parked(l);
  if (tail != small) lore_free(tail);
  return w.calls;
}

/* }==================================================================== */

/* {====================================================================
** Conflict resolution
** ===================================================================== */

static int cmp_u32 (const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Index of v in the sorted distinct pts[0..n) (v is known to be there). */
static size_t coord (const uint32_t *pts, size_t n, uint32_t v) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    if (pts[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/* Min over leaves [a, b) of the tree with P leaves. */
static uint32_t tree_min (const uint32_t *t, size_t P, size_t a, size_t b) {
  uint32_t r = UINT32_MAX;
  for (a += P, b += P; a < b; a /= 2, b /= 2) {
    if (a & 1) { if (t[a] < r) r = t[a]; a++; }
    if (b & 1) { b--; if (t[b] < r) r = t[b]; }
  }
  return r;
}

static void tree_set (uint32_t *t, size_t P, size_t i, uint32_t v) {
  for (i += P, t[i] = v, i /= 2; i >= 1; i /= 2) {
    uint32_t m = t[2 * i] < t[2 * i + 1] ? t[2 * i] : t[2 * i + 1];
    if (t[i] == m) break;
    t[i] = m;
  }
}

/* Groups up to this size use a sorted array of the accepted spans (they
** are disjoint, so those a candidate overlaps are a run found by binary
** search) instead of the segment tree: no coordinates to sort, nothing to
** clear, and most layers of a document are small. Above it, insertions
** into the array could cost O(n) each. */
#define RESOLVE_SMALL 1024
#define RESOLVE_STACK 128            /* spans sorted without malloc */

typedef struct accspan { uint32_t s, e, k; } accspan;

/* Resolve the group ids[g0..g1) with the sorted array acc (room for the
** group). Returns the number of spans killed. */
static size_t resolve_small (lore_layer *l, const uint32_t *ids, size_t g0,
                             size_t g1, accspan *acc) {
  size_t na = 0, k, kills = 0;
  for (k = g0; k < g1; k++) {
    lore_span *sp = &l->spans[ids[k]];
    size_t lo = 0, hi = na, i;
    uint32_t win = UINT32_MAX;
    if (sp->start == sp->end) continue;         /* empty: overlaps nothing */
    /* the first accepted span ending after sp's start (ends ascend too) */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (acc[mid].e <= sp->start) lo = mid + 1;
      else hi = mid;
    }
    for (i = lo; i < na && acc[i].s < sp->end; i++)
      if (acc[i].k < win) win = acc[i].k;       /* the earliest accepted */
    if (win != UINT32_MAX) {
      sp->beaten_by = ids[win];
      kills++;
    } else {
      memmove(&acc[lo + 1], &acc[lo], (na - lo) * sizeof(*acc));
      acc[lo].s = sp->start;
      acc[lo].e = sp->end;
      acc[lo].k = (uint32_t)k;
      na++;
    }
  }
  return kills;
}

/* Resolve the group ids[g0..g1) with a min segment tree over its
** compressed coordinates (pts: room for 2 per span; tree: for 2 * P leaves
** with P >= 2 spans). Returns the number of spans killed. */
static size_t resolve_tree (lore_layer *l, const uint32_t *ids, size_t g0,
                            size_t g1, uint32_t *pts, uint32_t *tree) {
  size_t np = 0, k, Pg = 1, kills = 0;
  for (k = g0; k < g1; k++) {
    const lore_span *sp = &l->spans[ids[k]];
    if (sp->start == sp->end) continue;       /* empty: overlaps nothing */
    pts[np++] = sp->start;
    pts[np++] = sp->end;
  }
  if (np > 0) {
    size_t u = 1;
    qsort(pts, np, sizeof(*pts), cmp_u32);
    for (k = 1; k < np; k++) if (pts[k] != pts[u - 1]) pts[u++] = pts[k];
    np = u;
    while (Pg < np - 1) Pg *= 2;
    for (k = 1; k < 2 * Pg; k++) tree[k] = UINT32_MAX;
    for (k = g0; k < g1; k++) {
      lore_span *sp = &l->spans[ids[k]];
      size_t cs, ce, j;
      uint32_t win;
      if (sp->start == sp->end) continue;
      cs = coord(pts, np, sp->start);
      ce = coord(pts, np, sp->end);
      win = tree_min(tree, Pg, cs, ce);
      if (win != UINT32_MAX) {
        sp->beaten_by = ids[win];
        kills++;
      } else {
        for (j = cs; j < ce; j++) tree_set(tree, Pg, j, (uint32_t)k);
      }
    }
  }
  return kills;
}

int lore_layer_resolve (lore_layer *l, int policy) {
  sortctx c;
  uint32_t sids[RESOLVE_STACK], stmp[RESOLVE_STACK];
  accspan sacc[RESOLVE_STACK];
  uint32_t *ids = sids, *tmp = stmp, *pts = NULL, *tree = NULL;
  accspan *acc = sacc;
  size_t m = 0, i, P = 1, g0, g1, kills = 0, maxsmall = 0, maxbig = 0;
  int base = policy & 0xFF, rc = LORE_ENOMEM;
  int per_label = (policy & LORE_RESOLVE_PER_LABEL) != 0;
  if (base != LORE_POLICY_LONGEST && base != LORE_POLICY_PRIORITY &&
      base != LORE_POLICY_FIRST)
    return LORE_EINVAL;
  if (l->resolved && l->resolved_n == l->n && (l->resolved == 2 || per_label))
    return LORE_OK;                       /* no overlaps left to resolve */
  for (i = 0; i < l->n; i++) if (is_live(l, (uint32_t)i)) m++;
  if (m < 2) {
    l->resolved = per_label ? 1 : 2;
    l->resolved_n = l->n;
    return LORE_OK;
  }
  if (m > RESOLVE_STACK) {
    ids = (uint32_t *)lore_malloc(m * sizeof(*ids));
    tmp = (uint32_t *)lore_malloc(m * sizeof(*tmp));
    if (ids == NULL || tmp == NULL) goto done;
  }
  m = 0;
  for (i = 0; i < l->n; i++)
    if (is_live(l, (uint32_t)i)) ids[m++] = (uint32_t)i;
  c.sp = l->spans;
  c.policy = base;
  c.per_label = per_label;
  sort_ids(ids, tmp, m, &c);
  /* the largest groups of each kind, for the buffers */
  for (g0 = 0; g0 < m; g0 = g1) {
    g1 = g0 + 1;
    if (c.per_label)
      while (g1 < m && l->spans[ids[g1]].label == l->spans[ids[g0]].label) g1++;
    else
      g1 = m;
    if (g1 - g0 <= RESOLVE_SMALL) { if (g1 - g0 > maxsmall) maxsmall = g1 - g0; }
    else if (g1 - g0 > maxbig) maxbig = g1 - g0;
  }
  if (maxsmall > RESOLVE_STACK) {
    acc = (accspan *)lore_malloc(maxsmall * sizeof(*acc));
    if (acc == NULL) goto done;
  }
  if (maxbig > 0) {
    while (P < 2 * maxbig) P *= 2;
    pts = (uint32_t *)lore_malloc(2 * maxbig * sizeof(*pts));
    tree = (uint32_t *)lore_malloc(2 * P * sizeof(*tree));
    if (pts == NULL || tree == NULL) goto done;
  }
  /* From here on nothing can fail: spans are killed as we go. */
  for (g0 = 0; g0 < m; g0 = g1) {
    g1 = g0 + 1;
    if (c.per_label)
      while (g1 < m && l->spans[ids[g1]].label == l->spans[ids[g0]].label) g1++;
    else
      g1 = m;
    if (g1 - g0 <= RESOLVE_SMALL) kills += resolve_small(l, ids, g0, g1, acc);
    else kills += resolve_tree(l, ids, g0, g1, pts, tree);
  }
  if (kills > 0) l->kgen++;
  l->resolved = per_label ? 1 : 2;
  l->resolved_n = l->n;
  rc = LORE_OK;
done:
  if (ids != sids) lore_free(ids);
  if (tmp != stmp) lore_free(tmp);
  if (acc != sacc) lore_free(acc);
  lore_free(pts);
  lore_free(tree);
  return rc;
}

/* }==================================================================== */

/* {====================================================================
** Attributes
** ===================================================================== */

/* Copy p[0..n) plus a NUL into the arena. NULL on out of memory. */
static char *arena_dup (lore_layer *l, const char *p, size_t n) {
  chunk *c = l->arena;
  char *d;
  if (c == NULL || c->size - c->used < n + 1) {
    size_t size = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;
    if (n + 1 > ARENA_CHUNK / 4 && c != NULL) {
      /* a big string gets a chunk of its own behind the current one, so
      ** the room left in the current chunk is not wasted */
      chunk *b = (chunk *)lore_malloc(sizeof(chunk) + n + 1);
      if (b == NULL) return NULL;
      l->arena_bytes += sizeof(chunk) + n + 1;
      b->size = b->used = n + 1;
      b->next = c->next;
      c->next = b;
      d = (char *)(b + 1);
      if (n > 0) memcpy(d, p, n);
      d[n] = '\0';
      return d;
    }
    c = (chunk *)lore_malloc(sizeof(chunk) + size);
    if (c == NULL) return NULL;
    l->arena_bytes += sizeof(chunk) + size;
    c->size = size;
    c->used = 0;
    c->next = l->arena;
    l->arena = c;
  }
  d = (char *)(c + 1) + c->used;
  c->used += n + 1;
  if (n > 0) memcpy(d, p, n);
  d[n] = '\0';
  return d;
}

/* The record of key in span id, and its predecessor (or NOATTR). */
static uint32_t find_attr (const lore_layer *l, uint32_t id, const char *key,
                           size_t klen, uint32_t *prev) {
  uint32_t r, p = NOATTR;
  if ((size_t)id >= l->alistcap) return NOATTR;
  for (r = l->alist[id].head; r != NOATTR; p = r, r = l->recs[r].next) {
    const attr_rec *a = &l->recs[r];
    if (a->klen == klen && (klen == 0 || memcmp(a->key, key, klen) == 0)) {
      if (prev != NULL) *prev = p;
      return r;
    }
  }
  return NOATTR;
}

int lore_layer_set_attr (lore_layer *l, uint32_t id, const char *key,
                         size_t klen, const lore_value *v) {
  lore_value nv;
  uint32_t r, prev = NOATTR;
  if ((size_t)id >= l->n) return LORE_ERANGE;
  if (key == NULL && klen > 0) return LORE_EINVAL;
  if (key == NULL) key = "";
  r = find_attr(l, id, key, klen, &prev);
  if (v == NULL || v->type == LORE_V_NIL) {
    if (r != NOATTR) {                          /* unlink the record */
      attr_list *al = &l->alist[id];
      if (prev == NOATTR) al->head = l->recs[r].next;
      else l->recs[prev].next = l->recs[r].next;
      if (al->tail == r) al->tail = prev;
      al->count--;
    }
    return LORE_OK;
  }
  nv = *v;
  switch (v->type) {
    case LORE_V_BOOL: nv.u.b = v->u.b != 0; break;
    case LORE_V_INT: case LORE_V_NUM: break;
    case LORE_V_STR: case LORE_V_JSON:
      if (v->u.s.p == NULL && v->u.s.len > 0) return LORE_EINVAL;
      nv.u.s.p = arena_dup(l, v->u.s.p != NULL ? v->u.s.p : "", v->u.s.len);
      if (nv.u.s.p == NULL) return LORE_ENOMEM;
      break;
    default:
      return LORE_EINVAL;
  }
  if (r != NOATTR) {                            /* overwrite in place */
    l->recs[r].v = nv;
    return LORE_OK;
  }
  /* a new record at the end of the span's list */
  if ((size_t)id >= l->alistcap) {
    size_t cap = l->cap > (size_t)id + 1 ? l->cap : (size_t)id + 1, k;
    attr_list *p = (attr_list *)lore_realloc(l->alist, cap * sizeof(*p));
    if (p == NULL) return LORE_ENOMEM;
    for (k = l->alistcap; k < cap; k++) {
      p[k].head = p[k].tail = NOATTR;
      p[k].count = 0;
    }
    l->alist = p;
    l->alistcap = cap;
  }
  if (l->nrecs == l->reccap) {
    size_t cap = l->reccap ? l->reccap * 2 : 16;
    attr_rec *p;
    if (cap >= NOATTR) return LORE_ENOMEM;
    p = (attr_rec *)lore_realloc(l->recs, cap * sizeof(*p));
    if (p == NULL) return LORE_ENOMEM;
    l->recs = p;
    l->reccap = cap;
  }
  {
    attr_rec *a = &l->recs[l->nrecs];
    attr_list *al = &l->alist[id];
    a->key = arena_dup(l, key, klen);
    if (a->key == NULL) return LORE_ENOMEM;
    a->klen = klen;
    a->v = nv;
    a->next = NOATTR;
    r = (uint32_t)l->nrecs++;
    if (al->tail == NOATTR) al->head = r;
    else l->recs[al->tail].next = r;
    al->tail = r;
    al->count++;
  }
  return LORE_OK;
}

int lore_layer_get_attr (const lore_layer *l, uint32_t id, const char *key,
                         size_t klen, lore_value *v) {
  uint32_t r;
  if ((size_t)id >= l->n || (key == NULL && klen > 0)) return 0;
  r = find_attr(l, id, key != NULL ? key : "", klen, NULL);
  if (r == NOATTR) return 0;
  if (v != NULL) *v = l->recs[r].v;
  return 1;
}

size_t lore_layer_nattrs (const lore_layer *l, uint32_t id) {
  if ((size_t)id >= l->n || (size_t)id >= l->alistcap) return 0;
  return l->alist[id].count;
}

int lore_layer_attr_at (const lore_layer *l, uint32_t id, size_t k,
                        const char **key, size_t *klen, lore_value *v) {
  uint32_t r;
  if (k >= lore_layer_nattrs(l, id)) return 0;
  for (r = l->alist[id].head; k > 0; k--) r = l->recs[r].next;
  if (key != NULL) *key = l->recs[r].key;
  if (klen != NULL) *klen = l->recs[r].klen;
  if (v != NULL) *v = l->recs[r].v;
  return 1;
}

/* }==================================================================== */

/* {====================================================================
** Bulk operations over two layers (lore_layer.h)
** ===================================================================== */

long lore_layer_remove_inside (lore_layer *l, lore_layer *by) {
  lindex *lx, *bx;
  size_t i, j = 0;
  uint32_t maxend = 0;
  int have = 0;
  long removed = 0;
  if (l == by) {                       /* each span lies inside itself */
    for (i = 0; i < l->n; i++) {
      if (is_live(l, (uint32_t)i)) {
        lore_layer_kill(l, (uint32_t)i, LORE_REMOVED);
        removed++;
      }
    }
    return removed;
  }
  bx = get_index(by, 0, 0);
  if (bx == NULL) return -1;
  lx = get_index(l, 0, 0);
  if (lx == NULL) return -1;
  /* Both in document order (start ascending): sweep l's spans, keeping
  ** the largest end among by's spans that start at or before the current
  ** start; a span is inside one of them iff that end reaches its end.
  ** Killing only marks spans: the index arrays stay as they are. */
  for (i = 0; i < lx->n; i++) {
    uint32_t id = lx->ids[i];
    const lore_span *sp = &l->spans[id];
    while (j < bx->n && by->spans[bx->ids[j]].start <= sp->start) {
      uint32_t e = by->spans[bx->ids[j]].end;
      if (!have || e > maxend) maxend = e;
      have = 1;
      j++;
    }
    if (have && maxend >= sp->end) {
      lore_layer_kill(l, id, LORE_REMOVED);
      removed++;
    }
  }
  return removed;
}

/* }==================================================================== */
