/*
** lore_json.h
** A JSON writer that always produces valid UTF-8 JSON, whatever bytes it is
** given: control characters are escaped and invalid UTF-8 becomes U+FFFD.
** (Reading JSON uses jansson; see lore_corpus.c and the bindings.)
*/
#ifndef lore_json_h
#define lore_json_h

#include <stddef.h>
#include <stdint.h>

#include "lore_buf.h"

/* Append s[0..n) as a JSON string literal, quotes included. Escapes " \
** and U+0000..U+001F (\n \r \t \b \f, else \u00XX), U+007F, U+2028 and
** U+2029; invalid sequences become U+FFFD. LORE_OK or LORE_ENOMEM. */
int lore_json_string (lore_buf *b, const char *s, size_t n);

/* Append a number: integral values within +-2^53 without a fraction
** ("190000000000"), others with up to 17 significant digits; NaN and
** infinities as null. */
int lore_json_number (lore_buf *b, double v);
int lore_json_int (lore_buf *b, int64_t v);

/* 1 if s[0..n) is one well-formed JSON value (used to check LORE_V_JSON
** attribute values before they are written verbatim). */
int lore_json_valid (const char *s, size_t n);

#endif
