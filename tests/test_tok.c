/*
** tests/test_tok.c
** The tokenizer. Each case gives an input and the exact token sequence, as
** a spec string of items "code=text" or "code=text|flags" separated by
** spaces (codes and flag letters below). Every case runs twice: on a buffer
** of exactly the input's size, and on the input followed by white space
** (which takes the SIMD fast path for the tokens at the start); both runs
** must give the same tokens, byte for byte.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lore_err.h"
#include "lore_tok.h"
#include "lore_utf8.h"

/* Plain malloc for inputs, so that AddressSanitizer sees their end. */
static char *exact (const char *s, size_t n) {
  char *b = (char *)malloc(n > 0 ? n : 1);
  if (n > 0) memcpy(b, s, n);
  return b;
}

/* A whole file, in a buffer of exactly its size (NULL if unreadable). */
static char *read_file (const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *b;
  long sz;
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = (char *)malloc(sz > 0 ? (size_t)sz : 1);
  *n = fread(b, 1, (size_t)sz, f);
  fclose(f);
  return b;
}

/* An uninitialised buffer of exactly n bytes. */
static char *blank (size_t n) {
  return (char *)malloc(n > 0 ? n : 1);
}

static void release (void *p) {
  free(p);
}

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/*
** Codes: w word, wa abbreviation, wc clitic; n integer, ng grouped, nd
** decimal, no ordinal, ny decade; p punctuation (other), p. p, p: p; p!
** p? p( p) p- (joining hyphen) p/; s symbol; c currency; q quote followed
** by o (open) c (close) s (single) t (typographic) g (guillemet); d dash
** followed by e (en) m (em) 2 (--) s (spaced) o (other); e ellipsis; u
** url; m email; x invalid.
** Flags: C cap, A all caps, T title, D digit, l lower, B space before,
** F space after, L line before, N non-ASCII, H hyphenated.
*/
typedef struct tcase {
  int line;
  const char *in;
  size_t n;
  const char *spec;
} tcase;

#define T(in, spec) { __LINE__, in, sizeof(in) - 1, spec }

#define SEG_FLAGS (LORE_TF_SENT_START | LORE_TF_SENT_END | \
                   LORE_TF_PARA_START | LORE_TF_PARA_END)

typedef struct want {
  int kind, sub;
  char text[128];
  int has_flags;
  unsigned flags;
} want;

static int parse_code (const char *c, size_t n, want *w) {
  char k = c[0];
  const char *rest = c + 1;
  size_t rn = n - 1;
  w->sub = 0;
  switch (k) {
    case 'w':
      w->kind = LORE_TK_WORD;
      if (rn == 0) return 1;
      if (rn == 1 && rest[0] == 'a') { w->sub = LORE_WS_ABBREV; return 1; }
      if (rn == 1 && rest[0] == 'c') { w->sub = LORE_WS_CLITIC; return 1; }
      return 0;
    case 'n':
      w->kind = LORE_TK_NUMBER;
      if (rn == 0) return 1;
      if (rn != 1) return 0;
      switch (rest[0]) {
        case 'g': w->sub = LORE_NS_GROUPED; return 1;
        case 'd': w->sub = LORE_NS_DECIMAL; return 1;
        case 'o': w->sub = LORE_NS_ORDINAL; return 1;
        case 'y': w->sub = LORE_NS_DECADE; return 1;
        default: return 0;
      }
    case 'p':
      w->kind = LORE_TK_PUNCT;
      if (rn == 0) { w->sub = LORE_PS_OTHER; return 1; }
      if (rn != 1) return 0;
      switch (rest[0]) {
        case '.': w->sub = LORE_PS_PERIOD; return 1;
        case ',': w->sub = LORE_PS_COMMA; return 1;
        case ':': w->sub = LORE_PS_COLON; return 1;
        case ';': w->sub = LORE_PS_SEMI; return 1;
        case '!': w->sub = LORE_PS_EXCL; return 1;
        case '?': w->sub = LORE_PS_QUEST; return 1;
        case '(': w->sub = LORE_PS_OPEN; return 1;
        case ')': w->sub = LORE_PS_CLOSE; return 1;
        case '-': w->sub = LORE_PS_HYPHEN; return 1;
        case '/': w->sub = LORE_PS_SLASH; return 1;
        default: return 0;
      }
    case 's': w->kind = LORE_TK_SYMBOL; return rn == 0;
    case 'c': w->kind = LORE_TK_CURRENCY; return rn == 0;
    case 'e': w->kind = LORE_TK_ELLIPSIS; return rn == 0;
    case 'u': w->kind = LORE_TK_URL; return rn == 0;
    case 'm': w->kind = LORE_TK_EMAIL; return rn == 0;
    case 'x': w->kind = LORE_TK_INVALID; return rn == 0;
    case 'q': {
      size_t j;
      w->kind = LORE_TK_QUOTE;
      for (j = 0; j < rn; j++) {
        switch (rest[j]) {
          case 'o': w->sub |= LORE_QS_OPEN; break;
          case 'c': w->sub |= LORE_QS_CLOSE; break;
          case 's': w->sub |= LORE_QS_SINGLE; break;
          case 't': w->sub |= LORE_QS_TYPO; break;
          case 'g': w->sub |= LORE_QS_GUILL; break;
          default: return 0;
        }
      }
      return 1;
    }
    case 'd':
      w->kind = LORE_TK_DASH;
      if (rn != 1) return 0;
      switch (rest[0]) {
        case 'e': w->sub = LORE_DS_EN; return 1;
        case 'm': w->sub = LORE_DS_EM; return 1;
        case '2': w->sub = LORE_DS_DOUBLE; return 1;
        case 's': w->sub = LORE_DS_SPACED; return 1;
        case 'o': w->sub = LORE_DS_OTHER; return 1;
        default: return 0;
      }
    default:
      return 0;
  }
}

static unsigned parse_flags (const char *f, size_t n) {
  unsigned x = 0;
  size_t j;
  for (j = 0; j < n; j++) {
    switch (f[j]) {
      case 'C': x |= LORE_TF_CAP; break;
      case 'A': x |= LORE_TF_ALLCAPS; break;
      case 'T': x |= LORE_TF_TITLE; break;
      case 'D': x |= LORE_TF_DIGIT; break;
      case 'l': x |= LORE_TF_LOWER; break;
      case 'B': x |= LORE_TF_SPACE_BEFORE; break;
      case 'F': x |= LORE_TF_SPACE_AFTER; break;
      case 'L': x |= LORE_TF_LINE_BEFORE; break;
      case 'N': x |= LORE_TF_NONASCII; break;
      case 'H': x |= LORE_TF_HYPHENATED; break;
      default: fail_msg("bad flag letter '%c'", f[j]);
    }
  }
  return x;
}

