/*
** fuzz_corpus.c
** libFuzzer target: the corpus readers. The input is written to a file in a
** temporary directory and read back through lore_corpus. The first byte
** picks the case:
**   & 3 == 0  a .txt file named on the command line
**   & 3 == 1  a .jsonl file
**   & 3 == 2  a directory: meta.tsv, a.txt, sub/b.jsonl (parts of the
**             input separated by the bytes FF FE)
**   & 3 == 3  standard input (the file dup2'ed onto descriptor 0)
** bit 2: a small max_doc_bytes (64) instead of the default.
** Checks: a .txt document is the file, byte for byte, or a warning; a
** .jsonl file gives, line for line, the document jansson finds or a
** warning naming that line; metadata strings hold no line break; ordinals
** count up; the two halves of a 2-way sharding hold exactly the documents
** and warnings of the whole.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "lore_corpus.h"

static char tmpdir[64];

static void cleanup (void) {
  char cmd[128];
  if (tmpdir[0] == '\0') return;
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "fuzz_corpus: cannot remove %s\n", tmpdir);
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerInitialize (int *argc, char ***argv) {
  const char *t = getenv("TMPDIR");
  (void)argc; (void)argv;
  snprintf(tmpdir, sizeof tmpdir, "%s/fuzzcorpus.XXXXXX",
           t && strlen(t) < 30 ? t : "/tmp");
  if (mkdtemp(tmpdir) == NULL) { perror("mkdtemp"); abort(); }
  atexit(cleanup);
  return 0;
}

static void put (const char *path, const uint8_t *p, size_t n) {
  FILE *f = fopen(path, "wb");
  FUZZ_CHECK(f != NULL, "cannot write %s: %s", path, strerror(errno));
  if (n) FUZZ_CHECK(fwrite(p, 1, n, f) == n, "short write");
  fclose(f);
}

#define MAXW 4096
typedef struct rec {
  size_t nw;
  long wline[MAXW];
  int wcode[MAXW];
  int binary;               /* a "binary file skipped" warning came */
} rec;

static void on_warn (void *ud, const lore_warning *w) {
  rec *r = (rec *)ud;
  FUZZ_CHECK(w->path != NULL && w->msg != NULL && w->msg[0] != '\0',
             "warning without path or message");
  FUZZ_CHECK(w->code < 0, "warning code %d", w->code);
  if (w->line == 0 && strcmp(w->msg, "binary file skipped") == 0) r->binary = 1;
  if (r->nw < MAXW) { r->wline[r->nw] = w->line; r->wcode[r->nw] = w->code; }
  r->nw++;
}

static int no_newline (const char *s) {
  return s == NULL || strpbrk(s, "\r\n") == NULL;
}

typedef struct run {
  size_t ndocs, nwarn;
  lore_input *docs[MAXW];
  rec w;
} run;

/* Read the whole corpus; keeps the first MAXW documents. */
static void read_all (const char *input, size_t max, unsigned shard,
                      unsigned nshards, run *out) {
  lore_corpus_opts o;
  lore_corpus *c;
  lore_input *in;
  const char *inputs[1];
  int r;
  memset(out, 0, sizeof *out);
  memset(&o, 0, sizeof o);
  o.warn = on_warn;
  o.ud = &out->w;
  o.max_doc_bytes = max;
  o.shard_index = shard;
  o.shard_count = nshards;
  inputs[0] = input;
  c = lore_corpus_open(inputs, 1, &o);
  FUZZ_CHECK(c != NULL, "open");
  while ((r = lore_corpus_next(c, &in)) == 1) {
    FUZZ_CHECK(in->text != NULL && in->id != NULL && in->path != NULL,
               "document without text, id or path");
    FUZZ_CHECK(in->text[in->len] == '\0', "text not NUL-terminated");
    FUZZ_CHECK(max == 0 || in->len <= max, "document of %zu bytes > max %zu",
               in->len, max);
    FUZZ_CHECK(no_newline(in->title) && no_newline(in->date) &&
               no_newline(in->source) && no_newline(in->url),
               "metadata holds a line break");
    FUZZ_CHECK(in->ordinal == out->ndocs, "ordinal %zu, expected %zu",
               in->ordinal, out->ndocs);
    if (out->ndocs < MAXW) out->docs[out->ndocs] = in;
    else lore_input_free(in);
    out->ndocs++;
  }
  FUZZ_CHECK(r == 0, "lore_corpus_next returned %d", r);
  FUZZ_CHECK(lore_corpus_ndocs(c) == out->ndocs, "ndocs");
  FUZZ_CHECK(lore_corpus_nskipped(c) == out->w.nw, "nskipped %zu, warnings %zu",
             lore_corpus_nskipped(c), out->w.nw);
  out->nwarn = out->w.nw;
  lore_corpus_close(c);
}

