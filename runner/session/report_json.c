/* report_json.c — grading report → JSON, JUnit XML and terminal text. */
#include "report_json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "integrity.h"
#include "version.h"

static const char *status_name(enum grd_report_status s)
{
        switch (s) {
        case GRD_REPORT_GRADED:
                return "graded";
        case GRD_REPORT_REJECTED:
                return "rejected";
        default:
                return "error";
        }
}

static double round3(double v)
{
        return isfinite(v) ? round(v * 1000) / 1000 : 0;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
        if (v)
                cJSON_AddStringToObject(o, k, v);
        else
                cJSON_AddNullToObject(o, k);
}

static cJSON *tests_json(const struct grd_test_result *t, size_t n)
{
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; a && i < n; i++) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToArray(a, o);
                add_str(o, "name", t[i].name);
                add_str(o, "status", grd_test_status_name(t[i].status));
                cJSON_AddNumberToObject(o, "elapsed_s", round3(t[i].elapsed_s));
                add_str(o, "group", t[i].group);
                if (t[i].status != GRD_TEST_PASS)
                        add_str(o, "output", t[i].output);
        }
        return a;
}

static cJSON *bench_json(const struct grd_result *r)
{
        cJSON *b = cJSON_CreateObject();
        cJSON_AddNumberToObject(b, "ratio", round3(r->ratio));
        cJSON_AddNumberToObject(b, "ci_low", round3(r->ci_low));
        cJSON_AddNumberToObject(b, "ci_high", round3(r->ci_high));
        cJSON_AddNumberToObject(b, "ci_level", round3(r->ci_level));
        cJSON_AddNumberToObject(b, "cv", round3(r->cv));
        cJSON_AddNumberToObject(b, "extra_pairs", r->extra_pairs);
        cJSON_AddBoolToObject(b, "allocs_ok", r->allocs_ok);
        cJSON *bs = cJSON_AddArrayToObject(b, "benchmarks");
        for (size_t i = 0; i < r->n_bench; i++) {
                const struct grd_bench_stat *s = &r->bench[i];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToArray(bs, o);
                add_str(o, "name", s->name);
                cJSON_AddNumberToObject(o, "cand_ns", round3(s->cand_ns));
                cJSON_AddNumberToObject(o, "ref_ns", round3(s->ref_ns));
                cJSON_AddNumberToObject(o, "ratio", round3(s->ratio));
                cJSON_AddNumberToObject(o, "cand_allocs", s->cand_allocs);
                cJSON_AddNumberToObject(o, "cand_bytes", s->cand_bytes);
                cJSON_AddNumberToObject(o, "ref_allocs", s->ref_allocs);
                cJSON_AddNumberToObject(o, "ref_bytes", s->ref_bytes);
        }
        cJSON *ps = cJSON_AddArrayToObject(b, "pairs");
        for (size_t i = 0; i < r->n_pairs; i++) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToArray(ps, o);
                cJSON_AddNumberToObject(o, "ratio", round3(r->pairs[i].ratio));
                cJSON *c = cJSON_AddArrayToObject(o, "cand_ns");
                cJSON *f = cJSON_AddArrayToObject(o, "ref_ns");
                for (size_t k = 0; k < r->n_bench && r->pairs[i].cand_ns; k++) {
                        cJSON_AddItemToArray(c, cJSON_CreateNumber(round3(r->pairs[i].cand_ns[k])));
                        cJSON_AddItemToArray(f, cJSON_CreateNumber(round3(r->pairs[i].ref_ns[k])));
                }
        }
        return b;
}

/* The session's times as its journal records them; null without one. */
static cJSON *session_json(const struct gnt_journal_times *t)
{
        if (!t || !t->has_session)
                return cJSON_CreateNull();
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddStringToObject(o, "mode", t->mode);
        cJSON_AddNumberToObject(o, "started", (double)t->started);
        cJSON_AddNumberToObject(o, "deadline", (double)t->deadline);
        if (t->submitted_seen)
                cJSON_AddNumberToObject(o, "submitted", (double)t->submitted);
        else
                cJSON_AddNullToObject(o, "submitted");
        cJSON_AddBoolToObject(o, "late", t->late);
        cJSON_AddNumberToObject(o, "overrun_s", (double)t->overrun_s);
        return o;
}

