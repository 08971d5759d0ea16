/*
** lore_gaz.h
** Gazetteers: dictionaries of multi-word phrases matched over a document's
** tokens (token boundaries respected), built as a trie over token ids: a
** vocabulary hash maps each normalised token to an id and one hash table
** holds the (node, token id) -> node transitions, while the unshared end
** of an entry is a plain run of token ids; so matching costs one lookup
** per token step whatever the number of entries. Realistic names (2-5
** tokens, 15-40 bytes) take 50-85 bytes each at a million entries, their
** text included (bench/bench_gaz.c).
**
** A built gazetteer is read-only while matching and may be shared between
** threads; adding entries is not thread-safe.
*/
#ifndef lore_gaz_h
#define lore_gaz_h

#include <stddef.h>
#include <stdint.h>

#include "lore_doc.h"
#include "lore_err.h"

typedef struct lore_gaz lore_gaz;

/* Options of lore_gaz_new (LORE_FOLD_PUNCT is always on, so ’ and '
** match). */
#define LORE_GAZ_CASE     0x1u  /* case-insensitive (= LORE_FOLD_CASE) */
#define LORE_GAZ_ACCENTS  0x2u  /* accent-insensitive (= LORE_FOLD_ACCENTS) */

/* New empty gazetteer (caller owns; lore_gaz_free). NULL on ENOMEM. */
lore_gaz *lore_gaz_new (unsigned opts);
void lore_gaz_free (lore_gaz *g);                      /* NULL-safe */
unsigned lore_gaz_opts (const lore_gaz *g);

/*
** Add a phrase: it is tokenized with lore_tokenize, so "Xi Jinping" is two
** tokens and "People's Palace" three. Stores the entry id (dense, 0-based,
** in order of first addition) in *id. Adding a phrase equal to an existing
** one after normalisation returns the existing id with *is_new = 0 (either
** pointer may be NULL). LORE_EINVAL for a phrase without tokens,
** LORE_ELIMIT beyond 64 tokens, 2^31 - 1 entries, 4 GiB of phrases or
** 2^30 tokens stored in the trie, LORE_ENOMEM; a failed add changes no
** entry. Invalid tokens of a phrase never match anything.
*/
int lore_gaz_add (lore_gaz *g, const char *phrase, size_t len,
                  uint32_t *id, int *is_new);

/* Attach a payload string to an entry (copied; replaces any earlier one).
** LORE_ERANGE for a bad id, LORE_EINVAL for NULL with len > 0,
** LORE_ENOMEM (also once all payloads reach 4 GiB). */
int lore_gaz_set_payload (lore_gaz *g, uint32_t id, const char *p,
                          size_t len);
/* The payload of an entry (NULL with *len = 0 when it has none). */
const char *lore_gaz_payload (const lore_gaz *g, uint32_t id, size_t *len);
/* The phrase of an entry as first added (not normalised). */
const char *lore_gaz_phrase (const lore_gaz *g, uint32_t id, size_t *len);

/*
** Load a UTF-8 text file: one entry a line, the phrase is the text before
** the first TAB (trimmed) and the rest of the line (if any) is its
** payload; a repeated phrase replaces the earlier payload. Blank lines and
** lines starting with '#' are skipped; a trailing CR and a leading BOM are
** dropped. A line with invalid UTF-8 or a NUL byte, or with nothing before
** its TAB, fails with LORE_EFORMAT (err->line and err->offset set; entries
** before it stay). LORE_EIO (err->sys = errno) if the file cannot be read.
*/
int lore_gaz_load (lore_gaz *g, const char *path, lore_error *err);

size_t lore_gaz_size (const lore_gaz *g);      /* number of entries */
size_t lore_gaz_memory (const lore_gaz *g);    /* bytes allocated */
size_t lore_gaz_max_tokens (const lore_gaz *g);/* longest entry in tokens */

typedef struct lore_gaz_match {
  uint32_t tok_start, tok_end;   /* tokens [tok_start, tok_end) */
  uint32_t entry;                /* entry id */
} lore_gaz_match;

/* Modes of lore_gaz_scan. */
#define LORE_GAZ_LONGEST  0  /* leftmost-longest, non-overlapping */
#define LORE_GAZ_ALL      1  /* every occurrence, overlapping, in order of
                                start, then longer first */

/*
** Find entries in tokens [from, to) of d (to is clipped to the token
** count). Matches never cross a paragraph boundary. Calls cb(ud, m) for each
** match in document order until cb returns non-zero. Returns the number of
** matches reported, or LORE_ENOMEM (folding a non-ASCII token failed).
*/
long lore_gaz_scan (const lore_gaz *g, const lore_doc *d, size_t from,
                    size_t to, int mode,
                    int (*cb)(void *ud, const lore_gaz_match *m), void *ud);

/*
** Entries starting exactly at token i (not crossing a paragraph end and
** ending at or before token `limit`): writes up to max matches into out,
** longest first, and returns how many there are in all (may exceed max).
** Used by the token-pattern VM. <0 on LORE_ENOMEM.
*/
long lore_gaz_match_at (const lore_gaz *g, const lore_doc *d, size_t i,
                        size_t limit, lore_gaz_match *out, size_t max);

#endif
