/*
** lore_date.h
** Calendar arithmetic for date figures and timelines: day numbers (days
** since 1970-01-01 in the proleptic Gregorian calendar) to and from civil
** dates, weekdays and ISO weeks. Pure functions on 64-bit integers, valid
** for any year an int64 day number can hold; no allocation, no time zone.
*/
#ifndef lore_date_h
#define lore_date_h

#include <stdint.h>

/* Day number of y-m-d (m 1..12, d 1..31; d past the month's end counts on
** into the next month, as mktime does). */
int64_t lore_date_days (int64_t y, int m, int d);

/* The civil date of day number z. */
void lore_date_civil (int64_t z, int64_t *y, int *m, int *d);

/* Days in month m (1..12) of year y, or 0 when m is out of range. */
int lore_date_month_days (int64_t y, int m);

/* ISO weekday of day number z: Monday = 1 ... Sunday = 7. */
int lore_date_weekday (int64_t z);

/* ISO 8601 week of day number z: *year (which may differ from the civil
** year around New Year) and *week (1..53). */
void lore_date_iso_week (int64_t z, int64_t *year, int *week);

/* Day number of the Monday of ISO week `week` of ISO year `year`. */
int64_t lore_date_iso_monday (int64_t year, int week);

#endif
