/*
** lore_corpus.c
** Streaming corpus reader: directory trees of .txt and .jsonl files, single
** files and standard input, one document in memory at a time. Bad input is
** reported through the warning callback and skipped; the stream goes on.
*/
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <jansson.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_corpus.h"
#include "lore_err.h"
#include "lore_json.h"

/*
** getline allocates its line buffer with the C library's malloc, so that
** buffer must go back to the C library's free. Under UNIT_TESTING cmocka.h
** redefines `free` to its checked allocator; undo that here (lore_free is
** unaffected: lore_alloc.h maps it to _test_free directly).
*/
#ifdef free
#undef free
#endif
static void libc_free (void *p) {
  free(p);
}

#define DEFAULT_MAX_DOC  ((size_t)1 << 30)    /* 1 GiB */
#define SNIFF_BYTES      8192                 /* binary detection window */
#define HEADER_LINES     12                   /* lines searched for headers */
#define READ_CHUNK       ((size_t)1 << 16)
#define LINE_KEEP        ((size_t)1 << 20)    /* line buffer kept between lines */

/* {======================================================================
** Small helpers
** =======================================================================
*/

static char *xstrndup (const char *s, size_t n) {
  char *p = (char *)lore_malloc(n + 1);
  if (p == NULL) return NULL;
  if (n > 0) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static char *xstrdup (const char *s) {
  return xstrndup(s, strlen(s));
}

static int has_suffix (const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n > m && memcmp(s + n - m, suf, m) == 0;
}

static const char *base_name (const char *path) {
  const char *slash = strrchr(path, '/');
  return slash != NULL ? slash + 1 : path;
}

/*
** dir + "/" + name, without doubling a slash the directory ends with.
*/
static char *join_path (const char *dir, const char *name) {
  size_t dn = strlen(dir), nn = strlen(name);
  int sep = dn > 0 && dir[dn - 1] != '/';
  char *p = (char *)lore_malloc(dn + (size_t)sep + nn + 1);
  if (p == NULL) return NULL;
  memcpy(p, dir, dn);
  if (sep) p[dn] = '/';
  memcpy(p + dn + (size_t)sep, name, nn + 1);
  return p;
}

static int is_blank (int ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static int ascii_lower (int ch) {
  return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

/* FNV-1a, 64-bit. */
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME  1099511628211ULL

static unsigned long long fnv_update (unsigned long long h, const char *s,
                                      size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= FNV_PRIME;
  }
  return h;
}

unsigned long long lore_corpus_shard_hash (const char *s, size_t n) {
  return fnv_update(FNV_OFFSET, s, n);
}

/*
** 1 for a known binary signature, or NUL and other control bytes (C0 apart
** from TAB LF VT FF CR, and DEL) in more than 1% of the first 8 KiB. A few
** stray NULs in a long text do not make it binary.
*/
static int looks_binary (const unsigned char *p, size_t n) {
  static const struct { const char *sig; size_t len; } sigs[] = {
    { "\x89PNG\r\n\x1a\n", 8 },     /* PNG */
    { "\xff\xd8\xff", 3 },          /* JPEG */
    { "GIF87a", 6 }, { "GIF89a", 6 },
    { "%PDF-", 5 },
    { "PK\x03\x04", 4 }, { "PK\x05\x06", 4 }, { "PK\x07\x08", 4 },  /* ZIP */
    { "\x1f\x8b", 2 },              /* gzip */
    { "\x7f" "ELF", 4 },
  };
  size_t i, bad = 0;
  for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
    if (n >= sigs[i].len && memcmp(p, sigs[i].sig, sigs[i].len) == 0)
      return 1;
  if (n > SNIFF_BYTES) n = SNIFF_BYTES;
  for (i = 0; i < n; i++) {
    unsigned ch = p[i];
    if ((ch < 0x20 && (ch < '\t' || ch > '\r')) || ch == 0x7F) bad++;
  }
  return bad * 100 > n;
}

/* }====================================================================== */

/* {======================================================================
** meta.tsv
** =======================================================================
*/

typedef struct meta_ent {
  char *id, *date, *source, *url;
  size_t seq;                        /* line order, so the last line wins */
} meta_ent;

typedef struct meta_tab {
  meta_ent *v;
  size_t n;
} meta_tab;

static void meta_ent_free (meta_ent *e) {
  lore_free(e->id);
  lore_free(e->date);
  lore_free(e->source);
  lore_free(e->url);
}

static void meta_free (meta_tab *t) {
  size_t i;
  for (i = 0; i < t->n; i++) meta_ent_free(&t->v[i]);
  lore_free(t->v);
  t->v = NULL;
  t->n = 0;
}

static int meta_cmp (const void *a, const void *b) {
  const meta_ent *x = (const meta_ent *)a, *y = (const meta_ent *)b;
  int r = strcmp(x->id, y->id);
  if (r != 0) return r;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const meta_ent *meta_find (const meta_tab *t, const char *id) {
  size_t lo = 0, hi = t->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int r = strcmp(id, t->v[mid].id);
    if (r == 0) return &t->v[mid];
    if (r < 0) hi = mid; else lo = mid + 1;
  }
  return NULL;
}

/*
** A column trimmed of blanks; NULL (unset) if empty. *ok = 0 on ENOMEM.
*/
static char *meta_col (const char *s, size_t n, int *ok) {
  char *p;
  while (n > 0 && is_blank((unsigned char)*s)) { s++; n--; }
  while (n > 0 && is_blank((unsigned char)s[n - 1])) n--;
  if (n == 0) return NULL;
  p = xstrndup(s, n);
  if (p == NULL) *ok = 0;
  return p;
}

/*
** Parse meta.tsv text into t (sorted by id, one entry per id, the last
** line for an id winning). Lines: id TAB date TAB source TAB url; missing
** or empty columns are unset; '#' starts a comment line.
*/
static int meta_parse (const char *s, size_t n, meta_tab *t) {
  size_t pos = 0, cap = 0, i, o;
  int ok = 1;
  while (pos < n && ok) {
    const char *line = s + pos;
    size_t len = 0;
    const char *col[4] = { NULL, NULL, NULL, NULL };
    size_t clen[4] = { 0, 0, 0, 0 };
    size_t k = 0, start = 0, j;
    meta_ent e;
    /* CR, LF and CRLF end a line */
    while (pos + len < n && s[pos + len] != '\n' && s[pos + len] != '\r') len++;
    pos += len + 1;
    if (pos < n && s[pos - 1] == '\r' && s[pos] == '\n') pos++;
    if (len == 0 || line[0] == '#') continue;
    for (j = 0; j <= len && k < 4; j++) {
      if (j == len || line[j] == '\t') {
        col[k] = line + start; clen[k] = j - start; k++;
        start = j + 1;
      }
    }
    memset(&e, 0, sizeof(e));
    e.id = meta_col(col[0], clen[0], &ok);
    if (e.id == NULL) continue;
    if (k > 1) e.date = meta_col(col[1], clen[1], &ok);
    if (k > 2) e.source = meta_col(col[2], clen[2], &ok);
    if (k > 3) e.url = meta_col(col[3], clen[3], &ok);
    e.seq = t->n;
    if (ok && t->n == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      meta_ent *v = (meta_ent *)lore_realloc(t->v, ncap * sizeof(*v));
      if (v == NULL) ok = 0;
      else { t->v = v; cap = ncap; }
    }
    if (!ok) { meta_ent_free(&e); break; }
    t->v[t->n++] = e;
  }
  if (!ok) { meta_free(t); return LORE_ENOMEM; }
  if (t->n > 1) qsort(t->v, t->n, sizeof(*t->v), meta_cmp);
  /* keep the last of each run of equal ids */
  for (i = 0, o = 0; i < t->n; i++) {
    if (i + 1 < t->n && strcmp(t->v[i].id, t->v[i + 1].id) == 0)
      meta_ent_free(&t->v[i]);
    else
      t->v[o++] = t->v[i];
  }
  t->n = o;
  return LORE_OK;
}

/* }====================================================================== */

/* {======================================================================
** The corpus
** =======================================================================
*/

typedef struct dir_ent {
  char *name;
  unsigned char type;     /* d_type, DT_UNKNOWN when the system has none */
} dir_ent;

typedef struct dir_frame {
  char *path;             /* input path joined with the relative path */
  dir_ent *ents;
  size_t n, i;            /* entries, next entry */
  dev_t dev;              /* identity, to detect symbolic link loops */
  ino_t ino;
  meta_tab meta;          /* this directory's meta.tsv */
} dir_frame;

/* Where a document's meta.tsv comes from. */
enum { CTX_NONE, CTX_DIR, CTX_FILE };

/* Outcome of reading a whole text document. */
enum { RD_OK, RD_BINARY, RD_TOOBIG, RD_IOERR };

struct lore_corpus {
  void (*warn)(void *ud, const lore_warning *w);
  void *ud;
  unsigned shard_index, shard_count;
  size_t max_doc;
  char **inputs;
  size_t ninputs, next_input;
  dir_frame *frames;      /* directory walk stack (ancestors first) */
  size_t nframes, capframes;
  char *fmeta_dir;        /* directory whose meta.tsv is in fmeta (for */
  meta_tab fmeta;         /* files named on the command line) */
  FILE *jf;               /* open JSONL stream, or NULL */
  char *jpath, *jstem;
  long jline;
  int jctx, jany;
  char *line;             /* getline buffer (C library allocation) */
  size_t linecap;
  char *pending;          /* a first line read already (standard input), */
  size_t pendingcap;      /* taken before the stream: a getline buffer */
  ssize_t npending;
  size_t ndocs, nskipped, nbytes;
  char msg[512];          /* message of the warning being delivered */
};

static int in_shard (const lore_corpus *c, unsigned long long h) {
  if (c->shard_count <= 1) return 1;
  return h % c->shard_count == c->shard_index;
}

/* The path as hashed for sharding: without leading "./", so "./corpus"
** and "corpus" give the same shards. */
static const char *shard_key (const char *path) {
  while (path[0] == '.' && path[1] == '/') {
    path += 2;
    while (*path == '/') path++;
  }
  return path;
}

static int path_in_shard (const lore_corpus *c, const char *path) {
  path = shard_key(path);
  return in_shard(c, lore_corpus_shard_hash(path, strlen(path)));
}

/*
** Hash of "path:line", computed without building the string
*/
static int line_in_shard (const lore_corpus *c, const char *path, long line) {
  char num[32];
  int k = snprintf(num, sizeof(num), ":%ld", line);
  unsigned long long h;
  path = shard_key(path);
  h = lore_corpus_shard_hash(path, strlen(path));
  return in_shard(c, fnv_update(h, num, (size_t)k));
}

static void warnf (lore_corpus *c, const char *path, long line, int code,
                   const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;

static void warnf (lore_corpus *c, const char *path, long line, int code,
                   const char *fmt, ...) {
  lore_warning w;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
  va_end(ap);
  c->nskipped++;
  if (c->warn == NULL) return;
  w.path = path;
  w.line = line;
  w.code = code;
  w.msg = c->msg;
  c->warn(c->ud, &w);
}

/*
** A warning about a whole file or directory, issued by the one shard that
** the path hashes to, so that shards never repeat each other's warnings.
*/
#define warn_path(c, path, code, ...) \
  do { if (path_in_shard((c), (path))) \
         warnf((c), (path), 0, (code), __VA_ARGS__); } while (0)

lore_corpus *lore_corpus_open (const char *const *inputs, size_t n,
                               const lore_corpus_opts *opts) {
  lore_corpus *c = (lore_corpus *)lore_calloc(1, sizeof(*c));
  size_t i;
  if (c == NULL) return NULL;
  if (opts != NULL) {
    c->warn = opts->warn;
    c->ud = opts->ud;
    c->shard_index = opts->shard_index;
    c->shard_count = opts->shard_count;
    c->max_doc = opts->max_doc_bytes;
  }
  if (c->max_doc == 0) c->max_doc = DEFAULT_MAX_DOC;
  if (inputs == NULL) n = 0;
  if (n > 0) {
    c->inputs = (char **)lore_calloc(n, sizeof(*c->inputs));
    if (c->inputs == NULL) { lore_free(c); return NULL; }
  }
  for (i = 0; i < n; i++) {
    size_t len;
    if (inputs[i] == NULL) continue;
    len = strlen(inputs[i]);
    /* "corpus/" and "corpus" name the same files and the same shards */
    while (len > 1 && inputs[i][len - 1] == '/') len--;
    c->inputs[c->ninputs] = xstrndup(inputs[i], len);
    if (c->inputs[c->ninputs] == NULL) { lore_corpus_close(c); return NULL; }
    c->ninputs++;
  }
  return c;
}

static void frame_free (dir_frame *f) {
  size_t i;
  for (i = 0; i < f->n; i++) lore_free(f->ents[i].name);
  lore_free(f->ents);
  lore_free(f->path);
  meta_free(&f->meta);
}

static void jsonl_close (lore_corpus *c) {
  if (c->jf != NULL) fclose(c->jf);
  c->jf = NULL;
  lore_free(c->jpath);
  lore_free(c->jstem);
  c->jpath = c->jstem = NULL;
  libc_free(c->line);
  c->line = NULL;
  c->linecap = 0;
  libc_free(c->pending);
  c->pending = NULL;
}

void lore_corpus_close (lore_corpus *c) {
  size_t i;
  if (c == NULL) return;
  jsonl_close(c);
  while (c->nframes > 0) frame_free(&c->frames[--c->nframes]);
  lore_free(c->frames);
  for (i = 0; i < c->ninputs; i++) lore_free(c->inputs[i]);
  lore_free(c->inputs);
  lore_free(c->fmeta_dir);
  meta_free(&c->fmeta);
  lore_free(c);
}

void lore_input_free (lore_input *in) {
  if (in == NULL) return;
  lore_free(in->text);
  lore_free(in->id);
  lore_free(in->title);
  lore_free(in->date);
  lore_free(in->source);
  lore_free(in->url);
  lore_free(in->path);
  lore_free(in);
}

size_t lore_corpus_ndocs (const lore_corpus *c) { return c ? c->ndocs : 0; }
size_t lore_corpus_nskipped (const lore_corpus *c) { return c ? c->nskipped : 0; }
size_t lore_corpus_nbytes (const lore_corpus *c) { return c ? c->nbytes : 0; }

/* }====================================================================== */

/* {======================================================================
** Reading
** =======================================================================
*/

/*
** Read f to its end, appending to b (which may already hold a prefix).
** Checks the first 8 KiB for binary content before reading further, and
** stops once the document is known to exceed max. known_size (from fstat)
** lets a large regular file be refused without reading it, and sizes the
** buffer exactly: the end of file is probed with getc before the buffer
** grows, so a file read to its known size costs no reallocation. Returns
** RD_* (*sys = errno for RD_IOERR) or LORE_ENOMEM.
*/
static int read_doc (FILE *f, lore_buf *b, size_t max, size_t known_size,
                     int *sys) {
  int sniffed = 0;
  if (known_size > 0 && known_size <= max && b->data == NULL) {
    b->data = (char *)lore_malloc(known_size + 1);
    if (b->data == NULL) return LORE_ENOMEM;
    b->cap = known_size + 1;
    b->len = 0;
    b->data[0] = '\0';
  }
  for (;;) {
    size_t room = b->cap > b->len + 1 ? b->cap - b->len - 1 : 0;
    int eof = 0;
    errno = 0;
    if (!sniffed && b->len < SNIFF_BYTES && room > SNIFF_BYTES - b->len)
      room = SNIFF_BYTES - b->len;
    if (room == 0) {
      int ch = getc(f);
      if (ch == EOF) eof = 1;
      else if (lore_buf_addc(b, (char)ch) != LORE_OK) return LORE_ENOMEM;
    }
    else {
      size_t got = fread(b->data + b->len, 1, room, f);
      b->len += got;
      b->data[b->len] = '\0';
      eof = got < room;
    }
    if (eof && ferror(f)) { *sys = errno ? errno : EIO; return RD_IOERR; }
    if (!sniffed && (b->len >= SNIFF_BYTES || eof)) {
      sniffed = 1;
      if (looks_binary((const unsigned char *)b->data, b->len))
        return RD_BINARY;
      if (known_size > max) return RD_TOOBIG;
    }
    if (b->len > max) return RD_TOOBIG;
    if (eof) return RD_OK;
  }
}

/*
** Copy of s[0..n) into *dst unless *dst is set already.
*/
static int set_once (char **dst, const char *s, size_t n) {
  if (*dst != NULL) return LORE_OK;
  *dst = xstrndup(s, n);
  return *dst != NULL ? LORE_OK : LORE_ENOMEM;
}

/*
** Which header a line is: 1 Date, 2 Source, 3 URL, 0 none; *val and *vlen
** get the value, trimmed.
*/
static int header_line (const char *s, size_t n, const char **val,
                        size_t *vlen) {
  static const char *const keys[] = { "date", "source", "url" };
  size_t i = 0, k;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  for (k = 0; k < 3; k++) {
    size_t m = strlen(keys[k]), j;
    if (n - i <= m || s[i + m] != ':') continue;
    for (j = 0; j < m; j++)
      if (ascii_lower((unsigned char)s[i + j]) != keys[k][j]) break;
    if (j < m) continue;
    j = i + m + 1;
    while (j < n && is_blank((unsigned char)s[j])) j++;
    while (n > j && is_blank((unsigned char)s[n - 1])) n--;
    *val = s + j;
    *vlen = n - j;
    return (int)k + 1;
  }
  return 0;
}

/*
** Title and header metadata of a text document. Headers count among the
** first 12 lines only; the title is the first non-blank line that is not a
** header, wherever it is. A UTF-8 BOM and CRs are not part of either.
*/
static int text_meta (const char *t, size_t n, lore_input *in) {
  size_t pos = 0;
  long lineno = 0;
  if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) pos = 3;
  while (pos < n && (in->title == NULL || lineno < HEADER_LINES)) {
    const char *line = t + pos;
    size_t len = 0;
    const char *val;
    size_t vlen;
    int h = 0, r = LORE_OK;
    /* CR, LF and CRLF end a line (as for the tokenizer) */
    while (pos + len < n && t[pos + len] != '\n' && t[pos + len] != '\r') len++;
    pos += len + 1;
    if (pos < n && t[pos - 1] == '\r' && t[pos] == '\n') pos++;
    lineno++;
    if (lineno <= HEADER_LINES) h = header_line(line, len, &val, &vlen);
    if (h != 0) {
      if (vlen == 0) continue;
      r = set_once(h == 1 ? &in->date : h == 2 ? &in->source : &in->url,
                   val, vlen);
    }
    else if (in->title == NULL) {
      while (len > 0 && is_blank((unsigned char)*line)) { line++; len--; }
      while (len > 0 && is_blank((unsigned char)line[len - 1])) len--;
      if (len > 0) r = set_once(&in->title, line, len);
    }
    if (r != LORE_OK) return r;
  }
  return LORE_OK;
}

/*
** Replace *dst with a copy of v when v is set.
*/
static int override (char **dst, const char *v) {
  char *p;
  if (v == NULL) return LORE_OK;
  p = xstrdup(v);
  if (p == NULL) return LORE_ENOMEM;
  lore_free(*dst);
  *dst = p;
  return LORE_OK;
}

/*
** Load the meta.tsv at path into t (t empty on failure, with a warning).
*/
static int meta_load (lore_corpus *c, const char *path, meta_tab *t) {
  FILE *f = fopen(path, "rb");
  lore_buf b;
  int r, sys = 0;
  if (f == NULL) {
    warn_path(c, path, LORE_EIO, "cannot open: %s", strerror(errno));
    return LORE_OK;
  }
  lore_buf_init(&b);
  r = read_doc(f, &b, c->max_doc, 0, &sys);
  fclose(f);
  if (r == RD_OK) r = meta_parse(b.data, b.len, t);
  else if (r == RD_IOERR)
    warn_path(c, path, LORE_EIO, "read error: %s", strerror(sys));
  else if (r == RD_BINARY)
    warn_path(c, path, LORE_EFORMAT, "binary file skipped");
  else if (r == RD_TOOBIG)
    warn_path(c, path, LORE_ELIMIT, "document too large (more than %zu bytes)",
              c->max_doc);
  lore_buf_free(&b);
  return r == LORE_ENOMEM ? LORE_ENOMEM : LORE_OK;
}

/*
** Make fmeta hold the meta.tsv next to a file named on the command line.
*/
static int file_meta (lore_corpus *c, const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir, *mpath;
  struct stat st;
  int r = LORE_OK;
  dir = slash == NULL ? xstrdup(".")
      : xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
  if (dir == NULL) return LORE_ENOMEM;
  if (c->fmeta_dir != NULL && strcmp(c->fmeta_dir, dir) == 0) {
    lore_free(dir);
    return LORE_OK;
  }
  lore_free(c->fmeta_dir);
  meta_free(&c->fmeta);
  c->fmeta_dir = dir;
  mpath = join_path(dir, "meta.tsv");
  if (mpath != NULL && stat(mpath, &st) == 0 && S_ISREG(st.st_mode))
    r = meta_load(c, mpath, &c->fmeta);
  if (mpath == NULL || r != LORE_OK) {    /* try again for the next file */
    lore_free(c->fmeta_dir);
    c->fmeta_dir = NULL;
    r = LORE_ENOMEM;
  }
  lore_free(mpath);
  return r;
}

/*
** Apply meta.tsv values for in->id. Inside a walk the nearest directory's
** meta.tsv is looked at first, then those of its ancestors up to the
** directory named on the command line, field by field.
*/
static int apply_meta (lore_corpus *c, int ctx, lore_input *in) {
  const char *v[3] = { NULL, NULL, NULL };
  size_t k;
  if (in->id == NULL) return LORE_OK;
  if (ctx == CTX_FILE) {
    const meta_ent *e = meta_find(&c->fmeta, in->id);
    if (e != NULL) { v[0] = e->date; v[1] = e->source; v[2] = e->url; }
  }
  else if (ctx == CTX_DIR) {
    for (k = c->nframes; k-- > 0;) {
      const meta_ent *e = meta_find(&c->frames[k].meta, in->id);
      if (e == NULL) continue;
      if (v[0] == NULL) v[0] = e->date;
      if (v[1] == NULL) v[1] = e->source;
      if (v[2] == NULL) v[2] = e->url;
    }
  }
  if (override(&in->date, v[0]) != LORE_OK ||
      override(&in->source, v[1]) != LORE_OK ||
      override(&in->url, v[2]) != LORE_OK)
    return LORE_ENOMEM;
  return LORE_OK;
}

/*
** Build a document from text read from f (b may hold a prefix already).
** Returns 1 with *out, 0 when skipped with a warning, or LORE_ENOMEM.
*/
static int text_doc (lore_corpus *c, FILE *f, lore_buf *b, const char *path,
                     const char *id, size_t id_len, int ctx,
                     lore_input **out) {
  struct stat st;
  size_t known = 0;
  int sys = 0, r;
  lore_input *in;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
    known = (size_t)st.st_size;
  r = read_doc(f, b, c->max_doc, known, &sys);
  switch (r) {
    case RD_OK: break;
    case RD_BINARY:
      warnf(c, path, 0, LORE_EFORMAT, "binary file skipped");
      return 0;
    case RD_TOOBIG:
      warnf(c, path, 0, LORE_ELIMIT, "document too large (more than %zu bytes)",
            c->max_doc);
      return 0;
    case RD_IOERR:
      warnf(c, path, 0, LORE_EIO, "read error: %s", strerror(sys));
      return 0;
    default:
      return r;
  }
  if (b->len == 0) {
    warnf(c, path, 0, LORE_EFORMAT, "empty file skipped");
    return 0;
  }
  if (ctx == CTX_FILE && file_meta(c, path) != LORE_OK) return LORE_ENOMEM;
  in = (lore_input *)lore_calloc(1, sizeof(*in));
  if (in == NULL) return LORE_ENOMEM;
  in->text = lore_buf_detach(b, &in->len);
  in->id = xstrndup(id, id_len);
  in->path = xstrdup(path);
  if (in->text == NULL || in->id == NULL || in->path == NULL ||
      text_meta(in->text, in->len, in) != LORE_OK ||
      apply_meta(c, ctx, in) != LORE_OK) {
    lore_input_free(in);
    return LORE_ENOMEM;
  }
  *out = in;
  return 1;
}

/*
** A text file: the whole file is the document.
*/
static int text_file (lore_corpus *c, const char *path, int ctx,
                      lore_input **out) {
  const char *name = base_name(path);
  size_t idlen = strlen(name);
  lore_buf b;
  FILE *f;
  int r;
  if (!path_in_shard(c, path)) return 0;
  f = fopen(path, "rb");
  if (f == NULL) {
    warnf(c, path, 0, LORE_EIO, "cannot open: %s", strerror(errno));
    return 0;
  }
  if (has_suffix(name, ".txt")) idlen -= 4;
  lore_buf_init(&b);
  r = text_doc(c, f, &b, path, name, idlen, ctx, out);
  fclose(f);
  lore_buf_free(&b);
  return r;
}

/*
** Start reading a JSONL file (f already open when not NULL).
*/
static int jsonl_start (lore_corpus *c, FILE *f, const char *path,
                        const char *stem, size_t stem_len, long line0,
                        int ctx) {
  c->jf = f;
  c->jline = line0;
  c->jctx = ctx;
  c->jany = 0;
  c->jpath = xstrdup(path);
  c->jstem = xstrndup(stem, stem_len);
  if (c->jpath == NULL || c->jstem == NULL) { jsonl_close(c); return LORE_ENOMEM; }
  if (ctx == CTX_FILE && file_meta(c, path) != LORE_OK) {
    jsonl_close(c);
    return LORE_ENOMEM;
  }
  return LORE_OK;
}

static int jsonl_file (lore_corpus *c, const char *path, int ctx) {
  const char *name = base_name(path);
  size_t stem_len = strlen(name);
  struct stat st;
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    warn_path(c, path, LORE_EIO, "cannot open: %s", strerror(errno));
    return 0;
  }
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
    /* Sniff regular files (others cannot be rewound): a binary file would
    ** otherwise give one "invalid JSON" warning per line. */
    unsigned char head[SNIFF_BYTES];
    size_t got = fread(head, 1, sizeof(head), f);
    if (looks_binary(head, got)) {
      warn_path(c, path, LORE_EFORMAT, "binary file skipped");
      fclose(f);
      return 0;
    }
    if (fseek(f, 0, SEEK_SET) != 0) {
      warn_path(c, path, LORE_EIO, "read error: %s", strerror(errno));
      fclose(f);
      return 0;
    }
  }
  if (has_suffix(name, ".jsonl")) stem_len -= 6;
  return jsonl_start(c, f, path, name, stem_len, 0, ctx);
}

