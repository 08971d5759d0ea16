/*
** lore_tpat_vm.c
** Token patterns: the matcher, a Pike VM (Thompson NFA simulation with
** capture slots). Threads advance together one token at a time; at most
** one thread per (instruction, position) survives, the one of highest
** priority, so a scan costs O(tokens x program size) and never backtracks.
**
** Multi-token atoms (@gazetteer, <LABEL>) send a thread several tokens
** ahead. Such a thread stays in the list as a "waiting" thread (pc, until)
** so that it keeps its place in the priority order, which leftmost-first
** semantics need; waiting threads are deduplicated per (pc, until), so
** their number is bounded by the distinct entry/span ends ahead.
**
** Per-scan state (region bitmaps, thread lists) lives in p->vm and is
** reused by the next call: a pattern is used by one thread at a time.
*/
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_tpat_int.h"
#include "lore_utf8.h"

#define TP_UNSET      UINT32_MAX
#define TP_EXPLORE    UINT32_MAX   /* tp_se.slot of an "explore pc" entry */
#define TP_CHUNK0     16           /* first region bitmap chunk (tokens) */
#define TP_CHUNKMAX   4096

typedef struct tp_thr {
  uint32_t pc;
  uint32_t until;   /* 0: active at the list's position; else the position
                       where it resumes at pc (after a multi-token atom) */
} tp_thr;

typedef struct tp_wkey {
  uint32_t pc, until, gen;
} tp_wkey;

typedef struct tp_list {
  tp_thr *t;
  uint32_t *caps;   /* ns slots per thread */
  size_t n, cap;
  uint32_t gen;     /* stamp of this list in visited[] and wh[] */
  tp_wkey *wh;      /* waiting threads seen: (pc, until) */
  size_t whcap, nwait;
} tp_list;

/* Closure stack entry: explore pc, or restore cur[slot] = val. */
typedef struct tp_se {
  uint32_t pc, slot, val;
} tp_se;

/* Bits (TP_R_*) of a region for tokens lo .. lo+done, filled in chunks. */
typedef struct tp_rcache {
  uint8_t *bits;
  size_t cap, done, chunk;
  lore_layer *layer;
} tp_rcache;

struct tp_vm {
  tp_list l[2];
  uint32_t *visited;    /* per pc: gen of the list that reached it */
  uint32_t gen;
  tp_se *stack;         /* 2 * nprog + 2 entries */
  uint32_t ns;          /* capture slots: start, unused, 2 per capture */
  uint32_t *cur;        /* working captures of the closure */
  uint32_t *best;       /* captures of the best match */
  tp_rcache *rc;        /* per region */
  uint32_t nrc;
  lore_gaz_match *gbuf;
  size_t gcap;
  uint32_t *ends;       /* ends of a multi-token atom, descending */
  size_t nends, endscap;
  lore_buf shape;
  int busy;
};

typedef struct tp_ctx {
  lore_tpat *p;
  struct tp_vm *vm;
  lore_doc *d;
  const lore_token *tok;
  size_t ntok;
  const char *text;
  size_t textlen;
  const char *vtext;    /* lore_doc_valid_text, on first use */
  size_t lo, hi;        /* token range */
  unsigned opts;
  uint64_t steps, budget;
  size_t shape_tok;     /* token whose shape is in vm->shape */
  lore_error *err;
} tp_ctx;

/* {====================================================================
** Scratch
** ===================================================================== */

static void list_free (tp_list *l) {
  lore_free(l->t);
  lore_free(l->caps);
  lore_free(l->wh);
}

void lore_tpat__vm_free (struct tp_vm *vm) {
  uint32_t j;
  if (vm == NULL) return;
  list_free(&vm->l[0]);
  list_free(&vm->l[1]);
  if (vm->rc != NULL)
    for (j = 0; j < vm->nrc; j++) lore_free(vm->rc[j].bits);
  lore_free(vm->rc);
  lore_free(vm->visited);
  lore_free(vm->stack);
  lore_free(vm->cur);
  lore_free(vm->best);
  lore_free(vm->gbuf);
  lore_free(vm->ends);
  lore_buf_free(&vm->shape);
  lore_free(vm);
}

