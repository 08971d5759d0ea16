/*
** lore_regex.c
** PCRE2 (8-bit) wrapper: UTF + UCP always on, JIT when available, match /
** depth / heap / JIT stack limits, named groups. Every PCRE2 allocation
** goes through lore_alloc.h via a general context, so the unit tests see
** leaks.
**
** Memory for deep matches is taken only while a match needs it: a JIT
** match first runs on PCRE2's 32 KiB machine-stack block and is run again
** with a JIT stack that may grow to the JIT stack limit only if that was
** too small (the stack is freed after the call); the interpreter keeps its
** backtracking frames in the match data between calls, so match data that
** grew past MD_KEEP_BYTES is replaced after the call.
*/
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdint.h>
#include <string.h>

#include "lore_alloc.h"
#include "lore_err.h"
#include "lore_regex.h"

/* The match limit stops catastrophic backtracking (within about 0.05 s
** with the JIT, 0.3 s without); the memory limits bound how long a match
** can be: a linear pattern like "(?:\\.|[^"\\])*" needs about 32 bytes
** of JIT stack or 200 bytes of interpreter heap per character it spans. */
#define DEF_MATCH_LIMIT   10000000u
#define DEF_DEPTH_LIMIT   10000000u          /* the heap limit binds first */
#define DEF_HEAP_KIB      (256u * 1024u)
#define DEF_JIT_STACK_KIB (64u * 1024u)
#define JIT_STACK_START   (32u * 1024u)      /* bytes */
#define MD_KEEP_BYTES     ((size_t)8 << 20)  /* interpreter frames kept */
#define PAT_SHOWN         60       /* bytes of pattern quoted in messages */

struct lore_regex {
  pcre2_code *code;
  pcre2_match_data *md;            /* NULL after a failed renewal */
  pcre2_match_context *mctx;       /* no JIT stack assigned between calls */
  pcre2_general_context *gc;       /* for JIT stacks */
  pcre2_general_context *mdgc;     /* for match data: counts md_bytes */
  size_t md_bytes;                 /* allocated through mdgc since the
                                      match data was made */
  uint32_t jit_stack_kib;          /* largest JIT stack of a match */
  char *pat;                       /* NUL-terminated copy */
  size_t patlen;
  unsigned flags;
  int jitted;
  int ncap;
  const char **names;              /* names[i] of group i (1..ncap), or NULL;
                                      point into the code's name table */
  lore_regex_limits lim;
};

static void *re_malloc (PCRE2_SIZE n, void *ud) {
  (void)ud;
  return lore_malloc(n);
}

static void re_free (void *p, void *ud) {
  (void)ud;
  if (p != NULL) lore_free(p);
}

/* The allocator of match data: counts what the interpreter's backtracking
** frames take (ud is the regex). */
static void *md_malloc (PCRE2_SIZE n, void *ud) {
  lore_regex *re = (lore_regex *)ud;
  re->md_bytes += (size_t)n;
  return lore_malloc(n);
}

/* Length of the valid UTF-8 sequence at p[0..n), or 0 if it is invalid. */
static size_t utf8_seq (const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t k, i;
  if (c < 0x80u) return 1;
  if (c < 0xC2u || c > 0xF4u) return 0;
  k = c < 0xE0u ? 2 : c < 0xF0u ? 3 : 4;
  if (n < k) return 0;
  for (i = 1; i < k; i++) if ((p[i] & 0xC0u) != 0x80u) return 0;
  if (c == 0xE0u && p[1] < 0xA0u) return 0;      /* overlong */
  if (c == 0xEDu && p[1] > 0x9Fu) return 0;      /* surrogate */
  if (c == 0xF0u && p[1] < 0x90u) return 0;      /* overlong */
  if (c == 0xF4u && p[1] > 0x8Fu) return 0;      /* > U+10FFFF */
  return k;
}

/*
** Copy the start of the pattern for a message into out (PAT_SHOWN + 1
** bytes): at most PAT_SHOWN bytes, never half a character, invalid bytes
** and control characters shown as '?' so the message stays valid UTF-8 on
** one line (it may end up in JSON output or a terminal).
*/
static const char *quote_pat (const char *pat, size_t len, char *out) {
  const unsigned char *p = (const unsigned char *)pat;
  size_t i = 0, o = 0;
  while (i < len) {
    size_t k = utf8_seq(p + i, len - i);
    if (k == 0 || p[i] < 0x20u || p[i] == 0x7Fu) {
      if (o + 1 > PAT_SHOWN) break;
      out[o++] = '?';
      i += 1;
    } else {
      if (o + k > PAT_SHOWN) break;
      memcpy(out + o, p + i, k);
      o += k;
      i += k;
    }
  }
  out[o] = '\0';
  return out;
}

