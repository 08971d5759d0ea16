/*
** tests/test_gaz.c
** Gazetteers: entries tokenized like documents, options, modes, paragraph
** boundaries, match_at, file loading and errors, with exact token indices
** and entry ids.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_buf.h"
#include "lore_doc.h"
#include "lore_err.h"
#include "lore_gaz.h"

/* {====================================================================
** Helpers
** ===================================================================== */

#define MAXM 128
#define MAX_TOKENS_T 64     /* longest entry (lore_gaz.c) */

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

/* Add s (copied into a buffer of exactly its length) and return its id;
** expect_new: 1 new, 0 existing. */
static uint32_t add (lore_gaz *g, const char *s, int expect_new) {
  size_t n = strlen(s);
  char *buf = (char *)test_malloc(n == 0 ? 1 : n);
  uint32_t id = UINT32_MAX;
  int is_new = -1;
  memcpy(buf, s, n);
  assert_int_equal(lore_gaz_add(g, buf, n, &id, &is_new), LORE_OK);
  test_free(buf);
  assert_int_equal(is_new, expect_new);
  return id;
}

static int add_rc (lore_gaz *g, const char *s, size_t n) {
  char *buf = (char *)test_malloc(n == 0 ? 1 : n);
  int rc;
  memcpy(buf, s, n);
  rc = lore_gaz_add(g, buf, n, NULL, NULL);
  test_free(buf);
  return rc;
}

static lore_doc *mkdoc_n (const char *s, size_t n, unsigned flags) {
  char *buf = (char *)test_malloc(n == 0 ? 1 : n);
  lore_doc *d = NULL;
  memcpy(buf, s, n);
  assert_int_equal(lore_doc_new(buf, n, flags, &d), LORE_OK);
  test_free(buf);
  assert_non_null(d);
  return d;
}

static lore_doc *mkdoc (const char *s) {
  return mkdoc_n(s, strlen(s), 0);
}

/* Scan all of d and compare with exp: triples (tok_start, tok_end, id). */
static void expect_scan (const lore_gaz *g, lore_doc *d, int mode,
                         const uint32_t *exp, size_t nexp) {
  coll c;
  size_t i;
  long r;
  memset(&c, 0, sizeof(c));
  r = lore_gaz_scan(g, d, 0, SIZE_MAX, mode, collect, &c);
  for (i = 0; i < c.n && i < MAXM; i++)     /* show what we got on failure */
    if (c.n != nexp || c.m[i].tok_start != exp[3 * i] ||
        c.m[i].tok_end != exp[3 * i + 1] || c.m[i].entry != exp[3 * i + 2])
      break;
  if (i < c.n)
    for (i = 0; i < c.n && i < MAXM; i++)
      print_message("  match %zu: [%u,%u) entry %u\n", i, c.m[i].tok_start,
                    c.m[i].tok_end, c.m[i].entry);
  assert_int_equal(r, (long)nexp);
  assert_int_equal(c.n, nexp);
  for (i = 0; i < nexp; i++) {
    assert_int_equal(c.m[i].tok_start, exp[3 * i]);
    assert_int_equal(c.m[i].tok_end, exp[3 * i + 1]);
    assert_int_equal(c.m[i].entry, exp[3 * i + 2]);
  }
}

#define EXPECT(g, d, mode, ...) do { \
    static const uint32_t exp_[] = { __VA_ARGS__ }; \
    expect_scan((g), (d), (mode), exp_, sizeof(exp_) / sizeof(exp_[0]) / 3); \
  } while (0)

static void expect_none (const lore_gaz *g, lore_doc *d, int mode) {
  expect_scan(g, d, mode, NULL, 0);
}

static void write_file (const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
}

static void tmp_path (char *buf, size_t n, const char *tag) {
  snprintf(buf, n, "/tmp/test_gaz_%ld_%s.tsv", (long)getpid(), tag);
}

/* }==================================================================== */

