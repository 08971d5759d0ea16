/*
** lore_seg.c
** Sentence and paragraph segmentation over a token array, in one pass over
** the tokens. A 256-byte table says which (kind, sub) pairs matter at a
** sentence end, so ordinary tokens cost a flag test and a table lookup.
** The text itself is read only where a token cannot tell: the gaps with
** more than one byte before a new line (blank lines), and the words around
** an abbreviation that might end a sentence.
*/
#include <string.h>

#include "lore_alloc.h"
#include "lore_err.h"
#include "lore_seg.h"
#include "lore_tok_int.h"

#define SENT_FLAGS (LORE_TF_SENT_START | LORE_TF_SENT_END)
#define PARA_FLAGS (LORE_TF_PARA_START | LORE_TF_PARA_END)
#define STALE (SENT_FLAGS | PARA_FLAGS)   /* left by an earlier pass */

/* What a token may do at a sentence end, by key(kind, sub). */
#define C_TERM   1   /* . ! ? and ellipses */
#define C_ABBR   2   /* a word with its period */
#define C_CLOSER 4   /* closing quote or bracket, glued after a terminator */

/* The low bits of kind and sub, where they sit in tail(t) >> 16. */
#define KEY(kind, sub) (((kind) & 15u) | ((sub) & 15u) << 8)
#define KEYMASK KEY(15u, 15u)
#define QK(sub) [KEY(LORE_TK_QUOTE, sub)] = C_CLOSER

static const unsigned char CAND[KEYMASK + 1] = {
  [KEY(LORE_TK_PUNCT, LORE_PS_PERIOD)] = C_TERM,
  [KEY(LORE_TK_PUNCT, LORE_PS_EXCL)] = C_TERM,
  [KEY(LORE_TK_PUNCT, LORE_PS_QUEST)] = C_TERM,
  [KEY(LORE_TK_PUNCT, LORE_PS_CLOSE)] = C_CLOSER,
  [KEY(LORE_TK_ELLIPSIS, 0)] = C_TERM,
  [KEY(LORE_TK_WORD, LORE_WS_ABBREV)] = C_ABBR,
  /* every quote sub with LORE_QS_CLOSE (0x02), guillemet bit 0x10 aside */
  QK(0x2), QK(0x3), QK(0x6), QK(0x7), QK(0xA), QK(0xB), QK(0xE), QK(0xF)
};
#undef QK

/* Flags, kind and sub of t in 32 bits (one load where the layout allows). */
static inline uint32_t tail (const lore_token *t) {
  return (uint32_t)t->flags | (uint32_t)t->kind << 16 | (uint32_t)t->sub << 24;
}

/* The candidate class of token t. */
static unsigned cand (const lore_token *t) {
  return CAND[(tail(t) >> 16) & KEYMASK];
}

/* Nonzero if the pass must visit t: a line start, flags of an earlier
** segmentation, a terminator or an abbreviation (a closing mark matters
** only right after a terminator, where the pass takes it from there). */
static inline unsigned visit (const lore_token *t) {
  uint32_t x = tail(t);
  return (x & (LORE_TF_LINE_BEFORE | STALE)) |
         (CAND[(x >> 16) & KEYMASK] & (C_TERM | C_ABBR));
}

typedef struct seg {
  const unsigned char *s;
  size_t len;
  lore_token *v;
  size_t n;
  lore_ranges *sents, *paras;
} seg;

/* {====================================================================
** Ranges
** ===================================================================== */

void lore_ranges_free (lore_ranges *r) {
  if (r == NULL) return;
  lore_free(r->v);
  memset(r, 0, sizeof(*r));
}

