/*
** llore_rules.c
** C primitives for the bundled rule files where a Lua loop over tokens or
** spans would be the hot path (lore.rules.*).
*/
#include "lauxlib.h"
#include "lua.h"

#include "llore.h"

static const luaL_Reg rules_funcs[] = {
  {NULL, NULL}
};

void llore_open_rules (lua_State *L) {
  luaL_newlib(L, rules_funcs);
  lua_setfield(L, -2, "rules");
}
