/*
** lore_num.c
** Numbers as news text writes them. Recognisers run at the start of the
** input (chosen by its first token) and the longest result wins:
**   numerals   "1,400" "2,000.50" "1.4 million" "2bn" "10th"
**   words      "twenty-five" "one hundred and twenty" "a dozen" "third"
**              "two and a half million"
**   fractions  "half a million" "a quarter" "two-thirds"
**   vague      "hundreds" "tens of thousands"
** Each recogniser walks tokens (letter runs, or a numeral) joined by
** separators (spaces, one hyphen, "and") and remembers the last point
** where what it read was a complete number, so a trailing separator, "and"
** or "a" that leads nowhere is never consumed. Pure functions, no
** allocation, no state.
*/
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lore_num.h"

/* {====================================================================
** Word table
** ===================================================================== */

enum {
  W_NONE = 0,
  W_UNIT,      /* zero .. nine */
  W_TEEN,      /* ten .. nineteen */
  W_TENS,      /* twenty .. ninety */
  W_HUNDRED,
  W_BIG,       /* thousand million billion trillion */
  W_DOZEN,
  W_ORD,       /* ordinal; sub = the cardinal class it ends like */
  W_VAGUE,     /* hundreds thousands ... dozens tens */
  W_A,         /* a, an */
  W_AND,
  W_OF,
  W_HALF,      /* half */
  W_QUARTER,   /* quarter (singular denominator 4) */
  W_DENOMS,    /* plural denominators: halves thirds quarters fourths ... */
  W_ABBR       /* k m mn bn b tn mln bln: only after a numeral */
};

typedef struct word {
  const char *w;
  unsigned char len, cls, sub;
  double v;
} word;

#define WD(s, c, sub, v) { s, (unsigned char)(sizeof(s) - 1), c, sub, v }

