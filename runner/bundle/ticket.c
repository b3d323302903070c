/* ticket.c — tickets (Ed25519, the team's key) and the team's ledger.
 * The signed message is "gauntlet-ticket-v1\n" and then one "name=value\n"
 * line per field in a fixed order; no value may hold a newline, so the
 * message is unambiguous.  The content key is not signed: it only opens
 * what the ticket's bundle digest already names, and it stays out of
 * journals and the ledger. */
#include "ticket.h"
#include "bundle.h"
#include "internal.h"
#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TICKET_DOMAIN "gauntlet-ticket-v1\n"
#define TICKET_FORMAT 1
#define TIME_MAX 253402300799LL /* 9999-12-31 */
#define LEDGER_MAX ((size_t)64 << 20)

static const char *const ticket_keys[] = {"gauntlet_ticket", "id", "key_id", "candidate", "problem", "bundle",
                                          "minutes", "not_before", "not_after", "issued", "signature",
                                          "content_key", NULL};

static bool hex_ok(const char *s, size_t n)
{
        return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static bool text_ok(const char *s, size_t max)
{
        size_t n = strlen(s);
        return n >= 1 && n <= max && gnt_bundle_utf8_ok(s, n) && s[0] != ' ' && s[n - 1] != ' ';
}

/* The message the signature covers; NULL when out of memory. */
static char *signed_message(const struct gnt_ticket *t, size_t *ret_len)
{
        char *m = NULL;
        int n = asprintf(&m,
                         TICKET_DOMAIN "id=%s\nkey_id=%s\ncandidate=%s\nproblem_id=%s\nproblem_version=%s\n"
                                       "bundle_sha256=%s\npublic_hash=%s\nminutes=%lld\nnot_before=%lld\n"
                                       "not_after=%lld\nissued=%lld\n",
                         t->id, t->key_id, t->candidate, t->problem_id, t->problem_version, t->bundle_sha256,
                         t->public_hash, t->minutes, t->not_before, t->not_after, t->issued);
        if (n < 0)
                return NULL;
        *ret_len = (size_t)n;
        return m;
}

/* The checks every ticket passes, signed or parsed; NULL or what is wrong. */
static const char *fields_check(const struct gnt_ticket *t)
{
        if (!hex_ok(t->id, 64))
                return "'id': expected 64 hex digits";
        if (!hex_ok(t->key_id, 16))
                return "'key_id': expected 16 hex digits";
        if (!text_ok(t->candidate, GNT_TICKET_CANDIDATE_MAX))
                return "'candidate': expected 1 to 127 bytes of UTF-8 text without control characters";
        if (!text_ok(t->problem_id, 64) || !text_ok(t->problem_version, 32))
                return "'problem': expected an id and a version";
        if (!hex_ok(t->bundle_sha256, 64) || !hex_ok(t->public_hash, 64))
                return "'bundle': expected file_sha256 and public_hash of 64 hex digits";
        if (t->minutes < 1 || t->minutes > GNT_TICKET_MINUTES_MAX)
                return "'minutes': expected 1 to 10080";
        if (t->not_before < 0 || t->not_after > TIME_MAX || t->not_before > t->not_after)
                return "'not_before'/'not_after': expected a window of seconds since 1970, start before end";
        if (t->issued < 0 || t->issued > TIME_MAX)
                return "'issued': expected seconds since 1970";
        return NULL;
}

static int copy_str(const cJSON *o, const char *name, char *out, size_t sz, const char **why)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
        if (!cJSON_IsString(v) || strlen(v->valuestring) >= sz) {
                *why = name;
                return -EINVAL;
        }
        memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
        return 0;
}

static int copy_int(const cJSON *o, const char *name, long long *out, const char **why)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
        if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble ||
            v->valuedouble < -1e15 || v->valuedouble > 1e15) {
                *why = name;
                return -EINVAL;
        }
        *out = (long long)v->valuedouble;
        return 0;
}

