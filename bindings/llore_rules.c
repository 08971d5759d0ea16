/*
** llore_rules.c
** C primitives for the bundled rule files where a Lua loop over tokens or
** spans would be the hot path (lore.rules.*).
**
**   lore.rules.add(doc, layer, cols)   many spans from columns, in C
*/
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"

/* {======================================================================
** lore.rules.add: spans from columns
** ======================================================================= */

typedef struct ColKey { const char *s; size_t n; int col; } ColKey;

static int colkeycmp (const void *a, const void *b) {
  const ColKey *x = (const ColKey *)a, *y = (const ColKey *)b;
  int r = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
  return r != 0 ? r : (x->n > y->n) - (x->n < y->n);
}

#define MAXCOLS 32

/* Field k of cols: a list (its stack index, *scalar = 0) or one value for
** every span (*scalar = 1, pushed). Leaves one value on the stack. */
static int colfield (lua_State *L, int cols, const char *k, int *scalar) {
  int t = lua_getfield(L, cols, k);
  *scalar = t != LUA_TTABLE;
  return lua_gettop(L);
}

/* The value for span i of a column field (list or scalar), pushed. */
static int colvalue (lua_State *L, int idx, int scalar, lua_Integer i) {
  if (scalar) { lua_pushvalue(L, idx); return lua_type(L, -1); }
  return lua_rawgeti(L, idx, i);
}

/* Set attribute key of span id from the value at the top (popped): the
** conversions of doc:add (nil: not set; lore.json.null: JSON null; tables
** as JSON). */
static void setcolattr (lua_State *L, lore_layer *l, uint32_t id,
                        const ColKey *k) {
  lore_value v;
  lore_buf *b = NULL;
  int rc, top = lua_gettop(L);
  switch (lua_type(L, top)) {
    case LUA_TNIL: lua_pop(L, 1); return;
    case LUA_TBOOLEAN:
      v.type = LORE_V_BOOL; v.u.b = lua_toboolean(L, top); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, top)) {
        v.type = LORE_V_INT; v.u.i = (int64_t)lua_tointeger(L, top);
      }
      else { v.type = LORE_V_NUM; v.u.n = lua_tonumber(L, top); }
      break;
    case LUA_TSTRING:
      v.type = LORE_V_STR; v.u.s.p = lua_tolstring(L, top, &v.u.s.len); break;
    case LUA_TTABLE:
      b = llore_newbuf(L);
      llore_json_encode(L, top, b);
      v.type = LORE_V_JSON; v.u.s.p = b->data; v.u.s.len = b->len;
      break;
    default:
      if (llore_isnull(L, top)) {
        v.type = LORE_V_JSON; v.u.s.p = "null"; v.u.s.len = 4;
        break;
      }
      luaL_error(L, "lore.rules.add: attribute '%s' of span %d: values are "
                 "nil, lore.json.null, booleans, numbers, strings or tables "
                 "(got %s)", k->s, (int)id, luaL_typename(L, top));
  }
  rc = lore_layer_set_attr(l, id, k->s, k->n, &v);
  if (b != NULL) lore_buf_free(b);
  lua_settop(L, top - 1);
  if (rc != LORE_OK) luaL_error(L, "cannot set attribute '%s': %s", k->s,
                                lore_strerror(rc));
}