int lore_regex_flags (const char *s, unsigned *flags, lore_error *err) {
  unsigned f = 0;
  size_t i;
  if (s != NULL) {
    for (i = 0; s[i] != '\0'; i++) {
      switch (s[i]) {
        case 'i': f |= LORE_RE_CASELESS; break;
        case 'm': f |= LORE_RE_MULTILINE; break;
        case 's': f |= LORE_RE_DOTALL; break;
        case 'x': f |= LORE_RE_EXTENDED; break;
        case 'U': f |= LORE_RE_UNGREEDY; break;
        case 'a': f |= LORE_RE_ANCHORED; break;
        case 'l': f |= LORE_RE_LITERAL; break;
        case 'J': f |= LORE_RE_NOJIT; break;
        default:
          if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
            return lore_error_set(err, LORE_EINVAL, i,
                                  "unknown regex flag '%c' at position %zu "
                                  "(expected one of imsxUalJ)", s[i], i);
          return lore_error_set(err, LORE_EINVAL, i,
                                "unknown regex flag byte 0x%02X at position "
                                "%zu (expected one of imsxUalJ)",
                                (unsigned)(unsigned char)s[i], i);
      }
    }
  }
  if (flags != NULL) *flags = f;
  return LORE_OK;
}

static uint32_t compile_options (unsigned flags) {
  uint32_t o = PCRE2_UTF;
  if (flags & LORE_RE_CASELESS) o |= PCRE2_CASELESS;
  if (flags & LORE_RE_ANCHORED) o |= PCRE2_ANCHORED;
  if (flags & LORE_RE_LITERAL) {
    /* PCRE2_LITERAL rejects UCP and the syntax options; none of them has a
    ** meaning for a plain string (UTF caseless matching still folds
    ** non-ASCII letters). */
    return o | PCRE2_LITERAL;
  }
  /* \C (one code unit) would split characters: matches, and the next
  ** search, would start inside one. */
  o |= PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
  if (flags & LORE_RE_MULTILINE) o |= PCRE2_MULTILINE;
  if (flags & LORE_RE_DOTALL) o |= PCRE2_DOTALL;
  if (flags & LORE_RE_EXTENDED) o |= PCRE2_EXTENDED;
  if (flags & LORE_RE_UNGREEDY) o |= PCRE2_UNGREEDY;
  return o;
}

static void apply_limits (lore_regex *re) {
  pcre2_set_match_limit(re->mctx, re->lim.match_limit);
  pcre2_set_depth_limit(re->mctx, re->lim.depth_limit);
  pcre2_set_heap_limit(re->mctx, re->lim.heap_limit_kib);
}

/* Fill re->names from the name table. LORE_OK or LORE_ENOMEM. */
static int load_names (lore_regex *re) {
  uint32_t count = 0, esize = 0, i;
  PCRE2_SPTR table = NULL;
  int k;
  if (re->ncap <= 0) return LORE_OK;
  re->names = (const char **)lore_malloc((size_t)(re->ncap + 1) *
                                         sizeof(*re->names));
  if (re->names == NULL) return LORE_ENOMEM;
  for (k = 0; k <= re->ncap; k++) re->names[k] = NULL;
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
  if (count == 0) return LORE_OK;
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
  pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
  for (i = 0; i < count; i++) {
    PCRE2_SPTR e = table + (size_t)i * esize;
    int g = (int)(((unsigned)e[0] << 8) | (unsigned)e[1]);
    if (g >= 1 && g <= re->ncap && re->names[g] == NULL)
      re->names[g] = (const char *)(e + 2);
  }
  return LORE_OK;
}

