/* sealed.c — sealed public bundles: the ordinary public bundle's bytes,
 * encrypted (XChaCha20-Poly1305, libsodium), beside a cover that anyone
 * may read.  The content key is derived from the team's secret key and
 * the seal id (the SHA-256 of the plaintext), so the team keeps nothing
 * but its key, and a ticket carries the content key to the candidate.
 * The format is in docs/bundle-format.md, "Sealed bundles". */
#include "bundle.h"
#include "internal.h"
#include "sbx_file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_DOMAIN "gauntlet-seal-key-v1\n"
#define NONCE_DOMAIN "gauntlet-seal-nonce-v1\n"
#define CIPHER "xchacha20poly1305-ietf"
#define COVER_MAX 65536

int gnt_bundle_seal_key(const char *seckey, const char *seal_id, uint8_t key[32], char *err, size_t errsz)
{
        uint8_t sk[crypto_sign_SECRETKEYBYTES];
        char id[17];
        if (strlen(seal_id) != 64 || strspn(seal_id, "0123456789abcdef") != 64)
                return sbx_errf(err, errsz, -EINVAL, "not a seal id: '%.80s'", seal_id);
        int r = gnt_bundle_seckey_read(seckey, sk, id, err, errsz);
        if (r < 0)
                return r;
        /* A keyed hash of the seal id under the signing seed: one key per
         * sealed content, never the signing key itself. */
        crypto_generichash_state st;
        crypto_generichash_init(&st, sk, 32, 32);
        crypto_generichash_update(&st, (const unsigned char *)KEY_DOMAIN, sizeof KEY_DOMAIN - 1);
        crypto_generichash_update(&st, (const unsigned char *)seal_id, 64);
        crypto_generichash_final(&st, key, 32);
        sodium_memzero(sk, sizeof sk);
        sodium_memzero(&st, sizeof st);
        return 0;
}

/* The nonce is a function of the key: each key seals exactly one
 * plaintext, and the same folder packs to the same bytes. */
static void seal_nonce(const uint8_t key[32], uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES])
{
        crypto_generichash(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                           (const unsigned char *)NONCE_DOMAIN, sizeof NONCE_DOMAIN - 1, key, 32);
}

static char *make_cover(const struct grd_problem *p, const char *seal_id)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "gauntlet_sealed", 1);
        cJSON_AddStringToObject(o, "cipher", CIPHER);
        cJSON_AddStringToObject(o, "seal_id", seal_id);
        cJSON *pr = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(pr, "id", p->id);
        cJSON_AddStringToObject(pr, "title", p->title);
        cJSON_AddStringToObject(pr, "version", p->version);
        cJSON_AddStringToObject(pr, "language", grd_language_name(p->lang));
        cJSON_AddNumberToObject(pr, "minutes", p->minutes);
        cJSON_AddStringToObject(pr, "difficulty", p->difficulty ? p->difficulty : "");
        cJSON *ar = cJSON_AddArrayToObject(pr, "areas");
        for (size_t k = 0; k < p->n_areas; k++)
                cJSON_AddItemToArray(ar, cJSON_CreateString(p->areas[k]));
        cJSON *g = cJSON_AddObjectToObject(pr, "graders");
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (p->enabled[k])
                        cJSON_AddNumberToObject(g, grd_kind_name((enum grd_kind)k), p->weight[k]);
        char *text = cJSON_Print(o);
        cJSON_Delete(o);
        if (!text)
                return NULL;
        size_t n = strlen(text);
        char *t = realloc(text, n + 2);
        if (!t) {
                free(text);
                return NULL;
        }
        memcpy(t + n, "\n", 2);
        return t;
}

