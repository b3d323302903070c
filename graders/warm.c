/* warm.c — warm the shared build cache ahead of a problem's first build:
 * the public run's and the graders' own sandboxed builds
 * (grd_public_build, grd_go_build, grd_go_vet) of a copy of the starter
 * or the reference in a scratch folder, so the cache keys are those of
 * the real runs.  One warm-up at a time per cache (a lock),
 * bounded in time, stamped when done; grd_warm_spawn runs one detached at
 * the lowest priority while a candidate reads the statement. */
#include "warm.h"

#include "gopublic.h"
#include "graders.h"

#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARM_ALL_TESTS (1u << 8) /* in a stamp: the hidden and bench tests were staged too */
#define STAMP_MAX_AGE_S (24 * 3600) /* Go trims cache entries unused for 5 days: a day is safe */

void grd_cache_name(const struct grd_problem *p, char *ret, size_t size)
{
        snprintf(ret, size, "%.70s@%.70s", p->id ? p->id : "problem", p->version ? p->version : "0");
        for (char *s = ret; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      *s == '-' || *s == '_' || *s == '.' || *s == '@'))
                        *s = '_';
        if (ret[0] == '.')
                ret[0] = '_';
}

/* <cache>/warm/ID@VERSION, the id and version reduced to file-name bytes. */
static void stamp_path(const struct grd_problem *p, const char *cache, char *ret, size_t size)
{
        char name[GRD_CACHE_NAME_MAX];
        grd_cache_name(p, name, sizeof name);
        snprintf(ret, size, "%s/%s/%s", cache, GRD_WARM_STAMPS, name);
}

/* A stamp of the last day, for this toolchain, covering what. */
static bool stamp_fresh(const char *path, const char *version, unsigned what)
{
        char *text = NULL;
        struct stat st;
        if (stat(path, &st) < 0 || time(NULL) - st.st_mtime > STAMP_MAX_AGE_S ||
            sbx_file_read(path, 256, 0, &text, NULL) < 0)
                return false;
        char v[64];
        unsigned have = 0;
        bool ok = sscanf(text, "%63s %u", v, &have) == 2 && strcmp(v, version) == 0 && (have & what) == what;
        free(text);
        return ok;
}

static void stamp_write(const char *cache, const char *path, const char *version, unsigned what)
{
        char dir[PATH_MAX], text[128];
        snprintf(dir, sizeof dir, "%s/%s", cache, GRD_WARM_STAMPS);
        if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                return; /* no stamp: the next warm-up builds again, which is only slower */
        int n = snprintf(text, sizeof text, "%s %u\n", version, what);
        (void)sbx_file_write_atomic(path, NULL, 0, text, (size_t)n, 0600, 0);
}

/* Take <cache>/warm.lock, waiting for another warm-up until deadline. */
static int lock_cache(const char *cache, double deadline, int *ret, char *err, size_t errsz)
{
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", cache, GRD_WARM_LOCK);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %m", path);
        while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                int e = errno;
                if (e != EWOULDBLOCK && e != EINTR) {
                        close(fd);
                        return sbx_errf(err, errsz, -e, "cannot lock '%s': %m", path);
                }
                if (grd_now() >= deadline) {
                        close(fd);
                        return sbx_errf(err, errsz, -ETIMEDOUT, "another warm-up held '%s' too long", path);
                }
                struct timespec ts = {0, 200 * 1000 * 1000};
                nanosleep(&ts, NULL);
        }
        *ret = fd;
        return 0;
}

/* The builds' wall-clock limit: what is left of the warm-up's time. */
static int limit_step(struct grd_problem *q, const struct grd_problem *p, double deadline, char *err, size_t errsz)
{
        double left = deadline - grd_now();
        double wall = p->build_limits.wall_s > 0 ? p->build_limits.wall_s : 600;
        if (left < 1)
                return sbx_errf(err, errsz, -ETIMEDOUT, "out of time (%.0f s) before the builds ended",
                                GRD_WARM_WALL_S);
        q->build_limits.wall_s = wall < left ? wall : left;
        return 0;
}

/* One build of the staged package in src: a test binary, or for an I/O
 * problem the program.  A failed build is no error: what it compiled of
 * the imports is in the cache all the same. */
static int build_one(struct grd_ctx *c, const char *src, bool race)
{
        char bin[PATH_MAX];
        snprintf(bin, sizeof bin, "%s/bin/warm%s", c->work, race ? "-race" : "");
        struct grd_build b = {0};
        int rc = c->p->has_io ? grd_go_build_program(c, src, bin, race, &b) : grd_go_build(c, src, bin, race, &b);
        grd_build_release(&b);
        return rc;
}

/* The public run's own build of code_dir (gopublic.h), its binary kept:
 * a first `gauntlet test` of unchanged code neither compiles nor links. */
