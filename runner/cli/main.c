/* main.c — the gauntlet executable; everything happens behind gnt_main(). */
#include "cli.h"

int main(int argc, char **argv)
{
        return gnt_main(argc, argv);
}
