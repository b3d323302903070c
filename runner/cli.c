/* cli.c — the command table, help texts and dispatch.  A command's help
 * lives here beside its name so `gauntlet help` and the man page can be
 * checked against one list. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_run.h"
#include "commands.h"
#include "version.h"

const struct gnt_command gnt_commands[] = {
        {
                .name = "doctor",
                .run = gnt_cmd_doctor,
                .summary = "show what isolation this machine offers and what gauntlet will use",
                .usage = "gauntlet doctor [--json]",
                .help = "Probes seccomp, user/pid/net/mount namespaces (also for unprivileged users),\n"
                        "cgroup v2 and its controllers, cgroup v1 controllers, the Go toolchain,\n"
                        "`go test -race` support and ThreadSanitizer support of the C compiler, and\n"
                        "as root whether TMPDIR and the cache can be idmapped (so sandboxed programs\n"
                        "get a host uid of their own instead of 0).\n"
                        "\n"
                        "Options:\n"
                        "  --json    print a JSON object instead of text\n"
                        "\n"
                        "Exit status:\n"
                        "  0  full containment is available\n"
                        "  1  gauntlet will run degraded (what is missing is said, with the fix)\n"
                        "  2  gauntlet cannot run here\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet doctor\n"
                        "  gauntlet doctor --json | jq .containment\n",
        },
        {
                .name = "pack",
                .run = gnt_cmd_pack,
                .summary = "validate a problem folder and write its public and grading bundles",
                .usage = "gauntlet pack DIR -o OUTDIR [--sign KEY] [--public-only | --grading-only]",
                .help = "Checks DIR/problem.json (or DIR/assessment.json and every problem it lists)\n"
                        "and writes OUTDIR/ID.public.tar.gz (manifest without secrets, statement,\n"
                        "starter, public tests: for the candidate) and OUTDIR/ID.grading.tar.gz\n"
                        "(the whole folder: for the reviewer).  The same folder always gives the\n"
                        "same bytes (mtime from SOURCE_DATE_EPOCH, else 0).  Names starting with\n"
                        "'.' are left out; symlinks and special files are refused.\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output OUTDIR  where to write the bundles (created if missing)\n"
                        "  --sign KEY           sign each bundle with KEY (PREFIX.key of 'gauntlet keygen'),\n"
                        "                       writing BUNDLE.sig beside it\n"
                        "  --public-only        write only the public bundle\n"
                        "  --grading-only       write only the grading bundle\n"
                        "\n"
                        "Exit status:\n"
                        "  0  bundles written\n"
                        "  2  bad arguments, invalid problem, or a write failed\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet pack problems/worker-pool -o dist/\n"
                        "  gauntlet pack problems/worker-pool -o dist/ --sign team.key\n",
        },
        {
                .name = "unpack",
                .run = gnt_cmd_unpack,
                .summary = "check and extract a bundle into a new folder",
                .usage = "gauntlet unpack BUNDLE -o DIR [--pubkey KEY]",
                .help = "Extracts BUNDLE (.tar.gz, .tar.zst, .tar.xz, .zip, ...) into DIR, which must\n"
                        "not exist or be empty.  Hostile entries (absolute paths, '..', symlinks,\n"
                        "devices, setuid bits, duplicates, names that are not UTF-8, bombs over the\n"
                        "size limits) reject the whole bundle and nothing is left behind.\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output DIR  the folder to create\n"
                        "  --pubkey KEY      require a valid signature (BUNDLE.sig) by KEY\n"
                        "                    (PREFIX.pub of 'gauntlet keygen')\n"
                        "\n"
                        "Exit status:\n"
                        "  0  extracted\n"
                        "  2  bad arguments, a refused or unreadable bundle, or a bad signature\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet unpack worker-pool.public.tar.gz -o worker-pool\n"
                        "  gauntlet unpack worker-pool.public.tar.gz -o wp --pubkey team.pub\n",
        },
        {
                .name = "inspect",
                .run = gnt_cmd_inspect,
                .summary = "show what a bundle holds and whether its signature is valid",
                .usage = "gauntlet inspect BUNDLE|DIR [--json] [--pubkey KEY]",
                .help = "Prints the kind (public or grading), SHA-256, signature status (unsigned,\n"
                        "no key given, valid, INVALID), the manifest summary of every problem, and\n"
                        "the files with their sizes.  The bundle is checked as 'unpack' would.\n"
                        "\n"
                        "Options:\n"
                        "  --json        print a JSON object instead of text\n"
                        "  --pubkey KEY  check the signature against KEY\n"
                        "\n"
                        "Exit status:\n"
                        "  0  the bundle is sound (and, with --pubkey, validly signed)\n"
                        "  1  --pubkey given and the bundle is unsigned or its signature is invalid\n"
                        "  2  bad arguments, or a refused or unreadable bundle\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet inspect dist/worker-pool.grading.tar.gz\n"
                        "  gauntlet inspect dist/worker-pool.public.tar.gz --pubkey team.pub --json\n",
        },
        {
                .name = "keygen",
                .run = gnt_cmd_keygen,
                .summary = "make an Ed25519 key pair for signing bundles",
                .usage = "gauntlet keygen -o PREFIX",
                .help = "Writes PREFIX.key (secret, mode 0600) and PREFIX.pub (public).  Neither may\n"
                        "exist yet.  Sign with 'gauntlet pack --sign PREFIX.key'; candidates and\n"
                        "reviewers check with '--pubkey PREFIX.pub'.\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output PREFIX  path prefix of the two key files\n"
                        "\n"
                        "Exit status:\n"
                        "  0  keys written\n"
                        "  2  bad arguments, or a key file exists or cannot be written\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet keygen -o team\n",
        },
        {
                .name = "pool",
                .run = gnt_cmd_pool,
                .summary = "keep sandboxes prepared so that runs start faster",
                .usage = "gauntlet pool [--size N] [--socket PATH]",
                .help = "Keeps N sandboxes prepared ahead of their runs (namespaces, id maps, the\n"
                        "view's system dirs, cgroups), in the foreground until Ctrl-C or SIGTERM.\n"
                        "Each `gauntlet run` of the same user then takes one, adds what it asks for\n"
                        "(limits, dirs, workdir, policy, network) and uses it once; the result\n"
                        "record says \"prepared\": true.  Same isolation, limits and record as a\n"
                        "run without the pool.  The pool serves only callers of its own uid, user\n"
                        "and mount namespaces and root, under no seccomp filter; any other run, or\n"
                        "one that comes while every sandbox is busy, starts its own sandbox.\n"
                        "On SIGTERM it stops taking runs, lets those in progress end (a second\n"
                        "signal ends them too) and removes every sandbox and the socket.\n"
                        "\n"
                        "Options:\n"
                        "  --size N       sandboxes kept prepared, 1 to 64 (default 2)\n"
                        "  --socket PATH  where to listen (default: see GAUNTLET_POOL)\n"
                        "\n"
                        "Environment:\n"
                        "  GAUNTLET_POOL  the socket `gauntlet run` and `gauntlet pool` use; 'off'\n"
                        "                 for none.  Default $XDG_RUNTIME_DIR/gauntlet/pool.sock,\n"
                        "                 else /run/gauntlet/pool.sock (root) or\n"
                        "                 /tmp/gauntlet-UID/pool.sock.  Its folder must be the\n"
                        "                 user's own with mode 0700 (made so when missing).\n"
                        "\n"
                        "Exit status:\n"
                        "  0  stopped by a signal\n"
                        "  2  bad arguments, a pool already listening there, or no sandbox could be\n"
                        "     prepared (the reason is said)\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet pool &\n"
                        "  gauntlet pool --size 4 --socket /run/gauntlet/judge.sock\n",
        },
        GNT_RUN_COMMAND,
        {
                .name = "report",
                .run = gnt_cmd_report,
                .summary = "rebuild or merge the leaderboard and HTML report of batch gradings",
                .usage = "gauntlet report build OUTDIR [--similarity-threshold F]\n"
                         "       gauntlet report merge -o MERGED OUTDIR... [--similarity-threshold F]",
                .help = "OUTDIR is the folder `gauntlet grade --report OUTDIR` writes: one folder per\n"
                        "submission (its grading report, JUnit XML, code and session timeline) under\n"
                        "OUTDIR/submissions/.  'build' writes OUTDIR/leaderboard.csv,\n"
                        "leaderboard.json and report.html (self-contained: open it in any browser)\n"
                        "from them.  'merge' copies the submissions of several OUTDIRs (the shards of\n"
                        "`gauntlet grade --shard K/N`) into MERGED and builds the same report there;\n"
                        "similarity is computed across all of them.\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output MERGED          the folder merge writes (created if missing)\n"
                        "  --similarity-threshold F     flag pairs sharing at least F (0..1) of either\n"
                        "                               side's code fingerprints (default 0.5)\n"
                        "\n"
                        "Exit status:\n"
                        "  0  report written\n"
                        "  1  the report could not be written\n"
                        "  2  bad arguments, not an output folder, or folders of different problems\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet report build out/\n"
                        "  gauntlet report merge -o all/ shard-1/ shard-2/ shard-3/\n",
        },
        {
                .name = "start",
                .run = gnt_cmd_start,
                .summary = "start a timed session on a problem bundle, folder, or a library pick",
                .usage = "gauntlet start BUNDLE|DIR [--mode take-home|mock] [--workspace DIR] [--pubkey KEY]\n"
                         "       gauntlet start [--area AREA] [--problem ID] [--minutes M] [--seed N]",
                .help = "Creates a session folder (default ./gauntlet-ID): code/ holds the starter code\n"
                        "and the public tests for you to edit, statement.md the problem, and .gauntlet/\n"
                        "the journal and snapshots.  Only the public part of a problem is copied.  The\n"
                        "deadline is fixed now: start + the problem's minutes.  On a terminal the\n"
                        "screen opens; otherwise the next steps are printed.  Without BUNDLE a problem\n"
                        "is picked at random from the shipped library for a mock interview.\n"
                        "\n"
                        "Options:\n"
                        "  --mode M          take-home (default for a bundle) or mock (may pause;\n"
                        "                    default for a library pick)\n"
                        "  --workspace DIR   the session folder to create\n"
                        "  --pubkey KEY      require a valid signature by this key (PREFIX.pub)\n"
                        "  --grading B       grading bundle or folder: the report is shown at the end\n"
                        "                    of a mock session (a library folder is used by default)\n"
                        "  --area AREA       library pick: idiomatic, concurrency, low-level,\n"
                        "                    networking, performance or reliability\n"
                        "  --problem ID      library pick: this problem\n"
                        "  --minutes M       mock only: the time budget instead of the problem's\n"
                        "  --seed N          library pick: make the random choice repeatable\n"
                        "  --no-screen       do not open the screen\n"
                        "\n"
                        "Exit status:\n"
                        "  0  the session was created\n"
                        "  2  bad arguments, a bad or unsigned bundle, or the folder holds a session\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet start worker-pool.public.tar.gz --pubkey team.pub\n"
                        "  gauntlet start --area concurrency --minutes 45\n",
        },
        {
                .name = "test",
                .run = gnt_cmd_test,
                .summary = "run the public tests of the session in the sandbox",
                .usage = "gauntlet test [--session DIR] [--quiet]",
                .help = "Snapshots the workspace, runs the public tests on it in the sandbox, records\n"
                        "the run in the journal and prints per-test results with the failure text.\n"
                        "The session is the one containing the current folder, or --session DIR.\n"
                        "\n"
                        "Options:\n"
                        "  --session DIR   the session folder\n"
                        "  --quiet         results only, no failure text\n"
                        "\n"
                        "Exit status:\n"
                        "  0  every public test passed\n"
                        "  1  a test failed or the code did not build\n"
                        "  2  no session, or the tests could not be run\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet test\n"
                        "  gauntlet test --session ~/gauntlet-worker-pool\n",
        },
        {
                .name = "status",
                .run = gnt_cmd_status,
                .summary = "show the time left and the last test results",
                .usage = "gauntlet status [--session DIR] [--json]",
                .help = "Options:\n"
                        "  --session DIR   the session folder (default: found from the current folder)\n"
                        "  --json          print a JSON object\n"
                        "\n"
                        "Exit status:\n"
                        "  0  shown\n"
                        "  2  no session, or its journal is damaged (the line is named)\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet status\n"
                        "  gauntlet status --json | jq .left_s\n",
        },
        {
                .name = "submit",
                .run = gnt_cmd_submit,
                .summary = "seal the session into ID-submission.tar.gz",
                .usage = "gauntlet submit [--session DIR] [--no-grade]",
                .help = "Takes the final snapshot, records the submit (late, with the overrun, when past\n"
                        "the deadline: a late submit is accepted) and writes the reproducible archive\n"
                        "SESSION/ID-submission.tar.gz: submission.json, journal.jsonl, code/ and the\n"
                        "snapshot blobs.  A mock session with grading at hand then prints the full\n"
                        "grading report.  Running submit again after a crash reseals a missing archive.\n"
                        "\n"
                        "Options:\n"
                        "  --session DIR   the session folder\n"
                        "  --no-grade      do not grade a mock session\n"
                        "\n"
                        "Exit status:\n"
                        "  0  submitted\n"
                        "  1  it was submitted already\n"
                        "  2  no session, or the archive could not be written\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet submit\n",
        },
        {
                .name = "resume",
                .run = gnt_cmd_resume,
                .summary = "reopen a session after leaving, a crash or a reboot",
                .usage = "gauntlet resume [DIR] [--session DIR] [--no-screen]",
                .help = "Repairs a journal line torn by a crash (dropping only the unfinished line and\n"
                        "recording a 'recovered' entry), records a 'reopen' entry, and opens the screen\n"
                        "(or prints the status when there is no terminal).  The workspace is never\n"
                        "touched.  The clock keeps running while you are away.\n"
                        "\n"
                        "Options:\n"
                        "  --session DIR   the session folder (default: found from the current folder)\n"
                        "  --no-screen     print the status instead of opening the screen\n"
                        "\n"
                        "Exit status:\n"
                        "  0  resumed\n"
                        "  2  no session, or its journal is damaged beyond a torn last line\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet resume gauntlet-worker-pool\n",
        },
        {
                .name = "log",
                .run = gnt_cmd_log,
                .summary = "show a session's timeline and replay its snapshots",
                .usage = "gauntlet log [DIR|SUBMISSION] [--session DIR] [--show N [--out DIR | --file PATH]]\n"
                         "       gauntlet log [DIR|SUBMISSION] --diff [FROM:]TO",
                .help = "Lists the journal: start, every test run with its results and snapshot,\n"
                        "pauses, reopens, recoveries and the submit, numbered.  Works on a session\n"
                        "folder or on a sealed submission archive (for reviewers).\n"
                        "\n"
                        "Options:\n"
                        "  --show N        the files of entry N's snapshot; with --out DIR write them\n"
                        "                  there, with --file PATH print that file\n"
                        "  --diff [F:]T    unified diff of the snapshots of entries F and T (default\n"
                        "                  F: the snapshot before T)\n"
                        "  --json          the journal entries as JSON lines\n"
                        "  --session DIR   the session folder\n"
                        "\n"
                        "Exit status:\n"
                        "  0  shown\n"
                        "  1  a snapshot blob is missing or damaged\n"
                        "  2  bad arguments, no session, or a damaged journal\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet log\n"
                        "  gauntlet log worker-pool-submission.tar.gz --diff 5\n"
                        "  gauntlet log --show 3 --file pool.go\n",
        },
        {
                .name = "verify",
                .run = gnt_cmd_verify,
                .summary = "check a submission archive for tampering",
                .usage = "gauntlet verify SUBMISSION [--bundle B [--pubkey KEY]] [--quiet]",
                .help = "Checks the journal's hash chain line by line, submission.json against the\n"
                        "journal, every snapshot against its id and blobs, the code against the final\n"
                        "snapshot, the late flag against the times, and with --bundle that the session\n"
                        "started from that problem.  Each break is reported with its file and line.\n"
                        "This proves internal consistency, not that the times are real: see\n"
                        "docs/sessions.md.\n"
                        "\n"
                        "Options:\n"
                        "  --bundle B      the public or grading bundle (or folder) it must answer\n"
                        "  --pubkey KEY    check the bundle's signature too\n"
                        "  --quiet         print only the problems found\n"
                        "\n"
                        "Exit status:\n"
                        "  0  valid\n"
                        "  1  tampered (or answers another bundle)\n"
                        "  2  bad input: not a readable submission archive, bad arguments\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet verify worker-pool-submission.tar.gz\n"
                        "  gauntlet verify s.tar.gz --bundle worker-pool.grading.tar.gz\n",
        },
        {
                .name = "grade",
                .run = gnt_cmd_grade,
                .summary = "grade a submission: correctness, races, leaks, benchmarks, vet",
                .usage = "gauntlet grade --bundle GRADING_BUNDLE SUBMISSION [--json FILE] [--junit FILE] [--quick]",
                .help = "Builds and runs the submission inside the sandbox against the problem's\n"
                        "public and hidden tests and its reference solution, and prints the score\n"
                        "out of 100 with each grader's verdict and evidence.  SUBMISSION is a\n"
                        "submission archive (ID-submission.tar.gz), an unpacked submission folder,\n"
                        "or a folder of code.  Several submissions, --report or -j grade a batch\n"
                        "(see docs/report.md).  The report format is in docs/grading.md.\n"
                        "\n"
                        "Options:\n"
                        "  -b, --bundle B   the grading bundle (or problem folder)\n"
                        "  --json FILE      write the full report as JSON\n"
                        "  --junit FILE     write the graders as JUnit XML test cases\n"
                        "  --quick          fewer benchmark pairs (CI)\n"
                        "  --pubkey KEY     the bundle must be signed by KEY\n"
                        "  -v, --verbose    progress and the whole evidence on the terminal\n"
                        "  --keep           keep the scratch folder (for debugging a grader)\n"
                        "Batch mode (several submissions, --report, -j or --shard):\n"
                        "  --report OUTDIR  per-submission results, leaderboard and report.html\n"
                        "  -j, --jobs N     gradings at a time (default 1)\n"
                        "  --shard K/N      grade only shard K of N (by content hash)\n"
                        "  --timeout S      stop a grading after S seconds (default 1800)\n"
                        "  --similarity-threshold F   flag code pairs sharing F of either side (0.5)\n"
                        "\n"
                        "Exit status:\n"
                        "  0  graded, whatever the score\n"
                        "  1  the submission could not be graded (rejected, or a grader failed)\n"
                        "  2  bad arguments, or an unreadable bundle or submission\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet grade --bundle worker-pool.grading.tar.gz worker-pool-submission.tar.gz\n"
                        "  gauntlet grade -b problems/worker-pool ./my-code --json report.json --junit junit.xml\n",
        },
        {
                .name = "validate",
                .run = gnt_cmd_validate,
                .summary = "prove a problem sound: full marks for the reference, declared verdicts for mutants",
                .usage = "gauntlet validate DIR|BUNDLE [--quick] [--verbose]",
                .help = "Grades the reference solution, which must earn full marks, and every mutant\n"
                        "under mutants/ (the reference overlaid with the mutant's files), which must\n"
                        "earn exactly the verdicts its expect.json declares (\"any\" matches anything)\n"
                        "and at least one fail.  The reference's benchmark binary and the Go build\n"
                        "cache are shared between the gradings.\n"
                        "\n"
                        "Options:\n"
                        "  --quick        fewer benchmark pairs (CI)\n"
                        "  -v, --verbose  progress, and the full report of every mismatch\n"
                        "  --pubkey KEY   the bundle must be signed by KEY\n"
                        "\n"
                        "Exit status:\n"
                        "  0  every verdict holds\n"
                        "  1  some verdict does not hold, or a grading failed\n"
                        "  2  bad arguments, or an unreadable problem or bundle\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet validate problems/worker-pool\n"
                        "  gauntlet validate dist/worker-pool.grading.tar.gz --quick\n",
        },
        {0},
};

const struct gnt_command *gnt_command_find(const char *name)
{
        for (const struct gnt_command *c = gnt_commands; name && c->name; c++)
                if (strcmp(c->name, name) == 0)
                        return c;
        return NULL;
}

static void usage_all(FILE *f)
{
        fprintf(f, "usage: gauntlet COMMAND [OPTIONS] [ARGS]\n"
                   "       gauntlet help [COMMAND]\n"
                   "       gauntlet --version\n\n"
                   "gauntlet runs timed coding assessments: candidates work through a problem,\n"
                   "submissions are built and tested inside a sandbox and graded.\n\n"
                   "Commands:\n");
        for (const struct gnt_command *c = gnt_commands; c->name; c++)
                fprintf(f, "  %-10s %s\n", c->name, c->summary);
        fprintf(f, "\nRun 'gauntlet help COMMAND' for a command's options and examples.\n");
}

static int help(int argc, char **argv)
{
        if (argc < 2) {
                usage_all(stdout);
                return GNT_EXIT_OK;
        }
        const struct gnt_command *c = gnt_command_find(argv[1]);
        if (!c) {
                fprintf(stderr, "gauntlet help: unknown command '%s'\n", argv[1]);
                return GNT_EXIT_USAGE;
        }
        gnt_command_help(stdout, c);
        return GNT_EXIT_OK;
}

int gnt_main(int argc, char **argv)
{
        if (argc < 2) {
                usage_all(stderr);
                return GNT_EXIT_USAGE;
        }
        const char *name = argv[1];
        if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
                printf("gauntlet %s\n", GAUNTLET_VERSION);
                return GNT_EXIT_OK;
        }
        if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
                return help(argc - 1, argv + 1);
        const struct gnt_command *c = gnt_command_find(name);
        if (!c) {
                fprintf(stderr, "gauntlet: unknown command '%s'\n", name);
                fprintf(stderr, "run 'gauntlet help' for the list of commands\n");
                return GNT_EXIT_USAGE;
        }
        if (gnt_wants_help(argc - 1, argv + 1)) {
                gnt_command_help(stdout, c);
                return GNT_EXIT_OK;
        }
        return c->run(argc - 1, argv + 1);
}
