/* library.c — scanning a problem library folder. */
#include "library.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "sbx_file.h"

void gnt_library_release(struct gnt_library *l)
{
        for (size_t i = 0; l && i < l->n; i++) {
                struct gnt_lib_problem *p = &l->p[i];
                free(p->dir);
                free(p->id);
                free(p->title);
                free(p->difficulty);
                free(p->language);
                for (size_t k = 0; k < p->n_areas; k++)
                        free(p->areas[k]);
                free(p->areas);
        }
        if (l) {
                free(l->p);
                l->p = NULL;
                l->n = 0;
        }
}

static int cmp_dir(const void *a, const void *b)
{
        const struct gnt_lib_problem *x = a, *y = b;
        return strcmp(x->dir, y->dir);
}

/* Move what the library keeps out of the loaded problem (which is then
 * released without them). */
static int take(struct grd_problem *src, const char *dir, struct gnt_lib_problem *dst)
{
        memset(dst, 0, sizeof *dst);
        dst->dir = strdup(dir);
        dst->id = src->id;
        dst->title = src->title;
        dst->difficulty = src->difficulty;
        dst->language = strdup(grd_language_name(src->lang) ? grd_language_name(src->lang) : "");
        dst->areas = src->areas;
        dst->n_areas = src->n_areas;
        src->id = src->title = src->difficulty = NULL;
        src->areas = NULL;
        src->n_areas = 0;
        return dst->dir && dst->language ? 0 : -ENOMEM;
}

int gnt_library_scan(const char *dir, struct gnt_library *ret, char *err, size_t errsz)
{
        struct gnt_library l = {0};
        DIR *d = opendir(dir);
        if (!d)
                return sbx_errf(err, errsz, -errno, "cannot read the problem library '%s': %s", dir,
                                strerror(errno));
        struct dirent *de;
        int r = 0;
        while (r == 0 && (de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char sub[PATH_MAX], merr[GNT_ERR_MAX];
                if (snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name) >= (int)sizeof sub)
                        continue;
                struct grd_problem p;
                memset(&p, 0, sizeof p);
                if (gnt_manifest_load(sub, &p, merr, sizeof merr) < 0)
                        continue;
                struct gnt_lib_problem *np = realloc(l.p, (l.n + 1) * sizeof *np);
                if (!np) {
                        r = -ENOMEM;
                } else {
                        l.p = np;
                        r = take(&p, sub, &l.p[l.n]);
                        l.n++;
                }
                grd_problem_release(&p);
        }
        closedir(d);
        if (r < 0) {
                gnt_library_release(&l);
                return sbx_errf(err, errsz, r, "out of memory");
        }
        if (l.n)
                qsort(l.p, l.n, sizeof *l.p, cmp_dir);
        *ret = l;
        return 0;
}

bool gnt_lib_problem_has_area(const struct gnt_lib_problem *p, const char *area)
{
        for (size_t i = 0; area && i < p->n_areas; i++)
                if (strcmp(p->areas[i], area) == 0)
                        return true;
        return false;
}

bool gnt_area_known(const char *area)
{
        for (size_t i = 0; area && gnt_manifest_area_names[i]; i++)
                if (strcmp(area, gnt_manifest_area_names[i]) == 0)
                        return true;
        return false;
}