char *gnt_report_json(const struct grd_report *r, const struct gnt_report_meta *m)
{
        cJSON *root = cJSON_CreateObject();
        if (!root)
                return NULL;
        cJSON_AddNumberToObject(root, "report_format", 1);
        cJSON_AddStringToObject(root, "gauntlet_version", GAUNTLET_VERSION);
        add_str(root, "problem_id", r->problem_id);
        add_str(root, "problem_version", r->problem_version);
        add_str(root, "submission", m ? m->submission : NULL);
        add_str(root, "bundle", m ? m->bundle : NULL);
        if (m && m->bundle_sha256 && m->bundle_sha256[0])
                cJSON_AddStringToObject(root, "bundle_sha256", m->bundle_sha256);
        cJSON_AddStringToObject(root, "status", status_name(r->status));
        if (r->status != GRD_REPORT_GRADED)
                cJSON_AddStringToObject(root, "message", r->message);
        cJSON_AddNumberToObject(root, "score", round(r->score * 100) / 100);
        cJSON_AddNumberToObject(root, "max_score", 100);
        cJSON_AddBoolToObject(root, "quick", r->quick);
        cJSON_AddStringToObject(root, "toolchain", r->toolchain);
        cJSON_AddNumberToObject(root, "wall_s", round3(r->wall_s));
        if (m && m->integrity)
                cJSON_AddItemToObject(root, "integrity", gnt_integrity_json(m->integrity));
        if (m && m->integrity)
                cJSON_AddItemToObject(root, "session", session_json(m->times));
        cJSON *iso = cJSON_AddArrayToObject(root, "isolation");
        static const char *const iso_names[] = {"seccomp", "userns", "pidns", "netns", "mountns", "ipcns",
                                                "utsns", "pivot_root", "cgroup2", "cgroup1", "mem_poll", "nproc"};
        for (unsigned i = 0; i < sizeof iso_names / sizeof *iso_names; i++)
                if (r->isolation & (1u << i))
                        cJSON_AddItemToArray(iso, cJSON_CreateString(iso_names[i]));
        cJSON *gs = cJSON_AddArrayToObject(root, "graders");
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!r->enabled[k])
                        continue;
                const struct grd_result *g = &r->results[k];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToArray(gs, o);
                cJSON_AddStringToObject(o, "name", grd_kind_name((enum grd_kind)k));
                cJSON_AddStringToObject(o, "verdict", grd_verdict_name(g->verdict));
                cJSON_AddNumberToObject(o, "score", round3(g->score));
                cJSON_AddNumberToObject(o, "weight", g->weight);
                add_str(o, "summary", g->summary);
                add_str(o, "evidence", g->evidence);
                cJSON_AddNumberToObject(o, "wall_s", round3(g->wall_s));
                cJSON_AddNumberToObject(o, "build_s", round3(g->build_s));
                if (g->n_tests)
                        cJSON_AddItemToObject(o, "tests", tests_json(g->tests, g->n_tests));
                if (k == GRD_BENCH && g->n_pairs)
                        cJSON_AddItemToObject(o, "bench", bench_json(g));
        }
        char *s = cJSON_Print(root);
        cJSON_Delete(root);
        return s;
}

/* XML text with the five entities escaped and control characters dropped. */
static void xml_add(FILE *f, const char *s)
{
        for (; s && *s; s++) {
                unsigned char c = (unsigned char)*s;
                switch (c) {
                case '<': fputs("&lt;", f); break;
                case '>': fputs("&gt;", f); break;
                case '&': fputs("&amp;", f); break;
                case '"': fputs("&quot;", f); break;
                case '\'': fputs("&apos;", f); break;
                default:
                        if (c >= 0x20 || c == '\n' || c == '\t')
                                fputc(c, f);
                }
        }
}

/* The testcase "integrity": failed when the submission is tampered (CI
 * sees it even when every grader passed), skipped when unverified. */
static void junit_integrity(FILE *f, const struct gnt_integrity *ig)
{
        fputs("    <testcase classname=\"gauntlet.integrity\" name=\"integrity\" time=\"0\">\n", f);
        if (ig->verdict == GNT_INTEGRITY_TAMPERED) {
                fprintf(f, "      <failure message=\"tampered: %zu finding%s: ", ig->n_findings,
                        ig->n_findings == 1 ? "" : "s");
                xml_add(f, ig->n_findings ? ig->findings[0] : "");
                fputs("\">", f);
                for (size_t i = 0; i < ig->n_findings; i++) {
                        xml_add(f, ig->findings[i]);
                        fputc('\n', f);
                }
                fputs("</failure>\n", f);
        } else if (ig->verdict == GNT_INTEGRITY_UNVERIFIED) {
                fputs("      <skipped message=\"unverified: ", f);
                xml_add(f, ig->n_findings ? ig->findings[0] : "no journal");
                fputs("\"/>\n", f);
        }
        fprintf(f, "      <system-out>%s</system-out>\n    </testcase>\n", gnt_integrity_name(ig->verdict));
}

