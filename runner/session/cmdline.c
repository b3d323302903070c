/* cmdline.c — shared glue of the session commands and the screen. */
#include "cmdline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "grade.h"
#include "manifest.h"
#include "paths.h"
#include "scratch.h"
#include "warm.h"
#include "workspace.h"
#include "history.h"
#include "publicrun.h"
#include "report_json.h"
#include "sbx_file.h"

static enum gnt_test_outcome outcome_of(enum grd_test_status st)
{
        switch (st) {
        case GRD_TEST_PASS:
                return GNT_TEST_PASS;
        case GRD_TEST_SKIP:
                return GNT_TEST_SKIP;
        default:
                return GNT_TEST_FAIL;
        }
}

/* The candidate's own tests and the race reports, which the journal does
 * not hold: cases of a report of their own, then moved. */
static int take_extras(struct gnt_test_report *ret, const struct grd_test_run *run)
{
        struct gnt_test_report tmp;
        memset(&tmp, 0, sizeof tmp);
        for (size_t i = 0; i < run->n_own; i++) {
                const struct grd_test_result *t = &run->own_tests[i];
                if (gnt_test_report_add(&tmp, t->name, outcome_of(t->status), t->elapsed_s, t->output) < 0) {
                        gnt_test_report_release(&tmp);
                        return -ENOMEM;
                }
        }
        ret->own = tmp.cases;
        ret->n_own = tmp.n;
        ret->race = run->race;
        ret->races = run->races;
        if ((run->own_note[0] && !(ret->own_note = strdup(run->own_note))) ||
            (run->own_output && !(ret->own_output = strdup(run->own_output))) ||
            (run->race_text && !(ret->race_text = strdup(run->race_text))))
                return -ENOMEM;
        return 0;
}

int gnt_session_grader_runner(const char *problem_dir, const char *code_dir, void *ctx,
                              struct gnt_test_report *ret, char *err, size_t errsz)
{
        struct grd_problem p;
        memset(&p, 0, sizeof p);
        int r = gnt_manifest_load(problem_dir, &p, err, errsz);
        if (r < 0)
                return r;
        const char *cache = gnt_path_cache();
        if (!cache) {
                grd_problem_release(&p);
                snprintf(err, errsz, "%s", gnt_path_cache_error());
                return -ENOENT;
        }
        const struct gnt_public_run_opts *want = ctx;
        struct grd_options o = {.cache_dir = cache, .own_tests = want && want->own_tests, .race = want && want->race};
        struct grd_test_run run;
        memset(&run, 0, sizeof run);
        r = grd_run_public_tests(&p, code_dir, &o, &run);
        grd_problem_release(&p);
        if (r < 0) {
                snprintf(err, errsz, "cannot run the public tests: %s",
                         run.message[0] ? run.message : strerror(-r));
                grd_test_run_release(&run);
                return r;
        }
        if (run.error) {
                /* the sandbox or the toolchain failed: not the code's doing */
                snprintf(ret->status, sizeof ret->status, "error");
                ret->message = strdup(run.message);
        } else if (!run.built) {
                snprintf(ret->status, sizeof ret->status, "build-failed");
                ret->message = strdup(run.build_output ? run.build_output
                                                       : run.message[0] ? run.message : "build failed");
        } else {
                snprintf(ret->status, sizeof ret->status, "ok");
                if (run.crash)
                        ret->message = strdup(run.crash);
        }
        for (size_t i = 0; i < run.n_tests; i++) {
                const struct grd_test_result *t = &run.tests[i];
                if (gnt_test_report_add(ret, t->name, outcome_of(t->status), t->elapsed_s, t->output) < 0) {
                        grd_test_run_release(&run);
                        snprintf(err, errsz, "out of memory");
                        return -ENOMEM;
                }
        }
        ret->wall_s = run.build_s + run.run_s;
        r = take_extras(ret, &run);
        grd_test_run_release(&run);
        if (r < 0)
                snprintf(err, errsz, "out of memory");
        return r;
}

