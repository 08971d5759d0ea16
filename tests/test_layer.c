/*
** tests/test_layer.c
** Span layers through lore_layer__new directly (no document needed):
** spans, document order, queries in each mode, conflict resolution with
** every policy and tie-break, attributes, and randomised checks against
** brute force.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_err.h"
#include "lore_layer.h"
#include "lore_layer_int.h"

static uint64_t rng_state;

static uint32_t rnd (uint32_t n) {                 /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static uint32_t add (lore_layer *l, uint32_t s, uint32_t e, uint32_t label,
                     int32_t prio) {
  uint32_t id = 12345;
  assert_int_equal(lore_layer_add(l, s, e, label, prio, 0, &id), LORE_OK);
  return id;
}

static uint32_t beaten (lore_layer *l, uint32_t id) {
  return lore_layer_span(l, id)->beaten_by;
}

/* Collect query results. */
typedef struct hits {
  uint32_t ids[64];
  size_t n, stop_after;
} hits;

static int collect (void *ud, uint32_t id) {
  hits *h = (hits *)ud;
  if (h->n < 64) h->ids[h->n] = id;
  h->n++;
  return h->stop_after != 0 && h->n >= h->stop_after;
}

/* Query and compare with the expected ids (terminated by UINT32_MAX). */
static void expect_query (lore_layer *l, uint32_t s, uint32_t e, int mode,
                          const uint32_t *want) {
  hits h;
  size_t n = 0, i, calls;
  memset(&h, 0, sizeof(h));
  while (want[n] != UINT32_MAX) n++;
  calls = lore_layer_query(l, s, e, mode, collect, &h);
  if (calls != n || h.n != n)
    fail_msg("query [%u,%u) mode %d: %zu hits, want %zu", s, e, mode, h.n, n);
  for (i = 0; i < n; i++)
    if (h.ids[i] != want[i])
      fail_msg("query [%u,%u) mode %d: hit %zu is %u, want %u", s, e, mode,
               i, h.ids[i], want[i]);
}

#define END UINT32_MAX
#define Q(l, s, e, mode, ...) do { \
    static const uint32_t w_[] = { __VA_ARGS__, END }; \
    expect_query(l, s, e, mode, w_); } while (0)

/* {====================================================================
** Spans
** ===================================================================== */

static void test_layer_new_add (void **state) {
  lore_layer *l = lore_layer__new("entities", 100);
  uint32_t id = 99;
  const lore_span *sp;
  (void)state;
  assert_non_null(l);
  assert_string_equal(lore_layer_name(l), "entities");
  assert_int_equal(lore_layer_size(l), 0);
  assert_null(lore_layer_span(l, 0));
  assert_int_equal(lore_layer_add(l, 3, 7, 5, -2, 9, &id), LORE_OK);
  assert_int_equal(id, 0);
  assert_int_equal(lore_layer_add(l, 0, 100, 1, 0, 0, &id), LORE_OK);
  assert_int_equal(id, 1);
  assert_int_equal(lore_layer_add(l, 100, 100, 1, 0, 0, NULL), LORE_OK);
  assert_int_equal(lore_layer_add(l, 4, 4, 1, 0, 0, &id), LORE_OK);
  assert_int_equal(id, 3);
  assert_int_equal(lore_layer_size(l), 4);
  sp = lore_layer_span(l, 0);
  assert_non_null(sp);
  assert_int_equal(sp->start, 3);
  assert_int_equal(sp->end, 7);
  assert_int_equal(sp->label, 5);
  assert_int_equal(sp->priority, -2);
  assert_int_equal(sp->rule, 9);
  assert_int_equal(sp->beaten_by, LORE_NONE);
  assert_null(lore_layer_span(l, 4));
  assert_null(lore_layer_span(l, UINT32_MAX));
  /* range errors leave the layer unchanged */
  id = 77;
  assert_int_equal(lore_layer_add(l, 8, 7, 0, 0, 0, &id), LORE_ERANGE);
  assert_int_equal(lore_layer_add(l, 0, 101, 0, 0, 0, &id), LORE_ERANGE);
  assert_int_equal(lore_layer_add(l, 101, 101, 0, 0, 0, &id), LORE_ERANGE);
  assert_int_equal(lore_layer_add(l, UINT32_MAX, UINT32_MAX, 0, 0, 0, &id),
                   LORE_ERANGE);
  assert_int_equal(id, 77);
  assert_int_equal(lore_layer_size(l), 4);
  lore_layer__free(l);
  lore_layer__free(NULL);
  /* a NULL name is the empty name; an empty text takes empty spans only */
  l = lore_layer__new(NULL, 0);
  assert_string_equal(lore_layer_name(l), "");
  assert_int_equal(lore_layer_add(l, 0, 0, 0, 0, 0, NULL), LORE_OK);
  assert_int_equal(lore_layer_add(l, 0, 1, 0, 0, 0, NULL), LORE_ERANGE);
  lore_layer__free(l);
}

static void test_layer_kill_clear (void **state) {
  lore_layer *l = lore_layer__new("x", 50);
  uint32_t a, b, c;
  size_t n;
  (void)state;
  a = add(l, 0, 5, 0, 0);
  b = add(l, 5, 9, 0, 0);
  c = add(l, 9, 12, 0, 0);
  lore_layer_kill(l, b, a);
  assert_int_equal(beaten(l, b), a);
  lore_layer_kill(l, b, c);                 /* already dead: unchanged */
  assert_int_equal(beaten(l, b), a);
  lore_layer_kill(l, c, LORE_NONE);         /* not a killer: ignored */
  assert_int_equal(beaten(l, c), LORE_NONE);
  lore_layer_kill(l, c, LORE_REMOVED);
  assert_int_equal(beaten(l, c), LORE_REMOVED);
  lore_layer_kill(l, 3, a);                 /* out of range: ignored */
  assert_int_equal(lore_layer_size(l), 3);
  assert_non_null(lore_layer_sorted(l, &n));
  assert_int_equal(n, 1);
  assert_int_equal(lore_layer_clears(l), 0);
  lore_layer_clear(l);
  assert_int_equal(lore_layer_clears(l), 1);  /* ids of before are void */
  assert_int_equal(lore_layer_size(l), 0);
  assert_null(lore_layer_span(l, 0));
  assert_null(lore_layer_sorted(l, &n));
  assert_int_equal(n, 0);
  assert_int_equal(lore_layer_query(l, 0, 50, LORE_Q_INSIDE | LORE_Q_ALL,
                                    NULL, NULL), 0);
  /* usable again after clearing */
  assert_int_equal(add(l, 1, 2, 0, 0), 0);
  assert_int_equal(lore_layer_query(l, 0, 50, LORE_Q_INSIDE, NULL, NULL), 1);
  lore_layer__free(l);
}

