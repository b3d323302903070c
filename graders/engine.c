/* engine.c — a grading's scratch folder, staging of files, and sandboxed
 * steps.  Every file is opened without following symlinks: a submission is
 * hostile input, and a planted link must never make a privileged step read
 * or write outside the submission. */
#include "engine.h"

#include "sbx_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double grd_now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int grd_write_file(const char *path, const char *text)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return -errno;
        int rc = sbx_file_write_all(fd, text, strlen(text));
        if (close(fd) < 0 && rc == 0)
                rc = -errno;
        return rc;
}

int grd_ctx_init(struct grd_ctx *c, const struct grd_problem *p, const struct grd_options *o)
{
        memset(c, 0, sizeof *c);
        c->p = p;
        c->o = o;
        c->scratch.lock_fd = -1;
        c->scratch.live = -1;
        const char *parent = o->work_parent ? o->work_parent : grd_scratch_parent();
        int rc = grd_scratch_create(parent, GRD_SCRATCH_GRADE, o->keep_work, &c->scratch, c->err, sizeof c->err);
        if (rc < 0)
                return rc;
        snprintf(c->work, sizeof c->work, "%s", c->scratch.path);
        unsigned char rnd[16];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
                snprintf(c->err, sizeof c->err, "cannot read random bytes: %s", strerror(errno));
                return -EIO;
        }
        for (size_t i = 0; i < sizeof rnd; i++)
                snprintf(c->nonce + 2 * i, 3, "%02x", rnd[i]);
        snprintf(c->gocache, sizeof c->gocache, "%s/go-build", o->cache_dir);
        if (mkdir(c->gocache, 0700) < 0 && errno != EEXIST) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot create '%s': %s", c->gocache, strerror(errno));
                return e;
        }
        /* The cache's 256 folders are ours, made here: what a build adds
         * comes back as the sandboxed program's own files (a root caller's
         * program has a host uid of its own each grading), and a folder of
         * one grading's program would be closed to the next one's. */
        for (int i = 0; i < 256; i++) {
                char sub[PATH_MAX + 4];
                snprintf(sub, sizeof sub, "%s/%02x", c->gocache, i);
                if (mkdir(sub, 0700) < 0 && errno != EEXIST) {
                        int e = -errno;
                        snprintf(c->err, sizeof c->err, "cannot create '%s': %s", sub, strerror(errno));
                        return e;
                }
        }
        return 0;
}

void grd_ctx_release(struct grd_ctx *c)
{
        grd_scratch_release(&c->scratch);
        c->work[0] = '\0';
}

int grd_ctx_mkdir(struct grd_ctx *c, const char *name, char *ret)
{
        snprintf(ret, PATH_MAX, "%s/%s", c->work, name);
        if (mkdir(ret, 0700) < 0 && errno != EEXIST) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot create '%s': %s", ret, strerror(errno));
                return e;
        }
        return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
        size_t n = strlen(s), k = strlen(suf);
        return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Copy one regular file (no symlink, at most GRD_FILE_MAX) from dirfd/name to dst/name. */
static int copy_file(struct grd_ctx *c, int dirfd, const char *name, const char *srcdesc, const char *dst)
{
        int in = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (in < 0) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot open '%s/%s': %s", srcdesc, name,
                         errno == ELOOP ? "symbolic links are not accepted" : strerror(errno));
                return e;
        }
        struct stat st;
        int rc = 0, out = -1;
        if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
                snprintf(c->err, sizeof c->err, "'%s/%s': not a regular file", srcdesc, name);
                rc = -EINVAL;
                goto done;
        }
        if ((size_t)st.st_size > GRD_FILE_MAX) {
                snprintf(c->err, sizeof c->err, "'%s/%s': file too large (%lld bytes, at most %u)", srcdesc, name,
                         (long long)st.st_size, GRD_FILE_MAX);
                rc = -EFBIG;
                goto done;
        }
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dst, name);
        out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (out < 0) {
                rc = -errno;
                snprintf(c->err, sizeof c->err, "cannot create '%s': %s", path, strerror(errno));
                goto done;
        }
        char buf[65536];
        ssize_t n;
        size_t total = 0;
        while ((n = read(in, buf, sizeof buf)) > 0) {
                total += (size_t)n;
                if (total > GRD_FILE_MAX || write(out, buf, (size_t)n) != n) {
                        rc = total > GRD_FILE_MAX ? -EFBIG : -EIO;
                        snprintf(c->err, sizeof c->err, "cannot copy '%s/%s'", srcdesc, name);
                        goto done;
                }
        }
        if (n < 0)
                rc = -errno;
