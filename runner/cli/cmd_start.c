/* cmd_start.c — `gauntlet start`: open a problem (bundle, folder, or a pick
 * from the shipped library), create the session folder, open the screen. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "library.h"
#include "manifest.h"
#include "paths.h"
#include "session/cmdline.h"
#include "bundle/ticket.h"
#include "screen_cli.h"
#include "session_args.h"
#include "loop_cli.h"
#include "session/loop.h"

#include <sodium.h>

/* Pick a problem folder of the library matching --area / --problem. */
static int pick_problem(const struct gnt_start_args *o, char ret[PATH_MAX])
{
        const char *lib = gnt_path_problems();
        struct gnt_library l;
        char err[GNT_ERR_MAX];
        if (gnt_library_scan(lib, &l, err, sizeof err) < 0) {
                gnt_error("start", "%s", err);
                return GNT_EXIT_USAGE;
        }
        const char **match = calloc(l.n ? l.n : 1, sizeof *match);
        size_t n = 0;
        for (size_t i = 0; match && i < l.n; i++)
                if ((!o->area || gnt_lib_problem_has_area(&l.p[i], o->area)) &&
                    (!o->problem || strcmp(l.p[i].id, o->problem) == 0))
                        match[n++] = l.p[i].dir; /* sorted by folder: a seed picks the same everywhere */
        int r = GNT_EXIT_OK;
        if (n == 0) {
                if (o->problem)
                        gnt_error("start", "no problem '%s' in the library '%s'", o->problem, lib);
                else
                        gnt_error("start", "no problem of area '%s' in the library '%s'", o->area ? o->area : "",
                                  lib);
                r = GNT_EXIT_USAGE;
        } else {
                unsigned seed = o->have_seed ? (unsigned)o->seed : (unsigned)time(NULL) ^ (unsigned)getpid();
                srand(seed);
                snprintf(ret, PATH_MAX, "%s", match[(size_t)rand() % n]);
        }
        free(match);
        gnt_library_release(&l);
        return r;
}

void gnt_start_print_next(const struct gnt_session *s)
{
        char d[32];
        printf("session started: %s — %s\n", s->id, s->title);
        printf("  statement: %s/statement.md\n", s->root);
        printf("  workspace: %s\n", s->code);
        printf("  time:      %s (%s mode)\n",
               gnt_session_fmt_duration(gnt_session_left(s, (int64_t)time(NULL)), d, sizeof d), s->mode);
        const struct gnt_entry_start *st = &s->j.entries[0].d.u.start;
        if (st->has_ticket && st->ticket_candidate)
                printf("  ticket:    %s, %g minutes\n", st->ticket_candidate, st->ticket_minutes);
        printf("next: edit the code, then from inside %s run\n", s->root);
        printf("  gauntlet test      run the public tests\n");
        printf("  gauntlet status    time left and last results\n");
        printf("  gauntlet submit    seal %s-submission.tar.gz\n", s->id);
        printf("  gauntlet resume    reopen the screen\n");
}

/* Read the ticket; with --pubkey, it must be the team's. */
static int load_ticket(const struct gnt_start_args *o, struct gnt_ticket *t)
{
        char err[GNT_ERR_MAX];
        if (gnt_ticket_read(o->ticket, t, err, sizeof err) < 0) {
                gnt_error("start", "%s", err);
                return GNT_EXIT_USAGE;
        }
        uint8_t pk[32];
        if (o->pubkey && (gnt_bundle_pubkey_read(o->pubkey, pk, NULL, err, sizeof err) < 0 ||
                          gnt_ticket_verify(t, pk, err, sizeof err) < 0)) {
                gnt_error("start", "ticket '%s': %s", o->ticket, err);
                return GNT_EXIT_USAGE;
        }
        int64_t now = (int64_t)time(NULL);
        if (now < t->not_before || now > t->not_after) {
                char a[32], b[32];
                gnt_error("start", "ticket '%s' %s: it may be started from %s to %s", o->ticket,
                          now < t->not_before ? "is not valid yet" : "has expired",
                          gnt_session_fmt_time(t->not_before, a, sizeof a),
                          gnt_session_fmt_time(t->not_after, b, sizeof b));
                return GNT_EXIT_USAGE;
        }
        return GNT_EXIT_OK;
}

/* The ticket names the bundle file by its digest. */
static int ticket_matches(const struct gnt_start_args *o, const struct gnt_bundle *b, const struct gnt_ticket *t)
{
        if (!b->is_archive) {
                gnt_error("start", "ticket '%s' is for a bundle file: start that bundle, not a folder", o->ticket);
                return GNT_EXIT_USAGE;
        }
        if (strcmp(t->bundle_sha256, b->sha256_hex) != 0) {
                gnt_error("start", "ticket '%s' is for another bundle (%.16s, '%s' is %.16s)", o->ticket,
                          t->bundle_sha256, o->source, b->sha256_hex);
                return GNT_EXIT_USAGE;
        }
        return GNT_EXIT_OK;
}

