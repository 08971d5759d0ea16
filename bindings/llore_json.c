/*
** llore_json.c
** lore.json.encode / lore.json.decode. Decoding uses jansson (strict JSON,
** depth-limited); encoding uses the core writer, so output is always valid
** UTF-8 JSON. Lua tables with keys 1..n are arrays; an empty table is {}
** unless it has the metatable lore.json.array.
*/
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_buf.h"
#include "lore_json.h"

#define JSON_NULL_KEY "lore.json.null"
#define JSON_ARRAY_MT "lore.json.array"
#define MAXDEPTH 200

/* {======================================================================
** Decoding
** ======================================================================= */

static void pushjson (lua_State *L, json_t *j, int depth) {
  luaL_checkstack(L, 4, "JSON too deep");
  switch (json_typeof(j)) {
    case JSON_OBJECT: {
      const char *k;
      json_t *v;
      lua_createtable(L, 0, (int)json_object_size(j));
      json_object_foreach(j, k, v) {
        lua_pushstring(L, k);
        pushjson(L, v, depth + 1);
        lua_rawset(L, -3);
      }
      break;
    }
    case JSON_ARRAY: {
      size_t i;
      json_t *v;
      lua_createtable(L, (int)json_array_size(j), 0);
      json_array_foreach(j, i, v) {
        pushjson(L, v, depth + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
      }
      luaL_setmetatable(L, JSON_ARRAY_MT);
      break;
    }
    case JSON_STRING:
      lua_pushlstring(L, json_string_value(j), json_string_length(j));
      break;
    case JSON_INTEGER: lua_pushinteger(L, (lua_Integer)json_integer_value(j)); break;
    case JSON_REAL: lua_pushnumber(L, json_real_value(j)); break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    default:                                 /* null */
      lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
      break;
  }
}

static int pushjson_protected (lua_State *L) {
  pushjson(L, (json_t *)lua_touserdata(L, 1), 0);
  return 1;
}

/* Decode s. The conversion runs protected so that jansson's value is freed
** before any Lua error (memory) propagates. */
int llore_json_decode (lua_State *L, const char *s, size_t len, char *msg) {
  json_error_t err;
  int st;
  json_t *j = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  if (j == NULL) {
    snprintf(msg, 200, "%s at line %d column %d", err.text, err.line,
             err.column);
    return 0;
  }
  lua_pushcfunction(L, pushjson_protected);
  lua_pushlightuserdata(L, j);
  st = lua_pcall(L, 1, 1, 0);
  json_decref(j);
  if (st != LUA_OK) lua_error(L);           /* rethrow, nothing held now */
  return 1;
}

int llore_isnull (lua_State *L, int idx) {
  int r;
  if (lua_type(L, idx) != LUA_TLIGHTUSERDATA) return 0;
  idx = lua_absindex(L, idx);
  lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
  r = lua_rawequal(L, -1, idx);
  lua_pop(L, 1);
  return r;
}

/* lore.json.decode(s) -> value | nil, message */
static int l_decode (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char msg[200];
  if (!llore_json_decode(L, s, len, msg)) {
    luaL_pushfail(L);
    lua_pushfstring(L, "invalid JSON: %s", msg);
    return 2;
  }
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Encoding
** ======================================================================= */

static int isarray (lua_State *L, int idx, size_t *n) {
  lua_Integer k, max = 0, count = 0;
  if (lua_getmetatable(L, idx)) {
    int arr;
    luaL_getmetatable(L, JSON_ARRAY_MT);
    arr = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (arr) { *n = lua_rawlen(L, idx); return 1; }
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || (k = lua_tointeger(L, -1)) < 1) {
      lua_pop(L, 1);
      return 0;
    }
    if (k > max) max = k;
    count++;
  }
  *n = (size_t)max;
  return count > 0 && max == count;
}

typedef struct KeyRef { const char *k; lua_Integer i; } KeyRef;

static int keycmp (const void *a, const void *b) {
  return strcmp(((const KeyRef *)a)->k, ((const KeyRef *)b)->k);
}

static void encode (lua_State *L, int idx, lore_buf *b, int depth);

/* Objects are written with sorted keys, so output is deterministic. Keys
** (strings, or numbers written as strings) and values are anchored in two
** scratch tables while sorting. */
static void encode_object (lua_State *L, int idx, lore_buf *b, int depth) {
  lua_Integer n = 0, i;
  KeyRef *refs;
  int keys, vals;
  lua_newtable(L); keys = lua_gettop(L);
  lua_newtable(L); vals = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    int kt = lua_type(L, -2);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER)
      luaL_error(L, "cannot encode a table key of type %s", lua_typename(L, kt));
    lua_rawseti(L, vals, ++n);              /* pops the value */
    lua_pushvalue(L, -1);
    lua_tostring(L, -1);                    /* converts the copy only */
    lua_rawseti(L, keys, n);
  }
  refs = (KeyRef *)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(KeyRef), 0);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, keys, i);
    refs[i - 1].k = lua_tostring(L, -1);    /* anchored in keys */
    refs[i - 1].i = i;
    lua_pop(L, 1);
  }
  qsort(refs, (size_t)n, sizeof(KeyRef), keycmp);
  lore_buf_addc(b, '{');
  for (i = 0; i < n; i++) {
    if (i > 0) lore_buf_addc(b, ',');
    lore_json_string(b, refs[i].k, strlen(refs[i].k));
    lore_buf_addc(b, ':');
    lua_rawgeti(L, vals, refs[i].i);
    encode(L, -1, b, depth + 1);
    lua_pop(L, 1);
  }
  lore_buf_addc(b, '}');
  lua_pop(L, 3);
}

