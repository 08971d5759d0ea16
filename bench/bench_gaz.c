/*
** bench/bench_gaz.c
** Gazetteer benchmark: build time and bytes per entry for 1k, 100k and 1M
** synthetic entries, and match throughput of each over the >= 64 MB
** benchmark corpus, which should not depend on the number of entries.
**
** Entries look like names: the capitalised word runs of the corpus
** ("Vladimir Putin", "Beijing") so that matches happen, then 1-3 words
** from a pool of generated pseudo-words (syllable-based, capitalised),
** where the first of several words is a capitalised corpus word 30% of
** the time ("Putin Kavorin") and a later one any corpus word 25% of the
** time ("Kavorin of Lesai"). Single words are pseudo-words only: a
** gazetteer does not list "the" or "said". Phrases are generated before
** the clock starts. The corpus is split into documents on blank lines and
** turned into lore_doc once (not timed); each gazetteer scans every
** document (leftmost-longest), best of REPS runs: a scan folds the tokens
** it reaches itself, so its time includes all normalisation. For
** comparison, folding every token of every document up front
** (lore_doc_token_norm, which token patterns use) is timed too.
** Baselines from the same run: tokenizing the phrases alone (the floor of
** a build), and a loop fetching every token's normalised form once it is
** built (the floor of a matcher given folded tokens).
**
** Memory is also measured on realistic names, since multi-word entries
** are what costs trie nodes: people ("Firstname Lastname", "Firstname M.
** Lastname") and organisations ("[The ]Xyz Company of Abc"), 15-40 bytes
** and 2-5 tokens, made of generated words drawn from pools the size of
** real ones (5,000 first names, 400,000 surnames, 60,000 place names) so
** that the vocabulary grows with the entries as it does in real lists.
** Each set prints its shape (bytes, tokens), bytes per entry as counted
** by lore_gaz_memory (every array's allocated capacity, raw phrases
** included), as resident memory gained during the build (pages touched,
** so capacity not yet written is left out) and as the peak of resident
** memory during the build over the start (growing tables hold old and new
** at once), both Linux only (-1 elsewhere), and the build time.
**
** Usage: bench_gaz [corpus-dir]   (run from the repository root)
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"
#include "lore_doc.h"
#include "lore_err.h"
#include "lore_gaz.h"
#include "lore_tok.h"
#include "lore_utf8.h"

#define REPS      3
#define NSIZES    3
#define NPSEUDO   250000      /* pseudo-word pool */
#define MAXNAMES  2000        /* corpus names added to every gazetteer */
#define GAZ_OPTS  LORE_GAZ_CASE
#define FOLD      (LORE_FOLD_CASE | LORE_FOLD_PUNCT)

static const size_t sizes[NSIZES] = { 1000, 100000, 1000000 };
static const char *const size_names[NSIZES] = { "1k", "100k", "1m" };

/* A list of strings in one buffer. */
typedef struct strlist {
  char *buf;
  size_t len, cap;
  size_t *off;         /* [n + 1] */
  size_t n, ocap;
} strlist;

static void sl_add (strlist *l, const char *s, size_t n) {
  if (l->len + n + 1 > l->cap) {
    l->cap = (l->len + n + 1) * 2;
    l->buf = realloc(l->buf, l->cap);
  }
  if (l->n + 2 > l->ocap) {
    l->ocap = l->ocap ? l->ocap * 2 : 1024;
    l->off = realloc(l->off, l->ocap * sizeof(size_t));
  }
  if (l->buf == NULL || l->off == NULL) { fprintf(stderr, "oom\n"); exit(1); }
  if (l->n == 0) l->off[0] = 0;
  memcpy(l->buf + l->len, s, n);
  l->len += n;
  l->buf[l->len++] = '\0';
  l->off[++l->n] = l->len;
}

static const char *sl_get (const strlist *l, size_t i, size_t *n) {
  *n = l->off[i + 1] - l->off[i] - 1;
  return l->buf + l->off[i];
}

static void sl_free (strlist *l) {
  free(l->buf);
  free(l->off);
  memset(l, 0, sizeof(*l));
}

/* A set of strings (for distinct words and names), open addressing. */
typedef struct strset {
  strlist items;
  size_t *slot;        /* index + 1 */
  size_t mask;
} strset;

static uint64_t fnv (const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  while (n-- > 0) { h ^= (unsigned char)*s++; h *= 1099511628211ULL; }
  return h;
}

