/*
** tests/test_doc.c
** Documents: text ownership, tokens, sentences and paragraphs, lookups by
** offset and token, the valid-UTF-8 text, normalised token forms, and the
** list of span layers (their contents are tested in test_layer.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lore_doc.h"
#include "lore_err.h"
#include "lore_utf8.h"

/* Plain malloc for inputs, so that AddressSanitizer sees their end. */
static char *exact (const char *s, size_t n) {
  char *b = (char *)malloc(n > 0 ? n : 1);
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

static const char SAMPLE[] =
  "Putin hails ties with China\n"
  "Russian leader Vladimir Putin said the U.S. \"cannot\" win. Xi agreed.\n"
  "\n"
  "Talks in Zürich’s old town ended.";

static lore_doc *open_doc (const char *in, size_t n, unsigned flags, char **buf) {
  lore_doc *d = NULL;
  *buf = exact(in, n);
  assert_int_equal(lore_doc_new(*buf, n, flags, &d), LORE_OK);
  assert_non_null(d);
  return d;
}

/* Index of the token with text w (the first one), or the token count. */
static size_t tok_index (const lore_doc *d, const char *w) {
  size_t n, k, l = strlen(w), len;
  const lore_token *t = lore_doc_tokens(d, &n);
  const char *s = lore_doc_text(d, &len);
  for (k = 0; k < n; k++)
    if (t[k].end - t[k].start == l && memcmp(s + t[k].start, w, l) == 0) return k;
  return n;
}

static void test_doc_new_copy (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, 0, &b);
  size_t len;
  const char *t = lore_doc_text(d, &len);
  (void)state;
  assert_int_equal(len, sizeof(SAMPLE) - 1);
  assert_ptr_not_equal(t, b);                 /* a copy ... */
  assert_memory_equal(t, SAMPLE, len);
  assert_int_equal(t[len], '\0');             /* ... NUL-terminated */
  memset(b, 'x', len);                        /* independent of the input */
  release(b);
  assert_memory_equal(lore_doc_text(d, NULL), SAMPLE, len);
  lore_doc_free(d);
  lore_doc_free(NULL);
}

static void test_doc_new_borrow (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, LORE_DOC_BORROW, &b);
  size_t len, n;
  (void)state;
  assert_ptr_equal(lore_doc_text(d, &len), b);
  assert_int_equal(len, sizeof(SAMPLE) - 1);
  lore_doc_tokens(d, &n);
  assert_true(n > 10);
  lore_doc_free(d);
  release(b);
}

static void test_doc_new_errors (void **state) {
  lore_doc *d = (lore_doc *)1;
  char b[2] = "x";
  size_t n = 99, len = 99;
  (void)state;
  assert_int_equal(lore_doc_new(NULL, 3, 0, &d), LORE_EINVAL);
  assert_null(d);
  if (sizeof(size_t) > 4) {
    d = (lore_doc *)1;
    assert_int_equal(lore_doc_new(b, (size_t)UINT32_MAX, 0, &d), LORE_ERANGE);
    assert_null(d);
  }
  assert_int_equal(lore_doc_new(NULL, 0, 0, &d), LORE_OK);
  assert_non_null(lore_doc_text(d, &len));
  assert_int_equal(len, 0);
  lore_doc_tokens(d, &n);
  assert_int_equal(n, 0);
  lore_doc_sentences(d, &n);
  assert_int_equal(n, 0);
  lore_doc_paragraphs(d, &n);
  assert_int_equal(n, 0);
  assert_int_equal(lore_doc_token_at(d, 0), 0);
  assert_int_equal(lore_doc_sentence_of(d, 0), 0);
  assert_string_equal(lore_doc_valid_text(d), "");
  lore_doc_free(d);
  assert_int_equal(lore_doc_new(NULL, 0, LORE_DOC_BORROW, &d), LORE_OK);
  lore_doc_free(d);
}

