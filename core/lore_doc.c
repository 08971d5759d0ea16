/*
** lore_doc.c
** A document: its text (copied or borrowed), tokens, sentences and
** paragraphs, the lazily built valid-UTF-8 text and normalised token forms,
** and the list of its span layers. The layers themselves live in
** lore_layer.c; this file only creates, finds and frees them.
*/
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_doc.h"
#include "lore_err.h"
#include "lore_layer_int.h"
#include "lore_utf8.h"

#define FOLD_BITS (LORE_FOLD_CASE | LORE_FOLD_ACCENTS | LORE_FOLD_PUNCT)
#define NORM_SETS (FOLD_BITS + 1)   /* every combination of the options */

/* The normalised forms of all tokens under one option set. */
typedef struct norm {
  int built;
  char *buf;        /* the forms, each followed by a NUL */
  size_t *off;      /* off[i]: start of token i's form; off[n]: the end */
} norm;

struct lore_doc {
  const char *text;
  size_t len;
  char *own;                  /* the copy of the text, NULL if borrowed */
  lore_tokens toks;
  lore_ranges sents, paras;
  const char *valid;          /* lore_doc_valid_text, NULL until built */
  char *valid_own;            /* its storage when it is a copy */
  norm norms[NORM_SETS];      /* indexed by the option set */
  lore_layer **layers;
  size_t nlayers, caplayers;
};

int lore_doc_new (const char *text, size_t len, unsigned flags,
                  lore_doc **out) {
  lore_doc *d;
  int rc, mode = LORE_PARA_AUTO;
  *out = NULL;
  if (len > (size_t)UINT32_MAX - 1) return LORE_ERANGE;
  if (text == NULL && len > 0) return LORE_EINVAL;
  d = (lore_doc *)lore_calloc(1, sizeof(*d));
  if (d == NULL) return LORE_ENOMEM;
  if (flags & LORE_DOC_BORROW) {
    d->text = text != NULL ? text : "";
  } else {
    d->own = (char *)lore_malloc(len + 1);
    if (d->own == NULL) { lore_free(d); return LORE_ENOMEM; }
    if (len > 0) memcpy(d->own, text, len);
    d->own[len] = '\0';
    d->text = d->own;
  }
  d->len = len;
  if (flags & LORE_DOC_PARA_LINE) mode = LORE_PARA_LINE;
  else if (flags & LORE_DOC_PARA_BLANK) mode = LORE_PARA_BLANK;
  if ((rc = lore_tokenize(d->text, len, &d->toks)) != LORE_OK ||
      (rc = lore_segment(d->text, len, &d->toks, mode, &d->sents,
                         &d->paras)) != LORE_OK) {
    lore_doc_free(d);
    return rc;
  }
  *out = d;
  return LORE_OK;
}

void lore_doc_free (lore_doc *d) {
  size_t k;
  if (d == NULL) return;
  for (k = 0; k < d->nlayers; k++) lore_layer__free(d->layers[k]);
  lore_free(d->layers);
  for (k = 0; k < NORM_SETS; k++) {
    lore_free(d->norms[k].buf);
    lore_free(d->norms[k].off);
  }
  lore_free(d->valid_own);
  lore_tokens_free(&d->toks);
  lore_ranges_free(&d->sents);
  lore_ranges_free(&d->paras);
  lore_free(d->own);
  lore_free(d);
}

const char *lore_doc_text (const lore_doc *d, size_t *len) {
  if (len != NULL) *len = d->len;
  return d->text;
}

const lore_token *lore_doc_tokens (const lore_doc *d, size_t *n) {
  if (n != NULL) *n = d->toks.n;
  return d->toks.v;
}

const lore_range *lore_doc_sentences (const lore_doc *d, size_t *n) {
  if (n != NULL) *n = d->sents.n;
  return d->sents.v;
}

const lore_range *lore_doc_paragraphs (const lore_doc *d, size_t *n) {
  if (n != NULL) *n = d->paras.n;
  return d->paras.v;
}

size_t lore_doc_ninvalid (const lore_doc *d) {
  return d->toks.ninvalid;
}

