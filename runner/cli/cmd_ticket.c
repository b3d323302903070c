/* cmd_ticket.c — `gauntlet ticket BUNDLE --key KEY --candidate NAME`: issue
 * the team's signed ticket for one candidate (minutes, window, and for a
 * sealed bundle the key that opens it) and record it in the team's ledger;
 * `gauntlet ticket --list`: read the ledger. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "review_args.h"
#include "commands.h"
#include "sbx_file.h"
#include "session/session.h"
#include "bundle/ticket.h"

#define DEFAULT_WINDOW_S (7LL * 24 * 3600)

/* "now", seconds since 1970, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z (UTC), or
 * +N{m,h,d} after base.  -1 when it is none of those. */
static long long parse_time(const char *s, long long base)
{
        char *end;
        if (strcmp(s, "now") == 0)
                return (long long)time(NULL);
        if (s[0] == '+') {
                long long n = strtoll(s + 1, &end, 10);
                long long unit = *end == 'm' ? 60 : *end == 'h' ? 3600 : *end == 'd' ? 86400 : 0;
                return end == s + 1 || !unit || end[1] || n < 0 || n > 3650 * 86400LL / unit ? -1 : base + n * unit;
        }
        if (strspn(s, "0123456789") == strlen(s) && *s) {
                long long v = strtoll(s, &end, 10);
                return v <= 253402300799LL ? v : -1;
        }
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *rest = strptime(s, "%Y-%m-%d", &tm);
        if (rest && *rest == 'T') {
                const char *r2 = strptime(rest + 1, "%H:%M:%S", &tm);
                rest = r2 ? r2 : strptime(rest + 1, "%H:%M", &tm);
                if (!rest || strcmp(rest, "Z") != 0)
                        return -1;
        } else if (!rest || *rest) {
                return -1;
        }
        time_t t = timegm(&tm);
        return t < 0 ? -1 : (long long)t;
}

static void print_list(const struct gnt_ticket *v, size_t n, bool json)
{
        if (json) {
                cJSON *a = cJSON_CreateArray();
                for (size_t i = 0; i < n; i++)
                        cJSON_AddItemToArray(a, gnt_ticket_json(&v[i], false));
                char *text = cJSON_Print(a);
                cJSON_Delete(a);
                if (text)
                        puts(text);
                free(text);
                return;
        }
        printf("%-20s  %-12s  %-24s  %-24s  %7s  %s\n", "issued", "ticket", "candidate", "problem", "minutes",
               "window (UTC)");
        for (size_t i = 0; i < n; i++) {
                char is[32], a[32], b[32], prob[100];
                struct tm tm;
                time_t t = (time_t)v[i].issued;
                gmtime_r(&t, &tm);
                strftime(is, sizeof is, "%Y-%m-%d %H:%M", &tm);
                t = (time_t)v[i].not_before;
                gmtime_r(&t, &tm);
                strftime(a, sizeof a, "%Y-%m-%d %H:%M", &tm);
                t = (time_t)v[i].not_after;
                gmtime_r(&t, &tm);
                strftime(b, sizeof b, "%Y-%m-%d %H:%M", &tm);
                snprintf(prob, sizeof prob, "%s %s", v[i].problem_id, v[i].problem_version);
                printf("%-20s  %.12s  %-24s  %-24s  %7lld  %s to %s\n", is, v[i].id, v[i].candidate, prob,
                       v[i].minutes, a, b);
        }
}

static int list(const struct gnt_ticket_args *o)
{
        char path[PATH_MAX], err[GNT_ERR_MAX];
        if (o->ledger)
                snprintf(path, sizeof path, "%s", o->ledger);
        else
                gnt_ticket_ledger_path(o->key, path, sizeof path);
        struct gnt_ticket *v = NULL;
        size_t n = 0;
        int r = gnt_ticket_ledger_read(path, &v, &n, err, sizeof err);
        if (r == -ENOENT) {
                fprintf(stderr, "gauntlet ticket: no tickets issued yet ('%s' does not exist)\n", path);
                return GNT_EXIT_OK;
        }
        if (r < 0) {
                gnt_error("ticket", "%s", err);
                return GNT_EXIT_USAGE;
        }
        print_list(v, n, o->json);
        free(v);
        return GNT_EXIT_OK;
}

/* Open the bundle as the candidate will: a sealed one with its content
 * key, derived from the team's key. */
