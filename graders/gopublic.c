/* gopublic.c — the build of a Go public test run (gopublic.h): staged as
 * the run stages it, linked as `go test` links a binary it runs once, and
 * started from the last run's binary, which the go command takes as it is
 * when its build ID says it was linked from the same inputs. */
#include "gopublic.h"

#include "sbx_file.h"
#include "warm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The go command reads a binary's build ID from its first 32 KiB (the
 * ELF note comes first); the ID ends in a hash of the whole content. */
#define HEAD_MAX 32768u

struct kept {
        char slot[PATH_MAX];         /* <cache>/public/ID@VERSION.test, "" when there is none */
        char *head;                  /* the first bytes of what was placed, NULL when nothing */
        size_t head_len;
};

/* Choose the slot of c's problem, and put what it holds at bin for the
 * build to find there: a hard link, else a copy.  Two sessions of one
 * problem share the slot: each may link again after the other's run.
 * Sharing the inode is safe: the build sees bin through an overlay (a
 * write copies it up), its copy-back renames new files in, and the test
 * run sees bin's folder read-only. */
static void kept_place(const struct grd_ctx *c, const char *bin, struct kept *k)
{
        char name[GRD_CACHE_NAME_MAX];
        grd_cache_name(c->p, name, sizeof name);
        char dir[PATH_MAX];
        int n = snprintf(dir, sizeof dir, "%s/%s", c->o->cache_dir, GRD_PUBLIC_BIN_DIR);
        if (n < 0 || (size_t)n >= sizeof dir || (mkdir(dir, 0700) < 0 && errno != EEXIST))
                return;
        n = snprintf(k->slot, sizeof k->slot, "%s/%s.test", dir, name);
        if (n < 0 || (size_t)n >= sizeof k->slot) {
                k->slot[0] = '\0';
                return;
        }
        char *head = NULL;
        size_t len = 0;
        if (sbx_file_read(k->slot, HEAD_MAX, SBX_FILE_HEAD, &head, &len) < 0)
                return;
        /* the go command will not write over a file of another kind */
        if (len < 4 || memcmp(head, "\177ELF", 4) != 0) {
                free(head);
                return;
        }
        if (link(k->slot, bin) < 0) {
                char *data = NULL;
                size_t dlen = 0;
                int rc = sbx_file_read(k->slot, GRD_PUBLIC_BIN_MAX, 0, &data, &dlen);
                if (rc == 0)
                        rc = sbx_file_write_atomic(bin, NULL, 0, data, dlen, 0755, 0);
                free(data);
                if (rc < 0) {
                        free(head);
                        return;
                }
        }
        /* whatever the umask was: the build's and the run's programs may
         * be host uids of their own (a root caller), and must read it */
        if (chmod(bin, 0755) < 0) {
                (void)unlink(bin);
                free(head);
                return;
        }
        k->head = head;
        k->head_len = len;
}

/* After the build: when it succeeded, keep bin in the slot unless it is
 * the binary placed (the same build ID: the same content); when it failed
 * having found one placed, empty the slot (whatever stood in its way is
 * gone). */
static void kept_update(struct kept *k, const char *bin, bool built)
{
        if (!k->slot[0])
                return;
        if (!built) {
                if (k->head)
                        (void)unlink(k->slot);
                return;
        }
        char *data = NULL;
        size_t len = 0;
        if (k->head && sbx_file_read(bin, HEAD_MAX, SBX_FILE_HEAD, &data, &len) == 0 && len == k->head_len &&
            memcmp(data, k->head, len) == 0) {
                free(data);
                return;
        }
        free(data);
        if (sbx_file_read(bin, GRD_PUBLIC_BIN_MAX, 0, &data, &len) < 0)
                return;
        /* synced before it is renamed in: a binary torn by a crash could
         * still carry a build ID that passes for current */
        (void)sbx_file_write_atomic(k->slot, NULL, 0, data, len, 0755, SBX_FILE_SYNC);
        free(data);
}

/* The go command of a fresh HOME starts its telemetry child on every run
 * (about 35 ms of CPU beside the build): a mode file says "off". */
static int telemetry_off(struct grd_ctx *c)
{
        static const char *const sub[] = {"home/.config", "home/.config/go", "home/.config/go/telemetry"};
        char d[PATH_MAX], f[PATH_MAX + 8];
        for (size_t i = 0; i < sizeof sub / sizeof *sub; i++) {
                int rc = grd_ctx_mkdir(c, sub[i], d);
                if (rc < 0)
                        return rc;
        }
        snprintf(f, sizeof f, "%s/mode", d);
        int rc = grd_write_file(f, "off\n");
        if (rc < 0)
                snprintf(c->err, sizeof c->err, "cannot write '%s': %s", f, strerror(-rc));
        return rc;
}

void grd_public_own_release(struct grd_public_own *o)
{
        if (!o)
                return;
        grd_strv_free(o->files, o->n_files);
        grd_strv_free(o->names, o->n);
        free(o->output);
        memset(o, 0, sizeof *o);
}