lore_regex *lore_regex_compile (const char *pat, size_t len, unsigned flags,
                                lore_error *err) {
  pcre2_compile_context *cc = NULL;
  lore_regex *re;
  int ecode = 0;
  PCRE2_SIZE eoff = 0;
  uint32_t cap = 0;
  if (pat == NULL && len > 0) {
    lore_error_set(err, LORE_EINVAL, 0, "NULL pattern");
    return NULL;
  }
  if (pat == NULL) pat = "";
  re = (lore_regex *)lore_calloc(1, sizeof(*re));
  if (re == NULL) goto nomem;
  re->flags = flags;
  re->lim.match_limit = DEF_MATCH_LIMIT;
  re->lim.depth_limit = DEF_DEPTH_LIMIT;
  re->lim.heap_limit_kib = DEF_HEAP_KIB;
  re->jit_stack_kib = DEF_JIT_STACK_KIB;
  re->gc = pcre2_general_context_create(re_malloc, re_free, NULL);
  re->mdgc = pcre2_general_context_create(md_malloc, re_free, re);
  if (re->gc == NULL || re->mdgc == NULL) goto nomem;
  re->pat = (char *)lore_malloc(len + 1);
  if (re->pat == NULL) goto nomem;
  if (len > 0) memcpy(re->pat, pat, len);
  re->pat[len] = '\0';
  re->patlen = len;
  cc = pcre2_compile_context_create(re->gc);
  if (cc == NULL) goto nomem;
  re->code = pcre2_compile((PCRE2_SPTR)re->pat, len, compile_options(flags),
                           &ecode, &eoff, cc);
  pcre2_compile_context_free(cc);
  if (re->code == NULL) {
    PCRE2_UCHAR msg[200];
    char shown[PAT_SHOWN + 1];
    if (ecode == PCRE2_ERROR_NOMEMORY) goto nomem;
    if (pcre2_get_error_message(ecode, msg, sizeof(msg)) ==
        PCRE2_ERROR_BADDATA)
      strcpy((char *)msg, "unknown compile error");
    lore_error_set(err, LORE_ESYNTAX, (size_t)eoff, "%s at offset %zu in /%s/",
                   (const char *)msg, (size_t)eoff,
                   quote_pat(re->pat, len, shown));
    lore_regex_free(re);
    return NULL;
  }
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &cap);
  re->ncap = (int)cap;
  if (load_names(re) != LORE_OK) goto nomem;
  if (!(flags & LORE_RE_NOJIT) &&
      pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0) {
    re->jitted = 1;
  }
  /* Without JIT support (or on a JIT failure) the interpreter is used: it
  ** is slower, never wrong, and obeys the same limits. */
  re->md = pcre2_match_data_create_from_pattern(re->code, re->mdgc);
  re->mctx = pcre2_match_context_create(re->gc);
  if (re->md == NULL || re->mctx == NULL) goto nomem;
  apply_limits(re);
  return re;
nomem:
  lore_regex_free(re);
  lore_error_set(err, LORE_ENOMEM, 0, "out of memory compiling a regex");
  return NULL;
}

void lore_regex_free (lore_regex *re) {
  if (re == NULL) return;
  pcre2_match_context_free(re->mctx);
  pcre2_match_data_free(re->md);
  pcre2_code_free(re->code);
  pcre2_general_context_free(re->mdgc);
  pcre2_general_context_free(re->gc);
  lore_free(re->names);
  lore_free(re->pat);
  lore_free(re);
}

const char *lore_regex_pattern (const lore_regex *re, size_t *len) {
  if (len != NULL) *len = re->patlen;
  return re->pat;
}

unsigned lore_regex_flags_of (const lore_regex *re) {
  return re->flags;
}

int lore_regex_jitted (const lore_regex *re) {
  return re->jitted;
}

int lore_regex_ncaptures (const lore_regex *re) {
  return re->ncap;
}

int lore_regex_group_index (const lore_regex *re, const char *name) {
  int i;
  if (name == NULL || re->names == NULL) return -1;
  for (i = 1; i <= re->ncap; i++) {
    if (re->names[i] != NULL && strcmp(re->names[i], name) == 0) return i;
  }
  return -1;
}

const char *lore_regex_group_name (const lore_regex *re, int i) {
  if (i < 1 || i > re->ncap || re->names == NULL) return NULL;
  return re->names[i];
}

void lore_regex_set_limits (lore_regex *re, const lore_regex_limits *lim) {
  if (lim == NULL) return;
  if (lim->match_limit != 0) re->lim.match_limit = lim->match_limit;
  if (lim->depth_limit != 0) re->lim.depth_limit = lim->depth_limit;
  if (lim->heap_limit_kib != 0) re->lim.heap_limit_kib = lim->heap_limit_kib;
  apply_limits(re);
}

void lore_regex_set_jit_stack (lore_regex *re, uint32_t max_kib) {
  if (max_kib == 0) return;
  if (max_kib < JIT_STACK_START / 1024u) max_kib = JIT_STACK_START / 1024u;
  re->jit_stack_kib = max_kib;
}

static int exec_error (lore_regex *re, int rc, size_t start, lore_error *err) {
  char buf[PAT_SHOWN + 1];
  const char *shown = quote_pat(re->pat, re->patlen, buf);
  const char *what = NULL;
  switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT: what = "match limit"; break;
    case PCRE2_ERROR_DEPTHLIMIT: what = "depth limit"; break;
    case PCRE2_ERROR_HEAPLIMIT: what = "heap limit"; break;
    case PCRE2_ERROR_JIT_STACKLIMIT: what = "JIT stack limit"; break;
    default: break;
  }
  if (what != NULL)
    return lore_error_set(err, LORE_ELIMIT, start, "%s exceeded in /%s/",
                          what, shown);
  if (rc == PCRE2_ERROR_NOMEMORY)
    return lore_error_set(err, LORE_ENOMEM, start,
                          "out of memory matching /%s/", shown);
  {
    PCRE2_UCHAR msg[200];
    if (pcre2_get_error_message(rc, msg, sizeof(msg)) ==
        PCRE2_ERROR_BADDATA)
      strcpy((char *)msg, "unknown match error");
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
      size_t bad = (size_t)pcre2_get_startchar(re->md);
      return lore_error_set(err, LORE_EFORMAT, bad,
                            "invalid UTF-8 in subject at offset %zu: %s",
                            bad, (const char *)msg);
    }
    if (rc == PCRE2_ERROR_BADUTFOFFSET)
      return lore_error_set(err, LORE_EFORMAT, start,
                            "start offset %zu is inside a UTF-8 character",
                            start);
    return lore_error_set(err, LORE_EMATCH, start, "%s matching /%s/",
                          (const char *)msg, shown);
  }
}