int gnt_ticket_from_json(const cJSON *o, struct gnt_ticket *ret, char *err, size_t errsz)
{
        if (!cJSON_IsObject(o))
                return sbx_errf(err, errsz, -EINVAL, "not a JSON object");
        const cJSON *it;
        cJSON_ArrayForEach(it, o)
        {
                bool known = false;
                for (size_t i = 0; ticket_keys[i]; i++)
                        known |= strcmp(it->string, ticket_keys[i]) == 0;
                if (!known)
                        return sbx_errf(err, errsz, -EINVAL, "unknown member '%.64s'", it->string);
        }
        struct gnt_ticket t;
        memset(&t, 0, sizeof t);
        const char *why = NULL;
        long long format = 0;
        char sig[128] = "", key[64] = "";
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(o, "problem");
        const cJSON *bu = cJSON_GetObjectItemCaseSensitive(o, "bundle");
        if (copy_int(o, "gauntlet_ticket", &format, &why) < 0 || format != TICKET_FORMAT)
                return sbx_errf(err, errsz, -EINVAL, "'gauntlet_ticket': expected format %d", TICKET_FORMAT);
        if (copy_str(o, "id", t.id, sizeof t.id, &why) < 0 || copy_str(o, "key_id", t.key_id, sizeof t.key_id, &why) < 0 ||
            copy_str(o, "candidate", t.candidate, sizeof t.candidate, &why) < 0 ||
            copy_str(pr, "id", t.problem_id, sizeof t.problem_id, &why) < 0 ||
            copy_str(pr, "version", t.problem_version, sizeof t.problem_version, &why) < 0 ||
            copy_str(bu, "file_sha256", t.bundle_sha256, sizeof t.bundle_sha256, &why) < 0 ||
            copy_str(bu, "public_hash", t.public_hash, sizeof t.public_hash, &why) < 0 ||
            copy_int(o, "minutes", &t.minutes, &why) < 0 || copy_int(o, "not_before", &t.not_before, &why) < 0 ||
            copy_int(o, "not_after", &t.not_after, &why) < 0 || copy_int(o, "issued", &t.issued, &why) < 0 ||
            copy_str(o, "signature", sig, sizeof sig, &why) < 0)
                return sbx_errf(err, errsz, -EINVAL, "'%s': missing or of the wrong type", why);
        if (cJSON_GetArraySize(pr) != 2 || cJSON_GetArraySize(bu) != 2)
                return sbx_errf(err, errsz, -EINVAL, "'problem' or 'bundle': unexpected members");
        const char *bad = fields_check(&t);
        if (bad)
                return sbx_errf(err, errsz, -EINVAL, "%s", bad);
        if (gnt_b64_decode(sig, t.sig, sizeof t.sig) < 0)
                return sbx_errf(err, errsz, -EINVAL, "'signature': expected 64 bytes in base64");
        if (cJSON_GetObjectItemCaseSensitive(o, "content_key")) {
                if (copy_str(o, "content_key", key, sizeof key, &why) < 0 ||
                    gnt_b64_decode(key, t.content_key, sizeof t.content_key) < 0)
                        return sbx_errf(err, errsz, -EINVAL, "'content_key': expected 32 bytes in base64");
                t.has_content_key = true;
                sodium_memzero(key, sizeof key);
        }
        *ret = t;
        sodium_memzero(&t, sizeof t);
        return 0;
}

int gnt_ticket_parse(const char *text, size_t len, struct gnt_ticket *ret, char *err, size_t errsz)
{
        if (memchr(text, '\0', len))
                return sbx_errf(err, errsz, -EINVAL, "not a ticket: holds a NUL byte");
        const char *end = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(text, len, &end, false);
        if (!o)
                return sbx_errf(err, errsz, -EINVAL, "not a ticket: not JSON");
        while (end && end < text + len && strchr(" \t\r\n", *end))
                end++;
        int r = end != text + len ? sbx_errf(err, errsz, -EINVAL, "not a ticket: text after the JSON object")
                                  : gnt_ticket_from_json(o, ret, err, errsz);
        cJSON_Delete(o);
        return r;
}

int gnt_ticket_read(const char *path, struct gnt_ticket *ret, char *err, size_t errsz)
{
        char *text = NULL, msg[GNT_ERR_MAX];
        size_t len;
        int r = sbx_file_read_at(AT_FDCWD, path, GNT_TICKET_MAX_FILE, SBX_FILE_FOLLOW, &text, &len);
        if (r < 0)
                return sbx_errf(err, errsz, r == -EFBIG ? -EINVAL : r, "cannot read ticket '%s': %s", path,
                                r == -EFBIG ? "too large to be a ticket" : gnt_errstr(-r));
        r = gnt_ticket_parse(text, len, ret, msg, sizeof msg);
        sodium_memzero(text, len);
        free(text);
        return r < 0 ? sbx_errf(err, errsz, r, "ticket '%s': %s", path, msg) : 0;
}

cJSON *gnt_ticket_json(const struct gnt_ticket *t, bool with_key)
{
        char b64[96];
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddNumberToObject(o, "gauntlet_ticket", TICKET_FORMAT);
        cJSON_AddStringToObject(o, "id", t->id);
        cJSON_AddStringToObject(o, "key_id", t->key_id);
        cJSON_AddStringToObject(o, "candidate", t->candidate);
        cJSON *pr = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(pr, "id", t->problem_id);
        cJSON_AddStringToObject(pr, "version", t->problem_version);
        cJSON *bu = cJSON_AddObjectToObject(o, "bundle");
        cJSON_AddStringToObject(bu, "file_sha256", t->bundle_sha256);
        cJSON_AddStringToObject(bu, "public_hash", t->public_hash);
        cJSON_AddNumberToObject(o, "minutes", (double)t->minutes);
        cJSON_AddNumberToObject(o, "not_before", (double)t->not_before);
        cJSON_AddNumberToObject(o, "not_after", (double)t->not_after);
        cJSON_AddNumberToObject(o, "issued", (double)t->issued);
        gnt_b64_encode(t->sig, sizeof t->sig, b64);
        cJSON_AddStringToObject(o, "signature", b64);
        if (with_key && t->has_content_key) {
                gnt_b64_encode(t->content_key, sizeof t->content_key, b64);
                cJSON_AddStringToObject(o, "content_key", b64);
                sodium_memzero(b64, sizeof b64);
        }
        /* A failed add leaves a member out: the caller sees an object that
         * does not parse back rather than a crash. */
        return o;
}

