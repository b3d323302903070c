/* sign.c — Ed25519 signing keys and detached bundle signatures (libsodium).
 * The signed message is the domain string "gauntlet-bundle-signature-v1\n"
 * followed by the 32-byte SHA-256 of the archive bytes. */
#include "bundle.h"
#include "files.h"
#include "internal.h"
#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIG_DOMAIN "gauntlet-bundle-signature-v1\n"
#define HDR_SECRET "gauntlet-secret-key ed25519 "
#define HDR_PUBLIC "gauntlet-public-key ed25519 "
#define HDR_SIG "gauntlet-signature ed25519 sha256 "
#define KEYFILE_MAX 4096

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void gnt_b64_encode(const uint8_t *in, size_t n, char *out)
{
        size_t o = 0;
        for (size_t i = 0; i < n; i += 3) {
                uint32_t v = (uint32_t)in[i] << 16;
                if (i + 1 < n)
                        v |= (uint32_t)in[i + 1] << 8;
                if (i + 2 < n)
                        v |= in[i + 2];
                out[o++] = b64[(v >> 18) & 63];
                out[o++] = b64[(v >> 12) & 63];
                out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
                out[o++] = i + 2 < n ? b64[v & 63] : '=';
        }
        out[o] = '\0';
}

int gnt_b64_decode(const char *in, uint8_t *out, size_t want)
{
        size_t len = strlen(in);
        while (len && strchr(" \t\r\n", in[len - 1]))
                len--;
        if (len != 4 * ((want + 2) / 3))
                return -EINVAL;
        size_t o = 0;
        for (size_t i = 0; i < len; i += 4) {
                uint32_t v = 0;
                int pad = 0;
                for (int k = 0; k < 4; k++) {
                        char ch = in[i + k];
                        const char *p = ch ? strchr(b64, ch) : NULL;
                        if (ch == '=' && i + 4 == len && k >= 2) {
                                pad++;
                                v <<= 6;
                                continue;
                        }
                        if (!p || pad)
                                return -EINVAL;
                        v = (v << 6) | (uint32_t)(p - b64);
                }
                uint8_t bytes[3] = {(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
                for (int k = 0; k < 3 - pad; k++) {
                        if (o >= want)
                                return -EINVAL;
                        out[o++] = bytes[k];
                }
        }
        return o == want ? 0 : -EINVAL;
}

void gnt_key_id(const uint8_t pk[32], char out[17])
{
        uint8_t h[32];
        crypto_generichash(h, sizeof h, pk, 32, NULL, 0);
        for (int i = 0; i < 8; i++)
                snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static int sodium_ready(void)
{
        return sodium_init() < 0 ? -EIO : 0;
}

/* Parse "HEADER KEYID\nBASE64\n" into out (n bytes) and the key id. */
static int parse_keyfile(const char *text, const char *hdr, uint8_t *out, size_t n, char id[17])
{
        size_t hl = strlen(hdr);
        if (strncmp(text, hdr, hl) != 0)
                return -EINVAL;
        const char *p = text + hl;
        if (strspn(p, "0123456789abcdef") != 16 || p[16] != '\n')
                return -EINVAL;
        memcpy(id, p, 16);
        id[16] = '\0';
        p += 17;
        const char *nl = strchr(p, '\n');
        if (nl && nl[strspn(nl, "\n")] != '\0')
                return -EINVAL; /* nothing after the base64 line */
        return gnt_b64_decode(p, out, n);
}

static int read_key(const char *path, const char *hdr, uint8_t *out, size_t n, char id[17], char *err, size_t errsz)
{
        char *text = NULL;
        size_t len;
        int r = sbx_file_read_at(AT_FDCWD, path, KEYFILE_MAX, SBX_FILE_FOLLOW, &text, &len);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "cannot read key '%s': %s", path,
                                 r == -EFBIG ? "too large to be a key" : gnt_errstr(-r));
                return r;
        }
        r = memchr(text, '\0', len) ? -EINVAL : parse_keyfile(text, hdr, out, n, id);
        sodium_memzero(text, len);
        free(text);
        if (r < 0 && err)
                snprintf(err, errsz, "'%s' is not a gauntlet %s key", path,
                         strcmp(hdr, HDR_SECRET) == 0 ? "secret" : "public");
        return r;
}

int gnt_bundle_pubkey_read(const char *path, uint8_t pk[32], char *ret_key_id, char *err, size_t errsz)
{
        uint8_t k[crypto_sign_PUBLICKEYBYTES];
        char id[17];
        int r = read_key(path, HDR_PUBLIC, k, sizeof k, id, err, errsz);
        if (r < 0)
                return r;
        char want[17];
        gnt_key_id(k, want);
        if (strcmp(id, want) != 0)
                return sbx_errf(err, errsz, -EINVAL, "'%s': key id does not match the key", path);
        memcpy(pk, k, sizeof k);
        if (ret_key_id)
                memcpy(ret_key_id, id, 17);
        return 0;
}

static int write_text(const char *path, const char *text, mode_t mode, bool excl)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (excl ? O_EXCL : O_TRUNC), mode);
        if (fd < 0)
                return -errno;
        size_t n = strlen(text);
        int r = 0;
        if (fchmod(fd, mode) < 0 || write(fd, text, n) != (ssize_t)n || fsync(fd) < 0)
                r = errno ? -errno : -EIO;
        if (close(fd) < 0 && r == 0)
                r = -errno;
        if (r < 0)
                unlink(path);
        return r;
}

