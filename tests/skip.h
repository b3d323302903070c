/* skip.h — skips that ctest sees: cmocka's skip() alone exits 0, so a
 * skipped case would show as a pass.  A case that cannot run calls
 * SKIP(why), which says why and counts it; main returns
 * SKIP_EXIT(failed, n): the failures, else 77 when all n cases it ran
 * were skipped (the test's ctest entry has SKIP_RETURN_CODE 77). */
#ifndef GAUNTLET_TESTS_SKIP_H
#define GAUNTLET_TESTS_SKIP_H

#include <stddef.h>

static size_t skipped;

#define SKIP(why)                                  \
        do {                                       \
                print_message("skip: %s\n", why); \
                skipped++;                         \
                skip();                            \
        } while (0)

#define SKIP_EXIT(failed, n) ((failed) ? (failed) : skipped == (n) ? 77 : 0)

#endif
