/*
** tests/test_lex.c
** Lexicons: the matches of a gazetteer with the same options and phrases
** (token boundaries, case and accent options, ASCII and Unicode folding,
** longest and all modes, paragraph ends, invalid tokens, duplicates), with
** exact token indices and entry ids, and the same matches as lore_gaz on
** texts built to exercise the folding paths.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_doc.h"
#include "lore_err.h"
#include "lore_gaz.h"
#include "lore_lex.h"

/* {====================================================================
** Helpers
** ===================================================================== */

#define MAXM 256

typedef struct coll {
  lore_gaz_match m[MAXM];
  size_t n;
  size_t stop;          /* stop after this many matches (0: never) */
} coll;

static int collect (void *ud, const lore_gaz_match *m) {
  coll *c = (coll *)ud;
  if (c->n < MAXM) c->m[c->n] = *m;
  c->n++;
  return c->stop != 0 && c->n >= c->stop;
}

/* Add s (copied into a buffer of exactly its length); returns its id. */
static uint32_t add (lore_lex *x, const char *s, int expect_new) {
  size_t n = strlen(s);
  char *buf = (char *)test_malloc(n == 0 ? 1 : n);
  uint32_t id = UINT32_MAX;
  int is_new = -1;
  memcpy(buf, s, n);
  assert_int_equal(lore_lex_add(x, buf, n, &id, &is_new), LORE_OK);
  test_free(buf);
  assert_int_equal(is_new, expect_new);
  return id;
}

static lore_doc *mkdoc (const char *text) {
  lore_doc *d = NULL;
  assert_int_equal(lore_doc_new(text, strlen(text), 0, &d), LORE_OK);
  return d;
}

/* Scan all of d; returns the matches in c. */
static void scan (const lore_lex *x, lore_doc *d, int mode, coll *c) {
  long n;
  memset(c, 0, sizeof *c);
  n = lore_lex_scan(x, d, 0, SIZE_MAX, mode, collect, c);
  assert_true(n >= 0);
  assert_int_equal((size_t)n, c->n);
}

static void expect (const coll *c, size_t k, uint32_t t0, uint32_t t1,
                    uint32_t entry) {
  assert_true(k < c->n);
  assert_int_equal(c->m[k].tok_start, t0);
  assert_int_equal(c->m[k].tok_end, t1);
  assert_int_equal(c->m[k].entry, entry);
}

/* }==================================================================== */

static void test_lex_words_and_ids (void **state) {
  lore_lex *x = lore_lex_new(0);
  lore_doc *d = mkdoc("Xi Jinping met Putin. Xi left.");
  coll c;
  (void)state;
  assert_int_equal(add(x, "Xi Jinping", 1), 0);
  assert_int_equal(add(x, "Putin", 1), 1);
  assert_int_equal(add(x, "Xi", 1), 2);
  assert_int_equal(add(x, "Putin", 0), 1);             /* existing entry */
  assert_int_equal(lore_lex_size(x), 3);
  assert_true(lore_lex_memory(x) > 0);
  scan(x, d, LORE_GAZ_LONGEST, &c);
  /* Xi Jinping | met | Putin | . | Xi | left | . */
  assert_int_equal(c.n, 3);
  expect(&c, 0, 0, 2, 0);
  expect(&c, 1, 3, 4, 1);
  expect(&c, 2, 5, 6, 2);
  scan(x, d, LORE_GAZ_ALL, &c);
  assert_int_equal(c.n, 4);                           /* Xi Jinping and Xi */
  expect(&c, 0, 0, 2, 0);
  expect(&c, 1, 0, 1, 2);
  lore_doc_free(d);
  lore_lex_free(x);
}