static struct tp_vm *vm_new (const lore_tpat *p) {
  struct tp_vm *vm = (struct tp_vm *)lore_calloc(1, sizeof *vm);
  uint32_t j;
  if (vm == NULL) return NULL;
  vm->ns = 2 + 2 * (uint32_t)p->ncaps;
  vm->visited = (uint32_t *)lore_calloc(p->nprog, sizeof(uint32_t));
  vm->stack = (tp_se *)lore_malloc((2 * (size_t)p->nprog + 2) * sizeof(tp_se));
  vm->cur = (uint32_t *)lore_malloc(vm->ns * sizeof(uint32_t));
  vm->best = (uint32_t *)lore_malloc(vm->ns * sizeof(uint32_t));
  vm->rc = (tp_rcache *)lore_calloc(p->nregions + 1, sizeof(tp_rcache));
  lore_buf_init(&vm->shape);
  if (vm->rc != NULL) vm->nrc = p->nregions;
  if (vm->visited == NULL || vm->stack == NULL || vm->cur == NULL ||
      vm->best == NULL || vm->rc == NULL) {
    lore_tpat__vm_free(vm);
    return NULL;
  }
  for (j = 0; j < p->nregions; j++) vm->rc[j].chunk = TP_CHUNK0;
  return vm;
}

static int oom (tp_ctx *c) {
  return lore_error_set(c->err, LORE_ENOMEM, 0, "out of memory");
}

static int budget_fail (tp_ctx *c, size_t pos) {
  const char *s = c->p->src;
  size_t n = c->p->srclen;
  return lore_error_set(c->err, LORE_ELIMIT,
                        pos < c->ntok ? c->tok[pos].start : c->textlen,
                        "token pattern '%.*s%s' ran out of its step budget "
                        "(%llu VM steps) at token %zu",
                        (int)(n > 60 ? 60 : n), s, n > 60 ? "..." : "",
                        (unsigned long long)c->budget, pos);
}

/* New generation for a list being rebuilt. */
static void list_reset (struct tp_vm *vm, tp_list *l, uint32_t nprog) {
  l->n = 0;
  l->nwait = 0;
  if (++vm->gen == 0) {             /* wrapped: forget every stamp */
    memset(vm->visited, 0, nprog * sizeof(uint32_t));
    if (vm->l[0].wh) memset(vm->l[0].wh, 0, vm->l[0].whcap * sizeof(tp_wkey));
    if (vm->l[1].wh) memset(vm->l[1].wh, 0, vm->l[1].whcap * sizeof(tp_wkey));
    vm->gen = 1;
  }
  l->gen = vm->gen;
}

static int list_push (tp_ctx *c, tp_list *l, uint32_t pc, uint32_t until,
                      const uint32_t *caps) {
  uint32_t ns = c->vm->ns;
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 16;
    tp_thr *t = (tp_thr *)lore_realloc(l->t, nc * sizeof(tp_thr));
    uint32_t *cp;
    if (t == NULL) return oom(c);
    l->t = t;
    cp = (uint32_t *)lore_realloc(l->caps, nc * ns * sizeof(uint32_t));
    if (cp == NULL) return oom(c);
    l->caps = cp;
    l->cap = nc;
  }
  l->t[l->n].pc = pc;
  l->t[l->n].until = until;
  memcpy(l->caps + l->n * ns, caps, ns * sizeof(uint32_t));
  l->n++;
  return 0;
}

/* }==================================================================== */

/* {====================================================================
** Token strings and predicates
** ===================================================================== */

static const char *vtext (tp_ctx *c) {
  if (c->vtext == NULL) c->vtext = lore_doc_valid_text(c->d);
  return c->vtext;
}

/* Word shape (X x d, other characters kept, runs cut to 4) of token t. */
static int shape_of (tp_ctx *c, size_t t) {
  lore_buf *b = &c->vm->shape;
  const unsigned char *q, *e;
  const char *vt;
  int last = -1, run = 0;
  if (c->shape_tok == t) return 0;
  vt = vtext(c);
  if (vt == NULL) return oom(c);
  lore_buf_reset(b);
  q = (const unsigned char *)vt + c->tok[t].start;
  e = (const unsigned char *)vt + c->tok[t].end;
  while (q < e) {
    int ch;
    if (*q < 0x80) {
      ch = *q++;
      if (ch >= 'A' && ch <= 'Z') ch = 'X';
      else if (ch >= 'a' && ch <= 'z') ch = 'x';
      else if (ch >= '0' && ch <= '9') ch = 'd';
    }
    else {
      int32_t cp;
      size_t l = lore_utf8_decode(q, (size_t)(e - q), &cp);
      lore_cclass cl = lore_utf8_class(cp);
      if (cl == LORE_CC_LETTER) ch = lore_utf8_isupper(cp) ? 'X' : 'x';
      else if (cl == LORE_CC_DIGIT) ch = 'd';
      else {
        if (cl != LORE_CC_MARK) {       /* marks belong to their letter */
          if (cp < 0) lore_buf_addc(b, '?');
          else lore_buf_add(b, q, l);
          last = -1;
        }
        q += l;
        continue;
      }
      q += l;
    }
    if (ch == last) run++;
    else { last = ch; run = 1; }
    if (run <= 4) lore_buf_addc(b, (char)ch);
  }
  if (b->failed) return oom(c);
  c->shape_tok = t;
  return 0;
}

