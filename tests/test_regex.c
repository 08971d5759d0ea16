/*
** tests/test_regex.c
** lore_regex: compile, exec, captures, iteration, UTF-8, limits, errors.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lore_regex.h"

/* A heap copy of s[0..n) with no spare byte, so reading past it trips ASan. */
static char *exact (const char *s, size_t n) {
  char *p = test_malloc(n > 0 ? n : 1);
  memcpy(p, s, n);
  return p;
}

static lore_regex *re_new (const char *pat, unsigned flags) {
  lore_error err;
  lore_regex *re;
  lore_error_clear(&err);
  re = lore_regex_compile(pat, strlen(pat), flags, &err);
  if (re == NULL) fail_msg("compile /%s/: %s", pat, err.msg);
  return re;
}

/* Match pat against text from start; returns exec's result, ov filled. */
static int run (const char *pat, unsigned flags, const char *text,
                size_t start, unsigned opts, size_t *ov, size_t pairs) {
  lore_regex *re = re_new(pat, flags);
  size_t n = strlen(text);
  char *s = exact(text, n);
  lore_error err;
  int rc = lore_regex_exec(re, s, n, start, opts, ov, pairs, &err);
  test_free(s);
  lore_regex_free(re);
  return rc;
}

static int have_jit (void) {
  uint32_t jit = 0;
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  return jit != 0;
}

static void test_regex_flags (void **state) {
  unsigned f = 99;
  lore_error err;
  (void)state;
  assert_int_equal(lore_regex_flags("", &f, &err), LORE_OK);
  assert_int_equal(f, 0);
  assert_int_equal(lore_regex_flags(NULL, &f, &err), LORE_OK);
  assert_int_equal(f, 0);
  assert_int_equal(lore_regex_flags("imsxUalJ", &f, &err), LORE_OK);
  assert_int_equal(f, LORE_RE_CASELESS | LORE_RE_MULTILINE | LORE_RE_DOTALL |
                   LORE_RE_EXTENDED | LORE_RE_UNGREEDY | LORE_RE_ANCHORED |
                   LORE_RE_LITERAL | LORE_RE_NOJIT);
  assert_int_equal(lore_regex_flags("ii", &f, &err), LORE_OK);
  assert_int_equal(f, LORE_RE_CASELESS);
  f = 7;
  assert_int_equal(lore_regex_flags("iq", &f, &err), LORE_EINVAL);
  assert_int_equal(f, 7);                   /* untouched on error */
  assert_int_equal(err.code, LORE_EINVAL);
  assert_int_equal(err.offset, 1);
  assert_string_equal(err.msg, "unknown regex flag 'q' at position 1 "
                      "(expected one of imsxUalJ)");
  assert_int_equal(lore_regex_flags("u", &f, &err), LORE_EINVAL);
  assert_int_equal(err.offset, 0);
}

