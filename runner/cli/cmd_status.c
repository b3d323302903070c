/* cmd_status.c — `gauntlet status`: time left and the last results. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "session_args.h"
#include "session_cli.h"

static void print_json(const struct gnt_session *s)
{
        int64_t now = (int64_t)time(NULL);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "session", s->root);
        cJSON_AddStringToObject(o, "problem", s->id);
        cJSON_AddStringToObject(o, "version", s->version);
        cJSON_AddStringToObject(o, "mode", s->mode);
        cJSON_AddBoolToObject(o, "paused", s->paused);
        cJSON_AddNumberToObject(o, "started", (double)s->started);
        cJSON_AddNumberToObject(o, "deadline", (double)gnt_session_deadline(s, now));
        cJSON_AddNumberToObject(o, "left_s", (double)gnt_session_left(s, now));
        cJSON_AddBoolToObject(o, "submitted", s->submit != NULL);
        cJSON_AddNumberToObject(o, "test_runs", s->n_tests);
        if (s->last_test) {
                cJSON *lt = cJSON_Duplicate(s->last_test->json, 1);
                cJSON_DeleteItemFromObjectCaseSensitive(lt, "snapshot");
                cJSON_AddItemToObject(o, "last_test", lt);
        }
        char *t = cJSON_Print(o);
        if (t)
                puts(t);
        free(t);
        cJSON_Delete(o);
}

int gnt_cmd_status(int argc, char **argv)
{
        struct gnt_session_args a;
        char aerr[1024];
        if (gnt_status_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("status", "%s", aerr);
        const char *dir = a.session;
        bool json = a.json;
        struct gnt_session s;
        int r = gnt_session_cli_open("status", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        if (json)
                print_json(&s);
        else
                gnt_session_status_print(stdout, &s);
        gnt_session_release(&s);
        return GNT_EXIT_OK;
}
