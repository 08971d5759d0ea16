/*
** lore_buf.h
** A growable byte buffer. Used by the JSON writer, the case folder and the
** readers. A zeroed struct is a valid empty buffer.
*/
#ifndef lore_buf_h
#define lore_buf_h

#include <stddef.h>

typedef struct lore_buf {
  char *data;      /* owned; NUL-terminated when len < cap */
  size_t len;      /* bytes used */
  size_t cap;      /* bytes allocated */
  int failed;      /* set once an allocation failed; later appends are no-ops */
} lore_buf;

void lore_buf_init (lore_buf *b);
/* Release the storage; the buffer is empty and usable again. NULL-safe. */
void lore_buf_free (lore_buf *b);
/* Ensure room for n more bytes. LORE_OK or LORE_ENOMEM (and b->failed). */
int lore_buf_reserve (lore_buf *b, size_t n);
int lore_buf_add (lore_buf *b, const void *p, size_t n);
int lore_buf_addc (lore_buf *b, char c);
int lore_buf_adds (lore_buf *b, const char *s);   /* NUL-terminated */
int lore_buf_addf (lore_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
/* Keep the storage, drop the content. */
void lore_buf_reset (lore_buf *b);
/* Hand the storage to the caller (who frees it with lore_free), leaving b
** empty. The result is NUL-terminated; *len (if not NULL) gets its length.
** Returns NULL if the buffer failed. */
char *lore_buf_detach (lore_buf *b, size_t *len);

#endif
