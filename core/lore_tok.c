/*
** lore_tok.c
** The tokenizer. Two paths produce the same tokens:
** - the scalar scanners (scan_word, scan_number, scan_apos, ...) know the
**   whole rule set and decode UTF-8 as they go; every token can take them;
** - the fast path takes the frequent ASCII tokens of long texts without a
**   per-byte loop: each 64-byte block is classified once with SSE2 (bit
**   masks of letters, digits, white space, line breaks), and a 64-byte
**   window at the current position is cut from two blocks. Token starts
**   and ends, case flags and the flags of the white space around come
**   from bit arithmetic on the window; the tokens are taken in order.
**   Simple tokens (plain words, integers, one-byte punctuation: nine in
**   ten in news text) take a straight path whose only branch is one test
**   on the masks and the byte table; the others go to general_token, and
**   at the first thing that cannot decide alone the fast path hands the
**   position back to the scalar dispatch.
** The tests compare both paths on long random texts.
*/
#include <stddef.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <utf8proc.h>

#include "lore_alloc.h"
#include "lore_err.h"
#include "lore_tok.h"
#include "lore_utf8.h"

/* LORE_TOK_NO_FAST (tests): every token by the scalar scanners. */
#if defined(LORE_TOK_NO_FAST)
#define TOK_FAST 0
#else
#define TOK_FAST 1
#endif

#if defined(__SSE2__) && !defined(LORE_NO_SIMD)
#include <emmintrin.h>
#define TOK_SIMD 1
#else
#define TOK_SIMD 0
#endif

#include "lore_tok_int.h"

/* {====================================================================
** Byte classes
** ===================================================================== */

enum {
  B_LO, B_UP, B_DIG, B_SP, B_NL, B_CTL, B_PUN, B_DOT, B_HYP, B_DQ, B_SQ,
  B_BQ, B_SYM, B_CUR, B_AT, B_HI
};
#define BMASK 0x0F
#define EW 0x10   /* an ASCII word may end right before this byte */
#define EN 0x20   /* an ASCII number may end right before this byte */
#define ND 0x40   /* not a period */
#define HZ 0x80   /* a requirement no byte meets (see REQ) */
#define SPC 0x200 /* white space or a line break (= LORE_TF_SPACE_AFTER) */

/*
** Everything the tokenizer knows of a byte, in one entry of BT:
** - bits 0..6: its class B_*, and the EW, EN and ND bits;
** - SPC: white space, so the SPACE_AFTER of a token right before it;
** - REQ (bits 16..23): for a token that starts with the byte (a one-byte
**   token, or a run of letters or digits), the bits the byte after it
**   must have for the fast path to take the token as simple; HZ: never;
** - TAIL (bits 32..63): flags | kind << 16 | sub << 24 of that token when
**   simple (a plain word, an integer, one-byte punctuation).
** The names of the entries spell the EW, EN and ND bits: SP_wnd has all
** three.
*/
#define REQ(x)  ((unsigned)((x) >> 16) & 0xFFu)
#define TAIL(x) ((uint32_t)((x) >> 32))
#define E_(cls, bits, req, flags, kind, sub)                                \
  ((uint64_t)((cls) | (bits) | (req) << 16) |                              \
   (uint64_t)((flags) | (kind) << 16 | (unsigned)(sub) << 24) << 32)
#define AT_wnd E_(B_AT, EW|EN|ND, HZ, 0, 0, 0)
#define BQ_wnd E_(B_BQ, EW|EN|ND, 0, 0, LORE_TK_QUOTE,                       \
                   LORE_QS_OPEN | LORE_QS_SINGLE)
#define CTL_wnd E_(B_CTL, EW|EN|ND, HZ, 0, 0, 0)
#define CUR_nd E_(B_CUR, EN|ND, 0, 0, LORE_TK_CURRENCY, 0)
#define DIG_d E_(B_DIG, ND, EN, LORE_TF_DIGIT, LORE_TK_NUMBER,                \
                  LORE_NS_INTEGER)
#define DOT_ E_(B_DOT, 0, ND, 0, LORE_TK_PUNCT, LORE_PS_PERIOD)
#define DQ_wnd E_(B_DQ, EW|EN|ND, HZ, 0, 0, 0)
#define HI_nd E_(B_HI, EN|ND, HZ, 0, 0, 0)
#define HYP_wnd E_(B_HYP, EW|EN|ND, HZ, 0, 0, 0)
#define LO_d E_(B_LO, ND, EW, LORE_TF_LOWER, LORE_TK_WORD, LORE_WS_PLAIN)
#define NL_wnd E_(B_NL, EW|EN|ND|SPC, HZ, 0, 0, 0)
#define PUN_nd(s) E_(B_PUN, EN|ND, 0, 0, LORE_TK_PUNCT, LORE_PS_##s)
#define PUN_wd(s) E_(B_PUN, EW|ND, 0, 0, LORE_TK_PUNCT, LORE_PS_##s)
#define PUN_wnd(s) E_(B_PUN, EW|EN|ND, 0, 0, LORE_TK_PUNCT, LORE_PS_##s)
#define SP_wnd E_(B_SP, EW|EN|ND|SPC, HZ, 0, 0, 0)
#define SQ_nd E_(B_SQ, EN|ND, HZ, 0, 0, 0)
#define SYM_wnd E_(B_SYM, EW|EN|ND, 0, 0, LORE_TK_SYMBOL, 0)
#define UP_d E_(B_UP, ND, EW, LORE_TF_CAP | LORE_TF_TITLE, LORE_TK_WORD,       \
                 LORE_WS_PLAIN)
static const uint64_t BT[256] = {
  CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd,   /* 00 */
  CTL_wnd, SP_wnd, NL_wnd, NL_wnd, NL_wnd, NL_wnd, CTL_wnd, CTL_wnd,
  CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd,   /* 10 */
  CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd, CTL_wnd,
  SP_wnd, PUN_wnd(EXCL), DQ_wnd, SYM_wnd,                             /* 20 */
  CUR_nd, SYM_wnd, SYM_wnd, SQ_nd,
  PUN_wnd(OPEN), PUN_wnd(CLOSE), SYM_wnd, SYM_wnd,
  PUN_wd(COMMA), HYP_wnd, DOT_, PUN_wnd(SLASH),
  DIG_d, DIG_d, DIG_d, DIG_d, DIG_d, DIG_d, DIG_d, DIG_d,   /* 30 */
  DIG_d, DIG_d, PUN_nd(COLON), PUN_wnd(SEMI),
  SYM_wnd, SYM_wnd, SYM_wnd, PUN_wnd(QUEST),
  AT_wnd, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d,   /* 40 */
  UP_d, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d,
  UP_d, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d, UP_d,   /* 50 */
  UP_d, UP_d, UP_d, PUN_wnd(OPEN),
  PUN_wnd(OTHER), PUN_wnd(CLOSE), SYM_wnd, PUN_wnd(OTHER),
  BQ_wnd, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d,   /* 60 */
  LO_d, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d,
  LO_d, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d, LO_d,   /* 70 */
  LO_d, LO_d, LO_d, PUN_wnd(OPEN), SYM_wnd, PUN_wnd(CLOSE), SYM_wnd, CTL_wnd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* 80 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* 90 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* A0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* B0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* C0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* D0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* E0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd,   /* F0 */
  HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd, HI_nd
};
#undef E_
#undef AT_wnd
#undef BQ_wnd
#undef CTL_wnd
#undef CUR_nd
#undef DIG_d
#undef DOT_
#undef DQ_wnd
#undef HI_nd
#undef HYP_wnd
#undef LO_d
#undef NL_wnd
#undef PUN_nd
#undef PUN_wd
#undef PUN_wnd
#undef SP_wnd
#undef SQ_nd
#undef SYM_wnd
#undef UP_d

#define CLS(c)       ((unsigned)BT[(c)] & BMASK)
#define IS_ALPHA(c)  (CLS(c) <= B_UP)
#define IS_DIGIT(c)  ((unsigned)((c) - '0') < 10u)
#define IS_ALNUM(c)  (CLS(c) <= B_DIG)
#define LOWER(c)     ((c) | 0x20)
#define PSUB(c)      ((unsigned)(BT[(c)] >> 56))   /* sub of punctuation */

/* }==================================================================== */

/* {====================================================================
** Helpers over code points
** ===================================================================== */

typedef const unsigned char uchar;

/* Code point at s[i] (i < len): its class, length in *l, value in *cp. */
static lore_cclass cp_at (uchar *s, size_t len, size_t i, size_t *l,
                          int32_t *cp) {
  *l = lore_utf8_decode(s + i, len - i, cp);
  return lore_utf8_class(*cp);
}

/* Format characters that may sit inside a word when a letter follows. */
static int is_joiner (int32_t cp) {
  return cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060;
}

/* 1 if a letter, mark or digit starts at s[i] (a word goes on). */
static int wordchar_at (uchar *s, size_t len, size_t i) {
  size_t l;
  int32_t cp;
  lore_cclass cc;
  if (i >= len) return 0;
  if (s[i] < 0x80) return IS_ALNUM(s[i]);
  cc = cp_at(s, len, i, &l, &cp);
  return cc == LORE_CC_LETTER || cc == LORE_CC_MARK || cc == LORE_CC_DIGIT;
}