static void free_run (run *r) {
  size_t i;
  for (i = 0; i < r->ndocs && i < MAXW; i++) lore_input_free(r->docs[i]);
}

/* The .jsonl model: what the reader should make of each line. */
static void check_jsonl (const uint8_t *p, size_t n, size_t max, run *r) {
  size_t pos = 0, di = 0, wi = 0;
  long line = 0;
  int any = 0;
  if (r->w.binary) {
    FUZZ_CHECK(r->ndocs == 0 && r->nwarn == 1, "binary JSONL gave documents");
    return;
  }
  while (pos < n) {
    const uint8_t *nl = (const uint8_t *)memchr(p + pos, '\n', n - pos);
    size_t len = nl ? (size_t)(nl - (p + pos)) + 1 : n - pos, i;
    const char *s = (const char *)p + pos;
    json_t *j;
    json_error_t e;
    json_t *t;
    pos += len;
    line++;
    any = 1;
    if (line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
      s += 3;                         /* a BOM on the first line: white space */
      len -= 3;
    }
    for (i = 0; i < len; i++)
      if (!strchr(" \t\r\v\f\n", s[i]) || s[i] == '\0') break;
    if (i == len) continue;
    j = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    t = j && json_is_object(j) ? json_object_get(j, "text") : NULL;
    /* (an empty "text" is skipped with a warning, like an empty file) */
    if (t && json_is_string(t) && json_string_length(t) > 0 &&
        json_string_length(t) <= (max ? max : (size_t)1 << 30)) {
      lore_input *in;
      FUZZ_CHECK(di < r->ndocs, "line %ld: no document", line);
      in = r->docs[di++];
      FUZZ_CHECK(in->line == line, "document line %ld, expected %ld",
                 in->line, line);
      FUZZ_CHECK(in->len == json_string_length(t) &&
                 memcmp(in->text, json_string_value(t), in->len) == 0,
                 "line %ld: text differs", line);
    } else {
      FUZZ_CHECK(wi < r->nwarn && r->w.wline[wi] == line,
                 "line %ld: expected a warning naming it", line);
      wi++;
    }
    json_decref(j);
  }
  if (!any) {
    FUZZ_CHECK(r->nwarn == 1 && r->w.wline[0] == 0, "empty file: no warning");
    wi++;
  }
  FUZZ_CHECK(di == r->ndocs && wi == r->nwarn,
             "%zu documents and %zu warnings, expected %zu and %zu",
             r->ndocs, r->nwarn, di, wi);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  static run all, s0, s1;          /* big: not on the stack */
  char path[256], dir[256];
  const char *input = path;
  size_t max, n;
  const uint8_t *p;
  int mode, saved = -1;
  if (size == 0) return 0;
  mode = data[0] & 3;
  max = (data[0] & 4) ? 64 : 0;
  p = data + 1;
  n = size - 1;
  snprintf(dir, sizeof dir, "%s/d", tmpdir);
  {                                 /* the directory of the last case 2 */
    static const char *const files[] = { "sub/b.jsonl", "sub", "a.txt",
                                         "meta.tsv", "" };
    char f[300];
    size_t k;
    for (k = 0; k < sizeof files / sizeof files[0]; k++) {
      snprintf(f, sizeof f, "%s/%s", dir, files[k]);
      if (remove(f) != 0 && errno != ENOENT)
        FUZZ_CHECK(0, "cannot remove %s: %s", f, strerror(errno));
    }
  }
  switch (mode) {
    case 0: snprintf(path, sizeof path, "%s/doc.txt", tmpdir); put(path, p, n); break;
    case 1: snprintf(path, sizeof path, "%s/doc.jsonl", tmpdir); put(path, p, n); break;
    case 2: {
      const uint8_t *part[3] = { p, NULL, NULL };
      size_t plen[3] = { n, 0, 0 }, k = 0, i;
      char f[300];
      for (i = 0; i + 1 < n && k < 2; i++)
        if (p[i] == 0xFF && p[i + 1] == 0xFE) {
          plen[k] = (size_t)(p + i - part[k]);
          part[k + 1] = p + i + 2;
          plen[k + 1] = n - (i + 2);
          k++;
          i++;
        }
      mkdir(dir, 0777);
      snprintf(f, sizeof f, "%s/sub", dir); mkdir(f, 0777);
      snprintf(f, sizeof f, "%s/meta.tsv", dir); put(f, part[0], plen[0]);
      snprintf(f, sizeof f, "%s/a.txt", dir); put(f, part[1], plen[1]);
      snprintf(f, sizeof f, "%s/sub/b.jsonl", dir); put(f, part[2], plen[2]);
      input = dir;
      break;
    }
    default: {
      snprintf(path, sizeof path, "%s/stdin", tmpdir);
      put(path, p, n);
      input = "-";
      break;
    }
  }
  if (mode == 3) {
    int fd = open(path, O_RDONLY);
    FUZZ_CHECK(fd >= 0, "open stdin file");
    saved = dup(0);
    dup2(fd, 0); close(fd);
  }
  read_all(input, max, 0, 0, &all);
  if (mode == 3) { lseek(0, 0, SEEK_SET); }
  read_all(input, max, 0, 2, &s0);
  if (mode == 3) { lseek(0, 0, SEEK_SET); }
  read_all(input, max, 1, 2, &s1);
  if (mode == 3) { dup2(saved, 0); close(saved); }
  FUZZ_CHECK(s0.ndocs + s1.ndocs == all.ndocs,
             "shards hold %zu + %zu documents, the whole %zu",
             s0.ndocs, s1.ndocs, all.ndocs);
  FUZZ_CHECK(s0.nwarn + s1.nwarn == all.nwarn,
             "shards give %zu + %zu warnings, the whole %zu",
             s0.nwarn, s1.nwarn, all.nwarn);
  if (mode == 0) {
    if (all.ndocs == 1) {
      FUZZ_CHECK(all.nwarn == 0, "document and warning");
      FUZZ_CHECK(all.docs[0]->len == n && memcmp(all.docs[0]->text, p, n) == 0,
                 ".txt text differs from the file");
      FUZZ_CHECK(strcmp(all.docs[0]->id, "doc") == 0, "id '%s'", all.docs[0]->id);
    } else {
      FUZZ_CHECK(all.ndocs == 0 && all.nwarn == 1 && all.w.wline[0] == 0,
                 ".txt: %zu documents, %zu warnings", all.ndocs, all.nwarn);
      FUZZ_CHECK(n == 0 || all.w.binary || (max && n > max),
                 ".txt of %zu bytes skipped", n);
    }
  }
  else if (mode == 1) check_jsonl(p, n, max, &all);
  else if (mode == 3 && n > 0 && all.ndocs == 1 && all.docs[0]->line == 0) {
    FUZZ_CHECK(all.docs[0]->len == n && memcmp(all.docs[0]->text, p, n) == 0,
               "stdin text differs from the input");
  }
  free_run(&all);
  free_run(&s0);
  free_run(&s1);
  return 0;
}
