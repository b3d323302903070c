/* cmd_run.h — `gauntlet run`: its entry in the command table, shared by
 * the full program (cli.c) and the lean front (front.c), which runs it
 * without loading any library but libc. */
#ifndef GAUNTLET_CMD_RUN_H
#define GAUNTLET_CMD_RUN_H

int gnt_cmd_run(int argc, char **argv);

#define GNT_RUN_COMMAND                                                                            \
        {                                                                                          \
                .name = "run", .run = gnt_cmd_run, .summary = GNT_RUN_SUMMARY,                    \
                .usage = GNT_RUN_USAGE, .help = GNT_RUN_HELP,                                      \
        }

#define GNT_RUN_SUMMARY "run one command in the sandbox under limits"
#define GNT_RUN_USAGE "gauntlet run [OPTIONS] -- PROGRAM [ARGS...]"
#define GNT_RUN_HELP \
        "Runs PROGRAM in new user, pid, mount, net, ipc and uts namespaces, on a\n" \
        "read-only view of the system dirs, under cgroup (or rlimit) limits and a\n" \
        "seccomp policy.  See docs/sandbox.md for the mechanisms.\n" \
        "\n" \
        "Options:\n" \
        "  --cpu S            CPU time, all threads and children (default 10)\n" \
        "  --wall S           wall-clock time (default 3 x --cpu)\n" \
        "  --mem MIB          resident memory of all processes (default 256)\n" \
        "  --procs N          processes + threads (default 64)\n" \
        "  --fsize MIB        largest file written (default 64)\n" \
        "  --disk MIB[:FILES] all the run writes: /tmp, rw dirs, workdir; copied\n" \
        "                     back to the host at the end (default 128:8192)\n" \
        "  --output MIB       stdout + stderr captured (default 64)\n" \
        "  --nofile N         open files per process (default 256)\n" \
        "  --cpu-affinity N   pin to CPU N\n" \
        "  --policy P         seccomp policy: strict, build or off (default strict)\n" \
        "  --net M            none or loopback (default none)\n" \
        "  --dir PATH[:rw]    make PATH visible, read-only unless :rw (repeatable)\n" \
        "  --workdir PATH     writable working directory (default: a private /tmp)\n" \
        "  --stdin F, --stdout F, --stderr F   redirections (without --stdin: our own\n" \
        "                     stdin when it is a pipe or a file, else /dev/null)\n" \
        "  --env NAME=VALUE   add to the otherwise empty environment (repeatable)\n" \
        "  --result FILE      write the result record as JSON ('-': stdout), whole,\n" \
        "                     in place of whatever is at FILE\n" \
        "A limit of 0 means none (--disk 0: the default).  With `gauntlet pool`\n" \
        "running (GAUNTLET_POOL), the run takes one of its prepared sandboxes: the\n" \
        "same isolation, in half the time.\n" \
        "\n" \
        "Exit status:\n" \
        "  0  the program ran and its status is ok\n" \
        "  1  the program failed: nonzero-exit, signaled, a limit, violation\n" \
        "  2  usage or setup error (status internal-error)\n" \
        "\n" \
        "Examples:\n" \
        "  gauntlet run -- /bin/true\n" \
        "  gauntlet run --cpu 2 --mem 512 --workdir \"$PWD\" --result r.json -- ./prog\n" \
        "  gauntlet run --net loopback --dir /usr/local/go -- ./server.test\n"

#endif
