/*
** llore_corpus.c
** lore.corpus(inputs [, opts]): iterate the documents of a corpus, one at
** a time: for doc in lore.corpus{"corpus/"} do ... end
** Skipped inputs are reported through opts.warn(w) (default: a line on
** standard error), after the core reader returns, never from inside it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_alloc.h"
#include "lore_buf.h"
#include "lore_corpus.h"

/* User value 1: {warn = function|false, inputs = {...}} */
typedef struct LCorpus {
  lore_corpus *c;
  lore_buf warnings;    /* queued records: path\0line\0msg\0code\0 */
  size_t nwarn;
} LCorpus;

static int corpus_gc (lua_State *L) {
  LCorpus *p = (LCorpus *)luaL_checkudata(L, 1, LORE_CORPUS_MT);
  lore_corpus_close(p->c);
  p->c = NULL;
  lore_buf_free(&p->warnings);
  return 0;
}

static void queue_warning (void *ud, const lore_warning *w) {
  LCorpus *p = (LCorpus *)ud;
  char line[32];
  snprintf(line, sizeof line, "%ld", w->line);
  lore_buf_adds(&p->warnings, w->path ? w->path : "?");
  lore_buf_addc(&p->warnings, '\0');
  lore_buf_adds(&p->warnings, line);
  lore_buf_addc(&p->warnings, '\0');
  lore_buf_adds(&p->warnings, w->msg ? w->msg : lore_strerror(w->code));
  lore_buf_addc(&p->warnings, '\0');
  p->nwarn++;
}

/* Deliver queued warnings: opts.warn(w) with w = {path=, line=, message=},
** or print "lore: path[:line]: message" when no callback was given. */
static void flush_warnings (lua_State *L, int self) {
  LCorpus *p = (LCorpus *)lua_touserdata(L, self);
  if (p->nwarn == 0) return;
  /* move the queue into a Lua string first: callbacks may raise */
  lua_pushlstring(L, p->warnings.data, p->warnings.len);
  lore_buf_reset(&p->warnings);
  p->nwarn = 0;
  lua_getiuservalue(L, self, 1);
  lua_getfield(L, -1, "warn");
  llore_deliver_warnings(L, -3, -1);
  lua_pop(L, 3);
}

/* Inputs skipped and reported by the default warning, counted in the
** registry so that 'lore run' can exit with the skipped status. */
#define SKIPPED_KEY "lore.skipped"

static void count_skipped (lua_State *L) {
  lua_Integer n = lua_getfield(L, LUA_REGISTRYINDEX, SKIPPED_KEY) == LUA_TNUMBER
                  ? lua_tointeger(L, -1) : 0;
  lua_pop(L, 1);
  lua_pushinteger(L, n + 1);
  lua_setfield(L, LUA_REGISTRYINDEX, SKIPPED_KEY);
}

/* lore.skipped() -> inputs skipped so far with the default warning */
static int l_skipped (lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, SKIPPED_KEY) != LUA_TNUMBER) {
    lua_pop(L, 1);
    lua_pushinteger(L, 0);
  }
  return 1;
}

/* The queued warnings in the string at index q (records "path\0line\0
** message\0", line "0" when none) to the function at index fn, as tables
** {path=, line=, message=}; printed to stderr when fn is nil, dropped when
** it is false. */
void llore_deliver_warnings (lua_State *L, int q, int fn) {
  size_t len;
  const char *s, *end;
  q = lua_absindex(L, q);
  fn = lua_absindex(L, fn);
  s = lua_tolstring(L, q, &len);
  end = s + len;
  while (s < end) {
    const char *path = s, *line = path + strlen(path) + 1;
    const char *msg = line + strlen(line) + 1;
    long ln = atol(line);
    s = msg + strlen(msg) + 1;
    if (lua_isfunction(L, fn)) {
      lua_pushvalue(L, fn);
      lua_createtable(L, 0, 3);
      lua_pushstring(L, path); lua_setfield(L, -2, "path");
      if (ln > 0) { lua_pushinteger(L, ln); lua_setfield(L, -2, "line"); }
      lua_pushstring(L, msg); lua_setfield(L, -2, "message");
      lua_call(L, 1, 0);
    }
    else if (lua_isnil(L, fn)) {
      if (ln > 0) fprintf(stderr, "lore: warning: %s:%ld: %s\n", path, ln, msg);
      else fprintf(stderr, "lore: warning: %s: %s\n", path, msg);
      count_skipped(L);
    }
  }
}

void llore_push_input_meta (lua_State *L, const lore_input *in) {
  lua_createtable(L, 0, 8);
#define FIELD(f) if (in->f) { lua_pushstring(L, in->f); lua_setfield(L, -2, #f); }
  FIELD(id) FIELD(title) FIELD(date) FIELD(source) FIELD(url) FIELD(path)
#undef FIELD
  if (in->line > 0) { lua_pushinteger(L, in->line); lua_setfield(L, -2, "line"); }
  lua_pushinteger(L, (lua_Integer)in->ordinal + 1);
  lua_setfield(L, -2, "ordinal");
}

/* Protected: push text and meta of the input (light userdata at 1). */
static int convert_input (lua_State *L) {
  const lore_input *in = (const lore_input *)lua_touserdata(L, 1);
  lua_pushlstring(L, in->text, in->len);
  llore_push_input_meta(L, in);
  return 2;
}