static void test_gaz_single_word (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_non_null(g);
  assert_int_equal(add(g, "Putin", 1), 0);
  assert_int_equal(add(g, "Beijing", 1), 1);
  assert_int_equal(add(g, "G20", 1), 2);
  /* Putin0 arrived1 in2 Beijing3 for4 the5 G206 .7 */
  d = mkdoc("Putin arrived in Beijing for the G20.");
  EXPECT(g, d, LORE_GAZ_LONGEST, 0, 1, 0, 3, 4, 1, 6, 7, 2);
  EXPECT(g, d, LORE_GAZ_ALL, 0, 1, 0, 3, 4, 1, 6, 7, 2);
  lore_doc_free(d);
  /* Putins0 Beijinger1 G2002 : no partial tokens */
  d = mkdoc("Putins Beijinger G200");
  expect_none(g, d, LORE_GAZ_LONGEST);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_longest_vs_all (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(g, "New York", 1), 0);
  assert_int_equal(add(g, "New York City", 1), 1);
  assert_int_equal(add(g, "York", 1), 2);
  assert_int_equal(add(g, "City Hall", 1), 3);
  assert_int_equal(lore_gaz_max_tokens(g), 3);
  /* She0 left1 New2 York3 City4 Hall5 today6 ,7 York8 said9 .10 */
  d = mkdoc("She left New York City Hall today, York said.");
  EXPECT(g, d, LORE_GAZ_LONGEST, 2, 5, 1, 8, 9, 2);
  EXPECT(g, d, LORE_GAZ_ALL,
         2, 5, 1,  2, 4, 0,  3, 4, 2,  4, 6, 3,  8, 9, 2);
  lore_doc_free(d);
  /* "New York" then "City Hall" when "New York City" is not complete:
  ** New0 York1 Cit2 ... */
  d = mkdoc("New York Cit Hall");
  EXPECT(g, d, LORE_GAZ_LONGEST, 0, 2, 0);
  lore_doc_free(d);
  /* A prefix that is not an entry: New0 Delhi1 */
  d = mkdoc("New Delhi");
  expect_none(g, d, LORE_GAZ_ALL);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_case_option (void **state) {
  lore_gaz *cs = lore_gaz_new(0), *ci = lore_gaz_new(LORE_GAZ_CASE);
  lore_doc *d;
  (void)state;
  assert_int_equal(lore_gaz_opts(cs), 0);
  assert_int_equal(lore_gaz_opts(ci), LORE_GAZ_CASE);
  assert_int_equal(add(cs, "Putin", 1), 0);
  assert_int_equal(add(ci, "Putin", 1), 0);
  assert_int_equal(add(ci, "PUTIN", 0), 0);       /* same after folding */
  assert_int_equal(add(cs, "PUTIN", 1), 1);
  /* PUTIN0 and1 putin2 and3 Putin4 */
  d = mkdoc("PUTIN and putin and Putin");
  EXPECT(cs, d, LORE_GAZ_LONGEST, 0, 1, 1, 4, 5, 0);
  EXPECT(ci, d, LORE_GAZ_LONGEST, 0, 1, 0, 2, 3, 0, 4, 5, 0);
  lore_doc_free(d);
  lore_gaz_free(cs);
  lore_gaz_free(ci);
}

static void test_gaz_accent_option (void **state) {
  lore_gaz *a = lore_gaz_new(LORE_GAZ_ACCENTS);
  lore_gaz *c = lore_gaz_new(LORE_GAZ_CASE);
  lore_gaz *ca = lore_gaz_new(LORE_GAZ_CASE | LORE_GAZ_ACCENTS);
  lore_gaz *none = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(a, "Ant\xC3\xB3nio Guterres", 1), 0);
  assert_int_equal(add(a, "Antonio Guterres", 0), 0);
  assert_int_equal(add(none, "Ant\xC3\xB3nio Guterres", 1), 0);
  /* Antonio0 Guterres1 met2 António3 Guterres4 and5 ANTONIO6 GUTERRES7 */
  d = mkdoc("Antonio Guterres met Ant\xC3\xB3nio Guterres and "
            "ANTONIO GUTERRES");
  EXPECT(a, d, LORE_GAZ_LONGEST, 0, 2, 0, 3, 5, 0);
  EXPECT(none, d, LORE_GAZ_LONGEST, 3, 5, 0);
  lore_doc_free(d);

  assert_int_equal(add(c, "Z\xC3\xBCrich", 1), 0);
  assert_int_equal(add(ca, "Z\xC3\xBCrich", 1), 0);
  assert_int_equal(add(ca, "zurich", 0), 0);
  /* ZÜRICH0 ,1 Zurich2 and3 zürich4 */
  d = mkdoc("Z\xC3\x9CRICH, Zurich and z\xC3\xBCrich");
  EXPECT(c, d, LORE_GAZ_LONGEST, 0, 1, 0, 4, 5, 0);
  EXPECT(ca, d, LORE_GAZ_LONGEST, 0, 1, 0, 2, 3, 0, 4, 5, 0);
  lore_doc_free(d);
  lore_gaz_free(a);
  lore_gaz_free(c);
  lore_gaz_free(ca);
  lore_gaz_free(none);
}

