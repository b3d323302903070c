/* cmd_start.c — `gauntlet start`: open a problem (bundle, folder, or a pick
 * from the shipped library), create the session folder, open the screen. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "manifest.h"
#include "paths.h"
#include "session/cmdline.h"
#include "tui/tui.h"

struct start_opts {
        const char *source, *mode, *workspace, *pubkey, *grading, *area, *problem;
        double minutes;
        long seed;
        bool have_seed, no_screen;
};

static bool has_area(const struct grd_problem *p, const char *area)
{
        for (size_t i = 0; i < p->n_areas; i++)
                if (strcmp(p->areas[i], area) == 0)
                        return true;
        return false;
}

/* Pick a problem folder of the library matching --area / --problem. */
static int pick_problem(const struct start_opts *o, char ret[PATH_MAX])
{
        const char *lib = gnt_path_problems();
        DIR *d = opendir(lib);
        if (!d) {
                gnt_error("start", "cannot read the problem library '%s': %s", lib, strerror(errno));
                return GNT_EXIT_USAGE;
        }
        char **match = NULL;
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char dir[PATH_MAX], err[GNT_ERR_MAX];
                snprintf(dir, sizeof dir, "%s/%s", lib, de->d_name);
                struct grd_problem p;
                memset(&p, 0, sizeof p);
                if (gnt_manifest_load(dir, &p, err, sizeof err) < 0)
                        continue;
                bool ok = (!o->area || has_area(&p, o->area)) && (!o->problem || strcmp(p.id, o->problem) == 0);
                grd_problem_release(&p);
                if (!ok)
                        continue;
                char **nm = realloc(match, (n + 1) * sizeof *nm);
                if (!nm)
                        break;
                match = nm;
                match[n++] = strdup(dir);
        }
        closedir(d);
        int r = GNT_EXIT_OK;
        if (n == 0) {
                if (o->problem)
                        gnt_error("start", "no problem '%s' in the library '%s'", o->problem, lib);
                else
                        gnt_error("start", "no problem of area '%s' in the library '%s'", o->area ? o->area : "",
                                  lib);
                r = GNT_EXIT_USAGE;
        } else {
                /* Sorted so a seed picks the same problem on every machine. */
                for (size_t i = 1; i < n; i++)
                        for (size_t k = i; k > 0 && strcmp(match[k - 1], match[k]) > 0; k--) {
                                char *t = match[k];
                                match[k] = match[k - 1];
                                match[k - 1] = t;
                        }
                unsigned seed = o->have_seed ? (unsigned)o->seed : (unsigned)time(NULL) ^ (unsigned)getpid();
                srand(seed);
                snprintf(ret, PATH_MAX, "%s", match[(size_t)rand() % n]);
        }
        for (size_t i = 0; i < n; i++)
                free(match[i]);
        free(match);
        return r;
}

static void print_next_steps(const struct gnt_session *s)
{
        char d[32];
        printf("session started: %s — %s\n", s->id, s->title);
        printf("  statement: %s/statement.md\n", s->root);
        printf("  workspace: %s\n", s->code);
        printf("  time:      %s (%s mode)\n",
               gnt_session_fmt_duration(gnt_session_left(s, (int64_t)time(NULL)), d, sizeof d), s->mode);
        printf("next: edit the code, then from inside %s run\n", s->root);
        printf("  gauntlet test      run the public tests\n");
        printf("  gauntlet status    time left and last results\n");
        printf("  gauntlet submit    seal %s-submission.tar.gz\n", s->id);
        printf("  gauntlet resume    reopen the screen\n");
}

int gnt_cmd_start(int argc, char **argv)
{
        static const struct option longopts[] = {
                {"mode", required_argument, NULL, 'm'},  {"workspace", required_argument, NULL, 'w'},
                {"pubkey", required_argument, NULL, 'k'}, {"grading", required_argument, NULL, 'g'},
                {"area", required_argument, NULL, 'a'},  {"minutes", required_argument, NULL, 'M'},
                {"problem", required_argument, NULL, 'p'}, {"seed", required_argument, NULL, 's'},
                {"no-screen", no_argument, NULL, 'n'},    {0},
        };
        struct start_opts o = {0};
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":m:w:k:g:a:M:p:s:n", longopts, NULL)) != -1) {
                char *end;
                switch (c) {
                case 'm': o.mode = optarg; break;
                case 'w': o.workspace = optarg; break;
                case 'k': o.pubkey = optarg; break;
                case 'g': o.grading = optarg; break;
                case 'a': o.area = optarg; break;
                case 'p': o.problem = optarg; break;
                case 'n': o.no_screen = true; break;
                case 'M':
                        o.minutes = strtod(optarg, &end);
                        if (*end || end == optarg || !(o.minutes > 0 && o.minutes <= 24 * 60))
                                return gnt_usage_error("start", "--minutes: expected a number of minutes in "
                                                                "(0, 1440], got '%s'", optarg);
                        break;
                case 's':
                        o.seed = strtol(optarg, &end, 10);
                        if (*end || end == optarg)
                                return gnt_usage_error("start", "--seed: expected an integer, got '%s'", optarg);
                        o.have_seed = true;
                        break;
                case ':': return gnt_usage_error("start", "option '%s' needs a value", argv[optind - 1]);
                default: return gnt_usage_error("start", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind < argc - 1)
                return gnt_usage_error("start", "too many arguments: '%s'", argv[optind + 1]);
        if (optind < argc)
                o.source = argv[optind];
        if (o.mode && strcmp(o.mode, "mock") != 0 && strcmp(o.mode, "take-home") != 0)
                return gnt_usage_error("start", "--mode: expected 'take-home' or 'mock', got '%s'", o.mode);
        static const char *const areas[] = {"idiomatic", "concurrency", "low-level", "networking",
                                            "performance", "reliability", NULL};
        bool area_ok = !o.area;
        for (size_t i = 0; o.area && areas[i]; i++)
                area_ok |= strcmp(o.area, areas[i]) == 0;
        if (!area_ok)
                return gnt_usage_error("start", "--area: expected idiomatic, concurrency, low-level, networking, "
                                                "performance or reliability, got '%s'", o.area);
        if (o.source && (o.area || o.problem))
                return gnt_usage_error("start", "--area and --problem pick from the library: give no BUNDLE");
        char picked[PATH_MAX];
        bool from_library = !o.source;
        if (from_library) {
                int r = pick_problem(&o, picked);
                if (r)
                        return r;
                o.source = picked;
        }
        bool mock = o.mode ? strcmp(o.mode, "mock") == 0 : from_library;
        if (o.minutes > 0 && !mock)
                return gnt_usage_error("start", "--minutes is for mock sessions: a take-home keeps the "
                                                "problem's time");

        char err[1024];
        struct gnt_bundle *b = NULL;
        struct gnt_bundle_opts bo = {.pubkey = o.pubkey};
        if (gnt_bundle_open(o.source, &bo, &b, err, sizeof err) < 0) {
                gnt_error("start", "cannot open '%s': %s", o.source, err);
                return GNT_EXIT_USAGE;
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
        int status = GNT_EXIT_OK;
        if (!o.no_screen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
                status = gnt_tui_run(&s);
        else
                print_next_steps(&s);
        gnt_session_release(&s);
        return status;
}
