/* calendar.c: Gregorian day numbers, ISO weeks, and Hijri to Gregorian conversion.
 * Hijri uses the Umm al-Qura month starts where known, the tabular calendar elsewhere. */
#include "time/calendar.h"

/* Umm al-Qura: first day of each month (days since 1970-01-01), 1420..1451 AH.
 * Copied from data/time/ummalqura.csv (see its header for the source). */
static const int32_t uq_first_year = 1420;
static const int32_t uq_table[][12] = {
    {10698, 10727, 10757, 10786, 10815, 10845, 10874, 10904, 10934, 10964, 10994, 11023}, /* 1420 */
    {11053, 11082, 11111, 11141, 11170, 11199, 11228, 11258, 11288, 11318, 11348, 11377}, /* 1421 */
    {11407, 11437, 11466, 11495, 11525, 11554, 11583, 11612, 11642, 11672, 11702, 11731}, /* 1422 */
    {11761, 11791, 11820, 11850, 11879, 11909, 11938, 11967, 11997, 12026, 12056, 12085}, /* 1423 */
    {12115, 12145, 12174, 12204, 12234, 12263, 12293, 12322, 12351, 12381, 12410, 12440}, /* 1424 */
    {12469, 12499, 12528, 12558, 12588, 12617, 12647, 12676, 12706, 12736, 12765, 12795}, /* 1425 */
    {12824, 12853, 12883, 12912, 12942, 12971, 13001, 13031, 13060, 13090, 13120, 13149}, /* 1426 */
    {13179, 13208, 13237, 13267, 13296, 13326, 13355, 13385, 13415, 13444, 13474, 13504}, /* 1427 */
    {13533, 13563, 13592, 13621, 13651, 13680, 13709, 13739, 13769, 13799, 13828, 13858}, /* 1428 */
    {13888, 13917, 13947, 13976, 14005, 14035, 14064, 14093, 14123, 14153, 14182, 14212}, /* 1429 */
    {14242, 14271, 14301, 14331, 14360, 14389, 14419, 14448, 14478, 14507, 14537, 14566}, /* 1430 */
    {14596, 14625, 14655, 14685, 14714, 14744, 14773, 14803, 14832, 14862, 14891, 14920}, /* 1431 */
    {14950, 14979, 15009, 15039, 15069, 15098, 15128, 15157, 15187, 15216, 15246, 15275}, /* 1432 */
    {15304, 15334, 15363, 15393, 15423, 15452, 15482, 15512, 15541, 15571, 15600, 15630}, /* 1433 */
    {15659, 15688, 15718, 15747, 15777, 15806, 15836, 15866, 15895, 15925, 15955, 15984}, /* 1434 */
    {16013, 16043, 16072, 16102, 16131, 16161, 16190, 16220, 16249, 16279, 16309, 16338}, /* 1435 */
    {16368, 16397, 16427, 16456, 16486, 16515, 16545, 16574, 16604, 16633, 16663, 16692}, /* 1436 */
    {16722, 16752, 16781, 16811, 16841, 16870, 16899, 16929, 16958, 16988, 17017, 17046}, /* 1437 */
    {17076, 17106, 17135, 17165, 17195, 17225, 17254, 17283, 17313, 17342, 17371, 17401}, /* 1438 */
    {17430, 17460, 17489, 17519, 17549, 17579, 17608, 17638, 17667, 17697, 17726, 17755}, /* 1439 */
    {17785, 17814, 17844, 17873, 17903, 17933, 17963, 17992, 18022, 18051, 18081, 18110}, /* 1440 */
    {18139, 18169, 18198, 18228, 18257, 18287, 18317, 18346, 18376, 18406, 18435, 18465}, /* 1441 */
    {18494, 18523, 18553, 18582, 18612, 18641, 18671, 18700, 18730, 18760, 18789, 18819}, /* 1442 */
    {18848, 18878, 18907, 18937, 18966, 18996, 19025, 19055, 19084, 19114, 19143, 19173}, /* 1443 */
    {19203, 19232, 19262, 19291, 19321, 19351, 19380, 19409, 19439, 19468, 19498, 19527}, /* 1444 */
    {19557, 19586, 19616, 19646, 19676, 19705, 19735, 19764, 19793, 19823, 19852, 19881}, /* 1445 */
    {19911, 19940, 19970, 20000, 20030, 20059, 20089, 20119, 20148, 20177, 20207, 20236}, /* 1446 */
    {20265, 20295, 20324, 20354, 20384, 20414, 20443, 20473, 20502, 20532, 20561, 20591}, /* 1447 */
    {20620, 20649, 20679, 20708, 20738, 20768, 20797, 20827, 20857, 20886, 20916, 20945}, /* 1448 */
    {20975, 21004, 21033, 21063, 21092, 21122, 21151, 21181, 21211, 21240, 21270, 21300}, /* 1449 */
    {21329, 21359, 21388, 21418, 21447, 21476, 21506, 21535, 21565, 21594, 21624, 21654}, /* 1450 */
    {21683, 21713, 21743, 21773, 21802, 21831, 21861, 21890, 21919, 21949, 21979, 22008}, /* 1451 */
};
#define UQ_YEARS ((int32_t)(sizeof uq_table / sizeof uq_table[0]))

