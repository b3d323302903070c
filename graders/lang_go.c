/* lang_go.c — the Go language driver: the toolchain, go test -c and
 * go build of a package in the sandbox (build policy, no network, the
 * shared GOCACHE; compilation runs no candidate code), -race as the race
 * tool, go vet and gofmt as vet.  The Go tests' graders are gograde.c's. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void build_step(struct grd_ctx *c, struct grd_step *st, const char *src, bool cgo,
                       char store[][PATH_MAX + 32], const char *extra_rw)
{
        grd_step_init(st, SBX_POLICY_BUILD, &c->p->build_limits, true);
        st->lim.net_loopback = false;
        st->workdir = src;
        st->dirs[0] = c->go.goroot;
        st->rw_dirs[0] = c->work;
        st->rw_dirs[1] = c->gocache;
        st->rw_dirs[2] = extra_rw;
        grd_go_env(c, st, cgo, store, 8);
}

/* go test -c (test) or go build of the package in src. */
static int go_compile(struct grd_ctx *c, const char *src, const char *bin, bool test, bool race,
                      struct grd_build *ret)
{
        struct grd_build b = {0};
        snprintf(b.bin, sizeof b.bin, "%s", bin);
        char bindir[PATH_MAX];
        snprintf(bindir, sizeof bindir, "%s", bin);
        *strrchr(bindir, '/') = '\0';
        struct grd_step st;
        char store[8][PATH_MAX + 32];
        build_step(c, &st, src, race, store, strncmp(bindir, c->work, strlen(c->work)) ? bindir : NULL);
        const char *argv[12];
        size_t k = 0;
        argv[k++] = c->go.path;
        if (test) {
                argv[k++] = "test";
                argv[k++] = "-c";
        } else {
                argv[k++] = "build";
        }
        argv[k++] = "-trimpath";
        if (test)
                argv[k++] = "-vet=off";
        if (test && c->strip)
                argv[k++] = "-ldflags=-s -w";
        argv[k++] = "-o";
        argv[k++] = bin;
        if (race)
                argv[k++] = "-race";
        argv[k++] = ".";
        argv[k] = NULL;
        struct sbx_result res;
        char *out = NULL;
        double t0 = grd_now();
        int rc = grd_step_run(c, &st, argv, &res, &out, NULL);
        b.secs = grd_now() - t0;
        if (rc < 0)
                return rc;
        b.ok = res.status == SBX_STATUS_OK && access(bin, X_OK) == 0;
        if (!b.ok && res.status != SBX_STATUS_NONZERO_EXIT) {
                struct grd_buf m = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
                grd_buf_addf(&m, "[gauntlet] the build ended with '%s'%s%s\n", sbx_status_name(res.status),
                             res.message[0] ? ": " : "", res.message);
                if (out)
                        grd_buf_adds(&m, out);
                free(out);
                out = grd_buf_steal(&m);
        }
        if (out && strlen(out) > GRD_EVIDENCE_MAX)
                out[GRD_EVIDENCE_MAX] = '\0';
        b.output = out;
        *ret = b;
        return 0;
}

int grd_go_build(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret)
{
        return go_compile(c, src, bin, true, race, ret);
}

int grd_go_build_program(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret)
{
        char pkg[128] = "";
        int rc = grd_go_package(c, src, pkg, sizeof pkg);
        if (rc == -ENOMEM)
                return rc;
        if (rc < 0 || strcmp(pkg, "main") != 0) {
                /* go build of a library would write no program: say why */
                char msg[256];
                snprintf(msg, sizeof msg, "[gauntlet] the program must be package main, %s%s\n",
                         rc < 0 ? "no package clause was found" : "found package ", rc < 0 ? "" : pkg);
                c->err[0] = '\0';
                struct grd_build b = {0};
                snprintf(b.bin, sizeof b.bin, "%s", bin);
                if (!(b.output = strdup(msg)))
                        return -ENOMEM;
                *ret = b;
                return 0;
        }
        return go_compile(c, src, bin, false, race, ret);
}

