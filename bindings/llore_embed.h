/*
** llore_embed.h
** Lua sources compiled into the module by tools/embed.c.
*/
#ifndef llore_embed_h
#define llore_embed_h

#include <stddef.h>

typedef struct lore_embedded {
  const char *name;    /* module name, e.g. "lore.engine" */
  const char *file;    /* source path, for chunk names */
  const char *src;
  size_t len;
} lore_embedded;

extern const lore_embedded lore_embedded_sources[];   /* NULL-terminated */

#endif
