/* cmd_keygen.c — `gauntlet keygen -o PREFIX`: make an Ed25519 key pair for
 * signing bundles. */
#include <getopt.h>
#include <stdio.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"

int gnt_cmd_keygen(int argc, char **argv)
{
        static const struct option opts[] = {{"output", required_argument, NULL, 'o'}, {0}};
        const char *prefix = NULL;
        int o;
        optind = 1;
        opterr = 0;
        while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                if (o == 'o')
                        prefix = optarg;
                else
                        return gnt_usage_error("keygen", o == ':' ? "option '%s' needs a value" : "unknown option '%s'", argv[optind - 1]);
        }
        if (optind < argc)
                return gnt_usage_error("keygen", "unexpected argument '%s'", argv[optind]);
        if (!prefix || !*prefix)
                return gnt_usage_error("keygen", "missing -o PREFIX");
        char err[GNT_ERR_MAX] = "", id[17];
        if (gnt_bundle_keygen(prefix, id, err, sizeof err) < 0) {
                gnt_error("keygen", "%s", err);
                return GNT_EXIT_USAGE;
        }
        printf("%s.key  secret key (mode 0600): keep it private, sign with 'gauntlet pack --sign'\n", prefix);
        printf("%s.pub  public key %s: give it to candidates and reviewers ('--pubkey')\n", prefix, id);
        return GNT_EXIT_OK;
}
