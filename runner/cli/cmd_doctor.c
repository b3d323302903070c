/* cmd_doctor.c — `gauntlet doctor`: probe the machine and print the verdict
 * as text or JSON. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_args.h"
#include "cli.h"
#include "commands.h"
#include "doctor.h"
#include "paths.h"
#include "scratch.h"

static const char *yes(bool b)
{
        return b ? "yes" : "no";
}

/* Problems in the library: subfolders holding a problem.json. */
static int count_problems(const char *dir)
{
        DIR *d = opendir(dir);
        if (!d)
                return -1;
        int n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
                char p[4096];
                if (e->d_name[0] != '.' &&
                    snprintf(p, sizeof p, "%s/%s/problem.json", dir, e->d_name) < (int)sizeof p &&
                    access(p, R_OK) == 0)
                        n++;
        }
        closedir(d);
        return n;
}

static void print_text(const struct gnt_doctor *d)
{
        const struct sbx_caps *c = &d->caps;
        printf("user:              %s\n", d->root ? "root" : "unprivileged");
        printf("seccomp filters:   %s\n", yes(c->seccomp));
        printf("user namespaces:   %s (unprivileged: %s)\n", yes(c->userns), yes(c->userns_unpriv));
        printf("pid/net/mount/ipc/uts namespaces: %s/%s/%s/%s/%s\n", yes(c->pidns), yes(c->netns),
               yes(c->mountns), yes(c->ipcns), yes(c->utsns));
        if (c->cgroup2)
                printf("cgroup v2:         %s, controllers: %s%s\n", c->cgroup2_mount,
                       c->cgroup2_controllers[0] ? c->cgroup2_controllers : "(none)",
                       c->cgroup2_delegated ? "" : " (not writable here)");
        else
                printf("cgroup v2:         not mounted\n");
        printf("cgroup v1:         memory %s, pids %s, cpuacct %s, cpuset %s, freezer %s%s\n",
               yes(c->cgroup1_memory), yes(c->cgroup1_pids), yes(c->cgroup1_cpuacct),
               yes(c->cgroup1_cpuset), yes(c->cgroup1_freezer),
               (c->cgroup1_memory && c->cgroup1_pids && !c->cgroup1_writable) ? " (not writable here)" : "");
        if (d->root)
                printf("program's uid:     %s\n", d->idmap_ok ? "its own on the host (idmapped mounts)"
                                                         : "0 on the host, without capabilities");
        else
                printf("program's uid:     yours\n");
        printf("memory limit by:   %s\n", d->memory_by);
        printf("process limit by:  %s\n", d->procs_by);
        if (d->have_go)
                printf("go:                %s (%s)%s\n", d->go.version, d->go.path,
                       d->go_ok ? "" : " too old");
        else
                printf("go:                not found\n");
        printf("go test -race:     %s\n", yes(d->race_ok));
        if (d->have_cc)
                printf("c compiler:        %s (%s), ThreadSanitizer: %s\n", d->cc.path, d->cc.version,
                       yes(d->cc.tsan));
        else
                printf("c compiler:        not found\n");
        int n = count_problems(gnt_path_problems());
        if (n < 0)
                printf("problem library:   %s (missing)\n", gnt_path_problems());
        else
                printf("problem library:   %s (%d problem%s)\n", gnt_path_problems(), n, n == 1 ? "" : "s");
        static const char *const verdict[] = {
                [GNT_CONTAIN_FULL] = "full containment",
                [GNT_CONTAIN_DEGRADED] = "degraded: gauntlet runs, with less than full containment or grading",
                [GNT_CONTAIN_NONE] = "cannot run: gauntlet cannot contain untrusted code here",
        };
        printf("\nverdict: %s\n", verdict[d->containment]);
        for (unsigned i = 0; i < d->n_findings; i++)
                printf("  %s %s\n    fix: %s\n", d->findings[i].fatal ? "x" : "!", d->findings[i].what,
                       d->findings[i].fix);
}