/*
** lore.rules.add(doc, layer, cols) -> number of spans added.
** cols = {n =, start = {...}, stop = {...}, label =, priority =, rule =,
** attrs = {key = {...}, ...}}: span i is start[i], stop[i]; label (a
** string), priority and rule (an id from lore.rule_id) are each a list or
** one value for all spans; attrs holds one list per attribute (a nil entry
** leaves the attribute unset). The spans are exactly those that n calls of
** doc:add(layer, start[i], stop[i], {label =, priority =, rule =,
** key = attrs.key[i], ...}) would add, in the same order, without a table
** per span: attributes are set in byte order of their keys.
*/
static int l_add (lua_State *L) {
  lore_doc *d = llore_todoc(L, 1);
  const char *lname;
  lore_layer *l;
  ColKey keys[MAXCOLS];
  size_t nkeys = 0, k, len;
  lua_Integer n, i;
  int cols = 3, ist, isp, ilab, ipri, irul, slab, spri, srul, dummy;
  uint32_t lastlab = 0;
  const char *lastlabs = NULL;
  llore_checklayer_name(L, 2);
  lname = lua_tostring(L, 2);
  luaL_checktype(L, cols, LUA_TTABLE);
  lore_doc_text(d, &len);
  lua_getfield(L, cols, "n");
  n = luaL_checkinteger(L, -1);
  lua_pop(L, 1);
  ist = colfield(L, cols, "start", &dummy);
  luaL_argcheck(L, n == 0 || !dummy, 3, "cols.start must be a list");
  isp = colfield(L, cols, "stop", &dummy);
  luaL_argcheck(L, n == 0 || !dummy, 3, "cols.stop must be a list");
  ilab = colfield(L, cols, "label", &slab);
  ipri = colfield(L, cols, "priority", &spri);
  irul = colfield(L, cols, "rule", &srul);
  if (lua_getfield(L, cols, "attrs") == LUA_TTABLE) {
    int at = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, at) != 0) {
      size_t kl;
      const char *ks;
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE)
        return luaL_error(L, "lore.rules.add: cols.attrs maps names to lists");
      if (nkeys == MAXCOLS)
        return luaL_error(L, "lore.rules.add: more than %d attributes", MAXCOLS);
      ks = lua_tolstring(L, -2, &kl);
      if (strcmp(ks, "label") == 0 || strcmp(ks, "priority") == 0 ||
          strcmp(ks, "rule") == 0)
        return luaL_error(L, "lore.rules.add: '%s' is a span field, not an "
                          "attribute", ks);
      keys[nkeys].s = ks;                 /* anchored: the key stays in attrs */
      keys[nkeys].n = kl;
      nkeys++;
      lua_pop(L, 1);
    }
    qsort(keys, nkeys, sizeof keys[0], colkeycmp);
    for (k = 0; k < nkeys; k++) {           /* the columns, on the stack */
      lua_getfield(L, at, keys[k].s);
      keys[k].col = lua_gettop(L);
    }
  }
  if (n <= 0) { lua_pushinteger(L, 0); return 1; }
  l = lore_doc_layer(d, lname, 1);
  if (l == NULL) return luaL_error(L, "out of memory");
  for (i = 1; i <= n; i++) {
    lua_Integer s, e, prio = 0, rule = 0;
    uint32_t label = 0, id;
    int isnum, rc;
    lua_rawgeti(L, ist, i);
    s = lua_tointegerx(L, -1, &isnum);
    if (!isnum || s < 0 || (size_t)s > len)
      return luaL_error(L, "lore.rules.add: bad start of span %d", (int)i);
    lua_rawgeti(L, isp, i);
    e = lua_tointegerx(L, -1, &isnum);
    if (!isnum || e < s || (size_t)e > len)
      return luaL_error(L, "lore.rules.add: bad stop of span %d", (int)i);
    lua_pop(L, 2);
    if (colvalue(L, ilab, slab, i) != LUA_TNIL) {
      size_t ln;
      const char *lab = lua_tolstring(L, -1, &ln);
      if (lab == NULL)
        return luaL_error(L, "lore.rules.add: label of span %d is not a string",
                          (int)i);
      if (lab != lastlabs) {                /* short strings are interned */
        lastlab = llore_label_id(L, lab, ln);
        lastlabs = lab;
      }
      label = lastlab;
    }
    lua_pop(L, 1);
    if (colvalue(L, ipri, spri, i) != LUA_TNIL) {
      prio = lua_tointegerx(L, -1, &isnum);
      if (!isnum) return luaL_error(L, "lore.rules.add: bad priority of span %d",
                                    (int)i);
    }
    lua_pop(L, 1);
    if (colvalue(L, irul, srul, i) != LUA_TNIL) {
      rule = lua_tointegerx(L, -1, &isnum);
      if (!isnum) return luaL_error(L, "lore.rules.add: bad rule of span %d",
                                    (int)i);
    }
    lua_pop(L, 1);
    rc = lore_layer_add(l, (uint32_t)s, (uint32_t)e, label, (int32_t)prio,
                        (uint32_t)rule, &id);
    if (rc != LORE_OK) return luaL_error(L, "lore.rules.add: %s",
                                         lore_strerror(rc));
    for (k = 0; k < nkeys; k++) {
      lua_rawgeti(L, keys[k].col, i);
      setcolattr(L, l, id, &keys[k]);
    }
  }
  lua_pushinteger(L, n);
  return 1;
}

/* }====================================================================== */

static const luaL_Reg rules_funcs[] = {
  {"add", l_add},
  {NULL, NULL}
};

void llore_open_rules (lua_State *L) {
  luaL_newlib(L, rules_funcs);
  lua_setfield(L, -2, "rules");
}
