/*
** tests/test_num.c
** lore_num: a table of (input, value, flags, len, scale) cases, rejects,
** single words and scales, and overflow.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_num.h"

#define NU LORE_NUMF_NUMERAL
#define WO LORE_NUMF_WORDS
#define OR LORE_NUMF_ORDINAL
#define SC LORE_NUMF_SCALED
#define DE LORE_NUMF_DECIMAL
#define VA LORE_NUMF_VAGUE
#define FR LORE_NUMF_FRACTION

typedef struct ncase {
  const char *in;
  double value;
  unsigned flags;
  size_t len;
  double scale;
} ncase;

static int close_to (double a, double b) {
  double d = fabs(a - b), m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return d <= 1e-12 * (m > 1 ? m : 1);
}

/* Parse c->in from an exactly sized heap copy (ASan sees any overread). */
static void check_case (const ncase *c) {
  size_t n = strlen(c->in);
  char *buf = test_malloc(n > 0 ? n : 1);
  lore_number r;
  int ok;
  memcpy(buf, c->in, n);
  memset(&r, 0x5A, sizeof(r));
  ok = lore_num_parse(buf, n, &r);
  test_free(buf);
  if (ok != (c->len > 0) || r.len != c->len || r.flags != c->flags ||
      !close_to(r.value, c->value) || !close_to(r.scale, c->scale))
    fail_msg("\"%s\": got ok=%d value=%.17g scale=%g flags=0x%02x len=%zu; "
             "want value=%.17g scale=%g flags=0x%02x len=%zu", c->in, ok,
             r.value, r.scale, r.flags, r.len, c->value, c->scale, c->flags,
             c->len);
}

static void run_table (const ncase *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) check_case(&t[i]);
}

#define RUN(t) run_table(t, sizeof(t) / sizeof(t[0]))

