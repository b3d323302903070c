/* fuzz_extract.c — libFuzzer target for bundle extraction.  An input
 * starting with '#' is a text spec (see tests/bundle/archive_spec.h) made
 * into an archive first, so the seeds stay readable and the fuzzer mutates
 * names, types and modes; any other input is taken as raw archive bytes,
 * which exercises libarchive's readers through our limits.  Oracles: on
 * success only the target exists in the scratch folder, on failure nothing
 * does, no error spans lines, and the in-memory reader (gnt_bundle_read)
 * accepts whatever extraction accepts. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive_spec.h"
#include "bundle.h"
#include "scratch.h"
#include "sbx_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[256];

static int entries(const char *dir)
{
        DIR *d = opendir(dir);
        int n = 0;
        struct dirent *de;
        if (!d)
                abort();
        while ((de = readdir(d)))
                n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
        closedir(d);
        return n;
}

static void remove_base(void)
{
        sbx_file_rmtree(base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (!base[0]) {
                spec_max_bytes = 4u << 20; /* enough to cross the 1 MiB ratio threshold */
                /* Every run creates and removes files: tmpfs is many times
                 * faster than a disk file system. */
                const char *t = getenv("GAUNTLET_FUZZ_TMP");
                if (!t || !*t)
                        t = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
                snprintf(base, sizeof base, "%s/gauntlet-fuzz-extract-XXXXXX", t && *t ? t : "/tmp");
                if (!mkdtemp(base))
                        abort();
                atexit(remove_base);
        }
        const void *arc = data;
        size_t len = size;
        void *built = NULL;
        if (size > 0 && data[0] == '#') {
                if (!(built = spec_build((const char *)data, size, &len)))
                        return 0;
                arc = built;
        }
        /* Small limits keep each run fast and still cross every check. */
        struct gnt_bundle_limits l = {.entries = 200, .total_bytes = 4u << 20, .file_bytes = 1u << 20, .ratio = 200};
        char dest[300], err[GNT_ERR_MAX] = "";
        snprintf(dest, sizeof dest, "%s/out", base);
        int r = gnt_bundle_extract(arc, len, dest, &l, NULL, err, sizeof err);
        if (entries(base) != (r == 0 ? 1 : 0))
                abort();
        if (r < 0 && (strchr(err, '\n') || !err[0]))
                abort();
        struct gnt_bundle_read_opts o = {.limits = &l};
        struct gnt_bundle_entries m = {0};
        char merr[GNT_ERR_MAX] = "";
        int mr = gnt_bundle_read(arc, len, &o, &m, merr, sizeof merr);
        if ((r == 0 && mr != 0) || (mr < 0 && (strchr(merr, '\n') || !merr[0] || m.v)))
                abort();
        gnt_bundle_entries_release(&m);
        if (r == 0 && sbx_file_rmtree(dest) < 0)
                abort();
        free(built);
        return 0;
}
