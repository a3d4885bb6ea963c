/* limits.c: the process-wide resource limits (ak_limits, docs/reliability.md):
 * defaults every stage reads, so one setting bounds the whole pipeline. */
#include "akhbar.h"

static ak_limits g_limits = {
    .max_record = (size_t)10 << 20,
    .max_batch_bytes = (size_t)64 << 20,
    .sentence_tokens = 1000,
};

AK_API void ak_limits_get(ak_limits *out)
{
    if (out) *out = g_limits;
}

AK_API void ak_limits_set(const ak_limits *in)
{
    if (!in) return;
    if (in->max_record) g_limits.max_record = in->max_record;
    if (in->max_batch_bytes) g_limits.max_batch_bytes = in->max_batch_bytes;
    if (in->sentence_tokens) g_limits.sentence_tokens = in->sentence_tokens;
}
