/* cli_store.c: opening the database for the commands that read the persisted
 * analysis (stories, summarize, timeline, entities): never creating one by accident. */
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "akhbar.h"

int cli_open_existing_db(const char *cmd, const char *path, ak_db **db)
{
    struct stat st;
    if (!strstr(path, "://") && stat(path, &st) != 0) { /* a server URL is checked by opening it */
        fprintf(stderr, "akhbar %s: %s: no such database (run `akhbar run --db %s INPUT...` first)\n", cmd, path, path);
        return EXIT_BAD_INPUT;
    }
    if (ak_db_open(db, path) != AK_OK) {
        fprintf(stderr, "akhbar %s: %s\n", cmd, ak_last_error()); /* the message names the store */
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}