int grd_go_vet(struct grd_ctx *c, const char *code, struct grd_result *r)
{
        double t0 = grd_now();
        char dir[PATH_MAX];
        int rc = grd_ctx_mkdir(c, "vet", dir);
        if (rc < 0 || (rc = grd_stage_solution(c, code, dir)) < 0)
                return rc;
        grd_progress(c, "vet: go vet and gofmt");
        struct grd_step st;
        char store[8][PATH_MAX + 32];
        build_step(c, &st, dir, false, store, NULL);
        const char *argv[] = {c->go.path, "vet", ".", NULL};
        struct sbx_result res;
        char *out = NULL;
        if ((rc = grd_step_run(c, &st, argv, &res, &out, NULL)) < 0)
                return rc;
        bool vet_ok = res.status == SBX_STATUS_OK;
        char gofmt[PATH_MAX];
        snprintf(gofmt, sizeof gofmt, "%s/bin/gofmt", c->go.goroot);
        /* the solution's own files: not a staged vendor/ tree */
        char **names = NULL;
        long nn = grd_list_suffix(dir, ".go", false, &names);
        const char **fargv = nn < 0 ? NULL : calloc((size_t)nn + 4, sizeof *fargv);
        if (!fargv) {
                grd_strv_free(names, nn > 0 ? (size_t)nn : 0);
                free(out);
                return nn < 0 ? (int)nn : -ENOMEM;
        }
        fargv[0] = gofmt, fargv[1] = "-l", fargv[2] = "-d";
        for (long i = 0; i < nn; i++)
                fargv[3 + i] = names[i];
        struct sbx_result fres;
        char *fout = NULL;
        rc = grd_step_run(c, &st, fargv, &fres, &fout, NULL);
        free(fargv);
        grd_strv_free(names, (size_t)nn);
        if (rc < 0) {
                free(out);
                return rc;
        }
        bool fmt_ok = fres.status == SBX_STATUS_OK && (!fout || !*fout);
        if (vet_ok && fmt_ok)
                grd_result_set(r, GRD_VERDICT_PASS, 1, "go vet and gofmt are clean");
        else
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "%s%s%s", vet_ok ? "" : "go vet reports problems",
                               !vet_ok && !fmt_ok ? "; " : "", fmt_ok ? "" : "gofmt would reformat files");
        if (!vet_ok) {
                grd_result_evidence(r, "go vet:");
                grd_result_evidence(r, out ? out : "(no output)");
        }
        if (!fmt_ok) {
                grd_result_evidence(r, "gofmt -l -d:");
                grd_result_evidence(r, fout ? fout : "(no output)");
        }
        free(out);
        free(fout);
        r->wall_s = grd_now() - t0;
        return 0;
}

static int go_find(struct grd_ctx *c)
{
        if (grd_go_find(NULL, &c->go) < 0) {
                snprintf(c->err, sizeof c->err, "no Go toolchain found (set GAUNTLET_GO or install Go)");
                return -ENOENT;
        }
        return 0;
}

static bool go_found(const struct grd_ctx *c)
{
        return c->go.path[0] != '\0';
}

static const char *go_version(const struct grd_ctx *c)
{
        return c->go.version;
}

/* A program of its own (a checker): a module at the toolchain's language
 * version. */
static int go_checker_setup(struct grd_ctx *c, const char *dir)
{
        char mod[PATH_MAX], line[64];
        snprintf(mod, sizeof mod, "%s/go.mod", dir);
        snprintf(line, sizeof line, "module checker\n\ngo %d.%d\n", c->go.major, c->go.minor);
        return grd_write_file(mod, line);
}

static int go_vet(struct grd_ctx *c, const char *code, const struct grd_build *b, struct grd_result *r)
{
        (void)b;
        return grd_go_vet(c, code, r);
}

const struct grd_lang grd_lang_go = {
        .id = GRD_LANG_GO,
        .ext = ".go",
        .toolchain = "Go toolchain",
        .find = go_find,
        .found = go_found,
        .version = go_version,
        .build_program = grd_go_build_program,
        .checker_setup = go_checker_setup,
        .race_flag = "-race",
        .race_report = "data race report",
        .race_gomaxprocs = true,
        .vet = go_vet,
};