static void test_layer_sorted (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  const uint32_t *ids;
  size_t n;
  (void)state;
  assert_null(lore_layer_sorted(l, &n));
  assert_int_equal(n, 0);
  add(l, 10, 20, 0, 0);    /* 0 */
  add(l, 5, 8, 0, 0);      /* 1 */
  add(l, 10, 30, 0, 0);    /* 2: same start, longer: before 0 */
  add(l, 10, 20, 0, 0);    /* 3: same as 0: after it by id */
  add(l, 10, 10, 0, 0);    /* 4: empty, after all at 10 */
  add(l, 0, 100, 0, 0);    /* 5 */
  ids = lore_layer_sorted(l, &n);
  assert_int_equal(n, 6);
  assert_int_equal(ids[0], 5);
  assert_int_equal(ids[1], 1);
  assert_int_equal(ids[2], 2);
  assert_int_equal(ids[3], 0);
  assert_int_equal(ids[4], 3);
  assert_int_equal(ids[5], 4);
  /* cached while nothing changes */
  assert_ptr_equal(lore_layer_sorted(l, &n), ids);
  /* dead spans leave, new spans merge in */
  lore_layer_kill(l, 2, LORE_REMOVED);
  add(l, 9, 11, 0, 0);     /* 6 */
  add(l, 99, 100, 0, 0);   /* 7 */
  add(l, 0, 1, 0, 0);      /* 8 */
  ids = lore_layer_sorted(l, &n);
  assert_int_equal(n, 8);
  assert_int_equal(ids[0], 5);
  assert_int_equal(ids[1], 8);
  assert_int_equal(ids[2], 1);
  assert_int_equal(ids[3], 6);
  assert_int_equal(ids[4], 0);
  assert_int_equal(ids[5], 3);
  assert_int_equal(ids[6], 4);
  assert_int_equal(ids[7], 7);
  lore_layer__free(l);
}

/* }==================================================================== */

/* {====================================================================
** Queries
** ===================================================================== */

static void test_layer_query_modes (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  (void)state;
  add(l, 0, 10, 0, 0);     /* 0 */
  add(l, 10, 20, 0, 0);    /* 1: adjacent to 0 */
  add(l, 5, 15, 0, 0);     /* 2 */
  add(l, 12, 14, 0, 0);    /* 3 */
  add(l, 10, 10, 0, 0);    /* 4: empty at 10 */
  add(l, 30, 40, 0, 0);    /* 5 */
  add(l, 0, 50, 0, 0);     /* 6 */
  add(l, 10, 20, 0, 0);    /* 7: same as 1 */
  /* document order: 6 0 2 1 7 4 3 5 */
  /* OVERLAP: share a byte */
  Q(l, 10, 20, LORE_Q_OVERLAP, 6, 2, 1, 7, 4, 3);
  Q(l, 0, 10, LORE_Q_OVERLAP, 6, 0, 2);        /* 1 and 4 only touch */
  Q(l, 20, 30, LORE_Q_OVERLAP, 6);
  Q(l, 14, 16, LORE_Q_OVERLAP, 6, 2, 1, 7);
  Q(l, 60, 70, LORE_Q_OVERLAP, END);
  /* an empty range at p overlaps the spans holding byte p and empty spans
  ** at p; a span ending at p does not hold it */
  Q(l, 10, 10, LORE_Q_OVERLAP, 6, 2, 1, 7, 4);
  Q(l, 20, 20, LORE_Q_OVERLAP, 6);
  Q(l, 0, 0, LORE_Q_OVERLAP, 6, 0);
  Q(l, 40, 40, LORE_Q_OVERLAP, 6);
  Q(l, 50, 50, LORE_Q_OVERLAP, END);
  /* an empty span overlaps ranges that hold its position */
  Q(l, 9, 11, LORE_Q_OVERLAP, 6, 0, 2, 1, 7, 4);
  Q(l, 8, 10, LORE_Q_OVERLAP, 6, 0, 2);
  /* INSIDE */
  Q(l, 10, 20, LORE_Q_INSIDE, 1, 7, 4, 3);
  Q(l, 0, 100, LORE_Q_INSIDE, 6, 0, 2, 1, 7, 4, 3, 5);
  Q(l, 11, 19, LORE_Q_INSIDE, 3);
  Q(l, 10, 10, LORE_Q_INSIDE, 4);
  Q(l, 41, 99, LORE_Q_INSIDE, END);
  /* COVER */
  Q(l, 12, 14, LORE_Q_COVER, 6, 2, 1, 7, 3);
  Q(l, 5, 15, LORE_Q_COVER, 6, 2);
  Q(l, 10, 10, LORE_Q_COVER, 6, 0, 2, 1, 7, 4);
  Q(l, 0, 50, LORE_Q_COVER, 6);
  Q(l, 0, 51, LORE_Q_COVER, END);
  /* EXACT */
  Q(l, 10, 20, LORE_Q_EXACT, 1, 7);
  Q(l, 10, 10, LORE_Q_EXACT, 4);
  Q(l, 10, 15, LORE_Q_EXACT, END);
  Q(l, 0, 50, LORE_Q_EXACT, 6);
  /* STARTS */
  Q(l, 10, 0, LORE_Q_STARTS, END);            /* start > end: nothing */
  Q(l, 10, 10, LORE_Q_STARTS, 1, 7, 4);
  Q(l, 10, 99, LORE_Q_STARTS, 1, 7, 4);
  Q(l, 11, 11, LORE_Q_STARTS, END);
  /* bad arguments */
  assert_int_equal(lore_layer_query(l, 20, 10, LORE_Q_OVERLAP, collect, NULL),
                   0);
  assert_int_equal(lore_layer_query(l, 0, 100, 7, NULL, NULL), 0);
  /* no callback: just the count */
  assert_int_equal(lore_layer_query(l, 0, 100, LORE_Q_INSIDE, NULL, NULL), 8);
  lore_layer__free(l);
}

