/*
** bench/bench_regex.c
** Scan the benchmark corpus (>= 64 MB) for every match of realistic news
** patterns through lore_regex_exec, and, in the same run, through a plain
** pcre2_match (JIT) loop with its own match data: the baseline. Each figure
** is the best of 3 runs. Prints
**   BENCH regex_scan_mb_s <v> MB/s       (lore_regex_exec)
**   BENCH regex_baseline_mb_s <v> MB/s   (raw PCRE2)
**   BENCH regex_overhead_ratio <v> ratio (lore time / raw time)
** Usage: bench_regex [corpus-dir]
*/
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>

#include "bench_common.h"
#include "lore_regex.h"

static const char *const patterns[] = {
  "\\b[A-Z][a-z]+ (?:[A-Z][a-z]+ )*(?:said|told|added)\\b",
  "\\$\\d[\\d,.]*\\s*(?:billion|million)",
};
#define NPAT (sizeof(patterns) / sizeof(patterns[0]))
#define RUNS 3

/* All matches through the wrapper, stepping past empty matches the way the
** header describes. Returns the match count, or (size_t)-1 on error. */
static size_t scan_lore (lore_regex *re, const char *s, size_t len) {
  size_t pos = 0, count = 0, ov[2];
  unsigned opts = LORE_REX_VALID;
  lore_error err;
  for (;;) {
    int rc = lore_regex_exec(re, s, len, pos, opts, ov, 1, &err);
    if (rc == 0) break;
    if (rc < 0) {
      fprintf(stderr, "bench_regex: %s\n", err.msg);
      return (size_t)-1;
    }
    count++;
    opts = LORE_REX_VALID;
    if (ov[1] == ov[0]) {
      if (ov[1] >= len) break;
      opts |= LORE_REX_NOTEMPTY_ATSTART;
    }
    pos = ov[1];
  }
  return count;
}

/* The same loop on raw PCRE2. */
static size_t scan_raw (pcre2_code *code, pcre2_match_data *md, const char *s,
                        size_t len) {
  size_t pos = 0, count = 0;
  uint32_t opts = PCRE2_NO_UTF_CHECK;
  for (;;) {
    PCRE2_SIZE *v;
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, pos, opts, md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      fprintf(stderr, "bench_regex: pcre2_match error %d\n", rc);
      return (size_t)-1;
    }
    v = pcre2_get_ovector_pointer(md);
    count++;
    opts = PCRE2_NO_UTF_CHECK;
    if (v[1] == v[0]) {
      if (v[1] >= len) break;
      opts |= PCRE2_NOTEMPTY_ATSTART;
    }
    pos = v[1];
  }
  return count;
}

int main (int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus";
  size_t len = 0, p;
  char *text = bench_corpus(dir, (size_t)64 << 20, &len);
  double lore_best = 0, raw_best = 0;
  lore_regex *re[NPAT];
  pcre2_code *code[NPAT];
  pcre2_match_data *md[NPAT];
  int run, status = 0;
  if (text == NULL) return 1;
  for (p = 0; p < NPAT; p++) {
    lore_error err;
    int ec;
    PCRE2_SIZE eo;
    re[p] = lore_regex_compile(patterns[p], strlen(patterns[p]), 0, &err);
    if (re[p] == NULL) { fprintf(stderr, "%s\n", err.msg); return 1; }
    code[p] = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
    if (code[p] == NULL || pcre2_jit_compile(code[p], PCRE2_JIT_COMPLETE)) {
      fprintf(stderr, "bench_regex: baseline compile failed\n");
      return 1;
    }
    md[p] = pcre2_match_data_create_from_pattern(code[p], NULL);
    /* Validate the corpus once, so both loops may skip the UTF check. */
    {
      size_t ov[2];
      if (lore_regex_exec(re[p], text, len, 0, 0, ov, 1, &err) < 0) {
        fprintf(stderr, "bench_regex: %s\n", err.msg);
        return 1;
      }
    }
  }
  printf("corpus %.1f MB, %d patterns, jit %d\n", (double)len / 1e6,
         (int)NPAT, lore_regex_jitted(re[0]));
  for (run = 0; run < RUNS; run++) {
    double t0, t_lore, t_raw;
    size_t nl = 0, nr = 0;
    t0 = bench_now();
    for (p = 0; p < NPAT; p++) nl += scan_lore(re[p], text, len);
    t_lore = bench_now() - t0;
    t0 = bench_now();
    for (p = 0; p < NPAT; p++) nr += scan_raw(code[p], md[p], text, len);
    t_raw = bench_now() - t0;
    if (nl != nr) {
      fprintf(stderr, "bench_regex: match counts differ (%zu vs %zu)\n", nl,
              nr);
      status = 1;
    }
    if (run == 0) printf("matches %zu\n", nl);
    if (run == 0 || t_lore < lore_best) lore_best = t_lore;
    if (run == 0 || t_raw < raw_best) raw_best = t_raw;
  }
  bench_report("regex_scan_mb_s", (double)len * NPAT / 1e6 / lore_best,
               "MB/s");
  bench_report("regex_baseline_mb_s", (double)len * NPAT / 1e6 / raw_best,
               "MB/s");
  bench_report("regex_overhead_ratio", lore_best / raw_best, "ratio");
  printf("peak rss %ld KiB\n", bench_peak_rss_kib());
  for (p = 0; p < NPAT; p++) {
    lore_regex_free(re[p]);
    pcre2_match_data_free(md[p]);
    pcre2_code_free(code[p]);
  }
  free(text);
  return status;
}
