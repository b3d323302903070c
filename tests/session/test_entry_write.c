/* test_entry_write.c — the journal's typed writers write, byte for byte,
 * what the JSON-payload writers before them wrote.  The fixtures in
 * fixtures/journal-*.jsonl were written by those earlier writers (payloads
 * built as session.c, testrun.c, seal.c and session_cli.c built them) and
 * are never regenerated: sessions on disk, their hash chains and `gauntlet
 * verify` depend on these bytes. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle/ticket.h"
#include "session/journal.h"

#ifndef FIXTURES
#error FIXTURES must name tests/session/fixtures
#endif

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define H3 "3333333333333333333333333333333333333333333333333333333333333333"
#define HO "4444444444444444444444444444444444444444444444444444444444444444"
#define T0 1700000000
/* What the torn-line fixture's crash left behind. */
#define TORN "{\"seq\":8,\"prev\":\"torn"

static struct gnt_snapshot_file files[] = {{"go.mod", H1}, {"lru/lru.go", H2}};
static const struct gnt_snapshot_rec snap2 = {H3, files, 2}, snap0 = {H3, NULL, 0};
static struct gnt_test_rec cases[] = {
        {"TestGet", "pass", 0.29},
        {"TestEvict/ttl_expired", "fail", 1.234},
        {"TestPut", "pass", 0},
        {"TestBench", "skip", 0},
};
static struct gnt_ticket ticket;

static struct gnt_entry_start start_of(bool mock)
{
        return (struct gnt_entry_start){
                .format = 2,
                .problem_id = "lru-cache",
                .title = "LRU cache \"with\" TTL — ünïcode\ttab",
                .version = "1.2.0",
                .language = "go",
                .source = mock ? "lru-cache.gnt" : "lru-cache",
                .file_sha256 = mock ? "5555555555555555555555555555555555555555555555555555555555555555" : NULL,
                .public_hash = "6666666666666666666666666666666666666666666666666666666666666666",
                .mode = mock ? "mock" : "take-home",
                .minutes = mock ? 0.75 : 120,
                .deadline = mock ? T0 + 45 : T0 + 7200,
                .grading = mock ? "/srv/grading/lru-cache" : NULL,
                .gauntlet = "0.9.0",
                .host = mock ? (struct gnt_entry_host){"Linux", "6.1.0-18-amd64", "x86_64", "bench-7", 8, 1000,
                                                       "go1.22.5"}
                             : (struct gnt_entry_host){.cpus = 2, .uid = 0},
                .ticket = mock ? NULL : &ticket,
        };
}

/* The entries of fixtures/journal-mock.jsonl, in order. */
static void mock_entries(struct gnt_entry_data d[10])
{
        memset(d, 0, 10 * sizeof *d);
        d[0] = (struct gnt_entry_data){.kind = GNT_ENTRY_START, .snap = snap2, .u.start = start_of(true)};
        d[1] = (struct gnt_entry_data){
                .kind = GNT_ENTRY_TEST,
                .snap = snap2,
                .u.test = {"ok", 2, 1, 1, 2.718, HO, false, cases, 4},
        };
        d[2].kind = GNT_ENTRY_PAUSE;
        d[3].kind = GNT_ENTRY_RESUME;
        d[4] = (struct gnt_entry_data){
                .kind = GNT_ENTRY_TEST,
                .snap = snap0,
                .u.test = {"build-failed", 0, 0, 0, 0.1, HO, true, NULL, 0},
        };
        d[5] = (struct gnt_entry_data){.kind = GNT_ENTRY_REOPEN, .u.reopen = {"resumed", "bench-7"}};
        d[6] = (struct gnt_entry_data){.kind = GNT_ENTRY_REOPEN, .u.reopen = {"resumed", NULL}};
        d[7] = (struct gnt_entry_data){
                .kind = GNT_ENTRY_RECOVERED,
                .u.recovered = {sizeof TORN - 1, "dbf9064d09c71ad03f93004b99b182aad28af520a0482371b73d6622476c8392"},
        };
        d[8] = (struct gnt_entry_data){.kind = GNT_ENTRY_REOPEN, .u.reopen = {"torn last line", NULL}};
        d[9] = (struct gnt_entry_data){
                .kind = GNT_ENTRY_SUBMIT,
                .snap = snap2,
                .u.submit = {T0 + 445, T0 + 45, true, 400},
        };
}

/* The entries of fixtures/journal-ticket.jsonl. */
static void ticket_entries(struct gnt_entry_data d[2])
{
        memset(d, 0, 2 * sizeof *d);
        d[0] = (struct gnt_entry_data){.kind = GNT_ENTRY_START, .snap = snap2, .u.start = start_of(false)};
        d[1] = (struct gnt_entry_data){
                .kind = GNT_ENTRY_SUBMIT,
                .snap = snap2,
                .u.submit = {T0 + 60, T0 + 7200, false, 0},
        };
}

static int setup(void **state)
{
        memset(ticket.id, 'a', 64);
        snprintf(ticket.key_id, sizeof ticket.key_id, "0123456789abcdef");
        snprintf(ticket.candidate, sizeof ticket.candidate, "Ada Lovelace <ada@example.org>");
        snprintf(ticket.problem_id, sizeof ticket.problem_id, "lru-cache");
        snprintf(ticket.problem_version, sizeof ticket.problem_version, "1.2.0");
        memset(ticket.bundle_sha256, 'b', 64);
        memset(ticket.public_hash, '6', 64);
        ticket.minutes = 120;
        ticket.not_before = 1699990000;
        ticket.not_after = 1700090000;
        ticket.issued = 1699980000;
        for (int i = 0; i < 64; i++)
                ticket.sig[i] = (uint8_t)(i * 7);
        ticket.has_content_key = true; /* never written to a journal */
        return 0;
}

