/*
** test_tpat.c
** Token patterns: syntax, every predicate and operator, leftmost-longest
** and leftmost-first semantics, multi-token atoms (gazetteers, spans),
** scan options, errors and limits, and a randomised comparison with a
** brute-force matcher.
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
#include "lore_gaz.h"
#include "lore_tpat.h"

/* {====================================================================
** Helpers
** ===================================================================== */

#define L_PERSON 1u
#define L_ORG    2u
#define L_GPE    3u

typedef struct TEnv {
  const char *names[4];
  lore_gaz *gaz[4];
  int n;
} TEnv;

static int env_gaz (void *ud, const char *name, size_t len,
                    const lore_gaz **g) {
  TEnv *e = (TEnv *)ud;
  int i;
  for (i = 0; e != NULL && i < e->n; i++)
    if (strlen(e->names[i]) == len && memcmp(e->names[i], name, len) == 0) {
      *g = e->gaz[i];
      return 0;
    }
  return -1;
}

static int env_label (void *ud, const char *name, size_t len, uint32_t *id) {
  static const char *const labels[] = {"PERSON", "ORG", "GPE"};
  uint32_t i;
  (void)ud;
  for (i = 0; i < 3; i++)
    if (strlen(labels[i]) == len && memcmp(labels[i], name, len) == 0) {
      *id = i + 1;
      return 0;
    }
  return -1;
}

/* Document from a C string, given through an exactly sized buffer. */
static lore_doc *mkdoc (const char *s) {
  size_t n = strlen(s);
  char *buf = (char *)malloc(n ? n : 1);
  lore_doc *d = NULL;
  memcpy(buf, s, n);
  assert_int_equal(lore_doc_new(buf, n, 0, &d), LORE_OK);
  free(buf);
  assert_non_null(d);
  return d;
}

static lore_tpat *comp_env (const char *src, unsigned opts, TEnv *te) {
  lore_tpat_env env;
  lore_error err;
  lore_tpat *p;
  size_t n = strlen(src);
  char *buf = (char *)malloc(n ? n : 1);
  memcpy(buf, src, n);
  memset(&env, 0, sizeof env);
  env.ud = te;
  env.gazetteer = env_gaz;
  env.label = env_label;
  lore_error_clear(&err);
  p = lore_tpat_compile(buf, n, opts, &env, &err);
  free(buf);
  if (p == NULL) fail_msg("compile '%s': %s (offset %zu)", src, err.msg, err.offset);
  return p;
}

static lore_tpat *comp (const char *src, unsigned opts) {
  return comp_env(src, opts, NULL);
}

typedef struct Out {
  char s[8192];
  size_t n;
  const lore_tpat *p;
  int stop_after;    /* stop after this many matches (0: never) */
  int count;
} Out;

static int collect (void *ud, const lore_tpat_match *m) {
  Out *o = (Out *)ud;
  int i, nc = lore_tpat_ncaptures(o->p), any = 0;
  o->n += (size_t)snprintf(o->s + o->n, sizeof o->s - o->n, "%s%u-%u",
                           o->n ? " " : "", m->tok_start, m->tok_end);
  for (i = 0; i < nc; i++) {
    if (m->caps[2 * i] == UINT32_MAX) continue;
    o->n += (size_t)snprintf(o->s + o->n, sizeof o->s - o->n, "%s%s=%u-%u",
                             any ? "," : "{", lore_tpat_capture_name(o->p, i),
                             m->caps[2 * i], m->caps[2 * i + 1]);
    any = 1;
  }
  if (any) o->n += (size_t)snprintf(o->s + o->n, sizeof o->s - o->n, "}");
  o->count++;
  return o->stop_after > 0 && o->count >= o->stop_after;
}

/* Scan the whole document: "s-e{cap=a-b} ..." */
static const char *scan_range (lore_tpat *p, lore_doc *d, size_t from,
                               size_t to, unsigned opts) {
  static Out o;
  lore_error err;
  long n;
  memset(&o, 0, sizeof o);
  o.p = p;
  lore_error_clear(&err);
  n = lore_tpat_scan(p, d, from, to, opts, 0, collect, &o, &err);
  if (n < 0) fail_msg("scan '%s': %s", lore_tpat_source(p), err.msg);
  assert_int_equal(n, o.count);
  return o.s;
}

static const char *scan (lore_tpat *p, lore_doc *d, unsigned opts) {
  return scan_range(p, d, 0, SIZE_MAX, opts);
}

/* Compile, scan once, free. */
static void check_env (const char *text, const char *pat, unsigned copts,
                       unsigned sopts, TEnv *te, const char *want) {
  lore_doc *d = mkdoc(text);
  lore_tpat *p = comp_env(pat, copts, te);
  const char *got = scan(p, d, sopts);
  if (strcmp(got, want) != 0)
    fail_msg("pattern '%s' on '%s': got '%s', want '%s'", pat, text, got, want);
  lore_tpat_free(p);
  lore_doc_free(d);
}

static void check (const char *text, const char *pat, const char *want) {
  check_env(text, pat, 0, 0, NULL, want);
}

static void check_first (const char *text, const char *pat, const char *want) {
  check_env(text, pat, LORE_TP_FIRST, 0, NULL, want);
}

static void check_opts (const char *text, const char *pat, unsigned sopts,
                        const char *want) {
  check_env(text, pat, 0, sopts, NULL, want);
}

/* The compile error of pat: code, offset and message. */
static void check_error (const char *pat, int code, size_t off,
                         const char *msg) {
  lore_tpat_env env;
  lore_error err;
  size_t n = strlen(pat);
  char *buf = (char *)malloc(n ? n : 1);
  lore_tpat *p;
  memcpy(buf, pat, n);
  memset(&env, 0, sizeof env);
  env.gazetteer = env_gaz;
  env.label = env_label;
  lore_error_clear(&err);
  p = lore_tpat_compile(buf, n, 0, &env, &err);
  free(buf);
  if (p != NULL) {
    lore_tpat_free(p);
    fail_msg("pattern '%s' compiled", pat);
  }
  if (err.code != code || err.offset != off ||
      strncmp(err.msg, msg, strlen(msg)) != 0)
    fail_msg("pattern '%s': got %d at %zu '%s', want %d at %zu '%s'", pat,
             err.code, err.offset, err.msg, code, off, msg);
}

static lore_gaz *mkgaz (const char *const *phrases) {
  lore_gaz *g = lore_gaz_new(LORE_GAZ_CASE | LORE_GAZ_ACCENTS);
  int i;
  assert_non_null(g);
  for (i = 0; phrases[i] != NULL; i++)
    assert_int_equal(lore_gaz_add(g, phrases[i], strlen(phrases[i]), NULL,
                                  NULL), LORE_OK);
  return g;
}

/* Span over the bytes of the first occurrence of needle in the text. */
static uint32_t add_span (lore_doc *d, const char *layer, const char *needle,
                          uint32_t label) {
  size_t len;
  const char *text = lore_doc_text(d, &len);
  const char *at = strstr(text, needle);
  lore_layer *l = lore_doc_layer(d, layer, 1);
  uint32_t id = 0;
  assert_non_null(at);
  assert_non_null(l);
  assert_int_equal(lore_layer_add(l, (uint32_t)(at - text),
                                  (uint32_t)(at - text + strlen(needle)),
                                  label, 0, 0, &id), LORE_OK);
  return id;
}

/* }==================================================================== */

/* {====================================================================
** Atoms and predicates
** ===================================================================== */

static void test_tpat_words (void **state) {
  (void)state;
  /* Putin SAID it . He said no . */
  check("Putin SAID it. He said no.", "said", "1-2 5-6");
  check("Putin SAID it. He said no.", "\"said\"", "5-6");
  check("Putin SAID it. He said no.", "\"SAID\"", "1-2");
  check("Protests in Zürich and ZURICH.", "Zurich", "2-3 4-5");
  check("Protests in Zurich.", "zürich", "2-3");
  check("Mr. Putin and Mr Xi", "\"Mr.\"", "0-1");
  check("Mr. Putin and Mr Xi", "mr.", "0-1");
  check("Mr. Putin and Mr Xi", "Mr", "3-4");
  check("Пекин and 北京", "пекин", "0-1");
  /* typographic apostrophes fold to ASCII ones */
  check("Russia’s leader", "\"’s\"", "1-2");
  check("Russia’s leader", "{\"'s\"}", "1-2");
  check("It is 42 percent", "\"42\" percent", "2-4");
}

