/* refs.c — file:line references to a candidate's code in the evidence
 * graders attach: Go stack frames ("\tworkerpool/pool.go:68 +0x36", the
 * module path in front under -trimpath), test messages ("pool.go:42:"),
 * ThreadSanitizer frames and compiler output (the grading's staging folder
 * ".../gauntlet-grade-NAME/src/" in front, or nothing).  Only the
 * candidate's own files count: the standard library's ("runtime/panic.go")
 * and the problem's tests ("hidden_test.go") are not theirs. */
#include "code.h"

#include <stdint.h>
#include <string.h>

static bool path_char(unsigned char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-' || c == '+' || c == '/' || c == '@' || c == '~' || c >= 0x80;
}

static bool digit(char c)
{
        return c >= '0' && c <= '9';
}

/* ".../gauntlet-grade-NAME/src/": the staging folder of a grading. */
static bool staging_prefix(const char *p, size_t n)
{
        static const char src[] = "/src/", grade[] = "gauntlet-grade-";
        if (n < sizeof src - 1 + sizeof grade - 1 + 1 || p[0] != '/' ||
            memcmp(p + n - (sizeof src - 1), src, sizeof src - 1) != 0)
                return false;
        size_t end = n - (sizeof src - 1); /* the component before src/ is p[start..end) */
        size_t start = end;
        while (start > 0 && p[start - 1] != '/')
                start--;
        return end - start > sizeof grade - 1 && memcmp(p + start, grade, sizeof grade - 1) == 0;
}

static bool prefix_ok(const struct gnt_review_refset *fs, const char *p, size_t n)
{
        if (n == 0 || (n == 2 && p[0] == '.' && p[1] == '/'))
                return true;
        size_t ml = fs->module ? strlen(fs->module) : 0;
        if (ml && n == ml + 1 && memcmp(p, fs->module, ml) == 0 && p[ml] == '/')
                return true;
        return staging_prefix(p, n);
}

/* The candidate file that the path p[0..n) names, or -1. */
static long match_path(const struct gnt_review_refset *fs, const char *p, size_t n)
{
        for (size_t i = 0; i < fs->n_files; i++) {
                const char *rel = fs->files[i];
                size_t rl = strlen(rel);
                if (!rl || rl > n || memcmp(p + n - rl, rel, rl) != 0)
                        continue;
                if (rl < n && p[n - rl - 1] != '/')
                        continue; /* "xpool.go" is not "pool.go" */
                if (prefix_ok(fs, p, n - rl))
                        return (long)i;
        }
        return -1;
}

bool gnt_review_ref_find(const struct gnt_review_refset *fs, const char *text, size_t len, size_t from,
                         struct gnt_review_ref *ret)
{
        if (!fs || !fs->n_files)
                return false;
        for (size_t c = from; c + 1 < len; c++) {
                if (text[c] != ':' || !digit(text[c + 1]))
                        continue;
                size_t start = c;
                while (start > from && path_char((unsigned char)text[start - 1]))
                        start--;
                /* the path must begin at a delimiter, not in the middle of
                 * a word that began before from */
                if (start == c || (start == from && start > 0 && path_char((unsigned char)text[start - 1])))
                        continue;
                size_t d = c + 1;
                uint64_t line = 0;
                while (d < len && digit(text[d]) && d - c <= 9)
                        line = line * 10 + (uint64_t)(text[d++] - '0');
                if (line == 0 || (d < len && (digit(text[d]) || (path_char((unsigned char)text[d]) && text[d] != '.' &&
                                                                  text[d] != '/'))))
                        continue;
                long f = match_path(fs, text + start, c - start);
                if (f < 0)
                        continue;
                *ret = (struct gnt_review_ref){start, d - start, (size_t)f, (unsigned)line};
                return true;
        }
        return false;
}

void gnt_review_gomod_module(const char *text, size_t len, char *buf, size_t size)
{
        buf[0] = '\0';
        const char *p = text, *end = text + len;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *le = nl ? nl : end;
                while (p < le && (*p == ' ' || *p == '\t'))
                        p++;
                if (le - p > 7 && memcmp(p, "module", 6) == 0 && (p[6] == ' ' || p[6] == '\t')) {
                        p += 7;
                        while (p < le && (*p == ' ' || *p == '\t' || *p == '"'))
                                p++;
                        size_t n = 0;
                        while (p + n < le && path_char((unsigned char)p[n]) && (unsigned char)p[n] < 0x80)
                                n++;
                        if (n && n < size && (p + n == le || p[n] == '"' || p[n] == ' ' || p[n] == '\t' ||
                                              p[n] == '\r')) {
                                memcpy(buf, p, n);
                                buf[n] = '\0';
                        }
                        return;
                }
                p = le + 1;
        }
}

size_t gnt_review_race_split(const char *ev)
{
        static const char mark[] = " under -race, GOMAXPROCS=";
        const char *p = ev;
        while (p && *p) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                if (n > 4 && memcmp(p, "--- ", 4) == 0) {
                        for (size_t i = 4; i + sizeof mark - 1 <= n; i++)
                                if (memcmp(p + i, mark, sizeof mark - 1) == 0)
                                        return (size_t)(p - ev);
                }
                p = nl ? nl + 1 : NULL;
        }
        return strlen(ev);
}

void gnt_review_id_name(FILE *f, const char *name)
{
        for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
                unsigned char c = *p;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
                        fputc(c, f);
                else
                        fprintf(f, "_%02x", c);
        }
}