static void test_layer_query_dead_and_stop (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  hits h;
  (void)state;
  add(l, 0, 10, 0, 0);     /* 0 */
  add(l, 2, 8, 0, 0);      /* 1 */
  add(l, 4, 6, 0, 0);      /* 2 */
  add(l, 20, 30, 0, 0);    /* 3 */
  lore_layer_kill(l, 1, 0);
  lore_layer_kill(l, 3, LORE_REMOVED);
  Q(l, 0, 100, LORE_Q_INSIDE, 0, 2);
  Q(l, 0, 100, LORE_Q_INSIDE | LORE_Q_ALL, 0, 1, 2, 3);
  Q(l, 5, 5, LORE_Q_OVERLAP, 0, 2);
  Q(l, 5, 5, LORE_Q_OVERLAP | LORE_Q_ALL, 0, 1, 2);
  Q(l, 4, 6, LORE_Q_COVER | LORE_Q_ALL, 0, 1, 2);
  Q(l, 2, 8, LORE_Q_EXACT, END);
  Q(l, 2, 8, LORE_Q_EXACT | LORE_Q_ALL, 1);
  Q(l, 20, 20, LORE_Q_STARTS | LORE_Q_ALL, 3);
  /* the callback stops the walk: the stopping call is counted */
  memset(&h, 0, sizeof(h));
  h.stop_after = 2;
  assert_int_equal(lore_layer_query(l, 0, 100, LORE_Q_INSIDE | LORE_Q_ALL,
                                    collect, &h), 2);
  assert_int_equal(h.ids[0], 0);
  assert_int_equal(h.ids[1], 1);
  memset(&h, 0, sizeof(h));
  h.stop_after = 1;
  assert_int_equal(lore_layer_query(l, 5, 5, LORE_Q_OVERLAP, collect, &h), 1);
  lore_layer__free(l);
}

/* A callback that changes the layer while it is being walked. */
typedef struct meddle {
  lore_layer *l;
  int what;
  size_t calls;
  uint32_t seen[64];
} meddle;

static int meddle_cb (void *ud, uint32_t id) {
  meddle *m = (meddle *)ud;
  size_t n;
  if (m->calls < 64) m->seen[m->calls] = id;
  m->calls++;
  switch (m->what) {
    case 0: lore_layer_kill(m->l, id + 1, id); break;    /* kill the next */
    case 1:                                              /* add, re-index */
      lore_layer_add(m->l, 0, 100, 0, 0, 0, NULL);
      lore_layer_sorted(m->l, &n);
      lore_layer_query(m->l, 0, 100, LORE_Q_OVERLAP, NULL, NULL);
      break;
    case 2: lore_layer_clear(m->l); break;
    default: break;
  }
  return 0;
}

static void test_layer_query_reentrant (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  meddle m;
  size_t i, n;
  (void)state;
  for (i = 0; i < 10; i++) add(l, (uint32_t)i * 10, (uint32_t)i * 10 + 5, 0, 0);
  /* killing the next span as we go: dead spans are not reported */
  memset(&m, 0, sizeof(m));
  m.l = l;
  m.what = 0;
  assert_int_equal(lore_layer_query(l, 0, 100, LORE_Q_OVERLAP, meddle_cb, &m),
                   5);
  for (i = 0; i < 5; i++) assert_int_equal(m.seen[i], 2 * i);
  /* adding and re-indexing inside the callback: the walk goes on over the
  ** spans it started with */
  memset(&m, 0, sizeof(m));
  m.l = l;
  m.what = 1;
  assert_int_equal(lore_layer_query(l, 0, 100, LORE_Q_INSIDE, meddle_cb, &m),
                   5);
  assert_int_equal(lore_layer_size(l), 15);
  lore_layer_sorted(l, &n);
  assert_int_equal(n, 10);
  /* clearing inside the callback ends the results */
  memset(&m, 0, sizeof(m));
  m.l = l;
  m.what = 2;
  assert_int_equal(lore_layer_query(l, 0, 100, LORE_Q_COVER, meddle_cb, &m),
                   1);
  assert_int_equal(lore_layer_size(l), 0);
  lore_layer__free(l);
}

/* Brute-force query. */
static int bf_match (const lore_span *sp, uint32_t a, uint32_t b, int mode) {
  switch (mode & 0xFF) {
    case LORE_Q_OVERLAP: {
      uint64_t re = b > a ? b : (uint64_t)a + 1;
      uint64_t se = sp->end > sp->start ? sp->end : (uint64_t)sp->start + 1;
      return sp->start < re && se > a;
    }
    case LORE_Q_INSIDE: return sp->start >= a && sp->end <= b;
    case LORE_Q_COVER: return sp->start <= a && sp->end >= b;
    case LORE_Q_EXACT: return sp->start == a && sp->end == b;
    default: return sp->start == a;
  }
}

static const lore_span *g_spans;

static int cmp_doc (const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  const lore_span *x = &g_spans[a], *y = &g_spans[b];
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return a < b ? -1 : a > b;
}

typedef struct idlist {
  uint32_t *ids;
  size_t n;
} idlist;

static int collect_all (void *ud, uint32_t id) {
  idlist *c = (idlist *)ud;
  c->ids[c->n++] = id;
  return 0;
}

static void test_layer_query_random (void **state) {
  const uint32_t textlen = 500;
  lore_layer *l = lore_layer__new("r", textlen);
  uint32_t *want = test_malloc(8000 * sizeof(uint32_t));
  idlist got;
  size_t round, q, i;
  (void)state;
  got.ids = test_malloc(8000 * sizeof(uint32_t));
  rng_state = 0x1234567ULL;
  for (round = 0; round < 24; round++) {
    /* grow the layer, kill some spans: exercises the merge rebuild, and
    ** the unindexed tail of recent additions (up to 32 + sqrt(n)) */
    for (i = 0; i < (round % 3 == 0 ? 150 : round % 3 == 1 ? 50 : 10); i++) {
      uint32_t s = rnd(textlen), len = rnd(8) == 0 ? 0 : rnd(60);
      uint32_t e = s + len > textlen ? textlen : s + len;
      add(l, s, e, rnd(3), 0);
    }
    if (round % 2 == 0)
      for (i = 0; i < 20; i++)
        lore_layer_kill(l, rnd((uint32_t)lore_layer_size(l)), LORE_REMOVED);
    for (q = 0; q < 60; q++) {
      uint32_t a = rnd(textlen + 1), b = a + rnd(80);
      int mode = (int)rnd(5) | (rnd(2) ? LORE_Q_ALL : 0);
      size_t nw = 0, id;
      if (rnd(3) == 0) {                    /* add between queries */
        uint32_t s = rnd(textlen), e = s + rnd(40);
        add(l, s, e > textlen ? textlen : e, 0, 0);
      }
      if (rnd(20) == 0)
        lore_layer_kill(l, rnd((uint32_t)lore_layer_size(l)), LORE_REMOVED);
      g_spans = lore_layer_span(l, 0);
      if (b > textlen) b = textlen;
      if (rnd(6) == 0) b = a;
      for (id = 0; id < lore_layer_size(l); id++) {
        const lore_span *sp = lore_layer_span(l, (uint32_t)id);
        if (!(mode & LORE_Q_ALL) && sp->beaten_by != LORE_NONE) continue;
        if (bf_match(sp, a, b, mode)) want[nw++] = (uint32_t)id;
      }
      qsort(want, nw, sizeof(*want), cmp_doc);
      got.n = 0;
      assert_int_equal(lore_layer_query(l, a, b, mode, collect_all, &got), nw);
      assert_int_equal(got.n, nw);
      for (i = 0; i < nw; i++)
        if (got.ids[i] != want[i])
          fail_msg("round %zu query [%u,%u) mode 0x%x: position %zu is %u, "
                   "want %u", round, a, b, mode, i, got.ids[i], want[i]);
    }
  }
  test_free(want);
  test_free(got.ids);
  lore_layer__free(l);
}