static void test_tpat_sets (void **state) {
  (void)state;
  check("Putin said, Xi told them, Li added that", "{said told added}",
        "1-2 4-5 8-9");
  check("Putin said, Xi told them, Li added that", "{said, told}", "1-2 4-5");
  check("The U.S. and US said", "{\"U.S.\" US}", "1-2 3-4");
  check("The U.S. and US said", "{u.s.}", "1-2");
  check("in Zürich", "{Zurich Geneva}", "1-2");
  /* text={...} is exact */
  check("the US and us", "[text={US Us}]", "1-2");
  check("the US and us", "[lower={us}]", "1-2 3-4");
}

static void test_tpat_regex (void **state) {
  (void)state;
  /* the regex must match the whole token */
  check("Putin met Xi", "/Pu/", "");
  check("Putin met Xi", "/Pu.*/", "0-1");
  check("Putin met Xi", "/[A-Z][a-z]+/", "0-1 2-3");
  check("ab abc", "/a|ab/", "0-1");
  check("Putin met PUTIN", "/putin/i", "0-1 2-3");
  check("Putin met PUTIN", "/putin/", "");
  check("Putin met PUTIN", "[lower=/put.n/]", "0-1 2-3");
  check("Zürich", "[lower=/zurich/]", "0-1");
  check("a/b 2024", "[text=/\\d{4}/]", "3-4");
  check("Putin met Xi", "/^X.$/", "2-3");
  check("Putin met Xi", "/X # comment\n i/x", "2-3");
  check("See https://x.org now", "/https:..x.org/", "1-2");
  check("See https://x.org now", "/https:..x.org/l", "");
  check("See https://x.org now", "/https:\\/\\/x.org/l", "1-2");
  check("See https://x.org now", "/x.org/l", "");
}

static void test_tpat_kind_shape (void **state) {
  (void)state;
  /* The $ 5 bn deal , 10th of 2024 . */
  check("The $5 bn deal, 10th of 2024.", "[kind=number]", "2-3 6-7 8-9");
  check("The $5 bn deal, 10th of 2024.", "[kind={number currency}]",
        "1-2 2-3 6-7 8-9");
  check("The $5 bn deal, 10th of 2024.", "[kind!=word & kind!=punct]",
        "1-2 2-3 6-7 8-9");
  check("The $5 bn deal, 10th of 2024.", "[shape=dddd]", "8-9");
  check("Washington and G20 and NATO", "[shape=Xxxxx]", "0-1");
  check("Washington and G20 and NATO", "[shape=\"Xdd\"]", "2-3");
  check("Washington and G20 and NATO", "[shape=XXXX]", "4-5");
  check("Washington and G20 and NATO", "[shape={Xdd XXXX}]", "2-3 4-5");
  check("Washington and G20 and NATO", "[shape=/X+/]", "4-5");
  check("Putin and U.S. aid", "[shape=\"X.X.\"]", "2-3");
}

static void test_tpat_flags (void **state) {
  lore_doc *d;
  lore_tpat *p;
  (void)state;
  /* 0 "  1 NATO  2 said  3 Putin's → Putin 4 's  5 debt 6 - 7 trap 8 plan
     9 , 10 Mr. ... */
  d = mkdoc("NATO said Putin's debt-trap plan (a 10th try) cost $5... "
            "See https://x.org or mail a@b.org \u2014 fine.");
  p = comp("[allcaps]", 0); assert_string_equal(scan(p, d, 0), "0-1"); lore_tpat_free(p);
  p = comp("[title]", 0); assert_string_equal(scan(p, d, 0), "2-3 17-18"); lore_tpat_free(p);
  p = comp("[cap & !allcaps]", 0); assert_string_equal(scan(p, d, 0), "2-3 17-18"); lore_tpat_free(p);
  p = comp("[clitic]", 0); assert_string_equal(scan(p, d, 0), "3-4"); lore_tpat_free(p);
  p = comp("[hyphen]", 0); assert_string_equal(scan(p, d, 0), "5-6"); lore_tpat_free(p);
  p = comp("[hyphenated]", 0); assert_string_equal(scan(p, d, 0), "4-5 6-7"); lore_tpat_free(p);
  p = comp("[open]", 0); assert_string_equal(scan(p, d, 0), "8-9"); lore_tpat_free(p);
  p = comp("[close]", 0); assert_string_equal(scan(p, d, 0), "12-13"); lore_tpat_free(p);
  p = comp("[ordinal]", 0); assert_string_equal(scan(p, d, 0), "10-11"); lore_tpat_free(p);
  p = comp("[digit]", 0); assert_string_equal(scan(p, d, 0), "10-11 15-16"); lore_tpat_free(p);
  p = comp("[number]", 0); assert_string_equal(scan(p, d, 0), "10-11 15-16"); lore_tpat_free(p);
  p = comp("[currency]", 0); assert_string_equal(scan(p, d, 0), "14-15"); lore_tpat_free(p);
  p = comp("[ellipsis]", 0); assert_string_equal(scan(p, d, 0), "16-17"); lore_tpat_free(p);
  lore_tpat_free(NULL);
  lore_doc_free(d);
}

static void test_tpat_flags_kinds (void **state) {
  (void)state;
  check("See https://example.org/x or a@b.org now", "[url]", "1-2");
  check("See https://example.org/x or a@b.org now", "[email]", "3-4");
  check("It \u2014 is", "[dash]", "1-2");
  check("Wait... no", "[ellipsis]", "1-2");
  check("Rate: 5%, ok", "[symbol]", "3-4");
  check("Rate: 5%, ok", "[punct]", "1-2 4-5");
  check("He said \"yes\" today", "[quote]", "2-3 4-5");
  check("He said \"yes\" today", "[quote & open]", "2-3");
  check("He said \"yes\" today", "[quote & close]", "4-5");
  check("Mr. Xi and Gen. Li", "[abbrev]", "0-1 3-4");
  check("the putin word", "[lower]", "0-1 1-2 2-3");
  check("the putin word", "[word]", "0-1 1-2 2-3");
  check("a b", "[space_before]", "0-1 1-2");
  check("(a)", "[space_after]", "2-3");
  check("(a)", "[!space_after]", "0-1 1-2");
}

static void test_tpat_segments (void **state) {
  (void)state;
  /* Headline
     Putin spoke . Xi listened .
     Li left . */
  check("Headline\nPutin spoke. Xi listened.\nLi left.", "[sent_start]",
        "0-1 1-2 4-5 7-8");
  check("Headline\nPutin spoke. Xi listened.\nLi left.", "[sent_end]",
        "0-1 3-4 6-7 9-10");
  check("Headline\nPutin spoke. Xi listened.\nLi left.", "[para_start]",
        "0-1 1-2 7-8");
  check("Headline\nPutin spoke. Xi listened.\nLi left.", "[para_end]",
        "0-1 6-7 9-10");
  check("Headline\nPutin spoke. Xi listened.\nLi left.", "[line_start]",
        "0-1 1-2 7-8");
  check("Headline\nPutin spoke. Xi listened.\nLi left.",
        "[cap & !sent_start]", "");
}

