/* raceparse.c — race reports in a test binary's output.  Go's race runtime
 * and ThreadSanitizer both frame a report with lines of '=' and start it
 * with "WARNING: DATA RACE" / "WARNING: ThreadSanitizer: ...".  The testing
 * package adds "race detected during execution of test" to the test that
 * saw one, which survives even when the program closed its stderr. */
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static bool starts(const char *s, size_t n, const char *p)
{
        size_t k = strlen(p);
        return n >= k && memcmp(s, p, k) == 0;
}

static bool rule(const char *s, size_t n)
{
        if (n && s[n - 1] == '\r')
                n--;
        if (n < 10)
                return false;
        for (size_t i = 0; i < n; i++)
                if (s[i] != '=')
                        return false;
        return true;
}

static bool contains(const char *s, size_t n, const char *needle)
{
        size_t k = strlen(needle);
        for (size_t i = 0; i + k <= n; i++)
                if (memcmp(s + i, needle, k) == 0)
                        return true;
        return false;
}

int grd_race_parse(const char *buf, size_t len, size_t max, struct grd_races *ret)
{
        struct grd_buf text = GRD_BUF_INIT(max ? max : GRD_EVIDENCE_MAX);
        struct grd_races r = {0};
        bool in_report = false, after_rule = false;
        size_t i = 0;
        while (i < len) {
                const char *s = buf + i;
                const char *nl = memchr(s, '\n', len - i);
                size_t n = nl ? (size_t)(nl - s) : len - i;
                i += n + 1;
                if (contains(s, n, "race detected during execution of test"))
                        r.n_test_markers++;
                if (rule(s, n)) {
                        if (in_report) {
                                in_report = false;
                                if (grd_buf_add(&text, s, n) < 0 || grd_buf_add(&text, "\n", 1) < 0)
                                        goto oom;
                        }
                        after_rule = true;
                        continue;
                }
                if (after_rule && (starts(s, n, "WARNING: DATA RACE") || starts(s, n, "WARNING: ThreadSanitizer:"))) {
                        in_report = true;
                        r.n_reports++;
                        if (grd_buf_adds(&text, "==================\n") < 0)
                                goto oom;
                }
                after_rule = false;
                if (in_report && (grd_buf_add(&text, s, n) < 0 || grd_buf_add(&text, "\n", 1) < 0))
                        goto oom;
        }
        r.text = grd_buf_steal(&text);
        *ret = r;
        return 0;
oom:
        grd_buf_release(&text);
        return -ENOMEM;
}

void grd_races_release(struct grd_races *r)
{
        if (!r)
                return;
        free(r->text);
        memset(r, 0, sizeof *r);
}