int gnt_bundle_keygen(const char *prefix, char *ret_key_id, char *err, size_t errsz)
{
        char kpath[4096], ppath[4096];
        if (snprintf(kpath, sizeof kpath, "%s.key", prefix) >= (int)sizeof kpath ||
            snprintf(ppath, sizeof ppath, "%s.pub", prefix) >= (int)sizeof ppath) {
                if (err)
                        snprintf(err, errsz, "'%s': path too long", prefix);
                return -ENAMETOOLONG;
        }
        if (sodium_ready() < 0) {
                if (err)
                        snprintf(err, errsz, "cannot initialise libsodium");
                return -EIO;
        }
        const char *exists = access(kpath, F_OK) == 0 ? kpath : access(ppath, F_OK) == 0 ? ppath : NULL;
        if (exists) {
                if (err)
                        snprintf(err, errsz, "'%s' already exists (not overwriting a key)", exists);
                return -EEXIST;
        }
        uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
        crypto_sign_keypair(pk, sk);
        char id[17], text[256];
        gnt_key_id(pk, id);
        int n = snprintf(text, sizeof text, HDR_SECRET "%s\n", id);
        gnt_b64_encode(sk, sizeof sk, text + n);
        strcat(text, "\n");
        sodium_memzero(sk, sizeof sk);
        int r = write_text(kpath, text, 0600, true);
        sodium_memzero(text, sizeof text);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "cannot write '%s': %s", kpath, gnt_errstr(-r));
                return r;
        }
        n = snprintf(text, sizeof text, HDR_PUBLIC "%s\n", id);
        gnt_b64_encode(pk, sizeof pk, text + n);
        strcat(text, "\n");
        if ((r = write_text(ppath, text, 0644, true)) < 0) {
                unlink(kpath);
                if (err)
                        snprintf(err, errsz, "cannot write '%s': %s", ppath, gnt_errstr(-r));
                return r;
        }
        if (ret_key_id)
                memcpy(ret_key_id, id, 17);
        return 0;
}

static void signed_message(const void *buf, size_t len, uint8_t msg[sizeof SIG_DOMAIN - 1 + 32])
{
        memcpy(msg, SIG_DOMAIN, sizeof SIG_DOMAIN - 1);
        crypto_hash_sha256(msg + sizeof SIG_DOMAIN - 1, buf, len);
}

int gnt_bundle_sign_file(const char *bundle, const char *seckey, char *err, size_t errsz)
{
        if (sodium_ready() < 0)
                return -EIO;
        uint8_t sk[crypto_sign_SECRETKEYBYTES];
        char id[17], pk_id[17];
        int r = read_key(seckey, HDR_SECRET, sk, sizeof sk, id, err, errsz);
        if (r < 0)
                return r;
        /* The id in the header must be that of the key inside: a hand-edited
         * file would otherwise make signatures that never verify. */
        gnt_key_id(sk + 32, pk_id);
        if (strcmp(id, pk_id) != 0) {
                sodium_memzero(sk, sizeof sk);
                if (err)
                        snprintf(err, errsz, "'%s': key id does not match the key", seckey);
                return -EINVAL;
        }
        char *data = NULL;
        size_t len;
        if ((r = sbx_file_read_at(AT_FDCWD, bundle, SIZE_MAX, SBX_FILE_FOLLOW, &data, &len)) < 0) {
                sodium_memzero(sk, sizeof sk);
                if (err)
                        snprintf(err, errsz, "cannot read '%s': %s", bundle, gnt_errstr(-r));
                return r;
        }
        uint8_t msg[sizeof SIG_DOMAIN - 1 + 32], sig[crypto_sign_BYTES];
        signed_message(data, len, msg);
        free(data);
        crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
        sodium_memzero(sk, sizeof sk);
        char text[256], path[4200];
        int n = snprintf(text, sizeof text, HDR_SIG "%s\n", id);
        gnt_b64_encode(sig, sizeof sig, text + n);
        strcat(text, "\n");
        snprintf(path, sizeof path, "%s.sig", bundle);
        if ((r = write_text(path, text, 0644, false)) < 0 && err)
                snprintf(err, errsz, "cannot write '%s': %s", path, gnt_errstr(-r));
        return r;
}