static void test_tpat_boolean (void **state) {
  (void)state;
  check("Putin and NATO met 5 times", "[cap & !allcaps]", "0-1");
  check("Putin and NATO met 5 times", "[allcaps | number]", "2-3 4-5");
  check("Putin and NATO met 5 times", "[(cap | digit) & !allcaps]", "0-1 4-5");
  check("Putin and NATO met 5 times", "[!(cap | digit)]", "1-2 3-4 5-6");
  check("Putin and NATO met 5 times", "[!!cap]", "0-1 2-3");
  check("Putin and NATO met 5 times", "[cap | digit & !number]", "0-1 2-3");
  check("Putin and NATO met 5 times", "[lower!=and & lower]", "3-4 5-6");
  check("Putin and NATO met 5 times", "[ text = \"NATO\" ]", "2-3");
  check("Putin and NATO met 5 times", "[text=NATO]", "2-3");
  check("Putin and NATO met 5 times", "[text=nato]", "");
  check("Putin and NATO met 5 times",
        "[cap] # a comment\n [lower] # and another", "0-2 2-4");
}

/* }==================================================================== */

/* {====================================================================
** Operators, quantifiers, semantics
** ===================================================================== */

static void test_tpat_sequence_alt (void **state) {
  (void)state;
  check("Putin met Xi and Xi met Li", "met [cap]", "1-3 5-7");
  check("Putin met Xi and Xi met Li", "Xi | Li", "2-3 4-5 6-7");
  check("Putin met Xi and Xi met Li", "[cap] met (Xi | Li)", "0-3 4-7");
  check("Putin met Xi and Xi met Li", "((Putin | Xi) met)", "0-2 4-6");
  check("Putin met Xi and Xi met Li", "((Putin | Xi) met (Li | (X.)))", "4-7");
  check("Putin met Xi and Xi met Li", "((Putin | Xi) met (Li | (Xi)))",
        "0-3 4-7");
  check("a b a b c", "(a b)+ c", "0-5");
  check("a b a b c", "(a (b | c))+", "0-4");
  check("a b c a c", "(a (b (c)?)?)+", "0-4");
  check("a b c b c", "(a (b (c)?)?)+", "0-3");
  check("x y z", ".", "0-1 1-2 2-3");
  check("x y z", ". .", "0-2");
}

static void test_tpat_quantifiers (void **state) {
  (void)state;
  check("a a a b", "a?", "0-1 1-2 2-3 3-3");
  check("a a a b", "a? b", "2-4");
  check("a a a b", "a* b", "0-4");
  check("a a a b", "a+", "0-3");
  check("a a a b", "a{2}", "0-2");
  check("a a a a a b", "a{2}", "0-2 2-4");
  check("a a a a a b", "a{2,}", "0-5");
  check("a a a a a b", "a{1,2}", "0-2 2-4 4-5");
  check("a a a a a b", "a{ 2 , 3 } b", "2-6");
  check("a a a a a b", "a{0} b", "5-6");
  check("a a a b", "b a{0,2}", "3-4");
  check("a a a b", "a{4,}", "");
  check("a a a b", "a*? b", "0-4");
  check("a a a b", "a +", "0-3");
}

static void test_tpat_lazy_first (void **state) {
  (void)state;
  /* leftmost-first: greedy and lazy decide the match */
  check_first("Xi Jinping Li said", "[cap]+", "0-3");
  check_first("Xi Jinping Li said", "[cap]+?", "0-1 1-2 2-3");
  check_first("Xi Jinping Li said", "[cap]{1,2}", "0-2 2-3");
  check_first("Xi Jinping Li said", "[cap]{1,2}?", "0-1 1-2 2-3");
  check_first("Xi Jinping Li said", "[cap]{2,}?", "0-2");
  check_first("Xi Jinping Li said", "[cap]?? said", "2-4");
  check_first("Xi Jinping Li said", "[cap]*? said", "0-4");
  check_first("Xi Jinping Li said", "(?<a>[cap]+?)(?<b>[cap]*)",
              "0-3{a=0-1,b=1-3}");
  check_first("Xi Jinping Li said", "(?<a>[cap]+)(?<b>[cap]*)",
              "0-3{a=0-3,b=3-3}");
  /* under leftmost-longest lazy only moves captures */
  check("Xi Jinping Li said", "[cap]+?", "0-3");
  check("Xi Jinping Li said", "(?<a>[cap]+?)(?<b>[cap]*)",
        "0-3{a=0-1,b=1-3}");
  check("Xi Jinping Li said", "(?<a>[cap]+)(?<b>[cap]*)",
        "0-3{a=0-3,b=3-3}");
}

static void test_tpat_longest_vs_first (void **state) {
  (void)state;
  /* the same pattern and input under both semantics */
  check("Xi Jinping said", "[cap] | [cap] [cap]", "0-2");
  check_first("Xi Jinping said", "[cap] | [cap] [cap]", "0-1 1-2");
  check("Xi Jinping said", "Xi | Xi Jinping said", "0-3");
  check_first("Xi Jinping said", "Xi | Xi Jinping said", "0-1");
  check_first("Xi Jinping said", "Xi Jinping said | Xi", "0-3");
  /* the earliest start wins over a longer later match */
  check("a b c d", "b c d | a b", "0-2");
  check_first("a b c d", "b c d | a b", "0-2");
  /* an earlier start alive while a later one matched */
  check("a b x a b c", "a b c | b", "1-2 3-6");
  check("a b x a b c", "a b c | b x", "1-3 3-6");
}

static void test_tpat_captures (void **state) {
  lore_tpat *p;
  lore_doc *d;
  lore_tpat_match m;
  lore_error err;
  (void)state;
  p = comp("(?<who>[cap]+) (?<verb>{said told}) (?<rest>.)?", 0);
  assert_int_equal(lore_tpat_ncaptures(p), 3);
  assert_string_equal(lore_tpat_capture_name(p, 0), "who");
  assert_string_equal(lore_tpat_capture_name(p, 2), "rest");
  assert_null(lore_tpat_capture_name(p, 3));
  assert_null(lore_tpat_capture_name(p, -1));
  assert_int_equal(lore_tpat_capture_index(p, "verb"), 1);
  assert_int_equal(lore_tpat_capture_index(p, "nope"), -1);
  assert_string_equal(lore_tpat_source(p),
                      "(?<who>[cap]+) (?<verb>{said told}) (?<rest>.)?");
  d = mkdoc("Vladimir Putin told reporters");
  assert_string_equal(scan(p, d, 0), "0-4{who=0-2,verb=2-3,rest=3-4}");
  lore_error_clear(&err);
  assert_int_equal(lore_tpat_match_at(p, d, 1, 4, 0, &m, &err), 1);
  assert_int_equal(m.tok_start, 1);
  assert_int_equal(m.tok_end, 4);
  assert_int_equal(m.caps[0], 1);
  assert_int_equal(m.caps[1], 2);
  assert_int_equal(m.caps[4], 3);
  assert_int_equal(lore_tpat_match_at(p, d, 1, 3, 0, &m, &err), 1);
  assert_int_equal(m.tok_end, 3);
  assert_int_equal(m.caps[4], UINT32_MAX);
  assert_int_equal(m.caps[5], UINT32_MAX);
  assert_int_equal(lore_tpat_match_at(p, d, 2, 4, 0, &m, &err), 0);
  assert_int_equal(lore_tpat_match_at(p, d, 9, 4, 0, &m, &err), 0);
  lore_tpat_free(p);
  /* a capture inside a repeat keeps the last iteration */
  p = comp("((?<x>[cap]) \",\"?)+", 0);
  assert_string_equal(scan(p, d, 0), "0-2{x=1-2}");
  lore_tpat_free(p);
  /* unset captures in the losing branch */
  p = comp("(?<a>Putin) | (?<b>Vladimir) (?<c>Putin)", 0);
  assert_string_equal(scan(p, d, 0), "0-2{b=0-1,c=1-2}");
  lore_tpat_free(p);
  lore_doc_free(d);
}