static int string_field (json_t *obj, const char *key, char **dst) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_string(v)) return LORE_OK;
  *dst = xstrndup(json_string_value(v), json_string_length(v));
  return *dst != NULL ? LORE_OK : LORE_ENOMEM;
}

/*
** The document of one JSONL line: 1 with *out, 0 if skipped, LORE_ENOMEM.
*/
static int jsonl_doc (lore_corpus *c, const char *s, size_t n,
                      lore_input **out) {
  json_error_t err;
  json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  json_t *text, *id;
  lore_input *in;
  int ok;
  if (j == NULL) {
    warnf(c, c->jpath, c->jline, LORE_EFORMAT, "invalid JSON on line %ld: %s",
          c->jline, err.text);
    return 0;
  }
  if (!json_is_object(j)) {
    warnf(c, c->jpath, c->jline, LORE_EFORMAT,
          "JSON value on line %ld is not an object", c->jline);
    json_decref(j);
    return 0;
  }
  text = json_object_get(j, "text");
  if (text == NULL || !json_is_string(text)) {
    warnf(c, c->jpath, c->jline, LORE_EFORMAT,
          text == NULL ? "no \"text\" on line %ld"
                       : "\"text\" is not a string on line %ld", c->jline);
    json_decref(j);
    return 0;
  }
  if (json_string_length(text) == 0) {
    warnf(c, c->jpath, c->jline, LORE_EFORMAT,
          "empty \"text\" on line %ld skipped", c->jline);
    json_decref(j);
    return 0;
  }
  if (json_string_length(text) > c->max_doc) {
    warnf(c, c->jpath, c->jline, LORE_ELIMIT,
          "document on line %ld too large (%zu bytes, more than %zu)",
          c->jline, json_string_length(text), c->max_doc);
    json_decref(j);
    return 0;
  }
  in = (lore_input *)lore_calloc(1, sizeof(*in));
  if (in == NULL) { json_decref(j); return LORE_ENOMEM; }
  in->len = json_string_length(text);
  in->text = xstrndup(json_string_value(text), in->len);
  in->path = xstrdup(c->jpath);
  in->line = c->jline;
  ok = in->text != NULL && in->path != NULL;
  id = json_object_get(j, "id");
  if (ok && json_is_string(id))
    ok = string_field(j, "id", &in->id) == LORE_OK;
  else if (ok && json_is_integer(id)) {
    lore_buf b;
    lore_buf_init(&b);
    lore_buf_addf(&b, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
    in->id = lore_buf_detach(&b, NULL);
    ok = in->id != NULL;
  }
  else if (ok && json_is_real(id)) {
    lore_buf b;
    lore_buf_init(&b);
    lore_json_number(&b, json_real_value(id));
    in->id = lore_buf_detach(&b, NULL);
    ok = in->id != NULL;
  }
  else if (ok) {
    lore_buf b;
    lore_buf_init(&b);
    lore_buf_addf(&b, "%s:%ld", c->jstem, c->jline);
    in->id = lore_buf_detach(&b, NULL);
    ok = in->id != NULL;
  }
  ok = ok && string_field(j, "title", &in->title) == LORE_OK &&
       string_field(j, "date", &in->date) == LORE_OK &&
       string_field(j, "source", &in->source) == LORE_OK &&
       string_field(j, "url", &in->url) == LORE_OK &&
       apply_meta(c, c->jctx, in) == LORE_OK;
  json_decref(j);
  if (!ok) { lore_input_free(in); return LORE_ENOMEM; }
  *out = in;
  return 1;
}

/*
** Next document of the open JSONL stream; 0 (and the stream closed) at its
** end.
*/
static int jsonl_next (lore_corpus *c, lore_input **out) {
  for (;;) {
    ssize_t n;
    size_t i;
    int r;
    if (c->linecap > LINE_KEEP) {           /* do not hold on to a huge line */
      libc_free(c->line);
      c->line = NULL;
      c->linecap = 0;
    }
    errno = 0;
    if (c->pending != NULL) {               /* the line stdin_input read */
      libc_free(c->line);
      c->line = c->pending;
      c->linecap = c->pendingcap;
      n = c->npending;
      c->pending = NULL;
    }
    else n = getline(&c->line, &c->linecap, c->jf);
    if (n < 0) {
      if (ferror(c->jf))
        warn_path(c, c->jpath, LORE_EIO, "read error: %s",
                  strerror(errno ? errno : EIO));
      else if (!c->jany)
        warn_path(c, c->jpath, LORE_EFORMAT, "empty file skipped");
      jsonl_close(c);
      return 0;
    }
    c->jany = 1;
    c->jline++;
    if (c->jline == 1 && n >= 3 && memcmp(c->line, "\xEF\xBB\xBF", 3) == 0) {
      memset(c->line, ' ', 3);              /* a UTF-8 BOM: white space */
    }
    for (i = 0; i < (size_t)n; i++)
      if (!is_blank((unsigned char)c->line[i]) && c->line[i] != '\n') break;
    if (i == (size_t)n) continue;                      /* blank line */
    if (!line_in_shard(c, c->jpath, c->jline)) continue;
    r = jsonl_doc(c, c->line, (size_t)n, out);
    if (r != 0) return r;
  }
}

/* Whether a line (from its first byte, '{') is a JSON object. */
static int json_object_line (const char *s, size_t n) {
  json_error_t err;
  json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  int ok = j != NULL && json_is_object(j);
  json_decref(j);
  return ok;
}

/*
** Standard input: JSONL if its first line that is not blank is a JSON
** object, else one text document ("{braces} in a title" is text). The
** bytes looked at are kept (they belong to the text), or counted
** (newlines before the first JSONL line), or handed to the JSONL reader
** (the first line).
*/
static int stdin_input (lore_corpus *c, lore_input **out) {
  lore_buf b;
  long nl = 0;
  int fd, ch, r;
  FILE *f;
  fd = dup(0);
  if (fd < 0 || (f = fdopen(fd, "rb")) == NULL) {
    int e = errno;
    if (fd >= 0) close(fd);
    warn_path(c, "-", LORE_EIO, "cannot open: %s", strerror(e));
    return 0;
  }
  lore_buf_init(&b);
  while ((ch = getc(f)) == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
    if (ch == '\n') nl++;
    lore_buf_addc(&b, (char)ch);
  }
  if (ch == '{') {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    ungetc(ch, f);
    n = getline(&line, &cap, f);
    if (n > 0 && json_object_line(line, (size_t)n)) {
      lore_buf_free(&b);
      r = jsonl_start(c, f, "-", "stdin", 5, nl, CTX_NONE);
      if (r != LORE_OK) { libc_free(line); return r; }
      c->jany = 1;
      c->pending = line;
      c->pendingcap = cap;
      c->npending = n;
      return LORE_OK;
    }
    if (n > 0) lore_buf_add(&b, line, (size_t)n);   /* text after all */
    libc_free(line);
  }
  else if (ch != EOF) lore_buf_addc(&b, (char)ch);
  r = 0;
  if (b.failed) r = LORE_ENOMEM;
  else if (path_in_shard(c, "-")) {
    if (ferror(f)) warnf(c, "-", 0, LORE_EIO, "read error: %s", strerror(errno));
    else r = text_doc(c, f, &b, "-", "stdin", 5, CTX_NONE, out);
  }
  fclose(f);
  lore_buf_free(&b);
  return r;
}

static int name_cmp (const void *a, const void *b) {
  return strcmp(((const dir_ent *)a)->name, ((const dir_ent *)b)->name);
}

/*
** Push a directory on the walk stack (path is copied). 0 or LORE_ENOMEM.
*/
static int dir_push (lore_corpus *c, const char *path) {
  DIR *d = opendir(path);
  struct dirent *de;
  struct stat st;
  dir_frame fr;
  size_t cap = 0, k;
  int has_meta = 0, r = LORE_OK;
  if (d == NULL) {
    warn_path(c, path, LORE_EIO, "cannot open directory: %s", strerror(errno));
    return 0;
  }
  memset(&fr, 0, sizeof(fr));
  if (fstat(dirfd(d), &st) == 0) {
    for (k = 0; k < c->nframes; k++) {
      if (c->frames[k].dev == st.st_dev && c->frames[k].ino == st.st_ino) {
        closedir(d);
        warn_path(c, path, LORE_EIO, "symbolic link loop skipped (%s)",
                  c->frames[k].path);
        return 0;
      }
    }
    fr.dev = st.st_dev;
    fr.ino = st.st_ino;
  }
  for (;;) {
    errno = 0;
    de = readdir(d);
    if (de == NULL) {
      if (errno != 0)
        warn_path(c, path, LORE_EIO, "error reading directory: %s",
                  strerror(errno));
      break;
    }
    if (de->d_name[0] == '.') continue;            /* hidden, ".", ".." */
    if (strcmp(de->d_name, "meta.tsv") == 0) has_meta = 1;
    if (fr.n == cap) {
      size_t ncap = cap ? cap * 2 : 32;
      dir_ent *v = (dir_ent *)lore_realloc(fr.ents, ncap * sizeof(*v));
      if (v == NULL) { r = LORE_ENOMEM; break; }
      fr.ents = v;
      cap = ncap;
    }
    fr.ents[fr.n].name = xstrdup(de->d_name);
    if (fr.ents[fr.n].name == NULL) { r = LORE_ENOMEM; break; }
#ifdef _DIRENT_HAVE_D_TYPE
    fr.ents[fr.n].type = de->d_type;
#else
    fr.ents[fr.n].type = DT_UNKNOWN;
#endif
    fr.n++;
  }
  closedir(d);
  if (r == LORE_OK) fr.path = xstrdup(path);
  if (r == LORE_OK && fr.path == NULL) r = LORE_ENOMEM;
  if (r == LORE_OK && c->nframes == c->capframes) {
    size_t ncap = c->capframes ? c->capframes * 2 : 8;
    dir_frame *v = (dir_frame *)lore_realloc(c->frames, ncap * sizeof(*v));
    if (v == NULL) r = LORE_ENOMEM;
    else { c->frames = v; c->capframes = ncap; }
  }
  if (r == LORE_OK && has_meta) {
    char *mpath = join_path(path, "meta.tsv");
    if (mpath == NULL) r = LORE_ENOMEM;
    else {
      if (stat(mpath, &st) == 0 && S_ISREG(st.st_mode))
        r = meta_load(c, mpath, &fr.meta);
      lore_free(mpath);
    }
  }
  if (r != LORE_OK) { frame_free(&fr); return r; }
  if (fr.n > 1) qsort(fr.ents, fr.n, sizeof(*fr.ents), name_cmp);
  c->frames[c->nframes++] = fr;
  return 0;
}

/*
** One step of the walk: the next entry of the innermost directory.
*/
static int walk_step (lore_corpus *c, lore_input **out) {
  dir_frame *f = &c->frames[c->nframes - 1];
  const dir_ent *e;
  char *path;
  int isdir = 0, isreg = 0, txt, r = 0;
  struct stat st;
  if (f->i >= f->n) {
    frame_free(f);
    c->nframes--;
    return 0;
  }
  e = &f->ents[f->i++];
  txt = has_suffix(e->name, ".txt");
  /* skip the stat of a plain file that is not a document */
  if (e->type == DT_REG && !txt && !has_suffix(e->name, ".jsonl")) return 0;
  path = join_path(f->path, e->name);
  if (path == NULL) return LORE_ENOMEM;
  if (e->type == DT_DIR) isdir = 1;
  else if (e->type == DT_REG) isreg = 1;
  else if (stat(path, &st) == 0) {          /* symbolic links are followed */
    isdir = S_ISDIR(st.st_mode);
    isreg = S_ISREG(st.st_mode);
  }
  else if (txt || has_suffix(e->name, ".jsonl")) {
    warn_path(c, path, LORE_EIO, "cannot open: %s", strerror(errno));
    lore_free(path);
    return 0;
  }
  if (isdir) r = dir_push(c, path);        /* f is invalid from here on */
  else if (!txt && !has_suffix(e->name, ".jsonl")) r = 0;
  else if (!isreg)
    warn_path(c, path, LORE_EFORMAT, "not a regular file, skipped");
  else if (txt) r = text_file(c, path, CTX_DIR, out);
  else r = jsonl_file(c, path, CTX_DIR);
  lore_free(path);
  return r;
}

/*
** One input named on the command line.
*/
static int open_input (lore_corpus *c, const char *path, lore_input **out) {
  struct stat st;
  if (strcmp(path, "-") == 0) return stdin_input(c, out);
  if (stat(path, &st) != 0) {
    warn_path(c, path, LORE_EIO, "cannot open: %s", strerror(errno));
    return 0;
  }
  if (S_ISDIR(st.st_mode)) return dir_push(c, path);
  if (has_suffix(base_name(path), ".jsonl"))
    return jsonl_file(c, path, CTX_FILE);
  return text_file(c, path, CTX_FILE, out);
}

int lore_corpus_next (lore_corpus *c, lore_input **out) {
  if (out != NULL) *out = NULL;
  if (c == NULL || out == NULL) return LORE_EINVAL;
  for (;;) {
    int r;
    if (c->jf != NULL) r = jsonl_next(c, out);
    else if (c->nframes > 0) r = walk_step(c, out);
    else if (c->next_input < c->ninputs)
      r = open_input(c, c->inputs[c->next_input++], out);
    else return 0;
    if (r == 1) {
      (*out)->ordinal = c->ndocs++;
      c->nbytes += (*out)->len;
      return 1;
    }
    if (r < 0) return r;
  }
}

/* }====================================================================== */
