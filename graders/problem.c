/* problem.c — names of the problem model's enums, and its release. */
#include "problem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[_GRD_KIND_MAX] = {
        [GRD_CORRECTNESS] = "correctness",
        [GRD_RACE] = "race",
        [GRD_LEAK] = "leak",
        [GRD_BENCH] = "bench",
        [GRD_VET] = "vet",
};

static const char *const lang_names[_GRD_LANG_MAX] = {
        [GRD_LANG_GO] = "go",
        [GRD_LANG_C] = "c",
};

static const char *const cmp_names[_GRD_CMP_MAX] = {
        [GRD_CMP_EXACT] = "exact",
        [GRD_CMP_WHITESPACE] = "whitespace",
        [GRD_CMP_FLOAT] = "float",
        [GRD_CMP_CHECKER] = "checker",
};

static int name_lookup(const char *const *names, int n, const char *name)
{
        for (int i = 0; name && i < n; i++)
                if (strcmp(names[i], name) == 0)
                        return i;
        return -EINVAL;
}

const char *grd_kind_name(enum grd_kind k)
{
        return (unsigned)k < _GRD_KIND_MAX ? kind_names[k] : NULL;
}

int grd_kind_from_name(const char *name)
{
        return name_lookup(kind_names, _GRD_KIND_MAX, name);
}

const char *grd_language_name(enum grd_language l)
{
        return (unsigned)l < _GRD_LANG_MAX ? lang_names[l] : NULL;
}

int grd_language_from_name(const char *name)
{
        return name_lookup(lang_names, _GRD_LANG_MAX, name);
}

const char *grd_comparator_name(enum grd_comparator c)
{
        return (unsigned)c < _GRD_CMP_MAX ? cmp_names[c] : NULL;
}

int grd_comparator_from_name(const char *name)
{
        return name_lookup(cmp_names, _GRD_CMP_MAX, name);
}

static void strv_free(char **v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i]);
        free(v);
}

void grd_problem_release(struct grd_problem *p)
{
        if (!p)
                return;
        free(p->dir);
        free(p->id);
        free(p->title);
        free(p->version);
        strv_free(p->areas, p->n_areas);
        free(p->difficulty);
        free(p->toolchain_min);
        free(p->statement);
        free(p->starter);
        free(p->public_tests);
        free(p->hidden_tests);
        free(p->bench_tests);
        free(p->reference);
        free(p->data_dir);
        for (size_t i = 0; i < p->n_groups; i++) {
                free(p->groups[i].name);
                free(p->groups[i].pattern);
        }
        free(p->groups);
        free(p->io.checker);
        free(p->race_gomaxprocs);
        strv_free(p->benchmarks, p->n_benchmarks);
        free(p->bench_time);
        memset(p, 0, sizeof *p);
}