/* Parse the spec into w[]; returns the count. */
static size_t parse_spec (int line, const char *spec, want *w, size_t max) {
  size_t n = 0;
  const char *p = spec;
  while (*p) {
    const char *e = strchr(p, ' '), *eq, *bar;
    size_t len;
    if (e == NULL) e = p + strlen(p);
    len = (size_t)(e - p);
    if (len == 0) { p++; continue; }
    if (n == max) fail_msg("line %d: spec too long", line);
    eq = memchr(p, '=', len);
    if (eq == NULL || !parse_code(p, (size_t)(eq - p), w + n))
      fail_msg("line %d: bad spec item '%.*s'", line, (int)len, p);
    bar = memchr(eq + 2 <= e ? eq + 2 : e, '|', (size_t)(e - (eq + 2 <= e ? eq + 2 : e)));
    if (bar == NULL) bar = e;
    if ((size_t)(bar - eq - 1) >= sizeof(w[n].text))
      fail_msg("line %d: token text too long", line);
    memcpy(w[n].text, eq + 1, (size_t)(bar - eq - 1));
    w[n].text[bar - eq - 1] = '\0';
    w[n].has_flags = bar < e;
    w[n].flags = bar < e ? parse_flags(bar + 1, (size_t)(e - bar - 1)) : 0;
    n++;
    p = e;
  }
  return n;
}

/* Characters allowed between tokens. */
static int skippable (int32_t cp) {
  lore_cclass cc = lore_utf8_class(cp);
  return cc == LORE_CC_SPACE || cc == LORE_CC_NEWLINE || cp == 0xFEFF ||
         cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
         cp == 0xAD || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E);
}

static void check_gap (int line, const char *s, size_t a, size_t b) {
  while (a < b) {
    int32_t cp;
    size_t l = lore_utf8_decode((const unsigned char *)s + a, b - a, &cp);
    if (!skippable(cp))
      fail_msg("line %d: byte %zu (0x%02X) is in no token", line, a,
               (unsigned)(unsigned char)s[a]);
    a += l;
  }
}

static void dump (const char *s, const lore_tokens *t) {
  size_t k;
  for (k = 0; k < t->n; k++)
    print_message("  %zu: %u-%u %s/%u flags %04x [%.*s]\n", k, t->v[k].start,
                  t->v[k].end, lore_tok_kind_name(t->v[k].kind), t->v[k].sub,
                  t->v[k].flags, (int)(t->v[k].end - t->v[k].start),
                  s + t->v[k].start);
}

/* Tokenize c->in (exact buffer and padded) and compare with the spec. */
static void run_case (const tcase *c) {
  want w[96];
  size_t nw = parse_spec(c->line, c->spec, w, 96), k, prev = 0, ninv = 0;
  char *b = exact(c->in, c->n), *pad = blank(c->n + 160);
  lore_tokens t = { 0 }, tp = { 0 };
  memcpy(pad, c->in, c->n);
  memset(pad + c->n, ' ', 160);
  assert_int_equal(lore_tokenize(b, c->n, &t), LORE_OK);
  if (t.n != nw) {
    dump(b, &t);
    fail_msg("line %d: %zu tokens, want %zu", c->line, t.n, nw);
  }
  for (k = 0; k < nw; k++) {
    const lore_token *x = t.v + k;
    size_t tl = strlen(w[k].text);
    if (x->start < prev || x->end <= x->start || x->end > c->n) {
      dump(b, &t);
      fail_msg("line %d: token %zu has bad offsets %u-%u", c->line, k, x->start, x->end);
    }
    check_gap(c->line, b, prev, x->start);
    if (x->end - x->start != tl || memcmp(b + x->start, w[k].text, tl) != 0 ||
        x->kind != w[k].kind || x->sub != w[k].sub) {
      dump(b, &t);
      fail_msg("line %d: token %zu is %s/%u [%.*s], want %s/%d [%s]", c->line, k,
               lore_tok_kind_name(x->kind), x->sub, (int)(x->end - x->start),
               b + x->start, lore_tok_kind_name(w[k].kind), w[k].sub, w[k].text);
    }
    if (w[k].has_flags && (x->flags & ~SEG_FLAGS) != w[k].flags) {
      dump(b, &t);
      fail_msg("line %d: token %zu [%s] has flags %04x, want %04x", c->line, k,
               w[k].text, x->flags, w[k].flags);
    }
    if ((x->flags & SEG_FLAGS) != 0)
      fail_msg("line %d: segmentation flags set by the tokenizer", c->line);
    if (x->kind == LORE_TK_INVALID) ninv++;
    prev = x->end;
  }
  check_gap(c->line, b, prev, c->n);
  assert_int_equal(t.ninvalid, ninv);
  /* the same with white space after it */
  assert_int_equal(lore_tokenize(pad, c->n + 160, &tp), LORE_OK);
  if (tp.n != t.n || (t.n > 0 && memcmp(tp.v, t.v, t.n * sizeof(lore_token)) != 0)) {
    print_message("exact buffer:\n");
    dump(b, &t);
    print_message("padded buffer:\n");
    dump(pad, &tp);
    fail_msg("line %d: padded input tokenizes differently", c->line);
  }
  assert_int_equal(tp.ninvalid, t.ninvalid);
  lore_tokens_free(&t);
  lore_tokens_free(&tp);
  release(b);
  release(pad);
}

#define RUN(cases) do {                                              \
    size_t k_;                                                       \
    for (k_ = 0; k_ < sizeof(cases) / sizeof(cases[0]); k_++)        \
      run_case(&cases[k_]);                                          \
  } while (0)

/* {====================================================================
** Words, clitics, abbreviations
** ===================================================================== */

static void test_tok_possessive (void **state) {
  static const tcase C[] = {
    T("Russia's Putin", "w=Russia|CTBL wc='s|F w=Putin|CTBF"),
    T("Russia’s Putin", "w=Russia wc=’s|NF w=Putin"),
    T("Xi's", "w=Xi wc='s"),
    T("CCTV's report", "w=CCTV|CABL wc='s w=report"),
    T("one's own", "w=one wc='s w=own"),
    T("the 1990's", "w=the n=1990 wc='s"),
    T("IT'S", "w=IT wc='S"),
    T("Beijing’s Great Hall", "w=Beijing wc=’s w=Great w=Hall"),
    T("Moscow's.", "w=Moscow wc='s p.=."),
  };
  (void)state;
  RUN(C);
}