/* Iterator: corpus -> next document, or nil at the end. The C input is
** converted under lua_pcall and freed before anything can raise. */
static int corpus_next (lua_State *L) {
  LCorpus *p = (LCorpus *)luaL_checkudata(L, 1, LORE_CORPUS_MT);
  lore_input *in = NULL;
  int rc, st, top;
  if (p->c == NULL) return 0;
  rc = lore_corpus_next(p->c, &in);
  if (rc < 0) {
    lore_input_free(in);
    flush_warnings(L, 1);
    return luaL_error(L, "reading the corpus: %s", lore_strerror(rc));
  }
  if (rc == 0) { flush_warnings(L, 1); return 0; }
  top = lua_gettop(L);
  lua_pushcfunction(L, convert_input);
  lua_pushlightuserdata(L, in);
  st = lua_pcall(L, 1, 2, 0);
  lore_input_free(in);
  if (st != LUA_OK) return lua_error(L);
  flush_warnings(L, 1);
  llore_pushdoc(L, lua_tostring(L, top + 1), lua_rawlen(L, top + 1),
                top + 1, top + 2);
  return 1;
}

/* Parse "I/N" (1-based I on the command line) into 0-based index, count. */
static void parse_shard (lua_State *L, int idx, unsigned *i, unsigned *n) {
  const char *s = lua_tostring(L, idx);
  unsigned a, b;
  char extra;
  if (s == NULL || sscanf(s, "%u/%u%c", &a, &b, &extra) != 2 || b == 0 ||
      a < 1 || a > b)
    luaL_error(L, "bad shard '%s' (expected I/N with 1 <= I <= N)",
               s ? s : "?");
  *i = a - 1;
  *n = b;
}

/*
** lore.corpus(inputs [, {shard="I/N", warn=function|false, max_bytes=N}])
** -> iterator, corpus, nil, corpus (closed at the end of a for loop)
*/
static int l_corpus (lua_State *L) {
  lore_corpus_opts o;
  LCorpus *p;
  const char **paths;
  lua_Integer n, i;
  int self;
  memset(&o, 0, sizeof o);
  if (lua_type(L, 1) == LUA_TSTRING) {      /* a single path */
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_replace(L, 1);
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  n = (lua_Integer)lua_rawlen(L, 1);
  if (lua_istable(L, 2)) {
    if (lua_getfield(L, 2, "shard") != LUA_TNIL)
      parse_shard(L, -1, &o.shard_index, &o.shard_count);
    if (lua_getfield(L, 2, "max_bytes") == LUA_TNUMBER)
      o.max_doc_bytes = (size_t)lua_tointeger(L, -1);
    lua_pop(L, 2);
  }
  p = (LCorpus *)lua_newuserdatauv(L, sizeof(LCorpus), 1);
  memset(p, 0, sizeof *p);
  luaL_setmetatable(L, LORE_CORPUS_MT);
  self = lua_gettop(L);
  lua_createtable(L, 0, 2);
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "warn");
    lua_setfield(L, -2, "warn");
  }
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "inputs");            /* keeps the path strings alive */
  lua_setiuservalue(L, self, 1);
  paths = (const char **)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(char *), 0);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    paths[i - 1] = luaL_checkstring(L, -1);   /* anchored by inputs */
    lua_pop(L, 1);
  }
  o.warn = queue_warning;
  o.ud = p;
  p->c = lore_corpus_open(paths, (size_t)n, &o);
  if (p->c == NULL) return luaL_error(L, "out of memory");
  lua_pushcfunction(L, corpus_next);
  lua_pushvalue(L, self);
  lua_pushnil(L);
  lua_pushvalue(L, self);
  return 4;
}

/* corpus:stats() -> {docs=, skipped=, bytes=} */
static int corpus_stats (lua_State *L) {
  LCorpus *p = (LCorpus *)luaL_checkudata(L, 1, LORE_CORPUS_MT);
  lua_createtable(L, 0, 3);
  if (p->c) {
    lua_pushinteger(L, (lua_Integer)lore_corpus_ndocs(p->c)); lua_setfield(L, -2, "docs");
    lua_pushinteger(L, (lua_Integer)lore_corpus_nskipped(p->c)); lua_setfield(L, -2, "skipped");
    lua_pushinteger(L, (lua_Integer)lore_corpus_nbytes(p->c)); lua_setfield(L, -2, "bytes");
  }
  return 1;
}

/* lore.shard_hash(s) -> integer (the stable hash used for sharding) */
static int l_shard_hash (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_pushinteger(L, (lua_Integer)lore_corpus_shard_hash(s, len));
  return 1;
}

static const luaL_Reg corpus_meta[] = {
  {"__gc", corpus_gc}, {"__close", corpus_gc}, {NULL, NULL}
};

static const luaL_Reg corpus_methods[] = {
  {"stats", corpus_stats}, {"next", corpus_next}, {"close", corpus_gc},
  {NULL, NULL}
};

void llore_open_corpus (lua_State *L) {
  llore_new_class(L, LORE_CORPUS_MT, corpus_meta, corpus_methods, "__index");
  lua_pushcfunction(L, l_corpus);
  lua_setfield(L, -2, "corpus");
  lua_pushcfunction(L, l_shard_hash);
  lua_setfield(L, -2, "shard_hash");
  lua_pushcfunction(L, l_skipped);
  lua_setfield(L, -2, "skipped");
}