/* }==================================================================== */

/* {====================================================================
** Conflict resolution
** ===================================================================== */

static void test_layer_resolve_longest (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  uint32_t a, b, c, d, e, f, g;
  (void)state;
  a = add(l, 0, 10, 0, 9);      /* loses to the longer b */
  b = add(l, 5, 20, 0, 0);      /* longest: wins */
  c = add(l, 18, 30, 0, 5);     /* overlaps b: loses */
  d = add(l, 20, 25, 0, 0);     /* adjacent to b: wins */
  e = add(l, 40, 45, 0, 1);     /* tie on length with f: higher priority */
  f = add(l, 42, 47, 0, 0);
  g = add(l, 60, 60, 0, 0);     /* empty: overlaps nothing */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, a), b);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(beaten(l, c), b);
  assert_int_equal(beaten(l, d), LORE_NONE);
  assert_int_equal(beaten(l, e), LORE_NONE);
  assert_int_equal(beaten(l, f), e);
  assert_int_equal(beaten(l, g), LORE_NONE);
  lore_layer__free(l);
  /* ties: length and priority equal -> earlier start; then earlier id */
  l = lore_layer__new("x", 100);
  a = add(l, 12, 17, 0, 3);
  b = add(l, 10, 15, 0, 3);
  c = add(l, 50, 55, 0, 3);
  d = add(l, 50, 55, 0, 3);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, a), b);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(beaten(l, c), LORE_NONE);
  assert_int_equal(beaten(l, d), c);
  lore_layer__free(l);
}

static void test_layer_resolve_priority (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  uint32_t a, b, c, d, e, f, g;
  (void)state;
  a = add(l, 0, 30, 0, 1);      /* long but low priority: loses */
  b = add(l, 5, 8, 0, 5);       /* highest priority: wins */
  c = add(l, 10, 12, 0, 2);     /* disjoint from b, overlaps a: wins over a */
  d = add(l, 40, 50, 0, -1);    /* tie priority with e: longer wins */
  e = add(l, 45, 48, 0, -1);
  f = add(l, 60, 64, 0, 7);     /* tie priority and length: earlier start */
  g = add(l, 58, 62, 0, 7);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_PRIORITY), LORE_OK);
  assert_int_equal(beaten(l, a), b);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(beaten(l, c), LORE_NONE);
  assert_int_equal(beaten(l, d), LORE_NONE);
  assert_int_equal(beaten(l, e), d);
  assert_int_equal(beaten(l, f), g);
  assert_int_equal(beaten(l, g), LORE_NONE);
  lore_layer__free(l);
  /* full tie: earlier id */
  l = lore_layer__new("x", 100);
  a = add(l, 1, 4, 0, 2);
  b = add(l, 1, 4, 0, 2);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_PRIORITY), LORE_OK);
  assert_int_equal(beaten(l, a), LORE_NONE);
  assert_int_equal(beaten(l, b), a);
  lore_layer__free(l);
}

static void test_layer_resolve_first (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  uint32_t a, b, c, d, e, f, g, h;
  (void)state;
  a = add(l, 0, 5, 0, 0);       /* earliest: wins */
  b = add(l, 3, 40, 0, 9);      /* overlaps a: loses despite length */
  c = add(l, 5, 9, 0, 0);       /* adjacent to a: wins */
  d = add(l, 20, 22, 0, 0);     /* same start as e, shorter: loses */
  e = add(l, 20, 25, 0, 0);
  f = add(l, 30, 34, 0, 1);     /* same start and length: priority */
  g = add(l, 30, 34, 0, 2);
  h = add(l, 30, 34, 0, 2);     /* full tie with g: later id loses */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_FIRST), LORE_OK);
  assert_int_equal(beaten(l, a), LORE_NONE);
  assert_int_equal(beaten(l, b), a);
  assert_int_equal(beaten(l, c), LORE_NONE);
  assert_int_equal(beaten(l, d), e);
  assert_int_equal(beaten(l, e), LORE_NONE);
  assert_int_equal(beaten(l, f), g);
  assert_int_equal(beaten(l, g), LORE_NONE);
  assert_int_equal(beaten(l, h), g);
  lore_layer__free(l);
}

static void test_layer_resolve_beaten_by (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  uint32_t a, b, c, d;
  (void)state;
  /* c overlaps both winners; it is charged to the one accepted first (a,
  ** the higher priority), although b comes first in the text */
  a = add(l, 10, 14, 0, 9);
  b = add(l, 2, 6, 0, 5);
  c = add(l, 4, 12, 0, 1);
  d = add(l, 13, 20, 0, 0);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_PRIORITY), LORE_OK);
  assert_int_equal(beaten(l, a), LORE_NONE);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(beaten(l, c), a);
  assert_int_equal(beaten(l, d), a);
  lore_layer__free(l);
  /* nested spans: the outer one wins under LONGEST */
  l = lore_layer__new("x", 100);
  a = add(l, 0, 20, 0, 0);
  b = add(l, 5, 10, 0, 0);
  c = add(l, 0, 3, 0, 0);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, a), LORE_NONE);
  assert_int_equal(beaten(l, b), a);
  assert_int_equal(beaten(l, c), a);
  lore_layer__free(l);
  /* dead spans take no part, vetoes stay */
  l = lore_layer__new("x", 100);
  a = add(l, 0, 50, 0, 0);
  b = add(l, 5, 10, 0, 0);
  lore_layer_kill(l, a, LORE_REMOVED);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, a), LORE_REMOVED);
  assert_int_equal(beaten(l, b), LORE_NONE);
  /* resolving twice changes nothing */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_FIRST), LORE_OK);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(lore_layer_resolve(l, 3), LORE_EINVAL);
  lore_layer__free(l);
}

static void test_layer_resolve_per_label (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  uint32_t a, b, c, d, e;
  const uint32_t *ids;
  size_t n;
  (void)state;
  a = add(l, 0, 10, 1, 0);      /* PERSON */
  b = add(l, 5, 12, 2, 0);      /* ORG: overlaps a, other label */
  c = add(l, 8, 20, 1, 0);      /* PERSON: overlaps a, longer: wins */
  d = add(l, 6, 7, 2, 0);       /* ORG: inside b: loses to b */
  e = add(l, 30, 30, 1, 0);     /* empty */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST |
                                      LORE_RESOLVE_PER_LABEL), LORE_OK);
  assert_int_equal(beaten(l, a), c);
  assert_int_equal(beaten(l, b), LORE_NONE);
  assert_int_equal(beaten(l, c), LORE_NONE);
  assert_int_equal(beaten(l, d), b);
  assert_int_equal(beaten(l, e), LORE_NONE);
  ids = lore_layer_sorted(l, &n);
  assert_int_equal(n, 3);
  assert_int_equal(ids[0], b);
  assert_int_equal(ids[1], c);
  assert_int_equal(ids[2], e);
  /* then across labels */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, b), c);
  assert_int_equal(beaten(l, c), LORE_NONE);
  lore_layer__free(l);
}

