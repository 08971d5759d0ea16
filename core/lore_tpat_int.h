/*
** lore_tpat_int.h
** Internal interface between the token-pattern compiler
** (lore_tpat_parse.c) and its Pike VM (lore_tpat_vm.c): the compiled
** program, the token predicates it tests, and the compiled data they refer
** to (strings, word sets, regexes, gazetteer and layer operands).
*/
#ifndef lore_tpat_int_h
#define lore_tpat_int_h

#include <stddef.h>
#include <stdint.h>

#include "lore_regex.h"
#include "lore_tpat.h"

/* Folding used for word atoms, lower= and word sets. */
#define TP_FOLD (LORE_FOLD_CASE | LORE_FOLD_ACCENTS | LORE_FOLD_PUNCT)

/* {====================================================================
** Program
** ===================================================================== */

/* Opcodes. The first five stop an epsilon closure: a thread waits on them
** for the next token (or, MATCH, reports). */
enum {
  TP_I_TEST = 0,  /* x: predicate; consume one token when it holds */
  TP_I_ANY,       /* consume any one token */
  TP_I_GAZ,       /* x: region (a gazetteer); consume a whole entry */
  TP_I_SPAN,      /* x: region (layer + label); consume a whole span */
  TP_I_MATCH,     /* the pattern matched */
  TP_I_SPLIT,     /* continue at x (preferred) and at y */
  TP_I_JMP,       /* continue at x */
  TP_I_SAVE       /* x: capture slot := current position; continue at pc+1 */
};

typedef struct tp_inst {
  uint32_t op;
  uint32_t x, y;
} tp_inst;

/* {====================================================================
** Predicates (a tree of nodes in lore_tpat.preds)
** ===================================================================== */

enum {
  TP_P_FLAGS = 0, /* a: LORE_TF_* mask; true when any bit is set */
  TP_P_KINDS,     /* a: mask of 1u << kind */
  TP_P_SPECIAL,   /* a: TP_F_* (tests on kind + sub) */
  TP_P_NOT,       /* a: child */
  TP_P_AND,       /* a, b: children */
  TP_P_OR,        /* a, b: children */
  TP_P_STR,       /* src; a: string index; equality */
  TP_P_SET,       /* src; a: set index; membership */
  TP_P_RE,        /* src; a: regex index; whole-string match */
  TP_P_REGION     /* a: region index; b: TP_R_* bit */
};

/* Which string of a token a STR/SET/RE predicate looks at. */
enum {
  TP_SRC_TEXT = 0,  /* the token's bytes (valid text for regexes) */
  TP_SRC_FOLD,      /* lore_doc_token_norm(TP_FOLD) */
  TP_SRC_SHAPE      /* word shape, "Xxxx" */
};

/* Special tests (TP_P_SPECIAL). */
enum {
  TP_F_OPEN = 0, TP_F_CLOSE, TP_F_ABBREV, TP_F_CLITIC, TP_F_HYPHEN,
  TP_F_ORDINAL
};

typedef struct tp_pred {
  uint8_t op, src;
  uint32_t a, b;
} tp_pred;

/* A string of the pattern: bytes arena[off .. off+len), and its hash. */
typedef struct tp_str {
  uint32_t off, len, hash;
} tp_str;

/* A set of strings: open addressing over string indices + 1 (0 = empty
** slot); mask + 1 slots. */
typedef struct tp_set {
  uint32_t *slots;
  uint32_t mask;
} tp_set;

/* {====================================================================
** Regions: gazetteer matches or layer spans a token can be in, start or
** end (in= starts= ends=), also used by @gaz and <LABEL> atoms.
** ===================================================================== */

#define TP_R_IN      1u
#define TP_R_STARTS  2u
#define TP_R_ENDS    4u

typedef struct tp_region {
  const lore_gaz *gaz;   /* borrowed; NULL for a layer region */
  char *layer;           /* owned layer name (layer regions) */
  uint32_t label;
  int anylabel;          /* layer:* */
} tp_region;

/* {====================================================================
** The pattern
** ===================================================================== */

struct tp_vm;   /* matching scratch, lore_tpat_vm.c */

struct lore_tpat {
  char *src;                 /* NUL-terminated copy of the source */
  size_t srclen;
  unsigned opts;             /* LORE_TP_FIRST */
  tp_inst *prog;
  uint32_t nprog;
  tp_pred *preds;
  uint32_t npreds;
  char *arena;               /* bytes of every tp_str */
  tp_str *strs;
  uint32_t nstrs;
  tp_set *sets;
  uint32_t nsets;
  lore_regex **res;
  uint32_t nres;
  tp_region *regions;
  uint32_t nregions;
  char **capnames;
  int ncaps;
  /* Prefilter: the instructions that can consume the first token of a
  ** match (TEST, GAZ, SPAN); unused when nofilter (the pattern can match
  ** empty or starts with '.'). */
  uint32_t *first;
  uint32_t nfirst;
  int nofilter;
  /* When every first test is a flag or kind test (or an | of them), the
  ** prefilter is "(flags & fflags) || kind in fkinds" (fsimple). */
  int fsimple;
  uint32_t fflags, fkinds;
  struct tp_vm *vm;
};

/* Hash of a string (FNV-1a), shared by compiled sets and lookups. */
uint32_t lore_tpat__hash (const char *s, size_t n);
/* Release the matching scratch of p (NULL-safe). */
void lore_tpat__vm_free (struct tp_vm *vm);

#endif
