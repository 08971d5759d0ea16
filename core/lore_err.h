/*
** lore_err.h
** Error codes and the error record filled by compilers and readers.
** The core never prints and never exits: it returns LORE_OK (0) or a
** negative LORE_E* code, and fills a lore_error when the caller gave one.
*/
#ifndef lore_err_h
#define lore_err_h

#include <stddef.h>

#define LORE_OK        0
#define LORE_ENOMEM   (-1)   /* out of memory */
#define LORE_EINVAL   (-2)   /* invalid argument */
#define LORE_ESYNTAX  (-3)   /* syntax error in a pattern, rule or JSON */
#define LORE_ELIMIT   (-4)   /* a resource limit was hit (match, depth, size) */
#define LORE_EIO      (-5)   /* input/output error (errno in lore_error.sys) */
#define LORE_ERANGE   (-6)   /* offset or size out of range */
#define LORE_EMATCH   (-7)   /* matcher failed for another reason */
#define LORE_EFORMAT  (-8)   /* input has the wrong format (binary, bad JSON) */

#if !defined(LORE_ERRMSG_SIZE)
#define LORE_ERRMSG_SIZE 256
#endif

typedef struct lore_error {
  int code;                    /* LORE_E* or LORE_OK */
  size_t offset;               /* byte offset of the error in its input */
  long line;                   /* line number (1-based), 0 when unknown */
  int sys;                     /* errno for LORE_EIO, else 0 */
  char msg[LORE_ERRMSG_SIZE];  /* human-readable message, NUL-terminated */
} lore_error;

/* Static string for a code; never NULL. */
const char *lore_strerror (int code);

/* Fill *e (NULL-safe) with code, offset and a printf-style message.
** Returns code, so callers can write `return lore_error_set(...)`. */
int lore_error_set (lore_error *e, int code, size_t offset,
                    const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;

/* Reset *e (NULL-safe) to LORE_OK with an empty message. */
void lore_error_clear (lore_error *e);

#endif
