/*
** tests/test_utf8.c
** UTF-8 decoding (maximal subparts), encoding, validation, classes, case
** and the folded forms used for matching.
*/
#include <stdlib.h>
#include <string.h>

#include "lore_buf.h"
#include "lore_err.h"
#include "lore_utf8.h"

/* Inputs are copied into buffers of exactly their size (plain malloc, so
** that AddressSanitizer sees the end of the buffer). */
static unsigned char *exact (const char *s, size_t n) {
  unsigned char *b = (unsigned char *)malloc(n > 0 ? n : 1);
  if (n > 0) memcpy(b, s, n);
  return b;
}

static void release (void *p) {
  free(p);
}

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* {====================================================================
** Decoding
** ===================================================================== */

typedef struct dcase {
  int line;
  const char *in;
  size_t n;
  int32_t cp;      /* LORE_UTF8_INVALID for an ill-formed sequence */
  size_t len;      /* the length decode returns */
} dcase;

static void run_decode (const dcase *c, size_t count) {
  size_t k;
  for (k = 0; k < count; k++) {
    unsigned char *b = exact(c[k].in, c[k].n);
    int32_t cp = 12345;
    size_t l = lore_utf8_decode(b, c[k].n, &cp);
    if (l != c[k].len || cp != c[k].cp)
      fail_msg("line %d: decode gave len %zu cp %ld, want len %zu cp %ld",
               c[k].line, l, (long)cp, c[k].len, (long)c[k].cp);
    release(b);
  }
}

static void test_utf8_decode_valid (void **state) {
  static const dcase C[] = {
    { __LINE__, "A", 1, 'A', 1 },
    { __LINE__, "\x7F", 1, 0x7F, 1 },
    { __LINE__, "\0", 1, 0, 1 },
    { __LINE__, "\xC2\x80", 2, 0x80, 2 },
    { __LINE__, "\xC3\xA9", 2, 0xE9, 2 },
    { __LINE__, "\xDF\xBF", 2, 0x7FF, 2 },
    { __LINE__, "\xE0\xA0\x80", 3, 0x800, 3 },
    { __LINE__, "\xE2\x82\xAC", 3, 0x20AC, 3 },
    { __LINE__, "\xED\x9F\xBF", 3, 0xD7FF, 3 },
    { __LINE__, "\xEE\x80\x80", 3, 0xE000, 3 },
    { __LINE__, "\xEF\xBF\xBF", 3, 0xFFFF, 3 },
    { __LINE__, "\xF0\x90\x80\x80", 4, 0x10000, 4 },
    { __LINE__, "\xF0\x9F\x98\x80", 4, 0x1F600, 4 },
    { __LINE__, "\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4 },
    { __LINE__, "\xC3\xA9xyz", 5, 0xE9, 2 },     /* only the first one */
  };
  (void)state;
  run_decode(C, sizeof(C) / sizeof(C[0]));
}

static void test_utf8_decode_invalid (void **state) {
  static const dcase C[] = {
    /* stray continuation bytes and bytes that never occur */
    { __LINE__, "\x80", 1, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xBF" "A", 2, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xFE", 1, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xFF\x80", 2, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xF5\x80\x80\x80", 4, LORE_UTF8_INVALID, 1 },
    /* overlong forms: the lead byte (or its second byte) is already wrong */
    { __LINE__, "\xC0\x80", 2, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xC1\xBF", 2, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xE0\x80\x80", 3, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xE0\x9F\xBF", 3, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xF0\x80\x80\x80", 4, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xF0\x8F\xBF\xBF", 4, LORE_UTF8_INVALID, 1 },
    /* surrogates and code points above U+10FFFF */
    { __LINE__, "\xED\xA0\x80", 3, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xED\xBF\xBF", 3, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xF4\x90\x80\x80", 4, LORE_UTF8_INVALID, 1 },
    /* truncated: the maximal subpart is the valid prefix */
    { __LINE__, "\xC3", 1, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xC3" "A", 2, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xE2", 1, LORE_UTF8_INVALID, 1 },
    { __LINE__, "\xE2\x82", 2, LORE_UTF8_INVALID, 2 },
    { __LINE__, "\xE2\x82" "A", 3, LORE_UTF8_INVALID, 2 },
    { __LINE__, "\xF0\x9F", 2, LORE_UTF8_INVALID, 2 },
    { __LINE__, "\xF0\x9F\x98", 3, LORE_UTF8_INVALID, 3 },
    { __LINE__, "\xF0\x9F\x98" "A", 4, LORE_UTF8_INVALID, 3 },
    { __LINE__, "\xF4\x8F\xBF", 3, LORE_UTF8_INVALID, 3 },
  };
  unsigned char b[1] = { 'x' };
  int32_t cp = 0;
  (void)state;
  run_decode(C, sizeof(C) / sizeof(C[0]));
  assert_int_equal(lore_utf8_decode(b, 0, &cp), 0);
}

/* Unicode's example for "substitution of maximal subparts" (table 3-8). */
static void test_utf8_decode_subparts (void **state) {
  static const char in[] = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
  static const size_t lens[] = { 1, 3, 2, 1, 1, 1, 1, 1, 1, 1 };
  static const int32_t cps[] = { 'a', -1, -1, -1, 'b', -1, 'c', -1, -1, 'd' };
  size_t n = sizeof(in) - 1, i = 0, k = 0;
  unsigned char *b = exact(in, n);
  (void)state;
  while (i < n) {
    int32_t cp;
    size_t l = lore_utf8_decode(b + i, n - i, &cp);
    assert_true(k < 10);
    assert_int_equal(l, lens[k]);
    assert_int_equal(cp, cps[k]);
    i += l;
    k++;
  }
  assert_int_equal(k, 10);
  assert_int_equal(lore_utf8_count_invalid((const char *)b, n), 6);
  release(b);
}

static void test_utf8_encode (void **state) {
  static const int32_t cps[] = { 0, 'A', 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF,
                                 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600,
                                 0x10FFFF };
  static const size_t lens[] = { 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4 };
  size_t k;
  char out[4];
  (void)state;
  for (k = 0; k < sizeof(cps) / sizeof(cps[0]); k++) {
    int32_t back;
    size_t l = lore_utf8_encode(cps[k], out);
    assert_int_equal(l, lens[k]);
    assert_int_equal(lore_utf8_decode((const unsigned char *)out, l, &back), l);
    assert_int_equal(back, cps[k]);
  }
  assert_int_equal(lore_utf8_encode(-1, out), 0);
  assert_int_equal(lore_utf8_encode(0xD800, out), 0);
  assert_int_equal(lore_utf8_encode(0xDFFF, out), 0);
  assert_int_equal(lore_utf8_encode(0x110000, out), 0);
  assert_int_equal(lore_utf8_encode(0x20AC, out), 3);
  assert_memory_equal(out, "\xE2\x82\xAC", 3);
}

static void test_utf8_count_invalid (void **state) {
  static const char valid[] = "Zürich, Пекин, 北京 and 😀";
  char big[64];
  size_t k;
  unsigned char *b;
  (void)state;
  b = exact(valid, sizeof(valid) - 1);
  assert_int_equal(lore_utf8_count_invalid((const char *)b, sizeof(valid) - 1), 0);
  release(b);
  assert_int_equal(lore_utf8_count_invalid(NULL, 0), 0);
  /* one bad byte at every position of an ASCII stretch (word-at-a-time
     scanning must not skip it) */
  for (k = 0; k < sizeof(big); k++) {
    memset(big, 'a', sizeof(big));
    big[k] = (char)0xFF;
    b = exact(big, sizeof(big));
    assert_int_equal(lore_utf8_count_invalid((const char *)b, sizeof(big)), 1);
    release(b);
  }
  /* truncated at the very end */
  b = exact("abc\xE2\x82", 5);
  assert_int_equal(lore_utf8_count_invalid((const char *)b, 5), 1);
  release(b);
}

static void test_utf8_sanitize (void **state) {
  lore_buf out;
  unsigned char *b;
  (void)state;
  lore_buf_init(&out);
  lore_buf_adds(&out, ">");
  b = exact("a\xFF" "b\xE2\x82", 5);
  assert_int_equal(lore_utf8_sanitize((const char *)b, 5, &out), LORE_OK);
  assert_int_equal(out.len, 1 + 1 + 3 + 1 + 3);
  assert_memory_equal(out.data, ">a\xEF\xBF\xBD" "b\xEF\xBF\xBD", out.len);
  assert_int_equal(out.data[out.len], '\0');
  release(b);
  lore_buf_reset(&out);
  b = exact("ok \xC3\xA9", 5);
  assert_int_equal(lore_utf8_sanitize((const char *)b, 5, &out), LORE_OK);
  assert_int_equal(out.len, 5);
  assert_memory_equal(out.data, "ok \xC3\xA9", 5);
  release(b);
  lore_buf_free(&out);
}

/* }==================================================================== */

/* {====================================================================
** Classes and case
** ===================================================================== */

typedef struct ccase { int line; int32_t cp; lore_cclass cc; } ccase;

static void test_utf8_class (void **state) {
  static const ccase C[] = {
    { __LINE__, 'a', LORE_CC_LETTER }, { __LINE__, 'Z', LORE_CC_LETTER },
    { __LINE__, 0xE9, LORE_CC_LETTER },      /* é */
    { __LINE__, 0x416, LORE_CC_LETTER },     /* Ж */
    { __LINE__, 0x5317, LORE_CC_LETTER },    /* 北 */
    { __LINE__, 0x5D0, LORE_CC_LETTER },     /* א */
    { __LINE__, 0x627, LORE_CC_LETTER },     /* ا */
    { __LINE__, 0x2BC, LORE_CC_LETTER },     /* ʼ modifier apostrophe (Lm) */
    { __LINE__, 0x301, LORE_CC_MARK }, { __LINE__, 0x308, LORE_CC_MARK },
    { __LINE__, 0x94D, LORE_CC_MARK },       /* Devanagari virama */
    { __LINE__, '0', LORE_CC_DIGIT }, { __LINE__, '9', LORE_CC_DIGIT },
    { __LINE__, 0x663, LORE_CC_DIGIT },      /* ٣ */
    { __LINE__, 0xFF15, LORE_CC_DIGIT },     /* fullwidth 5 */
    { __LINE__, ' ', LORE_CC_SPACE }, { __LINE__, '\t', LORE_CC_SPACE },
    { __LINE__, 0xA0, LORE_CC_SPACE },       /* no-break space */
    { __LINE__, 0x2002, LORE_CC_SPACE },     /* en space */
    { __LINE__, 0x2009, LORE_CC_SPACE },     /* thin space */
    { __LINE__, 0x202F, LORE_CC_SPACE },     /* narrow no-break space */
    { __LINE__, 0x3000, LORE_CC_SPACE },     /* ideographic space */
    { __LINE__, '\n', LORE_CC_NEWLINE }, { __LINE__, '\r', LORE_CC_NEWLINE },
    { __LINE__, 0x0B, LORE_CC_NEWLINE }, { __LINE__, 0x0C, LORE_CC_NEWLINE },
    { __LINE__, 0x85, LORE_CC_NEWLINE }, { __LINE__, 0x2028, LORE_CC_NEWLINE },
    { __LINE__, 0x2029, LORE_CC_NEWLINE },
    { __LINE__, '"', LORE_CC_QUOTE }, { __LINE__, '\'', LORE_CC_QUOTE },
    { __LINE__, '`', LORE_CC_QUOTE },
    { __LINE__, 0x201C, LORE_CC_QUOTE }, { __LINE__, 0x201D, LORE_CC_QUOTE },
    { __LINE__, 0x2018, LORE_CC_QUOTE }, { __LINE__, 0x2019, LORE_CC_QUOTE },
    { __LINE__, 0x201A, LORE_CC_QUOTE }, { __LINE__, 0x201B, LORE_CC_QUOTE },
    { __LINE__, 0x201E, LORE_CC_QUOTE }, { __LINE__, 0x201F, LORE_CC_QUOTE },
    { __LINE__, 0xAB, LORE_CC_QUOTE }, { __LINE__, 0xBB, LORE_CC_QUOTE },
    { __LINE__, 0x2039, LORE_CC_QUOTE }, { __LINE__, 0x203A, LORE_CC_QUOTE },
    { __LINE__, 0xFF02, LORE_CC_QUOTE }, { __LINE__, 0xFF07, LORE_CC_QUOTE },
    { __LINE__, '-', LORE_CC_HYPHEN }, { __LINE__, 0x2010, LORE_CC_HYPHEN },
    { __LINE__, 0x2011, LORE_CC_HYPHEN },
    { __LINE__, 0x2012, LORE_CC_DASH }, { __LINE__, 0x2013, LORE_CC_DASH },
    { __LINE__, 0x2014, LORE_CC_DASH }, { __LINE__, 0x2015, LORE_CC_DASH },
    { __LINE__, 0x2E3A, LORE_CC_DASH }, { __LINE__, 0x2E3B, LORE_CC_DASH },
    { __LINE__, 0x2212, LORE_CC_DASH },
    { __LINE__, '.', LORE_CC_PUNCT }, { __LINE__, ',', LORE_CC_PUNCT },
    { __LINE__, '!', LORE_CC_PUNCT }, { __LINE__, '(', LORE_CC_PUNCT },
    { __LINE__, ']', LORE_CC_PUNCT }, { __LINE__, '_', LORE_CC_PUNCT },
    { __LINE__, '%', LORE_CC_PUNCT }, { __LINE__, '@', LORE_CC_PUNCT },
    { __LINE__, 0x2026, LORE_CC_PUNCT },     /* … */
    { __LINE__, 0x3002, LORE_CC_PUNCT },     /* 。 */
    { __LINE__, 0xBF, LORE_CC_PUNCT },       /* ¿ */
    { __LINE__, '$', LORE_CC_CURRENCY }, { __LINE__, 0x20AC, LORE_CC_CURRENCY },
    { __LINE__, 0xA3, LORE_CC_CURRENCY }, { __LINE__, 0xA5, LORE_CC_CURRENCY },
    { __LINE__, 0x20BD, LORE_CC_CURRENCY }, { __LINE__, 0x20B9, LORE_CC_CURRENCY },
    { __LINE__, '+', LORE_CC_SYMBOL }, { __LINE__, '<', LORE_CC_SYMBOL },
    { __LINE__, '|', LORE_CC_SYMBOL }, { __LINE__, '^', LORE_CC_SYMBOL },
    { __LINE__, 0xA9, LORE_CC_SYMBOL }, { __LINE__, 0xB0, LORE_CC_SYMBOL },
    { __LINE__, 0xBD, LORE_CC_SYMBOL },      /* ½ (No) */
    { __LINE__, 0x2163, LORE_CC_SYMBOL },    /* Ⅳ (Nl) */
    { __LINE__, 0x1F600, LORE_CC_SYMBOL },
    { __LINE__, 0, LORE_CC_OTHER }, { __LINE__, 0x1F, LORE_CC_OTHER },
    { __LINE__, 0x7F, LORE_CC_OTHER }, { __LINE__, 0x80, LORE_CC_OTHER },
    { __LINE__, 0x200B, LORE_CC_OTHER },     /* zero width space (Cf) */
    { __LINE__, 0xAD, LORE_CC_OTHER }, { __LINE__, 0xFEFF, LORE_CC_OTHER },
    { __LINE__, 0xE000, LORE_CC_OTHER },     /* private use */
    { __LINE__, 0x378, LORE_CC_OTHER },      /* unassigned */
    { __LINE__, LORE_UTF8_INVALID, LORE_CC_OTHER },
    { __LINE__, 0x110000, LORE_CC_OTHER },
  };
  size_t k;
  (void)state;
  for (k = 0; k < sizeof(C) / sizeof(C[0]); k++) {
    lore_cclass cc = lore_utf8_class(C[k].cp);
    if (cc != C[k].cc)
      fail_msg("line %d: class of U+%04lX is %d, want %d", C[k].line,
               (unsigned long)C[k].cp, (int)cc, (int)C[k].cc);
  }
}

static void test_utf8_case (void **state) {
  (void)state;
  assert_true(lore_utf8_isupper('A'));
  assert_false(lore_utf8_isupper('a'));
  assert_true(lore_utf8_islower('z'));
  assert_false(lore_utf8_islower('Z'));
  assert_true(lore_utf8_isupper(0xC9));      /* É */
  assert_true(lore_utf8_islower(0xE9));      /* é */
  assert_true(lore_utf8_isupper(0x416));     /* Ж */
  assert_true(lore_utf8_islower(0x436));     /* ж */
  assert_true(lore_utf8_isupper(0x1C5));     /* ǅ titlecase */
  assert_false(lore_utf8_islower(0x1C5));
  assert_true(lore_utf8_islower(0xDF));      /* ß */
  assert_false(lore_utf8_isupper(0x5317));   /* 北: no case */
  assert_false(lore_utf8_islower(0x5317));
  assert_false(lore_utf8_isupper('1'));
  assert_false(lore_utf8_islower(LORE_UTF8_INVALID));
  assert_false(lore_utf8_isupper(0x110000));
}

/* }==================================================================== */

/* {====================================================================
** Folding
** ===================================================================== */

typedef struct fcase {
  int line;
  const char *in;
  unsigned opts;
  const char *out;
} fcase;

static void run_fold (const fcase *c, size_t count) {
  size_t k;
  for (k = 0; k < count; k++) {
    size_t n = strlen(c[k].in);
    unsigned char *b = exact(c[k].in, n);
    lore_buf out;
    lore_buf_init(&out);
    assert_int_equal(lore_utf8_fold((const char *)b, n, c[k].opts, &out), LORE_OK);
    if (out.len != strlen(c[k].out) || memcmp(out.data, c[k].out, out.len) != 0)
      fail_msg("line %d: fold(\"%s\", %u) = \"%.*s\", want \"%s\"", c[k].line,
               c[k].in, c[k].opts, (int)out.len, out.data, c[k].out);
    assert_int_equal(out.data[out.len], '\0');
    lore_buf_free(&out);
    release(b);
  }
}

#define CASE LORE_FOLD_CASE
#define ACC LORE_FOLD_ACCENTS
#define PUN LORE_FOLD_PUNCT

static void test_utf8_fold_ascii (void **state) {
  static const fcase C[] = {
    { __LINE__, "Hello World", CASE, "hello world" },
    { __LINE__, "Hello World", 0, "Hello World" },
    { __LINE__, "NATO-led U.S.", CASE, "nato-led u.s." },
    { __LINE__, "Hello", ACC, "Hello" },
    { __LINE__, "`quoted'", PUN, "'quoted'" },
    { __LINE__, "`Q'", CASE | PUN, "'q'" },
    { __LINE__, "@[\\]^_{|}~", CASE, "@[\\]^_{|}~" },   /* around A-Z, a-z */
    { __LINE__, "", CASE, "" },
  };
  lore_buf out;
  (void)state;
  run_fold(C, sizeof(C) / sizeof(C[0]));
  /* appends */
  lore_buf_init(&out);
  lore_buf_adds(&out, "x:");
  assert_int_equal(lore_utf8_fold("ABC", 3, CASE, &out), LORE_OK);
  assert_string_equal(out.data, "x:abc");
  lore_buf_free(&out);
}

static void test_utf8_fold_unicode (void **state) {
  static const fcase C[] = {
    { __LINE__, "Zürich", CASE, "zürich" },
    { __LINE__, "Zürich", ACC, "Zurich" },
    { __LINE__, "Zürich", CASE | ACC, "zurich" },
    { __LINE__, "António Guterres", CASE | ACC, "antonio guterres" },
    { __LINE__, "Straße", CASE, "strasse" },
    { __LINE__, "ПЕКИН", CASE, "пекин" },
    { __LINE__, "Ёлка", CASE | ACC, "елка" },
    { __LINE__, "北京", CASE | ACC | PUN, "北京" },
    { __LINE__, "Zu\xCC\x88rich", CASE, "z\xC3\xBCrich" },    /* to NFC */
    { __LINE__, "Zu\xCC\x88rich", 0, "Z\xC3\xBCrich" },
    { __LINE__, "İstanbul", CASE | ACC, "istanbul" },
    { __LINE__, "Russia’s “old friend” — «oui» ‘x’ ‚y‛ „z‟ ‹a› `b´",
      PUN, "Russia's \"old friend\" - \"oui\" 'x' 'y' \"z\" 'a' 'b'" },
    { __LINE__, "Xi’S", CASE | PUN, "xi's" },
    { __LINE__, "one‐two‑three–four—five―six−seven", PUN,
      "one-two-three-four-five-six-seven" },
    { __LINE__, "infor\xC2\xADmation", CASE, "information" },  /* soft hyphen */
    { __LINE__, "infor\xC2\xADmation", 0, "infor\xC2\xADmation" },
    { __LINE__, "Ｆｕｌｌ", CASE, "ｆｕｌｌ" },
  };
  (void)state;
  run_fold(C, sizeof(C) / sizeof(C[0]));
}

static void test_utf8_fold_invalid (void **state) {
  static const fcase C[] = {
    { __LINE__, "A\xFF" "B", CASE, "a\xEF\xBF\xBD" "b" },
    { __LINE__, "Z\xC3\xBCr\xC3", CASE, "z\xC3\xBCr\xEF\xBF\xBD" },
    { __LINE__, "\xC3\xA9\xED\xA0\x80", 0, "\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
    { __LINE__, "\x80", ACC, "\xEF\xBF\xBD" },
  };
  char in[600 * 2 + 1], want[600 * 2 + 1];
  size_t k;
  lore_buf out;
  (void)state;
  run_fold(C, sizeof(C) / sizeof(C[0]));
  /* longer than the folder's stack buffer */
  for (k = 0; k < 600; k++) {
    memcpy(in + 2 * k, "\xC3\x89", 2);     /* É */
    memcpy(want + 2 * k, "\xC3\xA9", 2);   /* é */
  }
  lore_buf_init(&out);
  assert_int_equal(lore_utf8_fold(in, 1200, CASE, &out), LORE_OK);
  assert_int_equal(out.len, 1200);
  assert_memory_equal(out.data, want, 1200);
  lore_buf_free(&out);
}

/* }==================================================================== */

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_decode_valid),
    cmocka_unit_test(test_utf8_decode_invalid),
    cmocka_unit_test(test_utf8_decode_subparts),
    cmocka_unit_test(test_utf8_encode),
    cmocka_unit_test(test_utf8_count_invalid),
    cmocka_unit_test(test_utf8_sanitize),
    cmocka_unit_test(test_utf8_class),
    cmocka_unit_test(test_utf8_case),
    cmocka_unit_test(test_utf8_fold_ascii),
    cmocka_unit_test(test_utf8_fold_unicode),
    cmocka_unit_test(test_utf8_fold_invalid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