static int open_bundle(const struct gnt_ticket_args *o, struct gnt_bundle **ret, uint8_t key[32],
                       bool *sealed)
{
        char err[GNT_ERR_MAX];
        struct gnt_bundle_opts bo = {.cover_only = true};
        struct gnt_bundle *b = NULL;
        int r = gnt_bundle_open(o->bundle, &bo, &b, err, sizeof err);
        if (r == 0 && b->sealed) {
                *sealed = true;
                r = gnt_bundle_seal_key(o->key, b->seal_id, key, err, sizeof err);
                gnt_bundle_close(b);
                b = NULL;
                bo.content_key = key;
                if (r == 0)
                        r = gnt_bundle_open(o->bundle, &bo, &b, err, sizeof err);
        }
        if (r < 0) {
                gnt_error("ticket", "cannot open '%s': %s", o->bundle,
                          r == -EKEYREJECTED ? "not sealed with this key" : err);
                return GNT_EXIT_USAGE;
        }
        if (!b->is_archive || b->assessment || b->n_problems != 1 || !b->is_public) {
                gnt_error("ticket", "'%s': a ticket is for a public problem bundle (the file handed out), "
                                    "not a folder, an assessment or a grading bundle", o->bundle);
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        *ret = b;
        return GNT_EXIT_OK;
}

static void default_output(const struct gnt_ticket *t, char *out, size_t sz)
{
        char who[64];
        size_t k = 0;
        for (const char *p = t->candidate; *p && k < sizeof who - 1; p++)
                who[k++] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@", *p) ? *p : '_';
        who[k] = '\0';
        snprintf(out, sz, "%s.%s.ticket", t->problem_id, who);
}

/* Fill the ticket's grant from the options and the bundle. */
static int grant(const struct gnt_ticket_args *o, const struct gnt_bundle *b, struct gnt_ticket *t)
{
        const struct grd_problem *p = gnt_bundle_problem(b);
        char err[GNT_ERR_MAX];
        long long now = (long long)time(NULL);
        if (snprintf(t->candidate, sizeof t->candidate, "%s", o->candidate) >= (int)sizeof t->candidate)
                return gnt_usage_error("ticket", "--candidate: at most %d bytes", GNT_TICKET_CANDIDATE_MAX);
        snprintf(t->problem_id, sizeof t->problem_id, "%s", p->id);
        snprintf(t->problem_version, sizeof t->problem_version, "%s", p->version);
        snprintf(t->bundle_sha256, sizeof t->bundle_sha256, "%s", b->sha256_hex);
        t->minutes = o->minutes ? o->minutes : (long long)p->minutes;
        t->not_before = o->from ? parse_time(o->from, now) : now;
        if (t->not_before < 0)
                return gnt_usage_error("ticket", "--from: expected now, +N{m,h,d}, seconds since 1970 or "
                                                 "YYYY-MM-DD[THH:MM[:SS]Z], got '%s'", o->from);
        t->not_after = o->until ? parse_time(o->until, t->not_before) : t->not_before + DEFAULT_WINDOW_S;
        if (t->not_after < t->not_before)
                return gnt_usage_error("ticket", "--until: expected a time after --from, got '%s'", o->until);
        if (gnt_session_public_hash(p, t->public_hash, err, sizeof err) < 0) {
                gnt_error("ticket", "%s", err);
                return GNT_EXIT_USAGE;
        }
        return GNT_EXIT_OK;
}

static int issue(const struct gnt_ticket_args *o)
{
        struct gnt_ticket t;
        memset(&t, 0, sizeof t);
        struct gnt_bundle *b = NULL;
        bool sealed = false;
        char err[GNT_ERR_MAX], out[PATH_MAX], ledger[PATH_MAX];
        int rc = open_bundle(o, &b, t.content_key, &sealed);
        if (rc)
                return rc;
        t.has_content_key = sealed;
        rc = grant(o, b, &t);
        gnt_bundle_close(b);
        if (rc == 0 && gnt_ticket_sign(&t, o->key, err, sizeof err) < 0) {
                gnt_error("ticket", "%s", err);
                rc = GNT_EXIT_USAGE;
        }
        if (o->out)
                snprintf(out, sizeof out, "%s", o->out);
        else
                default_output(&t, out, sizeof out);
        cJSON *j = rc ? NULL : gnt_ticket_json(&t, true);
        char *text = j ? cJSON_Print(j) : NULL;
        cJSON_Delete(j);
        size_t tlen = text ? strlen(text) : 0;
        struct stat st;
        if (rc == 0 && !text) {
                gnt_error("ticket", "out of memory");
                rc = GNT_EXIT_USAGE;
        } else if (rc == 0 && lstat(out, &st) == 0) {
                gnt_error("ticket", "'%s' already exists (not overwriting a ticket)", out);
                rc = GNT_EXIT_USAGE;
        } else if (rc == 0) {
                text[tlen] = '\n'; /* replaces the NUL: cJSON_Print leaves room for one byte */
                int r = sbx_file_write_atomic(out, NULL, 0, text, tlen + 1, 0600, SBX_FILE_SYNC);
                if (r < 0) {
                        gnt_error("ticket", "cannot write '%s': %s", out, strerror(-r));
                        rc = GNT_EXIT_USAGE;
                }
        }
        if (text)
                sodium_memzero(text, tlen);
        free(text);
        sodium_memzero(t.content_key, sizeof t.content_key);
        if (rc)
                return rc;
        if (o->ledger)
                snprintf(ledger, sizeof ledger, "%s", o->ledger);
        else
                gnt_ticket_ledger_path(o->key, ledger, sizeof ledger);
        if (gnt_ticket_ledger_append(ledger, &t, err, sizeof err) < 0) {
                gnt_error("ticket", "%s (the ticket '%s' was written but is not recorded)", err, out);
                return GNT_EXIT_USAGE;
        }
        char a[32], z[32];
        printf("%s  ticket %.12s for %s: %s %s, %lld minutes, start from %s to %s%s\n", out, t.id, t.candidate,
               t.problem_id, t.problem_version, t.minutes, gnt_session_fmt_time(t.not_before, a, sizeof a),
               gnt_session_fmt_time(t.not_after, z, sizeof z), sealed ? " (opens the sealed bundle)" : "");
        printf("recorded in %s\n", ledger);
        return GNT_EXIT_OK;
}

int gnt_cmd_ticket(int argc, char **argv)
{
        struct gnt_ticket_args o;
        char err[GNT_ERR_MAX];
        if (gnt_ticket_args_parse(argc, argv, &o, err, sizeof err) < 0)
                return gnt_usage_error("ticket", "%s", err);
        return o.list ? list(&o) : issue(&o);
}