/* Make room for need ranges (geometric growth). */
static int reserve (lore_ranges *r, size_t need) {
  size_t ncap = r->cap + r->cap / 2;
  lore_range *p;
  if (need <= r->cap) return LORE_OK;
  if (ncap < need) ncap = need;
  if (ncap > ((size_t)-1) / sizeof(lore_range)) return LORE_ENOMEM;
  p = (lore_range *)lore_realloc(r->v, ncap * sizeof(lore_range));
  if (p == NULL) return LORE_ENOMEM;
  lore_tok__huge_pages(p, ncap * sizeof(lore_range));
  r->v = p;
  r->cap = ncap;
  return LORE_OK;
}

/* Append the range of tokens [a, b) (b > a) and flag its ends. */
static inline int push (lore_ranges *r, lore_token *v, size_t a, size_t b,
                 unsigned fstart, unsigned fend) {
  lore_range *x;
  if (r->n == r->cap && reserve(r, r->n + 1) != LORE_OK) return LORE_ENOMEM;
  x = r->v + r->n++;
  x->start = v[a].start;
  x->end = v[b - 1].end;
  x->tok_start = (uint32_t)a;
  x->tok_end = (uint32_t)b;
  v[a].flags |= (uint16_t)fstart;
  v[b - 1].flags |= (uint16_t)fend;
  return LORE_OK;
}

/* }==================================================================== */

/* {====================================================================
** Lines
** ===================================================================== */

/* Line breaks in s[a..b) (a gap between tokens): CRLF counts once, a
** paragraph separator (U+2029) twice. */
static unsigned count_breaks (const unsigned char *s, size_t a, size_t b) {
  unsigned nb = 0;
  while (a < b) {
    unsigned c = s[a++];
    if (c == '\n' || c == '\v' || c == '\f') nb++;
    else if (c == '\r') { nb++; if (a < b && s[a] == '\n') a++; }
    else if (c == 0xC2 && a < b && s[a] == 0x85) { nb++; a++; }
    else if (c == 0xE2 && a + 1 < b && s[a] == 0x80 &&
             (s[a + 1] == 0xA8 || s[a + 1] == 0xA9)) {
      nb += s[a + 1] == 0xA9 ? 2 : 1;
      a += 2;
    }
  }
  return nb;
}

/* Line breaks between tokens k-1 and k (k has LORE_TF_LINE_BEFORE): a
** one-byte gap is the break itself, so the text is read only for longer
** gaps (blank lines, CRLF, indentation). */
static unsigned breaks_before (const seg *g, size_t k) {
  uint32_t a = g->v[k - 1].end, b = g->v[k].start;
  return b - a == 1 ? 1 : count_breaks(g->s, a, b);
}

/* 1 if a line ending with token t looks finished (for LORE_PARA_AUTO). */
static int line_finished (const lore_token *t) {
  switch (t->kind) {
    case LORE_TK_PUNCT:
      return t->sub == LORE_PS_PERIOD || t->sub == LORE_PS_EXCL ||
             t->sub == LORE_PS_QUEST || t->sub == LORE_PS_COLON ||
             t->sub == LORE_PS_CLOSE;
    case LORE_TK_ELLIPSIS:
      return 1;
    case LORE_TK_QUOTE:
      return (t->sub & LORE_QS_CLOSE) != 0;
    case LORE_TK_WORD:
      return t->sub == LORE_WS_ABBREV;
    default:
      return 0;
  }
}

/* }==================================================================== */

/* {====================================================================
** Sentence ends
** ===================================================================== */

/* Words that usually open a sentence: after an initialism ("in the U.S.
** The ...") they make the period a sentence end. */
static int is_opener (const unsigned char *w, size_t n) {
  static const char *const OPENERS[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This",
    "That", "These", "Those", "There", "Here", "His", "Her", "Its", "Their",
    "Our", "My", "But", "And", "Or", "So", "Yet", "In", "On", "At", "As",
    "After", "Before", "When", "While", "Since", "If", "Although", "Though",
    "However", "Meanwhile", "Still", "Also", "Then", "Now", "Today", "Last",
    "Next", "Some", "Many", "Most", "All", "Both", "Each", "Such", "What",
    "Who", "Why", "How", "Where", "According", "Mr", "Mrs", "Ms", "Dr"
  };
  size_t k;
  if (n > 0 && w[n - 1] == '.') n--;
  for (k = 0; k < sizeof(OPENERS) / sizeof(OPENERS[0]); k++)
    if (strlen(OPENERS[k]) == n && memcmp(OPENERS[k], w, n) == 0) return 1;
  return 0;
}