/* The string src of token t; for regexes the text must be valid UTF-8. */
static int tok_string (tp_ctx *c, int src, size_t t, int valid,
                       const char **s, size_t *len) {
  const lore_token *tk = &c->tok[t];
  int rc;
  switch (src) {
    case TP_SRC_TEXT:
      if (valid) {
        const char *vt = vtext(c);
        if (vt == NULL) return oom(c);
        *s = vt + tk->start;
      }
      else *s = c->text + tk->start;
      *len = tk->end - tk->start;
      return 0;
    case TP_SRC_FOLD:
      rc = lore_doc_token_norm(c->d, t, TP_FOLD, s, len);
      if (rc != LORE_OK)
        return lore_error_set(c->err, rc, tk->start,
                              "cannot normalise token %zu", t);
      return 0;
    default:
      if ((rc = shape_of(c, t)) < 0) return rc;
      *s = c->vm->shape.data != NULL ? c->vm->shape.data : "";
      *len = c->vm->shape.len;
      return 0;
  }
}

static int special (uint32_t which, const lore_token *tk) {
  switch (which) {
    case TP_F_OPEN:
      return (tk->kind == LORE_TK_QUOTE && (tk->sub & LORE_QS_OPEN)) ||
             (tk->kind == LORE_TK_PUNCT && tk->sub == LORE_PS_OPEN);
    case TP_F_CLOSE:
      return (tk->kind == LORE_TK_QUOTE && (tk->sub & LORE_QS_CLOSE)) ||
             (tk->kind == LORE_TK_PUNCT && tk->sub == LORE_PS_CLOSE);
    case TP_F_ABBREV:
      return tk->kind == LORE_TK_WORD && tk->sub == LORE_WS_ABBREV;
    case TP_F_CLITIC:
      return tk->kind == LORE_TK_WORD && tk->sub == LORE_WS_CLITIC;
    case TP_F_HYPHEN:
      return tk->kind == LORE_TK_PUNCT && tk->sub == LORE_PS_HYPHEN;
    default:
      return tk->kind == LORE_TK_NUMBER && tk->sub == LORE_NS_ORDINAL;
  }
}

static int region_bits (tp_ctx *c, uint32_t r, size_t t);

