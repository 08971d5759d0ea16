/*
** lore_date.c
** Civil dates <-> day numbers by the era method (400-year cycles of
** 146097 days, years counted from March so that the leap day is last),
** which needs no tables and no loops.
*/
#include "lore_date.h"

/* Floor division: C's / truncates towards zero. */
static int64_t floor_div (int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t lore_date_days (int64_t y, int m, int d) {
  if (m <= 2) y -= 1;
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;                              /* 0..399 */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */
  return era * 146097 + doe - 719468;
}

void lore_date_civil (int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int lore_date_month_days (int64_t y, int m) {
  if (m < 1 || m > 12) return 0;
  if (m == 12) return 31;
  return (int)(lore_date_days(y, m + 1, 1) - lore_date_days(y, m, 1));
}

int lore_date_weekday (int64_t z) {
  return (int)(((z + 3) % 7 + 7) % 7) + 1;     /* 1970-01-01 was a Thursday */
}

int64_t lore_date_iso_monday (int64_t year, int week) {
  int64_t jan4 = lore_date_days(year, 1, 4);   /* always in week 1 */
  return jan4 - (lore_date_weekday(jan4) - 1) + (int64_t)(week - 1) * 7;
}

void lore_date_iso_week (int64_t z, int64_t *year, int *week) {
  int64_t thursday = z + 4 - lore_date_weekday(z);   /* decides the year */
  int64_t y; int m, d;
  lore_date_civil(thursday, &y, &m, &d);
  *year = y;
  *week = (int)((thursday - lore_date_days(y, 1, 1)) / 7 + 1);
}