int gnt_session_warm(const struct gnt_session *s, char *err, size_t errsz)
{
        const char *env = getenv("GAUNTLET_WARM");
        if (env && strcmp(env, "off") == 0)
                return 0;
        const char *cache = gnt_path_cache();
        if (!cache)
                return sbx_errf(err, errsz, -ENOENT, "%s", gnt_path_cache_error());
        struct grd_problem p;
        memset(&p, 0, sizeof p);
        int r = gnt_manifest_load(s->problem_dir, &p, err, errsz);
        if (r < 0)
                return r;
        if (p.lang == GRD_LANG_GO && p.starter) {
                char code[PATH_MAX];
                snprintf(code, sizeof code, "%s/%s", p.dir, p.starter);
                struct grd_options o = {.cache_dir = cache};
                r = grd_warm_spawn(&p, code, &o, GRD_WARM_TEST, s->meta, err, errsz);
        }
        grd_problem_release(&p);
        if (r < 0) {
                /* harmless: the first test run builds what it needs */
                char note[PATH_MAX + 16], line[GNT_ERR_MAX + 32];
                snprintf(note, sizeof note, "%s/%s", s->meta, GRD_WARM_NOTE);
                int n = snprintf(line, sizeof line, "warm-up not started: %s\n", err);
                (void)sbx_file_write_atomic(note, NULL, 0, line, (size_t)n < sizeof line ? (size_t)n : 0, 0644, 0);
        }
        return r < 0 ? r : 0;
}

int gnt_session_grade(const struct gnt_session *s, struct grd_report *ret, char *err, size_t errsz)
{
        if (!s->grading) {
                snprintf(err, errsz, "no grading bundle was given at start");
                return -ENOENT;
        }
        if (!s->submit) {
                snprintf(err, errsz, "the session is not submitted");
                return -EINVAL;
        }
        struct gnt_bundle *b = NULL;
        int r = gnt_bundle_open(s->grading, NULL, &b, err, errsz);
        if (r < 0)
                return r;
        const struct grd_problem *p = gnt_bundle_problem(b);
        if (!p || !p->hidden_tests || strcmp(p->id, s->id) != 0) {
                snprintf(err, errsz, "'%s' is not the grading bundle of '%s'", s->grading, s->id);
                gnt_bundle_close(b);
                return -EINVAL;
        }
        char tmp[PATH_MAX];
        struct grd_scratch sc;
        if ((r = gnt_session_mkdtemp("final", &sc, tmp, sizeof tmp)) < 0) {
                snprintf(err, errsz, "cannot create a scratch folder: %s", strerror(-r));
                grd_scratch_release(&sc);
                gnt_bundle_close(b);
                return r;
        }
        r = gnt_session_snapshot_restore(&s->submit->d.snap, s->blobs, tmp, err, errsz);
        if (r == 0) {
                const char *cache = gnt_path_cache();
                struct grd_options o = {.cache_dir = cache};
                if (!cache) {
                        r = -ENOENT;
                        snprintf(err, errsz, "%s", gnt_path_cache_error());
                } else if ((r = grd_grade(p, tmp, &o, ret)) < 0) {
                        snprintf(err, errsz, "grading failed: %s", strerror(-r));
                }
        }
        grd_scratch_release(&sc);
        gnt_bundle_close(b);
        return r;
}

int gnt_session_keep_grading(const struct gnt_session *s, const struct grd_report *rep, char *err, size_t errsz)
{
        char *text = NULL;
        int r = 0;
        if (rep) {
                char path[PATH_MAX + 32];
                text = gnt_report_json(rep, NULL);
                if (!text)
                        return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                snprintf(path, sizeof path, "%s/report.json", s->meta);
                r = sbx_file_write_atomic(path, NULL, 0, text, strlen(text), 0644, SBX_FILE_SYNC);
                if (r < 0) {
                        free(text);
                        return sbx_errf(err, errsz, r, "cannot keep the report in '%s': %s", path, strerror(-r));
                }
        }
        if (s->mock) {
                char dir[PATH_MAX];
                struct gnt_history_rec rec;
                if ((r = gnt_history_dir(dir, sizeof dir)) < 0)
                        sbx_errf(err, errsz, r, "no folder for the practice history (set HOME or XDG_DATA_HOME)");
                else if ((r = gnt_history_rec_make(s, text, &rec, err, errsz)) == 0) {
                        r = gnt_history_write(dir, &rec, err, errsz);
                        gnt_history_rec_release(&rec);
                }
        }
        free(text);
        return r;
}