static void test_doc_segments (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, 0, &b);
  size_t ns, np, nt;
  const lore_range *s = lore_doc_sentences(d, &ns), *p = lore_doc_paragraphs(d, &np);
  const lore_token *t = lore_doc_tokens(d, &nt);
  const char *x = lore_doc_text(d, NULL);
  (void)state;
  assert_int_equal(np, 3);
  assert_int_equal(ns, 4);
  assert_int_equal(s[1].end - s[1].start, strlen("Russian leader Vladimir Putin said the U.S. \"cannot\" win."));
  assert_memory_equal(x + s[2].start, "Xi agreed.", 10);
  assert_int_equal(p[2].tok_start, s[3].tok_start);
  assert_int_equal(p[2].tok_end, nt);
  assert_true(t[s[2].tok_start].flags & LORE_TF_SENT_START);
  assert_true(t[p[1].tok_end - 1].flags & LORE_TF_PARA_END);
  assert_int_equal(lore_doc_ninvalid(d), 0);
  lore_doc_free(d);
  release(b);
}

static void test_doc_para_modes (void **state) {
  static const char in[] = "Head\nline one\nline two\n\nnext";
  char *b;
  size_t np;
  lore_doc *d;
  (void)state;
  d = open_doc(in, sizeof(in) - 1, LORE_DOC_PARA_LINE, &b);
  lore_doc_paragraphs(d, &np);
  assert_int_equal(np, 4);
  lore_doc_free(d);
  release(b);
  d = open_doc(in, sizeof(in) - 1, LORE_DOC_PARA_BLANK, &b);
  lore_doc_paragraphs(d, &np);
  assert_int_equal(np, 3);
  lore_doc_free(d);
  release(b);
  d = open_doc(in, sizeof(in) - 1, 0, &b);      /* AUTO: lines run on */
  lore_doc_paragraphs(d, &np);
  assert_int_equal(np, 3);
  lore_doc_free(d);
  release(b);
}

static void test_doc_token_at (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, 0, &b);
  size_t nt, k, off;
  const lore_token *t = lore_doc_tokens(d, &nt);
  (void)state;
  assert_int_equal(lore_doc_token_at(d, 0), 0);
  assert_int_equal(lore_doc_token_at(d, 4), 0);         /* inside "Putin" */
  assert_int_equal(lore_doc_token_at(d, 5), 1);         /* the space after */
  assert_int_equal(lore_doc_token_at(d, 6), 1);
  assert_int_equal(lore_doc_token_at(d, sizeof(SAMPLE) - 1), nt);
  assert_int_equal(lore_doc_token_at(d, 1u << 30), nt);
  /* every offset: the first token ending after it */
  for (off = 0; off < sizeof(SAMPLE); off++) {
    size_t want = 0;
    while (want < nt && t[want].end <= off) want++;
    assert_int_equal(lore_doc_token_at(d, off), want);
  }
  for (k = 0; k < nt; k++) assert_int_equal(lore_doc_token_at(d, t[k].start), k);
  lore_doc_free(d);
  release(b);
}

static void test_doc_sentence_of (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, 0, &b);
  size_t nt, ns, np, k;
  const lore_range *s = lore_doc_sentences(d, &ns), *p = lore_doc_paragraphs(d, &np);
  (void)state;
  lore_doc_tokens(d, &nt);
  for (k = 0; k < nt; k++) {
    size_t si = lore_doc_sentence_of(d, k), pi = lore_doc_paragraph_of(d, k);
    assert_true(si < ns);
    assert_true(pi < np);
    assert_true(s[si].tok_start <= k && k < s[si].tok_end);
    assert_true(p[pi].tok_start <= k && k < p[pi].tok_end);
  }
  assert_int_equal(lore_doc_sentence_of(d, 0), 0);
  assert_int_equal(lore_doc_sentence_of(d, tok_index(d, "Xi")), 2);
  assert_int_equal(lore_doc_paragraph_of(d, tok_index(d, "Xi")), 1);
  assert_int_equal(lore_doc_paragraph_of(d, tok_index(d, "Talks")), 2);
  assert_int_equal(lore_doc_sentence_of(d, nt), ns);
  assert_int_equal(lore_doc_paragraph_of(d, nt + 5), np);
  lore_doc_free(d);
  release(b);
}

