/* cgrade.c — what is particular to C I/O problems: the solution is
 * compiled with the problem's fixed flags (build policy; ThreadSanitizer
 * for the race grader), and vet is "no warnings at -Wall -Wextra".  The
 * cases are run and judged by iograde.c. */
#include "graders.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int grd_c_build(struct grd_ctx *c, const char *src, bool race, const char *out_bin, struct grd_build *ret)
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

void grd_c_vet(const struct grd_build *b, struct grd_result *vr)
{
        bool warned = b->output && strstr(b->output, "warning:");
        if (!b->ok)
                grd_result_set(vr, GRD_VERDICT_FAIL, 0, "does not compile");
        else if (warned)
                grd_result_set(vr, GRD_VERDICT_FAIL, 0, "the compiler warns at -Wall -Wextra");
        else
                grd_result_set(vr, GRD_VERDICT_PASS, 1, "no compiler warnings at -Wall -Wextra");
        grd_result_evidence(vr, b->output);
        vr->build_s = vr->wall_s = b->secs;
}