static void test_gaz_apostrophes (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(g, "People's Palace", 1), 0);
  assert_int_equal(add(g, "People\xE2\x80\x99s Palace", 0), 0);
  assert_int_equal(lore_gaz_max_tokens(g), 3);
  /* the0 People1 ’s2 Palace3 and4 the5 People6 's7 Palace8 */
  d = mkdoc("the People\xE2\x80\x99s Palace and the People's Palace");
  EXPECT(g, d, LORE_GAZ_LONGEST, 1, 4, 0, 6, 9, 0);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_token_boundaries (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(g, "Russia", 1), 0);
  assert_int_equal(add(g, "Iran", 1), 1);
  /* Russian0 and1 Iranian2 officials3 met4 in5 Russia6 's7 capital8 and9
  ** Iran10 .11 */
  d = mkdoc("Russian and Iranian officials met in Russia's capital and "
            "Iran.");
  EXPECT(g, d, LORE_GAZ_LONGEST, 6, 7, 0, 10, 11, 1);
  EXPECT(g, d, LORE_GAZ_ALL, 6, 7, 0, 10, 11, 1);
  assert_int_equal(add(g, "Russia's", 1), 2);
  EXPECT(g, d, LORE_GAZ_LONGEST, 6, 8, 2, 10, 11, 1);
  EXPECT(g, d, LORE_GAZ_ALL, 6, 8, 2, 6, 7, 0, 10, 11, 1);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_hyphen_compounds (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(g, "Israel", 1), 0);
  assert_int_equal(add(g, "Gaza", 1), 1);
  /* The0 Israel1 -2 Gaza3 conflict4 */
  d = mkdoc("The Israel-Gaza conflict");
  EXPECT(g, d, LORE_GAZ_LONGEST, 1, 2, 0, 3, 4, 1);
  assert_int_equal(add(g, "Israel-Gaza", 1), 2);
  assert_int_equal(lore_gaz_max_tokens(g), 3);
  EXPECT(g, d, LORE_GAZ_LONGEST, 1, 4, 2);
  EXPECT(g, d, LORE_GAZ_ALL, 1, 4, 2, 1, 2, 0, 3, 4, 1);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_abbreviations (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  (void)state;
  assert_int_equal(add(g, "U.S. Army", 1), 0);
  assert_int_equal(add(g, "Xi Jinping", 1), 1);
  assert_int_equal(lore_gaz_max_tokens(g), 2);
  /* The0 U.S.1 Army2 said3 Xi4 Jinping5 .6 */
  d = mkdoc("The U.S. Army said Xi Jinping.");
  EXPECT(g, d, LORE_GAZ_LONGEST, 1, 3, 0, 4, 6, 1);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_duplicates (void **state) {
  lore_gaz *g = lore_gaz_new(LORE_GAZ_CASE);
  const char *p;
  size_t len;
  (void)state;
  assert_int_equal(add(g, "Xi Jinping", 1), 0);
  assert_int_equal(add(g, "Xi  Jinping", 0), 0);
  assert_int_equal(add(g, "xi jinping", 0), 0);
  assert_int_equal(add(g, " Xi\tJinping\n", 0), 0);
  assert_int_equal(add(g, "Xi", 1), 1);
  assert_int_equal(add(g, "Xi Jinping", 0), 0);
  assert_int_equal(add(g, "XI", 0), 1);
  assert_int_equal(lore_gaz_size(g), 2);
  /* the phrase stays as first added */
  p = lore_gaz_phrase(g, 0, &len);
  assert_int_equal(len, 10);
  assert_memory_equal(p, "Xi Jinping", 10);
  p = lore_gaz_phrase(g, 1, &len);
  assert_int_equal(len, 2);
  assert_memory_equal(p, "Xi", 2);
  lore_gaz_free(g);
}

static void test_gaz_paragraphs (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  const lore_token *t;
  lore_gaz_match out[4];
  size_t n;
  (void)state;
  assert_int_equal(add(g, "Middle East", 1), 0);
  assert_int_equal(add(g, "East", 1), 1);
  /* Summit0 in1 the2 Middle3 | East4 ends5 | Talks6 in7 the8 Middle9
  ** East10 continue11 */
  static const char text[] = "Summit in the Middle\nEast ends\n\n"
                             "Talks in the Middle East continue";
  d = mkdoc_n(text, sizeof(text) - 1, LORE_DOC_PARA_LINE);
  t = lore_doc_tokens(d, &n);
  assert_int_equal(n, 12);
  assert_true(t[3].flags & LORE_TF_PARA_END);
  assert_true(t[5].flags & LORE_TF_PARA_END);
  assert_false(t[9].flags & LORE_TF_PARA_END);
  EXPECT(g, d, LORE_GAZ_LONGEST, 4, 5, 1, 9, 11, 0);
  EXPECT(g, d, LORE_GAZ_ALL, 4, 5, 1, 9, 11, 0, 10, 11, 1);
  assert_int_equal(lore_gaz_match_at(g, d, 3, 12, out, 4), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 9, 12, out, 4), 1);
  assert_int_equal(out[0].tok_start, 9);
  assert_int_equal(out[0].tok_end, 11);
  assert_int_equal(out[0].entry, 0);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_match_at (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  lore_gaz_match out[8];
  (void)state;
  assert_int_equal(add(g, "New", 1), 0);
  assert_int_equal(add(g, "New York", 1), 1);
  assert_int_equal(add(g, "New York City", 1), 2);
  assert_int_equal(add(g, "York City", 1), 3);
  /* I0 love1 New2 York3 City4 .5 */
  d = mkdoc("I love New York City.");
  assert_int_equal(lore_gaz_match_at(g, d, 2, 100, out, 8), 3);
  assert_int_equal(out[0].tok_start, 2);
  assert_int_equal(out[0].tok_end, 5);
  assert_int_equal(out[0].entry, 2);
  assert_int_equal(out[1].tok_start, 2);
  assert_int_equal(out[1].tok_end, 4);
  assert_int_equal(out[1].entry, 1);
  assert_int_equal(out[2].tok_start, 2);
  assert_int_equal(out[2].tok_end, 3);
  assert_int_equal(out[2].entry, 0);
  /* fewer slots than matches: the longest ones, and the full count */
  memset(out, 0xAB, sizeof(out));
  assert_int_equal(lore_gaz_match_at(g, d, 2, 6, out, 1), 3);
  assert_int_equal(out[0].tok_end, 5);
  assert_int_equal(out[0].entry, 2);
  assert_int_equal(out[1].tok_start, 0xABABABABu);
  assert_int_equal(lore_gaz_match_at(g, d, 2, 6, NULL, 0), 3);
  /* limit: end at or before token 4 */
  assert_int_equal(lore_gaz_match_at(g, d, 2, 4, out, 8), 2);
  assert_int_equal(out[0].tok_end, 4);
  assert_int_equal(out[0].entry, 1);
  assert_int_equal(out[1].tok_end, 3);
  assert_int_equal(out[1].entry, 0);
  assert_int_equal(lore_gaz_match_at(g, d, 2, 2, out, 8), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 3, 100, out, 8), 1);
  assert_int_equal(out[0].tok_start, 3);
  assert_int_equal(out[0].tok_end, 5);
  assert_int_equal(out[0].entry, 3);
  assert_int_equal(lore_gaz_match_at(g, d, 0, 100, out, 8), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 4, 100, out, 8), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 6, 100, out, 8), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 1000, 2000, out, 8), 0);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_scan_range_and_stop (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  coll c;
  (void)state;
  assert_int_equal(add(g, "New", 1), 0);
  assert_int_equal(add(g, "New York", 1), 1);
  assert_int_equal(add(g, "New York City", 1), 2);
  assert_int_equal(add(g, "York City", 1), 3);
  /* I0 love1 New2 York3 City4 .5 */
  d = mkdoc("I love New York City.");
  memset(&c, 0, sizeof(c));
  assert_int_equal(lore_gaz_scan(g, d, 3, 5, LORE_GAZ_LONGEST, collect, &c),
                   1);
  assert_int_equal(c.m[0].tok_start, 3);
  assert_int_equal(c.m[0].tok_end, 5);
  assert_int_equal(c.m[0].entry, 3);
  memset(&c, 0, sizeof(c));
  assert_int_equal(lore_gaz_scan(g, d, 0, 4, LORE_GAZ_LONGEST, collect, &c),
                   1);
  assert_int_equal(c.m[0].tok_end, 4);
  assert_int_equal(c.m[0].entry, 1);
  memset(&c, 0, sizeof(c));
  assert_int_equal(lore_gaz_scan(g, d, 0, 4, LORE_GAZ_ALL, collect, &c), 2);
  assert_int_equal(c.m[0].entry, 1);
  assert_int_equal(c.m[1].entry, 0);
  /* stop after the second match */
  memset(&c, 0, sizeof(c));
  c.stop = 2;
  assert_int_equal(lore_gaz_scan(g, d, 0, 100, LORE_GAZ_ALL, collect, &c), 2);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.m[1].tok_end, 4);
  /* a NULL callback only counts */
  assert_int_equal(lore_gaz_scan(g, d, 0, 100, LORE_GAZ_ALL, NULL, NULL), 4);
  assert_int_equal(lore_gaz_scan(g, d, 5, 3, LORE_GAZ_ALL, NULL, NULL), 0);
  assert_int_equal(lore_gaz_scan(g, d, 6, 100, LORE_GAZ_ALL, NULL, NULL), 0);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_long_entries (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  char text[2 * 70 + 1];
  size_t i;
  lore_gaz_match out[2];
  (void)state;
  for (i = 0; i < 70; i++) { text[2 * i] = 'a'; text[2 * i + 1] = ' '; }
  text[2 * 70 - 1] = '\0';                      /* "a a ... a", 70 tokens */
  assert_int_equal(add_rc(g, text, 2 * 65 - 1), LORE_ELIMIT);
  assert_int_equal(lore_gaz_size(g), 0);
  assert_int_equal(add_rc(g, text, 2 * 64 - 1), LORE_OK);
  assert_int_equal(lore_gaz_max_tokens(g), 64);
  d = mkdoc_n(text, 2 * 70 - 1, 0);
  EXPECT(g, d, LORE_GAZ_LONGEST, 0, 64, 0);
  EXPECT(g, d, LORE_GAZ_ALL, 0, 64, 0, 1, 65, 0, 2, 66, 0, 3, 67, 0,
         4, 68, 0, 5, 69, 0, 6, 70, 0);
  assert_int_equal(lore_gaz_match_at(g, d, 6, 70, out, 2), 1);
  assert_int_equal(out[0].tok_end, 70);
  assert_int_equal(lore_gaz_match_at(g, d, 7, 70, out, 2), 0);
  assert_int_equal(add(g, "a", 1), 1);
  assert_int_equal(lore_gaz_scan(g, d, 0, 70, LORE_GAZ_ALL, NULL, NULL),
                   7 + 70);
  assert_int_equal(lore_gaz_scan(g, d, 0, 70, LORE_GAZ_LONGEST, NULL, NULL),
                   1 + 6);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_add_errors (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  uint32_t id = 7;
  int is_new = 7;
  (void)state;
  assert_int_equal(add_rc(g, "", 0), LORE_EINVAL);
  assert_int_equal(add_rc(g, "  \n\t ", 5), LORE_EINVAL);
  assert_int_equal(lore_gaz_add(g, NULL, 0, &id, &is_new), LORE_EINVAL);
  assert_int_equal(lore_gaz_add(g, NULL, 3, &id, &is_new), LORE_EINVAL);
  assert_int_equal(lore_gaz_add(NULL, "a", 1, &id, &is_new), LORE_EINVAL);
  assert_int_equal(id, 7);
  assert_int_equal(is_new, 7);
  assert_int_equal(lore_gaz_size(g), 0);
  assert_int_equal(lore_gaz_max_tokens(g), 0);
  /* id and is_new may be NULL */
  assert_int_equal(lore_gaz_add(g, "Kyiv", 4, NULL, NULL), LORE_OK);
  assert_int_equal(lore_gaz_add(g, "Kyiv", 4, &id, NULL), LORE_OK);
  assert_int_equal(id, 0);
  assert_int_equal(lore_gaz_add(g, "Kyiv", 4, NULL, &is_new), LORE_OK);
  assert_int_equal(is_new, 0);
  assert_int_equal(lore_gaz_size(g), 1);
  lore_gaz_free(g);
  lore_gaz_free(NULL);
}

static void test_gaz_invalid_utf8 (void **state) {
  lore_gaz *g = lore_gaz_new(LORE_GAZ_CASE);
  lore_doc *d;
  const char *p;
  size_t len;
  (void)state;
  assert_int_equal(add(g, "Caf\xE9 Bar", 1), 0);  /* Latin-1 é */
  assert_int_equal(add(g, "Caf\xE8 Bar", 1), 1);  /* another invalid byte */
  assert_int_equal(add(g, "Caf\xE9 Bar", 0), 0);
  assert_int_equal(add(g, "\xFF\xFE", 1), 2);
  assert_int_equal(add(g, "Bar", 1), 3);
  p = lore_gaz_phrase(g, 0, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(p, "Caf\xE9 Bar", 8);
  /* the invalid tokens never match, valid or invalid text alike */
  d = mkdoc("Caf\xE9 Bar");
  EXPECT(g, d, LORE_GAZ_ALL, 2, 3, 3);
  lore_doc_free(d);
  d = mkdoc("Caf\xEF\xBF\xBD Bar \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT(g, d, LORE_GAZ_ALL, 2, 3, 3);
  lore_doc_free(d);
  d = mkdoc("\xFF\xFE Bar");
  EXPECT(g, d, LORE_GAZ_ALL, 1, 2, 3);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_payloads (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  const char *p;
  size_t len = 99;
  (void)state;
  assert_int_equal(add(g, "Vladimir Putin", 1), 0);
  assert_int_equal(add(g, "Putin", 1), 1);
  assert_null(lore_gaz_payload(g, 0, &len));
  assert_int_equal(len, 0);
  assert_int_equal(lore_gaz_set_payload(g, 0, "PERSON", 6), LORE_OK);
  assert_int_equal(add(g, "Kremlin", 1), 2);       /* after the first set */
  assert_null(lore_gaz_payload(g, 2, &len));
  assert_int_equal(len, 0);
  assert_null(lore_gaz_payload(g, 1, &len));
  p = lore_gaz_payload(g, 0, &len);
  assert_int_equal(len, 6);
  assert_string_equal(p, "PERSON");
  /* replace; equal payloads on several entries */
  assert_int_equal(lore_gaz_set_payload(g, 0, "PERSON\tVladimir Putin", 21),
                   LORE_OK);
  assert_int_equal(lore_gaz_set_payload(g, 1, "PERSON\tVladimir Putin", 21),
                   LORE_OK);
  assert_int_equal(lore_gaz_set_payload(g, 2, "ORG", 3), LORE_OK);
  p = lore_gaz_payload(g, 0, &len);
  assert_int_equal(len, 21);
  assert_memory_equal(p, "PERSON\tVladimir Putin", 21);
  p = lore_gaz_payload(g, 1, &len);
  assert_int_equal(len, 21);
  assert_memory_equal(p, "PERSON\tVladimir Putin", 21);
  p = lore_gaz_payload(g, 2, NULL);
  assert_string_equal(p, "ORG");
  /* an empty payload is a payload */
  assert_int_equal(lore_gaz_set_payload(g, 2, "", 0), LORE_OK);
  p = lore_gaz_payload(g, 2, &len);
  assert_non_null(p);
  assert_int_equal(len, 0);
  /* bad ids */
  assert_int_equal(lore_gaz_set_payload(g, 3, "X", 1), LORE_ERANGE);
  assert_int_equal(lore_gaz_set_payload(g, UINT32_MAX, "X", 1), LORE_ERANGE);
  assert_null(lore_gaz_payload(g, 3, &len));
  assert_int_equal(len, 0);
  assert_null(lore_gaz_phrase(g, 3, &len));
  assert_int_equal(len, 0);
  p = lore_gaz_phrase(g, 2, &len);
  assert_int_equal(len, 7);
  assert_string_equal(p, "Kremlin");
  lore_gaz_free(g);
}

static void test_gaz_self_reference (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  char phrase[40 * 4];
  const char *p;
  size_t len, n = 0, k, at[41];
  uint32_t id;
  int is_new;
  (void)state;
  for (k = 0; k < 40; k++) {                  /* "zb zc zd ..." 40 words */
    at[k] = n;
    phrase[n++] = 'z';
    phrase[n++] = (char)('b' + k % 20);
    phrase[n++] = (char)('b' + k / 20);
    phrase[n++] = ' ';
  }
  at[40] = n;
  assert_int_equal(add_rc(g, phrase, n - 1), LORE_OK);
  assert_int_equal(lore_gaz_set_payload(g, 0, phrase, n - 1), LORE_OK);
  /* prefixes of the stored phrase and payload, passed as our own pointers
  ** while the arenas grow (ASan / cmocka catch a read after the move) */
  for (k = 1; k < 40; k++) {
    p = lore_gaz_phrase(g, 0, &len);
    assert_int_equal(lore_gaz_add(g, p, at[k] - 1, &id, &is_new), LORE_OK);
    assert_int_equal(id, k);
    assert_int_equal(is_new, 1);
    p = lore_gaz_payload(g, 0, &len);
    assert_int_equal(lore_gaz_set_payload(g, id, p, at[k] - 1), LORE_OK);
  }
  for (k = 1; k < 40; k++) {
    p = lore_gaz_phrase(g, (uint32_t)k, &len);
    assert_int_equal(len, at[k] - 1);
    assert_memory_equal(p, phrase, len);
    p = lore_gaz_payload(g, (uint32_t)k, &len);
    assert_int_equal(len, at[k] - 1);
    assert_memory_equal(p, phrase, len);
  }
  p = lore_gaz_phrase(g, 5, &len);              /* a duplicate: same id */
  assert_int_equal(lore_gaz_add(g, p, len, &id, &is_new), LORE_OK);
  assert_int_equal(id, 5);
  assert_int_equal(is_new, 0);
  lore_gaz_free(g);
}

static void test_gaz_load (void **state) {
  static const char data[] =
    "\xEF\xBB\xBF# people\r\n"
    "Vladimir Putin\tPERSON\tVladimir Putin\r\n"
    "\r\n"
    "Xi Jinping\tPERSON\tXi Jinping\r\n"
    "# places\n"
    "Beijing\tPLACE\n"
    "   \n"
    " NATO \n"
    "Putin\tPERSON\tVladimir Putin\n"
    "beijing\tCITY\n"
    "Kremlin\t\n"
    "Moscow";
  char path[128];
  lore_gaz *g = lore_gaz_new(LORE_GAZ_CASE);
  lore_error err;
  lore_doc *d;
  const char *p;
  size_t len;
  (void)state;
  tmp_path(path, sizeof(path), "load");
  write_file(path, data, sizeof(data) - 1);
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_OK);
  unlink(path);
  assert_int_equal(lore_gaz_size(g), 7);
  p = lore_gaz_phrase(g, 0, &len);
  assert_int_equal(len, 14);
  assert_memory_equal(p, "Vladimir Putin", 14);
  p = lore_gaz_payload(g, 0, &len);
  assert_int_equal(len, 21);
  assert_memory_equal(p, "PERSON\tVladimir Putin", 21);
  p = lore_gaz_payload(g, 1, &len);
  assert_int_equal(len, 17);
  assert_memory_equal(p, "PERSON\tXi Jinping", 17);
  p = lore_gaz_phrase(g, 2, &len);
  assert_string_equal(p, "Beijing");
  p = lore_gaz_payload(g, 2, &len);            /* replaced by "beijing" */
  assert_int_equal(len, 4);
  assert_memory_equal(p, "CITY", 4);
  p = lore_gaz_phrase(g, 3, &len);             /* spaces trimmed */
  assert_int_equal(len, 4);
  assert_memory_equal(p, "NATO", 4);
  assert_null(lore_gaz_payload(g, 3, &len));
  p = lore_gaz_payload(g, 4, &len);
  assert_int_equal(len, 21);
  assert_memory_equal(p, "PERSON\tVladimir Putin", 21);
  assert_null(lore_gaz_payload(g, 5, &len));   /* "Kremlin\t" */
  p = lore_gaz_phrase(g, 6, &len);             /* no final newline */
  assert_int_equal(len, 6);
  assert_memory_equal(p, "Moscow", 6);
  /* Putin0 met1 Xi2 Jinping3 in4 Beijing5 ,6 NATO7 said8 .9 */
  d = mkdoc("Putin met Xi Jinping in Beijing, NATO said.");
  EXPECT(g, d, LORE_GAZ_LONGEST, 0, 1, 4, 2, 4, 1, 5, 6, 2, 7, 8, 3);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_load_long_lines (void **state) {
  enum { PAY = 70000 };
  char path[128];
  char *data = (char *)test_malloc(PAY + 64);
  lore_gaz *g = lore_gaz_new(0);
  lore_error err;
  const char *p;
  size_t n = 0, len, i;
  (void)state;
  memcpy(data + n, "A\n", 2); n += 2;
  memcpy(data + n, "B\t", 2); n += 2;
  memset(data + n, 'x', PAY); n += PAY;
  memcpy(data + n, "\nC\n", 3); n += 3;
  tmp_path(path, sizeof(path), "long");
  write_file(path, data, n);
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_OK);
  assert_int_equal(lore_gaz_size(g), 3);
  p = lore_gaz_payload(g, 1, &len);
  assert_int_equal(len, PAY);
  for (i = 0; i < PAY; i++) if (p[i] != 'x') break;
  assert_int_equal(i, PAY);
  /* an invalid byte on line 3, after a line that spans read blocks */
  memcpy(data + n - 1, "\xFF\n", 2); n++;
  write_file(path, data, n);
  lore_gaz_free(g);
  g = lore_gaz_new(0);
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_EFORMAT);
  unlink(path);
  assert_int_equal(err.code, LORE_EFORMAT);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.offset, 2 + 2 + PAY + 1 + 1);
  assert_int_equal(lore_gaz_size(g), 2);
  lore_gaz_free(g);
  test_free(data);
}

static void test_gaz_load_errors (void **state) {
  static const char bad[] = "Putin\nXi\tPERSON\nCaf\xE9\nBeijing\n";
  static const char nophrase[] = "# x\nPutin\n\tPERSON\n";
  static const char nul[] = "Putin\nXi\0Jinping\n";
  char path[128];
  lore_gaz *g = lore_gaz_new(0);
  lore_error err;
  (void)state;
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, "/nonexistent/dir/gaz.tsv", &err),
                   LORE_EIO);
  assert_int_equal(err.code, LORE_EIO);
  assert_int_equal(err.sys, ENOENT);
  assert_non_null(strstr(err.msg, "/nonexistent/dir/gaz.tsv"));
  assert_int_equal(lore_gaz_load(g, "/nonexistent/dir/gaz.tsv", NULL),
                   LORE_EIO);
  /* a directory cannot be read */
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, "/tmp", &err), LORE_EIO);
  assert_int_equal(err.sys, EISDIR);

  tmp_path(path, sizeof(path), "bad");
  write_file(path, bad, sizeof(bad) - 1);
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_EFORMAT);
  assert_int_equal(err.code, LORE_EFORMAT);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.offset, 19);
  assert_string_equal(err.msg, "line 3: invalid UTF-8");
  assert_int_equal(lore_gaz_size(g), 2);      /* lines before it stay */
  assert_int_equal(lore_gaz_load(g, path, NULL), LORE_EFORMAT);

  write_file(path, nophrase, sizeof(nophrase) - 1);
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_EFORMAT);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.offset, 10);
  assert_string_equal(err.msg, "line 3: empty phrase");

  write_file(path, nul, sizeof(nul) - 1);
  memset(&err, 0, sizeof(err));
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_EFORMAT);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.offset, 8);

  write_file(path, "", 0);                     /* empty file: nothing */
  assert_int_equal(lore_gaz_load(g, path, &err), LORE_OK);
  unlink(path);
  assert_int_equal(lore_gaz_size(g), 2);
  assert_int_equal(lore_gaz_load(NULL, path, &err), LORE_EINVAL);
  lore_gaz_free(g);
}

