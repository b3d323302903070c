/* warm.h — warm the shared build cache for a problem before its first
 * build: the same sandboxed builds the public test run and the graders
 * make (the same GOCACHE, flags and environment, so the cache keys match),
 * of a copy of the given code staged in a scratch folder.  A session warms
 * in the background while the candidate reads; a batch once before its
 * jobs.  Library code: never prints, never exits (a spawned warm-up is a
 * process of its own, which ends with _exit). */
#ifndef GAUNTLET_WARM_H
#define GAUNTLET_WARM_H

#include <stdbool.h>
#include <stddef.h>

#include "grade.h"
#include "problem.h"

#define GRD_WARM_LOCK "warm.lock"  /* in the cache: one warm-up at a time; in a mark folder: held while it runs */
#define GRD_WARM_NOTE "warm.note"  /* in the mark folder: why the last warm-up failed (one line) */
#define GRD_WARM_STAMPS "warm"     /* in the cache: what was warmed, for which toolchain, when */
#define GRD_WARM_WALL_S 900.0      /* the longest a warm-up may take, waiting for the lock included */

/* The name a problem's files in the cache go by (a warm-up's stamp, the
 * kept test binary of its public runs): ID@VERSION, any byte but letters,
 * digits and "-_.@" as '_', never a leading '.'.  size >= 2; a name longer
 * than GRD_CACHE_NAME_MAX - 1 is cut. */
#define GRD_CACHE_NAME_MAX 160
void grd_cache_name(const struct grd_problem *p, char *ret, size_t size);

/* Which builds to warm. */
enum {
        GRD_WARM_TEST = 1u << 0, /* go test -c, plain: `gauntlet test` and correctness */
        GRD_WARM_RACE = 1u << 1, /* go test -c -race (cgo on): the race grader */
        GRD_WARM_VET = 1u << 2,  /* go vet: the vet grader */
        /* Build even when a stamp says this was warmed in the last day. */
        GRD_WARM_FORCE = 1u << 3,
};

/* Build what (GRD_WARM_*) for p as the graders would, on a copy of the Go
 * package in code_dir (the starter, the reference: never touched) with
 * every test set p carries (a candidate's copy has only the public ones),
 * in the shared cache of o.  First takes <cache>/warm.lock, waiting while
 * another warm-up holds it (so two never build at once); a test run or
 * grading never waits for it.  The whole warm-up, the wait included, ends
 * within wall_s seconds (<= 0: GRD_WARM_WALL_S).  A code that does not
 * compile still warms what its imports need, and is not an error.  On
 * success a stamp in <cache>/warm/ (problem id and version, toolchain,
 * what) lets the next warm-up of the same within a day return at once.
 * Returns 1 when there was nothing to do (a C problem, stamped), 0 when
 * warmed; -ENOENT no Go toolchain or no Go source, -ETIMEDOUT the lock or
 * the builds took too long, -EIO the sandbox failed, -EINVAL bad
 * arguments, -errno; err says why. */
int grd_warm(const struct grd_problem *p, const char *code_dir, const struct grd_options *o, unsigned what,
             double wall_s, char *err, size_t errsz);

/* Run grd_warm(p, code_dir, o, what, 0) in a process of its own and
 * return at once: detached (its own session, no terminal: standard
 * streams on /dev/null, no other descriptor of the caller), adopted by
 * init (the caller never waits for it, and it outlives the caller and its
 * shell), at the lowest priority (nice 19, SCHED_IDLE, idle I/O class).
 * mark_dir/warm.lock is locked before this returns and stays locked
 * until the warm-up ends (grd_warm_running); a failure leaves its reason
 * as one line in mark_dir/warm.note, a success removes that note.
 * Returns 1 when a warm-up for mark_dir is already running (nothing
 * started), 0 when one was started, -errno (err says why). */
int grd_warm_spawn(const struct grd_problem *p, const char *code_dir, const struct grd_options *o, unsigned what,
                   const char *mark_dir, char *err, size_t errsz);

/* Whether a warm-up spawned with mark_dir is running (its lock is held).
 * Never blocks. */
bool grd_warm_running(const char *mark_dir);

#endif
