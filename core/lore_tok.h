/*
** lore_tok.h
** The tokenizer: one pass over UTF-8 bytes producing compact token records
** (12 bytes each). Offsets are bytes into the original text, which is never
** modified. No Lua here.
*/
#ifndef lore_tok_h
#define lore_tok_h

#include <stddef.h>
#include <stdint.h>

/* Token kinds (lore_token.kind). */
typedef enum lore_tok_kind {
  LORE_TK_WORD = 1,   /* letters (with marks, inner apostrophes/periods of
                         abbreviations, inner digits: "G20", "COVID-19" is
                         COVID - 19), clitics "'s" "n't" "'re" */
  LORE_TK_NUMBER,     /* 42, 1,400, 3.5, 2,000.50, 10th, 1990s */
  LORE_TK_PUNCT,      /* . , ; : ! ? ( ) [ ] { } / and intra-word hyphens */
  LORE_TK_SYMBOL,     /* % & + = < > # * @ © ° and other S* */
  LORE_TK_CURRENCY,   /* $ € £ ¥ ₽ ₹ ..., and US$ HK$ A$ C$ S$ NZ$ R$ */
  LORE_TK_QUOTE,      /* quotation marks; see LORE_QS_* in sub */
  LORE_TK_DASH,       /* – — ― --, and a hyphen with spaces on both sides */
  LORE_TK_ELLIPSIS,   /* ... (three or more periods) and … */
  LORE_TK_URL,        /* http(s)://..., www.example.com/... */
  LORE_TK_EMAIL,      /* name@example.org */
  LORE_TK_INVALID,    /* a run of invalid UTF-8 bytes, NUL or other control
                         characters (not TAB/line breaks) */
  LORE_TK__COUNT
} lore_tok_kind;

/* lore_token.sub for LORE_TK_WORD */
#define LORE_WS_PLAIN   0
#define LORE_WS_ABBREV  1   /* ends with a period that belongs to it:
                               "Mr." "Gen." "Jan." "U.S." "U.N." "e.g." */
#define LORE_WS_CLITIC  2   /* "'s" "’s" "n't" "'re" "'ve" "'ll" "'d" "'m" */

/* lore_token.sub for LORE_TK_NUMBER */
#define LORE_NS_INTEGER 0   /* 42, 2022 */
#define LORE_NS_GROUPED 1   /* 1,400 (thousands separators) */
#define LORE_NS_DECIMAL 2   /* 3.5, 2,000.50 */
#define LORE_NS_ORDINAL 3   /* 10th 1st 2nd 3rd 21st */
#define LORE_NS_DECADE  4   /* 1990s 90s */

/* lore_token.sub for LORE_TK_PUNCT: the character, or a hyphen class */
#define LORE_PS_OTHER   0
#define LORE_PS_PERIOD  1
#define LORE_PS_COMMA   2
#define LORE_PS_COLON   3
#define LORE_PS_SEMI    4
#define LORE_PS_EXCL    5
#define LORE_PS_QUEST   6
#define LORE_PS_OPEN    7   /* ( [ { */
#define LORE_PS_CLOSE   8   /* ) ] } */
#define LORE_PS_HYPHEN  9   /* hyphen joining two tokens with no space:
                               "debt-trap" -> debt - trap, "10-20" -> 10 - 20 */
#define LORE_PS_SLASH   10

/* lore_token.sub for LORE_TK_QUOTE: bit set */
#define LORE_QS_OPEN    0x01  /* opening by glyph or by context */
#define LORE_QS_CLOSE   0x02  /* closing by glyph or by context;
                                 OPEN|CLOSE together = ambiguous */
#define LORE_QS_SINGLE  0x04  /* single mark (' ‘ ’ ‹ › ‚), else double */
#define LORE_QS_TYPO    0x08  /* typographic (“ ” ‘ ’ „ ‚), else straight */
#define LORE_QS_GUILL   0x10  /* guillemet « » ‹ › */

/* lore_token.sub for LORE_TK_DASH */
#define LORE_DS_EN      0
#define LORE_DS_EM      1
#define LORE_DS_DOUBLE  2   /* -- */
#define LORE_DS_SPACED  3   /* " - " */
#define LORE_DS_OTHER   4

