/*
** lore_num.h
** Parsing numbers as news text writes them: numerals with separators and
** decimals, number words up to compound forms ("twenty-five", "one hundred
** and twenty", "a dozen"), ordinals ("10th", "twenty-first"), and scale
** words ("1.4 million", "$2bn"). Pure functions, no allocation.
*/
#ifndef lore_num_h
#define lore_num_h

#include <stddef.h>

/* What lore_num_parse found (flags of lore_number.flags). */
#define LORE_NUMF_NUMERAL  0x01u  /* written with digits */
#define LORE_NUMF_WORDS    0x02u  /* written with number words */
#define LORE_NUMF_ORDINAL  0x04u  /* an ordinal ("10th", "third") */
#define LORE_NUMF_SCALED   0x08u  /* a scale word was applied */
#define LORE_NUMF_DECIMAL  0x10u  /* had a decimal part */
#define LORE_NUMF_VAGUE    0x20u  /* "hundreds", "thousands", "dozens":
                                     value is the order of magnitude */
#define LORE_NUMF_FRACTION 0x40u  /* "half", "a quarter", "two-thirds" */

typedef struct lore_number {
  double value;      /* the value with any scale applied (+inf on
                        overflow) */
  double scale;      /* factor of the last scale word (1 if none);
                        SCALED is set when the expression ends with one */
  unsigned flags;    /* LORE_NUMF_* */
  size_t len;        /* bytes consumed from the start of the input */
} lore_number;

/*
** Parse the longest number expression at the start of s[0..n). Words are
** matched case-insensitively; separators between words are spaces, hyphens
** and "and" ("one hundred and five"). Accepted forms include:
**   "42" "1,400" "3.5" "2,000.50" "1.4 million" "1.4m" "2bn" "$"-less "10k"
**   "three" "twenty-five" "a hundred" "one hundred and twenty" "a dozen"
**   "10th" "1st" "first" "twenty-first" "a million" "half a million"
**   "hundreds" "thousands" "dozens" "millions" (VAGUE)
** Scale words: hundred thousand million billion trillion, and the
** abbreviations k m mn bn b tn (also glued to a numeral, "2bn"); "m" and
** "b" alone only right after a numeral. It does not consume a trailing
** space or a non-number word. Returns 1 and fills *out, or 0 (out->len = 0)
** when s does not start with a number.
*/
int lore_num_parse (const char *s, size_t n, lore_number *out);

/* Value of a single number word ("seven" -> 7, "seventh" -> 7 with
** *ordinal = 1, "dozen" -> 12, "million" -> 1e6), or -1 if not one. */
double lore_num_word (const char *s, size_t n, int *ordinal);

/* Factor of a scale word or abbreviation ("billion", "bn" -> 1e9), or 0. */
double lore_num_scale (const char *s, size_t n);

#endif
