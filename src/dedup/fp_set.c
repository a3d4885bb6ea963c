/* fp_set.c: read access to a fingerprint's shingle set, so a distributed run can key
 * a shuffle on the same sampled passage keys as the store's candidate search. */
#include "dedup/dedup_internal.h"

AK_API const uint64_t *ak_fp_shingle_set(const ak_fp *fp, size_t *n)
{
    if (n) *n = fp ? fp->nset : 0;
    return fp ? fp->set : NULL;
}