done:
        if (out >= 0)
                close(out);
        close(in);
        return rc;
}

typedef bool (*want_fn)(const char *name);

/* The guard that keeps a candidate's own tests out of every grading: a
 * solution is its non-test files; only the public run (gopublic.c) adds
 * the candidate's *_test.go, through grd_stage_own_tests. */
static bool want_go_solution(const char *n)
{
        return strcmp(n, "go.mod") == 0 || (has_suffix(n, ".go") && !has_suffix(n, "_test.go"));
}

static bool want_c_solution(const char *n)
{
        return has_suffix(n, ".c") || has_suffix(n, ".h");
}

static bool want_go_test(const char *n)
{
        return has_suffix(n, "_test.go");
}

static bool want_any(const char *n)
{
        (void)n;
        return true;
}

/* Copy the wanted entries of src into dst; returns how many were copied. */
static int copy_wanted(struct grd_ctx *c, const char *src, const char *dst, want_fn want, bool strict_types)
{
        int dfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot open '%s': %s", src, strerror(errno));
                return e;
        }
        DIR *d = fdopendir(dfd);
        if (!d) {
                close(dfd);
                return -ENOMEM;
        }
        int copied = 0, rc = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
                if (e->d_name[0] == '.' || !want(e->d_name))
                        continue;
                struct stat st;
                if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (S_ISDIR(st.st_mode))
                        continue;
                if (!S_ISREG(st.st_mode)) {
                        if (!strict_types)
                                continue;
                        snprintf(c->err, sizeof c->err, "'%s/%s': %s", src, e->d_name,
                                 S_ISLNK(st.st_mode) ? "symbolic links are not accepted" : "not a regular file");
                        rc = S_ISLNK(st.st_mode) ? -ELOOP : -EINVAL;
                        break;
                }
                if (++copied > GRD_FILES_MAX) {
                        snprintf(c->err, sizeof c->err, "'%s': more than %d source files", src, GRD_FILES_MAX);
                        rc = -EMFILE;
                        break;
                }
                if ((rc = copy_file(c, dirfd(d), e->d_name, src, dst)) < 0)
                        break;
        }
        closedir(d);
        return rc < 0 ? rc : copied;
}

/* Copy the tree src into dst (created): folders and regular files only,
 * at most GRD_VENDOR_FILES files in all, GRD_VENDOR_DEPTH folders deep. */
static int copy_tree(struct grd_ctx *c, const char *src, const char *dst, unsigned depth, unsigned *files)
{
        if (depth > GRD_VENDOR_DEPTH) {
                snprintf(c->err, sizeof c->err, "'%s': more than %d folders deep", src, GRD_VENDOR_DEPTH);
                return -ELOOP;
        }
        if (mkdir(dst, 0755) < 0 && errno != EEXIST) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot create '%s': %s", dst, strerror(errno));
                return e;
        }
        int dfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (dfd < 0) {
                int e = -errno;
                snprintf(c->err, sizeof c->err, "cannot open '%s': %s", src, strerror(errno));
                return e;
        }
        DIR *d = fdopendir(dfd);
        if (!d) {
                close(dfd);
                return -ENOMEM;
        }
        int rc = 0;
        struct dirent *e;
        while (rc == 0 && (e = readdir(d))) {
                struct stat st;
                if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        char s2[PATH_MAX], d2[PATH_MAX];
                        snprintf(s2, sizeof s2, "%s/%s", src, e->d_name);
                        snprintf(d2, sizeof d2, "%s/%s", dst, e->d_name);
                        rc = copy_tree(c, s2, d2, depth + 1, files);
                } else if (++*files > GRD_VENDOR_FILES) {
                        snprintf(c->err, sizeof c->err, "'%s': more than %d files", src, GRD_VENDOR_FILES);
                        rc = -EMFILE;
                } else {
                        rc = copy_file(c, dirfd(d), e->d_name, src, dst);
                }
        }
        closedir(d);
        return rc;
}

