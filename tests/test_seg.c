/*
** tests/test_seg.c
** Sentences and paragraphs: each case lists the exact text of every
** sentence and every paragraph it expects.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lore_err.h"
#include "lore_seg.h"
#include "lore_tok.h"

/* Plain malloc for inputs, so that AddressSanitizer sees their end. */
static char *exact (const char *s, size_t n) {
  char *b = (char *)malloc(n > 0 ? n : 1);
  if (n > 0) memcpy(b, s, n);
  return b;
}

/* A whole file, in a buffer of exactly its size (NULL if unreadable). */
static char *read_file (const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *b;
  long sz;
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = (char *)malloc(sz > 0 ? (size_t)sz : 1);
  *n = fread(b, 1, (size_t)sz, f);
  fclose(f);
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

#define MAXR 16

typedef struct scase {
  int line;
  const char *in;
  int mode;
  const char *sents[MAXR];    /* NULL-terminated */
  const char *paras[MAXR];    /* NULL-terminated; none given: not checked */
} scase;

typedef struct segd {
  char *text;
  size_t len;
  lore_tokens toks;
  lore_ranges sents, paras;
} segd;

static void seg_open (segd *g, const char *in, size_t n, int mode) {
  memset(g, 0, sizeof(*g));
  g->text = exact(in, n);
  g->len = n;
  assert_int_equal(lore_tokenize(g->text, n, &g->toks), LORE_OK);
  assert_int_equal(lore_segment(g->text, n, &g->toks, mode, &g->sents,
                                &g->paras), LORE_OK);
}

static void seg_close (segd *g) {
  lore_tokens_free(&g->toks);
  lore_ranges_free(&g->sents);
  lore_ranges_free(&g->paras);
  release(g->text);
}

static void dump_ranges (const segd *g, const lore_ranges *r, const char *what) {
  size_t k;
  for (k = 0; k < r->n; k++)
    print_message("  %s %zu: [%.*s]\n", what, k, (int)(r->v[k].end - r->v[k].start),
                  g->text + r->v[k].start);
}

/*
** The ranges are in order, cover the tokens with no gap, carry byte
** offsets of their first and last tokens, and the tokens carry the
** matching START/END flags; sentences never cross paragraphs.
*/
static void check_structure (int line, const segd *g) {
  size_t k, j, p = 0;
  const lore_ranges *rs[2];
  unsigned fs[2], fe[2];
  rs[0] = &g->sents; fs[0] = LORE_TF_SENT_START; fe[0] = LORE_TF_SENT_END;
  rs[1] = &g->paras; fs[1] = LORE_TF_PARA_START; fe[1] = LORE_TF_PARA_END;
  for (j = 0; j < 2; j++) {
    size_t next = 0;
    for (k = 0; k < rs[j]->n; k++) {
      const lore_range *r = rs[j]->v + k;
      if (r->tok_start != next || r->tok_end <= r->tok_start || r->tok_end > g->toks.n)
        fail_msg("line %d: range %zu covers tokens %u-%u", line, k, r->tok_start, r->tok_end);
      assert_int_equal(r->start, g->toks.v[r->tok_start].start);
      assert_int_equal(r->end, g->toks.v[r->tok_end - 1].end);
      next = r->tok_end;
    }
    assert_int_equal(next, g->toks.n);
    for (k = 0; k < g->toks.n; k++) {
      int starts = 0, ends = 0;
      size_t m;
      for (m = 0; m < rs[j]->n; m++) {
        starts |= rs[j]->v[m].tok_start == k;
        ends |= rs[j]->v[m].tok_end == k + 1;
      }
      if (!!(g->toks.v[k].flags & fs[j]) != starts || !!(g->toks.v[k].flags & fe[j]) != ends)
        fail_msg("line %d: token %zu has wrong start/end flags %04x", line, k,
                 g->toks.v[k].flags);
    }
  }
  for (k = 0; k < g->sents.n; k++) {
    while (p < g->paras.n && g->paras.v[p].tok_end <= g->sents.v[k].tok_start) p++;
    assert_true(p < g->paras.n);
    if (g->sents.v[k].tok_end > g->paras.v[p].tok_end)
      fail_msg("line %d: sentence %zu crosses a paragraph end", line, k);
  }
}

static void check_list (int line, const segd *g, const lore_ranges *r,
                        const char *const *want, const char *what) {
  size_t n = 0, k;
  while (n < MAXR && want[n] != NULL) n++;
  if (r->n != n) {
    dump_ranges(g, r, what);
    fail_msg("line %d: %zu %ss, want %zu", line, r->n, what, n);
  }
  for (k = 0; k < n; k++) {
    size_t l = r->v[k].end - r->v[k].start;
    if (l != strlen(want[k]) || memcmp(g->text + r->v[k].start, want[k], l) != 0) {
      dump_ranges(g, r, what);
      fail_msg("line %d: %s %zu is [%.*s], want [%s]", line, what, k, (int)l,
               g->text + r->v[k].start, want[k]);
    }
  }
}

static void run_cases (const scase *c, size_t count) {
  size_t k;
  for (k = 0; k < count; k++) {
    segd g;
    seg_open(&g, c[k].in, strlen(c[k].in), c[k].mode);
    check_structure(c[k].line, &g);
    check_list(c[k].line, &g, &g.sents, c[k].sents, "sentence");
    if (c[k].paras[0] != NULL) check_list(c[k].line, &g, &g.paras, c[k].paras, "paragraph");
    seg_close(&g);
  }
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))
#define L_ LORE_PARA_LINE
#define B_ LORE_PARA_BLANK
#define A_ LORE_PARA_AUTO