int gnt_start_create(const struct gnt_start_args *opts, struct gnt_session *ret)
{
        struct gnt_start_args o = *opts;
        char err[1024];
        bool mock = o.mock;
        int pr;
        struct gnt_ticket t;
        memset(&t, 0, sizeof t);
        if (o.ticket && (pr = load_ticket(&o, &t)) != 0)
                return pr;
        struct gnt_bundle *b = NULL;
        struct gnt_bundle_opts bo = {.pubkey = o.pubkey, .content_key = t.has_content_key ? t.content_key : NULL};
        pr = gnt_bundle_open(o.source, &bo, &b, err, sizeof err);
        sodium_memzero(t.content_key, sizeof t.content_key);
        if (pr < 0) {
                gnt_error("start", "cannot open '%s': %s", o.source, err);
                return GNT_EXIT_USAGE;
        }
        if (o.ticket && (pr = ticket_matches(&o, b, &t)) != 0) {
                gnt_bundle_close(b);
                return pr;
        }
        if (b->assessment || b->n_problems != 1) {
                gnt_error("start", "'%s' holds an assessment of %zu problems: start one problem bundle",
                          o.source, b->n_problems);
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        if (b->sig == GNT_SIG_INVALID) {
                gnt_error("start", "'%s': signature INVALID", o.source);
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        const struct grd_problem *p = gnt_bundle_problem(b);
        char *public_json = gnt_manifest_public_json(p);
        enum gnt_sig_status sig = b->sig;
        err[0] = '\0';
        char source_abs[PATH_MAX], grading_abs[PATH_MAX], root[PATH_MAX];
        if (!realpath(o.source, source_abs))
                snprintf(source_abs, sizeof source_abs, "%s", o.source);
        const char *grading = NULL;
        if (o.grading) {
                if (!realpath(o.grading, grading_abs)) {
                        gnt_error("start", "--grading: cannot use '%s': %s", o.grading, strerror(errno));
                        free(public_json);
                        gnt_bundle_close(b);
                        return GNT_EXIT_USAGE;
                }
                grading = grading_abs;
        } else if (mock && !b->is_public && p->hidden_tests) {
                grading = source_abs; /* a library folder or grading bundle has everything */
        }
        snprintf(root, sizeof root, "%s", o.workspace ? o.workspace : "");
        if (!o.workspace)
                snprintf(root, sizeof root, "gauntlet-%s", p->id);
        struct gnt_session_params params = {
                .problem = p,
                .source = source_abs,
                .bundle_sha256 = b->is_archive ? b->sha256_hex : NULL,
                .mock = mock,
                .minutes = o.minutes,
                .grading = mock ? grading : NULL,
                .public_json = public_json,
                .ticket = o.ticket ? &t : NULL,
        };
        struct gnt_session s;
        int r = public_json ? gnt_session_create(root, &params, &s, err, sizeof err) : -ENOMEM;
        free(public_json);
        gnt_bundle_close(b);
        if (r < 0) {
                gnt_error("start", "%s", r == -ENOMEM && !err[0] ? "out of memory" : err);
                return GNT_EXIT_USAGE;
        }
        if (sig == GNT_SIG_NO_KEY)
                fprintf(stderr, "gauntlet start: note: the bundle is signed but no --pubkey was given\n");
        *ret = s;
        return GNT_EXIT_OK;
}

int gnt_cmd_start(int argc, char **argv)
{
        struct gnt_start_args o;
        char err[1024];
        if (gnt_start_args_parse(argc, argv, &o, err, sizeof err) < 0)
                return gnt_usage_error("start", "%s", err);
        if (o.loop)
                return gnt_loop_cli_start(&o);
        char loop[PATH_MAX];
        if (!o.source && !o.area && !o.problem && !o.mode && !o.workspace && o.minutes == 0 && !o.have_seed &&
            gnt_loop_find(".", loop) == 0)
                return gnt_loop_cli_continue("start", loop, o.no_screen); /* the loop's next round */
        char picked[PATH_MAX];
        if (!o.source) {
                int r = pick_problem(&o, picked);
                if (r)
                        return r;
                o.source = picked;
        }
        struct gnt_session s;
        int cr = gnt_start_create(&o, &s);
        if (cr)
                return cr;
        /* while the candidate reads, the build cache warms (never waited for) */
        (void)gnt_session_warm(&s, err, sizeof err);
        int status = GNT_EXIT_OK;
        if (!o.no_screen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
                status = gnt_screen_run("start", &s);
        else
                gnt_start_print_next(&s);
        gnt_session_release(&s);
        return status;
}