static void test_tpat_news (void **state) {
  (void)state;
  const char *t =
      "Russian President Vladimir Putin said on Wednesday that ties were "
      "strong, according to Xinhua News Agency. Mr. Putin told reporters "
      "that Prime Minister Li Qiang added nothing.";
  /* Russian President Vladimir Putin said on Wednesday that ties were
     0       1         2        3     4    5  6         7    8    9
     strong , according to Xinhua News Agency . Mr. Putin told reporters
     10     11 12       13 14     15   16     17 18  19    20   21
     that Prime Minister Li Qiang added nothing .
     22   23    24       25 26    27    28      29 */
  check(t, "[cap]+ {said told added}", "0-5 18-21 23-28");
  check_first(t, "[cap]+ {said told added}", "0-5 18-21 23-28");
  check(t, "{according} to (?<src>[cap]+)", "12-17{src=14-17}");
  check(t, "\"Mr.\" (?<name>[title])", "18-20{name=19-20}");
  check(t, "[lower={president premier minister}] (?<name>[cap]{1,3})",
        "1-4{name=2-4} 24-27{name=25-27}");
  check(t, "[cap] [cap]? {said told added} that? [lower]", "2-6 18-22 25-29");
}

/* The prefilter (skipping starts that cannot begin a match) never changes
** the result: compare with the same pattern plus an alternative starting
** with '.', which disables it. */
static void test_tpat_prefilter (void **state) {
  static const char *const pats[] = {
    "[cap]+ {said told added}", "{said told} [lower]?", "[cap | number]",
    "([cap] | [number]) [lower]", "\"Mr.\" [cap]", "/[A-Z].*/ said",
    "[lower=/s.*/] [cap]?", "[title & !sent_start]+", "[kind=punct] .",
    "(?<x>[cap]) (?<y>[cap])?", "[shape=Xxxxx] [lower]", "that? [lower]",
    "[allcaps]* [cap]", NULL
  };
  const char *t =
      "Russian President Vladimir Putin said on Wednesday that ties were "
      "strong, according to Xinhua News Agency. Mr. Putin told reporters "
      "that Prime Minister Li Qiang added nothing. NATO said 42 times.";
  lore_doc *d = mkdoc(t);
  int i;
  char a[8192], b[512];
  (void)state;
  for (i = 0; pats[i] != NULL; i++) {
    lore_tpat *p = comp(pats[i], 0);
    lore_tpat *q;
    strcpy(a, scan(p, d, 0));
    lore_tpat_free(p);
    snprintf(b, sizeof b, "%s | . qqqqq", pats[i]);
    q = comp(b, 0);
    assert_string_equal(scan(q, d, 0), a);
    lore_tpat_free(q);
  }
  lore_doc_free(d);
}

/* }==================================================================== */

/* {====================================================================
** Multi-token atoms: gazetteers and spans
** ===================================================================== */

static void test_tpat_gazetteer (void **state) {
  static const char *const cities[] = {"New York", "New York City", "York",
                                       "Zürich", NULL};
  static const char *const people[] = {"Xi", "Xi Jinping", NULL};
  TEnv te;
  const char *t = "New York City Hall said New York City was calm in Zurich";
  (void)state;
  /* New York City Hall said New York City was calm in Zurich
     0   1    2    3    4    5   6    7    8   9    10 11 */
  memset(&te, 0, sizeof te);
  te.names[0] = "city"; te.gaz[0] = mkgaz(cities);
  te.names[1] = "people"; te.gaz[1] = mkgaz(people);
  te.n = 2;
  check_env(t, "@city", 0, 0, &te, "0-3 5-8 11-12");
  check_env(t, "@city", 0, LORE_TP_OVERLAP, &te, "0-3 1-2 5-8 6-7 11-12");
  /* every entry length is a path */
  check_env(t, "@city City", 0, 0, &te, "0-3 5-8");
  check_env(t, "@city Hall", 0, 0, &te, "0-4");
  check_env(t, "(?<c>@city) [cap]", 0, 0, &te, "0-4{c=0-3} 5-8{c=5-7}");
  check_env(t, "(?<c>@city) City Hall", 0, 0, &te, "0-4{c=0-2}");
  check_env(t, "@city+", 0, 0, &te, "0-3 5-8 11-12");
  check_env(t, "said @city", 0, 0, &te, "4-8");
  check_env(t, "said @city? [lower]", 0, 0, &te, "4-9");
  /* leftmost-first: the longest entry is tried first */
  check_env(t, "@city", LORE_TP_FIRST, 0, &te, "0-3 5-8 11-12");
  check_env(t, "(?<c>@city) [cap]?", LORE_TP_FIRST, 0, &te, "0-4{c=0-3} 5-8{c=5-8} 11-12{c=11-12}");
  check_env(t, "(@city | [cap]+) said", LORE_TP_FIRST, 0, &te, "0-5");
  check_env(t, "(?<a>[cap] [cap]) | (?<b>@city)", LORE_TP_FIRST, 0, &te,
            "0-2{a=0-2} 2-4{a=2-4} 5-7{a=5-7} 11-12{b=11-12}");
  check_env("Xi Jinping and Xi met", "@people", 0, 0, &te, "0-2 3-4");
  check_env("Xi Jinping and Xi met", "@people and @people", 0, 0, &te, "0-4");
  /* in= starts= ends= */
  check_env(t, "[in=@city]+", 0, 0, &te, "0-3 5-8 11-12");
  check_env(t, "[starts=@city]", 0, 0, &te, "0-1 1-2 5-6 6-7 11-12");
  check_env(t, "[ends=@city]", 0, 0, &te, "1-2 2-3 6-7 7-8 11-12");
  check_env(t, "[in=@city & !starts=@city]", 0, 0, &te, "2-3 7-8");
  /* match_at and ranges */
  {
    lore_doc *d = mkdoc(t);
    lore_tpat *p = comp_env("@city", 0, &te);
    lore_tpat_match m;
    lore_error err;
    assert_int_equal(lore_tpat_match_at(p, d, 5, 12, 0, &m, &err), 1);
    assert_int_equal(m.tok_end, 8);
    assert_int_equal(lore_tpat_match_at(p, d, 5, 7, 0, &m, &err), 1);
    assert_int_equal(m.tok_end, 7);
    assert_int_equal(lore_tpat_match_at(p, d, 5, 6, 0, &m, &err), 0);
    assert_int_equal(lore_tpat_match_at(p, d, 4, 12, 0, &m, &err), 0);
    assert_string_equal(scan_range(p, d, 1, 7, 0), "1-2 5-7");
    lore_tpat_free(p);
    p = comp_env("[in=@city]", 0, &te);   /* bits beyond the range */
    assert_string_equal(scan_range(p, d, 6, 7, 0), "6-7");
    lore_tpat_free(p);
    lore_doc_free(d);
  }
  lore_gaz_free(te.gaz[0]);
  lore_gaz_free(te.gaz[1]);
}

