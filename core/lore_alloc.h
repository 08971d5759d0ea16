/*
** lore_alloc.h
** Allocation macros for the core library. A build may override them; the
** unit tests (-DUNIT_TESTING) map them to cmocka's checked allocator so a
** leak or a double free fails the test that caused it.
*/
#ifndef lore_alloc_h
#define lore_alloc_h

#include <stdlib.h>

#if defined(UNIT_TESTING) && !defined(lore_malloc)
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#define lore_malloc(n)      _test_malloc((n), __FILE__, __LINE__)
#define lore_calloc(n, s)   _test_calloc((n), (s), __FILE__, __LINE__)
#define lore_realloc(p, n)  _test_realloc((p), (n), __FILE__, __LINE__)
#define lore_free(p)        _test_free((p), __FILE__, __LINE__)
#endif

#ifndef lore_malloc
#define lore_malloc(n)      malloc(n)
#define lore_calloc(n, s)   calloc((n), (s))
#define lore_realloc(p, n)  realloc((p), (n))
#define lore_free(p)        free(p)
#endif

#endif