/* 1 if token t can start a sentence after a terminator (looking past
** opening brackets). */
static int starts_sentence (const seg *g, size_t t) {
  while (t < g->n && g->v[t].kind == LORE_TK_PUNCT && g->v[t].sub == LORE_PS_OPEN)
    t++;
  if (t >= g->n) return 0;
  switch (g->v[t].kind) {
    case LORE_TK_WORD:
      return !(g->v[t].flags & LORE_TF_LOWER);   /* capitalised, or uncased */
    case LORE_TK_NUMBER: case LORE_TK_CURRENCY:
      return 1;
    case LORE_TK_QUOTE:
      return (g->v[t].sub & LORE_QS_OPEN) != 0;
    default:
      return 0;
  }
}

/*
** Does a sentence end after token e, where token k (<= e) is the terminal
** punctuation or abbreviation and k+1..e are closing marks glued to it?
*/
static int ends_after (const seg *g, size_t k, size_t e) {
  const lore_token *tk = g->v + k;
  size_t nx = e + 1;
  if (nx >= g->n) return 1;
  if (!(g->v[e].flags & LORE_TF_SPACE_AFTER) &&
      !(e == k && tk->kind == LORE_TK_PUNCT && (tk->flags & LORE_TF_NONASCII)))
    return 0;                         /* "1.5", "Amazon.com"; CJK needs no space */
  if (tk->kind == LORE_TK_WORD) {     /* an abbreviation */
    /* the token tells most cases; the text (far away in memory) is read
       only when the class of the abbreviation decides */
    const lore_token *nt = g->v + nx;
    int split;
    if (e > k) split = starts_sentence(g, nx);
    else if (nt->kind == LORE_TK_QUOTE)   /* a quoted sentence, not "scare" quotes */
      split = (nt->sub & LORE_QS_OPEN) && nx + 1 < g->n &&
              g->v[nx + 1].kind == LORE_TK_WORD && (g->v[nx + 1].flags & LORE_TF_CAP);
    else
      split = nt->kind == LORE_TK_WORD && (nt->flags & LORE_TF_CAP) &&
              is_opener(g->s + nt->start, nt->end - nt->start);
    if (split) {
      int a = lore_tok__abbrev_kind((const char *)g->s + tk->start,
                                    tk->end - tk->start);
      split = a != ABBR_TITLE && a != ABBR_MONTH;
    }
    return split;
  }
  return starts_sentence(g, nx);
}

/* }==================================================================== */


/* LORE_PARA_AUTO decides on the first line breaks: after this many single
** ones, mostly ending finished lines, the text is taken as LINE. */
#define AUTO_SAMPLE 2048

