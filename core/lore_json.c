/*
** lore_json.c
** JSON writer whose output is valid UTF-8 JSON whatever bytes it is given,
** and a strict, allocation-free JSON validator.
*/
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_err.h"
#include "lore_json.h"

/* {======================================================================
** UTF-8 decoding
** =======================================================================
*/

/*
** Decode one sequence at s (n >= 1). Same contract as lore_utf8_decode
** (lore_utf8.h): returns the length consumed and sets *cp, or -1 in *cp and
** the length of the maximal invalid subpart (Unicode "substitution of
** maximal subparts"), so every writer in lore replaces the same bytes with
** the same number of U+FFFD. Kept local because it sits on the hot path of
** every string written and must not depend on the (larger) utf8 module.
*/
static size_t utf8_decode (const unsigned char *s, size_t n, int32_t *cp) {
  unsigned c = s[0];
  unsigned lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
  size_t need, i;
  int32_t v;
  if (c < 0x80) { *cp = (int32_t)c; return 1; }
  if (c < 0xC2 || c > 0xF4) { *cp = -1; return 1; }
  if (c < 0xE0) { need = 1; v = (int32_t)(c & 0x1F); }
  else if (c < 0xF0) {
    need = 2; v = (int32_t)(c & 0x0F);
    if (c == 0xE0) lo = 0xA0;          /* overlong */
    else if (c == 0xED) hi = 0x9F;     /* surrogates */
  }
  else {
    need = 3; v = (int32_t)(c & 0x07);
    if (c == 0xF0) lo = 0x90;          /* overlong */
    else if (c == 0xF4) hi = 0x8F;     /* above U+10FFFF */
  }
  for (i = 1; i <= need; i++) {
    unsigned d;
    if (i >= n) { *cp = -1; return i; }            /* truncated */
    d = s[i];
    if (i == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) {
      *cp = -1; return i;
    }
    v = (v << 6) | (int32_t)(d & 0x3F);
  }
  *cp = v;
  return need + 1;
}

/* }====================================================================== */

/* {======================================================================
** Writer
** =======================================================================
*/

/*
** 1 for ASCII bytes copied verbatim into a string literal.
*/
static int ascii_plain (unsigned c) {
  return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

int lore_json_string (lore_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;   /* bytes [run, i) are pending verbatim output */
  if (s == NULL) n = 0;
  /* Most text needs no escape: reserve once for the common case. */
  if (lore_buf_reserve(b, n < ((size_t)-1) / 2 ? n + 2 : n) != LORE_OK)
    return LORE_ENOMEM;
  lore_buf_addc(b, '"');
  while (i < n) {
    unsigned c = p[i];
    char esc[8];
    size_t elen = 0, len = 1;
    if (ascii_plain(c)) { i++; continue; }
    if (c >= 0x80) {
      int32_t cp;
      len = utf8_decode(p + i, n - i, &cp);
      if (cp >= 0 && cp != 0x2028 && cp != 0x2029) { i += len; continue; }
      if (cp < 0) { memcpy(esc, "\xEF\xBF\xBD", 3); elen = 3; }
      else {
        memcpy(esc, cp == 0x2028 ? "\\u2028" : "\\u2029", 6); elen = 6;
      }
    }
    else {
      esc[0] = '\\'; elen = 2;
      switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:   /* other controls and DEL */
          memcpy(esc + 1, "u00", 3);
          esc[4] = hex[c >> 4]; esc[5] = hex[c & 0xF];
          elen = 6;
          break;
      }
    }
    if (i > run) lore_buf_add(b, p + run, i - run);
    lore_buf_add(b, esc, elen);
    i += len;
    run = i;
  }
  if (i > run) lore_buf_add(b, p + run, i - run);
  lore_buf_addc(b, '"');
  return b->failed ? LORE_ENOMEM : LORE_OK;
}

/*
** Turn printf's %g output into JSON: the locale's decimal point (which may
** be a comma, or several bytes) becomes '.', and leading zeros of the
** exponent are dropped ("1e-07" -> "1e-7").
*/
static size_t number_to_json (const char *in, char *out) {
  size_t o = 0;
  int in_point = 0, in_exp = 0, exp_digits = 0;
  for (; *in != '\0'; in++) {
    char ch = *in;
    if (ch >= '0' && ch <= '9') {
      in_point = 0;
      if (in_exp && ch == '0' && exp_digits == 0 && in[1] != '\0') continue;
      if (in_exp) exp_digits++;
      out[o++] = ch;
    }
    else if (ch == 'e' || ch == 'E') { in_point = 0; in_exp = 1; out[o++] = 'e'; }
    else if (ch == '-' || ch == '+') { in_point = 0; out[o++] = ch; }
    else if (!in_point) { in_point = 1; out[o++] = '.'; }
  }
  out[o] = '\0';
  return o;
}

int lore_json_number (lore_buf *b, double v) {
  char tmp[64], out[64];
  int prec;
  if (isnan(v) || isinf(v)) return lore_buf_add(b, "null", 4);
  if (fabs(v) <= 9007199254740992.0 && v == floor(v)) {
    /* -0 keeps its sign: "-0" is valid JSON and reads back as -0.0. */
    if (v == 0 && signbit(v)) return lore_buf_add(b, "-0", 2);
    return lore_json_int(b, (int64_t)v);
  }
  /* The shortest of 15, 16 or 17 significant digits that reads back as the
  ** same double (17 always does). */
  for (prec = 15; prec < 17; prec++) {
    snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
    if (strtod(tmp, NULL) == v) break;
  }
  if (prec == 17) snprintf(tmp, sizeof(tmp), "%.17g", v);
  return lore_buf_add(b, out, number_to_json(tmp, out));
}

