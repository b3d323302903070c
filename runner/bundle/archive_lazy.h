/* archive_lazy.h — libarchive is loaded on first use (archive_lazy.c). */
#ifndef GAUNTLET_ARCHIVE_LAZY_H
#define GAUNTLET_ARCHIVE_LAZY_H

#include <stdbool.h>

/* True once libarchive has been loaded into this process (tests use it to
 * prove that commands which need no archive never load it). */
bool gnt_archive_loaded(void);

#endif