static int warm_public(struct grd_ctx *c, const char *code_dir)
{
        char src[PATH_MAX], bin[PATH_MAX];
        int rc = grd_ctx_mkdir(c, "pub", src);
        if (rc < 0)
                return rc;
        snprintf(bin, sizeof bin, "%s/bin/public.test", c->work);
        bool rejected;
        struct grd_build b = {0};
        rc = grd_public_build(c, code_dir, src, bin, &rejected, &b);
        grd_build_release(&b);
        return rc;
}

/* Stage code_dir as the graders do, then build what asks for. */
static int warm_builds(struct grd_ctx *c, struct grd_problem *q, const struct grd_problem *p, const char *code_dir,
                       unsigned what, double deadline, char *err, size_t errsz)
{
        char d[PATH_MAX], src[PATH_MAX];
        int rc = 0;
        const char *dirs[] = {"out", "bin", "home", "tmp", "src"};
        for (size_t i = 0; rc == 0 && i < 5; i++)
                rc = grd_ctx_mkdir(c, dirs[i], i == 4 ? src : d);
        if (rc == 0)
                rc = grd_stage_solution(c, code_dir, src);
        if (rc == 0 && !q->has_io) {
                const char *sets[] = {q->public_tests, q->hidden_tests, q->bench_tests};
                rc = grd_go_package(c, src, c->pkg, sizeof c->pkg);
                for (size_t i = 0; rc == 0 && i < 3; i++)
                        rc = grd_stage_tests(c, sets[i], src);
                if (rc == 0)
                        rc = grd_write_testmain(c, src);
        }
        if (rc < 0)
                return sbx_errf(err, errsz, rc, "cannot stage '%s': %s", code_dir, c->err[0] ? c->err : strerror(-rc));
        for (unsigned bit = GRD_WARM_TEST; rc == 0 && bit <= GRD_WARM_VET; bit <<= 1) {
                if (!(what & bit) || (rc = limit_step(q, p, deadline, err, errsz)) < 0)
                        continue;
                if (bit == GRD_WARM_VET) {
                        struct grd_result r = {0};
                        rc = grd_go_vet(c, code_dir, &r);
                        free(r.summary);
                        free(r.evidence);
                } else {
                        if (bit == GRD_WARM_TEST && !q->has_io && q->public_tests)
                                rc = warm_public(c, code_dir);
                        if (rc == 0)
                                rc = build_one(c, src, bit == GRD_WARM_RACE);
                }
                if (rc < 0)
                        sbx_errf(err, errsz, rc, "%s", c->err[0] ? c->err : strerror(-rc));
                else if (grd_now() > deadline)
                        rc = sbx_errf(err, errsz, -ETIMEDOUT, "out of time (%.0f s) before the builds ended",
                                      GRD_WARM_WALL_S);
        }
        return rc;
}

int grd_warm(const struct grd_problem *p, const char *code_dir, const struct grd_options *o, unsigned what,
             double wall_s, char *err, size_t errsz)
{
        if (!p || !code_dir || !o || !o->cache_dir ||
            !(what & (GRD_WARM_TEST | GRD_WARM_RACE | GRD_WARM_VET)))
                return sbx_errf(err, errsz, -EINVAL, "nothing to warm");
        if (p->lang != GRD_LANG_GO)
                return 1; /* C builds use no shared cache */
        double deadline = grd_now() + (wall_s > 0 ? wall_s : GRD_WARM_WALL_S);
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                return sbx_errf(err, errsz, -ENOENT, "no Go toolchain found (set GAUNTLET_GO or install Go)");
        unsigned want = (what & (GRD_WARM_TEST | GRD_WARM_RACE | GRD_WARM_VET)) |
                        (p->hidden_tests || p->bench_tests ? WARM_ALL_TESTS : 0);
        char stamp[PATH_MAX];
        stamp_path(p, o->cache_dir, stamp, sizeof stamp);
        bool force = what & GRD_WARM_FORCE;
        if (!force && stamp_fresh(stamp, go.version, want))
                return 1;
        int lock = -1;
        int rc = lock_cache(o->cache_dir, deadline, &lock, err, errsz);
        if (rc < 0)
                return rc;
        /* the warm-up that held the lock may have done this very one */
        if (!force && stamp_fresh(stamp, go.version, want)) {
                close(lock);
                return 1;
        }
        struct grd_problem q = *p; /* shallow: only its build limits change */
        struct grd_ctx c;
        if ((rc = grd_ctx_init(&c, &q, o)) < 0) {
                sbx_errf(err, errsz, rc, "%s", c.err[0] ? c.err : strerror(-rc));
        } else {
                c.go = go;
                memcpy(c.nonce, GRD_PUBLIC_NONCE, sizeof c.nonce); /* the public runs' own */
                rc = warm_builds(&c, &q, p, code_dir, what, deadline, err, errsz);
        }
        grd_ctx_release(&c);
        if (rc == 0)
                stamp_write(o->cache_dir, stamp, go.version, want);
        close(lock);
        return rc;
}