/* 1 if a letter or digit starts at s[i]. */
static int alnum_at (uchar *s, size_t len, size_t i) {
  size_t l;
  int32_t cp;
  lore_cclass cc;
  if (i >= len) return 0;
  if (s[i] < 0x80) return IS_ALNUM(s[i]);
  cc = cp_at(s, len, i, &l, &cp);
  return cc == LORE_CC_LETTER || cc == LORE_CC_DIGIT;
}

/* 1 if s[i..] is white space or a line break (or i is the end). */
static int space_at (uchar *s, size_t len, size_t i) {
  size_t l;
  int32_t cp;
  lore_cclass cc;
  if (i >= len) return 1;
  if (s[i] < 0x80) return CLS(s[i]) == B_SP || CLS(s[i]) == B_NL;
  cc = cp_at(s, len, i, &l, &cp);
  return cc == LORE_CC_SPACE || cc == LORE_CC_NEWLINE || cp == 0x200B;
}

/* 1 if the ASCII c is punctuation that may follow a closing quote. */
static inline int closer_ascii (unsigned c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case ')':
    case ']': case '}': case '-': case '"': case '\'': case '`':
      return 1;
    default:
      return 0;
  }
}

/* 1 if s[i..] is punctuation that may follow a closing quote. */
static int closer_punct_at (uchar *s, size_t len, size_t i) {
  size_t l;
  int32_t cp;
  lore_cclass cc;
  if (s[i] < 0x80) return closer_ascii(s[i]);
  cc = cp_at(s, len, i, &l, &cp);
  return cc == LORE_CC_PUNCT || cc == LORE_CC_DASH || cc == LORE_CC_QUOTE ||
         cc == LORE_CC_HYPHEN;
}

/*
** Case, digit and non-ASCII flags of the token s[a..b) (the slow path; the
** fast path in lore_tokenize computes the same from its masks).
*/
static unsigned text_flags (uchar *s, size_t a, size_t b) {
  unsigned f = 0;
  size_t j = a, nlet = 0, nup = 0, nlow = 0;
  int first = 1, notitle = 0;
  while (j < b) {
    unsigned c = s[j];
    int up = 0, lo = 0, letter = 0;
    if (c < 0x80) {
      unsigned k = CLS(c);
      if (k == B_UP) up = letter = 1;
      else if (k == B_LO) lo = letter = 1;
      else if (k == B_DIG) f |= LORE_TF_DIGIT;
      j++;
    } else {
      size_t l;
      int32_t cp;
      lore_cclass cc = cp_at(s, b, j, &l, &cp);
      f |= LORE_TF_NONASCII;
      if (cc == LORE_CC_LETTER) {
        letter = 1;
        up = lore_utf8_isupper(cp);
        lo = !up && lore_utf8_islower(cp);
      } else if (cc == LORE_CC_DIGIT) {
        f |= LORE_TF_DIGIT;
      } else if (cc == LORE_CC_MARK && !first) {
        j += l;
        continue;                      /* marks do not count as characters */
      }
      j += l;
    }
    if (first) {
      if (up) f |= LORE_TF_CAP;
      else if (lo) f |= LORE_TF_LOWER;
      first = 0;
    } else if (letter && !lo) {
      notitle = 1;
    }
    if (letter) { nlet++; nup += (size_t)up; nlow += (size_t)lo; }
  }
  if ((f & LORE_TF_CAP) && !notitle) f |= LORE_TF_TITLE;
  if (nlet >= 2 && nup == nlet) f |= LORE_TF_ALLCAPS;
  return f;
}

/* }==================================================================== */

/* {====================================================================
** Abbreviations
** ===================================================================== */

typedef struct abbrev { const char *w; unsigned char n, kind; } abbrev;

#define A(w, k) { w, sizeof(w) - 1, k }
static const abbrev ABBREVS[] = {
  A("Mr", ABBR_TITLE), A("Mrs", ABBR_TITLE), A("Ms", ABBR_TITLE),
  A("Mx", ABBR_TITLE), A("Dr", ABBR_TITLE), A("Prof", ABBR_TITLE),
  A("Gen", ABBR_TITLE), A("Lt", ABBR_TITLE), A("Col", ABBR_TITLE),
  A("Maj", ABBR_TITLE), A("Capt", ABBR_TITLE), A("Cmdr", ABBR_TITLE),
  A("Cdr", ABBR_TITLE), A("Adm", ABBR_TITLE), A("Sgt", ABBR_TITLE),
  A("Cpl", ABBR_TITLE), A("Pvt", ABBR_TITLE), A("Brig", ABBR_TITLE),
  A("Gov", ABBR_TITLE), A("Sen", ABBR_TITLE), A("Sens", ABBR_TITLE),
  A("Rep", ABBR_TITLE), A("Reps", ABBR_TITLE), A("Rev", ABBR_TITLE),
  A("Hon", ABBR_TITLE), A("Pres", ABBR_TITLE), A("Supt", ABBR_TITLE),
  A("Insp", ABBR_TITLE), A("Det", ABBR_TITLE), A("Fr", ABBR_TITLE),
  A("Amb", ABBR_TITLE), A("Atty", ABBR_TITLE), A("Sec", ABBR_TITLE),
  A("Messrs", ABBR_TITLE), A("Mme", ABBR_TITLE), A("Mlle", ABBR_TITLE),
  A("St", ABBR_TITLE), A("Mt", ABBR_TITLE), A("Ft", ABBR_TITLE),
  A("Jan", ABBR_MONTH), A("Feb", ABBR_MONTH), A("Mar", ABBR_MONTH),
  A("Apr", ABBR_MONTH), A("Jun", ABBR_MONTH), A("Jul", ABBR_MONTH),
  A("Aug", ABBR_MONTH), A("Sep", ABBR_MONTH), A("Sept", ABBR_MONTH),
  A("Oct", ABBR_MONTH), A("Nov", ABBR_MONTH), A("Dec", ABBR_MONTH),
  A("Inc", ABBR_OTHER), A("Ltd", ABBR_OTHER), A("Corp", ABBR_OTHER),
  A("Co", ABBR_OTHER), A("Jr", ABBR_OTHER), A("Sr", ABBR_OTHER),
  A("Bros", ABBR_OTHER), A("Vol", ABBR_OTHER), A("Dept", ABBR_OTHER),
  A("Univ", ABBR_OTHER), A("Ave", ABBR_OTHER), A("Blvd", ABBR_OTHER),
  A("Fig", ABBR_OTHER), A("etc", ABBR_OTHER), A("vs", ABBR_OTHER),
  A("al", ABBR_OTHER), A("approx", ABBR_OTHER), A("est", ABBR_OTHER),
  A("cf", ABBR_OTHER), A("viz", ABBR_OTHER), A("ca", ABBR_OTHER),
  A("No", ABBR_NUMERO), A("Nos", ABBR_NUMERO)
};
#undef A

/* Class of the word s[0..n) (without its period) in the built-in list. */
static int abbrev_lookup (const char *s, size_t n) {
  static const unsigned char FIRST[128] = {   /* lengths by first letter */
    ['A'] = 0x18, ['B'] = 0x10, ['C'] = 0x1C, ['D'] = 0x1C, ['F'] = 0x0C,
    ['G'] = 0x08, ['H'] = 0x08, ['I'] = 0x18, ['J'] = 0x0C, ['L'] = 0x0C,
    ['M'] = 0x5C, ['N'] = 0x0C, ['O'] = 0x08, ['P'] = 0x18, ['R'] = 0x18,
    ['S'] = 0x1C, ['U'] = 0x10, ['V'] = 0x08, ['a'] = 0x44, ['c'] = 0x04,
    ['e'] = 0x08, ['v'] = 0x0C
  };
  size_t k;
  if (n < 2 || n > 6 || !((FIRST[s[0] & 0x7F] >> n) & 1)) return ABBR_NONE;
  for (k = 0; k < sizeof(ABBREVS) / sizeof(ABBREVS[0]); k++)
    if (ABBREVS[k].n == n && memcmp(ABBREVS[k].w, s, n) == 0)
      return ABBREVS[k].kind;
  return ABBR_NONE;
}

/*
** Class of an abbreviation token s[0..n) (its text, final period
** included): an initialism when it holds another period or is a single
** letter, else the class of its word in the list.
*/
int lore_tok__abbrev_kind (const char *s, size_t n) {
  uchar *u = (uchar *)s;
  size_t k, l;
  int32_t cp;
  if (n < 2 || s[n - 1] != '.') return ABBR_NONE;
  for (k = 0; k + 1 < n; k++)
    if (s[k] == '.') return ABBR_INITIAL;
  if (cp_at(u, n, 0, &l, &cp) == LORE_CC_LETTER && l == n - 1)
    return ABBR_INITIAL;
  return abbrev_lookup(s, n - 1);
}

/* }==================================================================== */

/* {====================================================================
** Scanners (the slow path)
** ===================================================================== */

/* What a scanner found: the token's end, kind and sub. */
typedef struct scan { size_t end; unsigned kind, sub; } scan;

static int ieq (uchar *s, size_t n, const char *w) {
  size_t k;
  if (strlen(w) != n) return 0;
  for (k = 0; k < n; k++)
    if (LOWER(s[k]) != (unsigned char)w[k]) return 0;
  return 1;
}

/* 1 if the n ASCII letters at s are a clitic ('s 're 've 'll 'd 'm). */
static int is_clitic (uchar *s, size_t n) {
  if (n == 1) return LOWER(s[0]) == 's' || LOWER(s[0]) == 'd' ||
                     LOWER(s[0]) == 'm';
  if (n == 2) return ieq(s, 2, "re") || ieq(s, 2, "ve") || ieq(s, 2, "ll");
  return 0;
}