/* Brute force: candidates in policy order, each checked against the
** accepted spans in acceptance order. */
static int g_policy, g_per_label;

static int cmp_policy (const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  const lore_span *x = &g_spans[a], *y = &g_spans[b];
  long lx = (long)x->end - x->start, ly = (long)y->end - y->start;
  if (g_per_label && x->label != y->label) return x->label < y->label ? -1 : 1;
  if (g_policy == LORE_POLICY_LONGEST) {
    if (lx != ly) return lx > ly ? -1 : 1;
    if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
  } else if (g_policy == LORE_POLICY_PRIORITY) {
    if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
    if (lx != ly) return lx > ly ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
  } else {
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (lx != ly) return lx > ly ? -1 : 1;
    if (x->priority != y->priority) return x->priority > y->priority ? -1 : 1;
  }
  return a < b ? -1 : a > b;
}

static void brute_resolve (const lore_span *in, size_t n, int policy,
                           uint32_t *out) {
  uint32_t *order = test_malloc(n * sizeof(*order));
  uint32_t *acc = test_malloc(n * sizeof(*acc));
  size_t m = 0, nacc = 0, i, j;
  for (i = 0; i < n; i++) {
    out[i] = in[i].beaten_by;
    if (in[i].beaten_by == LORE_NONE) order[m++] = (uint32_t)i;
  }
  g_spans = in;
  g_policy = policy & 0xFF;
  g_per_label = (policy & LORE_RESOLVE_PER_LABEL) != 0;
  qsort(order, m, sizeof(*order), cmp_policy);
  for (i = 0; i < m; i++) {
    const lore_span *c = &in[order[i]];
    int lost = 0;
    if (c->start == c->end) continue;
    for (j = 0; j < nacc; j++) {
      const lore_span *w = &in[acc[j]];
      if (g_per_label && w->label != c->label) continue;
      if (w->start < c->end && c->start < w->end) {
        out[order[i]] = acc[j];
        lost = 1;
        break;
      }
    }
    if (!lost) acc[nacc++] = order[i];
  }
  test_free(order);
  test_free(acc);
}

static void test_layer_resolve_vs_brute (void **state) {
  int policy, per_label, round;
  (void)state;
  rng_state = 0xC0FFEEULL;
  for (round = 0; round < 4; round++) {
    for (policy = 0; policy < 3; policy++) {
      for (per_label = 0; per_label < 2; per_label++) {
        const uint32_t textlen = 3000, n = 1500;
        lore_layer *l = lore_layer__new("r", textlen);
        lore_span *copy = test_malloc(n * sizeof(*copy));
        uint32_t *want = test_malloc(n * sizeof(*want));
        int p = policy | (per_label ? LORE_RESOLVE_PER_LABEL : 0);
        uint32_t i;
        for (i = 0; i < n; i++) {
          uint32_t s = rnd(textlen), len = rnd(10) == 0 ? 0 : 1 + rnd(40);
          uint32_t e = s + len > textlen ? textlen : s + len;
          /* few distinct priorities and lengths: many ties */
          add(l, s, e, rnd(3), (int32_t)rnd(4) - 1);
        }
        for (i = 0; i < 50; i++) lore_layer_kill(l, rnd(n), LORE_REMOVED);
        memcpy(copy, lore_layer_span(l, 0), n * sizeof(*copy));
        brute_resolve(copy, n, p, want);
        assert_int_equal(lore_layer_resolve(l, p), LORE_OK);
        {
          uint32_t lost = 0;                    /* the case is not trivial */
          for (i = 0; i < n; i++)
            lost += want[i] != LORE_NONE && want[i] != LORE_REMOVED;
          assert_true(lost > n / 5);
        }
        for (i = 0; i < n; i++)
          if (beaten(l, i) != want[i])
            fail_msg("policy %d per_label %d: span %u beaten_by %u, want %u",
                     policy, per_label, i, beaten(l, i), want[i]);
        test_free(copy);
        test_free(want);
        lore_layer__free(l);
      }
    }
  }
}

static void test_layer_resolve_large (void **state) {
  const uint32_t n = 200000, textlen = 4000000;
  int policy;
  (void)state;
  rng_state = 0xBADC0DEULL;
  for (policy = 0; policy < 3; policy++) {
    lore_layer *l = lore_layer__new("big", textlen);
    const uint32_t *ids;
    size_t nlive, i;
    uint32_t id;
    for (i = 0; i < n; i++) {
      uint32_t s = rnd(textlen), e = s + 1 + rnd(60);
      if (e > textlen) e = textlen;
      add(l, s, e, rnd(5), (int32_t)rnd(10));
    }
    if (policy == LORE_POLICY_PRIORITY)
      add(l, 0, textlen, 0, -100);  /* a giant span that loses everywhere */
    assert_int_equal(lore_layer_resolve(l, policy), LORE_OK);
    ids = lore_layer_sorted(l, &nlive);
    assert_true(nlive > 0);
    /* the survivors do not overlap */
    for (i = 1; i < nlive; i++) {
      const lore_span *x = lore_layer_span(l, ids[i - 1]);
      const lore_span *y = lore_layer_span(l, ids[i]);
      assert_true(x->end <= y->start);
    }
    /* every loser overlaps the live span that beat it, which ranks first */
    g_spans = lore_layer_span(l, 0);
    g_policy = policy;
    g_per_label = 0;
    for (id = 0; id < lore_layer_size(l); id++) {
      const lore_span *sp = lore_layer_span(l, id), *w;
      uint32_t wid;
      if (sp->beaten_by == LORE_NONE) continue;
      wid = sp->beaten_by;
      w = lore_layer_span(l, wid);
      assert_non_null(w);
      assert_int_equal(w->beaten_by, LORE_NONE);
      assert_true(w->start < sp->end && sp->start < w->end);
      assert_true(cmp_policy(&wid, &id) < 0);
    }
    assert_true(nlive > n / 4 && nlive < n);
    if (policy == LORE_POLICY_PRIORITY)
      assert_int_not_equal(beaten(l, n), LORE_NONE);
    lore_layer__free(l);
  }
}

/* }==================================================================== */

/* {====================================================================
** Attributes
** ===================================================================== */

