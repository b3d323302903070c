/* suite.c — run a test binary over its tests in the sandbox, re-running
 * what a crash left unrun, and collect results, race reports and the leak
 * block. */
#include "suite.h"

#include "sbx_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void grd_strv_free(char **v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i]);
        free(v);
}

static int add_name(char ***v, size_t *n, const char *s, size_t len)
{
        for (size_t i = 0; i < *n; i++)
                if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
                        return 0;
        char **nv = realloc(*v, (*n + 1) * sizeof *nv);
        if (!nv)
                return -ENOMEM;
        *v = nv;
        if (!(nv[*n] = strndup(s, len)))
                return -ENOMEM;
        (*n)++;
        return 0;
}

long grd_test_names(const char *dir, char ***ret)
{
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **v = NULL;
        size_t n = 0;
        int rc = 0;
        struct dirent *e;
        while (!rc && (e = readdir(d))) {
                size_t l = strlen(e->d_name);
                if (l < 8 || strcmp(e->d_name + l - 8, "_test.go") != 0 || strncmp(e->d_name, "zz_gauntlet", 11) == 0)
                        continue;
                char p[4096], *text;
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                if (sbx_file_read(p, GRD_FILE_MAX, 0, &text, NULL) < 0)
                        continue;
                /* "func TestXxx(t *testing.T)" at the start of a line */
                for (char *s = text; !rc && (s = strstr(s, "func Test")); s += 9) {
                        if (s != text && s[-1] != '\n')
                                continue;
                        const char *name = s + 5;
                        size_t k = 4;
                        while (isalnum((unsigned char)name[k]) || name[k] == '_')
                                k++;
                        if (name[k] != '(' || (k > 4 && islower((unsigned char)name[4])) || !strstr(name + k, "testing.T"))
                                continue;
                        const char *close = strchr(name + k, ')');
                        if (!close || !memmem(name + k, (size_t)(close - name - k), "testing.T", 9))
                                continue;
                        rc = add_name(&v, &n, name, k);
                }
                free(text);
        }
        closedir(d);
        if (rc < 0) {
                grd_strv_free(v, n);
                return rc;
        }
        if (n)
                qsort(v, n, sizeof *v, sbx_file_name_cmp);
        *ret = v;
        return (long)n;
}

void grd_suite_release(struct grd_suite *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n_tests; i++) {
                free(s->tests[i].name);
                free(s->tests[i].output);
                free(s->tests[i].group);
        }
        free(s->tests);
        grd_buf_release(&s->log);
        grd_buf_release(&s->leak_stacks);
        grd_buf_release(&s->race_text);
        memset(s, 0, sizeof *s);
}

#define PENDING ((enum grd_test_status)-1)

/* What one run of the binary told. */
struct one_run {
        struct grd_gotest g;
        bool trusted;      /* m.Run returned 0, said by the nonce line: every test that ran passed */
        bool seen_exit;
        const char *why;   /* the sandbox ended it, or NULL */
        enum grd_test_status killed;
        double wall_s;     /* how long the run took */
};

/* Run bin over the tests sel[0..nsel) once; output, races and the leak
 * block are added to s. */
