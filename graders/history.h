/* history.h — internal to graders/: what every test did in every run of
 * one grading (the correctness run, each race configuration), and the
 * rules drawn from it: a test that fails in any run fails correctness,
 * a test that hung is not run again, and a test that failed only by
 * leaving goroutines behind is the leak grader's finding, scored once. */
#ifndef GAUNTLET_GRADERS_HISTORY_H
#define GAUNTLET_GRADERS_HISTORY_H

#include "suite.h"

struct grd_history {
        char **names;            /* the grading's tests (not owned) */
        size_t n;
        unsigned *runs, *fails;  /* per test, over every run recorded */
        bool *hung;              /* timed out in some run: never run again */
        bool *leaky;             /* failed only by leaving goroutines behind, in some run */
        bool *failed_elsewhere;  /* failed outside the correctness run (not by a race report) */
        enum grd_test_status *first_status; /* of its first failure outside correctness */
        double *first_elapsed;   /* ... its time */
        char **first_output;     /* ... and its output */
        struct grd_buf *where;   /* per test: "race GOMAXPROCS=2: timeout, 1 of 2 runs; ..." */
        struct grd_buf leaks;    /* leak-shaped failures, every run */
        size_t n_leaky;          /* tests leaky */
        struct grd_buf alone;    /* tests run alone after crossing a synctest bubble */
};

/* 0, -ENOMEM. */
int grd_history_init(struct grd_history *h, char **names, size_t n);
void grd_history_release(struct grd_history *h);
/* Add the results of suite s, which ran the tests names[0..n) (a subset of
 * h's), under label ("correctness", "race GOMAXPROCS=2").  correctness:
 * this is the correctness run, whose results are the tests' own (only
 * the other runs set failed_elsewhere).  0, -ENOMEM. */
int grd_history_add(struct grd_history *h, const char *label, bool correctness, const struct grd_suite *s);
/* The tests not hung so far, into sel (h->n entries); returns how many. */
size_t grd_history_runnable(const struct grd_history *h, char **sel);
/* Fold the other runs into the correctness results t[0..n) (h's order):
 * a test that passed there but failed in another run gets that failure's
 * status and output, and every test that failed somewhere says in how
 * many of its runs, and which.  Returns how many tests it failed. */
size_t grd_history_fold(const struct grd_history *h, struct grd_test_result *t, size_t n);

#endif
