/* run_args.c — parse and apply the options of `gauntlet run`. */
#include "run_args.h"

#include "sbx_file.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_seconds(const char *opt, const char *s, double *out, char *err, size_t len)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (!*s || *end || errno || !isfinite(v) || v < 0 || v > 365.0 * 24 * 3600)
                return sbx_errf(err, len, -1, "option '--%s': '%s' is not a number of seconds", opt, s);
        *out = v;
        return 0;
}

static int parse_uint(const char *opt, const char *s, uint64_t max, uint64_t *out, char *err, size_t len)
{
        char *end;
        errno = 0;
        if (!*s || *s == '-' || *s == '+')
                return sbx_errf(err, len, -1, "option '--%s': '%s' is not a whole number", opt, s);
        unsigned long long v = strtoull(s, &end, 10);
        if (*end || errno)
                return sbx_errf(err, len, -1, "option '--%s': '%s' is not a whole number", opt, s);
        if (v > max)
                return sbx_errf(err, len, -1, "option '--%s': '%s' is too large (at most %llu)", opt, s,
                                (unsigned long long)max);
        *out = v;
        return 0;
}

enum {
        OPT_CPU = 256, OPT_WALL, OPT_MEM, OPT_PROCS, OPT_FSIZE, OPT_OUTPUT, OPT_NOFILE,
        OPT_AFFINITY, OPT_POLICY, OPT_NET, OPT_DIR, OPT_WORKDIR, OPT_STDIN, OPT_STDOUT,
        OPT_STDERR, OPT_ENV, OPT_RESULT, OPT_DISK,
};

static const struct option options[] = {
        {"cpu", required_argument, NULL, OPT_CPU},
        {"wall", required_argument, NULL, OPT_WALL},
        {"mem", required_argument, NULL, OPT_MEM},
        {"procs", required_argument, NULL, OPT_PROCS},
        {"fsize", required_argument, NULL, OPT_FSIZE},
        {"disk", required_argument, NULL, OPT_DISK},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"nofile", required_argument, NULL, OPT_NOFILE},
        {"cpu-affinity", required_argument, NULL, OPT_AFFINITY},
        {"policy", required_argument, NULL, OPT_POLICY},
        {"net", required_argument, NULL, OPT_NET},
        {"dir", required_argument, NULL, OPT_DIR},
        {"workdir", required_argument, NULL, OPT_WORKDIR},
        {"stdin", required_argument, NULL, OPT_STDIN},
        {"stdout", required_argument, NULL, OPT_STDOUT},
        {"stderr", required_argument, NULL, OPT_STDERR},
        {"env", required_argument, NULL, OPT_ENV},
        {"result", required_argument, NULL, OPT_RESULT},
        {0},
};

void gnt_run_args_release(struct gnt_run_args *a)
{
        free(a->dirs);
        free(a->env);
        a->dirs = NULL;
        a->env = NULL;
}

/* --disk MIB, or MIB:FILES */
static int parse_disk(const char *name, const char *arg, struct gnt_run_args *a, char *err, size_t len)
{
        char mib[32];
        const char *colon = strchr(arg, ':');
        size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
        if (n >= sizeof mib)
                return sbx_errf(err, len, -1, "option '--disk': '%s' is not MIB[:FILES]", arg);
        snprintf(mib, sizeof mib, "%.*s", (int)n, arg);
        int rc = parse_uint(name, mib, UINT64_C(1) << 30, &a->disk_mib, err, len);
        if (rc == 0 && colon)
                rc = parse_uint(name, colon + 1, 1000000000, &a->disk_files, err, len);
        return rc;
}

/* --dir PATH[:ro|:rw] (arg is changed: the suffix cut off) */
static int add_dir(char *arg, struct gnt_run_args *a, char *err, size_t len)
{
        struct gnt_run_dir d = {arg, false};
        char *colon = strrchr(arg, ':');
        if (colon && strcmp(colon, ":rw") == 0) {
                *colon = '\0';
                d.rw = true;
        } else if (colon && strcmp(colon, ":ro") == 0) {
                *colon = '\0';
        }
        if (d.path[0] != '/')
                return sbx_errf(err, len, -1, "option '--dir': '%s' is not an absolute path", d.path);
        struct gnt_run_dir *n = realloc(a->dirs, (a->ndirs + 1) * sizeof *n);
        if (!n)
                return sbx_errf(err, len, -1, "out of memory");
        a->dirs = n;
        a->dirs[a->ndirs++] = d;
        return 0;
}