static void test_tok_contractions (void **state) {
  static const tcase C[] = {
    T("don't", "w=do|lBL wc=n't|lF"),
    T("we're", "w=we wc='re"),
    T("I'm", "w=I|CTBL wc='m|F"),
    T("they've", "w=they wc='ve"),
    T("he'll", "w=he wc='ll"),
    T("she'd", "w=she wc='d"),
    T("can't", "w=ca wc=n't"),
    T("won't", "w=wo wc=n't"),
    T("haven't", "w=have wc=n't"),
    T("Don’t", "w=Do wc=n’t|lNF"),
    T("I'd've", "w=I wc='d wc='ve"),
    T("DON'T", "w=DO wc=N'T|CAF"),
    T("WE'RE", "w=WE wc='RE|AF"),
    T("it's, he's", "w=it wc='s p,=, w=he wc='s"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_inner_apostrophe (void **state) {
  static const tcase C[] = {
    T("O'Brien", "w=O'Brien|CBLF"),
    T("rock'n'roll", "w=rock'n'roll"),
    T("Xi'an", "w=Xi'an"),
    T("y'all", "w=y'all"),
    T("o'clock", "w=o'clock"),
    T("d’Estaing", "w=d’Estaing|lNBLF"),
    T("Qur'an.", "w=Qur'an p.=."),
  };
  (void)state;
  RUN(C);
}

static void test_tok_plural_possessive (void **state) {
  static const tcase C[] = {
    T("leaders' summit", "w=leaders qocs='|F w=summit"),
    T("nations’ ties", "w=nations qocst=’ w=ties"),
    T("the Joneses'", "w=the w=Joneses qocs='"),
    T("others' development", "w=others qocs=' w=development"),
    T("'Oppose unilateral sanctions'",
      "qos=' w=Oppose w=unilateral w=sanctions qocs='"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_abbreviations (void **state) {
  static const tcase C[] = {
    T("U.S. and U.N.", "wa=U.S.|CABLF w=and wa=U.N.|CABF"),
    T("Mr. Xi met Gen. Li", "wa=Mr.|CTBLF w=Xi w=met wa=Gen. w=Li"),
    T("on Jan. 5", "w=on wa=Jan. n=5"),
    T("Sept. 11 and Dr. No", "wa=Sept. n=11 w=and wa=Dr. w=No"),
    T("e.g. this, i.e. that", "wa=e.g.|lBLF w=this p,=, wa=i.e. w=that"),
    T("at 5 p.m. today", "w=at n=5 wa=p.m. w=today"),
    T("St. Petersburg", "wa=St. w=Petersburg"),
    T("No. 1 and No. 10", "wa=No. n=1 w=and wa=No. n=10"),
    T("said No. Then", "w=said w=No p.=. w=Then"),
    T("Apple Inc. and Co.", "w=Apple wa=Inc. w=and wa=Co."),
    T("etc. and vs. and et al.", "wa=etc. w=and wa=vs. w=and w=et wa=al."),
    T("George W. Bush", "w=George wa=W.|CTBF w=Bush"),
    T("plan b. Next", "w=plan w=b p.=. w=Next"),
    T("in the U.S.", "w=in w=the wa=U.S.|CABF"),
    T("the U.S.A. team", "w=the wa=U.S.A. w=team"),
    T("U.S.-China", "wa=U.S.|CABLH p-=- w=China|CTFH"),
    T("the U.S...", "w=the wa=U.S. p.=. p.=."),
    T("A... B", "w=A e=... w=B"),
    T("etc...", "w=etc e=..."),
    T("word. Next", "w=word p.=. w=Next"),
    T("Putin.", "w=Putin p.=.|F"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_nonlatin (void **state) {
  static const tcase C[] = {
    T("António Zürich", "w=António|CTNBLF w=Zürich|CTNBF"),
    T("Пекин и Москва", "w=Пекин|CTNBLF w=и|lNBF w=Москва"),
    T("北京 上海", "w=北京|NBLF w=上海"),
    T("北京Beijing", "w=北京Beijing|NBLF"),
    T("naïve café", "w=naïve|lNBLF w=café"),
    T("Zu\xCC\x88rich", "w=Zu\xCC\x88rich|CTNBLF"),
    T("\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "w=السلام"),
    T("Αθήνα ΑΘΗΝΑ", "w=Αθήνα|CTNBLF w=ΑΘΗΝΑ|CANBF"),
    T("हिन्दी", "w=हिन्दी"),
    T("ÉCOLE", "w=ÉCOLE|CANBLF"),
    T("infor\xC2\xADmation", "w=infor\xC2\xADmation"),
    T("Zür\xC3\xBC" "ich's", "w=Zürüich wc='s"),
    T("Xi’an", "w=Xi’an"),
    T("\xCC\x81" "abc", "w=\xCC\x81" "abc"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_case_flags (void **state) {
  static const tcase C[] = {
    T("Putin NATO nato iPhone McDonald", "w=Putin|CTBLF w=NATO|CABF w=nato|lBF "
      "w=iPhone|lBF w=McDonald|CBF"),
    T("I A a", "w=I|CTBLF w=A|CTBF w=a|lBF"),
    T("G20 COVID19 mp3 B52s", "w=G20|CTDBLF w=COVID19|CADBF w=mp3|lDBF w=B52s|CTDBF"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Numbers, currency, percent
** ===================================================================== */

static void test_tok_numbers (void **state) {
  static const tcase C[] = {
    T("killing 1,400 people", "w=killing ng=1,400|DBF w=people"),
    T("3.5 and 2,000.50", "nd=3.5|DBLF w=and nd=2,000.50|DBF"),
    T("42", "n=42|DBLF"),
    T("1,2,3", "n=1 p,=, n=2 p,=, n=3"),
    T("in 2023.", "w=in n=2023|DB p.=.|F"),
    T("1,234,567.89", "nd=1,234,567.89"),
    T("12345,678", "n=12345 p,=, n=678"),
    T("1,4000", "n=1 p,=, n=4000"),
    T("1,23", "n=1 p,=, n=23"),
    T("0.5%", "nd=0.5 s=%"),
    T("1.2.3", "nd=1.2 p.=. n=3"),
    T("1.4bn", "nd=1.4 w=bn"),
    T("5G", "n=5 w=G"),
    T("-5", "p=- n=5"),
    T("10:30", "n=10 p:=: n=30"),
    T("1990s and 90s", "ny=1990s|DBLF w=and ny=90s"),
    T("1995s", "n=1995 w=s"),
    T("٣٤", "n=٣٤|DNBLF"),
    T("$3.5bn.", "c=$ nd=3.5 w=bn p.=."),
  };
  (void)state;
  RUN(C);
}

static void test_tok_ordinals (void **state) {
  static const tcase C[] = {
    T("10th anniversary", "no=10th|DBLF w=anniversary"),
    T("1st 2nd 3rd 4th", "no=1st no=2nd no=3rd no=4th"),
    T("11th 12th 13th", "no=11th no=12th no=13th"),
    T("21st 22nd 23rd 101st 111th", "no=21st no=22nd no=23rd no=101st no=111th"),
    T("2th 1nd", "n=2 w=th n=1 w=nd"),
    T("1ST,", "no=1ST p,=,"),
    T("5ths", "n=5 w=ths"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_currency (void **state) {
  static const tcase C[] = {
    T("a record $190 billion", "w=a w=record c=$|B n=190|DF w=billion"),
    T("€3.5 £10 ¥100 ₽50 ₹9", "c=€|NBL nd=3.5 c=£ n=10 c=¥ n=100 c=₽ n=50 c=₹ n=9"),
    T("US$190", "c=US$|CABL n=190|DF"),
    T("HK$1 A$2 C$3 S$4 NZ$5 R$6", "c=HK$ n=1 c=A$ n=2 c=C$ n=3 c=S$ n=4 c=NZ$ n=5 c=R$ n=6"),
    T("USD$5", "w=USD c=$ n=5"),
    T("us$5", "w=us c=$ n=5"),
    T("5 $", "n=5 c=$"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_percent (void **state) {
  static const tcase C[] = {
    T("50%", "n=50|DBL s=%|F"),
    T("3.5 % of", "nd=3.5 s=%|BF w=of"),
    T("5‰", "n=5 s=‰|NF"),
    T("a+b=c & d#e*f", "w=a s=+ w=b s== w=c s=& w=d s=# w=e s=* w=f"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Hyphens, dashes, ellipses
** ===================================================================== */

static void test_tok_hyphens (void **state) {
  static const tcase C[] = {
    T("debt-trap diplomacy", "w=debt|lBLH p-=-| w=trap|lFH w=diplomacy"),
    T("one-on-one", "w=one|lBLH p-=- w=on|lH p-=- w=one|lFH"),
    T("the Israel-Gaza conflict", "w=the w=Israel|CTBH p-=- w=Gaza|CTFH w=conflict"),
    T("two-day", "w=two p-=- w=day"),
    T("10-20", "n=10|DBLH p-=- n=20|DFH"),
    T("COVID-19", "w=COVID|CABLH p-=- n=19|DFH"),
    T("Hamas-run, re-election", "w=Hamas p-=- w=run p,=, w=re p-=- w=election"),
    T("Xi-Putin's", "w=Xi p-=- w=Putin wc='s"),
    T("pre- and post-war", "w=pre p=- w=and w=post p-=- w=war"),
    T("Finance -EverVision", "w=Finance p=-|B w=EverVision"),
    T("x‑y", "w=x|lBLH p-=‑|N w=y|lFH"),
    T("x‐y", "w=x p-=‐ w=y"),
    T("2025-04-15", "n=2025 p-=- n=04 p-=- n=15"),
    T("Zürich-based", "w=Zürich|CTNBLH p-=- w=based|lFH"),
    T("a-", "w=a p=-"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_dashes (void **state) {
  static const tcase C[] = {
    T("Qiang — China’s number two official — who",
      "w=Qiang dm=—|NBF w=China wc=’s w=number w=two w=official dm=— w=who"),
    T("1990–2000", "n=1990 de=– n=2000"),
    T("a – b", "w=a de=– w=b"),
    T("HONG KONG -- While", "w=HONG w=KONG d2=--|BF w=While"),
    T("A--hole", "w=A d2=-- w=hole"),
    T("a --- b", "w=a d2=--- w=b"),
    T("a - b", "w=a ds=-|BF w=b"),
    T("- Putin", "ds=-|BLF w=Putin"),
    T("a ― b", "w=a do=― w=b"),
    T("−5", "do=−|NBL n=5"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_ellipsis (void **state) {
  static const tcase C[] = {
    T("a terrible event... I", "w=a w=terrible w=event e=...|F w=I"),
    T("work to… uphold", "w=work w=to e=…|NF w=uphold"),
    T("wait....", "w=wait e=...."),
    T("a..b", "w=a p.=. p.=. w=b"),
    T("... and", "e=...|BLF w=and"),
    T("States... is", "w=States e=... w=is"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** White space, line ends, BOM
** ===================================================================== */

static void test_tok_unicode_spaces (void **state) {
  static const tcase C[] = {
    T("a\xC2\xA0" "b", "w=a|lBLF w=b|lBF"),             /* no-break space */
    T("a\xE2\x80\x89" "b", "w=a|lBLF w=b|lBF"),         /* thin space */
    T("10\xE2\x80\xAF" "000", "n=10 n=000"),            /* narrow no-break */
    T("a\xE3\x80\x80" "b", "w=a w=b|lBF"),              /* ideographic */
    T("a\xE2\x80\x83" "b\t c", "w=a w=b w=c"),          /* em space, TAB */
    T("a\xE2\x80\x8B" "b", "w=a|lBLF w=b|lBF"),         /* zero width space */
    T("  a  ", "w=a|lBLF"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_line_ends (void **state) {
  static const tcase C[] = {
    T("a\r\nb", "w=a|lBLF w=b|lBLF"),
    T("a\rb", "w=a|lBLF w=b|lBLF"),
    T("a\nb", "w=a|lBLF w=b|lBLF"),
    T("a\n\n\nb", "w=a w=b|lBLF"),
    T("a\r\n\r\nb c", "w=a w=b|lBLF w=c|lBF"),
    T("a\xE2\x80\xA8" "b", "w=a w=b|lBLF"),             /* line separator */
    T("a\xE2\x80\xA9" "b", "w=a w=b|lBLF"),             /* paragraph separator */
    T("a\xC2\x85" "b", "w=a w=b|lBLF"),                 /* NEL */
    T("a\vb\fc", "w=a w=b|lBLF w=c|lBLF"),
    T("a \n b", "w=a|lBLF w=b|lBLF"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_bom (void **state) {
  static const tcase C[] = {
    T("\xEF\xBB\xBFHello world", "w=Hello|CTBLF w=world"),
    T("\xEF\xBB\xBF", ""),
    T("a\xEF\xBB\xBF" "b", "w=a|lBL w=b|lF"),           /* U+FEFF inside: ignored */
    T("\xEF\xBB\xBF\xEF\xBB\xBFx", "w=x|lBLF"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** URLs and e-mail addresses
** ===================================================================== */

static void test_tok_urls (void **state) {
  static const tcase C[] = {
    T("see https://www.bbc.com/news/world-123.", "w=see u=https://www.bbc.com/news/world-123|lBD p.=.|F"),
    T("http://x.org/a_(b)", "u=http://x.org/a_(b)"),
    T("(http://x.org/a)", "p(=( u=http://x.org/a p)=)"),
    T("www.example.com/path?q=1&r=2, then", "u=www.example.com/path?q=1&r=2 p,=, w=then"),
    T("HTTPS://X.ORG/Q", "u=HTTPS://X.ORG/Q|CABLF"),
    T("ftp://f.org/x", "u=ftp://f.org/x"),
    T("\"http://a.b/c\"", "qo=\" u=http://a.b/c qc=\""),
    T("http://a.b/ünï", "u=http://a.b/ünï|lNBLF"),
    T("http: no", "w=http p:=: w=no"),
    T("www. no", "w=www p.=. w=no"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_emails (void **state) {
  static const tcase C[] = {
    T("mail john.doe@example.org.", "w=mail m=john.doe@example.org|lB p.=.|F"),
    T("<a_b+c@x.co.uk>", "s=< m=a_b+c@x.co.uk|l s=>"),
    T("Press@Agency.COM", "m=Press@Agency.COM|CBLF"),
    T("first-last@x.io", "m=first-last@x.io"),
    T("@user", "s=@ w=user"),
    T("a@b", "w=a s=@ w=b"),
    T("x@y.c", "w=x s=@ w=y p.=. w=c"),
    T("x@y.c9", "w=x s=@ w=y p.=. w=c9"),
    T("Zürich@x.org", "w=Zürich s=@ w=x p.=. w=org"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Quotes
** ===================================================================== */

static void test_tok_quotes_straight (void **state) {
  static const tcase C[] = {
    T("\"Hi,\" he said", "qo=\"|BL w=Hi p,=, qc=\"|F w=he w=said"),
    T("his \"old friend\" Xi", "w=his qo=\"|B w=old w=friend qc=\"|F w=Xi"),
    T("'strengthen' ties", "qos='|BL w=strengthen qcs='|F w=ties"),
    T("a \" b", "w=a qoc=\" w=b"),
    T("a\"b", "w=a qoc=\" w=b"),
    T("(\"a\")", "p(=( qo=\" w=a qc=\" p)=)"),
    T("\"'Hi'\"", "qo=\" qos=' w=Hi qcs=' qc=\""),
    T("\"deepening\", according", "qo=\" w=deepening qc=\" p,=, w=according"),
    T("\"end.\" He", "qo=\" w=end p.=. qc=\"|F w=He"),
    T("said \"", "w=said qoc=\""),
    T("x\" y", "w=x qc=\" w=y"),
    T("--\"a\"", "d2=-- qo=\" w=a qc=\""),
    T("\"\"", "qo=\" qc=\""),
    T("\xEF\xBC\x82" "a\xEF\xBC\x82", "qo=＂|NBL w=a qc=＂"),
    T("\xEF\xBC\x87" "a\xEF\xBC\x87", "qos=＇ w=a qcs=＇"),
    T("`x'", "qos=` w=x qcs='"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_quotes_typo (void **state) {
  static const tcase C[] = {
    T("“old friend”", "qot=“|NBL w=old w=friend qct=”|NF"),
    T("‘strengthen’ ties", "qost=‘ w=strengthen qcst=’ w=ties"),
    T("„Guten Tag“", "qot=„ w=Guten w=Tag qot=“"),
    T("«Bonjour»", "qog=« w=Bonjour qcg=»"),
    T("‹a› ‚b‛ ‟c", "qosg=‹ w=a qcsg=› qost=‚ w=b qost=‛ qot=‟ w=c"),
    T("“Yes,” he", "qot=“ w=Yes p,=, qct=” w=he"),
    T("’90s", "qcst=’ ny=90s"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_apostrophe_vs_quote (void **state) {
  static const tcase C[] = {
    T("Xi's 'strengthen'", "w=Xi wc='s qos=' w=strengthen qcs='"),
    T("Russia's Putin says world conflicts 'strengthen' ties with China",
      "w=Russia wc='s w=Putin w=says w=world w=conflicts qos=' w=strengthen "
      "qcs=' w=ties w=with w=China"),
    T("a private one-one-one 'over a cup of tea' where",
      "w=a w=private w=one p-=- w=one p-=- w=one qos=' w=over w=a w=cup w=of "
      "w=tea qcs=' w=where"),
    T("'s", "qos=' w=s"),
    T("rock 'n' roll", "w=rock qos=' w=n qcs=' w=roll"),
    T("Wednesday’s talks", "w=Wednesday wc=’s w=talks"),
    T("the ‘old’", "w=the qost=‘ w=old qcst=’"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Punctuation and flags
** ===================================================================== */

static void test_tok_punct (void **state) {
  static const tcase C[] = {
    T("a, b; c: d! e? (f) [g] {h} i/j k\\l m_n",
      "w=a p,=, w=b p;=; w=c p:=: w=d p!=! w=e p?=? p(=( w=f p)=) p(=[ w=g p)=] "
      "p(={ w=h p)=} w=i p/=/ w=j w=k p=\\ w=l w=m p=_ w=n"),
    T("?!", "p?=? p!=!"),
    T("北京。上海，", "w=北京 p.=。 w=上海 p,=，"),
    T("（注）", "p(=（ w=注 p)=）"),
    T("¿Qué?", "p=¿ w=Qué p?=?"),
    T("©2023 ° ☺ 😀", "s=© n=2023 s=° s=☺ s=😀"),
    T("x\xEE\x80\x80y", "w=x s=\xEE\x80\x80 w=y"),               /* private use */
    T("☺\xEF\xB8\x8F!", "s=☺\xEF\xB8\x8F p!=!"),                /* with VS16 */
  };
  (void)state;
  RUN(C);
}

static void test_tok_space_flags (void **state) {
  static const tcase C[] = {
    T("a b,c  d", "w=a|lBLF w=b|lB p,=,| w=c|lF w=d|lBF"),
    T("(a)", "p(=(|BL w=a|l p)=)|F"),
    T("x\n y\n\nz", "w=x|lBLF w=y|lBLF w=z|lBLF"),
  };
  (void)state;
  RUN(C);
}

/* }==================================================================== */

/* {====================================================================
** Invalid input
** ===================================================================== */

static void test_tok_invalid_overlong (void **state) {
  static const tcase C[] = {
    T("a\xC0\x80" "b", "w=a|lBL x=\xC0\x80|N w=b|lF"),
    T("\xE0\x80\x80", "x=\xE0\x80\x80|NBLF"),
    T("x \xF0\x80\x80\x80 y", "w=x x=\xF0\x80\x80\x80 w=y"),
    T("\xC1\xBF" "ok", "x=\xC1\xBF w=ok"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_invalid_surrogate (void **state) {
  static const tcase C[] = {
    T("a\xED\xA0\x80" "b", "w=a x=\xED\xA0\x80 w=b"),
    T("\xED\xA0\xBD\xED\xB8\x80", "x=\xED\xA0\xBD\xED\xB8\x80"),   /* CESU pair */
    T("\xF4\x90\x80\x80!", "x=\xF4\x90\x80\x80 p!=!"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_invalid_truncated (void **state) {
  static const tcase C[] = {
    T("abc\xE2\x82", "w=abc x=\xE2\x82"),
    T("abc\xE2", "w=abc x=\xE2"),
    T("a\xE2\x82 b", "w=a x=\xE2\x82|NF w=b"),
    T("\xF0\x9F\x98", "x=\xF0\x9F\x98"),
    T("Z\xC3\xBCr\xC3", "w=Z\xC3\xBCr x=\xC3"),
    T("\xE2\x80" "\xE2\x80\x9C" "a", "x=\xE2\x80 qot=“ w=a"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_invalid_continuation (void **state) {
  static const tcase C[] = {
    T("\x80\x80" "abc", "x=\x80\x80 w=abc"),
    T("a\xBF" "b\x80", "w=a x=\xBF w=b x=\x80"),
    T("Zür\xA9" "ich", "w=Zür x=\xA9 w=ich"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_invalid_ff (void **state) {
  static const tcase C[] = {
    T("a\xFF" "b", "w=a x=\xFF w=b"),
    T("\xFF\xFE\xFD", "x=\xFF\xFE\xFD"),
    T("\xFF \xFF", "x=\xFF|NBLF x=\xFF|NBF"),
    T("\xF5\xF8\xFC", "x=\xF5\xF8\xFC"),
  };
  (void)state;
  RUN(C);
}

static void test_tok_invalid_controls (void **state) {
  static const tcase C[] = {
    T("a\x01\x02" "b", "w=a x=\x01\x02 w=b"),
    T("a\x7F" "b", "w=a x=\x7F w=b"),
    T("a\x1B[0m", "w=a x=\x1B p(=[ n=0 w=m"),
    T("a\xC2\x80\xC2\x9F" "b", "w=a x=\xC2\x80\xC2\x9F|N w=b"),   /* C1 controls */
    T("\xFF\x01\xC0\x1F", "x=\xFF\x01\xC0\x1F"),                   /* one run */
    T("a\x01 \x02" "b", "w=a x=\x01|F x=\x02|B w=b"),
  };
  (void)state;
  RUN(C);
}

/* NUL bytes cannot sit in a spec string: checked by hand. */
static void test_tok_invalid_nul (void **state) {
  static const char in[] = "a\0b \0\0 c";
  char *b = exact(in, sizeof(in) - 1);
  lore_tokens t = { 0 };
  (void)state;
  assert_int_equal(lore_tokenize(b, sizeof(in) - 1, &t), LORE_OK);
  assert_int_equal(t.n, 5);
  assert_int_equal(t.ninvalid, 2);
  assert_int_equal(t.v[0].kind, LORE_TK_WORD);
  assert_int_equal(t.v[1].kind, LORE_TK_INVALID);
  assert_int_equal(t.v[1].start, 1);
  assert_int_equal(t.v[1].end, 2);
  assert_int_equal(t.v[2].kind, LORE_TK_WORD);
  assert_int_equal(t.v[2].start, 2);
  assert_int_equal(t.v[3].kind, LORE_TK_INVALID);
  assert_int_equal(t.v[3].start, 4);
  assert_int_equal(t.v[3].end, 6);
  assert_int_equal(t.v[4].start, 7);
  assert_int_equal(t.v[4].end, 8);
  lore_tokens_free(&t);
  release(b);
}

/* Random bytes: never a crash, offsets in order, every byte outside the
** tokens skippable, INVALID tokens counted. */
static void test_tok_invalid_random (void **state) {
  uint64_t seed = 0x2545F4914F6CDD1DULL;
  int round;
  (void)state;
  for (round = 0; round < 3000; round++) {
    size_t n = (size_t)(round % 300), k, prev = 0, ninv = 0;
    char *b = blank(n);
    lore_tokens t = { 0 };
    for (k = 0; k < n; k++) {
      seed ^= seed >> 12; seed ^= seed << 25; seed ^= seed >> 27;
      /* mostly bytes that matter: high bytes, controls, punctuation */
      if (round % 3 == 0)
        b[k] = (char)((seed * 2685821657736338717ULL) >> 56);
      else
        b[k] = "a .'\"-\xC3\xA9\xE2\x80\x99\xFF\x80\x01\n$@,9A"[(seed >> 33) % 20];
    }
    assert_int_equal(lore_tokenize(b, n, &t), LORE_OK);
    for (k = 0; k < t.n; k++) {
      assert_true(t.v[k].start >= prev);
      assert_true(t.v[k].end > t.v[k].start);
      assert_true(t.v[k].end <= n);
      assert_true(t.v[k].kind >= LORE_TK_WORD && t.v[k].kind < LORE_TK__COUNT);
      check_gap(__LINE__, b, prev, t.v[k].start);
      if (t.v[k].kind == LORE_TK_INVALID) ninv++;
      prev = t.v[k].end;
    }
    check_gap(__LINE__, b, prev, n);
    assert_int_equal(t.ninvalid, ninv);
    lore_tokens_free(&t);
    release(b);
  }
}

/* }==================================================================== */

/* {====================================================================
** The array
** ===================================================================== */

static void test_tok_empty (void **state) {
  lore_tokens t = { 0 };
  char *b = exact("   \n\t ", 6);
  (void)state;
  assert_int_equal(lore_tokenize(NULL, 0, &t), LORE_OK);
  assert_int_equal(t.n, 0);
  assert_int_equal(lore_tokenize(b, 6, &t), LORE_OK);
  assert_int_equal(t.n, 0);
  assert_int_equal(t.ninvalid, 0);
  lore_tokens_free(&t);
  lore_tokens_free(NULL);
  release(b);
}

static void test_tok_erange (void **state) {
  lore_tokens t = { 0 };
  char b[4] = "abc";
  (void)state;
  if (sizeof(size_t) > 4) {
    /* the length is checked before anything is read */
    assert_int_equal(lore_tokenize(b, (size_t)UINT32_MAX + 1, &t), LORE_ERANGE);
    assert_int_equal(t.n, 0);
  }
  lore_tokens_free(&t);
}

static void test_tok_append (void **state) {
  lore_tokens t = { 0 };
  char *a = exact("one two\x01", 8), *b = exact("three", 5);
  (void)state;
  assert_int_equal(lore_tokenize(a, 8, &t), LORE_OK);
  assert_int_equal(t.n, 3);
  assert_int_equal(lore_tokenize(b, 5, &t), LORE_OK);
  assert_int_equal(t.n, 4);
  assert_int_equal(t.ninvalid, 1);
  assert_int_equal(t.v[2].kind, LORE_TK_INVALID);
  assert_int_equal(t.v[3].start, 0);      /* relative to its own text */
  assert_int_equal(t.v[3].end, 5);
  assert_int_equal(t.v[3].flags, LORE_TF_LOWER | LORE_TF_SPACE_BEFORE |
                   LORE_TF_SPACE_AFTER | LORE_TF_LINE_BEFORE);
  assert_true(t.cap >= t.n);
  lore_tokens_free(&t);
  assert_null(t.v);
  assert_int_equal(t.n, 0);
  release(a);
  release(b);
}

/* Growth from an array that is exactly full, over a long text. */
static void test_tok_growth (void **state) {
  static const char unit[] = "The \"U.S.\" said 1,400 don't-stop Zürich’s... ";
  size_t nu = sizeof(unit) - 1, reps = 3000, k, per;
  char *b = blank(nu * reps);
  lore_tokens t = { 0 }, one = { 0 };
  (void)state;
  for (k = 0; k < reps; k++) memcpy(b + k * nu, unit, nu);
  assert_int_equal(lore_tokenize(b, nu, &one), LORE_OK);
  per = one.n;
  t.v = (lore_token *)test_malloc(sizeof(lore_token));
  t.cap = 1;
  assert_int_equal(lore_tokenize("x", 1, &t), LORE_OK);
  assert_int_equal(t.n, 1);
  assert_int_equal(lore_tokenize(b, nu * reps, &t), LORE_OK);
  assert_int_equal(t.n, 1 + per * reps);
  assert_true(t.cap >= t.n);
  for (k = 0; k < reps; k++) {
    size_t j;
    for (j = 0; j < per; j++) {
      const lore_token *x = t.v + 1 + k * per + j, *y = one.v + j;
      assert_int_equal(x->start, y->start + k * nu);
      assert_int_equal(x->end, y->end + k * nu);
      assert_int_equal(x->kind, y->kind);
      assert_int_equal(x->sub, y->sub);
      if (j > 0 || k == 0) assert_int_equal(x->flags, y->flags);
    }
  }
  lore_tokens_free(&t);
  lore_tokens_free(&one);
  release(b);
}

static void test_tok_kind_name (void **state) {
  (void)state;
  assert_string_equal(lore_tok_kind_name(LORE_TK_WORD), "word");
  assert_string_equal(lore_tok_kind_name(LORE_TK_NUMBER), "number");
  assert_string_equal(lore_tok_kind_name(LORE_TK_PUNCT), "punct");
  assert_string_equal(lore_tok_kind_name(LORE_TK_SYMBOL), "symbol");
  assert_string_equal(lore_tok_kind_name(LORE_TK_CURRENCY), "currency");
  assert_string_equal(lore_tok_kind_name(LORE_TK_QUOTE), "quote");
  assert_string_equal(lore_tok_kind_name(LORE_TK_DASH), "dash");
  assert_string_equal(lore_tok_kind_name(LORE_TK_ELLIPSIS), "ellipsis");
  assert_string_equal(lore_tok_kind_name(LORE_TK_URL), "url");
  assert_string_equal(lore_tok_kind_name(LORE_TK_EMAIL), "email");
  assert_string_equal(lore_tok_kind_name(LORE_TK_INVALID), "invalid");
  assert_string_equal(lore_tok_kind_name(0), "?");
  assert_string_equal(lore_tok_kind_name(-1), "?");
  assert_string_equal(lore_tok_kind_name(LORE_TK__COUNT), "?");
}

/* }==================================================================== */

/* {====================================================================
** The sample corpus
** ===================================================================== */

static const char *const CORPUS[] = {
  "corpus/000_a7dc20db6077fbda.txt", "corpus/001_d453ebd82be5d424.txt",
  "corpus/002_5f0d9263cf5a718c.txt", "corpus/003_66b3fbca82e43ea4.txt",
  "corpus/004_2e37a21424fc0a69.txt"
};

/* Index of the first token with text w at or after token k, or n. */
static size_t find_tok (const char *s, const lore_tokens *t, size_t k,
                        const char *w) {
  size_t l = strlen(w);
  for (; k < t->n; k++)
    if (t->v[k].end - t->v[k].start == l && memcmp(s + t->v[k].start, w, l) == 0)
      return k;
  return t->n;
}

/*
** Each line of the corpus tokenized on its own (short lines entirely by
** the scalar path) gives the same tokens as the whole file (mostly the
** fast path), and spot checks on real lines.
*/
static void test_tok_corpus (void **state) {
  size_t f;
  (void)state;
  for (f = 0; f < sizeof(CORPUS) / sizeof(CORPUS[0]); f++) {
    size_t n = 0, k = 0, pos = 0;
    char *s = read_file(CORPUS[f], &n);
    lore_tokens all = { 0 };
    if (s == NULL) fail_msg("cannot read %s (run from the top directory)", CORPUS[f]);
    assert_int_equal(lore_tokenize(s, n, &all), LORE_OK);
    assert_int_equal(all.ninvalid, 0);
    while (pos < n) {
      size_t e = pos, j;
      lore_tokens line = { 0 };
      char *b;
      while (e < n && s[e] != '\n') e++;
      b = exact(s + pos, e - pos);
      assert_int_equal(lore_tokenize(b, e - pos, &line), LORE_OK);
      for (j = 0; j < line.n; j++, k++) {
        assert_true(k < all.n);
        assert_int_equal(all.v[k].start, line.v[j].start + pos);
        assert_int_equal(all.v[k].end, line.v[j].end + pos);
        assert_int_equal(all.v[k].kind, line.v[j].kind);
        assert_int_equal(all.v[k].sub, line.v[j].sub);
        assert_int_equal(all.v[k].flags, line.v[j].flags);
      }
      lore_tokens_free(&line);
      release(b);
      pos = e + 1;
    }
    assert_int_equal(k, all.n);
    if (f == 0) {
      /* "the Israel-Gaza conflict" exposes both names */
      k = find_tok(s, &all, 0, "Israel");
      assert_true(k + 2 < all.n);
      assert_int_equal(all.v[k + 1].sub, LORE_PS_HYPHEN);
      assert_int_equal(all.v[k + 2].end - all.v[k + 2].start, 4);
      assert_memory_equal(s + all.v[k + 2].start, "Gaza", 4);
      assert_true(all.v[k].flags & LORE_TF_HYPHENATED);
      k = find_tok(s, &all, 0, "1,400");
      assert_true(k < all.n);
      assert_int_equal(all.v[k].sub, LORE_NS_GROUPED);
      k = find_tok(s, &all, 0, "nations");
      assert_int_equal(all.v[k + 1].kind, LORE_TK_QUOTE);
      assert_int_equal(all.v[k + 1].sub, LORE_QS_OPEN | LORE_QS_CLOSE | LORE_QS_SINGLE);
    }
    if (f == 3) {
      k = find_tok(s, &all, 0, "U.S.");
      assert_true(k < all.n);
      assert_int_equal(all.v[k].sub, LORE_WS_ABBREV);
      k = find_tok(s, &all, 0, "10th");
      assert_int_equal(all.v[k].sub, LORE_NS_ORDINAL);
      k = find_tok(s, &all, 0, "debt");
      assert_int_equal(all.v[k + 1].sub, LORE_PS_HYPHEN);
    }
    lore_tokens_free(&all);
    release(s);
  }
}

/*
** The SIMD fast path against the scalar scanners: lines of random
** news-like fragments (every special case of the tokenizer in there), long
** enough for the fast path. Tokenized alone, the last 132 bytes of a line
** go through the scalar path; inside the whole text they go through the
** fast path. Lines are independent, so the tokens must be the same.
*/
static void test_tok_fast_vs_scalar (void **state) {
  static const char *const PIECES[] = {
    "the", "Putin", "NATO", "McDonald", "G20", "1,400", "3.5", "2023.", "10th",
    "1990s", "5G", "$190", "US$5", "50%", "U.S.", "U.S.A.", "Mr.", "e.g.", "J.",
    "Russia's", "don't", "can't", "we're", "I'd've", "O'Brien", "leaders'",
    "'s", "'", "\"", "(\"a\")", "\"Hi,\"", "'quoted'", "debt-trap", "-", "--",
    " - ", "10-20", "COVID-19", "...", "..", ".", ",", ";", ":", "!?", "(", ")",
    "http://x.org/a_(b)", "www.a.com/x", "a@b.org", "@x", "Zürich", "António",
    "北京", "Пекин", "country’s", "’s", "’", "“old”", "‘x’", "«oui»", "—", "–",
    "…", "\xC2\xA0", "\xE2\x80\x8B", "\xC2\xAD", "\t", "  ", "\xFF", "\x01",
    "\xE2\x82", "a'b'c", "x.y.z", "No. 5", "No.", "etc.", "A--B", "`x'", "%",
    "&", "#", "©", "😀", "Xi’an", "http:", "ftp://f.g/h", "1,2,3", "1.2.3",
    "ﬁ", "Ǆ", "İ", "\xCC\x81", "NZ$", "x@y.c", "'90s", "’90s", "'em",
    /* integers and plain words next to what ends them or not */
    "42", "7,", "2023,5", "12.", "x-y-z", "ALL-CAPS", "e.g.,", "Inc.", "www",
    "it's", "he’d", "‘42’", "said.”", "“Yes,”", "(12)", "9%", "`42"
  };
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  int round;
  (void)state;
  for (round = 0; round < 40; round++) {
    size_t cap = 200000, n = 0, k = 0, pos = 0;
    char *text = blank(cap);
    lore_tokens all = { 0 };
    while (n + 600 < cap) {                       /* one line */
      size_t target = n + 140 + (size_t)(seed % 300);
      while (n < target) {
        const char *p;
        size_t l;
        seed ^= seed >> 12; seed ^= seed << 25; seed ^= seed >> 27;
        p = PIECES[(seed * 2685821657736338717ULL >> 40) % (sizeof(PIECES) / sizeof(PIECES[0]))];
        l = strlen(p);
        memcpy(text + n, p, l);
        n += l;
        if ((seed >> 20) % 4 != 0) text[n++] = ' ';
      }
      text[n++] = '\n';
    }
    assert_int_equal(lore_tokenize(text, n, &all), LORE_OK);
    while (pos < n) {
      size_t e = pos, j;
      lore_tokens line = { 0 };
      char *b;
      while (e < n && text[e] != '\n') e++;
      b = exact(text + pos, e - pos);
      assert_int_equal(lore_tokenize(b, e - pos, &line), LORE_OK);
      for (j = 0; j < line.n; j++, k++) {
        const lore_token *x = all.v + k, *y = line.v + j;
        assert_true(k < all.n);
        if (x->start != y->start + pos || x->end != y->end + pos || x->kind != y->kind ||
            x->sub != y->sub || x->flags != y->flags) {
          print_message("line text: [%.*s]\n", (int)(e - pos), text + pos);
          fail_msg("round %d: token at %u: whole text %u-%u %s/%u %04x, line alone "
                   "%u-%u %s/%u %04x", round, x->start, x->start, x->end,
                   lore_tok_kind_name(x->kind), x->sub, x->flags,
                   (unsigned)(y->start + pos), (unsigned)(y->end + pos),
                   lore_tok_kind_name(y->kind), y->sub, y->flags);
        }
      }
      lore_tokens_free(&line);
      release(b);
      pos = e + 1;
    }
    assert_int_equal(k, all.n);
    lore_tokens_free(&all);
    release(text);
  }
}

/* }==================================================================== */

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tok_possessive),
    cmocka_unit_test(test_tok_contractions),
    cmocka_unit_test(test_tok_inner_apostrophe),
    cmocka_unit_test(test_tok_plural_possessive),
    cmocka_unit_test(test_tok_abbreviations),
    cmocka_unit_test(test_tok_nonlatin),
    cmocka_unit_test(test_tok_case_flags),
    cmocka_unit_test(test_tok_numbers),
    cmocka_unit_test(test_tok_ordinals),
    cmocka_unit_test(test_tok_currency),
    cmocka_unit_test(test_tok_percent),
    cmocka_unit_test(test_tok_hyphens),
    cmocka_unit_test(test_tok_dashes),
    cmocka_unit_test(test_tok_ellipsis),
    cmocka_unit_test(test_tok_unicode_spaces),
    cmocka_unit_test(test_tok_line_ends),
    cmocka_unit_test(test_tok_bom),
    cmocka_unit_test(test_tok_urls),
    cmocka_unit_test(test_tok_emails),
    cmocka_unit_test(test_tok_quotes_straight),
    cmocka_unit_test(test_tok_quotes_typo),
    cmocka_unit_test(test_tok_apostrophe_vs_quote),
    cmocka_unit_test(test_tok_punct),
    cmocka_unit_test(test_tok_space_flags),
    cmocka_unit_test(test_tok_invalid_overlong),
    cmocka_unit_test(test_tok_invalid_surrogate),
    cmocka_unit_test(test_tok_invalid_truncated),
    cmocka_unit_test(test_tok_invalid_continuation),
    cmocka_unit_test(test_tok_invalid_ff),
    cmocka_unit_test(test_tok_invalid_controls),
    cmocka_unit_test(test_tok_invalid_nul),
    cmocka_unit_test(test_tok_invalid_random),
    cmocka_unit_test(test_tok_empty),
    cmocka_unit_test(test_tok_erange),
    cmocka_unit_test(test_tok_append),
    cmocka_unit_test(test_tok_growth),
    cmocka_unit_test(test_tok_kind_name),
    cmocka_unit_test(test_tok_corpus),
    cmocka_unit_test(test_tok_fast_vs_scalar),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