/* 1 if predicate k holds for token t, 0 if not, <0 on error. */
static int pred_eval (tp_ctx *c, uint32_t k, size_t t) {
  const lore_tpat *p = c->p;
  const tp_pred *pr = &p->preds[k];
  const lore_token *tk = &c->tok[t];
  const char *s;
  size_t len;
  int r;
  switch (pr->op) {
    case TP_P_FLAGS: return (tk->flags & pr->a) != 0;
    case TP_P_KINDS: return tk->kind < 32 && ((pr->a >> tk->kind) & 1u);
    case TP_P_SPECIAL: return special(pr->a, tk);
    case TP_P_NOT:
      r = pred_eval(c, pr->a, t);
      return r < 0 ? r : !r;
    case TP_P_AND:
      r = pred_eval(c, pr->a, t);
      return r <= 0 ? r : pred_eval(c, pr->b, t);
    case TP_P_OR:
      r = pred_eval(c, pr->a, t);
      return r != 0 ? r : pred_eval(c, pr->b, t);
    case TP_P_STR: {
      const tp_str *st = &p->strs[pr->a];
      if (pr->src == TP_SRC_TEXT) {         /* cheap length test first */
        if (tk->end - tk->start != st->len) return 0;
        return memcmp(c->text + tk->start, p->arena + st->off, st->len) == 0;
      }
      if ((r = tok_string(c, pr->src, t, 0, &s, &len)) < 0) return r;
      return len == st->len && memcmp(s, p->arena + st->off, len) == 0;
    }
    case TP_P_SET: {
      const tp_set *set = &p->sets[pr->a];
      uint32_t h, e;
      if ((r = tok_string(c, pr->src, t, 0, &s, &len)) < 0) return r;
      h = lore_tpat__hash(s, len);
      for (e = h & set->mask; set->slots[e] != 0; e = (e + 1) & set->mask) {
        const tp_str *st = &p->strs[set->slots[e] - 1];
        if (st->hash == h && st->len == len &&
            memcmp(s, p->arena + st->off, len) == 0)
          return 1;
      }
      return 0;
    }
    case TP_P_RE: {
      size_t ov[2];
      if ((r = tok_string(c, pr->src, t, 1, &s, &len)) < 0) return r;
      r = lore_regex_exec(p->res[pr->a], s, len, 0, 0, ov, 1, c->err);
      if (r < 0) return r;
      return r == 1 && ov[0] == 0 && ov[1] == len;
    }
    default:                                /* TP_P_REGION */
      r = region_bits(c, pr->a, t);
      return r < 0 ? r : (r & (int)pr->b) != 0;
  }
}

/* }==================================================================== */

/* {====================================================================
** Regions: per-token bits computed a chunk at a time
** ===================================================================== */

typedef struct tp_fill {
  tp_ctx *c;
  const tp_region *rg;
  lore_layer *layer;
  uint8_t *bits;     /* bits[t - lo] */
  size_t a, b;       /* tokens being filled */
} tp_fill;

static int gaz_mark (void *ud, const lore_gaz_match *m) {
  tp_fill *f = (tp_fill *)ud;
  size_t lo = f->c->lo, t;
  size_t s = m->tok_start, e = m->tok_end;
  if (e <= s) return 0;
  for (t = s > f->a ? s : f->a; t < e && t < f->b; t++) f->bits[t - lo] |= TP_R_IN;
  if (s >= f->a && s < f->b) f->bits[s - lo] |= TP_R_STARTS;
  if (e - 1 >= f->a && e - 1 < f->b) f->bits[e - 1 - lo] |= TP_R_ENDS;
  return 0;
}

static int label_ok (const tp_region *rg, const lore_span *sp) {
  return rg->anylabel || sp->label == rg->label;
}

static int span_mark (void *ud, uint32_t id) {
  tp_fill *f = (tp_fill *)ud;
  const lore_span *sp = lore_layer_span(f->layer, id);
  const lore_token *tok = f->c->tok;
  size_t lo = f->c->lo, t;
  if (sp == NULL || !label_ok(f->rg, sp) || sp->end <= sp->start) return 0;
  t = lore_doc_token_at(f->c->d, sp->start);
  if (t < f->a) t = f->a;
  for (; t < f->b && tok[t].start < sp->end; t++) {
    uint8_t m = 0;
    if (tok[t].start >= sp->start && tok[t].end <= sp->end) m |= TP_R_IN;
    if (tok[t].start == sp->start) m |= TP_R_STARTS;
    if (tok[t].end == sp->end) m |= TP_R_ENDS;
    f->bits[t - lo] |= m;
  }
  return 0;
}

static int region_extend (tp_ctx *c, uint32_t r, size_t k) {
  tp_rcache *rc = &c->vm->rc[r];
  const tp_region *rg = &c->p->regions[r];
  size_t want = rc->done + rc->chunk;
  tp_fill f;
  if (want < k + 1) want = k + 1;
  if (want > c->hi - c->lo) want = c->hi - c->lo;
  if (want > rc->cap) {
    size_t nc = rc->cap ? rc->cap : 64;
    uint8_t *nb;
    while (nc < want) nc *= 2;
    nb = (uint8_t *)lore_realloc(rc->bits, nc);
    if (nb == NULL) return oom(c);
    rc->bits = nb;
    rc->cap = nc;
  }
  memset(rc->bits + rc->done, 0, want - rc->done);
  f.c = c;
  f.rg = rg;
  f.layer = rc->layer;
  f.bits = rc->bits;
  f.a = c->lo + rc->done;
  f.b = c->lo + want;
  if (rg->gaz != NULL) {
    size_t m = lore_gaz_max_tokens(rg->gaz);
    if (m > 0) {
      size_t from = f.a >= m - 1 ? f.a - (m - 1) : 0;
      size_t to = f.b + (m - 1) < c->ntok ? f.b + (m - 1) : c->ntok;
      if (lore_gaz_scan(rg->gaz, c->d, from, to, LORE_GAZ_ALL, gaz_mark, &f) < 0)
        return oom(c);
    }
  }
  else if (rc->layer != NULL)
    lore_layer_query(rc->layer, c->tok[f.a].start, c->tok[f.b - 1].end,
                     LORE_Q_OVERLAP, span_mark, &f);
  rc->done = want;
  if (rc->chunk < TP_CHUNKMAX) rc->chunk *= 2;
  return 0;
}

