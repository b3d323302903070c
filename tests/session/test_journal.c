/* test_journal.c — the journal: chain, precise errors on damage, torn-line
 * repair, and the session replay built on it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "session/journal.h"
#include "session/snapshot.h"

static char tmpdir[64];
static char jpath[128];

static int setup(void **state)
{
        snprintf(tmpdir, sizeof tmpdir, "/tmp/gauntlet-tj-XXXXXX");
        if (!mkdtemp(tmpdir))
                return -1;
        snprintf(jpath, sizeof jpath, "%s/journal.jsonl", tmpdir);
        return 0;
}

static int teardown(void **state)
{
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 16];
        *len = fread(buf, 1, sizeof buf - 1, f);
        buf[*len] = '\0';
        fclose(f);
        return buf;
}

static void spit(const char *path, const char *buf, size_t len)
{
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(buf, 1, len, f), len);
        fclose(f);
}

static const struct gnt_entry_data start_entry = {
        .kind = GNT_ENTRY_START,
        .u.start = {.format = 2, .problem_id = "x", .title = "X", .version = "1", .mode = "mock"},
};

/* A journal of start + 3 tests. */
static void make_journal(void)
{
        char err[512];
        assert_int_equal(gnt_journal_create(jpath, &start_entry, err, sizeof err), 0);
        for (int i = 0; i < 3; i++) {
                struct gnt_entry_data d = {.kind = GNT_ENTRY_TEST, .u.test = {.status = "ok", .passed = i}};
                assert_int_equal(gnt_journal_append(jpath, &d, NULL, NULL, err, sizeof err), 0);
        }
}

static void test_roundtrip(void **state)
{
        make_journal();
        struct gnt_journal j;
        char err[512];
        assert_int_equal(gnt_journal_load(jpath, &j, err, sizeof err), 0);
        assert_int_equal(j.n, 4);
        assert_int_equal(j.torn_len, 0);
        assert_string_equal(j.entries[0].type, "start");
        assert_string_equal(j.entries[3].type, "test");
        assert_int_equal(j.entries[3].seq, 4);
        /* The chain: each prev is the hash of the line before. */
        size_t len;
        char *buf = slurp(jpath, &len);
        char h[GNT_HASH_HEX];
        gnt_session_hash(buf + j.entries[1].offset, j.entries[1].len, h);
        const cJSON *prev = cJSON_GetObjectItemCaseSensitive(j.entries[2].json, "prev");
        assert_string_equal(prev->valuestring, h);
        assert_string_equal(gnt_journal_head(&j), j.entries[3].hash);
        gnt_journal_release(&j);
}

/* Change one byte of line 3: the error names line 3 or 4, never passes. */
static void test_one_byte_changed(void **state)
{
        make_journal();
        size_t len;
        char *buf = slurp(jpath, &len);
        char copy[1 << 16];
        memcpy(copy, buf, len);
        char *l3 = copy;
        for (int i = 0; i < 2; i++)
                l3 = strchr(l3, '\n') + 1;
        char *n = strstr(l3, "\"passed\":1");
        assert_non_null(n);
        n[9] = '7'; /* still valid JSON: only the chain can tell */
        struct gnt_journal j;
        char err[512];
        assert_int_equal(gnt_journal_parse(copy, len, 0, &j, err, sizeof err), -EBADMSG);
        assert_non_null(strstr(err, "line 4: hash chain broken"));
}

static void expect_error(const char *text, const char *want)
{
        struct gnt_journal j;
        char err[512] = "";
        int r = gnt_journal_parse(text, strlen(text), 0, &j, err, sizeof err);
        if (r == 0)
                gnt_journal_release(&j);
        assert_int_equal(r, -EBADMSG);
        if (!strstr(err, want))
                fail_msg("error '%s' does not contain '%s'", err, want);
}