/* Token flags (lore_token.flags). */
#define LORE_TF_CAP          0x0001u /* first character is an upper/titlecase letter */
#define LORE_TF_ALLCAPS      0x0002u /* >= 2 letters, all uppercase ("NATO", "U.S.") */
#define LORE_TF_TITLE        0x0004u /* CAP and every other letter lowercase ("Putin") */
#define LORE_TF_DIGIT        0x0008u /* contains a digit */
#define LORE_TF_SENT_START   0x0010u /* first token of a sentence (set by segmentation) */
#define LORE_TF_SENT_END     0x0020u /* last token of a sentence */
#define LORE_TF_PARA_START   0x0040u /* first token of a paragraph */
#define LORE_TF_PARA_END     0x0080u /* last token of a paragraph */
#define LORE_TF_SPACE_BEFORE 0x0100u /* white space (or the start of text) before it */
#define LORE_TF_SPACE_AFTER  0x0200u /* white space (or the end of text) after it */
#define LORE_TF_LINE_BEFORE  0x0400u /* a line break (or the start of text) before it */
#define LORE_TF_LOWER        0x0800u /* first character is a lowercase letter */
#define LORE_TF_NONASCII     0x1000u /* contains bytes >= 0x80 */
#define LORE_TF_HYPHENATED   0x2000u /* joined to a neighbour by a LORE_PS_HYPHEN */

typedef struct lore_token {
  uint32_t start;   /* byte offset of the first byte */
  uint32_t end;     /* byte offset one past the last byte */
  uint16_t flags;   /* LORE_TF_* */
  uint8_t kind;     /* lore_tok_kind */
  uint8_t sub;      /* kind-specific detail, see the LORE_*S_* defines */
} lore_token;

/* A growable token array. A zeroed struct is a valid empty array. */
typedef struct lore_tokens {
  lore_token *v;      /* owned */
  size_t n;           /* tokens used */
  size_t cap;         /* tokens allocated */
  size_t ninvalid;    /* number of LORE_TK_INVALID tokens produced */
} lore_tokens;

/*
** Tokenize text[0..len) and append the tokens to *out (offsets are relative
** to text). A leading UTF-8 BOM is skipped; CR, LF and CRLF are line
** breaks. Never fails on bad bytes: invalid UTF-8, NUL and control
** characters become LORE_TK_INVALID tokens (one per run) and are counted in
** out->ninvalid. Sentence and paragraph flags are left clear (see
** lore_seg.h). Returns LORE_OK, LORE_ENOMEM, or LORE_ERANGE if
** len > UINT32_MAX.
**
** Rules worth knowing (the tests pin each one):
** - Possessives and contractions split off: "Russia's" -> Russia 's,
**   "Russia’s" -> Russia ’s, "don't" -> do n't, "we're" -> we 're. A final
**   apostrophe after s ("leaders'") is a LORE_TK_QUOTE with OPEN|CLOSE.
** - Abbreviations keep their period: titles and months from a built-in
**   list ("Mr." "Dr." "Gen." "Jan." "Sept." "St." "No." before a digit),
**   and initialisms of single letters with periods ("U.S." "U.N." "e.g.").
** - Numbers: digits with ',' groups of three and one '.' decimal part are
**   one token; "10th" is an ordinal; a sign is not part of a number.
**   Digits followed by letters other than an ordinal suffix or a decade 's'
**   split ("1.4bn" -> 1.4 bn, "5G" -> 5 G).
** - Hyphens between two tokens with no space split into word, LORE_PS_HYPHEN
**   punct, word, and both words get LORE_TF_HYPHENATED ("debt-trap",
**   "one-on-one", "Israel-Gaza", "10-20").
** - "..." and "…" are LORE_TK_ELLIPSIS; "--", "–", "—" are LORE_TK_DASH.
** - Letters of any script with their combining marks are word characters
**   ("António", "Zürich", "Пекин", "北京").
*/
int lore_tokenize (const char *text, size_t len, lore_tokens *out);

/* Release the array (NULL-safe); the struct is left empty. */
void lore_tokens_free (lore_tokens *t);

/* Static name of a kind ("word", "number", ...), "?" when out of range. */
const char *lore_tok_kind_name (int kind);

#endif
