/* cluster.h: what the story step reads of the clusterer beyond the public API:
 * the stories made final while articles are still being added, so their titles,
 * summaries and timelines can be written while the clustering goes on. */
#ifndef AK_STORY_CLUSTER_H
#define AK_STORY_CLUSTER_H
#include <stddef.h>
#include <stdint.h>

#include "akhbar.h"

/* One final story: the index of its earliest article (whose id is the story id)
 * and its articles' indices, in the order they were added. Indices count
 * ak_clusterer_add calls from 0. A nonzero return stops the drain with it. */
typedef int (*ak_final_story_cb)(void *ctx, uint32_t first, const uint32_t *members, size_t n);

/* From now on, stories the clusterer retires are queued as final: a retired story
 * is never a candidate again, so no later article can join or merge it (an
 * article given with dup_of can still follow its original into one: the story
 * step gives none). */
void ak_clusterer_track_final(ak_clusterer *c);

/* Gives each story queued since the last call to cb, then, with all = 1, every
 * story still open (the input is over: add nothing after). Each root story is
 * given once. Returns AK_OK, AK_ENOMEM or cb's code. */
int ak_clusterer_drain_final(ak_clusterer *c, int all, ak_final_story_cb cb, void *ctx);

#endif
