/* cmd_dups.c: `akhbar dups`, a thin shell over the library.
 * Not built yet: reports so and exits with the usage code. */
#include "commands.h"

#include <stdio.h>

int cmd_dups(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "akhbar dups: not available in this build yet\n");
    return EXIT_USAGE;
}