static void test_lex_case_and_accents (void **state) {
  lore_lex *cs = lore_lex_new(0), *ci = lore_lex_new(LORE_GAZ_CASE);
  lore_lex *ai = lore_lex_new(LORE_GAZ_ACCENTS);
  lore_doc *d = mkdoc("SAID said Said Zürich ZURICH Zurich");
  coll c;
  (void)state;
  add(cs, "said", 1);
  add(ci, "said", 1);
  add(ci, "zürich", 1);
  add(ai, "Zurich", 1);
  scan(cs, d, LORE_GAZ_LONGEST, &c);
  assert_int_equal(c.n, 1);
  expect(&c, 0, 1, 2, 0);
  scan(ci, d, LORE_GAZ_LONGEST, &c);
  assert_int_equal(c.n, 4);
  expect(&c, 2, 2, 3, 0);
  expect(&c, 3, 3, 4, 1);                             /* Zürich only */
  scan(ai, d, LORE_GAZ_LONGEST, &c);
  assert_int_equal(c.n, 2);
  expect(&c, 0, 3, 4, 0);                             /* Zürich */
  expect(&c, 1, 5, 6, 0);                             /* Zurich */
  lore_doc_free(d);
  lore_lex_free(cs);
  lore_lex_free(ci);
  lore_lex_free(ai);
}

/* Folding beyond ASCII: long s and a ligature fold to ASCII letters,
** typographic and grave apostrophes to ' ("Russia`s" is three tokens: the
** grave accent alone matches "'"), long ASCII tokens take the slow path. */
static void test_lex_folding_paths (void **state) {
  lore_lex *x = lore_lex_new(LORE_GAZ_CASE);
  lore_doc *d = mkdoc("ſaid; eﬀort; Russia’s; Russia`s; "
                      "Antidisestablishmentarianism now");
  coll c;
  (void)state;
  add(x, "said", 1);
  add(x, "effort", 1);
  add(x, "russia's", 1);
  add(x, "antidisestablishmentarianism now", 1);
  add(x, "'", 1);
  scan(x, d, LORE_GAZ_LONGEST, &c);
  assert_int_equal(c.n, 5);
  expect(&c, 0, 0, 1, 0);                             /* ſaid */
  expect(&c, 1, 2, 3, 1);                             /* eﬀort */
  expect(&c, 2, 4, 6, 2);                             /* Russia ’s */
  expect(&c, 3, 8, 9, 4);                             /* ` */
  expect(&c, 4, 11, 13, 3);
  lore_doc_free(d);
  lore_lex_free(x);
}

static void test_lex_paragraphs_and_stop (void **state) {
  lore_lex *x = lore_lex_new(0);
  lore_doc *d = mkdoc("New\n\nYork and New York");
  coll c;
  long n;
  (void)state;
  add(x, "New York", 1);
  add(x, "York", 1);
  scan(x, d, LORE_GAZ_LONGEST, &c);
  assert_int_equal(c.n, 2);
  expect(&c, 0, 1, 2, 1);                             /* York, not New\n\nYork */
  expect(&c, 1, 3, 5, 0);
  memset(&c, 0, sizeof c);
  c.stop = 1;
  n = lore_lex_scan(x, d, 0, SIZE_MAX, LORE_GAZ_LONGEST, collect, &c);
  assert_int_equal(n, 1);
  memset(&c, 0, sizeof c);
  n = lore_lex_scan(x, d, 3, 4, LORE_GAZ_LONGEST, collect, &c);
  assert_int_equal(n, 0);                             /* New York ends after 4 */
  lore_doc_free(d);
  lore_lex_free(x);
}

