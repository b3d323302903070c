/* session_args.c — parse the command lines of `gauntlet start`, `test`,
 * `submit`, `resume`, `status` and `log` (session_args.h). */
#include "session_args.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "library.h"
#include "manifest.h"
#include "sbx_file.h"
#include "session/loop.h"

static int start_option(int c, char **argv, struct gnt_start_args *o, char *err, size_t errsz)
{
        char *end;
        switch (c) {
        case 'm': o->mode = optarg; break;
        case 'w': o->workspace = optarg; break;
        case 'k': o->pubkey = optarg; break;
        case 'g': o->grading = optarg; break;
        case 'a': o->area = optarg; break;
        case 'p': o->problem = optarg; break;
        case 'n': o->no_screen = true; break;
        case 't': o->ticket = optarg; break;
        case 'l': {
                unsigned long n = strtoul(optarg, &end, 10);
                if (*end || end == optarg || *optarg == '-' || *optarg == '+' || n < 1 || n > GNT_LOOP_MAX)
                        return sbx_errf(err, errsz, -1,
                                        "--loop: expected a number of rounds from 1 to %d, got '%s'", GNT_LOOP_MAX,
                                        optarg);
                o->loop = (unsigned)n;
                break;
        }
        case 'M':
                o->minutes = strtod(optarg, &end);
                if (*end || end == optarg || !(o->minutes > 0 && o->minutes <= 24 * 60))
                        return sbx_errf(err, errsz, -1,
                                        "--minutes: expected a number of minutes in (0, 1440], got '%s'", optarg);
                break;
        case 's':
                o->seed = strtol(optarg, &end, 10);
                if (*end || end == optarg)
                        return sbx_errf(err, errsz, -1, "--seed: expected an integer, got '%s'", optarg);
                o->have_seed = true;
                break;
        default: return gnt_args_bad_option(c, argv, err, errsz);
        }
        return 0;
}

/* The library's areas as one phrase: "a, b or c". */
static const char *area_list(char *buf, size_t size)
{
        size_t n = 0, len = 0;
        while (gnt_manifest_area_names[n])
                n++;
        buf[0] = '\0';
        for (size_t i = 0; i < n && len < size; i++)
                len += (size_t)snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                                        gnt_manifest_area_names[i]);
        return buf;
}

/* What the options say together. */
static int start_check(struct gnt_start_args *o, char *err, size_t errsz)
{
        if (o->loop && (o->ticket || (o->mode && strcmp(o->mode, "take-home") == 0)))
                return sbx_errf(err, errsz, -1,
                                "--loop is a mock interview loop: take-home sessions cannot be loops");
        if (o->loop && o->source)
                return sbx_errf(err, errsz, -1, "--loop draws its problems from the library: give no BUNDLE");
        if (o->loop && o->problem)
                return sbx_errf(err, errsz, -1, "--loop draws its problems: --problem picks one");
        if (o->loop && o->grading)
                return sbx_errf(err, errsz, -1,
                                "--loop grades with the library's own grading parts: no --grading");
        if (o->ticket && !o->source)
                return sbx_errf(err, errsz, -1, "--ticket goes with the BUNDLE it was issued for");
        if (o->ticket && o->mode && strcmp(o->mode, "take-home") != 0)
                return sbx_errf(err, errsz, -1, "--ticket starts a take-home session, not a %s", o->mode);
        if (o->mode && strcmp(o->mode, "mock") != 0 && strcmp(o->mode, "take-home") != 0)
                return sbx_errf(err, errsz, -1, "--mode: expected 'take-home' or 'mock', got '%s'", o->mode);
        if (o->area && !gnt_area_known(o->area)) {
                char areas[256];
                return sbx_errf(err, errsz, -1, "--area: expected %s, got '%s'", area_list(areas, sizeof areas),
                                o->area);
        }
        if (o->source && (o->area || o->problem))
                return sbx_errf(err, errsz, -1, "--area and --problem pick from the library: give no BUNDLE");
        o->mock = o->mode ? strcmp(o->mode, "mock") == 0 : !o->source && !o->ticket;
        if (o->minutes > 0 && !o->mock)
                return sbx_errf(err, errsz, -1,
                                "--minutes is for mock sessions: a take-home keeps the problem's time%s",
                                o->ticket ? " (the ticket's)" : "");
        return 0;
}

int gnt_start_args_parse(int argc, char **argv, struct gnt_start_args *ret, char *err, size_t errsz)
{
        static const struct option longopts[] = {
                {"mode", required_argument, NULL, 'm'},  {"workspace", required_argument, NULL, 'w'},
                {"pubkey", required_argument, NULL, 'k'}, {"grading", required_argument, NULL, 'g'},
                {"area", required_argument, NULL, 'a'},  {"minutes", required_argument, NULL, 'M'},
                {"problem", required_argument, NULL, 'p'}, {"seed", required_argument, NULL, 's'},
                {"no-screen", no_argument, NULL, 'n'},    {"ticket", required_argument, NULL, 't'},
                {"loop", required_argument, NULL, 'l'},
                {0},
        };
        struct gnt_start_args o = {0};
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":m:w:k:g:a:M:p:s:nt:l:", longopts, NULL)) != -1)
                if (start_option(c, argv, &o, err, errsz) < 0)
                        return -1;
        if (optind < argc - 1)
                return sbx_errf(err, errsz, -1, "too many arguments: '%s'", argv[optind + 1]);
        if (optind < argc)
                o.source = argv[optind];
        if (start_check(&o, err, errsz) < 0)
                return -1;
        *ret = o;
        return 0;
}