static int run_once(struct grd_ctx *c, struct grd_suite *s, const char *bin, char *const *sel, size_t nsel,
                    const char *const *env, unsigned count, double mem_factor, struct one_run *ret)
{
        const struct grd_problem *p = c->p;
        double timeout = p->correctness_timeout_s > 0 ? p->correctness_timeout_s : 60;
        char bindir[PATH_MAX], rundir[PATH_MAX], name[32], tflag[64], cflag[32];
        snprintf(bindir, sizeof bindir, "%s", bin);
        *strrchr(bindir, '/') = '\0';
        snprintf(tflag, sizeof tflag, "-test.timeout=%gs", timeout);
        snprintf(cflag, sizeof cflag, "-test.count=%u", count ? count : 1);
        struct grd_buf pattern = GRD_BUF_INIT(0);
        grd_buf_adds(&pattern, "-test.run=^(");
        for (size_t i = 0; i < nsel; i++)
                grd_buf_addf(&pattern, "%s%s", i ? "|" : "", sel[i]);
        if (grd_buf_adds(&pattern, ")$") < 0) {
                grd_buf_release(&pattern);
                return -ENOMEM;
        }
        snprintf(name, sizeof name, "run%u", c->seq++);
        int rc = grd_ctx_mkdir(c, name, rundir);
        if (rc < 0) {
                grd_buf_release(&pattern);
                return rc;
        }
        struct grd_step st;
        grd_step_init(&st, SBX_POLICY_STRICT, &p->run_limits, false);
        st.lim.mem_mib = (uint64_t)((double)st.lim.mem_mib * mem_factor);
        /* the binary's own -test.timeout must fire first: it names the test */
        if (st.lim.wall_s < timeout + 15)
                st.lim.wall_s = timeout + 15;
        if (st.lim.cpu_s && st.lim.cpu_s < timeout + 15)
                st.lim.cpu_s = timeout + 15;
        st.workdir = rundir;
        st.dirs[0] = bindir;
        size_t e = 0;
        char tmp[PATH_MAX + 8], home[PATH_MAX + 8];
        snprintf(tmp, sizeof tmp, "TMPDIR=%s", rundir);
        snprintf(home, sizeof home, "HOME=%s", rundir);
        st.env[e++] = tmp;
        st.env[e++] = home;
        for (size_t i = 0; env && env[i] && e < 20; i++)
                st.env[e++] = env[i];
        st.env[e] = NULL;
        const char *argv[] = {bin, "-test.v=test2json", cflag, tflag, pattern.s, NULL};
        struct sbx_result res;
        char *out = NULL;
        size_t len = 0;
        rc = grd_step_run(c, &st, argv, &res, &out, &len);
        grd_buf_release(&pattern);
        if (rc < 0)
                return rc;
        s->runs++;
        s->last_exit = res.exit_code;
        grd_buf_add(&s->log, out ? out : "", len);

        struct one_run r = {.killed = GRD_TEST_FAIL, .wall_s = res.wall_s};
        struct grd_races rr;
        struct grd_leaks l;
        if (grd_gotest_parse(out ? out : "", len, GRD_TEST_OUTPUT_MAX, &r.g) < 0) {
                free(out);
                return -ENOMEM;
        }
        if (grd_race_parse(out ? out : "", len, 0, &rr) == 0) {
                s->races += rr.n_reports;
                s->race_markers += rr.n_test_markers;
                if (rr.text)
                        grd_buf_adds(&s->race_text, rr.text);
                grd_races_release(&rr);
        }
        if (grd_leak_parse(out ? out : "", len, c->nonce, 0, &l) == 0) {
                r.seen_exit = l.seen_exit;
                r.trusted = l.seen_exit && l.exit_code == 0 && res.status == SBX_STATUS_OK;
                if (l.seen_block) {
                        s->leak_checked = true;
                        if (l.n_leaked > 0) {
                                s->leaked += l.n_leaked;
                                if (l.stacks)
                                        grd_buf_adds(&s->leak_stacks, l.stacks);
                        }
                }
                grd_leaks_release(&l);
        }
        free(out);
        switch (res.status) {
        case SBX_STATUS_TIME_LIMIT:
        case SBX_STATUS_WALL_LIMIT:
                r.why = "killed by the sandbox: time limit";
                r.killed = GRD_TEST_TIMEOUT;
                break;
        case SBX_STATUS_MEMORY_LIMIT:
                r.why = "killed by the sandbox: memory limit";
                break;
        case SBX_STATUS_OUTPUT_LIMIT:
                r.why = "killed by the sandbox: output limit";
                break;
        case SBX_STATUS_FILE_LIMIT:
                r.why = "killed by the sandbox: file size limit";
                break;
        case SBX_STATUS_VIOLATION:
                r.why = "killed by the sandbox: forbidden system call";
                break;
        case SBX_STATUS_SIGNALED:
                r.why = "killed by a signal";
                break;
        default:
                break;
        }
        if (r.why)
                snprintf(s->note, sizeof s->note, "%s%s%s", r.why, res.syscall[0] ? " " : "", res.syscall);
        if (grd_gotest_note_cut(&r.g, r.why, res.exit_code, res.signal) < 0) {
                grd_gotest_release(&r.g);
                return -ENOMEM;
        }
        *ret = r;
        return 0;
}

/* Seconds of a run not accounted for by the tests that ended in it: how
 * long the test(s) cut off by the end of the run had been running. */
static double run_left(const struct one_run *r)
{
        double left = r->wall_s;
        for (size_t i = 0; i < r->g.n_tests; i++)
                if (!r->g.cut[i])
                        left -= r->g.tests[i].elapsed_s;
        return left > 0 ? left : 0;
}

/* Passes from a run that did not end with m.Run returning 0 (a crash, or
 * a failure elsewhere) could be lines the program printed itself: run them
 * again together, and one by one if that run is not clean either.  What a
 * clean run does not confirm fails. */