static void test_damage_messages(void **state)
{
        const char *g = GNT_JOURNAL_GENESIS;
        char buf[1024];
        expect_error("not json\n", "line 1: column 1: not valid JSON");
        expect_error("\n", "line 1: empty line");
        expect_error("[1]\n", "line 1: not a JSON object");
        snprintf(buf, sizeof buf, "{\"seq\":2,\"prev\":\"%s\",\"type\":\"start\",\"time\":1}\n", g);
        expect_error(buf, "line 1: 'seq' is 2, expected 1");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"%s\",\"type\":\"bogus\",\"time\":1}\n", g);
        expect_error(buf, "line 1: unknown entry type 'bogus'");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"%s\",\"type\":\"test\",\"time\":1}\n", g);
        expect_error(buf, "line 1: the first entry is not a 'start' entry");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"%s\",\"type\":\"start\",\"time\":1.5}\n", g);
        expect_error(buf, "line 1: missing or malformed 'time'");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"abc\",\"type\":\"start\",\"time\":1}\n");
        expect_error(buf, "line 1: missing or malformed 'prev' hash");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"%s\",\"type\":\"start\",\"time\":1} x\n", g);
        expect_error(buf, "line 1: column 109: text after the JSON value");
        snprintf(buf, sizeof buf, "{\"seq\":1,\"prev\":\"%s\",\"type\":\"start\",\"time\":1}", g);
        expect_error(buf, "line 1: incomplete last line");
        char nul[] = "{\"seq\":1}\n";
        nul[3] = '\0';
        struct gnt_journal j;
        char err[256];
        assert_int_equal(gnt_journal_parse(nul, sizeof nul - 1, 0, &j, err, sizeof err), -EBADMSG);
        assert_non_null(strstr(err, "line 1: column 4: NUL byte"));
}

/* A torn last line: load reports it, append repairs it with a recovered
 * entry, and the result is a valid chain again. */
static void test_torn_repair(void **state)
{
        make_journal();
        size_t len;
        char *buf = slurp(jpath, &len);
        char copy[1 << 16];
        memcpy(copy, buf, len);
        memcpy(copy + len, "{\"seq\":5,\"pr", 12);
        spit(jpath, copy, len + 12);
        struct gnt_journal j;
        char err[512];
        assert_int_equal(gnt_journal_load(jpath, &j, err, sizeof err), 0);
        assert_int_equal(j.n, 4);
        assert_int_equal(j.torn_len, 12);
        gnt_journal_release(&j);
        size_t rec = 0;
        const struct gnt_entry_data test = {.kind = GNT_ENTRY_TEST};
        assert_int_equal(gnt_journal_append(jpath, &test, &rec, &j, err, sizeof err), 0);
        assert_int_equal(rec, 12);
        assert_int_equal(j.n, 6);
        assert_string_equal(j.entries[4].type, "recovered");
        assert_string_equal(j.entries[5].type, "test");
        const cJSON *db = cJSON_GetObjectItemCaseSensitive(j.entries[4].json, "dropped_bytes");
        assert_int_equal(db->valueint, 12);
        gnt_journal_release(&j);
        buf = slurp(jpath, &len);
        assert_int_equal(gnt_journal_parse(buf, len, 0, &j, err, sizeof err), 0);
        gnt_journal_release(&j);
}

static void test_closed_after_submit(void **state)
{
        make_journal();
        char err[512];
        const struct gnt_entry_data submit = {.kind = GNT_ENTRY_SUBMIT}, test = {.kind = GNT_ENTRY_TEST};
        assert_int_equal(gnt_journal_append(jpath, &submit, NULL, NULL, err, sizeof err), 0);
        assert_int_equal(gnt_journal_append(jpath, &test, NULL, NULL, err, sizeof err), -EALREADY);
        assert_int_equal(gnt_journal_create(jpath, &start_entry, err, sizeof err), -EEXIST);
}