static void ss_add (strset *s, const char *p, size_t n) {
  size_t i, len;
  if (s->slot == NULL || (s->items.n + 1) * 2 > s->mask + 1) {
    size_t cap = s->slot == NULL ? 1024 : (s->mask + 1) * 2, k;
    free(s->slot);
    s->slot = calloc(cap, sizeof(size_t));
    s->mask = cap - 1;
    for (k = 0; k < s->items.n; k++) {
      const char *q = sl_get(&s->items, k, &len);
      i = (size_t)fnv(q, len) & s->mask;
      while (s->slot[i] != 0) i = (i + 1) & s->mask;
      s->slot[i] = k + 1;
    }
  }
  for (i = (size_t)fnv(p, n) & s->mask; s->slot[i] != 0;
       i = (i + 1) & s->mask) {
    const char *q = sl_get(&s->items, s->slot[i] - 1, &len);
    if (len == n && memcmp(p, q, n) == 0) return;
  }
  sl_add(&s->items, p, n);
  s->slot[i] = s->items.n;
}

static void ss_free (strset *s) {
  sl_free(&s->items);
  free(s->slot);
}

/* Capitalised pseudo-word of syl syllables into out, its length in *n. */
static void syllables (uint64_t *rng, size_t syl, char *out, size_t *n) {
  static const char cons[] = "bcdfghjklmnprstvwzkrstnl";
  static const char *const vow[] = { "a", "e", "i", "o", "u", "ai", "ou",
                                     "ia", "ei", "y" };
  size_t k = 0, i;
  for (i = 0; i < syl; i++) {
    const char *v = vow[bench_rng(rng) % 10];
    out[k++] = cons[bench_rng(rng) % (sizeof(cons) - 1)];
    while (*v) out[k++] = *v++;
    if (bench_rng(rng) % 4 == 0) out[k++] = cons[bench_rng(rng) % 20];
  }
  out[0] = (char)(out[0] - 'a' + 'A');
  *n = k;
}

/* Capitalised pseudo-word of 2-4 syllables ("Kavorin"). */
static void pseudo_word (uint64_t *rng, char *out, size_t *n) {
  syllables(rng, 2 + (size_t)(bench_rng(rng) % 3), out, n);
}

/* Per-document totals for the throughput figures. */
typedef struct corpus {
  lore_doc **docs;
  size_t ndocs, bytes, tokens;
} corpus;

static int count_cb (void *ud, const lore_gaz_match *m) {
  (void)m;
  (*(size_t *)ud)++;
  return 0;
}

/* Scan every document; returns the elapsed seconds, matches in *nmatch. */
static double scan_all (const lore_gaz *g, const corpus *c, size_t *nmatch) {
  double t0 = bench_now();
  size_t i;
  *nmatch = 0;
  for (i = 0; i < c->ndocs; i++) {
    long r = lore_gaz_scan(g, c->docs[i], 0, SIZE_MAX, LORE_GAZ_LONGEST,
                           count_cb, nmatch);
    if (r < 0) {
      fprintf(stderr, "scan: %s\n", lore_strerror((int)r));
      exit(1);
    }
  }
  return bench_now() - t0;
}

/* Resident memory of this process in bytes (Linux), or -1. */
static double rss_bytes (void) {
  long pages = -1, res = -1;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f == NULL) return -1;
  if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = -1;
  fclose(f);
  return res < 0 ? -1 : (double)res * (double)sysconf(_SC_PAGESIZE);
}

/* {====================================================================
** Realistic names
** ===================================================================== */

enum { NM_PERSON, NM_INITIAL, NM_ORG, NM_MIX, NM_KINDS };
static const char *const nm_tag[NM_KINDS] = {
  "person", "initial", "org", "names" };
static const char *const nm_shape[NM_KINDS] = {
  "Firstname Lastname", "Firstname M. Lastname",
  "[The ]Xyz Company of Abc",
  "mix: 50% person, 20% initial, 30% org" };

typedef struct namegen {
  strlist first, last, place;
  uint64_t rng;
} namegen;

static void pool (namegen *ng, strlist *l, size_t n, size_t minsyl,
                  size_t nsyl) {
  char w[64];
  size_t len, i;
  for (i = 0; i < n; i++) {
    syllables(&ng->rng, minsyl + (size_t)(bench_rng(&ng->rng) % nsyl), w,
              &len);
    sl_add(l, w, len);
  }
}