/* --env NAME=VALUE */
static int add_env(const char *arg, struct gnt_run_args *a, char *err, size_t len)
{
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg)
                return sbx_errf(err, len, -1, "option '--env': '%s' is not NAME=VALUE", arg);
        const char **n = realloc(a->env, (a->nenv + 1) * sizeof *n);
        if (!n)
                return sbx_errf(err, len, -1, "out of memory");
        a->env = n;
        a->env[a->nenv++] = arg;
        return 0;
}

/* One option o of getopt_long (name: its long name, "" for none) into *a.
 * 0, or -1 with one line in err. */
static int parse_option(int o, const char *name, char **argv, struct gnt_run_args *a, char *err, size_t len)
{
        uint64_t u;
        int rc = 0;
        switch (o) {
        case OPT_CPU:
                rc = parse_seconds(name, optarg, &a->cpu, err, len);
                break;
        case OPT_WALL:
                rc = parse_seconds(name, optarg, &a->wall, err, len);
                break;
        case OPT_MEM:
                rc = parse_uint(name, optarg, UINT64_C(1) << 30, &a->mem, err, len);
                break;
        case OPT_FSIZE:
                rc = parse_uint(name, optarg, UINT64_C(1) << 30, &a->fsize, err, len);
                break;
        case OPT_OUTPUT:
                rc = parse_uint(name, optarg, UINT64_C(1) << 30, &a->output, err, len);
                break;
        case OPT_DISK:
                rc = parse_disk(name, optarg, a, err, len);
                break;
        case OPT_PROCS:
                if ((rc = parse_uint(name, optarg, 1000000, &u, err, len)) == 0)
                        a->procs = (unsigned)u;
                break;
        case OPT_NOFILE:
                if ((rc = parse_uint(name, optarg, 1048576, &u, err, len)) == 0)
                        a->nofile = (unsigned)u;
                break;
        case OPT_AFFINITY:
                if ((rc = parse_uint(name, optarg, 1023, &u, err, len)) == 0)
                        a->cpu_affinity = (int)u;
                break;
        case OPT_POLICY: {
                int p = sbx_policy_from_name(optarg);
                if (p < 0)
                        rc = sbx_errf(err, len, -1,
                                      "option '--policy': unknown policy '%s' (strict, build or off)",
                                      optarg);
                else
                        a->policy = (enum sbx_policy)p;
                break;
        }
        case OPT_NET: {
                int n = sbx_net_from_name(optarg);
                if (n < 0)
                        rc = sbx_errf(err, len, -1,
                                      "option '--net': unknown mode '%s' (none or loopback)", optarg);
                else
                        a->net = (enum sbx_net)n;
                break;
        }
        case OPT_DIR:
                rc = add_dir(optarg, a, err, len);
                break;
        case OPT_WORKDIR:
                if (optarg[0] != '/')
                        rc = sbx_errf(err, len, -1,
                                      "option '--workdir': '%s' is not an absolute path", optarg);
                a->workdir = optarg;
                break;
        case OPT_STDIN:
                a->stdin_path = optarg;
                break;
        case OPT_STDOUT:
                a->stdout_path = optarg;
                break;
        case OPT_STDERR:
                a->stderr_path = optarg;
                break;
        case OPT_RESULT:
                a->result = optarg;
                break;
        case OPT_ENV:
                rc = add_env(optarg, a, err, len);
                break;
        case ':':
                rc = sbx_errf(err, len, -1, "option '%s' needs a value", argv[optind - 1]);
                break;
        default:
                rc = sbx_errf(err, len, -1, "unknown option '%s'", argv[optind - 1]);
                break;
        }
        return rc;
}

