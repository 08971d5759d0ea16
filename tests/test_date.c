/*
** tests/test_date.c
** lore_date: known day numbers, a round trip over 800 years (two full
** 400-year cycles, negative day numbers included), month lengths, ISO
** weekdays and weeks at year boundaries.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lore_date.h"

static void test_known_days (void **state) {
  (void)state;
  assert_int_equal(lore_date_days(1970, 1, 1), 0);
  assert_int_equal(lore_date_days(1969, 12, 31), -1);
  assert_int_equal(lore_date_days(2000, 3, 1), 11017);
  assert_int_equal(lore_date_days(2023, 10, 18), 19648);
  assert_int_equal(lore_date_days(1600, 1, 1), -135140);
  assert_int_equal(lore_date_days(2024, 1, 32), lore_date_days(2024, 2, 1));
}

static void test_round_trip (void **state) {
  (void)state;
  int64_t z = lore_date_days(1700, 1, 1), end = lore_date_days(2500, 1, 1);
  int64_t py = 1699; int pm = 12, pd = 31;
  for (; z < end; z++) {
    int64_t y; int m, d;
    lore_date_civil(z, &y, &m, &d);
    assert_int_equal(lore_date_days(y, m, d), z);
    /* consecutive days: the next day of the month, or the 1st of the next */
    if (d != 1) assert_true(y == py && m == pm && d == pd + 1);
    else assert_true(pd == lore_date_month_days(py, pm) &&
                     (m == pm + 1 || (m == 1 && pm == 12 && y == py + 1)));
    py = y; pm = m; pd = d;
  }
}

static void test_month_days (void **state) {
  (void)state;
  assert_int_equal(lore_date_month_days(2024, 2), 29);
  assert_int_equal(lore_date_month_days(2023, 2), 28);
  assert_int_equal(lore_date_month_days(1900, 2), 28);
  assert_int_equal(lore_date_month_days(2000, 2), 29);
  assert_int_equal(lore_date_month_days(2023, 4), 30);
  assert_int_equal(lore_date_month_days(2023, 12), 31);
  assert_int_equal(lore_date_month_days(2023, 13), 0);
  assert_int_equal(lore_date_month_days(2023, 0), 0);
}

static void test_weeks (void **state) {
  (void)state;
  int64_t y; int w;
  assert_int_equal(lore_date_weekday(0), 4);                         /* Thursday */
  assert_int_equal(lore_date_weekday(-1), 3);
  assert_int_equal(lore_date_weekday(lore_date_days(2023, 10, 16)), 1);
  assert_int_equal(lore_date_weekday(lore_date_days(2023, 10, 22)), 7);
  lore_date_iso_week(lore_date_days(2023, 10, 18), &y, &w);
  assert_int_equal(y, 2023); assert_int_equal(w, 42);
  lore_date_iso_week(lore_date_days(2021, 1, 3), &y, &w);           /* Sunday */
  assert_int_equal(y, 2020); assert_int_equal(w, 53);
  lore_date_iso_week(lore_date_days(2024, 12, 30), &y, &w);         /* Monday */
  assert_int_equal(y, 2025); assert_int_equal(w, 1);
  assert_int_equal(lore_date_iso_monday(2023, 42), lore_date_days(2023, 10, 16));
  assert_int_equal(lore_date_iso_monday(2020, 53), lore_date_days(2020, 12, 28));
  assert_int_equal(lore_date_iso_monday(2025, 1), lore_date_days(2024, 12, 30));
}

int main (void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_known_days),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_month_days),
    cmocka_unit_test(test_weeks),
  };
  return cmocka_run_group_tests_name("lore_date", tests, NULL, NULL);
}
