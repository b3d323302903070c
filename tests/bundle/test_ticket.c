/* test_ticket.c — tickets: a signed ticket verifies with the team's key
 * and with no other; changing any signed field breaks it; the content key
 * is outside the signature and out of the recorded form; the parser
 * refuses unknown members and values out of range; the ledger reads back
 * what was appended; a sealed bundle's key follows from the team's key
 * and the seal id. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle/bundle.h"
#include "bundle/ticket.h"

static char dir[] = "/tmp/gauntlet-test-ticket.XXXXXX";
static char team_key[256], team_pub[256], other_key[256], other_pub[256];

static int setup(void **state)
{
        (void)state;
        char err[GNT_ERR_MAX], prefix[256];
        if (!mkdtemp(dir))
                return -1;
        snprintf(prefix, sizeof prefix, "%s/team", dir);
        if (gnt_bundle_keygen(prefix, NULL, err, sizeof err) < 0)
                return -1;
        snprintf(prefix, sizeof prefix, "%s/other", dir);
        if (gnt_bundle_keygen(prefix, NULL, err, sizeof err) < 0)
                return -1;
        snprintf(team_key, sizeof team_key, "%s/team.key", dir);
        snprintf(team_pub, sizeof team_pub, "%s/team.pub", dir);
        snprintf(other_key, sizeof other_key, "%s/other.key", dir);
        snprintf(other_pub, sizeof other_pub, "%s/other.pub", dir);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        return system(cmd) == 0 ? 0 : -1;
}

static void fill(struct gnt_ticket *t)
{
        memset(t, 0, sizeof *t);
        snprintf(t->candidate, sizeof t->candidate, "Ada Lovelace <ada@example.com>");
        snprintf(t->problem_id, sizeof t->problem_id, "worker-pool");
        snprintf(t->problem_version, sizeof t->problem_version, "1.0.0");
        memset(t->bundle_sha256, 'a', 64);
        memset(t->public_hash, 'b', 64);
        t->minutes = 135;
        t->not_before = 1700000000;
        t->not_after = 1700600000;
}

static void pub(const char *path, uint8_t pk[32])
{
        char err[GNT_ERR_MAX];
        assert_int_equal(gnt_bundle_pubkey_read(path, pk, NULL, err, sizeof err), 0);
}

static void signed_by_team_only(void **state)
{
        (void)state;
        struct gnt_ticket t;
        char err[GNT_ERR_MAX];
        uint8_t pk[32], opk[32];
        fill(&t);
        assert_int_equal(gnt_ticket_sign(&t, team_key, err, sizeof err), 0);
        assert_int_equal(strlen(t.id), 64);
        assert_true(t.issued > 0);
        pub(team_pub, pk);
        pub(other_pub, opk);
        assert_int_equal(gnt_ticket_verify(&t, pk, err, sizeof err), 0);
        assert_int_equal(gnt_ticket_verify(&t, opk, err, sizeof err), -EKEYREJECTED);
        assert_non_null(strstr(err, "not by the team's key"));
        /* Two tickets of the same grant differ: each has its own id. */
        struct gnt_ticket t2;
        fill(&t2);
        assert_int_equal(gnt_ticket_sign(&t2, team_key, err, sizeof err), 0);
        assert_string_not_equal(t.id, t2.id);
}

