/*
** lore_layer_int.h
** Internal interface between lore_doc.c (which owns the layers of a
** document) and lore_layer.c (span storage, queries, conflicts, attrs).
*/
#ifndef lore_layer_int_h
#define lore_layer_int_h

#include <stddef.h>

#include "lore_doc.h"

/* New empty layer named name (copied) over a text of textlen bytes (spans
** may not end beyond it). NULL on out of memory. */
lore_layer *lore_layer__new (const char *name, size_t textlen);
void lore_layer__free (lore_layer *l);                 /* NULL-safe */

#endif
