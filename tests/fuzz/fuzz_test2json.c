/* fuzz_test2json.c — the -test.v=test2json stream parser on arbitrary
 * bytes: no crash, no leak, every test has a name and a known status, and
 * outputs stay within their bound. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct grd_gotest g;
        if (grd_gotest_parse((const char *)data, size, 512, &g) < 0)
                return 0;
        for (size_t i = 0; i < g.n_tests; i++) {
                assert(g.tests[i].name && g.tests[i].name[0]);
                assert(!strchr(g.tests[i].name, '/'));
                assert((unsigned)g.tests[i].status < _GRD_TEST_STATUS_MAX);
                assert(!g.tests[i].output || strlen(g.tests[i].output) <= 512 + 64 + GRD_EVIDENCE_MAX);
                assert(grd_gotest_find(&g, g.tests[i].name) == (long)i);
        }
        assert(!g.timed_out || g.panicked);
        grd_gotest_release(&g);
        return 0;
}
