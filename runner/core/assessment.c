/* assessment.c — assessment.json → struct gnt_assessment: several problem
 * folders under one session time limit.  The same strict reader as
 * problem.json (manifest_json.c); the problems themselves are loaded with
 * gnt_manifest_load. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "manifest_json.h"

static int parse_assessment(struct gnt_json_ctx *c, const cJSON *root, void *obj)
{
        struct gnt_assessment *a = obj;
        char got_buf[128], sub[64];
        TRY(gnt_json_get_head(c, root, &a->format, &a->id, &a->title));
        TRY(gnt_json_get_uint(c, root, "minutes", "", true, 1, 1440, &a->minutes));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "problems");
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!v)
                return gnt_json_fail(c, "problems", "missing (expected an array of problem folders)");
        if (n < 1 || n > 64)
                return gnt_json_fail(c, "problems", "expected an array of 1 to 64 problem folders, got %s",
                                     GOT(v));
        a->problems = calloc((size_t)n, sizeof *a->problems);
        if (!a->problems)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
                snprintf(sub, sizeof sub, "problems[%d]", i);
                if (!cJSON_IsString(e) || !gnt_manifest_path_ok(e->valuestring))
                        return gnt_json_fail(c, sub,
                                             "expected a relative path inside the assessment folder, got %s",
                                             GOT(e));
                for (size_t j = 0; j < a->n_problems; j++)
                        if (gnt_json_path_within(a->problems[j], e->valuestring) ||
                            gnt_json_path_within(e->valuestring, a->problems[j]))
                                return gnt_json_fail(c, sub, "\"%s\" overlaps \"%s\"", e->valuestring,
                                                     a->problems[j]);
                if (!(a->problems[a->n_problems] = strdup(e->valuestring)))
                        return -ENOMEM;
                a->n_problems++;
        }
        return 0;
}

/* The folder checks of a load: each problem is a folder holding a
 * problem.json, neither reached through a symlink. */
static int check_assessment(struct gnt_json_ctx *c, int dirfd, const void *obj)
{
        const struct gnt_assessment *a = obj;
        for (size_t i = 0; i < a->n_problems; i++) {
                char field[32], rel[PATH_MAX];
                snprintf(field, sizeof field, "problems[%zu]", i);
                TRY(gnt_json_check_path(c, dirfd, field, a->problems[i], true));
                snprintf(rel, sizeof rel, "%s/%s", a->problems[i], GNT_MANIFEST_NAME);
                TRY(gnt_json_check_path(c, dirfd, field, rel, false));
        }
        return 0;
}

static void release_assessment(void *obj)
{
        gnt_assessment_release(obj);
}

static const char *const assessment_keys[] = {"format", "id", "title", "minutes", "problems", NULL};

static const struct gnt_manifest_kind assessment_kind = {
        .file = GNT_ASSESSMENT_NAME,
        .keys = assessment_keys,
        .size = sizeof(struct gnt_assessment),
        .dir_offset = offsetof(struct gnt_assessment, dir),
        .parse = parse_assessment,
        .check = check_assessment,
        .release = release_assessment,
};

int gnt_assessment_parse(const char *text, size_t len, const char *name, struct gnt_assessment *ret,
                         char *err, size_t errsz)
{
        return gnt_manifest_parse_kind(&assessment_kind, text, len, name, ret, err, errsz);
}

int gnt_assessment_load(const char *dir, struct gnt_assessment *ret, char *err, size_t errsz)
{
        return gnt_manifest_load_kind(&assessment_kind, dir, ret, err, errsz);
}

void gnt_assessment_release(struct gnt_assessment *a)
{
        if (!a)
                return;
        free(a->dir);
        free(a->id);
        free(a->title);
        for (size_t i = 0; i < a->n_problems; i++)
                free(a->problems[i]);
        free(a->problems);
        memset(a, 0, sizeof *a);
}
