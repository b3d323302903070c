/* gopublic.c — the build of a Go public test run (gopublic.h): staged as
 * the run stages it, linked as `go test` links a binary it runs once, and
 * started from the last run's binary, which the go command takes as it is
 * when its build ID says it was linked from the same inputs. */
#include "gopublic.h"

#include "sbx_file.h"
#include "warm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The go command reads a binary's build ID from its first 32 KiB (the
 * ELF note comes first); the ID ends in a hash of the whole content. */
#define HEAD_MAX 32768u

struct kept {
        char slot[PATH_MAX];         /* <cache>/public/ID@VERSION.test, "" when there is none */
        char *head;                  /* the first bytes of what was placed, NULL when nothing */
        size_t head_len;
};

/* Choose the slot of c's problem, and put what it holds at bin for the
 * build to find there: a hard link, else a copy.  Two sessions of one
 * problem share the slot: each may link again after the other's run.
 * Sharing the inode is safe: the build sees bin through an overlay (a
 * write copies it up), its copy-back renames new files in, and the test
 * run sees bin's folder read-only. */
static void kept_place(const struct grd_ctx *c, const char *bin, struct kept *k)
{
        char name[GRD_CACHE_NAME_MAX];
        grd_cache_name(c->p, name, sizeof name);
        char dir[PATH_MAX];
        int n = snprintf(dir, sizeof dir, "%s/%s", c->o->cache_dir, GRD_PUBLIC_BIN_DIR);
        if (n < 0 || (size_t)n >= sizeof dir || (mkdir(dir, 0700) < 0 && errno != EEXIST))
                return;
        n = snprintf(k->slot, sizeof k->slot, "%s/%s.test", dir, name);
        if (n < 0 || (size_t)n >= sizeof k->slot) {
                k->slot[0] = '\0';
                return;
        }
        char *head = NULL;
        size_t len = 0;
        if (sbx_file_read(k->slot, HEAD_MAX, SBX_FILE_HEAD, &head, &len) < 0)
                return;
        /* the go command will not write over a file of another kind */
        if (len < 4 || memcmp(head, "\177ELF", 4) != 0) {
                free(head);
                return;
        }
        if (link(k->slot, bin) < 0) {
                char *data = NULL;
                size_t dlen = 0;
                int rc = sbx_file_read(k->slot, GRD_PUBLIC_BIN_MAX, 0, &data, &dlen);
                if (rc == 0)
                        rc = sbx_file_write_atomic(bin, NULL, 0, data, dlen, 0755, 0);
                free(data);
                if (rc < 0) {
                        free(head);
                        return;
                }
        }
        /* whatever the umask was: the build's and the run's programs may
         * be host uids of their own (a root caller), and must read it */
        if (chmod(bin, 0755) < 0) {
                (void)unlink(bin);
                free(head);
                return;
        }
        k->head = head;
        k->head_len = len;
}

/* After the build: when it succeeded, keep bin in the slot unless it is
 * the binary placed (the same build ID: the same content); when it failed
 * having found one placed, empty the slot (whatever stood in its way is
 * gone). */
static void kept_update(struct kept *k, const char *bin, bool built)
{
        if (!k->slot[0])
                return;
        if (!built) {
                if (k->head)
                        (void)unlink(k->slot);
                return;
        }
        char *data = NULL;
        size_t len = 0;
        if (k->head && sbx_file_read(bin, HEAD_MAX, SBX_FILE_HEAD, &data, &len) == 0 && len == k->head_len &&
            memcmp(data, k->head, len) == 0) {
                free(data);
                return;
        }
        free(data);
        if (sbx_file_read(bin, GRD_PUBLIC_BIN_MAX, 0, &data, &len) < 0)
                return;
        /* synced before it is renamed in: a binary torn by a crash could
         * still carry a build ID that passes for current */
        (void)sbx_file_write_atomic(k->slot, NULL, 0, data, len, 0755, SBX_FILE_SYNC);
        free(data);
}

/* The go command of a fresh HOME starts its telemetry child on every run
 * (about 35 ms of CPU beside the build): a mode file says "off". */
static int telemetry_off(struct grd_ctx *c)
{
        static const char *const sub[] = {"home/.config", "home/.config/go", "home/.config/go/telemetry"};
        char d[PATH_MAX], f[PATH_MAX + 8];
        for (size_t i = 0; i < sizeof sub / sizeof *sub; i++) {
                int rc = grd_ctx_mkdir(c, sub[i], d);
                if (rc < 0)
                        return rc;
        }
        snprintf(f, sizeof f, "%s/mode", d);
        int rc = grd_write_file(f, "off\n");
        if (rc < 0)
                snprintf(c->err, sizeof c->err, "cannot write '%s': %s", f, strerror(-rc));
        return rc;
}

int grd_public_build(struct grd_ctx *c, const char *code_dir, const char *src, const char *bin, bool *rejected,
                     struct grd_build *ret)
{
        *rejected = false;
        /* fixed: the same inputs every run, so unchanged code is cached */
        memcpy(c->nonce, GRD_PUBLIC_NONCE, sizeof c->nonce);
        int rc = grd_stage_solution(c, code_dir, src);
        if (rc == 0)
                rc = grd_go_package(c, src, c->pkg, sizeof c->pkg);
        if (rc < 0) {
                *rejected = true;
                return rc;
        }
        if ((rc = grd_stage_tests(c, c->p->public_tests, src)) < 0 || (rc = grd_write_testmain(c, src)) < 0 ||
            (rc = telemetry_off(c)) < 0)
                return rc;
        /* run once and deleted, as go test's own: no symbols, no DWARF */
        c->strip = true;
        struct kept k = {0};
        kept_place(c, bin, &k);
        rc = grd_go_build(c, src, bin, false, ret);
        c->strip = false;
        if (rc == 0)
                kept_update(&k, bin, ret->ok);
        free(k.head);
        return rc;
}