static void test_tpat_spans (void **state) {
  lore_doc *d;
  lore_tpat *p;
  lore_layer *l;
  uint32_t dead;
  (void)state;
  /* Russian leader Vladimir Putin told Xi Jinping in Beijing that ...
     0       1      2        3     4    5  6       7  8       9   */
  d = mkdoc("Russian leader Vladimir Putin told Xi Jinping in Beijing that "
            "Russia and China agree.");
  /* 10 Russia 11 and 12 China 13 agree 14 . */
  add_span(d, "entities", "Vladimir Putin", L_PERSON);
  add_span(d, "entities", "Putin", L_PERSON);
  add_span(d, "entities", "Xi Jinping", L_PERSON);
  add_span(d, "entities", "Beijing", L_GPE);
  add_span(d, "entities", "Russia and China", L_GPE);
  add_span(d, "entities", "Russia ", L_GPE);       /* ends inside spaces */
  add_span(d, "entities", "Chin", L_GPE);          /* not a token end */
  dead = add_span(d, "entities", "told", L_PERSON);
  l = lore_doc_layer(d, "entities", 0);
  lore_layer_kill(l, dead, LORE_REMOVED);
  add_span(d, "quotes", "told Xi", L_ORG);

  p = comp("(?<who><PERSON>) told", 0);
  assert_string_equal(scan(p, d, 0), "2-5{who=2-4}");
  lore_tpat_free(p);
  p = comp("(?<who><PERSON>) told", LORE_TP_FIRST);
  assert_string_equal(scan(p, d, 0), "2-5{who=2-4}");
  lore_tpat_free(p);
  p = comp("<PERSON>", 0);
  assert_string_equal(scan(p, d, 0), "2-4 5-7");
  assert_string_equal(scan(p, d, LORE_TP_OVERLAP), "2-4 3-4 5-7");
  lore_tpat_free(p);
  p = comp("<entities:GPE>", 0);
  assert_string_equal(scan(p, d, 0), "8-9 10-13");
  lore_tpat_free(p);
  p = comp("< entities : * >", 0);
  assert_string_equal(scan(p, d, 0), "2-4 5-7 8-9 10-13");
  lore_tpat_free(p);
  p = comp("<GPE> [lower]", 0);
  assert_string_equal(scan(p, d, 0), "8-10 10-14");
  lore_tpat_free(p);
  p = comp("<quotes:ORG> <PERSON>", 0);       /* ORG "told Xi" + "Jinping"? */
  assert_string_equal(scan(p, d, 0), "");
  lore_tpat_free(p);
  p = comp("told <PERSON> in <GPE>", 0);
  assert_string_equal(scan(p, d, 0), "4-9");
  lore_tpat_free(p);
  p = comp("<nolayer:*>", 0);
  assert_string_equal(scan(p, d, 0), "");
  lore_tpat_free(p);
  /* in= starts= ends= on layers */
  p = comp("[in=PERSON]+", 0);
  assert_string_equal(scan(p, d, 0), "2-4 5-7");
  lore_tpat_free(p);
  p = comp("[starts=PERSON]", 0);
  assert_string_equal(scan(p, d, 0), "2-3 3-4 5-6");
  lore_tpat_free(p);
  p = comp("[ends=entities:GPE]", 0);
  assert_string_equal(scan(p, d, 0), "8-9 12-13");
  lore_tpat_free(p);
  p = comp("[in=entities:* & lower]", 0);
  assert_string_equal(scan(p, d, 0), "11-12");
  lore_tpat_free(p);
  p = comp("[in=quotes:ORG]", 0);
  assert_string_equal(scan(p, d, 0), "4-5 5-6");
  lore_tpat_free(p);
  lore_doc_free(d);
}

static void test_tpat_default_layer (void **state) {
  lore_tpat_env env;
  lore_error err;
  lore_doc *d = mkdoc("Putin met Xi");
  lore_tpat *p;
  (void)state;
  add_span(d, "ner", "Xi", L_PERSON);
  add_span(d, "entities", "Putin", L_PERSON);
  memset(&env, 0, sizeof env);
  env.label = env_label;
  env.default_layer = "ner";
  p = lore_tpat_compile("<PERSON>", 8, 0, &env, &err);
  assert_non_null(p);
  assert_string_equal(scan(p, d, 0), "2-3");
  lore_tpat_free(p);
  env.default_layer = NULL;
  p = lore_tpat_compile("<PERSON>", 8, 0, &env, &err);
  assert_non_null(p);
  assert_string_equal(scan(p, d, 0), "0-1");
  lore_tpat_free(p);
  lore_doc_free(d);
}

/* }==================================================================== */

/* {====================================================================
** Scan options
** ===================================================================== */

static void test_tpat_in_sentence (void **state) {
  (void)state;
  check_opts("Putin spoke. Xi listened. Li left.", ".+", 0, "0-9");
  check_opts("Putin spoke. Xi listened. Li left.", ".+",
             LORE_TP_IN_SENTENCE, "0-3 3-6 6-9");
  check_opts("Putin spoke. Xi listened.", "[cap] .+ [cap]", 0, "0-4");
  check_opts("Putin spoke. Xi listened.", "[cap] .+ [cap]",
             LORE_TP_IN_SENTENCE, "");
  check_opts("Putin spoke. Xi listened.", ". .",
             LORE_TP_IN_SENTENCE, "0-2 3-5");
  check_opts("Putin spoke. Xi listened.", ". .",
             LORE_TP_IN_SENTENCE | LORE_TP_OVERLAP, "0-2 1-3 3-5 4-6");
}

static void test_tpat_in_sentence_multi (void **state) {
  static const char *const ph[] = {"spoke . Xi", "spoke .", NULL};
  TEnv te;
  lore_doc *d = mkdoc("Putin spoke. Xi listened.");
  lore_tpat *p;
  (void)state;
  memset(&te, 0, sizeof te);
  te.names[0] = "g"; te.gaz[0] = mkgaz(ph); te.n = 1;
  p = comp_env("@g", 0, &te);
  assert_string_equal(scan(p, d, 0), "1-4");
  assert_string_equal(scan(p, d, LORE_TP_IN_SENTENCE), "1-3");
  lore_tpat_free(p);
  add_span(d, "entities", "Putin spoke. Xi", L_PERSON);
  p = comp("<PERSON>", 0);
  assert_string_equal(scan(p, d, 0), "0-4");
  assert_string_equal(scan(p, d, LORE_TP_IN_SENTENCE), "");
  lore_tpat_free(p);
  lore_doc_free(d);
  lore_gaz_free(te.gaz[0]);
}

static void test_tpat_overlap (void **state) {
  (void)state;
  check("Vladimir Putin met Xi Jinping", "[cap]+", "0-2 3-5");
  check_opts("Vladimir Putin met Xi Jinping", "[cap]+", LORE_TP_OVERLAP,
             "0-2 1-2 3-5 4-5");
  check_env("Vladimir Putin met Xi Jinping", "[cap]+", LORE_TP_FIRST,
            LORE_TP_OVERLAP, NULL, "0-2 1-2 3-5 4-5");
  check_env("Vladimir Putin met Xi Jinping", "[cap]+?", LORE_TP_FIRST,
            LORE_TP_OVERLAP, NULL, "0-1 1-2 3-4 4-5");
}

static void test_tpat_empty (void **state) {
  (void)state;
  check("the cat sat", "[cap]*", "0-0 1-1 2-2");
  check_opts("the cat sat", "[cap]*", LORE_TP_NONEMPTY, "");
  check_opts("the Cat sat", "[cap]*", LORE_TP_NONEMPTY, "1-2");
  check("the Cat sat", "[cap]*", "0-0 1-2 2-2");
  check_opts("the Cat sat", "[cap]*", LORE_TP_OVERLAP, "0-0 1-2 2-2");
  check("the Cat sat", "(a?)*", "0-0 1-1 2-2");
  check("a a b", "(a?)*", "0-2 2-2");
  check("a a b", "(a*)*", "0-2 2-2");
  check("a a b", "(a? | b?)+", "0-3");
  check_first("a a b", "(a?)*", "0-2 2-2");
  check_first("a a b", "(a?\?)*", "0-2 2-2");      /* as RE2 */
  check_first("a a b", "a??", "0-0 1-1 2-2");
  check_env("a a b", "a??", LORE_TP_FIRST, LORE_TP_NONEMPTY, NULL, "0-1 1-2");
  check("a a b", "(x){0}", "0-0 1-1 2-2");
  check("", "a*", "");
  {
    lore_doc *d = mkdoc("a b");
    lore_tpat *p = comp("a*", 0);
    lore_tpat_match m;
    lore_error err;
    assert_int_equal(lore_tpat_match_at(p, d, 2, 2, 0, &m, &err), 1);
    assert_int_equal(m.tok_start, 2);
    assert_int_equal(m.tok_end, 2);
    assert_int_equal(lore_tpat_match_at(p, d, 2, 2, LORE_TP_NONEMPTY, &m, &err), 0);
    lore_tpat_free(p);
    lore_doc_free(d);
  }
}