/* TP_R_* bits of region r at token t (lo <= t < hi), or <0. */
static int region_bits (tp_ctx *c, uint32_t r, size_t t) {
  tp_rcache *rc = &c->vm->rc[r];
  size_t k;
  if (t < c->lo || t >= c->hi) return 0;
  k = t - c->lo;
  if (k >= rc->done) {
    int e = region_extend(c, r, k);
    if (e < 0) return e;
  }
  return rc->bits[k];
}

/* }==================================================================== */

/* {====================================================================
** Multi-token atoms: the possible ends of @gaz / <LABEL> at token i
** ===================================================================== */

static int push_end (tp_ctx *c, uint32_t j) {
  struct tp_vm *vm = c->vm;
  size_t k;
  if (vm->nends == vm->endscap) {
    size_t nc = vm->endscap ? 2 * vm->endscap : 16;
    uint32_t *ne = (uint32_t *)lore_realloc(vm->ends, nc * sizeof(uint32_t));
    if (ne == NULL) return oom(c);
    vm->ends = ne;
    vm->endscap = nc;
  }
  /* keep them descending and distinct (they are few) */
  for (k = vm->nends; k > 0 && vm->ends[k - 1] < j; k--) ;
  if (k > 0 && vm->ends[k - 1] == j) return 0;
  memmove(vm->ends + k + 1, vm->ends + k, (vm->nends - k) * sizeof(uint32_t));
  vm->ends[k] = j;
  vm->nends++;
  return 0;
}

typedef struct tp_spanq {
  tp_ctx *c;
  const tp_region *rg;
  lore_layer *layer;
  size_t i;
  int rc;
} tp_spanq;

static int span_end (void *ud, uint32_t id) {
  tp_spanq *q = (tp_spanq *)ud;
  tp_ctx *c = q->c;
  const lore_span *sp = lore_layer_span(q->layer, id);
  size_t j;
  if (sp == NULL || !label_ok(q->rg, sp) || sp->end <= sp->start ||
      sp->start != c->tok[q->i].start)
    return 0;
  j = lore_doc_token_at(c->d, sp->end);     /* first token ending after */
  if (j <= q->i || j > c->hi || c->tok[j - 1].end != sp->end) return 0;
  q->rc = push_end(c, (uint32_t)j);
  return q->rc < 0;
}

static int atom_ends (tp_ctx *c, const tp_inst *in, size_t i) {
  struct tp_vm *vm = c->vm;
  const tp_region *rg = &c->p->regions[in->x];
  int r = region_bits(c, in->x, i);
  vm->nends = 0;
  if (r <= 0 || !(r & TP_R_STARTS)) return r < 0 ? r : 0;
  if (in->op == TP_I_GAZ) {
    long cnt, k;
    size_t want = lore_gaz_max_tokens(rg->gaz);
    for (;;) {
      if (want > vm->gcap) {
        lore_gaz_match *nb = (lore_gaz_match *)lore_realloc(
            vm->gbuf, want * sizeof(lore_gaz_match));
        if (nb == NULL) return oom(c);
        vm->gbuf = nb;
        vm->gcap = want;
      }
      cnt = lore_gaz_match_at(rg->gaz, c->d, i, c->hi, vm->gbuf, vm->gcap);
      if (cnt < 0) return oom(c);
      if ((size_t)cnt <= vm->gcap) break;
      want = (size_t)cnt;
    }
    for (k = 0; k < cnt; k++)
      if (vm->gbuf[k].tok_end > i && vm->gbuf[k].tok_end <= c->hi &&
          (r = push_end(c, vm->gbuf[k].tok_end)) < 0)
        return r;
  }
  else {
    tp_spanq q;
    q.c = c;
    q.rg = rg;
    q.layer = vm->rc[in->x].layer;
    q.i = i;
    q.rc = 0;
    lore_layer_query(q.layer, c->tok[i].start, c->tok[i].end, LORE_Q_STARTS,
                     span_end, &q);
    if (q.rc < 0) return q.rc;
  }
  return 0;
}

