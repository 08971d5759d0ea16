/*
** lore_err.c
** Error codes and messages.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lore_err.h"

const char *lore_strerror (int code) {
  switch (code) {
    case LORE_OK: return "no error";
    case LORE_ENOMEM: return "out of memory";
    case LORE_EINVAL: return "invalid argument";
    case LORE_ESYNTAX: return "syntax error";
    case LORE_ELIMIT: return "resource limit exceeded";
    case LORE_EIO: return "input/output error";
    case LORE_ERANGE: return "out of range";
    case LORE_EMATCH: return "match error";
    case LORE_EFORMAT: return "bad input format";
    default: return "unknown error";
  }
}

int lore_error_set (lore_error *e, int code, size_t offset,
                    const char *fmt, ...) {
  if (e != NULL) {
    va_list ap;
    e->code = code;
    e->offset = offset;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
  }
  return code;
}

void lore_error_clear (lore_error *e) {
  if (e != NULL) memset(e, 0, sizeof(*e));
}