/* Pseudo-words of lowercase letters: "zb", "zc", ... distinct for each k. */
static void pseudo (unsigned k, char *out) {
  size_t n = 0;
  out[n++] = 'z';
  do { out[n++] = (char)('a' + k % 26); k /= 26; } while (k > 0);
  out[n] = '\0';
}

static void test_gaz_many_entries (void **state) {
  enum { N = 3000 };
  lore_gaz *g = lore_gaz_new(0);
  char a[16], b[16], phrase[40];
  lore_buf text;
  lore_doc *d;
  coll c;
  unsigned k;
  size_t mem0 = lore_gaz_memory(g), i;
  (void)state;
  for (k = 0; k < N; k++) {
    pseudo(k, a);
    pseudo(k * 7 + 1, b);
    snprintf(phrase, sizeof(phrase), "%s %s", a, b);
    assert_int_equal(add(g, phrase, 1), k);
  }
  for (k = 0; k < N; k++) {
    pseudo(k, a);
    assert_int_equal(add(g, a, 1), N + k);
  }
  for (k = 0; k < N; k += 7) {                 /* still the same ids */
    pseudo(k, a);
    pseudo(k * 7 + 1, b);
    snprintf(phrase, sizeof(phrase), "%s %s", a, b);
    assert_int_equal(add(g, phrase, 0), k);
  }
  assert_int_equal(lore_gaz_size(g), 2 * N);
  assert_true(lore_gaz_memory(g) > mem0);
  /* every second pair in a document, separated by "and" */
  lore_buf_init(&text);
  for (k = 0; k < N; k += 2) {
    pseudo(k, a);
    pseudo(k * 7 + 1, b);
    lore_buf_addf(&text, "%s %s and ", a, b);
  }
  d = mkdoc_n(text.data, text.len, 0);
  lore_buf_free(&text);
  memset(&c, 0, sizeof(c));
  assert_int_equal(lore_gaz_scan(g, d, 0, SIZE_MAX, LORE_GAZ_LONGEST,
                                 collect, &c), N / 2);
  for (i = 0; i < MAXM; i++) {
    assert_int_equal(c.m[i].tok_start, 3 * i);
    assert_int_equal(c.m[i].tok_end, 3 * i + 2);
    assert_int_equal(c.m[i].entry, 2 * i);
  }
  /* ALL adds the single-word entries: pseudo(k*7+1) is an entry too when
  ** k*7+1 < N */
  assert_int_equal(lore_gaz_scan(g, d, 0, SIZE_MAX, LORE_GAZ_ALL, NULL, NULL),
                   N / 2 + N / 2 + (long)((N - 1) / 14 + 1));
  lore_doc_free(d);
  lore_gaz_free(g);
}

