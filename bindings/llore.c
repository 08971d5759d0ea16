/*
** llore.c
** luaopen_lore: the lore module. Registers the C parts (documents, regex,
** gazetteers, token patterns, corpus, JSON, numbers, worker pool) and the
** embedded pure-Lua parts (package.preload["lore.*"]), which are also
** reachable as fields: lore.engine is require("lore.engine").
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "llore_embed.h"
#include "lore_buf.h"

#if !defined(LORE_VERSION)
#define LORE_VERSION "0.0.0"
#endif

#define LORE_BUF_MT "lore.Buf"

static int buf_gc (lua_State *L) {
  lore_buf_free((lore_buf *)lua_touserdata(L, 1));
  return 0;
}

lore_buf *llore_newbuf (lua_State *L) {
  lore_buf *b = (lore_buf *)lua_newuserdatauv(L, sizeof(lore_buf), 0);
  lore_buf_init(b);
  if (luaL_newmetatable(L, LORE_BUF_MT)) {
    lua_pushcfunction(L, buf_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return b;
}

void llore_new_class (lua_State *L, const char *tname, const luaL_Reg *meta,
                      const luaL_Reg *methods, const char *methods_key) {
  luaL_newmetatable(L, tname);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, methods_key);
  lua_pop(L, 1);
}

/* {======================================================================
** Embedded Lua modules
** ======================================================================= */

static int load_embedded (lua_State *L) {
  const lore_embedded *e =
      (const lore_embedded *)lua_touserdata(L, lua_upvalueindex(1));
  char chunk[300];
  snprintf(chunk, sizeof chunk, "@%s", e->file);
  if (luaL_loadbufferx(L, e->src, e->len, chunk, "t") != LUA_OK)
    return lua_error(L);
  lua_pushstring(L, e->name);
  lua_call(L, 1, 1);
  return 1;
}

static void preload_embedded (lua_State *L) {
  const lore_embedded *e;
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (e = lore_embedded_sources; e->name != NULL; e++) {
    lua_pushlightuserdata(L, (void *)e);
    lua_pushcclosure(L, load_embedded, 1);
    lua_setfield(L, -2, e->name);
  }
  lua_pop(L, 1);
}

/* lore.X for an unknown X: require "lore.X" if it is embedded. */
static int lore_index (lua_State *L) {
  const char *k = luaL_checkstring(L, 2);
  const lore_embedded *e;
  char name[128];
  snprintf(name, sizeof name, "lore.%s", k);
  for (e = lore_embedded_sources; e->name != NULL; e++)
    if (strcmp(e->name, name) == 0) {
      lua_getglobal(L, "require");
      lua_pushstring(L, name);
      lua_call(L, 1, 1);
      lua_pushvalue(L, 2);
      lua_pushvalue(L, -2);
      lua_rawset(L, 1);                     /* cache in the module */
      return 1;
    }
  return 0;
}

/* }====================================================================== */

/* {======================================================================
** Where the bundled rules and scripts live
** ======================================================================= */

static int isdir (const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* LORE_HOME, else relative to this binary (the executable or lore.so):
** the source tree (build/..), or an install prefix (bin/.. or
** lib/lua/5.4/../../..) + share/lore. */
static void push_home (lua_State *L) {
  const char *env = getenv("LORE_HOME");
  Dl_info info;
  char path[PATH_MAX], cand[PATH_MAX + 64];
  static const char *const ups[] = {"/..", "/../share/lore",
    "/../../../share/lore", "/../../../../share/lore", NULL};
  int i;
  if (env != NULL && env[0] != '\0') { lua_pushstring(L, env); return; }
  /* dladdr names the file this code was loaded from; for the executable
  ** run through PATH that is a bare "lore", so ask /proc instead */
  if (dladdr((void *)&luaopen_lore, &info) && info.dli_fname != NULL &&
      (strchr(info.dli_fname, '/') != NULL ? realpath(info.dli_fname, path) != NULL
                                           : realpath("/proc/self/exe", path) != NULL)) {
    char *slash = strrchr(path, '/');
    if (slash) *slash = '\0';
    for (i = 0; ups[i]; i++) {
      char rules[PATH_MAX + 96];
      snprintf(cand, sizeof cand, "%s%s", path, ups[i]);
      snprintf(rules, sizeof rules, "%s/rules", cand);
      if (isdir(rules)) {
        char real[PATH_MAX];
        lua_pushstring(L, realpath(cand, real) ? real : cand);
        return;
      }
    }
  }
  lua_pushnil(L);
}

/* }====================================================================== */

static const luaL_Reg lore_meta[] = {{"__index", lore_index}, {NULL, NULL}};

int luaopen_lore (lua_State *L) {
  luaL_checkversion(L);
  lua_newtable(L);
  llore_open_doc(L);
  llore_open_regex(L);
  llore_open_gaz(L);
  llore_open_tpat(L);
  llore_open_corpus(L);
  llore_open_json(L);
  llore_open_num(L);
  llore_open_date(L);
  llore_open_pool(L);
  llore_open_sys(L);
  llore_open_rules(L);
  lua_pushliteral(L, LORE_VERSION);
  lua_setfield(L, -2, "_VERSION");
  push_home(L);
  lua_setfield(L, -2, "home");
  luaL_newlib(L, lore_meta);
  lua_setmetatable(L, -2);
  preload_embedded(L);
  return 1;
}
