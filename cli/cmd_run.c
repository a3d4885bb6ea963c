/* cmd_run.c: `akhbar run`, a thin shell over the library.
 * Not built yet: reports so and exits with the usage code. */
#include "commands.h"

#include <stdio.h>

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "akhbar run: not available in this build yet\n");
    return EXIT_USAGE;
}
