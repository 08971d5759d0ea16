/*
** fuzz_num.c
** libFuzzer target: lore_num_parse on arbitrary bytes (and lore_num_word,
** lore_num_scale on the whole input). Checks: 0 < len <= n on success and
** len == 0 on failure, a non-negative value that is not NaN, known flags,
** and that parsing exactly the consumed prefix (in a buffer of that size,
** so ASan sees any read past it) gives the same length, value and flags.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lore_num.h"

#define KNOWN_FLAGS (LORE_NUMF_NUMERAL | LORE_NUMF_WORDS | LORE_NUMF_ORDINAL | \
                     LORE_NUMF_SCALED | LORE_NUMF_DECIMAL | LORE_NUMF_VAGUE | \
                     LORE_NUMF_FRACTION)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  lore_number a, b;
  int r, ord = 0;
  double w;
  memset(&a, 0x5A, sizeof a);
  r = lore_num_parse(s, size, &a);
  FUZZ_CHECK(r == 0 || r == 1, "returned %d", r);
  if (r == 0) {
    FUZZ_CHECK(a.len == 0, "no number but len %zu", a.len);
  } else {
    char *pre;
    FUZZ_CHECK(a.len > 0 && a.len <= size, "len %zu of %zu", a.len, size);
    FUZZ_CHECK(!isnan(a.value) && a.value >= 0, "value %g", a.value);
    FUZZ_CHECK(!isnan(a.scale) && a.scale >= 1, "scale %g", a.scale);
    FUZZ_CHECK((a.flags & ~KNOWN_FLAGS) == 0, "flags 0x%x", a.flags);
    pre = (char *)malloc(a.len);
    memcpy(pre, s, a.len);
    memset(&b, 0, sizeof b);
    r = lore_num_parse(pre, a.len, &b);
    FUZZ_CHECK(r == 1 && b.len == a.len && b.flags == a.flags &&
               (b.value == a.value || (isinf(a.value) && isinf(b.value))),
               "the consumed prefix '%.*s' parses differently: len %zu/%zu "
               "value %g/%g flags 0x%x/0x%x", (int)a.len, s, b.len, a.len,
               b.value, a.value, b.flags, a.flags);
    free(pre);
  }
  w = lore_num_word(s, size, &ord);
  FUZZ_CHECK(w == -1 || (w >= 0 && !isnan(w)), "word value %g", w);
  FUZZ_CHECK(ord == 0 || ord == 1, "ordinal %d", ord);
  w = lore_num_scale(s, size);
  FUZZ_CHECK(w == 0 || w >= 100, "scale %g", w);
  return 0;
}