static void encode (lua_State *L, int idx, lore_buf *b, int depth) {
  idx = lua_absindex(L, idx);
  if (depth > MAXDEPTH) luaL_error(L, "cannot encode: nesting too deep (cycle?)");
  luaL_checkstack(L, 8, "JSON nesting");
  switch (lua_type(L, idx)) {
    case LUA_TNIL: lore_buf_adds(b, "null"); break;
    case LUA_TBOOLEAN: lore_buf_adds(b, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) lore_json_int(b, (int64_t)lua_tointeger(L, idx));
      else lore_json_number(b, lua_tonumber(L, idx));
      break;
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      lore_json_string(b, s, n);
      break;
    }
    case LUA_TTABLE: {
      size_t n, i;
      if (isarray(L, idx, &n)) {
        lore_buf_addc(b, '[');
        for (i = 1; i <= n; i++) {
          if (i > 1) lore_buf_addc(b, ',');
          lua_rawgeti(L, idx, (lua_Integer)i);
          encode(L, -1, b, depth + 1);
          lua_pop(L, 1);
        }
        lore_buf_addc(b, ']');
      }
      else encode_object(L, idx, b, depth);
      break;
    }
    case LUA_TLIGHTUSERDATA:
      lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
      if (lua_rawequal(L, -1, idx)) { lua_pop(L, 1); lore_buf_adds(b, "null"); break; }
      lua_pop(L, 1);
      /* FALLTHROUGH */
    default:
      luaL_error(L, "cannot encode a value of type %s", luaL_typename(L, idx));
  }
}

void llore_json_encode (lua_State *L, int idx, lore_buf *b) {
  encode(L, idx, b, 0);
  if (b->failed) luaL_error(L, "out of memory");
}

/* lore.json.encode(value) -> string */
static int l_encode (lua_State *L) {
  lore_buf *b;
  luaL_checkany(L, 1);
  b = llore_newbuf(L);
  llore_json_encode(L, 1, b);
  lua_pushlstring(L, b->data ? b->data : "", b->len);
  lore_buf_free(b);
  return 1;
}

/* lore.json.array([t]) -> t marked as a JSON array (so {} encodes as []) */
static int l_array (lua_State *L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  else luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  luaL_setmetatable(L, JSON_ARRAY_MT);
  return 1;
}

/* }====================================================================== */

static const luaL_Reg json_funcs[] = {
  {"encode", l_encode}, {"decode", l_decode}, {"array", l_array},
  {NULL, NULL}
};

void llore_open_json (lua_State *L) {
  luaL_newmetatable(L, JSON_ARRAY_MT);
  lua_pop(L, 1);
  lua_pushlightuserdata(L, (void *)&json_funcs);     /* the null sentinel */
  lua_setfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
  luaL_newlib(L, json_funcs);
  lua_getfield(L, LUA_REGISTRYINDEX, JSON_NULL_KEY);
  lua_setfield(L, -2, "null");
  lua_setfield(L, -2, "json");
}
