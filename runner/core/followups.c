/* followups.c — "followups" of problem.json: the questions an interviewer
 * asks after the code, read strictly (unknown keys, unsafe or repeated ids,
 * unknown topics and evidence kinds, over-long text are one error line
 * naming the field).  manifest.c calls the same reader on every load, so
 * validate and pack refuse what this refuses. */
#include "followups.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest_json.h"

const char *const gnt_followup_topics[] = {
        "scheduler", "gc", "escape-analysis", "memory", "context", "concurrency", "grpc-rest", "networking",
        "mocking", "testing", "shutdown", "errors", "performance", "observability", "design", "generics", NULL,
};

static const char *const evidence_names[] = {"escape", NULL};

const char *gnt_followup_evidence_name(enum gnt_followup_evidence e)
{
        return e == GNT_EVIDENCE_ESCAPE ? "escape" : "";
}

/* ^[a-z][a-z0-9_-]{0,31}$: safe in a file name, an argument and a column. */
static bool id_ok(const char *s)
{
        size_t n = strlen(s);
        if (n < 1 || n > GNT_FOLLOWUP_ID_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
                        return false;
        return true;
}

static int parse_item(struct gnt_json_ctx *c, const cJSON *a, const char *sub, bool go, struct gnt_followups *f)
{
        char got_buf[128];
        static const char *const keys[] = {"id", "topic", "question", "answer", "evidence", NULL};
        if (!cJSON_IsObject(a))
                return gnt_json_fail(c, sub, "expected an object, got %s", GOT(a));
        TRY(gnt_json_check_keys(c, a, sub, keys));
        struct gnt_followup *it = &f->items[f->n++];
        TRY(gnt_json_get_string(c, a, "id", sub, true, GNT_FOLLOWUP_ID_MAX, &it->id));
        if (!id_ok(it->id))
                return gnt_json_fail(c, sub, "id: expected lowercase letters, digits, '_' and '-' "
                                             "(^[a-z][a-z0-9_-]{0,31}$), got \"%s\"", it->id);
        for (size_t j = 0; j + 1 < f->n; j++)
                if (strcmp(f->items[j].id, it->id) == 0)
                        return gnt_json_fail(c, sub, "id \"%s\" is used twice", it->id);
        int topic = 0;
        TRY(gnt_json_get_enum(c, a, "topic", sub, true, gnt_followup_topics, &topic));
        if (!(it->topic = strdup(gnt_followup_topics[topic])))
                return -ENOMEM;
        TRY(gnt_json_get_string(c, a, "question", sub, true, GNT_FOLLOWUP_QUESTION_MAX, &it->question));
        TRY(gnt_json_get_string(c, a, "answer", sub, true, GNT_FOLLOWUP_ANSWER_MAX, &it->answer));
        int ev = -1;
        int r = gnt_json_get_enum(c, a, "evidence", sub, false, evidence_names, &ev);
        TRY(r);
        if (r == 0) {
                it->evidence = (enum gnt_followup_evidence)(ev + 1);
                if (it->evidence == GNT_EVIDENCE_ESCAPE && !go)
                        return gnt_json_fail(c, sub, "evidence: \"escape\" needs a Go problem (the Go compiler's "
                                                     "escape analysis)");
        }
        return 0;
}

static int parse_followups(struct gnt_json_ctx *c, const cJSON *v, const char *field, bool go,
                           struct gnt_followups *f)
{
        char got_buf[128], sub[96];
        if (!v)
                return 0;
        if (!cJSON_IsArray(v))
                return gnt_json_fail(c, field, "expected an array of follow-up questions, got %s", GOT(v));
        int n = cJSON_GetArraySize(v);
        if (n < 1 || n > GNT_FOLLOWUPS_MAX)
                return gnt_json_fail(c, field, "expected 1 to %d follow-up questions, got %d", GNT_FOLLOWUPS_MAX, n);
        if (!(f->items = calloc((size_t)n, sizeof *f->items)))
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "%s[%d]", field, i);
                TRY(parse_item(c, a, sub, go, f));
        }
        return 0;
}

int gnt_followups_from_json(const cJSON *v, const char *file, const char *field, bool go, struct gnt_followups *ret,
                            char *err, size_t errsz)
{
        struct gnt_json_ctx c = {.file = file, .err = err, .errsz = errsz};
        struct gnt_followups f = {0};
        int rc = parse_followups(&c, v, field, go, &f);
        if (rc < 0) {
                if (rc == -ENOMEM)
                        gnt_json_fail(&c, NULL, "out of memory");
                gnt_followups_release(&f);
                return rc;
        }
        *ret = f;
        return 0;
}

int gnt_manifest_followups_load(const char *dir, struct gnt_followups *ret, char *err, size_t errsz)
{
        cJSON *root = NULL;
        int r = gnt_manifest_read_json(dir, &root, err, errsz);
        if (r < 0)
                return r;
        const cJSON *lang = cJSON_GetObjectItemCaseSensitive(root, "language");
        bool go = cJSON_IsString(lang) && strcmp(lang->valuestring, "go") == 0;
        r = gnt_followups_from_json(cJSON_GetObjectItemCaseSensitive(root, "followups"), GNT_MANIFEST_NAME,
                                    "followups", go, ret, err, errsz);
        cJSON_Delete(root);
        return r;
}

void gnt_followups_release(struct gnt_followups *f)
{
        if (!f)
                return;
        for (size_t i = 0; i < f->n; i++) {
                free(f->items[i].id);
                free(f->items[i].topic);
                free(f->items[i].question);
                free(f->items[i].answer);
        }
        free(f->items);
        memset(f, 0, sizeof *f);
}
