/* bench.c — candidate against reference benchmarks: interleaved runs, each
 * its own process, alone (a lock in the shared cache serialises this phase
 * across gradings), pinned to one CPU with GOMAXPROCS=1.  The score comes
 * from the median of the pairwise ns/op ratios through the manifest's
 * curve; a spread over 5% buys a bounded number of extra pairs. */
#include "graders.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "stats.h"

#define CV_LIMIT 0.05

struct bench_run {
        double *ns, *bytes, *allocs; /* per benchmark */
};

static int last_cpu(void)
{
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) < 0)
                return -1;
        for (int i = CPU_SETSIZE - 1; i >= 0; i--)
                if (CPU_ISSET(i, &set))
                        return i;
        return -1;
}

/* One run of bin's benchmarks; 0 with run filled, 1 when the run produced
 * no usable figures (why in *why), -errno. */
static int run_once(struct grd_ctx *c, const char *bin, int cpu, struct bench_run *run, char **why)
{
        const struct grd_problem *p = c->p;
        char bindir[PATH_MAX], rundir[PATH_MAX], name[32];
        snprintf(bindir, sizeof bindir, "%s", bin);
        *strrchr(bindir, '/') = '\0';
        snprintf(name, sizeof name, "bench%u", c->seq);
        int rc = grd_ctx_mkdir(c, name, rundir);
        if (rc < 0)
                return rc;
        struct grd_buf pat = GRD_BUF_INIT(0);
        grd_buf_adds(&pat, "-test.bench=^(");
        for (size_t i = 0; i < p->n_benchmarks; i++)
                grd_buf_addf(&pat, "%s%s", i ? "|" : "", p->benchmarks[i]);
        if (grd_buf_adds(&pat, ")$") < 0) {
                grd_buf_release(&pat);
                return -ENOMEM;
        }
        char bt[64], tmp[PATH_MAX + 8], home[PATH_MAX + 8];
        snprintf(bt, sizeof bt, "-test.benchtime=%s", p->bench_time ? p->bench_time : "100ms");
        snprintf(tmp, sizeof tmp, "TMPDIR=%s", rundir);
        snprintf(home, sizeof home, "HOME=%s", rundir);
        struct grd_step st;
        grd_step_init(&st, SBX_POLICY_STRICT, &p->run_limits, false);
        st.workdir = rundir;
        st.dirs[0] = bindir;
        st.cpu = cpu;
        st.env[0] = "GOMAXPROCS=1";
        st.env[1] = tmp;
        st.env[2] = home;
        st.env[3] = NULL;
        const char *argv[] = {bin, "-test.run=^$", pat.s, "-test.benchmem", bt, "-test.count=1", NULL};
        struct sbx_result res;
        char *out = NULL;
        size_t len = 0;
        rc = grd_step_run(c, &st, argv, &res, &out, &len);
        grd_buf_release(&pat);
        if (rc < 0)
                return rc;
        struct grd_bench_line *lines = NULL;
        long n = grd_bench_parse(out ? out : "", len, &lines);
        if (n < 0) {
                free(out);
                return (int)n;
        }
        struct grd_buf w = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        for (size_t b = 0; b < p->n_benchmarks; b++) {
                int seen = 0;
                for (long i = 0; i < n; i++)
                        if (strcmp(lines[i].name, p->benchmarks[b]) == 0) {
                                seen++;
                                run->ns[b] = lines[i].ns_op;
                                run->bytes[b] = lines[i].bytes_op;
                                run->allocs[b] = lines[i].allocs_op;
                        }
                /* one result line per benchmark: a second one is printed by
                 * the program itself and cannot be told from the real one */
                if (seen != 1)
                        grd_buf_addf(&w, "%s: %s\n", p->benchmarks[b],
                                     seen ? "more than one result line (output forged?)" : "no result");
        }
        if (w.len || res.status != SBX_STATUS_OK) {
                grd_buf_addf(&w, "[gauntlet] run ended with '%s' (exit %d)\n", sbx_status_name(res.status),
                             res.exit_code);
                if (out)
                        grd_buf_add(&w, out, len > 4096 ? 4096 : len);
                *why = grd_buf_steal(&w);
                rc = 1;
        } else {
                grd_buf_release(&w);
        }
        free(lines);
        free(out);
        return rc;
}

static void run_free(struct bench_run *r)
{
        free(r->ns);
        free(r->bytes);
        free(r->allocs);
}

static int run_alloc(struct bench_run *r, size_t n)
{
        r->ns = calloc(n, sizeof *r->ns);
        r->bytes = calloc(n, sizeof *r->bytes);
        r->allocs = calloc(n, sizeof *r->allocs);
        return r->ns && r->bytes && r->allocs ? 0 : -ENOMEM;
}

