/*
** fuzz_json.c
** libFuzzer target: the JSON writer and checker (everything lore writes
** goes through them). First byte:
**   0  lore_json_string on the bytes: a quoted literal, valid UTF-8, no raw
**      control character, accepted by lore_json_valid and by jansson, and
**      decoding back to the input when the input was valid UTF-8;
**   1  lore_json_number / lore_json_int on the bytes taken as a double and
**      an int64: valid JSON numbers (or null) that jansson reads back;
**   2  lore_json_valid on the bytes: whatever it accepts (LORE_V_JSON values
**      are written verbatim) is valid UTF-8 without raw controls, and
**      jansson agrees apart from its integer range and nesting limits.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "lore_buf.h"
#include "lore_err.h"
#include "lore_json.h"

static void check_output (const char *s, size_t n) {
  size_t i;
  FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)s, n), "output not UTF-8");
  for (i = 0; i < n; i++)
    FUZZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7F,
               "raw control 0x%02X at %zu", (unsigned char)s[i], i);
  FUZZ_CHECK(lore_json_valid(s, n), "lore_json_valid rejects its own output "
             "'%.*s'", (int)n, s);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  const char *s;
  size_t n;
  lore_buf b;
  json_error_t e;
  json_t *j;
  if (size == 0) return 0;
  s = (const char *)data + 1;
  n = size - 1;
  lore_buf_init(&b);
  switch (data[0] % 3) {
    case 0:
      FUZZ_CHECK(lore_json_string(&b, s, n) == LORE_OK, "json_string");
      check_output(b.data, b.len);
      FUZZ_CHECK(b.len >= 2 && b.data[0] == '"' && b.data[b.len - 1] == '"',
                 "not a string literal");
      j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
      FUZZ_CHECK(j != NULL && json_is_string(j), "jansson: %s", e.text);
      if (fuzz_valid_utf8(data + 1, n))
        FUZZ_CHECK(json_string_length(j) == n &&
                   memcmp(json_string_value(j), s, n) == 0, "round trip");
      json_decref(j);
      break;
    case 1: {
      double v = 0;
      int64_t iv = 0;
      memcpy(&v, s, n < sizeof v ? n : sizeof v);
      memcpy(&iv, s, n < sizeof iv ? n : sizeof iv);
      FUZZ_CHECK(lore_json_number(&b, v) == LORE_OK, "json_number");
      lore_buf_addc(&b, ' ');
      FUZZ_CHECK(lore_json_int(&b, iv) == LORE_OK, "json_int");
      {
        char *sp = memchr(b.data, ' ', b.len);
        size_t k = (size_t)(sp - b.data);
        check_output(b.data, k);
        check_output(sp + 1, b.len - k - 1);
        j = json_loadb(b.data, k, JSON_DECODE_ANY, &e);
        FUZZ_CHECK(j != NULL, "jansson rejects number '%.*s': %s", (int)k,
                   b.data, e.text);
        if (isfinite(v)) {
          double got = json_number_value(j);
          FUZZ_CHECK(got == v,
                     "number %.17g written as '%.*s'", v, (int)k, b.data);
        } else FUZZ_CHECK(json_is_null(j), "non-finite not null");
        json_decref(j);
        j = json_loadb(sp + 1, b.len - k - 1, JSON_DECODE_ANY, &e);
        FUZZ_CHECK(j != NULL && json_is_integer(j) &&
                   json_integer_value(j) == iv, "int %lld", (long long)iv);
        json_decref(j);
      }
      break;
    }
    default:
      if (lore_json_valid(s, n)) {
        size_t i;
        FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)s, n),
                   "accepted invalid UTF-8");
        for (i = 0; i < n; i++) {
          unsigned char c = (unsigned char)s[i];
          FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r',
                     "accepted raw control 0x%02X", c);
        }
        j = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
        FUZZ_CHECK(j != NULL || strstr(e.text, "too big") != NULL ||
                   strstr(e.text, "overflow") != NULL ||
                   strstr(e.text, "depth") != NULL ||
                   strstr(e.text, "nest") != NULL,
                   "lore_json_valid accepts what jansson rejects: %s", e.text);
        json_decref(j);
      }
      break;
  }
  lore_buf_free(&b);
  return 0;
}
