/*
** test_corpus.c
** lore_corpus: directory walks, .txt headers and titles, meta.tsv, JSONL,
** standard input, skipped inputs and their warnings, sharding, limits.
** Every test works in a fresh mkdtemp directory removed afterwards.
*/
#define _GNU_SOURCE   /* setfsuid, nftw */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_corpus.h"
#include "lore_err.h"

/* {======================================================================
** Fixture and helpers
** =======================================================================
*/

static char g_dir[64];   /* the test's temporary directory */

static int setup (void **state) {
  (void)state;
  strcpy(g_dir, "/tmp/lore_corpus_XXXXXX");
  if (mkdtemp(g_dir) == NULL) return -1;
  /* readable by the unprivileged fsuid of the permission test */
  return chmod(g_dir, 0755);
}

static int rm_entry (const char *path, const struct stat *st, int flag,
                     struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  return remove(path);
}

static int teardown (void **state) {
  (void)state;
  return nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Absolute path of rel inside the test directory (8 rotating buffers, so
** several can be used in one expression). */
static const char *P (const char *rel) {
  static char bufs[8][512];
  static int next;
  char *b = bufs[next++ % 8];
  if (rel[0] == '\0') snprintf(b, 512, "%s", g_dir);
  else snprintf(b, 512, "%s/%s", g_dir, rel);
  return b;
}

static void mkdir_rel (const char *rel) {
  assert_int_equal(mkdir(P(rel), 0755), 0);
}

static void write_rel (const char *rel, const void *data, size_t n) {
  FILE *f = fopen(P(rel), "wb");
  assert_non_null(f);
  if (n > 0) assert_int_equal(fwrite(data, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
}

#define WRITE(rel, lit) write_rel((rel), (lit), sizeof(lit) - 1)

typedef struct warn_rec {
  char *path;
  long line;
  int code;
  char *msg;
} warn_rec;

#define MAX_DOCS 256
#define MAX_WARNS 64

typedef struct run {
  lore_input *docs[MAX_DOCS];
  size_t ndocs;
  warn_rec warns[MAX_WARNS];
  size_t nwarns;
  size_t c_ndocs, c_nskipped, c_nbytes;
} run;

static char *dupstr (const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  assert_non_null(p);
  memcpy(p, s, n + 1);
  return p;
}

static void on_warn (void *ud, const lore_warning *w) {
  run *r = (run *)ud;
  assert_true(r->nwarns < MAX_WARNS);
  assert_non_null(w->path);
  assert_non_null(w->msg);
  r->warns[r->nwarns].path = dupstr(w->path);
  r->warns[r->nwarns].line = w->line;
  r->warns[r->nwarns].code = w->code;
  r->warns[r->nwarns].msg = dupstr(w->msg);
  r->nwarns++;
}

/* Read a whole corpus; every document and warning is kept. */
static run *run_corpus (const char *const *inputs, size_t n, unsigned shard,
                        unsigned nshards, size_t max) {
  run *r = calloc(1, sizeof(*r));
  lore_corpus_opts o;
  lore_corpus *c;
  lore_input *in;
  int rc;
  assert_non_null(r);
  memset(&o, 0, sizeof(o));
  o.warn = on_warn;
  o.ud = r;
  o.shard_index = shard;
  o.shard_count = nshards;
  o.max_doc_bytes = max;
  c = lore_corpus_open(inputs, n, &o);
  assert_non_null(c);
  while ((rc = lore_corpus_next(c, &in)) == 1) {
    assert_true(r->ndocs < MAX_DOCS);
    assert_int_equal(in->ordinal, r->ndocs);
    assert_non_null(in->id);
    assert_non_null(in->path);
    assert_non_null(in->text);
    assert_int_equal(in->text[in->len], '\0');
    r->docs[r->ndocs++] = in;
  }
  assert_int_equal(rc, 0);
  assert_null(in);
  r->c_ndocs = lore_corpus_ndocs(c);
  r->c_nskipped = lore_corpus_nskipped(c);
  r->c_nbytes = lore_corpus_nbytes(c);
  assert_int_equal(r->c_ndocs, r->ndocs);
  assert_int_equal(r->c_nskipped, r->nwarns);
  lore_corpus_close(c);
  return r;
}

static run *run1 (const char *input) {
  const char *in[1];
  in[0] = input;
  return run_corpus(in, 1, 0, 0, 0);
}

static void run_free (run *r) {
  size_t i;
  for (i = 0; i < r->ndocs; i++) lore_input_free(r->docs[i]);
  for (i = 0; i < r->nwarns; i++) {
    free(r->warns[i].path);
    free(r->warns[i].msg);
  }
  free(r);
}

static void check_warn (const run *r, size_t i, const char *path, long line,
                        int code, const char *msg) {
  assert_true(i < r->nwarns);
  assert_string_equal(r->warns[i].path, path);
  assert_int_equal(r->warns[i].line, line);
  assert_int_equal(r->warns[i].code, code);
  assert_string_equal(r->warns[i].msg, msg);
}

static void check_doc (const lore_input *in, const char *id, const char *path,
                       long line, const char *text) {
  assert_string_equal(in->id, id);
  assert_string_equal(in->path, path);
  assert_int_equal(in->line, line);
  assert_int_equal(in->len, strlen(text));
  assert_memory_equal(in->text, text, in->len);
}

/* Compare a possibly NULL string with an expected possibly NULL one. */
static void check_opt (const char *got, const char *want) {
  if (want == NULL) assert_null(got);
  else {
    assert_non_null(got);
    assert_string_equal(got, want);
  }
}

/* }====================================================================== */

static void test_corpus_walk_order (void **state) {
  static const char *const want_ids[] = {
    "B", "a b", "a", "x", "b", "data:1", "data:2", "c", "d"
  };
  static const char *const want_rel[] = {
    "B.txt", "a b.txt", "a.txt", "aa/x.txt", "b.txt", "data.jsonl",
    "data.jsonl", "sub/c.txt", "sub/deeper/d.txt"
  };
  const char *in[1];
  run *r, *r2;
  size_t i;
  (void)state;
  WRITE("b.txt", "bee\n");
  WRITE("a.txt", "ay\n");
  WRITE("B.txt", "big bee\n");
  WRITE("a b.txt", "space\n");
  mkdir_rel("aa");
  WRITE("aa/x.txt", "ex\n");
  mkdir_rel("sub");
  WRITE("sub/c.txt", "sea\n");
  mkdir_rel("sub/deeper");
  WRITE("sub/deeper/d.txt", "dee\n");
  WRITE("data.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
  /* not read: hidden entries, other extensions (case-sensitive) */
  WRITE(".hidden.txt", "hidden\n");
  mkdir_rel(".git");
  WRITE(".git/e.txt", "hidden dir\n");
  WRITE("notes.md", "markdown\n");
  WRITE("z.TXT", "upper case extension\n");
  WRITE("data.json", "{\"text\":\"not jsonl\"}\n");

  r = run1(P(""));
  assert_int_equal(r->ndocs, 9);
  assert_int_equal(r->nwarns, 0);
  for (i = 0; i < r->ndocs; i++) {
    assert_string_equal(r->docs[i]->id, want_ids[i]);
    assert_string_equal(r->docs[i]->path, P(want_rel[i]));
  }
  assert_int_equal(r->docs[5]->line, 1);
  assert_int_equal(r->docs[6]->line, 2);
  assert_int_equal(r->docs[0]->line, 0);
  assert_string_equal(r->docs[8]->text, "dee\n");
  assert_int_equal(r->c_nbytes, 8 + 6 + 3 + 3 + 4 + 3 + 3 + 4 + 4);

  /* a trailing slash names the same paths */
  {
    char withslash[600];
    snprintf(withslash, sizeof(withslash), "%s//", g_dir);
    in[0] = withslash;
    r2 = run_corpus(in, 1, 0, 0, 0);
    assert_int_equal(r2->ndocs, 9);
    for (i = 0; i < r2->ndocs; i++)
      assert_string_equal(r2->docs[i]->path, r->docs[i]->path);
    run_free(r2);
  }
  run_free(r);

  /* several inputs, in the order given; a file named explicitly is read
  ** whatever its extension */
  {
    const char *many[3];
    many[0] = P("notes.md");
    many[1] = P("sub");
    many[2] = P(".hidden.txt");
    r = run_corpus(many, 3, 0, 0, 0);
    assert_int_equal(r->ndocs, 4);
    check_doc(r->docs[0], "notes.md", P("notes.md"), 0, "markdown\n");
    check_doc(r->docs[1], "c", P("sub/c.txt"), 0, "sea\n");
    check_doc(r->docs[2], "d", P("sub/deeper/d.txt"), 0, "dee\n");
    check_doc(r->docs[3], ".hidden", P(".hidden.txt"), 0, "hidden\n");
    assert_string_equal(r->docs[0]->title, "markdown");
    run_free(r);
  }
}

static void test_corpus_txt_headers_title (void **state) {
  static const char h[] =
    "\n"
    "  \t \n"
    "Source:  Reuters  \n"
    "date:2024-01-02\n"
    "URL: https://example.com/x \n"
    "  The Real Title \n"
    "Date: 1999-01-01\n"          /* a second Date: the first one wins */
    "Body line\n";
  static const char late[] =
    "Title first\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
    "Date: 2020-01-01\n";         /* line 13: not a header */
  static const char allhead[] =
    "Date: 2021\n"
    "Source:\n"                   /* empty value: unset, still a header */
    "\n"
    "DATE :x\n";                  /* not a header: the title */
  static const char lateheads[] =
    "\n\n\n\n\n\n\n\n\n\n\n"
    "url:u12\n"                   /* line 12: header */
    "Source: s13\n";              /* line 13: the title */
  run *r;
  (void)state;
  WRITE("h.txt", h);
  WRITE("late.txt", late);
  WRITE("allhead.txt", allhead);
  WRITE("lateheads.txt", lateheads);
  WRITE("notitle.txt", "Date: 2000\n\n   \n");
  r = run1(P(""));
  assert_int_equal(r->ndocs, 5);
  assert_int_equal(r->nwarns, 0);

  check_doc(r->docs[0], "allhead", P("allhead.txt"), 0, allhead);
  check_opt(r->docs[0]->title, "DATE :x");
  check_opt(r->docs[0]->date, "2021");
  check_opt(r->docs[0]->source, NULL);
  check_opt(r->docs[0]->url, NULL);

  check_doc(r->docs[1], "h", P("h.txt"), 0, h);
  check_opt(r->docs[1]->title, "The Real Title");
  check_opt(r->docs[1]->source, "Reuters");
  check_opt(r->docs[1]->date, "2024-01-02");
  check_opt(r->docs[1]->url, "https://example.com/x");

  check_doc(r->docs[2], "late", P("late.txt"), 0, late);
  check_opt(r->docs[2]->title, "Title first");
  check_opt(r->docs[2]->date, NULL);

  check_doc(r->docs[3], "lateheads", P("lateheads.txt"), 0, lateheads);
  check_opt(r->docs[3]->url, "u12");
  check_opt(r->docs[3]->source, NULL);
  check_opt(r->docs[3]->title, "Source: s13");

  check_opt(r->docs[4]->title, NULL);
  check_opt(r->docs[4]->date, "2000");
  run_free(r);
}

static void test_corpus_meta_precedence (void **state) {
  static const char meta[] =
    "# id\tdate\tsource\turl\n"
    "doc1\t2020-01-01\t\thttps://meta/1\n"
    "\n"
    "doc2\t\tMetaSource\n"
    "doc3\t 2021-01-01 \r\n"
    "doc1\t2020-02-02\t\thttps://meta/1b\n"      /* the last line wins */
    "j:2\t2022-02-02\tJS\n"
    "sub1\t1999-09-09\t\tparent-url\n"
    "lonely\n";
  run *r;
  (void)state;
  WRITE("meta.tsv", meta);
  WRITE("doc1.txt", "Date: 2010-10-10\nSource: HeaderSource\nTitle\n");
  WRITE("doc2.txt", "Date: 2010\nTitle\n");
  WRITE("doc3.txt", "Title only\n");
  WRITE("j.jsonl", "{\"text\":\"a\",\"date\":\"x\"}\n"
                   "{\"text\":\"b\",\"date\":\"y\",\"source\":\"s\"}\n");
  mkdir_rel("sub");
  WRITE("sub/meta.tsv", "sub1\t\tSubSource\n");
  WRITE("sub/sub1.txt", "Source: InFile\nURL: in-file\nSub doc\n");
  r = run1(P(""));
  assert_int_equal(r->ndocs, 6);
  assert_int_equal(r->nwarns, 0);

  check_doc(r->docs[0], "doc1", P("doc1.txt"), 0,
            "Date: 2010-10-10\nSource: HeaderSource\nTitle\n");
  check_opt(r->docs[0]->date, "2020-02-02");
  check_opt(r->docs[0]->source, "HeaderSource");   /* empty column: unset */
  check_opt(r->docs[0]->url, "https://meta/1b");

  check_opt(r->docs[1]->date, "2010");
  check_opt(r->docs[1]->source, "MetaSource");
  check_opt(r->docs[1]->url, NULL);

  check_opt(r->docs[2]->date, "2021-01-01");          /* trimmed, CR gone */

  check_doc(r->docs[3], "j:1", P("j.jsonl"), 1, "a");
  check_opt(r->docs[3]->date, "x");
  check_doc(r->docs[4], "j:2", P("j.jsonl"), 2, "b");
  check_opt(r->docs[4]->date, "2022-02-02");
  check_opt(r->docs[4]->source, "JS");

  /* the nearest meta.tsv first, then the parent's, field by field */
  check_doc(r->docs[5], "sub1", P("sub/sub1.txt"), 0,
            "Source: InFile\nURL: in-file\nSub doc\n");
  check_opt(r->docs[5]->source, "SubSource");
  check_opt(r->docs[5]->date, "1999-09-09");
  check_opt(r->docs[5]->url, "parent-url");
  run_free(r);

  /* a file named on the command line gets its directory's meta.tsv */
  r = run1(P("doc3.txt"));
  assert_int_equal(r->ndocs, 1);
  check_opt(r->docs[0]->date, "2021-01-01");
  run_free(r);
  r = run1(P("j.jsonl"));
  assert_int_equal(r->ndocs, 2);
  check_opt(r->docs[1]->date, "2022-02-02");
  run_free(r);
}

static void test_corpus_jsonl_fields (void **state) {
  static const char jl[] =
    "{\"id\":\"abc\",\"text\":\"Hello\",\"title\":\"T\",\"date\":\"D\","
    "\"source\":\"S\",\"url\":\"U\",\"extra\":[1,2]}\n"
    "   \n"
    "{\"text\":\"no id\"}\n"
    "{\"id\":42,\"text\":\"x\"}\n"
    "{\"id\":1.5,\"text\":\"y\"}\n"
    "{\"id\":null,\"text\":\"z\",\"title\":7,\"date\":false}\n"
    "{\"text\":\"nul\\u0000inside \\u00e9\"}\n"
    "{\"text\":\"crlf\"}\r\n"
    "\n"
    "{\"text\":\"last, no newline\"}";
  run *r;
  (void)state;
  WRITE("f.jsonl", jl);
  r = run1(P(""));
  assert_int_equal(r->ndocs, 8);
  assert_int_equal(r->nwarns, 0);
  check_doc(r->docs[0], "abc", P("f.jsonl"), 1, "Hello");
  check_opt(r->docs[0]->title, "T");
  check_opt(r->docs[0]->date, "D");
  check_opt(r->docs[0]->source, "S");
  check_opt(r->docs[0]->url, "U");
  check_doc(r->docs[1], "f:3", P("f.jsonl"), 3, "no id");
  check_opt(r->docs[1]->title, NULL);
  check_opt(r->docs[1]->date, NULL);
  check_doc(r->docs[2], "42", P("f.jsonl"), 4, "x");
  check_doc(r->docs[3], "1.5", P("f.jsonl"), 5, "y");
  check_doc(r->docs[4], "f:6", P("f.jsonl"), 6, "z");
  check_opt(r->docs[4]->title, NULL);
  check_opt(r->docs[4]->date, NULL);
  assert_int_equal(r->docs[5]->len, 13);
  assert_memory_equal(r->docs[5]->text, "nul\0inside \xc3\xa9", 13);
  check_doc(r->docs[6], "f:8", P("f.jsonl"), 8, "crlf");
  check_doc(r->docs[7], "f:10", P("f.jsonl"), 10, "last, no newline");
  run_free(r);
}

static void test_corpus_jsonl_long_line (void **state) {
  size_t big = (size_t)10 << 20, i;
  char *line = malloc(big + 64);
  FILE *f;
  run *r;
  (void)state;
  assert_non_null(line);
  memcpy(line, "{\"text\":\"", 9);
  for (i = 0; i < big; i++) line[9 + i] = (char)('a' + i % 26);
  memcpy(line + 9 + big, "\"}\n", 3);
  f = fopen(P("long.jsonl"), "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(line, 1, big + 12, f), big + 12);
  fputs("{\"text\":\"after\"}\n", f);
  assert_int_equal(fclose(f), 0);
  r = run1(P("long.jsonl"));
  assert_int_equal(r->ndocs, 2);
  assert_int_equal(r->docs[0]->len, big);
  assert_memory_equal(r->docs[0]->text, line + 9, big);
  check_doc(r->docs[1], "long:2", P("long.jsonl"), 2, "after");
  assert_int_equal(r->c_nbytes, big + 5);
  run_free(r);
  free(line);
}

/* Run the corpus over "-" with data on fd 0 (a pipe, through dup2). */
static run *run_stdin (const char *data, size_t n) {
  int fds[2], saved;
  run *r;
  assert_true(n < 60000);              /* fits in the pipe buffer */
  assert_int_equal(pipe(fds), 0);
  if (n > 0) assert_int_equal(write(fds[1], data, n), (ssize_t)n);
  close(fds[1]);
  saved = dup(0);
  assert_true(saved >= 0);
  assert_int_equal(dup2(fds[0], 0), 0);
  close(fds[0]);
  r = run1("-");
  assert_int_equal(dup2(saved, 0), 0);
  close(saved);
  return r;
}

static void test_corpus_stdin_text (void **state) {
  static const char text[] = "  \n Title line\nDate: 2020\nbody {\"x\":1}\n";
  run *r;
  (void)state;
  r = run_stdin(text, sizeof(text) - 1);
  assert_int_equal(r->ndocs, 1);
  check_doc(r->docs[0], "stdin", "-", 0, text);
  check_opt(r->docs[0]->title, "Title line");
  check_opt(r->docs[0]->date, "2020");
  run_free(r);

  r = run_stdin("", 0);
  assert_int_equal(r->ndocs, 0);
  assert_int_equal(r->nwarns, 1);
  check_warn(r, 0, "-", 0, LORE_EFORMAT, "empty file skipped");
  run_free(r);

  r = run_stdin("\x89PNG\r\n\x1a\n....", 12);
  assert_int_equal(r->ndocs, 0);
  check_warn(r, 0, "-", 0, LORE_EFORMAT, "binary file skipped");
  run_free(r);
}

static void test_corpus_stdin_jsonl (void **state) {
  static const char jl[] =
    "\n  \n  {\"text\":\"one\"}\n"
    "{\"text\":\"two\",\"id\":\"x\"}\n"
    "not json\n"
    "{\"text\":\"four\"}";
  run *r;
  (void)state;
  r = run_stdin(jl, sizeof(jl) - 1);
  assert_int_equal(r->ndocs, 3);
  check_doc(r->docs[0], "stdin:3", "-", 3, "one");
  check_doc(r->docs[1], "x", "-", 4, "two");
  check_doc(r->docs[2], "stdin:6", "-", 6, "four");
  assert_int_equal(r->nwarns, 1);
  check_warn(r, 0, "-", 5, LORE_EFORMAT,
             "invalid JSON on line 5: invalid token near 'not'");
  run_free(r);
}

static void test_corpus_skips (void **state) {
  static const char ctl[] =   /* 5 control bytes in 200: 2.5% */
    "\x01" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "\x02" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "\x03" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "\x04" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "\x05" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  char deep[3100];
  char *bad;
  size_t n;
  const char *in[2];
  run *r;
  (void)state;
  WRITE("bin.txt", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR plus more text");
  WRITE("ctl.txt", ctl);
  WRITE("empty.txt", "");
  WRITE("empty.jsonl", "");
  WRITE("gz.jsonl", "\x1f\x8b\x08\x00 compressed");
  WRITE("pdf.txt", "%PDF-1.7\n");
  WRITE("zip.txt", "PK\x03\x04 zipped");
  WRITE("elf.txt", "\x7f" "ELF\x02\x01\x01");
  WRITE("gif.txt", "GIF89a....");
  WRITE("jpg.txt", "\xff\xd8\xff\xe0 jfif");
  assert_int_equal(mkfifo(P("fifo.txt"), 0644), 0);
  assert_int_equal(symlink(P("nowhere.txt"), P("dangling.txt")), 0);
  memset(deep, '[', 3000);
  n = 0;
  bad = malloc(8192);
  assert_non_null(bad);
#define ADD(lit) (memcpy(bad + n, (lit), sizeof(lit) - 1), n += sizeof(lit) - 1)
  ADD("{\"text\":\"ok\"}\n");                  /* 1 */
  ADD("{bad\n");                              /* 2 */
  ADD("[1,2]\n");                             /* 3 */
  ADD("{\"title\":\"x\"}\n");                 /* 4 */
  ADD("{\"text\":5}\n");                      /* 5 */
  memcpy(bad + n, deep, 3000); n += 3000;     /* 6 */
  ADD("\n");
  ADD("\"str\"\n");                           /* 7 */
  ADD("{\"text\":\"\xff\"}\n");               /* 8 */
  ADD("{\"text\":\"ok2\"} trailing\n");       /* 9 */
  ADD("{\"text\":null}\n");                   /* 10 */
  ADD("{\"text\":\"fine\"}\n");               /* 11 */
#undef ADD
  write_rel("bad.jsonl", bad, n);
  free(bad);

  in[0] = P("");
  in[1] = P("missing.txt");
  r = run_corpus(in, 2, 0, 0, 0);
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "bad:1", P("bad.jsonl"), 1, "ok");
  check_doc(r->docs[1], "bad:11", P("bad.jsonl"), 11, "fine");
  check_warn(r, 0, P("bad.jsonl"), 2, LORE_EFORMAT,
             "invalid JSON on line 2: string or '}' expected near 'bad'");
  check_warn(r, 1, P("bad.jsonl"), 3, LORE_EFORMAT,
             "JSON value on line 3 is not an object");
  check_warn(r, 2, P("bad.jsonl"), 4, LORE_EFORMAT, "no \"text\" on line 4");
  check_warn(r, 3, P("bad.jsonl"), 5, LORE_EFORMAT,
             "\"text\" is not a string on line 5");
  check_warn(r, 4, P("bad.jsonl"), 6, LORE_EFORMAT,
             "invalid JSON on line 6: maximum parsing depth reached near '['");
  check_warn(r, 5, P("bad.jsonl"), 7, LORE_EFORMAT,
             "JSON value on line 7 is not an object");
  check_warn(r, 6, P("bad.jsonl"), 8, LORE_EFORMAT,
             "invalid JSON on line 8: unable to decode byte 0xff near '\"'");
  check_warn(r, 7, P("bad.jsonl"), 9, LORE_EFORMAT,
             "invalid JSON on line 9: end of file expected near 'trailing'");
  check_warn(r, 8, P("bad.jsonl"), 10, LORE_EFORMAT,
             "\"text\" is not a string on line 10");
  check_warn(r, 9, P("bin.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 10, P("ctl.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 11, P("dangling.txt"), 0, LORE_EIO,
             "cannot open: No such file or directory");
  check_warn(r, 12, P("elf.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 13, P("empty.jsonl"), 0, LORE_EFORMAT, "empty file skipped");
  check_warn(r, 14, P("empty.txt"), 0, LORE_EFORMAT, "empty file skipped");
  check_warn(r, 15, P("fifo.txt"), 0, LORE_EFORMAT,
             "not a regular file, skipped");
  check_warn(r, 16, P("gif.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 17, P("gz.jsonl"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 18, P("jpg.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 19, P("pdf.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 20, P("zip.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 21, P("missing.txt"), 0, LORE_EIO,
             "cannot open: No such file or directory");
  assert_int_equal(r->nwarns, 22);
  assert_int_equal(r->c_nskipped, 22);
  run_free(r);
}

static void test_corpus_permission_denied (void **state) {
  const char *in[2];
  run *r;
  int root = geteuid() == 0;
  (void)state;
  WRITE("a.txt", "readable\n");
  WRITE("secret.txt", "secret\n");
  WRITE("secret.jsonl", "{\"text\":\"secret\"}\n");
  mkdir_rel("locked");
  WRITE("locked/x.txt", "inside\n");
  assert_int_equal(chmod(P("secret.txt"), 0), 0);
  assert_int_equal(chmod(P("secret.jsonl"), 0), 0);
  assert_int_equal(chmod(P("locked"), 0), 0);
  /* Tests run as root, for whom mode 000 does not prevent reading: switch
  ** the filesystem uid (only that) to nobody around the read. The second
  ** setfsuid call, with an invalid id, only reports the current fsuid. */
  if (root) {
    setfsuid(65534);
    if (setfsuid((uid_t)-1) != 65534) {
      setfsuid(0);
      skip();
    }
  }
  in[0] = P("");
  in[1] = P("secret.txt");
  r = run_corpus(in, 2, 0, 0, 0);
  if (root) setfsuid(0);
  assert_int_equal(r->ndocs, 1);
  check_doc(r->docs[0], "a", P("a.txt"), 0, "readable\n");
  assert_int_equal(r->nwarns, 4);
  check_warn(r, 0, P("locked"), 0, LORE_EIO,
             "cannot open directory: Permission denied");
  check_warn(r, 1, P("secret.jsonl"), 0, LORE_EIO,
             "cannot open: Permission denied");
  check_warn(r, 2, P("secret.txt"), 0, LORE_EIO,
             "cannot open: Permission denied");
  check_warn(r, 3, P("secret.txt"), 0, LORE_EIO,
             "cannot open: Permission denied");
  run_free(r);
  chmod(P("locked"), 0755);
}

static void test_corpus_shard_hash (void **state) {
  (void)state;
  /* FNV-1a 64 reference values */
  assert_true(lore_corpus_shard_hash("", 0) == 0xcbf29ce484222325ULL);
  assert_true(lore_corpus_shard_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
  assert_true(lore_corpus_shard_hash("foobar", 6) == 0x85944171f73967e8ULL);
  assert_true(lore_corpus_shard_hash("corpus/000_a7dc20db6077fbda.txt", 31) ==
              lore_corpus_shard_hash("corpus/000_a7dc20db6077fbda.txt", 31));
  assert_true(lore_corpus_shard_hash("a\0b", 3) !=
              lore_corpus_shard_hash("a\0c", 3));
}

/* Does (path, line) name a document of r? Returns its index or -1. */
static int find_doc (const run *r, const char *path, long line) {
  size_t i;
  for (i = 0; i < r->ndocs; i++)
    if (strcmp(r->docs[i]->path, path) == 0 && r->docs[i]->line == line)
      return (int)i;
  return -1;
}

static void test_corpus_sharding (void **state) {
  enum { NSH = 3 };
  run *all, *sh[NSH];
  char name[64], jl[1024];
  size_t i, k, total = 0, twarn = 0, n = 0;
  const char *in[1];
  (void)state;
  mkdir_rel("d");
  for (i = 0; i < 24; i++) {
    snprintf(name, sizeof(name), "d/doc%02zu.txt", i);
    write_rel(name, "some text\n", 10);
  }
  for (i = 0; i < 20; i++)
    n += (size_t)snprintf(jl + n, sizeof(jl) - n,
                          i == 7 ? "{broken\n" : "{\"text\":\"line %zu\"}\n", i);
  write_rel("d/lines.jsonl", jl, n);
  WRITE("d/empty.txt", "");
  in[0] = P("d");
  all = run_corpus(in, 1, 0, 1, 0);
  assert_int_equal(all->ndocs, 24 + 19);
  assert_int_equal(all->nwarns, 2);
  for (k = 0; k < NSH; k++) sh[k] = run_corpus(in, 1, (unsigned)k, NSH, 0);
  for (k = 0; k < NSH; k++) {
    total += sh[k]->ndocs;
    twarn += sh[k]->nwarns;
    assert_true(sh[k]->ndocs > 0);
    for (i = 0; i < sh[k]->ndocs; i++) {
      const lore_input *d = sh[k]->docs[i];
      char key[600];
      size_t kn;
      size_t j;
      /* the document is in the unsharded stream, in no other shard, and in
      ** the shard its hash says */
      assert_true(find_doc(all, d->path, d->line) >= 0);
      for (j = 0; j < NSH; j++)
        if (j != k) assert_int_equal(find_doc(sh[j], d->path, d->line), -1);
      if (d->line > 0) kn = (size_t)snprintf(key, sizeof(key), "%s:%ld",
                                             d->path, d->line);
      else kn = (size_t)snprintf(key, sizeof(key), "%s", d->path);
      assert_int_equal(lore_corpus_shard_hash(key, kn) % NSH, k);
    }
  }
  assert_int_equal(total, all->ndocs);          /* union = whole corpus */
  assert_int_equal(twarn, all->nwarns);         /* each warning once */
  for (k = 0; k < NSH; k++) run_free(sh[k]);
  run_free(all);

  /* an index out of range selects nothing */
  all = run_corpus(in, 1, 5, 3, 0);
  assert_int_equal(all->ndocs, 0);
  run_free(all);
}

static void test_corpus_max_doc_bytes (void **state) {
  run *r;
  const char *in[1];
  (void)state;
  WRITE("big.txt", "0123456789A");
  WRITE("small.txt", "0123456789");
  WRITE("z.jsonl", "{\"text\":\"0123456789\"}\n{\"text\":\"0123456789A\"}\n"
                   "{\"text\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}\n");
  in[0] = P("");
  r = run_corpus(in, 1, 0, 0, 10);
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "small", P("small.txt"), 0, "0123456789");
  check_doc(r->docs[1], "z:1", P("z.jsonl"), 1, "0123456789");
  assert_int_equal(r->nwarns, 3);
  check_warn(r, 0, P("big.txt"), 0, LORE_ELIMIT,
             "document too large (more than 10 bytes)");
  check_warn(r, 1, P("z.jsonl"), 2, LORE_ELIMIT,
             "document on line 2 too large (11 bytes, more than 10)");
  check_warn(r, 2, P("z.jsonl"), 3, LORE_ELIMIT,     /* bytes, not characters */
             "document on line 3 too large (12 bytes, more than 10)");
  run_free(r);
}

/* Standard input is JSONL only when its first line is a JSON object; the
** line read to tell is the first record. */
static void test_corpus_stdin_braces_jsonl (void **state) {
  static const char braces[] = "{braces} in a title\nBody text.\n";
  static const char jsonl[] =
    "\n{\"id\":\"a\",\"text\":\"Hello.\"}\n{\"text\":\"\"}\n{\"text\":\"x y\"}\n";
  run *r;
  (void)state;
  r = run_stdin(braces, sizeof(braces) - 1);
  assert_int_equal(r->ndocs, 1);
  assert_int_equal(r->nwarns, 0);
  check_doc(r->docs[0], "stdin", "-", 0, braces);
  check_opt(r->docs[0]->title, "{braces} in a title");
  run_free(r);

  r = run_stdin(jsonl, sizeof(jsonl) - 1);
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "a", "-", 2, "Hello.");
  check_doc(r->docs[1], "stdin:4", "-", 4, "x y");
  assert_int_equal(r->nwarns, 1);
  check_warn(r, 0, "-", 3, LORE_EFORMAT, "empty \"text\" on line 3 skipped");
  run_free(r);
}

/* A JSONL file that starts with a UTF-8 BOM keeps its first line. */
static void test_corpus_jsonl_bom (void **state) {
  run *r;
  (void)state;
  WRITE("b.jsonl", "\xEF\xBB\xBF{\"text\":\"first\"}\n{\"text\":\"second\"}\n");
  r = run1(P("b.jsonl"));
  assert_int_equal(r->nwarns, 0);
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "b:1", P("b.jsonl"), 1, "first");
  check_doc(r->docs[1], "b:2", P("b.jsonl"), 2, "second");
  run_free(r);
}

static void test_corpus_crlf_bom (void **state) {
  static const char bom[] =
    "\xEF\xBB\xBF" "Date: 2020-01-01\r\n\r\nTitle here\r\n\r\nBody\r\n";
  static const char crlf[] = "Headline\r\nSource: AP\r\nBody\r\n";
  run *r;
  (void)state;
  WRITE("bom.txt", bom);
  WRITE("crlf.txt", crlf);
  r = run1(P(""));
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "bom", P("bom.txt"), 0, bom);
  check_opt(r->docs[0]->title, "Title here");
  check_opt(r->docs[0]->date, "2020-01-01");
  check_doc(r->docs[1], "crlf", P("crlf.txt"), 0, crlf);
  check_opt(r->docs[1]->title, "Headline");
  check_opt(r->docs[1]->source, "AP");
  run_free(r);
}

static void test_corpus_empty_binary_nul (void **state) {
  char text[10000];
  size_t i;
  run *r;
  (void)state;
  for (i = 0; i < sizeof(text); i++) text[i] = (char)(i % 80 == 79 ? '\n' : 'a' + i % 26);
  text[100] = '\0';
  text[5000] = '\0';
  text[9990] = '\0';
  write_rel("nul.txt", text, sizeof(text));
  WRITE("zero.txt", "");
  WRITE("tiny.txt", "a\0b");                   /* 1 NUL in 3 bytes */
  r = run1(P(""));
  assert_int_equal(r->ndocs, 1);
  assert_string_equal(r->docs[0]->id, "nul");
  assert_int_equal(r->docs[0]->len, sizeof(text));
  assert_memory_equal(r->docs[0]->text, text, sizeof(text));
  assert_int_equal(r->nwarns, 2);
  check_warn(r, 0, P("tiny.txt"), 0, LORE_EFORMAT, "binary file skipped");
  check_warn(r, 1, P("zero.txt"), 0, LORE_EFORMAT, "empty file skipped");
  run_free(r);
}

/* A text larger than the 8 KiB sniffing window, whose binary part comes
** after it, is text; one that is binary in the window is not. */
static void test_corpus_sniff_window (void **state) {
  size_t n = 100000, i;
  char *buf = malloc(n);
  run *r;
  (void)state;
  assert_non_null(buf);
  for (i = 0; i < n; i++) buf[i] = (char)(i < 8192 ? 'x' : '\0');
  write_rel("late.txt", buf, n);
  for (i = 0; i < n; i++) buf[i] = (char)(i < 8192 ? '\0' : 'x');
  write_rel("early.txt", buf, n);
  r = run1(P(""));
  assert_int_equal(r->ndocs, 1);
  assert_string_equal(r->docs[0]->id, "late");
  assert_int_equal(r->docs[0]->len, n);
  check_warn(r, 0, P("early.txt"), 0, LORE_EFORMAT, "binary file skipped");
  run_free(r);
  free(buf);
}

static void test_corpus_symlinks (void **state) {
  char target[600];
  run *r;
  (void)state;
  mkdir_rel("loop");
  WRITE("loop/a.txt", "in loop\n");
  assert_int_equal(symlink("..", P("loop/up")), 0);
  assert_int_equal(symlink(".", P("loop/self")), 0);
  snprintf(target, sizeof(target), "%s", P("loop/a.txt"));
  assert_int_equal(symlink(target, P("link.txt")), 0);
  r = run1(P(""));
  assert_int_equal(r->ndocs, 2);
  check_doc(r->docs[0], "link", P("link.txt"), 0, "in loop\n");
  check_doc(r->docs[1], "a", P("loop/a.txt"), 0, "in loop\n");
  assert_int_equal(r->nwarns, 2);
  {
    char msg[700];
    snprintf(msg, sizeof(msg), "symbolic link loop skipped (%s)", P("loop"));
    check_warn(r, 0, P("loop/self"), 0, LORE_EIO, msg);
    snprintf(msg, sizeof(msg), "symbolic link loop skipped (%s)", g_dir);
    check_warn(r, 1, P("loop/up"), 0, LORE_EIO, msg);
  }
  run_free(r);
}

/* The sample corpus of the repository (tests run from its root). */
static void test_corpus_sample (void **state) {
  static const char *const ids[] = {
    "000_a7dc20db6077fbda", "001_d453ebd82be5d424", "002_5f0d9263cf5a718c",
    "003_66b3fbca82e43ea4", "004_2e37a21424fc0a69"
  };
  static const char *const dates[] = {
    "2023-10-18", "2023-10-18", "2024-05-16", "2023-10-18", "2024-02-08"
  };
  run *r;
  size_t i;
  (void)state;
  if (access("corpus/meta.tsv", R_OK) != 0) skip();
  r = run1("corpus");
  assert_int_equal(r->ndocs, 5);
  assert_int_equal(r->nwarns, 0);
  for (i = 0; i < 5; i++) {
    char path[64];
    snprintf(path, sizeof(path), "corpus/%s.txt", ids[i]);
    assert_string_equal(r->docs[i]->id, ids[i]);
    assert_string_equal(r->docs[i]->path, path);
    check_opt(r->docs[i]->date, dates[i]);     /* meta.tsv beats "Date:" */
    check_opt(r->docs[i]->source, NULL);
    check_opt(r->docs[i]->url, NULL);
  }
  check_opt(r->docs[0]->title,
            "Russia's Putin says world conflicts 'strengthen' ties with China");
  check_opt(r->docs[3]->title, "Current:Home > FinanceXi, Putin detail "
            "'deepening' relations between Beijing and Moscow -EverVision "
            "Finance");
  assert_int_equal(r->docs[3]->len, 8689);
  run_free(r);
}

static void test_corpus_api_edges (void **state) {
  lore_corpus *c;
  lore_input *in = (lore_input *)&in;    /* must be reset to NULL */
  (void)state;
  lore_corpus_close(NULL);
  lore_input_free(NULL);
  assert_int_equal(lore_corpus_ndocs(NULL), 0);
  c = lore_corpus_open(NULL, 0, NULL);
  assert_non_null(c);
  assert_int_equal(lore_corpus_next(c, &in), 0);
  assert_null(in);
  assert_int_equal(lore_corpus_next(c, NULL), LORE_EINVAL);
  assert_int_equal(lore_corpus_nskipped(c), 0);
  lore_corpus_close(c);
  assert_int_equal(lore_corpus_next(NULL, &in), LORE_EINVAL);

  /* without a callback warnings are still counted; close mid-stream */
  {
    const char *inputs[2];
    WRITE("a.jsonl", "{\"text\":\"1\"}\n{\"text\":\"2\"}\n");
    inputs[0] = P("nope");
    inputs[1] = P("a.jsonl");
    c = lore_corpus_open(inputs, 2, NULL);
    assert_non_null(c);
    assert_int_equal(lore_corpus_next(c, &in), 1);
    assert_string_equal(in->text, "1");
    assert_int_equal(lore_corpus_nskipped(c), 1);
    assert_int_equal(lore_corpus_nbytes(c), 1);
    lore_input_free(in);
    lore_corpus_close(c);
  }
}

int main (void) {
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_corpus_walk_order),
    T(test_corpus_txt_headers_title),
    T(test_corpus_meta_precedence),
    T(test_corpus_jsonl_fields),
    T(test_corpus_jsonl_long_line),
    T(test_corpus_stdin_text),
    T(test_corpus_stdin_jsonl),
    T(test_corpus_skips),
    T(test_corpus_permission_denied),
    T(test_corpus_shard_hash),
    T(test_corpus_sharding),
    T(test_corpus_max_doc_bytes),
    T(test_corpus_crlf_bom),
    T(test_corpus_stdin_braces_jsonl),
    T(test_corpus_jsonl_bom),
    T(test_corpus_empty_binary_nul),
    T(test_corpus_sniff_window),
    T(test_corpus_symlinks),
    T(test_corpus_sample),
    T(test_corpus_api_edges),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
