/* workspace.c — finding a session folder below the current one, and the
 * file of the workspace a candidate edits first. */
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbx_file.h"

/* At most this many folders are looked into: a session is found in a
 * folder of a few projects, not by crawling a home folder. */
#define BELOW_MAX_DIRS 4096

static bool holds_journal(int dfd, const char *name)
{
        char rel[NAME_MAX + 64];
        struct stat st;
        snprintf(rel, sizeof rel, "%s/%s/%s", name, GNT_SESSION_META, GNT_SESSION_JOURNAL);
        return fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

int gnt_session_find_below(const char *dir, char ret_root[PATH_MAX], char *err, size_t errsz)
{
        char base[PATH_MAX];
        if (!realpath(dir, base))
                return sbx_errf(err, errsz, -errno, "%s: %s", dir, strerror(errno));
        DIR *d = opendir(base);
        if (!d)
                return sbx_errf(err, errsz, -errno, "%s: %s", base, strerror(errno));
        char found[3][NAME_MAX + 1];
        size_t n = 0, seen = 0;
        struct dirent *de;
        while ((de = readdir(d)) && seen++ < BELOW_MAX_DIRS) {
                if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
                        continue;
                struct stat st;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
                        continue;
                if (!holds_journal(dirfd(d), de->d_name))
                        continue;
                if (n < 3)
                        snprintf(found[n], sizeof found[n], "%s", de->d_name);
                n++;
        }
        closedir(d);
        if (n == 0)
                return sbx_errf(err, errsz, -ENOENT, "no session folder in %s", base);
        if (n > 1) {
                /* Sorted, so the message does not depend on the folder's order. */
                size_t k = n < 3 ? n : 3;
                for (size_t i = 1; i < k; i++)
                        for (size_t j = i; j > 0 && strcmp(found[j - 1], found[j]) > 0; j--) {
                                char t[NAME_MAX + 1];
                                memcpy(t, found[j], sizeof t);
                                memcpy(found[j], found[j - 1], sizeof t);
                                memcpy(found[j - 1], t, sizeof t);
                        }
                return sbx_errf(err, errsz, -EEXIST, "%zu session folders here (%s, %s%s): name one", n, found[0],
                                found[1], n > 2 ? ", ..." : "");
        }
        if ((size_t)snprintf(ret_root, PATH_MAX, "%s/%s", strcmp(base, "/") ? base : "", found[0]) >= PATH_MAX)
                return sbx_errf(err, errsz, -ENAMETOOLONG, "%s/%s: path too long", base, found[0]);
        return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
        size_t n = strlen(s), m = strlen(suf);
        return n >= m && strcmp(s + n - m, suf) == 0;
}

/* A source file the candidate writes (not a test, not a module file). */
static bool is_solution_source(const char *path)
{
        if (has_suffix(path, "_test.go"))
                return false;
        return has_suffix(path, ".go") || has_suffix(path, ".c") || has_suffix(path, ".h") ||
               has_suffix(path, ".py") || has_suffix(path, ".rs");
}

int gnt_session_main_file(const struct gnt_session *s, char *ret, size_t size)
{
        if (!s || s->j.n == 0 || !ret || size == 0)
                return -EINVAL;
        /* The starter's files are the start entry's snapshot. */
        const struct gnt_snapshot_rec *snap = &s->j.entries[0].d.snap;
        const char *best = NULL, *first_c = NULL;
        off_t best_size = -1;
        int code = open(s->code, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (code < 0)
                return -errno;
        for (size_t i = 0; i < snap->n; i++) {
                const char *p = snap->files[i].path;
                if ( !is_solution_source(p) || strstr(p, "..") || p[0] == '/')
                        continue;
                struct stat st;
                if (fstatat(code, p, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                /* C: main.c or the first .c; Go: the largest file (the
                 * one whose bodies the candidate writes). */
                if (has_suffix(p, ".c") && !first_c)
                        first_c = p;
                if (strcmp(p, "main.c") == 0)
                        first_c = p;
                if (!has_suffix(p, ".h") && st.st_size > best_size) {
                        best = p;
                        best_size = st.st_size;
                }
        }
        close(code);
        const char *pick = first_c ? first_c : best;
        if (!pick)
                return -ENOENT;
        if ((size_t)snprintf(ret, size, "%s", pick) >= size)
                return -ENAMETOOLONG;
        return 0;
}

/* The number in "Time budget: 45 minutes" (emphasis marks and spaces
 * around it allowed): its offset and length, or false. */
static bool find_budget(const char *s, size_t len, size_t *at, size_t *n)
{
        static const char key[] = "Time budget:";
        const size_t kl = sizeof key - 1;
        for (size_t i = 0; i + kl <= len; i++) {
                if (memcmp(s + i, key, kl) != 0)
                        continue;
                size_t j = i + kl;
                while (j < len && (s[j] == ' ' || s[j] == '*' || s[j] == '_'))
                        j++;
                size_t k = j;
                while (k < len && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.'))
                        k++;
                size_t w = k;
                while (w < len && (s[w] == ' ' || s[w] == '*' || s[w] == '_'))
                        w++;
                if (k > j && w + 6 <= len && memcmp(s + w, "minute", 6) == 0) {
                        *at = j;
                        *n = k - j;
                        return true;
                }
        }
        return false;
}

int gnt_statement_set_minutes(const char *text, size_t len, double minutes, char **ret, size_t *ret_len)
{
        if (!text || !ret || !ret_len || !(minutes > 0) || minutes > 1e6)
                return -EINVAL;
        char num[32];
        int nl = snprintf(num, sizeof num, "%g", minutes);
        size_t at, n;
        char line[96];
        const char *ins = num;
        size_t ins_len = (size_t)nl;
        if (!find_budget(text, len, &at, &n)) {
                /* No sentence to correct: one goes under the title (or on top). */
                at = 0;
                if (len > 2 && text[0] == '#') {
                        const char *eol = memchr(text, '\n', len);
                        at = eol ? (size_t)(eol - text) + 1 : len;
                }
                n = 0;
                ins_len = (size_t)snprintf(line, sizeof line, "%sTime budget: **%s minutes**.\n\n",
                                           at == len && len && text[len - 1] != '\n' ? "\n\n" : "", num);
                ins = line;
        }
        char *out = malloc(len - n + ins_len + 1);
        if (!out)
                return -ENOMEM;
        memcpy(out, text, at);
        memcpy(out + at, ins, ins_len);
        memcpy(out + at + ins_len, text + at + n, len - at - n);
        *ret_len = len - n + ins_len;
        out[*ret_len] = '\0';
        *ret = out;
        return 0;
}
