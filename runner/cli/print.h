/* print.h — the lower layers' results as the commands print them.  The
 * libraries below cli/ return data and errors; the words on the terminal
 * are written here and in the cmd_*.c files. */
#ifndef GAUNTLET_PRINT_H
#define GAUNTLET_PRINT_H

#include <stdio.h>

#include "session/integrity.h"

/* The verdict as the text output of `gauntlet grade` shows it: one line
 * ("integrity: verified ...", "integrity: TAMPERED ...", "integrity:
 * unverified ..."), then each finding indented; t (may be NULL) adds the
 * journal's submit time and lateness. */
void gnt_integrity_print(FILE *f, const struct gnt_integrity *ig, const struct gnt_journal_times *t);

#endif