int32_t ak_cal_days(int y, int m, int d)
{
    /* days from civil (proleptic Gregorian), valid for any year */
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t mp = (m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void ak_cal_ymd(int32_t days, int *y, int *m, int *d)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int ak_cal_month_len(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2)
        return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28;
    return len[(m - 1) % 12];
}

int ak_cal_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= ak_cal_month_len(y, m);
}

int ak_cal_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (ISO 4) */
    int w = (int)((((int64_t)days % 7) + 7 + 3) % 7);
    return w + 1;
}

void ak_cal_iso_week(int32_t days, int *wy, int *wn)
{
    int wd = ak_cal_weekday(days);
    int32_t thu = days - (wd - 1) + 3; /* the Thursday of this ISO week */
    int y, m, d;
    ak_cal_ymd(thu, &y, &m, &d);
    *wy = y;
    *wn = (int)((thu - ak_cal_days(y, 1, 1)) / 7) + 1;
}

static int32_t tabular_days(int y, int m, int d)
{
    /* arithmetical (civil) Islamic calendar, epoch Julian day 1948440 */
    int64_t jdn = (int64_t)d + (59 * (m - 1) + 1) / 2 + 354LL * (y - 1) + (3 + 11LL * y) / 30 + 1948439;
    return (int32_t)(jdn - 2440588);
}

int ak_cal_hijri_days(int y, int m, int d, int32_t *days)
{
    if (y < 1 || y > 2000 || m < 1 || m > 12 || d < 1 || d > 30)
        return -1;
    if (y >= uq_first_year && y - uq_first_year < UQ_YEARS) {
        const int32_t *row = uq_table[y - uq_first_year];
        int32_t next = m < 12 ? row[m] : (y - uq_first_year + 1 < UQ_YEARS ? uq_table[y - uq_first_year + 1][0] : row[11] + 30);
        *days = row[m - 1] + d - 1;
        /* day 30 of a 29-day month ("من 1 إلى 30 /11 / 1436هـ"): written by those who count
         * thirty days to each month, it is the day after the 29th, a tabular reckoning */
        return *days < next ? 1 : 0;
    }
    if (d == 30 && (m % 2 == 0) && m != 12)
        return -1;
    *days = tabular_days(y, m, d);
    return 0;
}

int ak_cal_hijri_from_days(int32_t days, int *y, int *m, int *d)
{
    /* find the Umm al-Qura month containing the day, else invert the tabular rule */
    if (days >= uq_table[0][0] && days < uq_table[UQ_YEARS - 1][11] + 29) {
        for (int32_t i = UQ_YEARS - 1; i >= 0; i--)
            for (int j = 11; j >= 0; j--)
                if (days >= uq_table[i][j]) {
                    *y = uq_first_year + i;
                    *m = j + 1;
                    *d = days - uq_table[i][j] + 1;
                    return 1;
                }
    }
    int64_t jdn = (int64_t)days + 2440588;
    int yy = (int)((30 * (jdn - 1948439) + 10646) / 10631);
    int mm = 1;
    for (int k = 12; k >= 1; k--)
        if (tabular_days(yy, k, 1) <= days) {
            mm = k;
            break;
        }
    *y = yy;
    *m = mm;
    *d = days - tabular_days(yy, mm, 1) + 1;
    return 0;
}
