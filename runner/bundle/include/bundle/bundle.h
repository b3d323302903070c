/* bundle.h — problem bundles: open a problem given as a folder or as an
 * archive (any format libarchive reads), verify its detached Ed25519
 * signature, extract it safely, pack folders into reproducible public and
 * grading archives, and make signing keys.  Its hardened reader and its
 * reproducible writer also serve other archives (sealed submissions):
 * libarchive is used here and nowhere else.  The format is documented in
 * docs/bundle-format.md.
 *
 * Errors: functions return 0 or a negative errno and, on failure, write one
 * line into err (when not NULL; GNT_ERR_MAX bytes is enough) saying what
 * failed and on what, e.g.
 *   entry '../a': path leaves the bundle
 * Output parameters are untouched on failure.  Nothing here prints. */
#ifndef GAUNTLET_BUNDLE_H
#define GAUNTLET_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "problem.h"

struct grd_scratch;

/* Limits applied while reading an archive; 0 in a field means the default
 * shown.  Exceeding one rejects the whole bundle (-EFBIG). */
struct gnt_bundle_limits {
        uint64_t archive_bytes; /* size of the archive file: 64 MiB */
        uint64_t entries;       /* entries of any type: 10000 */
        uint64_t total_bytes;   /* sum of file contents, counted as decompressed: 256 MiB */
        uint64_t file_bytes;    /* one file: 64 MiB */
        unsigned ratio;         /* uncompressed / archive size, once past 1 MiB: 200 */
        unsigned path_bytes;    /* a whole entry path: 1024 */
        unsigned name_bytes;    /* one path component: 255 */
        unsigned depth;         /* path components: 32 */
};

enum gnt_sig_status {
        GNT_SIG_NONE,     /* a folder: nothing to verify */
        GNT_SIG_UNSIGNED, /* no BUNDLE.sig beside the archive */
        GNT_SIG_NO_KEY,   /* signed, but no public key was given: not checked */
        GNT_SIG_VALID,    /* signed by the given key and intact */
        GNT_SIG_INVALID,  /* tampered, or signed by another key */
};

/* "none", "unsigned", "no key given", "valid", "INVALID". */
const char *gnt_sig_status_name(enum gnt_sig_status s);

struct gnt_bundle_opts {
        /* A public key file (PREFIX.pub of `gauntlet keygen`).  When set, the
         * archive must carry a valid signature by this key: unsigned or
         * invalid bundles are refused (-EKEYREJECTED) before anything is
         * extracted.  NULL: the signature, if any, is reported, not checked. */
        const char *pubkey;
        /* Where the private extraction folder (.gauntlet-bundle-XXXXXX) is
         * made; NULL: an absolute $TMPDIR, else /tmp. */
        const char *tmp_parent;
        /* NULL: the defaults of struct gnt_bundle_limits. */
        const struct gnt_bundle_limits *limits;
        /* With pubkey: an unsigned or invalid bundle is opened anyway and
         * the verdict left in sig / sig_detail (for `gauntlet inspect`). */
        bool report_only;
        /* A sealed bundle's content key (32 bytes, from a ticket): the
         * sealed content is decrypted in memory and extracted like any
         * public bundle.  NULL: a sealed bundle is refused (-ENOKEY),
         * unless cover_only. */
        const uint8_t *content_key;
        /* Without content_key, open a sealed bundle as its cover only:
         * sealed and cover set, root NULL, no problems. */
        bool cover_only;
};

/* The two entries of a sealed bundle. */
#define GNT_SEALED_COVER "sealed.json"
#define GNT_SEALED_DATA "sealed.bin"

/* An opened problem or assessment.  Read-only for callers. */
struct gnt_bundle {
        char *path;            /* as given to gnt_bundle_open */
        bool is_archive;       /* false: a folder used in place */
        char *root;            /* absolute folder holding problem.json or assessment.json:
                                  the folder itself, or the private extraction */
        bool is_public;        /* every problem is a candidate's copy */
        enum gnt_sig_status sig;
        char key_id[17];       /* signer's key id (16 hex digits) when signed, else "" */
        uint8_t sha256[32];    /* SHA-256 of the archive bytes (zero for a folder) */
        char sha256_hex[65];   /* the same in hex ("" for a folder) */

        /* NULL for a single problem; else the assessment manifest, with dir
         * set to root. */
        struct gnt_assessment *assessment;
        /* One problem (n_problems == 1), or the assessment's problems in
         * order.  Each has dir set (absolute) and is ready for the graders. */
        struct grd_problem *problems;
        size_t n_problems;

        struct grd_scratch *scratch; /* private extraction folder (locked; removed by close), or NULL */
        char sig_detail[GNT_ERR_MAX]; /* why sig is not valid (with a key), else "" */

        bool sealed;           /* a sealed public bundle (opened or not) */
        char *cover;           /* its cover (sealed.json text), else NULL */
        char seal_id[65];      /* SHA-256 (hex) of the sealed content, else "" */
};