/* {====================================================================
** Paragraphs
** ===================================================================== */

static void test_seg_para_line (void **state) {
  static const scase C[] = {
    { __LINE__, "Headline\nFirst para. Two.\nSecond para\n", L_,
      { "Headline", "First para.", "Two.", "Second para", NULL },
      { "Headline", "First para. Two.", "Second para", NULL } },
    { __LINE__, "A\r\nB\rC\n\n\nD", L_,
      { "A", "B", "C", "D", NULL }, { "A", "B", "C", "D", NULL } },
    { __LINE__, "\n\n  Title  \n\t\nBody text\xE2\x80\xA8more", L_,
      { "Title", "Body text", "more", NULL }, { "Title", "Body text", "more", NULL } },
  };
  (void)state;
  RUN(C);
}

static void test_seg_para_blank (void **state) {
  static const scase C[] = {
    { __LINE__, "Headline\nline one runs\non here.\n\nNext block\nwraps too.", B_,
      { "Headline", "line one runs\non here.", "Next block\nwraps too.", NULL },
      { "Headline", "line one runs\non here.", "Next block\nwraps too.", NULL } },
    { __LINE__, "Title\r\n\r\nPara one\r\ncontinues.\r\n \r\nPara two", B_,
      { "Title", "Para one\r\ncontinues.", "Para two", NULL },
      { "Title", "Para one\r\ncontinues.", "Para two", NULL } },
    { __LINE__, "T\nA\xE2\x80\xA9" "B", B_,           /* U+2029 separates */
      { "T", "A", "B", NULL }, { "T", "A", "B", NULL } },
    { __LINE__, "T\nA\xE2\x80\xA8" "B", B_,           /* U+2028 does not */
      { "T", "A\xE2\x80\xA8" "B", NULL }, { "T", "A\xE2\x80\xA8" "B", NULL } },
  };
  (void)state;
  RUN(C);
}

static void test_seg_para_auto (void **state) {
  static const scase C[] = {
    /* hard-wrapped: blank lines separate blocks whose lines run on */
    { __LINE__, "Headline\n\nThe minister said on\nTuesday that the talks\nwould go on.\n\n"
      "Officials in Beijing\nwelcomed the news.", A_,
      { "Headline", "The minister said on\nTuesday that the talks\nwould go on.",
        "Officials in Beijing\nwelcomed the news.", NULL },
      { "Headline", "The minister said on\nTuesday that the talks\nwould go on.",
        "Officials in Beijing\nwelcomed the news.", NULL } },
    /* one paragraph per line, no blank line */
    { __LINE__, "Headline\nFirst para.\nSecond para.\nThird para.", A_,
      { "Headline", "First para.", "Second para.", "Third para.", NULL },
      { "Headline", "First para.", "Second para.", "Third para.", NULL } },
    /* one paragraph per line with blank lines between (corpus/001 style) */
    { __LINE__, "Headline\n\nFirst para.\n\nSecond para.\n\n“Quote”\n\nLast.", A_,
      { "Headline", "First para.", "Second para.", "“Quote”", "Last.", NULL },
      { "Headline", "First para.", "Second para.", "“Quote”", "Last.", NULL } },
  };
  (void)state;
  RUN(C);
}