/* Bytes that end a URL. */
static int url_stop (unsigned c) {
  return c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
         c == '\'' || c == '`' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '|' || c == '\\' || c == '^';
}

/*
** End of a URL starting at i (the scheme or "www." is already checked):
** everything up to white space, quotes or angle brackets, then trailing
** sentence punctuation and an unbalanced ')' are given back.
*/
static size_t scan_url (uchar *s, size_t len, size_t i) {
  size_t k = i;
  int depth = 0;
  while (k < len) {
    unsigned c = s[k];
    if (c >= 0x80) {
      size_t l;
      int32_t cp;
      lore_cclass cc = cp_at(s, len, k, &l, &cp);
      if (cp == LORE_UTF8_INVALID || cc == LORE_CC_SPACE ||
          cc == LORE_CC_NEWLINE || cc == LORE_CC_QUOTE ||
          cc == LORE_CC_OTHER || cp == 0x2026)
        break;
      k += l;
      continue;
    }
    if (url_stop(c)) break;
    if (c == '(') depth++;
    else if (c == ')' && depth-- == 0) break;
    k++;
  }
  while (k > i) {
    unsigned c = s[k - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
      k--;
    else
      break;
  }
  return k;
}

/*
** What an apostrophe (alen bytes at j) inside the word s[i..j) means:
** 0 the word ends before it; 1 it is part of the word ("O'Brien"); 2 the
** word ends at *end ("do" of "don't"); 3 the word is the clitic "n't"
** ending at *end.
*/
static int word_apos (uchar *s, size_t len, size_t i, size_t j, size_t alen,
                      size_t *end) {
  size_t k = j + alen, m = k;
  while (m < len && IS_ALPHA(s[m])) m++;
  if (m == k) return wordchar_at(s, len, k) ? 1 : 0;
  if (wordchar_at(s, len, m)) return 1;
  if (is_clitic(s + k, m - k)) return 0;
  if (m - k == 1 && LOWER(s[k]) == 't' && LOWER(s[j - 1]) == 'n') {
    if (j - 1 > i) { *end = j - 1; return 2; }
    *end = m;
    return 3;
  }
  return 1;
}

/* Initialism at i ("U.S.", "e.g.", "J."): its end, or 0 if none. */
static size_t scan_initialism (uchar *s, size_t len, size_t i, size_t l1) {
  size_t k = i + l1 + 1, count = 1;
  int32_t cp;
  for (;;) {
    size_t l;
    if (k >= len) break;
    if (s[k] < 0x80) {
      if (!IS_ALPHA(s[k])) break;
      l = 1;
    } else if (cp_at(s, len, k, &l, &cp) != LORE_CC_LETTER) {
      break;
    }
    if (k + l >= len || s[k + l] != '.') break;
    k += l + 1;
    count++;
  }
  if (count >= 2) return k;
  lore_utf8_decode(s + i, len - i, &cp);
  return lore_utf8_isupper(cp) ? i + l1 + 1 : 0;
}

/* Prefixes of '$' that make one currency token ("US$"). */
static int dollar_prefix (uchar *s, size_t n) {
  static const char *const P[] = {
    "US", "HK", "A", "C", "S", "NZ", "R", "AU", "NT", "Z", "CA", "SG"
  };
  size_t k;
  for (k = 0; k < sizeof(P) / sizeof(P[0]); k++)
    if (strlen(P[k]) == n && memcmp(P[k], s, n) == 0) return 1;
  return 0;
}

/*
** A word starting at i (a letter or mark): letters, marks and digits of any
** script, inner apostrophes, joiners before a letter; then the special
** endings: clitics split off, abbreviation periods, "US$", URLs.
*/
static scan scan_word (uchar *s, size_t len, size_t i) {
  scan r;
  size_t j = i, nchars = 0, first_len = 0;
  r.kind = LORE_TK_WORD;
  r.sub = LORE_WS_PLAIN;
  while (j < len) {
    unsigned c = s[j];
    size_t l = 1, alen = 0;
    int32_t cp = (int32_t)c;
    if (c < 0x80) {
      if (IS_ALNUM(c)) { j++; if (nchars++ == 0) first_len = 1; continue; }
      if (c == '\'') alen = 1;
    } else {
      lore_cclass cc = cp_at(s, len, j, &l, &cp);
      if (cc == LORE_CC_LETTER || cc == LORE_CC_DIGIT || cc == LORE_CC_MARK) {
        if (nchars == 0) first_len = l;
        if (cc != LORE_CC_MARK || nchars == 0) nchars++;
        j += l;
        continue;
      }
      if (cp == 0x2019) alen = 3;
      else if (is_joiner(cp) && j + l < len) {
        lore_cclass nc = cp_at(s, len, j + l, &alen, &cp);
        if (nc == LORE_CC_LETTER || nc == LORE_CC_MARK) { j += l; continue; }
        break;
      }
    }
    if (alen > 0 && j > i) {
      size_t end = j;
      switch (word_apos(s, len, i, j, alen, &end)) {
        case 1: j += alen; nchars++; continue;
        case 2: r.end = end; return r;
        case 3: r.end = end; r.sub = LORE_WS_CLITIC; return r;
        default: break;
      }
      break;
    }
    if (c == '.' && j + 1 < len && s[j + 1] == '.') break;   /* ellipsis */
    if (c == '.') {
      size_t e;
      int k;
      if (nchars == 1 && j - i == first_len &&
          (e = scan_initialism(s, len, i, first_len)) != 0) {
        r.end = e;
        r.sub = LORE_WS_ABBREV;
        return r;
      }
      if (j - i == 3 && ieq(s + i, 3, "www") && alnum_at(s, len, j + 1)) {
        r.end = scan_url(s, len, i);
        r.kind = LORE_TK_URL;
        return r;
      }
      k = abbrev_lookup((const char *)s + i, j - i);
      if (k == ABBR_NUMERO) {
        size_t m = j + 1;
        while (m < len && s[m] == ' ') m++;
        if (m >= len || !IS_DIGIT(s[m])) k = ABBR_NONE;
      }
      if (k != ABBR_NONE) {
        r.end = j + 1;
        r.sub = LORE_WS_ABBREV;
        return r;
      }
      break;
    }
    if (c == ':' && j + 2 < len && s[j + 1] == '/' && s[j + 2] == '/' &&
        (ieq(s + i, j - i, "http") || ieq(s + i, j - i, "https") ||
         ieq(s + i, j - i, "ftp"))) {
      r.end = scan_url(s, len, i);
      r.kind = LORE_TK_URL;
      return r;
    }
    if (c == '$' && dollar_prefix(s + i, j - i)) {
      r.end = j + 1;
      r.kind = LORE_TK_CURRENCY;
      return r;
    }
    break;
  }
  r.end = j;
  return r;
}

/*
** A number starting at the ASCII digit at i: thousands groups, one decimal
** part, then an ordinal or decade suffix if the letters that follow are
** exactly that; other letters are left for the next token.
*/
static scan scan_number (uchar *s, size_t len, size_t i) {
  scan r;
  size_t j = i, m;
  r.kind = LORE_TK_NUMBER;
  r.sub = LORE_NS_INTEGER;
  while (j < len && IS_DIGIT(s[j])) j++;
  if (j - i <= 3) {
    while (j + 3 < len && s[j] == ',' && IS_DIGIT(s[j + 1]) &&
           IS_DIGIT(s[j + 2]) && IS_DIGIT(s[j + 3]) &&
           (j + 4 >= len || !IS_DIGIT(s[j + 4]))) {
      j += 4;
      r.sub = LORE_NS_GROUPED;
    }
  }
  if (j + 1 < len && s[j] == '.' && IS_DIGIT(s[j + 1])) {
    j += 2;
    while (j < len && IS_DIGIT(s[j])) j++;
    r.sub = LORE_NS_DECIMAL;
  }
  m = j;
  while (m < len && IS_ALPHA(s[m])) m++;
  if (m > j && !wordchar_at(s, len, m) && r.sub != LORE_NS_DECIMAL) {
    unsigned d = s[j - 1] - '0';
    unsigned tens = (j - i >= 2 && IS_DIGIT(s[j - 2])) ? s[j - 2] - '0' : 0;
    if (m - j == 2) {
      const char *want = (tens == 1 || d == 0 || d > 3) ? "th" :
                         d == 1 ? "st" : d == 2 ? "nd" : "rd";
      if (ieq(s + j, 2, want)) { r.end = m; r.sub = LORE_NS_ORDINAL; return r; }
    } else if (m - j == 1 && LOWER(s[j]) == 's' && r.sub == LORE_NS_INTEGER &&
               d == 0 && (j - i == 4 || j - i == 2)) {
      r.end = m;
      r.sub = LORE_NS_DECADE;
      return r;
    }
  }
  r.end = j;
  return r;
}

/* End of a run of invalid sequences and control characters at i. */
static size_t scan_invalid (uchar *s, size_t len, size_t i) {
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {
      if (CLS(c) != B_CTL) break;
      i++;
    } else {
      size_t l;
      int32_t cp;
      l = lore_utf8_decode(s + i, len - i, &cp);
      if (cp != LORE_UTF8_INVALID && (cp < 0x80 || cp > 0x9F || cp == 0x85))
        break;
      i += l;
    }
  }
  return i;
}