int gnt_bundle_verify(const void *buf, size_t len, const char *sigpath, const char *pubkey,
                      enum gnt_sig_status *ret_status, char *ret_key_id, char *err, size_t errsz)
{
        *ret_status = GNT_SIG_INVALID;
        if (ret_key_id)
                ret_key_id[0] = '\0';
        if (sodium_ready() < 0)
                return -EIO;
        uint8_t pk[crypto_sign_PUBLICKEYBYTES];
        char pk_id[17] = "";
        int r;
        if (pubkey && (r = read_key(pubkey, HDR_PUBLIC, pk, sizeof pk, pk_id, err, errsz)) < 0)
                return r;
        char *text = NULL;
        size_t tlen;
        r = sbx_file_read_at(AT_FDCWD, sigpath, KEYFILE_MAX, SBX_FILE_FOLLOW, &text, &tlen);
        if (r == -ENOENT) {
                *ret_status = GNT_SIG_UNSIGNED;
                if (err)
                        snprintf(err, errsz, "no signature '%s'", sigpath);
                return 0;
        }
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "cannot read signature '%s': %s", sigpath, gnt_errstr(-r));
                return r == -EFBIG || r == -EINVAL ? (*ret_status = GNT_SIG_INVALID, 0) : r;
        }
        uint8_t sig[crypto_sign_BYTES];
        char sig_id[17];
        r = memchr(text, '\0', tlen) ? -EINVAL : parse_keyfile(text, HDR_SIG, sig, sizeof sig, sig_id);
        free(text);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "signature '%s' is malformed", sigpath);
                return 0;
        }
        if (ret_key_id)
                memcpy(ret_key_id, sig_id, 17);
        if (!pubkey) {
                *ret_status = GNT_SIG_NO_KEY;
                return 0;
        }
        if (strcmp(sig_id, pk_id) != 0) {
                if (err)
                        snprintf(err, errsz, "signed by key %s, not by the given key %s", sig_id, pk_id);
                return 0;
        }
        /* The id is only a hint: the key itself must check the signature. */
        uint8_t msg[sizeof SIG_DOMAIN - 1 + 32];
        signed_message(buf, len, msg);
        if (crypto_sign_verify_detached(sig, msg, sizeof msg, pk) != 0) {
                if (err)
                        snprintf(err, errsz, "signature does not match the bundle (tampered or damaged)");
                return 0;
        }
        *ret_status = GNT_SIG_VALID;
        return 0;
}

const char *gnt_sig_status_name(enum gnt_sig_status s)
{
        static const char *const names[] = {
                [GNT_SIG_NONE] = "none",
                [GNT_SIG_UNSIGNED] = "unsigned",
                [GNT_SIG_NO_KEY] = "no key given",
                [GNT_SIG_VALID] = "valid",
                [GNT_SIG_INVALID] = "INVALID",
        };
        return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

int gnt_bundle_seckey_read(const char *seckey, uint8_t sk[64], char id[17], char *err, size_t errsz)
{
        if (sodium_ready() < 0)
                return sbx_errf(err, errsz, -EIO, "cannot initialise libsodium");
        char pk_id[17];
        int r = read_key(seckey, HDR_SECRET, sk, 64, id, err, errsz);
        if (r < 0)
                return r;
        gnt_key_id(sk + 32, pk_id);
        if (strcmp(id, pk_id) != 0) {
                sodium_memzero(sk, 64);
                return sbx_errf(err, errsz, -EINVAL, "'%s': key id does not match the key", seckey);
        }
        return 0;
}

int gnt_bundle_seckey_check(const char *seckey, char *err, size_t errsz)
{
        if (sodium_ready() < 0)
                return -EIO;
        uint8_t sk[crypto_sign_SECRETKEYBYTES];
        char id[17], pk_id[17];
        int r = read_key(seckey, HDR_SECRET, sk, sizeof sk, id, err, errsz);
        if (r < 0)
                return r;
        gnt_key_id(sk + 32, pk_id);
        sodium_memzero(sk, sizeof sk);
        if (strcmp(id, pk_id) != 0) {
                if (err)
                        snprintf(err, errsz, "'%s': key id does not match the key", seckey);
                return -EINVAL;
        }
        return 0;
}