/*
** Multi-token entries whose ends are unshared are stored as tails (runs of
** token ids): an entry added later that shares part of one splits it, at
** its start, middle or end, or goes past it. Every entry keeps its id and
** matches as before.
*/
static void test_gaz_tail_splits (void **state) {
  lore_gaz *g = lore_gaz_new(0);
  lore_doc *d;
  lore_gaz_match out[8];
  (void)state;
  assert_int_equal(add(g, "the bank of east asia", 1), 0);
  assert_int_equal(add(g, "the bank of east asia", 0), 0);
  assert_int_equal(add(g, "the bank", 1), 1);              /* middle */
  assert_int_equal(add(g, "the bank of east asia", 0), 0);
  assert_int_equal(add(g, "the bank of east asia ltd", 1), 2);  /* past */
  assert_int_equal(add(g, "the bank of west", 1), 3);      /* parts */
  assert_int_equal(add(g, "the", 1), 4);                   /* start */
  assert_int_equal(add(g, "the bank of east", 1), 5);
  assert_int_equal(add(g, "bank of east asia", 1), 6);
  assert_int_equal(add(g, "bank", 1), 7);                  /* root tail */
  assert_int_equal(add(g, "the bank of east asia ltd", 0), 2);
  assert_int_equal(add(g, "bank of east asia", 0), 6);
  assert_int_equal(add(g, "bank of", 1), 8);
  assert_int_equal(lore_gaz_size(g), 9);
  /* the0 bank1 of2 east3 asia4 ltd5 the6 bank7 of8 west9 bank10 of11
  ** east12 */
  d = mkdoc("the bank of east asia ltd the bank of west bank of east");
  EXPECT(g, d, LORE_GAZ_LONGEST, 0, 6, 2, 6, 10, 3, 10, 12, 8);
  EXPECT(g, d, LORE_GAZ_ALL,
         0, 6, 2,  0, 5, 0,  0, 4, 5,  0, 2, 1,  0, 1, 4,
         1, 5, 6,  1, 3, 8,  1, 2, 7,
         6, 10, 3,  6, 8, 1,  6, 7, 4,  7, 9, 8,  7, 8, 7,
         10, 12, 8,  10, 11, 7);
  assert_int_equal(lore_gaz_match_at(g, d, 0, 5, out, 8), 4);
  assert_int_equal(out[0].tok_end, 5);
  assert_int_equal(out[0].entry, 0);
  assert_int_equal(out[3].tok_end, 1);
  assert_int_equal(lore_gaz_match_at(g, d, 1, 4, out, 8), 2);
  lore_doc_free(d);
  /* a tail cut by the end of the range, a paragraph or another token */
  assert_int_equal(add(g, "x y z w", 1), 9);
  d = mkdoc_n("x y z w x y\n\nz w x y q w", 23, LORE_DOC_PARA_LINE);
  EXPECT(g, d, LORE_GAZ_ALL, 0, 4, 9);
  assert_int_equal(lore_gaz_match_at(g, d, 0, 3, out, 8), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 0, 4, out, 8), 1);
  lore_doc_free(d);
  lore_gaz_free(g);
}

