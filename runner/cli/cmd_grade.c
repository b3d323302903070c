/* cmd_grade.c — `gauntlet grade --bundle GRADING_BUNDLE SUBMISSION`: check
 * one submission (a folder or a sealed submission archive) as `gauntlet
 * verify` does, grade the code it holds, and write the summary, a JSON
 * report and JUnit XML, each with the integrity verdict.  Several
 * submissions, --report or -j go to the batch grader (review/). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "grade_batch.h"
#include "print.h"
#include "files.h"
#include "grade.h"
#include "grade_args.h"
#include "paths.h"
#include "session/report_json.h"
#include "session/integrity.h"
#include "review/review.h"
#include "scratch.h"
#include "sbx_file.h"

#define SUBMISSION_MAX (64u << 20)

static void progress(void *ctx, const char *what)
{
        (void)ctx;
        fprintf(stderr, "gauntlet grade: %s\n", what);
}

static bool is_dir(const char *p)
{
        struct stat st;
        return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where the candidate's code is: a folder is the code itself, or its
 * code/ when it is an unpacked submission (submission.json beside it); an
 * archive is extracted safely into the scratch folder tmp first.  root
 * gets the folder holding the submission's files.  Returns 0, 2 (bad
 * input, message printed). */
static int locate_code(const char *sub, struct grd_scratch *tmp, char *code, size_t codesz, char *root,
                       size_t rootsz)
{
        char probe[PATH_MAX];
        if (is_dir(sub)) {
                snprintf(root, rootsz, "%s", sub);
                snprintf(probe, sizeof probe, "%s/submission.json", sub);
                if (access(probe, F_OK) == 0)
                        snprintf(code, codesz, "%s/code", sub);
                else
                        snprintf(code, codesz, "%s", sub);
                return 0;
        }
        char *buf;
        size_t len;
        int r = sbx_file_read_at(AT_FDCWD, sub, SUBMISSION_MAX, SBX_FILE_FOLLOW, &buf, &len);
        if (r == -EFBIG || r == -ENOMEM) {
                gnt_error("grade", "cannot read '%s': %s", sub, r == -EFBIG ? "larger than 64 MiB" : "out of memory");
                return GNT_EXIT_USAGE;
        }
        if (r < 0) {
                gnt_error("grade", "cannot open '%s': %s", sub, strerror(-r));
                return GNT_EXIT_USAGE;
        }
        r = grd_scratch_create(grd_scratch_parent(), "gauntlet-sub-", false, tmp, NULL, 0);
        if (r < 0) {
                free(buf);
                gnt_error("grade", "cannot create a temporary folder: %s", strerror(-r));
                return GNT_EXIT_USAGE;
        }
        char dest[PATH_MAX], err[GNT_ERR_MAX];
        snprintf(dest, sizeof dest, "%.4000s/s", tmp->path);
        r = gnt_bundle_extract(buf, len, dest, NULL, NULL, err, sizeof err);
        free(buf);
        if (r < 0) {
                gnt_error("grade", "cannot unpack '%s': %s", sub, err);
                return GNT_EXIT_USAGE;
        }
        snprintf(probe, sizeof probe, "%.4000s/submission.json", dest);
        snprintf(code, codesz, "%.4000s/code", dest);
        snprintf(root, rootsz, "%s", dest);
        if (access(probe, F_OK) < 0 || !is_dir(code)) {
                gnt_error("grade", "'%s' is not a submission archive (no submission.json and code/)", sub);
                return GNT_EXIT_USAGE;
        }
        return 0;
}

static int write_report(const char *what, const char *path, char *text)
{
        if (!text) {
                gnt_error("grade", "cannot make the %s report: out of memory", what);
                return -ENOMEM;
        }
        int r = gnt_report_write(path, text);
        free(text);
        if (r < 0)
                gnt_error("grade", "cannot write '%s': %s", path, strerror(-r));
        return r;
}

/* Check the submission as `gauntlet verify --bundle` would (with the
 * team's key for tickets, and --candidate), and read its times from its
 * journal.  Returns 0, or an exit status with the message printed. */