/* An entry of no known kind is refused before the journal is touched. */
static void test_unknown_kind(void **state)
{
        char err[512];
        const struct gnt_entry_data bogus = {.kind = _GNT_ENTRY_MAX};
        assert_int_equal(gnt_journal_create(jpath, &bogus, err, sizeof err), -EINVAL);
        struct stat st;
        assert_int_equal(stat(jpath, &st), -1);
        make_journal();
        assert_int_equal(gnt_journal_append(jpath, &bogus, NULL, NULL, err, sizeof err), -EINVAL);
        assert_null(gnt_entry_line(1, GNT_JOURNAL_GENESIS, 1, &bogus));
}

static void test_paths(void **state)
{
        assert_true(gnt_session_path_safe("a/b.go"));
        assert_false(gnt_session_path_safe("/etc/passwd"));
        assert_false(gnt_session_path_safe("a/../b"));
        assert_false(gnt_session_path_safe("a//b"));
        assert_false(gnt_session_path_safe("a/"));
        assert_false(gnt_session_path_safe("."));
        assert_false(gnt_session_path_safe("a\nb"));
        assert_false(gnt_session_path_safe(""));
}

/* Snapshots: dot files and editor backups are left out, ids are stable,
 * restore gives the same files. */
static void test_snapshot(void **state)
{
        char code[128], blobs[128], out[128], p[256], err[512];
        snprintf(code, sizeof code, "%s/code", tmpdir);
        snprintf(blobs, sizeof blobs, "%s/blobs", tmpdir);
        snprintf(out, sizeof out, "%s/out", tmpdir);
        assert_int_equal(gnt_mkdirs(code, 0755), 0);
        assert_int_equal(gnt_mkdirs(blobs, 0755), 0);
        snprintf(p, sizeof p, "%s/sub", code);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/main.go", code);
        spit(p, "package main\n", 13);
        snprintf(p, sizeof p, "%s/sub/x.go", code);
        spit(p, "package sub\n", 12);
        snprintf(p, sizeof p, "%s/.main.go.swp", code);
        spit(p, "swap", 4);
        snprintf(p, sizeof p, "%s/main.go~", code);
        spit(p, "old", 3);
        cJSON *files;
        char id[GNT_HASH_HEX], id2[GNT_HASH_HEX];
        assert_int_equal(gnt_session_snapshot_take(code, blobs, &files, id, err, sizeof err), 0);
        assert_int_equal(cJSON_GetArraySize(files), 2);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(files, "sub/x.go"));
        assert_int_equal(gnt_session_snapshot_id(files, id2, err, sizeof err), 0);
        assert_string_equal(id, id2);
        /* The snapshot as a journal line records it, read back typed. */
        cJSON *line = cJSON_CreateObject(), *sn = cJSON_AddObjectToObject(line, "snapshot");
        cJSON_AddStringToObject(sn, "id", id);
        cJSON_AddItemReferenceToObject(sn, "files", files);
        struct gnt_entry_data d;
        assert_int_equal(gnt_entry_decode(line, GNT_ENTRY_TEST, &d), 0);
        assert_string_equal(d.snap.id, id);
        assert_int_equal(d.snap.n, 2);
        assert_string_equal(d.snap.files[0].path, "main.go");
        assert_string_equal(d.snap.files[1].path, "sub/x.go");
        assert_int_equal(gnt_snapshot_rec_id(&d.snap, id2, err, sizeof err), 0);
        assert_string_equal(id, id2);
        assert_int_equal(gnt_session_snapshot_restore(&d.snap, blobs, out, err, sizeof err), 0);
        size_t len;
        snprintf(p, sizeof p, "%s/sub/x.go", out);
        assert_string_equal(slurp(p, &len), "package sub\n");
        /* A damaged blob is refused on restore. */
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(files, "main.go");
        snprintf(p, sizeof p, "%s/%s", blobs, h->valuestring);
        chmod(p, 0644);
        spit(p, "package evil\n", 13);
        assert_int_equal(gnt_session_snapshot_restore(&d.snap, blobs, out, err, sizeof err), -EBADMSG);
        assert_non_null(strstr(err, "main.go"));
        /* A recorded path that climbs out is refused before anything is written. */
        const char *saved = d.snap.files[1].path;
        d.snap.files[1].path = "../escaped.go";
        assert_int_equal(gnt_session_snapshot_restore(&d.snap, blobs, out, err, sizeof err), -EINVAL);
        snprintf(p, sizeof p, "%s/escaped.go", tmpdir);
        assert_int_equal(access(p, F_OK), -1);
        d.snap.files[1].path = saved;
        gnt_entry_data_release(&d);
        cJSON_Delete(line);
        cJSON_Delete(files);
}