/* {====================================================================
** Random entries against a brute-force matcher
** ===================================================================== */

#define RWORDS   5         /* vocabulary of the random entries */
#define RDOC     1500      /* document tokens */

static const char *const rword[RWORDS] = { "ka", "lo", "mi", "nu", "po" };

typedef struct rentry {
  unsigned char w[MAX_TOKENS_T];
  size_t n;
} rentry;

static uint64_t rnd (uint64_t *s) {
  *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
  return *s;
}

/* Does entry e match doc words dw at token i (limit `to`, paragraph ends
** pe)? */
static int rmatch (const rentry *e, const unsigned char *dw,
                   const unsigned char *pe, size_t i, size_t to) {
  size_t k;
  if (i + e->n > to) return 0;
  for (k = 0; k < e->n; k++) {
    if (dw[i + k] != e->w[k]) return 0;
    if (k + 1 < e->n && pe[i + k]) return 0;
  }
  return 1;
}

/* All entries at token i, longest first (ids in order of length, so a
** stable sort by length), into out; returns how many. */
static size_t rall (const rentry *es, size_t ne, const unsigned char *dw,
                    const unsigned char *pe, size_t i, size_t to,
                    lore_gaz_match *out) {
  size_t n = 0, len, k;
  for (len = MAX_TOKENS_T; len > 0; len--)
    for (k = 0; k < ne; k++)
      if (es[k].n == len && rmatch(&es[k], dw, pe, i, to)) {
        out[n].tok_start = (uint32_t)i;
        out[n].tok_end = (uint32_t)(i + len);
        out[n].entry = (uint32_t)k;
        n++;
      }
  return n;
}

