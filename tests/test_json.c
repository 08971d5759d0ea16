/*
** test_json.c
** lore_json: string escapes, invalid UTF-8, numbers, and the validator.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_buf.h"
#include "lore_err.h"
#include "lore_json.h"

/* Write in[0..n) (copied into an exactly sized buffer so sanitizers catch
** overreads) and compare with want; the result must also be valid JSON
** for both our validator and jansson. */
static void check_string (const char *in, size_t n, const char *want) {
  lore_buf b;
  char *copy = malloc(n > 0 ? n : 1);
  json_error_t err;
  json_t *j;
  assert_non_null(copy);
  memcpy(copy, in, n);
  lore_buf_init(&b);
  assert_int_equal(lore_json_string(&b, copy, n), LORE_OK);
  assert_string_equal(b.data, want);
  assert_int_equal(b.len, strlen(want));
  assert_true(lore_json_valid(b.data, b.len));
  j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  assert_non_null(j);
  assert_true(json_is_string(j));
  json_decref(j);
  lore_buf_free(&b);
  free(copy);
}

#define CHECK(lit, want) check_string((lit), sizeof(lit) - 1, (want))

static void check_number (double v, const char *want) {
  lore_buf b;
  lore_buf_init(&b);
  assert_int_equal(lore_json_number(&b, v), LORE_OK);
  assert_string_equal(b.data, want);
  assert_true(lore_json_valid(b.data, b.len));
  lore_buf_free(&b);
}

static int valid_exact (const char *s, size_t n) {
  char *copy = malloc(n > 0 ? n : 1);
  int r;
  assert_non_null(copy);
  memcpy(copy, s, n);
  r = lore_json_valid(copy, n);
  free(copy);
  return r;
}

#define VALID(lit) valid_exact((lit), sizeof(lit) - 1)

/* Deterministic generator for the property tests. */
static uint32_t rng_next (uint32_t *s) {
  *s ^= *s << 13; *s ^= *s >> 17; *s ^= *s << 5;
  return *s;
}

