/* compare.h — output comparators for I/O problems: exact, whitespace-
 * tolerant, and float with tolerance.  Pure functions. */
#ifndef GAUNTLET_COMPARE_H
#define GAUNTLET_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

/* Compare got against want with comparator c (GRD_CMP_CHECKER is not
 * handled here: -EINVAL).  Returns 1 when accepted, 0 when not (why: a
 * short description of the first difference, "line 3: expected '4', got
 * '5'"), -EINVAL. */
int grd_compare(enum grd_comparator c, double tolerance, const char *got, size_t got_len,
                const char *want, size_t want_len, char *why, size_t why_len);

#endif