/* Every signed field, changed after signing, breaks the signature. */
static void every_field_is_signed(void **state)
{
        (void)state;
        struct gnt_ticket t, e;
        char err[GNT_ERR_MAX];
        uint8_t pk[32];
        pub(team_pub, pk);
        fill(&t);
        assert_int_equal(gnt_ticket_sign(&t, team_key, err, sizeof err), 0);
        for (int f = 0; f < 10; f++) {
                e = t;
                switch (f) {
                case 0: e.id[0] = e.id[0] == '0' ? '1' : '0'; break;
                case 1: e.candidate[0] = 'B'; break;
                case 2: e.problem_id[0] = 'x'; break;
                case 3: e.problem_version[0] = '2'; break;
                case 4: e.bundle_sha256[0] = 'c'; break;
                case 5: e.public_hash[0] = 'c'; break;
                case 6: e.minutes++; break;
                case 7: e.not_before--; break;
                case 8: e.not_after++; break;
                case 9: e.issued++; break;
                }
                assert_int_equal(gnt_ticket_verify(&e, pk, err, sizeof err), -EKEYREJECTED);
                assert_non_null(strstr(err, "does not match its fields"));
        }
        /* The content key is not signed: it only opens what the ticket names. */
        e = t;
        e.has_content_key = true;
        memset(e.content_key, 7, sizeof e.content_key);
        assert_int_equal(gnt_ticket_verify(&e, pk, err, sizeof err), 0);
}

static void json_round_trip(void **state)
{
        (void)state;
        struct gnt_ticket t, back;
        char err[GNT_ERR_MAX];
        uint8_t pk[32];
        pub(team_pub, pk);
        fill(&t);
        t.has_content_key = true;
        memset(t.content_key, 9, sizeof t.content_key);
        assert_int_equal(gnt_ticket_sign(&t, team_key, err, sizeof err), 0);
        cJSON *with = gnt_ticket_json(&t, true), *without = gnt_ticket_json(&t, false);
        char *a = cJSON_Print(with), *b = cJSON_Print(without);
        assert_int_equal(gnt_ticket_parse(a, strlen(a), &back, err, sizeof err), 0);
        assert_true(back.has_content_key);
        assert_memory_equal(back.content_key, t.content_key, 32);
        assert_int_equal(gnt_ticket_verify(&back, pk, err, sizeof err), 0);
        assert_null(strstr(b, "content_key"));
        assert_int_equal(gnt_ticket_from_json(without, &back, err, sizeof err), 0);
        assert_false(back.has_content_key);
        assert_int_equal(gnt_ticket_verify(&back, pk, err, sizeof err), 0);
        free(a);
        free(b);
        cJSON_Delete(with);
        cJSON_Delete(without);
}

/* Replace the text of member name in the ticket's JSON by value (raw
 * JSON), parse, and expect a refusal naming what. */
static void refused(const struct gnt_ticket *t, const char *name, const char *value, const char *what)
{
        cJSON *o = gnt_ticket_json(t, true);
        if (value)
                cJSON_ReplaceItemInObjectCaseSensitive(o, name, cJSON_Parse(value));
        else if (cJSON_GetObjectItemCaseSensitive(o, name))
                cJSON_DeleteItemFromObjectCaseSensitive(o, name);
        else
                cJSON_AddNumberToObject(o, name, 1);
        char *s = cJSON_PrintUnformatted(o), err[GNT_ERR_MAX] = "";
        struct gnt_ticket back;
        int r = gnt_ticket_parse(s, strlen(s), &back, err, sizeof err);
        if (r != -EINVAL || !strstr(err, what))
                fail_msg("%s=%s: got %d '%s', want -EINVAL naming '%s'", name, value ? value : "(none)", r, err,
                         what);
        free(s);
        cJSON_Delete(o);
}