/* A problem whose starter holds vendor/modules.txt ships its modules: the
 * starter's vendor/ and go.mod (the problem's files, never a candidate's)
 * go beside every solution, which the go command then builds offline with
 * -mod=vendor (grd_go_env). */
static int stage_vendor(struct grd_ctx *c, const char *dst)
{
        char starter[PATH_MAX], src[PATH_MAX], to[PATH_MAX];
        if (!c->p->starter)
                return 0;
        snprintf(starter, sizeof starter, "%s/%s", c->p->dir, c->p->starter);
        snprintf(src, sizeof src, "%s/vendor/modules.txt", starter);
        if (access(src, F_OK) < 0)
                return 0;
        snprintf(src, sizeof src, "%s/vendor", starter);
        snprintf(to, sizeof to, "%s/vendor", dst);
        unsigned files = 0;
        int rc = copy_tree(c, src, to, 0, &files);
        if (rc < 0)
                return rc;
        int dfd = open(starter, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) {
                rc = -errno;
                snprintf(c->err, sizeof c->err, "cannot open '%s': %s", starter, strerror(errno));
                return rc;
        }
        rc = copy_file(c, dfd, "go.mod", starter, dst);
        close(dfd);
        return rc;
}

int grd_stage_solution(struct grd_ctx *c, const char *src, const char *dst)
{
        bool go = c->p->lang == GRD_LANG_GO;
        int n = copy_wanted(c, src, dst, go ? want_go_solution : want_c_solution, true);
        if (n < 0)
                return n;
        char probe[PATH_MAX];
        snprintf(probe, sizeof probe, "%s/go.mod", dst);
        if (n == 0 || (go && n == 1 && access(probe, F_OK) == 0)) {
                snprintf(c->err, sizeof c->err, "'%s': no %s source files", src, go ? "Go" : "C");
                return -ENOENT;
        }
        if (go && access(probe, F_OK) < 0 && c->p->reference) {
                /* no go.mod: the problem's own names the module */
                char ref[PATH_MAX];
                snprintf(ref, sizeof ref, "%s/%s", c->p->dir, c->p->reference);
                int dfd = open(ref, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dfd < 0)
                        return -errno;
                int rc = copy_file(c, dfd, "go.mod", ref, dst);
                close(dfd);
                if (rc < 0)
                        return rc;
        }
        return go ? stage_vendor(c, dst) : 0;
}

int grd_stage_own_tests(struct grd_ctx *c, const char *src, const char *dst)
{
        return copy_wanted(c, src, dst, want_go_test, false);
}

int grd_stage_overlay(struct grd_ctx *c, const char *src, const char *dst)
{
        int n = copy_wanted(c, src, dst, want_any, false);
        if (n < 0)
                return n;
        /* expect.json is the mutant's declaration, not code */
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/expect.json", dst);
        unlink(p);
        return 0;
}

long grd_list_suffix(const char *dir, const char *suffix, bool strip, char ***ret)
{
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **v = NULL;
        size_t n = 0, k = strlen(suffix);
        struct dirent *e;
        while ((e = readdir(d))) {
                size_t l = strlen(e->d_name);
                if (l <= k || e->d_name[0] == '.' || strcmp(e->d_name + l - k, suffix) != 0)
                        continue;
                char **nv = realloc(v, (n + 1) * sizeof *nv);
                if (nv)
                        v = nv;
                if (!nv || !(v[n] = strndup(e->d_name, strip ? l - k : l))) {
                        for (size_t i = 0; i < n; i++)
                                free(v[i]);
                        free(v);
                        closedir(d);
                        return -ENOMEM;
                }
                n++;
        }
        closedir(d);
        if (n)
                qsort(v, n, sizeof *v, sbx_file_name_cmp);
        *ret = v;
        return (long)n;
}

static bool defines_testmain(const char *path)
{
        char *text;
        size_t len;
        if (sbx_file_read(path, GRD_FILE_MAX, 0, &text, &len) < 0)
                return false;
        bool found = false;
        for (char *s = text; (s = strstr(s, "func TestMain(")); s++)
                if (s == text || s[-1] == '\n') {
                        found = true;
                        break;
                }
        free(text);
        return found;
}