/* Digits written backwards into a small buffer: no format parsing, as
** offsets and counts are most of what the writer prints. */
int lore_json_int (lore_buf *b, int64_t v) {
  char tmp[24];
  char *p = tmp + sizeof tmp;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do { *--p = (char)('0' + u % 10); u /= 10; } while (u != 0);
  if (v < 0) *--p = '-';
  return lore_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* }====================================================================== */

/* {======================================================================
** Validator
** =======================================================================
*/

#define JSON_MAX_DEPTH 512

static const unsigned char *skip_ws (const unsigned char *p,
                                     const unsigned char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

static int hexval (unsigned c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/*
** Read the 4 hex digits of a \u escape at p; -1 if malformed.
*/
static long hex4 (const unsigned char *p, const unsigned char *e) {
  long v = 0;
  int i;
  if (e - p < 4) return -1;
  for (i = 0; i < 4; i++) {
    int d = hexval(p[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/*
** A string starting at its opening quote *p; returns the byte after the
** closing quote, or NULL. Raw bytes must be valid UTF-8 without controls;
** \u escapes must not leave a surrogate unpaired (it could not be written
** as UTF-8, and jansson rejects it too).
*/
static const unsigned char *scan_string (const unsigned char *p,
                                         const unsigned char *e) {
  p++;
  for (;;) {
    unsigned c;
    if (p >= e) return NULL;
    c = *p;
    if (c == '"') return p + 1;
    if (c < 0x20) return NULL;
    if (c < 0x80 && c != '\\') { p++; continue; }
    if (c >= 0x80) {
      int32_t cp;
      size_t len = utf8_decode(p, (size_t)(e - p), &cp);
      if (cp < 0) return NULL;
      p += len;
      continue;
    }
    /* escape */
    if (e - p < 2) return NULL;
    switch (p[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n':
      case 'r': case 't':
        p += 2;
        break;
      case 'u': {
        long u = hex4(p + 2, e);
        if (u < 0) return NULL;
        p += 6;
        if (u >= 0xDC00 && u <= 0xDFFF) return NULL;
        if (u >= 0xD800 && u <= 0xDBFF) {
          long lo;
          if (e - p < 2 || p[0] != '\\' || p[1] != 'u') return NULL;
          lo = hex4(p + 2, e);
          if (lo < 0xDC00 || lo > 0xDFFF) return NULL;
          p += 6;
        }
        break;
      }
      default:
        return NULL;
    }
  }
}

/*
** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at p, or NULL.
*/
static const unsigned char *scan_number (const unsigned char *p,
                                         const unsigned char *e) {
  if (p < e && *p == '-') p++;
  if (p >= e) return NULL;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') {
    while (p < e && *p >= '0' && *p <= '9') p++;
  }
  else return NULL;
  if (p < e && *p == '.') {
    p++;
    if (p >= e || *p < '0' || *p > '9') return NULL;
    while (p < e && *p >= '0' && *p <= '9') p++;
  }
  if (p < e && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < e && (*p == '+' || *p == '-')) p++;
    if (p >= e || *p < '0' || *p > '9') return NULL;
    while (p < e && *p >= '0' && *p <= '9') p++;
  }
  return p;
}

static const unsigned char *scan_word (const unsigned char *p,
                                       const unsigned char *e,
                                       const char *w, size_t n) {
  if ((size_t)(e - p) < n || memcmp(p, w, n) != 0) return NULL;
  return p + n;
}

/*
** Iterative so that hostile nesting costs no stack: one bit per level
** records whether the container is an object.
*/
int lore_json_valid (const char *s, size_t n) {
  unsigned char isobj[JSON_MAX_DEPTH / 8];
  size_t depth = 0;
  const unsigned char *p, *e;
  if (s == NULL) return 0;
  p = (const unsigned char *)s;
  e = p + n;
  p = skip_ws(p, e);
value:
  if (p >= e) return 0;
  switch (*p) {
    case '{': case '[': {
      int obj = *p == '{';
      if (depth >= JSON_MAX_DEPTH) return 0;
      if (obj) isobj[depth / 8] |= (unsigned char)(1u << (depth % 8));
      else isobj[depth / 8] &= (unsigned char)~(1u << (depth % 8));
      depth++;
      p = skip_ws(p + 1, e);
      if (p < e && *p == (obj ? '}' : ']')) { depth--; p++; goto after; }
      if (!obj) goto value;
      goto key;
    }
    case '"': p = scan_string(p, e); break;
    case 't': p = scan_word(p, e, "true", 4); break;
    case 'f': p = scan_word(p, e, "false", 5); break;
    case 'n': p = scan_word(p, e, "null", 4); break;
    default: p = scan_number(p, e); break;
  }
  if (p == NULL) return 0;
after:
  p = skip_ws(p, e);
  if (depth == 0) return p == e;
  if (p >= e) return 0;
  {
    int obj = (isobj[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1;
    if (*p == (obj ? '}' : ']')) { depth--; p++; goto after; }
    if (*p != ',') return 0;
    p = skip_ws(p + 1, e);
    if (!obj) goto value;
  }
key:
  if (p >= e || *p != '"') return 0;
  p = scan_string(p, e);
  if (p == NULL) return 0;
  p = skip_ws(p, e);
  if (p >= e || *p != ':') return 0;
  p = skip_ws(p + 1, e);
  goto value;
}

/* }====================================================================== */