static void parser_refuses(void **state)
{
        (void)state;
        struct gnt_ticket t;
        char err[GNT_ERR_MAX];
        fill(&t);
        t.has_content_key = true;
        assert_int_equal(gnt_ticket_sign(&t, team_key, err, sizeof err), 0);
        refused(&t, "extra", NULL, "unknown member 'extra'");
        refused(&t, "minutes", NULL, "'minutes'");
        refused(&t, "minutes", "0", "'minutes'");
        refused(&t, "minutes", "10081", "'minutes'");
        refused(&t, "minutes", "1.5", "'minutes'");
        refused(&t, "minutes", "\"90\"", "'minutes'");
        refused(&t, "not_after", "1600000000", "'not_before'/'not_after'");
        refused(&t, "candidate", "\"\"", "'candidate'");
        refused(&t, "candidate", "\"a\\nb\"", "'candidate'");
        refused(&t, "candidate", "\"\\u001b[31mred\"", "'candidate'");
        refused(&t, "id", "\"xyz\"", "'id'");
        refused(&t, "signature", "\"AAAA\"", "'signature'");
        refused(&t, "content_key", "\"AAAA\"", "'content_key'");
        refused(&t, "gauntlet_ticket", "2", "'gauntlet_ticket'");
        refused(&t, "bundle", "{\"file_sha256\":\"x\"}", "'public_hash'");
        refused(&t, "bundle", "{\"file_sha256\":\"x\",\"public_hash\":\"y\"}", "'bundle'");
        const char junk[] = "{} trailing";
        struct gnt_ticket back;
        assert_int_equal(gnt_ticket_parse(junk, sizeof junk - 1, &back, err, sizeof err), -EINVAL);
        assert_int_equal(gnt_ticket_parse("\0{}", 3, &back, err, sizeof err), -EINVAL);
}

static void ledger(void **state)
{
        (void)state;
        char path[512], err[GNT_ERR_MAX];
        snprintf(path, sizeof path, "%s/team.tickets.jsonl", dir);
        char def[512];
        gnt_ticket_ledger_path(team_key, def, sizeof def);
        assert_string_equal(def, path);
        struct gnt_ticket t[3];
        for (int i = 0; i < 3; i++) {
                fill(&t[i]);
                t[i].minutes = 60 + i;
                t[i].has_content_key = true;
                memset(t[i].content_key, 5, 32);
                assert_int_equal(gnt_ticket_sign(&t[i], team_key, err, sizeof err), 0);
                assert_int_equal(gnt_ticket_ledger_append(path, &t[i], err, sizeof err), 0);
        }
        struct gnt_ticket *v = NULL;
        size_t n = 0;
        assert_int_equal(gnt_ticket_ledger_read(path, &v, &n, err, sizeof err), 0);
        assert_int_equal(n, 3);
        for (int i = 0; i < 3; i++) {
                assert_string_equal(v[i].id, t[i].id);
                assert_int_equal(v[i].minutes, 60 + i);
                assert_false(v[i].has_content_key);
        }
        free(v);
        FILE *f = fopen(path, "a");
        fputs("{\"not\":\"a ticket\"}\n", f);
        fclose(f);
        assert_int_equal(gnt_ticket_ledger_read(path, &v, &n, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "line 4"));
}

static void seal_key_follows_team_key(void **state)
{
        (void)state;
        char err[GNT_ERR_MAX], id[65];
        uint8_t k1[32], k2[32], k3[32], k4[32];
        memset(id, 'd', 64);
        id[64] = '\0';
        assert_int_equal(gnt_bundle_seal_key(team_key, id, k1, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_seal_key(team_key, id, k2, err, sizeof err), 0);
        assert_memory_equal(k1, k2, 32);
        assert_int_equal(gnt_bundle_seal_key(other_key, id, k3, err, sizeof err), 0);
        assert_memory_not_equal(k1, k3, 32);
        id[0] = 'e';
        assert_int_equal(gnt_bundle_seal_key(team_key, id, k4, err, sizeof err), 0);
        assert_memory_not_equal(k1, k4, 32);
        assert_int_equal(gnt_bundle_seal_key(team_key, "short", k4, err, sizeof err), -EINVAL);
        assert_int_equal(gnt_bundle_seal_key(team_pub, id, k4, err, sizeof err), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(signed_by_team_only), cmocka_unit_test(every_field_is_signed),
                cmocka_unit_test(json_round_trip),     cmocka_unit_test(parser_refuses),
                cmocka_unit_test(ledger),              cmocka_unit_test(seal_key_follows_team_key),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