/* The headline is a paragraph in every mode, even with no blank line. */
static void test_seg_headline (void **state) {
  static const scase C[] = {
    { __LINE__, "Putin says world conflicts 'strengthen' ties\nRussian leader said.", B_,
      { "Putin says world conflicts 'strengthen' ties", "Russian leader said.", NULL },
      { "Putin says world conflicts 'strengthen' ties", "Russian leader said.", NULL } },
    { __LINE__, "Putin says\nRussian leader\nsaid.", A_,
      { "Putin says", "Russian leader", "said.", NULL }, { NULL } },
    { __LINE__, "Just a headline", B_, { "Just a headline", NULL },
      { "Just a headline", NULL } },
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Sentences
** ===================================================================== */

static void test_seg_terminators (void **state) {
  static const scase C[] = {
    { __LINE__, "It rained. It poured! Did it? Yes.", L_,
      { "It rained.", "It poured!", "Did it?", "Yes.", NULL }, { NULL } },
    { __LINE__, "Really?! Yes... No. Three more. 4.5 percent rose.", L_,
      { "Really?!", "Yes...", "No.", "Three more.", "4.5 percent rose.", NULL }, { NULL } },
    { __LINE__, "wait... what happened. then", L_,
      { "wait... what happened. then", NULL }, { NULL } },
    { __LINE__, "Version 1.2 is out. Amazon.com rose. end.Next", L_,
      { "Version 1.2 is out.", "Amazon.com rose. end.Next", NULL }, { NULL } },
    { __LINE__, "It cost $5. $6 next year.", L_,
      { "It cost $5.", "$6 next year.", NULL }, { NULL } },
    { __LINE__, "It ended. (Reuters) Next one.", L_,
      { "It ended.", "(Reuters) Next one.", NULL }, { NULL } },
    { __LINE__, "北京。上海！好", L_, { "北京。", "上海！", "好", NULL }, { NULL } },
    { __LINE__, "Ça va. Él dijo. über alles.", L_,
      { "Ça va.", "Él dijo. über alles.", NULL }, { NULL } },
  };
  (void)state;
  RUN(C);
}

static void test_seg_abbreviations (void **state) {
  static const scase C[] = {
    { __LINE__, "Mr. Smith went to Washington. He said no.", L_,
      { "Mr. Smith went to Washington.", "He said no.", NULL }, { NULL } },
    { __LINE__, "The U.S. has taken steps against China.", L_,
      { "The U.S. has taken steps against China.", NULL }, { NULL } },
    { __LINE__, "It is in the U.S. The next day it left.", L_,
      { "It is in the U.S.", "The next day it left.", NULL }, { NULL } },
    { __LINE__, "U.S. President Joe Biden spoke.", L_,
      { "U.S. President Joe Biden spoke.", NULL }, { NULL } },
    { __LINE__, "Gen. Li met officials on Jan. 5 in St. Petersburg.", L_,
      { "Gen. Li met officials on Jan. 5 in St. Petersburg.", NULL }, { NULL } },
    { __LINE__, "She lives in the U.S.\nNext line.", L_,
      { "She lives in the U.S.", "Next line.", NULL }, { NULL } },
    { __LINE__, "He works for Apple Inc. The company said so. See e.g. this.", L_,
      { "He works for Apple Inc.", "The company said so.", "See e.g. this.", NULL }, { NULL } },
    { __LINE__, "Song No. 5 won. George W. Bush spoke.", L_,
      { "Song No. 5 won.", "George W. Bush spoke.", NULL }, { NULL } },
    { __LINE__, "It is the U.S. \"We won,\" he said.", L_,
      { "It is the U.S.", "\"We won,\" he said.", NULL }, { NULL } },
    { __LINE__, "Made in the U.S.\" Then it sold.", L_,
      { "Made in the U.S.\"", "Then it sold.", NULL }, { NULL } },
  };
  (void)state;
  RUN(C);
}

static void test_seg_quotes (void **state) {
  static const scase C[] = {
    { __LINE__, "\"This is the end.\" He said so.", L_,
      { "\"This is the end.\"", "He said so.", NULL }, { NULL } },
    { __LINE__, "\"X,\" he said.", L_, { "\"X,\" he said.", NULL }, { NULL } },
    { __LINE__, "\"Why?\" he asked. \"Because.\"", L_,
      { "\"Why?\" he asked.", "\"Because.\"", NULL }, { NULL } },
    { __LINE__, "He said: \"Go.\" Then he left.", L_,
      { "He said: \"Go.\"", "Then he left.", NULL }, { NULL } },
    { __LINE__, "It fell. \"We will see,\" he said.", L_,
      { "It fell.", "\"We will see,\" he said.", NULL }, { NULL } },
    { __LINE__, "“It is over.” The talks ended.", L_,
      { "“It is over.”", "The talks ended.", NULL }, { NULL } },
    { __LINE__, "He left (for good.) Then nothing.", L_,
      { "He left (for good.)", "Then nothing.", NULL }, { NULL } },
    { __LINE__, "'Over.' 'Yes.'", L_, { "'Over.'", "'Yes.'", NULL }, { NULL } },
  };
  (void)state;
  RUN(C);
}

/* Real lines from corpus/. */
static void test_seg_corpus_lines (void **state) {
  static const scase C[] = {
    { __LINE__, "\"This is a terrible event... I really hope that this will be a signal "
      "that this conflict needs to end as soon as possible,\" he said.", L_,
      { "\"This is a terrible event...",
        "I really hope that this will be a signal that this conflict needs to end as "
        "soon as possible,\" he said.", NULL }, { NULL } },
    { __LINE__, "Beijing has drawn criticism from Western countries for its stance on the "
      "Ukraine war, on which China insists it is neutral. It has refused to criticise "
      "Moscow's invasion.", L_,
      { "Beijing has drawn criticism from Western countries for its stance on the Ukraine "
        "war, on which China insists it is neutral.",
        "It has refused to criticise Moscow's invasion.", NULL }, { NULL } },
    { __LINE__, "Mr. Xi recalled meeting Mr. Putin 42 times over the past decade and "
      "“developed a good working relationship and deep friendship” with his counterpart.", L_,
      { "Mr. Xi recalled meeting Mr. Putin 42 times over the past decade and “developed "
        "a good working relationship and deep friendship” with his counterpart.", NULL },
      { NULL } },
    { __LINE__, "Speaking at the forum immediately after Xi, Putin addressed an audience "
      "that included over 20 heads of state including the leaders of Indonesia, "
      "Thailand, Cambodia, Laos, Kenya, Hungary, Kazakhstan, Argentina and Chile. U.N. "
      "Secretary-General António Guterres was also in attendance.", L_,
      { "Speaking at the forum immediately after Xi, Putin addressed an audience that "
        "included over 20 heads of state including the leaders of Indonesia, Thailand, "
        "Cambodia, Laos, Kenya, Hungary, Kazakhstan, Argentina and Chile.",
        "U.N. Secretary-General António Guterres was also in attendance.", NULL },
      { NULL } },
    { __LINE__, "In Xi's keynote speech marking the 10th anniversary of his pet foreign "
      "policy project, he criticized those who view \"others' development as a threat\" "
      "and \"economic interdependence as a risk,\" saying protectionist actions like "
      "those the U.S. has taken against China \"will not make one's own life better or "
      "speed up one's development.\"", L_,
      { "In Xi's keynote speech marking the 10th anniversary of his pet foreign policy "
        "project, he criticized those who view \"others' development as a threat\" and "
        "\"economic interdependence as a risk,\" saying protectionist actions like those "
        "the U.S. has taken against China \"will not make one's own life better or speed "
        "up one's development.\"", NULL }, { NULL } },
    { __LINE__, "\"Some people claim that the (Partnership for Global Infrastructure and "
      "Investment) launched by the United States... is aimed at China's BRI,\" said Wang.", L_,
      { "\"Some people claim that the (Partnership for Global Infrastructure and "
        "Investment) launched by the United States... is aimed at China's BRI,\" said "
        "Wang.", NULL }, { NULL } },
    { __LINE__, "We have weathered many trials and tribulations together (in the past). "
      "Looking ahead, China-Russia relations face new opportunities for development, Xi "
      "told Putin during their call.", L_,
      { "We have weathered many trials and tribulations together (in the past).",
        "Looking ahead, China-Russia relations face new opportunities for development, "
        "Xi told Putin during their call.", NULL }, { NULL } },
    { __LINE__, "Xi told his “old friend” Putin that China-Russia relations were "
      "“conducive to peace”. “China is ready to work with Russia to… uphold fairness "
      "and justice in the world,” Xi added.", L_,
      { "Xi told his “old friend” Putin that China-Russia relations were “conducive to "
        "peace”.", "“China is ready to work with Russia to… uphold fairness and justice "
        "in the world,” Xi added.", NULL }, { NULL } },
  };
  (void)state;
  RUN(C);
}

/* Whole corpus files: structure, and the line counts of LINE mode. */
static void test_seg_corpus_files (void **state) {
  static const char *const F[] = {
    "corpus/000_a7dc20db6077fbda.txt", "corpus/001_d453ebd82be5d424.txt",
    "corpus/002_5f0d9263cf5a718c.txt", "corpus/003_66b3fbca82e43ea4.txt",
    "corpus/004_2e37a21424fc0a69.txt"
  };
  size_t f;
  (void)state;
  for (f = 0; f < sizeof(F) / sizeof(F[0]); f++) {
    size_t n = 0, k, lines = 0;
    char *s = read_file(F[f], &n);
    segd g;
    int mode;
    if (s == NULL) fail_msg("cannot read %s (run from the top directory)", F[f]);
    for (k = 0; k < n; k++)     /* non-empty lines */
      if ((k == 0 || s[k - 1] == '\n') && s[k] != '\n') lines++;
    for (mode = 0; mode <= 2; mode++) {
      seg_open(&g, s, n, mode);
      check_structure(__LINE__, &g);
      assert_true(g.sents.n >= g.paras.n);
      if (mode != LORE_PARA_BLANK) assert_int_equal(g.paras.n, lines);
      seg_close(&g);
    }
    release(s);
  }
}

/* }==================================================================== */

/* {====================================================================
** The arrays
** ===================================================================== */

/* Segmenting again replaces the flags of the first run. */
static void test_seg_again (void **state) {
  static const char in[] = "Title\nOne line\nruns on. Two.\n\nLast";
  segd g;
  lore_ranges s2 = { 0 }, p2 = { 0 };
  (void)state;
  seg_open(&g, in, sizeof(in) - 1, LORE_PARA_LINE);
  assert_int_equal(g.paras.n, 4);
  assert_int_equal(lore_segment(g.text, g.len, &g.toks, LORE_PARA_BLANK, &s2, &p2),
                   LORE_OK);
  lore_ranges_free(&g.sents);
  lore_ranges_free(&g.paras);
  g.sents = s2;
  g.paras = p2;
  assert_int_equal(g.paras.n, 3);
  check_structure(__LINE__, &g);
  seg_close(&g);
}

/* Ranges are appended to what the arrays hold. */
static void test_seg_append (void **state) {
  segd g;
  lore_ranges s = { 0 }, p = { 0 };
  (void)state;
  seg_open(&g, "Go. Be.", 7, LORE_PARA_LINE);
  assert_int_equal(lore_segment(g.text, g.len, &g.toks, LORE_PARA_LINE, &s, &p), LORE_OK);
  assert_int_equal(lore_segment(g.text, g.len, &g.toks, LORE_PARA_LINE, &s, &p), LORE_OK);
  assert_int_equal(s.n, 4);
  assert_int_equal(p.n, 2);
  assert_int_equal(s.v[2].tok_start, 0);
  assert_int_equal(s.v[3].tok_start, 2);
  lore_ranges_free(&s);
  lore_ranges_free(&p);
  seg_close(&g);
}

static void test_seg_empty (void **state) {
  segd g;
  (void)state;
  seg_open(&g, "", 0, LORE_PARA_AUTO);
  assert_int_equal(g.sents.n, 0);
  assert_int_equal(g.paras.n, 0);
  seg_close(&g);
  seg_open(&g, " \n\n \t", 5, LORE_PARA_BLANK);
  assert_int_equal(g.sents.n, 0);
  assert_int_equal(g.paras.n, 0);
  seg_close(&g);
  lore_ranges_free(NULL);
}

/* Invalid bytes are tokens like others: they never break segmentation. */
static void test_seg_invalid (void **state) {
  static const scase C[] = {
    { __LINE__, "T\nA \xFF. B\x01 end.\n\xC0", L_, { "T", "A \xFF.", "B\x01 end.", "\xC0", NULL },
      { "T", "A \xFF. B\x01 end.", "\xC0", NULL } },
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_seg_para_line),
    cmocka_unit_test(test_seg_para_blank),
    cmocka_unit_test(test_seg_para_auto),
    cmocka_unit_test(test_seg_headline),
    cmocka_unit_test(test_seg_terminators),
    cmocka_unit_test(test_seg_abbreviations),
    cmocka_unit_test(test_seg_quotes),
    cmocka_unit_test(test_seg_corpus_lines),
    cmocka_unit_test(test_seg_corpus_files),
    cmocka_unit_test(test_seg_again),
    cmocka_unit_test(test_seg_append),
    cmocka_unit_test(test_seg_empty),
    cmocka_unit_test(test_seg_invalid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