static void test_lex_errors_and_invalid (void **state) {
  lore_lex *x = lore_lex_new(0);
  char big[64 * 3 + 8];
  const char bad[] = "a\xff" "b";
  lore_doc *d;
  coll c;
  size_t i;
  (void)state;
  assert_int_equal(lore_lex_add(x, "", 0, NULL, NULL), LORE_EINVAL);
  assert_int_equal(lore_lex_add(x, "  ", 2, NULL, NULL), LORE_EINVAL);
  assert_int_equal(lore_lex_add(NULL, "a", 1, NULL, NULL), LORE_EINVAL);
  for (i = 0; i < 65; i++) memcpy(big + 2 * i, "a ", 2);
  assert_int_equal(lore_lex_add(x, big, 130, NULL, NULL), LORE_ELIMIT);
  /* an entry with an invalid token never matches */
  assert_int_equal(lore_lex_add(x, bad, sizeof bad - 1, NULL, NULL), LORE_OK);
  d = mkdoc("a\xff" "b");
  scan(x, d, LORE_GAZ_ALL, &c);
  assert_int_equal(c.n, 0);
  lore_doc_free(d);
  assert_int_equal(lore_lex_scan(x, NULL, 0, 1, 0, collect, &c), 0);
  lore_lex_free(x);
  lore_lex_free(NULL);
}

/* The same matches as a gazetteer, for every option set and both modes. */
static void test_lex_same_as_gazetteer (void **state) {
  static const char *const phrases[] = {
    "said", "Said", "told", "according to", "Xi", "Xi Jinping", "Zürich",
    "Zurich", "António Guterres", "U.S.", "New York", "York", "Russia's",
    "straße", "strasse", "co-op", "in the words of", "ſaid", "Ünited",
    "Antidisestablishmentarianism", "the", "of", "Bank of China", NULL};
  static const char *const texts[] = {
    "Xi Jinping said, according to Xinhua, that the U.S. and New York...",
    "SAID Said said ſaid; ZÜRICH Zürich Zurich zurich; ANTÓNIO GUTERRES "
    "António Guterres Antonio Guterres.",
    "Russia's Russia’s RUSSIA`S; STRASSE Straße straße; co-op CO-OP co - op",
    "In the words of the Bank of China: \"in THE words OF\"\n\nNew\nYork",
    "ANTIDISESTABLISHMENTARIANISM antidisestablishmentarianism Ünited "
    "ünited UNITED",
    NULL};
  unsigned opts;
  (void)state;
  for (opts = 0; opts < 4; opts++) {
    lore_gaz *g = lore_gaz_new(opts);
    lore_lex *x = lore_lex_new(opts);
    size_t i;
    for (i = 0; phrases[i]; i++) {
      uint32_t a, b;
      assert_int_equal(lore_gaz_add(g, phrases[i], strlen(phrases[i]), &a, NULL),
                       LORE_OK);
      assert_int_equal(lore_lex_add(x, phrases[i], strlen(phrases[i]), &b, NULL),
                       LORE_OK);
      assert_int_equal(a, b);
    }
    for (i = 0; texts[i]; i++) {
      lore_doc *d = mkdoc(texts[i]);
      int mode;
      for (mode = LORE_GAZ_LONGEST; mode <= LORE_GAZ_ALL; mode++) {
        coll cg, cx;
        size_t k;
        memset(&cg, 0, sizeof cg);
        assert_true(lore_gaz_scan(g, d, 0, SIZE_MAX, mode, collect, &cg) >= 0);
        scan(x, d, mode, &cx);
        assert_int_equal(cg.n, cx.n);
        for (k = 0; k < cg.n && k < MAXM; k++) {
          assert_int_equal(cg.m[k].tok_start, cx.m[k].tok_start);
          assert_int_equal(cg.m[k].tok_end, cx.m[k].tok_end);
          assert_int_equal(cg.m[k].entry, cx.m[k].entry);
        }
      }
      lore_doc_free(d);
    }
    lore_gaz_free(g);
    lore_lex_free(x);
  }
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lex_words_and_ids),
    cmocka_unit_test(test_lex_case_and_accents),
    cmocka_unit_test(test_lex_folding_paths),
    cmocka_unit_test(test_lex_paragraphs_and_stop),
    cmocka_unit_test(test_lex_errors_and_invalid),
    cmocka_unit_test(test_lex_same_as_gazetteer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