static void set_str (lore_layer *l, uint32_t id, const char *k,
                     const char *s, int type) {
  lore_value v;
  v.type = type;
  v.u.s.p = s;
  v.u.s.len = strlen(s);
  assert_int_equal(lore_layer_set_attr(l, id, k, strlen(k), &v), LORE_OK);
}

static void test_layer_attr_types (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  lore_value v;
  char buf[16];
  const char *key;
  size_t klen;
  (void)state;
  add(l, 0, 5, 0, 0);
  add(l, 5, 9, 0, 0);
  v.type = LORE_V_BOOL; v.u.b = 42;
  assert_int_equal(lore_layer_set_attr(l, 0, "ok", 2, &v), LORE_OK);
  v.type = LORE_V_INT; v.u.i = -9007199254740993LL;
  assert_int_equal(lore_layer_set_attr(l, 0, "n", 1, &v), LORE_OK);
  v.type = LORE_V_NUM; v.u.n = 1.4e6;
  assert_int_equal(lore_layer_set_attr(l, 0, "value", 5, &v), LORE_OK);
  strcpy(buf, "Xi Jinping");
  set_str(l, 0, "name", buf, LORE_V_STR);
  memset(buf, 'z', sizeof(buf));          /* the layer kept its own copy */
  set_str(l, 0, "tags", "[\"a\",{\"b\":1}]", LORE_V_JSON);
  set_str(l, 0, "empty", "", LORE_V_STR);
  assert_int_equal(lore_layer_nattrs(l, 0), 6);
  assert_int_equal(lore_layer_nattrs(l, 1), 0);
  assert_int_equal(lore_layer_get_attr(l, 0, "ok", 2, &v), 1);
  assert_int_equal(v.type, LORE_V_BOOL);
  assert_int_equal(v.u.b, 1);
  assert_int_equal(lore_layer_get_attr(l, 0, "n", 1, &v), 1);
  assert_int_equal(v.type, LORE_V_INT);
  assert_true(v.u.i == -9007199254740993LL);
  assert_int_equal(lore_layer_get_attr(l, 0, "value", 5, &v), 1);
  assert_int_equal(v.type, LORE_V_NUM);
  assert_true(v.u.n == 1.4e6);
  assert_int_equal(lore_layer_get_attr(l, 0, "name", 4, &v), 1);
  assert_int_equal(v.type, LORE_V_STR);
  assert_int_equal(v.u.s.len, 10);
  assert_string_equal(v.u.s.p, "Xi Jinping");
  assert_int_equal(lore_layer_get_attr(l, 0, "tags", 4, &v), 1);
  assert_int_equal(v.type, LORE_V_JSON);
  assert_string_equal(v.u.s.p, "[\"a\",{\"b\":1}]");
  assert_int_equal(lore_layer_get_attr(l, 0, "empty", 5, &v), 1);
  assert_int_equal(v.u.s.len, 0);
  assert_string_equal(v.u.s.p, "");
  /* absent keys, key prefixes, other spans */
  assert_int_equal(lore_layer_get_attr(l, 0, "nam", 3, &v), 0);
  assert_int_equal(lore_layer_get_attr(l, 0, "names", 5, &v), 0);
  assert_int_equal(lore_layer_get_attr(l, 1, "name", 4, &v), 0);
  assert_int_equal(lore_layer_get_attr(l, 0, "name", 4, NULL), 1);
  /* setting order */
  assert_int_equal(lore_layer_attr_at(l, 0, 0, &key, &klen, &v), 1);
  assert_int_equal(klen, 2);
  assert_string_equal(key, "ok");
  assert_int_equal(lore_layer_attr_at(l, 0, 3, &key, &klen, &v), 1);
  assert_string_equal(key, "name");
  assert_int_equal(v.type, LORE_V_STR);
  assert_int_equal(lore_layer_attr_at(l, 0, 5, &key, &klen, NULL), 1);
  assert_string_equal(key, "empty");
  assert_int_equal(lore_layer_attr_at(l, 0, 6, &key, &klen, &v), 0);
  assert_int_equal(lore_layer_attr_at(l, 1, 0, &key, &klen, &v), 0);
  /* binary keys: the length counts */
  v.type = LORE_V_INT; v.u.i = 7;
  assert_int_equal(lore_layer_set_attr(l, 1, "a\0b", 3, &v), LORE_OK);
  assert_int_equal(lore_layer_get_attr(l, 1, "a", 1, &v), 0);
  assert_int_equal(lore_layer_get_attr(l, 1, "a\0b", 3, &v), 1);
  assert_int_equal(v.u.i, 7);
  /* an empty key is a key */
  v.type = LORE_V_INT; v.u.i = 8;
  assert_int_equal(lore_layer_set_attr(l, 1, "", 0, &v), LORE_OK);
  assert_int_equal(lore_layer_get_attr(l, 1, NULL, 0, &v), 1);
  assert_int_equal(v.u.i, 8);
  lore_layer__free(l);
}

