/*
** bench/bench_tokenize.c
** Tokenization plus sentence and paragraph splitting (lore_tokenize +
** lore_segment, paragraph mode AUTO as in lore_doc_new) over the benchmark
** corpus, against a ceiling measured in the same run: a wc -w style state
** machine over the same bytes (256-entry class table, counting transitions
** into a word). Best of 3 runs for each figure; every run starts from empty
** arrays, so allocation and page faults are part of the time.
*/
#include "bench_common.h"

#include "lore_err.h"
#include "lore_seg.h"
#include "lore_tok.h"

#define RUNS 3

/* The ceiling: one table lookup and a branch-free state update per byte. */
static size_t count_words (const unsigned char *p, size_t n,
                           const unsigned char cls[256]) {
  size_t words = 0, i;
  unsigned in = 0;
  for (i = 0; i < n; i++) {
    unsigned c = cls[p[i]];
    words += c & ~in;        /* 1 on a transition from space into a word */
    in = c;
  }
  return words;
}

/* The same state machine as textbook wc writes it, with branches: printed
** for reference only (it is slower than the branch-free loop above, which
** is the ceiling the ratio uses). */
static size_t count_words_branchy (const unsigned char *p, size_t n,
                                   const unsigned char cls[256]) {
  size_t words = 0, i;
  int in = 0;
  for (i = 0; i < n; i++) {
    if (cls[p[i]]) {
      if (!in) { words++; in = 1; }
    } else {
      in = 0;
    }
  }
  return words;
}

int main (int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus";
  size_t len, k, ntok = 0, cap = 0, nsent = 0, words = 0;
  double best = 1e30, best_tok = 1e30, best_seg = 1e30, best_ceil = 1e30;
  double best_wc = 1e30;
  unsigned char cls[256];
  char *text = bench_corpus(dir, (size_t)64 << 20, &len);
  int r;
  if (text == NULL) return 1;
  for (k = 0; k < 256; k++)
    cls[k] = !(k == ' ' || k == '\t' || k == '\n' || k == '\r' || k == '\v' ||
               k == '\f');

  for (r = 0; r < RUNS; r++) {
    lore_tokens t = { 0 };
    lore_ranges s = { 0 }, p = { 0 };
    double t0 = bench_now(), t1, t2;
    if (lore_tokenize(text, len, &t) != LORE_OK) { fprintf(stderr, "tokenize failed\n"); return 1; }
    t1 = bench_now();
    if (lore_segment(text, len, &t, LORE_PARA_AUTO, &s, &p) != LORE_OK) {
      fprintf(stderr, "segment failed\n");
      return 1;
    }
    t2 = bench_now();
    if (t2 - t0 < best) best = t2 - t0;
    if (t1 - t0 < best_tok) best_tok = t1 - t0;
    if (t2 - t1 < best_seg) best_seg = t2 - t1;
    ntok = t.n;
    cap = t.cap;
    nsent = s.n;
    lore_tokens_free(&t);
    lore_ranges_free(&s);
    lore_ranges_free(&p);
  }

  for (r = 0; r < RUNS; r++) {
    double t0 = bench_now(), dt;
    words = count_words((const unsigned char *)text, len, cls);
    dt = bench_now() - t0;
    if (dt < best_ceil) best_ceil = dt;
    t0 = bench_now();
    if (count_words_branchy((const unsigned char *)text, len, cls) != words) {
      fprintf(stderr, "word counts differ\n");
      return 1;
    }
    dt = bench_now() - t0;
    if (dt < best_wc) best_wc = dt;
  }

  printf("# %zu bytes, %zu tokens, %zu sentences, %zu words (ceiling loop)\n",
         len, ntok, nsent, words);
  bench_report("tokenize_mb_s", (double)len / best / 1e6, "MB/s");
  bench_report("tokenize_ceiling_mb_s", (double)len / best_ceil / 1e6, "MB/s");
  bench_report("tokenize_ceiling_ratio", best_ceil / best, "ratio");
  bench_report("token_bytes_per_input_byte",
               (double)(cap * sizeof(lore_token)) / (double)len, "ratio");
  bench_report("tokens_per_mb", (double)ntok / ((double)len / 1e6), "tokens");
  /* the two parts on their own (best runs, not necessarily the same run) */
  bench_report("tokenize_only_mb_s", (double)len / best_tok / 1e6, "MB/s");
  bench_report("segment_only_mb_s", (double)len / best_seg / 1e6, "MB/s");
  bench_report("tokenize_ceiling_branchy_mb_s", (double)len / best_wc / 1e6, "MB/s");
  bench_report("peak_rss_mib", (double)bench_peak_rss_kib() / 1024.0, "MiB");
  free(text);
  return 0;
}
