/*
** lore_regex.h
** PCRE2 wrapper: compile once (UTF, Unicode properties, JIT), match many,
** with match/depth/heap/JIT stack limits so a catastrophic pattern on
** hostile text ends in LORE_ELIMIT instead of a hang. No Lua here.
**
** A lore_regex owns its match data: use one object from one thread at a
** time (each worker compiles its own rules).
*/
#ifndef lore_regex_h
#define lore_regex_h

#include <stddef.h>
#include <stdint.h>

#include "lore_err.h"

typedef struct lore_regex lore_regex;

/* Compile flags. */
#define LORE_RE_CASELESS   0x01u  /* i */
#define LORE_RE_MULTILINE  0x02u  /* m: ^ and $ at line breaks */
#define LORE_RE_DOTALL     0x04u  /* s */
#define LORE_RE_EXTENDED   0x08u  /* x */
#define LORE_RE_UNGREEDY   0x10u  /* U */
#define LORE_RE_ANCHORED   0x20u  /* match only at the start offset */
#define LORE_RE_LITERAL    0x40u  /* the pattern is a plain string */
#define LORE_RE_NOJIT      0x80u  /* do not JIT-compile */

/* Parse a flag string ("imsxU", plus "a" anchored, "l" literal, "J" no
** JIT) into *flags. LORE_OK, or LORE_EINVAL naming the bad letter in *err. */
int lore_regex_flags (const char *s, unsigned *flags, lore_error *err);

/*
** Compile pat[0..len) with PCRE2_UTF | PCRE2_UCP plus flags. Returns the
** regex (caller owns, release with lore_regex_free) or NULL with *err
** filled: code LORE_ESYNTAX, offset = PCRE2's error offset in the pattern,
** msg = "<pcre2 message> at offset N in /<pattern>/" (pattern cut at 60
** bytes), or LORE_ENOMEM. An invalid UTF-8 pattern is LORE_ESYNTAX too.
*/
lore_regex *lore_regex_compile (const char *pat, size_t len, unsigned flags,
                                lore_error *err);
void lore_regex_free (lore_regex *re);                /* NULL-safe */

/* The pattern text (NUL-terminated copy) and its flags. */
const char *lore_regex_pattern (const lore_regex *re, size_t *len);
unsigned lore_regex_flags_of (const lore_regex *re);
int lore_regex_jitted (const lore_regex *re);         /* 1 if JIT is in use */

/* Number of capture groups (group 0, the whole match, not counted). */
int lore_regex_ncaptures (const lore_regex *re);
/* Group number of a named group, or -1. */
int lore_regex_group_index (const lore_regex *re, const char *name);
/* Name of group i (1-based), or NULL when it has none. */
const char *lore_regex_group_name (const lore_regex *re, int i);

/*
** Limits; 0 leaves one unchanged. Defaults: match 10,000,000 (stops
** catastrophic backtracking such as (a+)+$ in well under a second),
** depth 10,000,000 and heap 256 MiB (the interpreter's backtracking
** frames; ~200 bytes per character a linear pattern like (?:\\.|[^"])*
** spans, so about 1 MB). The JIT honours the match limit; its memory is
** the JIT stack (lore_regex_set_jit_stack).
*/
typedef struct lore_regex_limits {
  uint32_t match_limit;
  uint32_t depth_limit;
  uint32_t heap_limit_kib;
} lore_regex_limits;
void lore_regex_set_limits (lore_regex *re, const lore_regex_limits *lim);

/*
** Largest JIT stack one match may use, in KiB (default 65,536: ~32 bytes
** per character a linear pattern spans, so about 2 MB; at least 32; 0
** leaves it unchanged). The stack is allocated only for a match that
** needs more than 32 KiB, and freed when that match returns.
*/
void lore_regex_set_jit_stack (lore_regex *re, uint32_t max_kib);

/* Options of lore_regex_exec. */
#define LORE_REX_VALID   0x1u  /* subject is known to be valid UTF-8: skip
                                  PCRE2's check (a must when iterating) */
#define LORE_REX_NOTEMPTY_ATSTART 0x2u /* no empty match at `start` (used to
                                  step past an empty match when iterating) */

/* Sentinel for an unset capture in ov. */
#define LORE_RE_UNSET ((size_t)-1)

/*
** Search subject[0..len) from byte offset start. On a match returns 1 and
** fills ov[0..2*(k+1)) with start/end byte offsets of the match and of
** groups 1..k, where k = min(ncaptures, ovpairs - 1); unset groups get
** LORE_RE_UNSET. Returns 0 for no match, or <0 with *err filled:
** LORE_ELIMIT ("match limit exceeded in /<pattern>/" and the like),
** LORE_EFORMAT (subject not valid UTF-8, offset = first bad byte),
** LORE_ERANGE (start > len), LORE_EMATCH (other PCRE2 errors).
*/
int lore_regex_exec (lore_regex *re, const char *subject, size_t len,
                     size_t start, unsigned opts, size_t *ov,
                     size_t ovpairs, lore_error *err);

#endif
