/* store.c — hashes, blobs and crash-safe file writes for sessions.  Every
 * write that a later journal entry refers to is on disk (fsync'd, folder
 * included) before that entry is written. */
#include "store.h"

#include "files.h"
#include "scratch.h"
#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void gnt_session_hash(const void *buf, size_t len, char out[GNT_HASH_HEX])
{
        unsigned char h[32];
        crypto_generichash(h, sizeof h, buf, len, NULL, 0);
        static const char hex[] = "0123456789abcdef";
        for (size_t i = 0; i < sizeof h; i++) {
                out[2 * i] = hex[h[i] >> 4];
                out[2 * i + 1] = hex[h[i] & 15];
        }
        out[64] = '\0';
}

bool gnt_session_hash_valid(const char *s)
{
        if (!s || strlen(s) != 64)
                return false;
        for (size_t i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

int gnt_session_blob_put(const char *blob_dir, const void *buf, size_t len, char out[GNT_HASH_HEX])
{
        char h[GNT_HASH_HEX], path[PATH_MAX];
        gnt_session_hash(buf, len, h);
        if (snprintf(path, sizeof path, "%s/%s", blob_dir, h) >= (int)sizeof path)
                return -ENAMETOOLONG;
        struct stat st;
        /* Same name means same content (the name is its hash); a blob of the
         * wrong size was torn by a crash and is written again. */
        if (!(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)) {
                int r = sbx_file_write_atomic(path, NULL, 0, buf, len, 0444, SBX_FILE_SYNC);
                if (r < 0)
                        return r;
        }
        memcpy(out, h, GNT_HASH_HEX);
        return 0;
}

int gnt_session_blob_get(const char *blob_dir, const char *hash, char **ret, size_t *ret_len)
{
        char path[PATH_MAX], h[GNT_HASH_HEX];
        if (!gnt_session_hash_valid(hash))
                return -EINVAL;
        snprintf(path, sizeof path, "%s/%s", blob_dir, hash);
        char *buf;
        size_t len;
        int r = sbx_file_read(path, (size_t)64 << 20, 0, &buf, &len);
        if (r < 0)
                return r;
        gnt_session_hash(buf, len, h);
        if (strcmp(h, hash) != 0) {
                free(buf);
                return -EBADMSG;
        }
        *ret = buf;
        *ret_len = len;
        return 0;
}

int gnt_session_mkdtemp(const char *what, struct grd_scratch *ret, char *buf, size_t size)
{
        char prefix[64];
        ret->path[0] = '\0';
        if (snprintf(prefix, sizeof prefix, "gauntlet-%s-", what) >= (int)sizeof prefix)
                return -ENAMETOOLONG;
        int r = grd_scratch_create(grd_scratch_parent(), prefix, false, ret, NULL, 0);
        if (r < 0)
                return r;
        /* the caller's files apart from the lock: a tree hashed or graded
         * here sees only them */
        if (snprintf(buf, size, "%s/work", ret->path) >= (int)size)
                return -ENAMETOOLONG;
        return mkdir(buf, 0700) < 0 ? -errno : 0;
}
