/* library.h — the problems of a library folder (the shipped one, or
 * GAUNTLET_PROBLEMS): what `start --area` picks from and what `history`
 * suggests. */
#ifndef GAUNTLET_LIBRARY_H
#define GAUNTLET_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

struct gnt_lib_problem {
        char *dir;            /* absolute folder */
        char *id, *title, *difficulty, *language;
        char **areas;
        size_t n_areas;
};

struct gnt_library {
        struct gnt_lib_problem *p;  /* sorted by folder name */
        size_t n;
};

/* Read every subfolder of dir holding a valid problem.json; folders whose
 * manifest does not load are left out.  0, or -errno with err saying what
 * could not be read. */
int gnt_library_scan(const char *dir, struct gnt_library *ret, char *err, size_t errsz);
void gnt_library_release(struct gnt_library *l);

bool gnt_lib_problem_has_area(const struct gnt_lib_problem *p, const char *area);
/* True when area is one a problem may name. */
bool gnt_area_known(const char *area);

#endif