static bool same_file(const char *a, const char *b)
{
        char *x = NULL, *y = NULL;
        size_t nx = 0, ny = 0;
        bool same = sbx_file_read(a, GRD_FILE_MAX, 0, &x, &nx) == 0 && sbx_file_read(b, GRD_FILE_MAX, 0, &y, &ny) == 0 &&
                    nx == ny && memcmp(x, y, nx) == 0;
        free(x);
        free(y);
        return same;
}

/* Stage the candidate's *_test.go of code_dir beside the public ones in
 * src.  What the candidate can fix (too many files, a name taken) is a
 * note, not an error: the public tests run all the same. */
static int own_stage(struct grd_ctx *c, const char *code_dir, const char *src, struct grd_public_own *o)
{
        char dir[PATH_MAX];
        int rc = grd_ctx_mkdir(c, "own", dir);
        if (rc < 0)
                return rc;
        rc = grd_stage_own_tests(c, code_dir, dir);
        if (rc == -ENOMEM)
                return rc;
        if (rc < 0) {
                snprintf(o->note, sizeof o->note, "your tests were not run: %s", c->err);
                c->err[0] = '\0';
                return 0;
        }
        if (rc == 0)
                return 0;
        long nf = grd_list_suffix(dir, "_test.go", false, &o->files);
        if (nf < 0)
                return (int)nf;
        o->n_files = (size_t)nf;
        for (size_t i = 0; i < o->n_files; i++)
                if (strncmp(o->files[i], "zz_gauntlet", 11) == 0) {
                        snprintf(o->note, sizeof o->note,
                                 "your test file '%s' has the name of gauntlet's own test files: rename it to run your tests",
                                 o->files[i]);
                        return 0;
                }
        size_t kept = 0;
        for (size_t i = 0; i < o->n_files; i++) {
                char from[PATH_MAX], to[PATH_MAX];
                snprintf(from, sizeof from, "%s/%s", dir, o->files[i]);
                snprintf(to, sizeof to, "%s/%s", src, o->files[i]);
                if (access(to, F_OK) < 0) {
                        o->files[kept++] = o->files[i];
                        continue;
                }
                /* the workspace's copy of a public test file: the
                 * problem's runs; an edited copy is said to be left out */
                if (!same_file(from, to) && !o->note[0])
                        snprintf(o->note, sizeof o->note,
                                 "'%s' is a public test file: the problem's ran, not your edited copy "
                                 "(put tests of your own in a file of another name)",
                                 o->files[i]);
                (void)unlink(from);
                free(o->files[i]);
        }
        o->n_files = kept;
        if (kept == 0)
                return 0;
        long nn = grd_test_names(dir, &o->names);
        if (nn < 0)
                return (int)nn;
        o->n = (size_t)nn;
        /* a test name both declare: in one package the build says so; in
         * two (package x and x_test) both would run under one name, and
         * the public result would pass for theirs */
        char **pub = NULL;
        long np = grd_test_names(src, &pub);
        if (np < 0)
                return (int)np;
        for (size_t i = 0; i < o->n && !o->note[0]; i++)
                for (long k = 0; k < np; k++)
                        if (strcmp(o->names[i], pub[k]) == 0) {
                                snprintf(o->note, sizeof o->note,
                                         "your tests declare '%s', which the public tests declare too: rename yours; "
                                         "the public tests ran without them",
                                         pub[k]);
                                break;
                        }
        grd_strv_free(pub, (size_t)np);
        if (o->note[0])
                return 0;
        for (size_t i = 0; i < o->n_files; i++) {
                char from[PATH_MAX], to[PATH_MAX];
                snprintf(from, sizeof from, "%s/%s", dir, o->files[i]);
                snprintf(to, sizeof to, "%s/%s", src, o->files[i]);
                if (rename(from, to) < 0) {
                        rc = -errno;
                        snprintf(c->err, sizeof c->err, "cannot stage '%s': %s", o->files[i], strerror(errno));
                        return rc;
                }
        }
        o->staged = true;
        return 0;
}

/* Why the public tests and the candidate's did not build together: a
 * name both declare ("x_test.go:3:6: helper redeclared in this block"),
 * or their own build error. */
static void own_conflict(const char *out, char *note, size_t size)
{
        static const char *const marks[] = {" redeclared in this block", "multiple definitions of "};
        const char *s = out ? strstr(out, marks[0]) : NULL;
        if (s) {
                const char *b = s;
                while (b > out && b[-1] != ' ' && b[-1] != '\t' && b[-1] != '\n' && s - b < 80)
                        b--;
                /* "\t./counter.go:9:6: other declaration of Sum": where */
                const char *o = strstr(s, "\t./"), *end = o ? strchr(o + 3, ':') : NULL;
                if (o && end && end - o < 120 && !memchr(o + 1, '\n', (size_t)(end - o)))
                        snprintf(note, size,
                                 "your tests declare '%.*s', which %.*s declares too: rename yours; "
                                 "the public tests ran without them",
                                 (int)(s - b), b, (int)(end - o - 3), o + 3);
                else
                        snprintf(note, size,
                                 "your tests declare '%.*s', which the package declares too: rename yours; "
                                 "the public tests ran without them",
                                 (int)(s - b), b);
        } else if (out && (s = strstr(out, marks[1]))) {
                s += strlen(marks[1]);
                size_t k = strcspn(s, " \n:");
                snprintf(note, size,
                         "your tests define '%.*s', which gauntlet's test harness reserves: "
                         "rename yours; the public tests ran without them",
                         (int)(k < 80 ? k : 80), s);
        } else {
                snprintf(note, size, "your tests do not build with the public tests; the public tests ran without them");
        }
}

