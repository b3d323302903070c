/* archive_lazy.h — libarchive is loaded on first use (archive_lazy.c). */
#ifndef GAUNTLET_ARCHIVE_LAZY_H
#define GAUNTLET_ARCHIVE_LAZY_H

#include <stdbool.h>
#include <stddef.h>

/* Load libarchive and resolve every function gauntlet uses; once loaded,
 * later calls return 0 at once.  0, or -ELIBACC / -ELIBBAD with one line
 * in err (the library is missing or too old). */
int gnt_archive_load(char *err, size_t errsz);

/* True once libarchive has been loaded into this process (tests use it to
 * prove that commands which need no archive never load it). */
bool gnt_archive_loaded(void);

#endif
