/*
** fuzz_common.h
** Helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): an abort
** with a message when an invariant does not hold, and a UTF-8 validator
** independent of the code under test.
*/
#ifndef fuzz_common_h
#define fuzz_common_h

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
static inline int fuzz_valid_utf8 (const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k, j;
    if (c < 0x80u) { i++; continue; }
    if (c < 0xC2u || c > 0xF4u) return 0;
    k = c < 0xE0u ? 2 : c < 0xF0u ? 3 : 4;
    if (n - i < k) return 0;
    for (j = 1; j < k; j++) if ((s[i + j] & 0xC0u) != 0x80u) return 0;
    if (c == 0xE0u && s[i + 1] < 0xA0u) return 0;
    if (c == 0xEDu && s[i + 1] > 0x9Fu) return 0;
    if (c == 0xF0u && s[i + 1] < 0x90u) return 0;
    if (c == 0xF4u && s[i + 1] > 0x8Fu) return 0;
    i += k;
  }
  return 1;
}

#endif