/* The lowest priority this process may take: nice 19, the idle CPU
 * scheduling class and the idle I/O class (inherited by the sandbox and
 * the compilers it runs).  Each is best effort. */
static void lowest_priority(void)
{
        (void)setpriority(PRIO_PROCESS, 0, 19);
        struct sched_param sp = {0};
        (void)sched_setscheduler(0, SCHED_IDLE, &sp);
#ifdef SYS_ioprio_set
        /* IOPRIO_WHO_PROCESS, this process, IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT */
        (void)syscall(SYS_ioprio_set, 1, 0, 3 << 13);
#endif
}

/* The detached warm-up: nothing of the caller's but lock_fd (which holds
 * mark_dir/warm.lock for as long as this process lives). */
static void __attribute__((noreturn)) warm_child(const struct grd_problem *p, const char *code_dir,
                                                 const struct grd_options *o, unsigned what, const char *mark_dir,
                                                 int lock_fd)
{
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null >= 0) {
                dup2(null, STDIN_FILENO);
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
        }
        int keep = fcntl(lock_fd, F_DUPFD_CLOEXEC, 3);
        if (keep > 3)
                dup3(keep, 3, O_CLOEXEC);
        if (keep >= 3 && close_range(4, ~0U, 0) < 0)
                for (int fd = 4; fd < 1024; fd++)
                        close(fd);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
                signal(sigs[i], SIG_DFL);
        lowest_priority();
        char err[512] = "", note[PATH_MAX], line[600];
        struct grd_options oo = *o;
        oo.progress = NULL; /* nobody reads it */
        int rc = grd_warm(p, code_dir, &oo, what, 0, err, sizeof err);
        snprintf(note, sizeof note, "%s/%s", mark_dir, GRD_WARM_NOTE);
        if (rc < 0) {
                int n = snprintf(line, sizeof line, "warm-up failed: %s\n", err[0] ? err : strerror(-rc));
                for (char *s = line; s < line + n - 1; s++)
                        if (*s == '\n')
                                *s = ' ';
                (void)sbx_file_write_atomic(note, NULL, 0, line, strlen(line), 0644, 0);
        } else {
                (void)sbx_file_remove(note, NULL, 0);
        }
        _exit(rc < 0 ? 1 : 0);
}

int grd_warm_spawn(const struct grd_problem *p, const char *code_dir, const struct grd_options *o, unsigned what,
                   const char *mark_dir, char *err, size_t errsz)
{
        if (!p || !code_dir || !o || !o->cache_dir || !mark_dir)
                return sbx_errf(err, errsz, -EINVAL, "nothing to warm");
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", mark_dir, GRD_WARM_LOCK);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %m", path);
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                int e = errno;
                close(fd);
                return e == EWOULDBLOCK ? 1 : sbx_errf(err, errsz, -e, "cannot lock '%s': %m", path);
        }
        int pp[2];
        if (pipe2(pp, O_CLOEXEC) < 0) {
                close(fd);
                return sbx_errf(err, errsz, -errno, "cannot start the warm-up: %m");
        }
        pid_t pid = fork();
        if (pid == 0) {
                /* a session of its own, then a grandchild init adopts: no
                 * terminal, no hangup when the shell ends, nobody's zombie */
                close(pp[0]);
                setsid();
                pid_t g = fork();
                if (g != 0) {
                        int gp = (int)g;
                        ssize_t w = write(pp[1], &gp, sizeof gp);
                        _exit(g > 0 && w == (ssize_t)sizeof gp ? 0 : 1);
                }
                close(pp[1]);
                warm_child(p, code_dir, o, what, mark_dir, fd);
        }
        int e = pid < 0 ? errno : 0;
        close(pp[1]);
        int gp = 0;
        if (pid > 0) {
                while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                        ;
                if (read(pp[0], &gp, sizeof gp) != (ssize_t)sizeof gp)
                        gp = 0;
        }
        close(pp[0]);
        /* the warm-up's pid in its lock file, for whoever wants to see it */
        if (gp > 0) {
                char text[32];
                int n = snprintf(text, sizeof text, "%d\n", gp);
                if (ftruncate(fd, 0) == 0) {
                        ssize_t w = pwrite(fd, text, (size_t)n, 0);
                        (void)w; /* the pid is a courtesy; the lock is what counts */
                }
        }
        close(fd);
        if (pid < 0)
                return sbx_errf(err, errsz, -e, "cannot start the warm-up: %s", strerror(e));
        if (gp <= 0)
                return sbx_errf(err, errsz, -ECHILD, "cannot start the warm-up");
        return 0;
}

bool grd_warm_running(const char *mark_dir)
{
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", mark_dir, GRD_WARM_LOCK);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
                return false;
        bool busy = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
        close(fd); /* drops the shared lock when it was taken */
        return busy;
}
