/* session_cli.c — the session a session command names, opened with its
 * messages: the printing half of session/cmdline.h's glue. */
#include "session_cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/utsname.h>

#include "cli.h"

int gnt_session_cli_open(const char *cmd, const char *dir, unsigned flags, struct gnt_session *ret)
{
        char root[PATH_MAX], err[1024];
        /* DIR may be the session folder or any folder inside it. */
        if (gnt_session_find(dir ? dir : ".", root) < 0) {
                if (dir) {
                        gnt_error(cmd, "'%s' is not a session folder (no .gauntlet/journal.jsonl there or above)",
                                  dir);
                        return GNT_EXIT_USAGE;
                }
                /* Where `start` was run: its gauntlet-ID/ folder is below. */
                int r = gnt_session_find_below(".", root, err, sizeof err);
                if (r == -EEXIST) {
                        gnt_error(cmd, "not inside a session folder, and %s (cd into it or use --session DIR)",
                                  err);
                        return GNT_EXIT_USAGE;
                }
                if (r < 0) {
                        gnt_error(cmd, "no session here: not inside a session folder, none below "
                                       "(use --session DIR)");
                        return GNT_EXIT_USAGE;
                }
                fprintf(stderr, "gauntlet %s: using the session in %s\n", cmd, root);
        }
        dir = root;
        if (gnt_session_open(dir, flags, ret, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                return GNT_EXIT_USAGE;
        }
        if (ret->recovered)
                fprintf(stderr,
                        "gauntlet %s: the journal's last line was torn by a crash: %zu bytes dropped, "
                        "'recovered' entry recorded\n",
                        cmd, ret->recovered);
        return 0;
}

int gnt_session_cli_reopen(const char *cmd, struct gnt_session *s)
{
        if (s->submit)
                return 0;
        struct utsname u;
        struct gnt_entry_data d = {.kind = GNT_ENTRY_REOPEN};
        d.u.reopen.reason = "resumed";
        d.u.reopen.hostname = uname(&u) == 0 ? u.nodename : NULL;
        char err[1024];
        if (gnt_session_record(s, &d, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                return GNT_EXIT_USAGE;
        }
        return 0;
}
