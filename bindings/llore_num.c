/*
** llore_num.c
** lore.number(s [, init]): parse a number expression as news writes it.
*/
#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_num.h"

/* lore.number(s [, init]) -> value, stop, info | nil
** init and stop are 0-based byte offsets (stop exclusive); info has
** numeral, words, ordinal, scaled, decimal, vague, fraction, scale. */
static int l_number (lua_State *L) {
  lore_number n;
  if (!llore_parse_number(L, &n)) return 1;
  lua_createtable(L, 0, 8);
#define FLAG(f, name) lua_pushboolean(L, (n.flags & f) != 0); lua_setfield(L, -2, name);
  FLAG(LORE_NUMF_NUMERAL, "numeral") FLAG(LORE_NUMF_WORDS, "words")
  FLAG(LORE_NUMF_ORDINAL, "ordinal") FLAG(LORE_NUMF_SCALED, "scaled")
  FLAG(LORE_NUMF_DECIMAL, "decimal") FLAG(LORE_NUMF_VAGUE, "vague")
  FLAG(LORE_NUMF_FRACTION, "fraction")
#undef FLAG
  lua_pushnumber(L, n.scale); lua_setfield(L, -2, "scale");
  return 3;
}

/*
** The number at init (argument 2, 0-based, default 0) of the string
** argument 1 into *n: pushes its value (an integer when exact) and stop,
** returns 1; or pushes fail, returns 0. Shared by lore.number and
** lore.rules.number.
*/
int llore_parse_number (lua_State *L, lore_number *n) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_Integer init = luaL_optinteger(L, 2, 0);
  luaL_argcheck(L, init >= 0 && (size_t)init <= len, 2, "offset out of range");
  if (!lore_num_parse(s + init, len - (size_t)init, n)) {
    luaL_pushfail(L);
    return 0;
  }
  if (n->value == (double)(lua_Integer)n->value && n->value < 9.007199254740992e15
      && n->value > -9.007199254740992e15)
    lua_pushinteger(L, (lua_Integer)n->value);
  else lua_pushnumber(L, n->value);
  lua_pushinteger(L, init + (lua_Integer)n->len);
  return 1;
}

/* lore.number_word(s) -> value, is_ordinal | nil */
static int l_number_word (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int ord = 0;
  double v = lore_num_word(s, len, &ord);
  if (v < 0) { luaL_pushfail(L); return 1; }
  lua_pushnumber(L, v);
  lua_pushboolean(L, ord);
  return 2;
}

/* lore.number_scale(s) -> factor | nil */
static int l_number_scale (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  double v = lore_num_scale(s, len);
  if (v == 0) { luaL_pushfail(L); return 1; }
  lua_pushnumber(L, v);
  return 1;
}

void llore_open_num (lua_State *L) {
  lua_pushcfunction(L, l_number); lua_setfield(L, -2, "number");
  lua_pushcfunction(L, l_number_word); lua_setfield(L, -2, "number_word");
  lua_pushcfunction(L, l_number_scale); lua_setfield(L, -2, "number_scale");
}
