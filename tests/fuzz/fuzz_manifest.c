/* fuzz_manifest.c — libFuzzer target for the problem.json and
 * assessment.json readers.  Oracle beyond "no crash": a manifest that
 * parses must give a public manifest that parses again, as public, with
 * the same id and no secret paths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char err[GNT_ERR_MAX];
        struct grd_problem p = {0};
        if (gnt_manifest_parse((const char *)data, size, "problem.json", &p, err, sizeof err) == 0) {
                char *pub = gnt_manifest_public_json(&p);
                if (!pub)
                        abort();
                struct grd_problem q = {0};
                if (gnt_manifest_parse(pub, strlen(pub), "public.json", &q, err, sizeof err) != 0 || !q.is_public ||
                    strcmp(q.id, p.id) != 0 || q.hidden_tests || q.reference || q.bench_tests || q.data_dir ||
                    q.n_benchmarks || q.n_groups)
                        abort();
                grd_problem_release(&q);
                free(pub);
                grd_problem_release(&p);
        } else if (memchr(err, '\n', strnlen(err, sizeof err))) {
                abort(); /* errors are one line */
        }
        struct gnt_assessment a = {0};
        if (gnt_assessment_parse((const char *)data, size, NULL, &a, err, sizeof err) == 0)
                gnt_assessment_release(&a);
        return 0;
}