/*
** Open/close bits of a straight quote at [i, i+qlen) by its context: open
** after white space (or the start) when a non-space follows, and after an
** opening bracket, quote or dash; close after anything else when space,
** punctuation or the end follows (or after an opener when space follows:
** an empty quotation); both when it cannot tell.
*/
static int opener (const lore_token *p) {
  return (p->kind == LORE_TK_PUNCT && p->sub == LORE_PS_OPEN) ||
         p->kind == LORE_TK_DASH ||
         (p->kind == LORE_TK_QUOTE &&
          (p->sub & (LORE_QS_OPEN | LORE_QS_CLOSE)) == LORE_QS_OPEN);
}

static unsigned quote_context (uchar *s, size_t len, size_t i, size_t qlen,
                               unsigned pend, const lore_token *prev) {
  int ws_before = (pend & LORE_TF_SPACE_BEFORE) != 0;
  int open_before = !ws_before && prev != NULL && prev->end == i && opener(prev);
  int after_space = space_at(s, len, i + qlen);
  if (ws_before) return after_space ? LORE_QS_OPEN | LORE_QS_CLOSE : LORE_QS_OPEN;
  if (open_before) return after_space ? LORE_QS_CLOSE : LORE_QS_OPEN;
  if (after_space || closer_punct_at(s, len, i + qlen)) return LORE_QS_CLOSE;
  return LORE_QS_OPEN | LORE_QS_CLOSE;
}

/* Sub bits of a typographic or other non-ASCII quote glyph. */
static unsigned quote_glyph (int32_t cp) {
  switch (cp) {
    case 0x201C: case 0x201E: case 0x201F: return LORE_QS_OPEN | LORE_QS_TYPO;
    case 0x201D: return LORE_QS_CLOSE | LORE_QS_TYPO;
    case 0x2018: case 0x201A: case 0x201B:
      return LORE_QS_OPEN | LORE_QS_SINGLE | LORE_QS_TYPO;
    case 0x2019: return LORE_QS_CLOSE | LORE_QS_SINGLE | LORE_QS_TYPO;
    case 0xAB: return LORE_QS_OPEN | LORE_QS_GUILL;
    case 0xBB: return LORE_QS_CLOSE | LORE_QS_GUILL;
    case 0x2039: return LORE_QS_OPEN | LORE_QS_SINGLE | LORE_QS_GUILL;
    case 0x203A: return LORE_QS_CLOSE | LORE_QS_SINGLE | LORE_QS_GUILL;
    default: return 0;
  }
}

/*
** An apostrophe-like quote (' or ’) of alen bytes at i outside a word: a
** clitic after a word ("'s", "’re"), the plural possessive after an s
** ("leaders'", both open and close), else a quote.
*/
static scan scan_apos (uchar *s, size_t len, size_t i, size_t alen,
                       unsigned pend, const lore_token *prev) {
  scan r;
  r.kind = LORE_TK_QUOTE;
  if (prev != NULL && prev->end == i &&
      (prev->kind == LORE_TK_WORD || prev->kind == LORE_TK_NUMBER)) {
    size_t k = i + alen, m = k;
    while (m < len && IS_ALPHA(s[m])) m++;
    if (m > k && !wordchar_at(s, len, m) && is_clitic(s + k, m - k)) {
      r.kind = LORE_TK_WORD;
      r.sub = LORE_WS_CLITIC;
      r.end = m;
      return r;
    }
    if (prev->kind == LORE_TK_WORD && LOWER(s[i - 1]) == 's' &&
        !wordchar_at(s, len, k)) {
      r.sub = LORE_QS_OPEN | LORE_QS_CLOSE | LORE_QS_SINGLE |
              (alen > 1 ? LORE_QS_TYPO : 0);
      r.end = i + alen;
      return r;
    }
  }
  r.sub = alen > 1 ? quote_glyph(0x2019)
                   : quote_context(s, len, i, alen, pend, prev) | LORE_QS_SINGLE;
  r.end = i + alen;
  return r;
}

/* An e-mail address around the '@' at i: bounds in *a, *b. */
static int email_bounds (uchar *s, size_t len, size_t i, size_t *a, size_t *b) {
  size_t ls = i, k, dots = 0, lab = 0, lastalpha = 1;
  while (ls > 0) {
    unsigned c = s[ls - 1];
    if (IS_ALNUM(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-')
      ls--;
    else
      break;
  }
  if (ls == i || s[ls] == '.' || s[i - 1] == '.') return 0;
  k = i + 1;
  while (k < len) {
    unsigned c = s[k];
    if (IS_ALNUM(c) || c == '-') {
      if (lab == 0) lastalpha = 1;
      if (!IS_ALPHA(c)) lastalpha = 0;
      lab++;
      k++;
    } else if (c == '.' && lab > 0 && k + 1 < len && IS_ALNUM(s[k + 1])) {
      dots++;
      lab = 0;
      k++;
    } else {
      break;
    }
  }
  if (dots == 0 || lab < 2 || !lastalpha) return 0;
  *a = ls;
  *b = k;
  return 1;
}

/* }==================================================================== */

/* {====================================================================
** The fast path
** ===================================================================== */


/* Masks of a block: uppercase letters, lowercase letters, digits, white
** space (' ', TAB, line breaks) and line breaks (LF, VT, FF, CR); bit k
** is byte k. */
#define NMASK 5

/* Masks of the 64 bytes at p: SSE2 compares, 16 bytes at a time. */
static void block_masks (uchar *p, uint64_t m[NMASK]) {
#if TOK_SIMD
  const __m128i bu = _mm_set1_epi8((char)(0x80 - 'A'));
  const __m128i bl = _mm_set1_epi8((char)(0x80 - 'a'));
  const __m128i l26 = _mm_set1_epi8((char)(26 - 128));
  const __m128i bd = _mm_set1_epi8((char)(0x80 - '0'));
  const __m128i l10 = _mm_set1_epi8((char)(10 - 128));
  const __m128i bt = _mm_set1_epi8((char)(0x80 - '\t'));
  const __m128i l5 = _mm_set1_epi8((char)(5 - 128));
  const __m128i bn = _mm_set1_epi8((char)(0x80 - '\n'));
  const __m128i l4 = _mm_set1_epi8((char)(4 - 128));
  const __m128i sp = _mm_set1_epi8(' ');
  uint64_t u = 0, l = 0, d = 0, w = 0, n = 0;
#define MM(v) ((uint64_t)(unsigned)_mm_movemask_epi8(v))
#define IN(x, b, lim) _mm_cmplt_epi8(_mm_add_epi8(x, b), lim)
#define CHUNK(q)                                                            \
  do {                                                                      \
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + (q)));  \
    u |= MM(IN(x, bu, l26)) << (q);                                         \
    l |= MM(IN(x, bl, l26)) << (q);                                         \
    d |= MM(IN(x, bd, l10)) << (q);                                         \
    w |= MM(_mm_or_si128(IN(x, bt, l5), _mm_cmpeq_epi8(x, sp))) << (q);     \
    n |= MM(IN(x, bn, l4)) << (q);                                          \
  } while (0)
  CHUNK(0); CHUNK(16); CHUNK(32); CHUNK(48);
#undef CHUNK
#undef IN
#undef MM
  m[0] = u; m[1] = l; m[2] = d; m[3] = w; m[4] = n;
#else
  unsigned q;
  memset(m, 0, NMASK * sizeof(uint64_t));
  for (q = 0; q < 64; q++) {
    unsigned c = CLS(p[q]);
    m[0] |= (uint64_t)(c == B_UP) << q;
    m[1] |= (uint64_t)(c == B_LO) << q;
    m[2] |= (uint64_t)(c == B_DIG) << q;
    m[3] |= (uint64_t)(c == B_SP || c == B_NL) << q;
    m[4] |= (uint64_t)(c == B_NL) << q;
  }
#endif
}

/* 1 if the ASCII word s[0..n) followed by '.' may be an abbreviation or
** "www." (the slow path decides). */
static int maybe_abbrev (uchar *s, size_t n) {
  if (n <= 1) return 1;                          /* initialism */
  return abbrev_lookup((const char *)s, n) != ABBR_NONE ||
         (n == 3 && ieq(s, n, "www"));
}

/*
** 1 if the non-ASCII sequence at q surely ends an ASCII word before it:
** U+0080..U+00BF but the letters and the soft hyphen, and U+2000..U+203F
** but the joiners and ’ (which the slow path handles).
*/
static inline int hi_ends_word (uchar *q) {
  if (q[0] == 0xC2)
    return q[1] >= 0x80 && q[1] <= 0xBF && q[1] != 0xAA && q[1] != 0xAD &&
           q[1] != 0xB5 && q[1] != 0xBA;
  if (q[0] == 0xE2 && q[1] == 0x80)
    return q[2] >= 0x80 && q[2] <= 0xBF && q[2] != 0x8C && q[2] != 0x8D &&
           q[2] != 0x99;
  return 0;
}

/* Length of the clitic (after an apostrophe) at q if it ends there: "s",
** "d", "m", "re", "ve", "ll" followed by neither a letter, a digit nor a
** non-ASCII byte; else 0. */
static inline unsigned clitic_at (uchar *q) {
  unsigned a = LOWER(q[0]), b = LOWER(q[1]);
  if ((a == 's' || a == 'd' || a == 'm') && !IS_ALNUM(q[1]) && q[1] < 0x80)
    return 1;
  if (((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) &&
      !IS_ALNUM(q[2]) && q[2] < 0x80)
    return 2;
  return 0;
}

static inline unsigned ctz64 (uint64_t x) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned n = 0;
  while (!(x & 1u)) { x >>= 1; n++; }
  return n;
#endif
}