static int confirm_passes(struct grd_ctx *c, struct grd_suite *s, const char *bin, char **names, bool *trusted,
                          const char *const *env, unsigned count, double mem_factor)
{
        char **sel = calloc(s->n_tests ? s->n_tests : 1, sizeof *sel);
        size_t *idx = calloc(s->n_tests ? s->n_tests : 1, sizeof *idx);
        size_t n = 0;
        int rc = 0;
        if (!sel || !idx) {
                rc = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < s->n_tests; i++)
                if (s->tests[i].status == GRD_TEST_PASS && !trusted[i]) {
                        sel[n] = names[i];
                        idx[n++] = i;
                }
        if (n == 0)
                goto out;
        struct one_run r;
        if ((rc = run_once(c, s, bin, sel, n, env, count, mem_factor, &r)) < 0)
                goto out;
        bool all = r.trusted;
        grd_gotest_release(&r.g);
        for (size_t k = 0; k < n && !all; k++) {
                if ((rc = run_once(c, s, bin, &sel[k], 1, env, count, mem_factor, &r)) < 0)
                        goto out;
                if (!r.trusted) {
                        struct grd_test_result *t = &s->tests[idx[k]];
                        struct grd_buf o = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 256);
                        long j = grd_gotest_find(&r.g, sel[k]);
                        if (j >= 0 && r.g.tests[j].output)
                                grd_buf_adds(&o, r.g.tests[j].output);
                        grd_buf_adds(&o, "[gauntlet] reported as passing, but a run of this test alone did not end "
                                         "cleanly\n");
                        free(t->output);
                        t->output = grd_buf_steal(&o);
                        t->status = j >= 0 && r.g.tests[j].status != GRD_TEST_PASS ? r.g.tests[j].status
                                                                                    : GRD_TEST_FAIL;
                }
                grd_gotest_release(&r.g);
        }
out:
        free(sel);
        free(idx);
        return rc;
}

int grd_suite_run(struct grd_ctx *c, const char *bin, char **names, size_t n, const char *const *env,
                  unsigned count, double mem_factor, bool confirm, struct grd_suite *ret)
{
        struct grd_suite s = {.log = GRD_BUF_INIT(GRD_EVIDENCE_MAX), .leak_stacks = GRD_BUF_INIT(GRD_EVIDENCE_MAX),
                              .race_text = GRD_BUF_INIT(GRD_EVIDENCE_MAX), .last_exit = -1};
        int rc = 0;
        s.tests = calloc(n ? n : 1, sizeof *s.tests);
        bool *trusted = calloc(n ? n : 1, sizeof *trusted);
        char **sel = calloc(n ? n : 1, sizeof *sel);
        if (!s.tests || !trusted || !sel) {
                free(trusted);
                free(sel);
                grd_suite_release(&s);
                return -ENOMEM;
        }
        s.n_tests = n;
        for (size_t i = 0; i < n; i++) {
                s.tests[i].status = PENDING;
                if (!(s.tests[i].name = strdup(names[i]))) {
                        rc = -ENOMEM;
                        goto out;
                }
        }
        for (;;) {
                size_t pending = 0;
                for (size_t i = 0; i < n; i++)
                        if (s.tests[i].status == PENDING)
                                sel[pending++] = names[i];
                if (pending == 0)
                        break;
                struct one_run r;
                if ((rc = run_once(c, &s, bin, sel, pending, env, count, mem_factor, &r)) < 0)
                        break;
                size_t decided = 0;
                for (size_t i = 0; i < n; i++) {
                        if (s.tests[i].status != PENDING)
                                continue;
                        long k = grd_gotest_find(&r.g, names[i]);
                        if (k < 0)
                                continue;
                        struct grd_test_result *t = &r.g.tests[k];
                        enum grd_test_status stt = t->status;
                        struct grd_buf o = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 256);
                        if (t->output)
                                grd_buf_adds(&o, t->output);
                        double elapsed = t->elapsed_s;
                        if (r.g.cut[k] && r.why) {
                                stt = r.killed;
                                /* it ran from its start to the kill: the run's
                                 * time less what the tests that ended took */
                                elapsed = run_left(&r);
                        }
                        s.tests[i].status = stt;
                        s.tests[i].elapsed_s = elapsed;
                        s.tests[i].output = grd_buf_steal(&o);
                        trusted[i] = r.trusted;
                        decided++;
                }
                bool finished = r.g.finished;
                grd_gotest_release(&r.g);
                if (decided == 0 || finished) {
                        /* no progress, or a complete run that did not
                         * reach them: never going to run */
                        for (size_t i = 0; i < n; i++)
                                if (s.tests[i].status == PENDING) {
                                        s.tests[i].status = GRD_TEST_NOT_RUN;
                                        char msg[300];
                                        snprintf(msg, sizeof msg, "[gauntlet] the test binary never reached this test%s%s\n",
                                                 s.note[0] ? ": " : "", s.note);
                                        s.tests[i].output = strdup(msg);
                                }
                        break;
                }
        }
        if (rc == 0 && confirm)
                rc = confirm_passes(c, &s, bin, names, trusted, env, count, mem_factor);
out:
        free(trusted);
        free(sel);
        if (rc < 0) {
                grd_suite_release(&s);
                return rc;
        }
        *ret = s;
        return 0;
}
