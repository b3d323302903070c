/* poll.c — what a run uses when no cgroup counts it, read from outside:
 * the resident size and CPU time of every process in the run's pid
 * namespace (/proc), the memory files they hold open, and what pid 1
 * handed over (its IPC namespace's SysV shared memory, its /tmp). */
#include "internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* Memory files (memfd_create) a process holds open: their pages are in
 * no resident size until mapped.  Each inode counted once (seen). */
static uint64_t memfd_kib(const char *pid, ino_t *seen, size_t *nseen, size_t max)
{
        char p[300], link[64];
        snprintf(p, sizeof p, "/proc/%s/fd", pid);
        DIR *d = opendir(p);
        if (!d)
                return 0;
        uint64_t kib = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
                ssize_t n = e->d_name[0] == '.' ? -1 : readlinkat(dirfd(d), e->d_name, link, sizeof link - 1);
                struct stat st;
                if (n < 7 || memcmp(link, "/memfd:", 7) != 0 || fstatat(dirfd(d), e->d_name, &st, 0) < 0)
                        continue;
                bool dup = false;
                for (size_t i = 0; i < *nseen && !dup; i++)
                        dup = seen[i] == st.st_ino;
                if (dup)
                        continue;
                if (*nseen < max)
                        seen[(*nseen)++] = st.st_ino;
                kib += (uint64_t)st.st_blocks / 2;
        }
        closedir(d);
        return kib;
}

/* Memory and CPU of every process in the run's pid namespace, from /proc:
 * the fallback when no cgroup counts them.  files: add the memory files
 * the program's processes hold (memory by polling). */
void sbx__tree_scan(ino_t ns, pid_t pid1, bool files, uint64_t *rss_kib, double *cpu_s)
{
        ino_t seen[256];
        size_t nseen = 0;
        *rss_kib = 0;
        *cpu_s = 0;
        DIR *d = opendir("/proc");
        if (!d)
                return;
        long hz = sysconf(_SC_CLK_TCK);
        struct dirent *e;
        char p[300], buf[1024];
        while ((e = readdir(d))) {
                if (e->d_name[0] < '1' || e->d_name[0] > '9')
                        continue;
                struct stat st;
                snprintf(p, sizeof p, "/proc/%s/ns/pid", e->d_name);
                if (stat(p, &st) < 0 || st.st_ino != ns)
                        continue;
                snprintf(p, sizeof p, "/proc/%s/stat", e->d_name);
                int fd = open(p, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        continue;
                ssize_t n = read(fd, buf, sizeof buf - 1);
                close(fd);
                if (n <= 0)
                        continue;
                buf[n] = '\0';
                char *rp = strrchr(buf, ')');
                unsigned long ut, stt;
                long cut, cst, rss;
                /* fields after ")": state(3) ... utime(14) stime(15) cutime(16)
                 * cstime(17) ... rss(24) */
                if (!rp || sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld "
                                           "%*d %*d %*d %*d %*u %*u %ld", &ut, &stt, &cut, &cst, &rss) != 5)
                        continue;
                double t = (double)(ut + stt);
                if (atoi(e->d_name) == pid1)
                        t += (double)(cut + cst);
                *cpu_s += t / (double)hz;
                *rss_kib += (uint64_t)rss * (uint64_t)(sysconf(_SC_PAGESIZE) / 1024);
                if (files && atoi(e->d_name) != pid1)
                        *rss_kib += memfd_kib(e->d_name, seen, &nseen, sizeof seen / sizeof seen[0]);
        }
        closedir(d);
}

/* SysV shared memory no process has attached (its pages are in nobody's
 * resident size) and what the private /tmp holds, in KiB. */
uint64_t sbx__quota_kib(const struct sbx__run *r)
{
        if (!r->have_quota)
                return 0;
        uint64_t kib = 0;
        struct statfs sf;
        if (fstatfs(r->tmp_fd, &sf) == 0)
                kib += (uint64_t)(sf.f_blocks - sf.f_bfree) * (uint64_t)sf.f_bsize / 1024;
        char buf[16384];
        ssize_t n = pread(r->shm_fd, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
        /* key shmid perms size cpid lpid nattch uid gid cuid cgid atime
         * dtime ctime rss swap, after a header line; the namespace has at
         * most 64 segments (view_finish), so one read holds them. */
        for (char *line = strchr(buf, '\n'); line && *++line; line = strchr(line, '\n')) {
                unsigned long long nattch, rss, swap;
                if (sscanf(line, "%*d %*d %*o %*u %*d %*d %llu %*u %*u %*u %*u %*d %*d %*d %llu %llu",
                           &nattch, &rss, &swap) == 3 && nattch == 0)
                        kib += (rss + swap) / 1024;
        }
        return kib;
}