/* }==================================================================== */

/* {====================================================================
** The token loop
** ===================================================================== */

#define SB LORE_TF_SPACE_BEFORE
#define LB LORE_TF_LINE_BEFORE

/*
** The fast path's check of the byte c2 = q[e] after the ASCII word q[p..e)
** when it is not a plain separator: 0 if the scalar scanner must take the
** word, 1 if the word ends there, and for a clitic that follows ("'s",
** "’re") the length of the clitic, apostrophe included (2 or more): both
** are taken by the fast path.
*/
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static unsigned word_end (uchar *q, unsigned p, unsigned e, unsigned c2) {
  unsigned cl, a = 1;
  switch (c2) {
    case '.':
      return (q[e + 1] == '.' || maybe_abbrev(q + p, e - p)) ? 0 : 1;
    case ':':                                   /* "http://" goes the slow way */
      return (q[e + 1] == '/' && q[e + 2] == '/') ? 0 : 1;
    case 0xE2:
      if (q[e + 1] != 0x80 || q[e + 2] != 0x99) return (unsigned)hi_ends_word(q + e);
      a = 3;                                    /* ’ */
      break;
    case '\'':
      break;
    default:
      return c2 >= 0x80 ? (unsigned)hi_ends_word(q + e) : 0;
  }
  if ((cl = clitic_at(q + e + a)) != 0) return a + cl;
  return (IS_ALNUM(q[e + a]) || q[e + a] >= 0x80) ? 0 : 1;
}

/* quote_context for a straight quote at q[p] whose neighbour q[p + 1] is
** ASCII; f holds its SPACE_BEFORE, pv the token right before it or NULL. */
static inline unsigned quote_ascii (uchar *q, unsigned p, unsigned f,
                                    const lore_token *pv) {
  unsigned nk = CLS(q[p + 1]), ws = (f & LORE_TF_SPACE_BEFORE) != 0;
  unsigned ob = !ws && pv != NULL && opener(pv);
  if (nk == B_SP || nk == B_NL)
    return ws ? LORE_QS_OPEN | LORE_QS_CLOSE : LORE_QS_CLOSE;
  if (ws || ob) return LORE_QS_OPEN;
  return closer_ascii(q[p + 1]) ? LORE_QS_CLOSE : LORE_QS_OPEN | LORE_QS_CLOSE;
}

/* Kind and sub of the punctuation U+2000 + (b - 0x80) (bytes E2 80 b),
** or 0xFF when the fast path leaves it to the scalar scanner. */
static inline unsigned hi_punct (unsigned b, unsigned *kind) {
  *kind = LORE_TK_QUOTE;
  switch (b) {
    case 0x98: case 0x9A: case 0x9B:
      return LORE_QS_OPEN | LORE_QS_SINGLE | LORE_QS_TYPO;
    case 0x99: return LORE_QS_CLOSE | LORE_QS_SINGLE | LORE_QS_TYPO;
    case 0x9C: case 0x9E: case 0x9F: return LORE_QS_OPEN | LORE_QS_TYPO;
    case 0x9D: return LORE_QS_CLOSE | LORE_QS_TYPO;
    case 0x93: *kind = LORE_TK_DASH; return LORE_DS_EN;
    case 0x94: *kind = LORE_TK_DASH; return LORE_DS_EM;
    case 0x92: case 0x95: *kind = LORE_TK_DASH; return LORE_DS_OTHER;
    case 0xA6: *kind = LORE_TK_ELLIPSIS; return 0;
    default: return 0xFF;
  }
}

/*
** The flags of a run of letters or digits from its summary at the end
** bit: first is uppercase | no uppercase after it << 1 | no lowercase << 2
** | no digit << 3, plus 16 for a run starting with a digit. F_HAZ (a bit
** no token flag uses) marks a number run with letters.
*/
#define F_HAZ 0x8000u
#define W_(up, noup, nolow, nodig)                                          \
  (unsigned short)(((up) ? LORE_TF_CAP : LORE_TF_LOWER) |                   \
   ((up) && (noup) ? LORE_TF_TITLE : 0) |                                   \
   ((up) && !(noup) && (nolow) ? LORE_TF_ALLCAPS : 0) |                     \
   ((nodig) ? 0 : LORE_TF_DIGIT))
#define N_(up, noup, nolow, nodig)                                          \
  (unsigned short)((noup) && (nolow) ? LORE_TF_DIGIT : F_HAZ)
#define ROW_(M) M(0,0,0,0), M(1,0,0,0), M(0,1,0,0), M(1,1,0,0),             \
  M(0,0,1,0), M(1,0,1,0), M(0,1,1,0), M(1,1,1,0),                           \
  M(0,0,0,1), M(1,0,0,1), M(0,1,0,1), M(1,1,0,1),                           \
  M(0,0,1,1), M(1,0,1,1), M(0,1,1,1), M(1,1,1,1)
static const unsigned short FL[32] = { ROW_(W_), ROW_(N_) };
#undef W_
#undef N_
#undef ROW_

/* A window takes the tokens that start in its first WSTARTS bytes. */
#define WSTARTS 56
/* Free tokens the fast path wants before a window: one per start byte and
** one for a clitic, so that no token needs a check of its own. */
#define WROOM 64

/* State handed to and back from the fast path. */
typedef struct fast {
  lore_token *t;       /* next token to write */
  lore_token *first;   /* first token of this lore_tokenize call */
  lore_token *end;     /* end of the allocated array */
  size_t i;            /* position in the text */
  unsigned pend;       /* flags waiting for the next token */
  size_t kb;           /* the cache holds blocks kb and kb + 1 (64 bytes
                          each, from the start of the text) */
  uint64_t m[2][NMASK];
} fast;

/*
** A window of the fast path: the 64 bytes from text position i, their
** masks (bit k is byte k), and the state of its token loop.
*/
typedef struct window {
  uchar *q;                      /* the text at i */
  size_t i;
  uint64_t U, L, D, SP, NL;      /* as block_masks */
  uint64_t W, Ws, AE;            /* runs of letters and digits, their starts,
                                    and the bits right after their ends */
  uint64_t NoUp, NoDig, Simple;  /* run summaries at the end bits; Simple:
                                    a plain word or an integer */
  uint64_t SBm, LBm;             /* SPACE_BEFORE, LINE_BEFORE of a token
                                    starting at the bit */
  uint64_t Ts, Es;               /* token starts and ends not taken yet */
  unsigned extra;                /* flags for the next token */
  unsigned last;                 /* end of the last token written, or 0 */
  unsigned f;                    /* the flags before the token that
                                    general_token could not take */
  lore_token *t, *first;
} window;

#if defined(__GNUC__)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define UNLIKELY(x) (x)
#endif

/* What general_token did with a token (G_WRITTEN: its helpers wrote it). */
enum { G_DONE, G_NEXT, G_STOP, G_WRITTEN };

/* general_token wrote the tokens up to t, the last ending at e: the starts
** and ends up to e are taken (a clitic or a character of three bytes spans
** several), and extra goes to the next token. */
static void taken (window *wn, lore_token *t, unsigned e, unsigned extra) {
  wn->t = t;
  wn->extra = extra;
  wn->last = e;
  wn->Ts &= ~0ULL << e;
  wn->Es &= (~0ULL << e) << 1;
}

/* Write the token [p, e) of the window at t. */
static inline void put (const window *wn, lore_token *t, unsigned p, unsigned e,
                        unsigned flags, unsigned kind, unsigned sub) {
  t->start = (uint32_t)(wn->i + p);
  t->end = (uint32_t)(wn->i + e);
  t->flags = (uint16_t)flags;
  t->kind = (uint8_t)kind;
  t->sub = (uint8_t)sub;
}

/*
** A token under construction in general_token: [p, e), the flags before
** it (f), its own flags (fl), kind and sub.
*/
typedef struct gtok { unsigned p, e, f, fl, kind, sub; } gtok;

/* The token before the one at g->p, if it ends right there. */
static const lore_token *glued_prev (const window *wn, const gtok *g) {
  const lore_token *t = wn->t;
  return t != wn->first && t[-1].end == wn->i + g->p ? t - 1 : NULL;
}

/* A word before '.', ':', '$', an apostrophe or a non-ASCII character:
** it ends there, or a clitic follows ("Russia's", "we’re": the word is
** written and g becomes the clitic), or the scalar scanners decide. */
static int word_before (window *wn, gtok *g, unsigned c2) {
  uchar *q = wn->q;
  unsigned cl = word_end(q, g->p, g->e, c2), a, nl;
  if (cl == 0) return G_STOP;
  if (cl == 1) return G_DONE;
  if (g->e + cl >= 63) return G_STOP;                  /* the clitic's run is cut */
  put(wn, wn->t++, g->p, g->e, g->f | g->fl, LORE_TK_WORD, LORE_WS_PLAIN);
  a = c2 == '\'' ? 1 : 3;
  nl = cl - a;
  g->p = g->e;
  g->e += cl;
  g->f = (nl == 2 && CLS(q[g->p + a]) == B_UP && CLS(q[g->p + a + 1]) == B_UP)
         ? LORE_TF_ALLCAPS : 0;
  g->fl = a == 3 ? LORE_TF_NONASCII : 0;
  g->sub = LORE_WS_CLITIC;
  return G_DONE;
}

