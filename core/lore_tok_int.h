/*
** lore_tok_int.h
** Internal interface between the tokenizer and the segmenter.
*/
#ifndef lore_tok_int_h
#define lore_tok_int_h

#include <stddef.h>

/* Abbreviation classes (the tokenizer owns the list). */
#define ABBR_NONE     0
#define ABBR_TITLE    1   /* Mr. Gen. St.: a name follows */
#define ABBR_MONTH    2   /* Jan. Sept. */
#define ABBR_OTHER    3   /* Inc. etc. Jr.: may end a sentence */
#define ABBR_INITIAL  4   /* U.S. e.g. J. */
#define ABBR_NUMERO   5   /* No. Nos. (only before a digit) */

/* The ABBR_* class of the abbreviation s[0..n) (with its final period), so
** the segmenter knows whether it may end a sentence: titles and months
** never do; initialisms and "Inc." only before a common sentence opener. */
int lore_tok__abbrev_kind (const char *s, size_t n);

/* Ask for transparent huge pages over a big array about to be filled
** front to back (tokens, sentences): it spares a page fault every 4 KiB.
** Advisory only: failure is harmless. */
void lore_tok__huge_pages (void *p, size_t size);

#endif