static const char *hhmmss(int64_t t, char *buf, size_t size)
{
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(buf, size, "%H:%M:%S", &tm);
        return buf;
}

const char *gnt_session_describe(const struct gnt_session *s, size_t i, char *buf, size_t size)
{
        const struct gnt_journal_entry *e = &s->j.entries[i];
        const struct gnt_entry_data *x = &e->d;
        char t[16], rel[32], what[256] = "", d[32];
        hhmmss(e->time, t, sizeof t);
        gnt_session_fmt_duration(e->time - s->started, rel, sizeof rel);
        switch (x->kind) {
        case GNT_ENTRY_START:
                snprintf(what, sizeof what, "%s %s, %s, %g min, %zu files", s->id, s->version, s->mode,
                         x->u.start.minutes > 0 ? x->u.start.minutes : 0, x->snap.n);
                break;
        case GNT_ENTRY_TEST:
                if (x->u.test.status && strcmp(x->u.test.status, "ok") != 0)
                        snprintf(what, sizeof what, "%s", x->u.test.status);
                else
                        snprintf(what, sizeof what, "%ld passed, %ld failed", x->u.test.passed, x->u.test.failed);
                if (x->u.test.after_deadline)
                        strncat(what, " (after the deadline)", sizeof what - strlen(what) - 1);
                break;
        case GNT_ENTRY_SUBMIT:
                if (x->u.submit.late)
                        snprintf(what, sizeof what, "LATE by %s",
                                 gnt_session_fmt_duration(x->u.submit.overrun_s, d, sizeof d));
                else
                        snprintf(what, sizeof what, "on time");
                break;
        case GNT_ENTRY_RECOVERED:
                snprintf(what, sizeof what, "torn last line dropped (%lld bytes)",
                         (long long)x->u.recovered.dropped_bytes);
                break;
        case GNT_ENTRY_REOPEN:
                snprintf(what, sizeof what, "%s", x->u.reopen.reason ? x->u.reopen.reason : "session reopened");
                break;
        default:
                break;
        }
        if (x->snap.id)
                snprintf(buf, size, "%3lu  %s  +%-9s %-9s %s  [snapshot %.8s, %zu files]", e->seq, t, rel, e->type,
                         what, x->snap.id, x->snap.n);
        else
                snprintf(buf, size, "%3lu  %s  +%-9s %-9s %s", e->seq, t, rel, e->type, what);
        return buf;
}

static const char *mark(enum gnt_test_outcome o)
{
        return o == GNT_TEST_PASS ? "ok" : o == GNT_TEST_SKIP ? "skip" : "FAIL";
}

static void print_text(FILE *f, const char *head, const char *text)
{
        size_t n = strlen(text);
        fprintf(f, "\n--- %s\n%s%s", head, text, n && text[n - 1] != '\n' ? "\n" : "");
}

/* The candidate's own tests (labelled theirs, counted apart) and the
 * -race build's reports: after the public tests, before their summary. */
static void print_extras(FILE *f, const struct gnt_test_report *r, bool details)
{
        size_t c[3] = {0};
        for (size_t i = 0; i < r->n_own; i++) {
                fprintf(f, "  %-4s  %-48s %7.3fs  (your test)\n", mark(r->own[i].outcome), r->own[i].name,
                        r->own[i].elapsed_s);
                if ((unsigned)r->own[i].outcome < 3)
                        c[r->own[i].outcome]++;
        }
        for (size_t i = 0; details && i < r->n_own; i++)
                if (r->own[i].outcome == GNT_TEST_FAIL && r->own[i].output) {
                        char head[300];
                        snprintf(head, sizeof head, "%s (your test)", r->own[i].name);
                        print_text(f, head, r->own[i].output);
                }
        if (r->own_note)
                fprintf(f, "your tests: %s\n", r->own_note);
        if (details && r->own_output)
                print_text(f, "your tests with the public tests: build output", r->own_output);
        if (r->race && details && r->race_text)
                print_text(f, "data race reports (-race)", r->race_text);
        if (r->race && r->races)
                fprintf(f, "-race: %zu data race report%s\n", r->races, r->races == 1 ? "" : "s");
        else if (r->race)
                fprintf(f, "-race: no data races found\n");
        if (r->n_own)
                fprintf(f, "your tests (not graded): %zu passed, %zu failed, %zu skipped\n", c[0], c[1], c[2]);
}