/* }==================================================================== */

/* {====================================================================
** The Pike VM
** ===================================================================== */

/* Add the thread (pc0, caps) at position pos to l, following jumps,
** splits (preferred branch first) and saves. */
static int addthread (tp_ctx *c, tp_list *l, uint32_t pc0,
                      const uint32_t *caps, size_t pos) {
  struct tp_vm *vm = c->vm;
  const tp_inst *prog = c->p->prog;
  uint32_t *cur = vm->cur, *visited = vm->visited, gen = l->gen;
  tp_se *st = vm->stack;
  size_t sp = 0;
  if (caps != cur) memcpy(cur, caps, vm->ns * sizeof(uint32_t));
  st[sp].pc = pc0; st[sp].slot = TP_EXPLORE; sp++;
  while (sp > 0) {
    const tp_se e = st[--sp];
    const tp_inst *in;
    if (e.slot != TP_EXPLORE) { cur[e.slot] = e.val; continue; }
    if (visited[e.pc] == gen) continue;
    visited[e.pc] = gen;
    if (++c->steps > c->budget) return budget_fail(c, pos);
    in = &prog[e.pc];
    switch (in->op) {
      case TP_I_JMP:
        st[sp].pc = in->x; st[sp].slot = TP_EXPLORE; sp++;
        break;
      case TP_I_SPLIT:
        st[sp].pc = in->y; st[sp].slot = TP_EXPLORE; sp++;
        st[sp].pc = in->x; st[sp].slot = TP_EXPLORE; sp++;
        break;
      case TP_I_SAVE:
        st[sp].slot = in->x; st[sp].val = cur[in->x]; sp++;
        cur[in->x] = (uint32_t)pos;
        st[sp].pc = e.pc + 1; st[sp].slot = TP_EXPLORE; sp++;
        break;
      default: {
        int r = list_push(c, l, e.pc, 0, cur);
        if (r < 0) return r;
        break;
      }
    }
  }
  return 0;
}

/* Add a thread that resumes at pc on position until, once per
** (pc, until) in l. */
static int addwait (tp_ctx *c, tp_list *l, uint32_t pc, uint32_t until,
                    const uint32_t *caps) {
  size_t h, mask;
  if (2 * (l->nwait + 1) > l->whcap) {      /* grow and rehash */
    size_t nc = l->whcap ? 2 * l->whcap : 64, j;
    tp_wkey *nw = (tp_wkey *)lore_calloc(nc, sizeof(tp_wkey));
    if (nw == NULL) return oom(c);
    for (j = 0; j < l->whcap; j++) {
      if (l->wh[j].gen != l->gen) continue;
      h = (l->wh[j].pc * 2654435761u + l->wh[j].until) & (nc - 1);
      while (nw[h].gen == l->gen) h = (h + 1) & (nc - 1);
      nw[h] = l->wh[j];
    }
    lore_free(l->wh);
    l->wh = nw;
    l->whcap = nc;
  }
  mask = l->whcap - 1;
  h = (pc * 2654435761u + until) & mask;
  for (; l->wh[h].gen == l->gen; h = (h + 1) & mask)
    if (l->wh[h].pc == pc && l->wh[h].until == until) return 0;
  l->wh[h].pc = pc;
  l->wh[h].until = until;
  l->wh[h].gen = l->gen;
  l->nwait++;
  if (++c->steps > c->budget) return budget_fail(c, until);
  return list_push(c, l, pc, until, caps);
}

static int simple_start (const lore_tpat *p, const lore_token *tk) {
  return (tk->flags & p->fflags) != 0 ||
         (tk->kind < 32 && ((p->fkinds >> tk->kind) & 1u));
}

