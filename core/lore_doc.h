/*
** lore_doc.h
** A document: UTF-8 bytes (owned or borrowed), its tokens, sentences and
** paragraphs, lazily built normalised token forms, and its span layers.
** Offsets are always bytes into the original text.
*/
#ifndef lore_doc_h
#define lore_doc_h

#include <stddef.h>
#include <stdint.h>

#include "lore_err.h"
#include "lore_seg.h"
#include "lore_tok.h"
#include "lore_utf8.h"

typedef struct lore_doc lore_doc;
typedef struct lore_layer lore_layer;

/* Flags of lore_doc_new. */
#define LORE_DOC_BORROW      0x1u  /* do not copy the text: the caller keeps
                                      it alive and unchanged until
                                      lore_doc_free */
#define LORE_DOC_PARA_LINE   0x2u  /* paragraph mode LINE (default AUTO) */
#define LORE_DOC_PARA_BLANK  0x4u  /* paragraph mode BLANK */

/*
** Create a document from text[0..len): copy (or borrow) it, tokenize and
** segment it. On success stores the new document in *out (owned by the
** caller, release with lore_doc_free) and returns LORE_OK; otherwise
** LORE_ENOMEM, or LORE_ERANGE when len > UINT32_MAX - 1. Invalid UTF-8 is
** not an error (see lore_doc_ninvalid).
*/
int lore_doc_new (const char *text, size_t len, unsigned flags,
                  lore_doc **out);
void lore_doc_free (lore_doc *d);                     /* NULL-safe */

const char *lore_doc_text (const lore_doc *d, size_t *len);
const lore_token *lore_doc_tokens (const lore_doc *d, size_t *n);
const lore_range *lore_doc_sentences (const lore_doc *d, size_t *n);
const lore_range *lore_doc_paragraphs (const lore_doc *d, size_t *n);

/* Number of invalid UTF-8 / NUL / control runs found by the tokenizer. */
size_t lore_doc_ninvalid (const lore_doc *d);

/* Index of the first token whose end is > offset (the token containing
** offset, or the next one); the token count if there is none. O(log n). */
size_t lore_doc_token_at (const lore_doc *d, size_t offset);

/* Index of the sentence (paragraph) holding token i; O(log n). The count of
** sentences (paragraphs) if i is out of range. */
size_t lore_doc_sentence_of (const lore_doc *d, size_t i);
size_t lore_doc_paragraph_of (const lore_doc *d, size_t i);

/*
** The text with every invalid UTF-8 sequence (and NUL) replaced byte for
** byte by '?', so it is valid UTF-8 of the same length and offsets are
** unchanged; the original text itself when it is already valid. Built on
** first use; NULL only on out of memory. Regexes run on this.
*/
const char *lore_doc_valid_text (lore_doc *d);

/*
** Normalised form of token i under LORE_FOLD_* options (see lore_utf8.h):
** stores a pointer and length in *s, *len (valid until lore_doc_free).
** All tokens are normalised on the first call with a given option set;
** each of the 8 option sets is built at most once and kept (unknown bits
** are ignored). Non-ASCII text is NFC-normalised, and soft hyphens and
** zero-width joiners are dropped. LORE_OK, LORE_ERANGE, LORE_ENOMEM.
*/
int lore_doc_token_norm (lore_doc *d, size_t i, unsigned opts,
                         const char **s, size_t *len);

/* {====================================================================
** Span layers (the document owns them)
** ===================================================================== */

/* The layer called name, created when create != 0. NULL if absent, or on
** out of memory. The pointer stays valid until lore_doc_free. */
lore_layer *lore_doc_layer (lore_doc *d, const char *name, int create);
size_t lore_doc_nlayers (const lore_doc *d);
lore_layer *lore_doc_layer_at (const lore_doc *d, size_t i);  /* creation order */

#define LORE_NONE     UINT32_MAX        /* lore_span.beaten_by of a live span */
#define LORE_REMOVED  (UINT32_MAX - 1)  /* removed by the caller (a veto) */

typedef struct lore_span {
  uint32_t start, end;  /* byte offsets, end exclusive */
  uint32_t label;       /* caller-defined label id */
  uint32_t rule;        /* caller-defined rule id (0: none) */
  int32_t priority;     /* higher wins under LORE_POLICY_PRIORITY */
  uint32_t beaten_by;   /* LORE_NONE if alive; else the id of the span that
                           won a conflict against it, or LORE_REMOVED */
} lore_span;

const char *lore_layer_name (const lore_layer *l);

/* Add a span; its id (insertion index) goes to *id if not NULL.
** LORE_ERANGE if start > end or end beyond the text; LORE_ENOMEM. */
int lore_layer_add (lore_layer *l, uint32_t start, uint32_t end,
                    uint32_t label, int32_t priority, uint32_t rule,
                    uint32_t *id);