static void test_tpat_range_stop (void **state) {
  lore_doc *d = mkdoc("Putin met Xi and Li met Biden");
  lore_tpat *p = comp("[cap]", 0);
  Out o;
  lore_error err;
  (void)state;
  assert_string_equal(scan_range(p, d, 1, 5, 0), "2-3 4-5");
  assert_string_equal(scan_range(p, d, 5, 3, 0), "");
  assert_string_equal(scan_range(p, d, 6, 100, 0), "6-7");
  memset(&o, 0, sizeof o);
  o.p = p;
  o.stop_after = 2;
  assert_int_equal(lore_tpat_scan(p, d, 0, 100, 0, 0, collect, &o, &err), 2);
  assert_string_equal(o.s, "0-1 2-3");
  assert_int_equal(lore_tpat_scan(p, d, 0, 100, 0, 0, NULL, NULL, &err), 4);
  lore_tpat_free(p);
  lore_doc_free(d);
}

typedef struct Reent {
  lore_tpat *p;
  lore_doc *d;
  int rc;
  char msg[LORE_ERRMSG_SIZE];
} Reent;

static int reenter (void *ud, const lore_tpat_match *m) {
  Reent *r = (Reent *)ud;
  lore_error err;
  lore_tpat_match m2;
  (void)m;
  r->rc = lore_tpat_match_at(r->p, r->d, 0, 3, 0, &m2, &err);
  memcpy(r->msg, err.msg, sizeof r->msg);
  return 1;
}

static void test_tpat_reentrant (void **state) {
  Reent r;
  lore_error err;
  (void)state;
  r.d = mkdoc("a b c");
  r.p = comp("a", 0);
  assert_int_equal(lore_tpat_scan(r.p, r.d, 0, 3, 0, 0, reenter, &r, &err), 1);
  assert_int_equal(r.rc, LORE_EINVAL);
  assert_non_null(strstr(r.msg, "re-entrant"));
  assert_int_equal(lore_tpat_scan(r.p, r.d, 0, 3, 0, 0, NULL, NULL, &err), 1);
  lore_tpat_free(r.p);
  lore_doc_free(r.d);
}

/* }==================================================================== */

/* {====================================================================
** Errors and limits
** ===================================================================== */

static void test_tpat_syntax_errors (void **state) {
  (void)state;
  check_error("[cap", LORE_ESYNTAX, 4, "expected ']' to close '[' at offset 0");
  check_error("said [cap lower]", LORE_ESYNTAX, 10,
              "expected ']' to close '[' at offset 5");
  check_error("[foo]", LORE_ESYNTAX, 1, "unknown flag 'foo'");
  check_error("<PERSN>", LORE_ESYNTAX, 1, "unknown label 'PERSN'");
  check_error("[in=ents:PERSN]", LORE_ESYNTAX, 9, "unknown label 'PERSN'");
  check_error("@x said", LORE_ESYNTAX, 0, "unknown gazetteer '@x'");
  check_error("[in=@x]", LORE_ESYNTAX, 4, "unknown gazetteer '@x'");
  check_error("@ said", LORE_ESYNTAX, 1,
              "expected a gazetteer name after '@', found ' '");
  check_error("(said", LORE_ESYNTAX, 5, "expected ')' to close '(' at offset 0");
  check_error("said)", LORE_ESYNTAX, 4, "unexpected ')' (no group to close)");
  check_error("* said", LORE_ESYNTAX, 0, "nothing to repeat before '*'");
  check_error("{2} said", LORE_ESYNTAX, 0, "nothing to repeat before '{'");
  check_error("said{2,1}", LORE_ESYNTAX, 4,
              "bad repeat {2,1}: the minimum is above the maximum");
  check_error("said{2", LORE_ESYNTAX, 6, "expected '}' to close '{' at offset 4");
  check_error("said**", LORE_ESYNTAX, 5,
              "unexpected '*': a quantifier cannot follow a quantifier");
  check_error("said{1}{2}", LORE_ESYNTAX, 7,
              "unexpected '{': a quantifier cannot follow a quantifier");
  check_error("{said told", LORE_ESYNTAX, 10,
              "expected '}' to close '{' at offset 0");
  check_error("{}", LORE_ESYNTAX, 0, "empty word set {}");
  check_error("{said [cap]}", LORE_ESYNTAX, 6,
              "expected a word, a quoted string or '}' in {...}, found '['");
  check_error("\"Mr.", LORE_ESYNTAX, 4, "expected '\"' to close '\"' at offset 0");
  check_error("\"\"", LORE_ESYNTAX, 0, "empty string");
  check_error("/ab", LORE_ESYNTAX, 3, "expected '/' to close '/' at offset 0");
  check_error("//", LORE_ESYNTAX, 0, "empty regex //");
  check_error("/ab/z", LORE_ESYNTAX, 4, "unknown regex flag 'z'");
  check_error("/a(b/", LORE_ESYNTAX, 4, "bad regex: ");
  check_error("[kind=wrd]", LORE_ESYNTAX, 6, "unknown kind 'wrd'");
  check_error("[kind={word wrd}]", LORE_ESYNTAX, 12, "unknown kind 'wrd'");
  check_error("[colour=red]", LORE_ESYNTAX, 1, "unknown key 'colour'");
  check_error("[text=]", LORE_ESYNTAX, 6,
              "expected a value after 'text=', found ']'");
  check_error("[cap &]", LORE_ESYNTAX, 6, "expected a token test, found ']'");
  check_error("[]", LORE_ESYNTAX, 1, "expected a token test, found ']'");
  check_error("[(cap]", LORE_ESYNTAX, 5, "expected ')' to close '(' at offset 1");
  check_error("(?<1x> said)", LORE_ESYNTAX, 3,
              "expected a capture name after '(?<', found '1'");
  check_error("(?<a said)", LORE_ESYNTAX, 4,
              "expected '>' after the capture name, found ' '");
  check_error("(?<a>x) (?<a>y)", LORE_ESYNTAX, 11, "duplicate capture name 'a'");
  check_error("(?x)", LORE_ESYNTAX, 2, "expected '<' after '(?'");
  check_error("", LORE_ESYNTAX, 0, "empty pattern");
  check_error("  # only a comment\n", LORE_ESYNTAX, 0, "empty pattern");
  check_error("said |", LORE_ESYNTAX, 6,
              "expected a token pattern, found end of pattern");
  check_error("(| said)", LORE_ESYNTAX, 1, "expected a token pattern, found '|'");
  check_error("()", LORE_ESYNTAX, 1, "expected a token pattern, found ')'");
  check_error("42", LORE_ESYNTAX, 0, "unexpected '4': quote numbers");
  check_error("<PERSON", LORE_ESYNTAX, 7, "expected '>' to close '<' at offset 0");
  check_error("<>", LORE_ESYNTAX, 1,
              "expected a label, layer:LABEL or layer:*, found '>'");
  check_error("said \x80", LORE_ESYNTAX, 5,
              "expected a token pattern, found invalid UTF-8 byte 0x80");
  check_error("\xe2\x80\x9csaid", LORE_ESYNTAX, 0,
              "expected a token pattern, found '\xe2\x80\x9c'");
  check_error("said ]", LORE_ESYNTAX, 5, "expected a token pattern, found ']'");
}

static void test_tpat_limits (void **state) {
  char deep[512];
  int i;
  lore_error err;
  (void)state;
  check_error("(.{1000}){30}", LORE_ELIMIT, 9, "pattern too large: ");
  check_error("((.{100}){100}){100}", LORE_ELIMIT, 15, "pattern too large: ");
  check_error("a{100001}", LORE_ELIMIT, 2, "repeat count too large");
  for (i = 0; i < 101; i++) deep[i] = '(';
  deep[101] = 'a';
  for (i = 0; i < 101; i++) deep[102 + i] = ')';
  deep[203] = '\0';
  check_error(deep, LORE_ELIMIT, 100, "nesting too deep");
  for (i = 0; i < 150; i++) deep[i] = '!';
  memcpy(deep + 150, "cap]", 5);
  deep[0] = '[';
  check_error(deep, LORE_ELIMIT, 100, "nesting too deep");
  /* the largest program that fits compiles */
  {
    lore_tpat *p = comp(".{19999}", 0);
    lore_doc *d = mkdoc("a b c");
    assert_string_equal(scan(p, d, 0), "");
    lore_tpat_free(p);
    lore_doc_free(d);
  }
  lore_error_clear(&err);
  assert_null(lore_tpat_compile(NULL, 3, 0, NULL, &err));
  assert_int_equal(err.code, LORE_EINVAL);
}