static void test_num_numerals (void **state) {
  static const ncase t[] = {
    { "42", 42, NU, 2, 1 },
    { "0", 0, NU, 1, 1 },
    { "007", 7, NU, 3, 1 },
    { "1,400", 1400, NU, 5, 1 },
    { "1,400,000 people", 1400000, NU, 9, 1 },
    { "3.5", 3.5, NU | DE, 3, 1 },
    { "2,000.50", 2000.5, NU | DE, 8, 1 },
    { "0.25%", 0.25, NU | DE, 4, 1 },
    { "3.", 3, NU, 1, 1 },                   /* sentence end, not a decimal */
    { "3.5.1", 3.5, NU | DE, 3, 1 },
    { "1,40", 1, NU, 1, 1 },                 /* not a thousands group */
    { "1,2,3", 1, NU, 1, 1 },
    { "1234,567", 1234, NU, 4, 1 },
    { "1,234,56", 1234, NU, 5, 1 },
    { "1,0000", 1, NU, 1, 1 },
    { "2023s", 2023, NU, 4, 1 },             /* letters after: just digits */
    { "10km", 10, NU, 2, 1 },
    { "7am", 7, NU, 1, 1 },
    { "3 metres", 3, NU, 1, 1 },
    { "12-3", 12, NU, 2, 1 },
    { "1 2", 1, NU, 1, 1 },
    { "4x4", 4, NU, 1, 1 },
    { "42 ", 42, NU, 2, 1 },                 /* no trailing space */
    { "2kkkkkkkkkkkkkkkkkkkk", 2, NU, 1, 1 },  /* a long glued run */
    { "2 kkkkkkkkkkkkkkkkkkkk", 2, NU, 1, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_scaled_numerals (void **state) {
  static const ncase t[] = {
    { "1.4 million", 1400000, NU | DE | SC, 11, 1e6 },
    { "1.5 million", 1500000, NU | DE | SC, 11, 1e6 },
    { "190 billion", 190e9, NU | SC, 11, 1e9 },
    { "2 trillion", 2e12, NU | SC, 10, 1e12 },
    { "5 hundred", 500, NU | SC, 9, 100 },
    { "5 hundred thousand", 5e5, NU | SC, 18, 1e3 },
    { "2 thousand hundred", 2000, NU | SC, 10, 1e3 },
    { "1.4bn", 1.4e9, NU | DE | SC, 5, 1e9 },
    { "2bn", 2e9, NU | SC, 3, 1e9 },
    { "10k", 1e4, NU | SC, 3, 1e3 },
    { "1.4m", 1.4e6, NU | DE | SC, 4, 1e6 },
    { "3M,", 3e6, NU | SC, 2, 1e6 },
    { "2b", 2e9, NU | SC, 2, 1e9 },
    { "5tn", 5e12, NU | SC, 3, 1e12 },
    { "4mn", 4e6, NU | SC, 3, 1e6 },
    { "1.4BN", 1.4e9, NU | DE | SC, 5, 1e9 },
    { "3 m", 3e6, NU | SC, 3, 1e6 },
    { "1.4 m", 1.4e6, NU | DE | SC, 5, 1e6 },
    { "3 bn", 3e9, NU | SC, 4, 1e9 },
    { "10 k", 1e4, NU | SC, 4, 1e3 },
    { "2 dozen", 24, NU, 7, 1 },
    { "4  million", 4e6, NU | SC, 10, 1e6 },
    { "4\nmillion", 4e6, NU | SC, 9, 1e6 },  /* one line break */
    { "4\n\nmillion", 4, NU, 1, 1 },          /* a paragraph break */
    { "4\xc2\xa0million", 4e6, NU | SC, 10, 1e6 },  /* no-break space */
    { "1.4-million-dollar", 1.4e6, NU | DE | SC, 11, 1e6 },
    { "1.4 million's", 1.4e6, NU | DE | SC, 11, 1e6 },
    { "1.4 millionaire", 1.4, NU | DE, 3, 1 },
    { "1.4bnx", 1.4, NU | DE, 3, 1 },
    { "2 million m", 2e6, NU | SC, 9, 1e6 },  /* an abbreviation only first */
    { "3 and a half", 3, NU, 1, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_ordinal_numerals (void **state) {
  static const ncase t[] = {
    { "10th", 10, NU | OR, 4, 1 },
    { "1st", 1, NU | OR, 3, 1 },
    { "2nd", 2, NU | OR, 3, 1 },
    { "3rd", 3, NU | OR, 3, 1 },
    { "101st.", 101, NU | OR, 5, 1 },
    { "1,000th", 1000, NU | OR, 7, 1 },
    { "20th-century", 20, NU | OR, 4, 1 },
    { "10TH", 10, NU | OR, 4, 1 },
    { "3.5th", 3.5, NU | DE, 3, 1 },
    { "4thly", 4, NU, 1, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_words (void **state) {
  static const ncase t[] = {
    { "three", 3, WO, 5, 1 },
    { "zero", 0, WO, 4, 1 },
    { "Three", 3, WO, 5, 1 },
    { "twenty-five", 25, WO, 11, 1 },
    { "twenty five", 25, WO, 11, 1 },
    { "Twenty-Five", 25, WO, 11, 1 },
    { "ninety-nine", 99, WO, 11, 1 },
    { "a hundred", 100, WO | SC, 9, 100 },
    { "A hundred", 100, WO | SC, 9, 100 },
    { "hundred", 100, WO | SC, 7, 100 },
    { "ONE HUNDRED", 100, WO | SC, 11, 100 },
    { "one hundred and twenty", 120, WO, 22, 1 },
    { "one hundred twenty", 120, WO, 18, 1 },
    { "hundred and five", 105, WO, 16, 1 },
    { "nineteen hundred", 1900, WO | SC, 16, 100 },
    { "twenty-five hundred", 2500, WO | SC, 19, 100 },
    { "a million", 1e6, WO | SC, 9, 1e6 },
    { "a thousand and one", 1001, WO, 18, 1 },
    { "ten thousand", 1e4, WO | SC, 12, 1e3 },
    { "ninety nine thousand", 99000, WO | SC, 20, 1e3 },
    { "one hundred thousand and five", 100005, WO, 29, 1 },
    { "two thousand and twenty-three", 2023, WO, 29, 1 },
    { "one hundred and twenty thousand", 120000, WO | SC, 31, 1e3 },
    { "a million million", 1e12, WO | SC, 17, 1e6 },
    { "one million thousand", 1e6, WO | SC, 11, 1e6 },
    { "twenty zero", 20, WO, 6, 1 },
    { "one thousand nine hundred and ninety-nine", 1999, WO, 41, 1 },
    { "one million two hundred thousand", 1.2e6, WO | SC, 32, 1e3 },
    { "two thousand million", 2e9, WO | SC, 20, 1e6 },
    { "a dozen", 12, WO, 7, 1 },
    { "dozen", 12, WO, 5, 1 },
    { "two dozen", 24, WO, 9, 1 },
    { "two dozen thousand", 24, WO, 9, 1 },
    { "a dozen and a half", 18, WO | FR, 18, 1 },
    { "two and a half", 2.5, WO | FR, 14, 1 },
    { "two and a half million", 2.5e6, WO | FR | SC, 22, 1e6 },
    { "a million and a half", 1.5e6, WO | FR | SC, 20, 1e6 },
    /* stops */
    { "one's", 1, WO, 3, 1 },
    { "one\xe2\x80\x99s", 1, WO, 3, 1 },
    { "one two", 1, WO, 3, 1 },
    { "twenty twenty", 20, WO, 6, 1 },
    { "five-year", 5, WO, 4, 1 },
    { "twenty-", 20, WO, 6, 1 },
    { "fifty-fifty", 50, WO, 5, 1 },
    { "one hundred and", 100, WO | SC, 11, 100 },
    { "a thousand and", 1000, WO | SC, 10, 1e3 },
    { "two and Putin", 2, WO, 3, 1 },
    { "twenty and five", 20, WO, 6, 1 },
    { "one second", 1, WO, 3, 1 },           /* time, not a fraction */
    { "two dozens", 2, WO, 3, 1 },
    { "one hundred hundred", 100, WO | SC, 11, 100 },
    { "thousand hundred", 1000, WO | SC, 8, 1e3 },
    { "three a", 3, WO, 5, 1 },
    { "one2", 0, 0, 0, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_ordinal_words (void **state) {
  static const ncase t[] = {
    { "first", 1, WO | OR, 5, 1 },
    { "First", 1, WO | OR, 5, 1 },
    { "second", 2, WO | OR, 6, 1 },
    { "third", 3, WO | OR, 5, 1 },
    { "twelfth", 12, WO | OR, 7, 1 },
    { "twentieth", 20, WO | OR, 9, 1 },
    { "twenty-first", 21, WO | OR, 12, 1 },
    { "twenty first", 21, WO | OR, 12, 1 },
    { "twenty-third", 23, WO | OR, 12, 1 },
    { "hundredth", 100, WO | OR, 9, 1 },
    { "hundred and first", 101, WO | OR, 17, 1 },
    { "one hundred and first", 101, WO | OR, 21, 1 },
    { "five hundredth", 500, WO | OR, 14, 1 },
    { "one millionth", 1e6, WO | OR, 13, 1 },
    { "two thousand and tenth", 2010, WO | OR, 22, 1 },
    { "first-ever", 1, WO | OR, 5, 1 },
    { "third quarter", 3, WO | OR, 5, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_vague (void **state) {
  static const ncase t[] = {
    { "hundreds", 100, WO | VA, 8, 1 },
    { "thousands", 1000, WO | VA, 9, 1 },
    { "dozens", 12, WO | VA, 6, 1 },
    { "millions", 1e6, WO | VA, 8, 1 },
    { "billions", 1e9, WO | VA, 8, 1 },
    { "Thousands", 1000, WO | VA, 9, 1 },
    { "millions of", 1e6, WO | VA, 8, 1 },
    { "tens of thousands", 1e4, WO | VA, 17, 1 },
    { "hundreds of thousands of people", 1e5, WO | VA, 21, 1 },
    { "thousands of millions", 1e9, WO | VA, 21, 1 },
    { "hundreds of hundreds", 100, WO | VA, 8, 1 },
    { "tens", 0, 0, 0, 1 },
    { "tens of people", 0, 0, 0, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_fractions (void **state) {
  static const ncase t[] = {
    { "a quarter", 0.25, WO | FR, 9, 1 },
    { "two-thirds", 2.0 / 3.0, WO | FR, 10, 1 },
    { "two thirds", 2.0 / 3.0, WO | FR, 10, 1 },
    { "one third", 1.0 / 3.0, WO | FR, 9, 1 },
    { "one-third", 1.0 / 3.0, WO | FR, 9, 1 },
    { "a third of", 1.0 / 3.0, WO | FR, 7, 1 },
    { "three quarters", 0.75, WO | FR, 14, 1 },
    { "three-fifths", 0.6, WO | FR, 12, 1 },
    { "an eighth", 0.125, WO | FR, 9, 1 },
    { "a tenth", 0.1, WO | FR, 7, 1 },
    { "half", 0.5, WO | FR, 4, 1 },
    { "a half", 0.5, WO | FR, 6, 1 },
    { "one half", 0.5, WO | FR, 8, 1 },
    { "half a day", 0.5, WO | FR, 4, 1 },
    { "half of them", 0.5, WO | FR, 4, 1 },
    { "half a million", 5e5, WO | FR | SC, 14, 1e6 },
    { "Half a million", 5e5, WO | FR | SC, 14, 1e6 },
    { "half a dozen", 6, WO | FR, 12, 1 },
    { "a half-dozen", 6, WO | FR, 12, 1 },
    { "one and a half", 1.5, WO | FR, 14, 1 },
    { "one-and-a-half", 1.5, WO | FR, 14, 1 },
    { "two million and a half", 2.5e6, WO | FR | SC, 22, 1e6 },
    { "a quarter-million", 250000, WO | FR | SC, 17, 1e6 },
    { "a quarter million", 250000, WO | FR | SC, 17, 1e6 },
    { "a quarter of a million", 250000, WO | FR | SC, 22, 1e6 },
    { "three-quarters of a million", 750000, WO | FR | SC, 27, 1e6 },
    { "two thirds of a", 2.0 / 3.0, WO | FR, 10, 1 },
    { "a thirds", 0, 0, 0, 1 },
    { "quarter", 0, 0, 0, 1 },
    { "thirds", 0, 0, 0, 1 },
  };
  (void)state;
  RUN(t);
}

static void test_num_rejects (void **state) {
  static const ncase t[] = {
    { "", 0, 0, 0, 1 },
    { "and", 0, 0, 0, 1 },
    { "the", 0, 0, 0, 1 },
    { "millionaire", 0, 0, 0, 1 },
    { "oneself", 0, 0, 0, 1 },
    { "Xi and Putin", 0, 0, 0, 1 },
    { "a m", 0, 0, 0, 1 },
    { "a", 0, 0, 0, 1 },
    { "a hundredth", 0, 0, 0, 1 },
    { "m", 0, 0, 0, 1 },
    { "bn", 0, 0, 0, 1 },
    { "k", 0, 0, 0, 1 },
    { "one bn", 1, WO, 3, 1 },
    { "$5", 0, 0, 0, 1 },
    { ".5", 0, 0, 0, 1 },
    { "-5", 0, 0, 0, 1 },
    { " 5", 0, 0, 0, 1 },
    { "onex", 0, 0, 0, 1 },
    { "one_", 0, 0, 0, 1 },
    { "one\xc3\xa9", 0, 0, 0, 1 },             /* "oneé": one word */
    { "\xc3\xa9", 0, 0, 0, 1 },
    { "of", 0, 0, 0, 1 },
    { "several", 0, 0, 0, 1 },
    { "seventeenths", 0, 0, 0, 1 },
    { "oneoneoneoneoneoneoneone", 0, 0, 0, 1 },
  };
  lore_number r;
  (void)state;
  RUN(t);
  /* NULL input and NULL output */
  assert_int_equal(lore_num_parse(NULL, 0, &r), 0);
  assert_int_equal(r.len, 0);
  assert_int_equal(lore_num_parse("42", 2, NULL), 1);
  /* the length bounds the input: "42" seen as "4" */
  assert_int_equal(lore_num_parse("42", 1, &r), 1);
  assert_true(r.value == 4);
  assert_int_equal(lore_num_parse("one hundred", 7, &r), 1);
  assert_int_equal(r.len, 3);
}

static void test_num_overflow (void **state) {
  size_t n = 301, i;
  char *s = test_malloc(2000);
  lore_number r;
  (void)state;
  /* 1e300 written out */
  s[0] = '1';
  memset(s + 1, '0', 300);
  assert_int_equal(lore_num_parse(s, n, &r), 1);
  assert_int_equal(r.len, 301);
  assert_true(fabs(r.value / 1e300 - 1) < 1e-12);
  assert_int_equal(r.flags, NU);
  /* beyond the double range: +inf, no wraparound */
  memset(s + 1, '0', 1999);
  assert_int_equal(lore_num_parse(s, 2000, &r), 1);
  assert_int_equal(r.len, 2000);
  assert_true(isinf(r.value) && r.value > 0);
  /* many digits with separators and decimals */
  memcpy(s, "999", 3);
  for (i = 3; i + 4 <= 1999; i += 4) memcpy(s + i, ",999", 4);
  assert_int_equal(lore_num_parse(s, 1999, &r), 1);
  assert_int_equal(r.len, 1999);
  assert_true(isinf(r.value));
  /* a broken last group ends the numeral before its comma */
  s[1998] = ',';
  assert_int_equal(lore_num_parse(s, 1999, &r), 1);
  assert_int_equal(r.len, 1995);
  s[0] = '0';
  s[1] = '.';
  memset(s + 2, '0', 1997);
  s[1999] = '7';
  assert_int_equal(lore_num_parse(s, 2000, &r), 1);
  assert_int_equal(r.len, 2000);
  assert_true(r.value >= 0 && r.value < 1e-300);
  assert_int_equal(r.flags, NU | DE);
  /* long significant decimals are rounded, not overflowed */
  memcpy(s, "3.14159265358979323846264338327950288", 37);
  assert_int_equal(lore_num_parse(s, 37, &r), 1);
  assert_true(close_to(r.value, 3.14159265358979323846));
  /* a huge numeral with a scale */
  memset(s, '9', 400);
  memcpy(s + 400, "bn", 2);
  assert_int_equal(lore_num_parse(s, 402, &r), 1);
  assert_int_equal(r.len, 402);
  assert_true(isinf(r.value));
  test_free(s);
}

static void test_num_word_and_scale (void **state) {
  int ord = 7;
  (void)state;
  assert_true(lore_num_word("seven", 5, &ord) == 7);
  assert_int_equal(ord, 0);
  assert_true(lore_num_word("seventh", 7, &ord) == 7);
  assert_int_equal(ord, 1);
  assert_true(lore_num_word("Twentieth", 9, &ord) == 20);
  assert_int_equal(ord, 1);
  assert_true(lore_num_word("dozen", 5, &ord) == 12);
  assert_int_equal(ord, 0);
  assert_true(lore_num_word("million", 7, NULL) == 1e6);
  assert_true(lore_num_word("ZERO", 4, NULL) == 0);
  assert_true(lore_num_word("sevenx", 5, NULL) == 7);   /* n bounds it */
  assert_true(lore_num_word("sevens", 6, &ord) == -1);
  assert_int_equal(ord, 0);
  assert_true(lore_num_word("half", 4, NULL) == -1);
  assert_true(lore_num_word("a", 1, NULL) == -1);
  assert_true(lore_num_word("and", 3, NULL) == -1);
  assert_true(lore_num_word("hundreds", 8, NULL) == -1);
  assert_true(lore_num_word("bn", 2, NULL) == -1);
  assert_true(lore_num_word("", 0, NULL) == -1);
  assert_true(lore_num_word(NULL, 3, NULL) == -1);
  assert_true(lore_num_scale("billion", 7) == 1e9);
  assert_true(lore_num_scale("bn", 2) == 1e9);
  assert_true(lore_num_scale("b", 1) == 1e9);
  assert_true(lore_num_scale("BN", 2) == 1e9);
  assert_true(lore_num_scale("k", 1) == 1e3);
  assert_true(lore_num_scale("m", 1) == 1e6);
  assert_true(lore_num_scale("mn", 2) == 1e6);
  assert_true(lore_num_scale("tn", 2) == 1e12);
  assert_true(lore_num_scale("hundred", 7) == 100);
  assert_true(lore_num_scale("thousand", 8) == 1e3);
  assert_true(lore_num_scale("Million", 7) == 1e6);
  assert_true(lore_num_scale("trillion", 8) == 1e12);
  assert_true(lore_num_scale("dozen", 5) == 0);
  assert_true(lore_num_scale("millions", 8) == 0);
  assert_true(lore_num_scale("seven", 5) == 0);
  assert_true(lore_num_scale("", 0) == 0);
  assert_true(lore_num_scale(NULL, 0) == 0);
}

/* Every word of the table is found (the lookup relies on its order). */
static void test_num_all_words (void **state) {
  static const char *const card[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen"
  };
  static const char *const tens[] = {
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety"
  };
  static const char *const ord[] = {
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
    "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth"
  };
  static const char *const ordtens[] = {
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
    "seventieth", "eightieth", "ninetieth"
  };
  static const struct { const char *w; double v; } scales[] = {
    { "hundred", 100 }, { "thousand", 1e3 }, { "million", 1e6 },
    { "billion", 1e9 }, { "trillion", 1e12 }, { "k", 1e3 }, { "m", 1e6 },
    { "mn", 1e6 }, { "mln", 1e6 }, { "b", 1e9 }, { "bn", 1e9 },
    { "bln", 1e9 }, { "tn", 1e12 }
  };
  static const struct { const char *w; double v; } big_ord[] = {
    { "hundredth", 100 }, { "thousandth", 1e3 }, { "millionth", 1e6 },
    { "billionth", 1e9 }, { "trillionth", 1e12 }
  };
  static const struct { const char *w; double v; } vague[] = {
    { "dozens", 12 }, { "hundreds", 100 }, { "thousands", 1e3 },
    { "millions", 1e6 }, { "billions", 1e9 }, { "trillions", 1e12 }
  };
  static const char *const denoms[] = {
    "", "", "halves", "thirds", "quarters", "fifths", "sixths", "sevenths",
    "eighths", "ninths", "tenths"
  };
  size_t i;
  int o;
  lore_number r;
  char buf[32];
  (void)state;
  for (i = 0; i < 20; i++) {
    assert_true(lore_num_word(card[i], strlen(card[i]), &o) == (double)i);
    assert_int_equal(o, 0);
    if (i > 0) {
      assert_true(lore_num_word(ord[i], strlen(ord[i]), &o) == (double)i);
      assert_int_equal(o, 1);
    }
  }
  for (i = 0; i < 8; i++) {
    assert_true(lore_num_word(tens[i], strlen(tens[i]), &o) ==
                (double)(20 + 10 * i));
    assert_true(lore_num_word(ordtens[i], strlen(ordtens[i]), &o) ==
                (double)(20 + 10 * i));
    assert_int_equal(o, 1);
  }
  for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
    assert_true(lore_num_scale(scales[i].w, strlen(scales[i].w)) ==
                scales[i].v);
  for (i = 0; i < sizeof(big_ord) / sizeof(big_ord[0]); i++) {
    assert_true(lore_num_word(big_ord[i].w, strlen(big_ord[i].w), &o) ==
                big_ord[i].v);
    assert_int_equal(o, 1);
  }
  for (i = 0; i < sizeof(vague) / sizeof(vague[0]); i++) {
    assert_int_equal(lore_num_parse(vague[i].w, strlen(vague[i].w), &r), 1);
    assert_true(r.value == vague[i].v);
    assert_int_equal(r.flags, WO | VA);
  }
  for (i = 2; i <= 10; i++) {
    snprintf(buf, sizeof buf, "two %s", denoms[i]);
    assert_int_equal(lore_num_parse(buf, strlen(buf), &r), 1);
    assert_true(close_to(r.value, 2.0 / (double)i));
    assert_int_equal(r.len, strlen(buf));
  }
  assert_true(lore_num_word("dozen", 5, NULL) == 12);
  assert_int_equal(lore_num_parse("a quarter", 9, &r), 1);
  assert_int_equal(lore_num_parse("an eighth", 9, &r), 1);
  assert_int_equal(lore_num_parse("half", 4, &r), 1);
  assert_int_equal(lore_num_parse("thousand and one", 16, &r), 1);
  assert_int_equal(r.len, 16);
  assert_int_equal(lore_num_parse("tens of millions", 16, &r), 1);
  assert_int_equal(r.len, 16);
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_num_numerals),
    cmocka_unit_test(test_num_scaled_numerals),
    cmocka_unit_test(test_num_ordinal_numerals),
    cmocka_unit_test(test_num_words),
    cmocka_unit_test(test_num_ordinal_words),
    cmocka_unit_test(test_num_vague),
    cmocka_unit_test(test_num_fractions),
    cmocka_unit_test(test_num_rejects),
    cmocka_unit_test(test_num_overflow),
    cmocka_unit_test(test_num_word_and_scale),
    cmocka_unit_test(test_num_all_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
