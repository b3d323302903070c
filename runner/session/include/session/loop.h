/* loop.h — an interview loop: N library problems from different areas,
 * one mock session after another, like an onsite.  A loop is a folder
 * holding loop.json (the plan: the drawn problems, their areas and
 * minutes; written once, atomically) and one ordinary mock session folder
 * per round (round-1/, round-2/, ...).  Its state is never stored: it is
 * derived from the rounds' journals, as a session's is from its journal.
 * The format is in docs/sessions.md ("Interview loops").  No printing. */
#ifndef GAUNTLET_SESSION_LOOP_H
#define GAUNTLET_SESSION_LOOP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gnt_library;
struct gnt_history;

#define GNT_LOOP_PLAN "loop.json"
#define GNT_LOOP_FORMAT 1
/* Rounds in a loop: at most this many. */
#define GNT_LOOP_MAX 8
/* Largest loop.json read (the folder is the candidate's). */
#define GNT_LOOP_PLAN_MAX ((size_t)64 << 10)

enum gnt_loop_round_state {
        GNT_ROUND_NOT_STARTED, /* no round folder, or one whose start never completed */
        GNT_ROUND_RUNNING,     /* started, not submitted */
        GNT_ROUND_SUBMITTED,
};

struct gnt_loop_round {
        char problem[65];      /* the library problem's id */
        char area[32];         /* the area it stands for in this loop */
        double minutes;        /* the round's own minutes */
        /* Derived when the loop is opened. */
        enum gnt_loop_round_state state;
        char dir[PATH_MAX];    /* LOOP/round-N */
};

struct gnt_loop {
        char root[PATH_MAX];   /* the loop folder (absolute) */
        int64_t created;
        long seed;
        char area[32];         /* --area the draw was restricted to; "" none */
        double minutes;        /* --minutes per round; 0: each problem's */
        double total_minutes;  /* the block: the rounds' minutes summed */
        struct gnt_loop_round rounds[GNT_LOOP_MAX];
        size_t n;
        /* Derived: the first round not submitted (n when all are). */
        size_t current;
};

/* What `start --loop N` asked for. */
struct gnt_loop_params {
        size_t n;              /* 1..GNT_LOOP_MAX */
        const char *area;      /* restrict the draw to this area, or NULL */
        double minutes;        /* per round; 0: each problem's own */
        long seed;
};

/* Draw the plan from lib with the practice history h (may be NULL): n
 * different problems; without an area, each round stands for an area no
 * other round has; problems never solved (scored GNT_HISTORY_SOLVED) come
 * before solved ones, then in an order fixed by seed.  Fills ret (root
 * empty, nothing derived).  0; -ERANGE when n rounds cannot be drawn (err
 * says how many can); -errno. */
int gnt_loop_draw(const struct gnt_library *lib, const struct gnt_history *h, const struct gnt_loop_params *p,
                  int64_t now, struct gnt_loop *ret, char *err, size_t errsz);

/* Create the loop folder root (it must not exist, or be empty) and write
 * the plan l into it, whole or not at all.  l->root is set.  0; -EEXIST
 * (root is not empty); -errno (err says what). */
int gnt_loop_create(const char *root, struct gnt_loop *l, char *err, size_t errsz);

/* Parse a plan's text; name is for messages.  Hostile input: every field
 * checked, one line in err saying which and what was expected.  0 or
 * -EINVAL.  Nothing derived. */
int gnt_loop_plan_parse(const char *text, size_t len, const char *name, struct gnt_loop *ret, char *err,
                        size_t errsz);

/* Open the loop at root: read its plan, then derive each round's state
 * from its folder (a round folder must be a real folder, not a symbolic
 * link, and hold the plan's problem as a mock; a round started before the
 * one before it was submitted is refused).  flags as gnt_session_open.
 * 0; -ENOENT (no loop.json there); -EINVAL / -EBADMSG (err says what);
 * -errno. */
int gnt_loop_open(const char *root, unsigned flags, struct gnt_loop *ret, char *err, size_t errsz);

/* Walk up from dir to the first folder holding loop.json: 0 or -ENOENT. */
int gnt_loop_find(const char *dir, char ret_root[PATH_MAX]);
/* The one folder directly below dir holding loop.json: 0, -ENOENT, or
 * -EEXIST when there are several (err names them). */
int gnt_loop_find_below(const char *dir, char ret_root[PATH_MAX], char *err, size_t errsz);
/* The loop a session folder belongs to (its parent holds loop.json and
 * names it as a round): 0 or -ENOENT. */
int gnt_loop_of_session(const char *session_root, char ret_root[PATH_MAX]);

/* "not-started", "running", "submitted". */
const char *gnt_loop_round_state_name(enum gnt_loop_round_state s);

#endif