/* Can a match start at token i (prefilter)? 1, 0 or <0. */
static int can_start (tp_ctx *c, size_t i) {
  const lore_tpat *p = c->p;
  uint32_t k;
  if (p->nofilter) return 1;
  if (p->fsimple) return simple_start(p, &c->tok[i]);
  for (k = 0; k < p->nfirst; k++) {
    const tp_inst *in = &p->prog[p->first[k]];
    int r;
    if (in->op == TP_I_TEST) r = pred_eval(c, in->x, i);
    else {
      r = region_bits(c, in->x, i);
      if (r > 0) r = (r & TP_R_STARTS) != 0;
    }
    if (r != 0) return r;
  }
  return 0;
}

/* Thread at (pc, i) takes a multi-token atom: one successor per end. */
static int step_multi (tp_ctx *c, tp_list *nl, uint32_t pc,
                       const tp_inst *in, const uint32_t *caps, size_t i) {
  struct tp_vm *vm = c->vm;
  size_t k, stop = SIZE_MAX;
  int r = atom_ends(c, in, i);
  if (r < 0) return r;
  if ((c->opts & LORE_TP_IN_SENTENCE) && vm->nends > 0) {
    size_t t;                       /* first sentence end from i on */
    for (t = i; t + 1 < vm->ends[0]; t++)
      if (c->tok[t].flags & LORE_TF_SENT_END) { stop = t + 1; break; }
  }
  for (k = 0; k < vm->nends; k++) {
    uint32_t j = vm->ends[k];
    if (j > stop) continue;
    r = j == i + 1 ? addthread(c, nl, pc + 1, caps, i + 1)
                   : addwait(c, nl, pc + 1, j, caps);
    if (r < 0) return r;
  }
  return 0;
}

/*
** Find one match from token s0 (anchored: starting at s0 only). Returns 1
** with [*ms, *me) and vm->best filled, 0 if none, <0 on error.
*/
static int vm_search (tp_ctx *c, size_t s0, int anchored, size_t *ms,
                      size_t *me) {
  struct tp_vm *vm = c->vm;
  const lore_tpat *p = c->p;
  tp_list *cl = &vm->l[0], *nl = &vm->l[1], *tl;
  const uint32_t ns = vm->ns;
  const int first = (p->opts & LORE_TP_FIRST) != 0;
  const int insent = (c->opts & LORE_TP_IN_SENTENCE) != 0;
  const int nonempty = (c->opts & LORE_TP_NONEMPTY) != 0;
  size_t i = s0, bs = 0, be = 0, k;
  int have = 0, r;
  list_reset(vm, cl, p->nprog);
  for (;;) {
    int fresh = 0;
    if (cl->n == 0) {
      if (have) break;
      if (anchored) {
        if (i != s0) break;
        fresh = 1;
      }
      else {
        if (p->fsimple)                     /* the common fast path */
          while (i < c->hi && !simple_start(p, &c->tok[i])) i++;
        for (;;) {                          /* skip hopeless starts */
          if (i >= c->hi) goto done;
          if ((r = can_start(c, i)) < 0) return r;
          if (r) break;
          i++;
        }
        fresh = 1;
      }
    }
    else if (!have && !anchored && i < c->hi) {
      if ((r = can_start(c, i)) < 0) return r;
      fresh = r;
    }
    if (fresh) {                            /* lowest priority */
      uint32_t j;
      vm->cur[0] = (uint32_t)i;
      for (j = 1; j < ns; j++) vm->cur[j] = TP_UNSET;
      if ((r = addthread(c, cl, 0, vm->cur, i)) < 0) return r;
    }
    list_reset(vm, nl, p->nprog);
    for (k = 0; k < cl->n; k++) {
      const tp_thr th = cl->t[k];
      const uint32_t *caps = cl->caps + k * ns;
      const tp_inst *in;
      size_t st = caps[0];
      if (have && !first && st > bs) continue;    /* cannot win */
      if (th.until != 0) {
        r = th.until == i + 1 ? addthread(c, nl, th.pc, caps, i + 1)
                              : addwait(c, nl, th.pc, th.until, caps);
        if (r < 0) return r;
        continue;
      }
      in = &p->prog[th.pc];
      if (in->op == TP_I_MATCH) {
        if (nonempty && st == i) continue;
        if (first || !have || st < bs || (st == bs && i > be)) {
          have = 1;
          bs = st;
          be = i;
          memcpy(vm->best, caps, ns * sizeof(uint32_t));
        }
        if (first) break;                 /* lower priorities lose */
        continue;
      }
      if (i >= c->hi) continue;
      if (insent && st < i && (c->tok[i - 1].flags & LORE_TF_SENT_END))
        continue;
      switch (in->op) {
        case TP_I_TEST:
          if ((r = pred_eval(c, in->x, i)) < 0) return r;
          if (r && (r = addthread(c, nl, th.pc + 1, caps, i + 1)) < 0)
            return r;
          break;
        case TP_I_ANY:
          if ((r = addthread(c, nl, th.pc + 1, caps, i + 1)) < 0) return r;
          break;
        default:
          if ((r = step_multi(c, nl, th.pc, in, caps, i)) < 0) return r;
          break;
      }
    }
    tl = cl; cl = nl; nl = tl;
    i++;
    if (i > c->hi) break;
  }
done:
  if (have) { *ms = bs; *me = be; }
  return have;
}

