/* cmd_tokens.c: `akhbar tokens`, a thin shell over the library.
 * Not built yet: reports so and exits with the usage code. */
#include "commands.h"

#include <stdio.h>

int cmd_tokens(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "akhbar tokens: not available in this build yet\n");
    return EXIT_USAGE;
}