static void namegen_init (namegen *ng) {
  memset(ng, 0, sizeof(*ng));
  ng->rng = 0x853C49E6748FEA9BULL;
  pool(ng, &ng->first, 5000, 2, 2);        /* 2-3 syllables */
  pool(ng, &ng->last, 400000, 2, 3);       /* 2-4 */
  pool(ng, &ng->place, 60000, 3, 3);       /* 3-5 */
}

static void namegen_free (namegen *ng) {
  sl_free(&ng->first);
  sl_free(&ng->last);
  sl_free(&ng->place);
}

static const char *pick (namegen *ng, const strlist *l) {
  size_t len;
  return sl_get(l, (size_t)(bench_rng(&ng->rng) % l->n), &len);
}

/* One name of a kind into out[256]; returns its length. */
static size_t name_make (namegen *ng, int kind, char *out) {
  static const char *const org[] = {
    "Company", "Bank", "Group", "Institute", "University", "Corporation",
    "Foundation", "Association", "Society", "Council", "Museum",
    "Hospital", "Agency", "Authority", "Party", "Federation", "Trust",
    "Academy", "Church", "College", "Railway", "Press", "Fund",
    "Union" };
  int n;
  if (kind == NM_MIX) {
    uint64_t r = bench_rng(&ng->rng) % 10;
    kind = r < 5 ? NM_PERSON : r < 7 ? NM_INITIAL : NM_ORG;
  }
  if (kind == NM_PERSON)
    n = snprintf(out, 256, "%s %s", pick(ng, &ng->first),
                 pick(ng, &ng->last));
  else if (kind == NM_INITIAL)
    n = snprintf(out, 256, "%s %c. %s", pick(ng, &ng->first),
                 (char)('A' + bench_rng(&ng->rng) % 26), pick(ng, &ng->last));
  else
    n = snprintf(out, 256, "%s%s %s of %s",
                 bench_rng(&ng->rng) % 10 < 3 ? "The " : "",
                 pick(ng, &ng->last),
                 org[bench_rng(&ng->rng) % (sizeof(org) / sizeof(org[0]))],
                 pick(ng, &ng->place));
  return (size_t)n;
}

/* Peak resident memory of this process in bytes (Linux), or -1. */
static double peak_rss_bytes (void) {
  char line[256];
  double kib = -1;
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  while (fgets(line, sizeof line, f) != NULL)
    if (strncmp(line, "VmHWM:", 6) == 0) kib = atof(line + 6);
  fclose(f);
  return kib < 0 ? -1 : kib * 1024.0;
}

