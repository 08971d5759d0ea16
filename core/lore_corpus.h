/*
** lore_corpus.h
** Corpus readers: a stream of documents from directory trees of .txt files,
** .jsonl files, single files, and standard input ("-"). One document is in
** memory at a time; bad input is skipped with a warning naming the file
** (and JSONL line), and the stream goes on.
*/
#ifndef lore_corpus_h
#define lore_corpus_h

#include <stddef.h>

#include "lore_err.h"

typedef struct lore_corpus lore_corpus;

/* One document read from the corpus. Strings are NUL-terminated and owned
** by the struct; absent metadata is NULL. */
typedef struct lore_input {
  char *text;        /* the document's bytes (for .txt: the whole file as
                        it is on disk, so offsets are file offsets) */
  size_t len;        /* bytes in text (it may contain NUL) */
  char *id;          /* .txt: file name without .txt; .jsonl: "id" field or
                        "<file stem>:<line>"; stdin: "stdin" or "stdin:<line>" */
  char *title;       /* .txt: first non-empty line that is not a header;
                        .jsonl: "title" */
  char *date;        /* "Date:" header / "date" field / meta.tsv */
  char *source;      /* "Source:" header / "source" field / meta.tsv */
  char *url;         /* "URL:" header / "url" field / meta.tsv */
  char *path;        /* the file it came from ("-" for stdin) */
  long line;         /* JSONL line number (1-based); 0 for a whole file */
  size_t ordinal;    /* 0-based position in the stream (after sharding) */
} lore_input;

void lore_input_free (lore_input *in);                 /* NULL-safe */

/* Why a document was skipped (argument of the warning callback). */
typedef struct lore_warning {
  const char *path;   /* file concerned */
  long line;          /* JSONL line, 0 if none */
  int code;           /* LORE_EIO, LORE_EFORMAT, ... */
  const char *msg;    /* "binary file skipped", "invalid JSON: ...", ... */
} lore_warning;

typedef struct lore_corpus_opts {
  /* Called for every skipped input or line; may be NULL. */
  void (*warn)(void *ud, const lore_warning *w);
  void *ud;
  unsigned shard_index, shard_count;   /* process shard I of N (0 <= I <
                                          N); N = 0 or 1: everything */
  size_t max_doc_bytes;                /* skip (with a warning) documents
                                          larger than this; 0 = 1 GiB */
} lore_corpus_opts;

/*
** Open a corpus over inputs[0..n) (paths; "-" is standard input). Paths are
** not touched until lore_corpus_next. Directories are walked recursively in
** byte order of names, reading *.txt and *.jsonl files (and skipping hidden
** entries); a file named on the command line is read whatever its
** extension (.jsonl as JSONL, anything else as text). A directory may hold
** a meta.tsv (columns: id, date, source, url; '#' comments) that supplies
** metadata for its documents; values there win over headers in the files.
**
** Sharding: a document belongs to shard hash(path[:line]) mod N with a
** stable hash of the path as given (leading "./" removed) and the JSONL
** line number, so shards do not depend on the order files are listed on
** disk. Spell the inputs the same way on every machine.
** Returns NULL only on out of memory.
*/
lore_corpus *lore_corpus_open (const char *const *inputs, size_t n,
                               const lore_corpus_opts *opts);
void lore_corpus_close (lore_corpus *c);               /* NULL-safe */

/*
** Read the next document: 1 and *out set (caller owns; lore_input_free),
** 0 at the end, LORE_ENOMEM. Unreadable files (permission denied, missing),
** binary files (NUL or control bytes in more than 1% of the first 8 KiB, or
** a known binary signature), empty files, invalid JSON lines, lines without
** a string "text", and documents over max_doc_bytes are skipped with a
** warning. A .txt file's leading lines of the form "Date:", "Source:",
** "URL:" (case-insensitive, up to the first 12 lines) fill the metadata.
*/
int lore_corpus_next (lore_corpus *c, lore_input **out);

/* Counters so far. */
size_t lore_corpus_ndocs (const lore_corpus *c);      /* documents returned */
size_t lore_corpus_nskipped (const lore_corpus *c);   /* warnings issued */
size_t lore_corpus_nbytes (const lore_corpus *c);     /* bytes of documents */

/* Stable 64-bit hash used for sharding (FNV-1a of the bytes). */
unsigned long long lore_corpus_shard_hash (const char *s, size_t n);

#endif