/*
** One pass in the given mode (LINE or BLANK). For AUTO, the pass runs as
** LINE and fills *blank, *single, *runon: the blank-line breaks, the
** single ones, and the single ones after an unfinished line. Flags left by
** an earlier segmentation are cleared as tokens are visited, before any
** new flag can be set on them.
*/
static int run (seg *g, int mode, size_t *blank, size_t *single,
                size_t *runon) {
  lore_token *v = g->v;
  size_t n = g->n, k, ps = 0, ss = 0, line = 0;
  int rc;
  for (k = 0; k < n; k++) {
    unsigned f, c;
    /* most tokens: nothing to do; four at a time, then the one */
    while (k + 4 <= n && !(visit(v + k) | visit(v + k + 1) | visit(v + k + 2) |
                           visit(v + k + 3))) {
#if defined(__GNUC__)
      __builtin_prefetch(v + k + 256);   /* the array streams from memory */
#endif
      k += 4;
    }
    while (k < n && !visit(v + k)) k++;
    if (k == n) break;
    f = v[k].flags;
    c = cand(v + k);
    if (f & STALE) v[k].flags = (uint16_t)(f &= ~(unsigned)STALE);
    if ((f & LORE_TF_LINE_BEFORE) && k > 0) {
      int newpara = 1;
      if (++line > 1) {
        if (mode == LORE_PARA_LINE) {
          if (blank != NULL) {
            if (breaks_before(g, k) >= 2) {
              (*blank)++;
            } else {
              (*single)++;
              if (!line_finished(v + k - 1) || (f & LORE_TF_LOWER)) (*runon)++;
            }
            /* enough evidence of one paragraph per line: stop counting
               (each count may read the text, far behind in memory) */
            if (*single >= AUTO_SAMPLE && *runon * 2 <= *single) blank = NULL;
          }
        } else {
          newpara = breaks_before(g, k) >= 2;
        }
      }
      if (newpara) {
        if (ss < k && (rc = push(g->sents, v, ss, k, LORE_TF_SENT_START,
                                 LORE_TF_SENT_END)) != LORE_OK)
          return rc;
        if ((rc = push(g->paras, v, ps, k, LORE_TF_PARA_START,
                       LORE_TF_PARA_END)) != LORE_OK)
          return rc;
        ps = ss = k;
      }
    }
    if (c & (C_TERM | C_ABBR)) {
      size_t e = k;
      while (e + 1 < n && !(v[e + 1].flags & LORE_TF_SPACE_BEFORE) &&
             (cand(v + e + 1) & (C_TERM | C_CLOSER))) {
        e++;
        v[e].flags &= (uint16_t)~(unsigned)STALE;
      }
      if (e + 1 < n && ends_after(g, k, e)) {
        if ((rc = push(g->sents, v, ss, e + 1, LORE_TF_SENT_START,
                       LORE_TF_SENT_END)) != LORE_OK)
          return rc;
        ss = e + 1;
      }
      k = e;
    }
  }
  if (n > 0) {
    if (ss < n && (rc = push(g->sents, v, ss, n, LORE_TF_SENT_START,
                             LORE_TF_SENT_END)) != LORE_OK)
      return rc;
    if ((rc = push(g->paras, v, ps, n, LORE_TF_PARA_START,
                   LORE_TF_PARA_END)) != LORE_OK)
      return rc;
  }
  return LORE_OK;
}

int lore_segment (const char *text, size_t len, lore_tokens *toks,
                  int para_mode, lore_ranges *sents, lore_ranges *paras) {
  seg g;
  size_t s0 = sents->n, p0 = paras->n, blank = 0, single = 0, runon = 0;
  int rc;
  g.s = (const unsigned char *)text;
  g.len = len;
  g.v = toks->v;
  g.n = toks->n;
  g.sents = sents;
  g.paras = paras;
  /* room for a sentence every 16 tokens: no copying while the arrays
     grow on ordinary text (pages never touched cost nothing) */
  if ((rc = reserve(sents, sents->n + g.n / 16 + 16)) != LORE_OK ||
      (rc = reserve(paras, paras->n + g.n / 16 + 16)) != LORE_OK)
    return rc;
  if (para_mode != LORE_PARA_LINE && para_mode != LORE_PARA_BLANK) {
    /* AUTO: segment as LINE, counting line breaks on the way */
    rc = run(&g, LORE_PARA_LINE, &blank, &single, &runon);
    if (rc != LORE_OK || !(blank > 0 && single > 0 && runon * 2 > single))
      return rc;
    /* hard-wrapped text: again in BLANK mode */
    sents->n = s0;
    paras->n = p0;
    para_mode = LORE_PARA_BLANK;
  }
  return run(&g, para_mode, NULL, NULL, NULL);
}