static void test_layer_attr_overwrite_delete (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  lore_value v, old;
  const char *key;
  size_t klen;
  (void)state;
  add(l, 0, 5, 0, 0);
  set_str(l, 0, "a", "1", LORE_V_STR);
  set_str(l, 0, "b", "2", LORE_V_STR);
  set_str(l, 0, "c", "3", LORE_V_STR);
  assert_int_equal(lore_layer_get_attr(l, 0, "b", 1, &old), 1);
  /* overwrite keeps the position, and may change the type */
  v.type = LORE_V_NUM; v.u.n = 2.5;
  assert_int_equal(lore_layer_set_attr(l, 0, "b", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_nattrs(l, 0), 3);
  assert_int_equal(lore_layer_attr_at(l, 0, 1, &key, &klen, &v), 1);
  assert_string_equal(key, "b");
  assert_int_equal(v.type, LORE_V_NUM);
  assert_true(v.u.n == 2.5);
  assert_string_equal(old.u.s.p, "2");      /* old strings stay readable */
  set_str(l, 0, "a", "one", LORE_V_STR);
  assert_int_equal(lore_layer_attr_at(l, 0, 0, &key, &klen, &v), 1);
  assert_string_equal(key, "a");
  assert_string_equal(v.u.s.p, "one");
  /* delete the middle, the head, the tail */
  v.type = LORE_V_NIL;
  assert_int_equal(lore_layer_set_attr(l, 0, "b", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_nattrs(l, 0), 2);
  assert_int_equal(lore_layer_get_attr(l, 0, "b", 1, &v), 0);
  assert_int_equal(lore_layer_attr_at(l, 0, 1, &key, &klen, &v), 1);
  assert_string_equal(key, "c");
  /* a deleted key set again goes to the end */
  set_str(l, 0, "b", "again", LORE_V_STR);
  assert_int_equal(lore_layer_attr_at(l, 0, 2, &key, &klen, &v), 1);
  assert_string_equal(key, "b");
  v.type = LORE_V_NIL;
  assert_int_equal(lore_layer_set_attr(l, 0, "a", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_set_attr(l, 0, "b", 1, NULL), LORE_OK);
  assert_int_equal(lore_layer_nattrs(l, 0), 1);
  assert_int_equal(lore_layer_attr_at(l, 0, 0, &key, &klen, &v), 1);
  assert_string_equal(key, "c");
  set_str(l, 0, "d", "4", LORE_V_STR);        /* append after a deleted tail */
  assert_int_equal(lore_layer_attr_at(l, 0, 1, &key, &klen, &v), 1);
  assert_string_equal(key, "d");
  v.type = LORE_V_NIL;
  assert_int_equal(lore_layer_set_attr(l, 0, "c", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_set_attr(l, 0, "d", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_nattrs(l, 0), 0);
  /* deleting what is not there is fine */
  assert_int_equal(lore_layer_set_attr(l, 0, "zz", 2, &v), LORE_OK);
  set_str(l, 0, "e", "5", LORE_V_STR);
  assert_int_equal(lore_layer_nattrs(l, 0), 1);
  lore_layer__free(l);
}

static void test_layer_attr_errors (void **state) {
  lore_layer *l = lore_layer__new("x", 100);
  lore_value v;
  char big[10000];
  size_t i;
  (void)state;
  v.type = LORE_V_INT; v.u.i = 1;
  assert_int_equal(lore_layer_set_attr(l, 0, "k", 1, &v), LORE_ERANGE);
  add(l, 0, 5, 0, 0);
  assert_int_equal(lore_layer_set_attr(l, 1, "k", 1, &v), LORE_ERANGE);
  assert_int_equal(lore_layer_set_attr(l, UINT32_MAX, "k", 1, &v),
                   LORE_ERANGE);
  assert_int_equal(lore_layer_set_attr(l, 0, NULL, 1, &v), LORE_EINVAL);
  v.type = 99;
  assert_int_equal(lore_layer_set_attr(l, 0, "k", 1, &v), LORE_EINVAL);
  v.type = LORE_V_STR; v.u.s.p = NULL; v.u.s.len = 3;
  assert_int_equal(lore_layer_set_attr(l, 0, "k", 1, &v), LORE_EINVAL);
  v.u.s.len = 0;                               /* NULL, 0: the empty string */
  assert_int_equal(lore_layer_set_attr(l, 0, "k", 1, &v), LORE_OK);
  assert_int_equal(lore_layer_get_attr(l, 0, "k", 1, &v), 1);
  assert_string_equal(v.u.s.p, "");
  assert_int_equal(lore_layer_nattrs(l, 7), 0);
  assert_int_equal(lore_layer_get_attr(l, 7, "k", 1, &v), 0);
  /* attributes of a dead span still work; big values; many spans */
  lore_layer_kill(l, 0, LORE_REMOVED);
  memset(big, 'q', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  set_str(l, 0, "big", big, LORE_V_STR);
  for (i = 1; i < 300; i++) {
    char k[16];
    add(l, 0, 1, 0, 0);
    snprintf(k, sizeof k, "k%zu", i);
    set_str(l, (uint32_t)i, k, k, LORE_V_STR);
  }
  assert_int_equal(lore_layer_get_attr(l, 0, "big", 3, &v), 1);
  assert_int_equal(v.u.s.len, sizeof(big) - 1);
  assert_int_equal(lore_layer_get_attr(l, 299, "k299", 4, &v), 1);
  assert_string_equal(v.u.s.p, "k299");
  /* clearing drops spans and attributes */
  lore_layer_clear(l);
  add(l, 0, 5, 0, 0);
  assert_int_equal(lore_layer_nattrs(l, 0), 0);
  assert_int_equal(lore_layer_get_attr(l, 0, "big", 3, &v), 0);
  lore_layer__free(l);
}

/* }==================================================================== */

/* {====================================================================
** Removing the spans of one layer inside those of another
** ===================================================================== */

/* Small layers (the sorted-array path, spans sorted on the stack up to 128)
** and a mix of small and large label groups, against brute force. */
static void test_layer_resolve_small_vs_brute (void **state) {
  int round;
  (void)state;
  rng_state = 0x5EED5EEDULL;
  for (round = 0; round < 600; round++) {
    int policy = round % 3, per_label = (round / 3) % 2;
    int mixed = round % 50 == 0;               /* one group above 1024 */
    uint32_t n = mixed ? 1500 : 2 + rnd(300);
    uint32_t textlen = mixed ? 4000 : 1 + rnd(400);
    lore_layer *l = lore_layer__new("r", textlen);
    lore_span *copy = test_malloc(n * sizeof(*copy));
    uint32_t *want = test_malloc(n * sizeof(*want));
    int p = policy | (per_label ? LORE_RESOLVE_PER_LABEL : 0);
    uint32_t i;
    for (i = 0; i < n; i++) {
      uint32_t s = rnd(textlen), len = rnd(8) == 0 ? 0 : 1 + rnd(30);
      uint32_t e = s + len > textlen ? textlen : s + len;
      uint32_t label = mixed ? (i < 1100 ? 0 : 1 + rnd(3)) : rnd(3);
      add(l, s, e, label, (int32_t)rnd(4) - 1);
    }
    for (i = 0; i < n / 10; i++) lore_layer_kill(l, rnd(n), LORE_REMOVED);
    memcpy(copy, lore_layer_span(l, 0), n * sizeof(*copy));
    brute_resolve(copy, n, p, want);
    assert_int_equal(lore_layer_resolve(l, p), LORE_OK);
    for (i = 0; i < n; i++)
      if (beaten(l, i) != want[i])
        fail_msg("round %d policy %d per_label %d n %u: span %u beaten_by %u, "
                 "want %u", round, policy, per_label, n, i, beaten(l, i),
                 want[i]);
    test_free(copy);
    test_free(want);
    lore_layer__free(l);
  }
}

/* A resolved layer is resolved again only when spans were added, or to
** resolve across labels after a per-label resolve; a cleared layer starts
** afresh. */
static void test_layer_resolve_again (void **state) {
  lore_layer *l = lore_layer__new("r", 100);
  (void)state;
  add(l, 0, 10, 1, 0);                         /* 0 */
  add(l, 5, 12, 2, 0);                         /* 1: overlaps 0, other label */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST |
                                         LORE_RESOLVE_PER_LABEL), LORE_OK);
  assert_int_equal(beaten(l, 0), LORE_NONE);
  assert_int_equal(beaten(l, 1), LORE_NONE);
  /* per label again: nothing; across labels: 0 (longer) wins */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_FIRST |
                                         LORE_RESOLVE_PER_LABEL), LORE_OK);
  assert_int_equal(beaten(l, 1), LORE_NONE);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, 1), 0);
  /* a span added later is resolved against the live ones */
  add(l, 8, 30, 1, 0);                         /* 2: longest, overlaps 0 */
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, 0), 2);
  assert_int_equal(beaten(l, 2), LORE_NONE);
  /* removing keeps it resolved; resolving again changes nothing */
  lore_layer_kill(l, 2, LORE_REMOVED);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_PRIORITY), LORE_OK);
  assert_int_equal(beaten(l, 0), 2);
  /* cleared and refilled with as many spans: resolved for real */
  lore_layer_clear(l);
  add(l, 0, 10, 1, 0);
  add(l, 5, 12, 1, 0);
  add(l, 20, 25, 1, 0);
  assert_int_equal(lore_layer_resolve(l, LORE_POLICY_LONGEST), LORE_OK);
  assert_int_equal(beaten(l, 0), LORE_NONE);
  assert_int_equal(beaten(l, 1), 0);
  assert_int_equal(beaten(l, 2), LORE_NONE);
  lore_layer__free(l);
}

