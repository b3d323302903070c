/* lang.c — the languages the graders know: one entry per language driver
 * (lang_go.c, lang_c.c), and vet, which every test driver hands to the
 * language. */
#include "driver.h"

#include <string.h>

static const struct grd_lang *const langs[_GRD_LANG_MAX] = {
        [GRD_LANG_GO] = &grd_lang_go,
        [GRD_LANG_C] = &grd_lang_c,
};

const struct grd_lang *grd_lang_find(enum grd_language id)
{
        return (unsigned)id < _GRD_LANG_MAX ? langs[id] : NULL;
}

const struct grd_lang *grd_lang_of_file(const char *name)
{
        size_t n = strlen(name);
        for (size_t i = 0; i < _GRD_LANG_MAX; i++) {
                size_t k = langs[i] ? strlen(langs[i]->ext) : 0;
                if (k && n > k && strcmp(name + n - k, langs[i]->ext) == 0)
                        return langs[i];
        }
        return NULL;
}

int grd_lang_vet(struct grd_grading *g, struct grd_result *r)
{
        return g->lang->vet(g->c, g->code, &g->build, r);
}