static void test_regex_find (void **state) {
  size_t ov[2];
  lore_regex *re;
  lore_error err;
  size_t len;
  (void)state;
  assert_int_equal(run("said", 0, "He said no", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 3);
  assert_int_equal(ov[1], 7);
  assert_int_equal(run("said", 0, "He said no", 4, 0, ov, 1), 0);
  assert_int_equal(run("told", 0, "He said no", 0, 0, ov, 1), 0);
  /* a match is reported even with no room for offsets */
  assert_int_equal(run("said", 0, "He said no", 0, 0, NULL, 0), 1);
  /* accessors */
  re = re_new("a(b)(c)?", LORE_RE_CASELESS);
  assert_string_equal(lore_regex_pattern(re, &len), "a(b)(c)?");
  assert_int_equal(len, 8);
  assert_int_equal(lore_regex_flags_of(re), LORE_RE_CASELESS);
  assert_int_equal(lore_regex_ncaptures(re), 2);
  assert_int_equal(lore_regex_jitted(re), have_jit());
  lore_regex_free(re);
  re = re_new("x", LORE_RE_NOJIT);
  assert_int_equal(lore_regex_jitted(re), 0);
  lore_regex_free(re);
  /* empty pattern, empty subject, NULL subject of length 0 */
  re = re_new("", 0);
  assert_int_equal(lore_regex_exec(re, NULL, 0, 0, 0, ov, 1, &err), 1);
  assert_int_equal(ov[0], 0);
  assert_int_equal(ov[1], 0);
  lore_regex_free(re);
  lore_regex_free(NULL);
}

static void test_regex_flags_behaviour (void **state) {
  size_t ov[2];
  (void)state;
  /* caseless */
  assert_int_equal(run("SAID", 0, "he said", 0, 0, ov, 1), 0);
  assert_int_equal(run("SAID", LORE_RE_CASELESS, "he said", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 3);
  /* multiline */
  assert_int_equal(run("^b", 0, "a\nb", 0, 0, ov, 1), 0);
  assert_int_equal(run("^b", LORE_RE_MULTILINE, "a\nb", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 2);
  /* dotall */
  assert_int_equal(run("a.b", 0, "a\nb", 0, 0, ov, 1), 0);
  assert_int_equal(run("a.b", LORE_RE_DOTALL, "a\nb", 0, 0, ov, 1), 1);
  /* extended */
  assert_int_equal(run("a b # comment", LORE_RE_EXTENDED, "xab", 0, 0, ov, 1),
                   1);
  assert_int_equal(ov[0], 1);
  assert_int_equal(ov[1], 3);
  /* ungreedy */
  assert_int_equal(run("a+", LORE_RE_UNGREEDY, "aaa", 0, 0, ov, 1), 1);
  assert_int_equal(ov[1], 1);
  /* anchored: only at the start offset */
  assert_int_equal(run("b", LORE_RE_ANCHORED, "ab", 0, 0, ov, 1), 0);
  assert_int_equal(run("b", LORE_RE_ANCHORED, "ab", 1, 0, ov, 1), 1);
  assert_int_equal(ov[0], 1);
  /* literal: metacharacters are plain, caseless still folds non-ASCII */
  assert_int_equal(run("a.b(", LORE_RE_LITERAL, "axb( a.b(", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 5);
  assert_int_equal(ov[1], 9);
  assert_int_equal(run("ÉTÉ (", LORE_RE_LITERAL | LORE_RE_CASELESS,
                       "un été (chaud)", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 3);
  assert_int_equal(ov[1], 10);
  assert_int_equal(run("a(", LORE_RE_LITERAL | LORE_RE_MULTILINE |
                       LORE_RE_DOTALL | LORE_RE_EXTENDED | LORE_RE_UNGREEDY,
                       "a(", 0, 0, ov, 1), 1);
}

static void test_regex_captures (void **state) {
  size_t ov[8];
  (void)state;
  assert_int_equal(run("(\\w+) (said|told) (\\w+)", 0,
                       "Then Ms Lee told reporters", 0, 0, ov, 4), 1);
  assert_int_equal(ov[0], 8);   assert_int_equal(ov[1], 26);
  assert_int_equal(ov[2], 8);   assert_int_equal(ov[3], 11);
  assert_int_equal(ov[4], 12);  assert_int_equal(ov[5], 16);
  assert_int_equal(ov[6], 17);  assert_int_equal(ov[7], 26);
  /* fewer pairs than groups: only the first ones are filled */
  ov[2] = ov[3] = 12345;
  assert_int_equal(run("(a)(b)", 0, "ab", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 0);
  assert_int_equal(ov[1], 2);
  assert_int_equal(ov[2], 12345);
  /* more pairs than groups: the extra ones are not touched */
  ov[4] = ov[5] = 777;
  assert_int_equal(run("(a)", 0, "ab", 0, 0, ov, 4), 1);
  assert_int_equal(ov[2], 0);
  assert_int_equal(ov[3], 1);
  assert_int_equal(ov[4], 777);
}

static void test_regex_unset_groups (void **state) {
  size_t ov[8];
  (void)state;
  /* a group before the last set one */
  assert_int_equal(run("(a)|(b)", 0, "xb", 0, 0, ov, 3), 1);
  assert_int_equal(ov[0], 1);
  assert_int_equal(ov[2], LORE_RE_UNSET);
  assert_int_equal(ov[3], LORE_RE_UNSET);
  assert_int_equal(ov[4], 1);
  assert_int_equal(ov[5], 2);
  /* trailing groups after the last set one */
  memset(ov, 0, sizeof(ov));
  assert_int_equal(run("(a)|(b)(c)?", 0, "a", 0, 0, ov, 4), 1);
  assert_int_equal(ov[2], 0);
  assert_int_equal(ov[3], 1);
  assert_int_equal(ov[4], LORE_RE_UNSET);
  assert_int_equal(ov[5], LORE_RE_UNSET);
  assert_int_equal(ov[6], LORE_RE_UNSET);
  assert_int_equal(ov[7], LORE_RE_UNSET);
  /* an optional group that did not take part */
  assert_int_equal(run("b(x)?c", 0, "abc", 0, 0, ov, 2), 1);
  assert_int_equal(ov[0], 1);
  assert_int_equal(ov[2], LORE_RE_UNSET);
  /* a set but empty group is not unset */
  assert_int_equal(run("b(x*)c", 0, "abc", 0, 0, ov, 2), 1);
  assert_int_equal(ov[2], 2);
  assert_int_equal(ov[3], 2);
}

static void test_regex_named (void **state) {
  lore_regex *re = re_new("(?<who>\\p{Lu}\\w+) (said|told)(?: (?<whom>\\w+))?",
                          0);
  size_t ov[8];
  lore_error err;
  const char *t = "Xi said";
  char *s = exact(t, strlen(t));
  (void)state;
  assert_int_equal(lore_regex_ncaptures(re), 3);
  assert_int_equal(lore_regex_group_index(re, "who"), 1);
  assert_int_equal(lore_regex_group_index(re, "whom"), 3);
  assert_int_equal(lore_regex_group_index(re, "wh"), -1);
  assert_int_equal(lore_regex_group_index(re, "nope"), -1);
  assert_int_equal(lore_regex_group_index(re, NULL), -1);
  assert_string_equal(lore_regex_group_name(re, 1), "who");
  assert_null(lore_regex_group_name(re, 2));
  assert_string_equal(lore_regex_group_name(re, 3), "whom");
  assert_null(lore_regex_group_name(re, 0));
  assert_null(lore_regex_group_name(re, 4));
  assert_null(lore_regex_group_name(re, -1));
  assert_int_equal(lore_regex_exec(re, s, strlen(t), 0, 0, ov, 4, &err), 1);
  assert_int_equal(ov[2], 0);
  assert_int_equal(ov[3], 2);
  assert_int_equal(ov[6], LORE_RE_UNSET);
  test_free(s);
  lore_regex_free(re);
  /* no names at all */
  re = re_new("(a)(b)", 0);
  assert_int_equal(lore_regex_group_index(re, "a"), -1);
  assert_null(lore_regex_group_name(re, 1));
  lore_regex_free(re);
  /* duplicate names (?J): the lowest group number */
  re = re_new("(?J)(?<n>a)|(?<n>b)", 0);
  assert_int_equal(lore_regex_group_index(re, "n"), 1);
  assert_string_equal(lore_regex_group_name(re, 2), "n");
  lore_regex_free(re);
}

/* Collect all matches of pat in text as start/end pairs; returns count. */
static size_t all_matches (const char *pat, unsigned flags, const char *text,
                           size_t *out, size_t max) {
  lore_regex *re = re_new(pat, flags);
  size_t n = strlen(text), pos = 0, k = 0, ov[2];
  char *s = exact(text, n);
  unsigned opts = LORE_REX_VALID;
  lore_error err;
  while (pos <= n && k < max) {
    int rc = lore_regex_exec(re, s, n, pos, opts, ov, 1, &err);
    assert_true(rc >= 0);
    if (rc == 0) break;
    out[2 * k] = ov[0];
    out[2 * k + 1] = ov[1];
    k++;
    opts = LORE_REX_VALID;
    if (ov[0] == ov[1]) {
      if (ov[1] == n) break;
      opts |= LORE_REX_NOTEMPTY_ATSTART;
    }
    pos = ov[1];
  }
  test_free(s);
  lore_regex_free(re);
  return k;
}

static void test_regex_iterate (void **state) {
  size_t m[32];
  (void)state;
  /* non-empty matches */
  assert_int_equal(all_matches("\\d+", 0, "1 22 333", m, 16), 3);
  assert_int_equal(m[0], 0); assert_int_equal(m[1], 1);
  assert_int_equal(m[2], 2); assert_int_equal(m[3], 4);
  assert_int_equal(m[4], 5); assert_int_equal(m[5], 8);
  /* empty matches, as Perl's //g: "", "xx", "", "" */
  assert_int_equal(all_matches("x*", 0, "axxb", m, 16), 4);
  assert_int_equal(m[0], 0); assert_int_equal(m[1], 0);
  assert_int_equal(m[2], 1); assert_int_equal(m[3], 3);
  assert_int_equal(m[4], 3); assert_int_equal(m[5], 3);
  assert_int_equal(m[6], 4); assert_int_equal(m[7], 4);
  /* stepping past an empty match moves by a whole character */
  assert_int_equal(all_matches("x*", 0, "é€", m, 16), 3);
  assert_int_equal(m[0], 0); assert_int_equal(m[1], 0);
  assert_int_equal(m[2], 2); assert_int_equal(m[3], 2);
  assert_int_equal(m[4], 5); assert_int_equal(m[5], 5);
  /* word boundaries are empty matches */
  assert_int_equal(all_matches("\\b", 0, "Zoë is", m, 16), 4);
  assert_int_equal(m[0], 0); assert_int_equal(m[2], 4);
  assert_int_equal(m[4], 5); assert_int_equal(m[6], 7);
  /* empty subject: one empty match */
  assert_int_equal(all_matches("a*", 0, "", m, 16), 1);
  assert_int_equal(m[0], 0); assert_int_equal(m[1], 0);
  /* NOTEMPTY_ATSTART prefers a later empty match to none */
  {
    size_t ov[2];
    assert_int_equal(run("x*", 0, "ab", 0, LORE_REX_NOTEMPTY_ATSTART, ov, 1),
                     1);
    assert_int_equal(ov[0], 1);
    assert_int_equal(ov[1], 1);
  }
}

static void test_regex_utf8_offsets (void **state) {
  size_t ov[4];
  (void)state;
  /* "Müller" is 7 bytes */
  assert_int_equal(run("said", 0, "Müller said", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 8);
  assert_int_equal(ov[1], 12);
  /* \w and . take whole characters (UCP) */
  assert_int_equal(run("\\w+", 0, "  Zoë!", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 2);
  assert_int_equal(ov[1], 6);
  assert_int_equal(run("^.(.)", 0, "€uro", 0, 0, ov, 2), 1);
  assert_int_equal(ov[1], 4);
  assert_int_equal(ov[2], 3);
  assert_int_equal(ov[3], 4);
  /* 4-byte characters */
  assert_int_equal(run("b", 0, "😀b", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 4);
  /* \d with UCP: Arabic-Indic digits */
  assert_int_equal(run("\\d+", 0, "x ٣٤", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 2);
  assert_int_equal(ov[1], 6);
  /* searching from an offset after a multibyte character */
  assert_int_equal(run("é", 0, "éaé", 2, 0, ov, 1), 1);
  assert_int_equal(ov[0], 3);
}

static void test_regex_unicode_props (void **state) {
  size_t ov[2];
  (void)state;
  assert_int_equal(run("\\p{Lu}\\p{Ll}+", 0, "über Ärger", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 6);
  assert_int_equal(ov[1], 12);
  assert_int_equal(run("\\p{Greek}+", 0, "alpha αβγ", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 6);
  assert_int_equal(ov[1], 12);
  assert_int_equal(run("\\P{L}+", 0, "Łódź 2023", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 7);
  assert_int_equal(ov[1], 12);
  assert_int_equal(run("\\p{Sc}", 0, "cost €5", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 5);
  assert_int_equal(ov[1], 8);
  /* [[:upper:]] follows UCP too */
  assert_int_equal(run("[[:upper:]]", 0, "éÉ", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 2);
}

static void test_regex_caseless_unicode (void **state) {
  size_t ov[2];
  (void)state;
  assert_int_equal(run("école", LORE_RE_CASELESS, "L'ÉCOLE", 0, 0, ov, 1), 1);
  assert_int_equal(ov[0], 2);
  assert_int_equal(ov[1], 8);
  assert_int_equal(run("ölmüller", LORE_RE_CASELESS, "ÖLMÜLLER", 0, 0, ov, 1),
                   1);
  assert_int_equal(ov[1], 10);
  assert_int_equal(run("σοφία", LORE_RE_CASELESS, "ΣΟΦΊΑ", 0, 0, ov, 1), 1);
  assert_int_equal(run("ПУТИН", LORE_RE_CASELESS, "Путин", 0, 0, ov, 1), 1);
  assert_int_equal(run("école", 0, "ÉCOLE", 0, 0, ov, 1), 0);
  /* inline option */
  assert_int_equal(run("(?i)émile", 0, "ÉMILE", 0, 0, ov, 1), 1);
}

static void check_syntax (const char *pat, size_t len, size_t off,
                          const char *msg) {
  lore_error err;
  lore_regex *re;
  lore_error_clear(&err);
  re = lore_regex_compile(pat, len, 0, &err);
  assert_null(re);
  assert_int_equal(err.code, LORE_ESYNTAX);
  assert_int_equal(err.offset, off);
  assert_string_equal(err.msg, msg);
}

static void test_regex_compile_errors (void **state) {
  char longpat[128];
  (void)state;
  check_syntax("a(b", 3, 3, "missing closing parenthesis at offset 3 in /a(b/");
  check_syntax("x{2,1}", 6, 5,
               "numbers out of order in {} quantifier at offset 5 in /x{2,1}/");
  check_syntax("[z-a]", 5, 3,
               "range out of order in character class at offset 3 in /[z-a]/");
  check_syntax("\\p{Foo}", 7, 7,
               "unknown property after \\P or \\p at offset 7 in /\\p{Foo}/");
  check_syntax("a**+", 4, 2, "quantifier does not follow a repeatable item "
               "at offset 2 in /a**+/");
  check_syntax("(?<n>a)(?<n>b)", 14, 12,
               "two named subpatterns have the same name (PCRE2_DUPNAMES not "
               "set) at offset 12 in /(?<n>a)(?<n>b)/");
  check_syntax("é)", 3, 2,
               "unmatched closing parenthesis at offset 2 in /é)/");
  /* invalid UTF-8 in the pattern: shown as '?' in the message */
  check_syntax("ab\xff", 3, 2, "UTF-8 error: illegal byte (0xfe or 0xff) "
               "at offset 2 in /ab?/");
  /* a NUL inside the pattern is part of it (len is explicit) */
  {
    lore_regex *re = lore_regex_compile("a\0b", 3, 0, NULL);
    size_t ov[2];
    assert_non_null(re);
    assert_int_equal(lore_regex_exec(re, "xa\0b", 4, 0, 0, ov, 1, NULL), 1);
    assert_int_equal(ov[0], 1);
    lore_regex_free(re);
  }
  /* long pattern: quoted up to 60 bytes, never half a character */
  memset(longpat, 'a', 59);
  memcpy(longpat + 59, "é(", 3);
  longpat[62] = '\0';
  {
    char want[160];
    snprintf(want, sizeof want, "missing closing parenthesis at offset 62 in "
             "/%.*s/", 59, longpat);
    check_syntax(longpat, 62, 62, want);
  }
  /* errors without an error record do not crash */
  assert_null(lore_regex_compile("(", 1, 0, NULL));
}

static void test_regex_invalid_subject (void **state) {
  lore_regex *re = re_new("d", 0);
  size_t ov[2];
  lore_error err;
  char *s;
  (void)state;
  s = exact("abc\xff" "def", 7);
  assert_int_equal(lore_regex_exec(re, s, 7, 0, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.code, LORE_EFORMAT);
  assert_int_equal(err.offset, 3);
  assert_non_null(strstr(err.msg, "offset 3"));
  test_free(s);
  /* truncated sequence at the end */
  s = exact("ab\xc3", 3);
  assert_int_equal(lore_regex_exec(re, s, 3, 0, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.offset, 2);
  test_free(s);
  /* overlong encoding of '/' and a UTF-16 surrogate */
  s = exact("x\xc0\xaf", 3);
  assert_int_equal(lore_regex_exec(re, s, 3, 0, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.offset, 1);
  test_free(s);
  s = exact("xy\xed\xa0\x80", 5);
  assert_int_equal(lore_regex_exec(re, s, 5, 0, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.offset, 2);
  test_free(s);
  /* searching from an offset: the offset reported is still absolute (PCRE2
  ** checks from the start offset, less the longest lookbehind) */
  s = exact("dd\xff" "dd", 5);
  assert_int_equal(lore_regex_exec(re, s, 5, 1, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.offset, 2);
  test_free(s);
  /* a start offset inside a character */
  s = exact("éd", 3);
  assert_int_equal(lore_regex_exec(re, s, 3, 1, 0, ov, 1, &err), LORE_EFORMAT);
  assert_int_equal(err.offset, 1);
  assert_int_equal(lore_regex_exec(re, s, 3, 1, LORE_REX_VALID, ov, 1, &err),
                   LORE_EFORMAT);
  assert_int_equal(err.offset, 1);
  assert_int_equal(lore_regex_exec(re, s, 3, 2, LORE_REX_VALID, ov, 1, &err),
                   1);
  assert_int_equal(ov[0], 2);
  test_free(s);
  lore_regex_free(re);
}

static void test_regex_range (void **state) {
  lore_regex *re = re_new("x*", 0);
  size_t ov[2];
  lore_error err;
  char *s = exact("abc", 3);
  (void)state;
  assert_int_equal(lore_regex_exec(re, s, 3, 4, 0, ov, 1, &err), LORE_ERANGE);
  assert_int_equal(err.code, LORE_ERANGE);
  assert_int_equal(err.offset, 4);
  assert_int_equal(lore_regex_exec(re, s, 3, (size_t)-1, 0, ov, 1, &err),
                   LORE_ERANGE);
  /* start == len is allowed: an empty match at the end */
  assert_int_equal(lore_regex_exec(re, s, 3, 3, 0, ov, 1, &err), 1);
  assert_int_equal(ov[0], 3);
  assert_int_equal(ov[1], 3);
  test_free(s);
  lore_regex_free(re);
}

/* Run pat over text with and without JIT under the default limits; both
** must report "match limit exceeded" naming the pattern, quickly (a few
** tenths of a second; the bound leaves room for sanitizers). */
static void check_limit (const char *pat, const char *text, size_t n) {
  int jit;
  for (jit = 0; jit < 2; jit++) {
    lore_regex *re = re_new(pat, jit ? 0 : LORE_RE_NOJIT);
    size_t ov[4];
    lore_error err;
    char want[128];
    clock_t t0 = clock();
    lore_error_clear(&err);
    assert_int_equal(lore_regex_exec(re, text, n, 0, 0, ov, 2, &err),
                     LORE_ELIMIT);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    assert_int_equal(err.code, LORE_ELIMIT);
    snprintf(want, sizeof want, "match limit exceeded in /%s/", pat);
    assert_string_equal(err.msg, want);
    /* the object stays usable afterwards */
    assert_int_equal(lore_regex_exec(re, "", 0, 0, 0, ov, 2, &err) >= 0, 1);
    lore_regex_free(re);
  }
}

static void test_regex_limits (void **state) {
  size_t n = 100000, i;
  char *s = test_malloc(n + 1);
  (void)state;
  memset(s, 'a', n);
  s[n] = '!';
  check_limit("(a+)+$", s, n + 1);
  for (i = 0; i + 5 <= n; i += 5) memcpy(s + i, "word ", 5);
  s[n] = '!';
  check_limit("(\\w+\\s?)*$", s, n + 1);
  check_limit("^(\\w+\\s?)*$", s, n + 1);
  check_limit("(?:\\w+\\s?)+[?;]", s, n + 1);
  test_free(s);
}

static void test_regex_set_limits (void **state) {
  lore_regex *re = re_new("(?:a|b|ab)*[cd]", LORE_RE_NOJIT);
  lore_regex_limits lim;
  const char *t = "abababababababababababababababab";
  size_t ov[2];
  lore_error err;
  (void)state;
  assert_int_equal(lore_regex_exec(re, t, strlen(t), 0, 0, ov, 1, &err), 0);
  lim.match_limit = 50;
  lim.depth_limit = 0;
  lim.heap_limit_kib = 0;
  lore_regex_set_limits(re, &lim);
  assert_int_equal(lore_regex_exec(re, t, strlen(t), 0, 0, ov, 1, &err),
                   LORE_ELIMIT);
  assert_string_equal(err.msg, "match limit exceeded in /(?:a|b|ab)*[cd]/");
  lim.match_limit = 10000000;
  lim.depth_limit = 3;
  lore_regex_set_limits(re, &lim);
  assert_int_equal(lore_regex_exec(re, t, strlen(t), 0, 0, ov, 1, &err),
                   LORE_ELIMIT);
  assert_string_equal(err.msg, "depth limit exceeded in /(?:a|b|ab)*[cd]/");
  lim.depth_limit = 10000;
  lore_regex_set_limits(re, &lim);
  lore_regex_set_limits(re, NULL);
  assert_int_equal(lore_regex_exec(re, t, strlen(t), 0, 0, ov, 1, &err), 0);
  lore_regex_free(re);
}

/* A quoted string of n bytes: '"', x..., '\"', y..., '"'. */
static char *quoted (size_t n) {
  char *s = test_malloc(n);
  memset(s, 'x', n);
  s[0] = '"';
  s[n / 2] = '\\';
  s[n / 2 + 1] = '"';
  s[n - 1] = '"';
  return s;
}

#define QUOTED "\"(?:\\\\.|[^\"\\\\])*\""

/* A linear pattern matches a 300 KB quoted string under the default
** limits, with and without JIT, and the regex stays usable (the
** interpreter's grown match data is replaced after the call). */
static void test_regex_long_linear_match (void **state) {
  size_t n = 300000, ov[2];
  char *s = quoted(n);
  lore_error err;
  int jit;
  (void)state;
  for (jit = 0; jit < 2; jit++) {
    lore_regex *re = re_new(QUOTED, jit ? 0 : LORE_RE_NOJIT);
    int k;
    for (k = 0; k < 2; k++) {
      lore_error_clear(&err);
      assert_int_equal(lore_regex_exec(re, s, n, 0, LORE_REX_VALID, ov, 1,
                                       &err), 1);
      assert_int_equal(ov[0], 0);
      assert_int_equal(ov[1], n);
      assert_int_equal(lore_regex_exec(re, "a \"b\"", 5, 0, 0, ov, 1, &err), 1);
      assert_int_equal(ov[0], 2);
      assert_int_equal(ov[1], 5);
    }
    lore_regex_free(re);
  }
  test_free(s);
}

/* The JIT stack limit: too small for the long match (a clear error, the
** regex still usable), then large enough; 0 leaves it, below 32 is 32. */
static void test_regex_jit_stack (void **state) {
  size_t n = 300000, ov[2];
  char *s = quoted(n);
  lore_regex *re = re_new(QUOTED, 0);
  lore_error err;
  (void)state;
  if (!lore_regex_jitted(re)) {
    lore_regex_free(re);
    test_free(s);
    skip();
  }
  lore_regex_set_jit_stack(re, 1);            /* 32 KiB */
  lore_error_clear(&err);
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), LORE_ELIMIT);
  assert_string_equal(err.msg, "JIT stack limit exceeded in /" QUOTED "/");
  assert_int_equal(err.offset, 0);
  lore_regex_set_jit_stack(re, 256);
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), LORE_ELIMIT);
  assert_int_equal(lore_regex_exec(re, "\"ab\"", 4, 0, 0, ov, 1, &err), 1);
  lore_regex_set_jit_stack(re, 0);            /* unchanged */
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), LORE_ELIMIT);
  lore_regex_set_jit_stack(re, 32768);
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), 1);
  assert_int_equal(ov[1], n);
  lore_regex_free(re);
  test_free(s);
}

/* The interpreter's heap limit, then the default again. */
static void test_regex_heap_limit (void **state) {
  size_t n = 300000, ov[2];
  char *s = quoted(n);
  lore_regex *re = re_new(QUOTED, LORE_RE_NOJIT);
  lore_regex_limits lim = {0, 0, 0};
  lore_error err;
  (void)state;
  lim.heap_limit_kib = 1024;
  lore_regex_set_limits(re, &lim);
  lore_error_clear(&err);
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), LORE_ELIMIT);
  assert_string_equal(err.msg, "heap limit exceeded in /" QUOTED "/");
  lim.heap_limit_kib = 256 * 1024;
  lore_regex_set_limits(re, &lim);
  assert_int_equal(lore_regex_exec(re, s, n, 0, 0, ov, 1, &err), 1);
  assert_int_equal(ov[1], n);
  lore_regex_free(re);
  test_free(s);
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_regex_flags),
    cmocka_unit_test(test_regex_find),
    cmocka_unit_test(test_regex_flags_behaviour),
    cmocka_unit_test(test_regex_captures),
    cmocka_unit_test(test_regex_unset_groups),
    cmocka_unit_test(test_regex_named),
    cmocka_unit_test(test_regex_iterate),
    cmocka_unit_test(test_regex_utf8_offsets),
    cmocka_unit_test(test_regex_unicode_props),
    cmocka_unit_test(test_regex_caseless_unicode),
    cmocka_unit_test(test_regex_compile_errors),
    cmocka_unit_test(test_regex_invalid_subject),
    cmocka_unit_test(test_regex_range),
    cmocka_unit_test(test_regex_limits),
    cmocka_unit_test(test_regex_set_limits),
    cmocka_unit_test(test_regex_long_linear_match),
    cmocka_unit_test(test_regex_jit_stack),
    cmocka_unit_test(test_regex_heap_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
