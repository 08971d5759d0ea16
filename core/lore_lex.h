/*
** lore_lex.h
** Lexicons: phrases matched over a document's tokens, a gazetteer
** (lore_gaz) without payloads: the same options, folding, entry ids
** (dense, in order of first addition), leftmost-longest or all matches,
** never across a paragraph end. Callers map entry ids to their own data.
**
** A built lexicon is read-only while scanning and may be shared between
** threads; adding entries is not thread-safe.
*/
#ifndef lore_lex_h
#define lore_lex_h

#include <stddef.h>
#include <stdint.h>

#include "lore_doc.h"
#include "lore_gaz.h"

typedef struct lore_lex lore_lex;

/* New empty lexicon; opts: LORE_GAZ_CASE, LORE_GAZ_ACCENTS (caller owns;
** lore_lex_free). NULL on ENOMEM. */
lore_lex *lore_lex_new (unsigned opts);
void lore_lex_free (lore_lex *x);                      /* NULL-safe */

/*
** Add a phrase, as lore_gaz_add does: its id (dense, 0-based, in order of
** first addition; an existing id with *is_new = 0 for a phrase equal to
** an earlier one after folding) goes to *id (either pointer may be NULL).
** LORE_EINVAL for a phrase without tokens, LORE_ELIMIT beyond 64 tokens or
** 2^31 - 1 entries, LORE_ENOMEM.
*/
int lore_lex_add (lore_lex *x, const char *phrase, size_t len, uint32_t *id,
                  int *is_new);

size_t lore_lex_size (const lore_lex *x);      /* number of entries */
size_t lore_lex_memory (const lore_lex *x);    /* bytes allocated */

/*
** Find entries in tokens [from, to) of d (to is clipped to the token
** count), in mode LORE_GAZ_LONGEST or LORE_GAZ_ALL: the matches
** lore_gaz_scan would report, in the same order. Calls cb(ud, m) for each
** until cb returns non-zero. Returns the number of matches reported, or
** LORE_ENOMEM (folding a non-ASCII token failed).
*/
long lore_lex_scan (const lore_lex *x, const lore_doc *d, size_t from,
                    size_t to, int mode,
                    int (*cb)(void *ud, const lore_gaz_match *m), void *ud);

#endif
