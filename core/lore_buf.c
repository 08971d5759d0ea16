/*
** lore_buf.c
** Growable byte buffer.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_err.h"

void lore_buf_init (lore_buf *b) {
  memset(b, 0, sizeof(*b));
}

void lore_buf_free (lore_buf *b) {
  if (b == NULL) return;
  lore_free(b->data);
  memset(b, 0, sizeof(*b));
}

int lore_buf_reserve (lore_buf *b, size_t n) {
  size_t need, cap;
  char *p;
  if (b->failed) return LORE_ENOMEM;
  if (n > ((size_t)-1) / 2 - b->len) { b->failed = 1; return LORE_ENOMEM; }
  need = b->len + n + 1;                  /* +1 keeps room for a NUL */
  if (need <= b->cap) return LORE_OK;
  cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  p = (char *)lore_realloc(b->data, cap);
  if (p == NULL) { b->failed = 1; return LORE_ENOMEM; }
  b->data = p;
  b->cap = cap;
  return LORE_OK;
}

int lore_buf_add (lore_buf *b, const void *p, size_t n) {
  if (lore_buf_reserve(b, n) != LORE_OK) return LORE_ENOMEM;
  if (n > 0) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return LORE_OK;
}

int lore_buf_addc (lore_buf *b, char c) {
  return lore_buf_add(b, &c, 1);
}

int lore_buf_adds (lore_buf *b, const char *s) {
  return lore_buf_add(b, s, strlen(s));
}

int lore_buf_addf (lore_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return LORE_EINVAL;
  if (lore_buf_reserve(b, (size_t)n) != LORE_OK) return LORE_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return LORE_OK;
}

void lore_buf_reset (lore_buf *b) {
  b->len = 0;
  if (b->data != NULL) b->data[0] = '\0';
}

char *lore_buf_detach (lore_buf *b, size_t *len) {
  char *p;
  if (b->failed) { lore_buf_free(b); return NULL; }
  if (b->data == NULL && lore_buf_reserve(b, 0) != LORE_OK) return NULL;
  p = b->data;
  if (len != NULL) *len = b->len;
  memset(b, 0, sizeof(*b));
  return p;
}