char *gnt_report_junit(const struct grd_report *r, const struct gnt_report_meta *m)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
                return NULL;
        const struct gnt_integrity *ig = m ? m->integrity : NULL;
        size_t tests = ig ? 1 : 0, failures = 0, skipped = 0, errors = 0;
        if (ig) {
                failures += ig->verdict == GNT_INTEGRITY_TAMPERED;
                skipped += ig->verdict == GNT_INTEGRITY_UNVERIFIED;
        }
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!r->enabled[k])
                        continue;
                tests++;
                enum grd_verdict v = r->status == GRD_REPORT_GRADED ? r->results[k].verdict : GRD_VERDICT_ERROR;
                failures += v == GRD_VERDICT_FAIL;
                skipped += v == GRD_VERDICT_SKIP;
                errors += v == GRD_VERDICT_ERROR;
        }
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
        fputs("  <testsuite name=\"gauntlet.", f);
        xml_add(f, r->problem_id ? r->problem_id : "problem");
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n", tests,
                failures, errors, skipped, r->wall_s);
        fputs("    <properties>\n      <property name=\"score\" value=\"", f);
        fprintf(f, "%.2f", r->score);
        fputs("\"/>\n      <property name=\"submission\" value=\"", f);
        xml_add(f, m && m->submission ? m->submission : "");
        fputs("\"/>\n", f);
        if (ig)
                fprintf(f, "      <property name=\"integrity\" value=\"%s\"/>\n", gnt_integrity_name(ig->verdict));
        fputs("    </properties>\n", f);
        if (ig)
                junit_integrity(f, ig);
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!r->enabled[k])
                        continue;
                const struct grd_result *g = &r->results[k];
                fprintf(f, "    <testcase classname=\"gauntlet.graders\" name=\"%s\" time=\"%.3f\">\n",
                        grd_kind_name((enum grd_kind)k), g->wall_s);
                enum grd_verdict v = r->status == GRD_REPORT_GRADED ? g->verdict : GRD_VERDICT_ERROR;
                const char *tag = v == GRD_VERDICT_FAIL ? "failure" : v == GRD_VERDICT_ERROR ? "error" : NULL;
                if (v == GRD_VERDICT_SKIP) {
                        fputs("      <skipped message=\"", f);
                        xml_add(f, g->summary);
                        fputs("\"/>\n", f);
                } else if (tag) {
                        fprintf(f, "      <%s message=\"", tag);
                        xml_add(f, r->status == GRD_REPORT_GRADED ? g->summary : r->message);
                        fputs("\">", f);
                        xml_add(f, g->evidence);
                        fprintf(f, "</%s>\n", tag);
                }
                fputs("      <system-out>", f);
                fprintf(f, "score %.2f of %.0f: ", g->score, g->weight);
                xml_add(f, g->summary);
                fputs("</system-out>\n    </testcase>\n", f);
        }
        fputs("  </testsuite>\n</testsuites>\n", f);
        if (fclose(f) != 0) {
                free(buf);
                return NULL;
        }
        return buf;
}

void gnt_report_print(FILE *f, const struct grd_report *r, bool verbose)
{
        fprintf(f, "problem %s %s — ", r->problem_id ? r->problem_id : "?",
                r->problem_version ? r->problem_version : "");
        if (r->status != GRD_REPORT_GRADED) {
                fprintf(f, "not graded (%s): %s\n", status_name(r->status), r->message);
                return;
        }
        fprintf(f, "score %.2f / 100  (%.1f s%s)\n", r->score, r->wall_s, r->quick ? ", quick" : "");
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!r->enabled[k])
                        continue;
                const struct grd_result *g = &r->results[k];
                fprintf(f, "  %-12s %-5s %6.2f / %-3.0f %s\n", grd_kind_name((enum grd_kind)k),
                        grd_verdict_name(g->verdict), g->score, g->weight, g->summary ? g->summary : "");
                if (g->evidence && (verbose || g->verdict == GRD_VERDICT_FAIL || g->verdict == GRD_VERDICT_ERROR)) {
                        /* the first lines of the evidence, indented */
                        const char *s = g->evidence;
                        for (int line = 0; *s && (verbose || line < 12); line++) {
                                const char *nl = strchr(s, '\n');
                                int n = nl ? (int)(nl - s) : (int)strlen(s);
                                fprintf(f, "      | %.*s\n", n, s);
                                s += n + (nl ? 1 : 0);
                        }
                        if (*s)
                                fprintf(f, "      | ... (full evidence in the JSON report)\n");
                }
        }
}

int gnt_report_write(const char *path, const char *text)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return -errno;
        size_t len = strlen(text), off = 0;
        while (off < len) {
                ssize_t n = write(fd, text + off, len - off);
                if (n < 0) {
                        int e = -errno;
                        close(fd);
                        return e;
                }
                off += (size_t)n;
        }
        return close(fd) < 0 ? -errno : 0;
}
