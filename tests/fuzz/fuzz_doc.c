/*
** fuzz_doc.c
** libFuzzer target: lore_doc_new (tokenizer + sentence and paragraph
** segmentation) on arbitrary bytes, then check every invariant the rest
** of lore relies on:
**   - tokens are non-empty, inside the text, ordered and non-overlapping,
**     of a known kind; the bytes between tokens are white space or
**     invisible characters (no text is lost);
**   - invalid UTF-8, NUL and C0/C1 controls lie inside LORE_TK_INVALID
**     tokens only, and ninvalid counts those tokens;
**   - sentences and paragraphs are token ranges with matching byte
**     offsets, in order, partitioning the tokens; every sentence lies
**     inside one paragraph; the SENT_* / PARA_* flags mark exactly their
**     ends;
**   - lore_doc_token_at / sentence_of / paragraph_of agree with a linear
**     search;
**   - lore_doc_valid_text is valid UTF-8 without NUL, the same length,
**     differing only by '?' bytes;
**   - normalised token forms are valid UTF-8;
**   - spans over tokens and sentences resolve to non-overlapping live
**     spans in document order.
** The first input byte selects the paragraph mode and borrow/copy.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lore_doc.h"
#include "lore_utf8.h"

/* Invisible characters the tokenizer skips between tokens. */
static int gap_ok (const unsigned char *s, size_t len, size_t i, size_t *adv) {
  int32_t cp;
  size_t l;
  if (s[i] < 0x80) {
    *adv = 1;
    return s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r');
  }
  l = lore_utf8_decode(s + i, len - i, &cp);
  *adv = l ? l : 1;
  if (cp == LORE_UTF8_INVALID) return 0;
  switch (lore_utf8_class(cp)) {
    case LORE_CC_SPACE: case LORE_CC_NEWLINE: return 1;
    default: break;
  }
  return cp == 0x200B || cp == 0xFEFF || (cp >= 0x200C && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
         cp == 0x034F || cp == 0x00AD || cp == 0x180E;
}

/* 1 if s[a..b) contains an invalid sequence, NUL or C0/C1 control other
** than white space. */
static int has_bad (const unsigned char *s, size_t a, size_t b) {
  size_t i = a;
  while (i < b) {
    int32_t cp;
    size_t l;
    if (s[i] < 0x80) {
      if ((s[i] < 0x20 && !(s[i] >= '\t' && s[i] <= '\r')) || s[i] == 0x7F)
        return 1;
      i++;
      continue;
    }
    l = lore_utf8_decode(s + i, b - i, &cp);
    if (cp == LORE_UTF8_INVALID) return 1;
    i += l;
  }
  return 0;
}

typedef struct { size_t n; uint32_t last_start, last_end; } walk;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  static const unsigned modes[4] = {
    0, LORE_DOC_PARA_LINE, LORE_DOC_PARA_BLANK, 0 };
  unsigned flags;
  const unsigned char *s;
  char *text;
  size_t len, ntok, nsent, npara, i, k, ninv = 0;
  const lore_token *tok;
  const lore_range *sent, *para;
  const char *vt;
  lore_doc *d = NULL;
  int rc;
  if (size == 0) return 0;
  flags = modes[data[0] & 3];
  if (data[0] & 4) flags |= LORE_DOC_BORROW;
  len = size - 1;
  text = (char *)malloc(len ? len : 1);      /* exactly sized for ASan */
  if (len) memcpy(text, data + 1, len);
  s = (const unsigned char *)text;
  rc = lore_doc_new(text, len, flags, &d);
  FUZZ_CHECK(rc == LORE_OK && d != NULL, "lore_doc_new returned %d", rc);
  {
    size_t tl;
    const char *t = lore_doc_text(d, &tl);
    FUZZ_CHECK(tl == len && (len == 0 || memcmp(t, text, len) == 0),
               "document text differs from the input");
    if (!(flags & LORE_DOC_BORROW)) s = (const unsigned char *)t;
  }

  /* tokens */
  tok = lore_doc_tokens(d, &ntok);
  {
    size_t pos = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    for (i = 0; i < ntok; i++) {
      const lore_token *t = tok + i;
      FUZZ_CHECK(t->start < t->end && t->end <= len,
                 "token %zu [%u,%u) len %zu", i, t->start, t->end, len);
      FUZZ_CHECK(t->kind >= LORE_TK_WORD && t->kind < LORE_TK__COUNT,
                 "token %zu kind %u", i, t->kind);
      FUZZ_CHECK(t->start >= pos, "token %zu starts at %u before %zu",
                 i, t->start, pos);
      while (pos < t->start) {
        size_t adv;
        FUZZ_CHECK(gap_ok(s, len, pos, &adv),
                   "byte %zu (0x%02X) is in no token and is not space",
                   pos, s[pos]);
        pos += adv;
      }
      FUZZ_CHECK(pos == t->start, "gap character runs into token %zu", i);
      if (t->kind == LORE_TK_INVALID) ninv++;
      else
        FUZZ_CHECK(!has_bad(s, t->start, t->end),
                   "token %zu [%u,%u) kind %u holds invalid bytes",
                   i, t->start, t->end, t->kind);
      pos = t->end;
    }
    while (pos < len) {
      size_t adv;
      FUZZ_CHECK(gap_ok(s, len, pos, &adv),
                 "trailing byte %zu (0x%02X) is in no token", pos, s[pos]);
      pos += adv;
    }
  }
  FUZZ_CHECK(ninv == lore_doc_ninvalid(d), "ninvalid %zu, counted %zu",
             lore_doc_ninvalid(d), ninv);

  /* sentences and paragraphs */
  sent = lore_doc_sentences(d, &nsent);
  para = lore_doc_paragraphs(d, &npara);
  {
    const lore_range *sets[2] = { sent, para };
    size_t counts[2] = { nsent, npara };
    int w;
    for (w = 0; w < 2; w++) {
      const lore_range *r = sets[w];
      size_t next = 0;
      for (k = 0; k < counts[w]; k++) {
        FUZZ_CHECK(r[k].tok_start < r[k].tok_end && r[k].tok_end <= ntok,
                   "%s %zu tokens [%u,%u) of %zu", w ? "para" : "sent", k,
                   r[k].tok_start, r[k].tok_end, ntok);
        FUZZ_CHECK(r[k].tok_start == next, "%s %zu starts at token %u, "
                   "expected %zu", w ? "para" : "sent", k, r[k].tok_start, next);
        FUZZ_CHECK(r[k].start == tok[r[k].tok_start].start &&
                   r[k].end == tok[r[k].tok_end - 1].end,
                   "%s %zu bytes [%u,%u) do not match its tokens",
                   w ? "para" : "sent", k, r[k].start, r[k].end);
        next = r[k].tok_end;
      }
      FUZZ_CHECK(next == ntok, "%s cover %zu of %zu tokens",
                 w ? "paras" : "sents", next, ntok);
    }
  }
  for (k = 0, i = 0; k < nsent; k++) {       /* each sentence in a paragraph */
    while (i < npara && para[i].tok_end <= sent[k].tok_start) i++;
    FUZZ_CHECK(i < npara && para[i].tok_start <= sent[k].tok_start &&
               sent[k].tok_end <= para[i].tok_end,
               "sentence %zu [%u,%u) crosses a paragraph", k,
               sent[k].tok_start, sent[k].tok_end);
  }
  {
    size_t si = 0, pi = 0;
    for (i = 0; i < ntok; i++) {
      unsigned f = tok[i].flags;
      while (si < nsent && sent[si].tok_end <= i) si++;
      while (pi < npara && para[pi].tok_end <= i) pi++;
      FUZZ_CHECK(!!(f & LORE_TF_SENT_START) == (sent[si].tok_start == i) &&
                 !!(f & LORE_TF_SENT_END) == (sent[si].tok_end == i + 1) &&
                 !!(f & LORE_TF_PARA_START) == (para[pi].tok_start == i) &&
                 !!(f & LORE_TF_PARA_END) == (para[pi].tok_end == i + 1),
                 "segment flags 0x%x of token %zu", f, i);
      FUZZ_CHECK(lore_doc_sentence_of(d, i) == si, "sentence_of(%zu) = %zu, "
                 "expected %zu", i, lore_doc_sentence_of(d, i), si);
      FUZZ_CHECK(lore_doc_paragraph_of(d, i) == pi, "paragraph_of(%zu) = %zu,"
                 " expected %zu", i, lore_doc_paragraph_of(d, i), pi);
    }
    FUZZ_CHECK(lore_doc_sentence_of(d, ntok) == nsent &&
               lore_doc_paragraph_of(d, ntok) == npara,
               "sentence_of/paragraph_of out of range");
  }
  for (k = 0; k <= len; k += 1 + len / 64) {  /* token_at vs linear search */
    size_t want = 0;
    while (want < ntok && tok[want].end <= k) want++;
    FUZZ_CHECK(lore_doc_token_at(d, k) == want, "token_at(%zu)", k);
  }

  /* the valid text */
  vt = lore_doc_valid_text(d);
  FUZZ_CHECK(vt != NULL, "valid_text NULL");
  FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)vt, len),
             "valid_text is not valid UTF-8");
  FUZZ_CHECK(len == 0 || memchr(vt, 0, len) == NULL, "valid_text holds NUL");
  for (i = 0; i < len; i++)
    FUZZ_CHECK(vt[i] == (char)s[i] || vt[i] == '?',
               "valid_text byte %zu changed to 0x%02X", i, (unsigned char)vt[i]);

  /* normalised forms */
  {
    static const unsigned optsets[3] = {
      0, LORE_FOLD_CASE, LORE_FOLD_CASE | LORE_FOLD_ACCENTS | LORE_FOLD_PUNCT };
    int o;
    for (o = 0; o < 3; o++) {
      for (i = 0; i < ntok; i++) {
        const char *ns;
        size_t nl;
        rc = lore_doc_token_norm(d, i, optsets[o], &ns, &nl);
        FUZZ_CHECK(rc == LORE_OK, "token_norm %zu rc %d", i, rc);
        FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)ns, nl),
                   "norm form of token %zu is not valid UTF-8", i);
      }
    }
  }

  /* layers: a span per token and per sentence, resolved */
  {
    lore_layer *l = lore_doc_layer(d, "fuzz", 1);
    const uint32_t *ids;
    size_t n, prev_end = 0;
    FUZZ_CHECK(l != NULL, "layer");
    for (i = 0; i < ntok && i < 4096; i++)
      FUZZ_CHECK(lore_layer_add(l, tok[i].start, tok[i].end, (uint32_t)(i % 3),
                                (int32_t)(i % 5), 1, NULL) == LORE_OK, "add");
    for (k = 0; k < nsent && k < 1024; k++)
      FUZZ_CHECK(lore_layer_add(l, sent[k].start, sent[k].end, 7, 0, 2, NULL)
                 == LORE_OK, "add");
    FUZZ_CHECK(lore_layer_add(l, (uint32_t)len, (uint32_t)len + 1, 0, 0, 0,
                              NULL) == LORE_ERANGE, "span past the end accepted");
    FUZZ_CHECK(lore_layer_resolve(l, (int)(data[0] >> 3) % 3) == LORE_OK,
               "resolve");
    ids = lore_layer_sorted(l, &n);
    for (k = 0; k < n; k++) {
      const lore_span *sp = lore_layer_span(l, ids[k]);
      FUZZ_CHECK(sp != NULL && sp->beaten_by == LORE_NONE, "dead span listed");
      if (sp->start < sp->end) {
        FUZZ_CHECK(sp->start >= prev_end, "live spans overlap after resolve");
        prev_end = sp->end;
      }
    }
  }
  lore_doc_free(d);
  free(text);
  return 0;
}