/* The session commands: --session DIR, and one switch each (its short
 * form in `shorts` after ":S:", its long name `flag`, its member of the
 * struct at offset `member`); dir_arg: the folder may be given plainly. */
static int session_parse(int argc, char **argv, const char *shorts, const char *flag, size_t member,
                         bool dir_arg, struct gnt_session_args *ret, char *err, size_t errsz)
{
        const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'},
                {flag, no_argument, NULL, 'F'},
                {0},
        };
        struct gnt_session_args a = {0};
        bool on = false;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
                if (c == 'S')
                        a.session = optarg;
                else if (c == 'F' || (c != ':' && c != '?' && strchr(shorts + 3, c)))
                        on = true;
                else
                        return gnt_args_bad_option(c, argv, err, errsz);
        }
        if (optind < argc && dir_arg && !a.session && optind == argc - 1)
                a.session = argv[optind++];
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        *(bool *)((char *)&a + member) = on;
        *ret = a;
        return 0;
}

/* `gauntlet test`: --session DIR, --quiet, --race, --json. */
int gnt_test_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz)
{
        static const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'}, {"quiet", no_argument, NULL, 'q'},
                {"race", no_argument, NULL, 'r'},          {"json", no_argument, NULL, 'j'},
                {0},
        };
        struct gnt_session_args a = {0};
        int c;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:qrj", longopts, NULL)) != -1) {
                switch (c) {
                case 'S': a.session = optarg; break;
                case 'q': a.quiet = true; break;
                case 'r': a.race = true; break;
                case 'j': a.json = true; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        *ret = a;
        return 0;
}

int gnt_submit_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz)
{
        return session_parse(argc, argv, ":S:", "no-grade", offsetof(struct gnt_session_args, no_grade), false,
                             ret, err, errsz);
}

int gnt_resume_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz)
{
        return session_parse(argc, argv, ":S:n", "no-screen", offsetof(struct gnt_session_args, no_screen), true,
                             ret, err, errsz);
}

int gnt_status_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz)
{
        return session_parse(argc, argv, ":S:j", "json", offsetof(struct gnt_session_args, json), false, ret, err,
                             errsz);
}

static bool parse_seq(const char *s, long *ret)
{
        char *end;
        long v = strtol(s, &end, 10);
        if (*end || end == s || v < 1)
                return false;
        *ret = v;
        return true;
}

/* What --show, --diff, --out and --file say, alone and together. */
static int log_check(const char *show, const char *diff, struct gnt_log_args *a, char *err, size_t errsz)
{
        if (show && !parse_seq(show, &a->show))
                return sbx_errf(err, errsz, -1, "--show: expected an entry number, got '%s'", show);
        if (diff) {
                const char *colon = strchr(diff, ':');
                char n[32];
                snprintf(n, sizeof n, "%.*s", colon ? (int)(colon - diff) : (int)strlen(diff), diff);
                a->diff = true;
                if (!parse_seq(n, colon ? &a->diff_from : &a->diff_to) ||
                    (colon && !parse_seq(colon + 1, &a->diff_to)))
                        return sbx_errf(err, errsz, -1, "--diff: expected N or FROM:TO entry numbers, got '%s'",
                                        diff);
        }
        if ((a->out || a->file) && !show)
                return sbx_errf(err, errsz, -1, "--out and --file go with --show N");
        if (show && diff)
                return sbx_errf(err, errsz, -1, "--show and --diff cannot be combined");
        return 0;
}

int gnt_log_args_parse(int argc, char **argv, struct gnt_log_args *ret, char *err, size_t errsz)
{
        static const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'}, {"show", required_argument, NULL, 's'},
                {"out", required_argument, NULL, 'o'},     {"file", required_argument, NULL, 'f'},
                {"diff", required_argument, NULL, 'd'},    {"json", no_argument, NULL, 'j'},
                {0},
        };
        struct gnt_log_args a = {0};
        const char *show = NULL, *diff = NULL;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:s:o:f:d:j", longopts, NULL)) != -1) {
                switch (c) {
                case 'S': a.session = optarg; break;
                case 's': show = optarg; break;
                case 'o': a.out = optarg; break;
                case 'f': a.file = optarg; break;
                case 'd': diff = optarg; break;
                case 'j': a.json = true; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind < argc) {
                if (a.session || optind < argc - 1)
                        return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
                a.path = argv[optind];
        }
        if (log_check(show, diff, &a, err, errsz) < 0)
                return -1;
        *ret = a;
        return 0;
}