/* Open PATH: a problem folder (holding problem.json), an assessment folder
 * (holding assessment.json), or a bundle archive of either (.tar.gz,
 * .tar.zst, .tar.xz, .zip, ...).  An archive is read into memory, its
 * signature checked against opts->pubkey when given (a failure leaves
 * nothing extracted), then extracted safely into a private temporary
 * folder (see gnt_bundle_extract); a folder is used in place and never
 * verified (sig is GNT_SIG_NONE, even with a key).  Then every manifest is
 * read and checked.  opts may be NULL.
 * On success *ret owns everything; free it with gnt_bundle_close().
 * Errors: -ENOENT path missing; -EINVAL bad archive, hostile entry or bad
 * manifest; -EFBIG a limit exceeded; -EKEYREJECTED signature missing or
 * invalid (with a key, unless report_only); -ENOKEY a sealed bundle without
 * content_key or cover_only; -EKEYREJECTED also when content_key does not
 * open it; -ENOMEM; other -errno from the file system. */
int gnt_bundle_open(const char *path, const struct gnt_bundle_opts *opts,
                    struct gnt_bundle **ret, char *err, size_t errsz);

/* Remove the private extraction folder (if any) and free b; NULL is a no-op. */
void gnt_bundle_close(struct gnt_bundle *b);

/* The first (for a problem bundle, the only) problem. */
const struct grd_problem *gnt_bundle_problem(const struct gnt_bundle *b);

/* Extract the archive held in buf (len bytes) into the folder `dest`, which
 * must not exist yet (or be an empty folder).  Entries are written beside
 * it in a temporary sibling ".DEST.tmp-XXXXXX" through openat() relative to
 * directory descriptors, never following a symlink, then renamed into
 * place; on any failure the sibling is removed and dest is untouched.
 * Rejected (-EINVAL, err names the entry and the reason): absolute paths,
 * ".." components, names that are not UTF-8 or hold control characters or
 * a backslash, over-long names, symlinks (all of them), hardlinks except to
 * a regular file earlier in the same archive (its content is copied),
 * devices, FIFOs, sockets, setuid/setgid/sticky bits, duplicate entries
 * (also ones differing only in ASCII case), a file where a folder is
 * needed, garbage or truncated archives.  -EFBIG for limits; -EEXIST when
 * dest exists and is not an empty folder.  Names are read as UTF-8 (zip
 * and pax names through a thread-local C.UTF-8 locale).  On success
 * *ret_files (when not NULL) is the number of regular files written. */
int gnt_bundle_extract(const void *buf, size_t len, const char *dest,
                       const struct gnt_bundle_limits *limits, size_t *ret_files,
                       char *err, size_t errsz);

/* Which bundles `gnt_bundle_pack` writes. */
enum {
        GNT_PACK_PUBLIC = 1 << 0,
        GNT_PACK_GRADING = 1 << 1,
        /* The public bundle sealed: a cover and the encrypted content, the
         * key derived from seckey (which is then required).  One problem
         * only, not an assessment. */
        GNT_PACK_SEALED = 1 << 2,
};

struct gnt_pack_result {
        char public_path[4096];  /* OUTDIR/<id>.public.tar.gz, or "" */
        char grading_path[4096]; /* OUTDIR/<id>.grading.tar.gz, or "" */
        char id[65];
        size_t public_files, grading_files;
};

/* Validate the problem (or assessment) folder SRC and write its bundles
 * into OUTDIR (created if missing): reproducible gzip'd tar archives
 * (entries sorted, owner 0/0 root/root, mtime $SOURCE_DATE_EPOCH or 0,
 * modes 0644/0755, gzip without name or time).  With seckey (a PREFIX.key
 * of `gauntlet keygen`) each gets a detached signature BUNDLE.sig.
 * Errors: -EINVAL invalid manifest or a symlink/special file in SRC;
 * -ENOENT; -ENOMEM; other -errno writing. */
int gnt_bundle_pack(const char *src, const char *outdir, unsigned which, const char *seckey,
                    struct gnt_pack_result *ret, char *err, size_t errsz);

/* Signing keys.  PREFIX.key: "gauntlet-secret-key ed25519 KEYID\n" + base64
 * of the 64-byte libsodium secret key + "\n", mode 0600.  PREFIX.pub:
 * "gauntlet-public-key ed25519 KEYID\n" + base64 of the 32-byte key + "\n".
 * Neither file may exist already (-EEXIST). */
int gnt_bundle_keygen(const char *prefix, char *ret_key_id, char *err, size_t errsz);

/* Read a public key file (PREFIX.pub of `gauntlet keygen`, what --pubkey
 * names) into pk (32 bytes) and, when ret_key_id is not NULL, its key id
 * (17 bytes).  -ENOENT and other -errno: unreadable; -EINVAL: not a
 * gauntlet public key (err says which file). */
int gnt_bundle_pubkey_read(const char *path, uint8_t pk[32], char *ret_key_id, char *err, size_t errsz);

/* The content key of the sealed bundle whose seal id (the cover's, hex)
 * is seal_id, derived from the team's secret key file: what a ticket
 * carries.  -EINVAL (not a seal id, not a key), -errno. */
