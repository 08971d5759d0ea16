/*
** lore_seg.h
** Sentence and paragraph segmentation over a token array.
*/
#ifndef lore_seg_h
#define lore_seg_h

#include <stddef.h>
#include <stdint.h>

#include "lore_tok.h"

/* A stretch of text: bytes [start, end) and tokens [tok_start, tok_end). */
typedef struct lore_range {
  uint32_t start, end;
  uint32_t tok_start, tok_end;
} lore_range;

typedef struct lore_ranges {
  lore_range *v;   /* owned */
  size_t n, cap;
} lore_ranges;

/* Paragraph modes. */
#define LORE_PARA_AUTO   0  /* LINE, unless the text is hard-wrapped: blank
                               lines separate blocks whose lines mostly run
                               on (then BLANK) */
#define LORE_PARA_LINE   1  /* every non-empty line is a paragraph */
#define LORE_PARA_BLANK  2  /* blocks separated by blank lines */

/*
** Split text (already tokenized into *toks) into paragraphs and sentences,
** appending to *paras and *sents, and set the LORE_TF_SENT_* and
** LORE_TF_PARA_* flags of the tokens. A paragraph with no token (blank
** line) yields no range. Sentences never cross paragraphs; the first line of
** a text (its headline) is a paragraph of its own in every mode.
**
** A sentence ends after . ! ? or an ellipsis followed by a capitalised
** word, a digit or an opening quote, and after the end of a paragraph.
** It does not end after an abbreviation token (LORE_WS_ABBREV) that is a
** title ("Mr.", "Gen.") or a month, nor after an initialism ("U.S.") unless
** the next word is a common sentence opener ("The", "He", "It", ...).
** Closing quotation marks and brackets that follow the terminal punctuation
** belong to the sentence that ends ('... end." He said' -> the quote mark
** is inside the first sentence). Initialisms and "Inc."/"etc." end a
** sentence only before a common opener or a capitalised quotation. In AUTO
** mode, the text counts as hard-wrapped (BLANK) unless its single line
** breaks mostly end finished lines (decided on the first 2,048 of them).
** Returns LORE_OK or LORE_ENOMEM.
*/
int lore_segment (const char *text, size_t len, lore_tokens *toks,
                  int para_mode, lore_ranges *sents, lore_ranges *paras);

void lore_ranges_free (lore_ranges *r);   /* NULL-safe */

#endif
