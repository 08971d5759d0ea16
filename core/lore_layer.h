/*
** lore_layer.h
** Layer operations beyond those of lore_doc.h (which declares the span
** layer API the rest of lore uses): bulk operations over two layers.
*/
#ifndef lore_layer_h
#define lore_layer_h

#include <stddef.h>

#include "lore_doc.h"

/*
** Remove (mark dead with beaten_by = LORE_REMOVED, as a veto) every live
** span of l that lies inside a live span of `by`: start >= b.start and
** end <= b.end (an empty span at p is inside [a, b) when a <= p <= b, as
** for LORE_Q_INSIDE). l and by may be the same layer: then every live span
** goes. The same result as querying l with LORE_Q_INSIDE for each live
** span of by and killing what it reports, in O(n + m) after the layers'
** document-order indexes. Returns the number of spans removed (>= 0) or
** -1 on out of memory (nothing is then removed).
*/
long lore_layer_remove_inside (lore_layer *l, lore_layer *by);

#endif
