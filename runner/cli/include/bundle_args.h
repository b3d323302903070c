/* bundle_args.h — the command lines of the bundle commands `gauntlet pack`,
 * `unpack`, `inspect`, `verify`, `new` and `keygen`, parsed apart from the
 * commands so they can be tested on their own (as session_args.h).  Each
 * parser takes argv with argv[0] the command's name (getopt's state is
 * reset), fills *ret with strings pointing into argv and returns 0, or -1
 * with one line in err saying what is wrong (printed after "gauntlet
 * CMD: "); *ret is then untouched. */
#ifndef GAUNTLET_BUNDLE_ARGS_H
#define GAUNTLET_BUNDLE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* `gauntlet pack DIR -o OUTDIR [--sign KEY [--sealed]] [--public-only|--grading-only]` */
struct gnt_pack_args {
        const char *src;         /* DIR, the problem or assessment folder */
        const char *out;         /* -o, --output OUTDIR */
        const char *key;         /* --sign KEY; NULL: unsigned */
        unsigned which;          /* GNT_PACK_*: public and grading unless --public-only or
                                  * --grading-only (the last one given wins); with SEALED for --sealed */
        bool sealed;             /* --sealed (needs --sign) */
};

int gnt_pack_args_parse(int argc, char **argv, struct gnt_pack_args *ret, char *err, size_t errsz);

/* `gauntlet unpack BUNDLE -o DIR [--pubkey KEY]` */
struct gnt_unpack_args {
        const char *bundle;      /* BUNDLE */
        const char *out;         /* -o, --output DIR: not empty */
        const char *pubkey;      /* --pubkey KEY */
};

int gnt_unpack_args_parse(int argc, char **argv, struct gnt_unpack_args *ret, char *err, size_t errsz);

/* `gauntlet inspect BUNDLE [--json] [--pubkey KEY]` */
struct gnt_inspect_args {
        const char *bundle;      /* BUNDLE */
        const char *pubkey;      /* --pubkey KEY */
        bool json;               /* --json */
};

int gnt_inspect_args_parse(int argc, char **argv, struct gnt_inspect_args *ret, char *err, size_t errsz);

/* `gauntlet verify SUBMISSION [-b BUNDLE] [-k PUBKEY] [--candidate NAME] [-q]` */
struct gnt_verify_args {
        const char *submission;  /* SUBMISSION */
        const char *bundle;      /* -b, --bundle */
        const char *pubkey;      /* -k, --pubkey */
        const char *candidate;   /* --candidate NAME */
        bool quiet;              /* -q, --quiet */
};

int gnt_verify_args_parse(int argc, char **argv, struct gnt_verify_args *ret, char *err, size_t errsz);

/* `gauntlet new problem ID --lang go|c --areas A,B [-o DIR]` */
struct gnt_new_args {
        const char *id;          /* ID */
        const char *lang;        /* --lang, as given */
        int language;            /* --lang as an enum grd_language */
        const char *areas;       /* --areas A,B (checked by the skeleton writer) */
        const char *out;         /* -o, --output DIR; NULL: ID */
};

int gnt_new_args_parse(int argc, char **argv, struct gnt_new_args *ret, char *err, size_t errsz);

/* `gauntlet keygen -o PREFIX` */
struct gnt_keygen_args {
        const char *prefix;      /* -o, --output PREFIX: not empty */
};

int gnt_keygen_args_parse(int argc, char **argv, struct gnt_keygen_args *ret, char *err, size_t errsz);

#endif