/*
** Build a gazetteer of n distinct names of a kind and report its shape,
** bytes per entry and build time under `tag`; scan the corpus with it if
** c is not NULL. Runs in a child process, so that every set starts from
** the same names (the generator's state) and the same allocator state (a
** process that has freed large blocks keeps later ones in its heap, where
** freed growth buffers stay resident), and the peak covers this build
** alone: the child's peak starts at the resident size it inherits, which
** is about the rss0 it measures.
*/
static void names_build (namegen *ng, int kind, size_t n, const char *tag,
                         const corpus *c) {
  strlist ph;
  lore_tokens toks;
  lore_gaz *g;
  char name[96], buf[256];
  double t0, tb, rss0, rss1, peak, bytes = 0, ntok = 0;
  size_t i, len, mem;
  pid_t pid;
  int status;
  fflush(stdout);
  pid = fork();
  if (pid < 0) { perror("fork"); exit(1); }
  if (pid > 0) {
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      fprintf(stderr, "%s: the measuring process failed\n", tag);
      exit(1);
    }
    return;
  }
  memset(&ph, 0, sizeof(ph));
  memset(&toks, 0, sizeof(toks));
  for (i = 0; i < n + n / 10 + 100; i++) {    /* a few are duplicates */
    len = name_make(ng, kind, buf);
    sl_add(&ph, buf, len);
  }
  rss0 = rss_bytes();
  g = lore_gaz_new(GAZ_OPTS);
  t0 = bench_now();
  for (i = 0; i < ph.n && lore_gaz_size(g) < n; i++) {
    const char *p = sl_get(&ph, i, &len);
    int rc = lore_gaz_add(g, p, len, NULL, NULL);
    if (rc != LORE_OK) {
      fprintf(stderr, "add: %s\n", lore_strerror(rc));
      exit(1);
    }
  }
  tb = bench_now() - t0;
  rss1 = rss_bytes();
  peak = peak_rss_bytes();
  mem = lore_gaz_memory(g);
  for (i = 0; i < lore_gaz_size(g); i++) {
    const char *p = lore_gaz_phrase(g, (uint32_t)i, &len);
    toks.n = 0;
    lore_tokenize(p, len, &toks);
    bytes += (double)len;
    ntok += (double)toks.n;
  }
  printf("%s: %zu entries of %s, %.1f bytes and %.2f tokens on "
         "average, e.g. \"%s\"; %zu bytes\n", tag, lore_gaz_size(g),
         nm_shape[kind], bytes / (double)lore_gaz_size(g),
         ntok / (double)lore_gaz_size(g), lore_gaz_phrase(g, 0, &len), mem);
  snprintf(name, sizeof name, "gaz_bytes_per_entry_%s", tag);
  bench_report(name, (double)mem / (double)lore_gaz_size(g), "bytes");
  snprintf(name, sizeof name, "gaz_rss_per_entry_%s", tag);
  bench_report(name, rss0 < 0 || rss1 < 0 ? -1 :
               (rss1 - rss0) / (double)lore_gaz_size(g), "bytes");
  snprintf(name, sizeof name, "gaz_peak_rss_per_entry_%s", tag);
  bench_report(name, rss0 < 0 || peak < 0 ? -1 :
               (peak - rss0) / (double)lore_gaz_size(g), "bytes");
  snprintf(name, sizeof name, "gaz_build_%s_s", tag);
  bench_report(name, tb, "s");
  if (c != NULL) {
    double best = 1e9;
    size_t nm = 0;
    for (i = 0; i < REPS; i++) {
      double t = scan_all(g, c, &nm);
      if (t < best) best = t;
    }
    snprintf(name, sizeof name, "gaz_match_%s_mb_s", tag);
    bench_report(name, (double)c->bytes / 1e6 / best, "MB/s");
    snprintf(name, sizeof name, "gaz_matches_%s", tag);
    bench_report(name, (double)nm, "matches");
  }
  fflush(stdout);
  _exit(0);                     /* the parent owns everything else */
}

/* }==================================================================== */

