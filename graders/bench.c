/* bench.c — candidate against reference benchmarks: interleaved runs, each
 * its own process, alone (a lock in the shared cache serialises this phase
 * across gradings), pinned to one CPU with GOMAXPROCS=1.  The score comes
 * from the median of the pairwise ns/op ratios through the manifest's
 * curve; a spread over 5% buys a bounded number of extra pairs.
 *
 * A package whose start-up is slow (a heavy init, a large table built at
 * load) would pay it in every one of those processes: when the first
 * pair's processes spend more than STARTUP_HEAVY_S outside their
 * benchmarks, the later pairs come SAMPLES_HEAVY to a process
 * (-test.count), the i-th sample of the candidate paired with the i-th of
 * the reference. */
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
#define STARTUP_HEAVY_S 1.0
#define SAMPLES_HEAVY 5u

struct bench_run {
        double *ns;              /* per sample and benchmark: ns[sample * nb + b] */
        double *bytes, *allocs;  /* per benchmark, from the last sample */
        double startup_s;        /* the process's wall time outside its benchmarks */
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

/* One process running bin's benchmarks count times each; 0 with run
 * filled, 1 when the run produced no usable figures (why in *why), -errno. */
static int run_once(struct grd_ctx *c, const char *bin, int cpu, unsigned count, struct bench_run *run,
                    char **why)
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
        char bt[64], cnt[32], tmp[PATH_MAX + 8], home[PATH_MAX + 8];
        snprintf(bt, sizeof bt, "-test.benchtime=%s", p->bench_time ? p->bench_time : "100ms");
        snprintf(cnt, sizeof cnt, "-test.count=%u", count);
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
        const char *argv[] = {bin, "-test.run=^$", pat.s, "-test.benchmem", bt, cnt, NULL};
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
        size_t nb = p->n_benchmarks;
        double busy = 0;
        for (size_t b = 0; b < nb; b++) {
                unsigned seen = 0;
                for (long i = 0; i < n; i++)
                        if (strcmp(lines[i].name, p->benchmarks[b]) == 0) {
                                if (seen < count)
                                        run->ns[seen * nb + b] = lines[i].ns_op;
                                seen++;
                                run->bytes[b] = lines[i].bytes_op;
                                run->allocs[b] = lines[i].allocs_op;
                                busy += (double)lines[i].iterations * lines[i].ns_op * 1e-9;
                        }
                /* exactly count result lines per benchmark: one more is
                 * printed by the program itself and cannot be told from
                 * the real ones */
                if (seen != count)
                        grd_buf_addf(&w, "%s: %s\n", p->benchmarks[b],
                                     seen > count ? "more result lines than runs (output forged?)" : "no result");
        }
        /* The benchmarks' own time is at most about twice their final
         * runs' (the testing package's calibration runs before each); the
         * rest of the process's wall time is start-up. */
        run->startup_s = res.wall_s - 2 * busy;
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
        r->ns = calloc(n * SAMPLES_HEAVY, sizeof *r->ns);
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

/* One bench grader's work in progress. */
struct bench {
        struct grd_ctx *c;
        const char *cand_bin, *ref_bin;
        size_t nb;                   /* benchmarks */
        unsigned pairs, max_pairs;   /* pairs to run first, at most */
        unsigned target;             /* pairs run in the end */
        unsigned per_process;        /* samples to a process after the first pair */
        double startup_s;            /* the first pair's start-up, the slower side */
        double target_ratio;
        int cpu;                     /* pinned to */
        double *ratios;              /* per pair */
        double *tmp;                 /* scratch: max(max_pairs, nb) */
        struct bench_run last_cand, last_ref; /* allocations: the last run of each */
};

/* The benchmark phase runs alone across gradings: a lock in the shared
 * cache.  The descriptor, or -errno with c->err. */
static int bench_lock(struct grd_ctx *c)
{
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
        return lfd;
}

/* Pairs i..i+k-1: the candidate and the reference back to back, k samples
 * to a process, the order alternating so a drift in machine speed
 * cancels.  0; 1 when a side's benchmarks did not run (r's verdict set);
 * -errno. */
static int run_block(struct bench *b, unsigned i, unsigned k, struct grd_result *r)
{
        for (unsigned j = i; j < i + k; j++) {
                struct grd_bench_pair *pr = &r->pairs[j];
                pr->cand_ns = calloc(b->nb, sizeof *pr->cand_ns);
                pr->ref_ns = calloc(b->nb, sizeof *pr->ref_ns);
                if (!pr->cand_ns || !pr->ref_ns)
                        return -ENOMEM;
                r->n_pairs = j + 1;
        }
        if (k == 1)
                grd_progress(b->c, "bench: pair %u of %u", i + 1, b->target);
        else
                grd_progress(b->c, "bench: pairs %u-%u of %u", i + 1, i + k, b->target);
        for (int half = 0; half < 2; half++) {
                bool cand = (half == 0) == (i % 2 == 0);
                struct bench_run *run = cand ? &b->last_cand : &b->last_ref;
                char *why = NULL;
                int rc = run_once(b->c, cand ? b->cand_bin : b->ref_bin, b->cpu, k, run, &why);
                if (rc < 0)
                        return rc;
                if (rc == 1) {
                        if (cand)
                                grd_result_set(r, GRD_VERDICT_FAIL, 0, "the benchmarks did not run");
                        else
                                grd_result_set(r, GRD_VERDICT_ERROR, 0, "the reference's benchmarks did not run");
                        grd_result_evidence(r, why);
                        free(why);
                        return 1;
                }
                for (unsigned j = 0; j < k; j++) {
                        struct grd_bench_pair *pr = &r->pairs[i + j];
                        memcpy(cand ? pr->cand_ns : pr->ref_ns, run->ns + j * b->nb, b->nb * sizeof *run->ns);
                }
        }
        for (unsigned j = i; j < i + k; j++) {
                struct grd_bench_pair *pr = &r->pairs[j];
                for (size_t n = 0; n < b->nb; n++)
                        b->tmp[n] = pr->ref_ns[n] > 0 ? pr->cand_ns[n] / pr->ref_ns[n] : NAN;
                pr->ratio = grd_geomean(b->tmp, b->nb);
                b->ratios[j] = pr->ratio;
        }
        return 0;
}

/* The pairs: A burst of load on a shared machine must neither cost
 * identical code its marks nor hide a slower one, so more pairs are run
 * while the spread is wide or the verdict in doubt.  The first pair runs
 * a sample to a process and measures start-up; a slow one puts several
 * samples in each later process.  As run_block. */
static int run_pairs(struct bench *b, struct grd_result *r)
{
        b->target = b->pairs;
        b->per_process = 1;
        for (unsigned i = 0; i < b->target;) {
                unsigned k = b->target - i < b->per_process ? b->target - i : b->per_process;
                int rc = run_block(b, i, k, r);
                if (rc != 0)
                        return rc;
                if (i == 0) {
                        b->startup_s = fmax(b->last_cand.startup_s, b->last_ref.startup_s);
                        if (b->startup_s > STARTUP_HEAVY_S)
                                b->per_process = SAMPLES_HEAVY;
                }
                i += k;
                if (i == b->target) {
                        unsigned more = grd_bench_more_pairs(b->ratios, b->target, b->pairs, b->max_pairs,
                                                             b->target_ratio, CV_LIMIT, &r->spread_pairs,
                                                             &r->doubt_pairs);
                        r->extra_pairs += more;
                        b->target += more;
                }
        }
        r->n_pairs = b->target;
        return 0;
}

/* Each benchmark's medians and allocations against the limits, a line of
 * evidence each. */
static int bench_stats(struct bench *b, struct grd_result *r, struct grd_buf *ev)
{
        const struct grd_problem *p = b->c->p;
        r->bench = calloc(b->nb, sizeof *r->bench);
        if (!r->bench)
                return -ENOMEM;
        r->n_bench = b->nb;
        r->allocs_ok = true;
        double *tmp = b->tmp;
        for (size_t k = 0; k < b->nb; k++) {
                struct grd_bench_stat *s = &r->bench[k];
                s->name = strdup(p->benchmarks[k]);
                for (unsigned i = 0; i < b->target; i++)
                        tmp[i] = r->pairs[i].cand_ns[k];
                s->cand_ns = grd_median(tmp, b->target);
                for (unsigned i = 0; i < b->target; i++)
                        tmp[i] = r->pairs[i].ref_ns[k];
                s->ref_ns = grd_median(tmp, b->target);
                for (unsigned i = 0; i < b->target; i++)
                        tmp[i] = r->pairs[i].cand_ns[k] / r->pairs[i].ref_ns[k];
                s->ratio = grd_median(tmp, b->target);
                s->cand_allocs = b->last_cand.allocs[k];
                s->cand_bytes = b->last_cand.bytes[k];
                s->ref_allocs = b->last_ref.allocs[k];
                s->ref_bytes = b->last_ref.bytes[k];
                bool a_ok = p->bench_max_allocs < 0 || s->cand_allocs <= (double)p->bench_max_allocs;
                bool b_ok = p->bench_max_bytes < 0 || s->cand_bytes <= (double)p->bench_max_bytes;
                grd_buf_addf(ev, "%s: %.4g ns/op vs reference %.4g ns/op (x%.3f); %g allocs/op, %g B/op "
                             "(reference %g, %g)%s%s\n", s->name, s->cand_ns, s->ref_ns, s->ratio, s->cand_allocs,
                             s->cand_bytes, s->ref_allocs, s->ref_bytes, a_ok ? "" : " allocs over the limit",
                             b_ok ? "" : " bytes over the limit");
                r->allocs_ok = r->allocs_ok && a_ok && b_ok;
        }
        return 0;
}

/* How the overall ratio is formed, and why it may sit outside the
 * benchmarks' own ratios: a median of per-pair geometric means is not the
 * geometric mean of per-benchmark medians.  Then every pair's ratio. */
static void bench_explain(const struct bench *b, const struct grd_result *r, struct grd_buf *ev)
{
        const struct grd_problem *p = b->c->p;
        size_t nb = b->nb;
        unsigned target = b->target;
        double bmin = INFINITY, bmax = -INFINITY;
        for (size_t k = 0; k < nb; k++) {
                bmin = fmin(bmin, r->bench[k].ratio);
                bmax = fmax(bmax, r->bench[k].ratio);
        }
        grd_buf_addf(ev, "overall x%.3f: the median over the %u pairs of each pair's ratio%s (the two programs ran "
                     "back to back in a pair, so a pair's ratio is free of the machine's drift); the %.0f%% interval "
                     "%.3f-%.3f is that median's%s\n",
                     r->ratio, target, nb > 1 ? ", the geometric mean of its benchmarks' ratios" : "",
                     r->ci_level * 100, r->ci_low, r->ci_high,
                     nb > 1 ? "; a benchmark's own x is the median of its ratios alone" : "");
        if (nb > 1 && (r->ratio < round(bmin * 1000) / 1000 || r->ratio > round(bmax * 1000) / 1000))
                grd_buf_addf(ev, "the overall sits outside the benchmarks' own x%.3f-x%.3f: their slow runs fell "
                             "in different pairs (noise within pairs, see the table), so each benchmark's median "
                             "comes from other pairs than the overall's\n", bmin, bmax);
        if (nb > 1) {
                grd_buf_adds(ev, "pair ratios (overall = geometric mean of");
                for (size_t k = 0; k < nb; k++)
                        grd_buf_addf(ev, "%s %s", k ? "," : "", p->benchmarks[k]);
                grd_buf_adds(ev, "):\n");
                for (unsigned i = 0; i < target; i++) {
                        grd_buf_addf(ev, "  %2u: %.3f =", i + 1, b->ratios[i]);
                        for (size_t k = 0; k < nb; k++)
                                grd_buf_addf(ev, "%s %.3f", k ? "," : "",
                                             r->pairs[i].cand_ns[k] / r->pairs[i].ref_ns[k]);
                        grd_buf_adds(ev, "\n");
                }
        } else {
                grd_buf_adds(ev, "pair ratios:");
                for (unsigned i = 0; i < target; i++)
                        grd_buf_addf(ev, " %.3f", b->ratios[i]);
                grd_buf_adds(ev, "\n");
        }
}

/* The figures from the pairs, the evidence and the verdict. */
static int bench_conclude(struct bench *b, struct grd_result *r)
{
        const struct grd_problem *p = b->c->p;
        r->cv = grd_cv(b->ratios, b->target);
        /* graded as shown, to three decimals (grd_bench_verdict) */
        r->ratio = round(grd_median(b->ratios, b->target) * 1000) / 1000;
        r->ci_level = GRD_BENCH_CI_LEVEL;
        if (grd_median_ci(b->ratios, b->target, GRD_BENCH_CI_LEVEL, &r->ci_low, &r->ci_high) < 0)
                r->ci_low = r->ci_high = NAN;
        struct grd_buf ev = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        grd_buf_addf(&ev, "%u pairs%s%s, pinned to CPU %d, GOMAXPROCS=1, benchtime %s\n", b->target,
                     r->spread_pairs ? " (spread over 5%: extra pairs run)" : "",
                     r->doubt_pairs ? " (too few pairs for a 95% interval, or it held the target: pairs added)" : "",
                     b->cpu, p->bench_time ? p->bench_time : "100ms");
        if (b->per_process > 1)
                grd_buf_addf(&ev, "start-up took %.1f s a process (outside the benchmarks): after the first pair, "
                             "up to %u samples to a process, the i-th of each side paired\n",
                             b->startup_s, b->per_process);
        int rc = bench_stats(b, r, &ev);
        if (rc < 0) {
                grd_buf_release(&ev);
                return rc;
        }
        bench_explain(b, r, &ev);
        char *e = grd_buf_steal(&ev);
        grd_result_evidence(r, e);
        free(e);
        grd_bench_verdict(r, b->target_ratio, p->bench_fail_ratio > 0 ? p->bench_fail_ratio : 4);
        return 0;
}

int grd_go_bench(struct grd_ctx *c, const char *cand_bin, const char *ref_bin, struct grd_result *r)
{
        const struct grd_problem *p = c->p;
        size_t nb = p->n_benchmarks;
        if (nb == 0) {
                grd_result_set(r, GRD_VERDICT_ERROR, 0, "the problem names no benchmarks");
                return 0;
        }
        struct bench b = {.c = c, .cand_bin = cand_bin, .ref_bin = ref_bin, .nb = nb,
                          .pairs = p->bench_pairs ? p->bench_pairs : 5,
                          .target_ratio = p->bench_target_ratio > 0 ? p->bench_target_ratio : 1.5};
        if (c->o->quick && b.pairs > 3)
                b.pairs = 3;
        /* More pairs are run while the verdict is in doubt (run_pairs), up
         * to four times as many, and never fewer than an interval at the
         * confidence level needs. */
        unsigned least = grd_median_ci_min_n(GRD_BENCH_CI_LEVEL);
        b.max_pairs = b.pairs * 4 > least ? b.pairs * 4 : least;
        int lfd = bench_lock(c);
        if (lfd < 0)
                return lfd;
        b.cpu = last_cpu();
        int rc = -ENOMEM;
        r->pairs = calloc(b.max_pairs, sizeof *r->pairs);
        b.ratios = calloc(b.max_pairs, sizeof *b.ratios);
        b.tmp = calloc(b.max_pairs > nb ? b.max_pairs : nb, sizeof *b.tmp);
        if (r->pairs && b.ratios && b.tmp && run_alloc(&b.last_cand, nb) == 0 && run_alloc(&b.last_ref, nb) == 0 &&
            (rc = run_pairs(&b, r)) == 0)
                rc = bench_conclude(&b, r);
        run_free(&b.last_cand);
        run_free(&b.last_ref);
        free(b.ratios);
        free(b.tmp);
        flock(lfd, LOCK_UN);
        close(lfd);
        return rc == 1 ? 0 : rc;
}