/* A straight apostrophe: a clitic after a word or number ("1990's"), the
** plural possessive ("leaders'"), or a quote by its context. */
static int apostrophe (window *wn, gtok *g) {
  uchar *q = wn->q;
  const lore_token *pv = glued_prev(wn, g);
  unsigned e = g->e, m = e;
  while (m < e + 32 && IS_ALPHA(q[m])) m++;           /* within the 132 bytes */
  if (q[m] >= 0x80 || m - e >= 32) return G_STOP;
  g->kind = LORE_TK_QUOTE;
  if (m > e && pv != NULL &&
      (pv->kind == LORE_TK_WORD || pv->kind == LORE_TK_NUMBER) &&
      !IS_DIGIT(q[m]) && is_clitic(q + e, m - e)) {
    if (m >= 63) return G_STOP;
    g->kind = LORE_TK_WORD;
    g->sub = LORE_WS_CLITIC;
    g->fl = (m - e == 2 && CLS(q[e]) == B_UP && CLS(q[e + 1]) == B_UP)
            ? LORE_TF_ALLCAPS : 0;
    g->e = m;
  } else if (m == e && pv != NULL && pv->kind == LORE_TK_WORD &&
             LOWER((q + g->p)[-1]) == 's' && !IS_ALNUM(q[e])) {
    g->sub = LORE_QS_OPEN | LORE_QS_CLOSE | LORE_QS_SINGLE;
  } else {
    g->sub = quote_ascii(q, g->p, g->f, pv) | LORE_QS_SINGLE;
  }
  return G_DONE;
}

/* A hyphen: joining two tokens ("debt-trap": both get HYPHENATED, and it
** is written here), a spaced dash, or other punctuation. */
static int hyphen (window *wn, gtok *g, unsigned c2) {
  lore_token *t = wn->t;
  const lore_token *pv = glued_prev(wn, g);
  if (c2 == '-') return G_STOP;                        /* "--" */
  if (!(g->f & (SB | LORE_TF_HYPHENATED | LB)) && pv != NULL &&
      (pv->kind == LORE_TK_WORD || pv->kind == LORE_TK_NUMBER) &&
      ((wn->W >> g->e) & 1)) {
    t[-1].flags |= LORE_TF_HYPHENATED;
    put(wn, t, g->p, g->e, 0, LORE_TK_PUNCT, LORE_PS_HYPHEN);
    taken(wn, t + 1, g->e, LORE_TF_HYPHENATED);
    return G_WRITTEN;
  }
  if (c2 >= 0x80) return G_STOP;
  if ((g->f & SB) && ((wn->SP >> g->e) & 1)) {
    g->kind = LORE_TK_DASH;
    g->sub = LORE_DS_SPACED;
  } else {
    g->kind = LORE_TK_PUNCT;
    g->sub = LORE_PS_OTHER;
  }
  return G_DONE;
}

/* The frequent three-byte punctuation: quotes, dashes, … (’ only as a
** quote: before a letter the scalar scanners take it). */
static int hi_token (window *wn, gtok *g) {
  uchar *q = wn->q + g->p;
  unsigned s;
  if (q[0] != 0xE2 || q[1] != 0x80) return G_STOP;
  s = hi_punct(q[2], &g->kind);
  if (s == 0xFF) return G_STOP;
  if (q[2] == 0x99) {                                  /* ’ */
    const lore_token *pv = glued_prev(wn, g);
    if (q[3] >= 0x80 || IS_ALPHA(q[3])) return G_STOP;  /* clitic, letters */
    if (pv != NULL && pv->kind == LORE_TK_WORD && LOWER(q[-1]) == 's' &&
        !IS_DIGIT(q[3]))
      s = LORE_QS_OPEN | LORE_QS_CLOSE | LORE_QS_SINGLE | LORE_QS_TYPO;
  }
  g->sub = s;
  g->e = g->p + 3;
  g->fl = LORE_TF_NONASCII;
  return G_DONE;
}

/*
** The tokens of the fast path that are not simple: the token [p, e) as
** the masks see it is a word with capitals inside or digits, a number
** before '.' or ',', a quote, a hyphen, a non-ASCII character, or a word
** before '.', ':', '$', an apostrophe or a non-ASCII character. G_DONE
** when it wrote it (and the clitic after it), G_NEXT when a run goes past
** the window (a window from p takes it), G_STOP when the scalar scanners
** must take it.
*/
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int general_token (window *wn, unsigned p, unsigned e) {
  uchar *q = wn->q;
  unsigned c = q[p], c2 = q[e], k = CLS(c), req = REQ(BT[c]), r = G_STOP;
  unsigned w = (unsigned)(wn->W >> p) & 1;              /* a run: word or number */
  gtok g;
  g.p = p;
  g.e = e;
  g.f = wn->f = (unsigned)((wn->SBm >> p) & 1) << 8 |
                (unsigned)((wn->LBm >> p) & 1) << 10 | wn->extra;
  g.fl = TAIL(BT[c]) & 0xFFFF;
  g.kind = (TAIL(BT[c]) >> 16) & 0xFF;
  g.sub = PSUB(c);
  if (w & (unsigned)(wn->W >> e))                       /* runs past the window */
    return p == 0 ? G_STOP : G_NEXT;                    /* 63 letters or more */
  if (w & ~(unsigned)(wn->Simple >> e)) {              /* capitals inside, digits */
    uint64_t W = wn->W, Ws = wn->Ws, AE = wn->AE;
    uint64_t Cap = (W + (Ws & wn->U)) & AE, NoLow = ((W & ~wn->L) + Ws) & AE;
    g.fl = FL[(k == B_DIG ? 16 : 0) | (unsigned)((Cap >> e) & 1) |
              (unsigned)((wn->NoUp >> e) & 1) << 1 |
              (unsigned)((NoLow >> e) & 1) << 2 | (unsigned)((wn->NoDig >> e) & 1) << 3];
    if (g.fl & F_HAZ) return G_STOP;
  }
  if ((BT[c2] & req) == req) {
    r = G_DONE;
  } else {
    switch (k) {
      case B_LO: case B_UP:
        r = word_before(wn, &g, c2);
        break;
      case B_DIG:                                       /* "2023." "5," */
        if ((c2 == '.' || c2 == ',') && !IS_DIGIT(q[e + 1])) r = G_DONE;
        break;
      case B_DQ:
        if (c2 >= 0x80) break;
        g.kind = LORE_TK_QUOTE;
        g.sub = quote_ascii(q, p, g.f, glued_prev(wn, &g));
        r = G_DONE;
        break;
      case B_SQ:
        r = apostrophe(wn, &g);
        break;
      case B_HYP:
        r = hyphen(wn, &g, c2);
        break;
      case B_HI:
        r = hi_token(wn, &g);
        break;
      default:
        break;
    }
    if (r == G_WRITTEN) return G_DONE;
    if (r != G_DONE) return r;
  }
  put(wn, wn->t, g.p, g.e, g.f | g.fl | (unsigned)((wn->SP >> g.e) & 1) << 9,
      g.kind, g.sub);
  taken(wn, wn->t + 1, g.e, 0);
  return G_DONE;
}

/* Fill the masks of the window at wn->i from the cached blocks m0 (the
** aligned block around it) and m1 (the next one). */
static void window_masks (window *wn, const uint64_t m0[NMASK],
                          const uint64_t m1[NMASK], unsigned pend) {
  unsigned off = (unsigned)(wn->i & 63);
  uint64_t U, L, D, SP, NL, W, Ws, AE, NoUp, NoDig;
#define WIN(x) ((m0[x] >> off) | ((m1[x] << 1) << (63 - off)))
  wn->U = U = WIN(0);
  wn->L = L = WIN(1);
  wn->D = D = WIN(2);
  wn->SP = SP = WIN(3);
  wn->NL = NL = WIN(4);
#undef WIN
  /*
  ** Runs of letters and digits are the words and numbers. Adding a run's
  ** start bit to the run carries into the bit after its end unless a zero
  ** stops it: that tells, per run and at its end bit, "no uppercase after
  ** the first", "no digit", "only digits" (and in general_token, "the
  ** first is uppercase", "no lowercase"). Every other byte that is not
  ** white space starts a token of its own; the k-th start pairs with the
  ** k-th end.
  */
  wn->W = W = U | L | D;
  wn->Ws = Ws = W & ~(W << 1);
  wn->AE = AE = W + Ws;                 /* a run past the window has no end bit */
  wn->NoUp = NoUp = ((W & ~(U & ~Ws)) + Ws) & AE;
  wn->NoDig = NoDig = ((W & ~D) + Ws) & AE;
  /* plain words (their flags come from the first letter) and integers */
  wn->Simple = (NoUp & NoDig) | ((D + (Ws & D)) & AE);
  wn->SBm = (SP << 1) | ((pend >> 8) & 1);           /* 1 << 8: SPACE_BEFORE */
  {
    /* the same trick on the runs of white space: which hold a line
       break, marked on the byte after them */
    uint64_t Gs = SP & ~(SP << 1), GE = SP + Gs;
    wn->LBm = GE & ~(((SP & ~NL) + Gs) & GE);
  }
  wn->Ts = (Ws | ~(W | SP)) & ((1ULL << WSTARTS) - 1);
  /* bit 63 pairs with a run past the window (window_tokens sends such a
     run to general_token) */
  wn->Es = AE | (~(W | SP) << 1) | (1ULL << 63);
  wn->extra = pend & ~(unsigned)SB;                  /* LINE_BEFORE, HYPHENATED */
}

