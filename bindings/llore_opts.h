/*
** llore_opts.h
** Checks of option tables for the bindings (header-only, static inline):
** every key must be a known option, so a misspelt one is an error rather
** than silently ignored, and a value of the wrong type is an error too:
**
**   bad argument #2 to 'gazetteer' (unknown option 'ignorecase'; expected
**   ignore_case, ignore_accents, mode, columns or name)
**   bad argument #3 to 'spans' (option 'priority' must be an integer, got 1.5)
*/
#ifndef llore_opts_h
#define llore_opts_h

#include <string.h>

#include "lauxlib.h"
#include "lua.h"

/* Raise the error for the unknown key at the top of the stack. */
static inline int llore_unknown_option (lua_State *L, int arg,
                                        const char *const keys[]) {
  int i;
  if (lua_type(L, -1) == LUA_TSTRING)
    lua_pushfstring(L, "unknown option '%s'; expected ", lua_tostring(L, -1));
  else
    lua_pushfstring(L, "unknown option [%s]; expected ",
                    luaL_tolstring(L, -1, NULL));
  for (i = 0; keys[i] != NULL; i++) {
    if (i > 0) {
      lua_pushstring(L, keys[i + 1] != NULL ? ", " : " or ");
      lua_concat(L, 2);
    }
    lua_pushstring(L, keys[i]);
    lua_concat(L, 2);
  }
  return luaL_argerror(L, arg, lua_tostring(L, -1));
}

/* The table at arg has only keys listed in `keys` (NULL-terminated). */
static inline void llore_check_options (lua_State *L, int arg,
                                        const char *const keys[]) {
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg) != 0) {
    int i, known = 0;
    lua_pop(L, 1);                          /* the value */
    if (lua_type(L, -1) == LUA_TSTRING)
      for (i = 0; keys[i] != NULL && !known; i++)
        known = strcmp(lua_tostring(L, -1), keys[i]) == 0;
    if (!known) llore_unknown_option(L, arg, keys);
  }
}

/* Push option `key` of the table at arg and return its type: nil, or
** `type` (else an error). */
static inline int llore_opt_field (lua_State *L, int arg, const char *key,
                                   int type) {
  int t = lua_getfield(L, arg, key);
  if (t != LUA_TNIL && t != type)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be a %s, got %s",
                                          key, lua_typename(L, type),
                                          luaL_typename(L, -1)));
  return t;
}

/* Option `key` of the table at arg as an integer (a float with an integral
** value is accepted), or dflt when it is absent; nothing is left pushed. */
static inline lua_Integer llore_opt_integer (lua_State *L, int arg,
                                             const char *key,
                                             lua_Integer dflt) {
  lua_Integer v = dflt;
  if (llore_opt_field(L, arg, key, LUA_TNUMBER) != LUA_TNIL) {
    int isint;
    v = lua_tointegerx(L, -1, &isint);
    if (!isint)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s' must be an "
                                            "integer, got %s", key,
                                            luaL_tolstring(L, -1, NULL)));
  }
  lua_pop(L, 1);
  return v;
}

/* Option `key` of the table at arg as a boolean (nil is false); nothing is
** left pushed. Any value counts, as in a Lua test. */
static inline int llore_opt_boolean (lua_State *L, int arg, const char *key) {
  int v;
  lua_getfield(L, arg, key);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

#endif