/* Sorted by spelling (lookup is a binary search): keep it sorted. */
static const word words[] = {
  WD("a", W_A, 0, 1), WD("an", W_A, 0, 1), WD("and", W_AND, 0, 0),
  WD("b", W_ABBR, 0, 1e9), WD("billion", W_BIG, 0, 1e9),
  WD("billions", W_VAGUE, 0, 1e9), WD("billionth", W_ORD, W_BIG, 1e9),
  WD("bln", W_ABBR, 0, 1e9), WD("bn", W_ABBR, 0, 1e9),
  WD("dozen", W_DOZEN, 0, 12), WD("dozens", W_VAGUE, 0, 12),
  WD("eight", W_UNIT, 0, 8), WD("eighteen", W_TEEN, 0, 18),
  WD("eighteenth", W_ORD, W_TEEN, 18), WD("eighth", W_ORD, W_UNIT, 8),
  WD("eighths", W_DENOMS, 0, 8), WD("eightieth", W_ORD, W_TENS, 80),
  WD("eighty", W_TENS, 0, 80), WD("eleven", W_TEEN, 0, 11),
  WD("eleventh", W_ORD, W_TEEN, 11), WD("fifteen", W_TEEN, 0, 15),
  WD("fifteenth", W_ORD, W_TEEN, 15), WD("fifth", W_ORD, W_UNIT, 5),
  WD("fifths", W_DENOMS, 0, 5), WD("fiftieth", W_ORD, W_TENS, 50),
  WD("fifty", W_TENS, 0, 50), WD("first", W_ORD, W_UNIT, 1),
  WD("five", W_UNIT, 0, 5), WD("fortieth", W_ORD, W_TENS, 40),
  WD("forty", W_TENS, 0, 40), WD("four", W_UNIT, 0, 4),
  WD("fourteen", W_TEEN, 0, 14), WD("fourteenth", W_ORD, W_TEEN, 14),
  WD("fourth", W_ORD, W_UNIT, 4), WD("fourths", W_DENOMS, 0, 4),
  WD("half", W_HALF, 0, 2), WD("halves", W_DENOMS, 0, 2),
  WD("hundred", W_HUNDRED, 0, 100), WD("hundreds", W_VAGUE, 0, 100),
  WD("hundredth", W_ORD, W_HUNDRED, 100), WD("k", W_ABBR, 0, 1e3),
  WD("m", W_ABBR, 0, 1e6), WD("million", W_BIG, 0, 1e6),
  WD("millions", W_VAGUE, 0, 1e6), WD("millionth", W_ORD, W_BIG, 1e6),
  WD("mln", W_ABBR, 0, 1e6), WD("mn", W_ABBR, 0, 1e6),
  WD("nine", W_UNIT, 0, 9), WD("nineteen", W_TEEN, 0, 19),
  WD("nineteenth", W_ORD, W_TEEN, 19), WD("ninetieth", W_ORD, W_TENS, 90),
  WD("ninety", W_TENS, 0, 90), WD("ninth", W_ORD, W_UNIT, 9),
  WD("ninths", W_DENOMS, 0, 9), WD("of", W_OF, 0, 0),
  WD("one", W_UNIT, 0, 1), WD("quarter", W_QUARTER, 0, 4),
  WD("quarters", W_DENOMS, 0, 4), WD("second", W_ORD, W_UNIT, 2),
  WD("seven", W_UNIT, 0, 7), WD("seventeen", W_TEEN, 0, 17),
  WD("seventeenth", W_ORD, W_TEEN, 17), WD("seventh", W_ORD, W_UNIT, 7),
  WD("sevenths", W_DENOMS, 0, 7), WD("seventieth", W_ORD, W_TENS, 70),
  WD("seventy", W_TENS, 0, 70), WD("six", W_UNIT, 0, 6),
  WD("sixteen", W_TEEN, 0, 16), WD("sixteenth", W_ORD, W_TEEN, 16),
  WD("sixth", W_ORD, W_UNIT, 6), WD("sixths", W_DENOMS, 0, 6),
  WD("sixtieth", W_ORD, W_TENS, 60), WD("sixty", W_TENS, 0, 60),
  WD("ten", W_TEEN, 0, 10), WD("tens", W_VAGUE, 0, 10),
  WD("tenth", W_ORD, W_TEEN, 10), WD("tenths", W_DENOMS, 0, 10),
  WD("third", W_ORD, W_UNIT, 3), WD("thirds", W_DENOMS, 0, 3),
  WD("thirteen", W_TEEN, 0, 13), WD("thirteenth", W_ORD, W_TEEN, 13),
  WD("thirtieth", W_ORD, W_TENS, 30), WD("thirty", W_TENS, 0, 30),
  WD("thousand", W_BIG, 0, 1e3), WD("thousands", W_VAGUE, 0, 1e3),
  WD("thousandth", W_ORD, W_BIG, 1e3), WD("three", W_UNIT, 0, 3),
  WD("tn", W_ABBR, 0, 1e12), WD("trillion", W_BIG, 0, 1e12),
  WD("trillions", W_VAGUE, 0, 1e12), WD("trillionth", W_ORD, W_BIG, 1e12),
  WD("twelfth", W_ORD, W_TEEN, 12), WD("twelve", W_TEEN, 0, 12),
  WD("twentieth", W_ORD, W_TENS, 20), WD("twenty", W_TENS, 0, 20),
  WD("two", W_UNIT, 0, 2), WD("zero", W_UNIT, 0, 0)
};

#define NWORDS (sizeof(words) / sizeof(words[0]))
#define MAXWORD 11                       /* "seventeenth" */