int gnt_bundle_seal_write(const struct grd_problem *p, const void *inner, size_t len, const char *seckey,
                          struct gnt_bundle_writer *w, char *err, size_t errsz)
{
        if (sodium_init() < 0)
                return sbx_errf(err, errsz, -EIO, "cannot initialise libsodium");
        uint8_t h[32], key[32], nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
        char seal_id[65];
        crypto_hash_sha256(h, inner, len);
        sodium_bin2hex(seal_id, sizeof seal_id, h, sizeof h);
        int r = gnt_bundle_seal_key(seckey, seal_id, key, err, errsz);
        if (r < 0)
                return r;
        char *cover = make_cover(p, seal_id);
        size_t ctlen = len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
        unsigned char *ct = malloc(ctlen);
        if (!cover || !ct) {
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                goto out;
        }
        seal_nonce(key, nonce);
        unsigned long long got;
        /* The cover is the additional data: it cannot be changed without
         * the content failing to open. */
        crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &got, inner, len, (const unsigned char *)cover,
                                                   strlen(cover), NULL, nonce, key);
        r = gnt_bundle_writer_add_data(w, GNT_SEALED_DATA, ct, (size_t)got, 0644, err, errsz);
        if (r == 0)
                r = gnt_bundle_writer_add_data(w, GNT_SEALED_COVER, cover, strlen(cover), 0644, err, errsz);
out:
        sodium_memzero(key, sizeof key);
        free(cover);
        free(ct);
        return r;
}

/* The cover's seal id, checked; 0 or -EINVAL. */
static int cover_parse(const char *cover, size_t len, char seal_id[65], char *err, size_t errsz)
{
        cJSON *o = cJSON_ParseWithLength(cover, len);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "gauntlet_sealed");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "cipher");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "seal_id");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "problem");
        int r = 0;
        if (!cJSON_IsNumber(f) || f->valuedouble != 1 || !cJSON_IsString(c) || strcmp(c->valuestring, CIPHER) != 0 ||
            !cJSON_IsString(s) || strlen(s->valuestring) != 64 ||
            strspn(s->valuestring, "0123456789abcdef") != 64 || !cJSON_IsObject(p))
                r = sbx_errf(err, errsz, -EINVAL, "%s: not a gauntlet sealed-bundle cover (format 1, %s)",
                             GNT_SEALED_COVER, CIPHER);
        else
                memcpy(seal_id, s->valuestring, 65);
        cJSON_Delete(o);
        return r;
}

int gnt_bundle_seal_open(const char *dir, const uint8_t *key, char **ret_cover, char ret_seal_id[65],
                         void **ret_plain, size_t *ret_len, char *err, size_t errsz)
{
        char path[4200], *cover = NULL, *ct = NULL;
        size_t clen, ctlen;
        snprintf(path, sizeof path, "%s/%s", dir, GNT_SEALED_COVER);
        int r = sbx_file_read_at(AT_FDCWD, path, COVER_MAX, 0, &cover, &clen);
        if (r < 0)
                return sbx_errf(err, errsz, r == -EFBIG ? -EINVAL : r, "cannot read %s: %s", GNT_SEALED_COVER,
                                gnt_errstr(-r));
        char seal_id[65];
        if ((r = cover_parse(cover, clen, seal_id, err, errsz)) < 0)
                goto out;
        if (key) {
                snprintf(path, sizeof path, "%s/%s", dir, GNT_SEALED_DATA);
                if ((r = sbx_file_read_at(AT_FDCWD, path, SIZE_MAX, 0, &ct, &ctlen)) < 0) {
                        sbx_errf(err, errsz, r, "cannot read %s: %s", GNT_SEALED_DATA, gnt_errstr(-r));
                        goto out;
                }
                uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES], h[32];
                seal_nonce(key, nonce);
                unsigned char *pt = ctlen >= crypto_aead_xchacha20poly1305_ietf_ABYTES ? malloc(ctlen) : NULL;
                unsigned long long ptlen = 0;
                if (!pt || crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &ptlen, NULL, (unsigned char *)ct, ctlen,
                                                                       (unsigned char *)cover, clen, nonce, key) != 0) {
                        free(pt);
                        r = sbx_errf(err, errsz, -EKEYREJECTED,
                                     "the ticket's content key does not open this sealed bundle");
                        goto out;
                }
                crypto_hash_sha256(h, pt, (size_t)ptlen);
                char got[65];
                sodium_bin2hex(got, sizeof got, h, sizeof h);
                if (strcmp(got, seal_id) != 0) {
                        free(pt);
                        r = sbx_errf(err, errsz, -EINVAL, "sealed content does not match the cover's seal id");
                        goto out;
                }
                *ret_plain = pt;
                *ret_len = (size_t)ptlen;
        }
        memcpy(ret_seal_id, seal_id, sizeof seal_id);
        *ret_cover = cover;
        cover = NULL;
out:
        free(cover);
        free(ct);
        return r;
}
