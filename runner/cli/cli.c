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
                .usage = "gauntlet pack DIR -o OUTDIR [--sign KEY [--sealed]] [--public-only | --grading-only]",
                .help = "Checks DIR/problem.json (or DIR/assessment.json and every problem it lists)\n"
                        "and writes OUTDIR/ID.public.tar.gz (manifest without secrets, statement,\n"
                        "starter, public tests: for the candidate) and OUTDIR/ID.grading.tar.gz\n"
                        "(the whole folder: for the reviewer).  The same folder always gives the\n"
                        "same bytes (mtime from SOURCE_DATE_EPOCH, else 0).  Names starting with\n"
                        "'.' are left out; symlinks and special files are refused.  Before anything\n"
                        "is written, what can be checked without running is: every mutant's\n"
                        "expect.json, the benchmarks and test groups the manifest names, names\n"
                        "declared twice in the one package of tests and solution; each mistake is\n"
                        "one line, and nothing is written (exit 2).\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output OUTDIR  where to write the bundles (created if missing)\n"
                        "  --sign KEY           sign each bundle with KEY (PREFIX.key of 'gauntlet keygen'),\n"
                        "                       writing BUNDLE.sig beside it\n"
                        "  --sealed             seal the public bundle: only a cover (title, language,\n"
                        "                       minutes, what is graded and how much) can be read; the\n"
                        "                       statement and starter open with a ticket ('gauntlet\n"
                        "                       ticket'); the content key is derived from KEY\n"
                        "  --public-only        write only the public bundle\n"
                        "  --grading-only       write only the grading bundle\n"
                        "\n"
                        "Exit status:\n"
                        "  0  bundles written\n"
                        "  2  bad arguments, invalid problem, or a write failed\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet pack problems/worker-pool -o dist/\n"
                        "  gauntlet pack problems/worker-pool -o dist/ --sign team.key\n"
                        "  gauntlet pack problems/worker-pool -o dist/ --sign team.key --sealed\n",
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
                        "the files with their sizes.  The bundle is checked as 'unpack' would.  A\n"
                        "sealed bundle shows its cover: title, language, minutes, what is graded.\n"
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
                .name = "ticket",
                .run = gnt_cmd_ticket,
                .summary = "issue a candidate's signed ticket for a bundle, or list those issued",
                .usage = "gauntlet ticket BUNDLE --key KEY --candidate NAME [--minutes N] [--from T] [--until T]\n"
                         "                [-o FILE] [--ledger FILE]\n"
                         "       gauntlet ticket --list (--key KEY | --ledger FILE) [--json]",
                .help = "Writes a ticket for one candidate: which bundle (its SHA-256 and public-part\n"
                        "hash), who, how many minutes (default the problem's: more is an\n"
                        "accommodation, no repacking), and the window in which 'gauntlet start\n"
                        "BUNDLE --ticket FILE' may open it; signed with the team's key.  For a\n"
                        "sealed bundle the ticket also carries the key that opens it.  Every ticket\n"
                        "is appended to the team's ledger (default KEY's prefix + .tickets.jsonl).\n"
                        "'gauntlet verify' and 'gauntlet grade' check the ticket a submission carries.\n"
                        "\n"
                        "Options:\n"
                        "  --key KEY          the team's secret key (PREFIX.key of 'gauntlet keygen')\n"
                        "  --candidate NAME   whom it is for (1-127 bytes of text)\n"
                        "  --minutes N        the session's minutes, 1-10080 (default: the problem's)\n"
                        "  --from T           the window opens (default now)\n"
                        "  --until T          the window closes (default --from + 7 days)\n"
                        "                     T: now, +N{m,h,d}, seconds since 1970, YYYY-MM-DD or\n"
                        "                     YYYY-MM-DDTHH:MM[:SS]Z (UTC)\n"
                        "  -o, --output FILE  the ticket file (default ID.NAME.ticket; never overwritten)\n"
                        "  --ledger FILE      the ledger to append to or list\n"
                        "  --list             print the tickets of the ledger\n"
                        "  --json             with --list: a JSON array\n"
                        "\n"
                        "Exit status:\n"
                        "  0  ticket written and recorded (or listed)\n"
                        "  2  bad arguments, a bundle or key that cannot be used, a write failed\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet ticket dist/worker-pool.public.tar.gz --key team.key --candidate ada\n"
                        "  gauntlet ticket dist/worker-pool.public.tar.gz --key team.key --candidate bo \\\n"
                        "      --minutes 135 --from 2026-03-02 --until +3d\n"
                        "  gauntlet ticket --list --key team.key\n",
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
                .usage = "gauntlet report build OUTDIR [--similarity-threshold F] [--require-verified]\n"
                         "                             [--disagree N] [--reviewer NAME]\n"
                         "       gauntlet report merge -o MERGED OUTDIR... [--similarity-threshold F]\n"
                         "                             [--require-verified] [--disagree N]",
                .help = "OUTDIR is the folder `gauntlet grade --report OUTDIR` writes: one folder per\n"
                        "submission (its grading report, JUnit XML, code and session timeline) under\n"
                        "OUTDIR/submissions/.  'build' writes OUTDIR/leaderboard.csv,\n"
                        "leaderboard.json, leaderboard.junit.xml and report.html (self-contained:\n"
                        "open it in any browser) from them.  'merge' copies the submissions of\n"
                        "several OUTDIRs (the shards of `gauntlet grade --shard K/N`) into MERGED and\n"
                        "builds the same report there;\n"
                        "similarity is computed across all of them, and the reviewers' rubric scores\n"
                        "(OUTDIR/reviews/, see `gauntlet review`) are merged: the later review of a\n"
                        "submission by the same reviewer wins.\n"
                        "\n"
                        "Options:\n"
                        "  -o, --output MERGED          the folder merge writes (created if missing)\n"
                        "  --similarity-threshold F     flag pairs sharing at least F (0..1) of either\n"
                        "                               side's code fingerprints (default 0.5)\n"
                        "  --require-verified           rank only submissions that verify; tampered and\n"
                        "                               unverified ones are listed unranked, with why\n"
                        "  --disagree N                 flag submissions whose reviewers' totals or item\n"
                        "                               scores differ by more than N points (default 2)\n"
                        "  --reviewer NAME              build: write only NAME's blind view,\n"
                        "                               OUTDIR/reviews/NAME.html (others' scores of a\n"
                        "                               submission shown once NAME has scored it)\n"
                        "\n"
                        "Exit status:\n"
                        "  0  report written\n"
                        "  1  the report could not be written\n"
                        "  2  bad arguments, not an output folder, folders of different problems or\n"
                        "     rubrics, or a reviews file that does not check (nothing is written)\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet report build out/\n"
                        "  gauntlet report build out/ --reviewer ana\n"
                        "  gauntlet report merge -o all/ shard-1/ shard-2/ shard-3/\n",
        },
        {
                .name = "review",
                .run = gnt_cmd_review,
                .summary = "record a reviewer's rubric scores and notes of graded submissions",
                .usage = "gauntlet review OUTDIR --reviewer NAME --submission S --score ITEM=N...\n"
                         "                       [--item-note ITEM=TEXT...] [--note TEXT] [--disagree N]\n"
                         "       gauntlet review OUTDIR --reviewer NAME --from FILE [--disagree N]\n"
                         "       gauntlet review OUTDIR --reviewer NAME --list",
                .help = "OUTDIR is a batch's output folder (`gauntlet grade --report OUTDIR`) of a\n"
                        "problem with a rubric (\"rubric\" in problem.json, recorded in batch.json).\n"
                        "Records NAME's scores of rubric items, with notes, in OUTDIR/reviews/NAME.json;\n"
                        "scoring again changes only what is given.  A submission S is a candidate's\n"
                        "name, its sha256 or a unique prefix of at least 8 hex digits.  Reviews are\n"
                        "blind: until NAME has scored every item of a submission, nothing here (nor\n"
                        "`gauntlet report build OUTDIR --reviewer NAME`) shows the others' scores of\n"
                        "it.  The leaderboard and report.html (`gauntlet report build`) show the mean\n"
                        "rubric score, the number of reviewers and their disagreements.\n"
                        "\n"
                        "Options:\n"
                        "  --reviewer NAME      who is scoring: lowercase letters, digits, '.', '_', '-'\n"
                        "  --submission S       the submission to score\n"
                        "  --score ITEM=N       N points (0 to the item's points) for rubric item ITEM\n"
                        "  --item-note ITEM=TEXT  a note on one item (empty TEXT removes it)\n"
                        "  --note TEXT          a note on the whole submission (empty TEXT removes it)\n"
                        "  --from FILE          scores of many submissions: JSON {\"reviews\": [...]} or\n"
                        "                       lines SUBMISSION<TAB>ITEM<TAB>SCORE[<TAB>NOTE]\n"
                        "  --list               what NAME has and has not scored\n"
                        "  --disagree N         margin in points for the comparison shown (default 2)\n"
                        "\n"
                        "Exit status:\n"
                        "  0  scores recorded (or listed)\n"
                        "  1  the scores could not be written\n"
                        "  2  bad arguments, unknown submission or item, a score out of range, or a\n"
                        "     reviews file that does not check; nothing is written\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet review out/ --reviewer ana --submission alice --score errors=4 \\\n"
                        "      --score design=3 --note \"clean shutdown, no tests for cancel\"\n"
                        "  gauntlet review out/ --reviewer ana --from scores.tsv\n"
                        "  gauntlet review out/ --reviewer ana --list\n",
        },
        {
                .name = "start",
                .run = gnt_cmd_start,
                .summary = "start a timed session on a problem bundle, folder, or a library pick",
                .usage = "gauntlet start BUNDLE|DIR [--mode take-home|mock] [--workspace DIR] [--pubkey KEY]\n"
                         "       gauntlet start BUNDLE --ticket FILE [--pubkey KEY] [--workspace DIR]\n"
                         "       gauntlet start [--area AREA] [--problem ID] [--minutes M] [--seed N]\n"
                         "       gauntlet start --loop N [--area AREA] [--minutes M] [--seed N]",
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
                        "  --pubkey KEY      require a valid signature by this key (PREFIX.pub), of\n"
                        "                    the bundle and of the ticket\n"
                        "  --ticket FILE     the hiring team's ticket for this bundle: a take-home of\n"
                        "                    the ticket's minutes, inside its window; opens a sealed\n"
                        "                    bundle\n"
                        "  --grading B       grading bundle or folder: the report is shown at the end\n"
                        "                    of a mock session (a library folder is used by default)\n"
                        "  --area AREA       library pick: idiomatic, concurrency, low-level,\n"
                        "                    networking, performance or reliability\n"
                        "  --problem ID      library pick: this problem\n"
                        "  --minutes M       mock only: the time budget instead of the problem's\n"
                        "  --seed N          library pick: make the random choice repeatable\n"
                        "  --loop N          an interview loop: N library problems (1-8) of different\n"
                        "                    areas, one mock round after another, then a combined\n"
                        "                    debrief; --minutes is per round.  'gauntlet start' or\n"
                        "                    'gauntlet resume' in the loop folder goes on with it\n"
                        "  --no-screen       do not open the screen\n"
                        "\n"
                        "Exit status:\n"
                        "  0  the session was created\n"
                        "  2  bad arguments, a bad or unsigned bundle, a ticket for another bundle or\n"
                        "     outside its window, a sealed bundle without a ticket, or the folder holds\n"
                        "     a session; --loop with a take-home, or more rounds than can be drawn\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet start worker-pool.public.tar.gz --pubkey team.pub\n"
                        "  gauntlet start worker-pool.public.tar.gz --ticket worker-pool.ada.ticket\n"
                        "  gauntlet start --area concurrency --minutes 45\n"
                        "  gauntlet start --loop 3 --minutes 30\n",
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
                        "grading report, keeps its debrief (SESSION/report.html and report.json: every\n"
                        "failure with its evidence, the reference solution and a diff to it, the\n"
                        "mistakes the problem is built to catch, each caught or avoided) and prints\n"
                        "the interviewer's follow-up questions (the answers: gauntlet followups\n"
                        "--answers).  A take-home never gets a debrief.  Running submit again after a\n"
                        "crash reseals a missing archive, and grades a mock whose debrief is missing\n"
                        "again.\n"
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
                .name = "followups",
                .run = gnt_cmd_followups,
                .summary = "the follow-up questions of a submitted mock interview",
                .usage = "gauntlet followups [N] [--answers] [--no-evidence] [--session DIR]",
                .help = "After the code, an interviewer asks a few questions aloud: the scheduler,\n"
                        "garbage collection, what escapes to the heap, context cancellation, graceful\n"
                        "shutdown, mocking, gRPC or REST, about this problem and your solution.  Prints\n"
                        "them for a submitted mock session started with its grading parts (from the\n"
                        "library, or with --grading), with evidence from your final code where a\n"
                        "question names it: the compiler's escape analysis (go build -gcflags=-m, run\n"
                        "in the sandbox) of your own files.  Answer aloud first, then compare with the\n"
                        "model answers.  A take-home session has no follow-up questions.\n"
                        "\n"
                        "Options:\n"
                        "  N               only question N (from 1)\n"
                        "  --answers, -a   also print the model answers\n"
                        "  --no-evidence   skip the analysis of your code (faster)\n"
                        "  --session DIR   the session folder (default: found from the current folder)\n"
                        "\n"
                        "Exit status:\n"
                        "  0  shown\n"
                        "  2  no session, a take-home, a mock without grading parts, not submitted yet,\n"
                        "     or no question N\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet followups\n"
                        "  gauntlet followups 2 --answers\n",
        },
        {
                .name = "resume",
                .run = gnt_cmd_resume,
                .summary = "reopen a session after leaving, a crash or a reboot",
                .usage = "gauntlet resume [DIR] [--session DIR] [--no-screen]",
                .help = "Repairs a journal line torn by a crash (dropping only the unfinished line and\n"
                        "recording a 'recovered' entry), records a 'reopen' entry, and opens the screen\n"
                        "(or prints the status when there is no terminal).  The workspace is never\n"
                        "touched.  The clock keeps running while you are away.  A graded mock opens\n"
                        "on its debrief, and its path is printed (debrief: SESSION/report.html).\n"
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
                .name = "history",
                .run = gnt_cmd_history,
                .summary = "the mock sessions practised here, per-area trends, what to practise next",
                .usage = "gauntlet history [--json] [--area AREA]\n"
                         "       gauntlet history --add SESSION_DIR",
                .help = "Every mock session submitted on this machine is recorded in the practice\n"
                        "history ($XDG_DATA_HOME/gauntlet/history, else ~/.local/share/gauntlet/history),\n"
                        "one file per session: problem, areas, date, minutes used, score per grader.\n"
                        "Take-home sessions are never recorded.  Lists the sessions (newest first),\n"
                        "each area's mean over its last 5 graded sessions and its trend, the weakest\n"
                        "area, and a problem of the library to practise next: one of that area never\n"
                        "scored 80 or more, never-attempted ones first.\n"
                        "\n"
                        "Options:\n"
                        "  --json          the same as JSON (format in docs/sessions.md)\n"
                        "  --area AREA     only sessions and trends of that area\n"
                        "  --add DIR       record the submitted mock session in DIR again (after a\n"
                        "                  crash between submit and recording; replaces its record)\n"
                        "\n"
                        "A file in the history folder that is not a record is named on stderr and\n"
                        "skipped.\n"
                        "\n"
                        "Exit status:\n"
                        "  0  shown (or recorded)\n"
                        "  2  bad arguments; --add: not a submitted mock session\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet history\n"
                        "  gauntlet history --area concurrency --json\n",
        },
        {
                .name = "log",
                .run = gnt_cmd_log,
                .summary = "show a session's timeline and replay its snapshots",
                .usage = "gauntlet log [DIR|SUBMISSION] [--session DIR] [--show N [--out DIR | --file PATH]]\n"
                         "       gauntlet log [DIR|SUBMISSION] --diff [FROM:]TO",
                .help = "Lists the journal: start, every test run with its results and snapshot,\n"
                        "pauses, reopens, recoveries and the submit, numbered.  Works on a session\n"
                        "folder or on a sealed submission archive (for reviewers).  A graded mock's\n"
                        "folder ends with the path of its debrief (debrief: SESSION/report.html).\n"
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
                .usage = "gauntlet verify SUBMISSION [--bundle B] [--pubkey KEY] [--candidate NAME] [--quiet]",
                .help = "Checks the journal's hash chain line by line, submission.json against the\n"
                        "journal, every snapshot against its id and blobs, the code against the final\n"
                        "snapshot, the late flag against the times, and with --bundle that the session\n"
                        "started from that problem.  A session started with a ticket: the ticket is\n"
                        "the team's (with --pubkey), for this bundle and candidate, the start fell in\n"
                        "its window and the deadline is start + its minutes.  Each break is reported\n"
                        "with its file and line.  What this proves about time: see docs/sessions.md.\n"
                        "\n"
                        "Options:\n"
                        "  --bundle B        the public or grading bundle (or folder) it must answer\n"
                        "  --pubkey KEY      the team's key: checks the ticket's signature (and the\n"
                        "                    bundle's, with --bundle)\n"
                        "  --candidate NAME  the ticket must be issued to NAME\n"
                        "  --quiet           print only the problems found\n"
                        "\n"
                        "Exit status:\n"
                        "  0  valid\n"
                        "  1  tampered, answers another bundle, or a ticket check failed\n"
                        "  2  bad input: not a readable submission archive, bad arguments\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet verify worker-pool-submission.tar.gz\n"
                        "  gauntlet verify s.tar.gz --bundle worker-pool.grading.tar.gz\n"
                        "  gauntlet verify s.tar.gz --pubkey team.pub --candidate ada\n",
        },
        {
                .name = "grade",
                .run = gnt_cmd_grade,
                .summary = "grade a submission: correctness, races, leaks, benchmarks, vet",
                .usage = "gauntlet grade --bundle GRADING_BUNDLE SUBMISSION [--json FILE] [--junit FILE] [--quick]\n"
                         "                      [--pubkey KEY] [--candidate NAME] [--require-verified]",
                .help = "Builds and runs the submission inside the sandbox against the problem's\n"
                        "public and hidden tests and its reference solution, and prints the score\n"
                        "out of 100 with each grader's verdict and evidence.  SUBMISSION is a\n"
                        "submission archive (ID-submission.tar.gz), an unpacked submission folder,\n"
                        "or a folder of code.  Several submissions, --report or -j grade a batch\n"
                        "(see docs/report.md).  The report format is in docs/grading.md.\n"
                        "\n"
                        "Every submission is first checked as `gauntlet verify --bundle` checks it\n"
                        "(journal chain, record, snapshots, code against the final snapshot, the\n"
                        "bundle it answers, its ticket) and gets an integrity verdict: verified,\n"
                        "unverified (no journal: a plain folder or archive) or tampered (with what\n"
                        "was found).  A tampered submission is still graded, and flagged in the\n"
                        "output, the JSON (\"integrity\") and the JUnit (a failing \"integrity\" case).\n"
                        "Submit time and lateness come from the journal, never from submission.json.\n"
                        "\n"
                        "Options:\n"
                        "  -b, --bundle B   the grading bundle (or problem folder)\n"
                        "  --json FILE      write the full report as JSON\n"
                        "  --junit FILE     write the graders as JUnit XML test cases\n"
                        "  --quick          fewer benchmark pairs (CI)\n"
                        "  --pubkey KEY     the bundle must be signed by KEY, and tickets too\n"
                        "  --candidate NAME the ticket must name NAME (a batch uses the file names)\n"
                        "  --require-verified  exit 1 unless the submission verifies; in a batch,\n"
                        "                   rank only verified ones (the others listed unranked)\n"
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
                        "  1  the submission could not be graded (rejected, or a grader failed), or\n"
                        "     it does not verify and --require-verified was given\n"
                        "  2  bad arguments, or an unreadable bundle or submission\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet grade --bundle worker-pool.grading.tar.gz worker-pool-submission.tar.gz\n"
                        "  gauntlet grade -b problems/worker-pool ./my-code --json report.json --junit junit.xml\n",
        },
        {
                .name = "new",
                .run = gnt_cmd_new,
                .summary = "write a new problem folder that packs and validates as it stands",
                .usage = "gauntlet new problem ID --lang go|c --areas AREA[,AREA]... [-o DIR]",
                .help = "Writes DIR (default: ./ID, which must not exist) holding a complete, tiny\n"
                        "problem: problem.json, statement.md, starter/, reference/, tests (Go:\n"
                        "public, hidden and bench tests; C: public and hidden NAME.in/NAME.ans\n"
                        "cases) and one mutant with its expect.json.  It passes 'gauntlet pack' and\n"
                        "'gauntlet validate' unchanged: replace its parts one by one, validating as\n"
                        "you go (docs/bundle-format.md).\n"
                        "\n"
                        "Options:\n"
                        "  --lang go|c          the language of the solution\n"
                        "  --areas LIST         1-6 of idiomatic, concurrency, low-level, networking,\n"
                        "                       performance, reliability, comma-separated\n"
                        "  -o, --output DIR     the folder to write (default: ./ID)\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet new problem ring-buffer --lang go --areas concurrency,performance\n"
                        "  gauntlet new problem c-tokenizer --lang c --areas low-level -o problems/c-tokenizer\n",
        },
        {
                .name = "validate",
                .run = gnt_cmd_validate,
                .summary = "prove a problem sound: full marks for the reference, declared verdicts for mutants",
                .usage = "gauntlet validate DIR|BUNDLE [--quick] [--verbose] [--mutant NAME]...",
                .help = "Checks first what 'pack' checks without running (each mistake one line,\n"
                        "exit 2).  Then grades the reference solution, which must earn full marks:\n"
                        "when it does not (it does not build, fails its own tests, ...), validation\n"
                        "stops there with its report.  Then every mutant under mutants/ (the\n"
                        "reference overlaid with the mutant's files), which must earn exactly the\n"
                        "verdicts its expect.json declares (\"any\" matches anything) and at least\n"
                        "one fail.  The reference's benchmark binary and the Go build cache are\n"
                        "shared between the gradings.\n"
                        "\n"
                        "Options:\n"
                        "  --quick        fewer benchmark pairs (CI)\n"
                        "  --mutant NAME  grade only this mutant (repeatable); the reference is\n"
                        "                 always graded first\n"
                        "  -v, --verbose  progress, and the full report of every mismatch\n"
                        "  --pubkey KEY   the bundle must be signed by KEY\n"
                        "\n"
                        "Exit status:\n"
                        "  0  every verdict holds\n"
                        "  1  some verdict does not hold, the reference fell short, or a grading failed\n"
                        "  2  bad arguments, an unreadable problem or bundle, or a mistake found\n"
                        "     without running\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet validate problems/worker-pool\n"
                        "  gauntlet validate problems/worker-pool --mutant racy-first-error --mutant leak-parent-watcher\n"
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