int gnt_ticket_sign(struct gnt_ticket *t, const char *seckey, char *err, size_t errsz)
{
        uint8_t sk[crypto_sign_SECRETKEYBYTES], rnd[32];
        char id[17];
        int r = gnt_bundle_seckey_read(seckey, sk, id, err, errsz);
        if (r < 0)
                return r;
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(t->id, sizeof t->id, rnd, sizeof rnd);
        memcpy(t->key_id, id, sizeof id);
        if (t->issued == 0)
                t->issued = (long long)time(NULL);
        const char *bad = fields_check(t);
        if (bad) {
                sodium_memzero(sk, sizeof sk);
                return sbx_errf(err, errsz, -EINVAL, "%s", bad);
        }
        size_t len;
        char *m = signed_message(t, &len);
        if (!m) {
                sodium_memzero(sk, sizeof sk);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        crypto_sign_detached(t->sig, NULL, (const unsigned char *)m, len, sk);
        sodium_memzero(sk, sizeof sk);
        free(m);
        return 0;
}

int gnt_ticket_verify(const struct gnt_ticket *t, const uint8_t pk[32], char *why, size_t whysz)
{
        if (sodium_init() < 0)
                return sbx_errf(why, whysz, -EIO, "cannot initialise libsodium");
        char pk_id[17];
        gnt_key_id(pk, pk_id);
        if (strcmp(pk_id, t->key_id) != 0)
                return sbx_errf(why, whysz, -EKEYREJECTED, "signed by key %s, not by the team's key %s", t->key_id,
                                pk_id);
        size_t len;
        char *m = signed_message(t, &len);
        if (!m)
                return sbx_errf(why, whysz, -ENOMEM, "out of memory");
        int ok = crypto_sign_verify_detached(t->sig, (const unsigned char *)m, len, pk);
        free(m);
        if (ok != 0)
                return sbx_errf(why, whysz, -EKEYREJECTED,
                                "signature does not match its fields (edited after signing, or damaged)");
        return 0;
}

void gnt_ticket_ledger_path(const char *seckey, char *out, size_t sz)
{
        size_t n = strlen(seckey);
        if (n > 4 && strcmp(seckey + n - 4, ".key") == 0)
                n -= 4;
        snprintf(out, sz, "%.*s.tickets.jsonl", (int)n, seckey);
}

int gnt_ticket_ledger_append(const char *path, const struct gnt_ticket *t, char *err, size_t errsz)
{
        cJSON *o = gnt_ticket_json(t, false);
        char *line = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (!line)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        int r = 0;
        if (fd < 0 || flock(fd, LOCK_EX) < 0) {
                r = -errno;
        } else {
                size_t n = strlen(line);
                line[n] = '\n'; /* one write: appends of two issuers never interleave */
                ssize_t w = write(fd, line, n + 1);
                if (w != (ssize_t)(n + 1))
                        r = w < 0 ? -errno : -EIO;
                else if (fsync(fd) < 0)
                        r = -errno;
        }
        if (fd >= 0)
                close(fd);
        free(line);
        return r < 0 ? sbx_errf(err, errsz, r, "cannot append to the ledger '%s': %s", path, gnt_errstr(-r)) : 0;
}

int gnt_ticket_ledger_read(const char *path, struct gnt_ticket **ret, size_t *ret_n, char *err, size_t errsz)
{
        char *text = NULL, msg[GNT_ERR_MAX];
        size_t len, n = 0;
        int r = sbx_file_read_at(AT_FDCWD, path, LEDGER_MAX, SBX_FILE_FOLLOW, &text, &len);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read the ledger '%s': %s", path, gnt_errstr(-r));
        struct gnt_ticket *v = NULL;
        unsigned long line = 0;
        for (char *p = text; p < text + len; line++) {
                char *nl = memchr(p, '\n', (size_t)(text + len - p));
                size_t l = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
                struct gnt_ticket *nv = realloc(v, (n + 1) * sizeof *v);
                if (!nv) {
                        r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                        break;
                }
                v = nv;
                if ((r = gnt_ticket_parse(p, l, &v[n], msg, sizeof msg)) < 0) {
                        sbx_errf(err, errsz, r, "%s: line %lu: %s", path, line + 1, msg);
                        break;
                }
                n++;
                p += l + 1;
        }
        free(text);
        if (r < 0) {
                free(v);
                return r;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}