static void test_doc_valid_text (void **state) {
  static const char bad[] = "ok \xFF\xC0\x80 a\0b \x01 \xE2\x82 end \xC3\xA9";
  static const char want[] = "ok ??? a?b \x01 ?? end \xC3\xA9";
  char *b;
  lore_doc *d;
  const char *v;
  size_t len;
  (void)state;
  /* valid text: the text itself */
  d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, LORE_DOC_BORROW, &b);
  assert_ptr_equal(lore_doc_valid_text(d), b);
  assert_ptr_equal(lore_doc_valid_text(d), b);
  lore_doc_free(d);
  release(b);
  /* only controls: no invalid UTF-8, nothing to replace */
  d = open_doc("a\x01" "b", 3, 0, &b);
  assert_int_equal(lore_doc_ninvalid(d), 1);
  assert_ptr_equal(lore_doc_valid_text(d), lore_doc_text(d, NULL));
  lore_doc_free(d);
  release(b);
  /* invalid sequences and NUL: '?' byte for byte, same length */
  d = open_doc(bad, sizeof(bad) - 1, 0, &b);
  assert_int_equal(lore_doc_ninvalid(d), 4);
  v = lore_doc_valid_text(d);
  assert_non_null(v);
  assert_ptr_not_equal(v, lore_doc_text(d, &len));
  assert_int_equal(len, sizeof(bad) - 1);
  assert_int_equal(sizeof(want), sizeof(bad));
  assert_memory_equal(v, want, len);
  assert_int_equal(v[len], '\0');
  assert_int_equal(lore_utf8_count_invalid(v, len), 0);
  assert_ptr_equal(lore_doc_valid_text(d), v);           /* built once */
  assert_memory_equal(lore_doc_text(d, NULL), bad, len); /* text unchanged */
  lore_doc_free(d);
  release(b);
}

static void test_doc_token_norm (void **state) {
  static const char in[] = "Zürich’s CEO said \"Non\" \xFF done";
  char *b;
  lore_doc *d = open_doc(in, sizeof(in) - 1, 0, &b);
  const char *s, *s2;
  size_t len, nt, k;
  unsigned opts;
  (void)state;
  lore_doc_tokens(d, &nt);
  assert_int_equal(lore_doc_token_norm(d, 0, LORE_FOLD_CASE, &s, &len), LORE_OK);
  assert_int_equal(len, strlen("zürich"));
  assert_string_equal(s, "zürich");
  assert_int_equal(lore_doc_token_norm(d, 0, LORE_FOLD_CASE | LORE_FOLD_ACCENTS, &s, &len), LORE_OK);
  assert_string_equal(s, "zurich");
  assert_int_equal(lore_doc_token_norm(d, 1, LORE_FOLD_PUNCT, &s, &len), LORE_OK);
  assert_string_equal(s, "'s");
  assert_int_equal(lore_doc_token_norm(d, 1, 0, &s, &len), LORE_OK);
  assert_string_equal(s, "’s");
  assert_int_equal(lore_doc_token_norm(d, 2, LORE_FOLD_CASE, &s, &len), LORE_OK);
  assert_string_equal(s, "ceo");
  k = tok_index(d, "\xFF");
  assert_int_equal(lore_doc_token_norm(d, k, LORE_FOLD_CASE, &s, &len), LORE_OK);
  assert_string_equal(s, "\xEF\xBF\xBD");
  /* cached: same pointer on the next call, and it stays valid while all
     eight option sets are built */
  assert_int_equal(lore_doc_token_norm(d, 0, LORE_FOLD_CASE, &s, &len), LORE_OK);
  for (opts = 0; opts < 8; opts++)
    for (k = 0; k < nt; k++)
      assert_int_equal(lore_doc_token_norm(d, k, opts, &s2, &len), LORE_OK);
  assert_int_equal(lore_doc_token_norm(d, 0, LORE_FOLD_CASE | 0x100, &s2, &len), LORE_OK);
  assert_ptr_equal(s2, s);
  assert_string_equal(s, "zürich");
  assert_int_equal(lore_doc_token_norm(d, nt, LORE_FOLD_CASE, &s, &len), LORE_ERANGE);
  lore_doc_free(d);
  release(b);
}