/* Entries decode into typed data once, when the journal is read; members
 * of the wrong type read as absent. */
static void test_typed_entries(void **state)
{
        (void)state;
        const char *lines[] = {
                "{\"problem\":{\"id\":\"p\",\"title\":\"T\",\"version\":\"1\"},\"mode\":\"mock\","
                "\"minutes\":45,\"deadline\":2700,\"ticket\":{\"candidate\":\"ann\",\"minutes\":60}}",
                "{\"status\":\"ok\",\"passed\":3,\"failed\":1,\"after_deadline\":true,"
                "\"tests\":[{\"name\":\"TestA\",\"result\":\"pass\",\"elapsed_s\":0.5},{\"name\":7}]}",
                "{\"submitted\":100,\"deadline\":90,\"late\":true,\"overrun_s\":10.5}",
                "{\"reason\":\"torn last line\"}",
        };
        enum gnt_entry_kind kinds[] = {GNT_ENTRY_START, GNT_ENTRY_TEST, GNT_ENTRY_SUBMIT, GNT_ENTRY_REOPEN};
        struct gnt_entry_data d[4];
        for (int i = 0; i < 4; i++) {
                cJSON *o = cJSON_Parse(lines[i]);
                assert_non_null(o);
                assert_int_equal(gnt_entry_decode(o, kinds[i], &d[i]), 0);
                switch (kinds[i]) {
                case GNT_ENTRY_START:
                        assert_int_equal(d[i].u.start.format, 1);
                        assert_string_equal(d[i].u.start.problem_id, "p");
                        assert_null(d[i].u.start.public_hash);
                        assert_true(d[i].u.start.minutes == 45);
                        assert_int_equal(d[i].u.start.deadline, 2700);
                        assert_true(d[i].u.start.has_ticket);
                        assert_string_equal(d[i].u.start.ticket_candidate, "ann");
                        assert_null(d[i].snap.id);
                        break;
                case GNT_ENTRY_TEST:
                        assert_int_equal(d[i].u.test.passed, 3);
                        assert_true(d[i].u.test.after_deadline);
                        assert_int_equal(d[i].u.test.n_tests, 1); /* the nameless one is left out */
                        assert_string_equal(d[i].u.test.tests[0].name, "TestA");
                        assert_null(d[i].u.test.output);
                        break;
                case GNT_ENTRY_SUBMIT:
                        assert_true(d[i].u.submit.late);
                        assert_int_equal(d[i].u.submit.submitted, 100);
                        assert_int_equal(d[i].u.submit.overrun_s, 0); /* not whole seconds: absent */
                        break;
                default:
                        assert_string_equal(d[i].u.reopen.reason, "torn last line");
                        break;
                }
                gnt_entry_data_release(&d[i]);
                cJSON_Delete(o);
        }
        assert_int_equal(gnt_entry_kind_from_name("submit"), GNT_ENTRY_SUBMIT);
        assert_int_equal(gnt_entry_kind_from_name("other"), -1);
        assert_string_equal(gnt_entry_kind_name(GNT_ENTRY_RECOVERED), "recovered");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
                cmocka_unit_test(test_typed_entries),
                cmocka_unit_test_setup_teardown(test_one_byte_changed, setup, teardown),
                cmocka_unit_test_setup_teardown(test_damage_messages, setup, teardown),
                cmocka_unit_test_setup_teardown(test_torn_repair, setup, teardown),
                cmocka_unit_test_setup_teardown(test_closed_after_submit, setup, teardown),
                cmocka_unit_test_setup_teardown(test_unknown_kind, setup, teardown),
                cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
                cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
