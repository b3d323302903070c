/* cmd_keygen.c — `gauntlet keygen -o PREFIX`: make an Ed25519 key pair for
 * signing bundles. */
#include <stdio.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
#include "cli.h"
#include "commands.h"

int gnt_cmd_keygen(int argc, char **argv)
{
        struct gnt_keygen_args a;
        char err[GNT_ERR_MAX] = "", id[17];
        if (gnt_keygen_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("keygen", "%s", err);
        const char *prefix = a.prefix;
        if (gnt_bundle_keygen(prefix, id, err, sizeof err) < 0) {
                gnt_error("keygen", "%s", err);
                return GNT_EXIT_USAGE;
        }
        printf("%s.key  secret key (mode 0600): keep it private, sign with 'gauntlet pack --sign'\n", prefix);
        printf("%s.pub  public key %s: give it to candidates and reviewers ('--pubkey')\n", prefix, id);
        return GNT_EXIT_OK;
}