int gnt_run_args_parse(int argc, char **argv, struct gnt_run_args *ret, char *err, size_t len)
{
        struct gnt_run_args a = {
                .cpu = GNT_RUN_DEFAULT_CPU, .wall = -1, .mem = GNT_RUN_DEFAULT_MEM,
                .fsize = GNT_RUN_DEFAULT_FSIZE, .output = GNT_RUN_DEFAULT_OUTPUT,
                .disk_mib = GNT_RUN_DEFAULT_DISK_MIB, .disk_files = GNT_RUN_DEFAULT_DISK_FILES,
                .procs = GNT_RUN_DEFAULT_PROCS, .nofile = GNT_RUN_DEFAULT_NOFILE,
                .cpu_affinity = -1, .policy = SBX_POLICY_STRICT, .net = SBX_NET_NONE,
        };
        int rc = 0;
        optind = 1;
        opterr = 0;
        for (;;) {
                int longidx = -1;
                int o = getopt_long(argc, argv, "+:", options, &longidx);
                if (o == -1)
                        break;
                const char *name = longidx >= 0 ? options[longidx].name : "";
                rc = parse_option(o, name, argv, &a, err, len);
                if (rc < 0)
                        break;
        }
        if (rc == 0) {
                if (optind >= argc)
                        rc = sbx_errf(err, len, -1, "no program given (put it after '--')");
                else if (optind < 2 || strcmp(argv[optind - 1], "--") != 0)
                        rc = sbx_errf(err, len, -1, "missing '--' before the program '%s'", argv[optind]);
        }
        if (rc < 0) {
                gnt_run_args_release(&a);
                return -1;
        }
        if (a.wall < 0)
                a.wall = a.cpu > 0 ? a.cpu * GNT_RUN_DEFAULT_WALL_FACTOR : 0;
        a.argv = argv + optind;
        *ret = a;
        return 0;
}

int gnt_run_args_apply(const struct gnt_run_args *a, struct sbx_jail *j, char *err, size_t len)
{
        if (sbx_jail_set_cpu(j, a->cpu) < 0 || sbx_jail_set_wall(j, a->wall) < 0 ||
            sbx_jail_set_mem(j, a->mem) < 0 || sbx_jail_set_procs(j, a->procs) < 0 ||
            sbx_jail_set_fsize(j, a->fsize) < 0 || sbx_jail_set_output(j, a->output) < 0 ||
            sbx_jail_set_disk(j, a->disk_mib, a->disk_files) < 0 ||
            sbx_jail_set_nofile(j, a->nofile) < 0 || sbx_jail_set_cpu_affinity(j, a->cpu_affinity) < 0 ||
            sbx_jail_set_policy(j, a->policy) < 0 || sbx_jail_set_net(j, a->net) < 0)
                return sbx_errf(err, len, -1, "a limit is out of range");
        for (size_t i = 0; i < a->ndirs; i++)
                if (sbx_jail_add_dir(j, a->dirs[i].path, a->dirs[i].rw) < 0)
                        return sbx_errf(err, len, -1, "option '--dir': cannot use '%s'", a->dirs[i].path);
        if (a->workdir && sbx_jail_set_workdir(j, a->workdir) < 0)
                return sbx_errf(err, len, -1, "option '--workdir': cannot use '%s'", a->workdir);
        if (sbx_jail_set_stdin(j, a->stdin_path) < 0 || sbx_jail_set_stdout(j, a->stdout_path) < 0 ||
            sbx_jail_set_stderr(j, a->stderr_path) < 0)
                return sbx_errf(err, len, -1, "out of memory");
        bool has_path = false;
        for (size_t i = 0; i < a->nenv; i++) {
                has_path |= strncmp(a->env[i], "PATH=", 5) == 0;
                if (sbx_jail_add_env(j, a->env[i]) < 0)
                        return sbx_errf(err, len, -1, "option '--env': cannot use '%s'", a->env[i]);
        }
        if (!has_path && sbx_jail_add_env(j, "PATH=/usr/local/bin:/usr/bin:/bin") < 0)
                return sbx_errf(err, len, -1, "out of memory");
        return 0;
}
