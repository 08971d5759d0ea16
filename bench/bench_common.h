/*
** bench/bench_common.h
** Shared helpers of the benchmark programs: the benchmark corpus (the
** sample corpus repeated, paragraph order varied per copy, to a minimum
** size), a monotonic clock, peak RSS, and the machine-readable BENCH line.
** Header-only; each bench_*.c includes it once.
*/
#ifndef bench_common_h
#define bench_common_h

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double bench_now (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident set size of this process, in KiB. */
static long bench_peak_rss_kib (void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Print a human line and the machine-readable one. */
static void bench_report (const char *name, double value, const char *unit) {
  printf("BENCH %s %.3f %s\n", name, value, unit);
  fflush(stdout);
}

static int bench_cmp (const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t bench_rng (uint64_t *s) {           /* xorshift64* */
  *s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
  return *s * 2685821657736338717ULL;
}

/*
** Read every *.txt file of dir (sorted by name), split them into lines
** (paragraphs), and append copies of the whole set, shuffling the line
** order of each copy with a fixed seed, until at least min_bytes. Each copy
** keeps a blank line between documents. Returns a malloc'd buffer (caller
** frees) and its length in *len, or NULL (message on stderr).
*/
static char *bench_corpus (const char *dir, size_t min_bytes, size_t *len) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL, **lines = NULL, *out = NULL;
  size_t nnames = 0, nlines = 0, cap = 0, total = 0, used = 0, i;
  size_t *order = NULL;
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  if (d == NULL) { perror(dir); return NULL; }
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0) {
      names = realloc(names, (nnames + 1) * sizeof(*names));
      names[nnames++] = strdup(e->d_name);
    }
  }
  closedir(d);
  qsort(names, nnames, sizeof(*names), bench_cmp);
  for (i = 0; i < nnames; i++) {
    char path[4096], buf[1 << 16];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    f = fopen(path, "rb");
    if (f == NULL) { perror(path); continue; }
    while (fgets(buf, sizeof buf, f) != NULL) {
      if (nlines == cap) { cap = cap ? cap * 2 : 256; lines = realloc(lines, cap * sizeof(*lines)); }
      lines[nlines++] = strdup(buf);
      total += strlen(buf);
    }
    fclose(f);
    free(names[i]);
  }
  free(names);
  if (nlines == 0 || total == 0) { fprintf(stderr, "bench: no text in %s\n", dir); free(lines); return NULL; }
  out = malloc(min_bytes + total + nlines + 16);
  order = malloc(nlines * sizeof(*order));
  for (i = 0; i < nlines; i++) order[i] = i;
  while (used < min_bytes) {
    for (i = nlines - 1; i > 0; i--) {               /* Fisher-Yates */
      size_t j = (size_t)(bench_rng(&seed) % (i + 1)), t = order[i];
      order[i] = order[j]; order[j] = t;
    }
    for (i = 0; i < nlines; i++) {
      size_t n = strlen(lines[order[i]]);
      memcpy(out + used, lines[order[i]], n);
      used += n;
      if (n == 0 || out[used - 1] != '\n') out[used++] = '\n';
    }
    out[used++] = '\n';
  }
  for (i = 0; i < nlines; i++) free(lines[i]);
  free(lines);
  free(order);
  *len = used;
  return out;
}

#endif
