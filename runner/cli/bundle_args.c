/* bundle_args.c — parse the command lines of `gauntlet pack`, `unpack`,
 * `inspect`, `verify`, `new` and `keygen` (bundle_args.h). */
#include "bundle_args.h"

#include <getopt.h>
#include <string.h>

#include "args.h"
#include "bundle/bundle.h"
#include "problem.h"
#include "sbx_file.h"

int gnt_pack_args_parse(int argc, char **argv, struct gnt_pack_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"output", required_argument, NULL, 'o'},
                {"sign", required_argument, NULL, 's'},
                {"public-only", no_argument, NULL, 'P'},
                {"grading-only", no_argument, NULL, 'G'},
                {"sealed", no_argument, NULL, 'S'},
                {0},
        };
        struct gnt_pack_args a = {.which = GNT_PACK_PUBLIC | GNT_PACK_GRADING};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                switch (c) {
                case 'o': a.out = optarg; break;
                case 's': a.key = optarg; break;
                case 'P': a.which = GNT_PACK_PUBLIC; break;
                case 'G': a.which = GNT_PACK_GRADING; break;
                case 'S': a.sealed = true; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (gnt_args_one_operand(argc, argv, "the problem folder", &a.src, err, errsz) < 0)
                return -1;
        if (!a.out)
                return sbx_errf(err, errsz, -1, "missing -o OUTDIR");
        if (a.sealed && !a.key)
                return sbx_errf(err, errsz, -1,
                                "--sealed needs --sign KEY (the content key is derived from it)");
        if (a.sealed)
                a.which |= GNT_PACK_SEALED;
        *ret = a;
        return 0;
}

int gnt_unpack_args_parse(int argc, char **argv, struct gnt_unpack_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"output", required_argument, NULL, 'o'},
                {"pubkey", required_argument, NULL, 'k'},
                {0},
        };
        struct gnt_unpack_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                if (c == 'o')
                        a.out = optarg;
                else if (c == 'k')
                        a.pubkey = optarg;
                else
                        return gnt_args_bad_option(c, argv, err, errsz);
        }
        if (gnt_args_one_operand(argc, argv, "the bundle", &a.bundle, err, errsz) < 0)
                return -1;
        if (!a.out || !*a.out)
                return sbx_errf(err, errsz, -1, "missing -o DIR");
        *ret = a;
        return 0;
}

int gnt_inspect_args_parse(int argc, char **argv, struct gnt_inspect_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"json", no_argument, NULL, 'j'},
                {"pubkey", required_argument, NULL, 'k'},
                {0},
        };
        struct gnt_inspect_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                if (c == 'j')
                        a.json = true;
                else if (c == 'k')
                        a.pubkey = optarg;
                else
                        return gnt_args_bad_option(c, argv, err, errsz);
        }
        if (gnt_args_one_operand(argc, argv, "the bundle", &a.bundle, err, errsz) < 0)
                return -1;
        *ret = a;
        return 0;
}

int gnt_verify_args_parse(int argc, char **argv, struct gnt_verify_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"bundle", required_argument, NULL, 'b'},
                {"pubkey", required_argument, NULL, 'k'},
                {"quiet", no_argument, NULL, 'q'},
                {"candidate", required_argument, NULL, 'c'},
                {0},
        };
        struct gnt_verify_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":b:k:q", opts, NULL)) != -1) {
                switch (c) {
                case 'b': a.bundle = optarg; break;
                case 'k': a.pubkey = optarg; break;
                case 'q': a.quiet = true; break;
                case 'c': a.candidate = optarg; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind != argc - 1)
                return sbx_errf(err, errsz, -1, "%s",
                                optind < argc ? "too many arguments" : "missing SUBMISSION");
        a.submission = argv[optind];
        *ret = a;
        return 0;
}

/* What is left after the options: "problem ID". */
static int new_operands(int argc, char **argv, char *err, size_t errsz)
{
        if (optind >= argc)
                return sbx_errf(err, errsz, -1, "missing what to make: 'problem'");
        if (strcmp(argv[optind], "problem") != 0)
                return sbx_errf(err, errsz, -1, "cannot make '%s': only 'problem'", argv[optind]);
        if (optind + 1 >= argc)
                return sbx_errf(err, errsz, -1, "missing the problem id");
        if (optind + 2 < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind + 2]);
        return 0;
}

int gnt_new_args_parse(int argc, char **argv, struct gnt_new_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"lang", required_argument, NULL, 'l'},
                {"areas", required_argument, NULL, 'a'},
                {"output", required_argument, NULL, 'o'},
                {0},
        };
        struct gnt_new_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                switch (c) {
                case 'l': a.lang = optarg; break;
                case 'a': a.areas = optarg; break;
                case 'o': a.out = optarg; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (new_operands(argc, argv, err, errsz) < 0)
                return -1;
        a.id = argv[optind + 1];
        if (!a.lang)
                return sbx_errf(err, errsz, -1, "missing --lang go|c");
        a.language = grd_language_from_name(a.lang);
        if (a.language < 0)
                return sbx_errf(err, errsz, -1, "--lang: expected go or c, got '%s'", a.lang);
        if (!a.areas)
                return sbx_errf(err, errsz, -1,
                                "missing --areas (comma-separated: idiomatic, concurrency, low-level, "
                                "networking, performance, reliability)");
        *ret = a;
        return 0;
}

int gnt_keygen_args_parse(int argc, char **argv, struct gnt_keygen_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {{"output", required_argument, NULL, 'o'}, {0}};
        struct gnt_keygen_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                if (c == 'o')
                        a.prefix = optarg;
                else
                        return gnt_args_bad_option(c, argv, err, errsz);
        }
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        if (!a.prefix || !*a.prefix)
                return sbx_errf(err, errsz, -1, "missing -o PREFIX");
        *ret = a;
        return 0;
}
