/* cmd_verify.c — `gauntlet verify SUBMISSION`: check a sealed submission's
 * journal chain, record, snapshots and code, and optionally that it answers
 * a given bundle.  Exit 0 valid, 1 tampered, 2 bad input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
#include "cli.h"
#include "session/integrity.h"
#include "commands.h"
#include "manifest.h"
#include "scratch.h"
#include "session/session.h"
#include "session/verify.h"

/* The public-part hash of a bundle, computed as start computes it.  A
 * sealed bundle is named by its file's hash only: its content needs a key. */
static int bundle_hashes(const char *path, const char *pubkey, char file_sha[GNT_HASH_HEX],
                         char public_hash[GNT_HASH_HEX])
{
        char err[1024];
        struct gnt_bundle *b = NULL;
        struct gnt_bundle_opts bo = {.pubkey = pubkey, .cover_only = true};
        if (gnt_bundle_open(path, &bo, &b, err, sizeof err) < 0) {
                gnt_error("verify", "cannot open '%s': %s", path, err);
                return GNT_EXIT_USAGE;
        }
        int r = GNT_EXIT_OK;
        if (gnt_integrity_bundle_hashes(b, file_sha, public_hash, err, sizeof err) < 0) {
                gnt_error("verify", "%s", err);
                r = GNT_EXIT_USAGE;
        }
        gnt_bundle_close(b);
        return r;
}

int gnt_cmd_verify(int argc, char **argv)
{
        struct gnt_verify_args a;
        char aerr[GNT_ERR_MAX];
        if (gnt_verify_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("verify", "%s", aerr);
        const char *path = a.submission, *bundle = a.bundle, *pubkey = a.pubkey, *candidate = a.candidate;
        bool quiet = a.quiet;
        char file_sha[GNT_HASH_HEX] = "", public_hash[GNT_HASH_HEX] = "", err[1024];
        uint8_t team_pk[32];
        struct gnt_verify_bundle vb = {.candidate = candidate};
        if (pubkey) {
                if (gnt_bundle_pubkey_read(pubkey, team_pk, NULL, err, sizeof err) < 0) {
                        gnt_error("verify", "%s", err);
                        return GNT_EXIT_USAGE;
                }
                vb.team_pk = team_pk;
        }
        if (bundle) {
                int r = bundle_hashes(bundle, pubkey, file_sha, public_hash);
                if (r)
                        return r;
                vb.file_sha256 = file_sha[0] ? file_sha : NULL;
                vb.public_hash = public_hash[0] ? public_hash : NULL;
        }
        struct gnt_verify_report rep;
        if (gnt_session_verify(path, &vb, &rep, err, sizeof err) < 0) {
                gnt_error("verify", "%s", err);
                return GNT_EXIT_USAGE;
        }
        for (size_t i = 0; i < rep.n; i++)
                printf("%s: %s\n", path, rep.findings[i]);
        int status = rep.n ? GNT_EXIT_FAIL : GNT_EXIT_OK;
        if (!quiet) {
                if (rep.n)
                        printf("TAMPERED: %zu problem%s found\n", rep.n, rep.n == 1 ? "" : "s");
                else
                        printf("valid: %s %s, %zu journal entries, %zu test runs, %zu code files, %s%s%s\n",
                               rep.problem_id, rep.problem_version, rep.entries, rep.test_runs, rep.code_files,
                               rep.late ? "late" : "on time", bundle ? ", answers " : "", bundle ? bundle : "");
                if (rep.has_ticket)
                        printf("candidate: %s (ticket %.12s, %lld minutes%s)\n", rep.ticket_candidate, rep.ticket_id,
                               rep.ticket_minutes, rep.ticket_unchecked ? "; its signature was not checked: no --pubkey" : "");
        }
        gnt_verify_report_release(&rep);
        return status;
}
