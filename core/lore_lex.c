/*
** lore_lex.c
** Lexicons: gazetteers without payloads (see lore_lex.h). The matching
** is lore_gaz's; this module only names the payload-free use, for the
** dictionaries bundled rules scan once or twice per document.
*/
#include "lore_lex.h"

/* A lexicon is a gazetteer: the pointer is converted, never dereferenced
** as anything else. */
#define GAZ(x)  ((lore_gaz *)(void *)(x))
#define CGAZ(x) ((const lore_gaz *)(const void *)(x))

lore_lex *lore_lex_new (unsigned opts) {
  return (lore_lex *)(void *)lore_gaz_new(opts);
}

void lore_lex_free (lore_lex *x) {
  lore_gaz_free(GAZ(x));
}

int lore_lex_add (lore_lex *x, const char *phrase, size_t len, uint32_t *id,
                  int *is_new) {
  return lore_gaz_add(GAZ(x), phrase, len, id, is_new);
}

size_t lore_lex_size (const lore_lex *x) {
  return lore_gaz_size(CGAZ(x));
}

size_t lore_lex_memory (const lore_lex *x) {
  return lore_gaz_memory(CGAZ(x));
}

long lore_lex_scan (const lore_lex *x, const lore_doc *d, size_t from,
                    size_t to, int mode,
                    int (*cb)(void *ud, const lore_gaz_match *m), void *ud) {
  return lore_gaz_scan(CGAZ(x), d, from, to, mode, cb, ud);
}
