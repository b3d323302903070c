/* files.h — what the runner's folders need beyond sbx_file.h (whole-file
 * reads, writes a crash leaves old or new: sbx_file_write_atomic with
 * SBX_FILE_SYNC): an fsync of a folder, mkdir -p. */
#ifndef GAUNTLET_FILES_H
#define GAUNTLET_FILES_H

#include <stddef.h>

/* fsync a folder (after creating or renaming an entry in it).  0 or -errno. */
int gnt_fsync_dir(const char *dir);

/* mkdir -p with mode; 0 or -errno. */
int gnt_mkdirs(const char *path, unsigned mode);

#endif
