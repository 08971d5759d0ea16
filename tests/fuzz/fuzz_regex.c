/*
** fuzz_regex.c
** libFuzzer target: the PCRE2 wrapper. Compile an arbitrary pattern (the
** first input byte gives the flags: i m s x U a l J and "default limits");
** a failed compile must give LORE_ESYNTAX with an offset inside the
** pattern and a one-line, valid UTF-8 message. A compiled pattern is run
** over a fixed subject (news text plus a run of 'a's that makes nested
** quantifiers backtrack) the way the bindings iterate: every match inside
** the subject, on character boundaries, moving forward; limits must end a
** catastrophic match with LORE_ELIMIT well within 10 s of CPU time.
** A subject with invalid UTF-8 must be refused (LORE_EFORMAT) unless told
** it is valid.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_common.h"
#include "lore_regex.h"

static const char SUBJECT[] =
  "Russian leader Vladimir Putin said Wednesday that world conflicts "
  "\"strengthen\" ties with China \xE2\x80\x94 1,400 officials, 3.5% and $240bn.\n"
  "Z\xC3\xBCrich \xD0\x9F\xD0\xB5\xD0\xBA\xD0\xB8\xD0\xBD \xE5\x8C\x97\xE4\xBA\xAC "
  "\xF0\x9F\x98\x80 caf\xC3\xA9\r\n"
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy";

static const char BAD[] = "abc \xC0\xAF def \xED\xA0\x80 ghi";

#define NPAIRS 8

/* 1 if offset i of SUBJECT is not inside a character */
static int boundary (size_t i) {
  return i >= sizeof SUBJECT - 1 || ((unsigned char)SUBJECT[i] & 0xC0u) != 0x80u;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  static const unsigned bits[7] = { LORE_RE_CASELESS, LORE_RE_MULTILINE,
    LORE_RE_DOTALL, LORE_RE_EXTENDED, LORE_RE_UNGREEDY, LORE_RE_ANCHORED,
    LORE_RE_NOJIT };
  unsigned flags = 0;
  const char *pat;
  size_t len, start = 0, subj_len = sizeof SUBJECT - 1, ov[2 * NPAIRS];
  lore_error err;
  lore_regex *re;
  int i, r, nmatch = 0, lastempty = 0;
  clock_t t0;
  if (size == 0) return 0;
  for (i = 0; i < 7; i++) if (data[0] & (1u << i)) flags |= bits[i];
  if ((data[0] & 0x81) == 0x81) flags |= LORE_RE_LITERAL;
  pat = (const char *)data + 1;
  len = size - 1;
  memset(&err, 0, sizeof err);
  re = lore_regex_compile(pat, len, flags, &err);
  if (re == NULL) {
    FUZZ_CHECK(err.code == LORE_ESYNTAX, "compile failed with code %d (%s)",
               err.code, err.msg);
    FUZZ_CHECK(err.offset <= len, "error offset %zu beyond %zu", err.offset, len);
    FUZZ_CHECK(err.msg[0] != '\0' && strpbrk(err.msg, "\r\n") == NULL &&
               fuzz_valid_utf8((const unsigned char *)err.msg, strlen(err.msg)),
               "bad error message");
    return 0;
  }
  {
    size_t pl;
    const char *p2 = lore_regex_pattern(re, &pl);
    FUZZ_CHECK(pl == len && memcmp(p2, pat, len) == 0 && p2[len] == '\0',
               "pattern copy");
  }
  FUZZ_CHECK(lore_regex_ncaptures(re) >= 0, "ncaptures");
  if (!(data[0] & 0x80)) {
    lore_regex_limits lim = { 200000, 1000, 4096 };
    lore_regex_set_limits(re, &lim);
  }
  t0 = clock();
  for (;;) {                               /* as llore_regex.c nextmatch */
    unsigned o = LORE_REX_VALID | (lastempty ? LORE_REX_NOTEMPTY_ATSTART : 0);
    int k, nc = lore_regex_ncaptures(re);
    memset(&err, 0, sizeof err);
    r = lore_regex_exec(re, SUBJECT, subj_len, start, o, ov, NPAIRS, &err);
    FUZZ_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0,
               "limits did not stop the match in time");
    if (r == 0) {
      if (lastempty && start < subj_len) {  /* retry one character later */
        do start++; while (start < subj_len &&
                           ((unsigned char)SUBJECT[start] & 0xC0u) == 0x80u);
        lastempty = 0;
        continue;
      }
      break;
    }
    if (r < 0) {
      FUZZ_CHECK(err.code == LORE_ELIMIT || err.code == LORE_EMATCH ||
                 err.code == LORE_ENOMEM,
                 "exec code %d (%s)", err.code, err.msg);
      FUZZ_CHECK(err.msg[0] != '\0' && fuzz_valid_utf8(
                 (const unsigned char *)err.msg, strlen(err.msg)), "exec message");
      break;
    }
    FUZZ_CHECK(r == 1, "exec returned %d", r);
    for (k = 0; k <= nc && k < NPAIRS; k++) {
      size_t a = ov[2 * k], b = ov[2 * k + 1];
      if (k > 0 && a == LORE_RE_UNSET) {
        FUZZ_CHECK(b == LORE_RE_UNSET, "half-set group");
        continue;
      }
      FUZZ_CHECK(a <= b && b <= subj_len, "group %d [%zu,%zu) of %zu bytes",
                 k, a, b, subj_len);
      FUZZ_CHECK(boundary(a) && boundary(b),
                 "group %d [%zu,%zu) splits a character", k, a, b);
    }
    FUZZ_CHECK(ov[1] >= start, "match [%zu,%zu) ends before its start %zu",
               ov[0], ov[1], start);
    FUZZ_CHECK(!(lastempty && ov[0] == start && ov[1] == start),
               "empty match repeated at %zu", start);
    lastempty = ov[1] == ov[0];
    start = ov[1];
    if (++nmatch > 5000) break;
  }
  /* an invalid subject is refused unless it is said to be valid */
  memset(&err, 0, sizeof err);
  r = lore_regex_exec(re, BAD, sizeof BAD - 1, 0, 0, ov, NPAIRS, &err);
  FUZZ_CHECK(r == 0 || r == 1 || err.code == LORE_EFORMAT ||
             err.code == LORE_ELIMIT || err.code == LORE_EMATCH,
             "invalid subject: %d (%s)", r, err.msg);
  if (r < 0 && err.code == LORE_EFORMAT)
    FUZZ_CHECK(err.offset == 4, "first bad byte at 4, reported %zu", err.offset);
  lore_regex_free(re);
  return 0;
}
