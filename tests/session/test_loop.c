/* test_loop.c — an interview loop's plan (loop.json) and its rounds: the
 * draw (different problems from different areas, never-solved first,
 * the error when N rounds cannot be drawn), the plan written and read
 * back, and the reader against hostile input: garbage, a wrong N, bad
 * fields, a round folder that is a symbolic link, a file or missing, a
 * round started out of order. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "library.h"
#include "sbx_file.h"
#include "session/history.h"
#include "session/loop.h"

static const char good[] =
        "{\"loop_format\": 1, \"created\": 1700000000, \"seed\": 7, \"area\": null, \"minutes\": 20,"
        " \"total_minutes\": 60, \"n\": 3, \"rounds\": ["
        "{\"problem\": \"worker-pool\", \"area\": \"concurrency\", \"minutes\": 20},"
        "{\"problem\": \"error-classify\", \"area\": \"reliability\", \"minutes\": 20},"
        "{\"problem\": \"http-middleware\", \"area\": \"networking\", \"minutes\": 20}]}";

static int parse(const char *text, struct gnt_loop *l, char *err)
{
        return gnt_loop_plan_parse(text, strlen(text), "loop.json", l, err, 256);
}

static void plan_good(void **state)
{
        (void)state;
        struct gnt_loop l;
        char err[256];
        assert_int_equal(parse(good, &l, err), 0);
        assert_int_equal(l.n, 3);
        assert_int_equal(l.seed, 7);
        assert_int_equal(l.created, 1700000000);
        assert_string_equal(l.rounds[1].problem, "error-classify");
        assert_string_equal(l.rounds[2].area, "networking");
        assert_true(l.minutes == 20 && l.total_minutes == 60);
}

/* The plan with one piece of text replaced. */
static char *with(const char *from, const char *to)
{
        const char *at = strstr(good, from);
        assert_non_null(at);
        char *s = malloc(sizeof good + strlen(to));
        assert_non_null(s);
        sprintf(s, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
        return s;
}

#define REFUSED(text, want)                                                  \
        do {                                                                 \
                struct gnt_loop l_ = {.n = 99};                              \
                char err_[256] = "";                                         \
                assert_int_equal(parse(text, &l_, err_), -EINVAL);           \
                assert_string_equal(err_, want);                             \
                assert_int_equal(l_.n, 99); /* untouched */                  \
        } while (0)

#define REFUSED_WITH(from, to, want)                                         \
        do {                                                                 \
                char *t_ = with(from, to);                                   \
                REFUSED(t_, want);                                           \
                free(t_);                                                    \
        } while (0)

static void plan_hostile(void **state)
{
        (void)state;
        REFUSED("", "loop.json: not JSON");
        REFUSED("\x7f" "ELF\x01\x02", "loop.json: not JSON");
        REFUSED("[1, 2]", "loop.json: not a loop plan (expected a JSON object)");
        REFUSED("{}", "loop.json: loop_format: expected 1");
        REFUSED_WITH("\"loop_format\": 1", "\"loop_format\": 2", "loop.json: loop_format 2: this gauntlet reads format 1");
        /* a wrong N: more rounds than listed, fewer, none, too many */
        REFUSED_WITH("\"n\": 3", "\"n\": 4", "loop.json: rounds: expected an array of n (4) rounds");
        REFUSED_WITH("\"n\": 3", "\"n\": 2", "loop.json: rounds: expected an array of n (2) rounds");
        REFUSED_WITH("\"n\": 3", "\"n\": 0", "loop.json: n: expected 1 to 8 rounds");
        REFUSED_WITH("\"n\": 3", "\"n\": 1e9", "loop.json: n: expected 1 to 8 rounds");
        REFUSED_WITH("\"n\": 3", "\"n\": 2.5", "loop.json: n: expected 1 to 8 rounds");
        REFUSED_WITH("\"n\": 3", "\"n\": \"3\"", "loop.json: n: expected 1 to 8 rounds");
        /* each round's fields */
        REFUSED_WITH("\"worker-pool\"", "\"../../etc\"", "loop.json: rounds[0].problem: expected a problem id");
        REFUSED_WITH("\"worker-pool\"", "\"\"", "loop.json: rounds[0].problem: expected a problem id");
        REFUSED_WITH("\"worker-pool\"", "7", "loop.json: rounds[0].problem: expected a problem id");
        REFUSED_WITH("\"error-classify\"", "\"worker-pool\"", "loop.json: rounds[1].problem: 'worker-pool' is round 1's");
        REFUSED_WITH("\"networking\"", "\"cooking\"",
                     "loop.json: rounds[2].area: expected one of the library's areas");
        REFUSED_WITH("\"minutes\": 20}]", "\"minutes\": 0}]", "loop.json: rounds[2].minutes: expected minutes in (0, 1440]");
        REFUSED_WITH("{\"problem\": \"worker-pool\"", "7, {\"problem\": \"worker-pool\"",
                     "loop.json: rounds: expected an array of n (3) rounds");
        REFUSED_WITH("\"total_minutes\": 60", "\"total_minutes\": 61",
                     "loop.json: total_minutes: expected the rounds' minutes summed (60)");
        REFUSED_WITH("\"area\": null", "\"area\": \"idiomatic\"", "loop.json: rounds[0].area: the loop's area is 'idiomatic'");
        REFUSED_WITH("\"minutes\": 20,", "\"minutes\": -1,", "loop.json: minutes: expected 0 or minutes in (0, 1440]");
        REFUSED_WITH("\"seed\": 7", "\"seed\": null", "loop.json: seed: expected an integer");
}

static char dir[] = "/tmp/gauntlet-test-loop.XXXXXX";

static void put(const char *name, const char *text)
{
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        assert_int_equal(sbx_file_write_atomic(p, NULL, 0, text, strlen(text), 0644, 0), 0);
}

/* A shell command run in the scratch folder. */
static void sh(const char *what)
{
        char cmd[PATH_MAX * 2];
        snprintf(cmd, sizeof cmd, "cd '%s' && %s", dir, what);
        assert_int_equal(system(cmd), 0);
}

static int open_loop(struct gnt_loop *l, char *err)
{
        return gnt_loop_open(dir, 0, l, err, 256);
}

static void open_rounds(void **state)
{
        (void)state;
        struct gnt_loop l;
        char err[256] = "";
        assert_int_equal(open_loop(&l, err), -ENOENT);
        put("loop.json", good);
        assert_int_equal(open_loop(&l, err), 0);
        assert_int_equal(l.current, 0); /* no round folder: none started */
        for (size_t i = 0; i < 3; i++)
                assert_int_equal(l.rounds[i].state, GNT_ROUND_NOT_STARTED);
        /* an empty round folder: a start that never completed */
        sh("mkdir round-1");
        assert_int_equal(open_loop(&l, err), 0);
        assert_int_equal(l.rounds[0].state, GNT_ROUND_NOT_STARTED);
        /* a round folder that is a symbolic link (to a real folder) */
        sh("rmdir round-1 && mkdir elsewhere");
        sh("ln -s \"$PWD/elsewhere\" round-1");
        assert_int_equal(open_loop(&l, err), -EINVAL);
        assert_string_equal(err, "round-1: a symbolic link, not a round folder");
        sh("rm round-1 && touch round-1");
        assert_int_equal(open_loop(&l, err), -EINVAL);
        assert_string_equal(err, "round-1: not a folder");
        /* round 1 missing, round 2 holding a journal: damaged or out of order */
        sh("rm round-1 && mkdir -p round-2/.gauntlet");
        put("round-2/.gauntlet/journal.jsonl", "garbage\n");
        assert_int_equal(open_loop(&l, err), -EBADMSG);
        assert_true(strncmp(err, "round-2: ", 9) == 0);
        sh("rm -r round-2");
        /* the plan itself: a symbolic link, garbage, too large */
        sh("mv loop.json plan && ln -s plan loop.json");
        assert_int_equal(open_loop(&l, err), -EINVAL);
        assert_non_null(strstr(err, "a symbolic link"));
        sh("rm loop.json plan");
        put("loop.json", "{\"loop_format\": 1, \"n\":");
        assert_int_equal(open_loop(&l, err), -EINVAL);
        assert_string_equal(err, "loop.json: not JSON");
        char *big = malloc(GNT_LOOP_PLAN_MAX + 2);
        assert_non_null(big);
        memset(big, ' ', GNT_LOOP_PLAN_MAX + 1);
        big[GNT_LOOP_PLAN_MAX + 1] = '\0';
        put("loop.json", big);
        free(big);
        assert_int_equal(open_loop(&l, err), -EINVAL);
        assert_non_null(strstr(err, "too large"));
        sh("rm loop.json");
}

static void create_and_find(void **state)
{
        (void)state;
        struct gnt_loop l, back;
        char err[256], root[PATH_MAX], sub[PATH_MAX + 16], found[PATH_MAX];
        assert_int_equal(parse(good, &l, err), 0);
        snprintf(root, sizeof root, "%s/L", dir);
        assert_int_equal(gnt_loop_create(root, &l, err, sizeof err), 0);
        assert_int_equal(gnt_loop_open(root, 0, &back, err, sizeof err), 0);
        assert_int_equal(back.n, 3);
        assert_string_equal(back.rounds[2].problem, "http-middleware");
        assert_string_equal(back.root, l.root);
        /* a folder that is not empty is never taken over */
        assert_int_equal(gnt_loop_create(root, &l, err, sizeof err), -EEXIST);
        /* found from a round's folder, from below, and from above */
        snprintf(sub, sizeof sub, "%s/round-2", root);
        assert_int_equal(mkdir(sub, 0755), 0);
        assert_int_equal(gnt_loop_find(sub, found), 0);
        assert_string_equal(found, back.root);
        assert_int_equal(gnt_loop_of_session(sub, found), 0);
        assert_string_equal(found, back.root);
        assert_int_equal(gnt_loop_find_below(dir, found, err, sizeof err), 0);
        assert_string_equal(found, back.root);
        snprintf(sub, sizeof sub, "%s/round-4", root); /* the plan has 3 */
        assert_int_equal(mkdir(sub, 0755), 0);
        assert_int_equal(gnt_loop_of_session(sub, found), -ENOENT);
        sh("rm -r L");
}

static char *areas_a[] = {"concurrency", "reliability"};
static char *areas_b[] = {"concurrency"};
static char *areas_c[] = {"networking", "reliability"};
static char *areas_d[] = {"concurrency", "low-level"};

static struct gnt_lib_problem lib_p[] = {
        {.id = "a", .areas = areas_a, .n_areas = 2},
        {.id = "b", .areas = areas_b, .n_areas = 1},
        {.id = "c", .areas = areas_c, .n_areas = 2},
        {.id = "d", .areas = areas_d, .n_areas = 2},
        {.id = "e", .areas = areas_b, .n_areas = 1},
};

static void draw(void **state)
{
        (void)state;
        struct gnt_library lib = {.p = lib_p, .n = 5};
        struct gnt_loop l;
        char err[256];
        for (long seed = 0; seed < 20; seed++) {
                struct gnt_loop_params p = {.n = 3, .minutes = 10, .seed = seed};
                assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), 0);
                assert_int_equal(l.n, 3);
                assert_true(l.total_minutes == 30);
                for (size_t i = 0; i < 3; i++)
                        for (size_t k = 0; k < i; k++) {
                                assert_string_not_equal(l.rounds[i].problem, l.rounds[k].problem);
                                assert_string_not_equal(l.rounds[i].area, l.rounds[k].area);
                        }
        }
        /* the same seed, the same loop */
        struct gnt_loop_params p = {.n = 3, .minutes = 10, .seed = 3};
        struct gnt_loop again;
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), 0);
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &again, err, sizeof err), 0);
        for (size_t i = 0; i < 3; i++)
                assert_string_equal(l.rounds[i].problem, again.rounds[i].problem);
        /* 4 areas in all: a fifth round cannot have one of its own */
        p.n = 5;
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), -ERANGE);
        assert_string_equal(err, "--loop 5: the library's problems cover 4 areas, and each round needs an area of its own");
        p.n = 6;
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), -ERANGE);
        assert_string_equal(err, "--loop 6: the library has 5 problems");
        /* --area: different problems of that area */
        p = (struct gnt_loop_params){.n = 3, .area = "concurrency", .minutes = 10, .seed = 1};
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), 0);
        for (size_t i = 0; i < 3; i++) {
                assert_string_equal(l.rounds[i].area, "concurrency");
                assert_string_not_equal(l.rounds[i].problem, "c");
        }
        p.n = 5;
        assert_int_equal(gnt_loop_draw(&lib, NULL, &p, 5, &l, err, sizeof err), -ERANGE);
        assert_string_equal(err, "--loop 5: the library has 4 problems of area 'concurrency'");
        /* never-solved problems first: with a and b solved, a round of
         * concurrency is d or e, whatever the seed */
        char *ids[] = {"a", "b"};
        struct gnt_history_rec recs[2];
        memset(recs, 0, sizeof recs);
        for (size_t i = 0; i < 2; i++) {
                recs[i].problem_id = ids[i];
                recs[i].graded = true;
                recs[i].score = 95;
        }
        struct gnt_history h = {.r = recs, .n = 2};
        for (long seed = 0; seed < 20; seed++) {
                p = (struct gnt_loop_params){.n = 1, .area = "concurrency", .minutes = 10, .seed = seed};
                assert_int_equal(gnt_loop_draw(&lib, &h, &p, 5, &l, err, sizeof err), 0);
                assert_true(strcmp(l.rounds[0].problem, "d") == 0 || strcmp(l.rounds[0].problem, "e") == 0);
        }
}

static int setup(void **state)
{
        (void)state;
        return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        char cmd[PATH_MAX];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(plan_good),
                cmocka_unit_test(plan_hostile),
                cmocka_unit_test(open_rounds),
                cmocka_unit_test(create_and_find),
                cmocka_unit_test(draw),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