static void test_doc_layers (void **state) {
  char *b;
  lore_doc *d = open_doc(SAMPLE, sizeof(SAMPLE) - 1, 0, &b);
  lore_layer *e, *q;
  (void)state;
  assert_int_equal(lore_doc_nlayers(d), 0);
  assert_null(lore_doc_layer(d, "entities", 0));
  assert_null(lore_doc_layer(d, NULL, 1));
  e = lore_doc_layer(d, "entities", 1);
  assert_non_null(e);
  assert_string_equal(lore_layer_name(e), "entities");
  assert_ptr_equal(lore_doc_layer(d, "entities", 0), e);
  assert_ptr_equal(lore_doc_layer(d, "entities", 1), e);
  q = lore_doc_layer(d, "quotes", 1);
  assert_non_null(q);
  assert_ptr_not_equal(q, e);
  assert_int_equal(lore_doc_nlayers(d), 2);
  assert_ptr_equal(lore_doc_layer_at(d, 0), e);
  assert_ptr_equal(lore_doc_layer_at(d, 1), q);
  assert_null(lore_doc_layer_at(d, 2));
  /* many layers: the list grows */
  {
    char name[16];
    int k;
    for (k = 0; k < 20; k++) {
      sprintf(name, "l%d", k);
      assert_non_null(lore_doc_layer(d, name, 1));
    }
  }
  assert_int_equal(lore_doc_nlayers(d), 22);
  assert_ptr_equal(lore_doc_layer(d, "quotes", 0), q);
  lore_doc_free(d);
  release(b);
}

/* The whole sample corpus: every token sits in one sentence of one
** paragraph, and lookups agree with the ranges. */
static void test_doc_corpus (void **state) {
  static const char *const F[] = {
    "corpus/000_a7dc20db6077fbda.txt", "corpus/001_d453ebd82be5d424.txt",
    "corpus/002_5f0d9263cf5a718c.txt", "corpus/003_66b3fbca82e43ea4.txt",
    "corpus/004_2e37a21424fc0a69.txt"
  };
  size_t f;
  (void)state;
  for (f = 0; f < sizeof(F) / sizeof(F[0]); f++) {
    FILE *fp = fopen(F[f], "rb");
    char buf[1 << 16];
    size_t n, nt, ns, k;
    lore_doc *d;
    const lore_range *s;
    if (fp == NULL) fail_msg("cannot read %s (run from the top directory)", F[f]);
    n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    assert_int_equal(lore_doc_new(buf, n, 0, &d), LORE_OK);
    lore_doc_tokens(d, &nt);
    s = lore_doc_sentences(d, &ns);
    for (k = 0; k < nt; k++) {
      size_t si = lore_doc_sentence_of(d, k);
      assert_true(si < ns && s[si].tok_start <= k && k < s[si].tok_end);
    }
    assert_ptr_equal(lore_doc_valid_text(d), lore_doc_text(d, NULL));
    lore_doc_free(d);
  }
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_doc_new_copy),
    cmocka_unit_test(test_doc_new_borrow),
    cmocka_unit_test(test_doc_new_errors),
    cmocka_unit_test(test_doc_segments),
    cmocka_unit_test(test_doc_para_modes),
    cmocka_unit_test(test_doc_token_at),
    cmocka_unit_test(test_doc_sentence_of),
    cmocka_unit_test(test_doc_valid_text),
    cmocka_unit_test(test_doc_token_norm),
    cmocka_unit_test(test_doc_layers),
    cmocka_unit_test(test_doc_corpus),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
