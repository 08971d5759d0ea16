/*
** lore_utf8.h
** UTF-8 decoding and validation, code point classes, and the normalised
** forms used for matching (case folding, accent stripping, ASCII-fied
** typographic punctuation). Unicode tables come from utf8proc; an ASCII
** fast path avoids it for the common case.
*/
#ifndef lore_utf8_h
#define lore_utf8_h

#include <stddef.h>
#include <stdint.h>

#include "lore_buf.h"

#define LORE_UTF8_INVALID (-1)   /* code point stored for an invalid sequence */

/*
** Decode the sequence at s (n >= 1 bytes available). Returns its length
** (1..4) and stores the code point in *cp. An invalid sequence (bad lead
** byte, truncated, overlong, surrogate, above U+10FFFF) stores
** LORE_UTF8_INVALID and returns the length of its maximal invalid subpart
** (1..3), as Unicode's "substitution of maximal subparts" counts them.
** n == 0 returns 0.
*/
size_t lore_utf8_decode (const unsigned char *s, size_t n, int32_t *cp);

/* Encode cp (0..0x10FFFF, not a surrogate) into out; returns 1..4, or 0
** for an invalid code point. */
size_t lore_utf8_encode (int32_t cp, char out[4]);

/* Number of invalid sequences in s[0..n) (0 means valid UTF-8). */
size_t lore_utf8_count_invalid (const char *s, size_t n);

/* Append s to out with every invalid sequence replaced by U+FFFD.
** LORE_OK or LORE_ENOMEM. */
int lore_utf8_sanitize (const char *s, size_t n, lore_buf *out);

/* Character classes used by the tokenizer. */
typedef enum lore_cclass {
  LORE_CC_OTHER = 0,  /* controls, format characters, unassigned, private */
  LORE_CC_SPACE,      /* white space other than line breaks (incl. NBSP,
                         thin and other Unicode spaces, TAB) */
  LORE_CC_NEWLINE,    /* LF, CR, VT, FF, NEL, LS (U+2028), PS (U+2029) */
  LORE_CC_LETTER,     /* general category L* */
  LORE_CC_MARK,       /* M*: combining marks, joined to the letter before */
  LORE_CC_DIGIT,      /* Nd */
  LORE_CC_QUOTE,      /* " ' ` “ ” ‘ ’ ‚ „ ‛ ‟ « » ‹ › ＂ ＇ */
  LORE_CC_HYPHEN,     /* '-' U+2010 U+2011 (joins words, may be a minus) */
  LORE_CC_DASH,       /* other Pd: U+2012 – — ― U+2E3A U+2E3B, U+2212 */
  LORE_CC_PUNCT,      /* other P* */
  LORE_CC_CURRENCY,   /* Sc */
  LORE_CC_SYMBOL      /* Sm Sk So No Nl (other than those above) */
} lore_cclass;

/* Class of a code point; LORE_UTF8_INVALID gives LORE_CC_OTHER. */
lore_cclass lore_utf8_class (int32_t cp);

/* 1 if cp is an uppercase / titlecase letter, resp. a lowercase letter. */
int lore_utf8_isupper (int32_t cp);
int lore_utf8_islower (int32_t cp);

/* Options of lore_utf8_fold. */
#define LORE_FOLD_CASE     0x1u  /* Unicode case folding ("Zürich" -> "zürich") */
#define LORE_FOLD_ACCENTS  0x2u  /* strip combining marks ("António" -> "Antonio") */
#define LORE_FOLD_PUNCT    0x4u  /* ’ ‘ ` ´ -> ', “ ” „ « » -> ", dashes -> - */

/*
** Append the normalised form of s[0..n) to out. Invalid sequences are
** copied as U+FFFD. ASCII input with LORE_FOLD_CASE costs a table lookup per
** byte; other input goes through utf8proc. LORE_OK or LORE_ENOMEM.
*/
int lore_utf8_fold (const char *s, size_t n, unsigned opts, lore_buf *out);

#endif