/* Run the match. A JIT match that overflows the 32 KiB machine-stack block
** is run again with a JIT stack that can grow to re->jit_stack_kib; that
** stack is freed at once, so a regex holds none between calls. */
static int run_match (lore_regex *re, const char *subject, size_t len,
                      size_t start, uint32_t o) {
  pcre2_jit_stack *js;
  int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, o, re->md,
                       re->mctx);
  if (rc != PCRE2_ERROR_JIT_STACKLIMIT || !re->jitted ||
      re->jit_stack_kib <= JIT_STACK_START / 1024u)
    return rc;
  js = pcre2_jit_stack_create(JIT_STACK_START,
                              (size_t)re->jit_stack_kib * 1024u, re->gc);
  if (js == NULL) return PCRE2_ERROR_NOMEMORY;
  pcre2_jit_stack_assign(re->mctx, NULL, js);
  rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, o, re->md,
                   re->mctx);
  pcre2_jit_stack_assign(re->mctx, NULL, NULL);
  pcre2_jit_stack_free(js);
  return rc;
}

/* Replace match data whose interpreter frames grew past MD_KEEP_BYTES, so
** one long match does not keep its memory. LORE_OK or LORE_ENOMEM (then
** re->md is NULL and the next exec tries again). */
static int renew_match_data (lore_regex *re) {
  if (re->md != NULL && re->md_bytes <= MD_KEEP_BYTES) return LORE_OK;
  pcre2_match_data_free(re->md);
  re->md_bytes = 0;
  re->md = pcre2_match_data_create_from_pattern(re->code, re->mdgc);
  return re->md != NULL ? LORE_OK : LORE_ENOMEM;
}

int lore_regex_exec (lore_regex *re, const char *subject, size_t len,
                     size_t start, unsigned opts, size_t *ov,
                     size_t ovpairs, lore_error *err) {
  uint32_t o = 0;
  int rc, ret;
  if (start > len)
    return lore_error_set(err, LORE_ERANGE, start,
                          "start offset %zu beyond subject length %zu", start,
                          len);
  if (subject == NULL) {
    if (len > 0)
      return lore_error_set(err, LORE_EINVAL, 0, "NULL subject");
    subject = "";
  }
  if (opts & LORE_REX_VALID) {
    /* PCRE2 does not check a start offset inside a character when told the
    ** subject is valid; check it here, it costs one byte. */
    if (start < len && ((unsigned char)subject[start] & 0xC0u) == 0x80u)
      return lore_error_set(err, LORE_EFORMAT, start,
                            "start offset %zu is inside a UTF-8 character",
                            start);
    o |= PCRE2_NO_UTF_CHECK;
  }
  if (opts & LORE_REX_NOTEMPTY_ATSTART) o |= PCRE2_NOTEMPTY_ATSTART;
  if (re->md == NULL && renew_match_data(re) != LORE_OK)
    return exec_error(re, PCRE2_ERROR_NOMEMORY, start, err);
  rc = run_match(re, subject, len, start, o);
  if (rc == PCRE2_ERROR_NOMATCH) ret = 0;
  else if (rc < 0) ret = exec_error(re, rc, start, err);
  else {
    ret = 1;
    if (ov != NULL && ovpairs > 0) {
      const PCRE2_SIZE *v = pcre2_get_ovector_pointer(re->md);
      size_t k = (size_t)re->ncap + 1, i;
      size_t set = rc == 0 ? k : (size_t)rc;  /* groups past rc are unset */
      if (k > ovpairs) k = ovpairs;
      for (i = 0; i < k; i++) {
        if (i < set && v[2 * i] != PCRE2_UNSET) {
          ov[2 * i] = (size_t)v[2 * i];
          ov[2 * i + 1] = (size_t)v[2 * i + 1];
        } else {
          ov[2 * i] = LORE_RE_UNSET;
          ov[2 * i + 1] = LORE_RE_UNSET;
        }
      }
    }
  }
  /* The results are out of the match data: it may be replaced now. A
  ** failure is reported by the next call. */
  (void)renew_match_data(re);
  return ret;
}
