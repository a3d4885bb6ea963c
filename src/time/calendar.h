/* calendar.h: day arithmetic shared by the time stage: Gregorian day numbers,
 * ISO weeks, and Hijri dates (Umm al-Qura table, tabular fallback). */
#ifndef AK_TIME_CALENDAR_H
#define AK_TIME_CALENDAR_H
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int32_t ak_cal_days(int y, int m, int d);
void ak_cal_ymd(int32_t days, int *y, int *m, int *d);
int ak_cal_month_len(int y, int m);
int ak_cal_valid(int y, int m, int d);
/* ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
int ak_cal_weekday(int32_t days);
void ak_cal_iso_week(int32_t days, int *week_year, int *week);
/* Hijri date to day number: returns 1 when exact (Umm al-Qura table, 1420-1451 AH),
 * 0 when from the tabular calendar (within 1-2 days of the sighted/Umm al-Qura date) or
 * day 30 of a 29-day Umm al-Qura month (the day after its 29th), -1 when the date does
 * not exist. */
int ak_cal_hijri_days(int y, int m, int d, int32_t *days);
int ak_cal_hijri_from_days(int32_t days, int *y, int *m, int *d);
#endif
