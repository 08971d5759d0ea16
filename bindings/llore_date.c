/*
** llore_date.c
** lore.date: calendar arithmetic over day numbers (days since 1970-01-01),
** for rules that resolve "last Tuesday" and scripts that sort by week.
*/
#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "lore_date.h"

/* Bounds that keep every intermediate of lore_date far from overflow. */
#define YEAR_MAX 1000000000LL
#define DAYS_MAX (YEAR_MAX * 366)

static int64_t check_year (lua_State *L, int arg) {
  lua_Integer y = luaL_checkinteger(L, arg);
  luaL_argcheck(L, y >= -YEAR_MAX && y <= YEAR_MAX, arg, "year out of range");
  return (int64_t)y;
}

static int check_in (lua_State *L, int arg, int lo, int hi, const char *what) {
  lua_Integer v = luaL_checkinteger(L, arg);
  if (v < lo || v > hi)
    return luaL_argerror(L, arg, lua_pushfstring(L, "%s %I not in %d..%d", what,
                                                 v, lo, hi));
  return (int)v;
}

static int64_t check_day_number (lua_State *L, int arg) {
  lua_Integer z = luaL_checkinteger(L, arg);
  luaL_argcheck(L, z >= -DAYS_MAX && z <= DAYS_MAX, arg, "day number out of range");
  return (int64_t)z;
}

/* lore.date.days(y, m, d) -> day number; d past the month's end rolls on */
static int l_days (lua_State *L) {
  int64_t y = check_year(L, 1);
  int m = check_in(L, 2, 1, 12, "month");
  int d = check_in(L, 3, 1, 31, "day");
  lua_pushinteger(L, lore_date_days(y, m, d));
  return 1;
}

/* lore.date.civil(z) -> y, m, d */
static int l_civil (lua_State *L) {
  int64_t y; int m, d;
  lore_date_civil(check_day_number(L, 1), &y, &m, &d);
  lua_pushinteger(L, y); lua_pushinteger(L, m); lua_pushinteger(L, d);
  return 3;
}

/* lore.date.month_days(y, m) -> 28..31 */
static int l_month_days (lua_State *L) {
  int64_t y = check_year(L, 1);
  lua_pushinteger(L, lore_date_month_days(y, check_in(L, 2, 1, 12, "month")));
  return 1;
}

/* lore.date.weekday(z) -> 1 (Monday) .. 7 (Sunday) */
static int l_weekday (lua_State *L) {
  lua_pushinteger(L, lore_date_weekday(check_day_number(L, 1)));
  return 1;
}

/* lore.date.iso_week(z) -> ISO year, week */
static int l_iso_week (lua_State *L) {
  int64_t y; int w;
  lore_date_iso_week(check_day_number(L, 1), &y, &w);
  lua_pushinteger(L, y); lua_pushinteger(L, w);
  return 2;
}

/* lore.date.iso_monday(year, week) -> day number of that week's Monday */
static int l_iso_monday (lua_State *L) {
  int64_t y = check_year(L, 1);
  lua_pushinteger(L, lore_date_iso_monday(y, check_in(L, 2, 1, 53, "week")));
  return 1;
}

static const luaL_Reg date_funcs[] = {
  {"days", l_days}, {"civil", l_civil}, {"month_days", l_month_days},
  {"weekday", l_weekday}, {"iso_week", l_iso_week}, {"iso_monday", l_iso_monday},
  {NULL, NULL}
};

void llore_open_date (lua_State *L) {
  luaL_newlib(L, date_funcs);
  lua_setfield(L, -2, "date");
}
