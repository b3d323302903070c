/* fake_tree.h — build small fake /proc and /sys trees for probe tests. */
#ifndef GAUNTLET_TEST_FAKE_TREE_H
#define GAUNTLET_TEST_FAKE_TREE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p root/rel */
static inline void fake_mkdir(const char *root, const char *rel)
{
        char *p;
        if (asprintf(&p, "%s/%s", root, rel) < 0)
                abort();
        for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
                *s = '\0';
                mkdir(p, 0755);
                *s = '/';
        }
        mkdir(p, 0755);
        free(p);
}

/* Write text into root/rel, creating parent folders. */
static inline void fake_write(const char *root, const char *rel, const char *text)
{
        char *dir = strdup(rel), *p;
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash) {
                *slash = '\0';
                fake_mkdir(root, dir);
        }
        free(dir);
        if (asprintf(&p, "%s/%s", root, rel) < 0)
                abort();
        FILE *f = fopen(p, "we");
        free(p);
        if (!f)
                abort();
        fputs(text, f);
        fclose(f);
}

static inline char *fake_root_new(void)
{
        char tmpl[] = "/tmp/gauntlet-fake-XXXXXX";
        char *d = mkdtemp(tmpl);
        return d ? strdup(d) : NULL;
}

static inline void fake_root_free(char *root)
{
        if (!root)
                return;
        char *cmd;
        if (asprintf(&cmd, "rm -rf '%s'", root) >= 0 && system(cmd) != 0)
                fprintf(stderr, "cannot remove %s\n", root);
        free(cmd);
        free(root);
}

#endif
