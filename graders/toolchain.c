/* toolchain.c — find the Go toolchain and the C compiler on the host and
 * probe what they support.  These are trusted host tools, run directly. */
#include "toolchain.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Run argv with envp (NULL: inherit), capture stdout (and stderr when
 * merge) into out.  Returns the exit status (0..255), or -errno. */
static int run_capture(const char *const argv[], char *const envp[], bool merge, char *out, size_t len)
{
        int pfd[2];
        if (pipe2(pfd, O_CLOEXEC) < 0)
                return -errno;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
        if (merge)
                posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
        else
                posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid;
        int r = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, envp ? envp : environ);
        posix_spawn_file_actions_destroy(&fa);
        close(pfd[1]);
        if (r != 0) {
                close(pfd[0]);
                return -r;
        }
        size_t used = 0;
        for (;;) {
                char tmp[4096];
                ssize_t n = read(pfd[0], tmp, sizeof tmp);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                size_t take = (size_t)n;
                if (len && used + take > len - 1)
                        take = len - 1 - used;
                memcpy(out + used, tmp, take);
                used += take;
        }
        if (len)
                out[used] = '\0';
        close(pfd[0]);
        int st;
        while (waitpid(pid, &st, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int grd_version_cmp(const char *a, const char *b)
{
        int va[3] = {-1, -1, -1}, vb[3] = {-1, -1, -1};
        if (a && strncmp(a, "go", 2) == 0)
                a += 2;
        if (b && strncmp(b, "go", 2) == 0)
                b += 2;
        if (a)
                sscanf(a, "%d.%d.%d", &va[0], &va[1], &va[2]);
        if (b)
                sscanf(b, "%d.%d.%d", &vb[0], &vb[1], &vb[2]);
        for (int i = 0; i < 3; i++) {
                int x = va[i] < 0 ? (i && va[0] >= 0 ? 0 : -1) : va[i];
                int y = vb[i] < 0 ? (i && vb[0] >= 0 ? 0 : -1) : vb[i];
                if (x != y)
                        return x < y ? -1 : 1;
        }
        return 0;
}

/* Ask a candidate go binary about itself; 0 when it answers sensibly. */
static int go_query(const char *path, struct grd_go *g)
{
        if (access(path, X_OK) < 0)
                return -ENOENT;
        char out[8192];
        const char *argv[] = {path, "env", "GOVERSION", "GOROOT", "CGO_ENABLED", "GOOS", "GOARCH", NULL};
        if (run_capture(argv, NULL, false, out, sizeof out) != 0)
                return -ENOEXEC;
        char *save = NULL;
        const char *ver = strtok_r(out, "\n", &save);
        const char *root = strtok_r(NULL, "\n", &save);
        const char *cgo = strtok_r(NULL, "\n", &save);
        const char *goos = strtok_r(NULL, "\n", &save);
        const char *goarch = strtok_r(NULL, "\n", &save);
        if (!ver || !root || !cgo || !goos || !goarch || strncmp(ver, "go", 2) != 0)
                return -ENOEXEC;
        struct grd_go r = {0};
        snprintf(r.path, sizeof r.path, "%s", path);
        snprintf(r.goroot, sizeof r.goroot, "%s", root);
        snprintf(r.version, sizeof r.version, "%s", ver);
        if (sscanf(ver + 2, "%d.%d.%d", &r.major, &r.minor, &r.patch) < 2)
                return -ENOEXEC;
        r.cgo = strcmp(cgo, "1") == 0;
        char syso[PATH_MAX + 64];
        snprintf(syso, sizeof syso, "%s/src/runtime/race/race_%s_%s.syso", root, goos, goarch);
        r.race_runtime = access(syso, R_OK) == 0;
        if (!r.race_runtime) {
                /* Newer toolchains keep amd64's race objects per microarchitecture level. */
                snprintf(syso, sizeof syso, "%s/src/runtime/race/internal/%sv1/race_%s.syso", root,
                         goarch, goos);
                r.race_runtime = access(syso, R_OK) == 0;
        }
        *g = r;
        return 0;
}

static int go_try_dir(const char *dir, struct grd_go *g)
{
        char p[PATH_MAX];
        if (snprintf(p, sizeof p, "%s/go", dir) >= (int)sizeof p)
                return -ENAMETOOLONG;
        if (go_query(p, g) == 0)
                return 0;
        if (snprintf(p, sizeof p, "%s/bin/go", dir) >= (int)sizeof p)
                return -ENAMETOOLONG;
        return go_query(p, g);
}

/* The newest /usr/lib/go-1.N/bin, Debian's and Ubuntu's versioned packages. */
static int go_try_usr_lib(struct grd_go *g)
{
        DIR *d = opendir("/usr/lib");
        if (!d)
                return -ENOENT;
        char best[64] = "";
        struct dirent *e;
        while ((e = readdir(d)))
                if (strncmp(e->d_name, "go-1.", 5) == 0 && strlen(e->d_name) < sizeof best &&
                    (!best[0] || grd_version_cmp(e->d_name + 3, best + 3) > 0))
                        snprintf(best, sizeof best, "%s", e->d_name);
        closedir(d);
        if (!best[0])
                return -ENOENT;
        char dir[128];
        snprintf(dir, sizeof dir, "/usr/lib/%s/bin", best);
        return go_try_dir(dir, g);
}

int grd_go_find(const char *const *extra_dirs, struct grd_go *ret)
{
        const char *env = getenv("GAUNTLET_GO");
        if (env && *env) {
                struct stat st;
                if (stat(env, &st) == 0 && S_ISDIR(st.st_mode))
                        return go_try_dir(env, ret) == 0 ? 0 : -ENOENT;
                return go_query(env, ret) == 0 ? 0 : -ENOENT;
        }
        for (size_t i = 0; extra_dirs && extra_dirs[i]; i++)
                if (go_try_dir(extra_dirs[i], ret) == 0)
                        return 0;
        const char *path = getenv("PATH");
        if (path) {
                char *copy = strdup(path), *save = NULL;
                if (!copy)
                        return -ENOMEM;
                for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
                        char p[PATH_MAX];
                        if (*dir && snprintf(p, sizeof p, "%s/go", dir) < (int)sizeof p &&
                            go_query(p, ret) == 0) {
                                free(copy);
                                return 0;
                        }
                }
                free(copy);
        }
        if (go_try_dir("/usr/local/go/bin", ret) == 0)
                return 0;
        return go_try_usr_lib(ret) == 0 ? 0 : -ENOENT;
}

static const char *find_on_path(const char *name, char *buf, size_t len)
{
        const char *path = getenv("PATH");
        char *copy = strdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin"), *save = NULL;
        if (!copy)
                return NULL;
        const char *found = NULL;
        for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
                if (*dir && snprintf(buf, len, "%s/%s", dir, name) < (int)len && access(buf, X_OK) == 0) {
                        found = buf;
                        break;
                }
        free(copy);
        return found;
}

int grd_cc_find(const char *scratch_dir, struct grd_cc *ret)
{
        struct grd_cc r = {0};
        const char *names[] = {"cc", "gcc", "clang"};
        const char *cc = NULL;
        for (size_t i = 0; !cc && i < sizeof names / sizeof *names; i++)
                cc = find_on_path(names[i], r.path, sizeof r.path);
        if (!cc)
                return -ENOENT;
        const char *vargv[] = {r.path, "--version", NULL};
        if (run_capture(vargv, NULL, true, r.version, sizeof r.version) < 0)
                return -ENOEXEC;
        r.version[strcspn(r.version, "\n")] = '\0';

        if (scratch_dir) {
                char src[PATH_MAX], bin[PATH_MAX], out[4096];
                snprintf(src, sizeof src, "%s/tsan-probe.c", scratch_dir);
                snprintf(bin, sizeof bin, "%s/tsan-probe", scratch_dir);
                FILE *f = fopen(src, "we");
                if (f) {
                        fputs("#include <pthread.h>\nstatic void *f(void *a){return a;}\n"
                              "int main(void){pthread_t t;pthread_create(&t,0,f,0);"
                              "return pthread_join(t,0);}\n", f);
                        fclose(f);
                        const char *cargv[] = {r.path, "-fsanitize=thread", "-pthread", src, "-o", bin, NULL};
                        const char *rargv[] = {bin, NULL};
                        r.tsan = run_capture(cargv, NULL, true, out, sizeof out) == 0 &&
                                 run_capture(rargv, NULL, true, out, sizeof out) == 0;
                        unlink(bin);
                        unlink(src);
                }
        }
        *ret = r;
        return 0;
}