/* }==================================================================== */

static int ctx_begin (tp_ctx *c, lore_tpat *p, lore_doc *d, size_t from,
                      size_t to, unsigned opts, uint64_t budget,
                      lore_error *err) {
  uint32_t j;
  memset(c, 0, sizeof *c);
  c->err = err;
  if (p == NULL || d == NULL)
    return lore_error_set(err, LORE_EINVAL, 0, "no pattern or document");
  if (p->vm == NULL && (p->vm = vm_new(p)) == NULL)
    return lore_error_set(err, LORE_ENOMEM, 0, "out of memory");
  if (p->vm->busy)
    return lore_error_set(err, LORE_EINVAL, 0, "token pattern '%.60s' is "
                          "already matching (re-entrant call)", p->src);
  c->p = p;
  c->vm = p->vm;
  c->d = d;
  c->tok = lore_doc_tokens(d, &c->ntok);
  c->text = lore_doc_text(d, &c->textlen);
  c->hi = to < c->ntok ? to : c->ntok;
  c->lo = from < c->hi ? from : c->hi;
  c->opts = opts;
  c->budget = budget ? budget : LORE_TPAT_BUDGET;
  c->shape_tok = SIZE_MAX;
  for (j = 0; j < p->nregions; j++) {
    tp_rcache *rc = &c->vm->rc[j];
    rc->done = 0;
    rc->chunk = TP_CHUNK0;
    rc->layer = p->regions[j].gaz == NULL
                  ? lore_doc_layer(d, p->regions[j].layer, 0) : NULL;
  }
  c->vm->busy = 1;
  return 0;
}

long lore_tpat_scan (lore_tpat *p, lore_doc *d, size_t from, size_t to,
                     unsigned opts, uint64_t budget,
                     int (*cb)(void *ud, const lore_tpat_match *m),
                     void *ud, lore_error *err) {
  tp_ctx c;
  long count = 0;
  size_t ms, me, s;
  int r = ctx_begin(&c, p, d, from, to, opts, budget, err);
  if (r < 0) return r;
  if (from < c.hi) {
    lore_tpat_match m;
    s = from;
    while (s < c.hi) {
      if (opts & LORE_TP_OVERLAP) {          /* the match at each start */
        if ((r = can_start(&c, s)) < 0) break;
        if (r == 0 || (r = vm_search(&c, s, 1, &ms, &me)) <= 0) {
          if (r < 0) break;
          s++;
          continue;
        }
        s++;
      }
      else {
        if ((r = vm_search(&c, s, 0, &ms, &me)) <= 0) break;
        s = me > ms ? me : ms + 1;
      }
      count++;
      m.tok_start = (uint32_t)ms;
      m.tok_end = (uint32_t)me;
      m.caps = c.vm->best + 2;
      if (cb != NULL && cb(ud, &m) != 0) break;
    }
  }
  c.vm->busy = 0;
  return r < 0 ? r : count;
}

int lore_tpat_match_at (lore_tpat *p, lore_doc *d, size_t i, size_t to,
                        unsigned opts, lore_tpat_match *m, lore_error *err) {
  tp_ctx c;
  size_t ms, me;
  int r = ctx_begin(&c, p, d, i, to, opts, 0, err);
  if (r < 0) return r;
  r = 0;
  if (i <= c.hi) {
    r = vm_search(&c, i, 1, &ms, &me);
    if (r == 1 && m != NULL) {
      m->tok_start = (uint32_t)ms;
      m->tok_end = (uint32_t)me;
      m->caps = c.vm->best + 2;
    }
  }
  c.vm->busy = 0;
  return r;
}