/* Flags, kind and sub of t from flags | kind << 16 | sub << 24. */
static inline void set_tail (lore_token *t, uint32_t x) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* the three fields are contiguous, in this order: one store */
  _Static_assert(offsetof(lore_token, kind) == offsetof(lore_token, flags) + 2 &&
                 offsetof(lore_token, sub) == offsetof(lore_token, flags) + 3,
                 "lore_token layout");
  memcpy(&t->flags, &x, 4);
#else
  t->flags = (uint16_t)x;
  t->kind = (uint8_t)(x >> 16);
  t->sub = (uint8_t)(x >> 24);
#endif
}

/*
** The tokens of the window. A simple token, a plain word (no capital
** after the first letter, no digit), an integer or one-byte punctuation,
** followed by a byte that ends it, is written on a straight path: a run
** followed by white space is known so from the masks alone (most words),
** the others from the byte table; the rest go to general_token. Returns
** the G_* code of general_token for the token at *pp, or G_DONE when
** every token starting in the first WSTARTS bytes is written.
*/
static inline int window_tokens (window *wn, unsigned *pp) {
  uchar *const q = wn->q;
  const uint32_t i = (uint32_t)wn->i;
  /* SPACE_BEFORE and LINE_BEFORE of a start p at bit p + 8 (p < 56) */
  const uint64_t S8 = wn->SBm << 8, L8 = wn->LBm << 8;
  /* the end bits of the simple runs followed by white space */
  const uint64_t Spaced = wn->AE & wn->Simple & wn->SP;
  /* the end bits of the runs that are not simple, and bit 63 when a run
     goes past the window */
  const uint64_t Odd = (wn->AE & ~wn->Simple) | (wn->W & (1ULL << 63));
  uint64_t Ts = wn->Ts, Es = wn->Es;
  unsigned extra = wn->extra, last = 0;
  lore_token *t = wn->t;
  while (Ts) {
    size_t p = (size_t)ctz64(Ts), e = (size_t)ctz64(Es);
    uint64_t x = BT[q[p]];
    uint32_t after = SPC;                          /* SPACE_AFTER */
    if (!((Spaced >> e) & 1)) {
      uint64_t y = BT[q[e]];
      unsigned req = REQ(x);
      if (UNLIKELY(((y & req) ^ req) | ((Odd >> e) & 1))) {
        int r;
        wn->Ts = Ts;
        wn->Es = Es;
        wn->extra = extra;
        wn->t = t;
        if ((r = general_token(wn, (unsigned)p, (unsigned)e)) != G_DONE) {
          *pp = (unsigned)p;
          return r;
        }
        Ts = wn->Ts;
        Es = wn->Es;
        extra = wn->extra;
        t = wn->t;
        last = wn->last;
        continue;
      }
      after = (uint32_t)(y & SPC);
    }
    t->start = i + (uint32_t)p;
    t->end = i + (uint32_t)e;
    set_tail(t, TAIL(x) | after | extra | (uint32_t)((S8 >> p) & SB) |
                (uint32_t)((L8 >> p) & SB) << 2);      /* SB << 2: LB */
    t++;
    extra = 0;
    last = (unsigned)e;
    Ts &= Ts - 1;
    Es &= Es - 1;
  }
  wn->t = t;
  wn->extra = extra;
  wn->last = last;
  return G_DONE;
}

/*
** The fast path: the ASCII tokens of 64-byte windows, found from their
** masks. It returns at the first thing it does not handle, when the array
** is nearly full, or when fewer than 132 bytes are left; the general
** dispatch in lore_tokenize takes it from there. A function of its own,
** so that the token loop keeps its state in registers.
*/
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void fast_path (uchar *s, size_t len, fast *fs) {
  window wn;
  size_t ckb = fs->kb;
  unsigned pend = fs->pend;
  uint64_t m0[NMASK], m1[NMASK];
  memcpy(m0, fs->m[0], sizeof(m0));
  memcpy(m1, fs->m[1], sizeof(m1));
  wn.t = fs->t;
  wn.first = fs->first;
  wn.i = fs->i;
  while (wn.i + 132 <= len && fs->end - wn.t >= WROOM) {
    size_t kb = wn.i >> 6;
    unsigned p = 0;
    /* the window is cut from the masks of the two aligned blocks around
       it (each block is classified once) */
    if (ckb != kb) {
      if (ckb + 1 == kb) memcpy(m0, m1, sizeof(m0));
      else block_masks(s + (kb << 6), m0);
      block_masks(s + (kb << 6) + 64, m1);
      ckb = kb;
#if defined(__GNUC__)
      /* the text streams in from memory: ask for it ahead of time (a
         prefetch past the end of the text is harmless) */
      __builtin_prefetch(s + (kb << 6) + 1024);
      __builtin_prefetch((char *)wn.t + 768, 1);  /* and the tokens to write */
#endif
    }
    wn.q = s + wn.i;
    window_masks(&wn, m0, m1, pend);
    if (wn.t != wn.first)
      wn.t[-1].flags |= (uint16_t)((wn.SP & 1) << 9);   /* SPACE_AFTER */
    switch (window_tokens(&wn, &p)) {
      case G_DONE:
        if (wn.last == 0) {                            /* only white space */
          pend |= wn.extra | SB | ((wn.NL & ((1ULL << WSTARTS) - 1)) ? LB : 0);
          wn.i += WSTARTS;
        } else {
          pend = wn.extra;
          wn.i += wn.last;
        }
        break;
      case G_NEXT:                                     /* a window from p */
        pend = wn.f;
        wn.i += p;
        break;
      default:                                         /* G_STOP */
        pend = wn.f & (SB | LB | LORE_TF_HYPHENATED);
        wn.i += p;
        goto out;
    }
  }
out:
  memcpy(fs->m[0], m0, sizeof(m0));
  memcpy(fs->m[1], m1, sizeof(m1));
  fs->kb = ckb;
  fs->t = wn.t;
  fs->i = wn.i;
  fs->pend = pend;
}

/*
** Large token arrays are written once front to back; on Linux, ask for
** transparent huge pages so that filling them does not cost a page fault
** every 4 KiB (a third of the tokenizer's time on big inputs otherwise).
** Advisory only: failure is harmless.
*/
void lore_tok__huge_pages (void *p, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
  uintptr_t b = ((uintptr_t)p + size) & ~(huge - 1);
  if (size >= ((size_t)8 << 20) && b > a)
    (void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
#else
  (void)p; (void)size;
#endif
}

/* Make room for at least need tokens (geometric growth). */
static int reserve (lore_token **v, size_t *cap, size_t need) {
  size_t ncap = *cap + *cap / 2;
  lore_token *p;
  if (need <= *cap) return LORE_OK;
  if (ncap < need) ncap = need;
  if (ncap < 64) ncap = 64;
  if (ncap > ((size_t)-1) / sizeof(lore_token)) return LORE_ENOMEM;
  p = (lore_token *)lore_realloc(*v, ncap * sizeof(lore_token));
  if (p == NULL) return LORE_ENOMEM;
  lore_tok__huge_pages(p, ncap * sizeof(lore_token));
  *v = p;
  *cap = ncap;
  return LORE_OK;
}

/* The arguments are evaluated before the token is added (they may look
** at the previous one). */
#define EMIT(st, en, fl, kd, sb) do {                                    \
    lore_token t_;                                                       \
    t_.start = (uint32_t)(st); t_.end = (uint32_t)(en);                  \
    t_.flags = (uint16_t)(fl); t_.kind = (uint8_t)(kd);                  \
    t_.sub = (uint8_t)(sb);                                              \
    if (n == cap && reserve(&v, &cap, n + 1) != LORE_OK) goto nomem;     \
    v[n++] = t_;                                                         \
  } while (0)

#define PREV (n > n0 ? v + n - 1 : NULL)