static void test_tpat_budget (void **state) {
  lore_doc *d = mkdoc("a b c d e f g h i j k l m n o p");
  lore_tpat *p = comp("(. | .)* z", 0);
  lore_error err;
  long n;
  (void)state;
  lore_error_clear(&err);
  n = lore_tpat_scan(p, d, 0, SIZE_MAX, 0, 50, NULL, NULL, &err);
  assert_int_equal(n, LORE_ELIMIT);
  assert_int_equal(err.code, LORE_ELIMIT);
  assert_non_null(strstr(err.msg, "'(. | .)* z'"));
  assert_non_null(strstr(err.msg, "step budget"));
  /* a large enough budget finishes; the pattern stays usable */
  n = lore_tpat_scan(p, d, 0, SIZE_MAX, 0, 100000, NULL, NULL, &err);
  assert_int_equal(n, 0);
  lore_tpat_free(p);
  lore_doc_free(d);
}

/* }==================================================================== */

/* {====================================================================
** Scale and a brute-force comparison
** ===================================================================== */

static void test_tpat_linear (void **state) {
  size_t n = 100000, i, len = 2 * n;
  char *text = (char *)malloc(len + 1);
  lore_doc *d;
  lore_tpat *p;
  char want[64];
  (void)state;
  for (i = 0; i < n; i++) { text[2 * i] = 'a'; text[2 * i + 1] = ' '; }
  text[len] = '\0';
  d = mkdoc(text);
  free(text);
  snprintf(want, sizeof want, "0-%zu", n);
  p = comp("(. | .)*", 0);
  assert_string_equal(scan(p, d, 0), want);
  lore_tpat_free(p);
  p = comp("(. | .)*", LORE_TP_FIRST);
  assert_string_equal(scan(p, d, 0), want);
  lore_tpat_free(p);
  p = comp("((?<x>a) | (?<y>.))+ b?", 0);
  snprintf(want, sizeof want, "0-%zu{x=%zu-%zu}", n, n - 1, n);
  assert_string_equal(scan(p, d, 0), want);
  lore_tpat_free(p);
  /* a miss at every start stays linear too */
  p = comp("(a | .)* b", 0);
  assert_string_equal(scan(p, d, 0), "");
  lore_tpat_free(p);
  lore_doc_free(d);
}

/* Random patterns over the words a b c, checked against a brute-force
** matcher on the syntax tree. */
enum { R_WORD, R_ANY, R_SET, R_SEQ, R_ALT, R_REP, R_GAZ, R_SPAN };

/* The gazetteer @g of the random test (tokens a=0 b=1 c=2) and the spans
** <PERSON> of the current input. */
static const int rgaz[][5] = {{2, 0, 1}, {3, 0, 1, 2}, {1, 1}, {2, 2, 0},
                              {4, 1, 2, 0, 1}};
static const char *const rgaz_text[] = {"a b", "a b c", "b", "c a",
                                        "b c a b", NULL};
static int rspan[4][2], nrspan;

typedef struct RNode {
  int type, word, min, max, lazy, nkid;
  struct RNode *kid[3];
} RNode;

static uint64_t rng_state = 88172645463325252ULL;