typedef struct rcoll {
  lore_gaz_match *m;
  size_t n, cap;
} rcoll;

static int rcollect (void *ud, const lore_gaz_match *m) {
  rcoll *c = (rcoll *)ud;
  assert_true(c->n < c->cap);
  c->m[c->n++] = *m;
  return 0;
}

/* Scan [from, to) both ways and compare with the brute force. */
static void rcheck_scan (const lore_gaz *g, const lore_doc *d,
                         const rentry *es, size_t ne,
                         const unsigned char *dw, const unsigned char *pe,
                         size_t from, size_t to) {
  static lore_gaz_match got[RDOC * 8], want[RDOC * 8];
  lore_gaz_match at[MAX_TOKENS_T];
  size_t nw, i, k;
  int mode;
  for (mode = LORE_GAZ_LONGEST; mode <= LORE_GAZ_ALL; mode++) {
    rcoll c = { got, 0, RDOC * 8 };
    long r = lore_gaz_scan(g, d, from, to, mode, rcollect, &c);
    nw = 0;
    for (i = from; i < to; ) {
      k = rall(es, ne, dw, pe, i, to, at);
      if (k == 0) { i++; continue; }
      if (mode == LORE_GAZ_LONGEST) {
        want[nw++] = at[0];
        i = at[0].tok_end;
      } else {
        memcpy(want + nw, at, k * sizeof(*at));
        nw += k;
        i++;
      }
    }
    assert_int_equal(r, (long)nw);
    assert_int_equal(c.n, nw);
    for (i = 0; i < nw; i++) {
      assert_int_equal(got[i].tok_start, want[i].tok_start);
      assert_int_equal(got[i].tok_end, want[i].tok_end);
      assert_int_equal(got[i].entry, want[i].entry);
    }
  }
}

