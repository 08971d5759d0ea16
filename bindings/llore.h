/*
** llore.h
** Shared declarations of the lore Lua module (bindings/llore*.c). Only the
** bindings include both lua.h and the core headers.
*/
#ifndef llore_h
#define llore_h

#include <lua.h>
#include <lauxlib.h>

#include "lore_buf.h"
#include "lore_corpus.h"
#include "lore_doc.h"
#include "lore_err.h"
#include "lore_gaz.h"
#include "lore_num.h"
#include "lore_regex.h"
#include "lore_tpat.h"

#define LORE_DOC_MT    "lore.Doc"
#define LORE_TOKEN_MT  "lore.Token"
#define LORE_RANGE_MT  "lore.Range"
#define LORE_SPAN_MT   "lore.Span"
#define LORE_ATTRS_MT  "lore.Attrs"
#define LORE_REGEX_MT  "lore.Regex"
#define LORE_GAZ_MT    "lore.Gazetteer"
#define LORE_TPAT_MT   "lore.Pattern"
#define LORE_CORPUS_MT "lore.Corpus"

/* Document userdata. Its user value 1 is a table:
**   meta = {id=, title=, date=, source=, url=, path=} (the doc.meta table)
**   text = the Lua string the text was borrowed from (kept alive) */
typedef struct LDoc {
  lore_doc *d;          /* NULL once closed */
} LDoc;

/* Token, sentence/paragraph and span userdata: user value 1 is the
** document userdata, so the document outlives them. */
typedef struct LTok { uint32_t i; } LTok;
typedef struct LRange { uint32_t i; int para; } LRange;
typedef struct LSpan {
  lore_layer *l;
  uint32_t id;
  uint32_t clears;      /* lore_layer_clears() when made: a clear voids it */
} LSpan;

/* llore_doc.c */
LDoc *llore_checkdoc (lua_State *L, int idx);          /* open document */
lore_doc *llore_todoc (lua_State *L, int idx);          /* ditto, the C doc */
int llore_pushdoc (lua_State *L, const char *text, size_t len, int borrow_idx,
                   int meta_idx);
void llore_pushspan (lua_State *L, int docidx, lore_layer *l, uint32_t id);
/* Call fn(L, key, klen, value index, ud) for each string key of the table
** at t not skipped by skip (may be NULL), in byte order of the keys: set
** span attributes in this order, not in lua_next's (hash) order, which
** changes from run to run and would reach the output. */
void llore_each_sorted (lua_State *L, int t, int (*skip)(const char *),
                        void (*fn)(lua_State *, const char *, size_t, int,
                                   void *),
                        void *ud);
/* 1 if the value at idx is lore.json.null. */
int llore_isnull (lua_State *L, int idx);
int llore_checklayer_name (lua_State *L, int idx);
void llore_open_doc (lua_State *L);                     /* metatables+funcs */
/* Write the document as one JSON line (every layer not starting with '_')
** into b; returns LORE_OK or LORE_ENOMEM. docidx: the document userdata. */
int llore_doc_json (lua_State *L, int docidx, lore_buf *b,
                    int with_dead);

/* Raise if the spans of document d (userdata at docidx) use more memory
** than the state's cap (lore.span_memory). */
void llore_check_spanmem (lua_State *L, lore_doc *d, int docidx);

/* Labels and rule names are interned per Lua state (registry tables), so
** the core stores small integer ids. */
uint32_t llore_label_id (lua_State *L, const char *name, size_t len);
const char *llore_label_name (lua_State *L, uint32_t id, size_t *len);
const char *llore_rule_name (lua_State *L, uint32_t id, size_t *len);

/* A lore_buf inside a userdata with __gc, pushed on the stack: scratch
** memory that is freed even if a Lua error unwinds past it. */
lore_buf *llore_newbuf (lua_State *L);

/* Push a span attribute value: JSON lists and objects decoded; a JSON
** null is lore.json.null, or nil when null_as_nil (llore_doc.c). */
void llore_push_value (lua_State *L, const lore_value *v, int null_as_nil);

/* Register the metatable tname with the metamethods meta and a table of
** methods under the key `methods_key` ("__index", or "__methods" for a
** type whose __index is a function); the stack is left as it was. */
void llore_new_class (lua_State *L, const char *tname, const luaL_Reg *meta,
                      const luaL_Reg *methods, const char *methods_key);

/* Shared argument helpers. */
size_t llore_checkoffset (lua_State *L, int arg, size_t max, const char *what);
int llore_error (lua_State *L, const lore_error *e);   /* raises */
int llore_pushfail (lua_State *L, const lore_error *e); /* nil, msg; 2 */

/* llore_regex.c, llore_gaz.c, llore_tpat.c, llore_corpus.c, llore_json.c,
** llore_pool.c, llore_num.c, llore_date.c: each opens its functions into the module
** table at the top of the stack. */
void llore_open_regex (lua_State *L);
void llore_open_gaz (lua_State *L);
void llore_open_tpat (lua_State *L);
void llore_open_corpus (lua_State *L);
/* The meta table of a corpus input: id, title, date, source, url, path,
** line (JSONL), ordinal (1-based). */
void llore_push_input_meta (lua_State *L, const lore_input *in);
/* Queued corpus warnings (string at q) to the warn function at fn. */
void llore_deliver_warnings (lua_State *L, int q, int fn);
void llore_open_json (lua_State *L);
void llore_open_pool (lua_State *L);
void llore_open_num (lua_State *L);
/* Parse the number at (string 1, init 2); push value, stop (1) or fail (0). */
int llore_parse_number (lua_State *L, lore_number *n);
void llore_open_date (lua_State *L);
void llore_open_sys (lua_State *L);
void llore_open_rules (lua_State *L);

/* Gazetteer access for the pattern compiler. */
lore_gaz *llore_checkgaz (lua_State *L, int idx);

/* JSON (llore_json.c): push the Lua value decoded from s; on error returns
** 0 and pushes nothing, filling msg (size >= 200). */
int llore_json_decode (lua_State *L, const char *s, size_t len, char *msg);
/* Append the Lua value at idx as JSON; 0 ok, else an error was raised. */
void llore_json_encode (lua_State *L, int idx, lore_buf *b);

/* A hook the executable sets so worker states get the same libraries as
** the main state (lpeg is linked statically there). */
typedef void (*llore_openlibs_fn) (lua_State *L);
void llore_set_worker_openlibs (llore_openlibs_fn fn);

int luaopen_lore (lua_State *L);

#endif