static int check_integrity(const struct gnt_grade_args *a, const struct gnt_bundle *b, const char *sub,
                           const char *root, struct gnt_integrity *ig, struct gnt_journal_times *jt)
{
        char err[GNT_ERR_MAX], file_sha[65], public_hash[65];
        unsigned char pk[32];
        if (gnt_integrity_bundle_hashes(b, file_sha, public_hash, err, sizeof err) < 0) {
                gnt_error("grade", "%s", err);
                return GNT_EXIT_FAIL;
        }
        if (a->pubkey && gnt_bundle_pubkey_read(a->pubkey, pk, NULL, err, sizeof err) < 0) {
                gnt_error("grade", "%s", err);
                return GNT_EXIT_USAGE;
        }
        struct gnt_integrity_opts o = {.file_sha256 = file_sha,
                                       .public_hash = public_hash,
                                       .team_pk = a->pubkey ? pk : NULL,
                                       .candidate = a->candidate};
        if (gnt_integrity_check(sub, root, &o, ig, err, sizeof err) < 0) {
                gnt_error("grade", "%s", err);
                return GNT_EXIT_FAIL;
        }
        char path[PATH_MAX], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%.4000s/journal.jsonl", root);
        if (sbx_file_read(path, (size_t)64 << 20, 0, &text, &len) == 0)
                gnt_journal_times_read(text, len, jt);
        free(text);
        return 0;
}

int gnt_cmd_grade(int argc, char **argv)
{
        struct gnt_grade_args a;
        char err[GNT_ERR_MAX];
        if (gnt_grade_args_parse(GNT_ARGS_GRADE, argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("grade", "%s", err);
        if (a.batch)
                return gnt_grade_batch(&a);
        const char *bundle_path = a.bundle, *sub = a.args[0];

        struct gnt_bundle_opts bo = {.pubkey = a.pubkey};
        struct gnt_bundle *b = NULL;
        if (gnt_bundle_open(bundle_path, &bo, &b, err, sizeof err) < 0) {
                gnt_error("grade", "cannot open '%s': %s", bundle_path, err);
                return GNT_EXIT_USAGE;
        }
        const struct grd_problem *p = gnt_bundle_problem(b);
        if (b->n_problems != 1 || b->is_public || !p->reference) {
                gnt_error("grade", "'%s' is not a grading bundle of one problem", bundle_path);
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        const char *cache = gnt_path_cache();
        if (!cache) {
                gnt_error("grade", "%s", gnt_path_cache_error());
                gnt_bundle_close(b);
                return GNT_EXIT_FAIL;
        }
        struct grd_scratch tmp = {0};
        struct gnt_integrity ig = {0};
        struct gnt_journal_times jt = {0};
        char code[PATH_MAX], root[PATH_MAX];
        int status = locate_code(sub, &tmp, code, sizeof code, root, sizeof root);
        if (status == 0)
                status = check_integrity(&a, b, sub, root, &ig, &jt);
        if (status != 0)
                goto out;

        struct grd_options o = {.cache_dir = cache, .quick = a.quick, .keep_work = a.keep,
                                .progress = isatty(STDERR_FILENO) || a.verbose ? progress : NULL};
        struct grd_report rep;
        int r = grd_grade(p, code, &o, &rep);
        if (r < 0) {
                gnt_error("grade", "cannot grade '%s': %s", sub, strerror(-r));
                status = GNT_EXIT_FAIL;
                goto out;
        }
        if (rep.status == GRD_REPORT_GRADED)
                gnt_report_print(stdout, &rep, a.verbose);
        gnt_integrity_print(stdout, &ig, &jt);
        fflush(stdout);
        struct gnt_report_meta m = {.submission = sub, .bundle = bundle_path, .bundle_sha256 = b->sha256_hex,
                                    .integrity = &ig, .times = &jt};
        status = rep.status == GRD_REPORT_GRADED ? GNT_EXIT_OK : GNT_EXIT_FAIL;
        if (rep.status != GRD_REPORT_GRADED)
                gnt_error("grade", "cannot grade '%s': %s", sub, rep.message);
        if (a.require_verified && ig.verdict != GNT_INTEGRITY_VERIFIED) {
                gnt_error("grade", "'%s' is %s (--require-verified)", sub, gnt_integrity_name(ig.verdict));
                status = GNT_EXIT_FAIL;
        }
        if (a.json && write_report("JSON", a.json, gnt_report_json(&rep, &m)) < 0)
                status = GNT_EXIT_FAIL;
        if (a.junit && write_report("JUnit", a.junit, gnt_report_junit(&rep, &m)) < 0)
                status = GNT_EXIT_FAIL;
        grd_report_release(&rep);
out:
        gnt_integrity_release(&ig);
        grd_scratch_release(&tmp);
        gnt_bundle_close(b);
        return status;
}