static unsigned rnd (unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

static RNode *rgen (int depth, RNode *pool, int *np) {
  RNode *nd = &pool[(*np)++];
  static const int leaves[] = {R_WORD, R_ANY, R_SET, R_GAZ, R_SPAN};
  unsigned r = depth <= 0 ? rnd(5) : rnd(8);
  int i;
  memset(nd, 0, sizeof *nd);
  nd->type = depth <= 0 || r >= 6 ? leaves[r % 5] : (int)r;
  r = (unsigned)nd->type;
  nd->word = (int)rnd(3);
  if (r == R_SEQ || r == R_ALT) {
    nd->nkid = 2 + (int)rnd(2);
    for (i = 0; i < nd->nkid; i++) nd->kid[i] = rgen(depth - 1, pool, np);
  }
  else if (r == R_REP) {
    static const int q[][2] = {{0, 1}, {0, -1}, {1, -1}, {2, 2}, {0, 2},
                               {1, 3}, {2, -1}};
    unsigned k = rnd(7);
    nd->min = q[k][0];
    nd->max = q[k][1];
    nd->lazy = (int)rnd(2);
    nd->nkid = 1;
    nd->kid[0] = rgen(depth - 1, pool, np);
  }
  return nd;
}

static void rprint (const RNode *nd, char *buf, size_t *n) {
  int i;
  switch (nd->type) {
    case R_WORD: *n += (size_t)sprintf(buf + *n, "%c ", 'a' + nd->word); break;
    case R_ANY: *n += (size_t)sprintf(buf + *n, ". "); break;
    case R_SET: *n += (size_t)sprintf(buf + *n, "{%c b} ", 'a' + nd->word); break;
    case R_GAZ: *n += (size_t)sprintf(buf + *n, "@g "); break;
    case R_SPAN: *n += (size_t)sprintf(buf + *n, "<PERSON> "); break;
    case R_SEQ: case R_ALT:
      *n += (size_t)sprintf(buf + *n, "(");
      for (i = 0; i < nd->nkid; i++) {
        if (i > 0 && nd->type == R_ALT) *n += (size_t)sprintf(buf + *n, "| ");
        rprint(nd->kid[i], buf, n);
      }
      *n += (size_t)sprintf(buf + *n, ") ");
      break;
    default:
      *n += (size_t)sprintf(buf + *n, "(");
      rprint(nd->kid[0], buf, n);
      if (nd->max < 0) *n += (size_t)sprintf(buf + *n, "){%d,}", nd->min);
      else *n += (size_t)sprintf(buf + *n, "){%d,%d}", nd->min, nd->max);
      *n += (size_t)sprintf(buf + *n, "%s ", nd->lazy ? "?" : "");
      break;
  }
}

static int rtok_ok (const RNode *nd, int tok) {
  return nd->type == R_ANY || (nd->type == R_WORD && tok == nd->word) ||
         (nd->type == R_SET && (tok == nd->word || tok == 1));
}

/* Ends of a multi-token atom at token i, as a bit mask. */
static uint32_t rmulti (const RNode *nd, int i, const int *toks, int n) {
  uint32_t out = 0;
  int k, j;
  if (nd->type == R_SPAN) {
    for (k = 0; k < nrspan; k++)
      if (rspan[k][0] == i) out |= 1u << rspan[k][1];
    return out;
  }
  for (k = 0; rgaz_text[k] != NULL; k++) {
    int len = rgaz[k][0];
    if (i + len > n) continue;
    for (j = 0; j < len && toks[i + j] == rgaz[k][1 + j]; j++) ;
    if (j == len) out |= 1u << (i + len);
  }
  return out;
}

/* Set of ends (bit mask) of nd from each start in the mask. */
static uint32_t rends (const RNode *nd, uint32_t starts, const int *toks,
                       int n) {
  uint32_t out = 0, cur, all;
  int i, k;
  switch (nd->type) {
    case R_WORD: case R_ANY: case R_SET:
      for (i = 0; i < n; i++)
        if ((starts >> i & 1) && rtok_ok(nd, toks[i])) out |= 1u << (i + 1);
      return out;
    case R_GAZ: case R_SPAN:
      for (i = 0; i < n; i++)
        if (starts >> i & 1) out |= rmulti(nd, i, toks, n);
      return out;
    case R_SEQ:
      cur = starts;
      for (k = 0; k < nd->nkid; k++) cur = rends(nd->kid[k], cur, toks, n);
      return cur;
    case R_ALT:
      for (k = 0; k < nd->nkid; k++) out |= rends(nd->kid[k], starts, toks, n);
      return out;
    default:
      cur = starts;
      for (k = 0; k < nd->min; k++) cur = rends(nd->kid[0], cur, toks, n);
      all = cur;
      for (k = nd->min; nd->max < 0 || k < nd->max; k++) {
        uint32_t nx = rends(nd->kid[0], cur, toks, n);
        if ((nx | all) == all && nd->max < 0) break;
        all |= nx;
        cur = nx;
        if (nx == 0) break;
      }
      return all;
  }
}

/* Backtracking (Perl-like) matcher: calls the continuation in priority
** order; the first accepted end wins. */
typedef struct RCont {
  const RNode *nd;
  int count;              /* iterations done (repeats) */
  const struct RCont *next;
} RCont;

static int bt (const RNode *nd, int i, const RCont *k, const int *toks, int n,
               int *end);

static int btk (const RCont *k, int i, const int *toks, int n, int *end) {
  if (k == NULL) { *end = i; return 1; }
  if (k->nd->type == R_REP) {
    const RNode *nd = k->nd;
    RCont again = {nd, k->count + 1, k->next};
    int c = k->count;
    if (c < nd->min) return bt(nd->kid[0], i, &again, toks, n, end);
    if (nd->max >= 0 && c >= nd->max) return btk(k->next, i, toks, n, end);
    if (nd->lazy)
      return btk(k->next, i, toks, n, end) ||
             bt(nd->kid[0], i, &again, toks, n, end);
    return bt(nd->kid[0], i, &again, toks, n, end) ||
           btk(k->next, i, toks, n, end);
  }
  return bt(k->nd, i, k->next, toks, n, end);
}

static int bt (const RNode *nd, int i, const RCont *k, const int *toks, int n,
               int *end) {
  int j;
  switch (nd->type) {
    case R_WORD: case R_ANY: case R_SET:
      return i < n && rtok_ok(nd, toks[i]) && btk(k, i + 1, toks, n, end);
    case R_GAZ: case R_SPAN: {     /* the longest entry or span first */
      uint32_t ends = rmulti(nd, i, toks, n);
      for (j = n; j > i; j--)
        if ((ends >> j & 1) && btk(k, j, toks, n, end)) return 1;
      return 0;
    }
    case R_SEQ: {
      RCont cs[3];
      const RCont *nk = k;
      for (j = nd->nkid - 1; j >= 1; j--) {
        cs[j].nd = nd->kid[j]; cs[j].count = 0; cs[j].next = nk;
        nk = &cs[j];
      }
      return bt(nd->kid[0], i, nk, toks, n, end);
    }
    case R_ALT:
      for (j = 0; j < nd->nkid; j++)
        if (bt(nd->kid[j], i, k, toks, n, end)) return 1;
      return 0;
    default: {
      RCont c0 = {nd, 0, k};
      return btk(&c0, i, toks, n, end);
    }
  }
}

static int rnullable (const RNode *nd) {
  int k;
  switch (nd->type) {
    case R_WORD: case R_ANY: case R_SET: case R_GAZ: case R_SPAN: return 0;
    case R_SEQ:
      for (k = 0; k < nd->nkid; k++) if (!rnullable(nd->kid[k])) return 0;
      return 1;
    case R_ALT:
      for (k = 0; k < nd->nkid; k++) if (rnullable(nd->kid[k])) return 1;
      return 0;
    default: return nd->min == 0 || rnullable(nd->kid[0]);
  }
}

/* Repeats of nullable bodies differ between backtracking and a Pike VM
** (empty iterations); leftmost-first is compared without them. */
static int rsafe (const RNode *nd) {
  int k;
  if (nd->type == R_REP && rnullable(nd->kid[0])) return 0;
  for (k = 0; k < nd->nkid; k++) if (!rsafe(nd->kid[k])) return 0;
  return 1;
}

static void test_tpat_random (void **state) {
  RNode pool[256];
  char pat[4096], text[64], want[512];
  int iter, toks[10];
  TEnv te;
  (void)state;
  memset(&te, 0, sizeof te);
  te.names[0] = "g";
  te.gaz[0] = mkgaz(rgaz_text);
  te.n = 1;
  for (iter = 0; iter < 4000; iter++) {
    int np = 0, n = (int)rnd(9), i, first = (int)rnd(2), s;
    size_t pl = 0, tl = 0, wl = 0;
    RNode *root = rgen(3, pool, &np);
    lore_doc *d;
    lore_tpat *p;
    const char *got;
    if (first && !rsafe(root)) first = 0;
    rprint(root, pat, &pl);
    for (i = 0; i < n; i++) {
      toks[i] = (int)rnd(3);
      tl += (size_t)sprintf(text + tl, "%s%c", i ? " " : "", 'a' + toks[i]);
    }
    text[tl] = '\0';
    want[0] = '\0';
    nrspan = n > 0 ? (int)rnd(4) : 0;
    for (i = 0; i < nrspan; i++) {
      rspan[i][0] = (int)rnd((unsigned)n);
      rspan[i][1] = rspan[i][0] + 1 + (int)rnd((unsigned)(n - rspan[i][0]));
    }
    for (s = 0; s < n; ) {          /* non-overlapping scan, brute force */
      int e = -1;
      if (first) {
        if (!bt(root, s, NULL, toks, n, &e)) e = -1;
      }
      else {
        uint32_t ends = rends(root, 1u << s, toks, n);
        for (i = n; i >= s; i--) if (ends >> i & 1) { e = i; break; }
      }
      if (e < 0) { s++; continue; }
      wl += (size_t)sprintf(want + wl, "%s%d-%d", wl ? " " : "", s, e);
      s = e > s ? e : s + 1;
    }
    d = mkdoc(text);
    for (i = 0; i < nrspan; i++) {
      lore_layer *l = lore_doc_layer(d, "entities", 1);
      assert_int_equal(lore_layer_add(l, (uint32_t)(2 * rspan[i][0]),
                                      (uint32_t)(2 * rspan[i][1] - 1),
                                      L_PERSON, 0, 0, NULL), LORE_OK);
    }
    p = comp_env(pat, first ? LORE_TP_FIRST : 0, &te);
    got = scan(p, d, 0);
    if (strcmp(got, want) != 0)
      fail_msg("iteration %d: pattern '%s' (%s) on '%s': got '%s', want '%s'",
               iter, pat, first ? "first" : "longest", text, got, want);
    lore_tpat_free(p);
    lore_doc_free(d);
  }
  lore_gaz_free(te.gaz[0]);
}

/* }==================================================================== */

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tpat_words),
    cmocka_unit_test(test_tpat_sets),
    cmocka_unit_test(test_tpat_regex),
    cmocka_unit_test(test_tpat_kind_shape),
    cmocka_unit_test(test_tpat_flags),
    cmocka_unit_test(test_tpat_flags_kinds),
    cmocka_unit_test(test_tpat_segments),
    cmocka_unit_test(test_tpat_boolean),
    cmocka_unit_test(test_tpat_sequence_alt),
    cmocka_unit_test(test_tpat_quantifiers),
    cmocka_unit_test(test_tpat_lazy_first),
    cmocka_unit_test(test_tpat_longest_vs_first),
    cmocka_unit_test(test_tpat_captures),
    cmocka_unit_test(test_tpat_news),
    cmocka_unit_test(test_tpat_prefilter),
    cmocka_unit_test(test_tpat_gazetteer),
    cmocka_unit_test(test_tpat_spans),
    cmocka_unit_test(test_tpat_default_layer),
    cmocka_unit_test(test_tpat_in_sentence),
    cmocka_unit_test(test_tpat_in_sentence_multi),
    cmocka_unit_test(test_tpat_overlap),
    cmocka_unit_test(test_tpat_empty),
    cmocka_unit_test(test_tpat_range_stop),
    cmocka_unit_test(test_tpat_reentrant),
    cmocka_unit_test(test_tpat_syntax_errors),
    cmocka_unit_test(test_tpat_limits),
    cmocka_unit_test(test_tpat_budget),
    cmocka_unit_test(test_tpat_linear),
    cmocka_unit_test(test_tpat_random),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
