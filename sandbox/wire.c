/* wire.c — a run's request as bytes, for a prepared sandbox of a pool
 * (pool.c): the jail's limits (the disk's too), policy, network mode,
 * resolved dirs and workdir, environment and argv.  Redirections travel as descriptors, not
 * here.  Decoding rebuilds the jail through the public setters, so a
 * request gets exactly the validation a direct caller gets, and refuses
 * anything malformed: short, long, a string with a NUL, counts past the
 * end. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_MAGIC 0x57544e47u /* "GNTW" */

struct buf {
        char *p;
        size_t len, cap;
        bool failed;
};

static void put(struct buf *b, const void *data, size_t n)
{
        if (b->failed || n == 0)
                return;
        if (b->len + n > b->cap) {
                size_t cap = b->cap ? b->cap : 512;
                while (cap < b->len + n)
                        cap *= 2;
                char *p = realloc(b->p, cap);
                if (!p) {
                        b->failed = true;
                        return;
                }
                b->p = p;
                b->cap = cap;
        }
        memcpy(b->p + b->len, data, n);
        b->len += n;
}

static void put_u32(struct buf *b, uint32_t v)
{
        put(b, &v, sizeof v);
}

static void put_str(struct buf *b, const char *s)
{
        size_t n = s ? strlen(s) : 0;
        if (n > SBX__WIRE_MAX) {
                b->failed = true;
                return;
        }
        put_u32(b, s ? (uint32_t)n : UINT32_MAX);
        put(b, s, n);
}

int sbx__wire_encode(const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                     const char *const *argv, char **ret, size_t *ret_len)
{
        struct buf b = {0};
        size_t argc = 0;
        while (argv[argc])
                argc++;
        put_u32(&b, WIRE_MAGIC);
        put_u32(&b, SBX__WIRE_VERSION);
        put(&b, &j->cpu_s, sizeof j->cpu_s);
        put(&b, &j->wall_s, sizeof j->wall_s);
        put(&b, &j->mem_mib, sizeof j->mem_mib);
        put(&b, &j->fsize_mib, sizeof j->fsize_mib);
        put(&b, &j->output_mib, sizeof j->output_mib);
        put(&b, &j->disk_mib, sizeof j->disk_mib);
        put(&b, &j->disk_files, sizeof j->disk_files);
        put_u32(&b, j->procs);
        put_u32(&b, j->nofile);
        put_u32(&b, (uint32_t)j->cpu_affinity);
        put_u32(&b, (uint32_t)j->policy);
        put_u32(&b, (uint32_t)j->net);
        put_str(&b, workdir);
        put_u32(&b, (uint32_t)j->ndirs);
        for (size_t i = 0; i < j->ndirs; i++) {
                put_u32(&b, dirs[i].rw);
                put_str(&b, dirs[i].path);
        }
        put_u32(&b, (uint32_t)j->nenv);
        for (size_t i = 0; i < j->nenv; i++)
                put_str(&b, j->env[i]);
        put_u32(&b, (uint32_t)argc);
        for (size_t i = 0; i < argc; i++)
                put_str(&b, argv[i]);
        if (b.failed || b.len > SBX__WIRE_MAX) {
                free(b.p);
                return b.failed && b.len <= SBX__WIRE_MAX ? -ENOMEM : -E2BIG;
        }
        *ret = b.p;
        *ret_len = b.len;
        return 0;
}

struct rd {
        const char *p;
        size_t left;
};

static int get(struct rd *r, void *out, size_t n)
{
        if (r->left < n)
                return -EBADMSG;
        memcpy(out, r->p, n);
        r->p += n;
        r->left -= n;
        return 0;
}

static int get_u32(struct rd *r, uint32_t *v)
{
        return get(r, v, sizeof *v);
}

/* A string (malloc'd into *out, NULL when absent and allow_null). */
static int get_str(struct rd *r, char **out, bool allow_null)
{
        uint32_t n;
        *out = NULL;
        if (get_u32(r, &n) < 0)
                return -EBADMSG;
        if (n == UINT32_MAX)
                return allow_null ? 0 : -EBADMSG;
        if (n > r->left || memchr(r->p, '\0', n))
                return -EBADMSG;
        char *s = malloc((size_t)n + 1);
        if (!s)
                return -ENOMEM;
        memcpy(s, r->p, n);
        s[n] = '\0';
        r->p += n;
        r->left -= n;
        *out = s;
        return 0;
}