static void random_entries (unsigned opts, uint64_t seed) {
  enum { NADD = 3000, CHECK_EVERY = 500 };
  lore_gaz *g = lore_gaz_new(opts);
  static rentry es[NADD];
  static unsigned char dw[RDOC], pe[RDOC];
  lore_gaz_match out[4], at[MAX_TOKENS_T];
  lore_buf text;
  lore_doc *d;
  const lore_token *t;
  size_t ne = 0, ntok, i, k, step;
  lore_buf_init(&text);
  /* the document: random words, some capitalised, paragraphs here and
  ** there (a blank line) */
  for (i = 0; i < RDOC; i++) {
    const char *w = rword[rnd(&seed) % RWORDS];
    if (i > 0)
      lore_buf_adds(&text, rnd(&seed) % 40 == 0 ? "\n\n" : " ");
    if ((opts & LORE_GAZ_CASE) && rnd(&seed) % 3 == 0)
      lore_buf_addf(&text, "%c%s", w[0] - 'a' + 'A', w + 1);
    else
      lore_buf_adds(&text, w);
  }
  d = mkdoc_n(text.data, text.len, LORE_DOC_PARA_BLANK);
  lore_buf_free(&text);
  t = lore_doc_tokens(d, &ntok);
  assert_int_equal(ntok, RDOC);
  {
    size_t len;
    const char *s = lore_doc_text(d, &len);
    for (i = 0; i < RDOC; i++) {
      for (k = 0; k < RWORDS; k++)
        if ((s[t[i].start] | 0x20) == rword[k][0]) break;
      assert_true(k < RWORDS);
      dw[i] = (unsigned char)k;
      pe[i] = (t[i].flags & LORE_TF_PARA_END) != 0;
    }
  }
  for (step = 0; step < NADD; step++) {
    rentry e;
    char phrase[MAX_TOKENS_T * 3 + 1];
    size_t n = 0, j;
    uint32_t id;
    int is_new;
    uint64_t r = rnd(&seed);
    /* half of them slices of the document (they match), some long */
    if (r % 2 == 0) {
      size_t at0 = (size_t)(rnd(&seed) % RDOC);
      e.n = r % 16 == 0 ? 1 + rnd(&seed) % MAX_TOKENS_T : 1 + rnd(&seed) % 6;
      if (at0 + e.n > RDOC) e.n = RDOC - at0;
      for (k = 0; k < e.n; k++) e.w[k] = dw[at0 + k];
    } else {
      e.n = 1 + rnd(&seed) % 8;
      for (k = 0; k < e.n; k++) e.w[k] = (unsigned char)(rnd(&seed) % RWORDS);
    }
    for (k = 0; k < e.n; k++) {
      if (k > 0) phrase[n++] = ' ';
      memcpy(phrase + n, rword[e.w[k]], 2);
      n += 2;
    }
    phrase[n] = '\0';
    for (j = 0; j < ne; j++)
      if (es[j].n == e.n && memcmp(es[j].w, e.w, e.n) == 0) break;
    assert_int_equal(lore_gaz_add(g, phrase, n, &id, &is_new), LORE_OK);
    assert_int_equal(id, j);
    assert_int_equal(is_new, j == ne);
    if (j == ne) es[ne++] = e;
    if ((step + 1) % CHECK_EVERY == 0) {
      size_t from = (size_t)(rnd(&seed) % 100);
      size_t to = RDOC - (size_t)(rnd(&seed) % 100);
      rcheck_scan(g, d, es, ne, dw, pe, 0, RDOC);
      rcheck_scan(g, d, es, ne, dw, pe, from, to);
      for (k = 0; k < 200; k++) {       /* match_at, with a limit */
        size_t i0 = (size_t)(rnd(&seed) % RDOC);
        size_t lim = i0 + (size_t)(rnd(&seed) % 12);
        size_t nw = rall(es, ne, dw, pe, i0, lim > RDOC ? RDOC : lim, at);
        long r2 = lore_gaz_match_at(g, d, i0, lim, out, 4);
        assert_int_equal(r2, (long)nw);
        for (j = 0; j < nw && j < 4; j++) {
          assert_int_equal(out[j].tok_end, at[j].tok_end);
          assert_int_equal(out[j].entry, at[j].entry);
        }
      }
    }
  }
  assert_int_equal(lore_gaz_size(g), ne);
  lore_doc_free(d);
  lore_gaz_free(g);
}

static void test_gaz_random_vs_brute_force (void **state) {
  (void)state;
  random_entries(0, 0x9E3779B97F4A7C15ULL);
  random_entries(LORE_GAZ_CASE, 0xD1B54A32D192ED03ULL);
}

/* }==================================================================== */

static void test_gaz_empty (void **state) {
  lore_gaz *g = lore_gaz_new(LORE_GAZ_CASE | LORE_GAZ_ACCENTS | 0x100u);
  lore_doc *d = mkdoc("Nothing to see here.");
  lore_gaz_match out[2];
  (void)state;
  assert_int_equal(lore_gaz_opts(g), LORE_GAZ_CASE | LORE_GAZ_ACCENTS);
  assert_int_equal(lore_gaz_size(g), 0);
  assert_int_equal(lore_gaz_max_tokens(g), 0);
  assert_true(lore_gaz_memory(g) > 0);
  assert_int_equal(lore_gaz_scan(g, d, 0, 100, LORE_GAZ_ALL, NULL, NULL), 0);
  assert_int_equal(lore_gaz_match_at(g, d, 0, 100, out, 2), 0);
  lore_doc_free(d);
  d = mkdoc("");
  assert_int_equal(add(g, "here", 1), 0);
  assert_int_equal(lore_gaz_scan(g, d, 0, 100, LORE_GAZ_ALL, NULL, NULL), 0);
  lore_doc_free(d);
  assert_int_equal(lore_gaz_size(NULL), 0);
  assert_int_equal(lore_gaz_memory(NULL), 0);
  lore_gaz_free(g);
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gaz_single_word),
    cmocka_unit_test(test_gaz_longest_vs_all),
    cmocka_unit_test(test_gaz_case_option),
    cmocka_unit_test(test_gaz_accent_option),
    cmocka_unit_test(test_gaz_apostrophes),
    cmocka_unit_test(test_gaz_token_boundaries),
    cmocka_unit_test(test_gaz_hyphen_compounds),
    cmocka_unit_test(test_gaz_abbreviations),
    cmocka_unit_test(test_gaz_duplicates),
    cmocka_unit_test(test_gaz_paragraphs),
    cmocka_unit_test(test_gaz_match_at),
    cmocka_unit_test(test_gaz_scan_range_and_stop),
    cmocka_unit_test(test_gaz_long_entries),
    cmocka_unit_test(test_gaz_add_errors),
    cmocka_unit_test(test_gaz_invalid_utf8),
    cmocka_unit_test(test_gaz_payloads),
    cmocka_unit_test(test_gaz_self_reference),
    cmocka_unit_test(test_gaz_load),
    cmocka_unit_test(test_gaz_load_long_lines),
    cmocka_unit_test(test_gaz_load_errors),
    cmocka_unit_test(test_gaz_many_entries),
    cmocka_unit_test(test_gaz_tail_splits),
    cmocka_unit_test(test_gaz_random_vs_brute_force),
    cmocka_unit_test(test_gaz_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