static void test_json_escapes (void **state) {
  (void)state;
  CHECK("", "\"\"");
  CHECK("plain text / slash", "\"plain text / slash\"");
  CHECK("\"", "\"\\\"\"");
  CHECK("\\", "\"\\\\\"");
  CHECK("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
  CHECK("\x01\x02\x0b\x1b\x1f", "\"\\u0001\\u0002\\u000b\\u001b\\u001f\"");
  CHECK("\x7f", "\"\\u007f\"");
  CHECK(" ~", "\" ~\"");
  CHECK("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"");
  /* U+2027 and U+202A next to them are ordinary */
  CHECK("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"");
  /* valid multi-byte text is copied as is: é € 😀 U+10FFFF */
  CHECK("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
        "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"");
  CHECK("\xc2\x80\xc2\x9f", "\"\xc2\x80\xc2\x9f\"");  /* C1 controls are valid */
}

static void test_json_nul (void **state) {
  (void)state;
  CHECK("a\0b", "\"a\\u0000b\"");
  CHECK("\0", "\"\\u0000\"");
  CHECK("\0\0", "\"\\u0000\\u0000\"");
}

#define FFFD "\xef\xbf\xbd"

static void test_json_invalid_utf8 (void **state) {
  (void)state;
  /* overlong forms: each byte is its own maximal subpart */
  CHECK("\xc0\xaf", "\"" FFFD FFFD "\"");
  CHECK("\xc1\xbf", "\"" FFFD FFFD "\"");
  CHECK("\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"");
  CHECK("\xe0\x9f\xbf", "\"" FFFD FFFD FFFD "\"");
  CHECK("\xf0\x80\x80\xaf", "\"" FFFD FFFD FFFD FFFD "\"");
  CHECK("\xf0\x8f\xbf\xbf", "\"" FFFD FFFD FFFD FFFD "\"");
  /* surrogates U+D800, U+DFFF encoded directly */
  CHECK("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"");
  CHECK("\xed\xbf\xbfx", "\"" FFFD FFFD FFFD "x\"");
  /* above U+10FFFF, and lead bytes that never occur */
  CHECK("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
  CHECK("\xf5\x80", "\"" FFFD FFFD "\"");
  CHECK("\xfe\xff", "\"" FFFD FFFD "\"");
  /* truncated sequences: one U+FFFD for the whole valid prefix */
  CHECK("\xe2\x82", "\"" FFFD "\"");
  CHECK("a\xe2\x82z", "\"a" FFFD "z\"");
  CHECK("\xf0\x9f\x98", "\"" FFFD "\"");
  CHECK("\xf0\x9f\x98\"", "\"" FFFD "\\\"\"");
  CHECK("\xc3", "\"" FFFD "\"");
  CHECK("\xc3 ", "\"" FFFD " \"");
  CHECK("\xe2\x82\xe2\x82\xac", "\"" FFFD "\xe2\x82\xac\"");
  /* lone continuation bytes */
  CHECK("\x80", "\"" FFFD "\"");
  CHECK("a\xbf\x80" "b", "\"a" FFFD FFFD "b\"");
  /* invalid bytes next to characters that need escapes */
  CHECK("\x80\n\xc3\xa9\x80", "\"" FFFD "\\n\xc3\xa9" FFFD "\"");
}

/* Whatever the bytes, the output is valid JSON that jansson accepts. */
static void test_json_random_bytes (void **state) {
  uint32_t seed = 0x12345u;
  int iter;
  (void)state;
  for (iter = 0; iter < 3000; iter++) {
    size_t n = rng_next(&seed) % 40, i;
    unsigned char in[40];
    lore_buf b;
    json_t *j;
    json_error_t err;
    for (i = 0; i < n; i++) {
      uint32_t r = rng_next(&seed);
      /* bias towards the interesting ranges */
      in[i] = (unsigned char)((r & 0x300) == 0 ? (r & 0x1F)
                               : (r & 0x300) == 0x100 ? 0x80 | (r & 0x7F)
                               : r & 0xFF);
    }
    lore_buf_init(&b);
    assert_int_equal(lore_json_string(&b, (const char *)in, n), LORE_OK);
    assert_true(lore_json_valid(b.data, b.len));
    j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    assert_non_null(j);
    json_decref(j);
    lore_buf_free(&b);
  }
}

static void test_json_string_null_and_failed_buffer (void **state) {
  lore_buf b;
  (void)state;
  lore_buf_init(&b);
  assert_int_equal(lore_json_string(&b, NULL, 0), LORE_OK);
  assert_string_equal(b.data, "\"\"");
  lore_buf_free(&b);
  b.failed = 1;   /* a buffer whose earlier allocation failed */
  assert_int_equal(lore_json_string(&b, "x", 1), LORE_ENOMEM);
  assert_int_equal(lore_json_number(&b, 1.5), LORE_ENOMEM);
  assert_null(b.data);
}

static void test_json_numbers (void **state) {
  (void)state;
  check_number(190000000000.0, "190000000000");
  check_number(0.1, "0.1");
  check_number(-0.0, "-0");
  check_number(0.0, "0");
  check_number(1e300, "1e+300");
  check_number(-1e300, "-1e+300");
  check_number(NAN, "null");
  check_number(INFINITY, "null");
  check_number(-INFINITY, "null");
  check_number(-42.0, "-42");
  check_number(-1.5, "-1.5");
  check_number(9007199254740992.0, "9007199254740992");     /* 2^53 */
  check_number(-9007199254740992.0, "-9007199254740992");
  check_number(9007199254740994.0, "9007199254740994");     /* above: %g */
  check_number(1e21, "1e+21");
  check_number(1.0 / 3.0, "0.3333333333333333");            /* 16 digits */
  check_number(0.1 + 0.2, "0.30000000000000004");           /* 17 digits */
  check_number(1e-7, "1e-7");
  check_number(123.456, "123.456");
  check_number(2.5e-308, "2.5e-308");
}

/* Every finite double reads back as itself. */
static void test_json_numbers_round_trip (void **state) {
  uint32_t seed = 0xBEEFu;
  int iter;
  (void)state;
  for (iter = 0; iter < 5000; iter++) {
    uint64_t bits = ((uint64_t)rng_next(&seed) << 32) | rng_next(&seed);
    double v;
    lore_buf b;
    memcpy(&v, &bits, sizeof(v));
    if (isnan(v) || isinf(v)) continue;
    lore_buf_init(&b);
    assert_int_equal(lore_json_number(&b, v), LORE_OK);
    assert_true(lore_json_valid(b.data, b.len));
    assert_true(strtod(b.data, NULL) == v);
    assert_true(b.len <= 24);
    lore_buf_free(&b);
  }
}

static void test_json_int (void **state) {
  lore_buf b;
  (void)state;
  lore_buf_init(&b);
  assert_int_equal(lore_json_int(&b, 0), LORE_OK);
  lore_buf_addc(&b, ' ');
  assert_int_equal(lore_json_int(&b, INT64_MAX), LORE_OK);
  lore_buf_addc(&b, ' ');
  assert_int_equal(lore_json_int(&b, INT64_MIN), LORE_OK);
  assert_string_equal(b.data,
                      "0 9223372036854775807 -9223372036854775808");
  lore_buf_free(&b);
}

static void test_json_valid_accepts (void **state) {
  (void)state;
  assert_true(VALID("0"));
  assert_true(VALID("-0"));
  assert_true(VALID("1.5e+10"));
  assert_true(VALID("1E-2"));
  assert_true(VALID("-12.34e5"));
  assert_true(VALID("true"));
  assert_true(VALID("false"));
  assert_true(VALID(" null \n"));
  assert_true(VALID("\"\""));
  assert_true(VALID("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u0000\""));
  assert_true(VALID("\"\\ud83d\\ude00\""));              /* surrogate pair */
  assert_true(VALID("\"\xc3\xa9\xf0\x9f\x98\x80\x7f\""));  /* raw UTF-8, DEL */
  assert_true(VALID("[]"));
  assert_true(VALID("{}"));
  assert_true(VALID("[ ]"));
  assert_true(VALID("{ }"));
  assert_true(VALID("[1,\"a\",true,null,{\"k\":[{}]}]"));
  assert_true(VALID("\t{ \"a\" : 1 , \"b\" : [ 2 , 3 ] }\r\n"));
  assert_true(VALID("{\"a\":{\"b\":{\"c\":[[[]]]}}}"));
}

static void test_json_valid_rejects (void **state) {
  (void)state;
  assert_false(lore_json_valid(NULL, 0));
  assert_false(VALID(""));
  assert_false(VALID("   "));
  assert_false(VALID("1 2"));
  assert_false(VALID("[1] x"));
  assert_false(VALID("\xef\xbb\xbf[]"));             /* BOM */
  assert_false(VALID("01"));
  assert_false(VALID("-"));
  assert_false(VALID("1."));
  assert_false(VALID(".5"));
  assert_false(VALID("1e"));
  assert_false(VALID("1e+"));
  assert_false(VALID("+1"));
  assert_false(VALID("0x10"));
  assert_false(VALID("NaN"));
  assert_false(VALID("Infinity"));
  assert_false(VALID("tru"));
  assert_false(VALID("nulls"));
  assert_false(VALID("TRUE"));
  assert_false(VALID("\"abc"));
  assert_false(VALID("\"a\nb\""));                   /* raw control */
  assert_false(VALID("\"a\0b\""));                   /* raw NUL */
  assert_false(VALID("\"\\x41\""));
  assert_false(VALID("\"\\u00g0\""));
  assert_false(VALID("\"\\u00\""));
  assert_false(VALID("\"\\"));
  assert_false(VALID("\"\\ud800\""));                /* lone high */
  assert_false(VALID("\"\\udc00\""));                /* lone low */
  assert_false(VALID("\"\\ud800\\u0041\""));
  assert_false(VALID("\"\xc0\xaf\""));               /* overlong */
  assert_false(VALID("\"\xed\xa0\x80\""));           /* surrogate */
  assert_false(VALID("\"\xe2\x82\""));               /* truncated */
  assert_false(VALID("\"\x80\""));                   /* continuation */
  assert_false(VALID("[1,]"));
  assert_false(VALID("[,1]"));
  assert_false(VALID("[1 2]"));
  assert_false(VALID("[1"));
  assert_false(VALID("]"));
  assert_false(VALID("[}"));
  assert_false(VALID("{\"a\":1,}"));
  assert_false(VALID("{\"a\" 1}"));
  assert_false(VALID("{\"a\":}"));
  assert_false(VALID("{1:2}"));
  assert_false(VALID("{\"a\"}"));
  assert_false(VALID("{\"a\":1"));
  assert_false(VALID("{'a':1}"));
  assert_false(VALID("\f1"));                        /* not JSON space */
  assert_false(VALID("\v1"));
  assert_false(VALID("1\0"));
}

static void test_json_valid_depth (void **state) {
  enum { N = 100000 };
  char *s = malloc(2 * N);
  size_t d;
  (void)state;
  assert_non_null(s);
  for (d = 510; d <= 514; d++) {
    memset(s, '[', d);
    memset(s + d, ']', d);
    assert_int_equal(valid_exact(s, 2 * d), d <= 512);
  }
  /* objects count as well */
  {
    lore_buf b;
    lore_buf_init(&b);
    for (d = 0; d < 512; d++) lore_buf_adds(&b, "{\"k\":");
    lore_buf_adds(&b, "1");
    for (d = 0; d < 512; d++) lore_buf_addc(&b, '}');
    assert_true(valid_exact(b.data, b.len));
    lore_buf_reset(&b);
    for (d = 0; d < 513; d++) lore_buf_adds(&b, "{\"k\":");
    lore_buf_adds(&b, "1");
    for (d = 0; d < 513; d++) lore_buf_addc(&b, '}');
    assert_false(valid_exact(b.data, b.len));
    lore_buf_free(&b);
  }
  /* hostile nesting: no recursion, no crash */
  memset(s, '[', 2 * N);
  assert_false(valid_exact(s, 2 * N));
  free(s);
}

/* Mutations of a valid document: our validator agrees with jansson (with
** flags making jansson accept any value and \u0000; the seed document keeps
** numbers small so jansson's integer range does not matter). */
static void test_json_valid_agrees_with_jansson (void **state) {
  static const char seed_doc[] =
    "{\"a\": [1, -2.5e3, true, false, null], \"b\\u00e9\": \"x\\ny\","
    " \"c\": {\"d\": [], \"e\": {}}, \"\xc3\xa9\": \"\\ud83d\\ude00\"}";
  static const char alphabet[] = "{}[]\":,.-+e0123456789tfnul\\ \n\x80\xc3";
  uint32_t seed = 0xC0FFEEu;
  int iter, disagree = 0, nvalid = 0;
  (void)state;
  for (iter = 0; iter < 20000; iter++) {
    char buf[sizeof(seed_doc) + 4];
    size_t n = sizeof(seed_doc) - 1, k, nmut = 1 + rng_next(&seed) % 3;
    json_t *j;
    json_error_t err;
    int ours, theirs;
    memcpy(buf, seed_doc, n);
    for (k = 0; k < nmut; k++) {
      size_t pos = rng_next(&seed) % n;
      uint32_t op = rng_next(&seed) % 3;
      char ch = alphabet[rng_next(&seed) % (sizeof(alphabet) - 1)];
      if (op == 0) buf[pos] = ch;                                /* replace */
      else if (op == 1 && n > 1) {                               /* delete */
        memmove(buf + pos, buf + pos + 1, n - pos - 1); n--;
      }
      else if (n < sizeof(buf)) {                                /* insert */
        memmove(buf + pos + 1, buf + pos, n - pos); buf[pos] = ch; n++;
      }
    }
    ours = valid_exact(buf, n);
    j = json_loadb(buf, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    theirs = j != NULL;
    nvalid += ours;
    json_decref(j);
    if (ours != theirs) {
      disagree++;
      print_message("disagreement (ours %d): %.*s\n", ours, (int)n, buf);
    }
  }
  assert_int_equal(disagree, 0);
  /* the mutations exercise both outcomes */
  assert_true(nvalid > 1000);
  assert_true(nvalid < 19000);
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_json_escapes),
    cmocka_unit_test(test_json_nul),
    cmocka_unit_test(test_json_invalid_utf8),
    cmocka_unit_test(test_json_random_bytes),
    cmocka_unit_test(test_json_string_null_and_failed_buffer),
    cmocka_unit_test(test_json_numbers),
    cmocka_unit_test(test_json_numbers_round_trip),
    cmocka_unit_test(test_json_int),
    cmocka_unit_test(test_json_valid_accepts),
    cmocka_unit_test(test_json_valid_rejects),
    cmocka_unit_test(test_json_valid_depth),
    cmocka_unit_test(test_json_valid_agrees_with_jansson),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
