/* spawn_time.c — time fork+exec+wait of several commands, interleaved
 * round-robin so machine noise hits them alike; print each one's median
 * and its ratio to the first.
 * usage: spawn_time RUNS NAME1 'CMD1 ARGS' NAME2 'CMD2 ARGS' ...
 * (commands are split on spaces; no quoting; leading NAME=VALUE words are
 * set in the command's environment, as env(1) would without its exec). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static int cmp(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

static double run(char **argv)
{
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t p = fork();
        if (p == 0) {
                /* stdin /dev/null too: every command gets the same (a
                 * sandbox passes a pipe or a file through to its program). */
                int fd = open("/dev/null", O_RDWR);
                dup2(fd, 0);
                dup2(fd, 1);
                while (argv[0] && argv[0][0] != '/' && strchr(argv[0], '='))
                        putenv(*argv++);
                execvp(argv[0], argv);
                _exit(127);
        }
        int st;
        waitpid(p, &st, 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                fprintf(stderr, "spawn_time: '%s' failed\n", argv[0]);
                exit(2);
        }
        return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
        if (argc < 4 || argc % 2) {
                fprintf(stderr, "usage: spawn_time RUNS NAME CMD [NAME CMD]...\n");
                return 2;
        }
        int runs = atoi(argv[1]), n = (argc - 2) / 2;
        char **names = calloc((size_t)n, sizeof *names);
        char ***cmds = calloc((size_t)n, sizeof *cmds);
        double **t = calloc((size_t)n, sizeof *t);
        for (int i = 0; i < n; i++) {
                names[i] = argv[2 + 2 * i];
                char *s = strdup(argv[3 + 2 * i]);
                cmds[i] = calloc(64, sizeof **cmds);
                int k = 0;
                for (char *tok = strtok(s, " "); tok && k < 63; tok = strtok(NULL, " "))
                        cmds[i][k++] = tok;
                t[i] = calloc((size_t)runs, sizeof **t);
        }
        for (int i = 0; i < n; i++) /* warm up */
                run(cmds[i]);
        /* SPAWN_GAP_MS (default 0): a pause after every command, so that
         * what a command leaves running (a pool preparing its next
         * sandbox) does not slow the next command's measurement. */
        const char *gap_env = getenv("SPAWN_GAP_MS");
        long gap_ms = gap_env ? atol(gap_env) : 0;
        struct timespec gap = {gap_ms / 1000, (gap_ms % 1000) * 1000000L};
        for (int r = 0; r < runs; r++)
                for (int i = 0; i < n; i++) {
                        t[i][r] = run(cmds[i]);
                        if (gap_ms > 0)
                                nanosleep(&gap, NULL);
                }
        double base = 0;
        printf("%-10s %10s %10s %10s %8s\n", "command", "median_ms", "p10_ms", "p90_ms", "ratio");
        for (int i = 0; i < n; i++) {
                qsort(t[i], (size_t)runs, sizeof **t, cmp);
                double med = t[i][runs / 2];
                if (i == 0)
                        base = med;
                printf("%-10s %10.3f %10.3f %10.3f %7.2fx\n", names[i], med, t[i][runs / 10],
                       t[i][runs * 9 / 10], med / base);
        }
        return 0;
}