static void free_argv(char **argv)
{
        for (size_t i = 0; argv && argv[i]; i++)
                free(argv[i]);
        free(argv);
}

int sbx__wire_decode(const void *data, size_t len, struct sbx_jail **ret_jail, char ***ret_argv)
{
        struct rd r = {data, len};
        uint32_t magic, version, procs, nofile, affinity, policy, net, n;
        double cpu, wall;
        uint64_t mem, fsize, output, disk_mib, disk_files;
        char *s = NULL, **argv = NULL;
        if (len > SBX__WIRE_MAX || get_u32(&r, &magic) < 0 || get_u32(&r, &version) < 0 ||
            magic != WIRE_MAGIC || version != SBX__WIRE_VERSION)
                return -EPROTO;
        struct sbx_jail *j = sbx_jail_new();
        if (!j)
                return -ENOMEM;
        int rc = -EBADMSG;
        if (get(&r, &cpu, sizeof cpu) < 0 || get(&r, &wall, sizeof wall) < 0 ||
            get(&r, &mem, sizeof mem) < 0 || get(&r, &fsize, sizeof fsize) < 0 ||
            get(&r, &output, sizeof output) < 0 || get(&r, &disk_mib, sizeof disk_mib) < 0 ||
            get(&r, &disk_files, sizeof disk_files) < 0 || get_u32(&r, &procs) < 0 || get_u32(&r, &nofile) < 0 ||
            get_u32(&r, &affinity) < 0 || get_u32(&r, &policy) < 0 || get_u32(&r, &net) < 0)
                goto fail;
        if (sbx_jail_set_cpu(j, cpu) < 0 || sbx_jail_set_wall(j, wall) < 0 || sbx_jail_set_mem(j, mem) < 0 ||
            sbx_jail_set_fsize(j, fsize) < 0 || sbx_jail_set_output(j, output) < 0 ||
            sbx_jail_set_disk(j, disk_mib, disk_files) < 0 ||
            sbx_jail_set_procs(j, procs) < 0 || sbx_jail_set_nofile(j, nofile) < 0 ||
            sbx_jail_set_cpu_affinity(j, (int)affinity) < 0 || sbx_jail_set_policy(j, policy) < 0 ||
            sbx_jail_set_net(j, net) < 0) {
                rc = -EINVAL;
                goto fail;
        }
        if ((rc = get_str(&r, &s, true)) < 0)
                goto fail;
        if (s && (rc = sbx_jail_set_workdir(j, s)) < 0)
                goto fail;
        free(s);
        s = NULL;
        rc = -EBADMSG;
        if (get_u32(&r, &n) < 0 || n > r.left / 8)
                goto fail;
        for (uint32_t i = 0; i < n; i++) {
                uint32_t rw;
                if (get_u32(&r, &rw) < 0 || rw > 1 || (rc = get_str(&r, &s, false)) < 0 ||
                    (rc = sbx_jail_add_dir(j, s, rw)) < 0)
                        goto fail;
                free(s);
                s = NULL;
                rc = -EBADMSG;
        }
        if (get_u32(&r, &n) < 0 || n > r.left / 4)
                goto fail;
        for (uint32_t i = 0; i < n; i++) {
                if ((rc = get_str(&r, &s, false)) < 0 || (rc = sbx_jail_add_env(j, s)) < 0)
                        goto fail;
                free(s);
                s = NULL;
                rc = -EBADMSG;
        }
        if (get_u32(&r, &n) < 0 || n == 0 || n > r.left / 4)
                goto fail;
        argv = calloc((size_t)n + 1, sizeof *argv);
        if (!argv) {
                rc = -ENOMEM;
                goto fail;
        }
        for (uint32_t i = 0; i < n; i++)
                if ((rc = get_str(&r, &argv[i], false)) < 0)
                        goto fail;
        rc = -EBADMSG;
        if (r.left != 0 || !argv[0][0])
                goto fail;
        *ret_jail = j;
        *ret_argv = argv;
        return 0;
fail:
        free(s);
        free_argv(argv);
        sbx_jail_free(j);
        return rc;
}

void sbx__wire_free_argv(char **argv)
{
        free_argv(argv);
}