static int lower (int c) {
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_alpha (int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit (int c) {
  return c >= '0' && c <= '9';
}

/* The table entry spelled s[0..n) (case-insensitively), or NULL. */
static const word *lookup (const char *s, size_t n) {
  char buf[MAXWORD];
  size_t i, lo = 0, hi = NWORDS;
  if (n == 0 || n > MAXWORD) return NULL;
  for (i = 0; i < n; i++) {
    if (!is_alpha((unsigned char)s[i])) return NULL;
    buf[i] = (char)lower((unsigned char)s[i]);
  }
  while (lo < hi) {
    size_t m = lo + (hi - lo) / 2;
    const word *w = &words[m];
    int c = memcmp(buf, w->w, n < w->len ? n : w->len);
    if (c == 0) {
      if (n == w->len) return w;
      c = n < w->len ? -1 : 1;
    }
    if (c < 0) hi = m;
    else lo = m + 1;
  }
  return NULL;
}

/* }==================================================================== */

/* {====================================================================
** Scanning helpers
** ===================================================================== */

/*
** 1 if a word may end at s[i]: end of input, or a character that is not a
** letter, digit or '_'. Non-ASCII bytes count as letters, except no-break
** space and the General Punctuation block (U+2000..U+206F: dashes, curly
** quotes, so "one’s" ends after "one").
*/
static int boundary (const char *s, size_t n, size_t i) {
  unsigned c;
  if (i >= n) return 1;
  c = (unsigned char)s[i];
  if (c < 0x80u) return !(is_alpha((int)c) || is_digit((int)c) || c == '_');
  if (c == 0xC2u && i + 1 < n && (unsigned char)s[i + 1] == 0xA0u) return 1;
  if (c == 0xE2u && i + 1 < n &&
      ((unsigned char)s[i + 1] == 0x80u || (unsigned char)s[i + 1] == 0x81u))
    return 1;
  return 0;
}

/*
** End of the separator at s[i]: one hyphen, or a run of spaces, tabs and
** no-break spaces holding at most one line break. Returns i when there is
** none.
*/
static size_t skip_sep (const char *s, size_t n, size_t i) {
  size_t j = i;
  int nl = 0;
  if (i < n && s[i] == '-') return i + 1;
  while (j < n) {
    unsigned c = (unsigned char)s[j];
    if (c == ' ' || c == '\t') {
      j++;
    } else if (c == '\n' && !nl) {
      j++;
      nl = 1;
    } else if (c == '\r' && !nl && j + 1 < n && s[j + 1] == '\n') {
      j += 2;
      nl = 1;
    } else if (c == 0xC2u && j + 1 < n && (unsigned char)s[j + 1] == 0xA0u) {
      j += 2;
    } else {
      break;
    }
  }
  return j;
}

/*
** The word token at s[i]: a run of ASCII letters ending at a boundary,
** found in the table. Stores its end in *end. NULL if there is none.
*/
static const word *word_at (const char *s, size_t n, size_t i, size_t *end) {
  size_t j = i;
  const word *w;
  /* no table word is longer than MAXWORD: stop reading a long run there */
  while (j < n && j - i <= MAXWORD && is_alpha((unsigned char)s[j])) j++;
  if (j == i || j - i > MAXWORD || !boundary(s, n, j)) return NULL;
  w = lookup(s + i, j - i);
  if (w != NULL) *end = j;
  return w;
}

/* The word after the separator that follows position i, or NULL. */
static const word *next_word (const char *s, size_t n, size_t i, size_t *end) {
  size_t j = skip_sep(s, n, i);
  if (j == i) return NULL;
  return word_at(s, n, j, end);
}

static void set (lore_number *out, double v, double scale, unsigned flags,
                 size_t len) {
  out->value = v;
  out->scale = scale;
  out->flags = flags;
  out->len = len;
}

/* Keep *best unless r is longer. */
static void keep_longest (lore_number *best, const lore_number *r) {
  if (r->len > best->len) *best = *r;
}

/* }==================================================================== */

/* {====================================================================
** Fractions: "half", "a quarter", "one third", "two-thirds",
** "three quarters", then an optional "[of] a million" / "million".
** ===================================================================== */

/*
** The fraction proper at s[i]: stores its value and end. When bare_half is
** set a lone "half" counts. 0 if there is none.
*/
static int frac_core (const char *s, size_t n, size_t i, int bare_half,
                      double *v, size_t *end, int *article) {
  size_t e1, e2;
  const word *w = word_at(s, n, i, &e1), *d;
  double num;
  if (w == NULL) return 0;
  *article = 0;
  if (w->cls == W_HALF) {
    if (!bare_half) return 0;
    *v = 0.5;
    *end = e1;
    return 1;
  }
  if (w->cls == W_A) { num = 1; *article = 1; }
  else if (w->cls == W_UNIT && w->v >= 1) num = w->v;
  else return 0;
  d = next_word(s, n, e1, &e2);
  if (d == NULL) return 0;
  if (d->cls == W_HALF || d->cls == W_QUARTER ||
      (d->cls == W_ORD && d->v >= 3 && d->v <= 10)) {
    /* singular: "a third", "one quarter" (also "two third", a common slip,
    ** but never "twenty-third", which the word parser reads as ordinal) */
    if (d->cls == W_HALF && num != 1) return 0;
    *v = num / d->v;
  } else if (d->cls == W_DENOMS) {
    if (*article) return 0;                       /* "a thirds" */
    *v = num / d->v;
  } else {
    return 0;
  }
  *end = e2;
  return 1;
}

/* A fraction at s[0..n) with its optional scale: "half a million". */
static void parse_fraction (const char *s, size_t n, lore_number *out) {
  double v;
  size_t e, e1, e2, e3;
  int article;
  const word *w;
  if (!frac_core(s, n, 0, 1, &v, &e, &article)) return;
  set(out, v, 1, LORE_NUMF_WORDS | LORE_NUMF_FRACTION, e);
  /* "a quarter million", "a half-dozen" */
  w = next_word(s, n, e, &e1);
  if (w != NULL && (w->cls == W_BIG || w->cls == W_HUNDRED)) {
    set(out, v * w->v, w->v,
        LORE_NUMF_WORDS | LORE_NUMF_FRACTION | LORE_NUMF_SCALED, e1);
    return;
  }
  if (w != NULL && w->cls == W_DOZEN) {
    set(out, v * 12, 1, LORE_NUMF_WORDS | LORE_NUMF_FRACTION, e1);
    return;
  }
  /* "[of] a million", "half a dozen" */
  if (w != NULL && w->cls == W_OF) w = next_word(s, n, e1, &e2);
  else e2 = e1;
  if (w == NULL) return;
  if (w->cls != W_A) return;
  w = next_word(s, n, e2, &e3);
  if (w == NULL) return;
  if (w->cls == W_BIG || w->cls == W_HUNDRED)
    set(out, v * w->v, w->v,
        LORE_NUMF_WORDS | LORE_NUMF_FRACTION | LORE_NUMF_SCALED, e3);
  else if (w->cls == W_DOZEN)
    set(out, v * 12, 1, LORE_NUMF_WORDS | LORE_NUMF_FRACTION, e3);
}

/* }==================================================================== */

/* {====================================================================
** Vague amounts: "hundreds", "thousands", "tens of thousands"
** ===================================================================== */

static void parse_vague (const char *s, size_t n, lore_number *out) {
  size_t e, e1, e2;
  const word *w = word_at(s, n, 0, &e), *o, *w2;
  if (w == NULL || w->cls != W_VAGUE) return;
  o = next_word(s, n, e, &e1);
  if (o != NULL && o->cls == W_OF) {
    w2 = next_word(s, n, e1, &e2);
    if (w2 != NULL && w2->cls == W_VAGUE && w2->v > w->v) {
      set(out, w->v * w2->v, 1, LORE_NUMF_WORDS | LORE_NUMF_VAGUE, e2);
      return;
    }
  }
  if (w->v == 10) return;              /* "tens" alone is not an amount */
  set(out, w->v, 1, LORE_NUMF_WORDS | LORE_NUMF_VAGUE, e);
}

/* }==================================================================== */

/* {====================================================================
** Cardinal and ordinal number words
** ===================================================================== */

/* What the last token left the word parser expecting. */
enum { P_START, P_A, P_UNIT, P_TEEN, P_TENS, P_HUNDRED, P_BIG, P_DOZEN };

static void parse_words (const char *s, size_t n, lore_number *out) {
  double total = 0, cur = 0, last_big = 0;
  int prev = P_START, after_and = 0;
  size_t i = 0, e;
  for (;;) {
    const word *w = word_at(s, n, i, &e);
    size_t next;
    if (w == NULL || prev == P_DOZEN) break;     /* "two dozen" ends there */
    if (after_and) {
      /* "hundred and ..." / "thousand and ...": a number word must follow */
      if (!(w->cls == W_UNIT || w->cls == W_TEEN || w->cls == W_TENS ||
            (w->cls == W_ORD && w->sub != W_HUNDRED && w->sub != W_BIG)))
        break;
    }
    switch (w->cls) {
      case W_UNIT: case W_TEEN: case W_TENS:
        if (prev == P_START || prev == P_BIG) {
          cur = w->v;
        } else if (prev == P_HUNDRED) {
          cur += w->v;
        } else if (prev == P_TENS && w->cls == W_UNIT && w->v > 0) {
          cur += w->v;
        } else {
          goto done;
        }
        prev = w->cls == W_UNIT ? P_UNIT : w->cls == W_TEEN ? P_TEEN : P_TENS;
        set(out, total + cur, 1, LORE_NUMF_WORDS, e);
        break;
      case W_HUNDRED:
        if (prev == P_START || prev == P_A) cur = 100;
        else if ((prev == P_UNIT || prev == P_TEEN || prev == P_TENS) &&
                 cur > 0 && cur < 100) cur *= 100;
        else goto done;
        prev = P_HUNDRED;
        set(out, total + cur, 100, LORE_NUMF_WORDS | LORE_NUMF_SCALED, e);
        break;
      case W_BIG:
        if (prev == P_START || prev == P_A) {
          total = w->v;
        } else if (prev == P_BIG) {
          /* "thousand million" (the old British billion), "a million
          ** million": only a larger or equal scale multiplies */
          if (w->v < last_big) goto done;
          total *= w->v;
        } else if (cur > 0) {
          if (last_big != 0 && w->v >= last_big) total = (total + cur) * w->v;
          else total += cur * w->v;
        } else {
          goto done;
        }
        cur = 0;
        last_big = w->v;
        prev = P_BIG;
        set(out, total, w->v, LORE_NUMF_WORDS | LORE_NUMF_SCALED, e);
        break;
      case W_DOZEN:
        if (prev == P_START || prev == P_A) cur = 12;
        else if ((prev == P_UNIT || prev == P_TEEN || prev == P_TENS) &&
                 total == 0 && cur > 0) cur *= 12;
        else goto done;
        prev = P_DOZEN;
        set(out, cur, 1, LORE_NUMF_WORDS, e);
        break;
      case W_ORD: {
        double v;
        if (prev == P_A) goto done;             /* "a third": a fraction */
        if (w->sub == W_HUNDRED || w->sub == W_BIG) {
          if (prev == P_START) v = w->v;
          else if (w->sub == W_HUNDRED &&
                   (prev == P_UNIT || prev == P_TEEN || prev == P_TENS) &&
                   cur > 0 && cur < 100) v = total + cur * 100;
          else if (w->sub == W_BIG && cur > 0 &&
                   (last_big == 0 || w->v < last_big)) v = total + cur * w->v;
          else goto done;
        } else if (prev == P_START || prev == P_BIG || prev == P_HUNDRED ||
                   (prev == P_TENS && w->sub == W_UNIT)) {
          v = total + cur + w->v;
        } else {
          goto done;
        }
        set(out, v, 1, LORE_NUMF_WORDS | LORE_NUMF_ORDINAL, e);
        goto done;                              /* an ordinal ends it */
      }
      case W_A:
        if (prev != P_START) goto done;
        prev = P_A;
        break;
      default:
        goto done;
    }
    after_and = 0;
    next = skip_sep(s, n, e);
    if (next == e) break;
    /* "and": a number word must follow ("one hundred and five") or a
    ** fraction ("two and a half", "a million and a half") */
    if (prev != P_A) {
      size_t ea;
      const word *a = word_at(s, n, next, &ea);
      if (a != NULL && a->cls == W_AND) {
        size_t fs = skip_sep(s, n, ea), fe;
        double fv;
        int article;
        if (fs == ea) break;
        if (frac_core(s, n, fs, 0, &fv, &fe, &article) && fv < 1) {
          double v, scale = 1;
          unsigned fl = LORE_NUMF_WORDS | LORE_NUMF_FRACTION;
          const word *b;
          size_t be;
          if (prev == P_BIG && article) {
            /* "a million and a half" is 1.5 million */
            v = total + fv * last_big;
            scale = last_big;
            fl |= LORE_NUMF_SCALED;
          } else if (prev == P_DOZEN) {
            /* "a dozen and a half" is 18 */
            v = cur + (article ? fv * 12 : fv);
          } else if (prev == P_BIG || prev == P_HUNDRED) {
            v = total + cur + fv;
          } else {
            v = total + cur + fv;
            b = next_word(s, n, fe, &be);
            /* "two and a half million" */
            if (total == 0 && b != NULL && b->cls == W_BIG) {
              v *= b->v;
              scale = b->v;
              fl |= LORE_NUMF_SCALED;
              fe = be;
            }
          }
          set(out, v, scale, fl, fe);
          break;
        }
        if (prev != P_HUNDRED && prev != P_BIG) break;
        after_and = 1;
        next = fs;
      }
    }
    i = next;
  }
done:
  return;
}

/* }==================================================================== */

/* {====================================================================
** Numerals: "42" "1,400" "2,000.50" "1.4 million" "2bn" "10th"
** ===================================================================== */

/* Exact powers of ten representable in a double. */
static const double pow10_tab[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
  1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static double pow10i (int e) {
  if (e >= 0 && e <= 22) return pow10_tab[e];
  return pow(10.0, (double)e);
}

typedef struct numeral {
  uint64_t mant;     /* first 19 significant digits */
  int exp;           /* value = mant * 10^exp */
  int decimal;
  size_t len;
} numeral;

/* Append digit d to the mantissa; digits past 19 only shift the exponent
** (integer part) or are dropped (decimals), so no input overflows. */
static void add_digit (numeral *m, int d, int is_decimal, int *ndig) {
  if (*ndig < 19) {
    m->mant = m->mant * 10u + (uint64_t)d;
    if (m->mant != 0) (*ndig)++;
    if (is_decimal && m->exp > -100000) m->exp--;
  } else if (!is_decimal) {
    if (m->exp < 100000) m->exp++;
  }
}

/* Read the numeral at s[0..n); 0 if s does not start with a digit. */
static int read_numeral (const char *s, size_t n, numeral *m) {
  size_t i = 0, lead;
  int ndig = 0;
  memset(m, 0, sizeof(*m));
  while (i < n && is_digit((unsigned char)s[i])) {
    add_digit(m, s[i] - '0', 0, &ndig);
    i++;
  }
  if (i == 0) return 0;
  lead = i;
  /* thousands separators: groups of exactly three digits after a lead of
  ** one to three ("1,400", not "1,40" or "1234,567") */
  if (lead <= 3) {
    while (i + 3 < n && s[i] == ',' && is_digit((unsigned char)s[i + 1]) &&
           is_digit((unsigned char)s[i + 2]) &&
           is_digit((unsigned char)s[i + 3]) &&
           (i + 4 >= n || !is_digit((unsigned char)s[i + 4]))) {
      add_digit(m, s[i + 1] - '0', 0, &ndig);
      add_digit(m, s[i + 2] - '0', 0, &ndig);
      add_digit(m, s[i + 3] - '0', 0, &ndig);
      i += 4;
    }
  }
  if (i + 1 < n && s[i] == '.' && is_digit((unsigned char)s[i + 1])) {
    i++;
    m->decimal = 1;
    while (i < n && is_digit((unsigned char)s[i])) {
      add_digit(m, s[i] - '0', 1, &ndig);
      i++;
    }
  }
  m->len = i;
  return 1;
}

/* mant * 10^exp * scale, exact whenever the true value is a double. */
static double numeral_value (const numeral *m, double scale) {
  double v = (double)m->mant;
  if (m->mant == 0) return 0;
  if (m->exp < 0) {
    /* "1.4 million" is 14 * 1e6 / 10: exact product, one rounding */
    if (v * scale < 9007199254740992.0 && m->exp >= -22)
      return v * scale / pow10_tab[-m->exp];
    return v / pow10i(-m->exp) * scale;
  }
  if (m->exp > 400) return HUGE_VAL;
  return v * pow10i(m->exp) * scale;
}

static int ordinal_suffix (const char *s, size_t n) {
  char a, b;
  if (n != 2) return 0;
  a = (char)lower((unsigned char)s[0]);
  b = (char)lower((unsigned char)s[1]);
  return (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
         (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

static void parse_numeral (const char *s, size_t n, lore_number *out) {
  numeral m;
  size_t i, j, e;
  double scale = 1, lastf = 0;
  unsigned fl = LORE_NUMF_NUMERAL;
  const word *w;
  if (!read_numeral(s, n, &m)) return;
  if (m.decimal) fl |= LORE_NUMF_DECIMAL;
  i = m.len;
  set(out, numeral_value(&m, 1), 1, fl, i);
  /* letters glued to the digits: an ordinal suffix, a scale, or else a
  ** word of its own ("2023s", "10km"): then the number is just the digits */
  j = i;
  while (j < n && j - i <= MAXWORD && is_alpha((unsigned char)s[j])) j++;
  if (j > i) {
    if (j - i > MAXWORD || !boundary(s, n, j)) return;
    if (!m.decimal && ordinal_suffix(s + i, j - i)) {
      set(out, out->value, 1, fl | LORE_NUMF_ORDINAL, j);
      return;
    }
    w = lookup(s + i, j - i);
    if (w != NULL && (w->cls == W_ABBR || w->cls == W_BIG ||
                      w->cls == W_HUNDRED)) {
      set(out, numeral_value(&m, w->v), w->v, fl | LORE_NUMF_SCALED, j);
    }
    return;
  }
  /* separate scale words: "1.4 million", "3 m", "5 hundred thousand",
  ** "2 dozen"; an abbreviation only right after the numeral */
  for (;;) {
    w = next_word(s, n, i, &e);
    if (w == NULL) break;
    if (w->cls == W_ABBR && scale != 1) break;
    if (w->cls == W_ABBR || w->cls == W_BIG || w->cls == W_HUNDRED) {
      if (w->v <= lastf) break;                /* "2 thousand hundred" */
      lastf = w->v;
      scale *= w->v;
      fl |= LORE_NUMF_SCALED;
      set(out, numeral_value(&m, scale), w->v, fl, e);
      i = e;
      if (w->cls == W_ABBR) break;
    } else if (w->cls == W_DOZEN && scale == 1) {
      set(out, numeral_value(&m, 12), 1, fl, e);
      break;
    } else {
      break;
    }
  }
}

/* }==================================================================== */

int lore_num_parse (const char *s, size_t n, lore_number *out) {
  lore_number best, r;
  size_t e;
  const word *w;
  set(&best, 0, 1, 0, 0);
  if (s != NULL && n > 0) {
    if (is_digit((unsigned char)s[0])) {
      parse_numeral(s, n, &best);
    } else if ((w = word_at(s, n, 0, &e)) != NULL) {
      /* the first word tells which recognisers can apply */
      switch (w->cls) {
        case W_A: case W_UNIT:
          parse_words(s, n, &best);
          set(&r, 0, 1, 0, 0); parse_fraction(s, n, &r);
          keep_longest(&best, &r);
          break;
        case W_TEEN: case W_TENS: case W_HUNDRED: case W_BIG: case W_DOZEN:
        case W_ORD:
          parse_words(s, n, &best);
          break;
        case W_HALF: parse_fraction(s, n, &best); break;
        case W_VAGUE: parse_vague(s, n, &best); break;
        default: break;
      }
    }
  }
  if (out != NULL) *out = best;
  return best.len > 0;
}

double lore_num_word (const char *s, size_t n, int *ordinal) {
  const word *w = s != NULL ? lookup(s, n) : NULL;
  if (ordinal != NULL) *ordinal = 0;
  if (w == NULL) return -1;
  switch (w->cls) {
    case W_UNIT: case W_TEEN: case W_TENS: case W_HUNDRED: case W_BIG:
    case W_DOZEN:
      return w->v;
    case W_ORD:
      if (ordinal != NULL) *ordinal = 1;
      return w->v;
    default:
      return -1;
  }
}

double lore_num_scale (const char *s, size_t n) {
  const word *w = s != NULL ? lookup(s, n) : NULL;
  if (w == NULL) return 0;
  if (w->cls == W_HUNDRED || w->cls == W_BIG || w->cls == W_ABBR) return w->v;
  return 0;
}