void grd_bench_verdict(struct grd_result *r, double target_ratio, double fail_ratio)
{
        /* the ratio is graded as shown, to three decimals: one shown as the
         * target earns what the target earns */
        r->ratio = round(r->ratio * 1000) / 1000;
        double frac = grd_bench_curve(r->ratio, target_ratio, fail_ratio);
        if (!r->allocs_ok)
                frac /= 2;
        bool pass = frac >= 1 && r->allocs_ok;
        grd_result_set(r, pass ? GRD_VERDICT_PASS : GRD_VERDICT_FAIL, frac,
                       "x%.3f the reference's time (%.0f%% CI %.3f-%.3f, target x%g)%s", r->ratio,
                       r->ci_level * 100, r->ci_low, r->ci_high, target_ratio,
                       r->allocs_ok ? "" : "; allocations over the limit");
}

int grd_go_bench(struct grd_ctx *c, const char *cand_bin, const char *ref_bin, struct grd_result *r)
{
        const struct grd_problem *p = c->p;
        size_t nb = p->n_benchmarks;
        if (nb == 0) {
                grd_result_set(r, GRD_VERDICT_ERROR, 0, "the problem names no benchmarks");
                return 0;
        }
        unsigned pairs = p->bench_pairs ? p->bench_pairs : 5;
        if (c->o->quick && pairs > 3)
                pairs = 3;
        /* More pairs are run while the verdict is in doubt (below), up to
         * four times as many, and never fewer than an interval at the
         * confidence level needs. */
        unsigned max_pairs = pairs * 4, least = grd_median_ci_min_n(GRD_BENCH_CI_LEVEL);
        if (max_pairs < least)
                max_pairs = least;
        double target_ratio = p->bench_target_ratio > 0 ? p->bench_target_ratio : 1.5;
        char lock[PATH_MAX];
        snprintf(lock, sizeof lock, "%s/bench.lock", c->o->cache_dir);
        int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (lfd < 0) {
                int e = errno;
                snprintf(c->err, sizeof c->err, "cannot open '%s': %s", lock, strerror(e));
                return -e;
        }
        grd_progress(c, "bench: waiting for the benchmark lock");
        while (flock(lfd, LOCK_EX) < 0 && errno == EINTR)
                ;
        int cpu = last_cpu();
        int rc = 0;
        struct bench_run last_cand = {0}, last_ref = {0};
        r->pairs = calloc(max_pairs, sizeof *r->pairs);
        double *ratios = calloc(max_pairs, sizeof *ratios);
        double *tmp = calloc(max_pairs > nb ? max_pairs : nb, sizeof *tmp);
        if (!r->pairs || !ratios || !tmp || run_alloc(&last_cand, nb) < 0 || run_alloc(&last_ref, nb) < 0) {
                rc = -ENOMEM;
                goto out;
        }
        char *why = NULL;
        unsigned target = pairs;
        for (unsigned i = 0; i < target; i++) {
                struct grd_bench_pair *pr = &r->pairs[i];
                pr->cand_ns = calloc(nb, sizeof *pr->cand_ns);
                pr->ref_ns = calloc(nb, sizeof *pr->ref_ns);
                if (!pr->cand_ns || !pr->ref_ns) {
                        rc = -ENOMEM;
                        goto out;
                }
                r->n_pairs = i + 1;
                grd_progress(c, "bench: pair %u of %u", i + 1, target);
                /* alternate the order so a drift in machine speed cancels */
                for (int half = 0; half < 2; half++) {
                        bool cand = (half == 0) == (i % 2 == 0);
                        struct bench_run *run = cand ? &last_cand : &last_ref;
                        rc = run_once(c, cand ? cand_bin : ref_bin, cpu, run, &why);
                        if (rc < 0)
                                goto out;
                        if (rc == 1) {
                                if (cand) {
                                        grd_result_set(r, GRD_VERDICT_FAIL, 0, "the benchmarks did not run");
                                } else {
                                        grd_result_set(r, GRD_VERDICT_ERROR, 0, "the reference's benchmarks did not run");
                                }
                                grd_result_evidence(r, why);
                                free(why);
                                rc = 0;
                                goto out;
                        }
                        memcpy(cand ? pr->cand_ns : pr->ref_ns, run->ns, nb * sizeof *run->ns);
                }
                for (size_t b = 0; b < nb; b++)
                        tmp[b] = pr->ref_ns[b] > 0 ? pr->cand_ns[b] / pr->ref_ns[b] : NAN;
                pr->ratio = grd_geomean(tmp, nb);
                ratios[i] = pr->ratio;
                /* A burst of load on a shared machine must neither cost
                 * identical code its marks nor hide a slower one: more
                 * pairs while the spread is wide or the verdict in doubt. */
                if (i + 1 == target) {
                        unsigned more = grd_bench_more_pairs(ratios, target, pairs, max_pairs, target_ratio,
                                                             CV_LIMIT, &r->spread_pairs, &r->doubt_pairs);
                        r->extra_pairs += more;
                        target += more;
                }
        }
        r->n_pairs = target;
        r->cv = grd_cv(ratios, target);
        /* graded as shown, to three decimals (grd_bench_verdict) */
        r->ratio = round(grd_median(ratios, target) * 1000) / 1000;
        r->ci_level = GRD_BENCH_CI_LEVEL;
        if (grd_median_ci(ratios, target, GRD_BENCH_CI_LEVEL, &r->ci_low, &r->ci_high) < 0)
                r->ci_low = r->ci_high = NAN;
        r->bench = calloc(nb, sizeof *r->bench);
        if (!r->bench) {
                rc = -ENOMEM;
                goto out;
        }
        r->n_bench = nb;
        r->allocs_ok = true;
        struct grd_buf ev = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        grd_buf_addf(&ev, "%u pairs%s%s, pinned to CPU %d, GOMAXPROCS=1, benchtime %s\n", target,
                     r->spread_pairs ? " (spread over 5%: extra pairs run)" : "",
                     r->doubt_pairs ? " (too few pairs for a 95% interval, or it held the target: pairs added)" : "", cpu,
                     p->bench_time ? p->bench_time : "100ms");
        for (size_t b = 0; b < nb; b++) {
                struct grd_bench_stat *s = &r->bench[b];
                s->name = strdup(p->benchmarks[b]);
                for (unsigned i = 0; i < target; i++)
                        tmp[i] = r->pairs[i].cand_ns[b];
                s->cand_ns = grd_median(tmp, target);
                for (unsigned i = 0; i < target; i++)
                        tmp[i] = r->pairs[i].ref_ns[b];
                s->ref_ns = grd_median(tmp, target);
                for (unsigned i = 0; i < target; i++)
                        tmp[i] = r->pairs[i].cand_ns[b] / r->pairs[i].ref_ns[b];
                s->ratio = grd_median(tmp, target);
                s->cand_allocs = last_cand.allocs[b];
                s->cand_bytes = last_cand.bytes[b];
                s->ref_allocs = last_ref.allocs[b];
                s->ref_bytes = last_ref.bytes[b];
                bool a_ok = p->bench_max_allocs < 0 || s->cand_allocs <= (double)p->bench_max_allocs;
                bool b_ok = p->bench_max_bytes < 0 || s->cand_bytes <= (double)p->bench_max_bytes;
                grd_buf_addf(&ev, "%s: %.4g ns/op vs reference %.4g ns/op (x%.3f); %g allocs/op, %g B/op "
                             "(reference %g, %g)%s%s\n", s->name, s->cand_ns, s->ref_ns, s->ratio, s->cand_allocs,
                             s->cand_bytes, s->ref_allocs, s->ref_bytes, a_ok ? "" : " allocs over the limit",
                             b_ok ? "" : " bytes over the limit");
                r->allocs_ok = r->allocs_ok && a_ok && b_ok;
        }
        /* How the overall ratio is formed, and why it may sit outside the
         * benchmarks' own ratios: a median of per-pair geometric means is
         * not the geometric mean of per-benchmark medians. */
        double bmin = INFINITY, bmax = -INFINITY;
        for (size_t b = 0; b < nb; b++) {
                bmin = fmin(bmin, r->bench[b].ratio);
                bmax = fmax(bmax, r->bench[b].ratio);
        }
        grd_buf_addf(&ev, "overall x%.3f: the median over the %u pairs of each pair's ratio%s (the two programs ran "
                     "back to back in a pair, so a pair's ratio is free of the machine's drift); the %.0f%% interval "
                     "%.3f-%.3f is that median's%s\n",
                     r->ratio, target, nb > 1 ? ", the geometric mean of its benchmarks' ratios" : "",
                     r->ci_level * 100, r->ci_low, r->ci_high,
                     nb > 1 ? "; a benchmark's own x is the median of its ratios alone" : "");
        if (nb > 1 && (r->ratio < round(bmin * 1000) / 1000 || r->ratio > round(bmax * 1000) / 1000))
                grd_buf_addf(&ev, "the overall sits outside the benchmarks' own x%.3f-x%.3f: their slow runs fell "
                             "in different pairs (noise within pairs, see the table), so each benchmark's median "
                             "comes from other pairs than the overall's\n", bmin, bmax);
        if (nb > 1) {
                grd_buf_adds(&ev, "pair ratios (overall = geometric mean of");
                for (size_t b = 0; b < nb; b++)
                        grd_buf_addf(&ev, "%s %s", b ? "," : "", p->benchmarks[b]);
                grd_buf_adds(&ev, "):\n");
                for (unsigned i = 0; i < target; i++) {
                        grd_buf_addf(&ev, "  %2u: %.3f =", i + 1, ratios[i]);
                        for (size_t b = 0; b < nb; b++)
                                grd_buf_addf(&ev, "%s %.3f", b ? "," : "",
                                             r->pairs[i].cand_ns[b] / r->pairs[i].ref_ns[b]);
                        grd_buf_adds(&ev, "\n");
                }
        } else {
                grd_buf_adds(&ev, "pair ratios:");
                for (unsigned i = 0; i < target; i++)
                        grd_buf_addf(&ev, " %.3f", ratios[i]);
                grd_buf_adds(&ev, "\n");
        }
        char *e = grd_buf_steal(&ev);
        grd_result_evidence(r, e);
        free(e);
        grd_bench_verdict(r, target_ratio, p->bench_fail_ratio > 0 ? p->bench_fail_ratio : 4);
out:
        run_free(&last_cand);
        run_free(&last_ref);
        free(ratios);
        free(tmp);
        flock(lfd, LOCK_UN);
        close(lfd);
        return rc;
}
