/*
** fuzz_tpat.c
** libFuzzer target: lore_tpat_compile on arbitrary source; when it
** compiles, scan a small fixed document (with an "entities" layer and a
** gazetteer @places) and check the matches: in order, inside the
** document, non-overlapping unless LORE_TP_OVERLAP, non-empty with
** LORE_TP_NONEMPTY, inside one sentence with LORE_TP_IN_SENTENCE, captures
** inside their match. A failed compile must give a message and an offset
** inside the source. The first byte selects compile and scan options.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lore_doc.h"
#include "lore_gaz.h"
#include "lore_tpat.h"

static const char DOC[] =
  "Russia's Putin says world conflicts 'strengthen' ties with China\n"
  "Russian leader Vladimir Putin said Wednesday that world conflicts "
  "\"strengthen\" his country's relations with China, after talks with Xi "
  "Jinping in Beijing. Mr. Xi told the U.S. delegation: \xE2\x80\x9CWe will "
  "not back down,\xE2\x80\x9D according to 1,400 officials and 3.5% of the "
  "G20 (Group of Twenty) on Oct. 18... Trade reached $240bn -- a record.\n"
  "Contact press@example.org or see https://example.org/a?b=1 \xC3\xA9t\xC3\xA9 "
  "Z\xC3\xBCrich \xD0\x9F\xD0\xB5\xD0\xBA\xD0\xB8\xD0\xBD \xE5\x8C\x97\xE4\xBA\xAC.";

static lore_doc *doc;
static lore_gaz *places;

static int env_gaz (void *ud, const char *name, size_t len,
                    const lore_gaz **g) {
  (void)ud;
  if (len == 6 && memcmp(name, "places", 6) == 0) { *g = places; return 0; }
  return -1;
}

static int env_label (void *ud, const char *name, size_t len, uint32_t *id) {
  static const char *const labels[] = { "PERSON", "ORG", "PLACE" };
  uint32_t i;
  (void)ud;
  for (i = 0; i < 3; i++)
    if (strlen(labels[i]) == len && memcmp(labels[i], name, len) == 0) {
      *id = i + 1;
      return 0;
    }
  return -1;
}

static void add_span (const char *word, uint32_t label) {
  const char *p = strstr(DOC, word);
  lore_layer *l = lore_doc_layer(doc, "entities", 1);
  while (p != NULL) {
    uint32_t a = (uint32_t)(p - DOC);
    FUZZ_CHECK(lore_layer_add(l, a, a + (uint32_t)strlen(word), label, 0, 1,
                              NULL) == LORE_OK, "add span");
    p = strstr(p + 1, word);
  }
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerInitialize (int *argc, char ***argv) {
  static const char *const gz[] = { "Beijing", "China", "Xi Jinping",
                                    "Z\xC3\xBCrich", "United States" };
  size_t i;
  (void)argc; (void)argv;
  FUZZ_CHECK(lore_doc_new(DOC, sizeof DOC - 1, LORE_DOC_BORROW, &doc) == LORE_OK,
             "doc");
  places = lore_gaz_new(LORE_GAZ_CASE);
  for (i = 0; i < sizeof gz / sizeof gz[0]; i++)
    FUZZ_CHECK(lore_gaz_add(places, gz[i], strlen(gz[i]), NULL, NULL) == LORE_OK,
               "gaz");
  add_span("Vladimir Putin", 1);
  add_span("Putin", 1);
  add_span("Xi", 1);
  add_span("Group of Twenty", 2);
  add_span("China", 3);
  add_span("Beijing", 3);
  return 0;
}

typedef struct scanst {
  const lore_tpat *p;
  size_t ntok, nsent, count;
  const lore_range *sent;
  unsigned opts;
  long prev_start, prev_end;
  int ncap;
} scanst;

static int on_match (void *ud, const lore_tpat_match *m) {
  scanst *s = (scanst *)ud;
  int k;
  FUZZ_CHECK(m->tok_start <= m->tok_end && m->tok_end <= s->ntok,
             "match [%u,%u) of %zu tokens", m->tok_start, m->tok_end, s->ntok);
  FUZZ_CHECK((long)m->tok_start >= s->prev_start, "matches out of order");
  if (!(s->opts & LORE_TP_OVERLAP))
    FUZZ_CHECK((long)m->tok_start >= s->prev_end, "matches overlap: [%u,%u) "
               "after [%ld,%ld)", m->tok_start, m->tok_end, s->prev_start,
               s->prev_end);
  if (s->opts & LORE_TP_NONEMPTY)
    FUZZ_CHECK(m->tok_end > m->tok_start, "empty match with NONEMPTY");
  if ((s->opts & LORE_TP_IN_SENTENCE) && m->tok_end > m->tok_start) {
    size_t i;
    for (i = 0; i < s->nsent; i++)
      if (s->sent[i].tok_start <= m->tok_start && m->tok_start < s->sent[i].tok_end)
        break;
    FUZZ_CHECK(i < s->nsent && m->tok_end <= s->sent[i].tok_end,
               "match [%u,%u) crosses a sentence", m->tok_start, m->tok_end);
  }
  for (k = 0; k < s->ncap; k++) {
    uint32_t a = m->caps[2 * k], b = m->caps[2 * k + 1];
    if (a == UINT32_MAX) { FUZZ_CHECK(b == UINT32_MAX, "half-set capture"); continue; }
    FUZZ_CHECK(m->tok_start <= a && a <= b && b <= m->tok_end,
               "capture %d [%u,%u) outside match [%u,%u)", k, a, b,
               m->tok_start, m->tok_end);
  }
  s->prev_start = m->tok_start;
  s->prev_end = m->tok_end;
  s->count++;
  return s->count >= 10000;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  lore_tpat_env env;
  lore_error err;
  lore_tpat *p;
  unsigned copts, sopts;
  scanst st;
  long r;
  size_t i, len;
  if (size == 0) return 0;
  copts = (data[0] & 1) ? LORE_TP_FIRST : 0;
  sopts = ((unsigned)data[0] & 0x70u);      /* OVERLAP IN_SENTENCE NONEMPTY */
  len = size - 1;
  memset(&env, 0, sizeof env);
  env.gazetteer = env_gaz;
  env.label = env_label;
  memset(&err, 0, sizeof err);
  p = lore_tpat_compile((const char *)data + 1, len, copts, &env, &err);
  if (p == NULL) {
    FUZZ_CHECK(err.code == LORE_ESYNTAX || err.code == LORE_ELIMIT,
               "compile failed with code %d", err.code);
    FUZZ_CHECK(err.offset <= len, "error offset %zu beyond %zu", err.offset, len);
    FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, 0, sizeof err.msg) != NULL,
               "empty message");
    return 0;
  }
  FUZZ_CHECK(memcmp(lore_tpat_source(p), data + 1, len) == 0, "source");
  memset(&st, 0, sizeof st);
  st.p = p;
  lore_doc_tokens(doc, &st.ntok);
  st.sent = lore_doc_sentences(doc, &st.nsent);
  st.opts = sopts;
  st.prev_start = st.prev_end = 0;
  st.ncap = lore_tpat_ncaptures(p);
  FUZZ_CHECK(st.ncap >= 0, "ncaptures");
  for (i = 0; i < (size_t)st.ncap; i++)
    FUZZ_CHECK(lore_tpat_capture_index(p, lore_tpat_capture_name(p, (int)i))
               >= 0, "capture name");
  r = lore_tpat_scan(p, doc, 0, st.ntok, sopts, 2000000, on_match, &st, &err);
  FUZZ_CHECK(r >= 0 || err.code == LORE_ELIMIT, "scan returned %ld (%s)", r,
             err.msg);
  if (r >= 0) FUZZ_CHECK((size_t)r == st.count, "scan count %ld, saw %zu", r,
                         st.count);
  for (i = 0; i < st.ntok; i += 7) {
    lore_tpat_match m;
    int k = lore_tpat_match_at(p, doc, i, st.ntok, sopts & ~LORE_TP_OVERLAP,
                               &m, &err);
    FUZZ_CHECK(k == 0 || k == 1 || (k < 0 && err.code == LORE_ELIMIT),
               "match_at %zu returned %d", i, k);
    if (k == 1)
      FUZZ_CHECK(m.tok_start == i && m.tok_end >= i && m.tok_end <= st.ntok,
                 "match_at %zu gave [%u,%u)", i, m.tok_start, m.tok_end);
  }
  lore_tpat_free(p);
  return 0;
}