static void test_layer_remove_inside (void **state) {
  lore_layer *a = lore_layer__new("a", 100), *b = lore_layer__new("b", 100);
  (void)state;
  /* a: [0,5) [10,20) [12,15) [15,15) [18,25) [30,40) [40,40) */
  add(a, 0, 5, 0, 0);
  add(a, 10, 20, 0, 0);
  add(a, 12, 15, 0, 0);
  add(a, 15, 15, 0, 0);
  add(a, 18, 25, 0, 0);
  add(a, 30, 40, 0, 0);
  add(a, 40, 40, 0, 0);
  /* b: [11,19) [10,16) (nested order does not matter), [30,40), a dead
  ** [0,100) */
  add(b, 11, 19, 0, 0);
  add(b, 10, 16, 0, 0);
  add(b, 30, 40, 0, 0);
  add(b, 0, 100, 0, 0);
  lore_layer_kill(b, 3, LORE_REMOVED);
  assert_int_equal(lore_layer_remove_inside(a, b), 4);
  assert_int_equal(beaten(a, 0), LORE_NONE);
  assert_int_equal(beaten(a, 1), LORE_NONE);        /* [10,20) sticks out */
  assert_int_equal(beaten(a, 2), LORE_REMOVED);     /* inside both */
  assert_int_equal(beaten(a, 3), LORE_REMOVED);     /* empty, at 15 */
  assert_int_equal(beaten(a, 4), LORE_NONE);
  assert_int_equal(beaten(a, 5), LORE_REMOVED);     /* exactly equal */
  assert_int_equal(beaten(a, 6), LORE_REMOVED);     /* empty, at the end */
  /* a second pass finds nothing more; b is unchanged */
  assert_int_equal(lore_layer_remove_inside(a, b), 0);
  assert_int_equal(beaten(b, 0), LORE_NONE);
  /* a layer inside itself: every live span goes */
  assert_int_equal(lore_layer_remove_inside(a, a), 3);
  assert_int_equal(beaten(a, 0), LORE_REMOVED);
  assert_int_equal(lore_layer_remove_inside(a, a), 0);
  lore_layer__free(a);
  lore_layer__free(b);
}

/* Against brute force: kill what an INSIDE query per span of b reports. */
static int kill_cb (void *ud, uint32_t id) {
  lore_layer_kill((lore_layer *)ud, id, LORE_REMOVED);
  return 0;
}

static void test_layer_remove_inside_random (void **state) {
  int round;
  (void)state;
  rng_state = 0x9e3779b97f4a7c15ULL;
  for (round = 0; round < 200; round++) {
    uint32_t len = 1 + rnd(200);
    lore_layer *a1 = lore_layer__new("a", len), *a2 = lore_layer__new("a", len);
    lore_layer *b = lore_layer__new("b", len);
    size_t na = rnd(60), nb = rnd(12), i, n, expect = 0;
    long got;
    const uint32_t *ids;
    for (i = 0; i < na; i++) {
      uint32_t s = rnd(len + 1), e = s + rnd(len - s + 1);
      add(a1, s, e, 0, 0);
      add(a2, s, e, 0, 0);
      if (rnd(5) == 0) {                  /* some dead already */
        lore_layer_kill(a1, (uint32_t)i, LORE_REMOVED);
        lore_layer_kill(a2, (uint32_t)i, LORE_REMOVED);
      }
    }
    for (i = 0; i < nb; i++) {
      uint32_t s = rnd(len + 1), e = s + rnd(len - s + 1);
      add(b, s, e, 0, 0);
      if (rnd(6) == 0) lore_layer_kill(b, (uint32_t)i, LORE_REMOVED);
    }
    if (rnd(2)) lore_layer_resolve(b, LORE_POLICY_LONGEST);
    ids = lore_layer_sorted(b, &n);
    for (i = 0; i < n; i++) {
      const lore_span *sp = lore_layer_span(b, ids[i]);
      lore_layer_query(a2, sp->start, sp->end, LORE_Q_INSIDE, kill_cb, a2);
    }
    for (i = 0; i < na; i++)
      if (beaten(a1, (uint32_t)i) == LORE_NONE &&
          beaten(a2, (uint32_t)i) != LORE_NONE) expect++;
    got = lore_layer_remove_inside(a1, b);
    assert_int_equal(got, (long)expect);
    for (i = 0; i < na; i++)
      assert_int_equal(beaten(a1, (uint32_t)i), beaten(a2, (uint32_t)i));
    lore_layer__free(a1);
    lore_layer__free(a2);
    lore_layer__free(b);
  }
}

/* }==================================================================== */

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_layer_new_add),
    cmocka_unit_test(test_layer_kill_clear),
    cmocka_unit_test(test_layer_sorted),
    cmocka_unit_test(test_layer_query_modes),
    cmocka_unit_test(test_layer_query_dead_and_stop),
    cmocka_unit_test(test_layer_query_reentrant),
    cmocka_unit_test(test_layer_query_random),
    cmocka_unit_test(test_layer_resolve_longest),
    cmocka_unit_test(test_layer_resolve_priority),
    cmocka_unit_test(test_layer_resolve_first),
    cmocka_unit_test(test_layer_resolve_beaten_by),
    cmocka_unit_test(test_layer_resolve_per_label),
    cmocka_unit_test(test_layer_resolve_vs_brute),
    cmocka_unit_test(test_layer_resolve_large),
    cmocka_unit_test(test_layer_attr_types),
    cmocka_unit_test(test_layer_attr_overwrite_delete),
    cmocka_unit_test(test_layer_attr_errors),
    cmocka_unit_test(test_layer_resolve_small_vs_brute),
    cmocka_unit_test(test_layer_resolve_again),
    cmocka_unit_test(test_layer_remove_inside),
    cmocka_unit_test(test_layer_remove_inside_random),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
