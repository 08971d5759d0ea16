/*
** lore_utf8.c
** UTF-8 decoding and validation, code point classes and the normalised
** forms used for matching. Unicode data comes from utf8proc; ASCII never
** reaches it.
*/
#include <string.h>

#include <utf8proc.h>

#include "lore_alloc.h"
#include "lore_err.h"
#include "lore_utf8.h"

/* {====================================================================
** Decoding
** ===================================================================== */

/*
** Well-formed sequences follow Unicode's table 3-7: the second byte range
** depends on the lead byte (E0, ED, F0 and F4 narrow it), which is what
** excludes overlong forms, surrogates and code points above U+10FFFF. The
** returned length of an ill-formed sequence is the length of its maximal
** subpart: the longest prefix of a well-formed sequence, or 1.
*/
size_t lore_utf8_decode (const unsigned char *s, size_t n, int32_t *cp) {
  unsigned c, lo = 0x80, hi = 0xBF;
  if (n == 0) { *cp = LORE_UTF8_INVALID; return 0; }
  c = s[0];
  if (c < 0x80) { *cp = (int32_t)c; return 1; }
  if (c < 0xC2 || c > 0xF4) { *cp = LORE_UTF8_INVALID; return 1; }
  if (c < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) { *cp = LORE_UTF8_INVALID; return 1; }
    *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
    return 2;
  }
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  if (n < 2 || s[1] < lo || s[1] > hi) { *cp = LORE_UTF8_INVALID; return 1; }
  if (n < 3 || (s[2] & 0xC0) != 0x80) { *cp = LORE_UTF8_INVALID; return 2; }
  if (c < 0xF0) {
    *cp = (int32_t)(((c & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
                    (s[2] & 0x3F));
    return 3;
  }
  if (n < 4 || (s[3] & 0xC0) != 0x80) { *cp = LORE_UTF8_INVALID; return 3; }
  *cp = (int32_t)(((c & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
                  ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F));
  return 4;
}

size_t lore_utf8_encode (int32_t cp, char out[4]) {
  if (cp < 0) return 0;
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF) return 0;
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Length of the ASCII prefix of s[0..n), eight bytes at a time. */
static size_t ascii_prefix (const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}

size_t lore_utf8_count_invalid (const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, bad = 0;
  while (i < n) {
    int32_t cp;
    i += ascii_prefix(u + i, n - i);
    if (i >= n) break;
    i += lore_utf8_decode(u + i, n - i, &cp);
    if (cp == LORE_UTF8_INVALID) bad++;
  }
  return bad;
}

static const char REPLACEMENT[3] = { (char)0xEF, (char)0xBF, (char)0xBD };

int lore_utf8_sanitize (const char *s, size_t n, lore_buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, from = 0;
  if (lore_buf_reserve(out, n) != LORE_OK) return LORE_ENOMEM;
  while (i < n) {
    int32_t cp;
    size_t l;
    i += ascii_prefix(u + i, n - i);
    if (i >= n) break;
    l = lore_utf8_decode(u + i, n - i, &cp);
    if (cp == LORE_UTF8_INVALID) {
      if (lore_buf_add(out, s + from, i - from) != LORE_OK ||
          lore_buf_add(out, REPLACEMENT, 3) != LORE_OK)
        return LORE_ENOMEM;
      from = i + l;
    }
    i += l;
  }
  return lore_buf_add(out, s + from, n - from);
}

/* }==================================================================== */

/* {====================================================================
** Classes
** ===================================================================== */

#define L LORE_CC_LETTER
#define D LORE_CC_DIGIT
#define S LORE_CC_SPACE
#define N LORE_CC_NEWLINE
#define P LORE_CC_PUNCT
#define Q LORE_CC_QUOTE
#define Y LORE_CC_SYMBOL
#define O LORE_CC_OTHER

/* Unicode general categories of ASCII, with the lore_cclass overrides. */
static const unsigned char ASCII_CLASS[128] = {
  O, O, O, O, O, O, O, O, O, S, N, N, N, N, O, O,   /* 0x00 */
  O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,   /* 0x10 */
  S, P, Q, P, LORE_CC_CURRENCY, P, P, Q,            /* space ! " # $ % & ' */
  P, P, P, Y, P, LORE_CC_HYPHEN, P, P,              /* ( ) * + , - . / */
  D, D, D, D, D, D, D, D, D, D, P, P, Y, Y, Y, P,   /* 0-9 : ; < = > ? */
  P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,   /* @ A-O */
  L, L, L, L, L, L, L, L, L, L, L, P, P, P, Y, P,   /* P-Z [ \ ] ^ _ */
  Q, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,   /* ` a-o */
  L, L, L, L, L, L, L, L, L, L, L, P, Y, P, Y, O    /* p-z { | } ~ DEL */
};

#undef L
#undef D
#undef S
#undef N
#undef P
#undef Q
#undef Y
#undef O

lore_cclass lore_utf8_class (int32_t cp) {
  if (cp < 0) return LORE_CC_OTHER;
  if (cp < 0x80) return (lore_cclass)ASCII_CLASS[cp];
  switch (cp) {
    case 0x85: case 0x2028: case 0x2029:
      return LORE_CC_NEWLINE;
    case 0xAB: case 0xBB: case 0x2039: case 0x203A: case 0xFF02: case 0xFF07:
      return LORE_CC_QUOTE;
    case 0x2010: case 0x2011:
      return LORE_CC_HYPHEN;
    case 0x2212:
      return LORE_CC_DASH;
    default: break;
  }
  if (cp >= 0x2018 && cp <= 0x201F) return LORE_CC_QUOTE;
  if (cp > 0x10FFFF) return LORE_CC_OTHER;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return LORE_CC_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return LORE_CC_MARK;
    case UTF8PROC_CATEGORY_ND:
      return LORE_CC_DIGIT;
    case UTF8PROC_CATEGORY_PD:
      return LORE_CC_DASH;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
      return LORE_CC_PUNCT;
    case UTF8PROC_CATEGORY_SC:
      return LORE_CC_CURRENCY;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return LORE_CC_SYMBOL;
    case UTF8PROC_CATEGORY_ZS:
      return LORE_CC_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
      return LORE_CC_NEWLINE;
    default:
      return LORE_CC_OTHER;
  }
}

int lore_utf8_isupper (int32_t cp) {
  utf8proc_category_t c;
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp > 0x10FFFF) return 0;
  c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int lore_utf8_islower (int32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  if (cp > 0x10FFFF) return 0;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* }==================================================================== */

/* {====================================================================
** Folding
** ===================================================================== */

/* One byte of the ASCII fast path (branch-free for the case mapping). */
static int ascii_map (unsigned c, unsigned opts) {
  unsigned up = (c - 'A') < 26u;
  if (opts & LORE_FOLD_CASE) c += up << 5;
  if ((opts & LORE_FOLD_PUNCT) && c == '`') c = '\'';
  return (int)c;
}

/* LORE_FOLD_PUNCT, applied by utf8proc before any other mapping. */
static utf8proc_int32_t punct_map (utf8proc_int32_t cp, void *data) {
  (void)data;
  switch (cp) {
    case '`': case 0xB4: case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x2032: case 0x2039: case 0x203A: case 0xFF07:
      return '\'';
    case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: case 0xFF02:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0x2E3A: case 0x2E3B: case 0xFE58:
    case 0xFE63: case 0xFF0D:
      return '-';
    default:
      return cp;
  }
}

#define FOLD_STACK 256

/* Grow the code point buffer *buf (capacity *cap) to hold need entries;
** stack is the caller's initial buffer, never freed here. */
static int fold_grow (int32_t **buf, size_t *cap, size_t need,
                      int32_t *stack) {
  size_t ncap = *cap;
  int32_t *p;
  while (ncap < need) ncap *= 2;
  if (ncap > ((size_t)-1) / sizeof(int32_t)) return LORE_ENOMEM;
  if (*buf == stack) {
    p = (int32_t *)lore_malloc(ncap * sizeof(int32_t));
    if (p != NULL) memcpy(p, stack, *cap * sizeof(int32_t));
  } else {
    p = (int32_t *)lore_realloc(*buf, ncap * sizeof(int32_t));
  }
  if (p == NULL) return LORE_ENOMEM;
  *buf = p;
  *cap = ncap;
  return LORE_OK;
}

/*
** Non-ASCII input: the valid stretches go through utf8proc (canonical
** decomposition with the requested mappings, then recomposition to NFC),
** invalid sequences become U+FFFD. Default ignorables (soft hyphen, zero
** width joiners) are dropped as soon as any option is set, so a word
** written with a soft hyphen folds like the plain one.
*/
static int fold_unicode (const unsigned char *s, size_t n, unsigned opts,
                         lore_buf *out) {
  int32_t stack[FOLD_STACK], *buf = stack;
  size_t cap = FOLD_STACK, used = 0, i = 0;
  utf8proc_option_t uo = UTF8PROC_COMPOSE;
  utf8proc_ssize_t m;
  int rc = LORE_OK;
  if (opts & LORE_FOLD_CASE) uo = (utf8proc_option_t)(uo | UTF8PROC_CASEFOLD);
  if (opts & LORE_FOLD_ACCENTS) uo = (utf8proc_option_t)(uo | UTF8PROC_STRIPMARK);
  if (opts != 0) uo = (utf8proc_option_t)(uo | UTF8PROC_IGNORE);
  while (i < n) {
    size_t j = i;
    int32_t cp = 0;
    /* the valid stretch [i, j) */
    while (j < n) {
      size_t l = lore_utf8_decode(s + j, n - j, &cp);
      if (cp == LORE_UTF8_INVALID) break;
      j += l;
    }
    if (j > i) {
      for (;;) {
        m = utf8proc_decompose_custom(s + i, (utf8proc_ssize_t)(j - i),
                                      buf + used, (utf8proc_ssize_t)(cap - used),
                                      uo, (opts & LORE_FOLD_PUNCT) ? punct_map : NULL,
                                      NULL);
        if (m < 0) { rc = LORE_EINVAL; goto done; }   /* cannot happen: input is valid */
        if ((size_t)m <= cap - used) break;
        if ((rc = fold_grow(&buf, &cap, used + (size_t)m + 1, stack)) != LORE_OK)
          goto done;
      }
      used += (size_t)m;
    }
    if (j < n) {                              /* invalid sequence at j */
      if (used + 1 > cap && (rc = fold_grow(&buf, &cap, used + 1, stack)) != LORE_OK)
        goto done;
      buf[used++] = 0xFFFD;
      j += lore_utf8_decode(s + j, n - j, &cp);
    }
    i = j;
  }
  m = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)used, uo);
  if (m < 0) { rc = LORE_EINVAL; goto done; }
  if ((rc = lore_buf_reserve(out, (size_t)m * 4)) != LORE_OK) goto done;
  for (i = 0; i < (size_t)m; i++)
    out->len += lore_utf8_encode(buf[i], out->data + out->len);
  out->data[out->len] = '\0';
done:
  if (buf != stack) lore_free(buf);
  return rc;
}

int lore_utf8_fold (const char *s, size_t n, unsigned opts, lore_buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i;
  char *d;
  if (ascii_prefix(u, n) < n) return fold_unicode(u, n, opts, out);
  if (lore_buf_reserve(out, n) != LORE_OK) return LORE_ENOMEM;
  d = out->data + out->len;
  if ((opts & (LORE_FOLD_CASE | LORE_FOLD_PUNCT)) == 0) {
    if (n > 0) memcpy(d, s, n);
  } else {
    for (i = 0; i < n; i++) d[i] = (char)ascii_map(u[i], opts);
  }
  out->len += n;
  out->data[out->len] = '\0';
  return LORE_OK;
}

/* }==================================================================== */
