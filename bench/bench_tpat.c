/*
** bench/bench_tpat.c
** Token patterns over the benchmark corpus (>= 64 MB) split into documents
** at blank lines. Documents are created (tokenized, segmented) before any
** timing. Times a 5-element news pattern scanned over every document, and
** in the same run a baseline: a plain loop visiting every token and
** testing its flags (the floor cost of looking at each token once).
** Figures are the best of 3 runs after a first, cold run that also pays
** the lazy token normalisation (reported separately). Prints
**   BENCH tpat_tokens_s <v> tokens/s           (warm, best of 3)
**   BENCH tpat_mb_s <v> MB/s                   (warm, best of 3)
**   BENCH tpat_baseline_tokens_s <v> tokens/s  (flag loop, best of 3)
**   BENCH tpat_cold_tokens_s <v> tokens/s      (first run, incl. folding)
** Usage: bench_tpat [corpus-dir]
*/
#include "bench_common.h"
#include "lore_doc.h"
#include "lore_tpat.h"

#define RUNS 3

static const char PATTERN[] = "[cap] [cap]? {said told added} that? [lower]";

static int count_cb (void *ud, const lore_tpat_match *m) {
  (void)m;
  (*(size_t *)ud)++;
  return 0;
}

/* One scan of every document; returns the match count or (size_t)-1. */
static size_t run_pattern (lore_tpat *p, lore_doc **docs, size_t ndocs) {
  size_t i, matches = 0;
  lore_error err;
  for (i = 0; i < ndocs; i++) {
    long rc = lore_tpat_scan(p, docs[i], 0, SIZE_MAX, 0, 0, count_cb,
                             &matches, &err);
    if (rc < 0) {
      fprintf(stderr, "bench_tpat: %s\n", err.msg);
      return (size_t)-1;
    }
  }
  return matches;
}

/* The baseline: look at every token's flags once. */
static size_t run_baseline (lore_doc **docs, size_t ndocs) {
  size_t i, j, n, caps = 0;
  for (i = 0; i < ndocs; i++) {
    const lore_token *t = lore_doc_tokens(docs[i], &n);
    for (j = 0; j < n; j++)
      caps += (t[j].flags & (LORE_TF_CAP | LORE_TF_LOWER)) == LORE_TF_CAP;
  }
  return caps;
}

int main (int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus";
  size_t len = 0, pos = 0, ndocs = 0, cap = 0, ntok = 0, i, matches = 0;
  char *text = bench_corpus(dir, (size_t)64 << 20, &len);
  lore_doc **docs = NULL;
  lore_tpat *p;
  lore_error err;
  double t0, cold, best = 0, base_best = 0;
  volatile size_t sink = 0;
  int r;
  if (text == NULL) return 1;
  /* documents: stretches separated by blank lines */
  while (pos < len) {
    size_t end = pos, n;
    lore_doc *d;
    while (end < len && !(text[end] == '\n' && end + 1 < len &&
                          text[end + 1] == '\n'))
      end++;
    if (end > pos) {
      if (lore_doc_new(text + pos, end - pos, LORE_DOC_BORROW, &d) != LORE_OK) {
        fprintf(stderr, "bench_tpat: lore_doc_new failed\n");
        return 1;
      }
      if (ndocs == cap) {
        cap = cap ? 2 * cap : 1024;
        docs = realloc(docs, cap * sizeof(*docs));
      }
      docs[ndocs++] = d;
      lore_doc_tokens(d, &n);
      ntok += n;
    }
    pos = end;
    while (pos < len && text[pos] == '\n') pos++;
  }
  p = lore_tpat_compile(PATTERN, sizeof PATTERN - 1, 0, NULL, &err);
  if (p == NULL) {
    fprintf(stderr, "bench_tpat: %s\n", err.msg);
    return 1;
  }
  printf("corpus %.1f MB, %zu documents, %zu tokens, pattern %s\n",
         (double)len / 1e6, ndocs, ntok, PATTERN);
  t0 = bench_now();
  matches = run_pattern(p, docs, ndocs);
  cold = bench_now() - t0;
  if (matches == (size_t)-1) return 1;
  for (r = 0; r < RUNS; r++) {
    double t;
    t0 = bench_now();
    if (run_pattern(p, docs, ndocs) != matches) return 1;
    t = bench_now() - t0;
    if (best == 0 || t < best) best = t;
    t0 = bench_now();
    sink += run_baseline(docs, ndocs);
    t = bench_now() - t0;
    if (base_best == 0 || t < base_best) base_best = t;
  }
  printf("%zu matches; pattern %.3f s (cold %.3f s), baseline %.3f s, "
         "peak RSS %ld MiB\n", matches, best, cold, base_best,
         bench_peak_rss_kib() / 1024);
  bench_report("tpat_tokens_s", (double)ntok / best, "tokens/s");
  bench_report("tpat_mb_s", (double)len / 1e6 / best, "MB/s");
  bench_report("tpat_baseline_tokens_s", (double)ntok / base_best, "tokens/s");
  bench_report("tpat_cold_tokens_s", (double)ntok / cold, "tokens/s");
  (void)sink;
  lore_tpat_free(p);
  for (i = 0; i < ndocs; i++) lore_doc_free(docs[i]);
  free(docs);
  free(text);
  return 0;
}
