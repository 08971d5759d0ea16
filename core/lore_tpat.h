/*
** lore_tpat.h
** Token patterns: a small regular language over tokens (like spaCy's
** Matcher or CoreNLP's TokensRegex), compiled to a program that runs on a
** Pike VM: cost linear in the number of tokens for any pattern, no
** backtracking. Leftmost-longest by default. No Lua here; the Lua-table
** form of patterns is translated to this syntax by the bindings.
**
** Syntax (docs/patterns.md is the user guide):
**
**   pattern  := alt
**   alt      := seq ( '|' seq )*
**   seq      := item+                        juxtaposition is sequence
**   item     := atom quant?
**   quant    := ( '?' | '*' | '+' | '{n}' | '{n,}' | '{n,m}' ) '?'?
**                                            trailing '?' = lazy
**   atom     := '(' alt ')'                  group (no capture)
**             | '(?<' name '>' alt ')'       named capture
**             | '"' chars '"'                exact token text ("Mr.")
**             | word                         token text, case- and
**                                            accent-insensitive (said)
**             | '/' regex '/' flags          PCRE2 on the token text, must
**                                            match the whole token
**             | '{' word+ '}'                set of words (folded); items
**                                            may be quoted: {"U.S." US}
**             | '[' expr ']'                 token predicate
**             | '.'                          any token
**             | '@' name                     a whole gazetteer entry (1+
**                                            tokens) found through env
**             | '<' label '>'                a whole span with this label
**             | '<' layer ':' label '>'      in env's default layer, or in
**             | '<' layer ':' '*' '>'        the named layer; '*' any label
**   expr     := and ( '|' and )*
**   and      := unary ( '&' unary )*
**   unary    := '!' unary | '(' expr ')' | test
**   test     := flag                         cap allcaps title lower digit
**                                            word number punct symbol
**                                            currency quote open close
**                                            dash ellipsis url email
**                                            abbrev clitic hyphen ordinal
**                                            sent_start sent_end
**                                            para_start para_end
**                                            space_before space_after
**             | key '=' value | key '!=' value
**                 text=  "Mr." | /re/ | {set}     exact text
**                 lower= said | /re/ | {set}      folded text
**                 kind=  word|number|punct|...    token kind
**                 shape= "Xxxx"                   word shape: X upper,
**                                                 x lower, d digit, other
**                                                 chars kept; runs cut to 4
**                 in=    @gaz | layer:LABEL | LABEL | layer:*
**                                                 token inside such a match
**                 starts= / ends= (same values)   token starts / ends one
**
** Words are [A-Za-z_][A-Za-z0-9_'.-]* or any non-ASCII letters; '#'
** starts a comment to the end of the line; white space separates items.
*/
#ifndef lore_tpat_h
#define lore_tpat_h

#include <stddef.h>
#include <stdint.h>

#include "lore_doc.h"
#include "lore_err.h"
#include "lore_gaz.h"

/* A compiled pattern holds its scan scratch memory: use it from one thread
** at a time, and not again from inside its own scan callback (that call
** fails with LORE_EINVAL). */
typedef struct lore_tpat lore_tpat;

/* Resolution of names used by a pattern, at compile time. */
typedef struct lore_tpat_env {
  void *ud;
  /* @name: store a borrowed gazetteer (it must outlive the pattern) in *g
  ** and return 0, or return -1 if unknown. May be NULL (no gazetteers). */
  int (*gazetteer)(void *ud, const char *name, size_t len,
                   const lore_gaz **g);
  /* A label name -> the caller's label id; 0, or -1 if unknown (then the
  ** pattern fails to compile). NULL: labels are unknown. */
  int (*label)(void *ud, const char *name, size_t len, uint32_t *id);
  const char *default_layer;   /* layer of <LABEL>; NULL = "entities" */
} lore_tpat_env;

/* Compile options. */
#define LORE_TP_FIRST        0x1u /* leftmost-first (priority) semantics:
                                     greedy/lazy decide the match; default
                                     is leftmost-longest */

/*
** Compile src[0..len). Returns the pattern (caller owns; lore_tpat_free) or
** NULL with *err filled: LORE_ESYNTAX with err->offset at the offending
** byte and a message naming what was expected ("expected ']' to close
** '[' at offset 7"),
** LORE_ELIMIT when the program exceeds LORE_TPAT_MAXPROG instructions
** (bounded repeats expand), LORE_ENOMEM.
*/
lore_tpat *lore_tpat_compile (const char *src, size_t len, unsigned opts,
                              const lore_tpat_env *env, lore_error *err);
void lore_tpat_free (lore_tpat *p);                    /* NULL-safe */

#if !defined(LORE_TPAT_MAXPROG)
#define LORE_TPAT_MAXPROG 20000
#endif

/* Named captures: count, and name of capture i (0-based). */
int lore_tpat_ncaptures (const lore_tpat *p);
const char *lore_tpat_capture_name (const lore_tpat *p, int i);
int lore_tpat_capture_index (const lore_tpat *p, const char *name);
/* The source text as given to lore_tpat_compile (owned by p). */
const char *lore_tpat_source (const lore_tpat *p);

typedef struct lore_tpat_match {
  uint32_t tok_start, tok_end;   /* tokens [tok_start, tok_end) */
  const uint32_t *caps;          /* 2 * ncaptures token indices (start,
                                    end) per capture; UINT32_MAX if unset;
                                    valid during the callback only */
} lore_tpat_match;

/* Scan options. */
#define LORE_TP_OVERLAP      0x10u /* report the match at every start token
                                      (else continue after each match); an
                                      anchored match per start, so `.*` with
                                      overlap costs tokens squared (the
                                      budget stops it) */
#define LORE_TP_IN_SENTENCE  0x20u /* a match never crosses a sentence end */
#define LORE_TP_NONEMPTY     0x40u /* ignore empty matches */

/*
** Scan tokens [from, to) of d, calling cb(ud, m) for each match in order
** until cb returns non-zero. Empty matches are reported at most once per
** start and never stop progress. `budget` caps the VM steps (thread
** additions) for this call, 0 = LORE_TPAT_BUDGET. Returns the number of
** matches, or <0 with *err filled: LORE_ELIMIT (budget exhausted, message
** names the pattern), LORE_ENOMEM.
*/
long lore_tpat_scan (lore_tpat *p, lore_doc *d, size_t from, size_t to,
                     unsigned opts, uint64_t budget,
                     int (*cb)(void *ud, const lore_tpat_match *m),
                     void *ud, lore_error *err);

#if !defined(LORE_TPAT_BUDGET)
#define LORE_TPAT_BUDGET 100000000u
#endif

/* Anchored match at token i, within [i, to): 1 and *m filled (caps valid
** until the next call on p), 0 if no match, <0 as lore_tpat_scan. */
int lore_tpat_match_at (lore_tpat *p, lore_doc *d, size_t i, size_t to,
                        unsigned opts, lore_tpat_match *m, lore_error *err);

#endif