int lore_tokenize (const char *text, size_t len, lore_tokens *out) {
  uchar *s = (uchar *)text;
  lore_token *v = out->v;
  size_t n = out->n, n0 = out->n, cap = out->cap, i = 0, ninv = 0;
  unsigned pend = SB | LB;   /* flags waiting for the next token */
  fast fs;
  if (len > UINT32_MAX) return LORE_ERANGE;
  fs.kb = (size_t)-2;        /* empty cache */
  if (len == 0) return LORE_OK;
  if (cap - n < len / 5 + 16 && reserve(&v, &cap, n + len / 5 + 16) != LORE_OK)
    return LORE_ENOMEM;
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
  for (;;) {
    unsigned c;
    scan r;
    if (TOK_FAST && len - i >= 132 && cap - n >= WROOM) {
      fs.t = v + n;
      fs.first = v + n0;
      fs.end = v + cap;
      fs.i = i;
      fs.pend = pend;
      fast_path(s, len, &fs);
      n = (size_t)(fs.t - v);
      i = fs.i;
      pend = fs.pend;
    }
    if (i >= len) break;
    c = s[i];
    switch (CLS(c)) {
      case B_SP:
        if (n > n0) v[n - 1].flags |= LORE_TF_SPACE_AFTER;
        pend |= SB;
        i++;
        while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
        continue;
      case B_NL:
        if (n > n0) v[n - 1].flags |= LORE_TF_SPACE_AFTER;
        pend |= SB | LB;
        i++;
        continue;
      case B_LO: case B_UP:
        r = scan_word(s, len, i);
        break;
      case B_DIG:
        r = scan_number(s, len, i);
        break;
      case B_PUN:
        EMIT(i, i + 1, pend, LORE_TK_PUNCT, PSUB(c));
        pend = 0;
        i++;
        continue;
      case B_DOT:
        if (i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.') {
          size_t k = i + 3;
          while (k < len && s[k] == '.') k++;
          EMIT(i, k, pend, LORE_TK_ELLIPSIS, 0);
          i = k;
        } else {
          EMIT(i, i + 1, pend, LORE_TK_PUNCT, LORE_PS_PERIOD);
          i++;
        }
        pend = 0;
        continue;
      case B_HYP:
        if (i + 1 < len && s[i + 1] == '-') {
          size_t k = i + 2;
          while (k < len && s[k] == '-') k++;
          r.end = k;
          r.kind = LORE_TK_DASH;
          r.sub = LORE_DS_DOUBLE;
          break;
        }
        goto hyphen;
      case B_DQ:
        EMIT(i, i + 1, pend, LORE_TK_QUOTE,
             quote_context(s, len, i, 1, pend, PREV));
        pend = 0;
        i++;
        continue;
      case B_SQ:
        r = scan_apos(s, len, i, 1, pend, PREV);
        break;
      case B_BQ:
        EMIT(i, i + 1, pend, LORE_TK_QUOTE, LORE_QS_OPEN | LORE_QS_SINGLE);
        pend = 0;
        i++;
        continue;
      case B_SYM:
        EMIT(i, i + 1, pend, LORE_TK_SYMBOL, 0);
        pend = 0;
        i++;
        continue;
      case B_CUR:
        EMIT(i, i + 1, pend, LORE_TK_CURRENCY, 0);
        pend = 0;
        i++;
        continue;
      case B_AT: {
        size_t a, b, k;
        if (email_bounds(s, len, i, &a, &b)) {
          for (k = n; k > n0 && v[k - 1].start >= a; k--) {}
          if (k == n0 || v[k - 1].end <= a) {
            unsigned f = pend;
            if (k < n) f = v[k].flags & (SB | LB | LORE_TF_HYPHENATED);
            n = k;
            EMIT(a, b, f | text_flags(s, a, b), LORE_TK_EMAIL, 0);
            pend = 0;
            i = b;
            continue;
          }
        }
        EMIT(i, i + 1, pend, LORE_TK_SYMBOL, 0);
        pend = 0;
        i++;
        continue;
      }
      case B_CTL:
        r.end = scan_invalid(s, len, i);
        r.kind = LORE_TK_INVALID;
        r.sub = 0;
        ninv++;
        break;
      default: {                                    /* B_HI */
        size_t l;
        int32_t cp;
        lore_cclass cc = cp_at(s, len, i, &l, &cp);
        r.sub = 0;
        r.end = i + l;
        if (cp == LORE_UTF8_INVALID || (cp >= 0x80 && cp <= 0x9F && cp != 0x85)) {
          r.end = scan_invalid(s, len, i);
          r.kind = LORE_TK_INVALID;
          ninv++;
          break;
        }
        switch (cc) {
          case LORE_CC_LETTER:
            r = scan_word(s, len, i);
            break;
          case LORE_CC_MARK:
            if (n > n0 && v[n - 1].end == i && pend == 0) {
              /* a combining mark after a symbol or punctuation: keep it
                 with the character it modifies */
              v[n - 1].end = (uint32_t)(i + l);
              v[n - 1].flags |= LORE_TF_NONASCII;
              i += l;
              continue;
            }
            r = scan_word(s, len, i);
            break;
          case LORE_CC_DIGIT: {
            size_t k = i + l;
            while (k < len) {
              size_t l2;
              int32_t cp2;
              if (s[k] < 0x80 ? !IS_DIGIT(s[k])
                              : cp_at(s, len, k, &l2, &cp2) != LORE_CC_DIGIT)
                break;
              k += s[k] < 0x80 ? 1 : l2;
            }
            r.end = k;
            r.kind = LORE_TK_NUMBER;
            r.sub = LORE_NS_INTEGER;
            break;
          }
          case LORE_CC_SPACE: case LORE_CC_NEWLINE:
            if (n > n0) v[n - 1].flags |= LORE_TF_SPACE_AFTER;
            pend |= cc == LORE_CC_NEWLINE ? SB | LB : SB;
            i += l;
            continue;
          case LORE_CC_QUOTE:
            if (cp == 0x2019) {
              r = scan_apos(s, len, i, l, pend, PREV);
            } else {
              r.kind = LORE_TK_QUOTE;
              r.sub = quote_glyph(cp);
              if (r.sub == 0)            /* fullwidth straight quotes */
                r.sub = quote_context(s, len, i, l, pend, PREV) |
                        (cp == 0xFF07 ? LORE_QS_SINGLE : 0);
            }
            break;
          case LORE_CC_HYPHEN:
            goto hyphen;
          case LORE_CC_DASH:
            r.kind = LORE_TK_DASH;
            r.sub = cp == 0x2013 ? LORE_DS_EN : cp == 0x2014 ? LORE_DS_EM
                                                             : LORE_DS_OTHER;
            break;
          case LORE_CC_PUNCT:
            r.kind = LORE_TK_PUNCT;
            switch (cp) {
              case 0x2030: case 0x2031: case 0x66A:   /* per mille: like % */
                r.kind = LORE_TK_SYMBOL;
                break;
              case 0x2026: r.kind = LORE_TK_ELLIPSIS; break;
              case 0x3002: case 0xFF0E: case 0xFF61: r.sub = LORE_PS_PERIOD; break;
              case 0xFF0C: case 0x3001: r.sub = LORE_PS_COMMA; break;
              case 0xFF1A: r.sub = LORE_PS_COLON; break;
              case 0xFF1B: r.sub = LORE_PS_SEMI; break;
              case 0xFF01: r.sub = LORE_PS_EXCL; break;
              case 0xFF1F: r.sub = LORE_PS_QUEST; break;
              case 0xFF0F: r.sub = LORE_PS_SLASH; break;
              default: {
                utf8proc_category_t cat = utf8proc_category(cp);
                r.sub = cat == UTF8PROC_CATEGORY_PS ? LORE_PS_OPEN
                      : cat == UTF8PROC_CATEGORY_PE ? LORE_PS_CLOSE
                      : LORE_PS_OTHER;
                break;
              }
            }
            break;
          case LORE_CC_CURRENCY:
            r.kind = LORE_TK_CURRENCY;
            break;
          case LORE_CC_SYMBOL:
            r.kind = LORE_TK_SYMBOL;
            break;
          default:                                   /* LORE_CC_OTHER */
            if (cp == 0x200B) {                      /* zero width space */
              if (n > n0) v[n - 1].flags |= LORE_TF_SPACE_AFTER;
              pend |= SB;
              i += l;
              continue;
            }
            if (cp == 0xFEFF || is_joiner(cp) ||
                (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2061 && cp <= 0x206F)) {
              i += l;                                /* invisible: skipped */
              continue;
            }
            r.kind = LORE_TK_SYMBOL;                 /* private use, unassigned */
            break;
        }
        break;
      }
    }
    /* emit the slow-path token r */
    EMIT(i, r.end, pend | text_flags(s, i, r.end), r.kind, r.sub);
    pend = 0;
    i = r.end;
    continue;

  hyphen: {
      /* '-' or U+2010/U+2011 at i */
      size_t hl = c < 0x80 ? 1 : 3;
      const lore_token *p = PREV;
      unsigned nonascii = c < 0x80 ? 0 : LORE_TF_NONASCII;
      if (p != NULL && p->end == i && pend == 0 &&
          (p->kind == LORE_TK_WORD || p->kind == LORE_TK_NUMBER) &&
          alnum_at(s, len, i + hl)) {
        v[n - 1].flags |= LORE_TF_HYPHENATED;
        EMIT(i, i + hl, nonascii, LORE_TK_PUNCT, LORE_PS_HYPHEN);
        pend = LORE_TF_HYPHENATED;
      } else if ((pend & SB) && space_at(s, len, i + hl)) {
        EMIT(i, i + hl, pend | nonascii, LORE_TK_DASH, LORE_DS_SPACED);
        pend = 0;
      } else {
        EMIT(i, i + hl, pend | nonascii, LORE_TK_PUNCT, LORE_PS_OTHER);
        pend = 0;
      }
      i += hl;
      continue;
    }
  }
  if (n > n0) v[n - 1].flags |= LORE_TF_SPACE_AFTER;
  out->v = v;
  out->n = n;
  out->cap = cap;
  out->ninvalid += ninv;
  return LORE_OK;
nomem:
  out->v = v;
  out->n = n;
  out->cap = cap;
  out->ninvalid += ninv;
  return LORE_ENOMEM;
}

void lore_tokens_free (lore_tokens *t) {
  if (t == NULL) return;
  lore_free(t->v);
  memset(t, 0, sizeof(*t));
}

const char *lore_tok_kind_name (int kind) {
  static const char *const NAMES[LORE_TK__COUNT] = {
    "?", "word", "number", "punct", "symbol", "currency", "quote", "dash",
    "ellipsis", "url", "email", "invalid"
  };
  if (kind <= 0 || kind >= LORE_TK__COUNT) return "?";
  return NAMES[kind];
}

/* }==================================================================== */