size_t lore_doc_token_at (const lore_doc *d, size_t offset) {
  size_t lo = 0, hi = d->toks.n;
  while (lo < hi) {                    /* first token with end > offset */
    size_t mid = lo + (hi - lo) / 2;
    if (d->toks.v[mid].end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* The range of r[0..n) that holds token i (the ranges cover the tokens in
** order); n when none does. */
static size_t range_of (const lore_range *r, size_t n, size_t i) {
  size_t lo = 0, hi = n;
  while (lo < hi) {                    /* first range with tok_end > i */
    size_t mid = lo + (hi - lo) / 2;
    if (r[mid].tok_end > i) hi = mid;
    else lo = mid + 1;
  }
  return (lo < n && r[lo].tok_start <= i) ? lo : n;
}

size_t lore_doc_sentence_of (const lore_doc *d, size_t i) {
  if (i >= d->toks.n) return d->sents.n;
  return range_of(d->sents.v, d->sents.n, i);
}

size_t lore_doc_paragraph_of (const lore_doc *d, size_t i) {
  if (i >= d->toks.n) return d->paras.n;
  return range_of(d->paras.v, d->paras.n, i);
}

/*
** Only INVALID tokens can hold invalid UTF-8 or a NUL, so a document
** without them is returned as is, and otherwise only those tokens are
** looked at.
*/
const char *lore_doc_valid_text (lore_doc *d) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t k;
  if (d->valid != NULL) return d->valid;
  if (d->toks.ninvalid > 0) {
    char *copy = NULL;
    for (k = 0; k < d->toks.n; k++) {
      const lore_token *t = d->toks.v + k;
      size_t j;
      if (t->kind != LORE_TK_INVALID) continue;
      for (j = t->start; j < t->end;) {
        int32_t cp;
        size_t l = lore_utf8_decode(s + j, t->end - j, &cp);
        if (cp == LORE_UTF8_INVALID || cp == 0) {
          if (copy == NULL) {
            copy = (char *)lore_malloc(d->len + 1);
            if (copy == NULL) return NULL;
            memcpy(copy, d->text, d->len);
            copy[d->len] = '\0';
          }
          memset(copy + j, '?', l);
        }
        j += l;
      }
    }
    if (copy != NULL) {
      d->valid_own = copy;
      d->valid = copy;
      return copy;
    }
  }
  d->valid = d->text;
  return d->valid;
}

/* Build the forms of every token under opts, in one buffer. */
static int build_norm (lore_doc *d, norm *nm, unsigned opts) {
  lore_buf b;
  size_t k, n = d->toks.n, *off;
  int rc = LORE_OK;
  off = (size_t *)lore_malloc((n + 1) * sizeof(size_t));
  if (off == NULL) return LORE_ENOMEM;
  lore_buf_init(&b);
  if (lore_buf_reserve(&b, d->len + n) != LORE_OK) rc = LORE_ENOMEM;
  for (k = 0; k < n && rc == LORE_OK; k++) {
    const lore_token *t = d->toks.v + k;
    off[k] = b.len;
    if ((rc = lore_utf8_fold(d->text + t->start, t->end - t->start, opts,
                             &b)) == LORE_OK)
      rc = lore_buf_addc(&b, '\0');
  }
  off[n] = b.len;
  if (rc == LORE_OK) nm->buf = lore_buf_detach(&b, NULL);
  if (rc != LORE_OK || nm->buf == NULL) {
    lore_buf_free(&b);
    lore_free(off);
    return LORE_ENOMEM;
  }
  nm->off = off;
  nm->built = 1;
  return LORE_OK;
}

/*
** Each of the eight option sets is built at most once and kept until
** lore_doc_free, so that the pointers handed out stay valid (option bits
** other than LORE_FOLD_* are ignored).
*/
int lore_doc_token_norm (lore_doc *d, size_t i, unsigned opts,
                         const char **s, size_t *len) {
  norm *nm;
  int rc;
  if (i >= d->toks.n) return LORE_ERANGE;
  opts &= FOLD_BITS;
  nm = d->norms + opts;
  if (!nm->built && (rc = build_norm(d, nm, opts)) != LORE_OK) return rc;
  *s = nm->buf + nm->off[i];
  *len = nm->off[i + 1] - nm->off[i] - 1;
  return LORE_OK;
}

/* {====================================================================
** Layers
** ===================================================================== */

lore_layer *lore_doc_layer (lore_doc *d, const char *name, int create) {
  size_t k;
  lore_layer *l;
  if (name == NULL) return NULL;
  for (k = 0; k < d->nlayers; k++)
    if (strcmp(lore_layer_name(d->layers[k]), name) == 0) return d->layers[k];
  if (!create) return NULL;
  if (d->nlayers == d->caplayers) {
    size_t ncap = d->caplayers ? d->caplayers * 2 : 4;
    lore_layer **p = (lore_layer **)lore_realloc(d->layers,
                                                 ncap * sizeof(lore_layer *));
    if (p == NULL) return NULL;
    d->layers = p;
    d->caplayers = ncap;
  }
  l = lore_layer__new(name, d->len);
  if (l == NULL) return NULL;
  d->layers[d->nlayers++] = l;
  return l;
}

size_t lore_doc_nlayers (const lore_doc *d) {
  return d->nlayers;
}

lore_layer *lore_doc_layer_at (const lore_doc *d, size_t i) {
  return i < d->nlayers ? d->layers[i] : NULL;
}

size_t lore_doc_layers_memory (const lore_doc *d) {
  size_t i, total = 0;
  for (i = 0; i < d->nlayers; i++) total += lore_layer_memory(d->layers[i]);
  return total;
}

/* }==================================================================== */