int main (int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus";
  char *text, name[96];
  size_t len, i, k, s;
  corpus c;
  strset words, capwords, names;
  strlist pseudo, phrases;
  uint64_t rng = 0x2545F4914F6CDD1DULL;
  lore_gaz *gaz[NSIZES];
  double t0, tnorm, best[NSIZES], tbase = 1e9;
  size_t nmatch[NSIZES];
  lore_tokens toks;
  namegen ng;

  memset(&c, 0, sizeof(c));
  memset(&words, 0, sizeof(words));
  memset(&names, 0, sizeof(names));
  memset(&capwords, 0, sizeof(capwords));
  memset(&pseudo, 0, sizeof(pseudo));
  memset(&phrases, 0, sizeof(phrases));
  memset(&toks, 0, sizeof(toks));

  text = bench_corpus(dir, (size_t)64 << 20, &len);
  if (text == NULL) return 1;

  /* Documents: runs of non-blank lines (doc creation is not timed). */
  t0 = bench_now();
  for (i = 0; i < len; ) {
    size_t start = i, end;
    while (i < len && !(text[i] == '\n' && i + 1 < len && text[i + 1] == '\n'))
      i++;
    end = i < len ? i + 1 : len;
    while (i < len && text[i] == '\n') i++;
    if (end > start) {
      lore_doc *d;
      if (lore_doc_new(text + start, end - start, LORE_DOC_BORROW, &d)
          != LORE_OK) { fprintf(stderr, "doc: out of memory\n"); return 1; }
      c.docs = realloc(c.docs, (c.ndocs + 1) * sizeof(*c.docs));
      c.docs[c.ndocs++] = d;
      c.bytes += end - start;
    }
  }
  printf("corpus: %.1f MB, %zu documents (created in %.2f s)\n",
         (double)c.bytes / 1e6, c.ndocs, bench_now() - t0);

  /* Realistic names: the mix at each size (1M also scanned), then each
  ** shape alone at 1M, each in a process of its own (names_build), forked
  ** before this one has freed any large block. */
  namegen_init(&ng);
  for (s = 0; s < NSIZES; s++) {
    snprintf(name, sizeof name, "names_%s", size_names[s]);
    names_build(&ng, NM_MIX, sizes[s], name, s == NSIZES - 1 ? &c : NULL);
  }
  for (k = NM_PERSON; k < NM_MIX; k++) {
    snprintf(name, sizeof name, "names_%s_1m", nm_tag[k]);
    names_build(&ng, (int)k, sizes[NSIZES - 1], name, NULL);
  }
  namegen_free(&ng);

  /* Normalisation: the first lore_doc_token_norm per document. */
  t0 = bench_now();
  for (i = 0; i < c.ndocs; i++) {
    const char *p;
    size_t n, nt;
    lore_doc_tokens(c.docs[i], &nt);
    c.tokens += nt;
    if (nt > 0 && lore_doc_token_norm(c.docs[i], 0, FOLD, &p, &n) != LORE_OK)
      { fprintf(stderr, "norm: out of memory\n"); return 1; }
  }
  tnorm = bench_now() - t0;
  printf("corpus: %zu tokens\n", c.tokens);
  bench_report("gaz_norm_s", tnorm, "s");
  bench_report("gaz_norm_mb_s", (double)c.bytes / 1e6 / tnorm, "MB/s");

  /* Baseline: fetch every normalised token once (no lookup). */
  for (k = 0; k < REPS; k++) {
    size_t sum = 0;
    double t;
    t0 = bench_now();
    for (i = 0; i < c.ndocs; i++) {
      size_t nt, j, n;
      const char *p;
      lore_doc_tokens(c.docs[i], &nt);
      for (j = 0; j < nt; j++) {
        lore_doc_token_norm(c.docs[i], j, FOLD, &p, &n);
        sum += n + (unsigned char)p[0];
      }
    }
    t = bench_now() - t0;
    if (sum == 1) printf("!");
    if (t < tbase) tbase = t;
  }
  bench_report("gaz_baseline_norm_fetch_mb_s", (double)c.bytes / 1e6 / tbase,
               "MB/s");

  /* Vocabulary: the corpus' words (all, and capitalised ones apart) and
  ** its capitalised runs (names), from the documents of the first copies
  ** of the sample corpus. */
  for (i = 0, k = 0; i < c.ndocs && k < ((size_t)1 << 18); i++) {
    const lore_token *t;
    size_t nt, j;
    const char *dt = lore_doc_text(c.docs[i], &len);
    k += len;
    t = lore_doc_tokens(c.docs[i], &nt);
    for (j = 0; j < nt; j++) {
      size_t e = j;
      if (t[j].kind != LORE_TK_WORD) continue;
      ss_add(&words, dt + t[j].start, t[j].end - t[j].start);
      if (!(t[j].flags & LORE_TF_CAP) || t[j].sub != LORE_WS_PLAIN) continue;
      ss_add(&capwords, dt + t[j].start, t[j].end - t[j].start);
      while (e + 1 < nt && e + 1 < j + 3 && t[e + 1].kind == LORE_TK_WORD &&
             (t[e + 1].flags & LORE_TF_CAP) && t[e + 1].sub == LORE_WS_PLAIN &&
             !(t[e].flags & LORE_TF_PARA_END))
        e++;
      if ((e > j || !(t[j].flags & LORE_TF_SENT_START)) &&
          names.items.n < MAXNAMES)
        ss_add(&names, dt + t[j].start, t[e].end - t[j].start);
      j = e;
    }
  }
  for (i = 0; i < NPSEUDO; i++) {
    char w[64];
    size_t n;
    pseudo_word(&rng, w, &n);
    sl_add(&pseudo, w, n);
  }
  printf("vocabulary: %zu corpus words (%zu capitalised), %zu names, "
         "%d pseudo-words\n", words.items.n, capwords.items.n,
         names.items.n, NPSEUDO);

  /* Phrases: the names, then 1-3 random words; 30% more than the largest
  ** size, for duplicates. */
  for (i = 0; i < names.items.n; i++) {
    const char *p = sl_get(&names.items, i, &len);
    sl_add(&phrases, p, len);
  }
  while (phrases.n < sizes[NSIZES - 1] + sizes[NSIZES - 1] * 3 / 10) {
    char ph[256];
    size_t n = 0, nw = 1 + (size_t)(bench_rng(&rng) % 3), w;
    for (w = 0; w < nw; w++) {
      const char *p;
      uint64_t r = bench_rng(&rng) % 100;
      if (nw > 1 && w == 0 && r < 30)          /* "Putin Kavorin" */
        p = sl_get(&capwords.items,
                   (size_t)(bench_rng(&rng) % capwords.items.n), &len);
      else if (w > 0 && r < 25)                /* "Kavorin of Lesai" */
        p = sl_get(&words.items, (size_t)(bench_rng(&rng) % words.items.n),
                   &len);
      else
        p = sl_get(&pseudo, (size_t)(bench_rng(&rng) % pseudo.n), &len);
      if (w > 0) ph[n++] = ' ';
      memcpy(ph + n, p, len);
      n += len;
    }
    sl_add(&phrases, ph, n);
  }

  /* Build. */
  for (s = 0; s < NSIZES; s++) {
    double tb;
    size_t mem, tried = 0;
    gaz[s] = lore_gaz_new(GAZ_OPTS);
    t0 = bench_now();
    for (i = 0; i < phrases.n && lore_gaz_size(gaz[s]) < sizes[s]; i++) {
      const char *p = sl_get(&phrases, i, &len);
      int rc = lore_gaz_add(gaz[s], p, len, NULL, NULL);
      if (rc != LORE_OK) {
        fprintf(stderr, "add: %s\n", lore_strerror(rc));
        return 1;
      }
    }
    tb = bench_now() - t0;
    tried = i;
    mem = lore_gaz_memory(gaz[s]);
    printf("gazetteer %s: %zu entries from %zu phrases, %zu bytes, "
           "longest %zu tokens\n", size_names[s], lore_gaz_size(gaz[s]),
           tried, mem, lore_gaz_max_tokens(gaz[s]));
    snprintf(name, sizeof name, "gaz_build_%s_s", size_names[s]);
    bench_report(name, tb, "s");
    snprintf(name, sizeof name, "gaz_bytes_per_entry_%s", size_names[s]);
    bench_report(name, (double)mem / (double)lore_gaz_size(gaz[s]), "bytes");
    if (s == NSIZES - 1) {          /* baseline: tokenizing the phrases */
      t0 = bench_now();
      for (k = 0; k < tried; k++) {
        const char *p = sl_get(&phrases, k, &len);
        toks.n = 0;
        lore_tokenize(p, len, &toks);
      }
      snprintf(name, sizeof name, "gaz_baseline_tokenize_%s_s",
               size_names[s]);
      bench_report(name, bench_now() - t0, "s");
    }
  }

  /* Match: best of REPS, sizes interleaved so that they see the same
  ** machine conditions. */
  for (s = 0; s < NSIZES; s++) best[s] = 1e9;
  for (k = 0; k < REPS; k++)
    for (s = 0; s < NSIZES; s++) {
      double t = scan_all(gaz[s], &c, &nmatch[s]);
      if (t < best[s]) best[s] = t;
    }
  for (s = 0; s < NSIZES; s++) {
    snprintf(name, sizeof name, "gaz_match_%s_mb_s", size_names[s]);
    bench_report(name, (double)c.bytes / 1e6 / best[s], "MB/s");
    snprintf(name, sizeof name, "gaz_match_%s_tok_s", size_names[s]);
    bench_report(name, (double)c.tokens / best[s], "tokens/s");
    snprintf(name, sizeof name, "gaz_matches_%s", size_names[s]);
    bench_report(name, (double)nmatch[s], "matches");
  }
  bench_report("gaz_match_flatness", best[0] / best[NSIZES - 1], "ratio");
  /* 100k and 1M find the same vocabulary hits in the corpus (a large
  ** gazetteer holds most of its words), 1k about half as many: this ratio
  ** shows the cost of the structure alone. */
  bench_report("gaz_match_flatness_100k_1m", best[1] / best[NSIZES - 1],
               "ratio");
  bench_report("gaz_peak_rss_mb", (double)bench_peak_rss_kib() / 1024.0,
               "MB");

  for (s = 0; s < NSIZES; s++) lore_gaz_free(gaz[s]);
  for (i = 0; i < c.ndocs; i++) lore_doc_free(c.docs[i]);
  free(c.docs);
  lore_tokens_free(&toks);
  ss_free(&words);
  ss_free(&names);
  ss_free(&capwords);
  sl_free(&pseudo);
  sl_free(&phrases);
  free(text);
  return 0;
}