struct fixture {
        char *buf;
        size_t len;
        struct gnt_journal j;
};

static void load(const char *name, struct fixture *f)
{
        char path[512], err[512];
        snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        f->buf = malloc(1 << 16);
        f->len = fread(f->buf, 1, 1 << 16, fp);
        fclose(fp);
        if (gnt_journal_parse(f->buf, f->len, 0, &f->j, err, sizeof err) < 0)
                fail_msg("%s: %s", name, err);
}

static void unload(struct fixture *f)
{
        gnt_journal_release(&f->j);
        free(f->buf);
}

/* Line i of the fixture (newline included) must equal line. */
static void expect_line(const struct fixture *f, size_t i, const char *line)
{
        const struct gnt_journal_entry *e = &f->j.entries[i];
        assert_non_null(line);
        if (strlen(line) != e->len + 1 || memcmp(line, f->buf + e->offset, e->len + 1) != 0)
                fail_msg("line %zu differs:\nwant %.*s\ngot  %s", i + 1, (int)e->len, f->buf + e->offset, line);
}

/* gnt_entry_line, given each fixture line's seq, prev and time and the
 * typed entry, gives the fixture's bytes. */
static void check_encode(const char *name, const struct gnt_entry_data *d, size_t n)
{
        struct fixture f;
        load(name, &f);
        assert_int_equal(f.j.n, n);
        for (size_t i = 0; i < n; i++) {
                const char *prev = i ? f.j.entries[i - 1].hash : GNT_JOURNAL_GENESIS;
                char *line = gnt_entry_line(i + 1, prev, f.j.entries[i].time, &d[i]);
                expect_line(&f, i, line);
                free(line);
        }
        unload(&f);
}

static void test_encode_mock(void **state)
{
        struct gnt_entry_data d[10];
        mock_entries(d);
        check_encode("journal-mock.jsonl", d, 10);
}

static void test_encode_ticket(void **state)
{
        struct gnt_entry_data d[2];
        ticket_entries(d);
        check_encode("journal-ticket.jsonl", d, 2);
}

/* Every line the reader decodes encodes back to its own bytes: the typed
 * data loses nothing a writer wrote (the ticket, which the reader keeps
 * only in part, is given back). */
static void check_roundtrip(const char *name)
{
        struct fixture f;
        load(name, &f);
        for (size_t i = 0; i < f.j.n; i++) {
                struct gnt_entry_data d = f.j.entries[i].d;
                if (d.kind == GNT_ENTRY_START && d.u.start.has_ticket) {
                        assert_string_equal(d.u.start.ticket_id, ticket.id);
                        d.u.start.ticket = &ticket;
                }
                const char *prev = i ? f.j.entries[i - 1].hash : GNT_JOURNAL_GENESIS;
                char *line = gnt_entry_line(f.j.entries[i].seq, prev, f.j.entries[i].time, &d);
                expect_line(&f, i, line);
                free(line);
        }
        unload(&f);
}

static void test_roundtrip(void **state)
{
        check_roundtrip("journal-mock.jsonl");
        check_roundtrip("journal-ticket.jsonl");
}

/* The rest of line i after its "time" member. */
static const char *after_time(const char *line)
{
        const char *t = strstr(line, ",\"time\":");
        assert_non_null(t);
        t += 8;
        while (*t >= '0' && *t <= '9')
                t++;
        return t;
}

/* Through the journal itself: create_at and append (the recovered entry
 * written by the repair of a torn line) give the fixture's lines; seq,
 * prev and time are the journal's own (time is now), the rest the same. */
static void test_journal_writers(void **state)
{
        char dir[] = "/tmp/gauntlet-tew-XXXXXX", path[64], err[512];
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/journal.jsonl", dir);
        struct gnt_entry_data d[10];
        mock_entries(d);
        assert_int_equal(gnt_journal_create_at(path, T0, &d[0], err, sizeof err), 0);
        for (size_t i = 1; i < 10; i++) {
                if (i == 7) {
                        int fd = open(path, O_WRONLY | O_APPEND);
                        assert_true(fd >= 0);
                        assert_int_equal(write(fd, TORN, sizeof TORN - 1), (ssize_t)(sizeof TORN - 1));
                        close(fd);
                        continue; /* the next append writes the recovered entry */
                }
                size_t rec = 0;
                assert_int_equal(gnt_journal_append(path, &d[i], &rec, NULL, err, sizeof err), 0);
                assert_int_equal(rec, i == 8 ? sizeof TORN - 1 : 0);
        }
        struct fixture want, got = {0};
        load("journal-mock.jsonl", &want);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        got.buf = malloc(1 << 16);
        got.len = fread(got.buf, 1, 1 << 16, fp);
        fclose(fp);
        assert_int_equal(gnt_journal_parse(got.buf, got.len, 0, &got.j, err, sizeof err), 0);
        assert_int_equal(got.j.n, want.j.n);
        for (size_t i = 0; i < want.j.n; i++) {
                char *w = strndup(want.buf + want.j.entries[i].offset, want.j.entries[i].len);
                char *g = strndup(got.buf + got.j.entries[i].offset, got.j.entries[i].len);
                if (i == 0)
                        assert_string_equal(g, w); /* the whole line: its time is given */
                else
                        assert_string_equal(after_time(g), after_time(w));
                assert_int_equal(got.j.entries[i].seq, i + 1);
                free(w);
                free(g);
        }
        unload(&want);
        unload(&got);
        unlink(path);
        rmdir(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_encode_mock),
                cmocka_unit_test(test_encode_ticket),
                cmocka_unit_test(test_roundtrip),
                cmocka_unit_test(test_journal_writers),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