static int print_json(const struct gnt_doctor *d)
{
        const struct sbx_caps *c = &d->caps;
        static const char *const name[] = {"full", "degraded", "none"};
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "containment", name[d->containment]);
        cJSON_AddBoolToObject(o, "root", d->root);
        cJSON_AddBoolToObject(o, "seccomp", c->seccomp);
        cJSON *ns = cJSON_AddObjectToObject(o, "namespaces");
        cJSON_AddBoolToObject(ns, "user", c->userns);
        cJSON_AddBoolToObject(ns, "user_unprivileged", c->userns_unpriv);
        cJSON_AddBoolToObject(ns, "pid", c->pidns);
        cJSON_AddBoolToObject(ns, "net", c->netns);
        cJSON_AddBoolToObject(ns, "mount", c->mountns);
        cJSON_AddBoolToObject(ns, "ipc", c->ipcns);
        cJSON_AddBoolToObject(ns, "uts", c->utsns);
        cJSON *v2 = cJSON_AddObjectToObject(o, "cgroup2");
        cJSON_AddBoolToObject(v2, "mounted", c->cgroup2);
        cJSON_AddStringToObject(v2, "mount", c->cgroup2_mount);
        cJSON_AddStringToObject(v2, "controllers", c->cgroup2_controllers);
        cJSON_AddBoolToObject(v2, "writable", c->cgroup2_delegated);
        cJSON *v1 = cJSON_AddObjectToObject(o, "cgroup1");
        cJSON_AddBoolToObject(v1, "memory", c->cgroup1_memory);
        cJSON_AddBoolToObject(v1, "pids", c->cgroup1_pids);
        cJSON_AddBoolToObject(v1, "cpuacct", c->cgroup1_cpuacct);
        cJSON_AddBoolToObject(v1, "cpuset", c->cgroup1_cpuset);
        cJSON_AddBoolToObject(v1, "freezer", c->cgroup1_freezer);
        cJSON_AddBoolToObject(v1, "writable", c->cgroup1_writable);
        cJSON_AddStringToObject(o, "program_uid", !d->root ? "caller" : d->idmap_ok ? "own" : "root");
        cJSON_AddStringToObject(o, "memory_limit_by", d->memory_by);
        cJSON_AddStringToObject(o, "process_limit_by", d->procs_by);
        cJSON *go = cJSON_AddObjectToObject(o, "go");
        cJSON_AddBoolToObject(go, "found", d->have_go);
        if (d->have_go) {
                cJSON_AddStringToObject(go, "path", d->go.path);
                cJSON_AddStringToObject(go, "version", d->go.version);
        }
        cJSON_AddBoolToObject(go, "supported", d->go_ok);
        cJSON_AddBoolToObject(go, "race", d->race_ok);
        cJSON *cc = cJSON_AddObjectToObject(o, "cc");
        cJSON_AddBoolToObject(cc, "found", d->have_cc);
        if (d->have_cc) {
                cJSON_AddStringToObject(cc, "path", d->cc.path);
                cJSON_AddStringToObject(cc, "version", d->cc.version);
        }
        cJSON_AddBoolToObject(cc, "tsan", d->have_cc && d->cc.tsan);
        cJSON *lib = cJSON_AddObjectToObject(o, "problems");
        cJSON_AddStringToObject(lib, "path", gnt_path_problems());
        cJSON_AddNumberToObject(lib, "count", count_problems(gnt_path_problems()));
        cJSON *f = cJSON_AddArrayToObject(o, "findings");
        for (unsigned i = 0; i < d->n_findings; i++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "severity", d->findings[i].fatal ? "fatal" : "degraded");
                cJSON_AddStringToObject(e, "what", d->findings[i].what);
                cJSON_AddStringToObject(e, "fix", d->findings[i].fix);
                cJSON_AddItemToArray(f, e);
        }
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        if (!s)
                return -1;
        puts(s);
        free(s);
        return 0;
}

int gnt_cmd_doctor(int argc, char **argv)
{
        struct gnt_doctor_args a;
        char err[256];
        if (gnt_doctor_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("doctor", "%s", err);
        bool json = a.json;

        struct gnt_doctor d = {.root = geteuid() == 0};
        if (sbx_probe("/", SBX_PROBE_LIVE, &d.caps) < 0) {
                gnt_error("doctor", "cannot read /proc");
                return GNT_EXIT_USAGE;
        }
        const char *extra[] = {gnt_path_bundled_go(), NULL};
        d.have_go = grd_go_find(extra[0] ? extra : NULL, &d.go) == 0;
        struct grd_scratch scratch = {0};
        bool have_scratch = grd_scratch_create("/tmp", "gauntlet-doctor-", false, &scratch, NULL, 0) == 0;
        d.have_cc = grd_cc_find(have_scratch ? scratch.path : NULL, &d.cc) == 0;
        grd_scratch_release(&scratch);
        /* Runs bind their workdir from TMPDIR and the cache read-write. */
        if (d.root) {
                const char *dirs[] = {grd_scratch_parent(), gnt_path_cache()};
                d.idmap_probed = d.idmap_ok = true;
                for (size_t i = 0; i < 2 && d.idmap_ok; i++)
                        if (dirs[i] && sbx_probe_idmap(dirs[i], d.idmap_why, sizeof d.idmap_why) < 0)
                                d.idmap_ok = false;
        }
        gnt_doctor_assess(&d);
        if (json ? print_json(&d) < 0 : (print_text(&d), 0))
                return GNT_EXIT_USAGE;
        return (int)d.containment;
}