int grd_public_build_run(struct grd_ctx *c, const char *code_dir, const char *src, const char *bin, bool race,
                         struct grd_public_own *own, bool *rejected, struct grd_build *ret)
{
        *rejected = false;
        /* fixed: the same inputs every run, so unchanged code is cached */
        memcpy(c->nonce, GRD_PUBLIC_NONCE, sizeof c->nonce);
        int rc = grd_stage_solution(c, code_dir, src);
        if (rc == 0)
                rc = grd_go_package(c, src, c->pkg, sizeof c->pkg);
        if (rc < 0) {
                *rejected = true;
                return rc;
        }
        if ((rc = grd_stage_tests(c, c->p->public_tests, src)) < 0 || (rc = grd_write_testmain(c, src)) < 0 ||
            (rc = telemetry_off(c)) < 0)
                return rc;
        /* after the public files: a name of theirs is taken, not replaced */
        if (own && (rc = own_stage(c, code_dir, src, own)) < 0)
                return rc;
        /* run once and deleted, as go test's own: no symbols, no DWARF */
        c->strip = true;
        struct kept k = {0};
        /* the kept binary is keyed by the go command's build ID, which
         * covers every file of the package, the candidate's tests too; a
         * -race binary is not kept (it would displace the plain one) */
        if (!race)
                kept_place(c, bin, &k);
        rc = grd_go_build(c, src, bin, race, ret);
        if (rc == 0 && !ret->ok && own && own->staged) {
                /* the public results must not depend on the candidate's
                 * tests building: the public tests alone, then */
                own_conflict(ret->output, own->note, sizeof own->note);
                own->output = ret->output;
                ret->output = NULL;
                own->staged = false;
                for (size_t i = 0; i < own->n_files; i++) {
                        char p[PATH_MAX];
                        snprintf(p, sizeof p, "%s/%s", src, own->files[i]);
                        (void)unlink(p);
                }
                grd_build_release(ret);
                rc = grd_go_build(c, src, bin, race, ret);
                if (rc == 0 && !ret->ok) {
                        /* the code itself does not build: that is the news */
                        free(own->output);
                        own->output = NULL;
                        snprintf(own->note, sizeof own->note, "your tests did not run: the code does not build");
                }
        }
        c->strip = false;
        if (rc == 0 && !race)
                kept_update(&k, bin, ret->ok);
        free(k.head);
        return rc;
}

int grd_public_build(struct grd_ctx *c, const char *code_dir, const char *src, const char *bin, bool *rejected,
                     struct grd_build *ret)
{
        return grd_public_build_run(c, code_dir, src, bin, false, NULL, rejected, ret);
}

static bool own_has(const struct grd_public_own *own, const char *name)
{
        if (!own || !own->staged)
                return false;
        for (size_t i = 0; i < own->n; i++)
                if (strcmp(own->names[i], name) == 0)
                        return true;
        return false;
}

int grd_public_take(struct grd_test_run *run, struct grd_suite *s, const struct grd_public_own *own)
{
        size_t n_own = 0;
        for (size_t i = 0; i < s->n_tests; i++)
                n_own += own_has(own, s->tests[i].name);
        struct grd_test_result *pub = calloc(s->n_tests - n_own + 1, sizeof *pub);
        struct grd_test_result *mine = calloc(n_own + 1, sizeof *mine);
        char *race = s->race_text.s && s->race_text.s[0] ? strdup(s->race_text.s) : NULL;
        if (!pub || !mine || (s->race_text.s && s->race_text.s[0] && !race)) {
                free(pub);
                free(mine);
                free(race);
                return -ENOMEM;
        }
        size_t np = 0, nm = 0;
        for (size_t i = 0; i < s->n_tests; i++) {
                struct grd_test_result *t = &s->tests[i];
                if (own_has(own, t->name)) {
                        mine[nm++] = *t;
                        continue;
                }
                run->n_pass += t->status == GRD_TEST_PASS;
                run->n_skip += t->status == GRD_TEST_SKIP;
                run->n_fail += t->status != GRD_TEST_PASS && t->status != GRD_TEST_SKIP;
                pub[np++] = *t;
        }
        free(s->tests);
        s->tests = NULL;
        s->n_tests = 0;
        run->tests = pub;
        run->n_tests = np;
        run->own_tests = mine;
        run->n_own = nm;
        run->races = s->races ? s->races : s->race_markers;
        run->race_text = race;
        return 0;
}
