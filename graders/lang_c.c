/* lang_c.c — the C language driver: the solution is compiled with the
 * problem's fixed flags (build policy; ThreadSanitizer as the race tool),
 * and vet is "no warnings at -Wall -Wextra" in the plain build's output.
 * C problems are I/O problems: the cases are run and judged by iograde.c. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int grd_c_build(struct grd_ctx *c, const char *src, const char *out_bin, bool race, struct grd_build *ret)
{
        static const char *const plain[] = {"-O2", NULL};
        static const char *const tsan[] = {"-fsanitize=thread", "-g", "-O1", NULL};
        const char *const *extra = race ? tsan : plain;
        struct grd_build b = {0};
        snprintf(b.bin, sizeof b.bin, "%s", out_bin);
        char **files = NULL;
        long nf = grd_list_suffix(src, ".c", false, &files);
        if (nf < 0)
                return (int)nf;
        const char **argv = calloc((size_t)nf + 16, sizeof *argv);
        if (!argv) {
                grd_strv_free(files, (size_t)nf);
                return -ENOMEM;
        }
        size_t k = 0;
        argv[k++] = c->cc.path;
        argv[k++] = "-std=c11";
        for (size_t i = 0; extra[i]; i++)
                argv[k++] = extra[i];
        argv[k++] = "-Wall";
        argv[k++] = "-Wextra";
        argv[k++] = "-pthread";
        for (long i = 0; i < nf; i++)
                argv[k++] = files[i];
        argv[k++] = "-o";
        argv[k++] = out_bin;
        argv[k] = NULL;
        struct grd_step st;
        grd_step_init(&st, SBX_POLICY_BUILD, &c->p->build_limits, true);
        st.lim.net_loopback = false;
        st.workdir = src;
        st.rw_dirs[0] = c->work;
        char tmp[PATH_MAX + 8];
        snprintf(tmp, sizeof tmp, "TMPDIR=%s/tmp", c->work);
        st.env[0] = "PATH=/usr/local/bin:/usr/bin:/bin";
        st.env[1] = tmp;
        st.env[2] = NULL;
        struct sbx_result res;
        char *out = NULL;
        double t0 = grd_now();
        int rc = grd_step_run(c, &st, argv, &res, &out, NULL);
        b.secs = grd_now() - t0;
        free(argv);
        grd_strv_free(files, (size_t)nf);
        if (rc < 0)
                return rc;
        b.ok = res.status == SBX_STATUS_OK && access(out_bin, X_OK) == 0;
        b.output = out;
        *ret = b;
        return 0;
}

/* The build's warnings: grade.c's rules have already failed vet when
 * there is no build (vet_needs). */
static int c_vet(struct grd_ctx *c, const char *code, const struct grd_build *b, struct grd_result *vr)
{
        (void)c;
        (void)code;
        if (b->output && strstr(b->output, "warning:"))
                grd_result_set(vr, GRD_VERDICT_FAIL, 0, "the compiler warns at -Wall -Wextra");
        else
                grd_result_set(vr, GRD_VERDICT_PASS, 1, "no compiler warnings at -Wall -Wextra");
        grd_result_evidence(vr, b->output);
        vr->build_s = vr->wall_s = b->secs;
        return 0;
}

/* The compiler is found with a probe build in work/tmp. */
static int c_find(struct grd_ctx *c)
{
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s/tmp", c->work);
        if (grd_cc_find(tmp, &c->cc) < 0) {
                snprintf(c->err, sizeof c->err, "no C compiler found");
                return -ENOENT;
        }
        return 0;
}

static bool c_found(const struct grd_ctx *c)
{
        return c->cc.path[0] != '\0';
}

static const char *c_version(const struct grd_ctx *c)
{
        return c->cc.version;
}

const struct grd_lang grd_lang_c = {
        .id = GRD_LANG_C,
        .ext = ".c",
        .toolchain = "C compiler",
        .find = c_find,
        .found = c_found,
        .version = c_version,
        .build_program = grd_c_build,
        .race_flag = "-fsanitize=thread",
        .race_report = "ThreadSanitizer report",
        .race_gomaxprocs = false,
        .vet = c_vet,
        .vet_needs = GRD_NEEDS_BUILD | GRD_NEEDS_BUILD_LOG,
};