void gnt_session_report_print(FILE *f, const struct gnt_test_report *r, bool details)
{
        size_t np, nf, ns;
        gnt_test_report_counts(r, &np, &nf, &ns);
        if (strcmp(r->status, "build-failed") == 0) {
                fprintf(f, "build failed:\n%s\n", r->message ? r->message : "");
                return;
        }
        if (strcmp(r->status, "ok") != 0)
                fprintf(f, "tests did not run: %s\n", r->message ? r->message : r->status);
        for (size_t i = 0; i < r->n; i++)
                fprintf(f, "  %-4s  %-48s %7.3fs\n", r->cases[i].outcome == GNT_TEST_PASS   ? "ok"
                                                      : r->cases[i].outcome == GNT_TEST_SKIP ? "skip"
                                                                                            : "FAIL",
                        r->cases[i].name, r->cases[i].elapsed_s);
        if (details) {
                for (size_t i = 0; i < r->n; i++) {
                        if (r->cases[i].outcome != GNT_TEST_FAIL || !r->cases[i].output)
                                continue;
                        fprintf(f, "\n--- %s\n%s", r->cases[i].name, r->cases[i].output);
                        size_t n = strlen(r->cases[i].output);
                        if (n && r->cases[i].output[n - 1] != '\n')
                                fputc('\n', f);
                }
                if (strcmp(r->status, "ok") == 0 && r->message)
                        fprintf(f, "\n%s\n", r->message);
        }
        print_extras(f, r, details);
        fprintf(f, "%zu passed, %zu failed, %zu skipped in %.1fs\n", np, nf, ns, r->wall_s);
}

void gnt_session_status_print(FILE *f, const struct gnt_session *s)
{
        char a[64], b[64], d[32];
        int64_t now = (int64_t)time(NULL);
        fprintf(f, "session:   %s\n", s->root);
        fprintf(f, "problem:   %s %s — %s\n", s->id, s->version, s->title);
        fprintf(f, "mode:      %s%s\n", s->mode, s->paused ? " (paused)" : "");
        fprintf(f, "workspace: %s\n", s->code);
        fprintf(f, "started:   %s\n", gnt_session_fmt_time(s->started, a, sizeof a));
        fprintf(f, "deadline:  %s\n", gnt_session_fmt_time(gnt_session_deadline(s, now), b, sizeof b));
        if (s->submit) {
                const struct gnt_entry_submit *sub = &s->submit->d.u.submit;
                fprintf(f, "submitted: %s%s%s\n", gnt_session_fmt_time(s->submit->time, a, sizeof a),
                        sub->late ? ", LATE by " : "",
                        sub->late ? gnt_session_fmt_duration(sub->overrun_s, d, sizeof d) : "");
        } else {
                int64_t left = gnt_session_left(s, now);
                fprintf(f, "time left: %s\n", left >= 0 ? gnt_session_fmt_duration(left, d, sizeof d)
                                                         : "none (past the deadline; a submit is marked late)");
        }
        fprintf(f, "test runs: %u\n", s->n_tests);
        if (s->last_test) {
                struct gnt_test_report r;
                char err[256];
                if (gnt_session_test_report(s, s->last_test, &r, err, sizeof err) == 0) {
                        fprintf(f, "last run (%s):\n", gnt_session_fmt_time(r.time, a, sizeof a));
                        gnt_session_report_print(f, &r, false);
                        gnt_test_report_release(&r);
                }
        }
}

void gnt_session_grade_release(struct grd_report *r)
{
        grd_report_release(r);
}

void gnt_session_grade_print(FILE *f, const struct grd_report *r)
{
        if (r->status != GRD_REPORT_GRADED) {
                fprintf(f, "not graded: %s\n", r->message);
                return;
        }
        fprintf(f, "score: %.2f / 100\n", r->score);
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!r->enabled[k])
                        continue;
                const struct grd_result *g = &r->results[k];
                fprintf(f, "  %-12s %-5s %6.2f / %-5g %s\n", grd_kind_name((enum grd_kind)k),
                        grd_verdict_name(g->verdict), g->score, g->weight, g->summary ? g->summary : "");
        }
}