int grd_stage_tests(struct grd_ctx *c, const char *rel, const char *dst)
{
        if (!rel)
                return 0;
        char src[PATH_MAX];
        snprintf(src, sizeof src, "%s/%s", c->p->dir, rel);
        if (access(src, F_OK) < 0)
                return 0;
        int n = copy_wanted(c, src, dst, want_go_test, false);
        if (n < 0)
                return n;
        DIR *d = opendir(src);
        if (!d)
                return -errno;
        struct dirent *e;
        int rc = 0;
        while ((e = readdir(d))) {
                if (!want_go_test(e->d_name))
                        continue;
                char p[PATH_MAX];
                snprintf(p, sizeof p, "%s/%s", src, e->d_name);
                if (defines_testmain(p)) {
                        snprintf(c->err, sizeof c->err, "problem test '%s/%s' defines TestMain, which the leak grader reserves",
                                 rel, e->d_name);
                        rc = -EINVAL;
                        break;
                }
        }
        closedir(d);
        return rc;
}

int grd_go_package(struct grd_ctx *c, const char *dir, char *ret, size_t len)
{
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
                if (!has_suffix(e->d_name, ".go") || has_suffix(e->d_name, "_test.go"))
                        continue;
                char **nv = realloc(names, (n + 1) * sizeof *nv);
                if (!nv || !(nv[n] = strdup(e->d_name))) {
                        free(nv ? nv : names);
                        closedir(d);
                        return -ENOMEM;
                }
                names = nv;
                n++;
        }
        closedir(d);
        qsort(names, n, sizeof *names, sbx_file_name_cmp);
        int rc = -ENOENT;
        for (size_t i = 0; i < n && rc < 0; i++) {
                char p[PATH_MAX], *text;
                snprintf(p, sizeof p, "%s/%s", dir, names[i]);
                if (sbx_file_read(p, GRD_FILE_MAX, 0, &text, NULL) < 0)
                        continue;
                /* the first line that starts with "package " (comments and
                 * build tags come before it) */
                for (char *s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
                        if (strncmp(s, "package ", 8) == 0) {
                                size_t k = strspn(s + 8, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
                                if (k > 0 && k < len) {
                                        memcpy(ret, s + 8, k);
                                        ret[k] = '\0';
                                        rc = 0;
                                }
                                break;
                        }
                }
                free(text);
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        if (rc < 0)
                snprintf(c->err, sizeof c->err, "no package clause in the Go files of the solution");
        return rc;
}

/* After m.Run(): report the exit code, then wait up to ~1 s for goroutines
 * the package or its tests started, and list those still alive.  Every
 * line the grader trusts starts with the nonce, unknown to the program. */
static const char testmain_fmt[] =
        "// Code generated by gauntlet for grading. DO NOT EDIT.\n\n"
        "package %s_test\n\n"
        "import (\n\t\"os\"\n\t\"runtime\"\n\t\"strconv\"\n\t\"strings\"\n\t\"testing\"\n\t\"time\"\n)\n\n"
        "const gauntletZZNonce = \"%s\"\n\n"
        "func gauntletZZOwn(block string) bool {\n"
        "\tfor _, line := range strings.Split(block, \"\\n\")[1:] {\n"
        "\t\tif line == \"\" || strings.HasPrefix(line, \"\\t\") {\n\t\t\tcontinue\n\t\t}\n"
        "\t\tfn := strings.TrimPrefix(line, \"created by \")\n"
        "\t\tif strings.HasPrefix(fn, \"runtime.\") || strings.HasPrefix(fn, \"testing.\") ||\n"
        "\t\t\tstrings.HasPrefix(fn, \"os/signal.\") || strings.HasPrefix(fn, \"internal/\") ||\n"
        "\t\t\tstrings.HasPrefix(fn, \"main.\") || strings.Contains(fn, \"gauntletZZ\") {\n\t\t\tcontinue\n\t\t}\n"
        "\t\treturn false\n\t}\n\treturn true\n}\n\n"
        "func gauntletZZLeaked() []string {\n"
        "\tbuf := make([]byte, 1<<20)\n"
        "\tbuf = buf[:runtime.Stack(buf, true)]\n"
        "\tvar left []string\n"
        "\tfor i, block := range strings.Split(string(buf), \"\\n\\n\") {\n"
        "\t\tif i == 0 || gauntletZZOwn(block) {\n\t\t\tcontinue\n\t\t}\n"
        "\t\tleft = append(left, block)\n\t}\n\treturn left\n}\n\n"
        "func TestMain(m *testing.M) {\n"
        "\tcode := m.Run()\n"
        "\tos.Stdout.WriteString(\"\\n\" + gauntletZZNonce + \" gauntlet-exit \" + strconv.Itoa(code) + \"\\n\")\n"
        "\tdeadline := time.Now().Add(time.Second)\n"
        "\tleft := gauntletZZLeaked()\n"
        "\tfor len(left) > 0 && time.Now().Before(deadline) {\n"
        "\t\ttime.Sleep(20 * time.Millisecond)\n"
        "\t\tleft = gauntletZZLeaked()\n\t}\n"
        "\tvar b strings.Builder\n"
        "\tb.WriteString(gauntletZZNonce + \" gauntlet-leak-begin \" + strconv.Itoa(len(left)) + \"\\n\")\n"
        "\tfor i, s := range left {\n"
        "\t\tif i == 20 {\n\t\t\tb.WriteString(\"... more goroutines\\n\\n\")\n\t\t\tbreak\n\t\t}\n"
        "\t\tb.WriteString(s + \"\\n\\n\")\n\t}\n"
        "\tb.WriteString(gauntletZZNonce + \" gauntlet-leak-end\\n\")\n"
        "\tos.Stdout.WriteString(b.String())\n"
        "\tos.Exit(code)\n}\n";

int grd_write_testmain(struct grd_ctx *c, const char *dir)
{
        char path[PATH_MAX], text[sizeof testmain_fmt + 256];
        snprintf(path, sizeof path, "%s/zz_gauntlet_leak_test.go", dir);
        snprintf(text, sizeof text, testmain_fmt, c->pkg, c->nonce);
        return grd_write_file(path, text);
}

void grd_step_init(struct grd_step *s, enum sbx_policy pol, const struct grd_step_limits *lim, bool build)
{
        memset(s, 0, sizeof *s);
        s->policy = pol;
        s->lim = *lim;
        s->cpu = -1;
        if (!s->lim.cpu_s)
                s->lim.cpu_s = build ? 300 : 30;
        if (!s->lim.wall_s)
                s->lim.wall_s = build ? 600 : 60;
        if (!s->lim.mem_mib)
                s->lim.mem_mib = build ? 2048 : 512;
        if (!s->lim.procs)
                s->lim.procs = build ? 256 : 128;
        if (!s->lim.fsize_mib)
                s->lim.fsize_mib = build ? 512 : 64;
        if (!s->lim.output_mib)
                s->lim.output_mib = 16;
        /* A cold Go build (the standard library into GOCACHE, -race) peaks
         * at ~120 MiB and ~1,700 files on the sandbox's disk, and a cache
         * entry Go touches after an hour is copied whole: 1 GiB leaves room
         * for the larger problems.  Tests write little; the memory limit
         * counts these files too (docs/sandbox.md). */
        s->disk_mib = build ? 1024 : 256;
        s->disk_files = build ? 65536 : 16384;
}

int grd_step_run(struct grd_ctx *c, const struct grd_step *s, const char *const *argv,
                 struct sbx_result *res, char **out, size_t *out_len)
{
        struct sbx_jail *j = sbx_jail_new();
        if (!j)
                return -ENOMEM;
        char log[PATH_MAX];
        snprintf(log, sizeof log, "%s/out/%u.log", c->work, c->seq++);
        int rc = 0;
        rc = rc ? rc : sbx_jail_set_policy(j, s->policy);
        rc = rc ? rc : sbx_jail_set_cpu(j, s->lim.cpu_s);
        rc = rc ? rc : sbx_jail_set_wall(j, s->lim.wall_s);
        rc = rc ? rc : sbx_jail_set_mem(j, s->lim.mem_mib);
        rc = rc ? rc : sbx_jail_set_procs(j, s->lim.procs);
        rc = rc ? rc : sbx_jail_set_fsize(j, s->lim.fsize_mib);
        rc = rc ? rc : sbx_jail_set_output(j, s->lim.output_mib);
        rc = rc ? rc : sbx_jail_set_disk(j, s->disk_mib, s->disk_files);
        rc = rc ? rc : sbx_jail_set_net(j, s->lim.net_loopback ? SBX_NET_LOOPBACK : SBX_NET_NONE);
        rc = rc ? rc : sbx_jail_set_cpu_affinity(j, s->cpu);
        rc = rc ? rc : (s->workdir ? sbx_jail_set_workdir(j, s->workdir) : 0);
        for (size_t i = 0; !rc && i < sizeof s->dirs / sizeof *s->dirs && s->dirs[i]; i++)
                rc = sbx_jail_add_dir(j, s->dirs[i], false);
        for (size_t i = 0; !rc && i < sizeof s->rw_dirs / sizeof *s->rw_dirs && s->rw_dirs[i]; i++)
                rc = sbx_jail_add_dir(j, s->rw_dirs[i], true);
        for (size_t i = 0; !rc && s->env[i]; i++)
                rc = sbx_jail_add_env(j, s->env[i]);
        rc = rc ? rc : sbx_jail_set_stdin(j, s->stdin_path);
        if (s->stdout_path) {
                rc = rc ? rc : sbx_jail_set_stdout(j, s->stdout_path);
                rc = rc ? rc : sbx_jail_set_stderr(j, log);
        } else {
                rc = rc ? rc : sbx_jail_set_stdout(j, log);
        }
        if (rc < 0) {
                snprintf(c->err, sizeof c->err, "cannot set up the sandbox: %s", strerror(-rc));
                sbx_jail_free(j);
                return rc;
        }
        /* stderr joins stdout inside the jail so the two stay in order */
        size_t n = 0;
        while (argv[n])
                n++;
        const char **av = calloc(n + 5, sizeof *av);
        if (!av) {
                sbx_jail_free(j);
                return -ENOMEM;
        }
        size_t k = 0;
        if (!s->stdout_path) {
                av[k++] = "/bin/sh";
                av[k++] = "-c";
                av[k++] = "exec \"$0\" \"$@\" 2>&1";
        }
        for (size_t i = 0; i < n; i++)
                av[k++] = argv[i];
        av[k] = NULL;
        memset(res, 0, sizeof *res);
        rc = sbx_jail_run(j, av, res);
        free(av);
        sbx_jail_free(j);
        if (rc < 0) {
                snprintf(c->err, sizeof c->err, "sandbox run failed: %s", strerror(-rc));
                return rc;
        }
        c->isolation = res->isolation;
        char *text = NULL;
        size_t len = 0;
        if (sbx_file_read(log, GRD_LOG_MAX, SBX_FILE_HEAD, &text, &len) < 0)
                text = NULL, len = 0;
        unlink(log);
        if (res->status == SBX_STATUS_INTERNAL_ERROR) {
                snprintf(c->err, sizeof c->err, "sandbox error: %s", res->message);
                free(text);
                return -EIO;
        }
        *out = text;
        if (out_len)
                *out_len = len;
        return 0;
}

void grd_go_env(struct grd_ctx *c, struct grd_step *s, bool cgo, char store[][PATH_MAX + 32], size_t nstore)
{
        size_t i = 0, e = 0;
        snprintf(store[i], sizeof store[i], "PATH=%s/bin:/usr/local/bin:/usr/bin:/bin", c->go.goroot);
        s->env[e++] = store[i++];
        snprintf(store[i], sizeof store[i], "GOROOT=%s", c->go.goroot);
        s->env[e++] = store[i++];
        snprintf(store[i], sizeof store[i], "GOCACHE=%s", c->gocache);
        s->env[e++] = store[i++];
        snprintf(store[i], sizeof store[i], "HOME=%s/home", c->work);
        s->env[e++] = store[i++];
        snprintf(store[i], sizeof store[i], "TMPDIR=%s/tmp", c->work);
        s->env[e++] = store[i++];
        snprintf(store[i], sizeof store[i], "GOPATH=%s/home/go", c->work);
        s->env[e++] = store[i++];
        s->env[e++] = cgo ? "CGO_ENABLED=1" : "CGO_ENABLED=0";
        s->env[e++] = "GOTOOLCHAIN=local";
        s->env[e++] = "GOPROXY=off";
        /* modules come from the staged vendor/ only (stage_vendor); with
         * none, the standard library needs nothing else */
        s->env[e++] = "GOFLAGS=-mod=vendor";
        s->env[e++] = "GOTELEMETRY=off";
        s->env[e++] = "GOENV=off";
        s->env[e++] = "GOWORK=off";
        s->env[e] = NULL;
        (void)nstore;
}