int gnt_bundle_seal_key(const char *seckey, const char *seal_id, uint8_t key[32], char *err, size_t errsz);

/* Sign the file BUNDLE with the secret key file: writes BUNDLE.sig
 * ("gauntlet-signature ed25519 sha256 KEYID\n" + base64 of the 64-byte
 * signature + "\n"), replacing an older one. */
int gnt_bundle_sign_file(const char *bundle, const char *seckey, char *err, size_t errsz);

/* Check the signature file sigpath over the archive bytes buf/len.
 * pubkey may be NULL (then GNT_SIG_NO_KEY when signed).  *ret_status is
 * always set; ret_key_id (17 bytes, may be NULL) gets the signature's key
 * id.  Returns 0 whenever a status could be decided (also INVALID and
 * UNSIGNED), -errno when the key file is unreadable or malformed. */
int gnt_bundle_verify(const void *buf, size_t len, const char *sigpath, const char *pubkey,
                      enum gnt_sig_status *ret_status, char *ret_key_id,
                      char *err, size_t errsz);

/* Read every entry of the archive held in buf (len bytes) into memory,
 * with the checks of gnt_bundle_extract: the same limits, names, types and
 * duplicates (names are compared exactly here, letter case included:
 * nothing is written to a file system that could fold them).  For
 * archives that are not bundles, such as sealed submissions. */
struct gnt_bundle_read_opts {
        const struct gnt_bundle_limits *limits; /* NULL: the defaults */
        /* Only tar, plain or gzip'd (what gnt_bundle_writer writes), instead
         * of every format bundles may use. */
        bool tar_only;
        /* Only regular files and folders: links (hard ones too), devices,
         * FIFOs and sockets are refused as "not a regular file". */
        bool files_only;
        /* What the archive should be, for messages: "not a KIND archive";
         * NULL: "bundle". */
        const char *kind;
};

/* One entry read by gnt_bundle_read. */
struct gnt_bundle_entry {
        char *name;    /* normalised: no "./", empty or "." parts, no trailing '/' */
        bool dir;
        unsigned mode; /* 0755 or 0644 */
        char *data;    /* a file's content, NUL-terminated; NULL for a folder */
        size_t len;
};

struct gnt_bundle_entries {
        struct gnt_bundle_entry *v; /* in archive order */
        size_t n;
};

/* On success *ret holds every entry (release with
 * gnt_bundle_entries_release).  opts may be NULL.  Errors as for
 * gnt_bundle_extract: -EINVAL (err names the entry and the reason), -EFBIG
 * a limit, -ENOMEM. */
int gnt_bundle_read(const void *buf, size_t len, const struct gnt_bundle_read_opts *opts,
                    struct gnt_bundle_entries *ret, char *err, size_t errsz);

/* Free every entry and empty e. */
void gnt_bundle_entries_release(struct gnt_bundle_entries *e);

/* The one reproducible tar writer, for bundles (gnt_bundle_pack) and
 * sealed submissions: pax (restricted) tar, gzip level 9 without file name
 * or time stamp, every entry owned by 0/0 root/root with the same mtime,
 * modes 0755 (folders, files with any execute bit) or 0644, the last block
 * unpadded.  Entries are written in the order they are added: the caller
 * sorts them.  The same entries give the same bytes on any machine.
 * Every function returns 0, or -errno with one line in err; after a
 * failure only gnt_bundle_writer_free may follow. */
struct gnt_bundle_writer;

/* Start an archive written to fd (a regular file, never closed here), or
 * kept in memory when fd is -1; mtime is every entry's.  -ENOMEM, -EIO. */
int gnt_bundle_writer_new(int fd, int64_t mtime, struct gnt_bundle_writer **ret, char *err, size_t errsz);

/* A folder entry. */
int gnt_bundle_writer_add_dir(struct gnt_bundle_writer *w, const char *name, char *err, size_t errsz);

/* A file entry holding len bytes of buf; mode only says whether it is
 * executable (any 0111 bit).  -EIO, -ENOMEM. */
int gnt_bundle_writer_add_data(struct gnt_bundle_writer *w, const char *name, const void *buf, size_t len,
                               unsigned mode, char *err, size_t errsz);

/* A file entry with the content of the file src, opened without following
 * a symlink.  -EINVAL src is not a readable regular file; -EIO it shrank
 * while read, or writing failed. */
int gnt_bundle_writer_add_file(struct gnt_bundle_writer *w, const char *name, const char *src, unsigned mode,
                               char *err, size_t errsz);

/* Close the archive.  In memory, *ret_buf (caller frees) and *ret_len get
 * its bytes; written to an fd, both may be NULL.  -EIO, -ENOMEM. */
int gnt_bundle_writer_finish(struct gnt_bundle_writer *w, void **ret_buf, size_t *ret_len, char *err,
                             size_t errsz);

/* Free w (an unfinished archive is abandoned); NULL is a no-op. */
void gnt_bundle_writer_free(struct gnt_bundle_writer *w);

#endif