/* Number of spans ever added (live or not); ids are 0 .. size-1. */
size_t lore_layer_size (const lore_layer *l);
/* Span by id, NULL when out of range. */
const lore_span *lore_layer_span (const lore_layer *l, uint32_t id);
/* Mark a live span dead, beaten by `by` (a span id or LORE_REMOVED;
** LORE_NONE is ignored). */
void lore_layer_kill (lore_layer *l, uint32_t id, uint32_t by);
/* Remove every span and attribute; ids handed out before name no span
** (or a later one): lore_layer_clears() counts the clears so holders of
** ids can tell. */
void lore_layer_clear (lore_layer *l);
uint32_t lore_layer_clears (const lore_layer *l);

/* Bytes held by the layer's spans and attributes (not counting its
** derived indexes), O(1); and the sum over all layers of a document
** (O(layers)). Lets callers cap what rules store per document. */
size_t lore_layer_memory (const lore_layer *l);
size_t lore_doc_layers_memory (const lore_doc *d);

/*
** Ids of the live spans in document order (start ascending, then end
** descending, then id). The array is owned by the layer and valid until the
** layer next changes. NULL with *n = 0 on out of memory or when empty.
*/
const uint32_t *lore_layer_sorted (lore_layer *l, size_t *n);

/* Query modes of lore_layer_query, relative to the range [start, end). */
#define LORE_Q_OVERLAP  0  /* span and range share at least one byte; an
                              empty range at p matches spans with start <= p
                              < end and empty spans at p; an empty span at
                              q overlaps [a, b) when a <= q < b */
#define LORE_Q_INSIDE   1  /* span lies within the range */
#define LORE_Q_COVER    2  /* span covers the whole range */
#define LORE_Q_EXACT    3  /* same start and end */
#define LORE_Q_STARTS   4  /* span starts at `start` */
#define LORE_Q_ALL      0x100 /* flag: include dead spans too */

/* Call cb(ud, id) for each matching span, in document order, until cb
** returns non-zero. Returns the number of calls. The callback may change
** the layer: the walk goes on over the spans it started with, each checked
** again before the call. About O(log n + k) for live spans. */
size_t lore_layer_query (lore_layer *l, uint32_t start, uint32_t end,
                         int mode, int (*cb)(void *ud, uint32_t id),
                         void *ud);

/* Conflict policies of lore_layer_resolve. */
#define LORE_POLICY_LONGEST   0  /* longest span wins; ties: priority, then
                                    earlier start, then earlier id */
#define LORE_POLICY_PRIORITY  1  /* highest priority wins; ties: longest,
                                    then earlier start, then earlier id */
#define LORE_POLICY_FIRST     2  /* earliest start wins; ties: longest, then
                                    priority, then earlier id */
#define LORE_RESOLVE_PER_LABEL 0x100 /* flag: only spans with the same label
                                        conflict */

/*
** Resolve overlaps among the live spans so that no two overlap: winners are
** taken in policy order, and each span overlapping an accepted one is
** killed with beaten_by = the first accepted span it overlaps.
** Zero-length spans never conflict. O(n log n). LORE_OK, LORE_EINVAL for
** an unknown policy, or LORE_ENOMEM (the layer is then unchanged).
*/
int lore_layer_resolve (lore_layer *l, int policy);

/* {====================================================================
** Span attributes
** ===================================================================== */

typedef enum lore_vtype {
  LORE_V_NIL = 0, LORE_V_BOOL, LORE_V_INT, LORE_V_NUM, LORE_V_STR,
  LORE_V_JSON   /* a JSON text kept verbatim (lists, objects) */
} lore_vtype;

typedef struct lore_value {
  int type;                        /* lore_vtype */
  union {
    int b;                         /* LORE_V_BOOL */
    int64_t i;                     /* LORE_V_INT */
    double n;                      /* LORE_V_NUM */
    struct { const char *p; size_t len; } s;  /* LORE_V_STR, LORE_V_JSON */
  } u;
} lore_value;

/* Set attribute key of span id (copies key and value; a LORE_V_NIL value
** deletes it). Order of first setting is kept. LORE_ERANGE (bad id),
** LORE_EINVAL (bad value type, NULL key or string with a length),
** LORE_ENOMEM. */
int lore_layer_set_attr (lore_layer *l, uint32_t id, const char *key,
                         size_t klen, const lore_value *v);
/* 1 and *v filled if span id has the key, else 0. String pointers stay
** valid until the layer is cleared or freed. */
int lore_layer_get_attr (const lore_layer *l, uint32_t id, const char *key,
                         size_t klen, lore_value *v);
/* Number of attributes of span id, and the k-th (0-based, setting order):
** returns 1 and fills *key, *klen, *v, or 0 when k is out of range. */
size_t lore_layer_nattrs (const lore_layer *l, uint32_t id);
int lore_layer_attr_at (const lore_layer *l, uint32_t id, size_t k,
                        const char **key, size_t *klen, lore_value *v);

/* }==================================================================== */

#endif
