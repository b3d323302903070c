/* fuzz_testoutput.c — benchmark lines, race reports and the leak block on
 * arbitrary bytes: no crash, no leak, parsed figures are sane. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *s = (const char *)data;
        struct grd_bench_line *b = NULL;
        long n = grd_bench_parse(s, size, &b);
        for (long i = 0; i < n; i++) {
                assert(strncmp(b[i].name, "Benchmark", 9) == 0);
                assert(b[i].iterations >= 1);
                assert(b[i].ns_op >= 0 && isfinite(b[i].ns_op));
                assert(b[i].allocs_op >= -1 && b[i].bytes_op >= -1);
        }
        free(b);

        struct grd_races r;
        if (grd_race_parse(s, size, 1024, &r) == 0) {
                assert(!r.text || strlen(r.text) <= 1024 + 32);
                assert((r.n_reports == 0) == (r.text == NULL));
                grd_races_release(&r);
        }
        struct grd_leaks l;
        if (grd_leak_parse(s, size, "0123456789abcdef0123456789abcdef", 1024, &l) == 0) {
                assert(!l.stacks || l.n_leaked > 0);
                grd_leaks_release(&l);
        }
        return 0;
}
