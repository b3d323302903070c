/* hostile.c — the C side of the hostile corpus: one behaviour per mode
 * (`hostile MODE [ARG]`), each trying to break out of or exhaust the
 * sandbox.  Modes that probe a wall exit 0 when the wall held and 3 when
 * it did not; modes that must be stopped by a limit or a kill never exit
 * on their own.  corpus.tsv says what each one must end with. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELD 0
#define BROKEN 3

static const char *arg;

static int m_loop(void)
{
        for (volatile unsigned long i = 0;; i++)
                ;
}

static int m_sleep(void)
{
        for (;;)
                pause();
}

static int m_membomb(void)
{
        for (;;) {
                char *p = malloc(1 << 20);
                if (!p)
                        return HELD;
                memset(p, 1, 1 << 20);
        }
}

static int m_forkbomb(void)
{
        int made = 0;
        for (int i = 0; i < 2000; i++) {
                pid_t p = fork();
                if (p == 0) {
                        pause();
                        _exit(0);
                }
                if (p > 0)
                        made++;
        }
        printf("forked %d\n", made);
        return made <= 64 ? HELD : BROKEN;
}

static void *idle(void *a)
{
        (void)a;
        pause();
        return NULL;
}

static int m_threadbomb(void)
{
        int made = 0;
        for (int i = 0; i < 2000; i++) {
                pthread_t t;
                if (pthread_create(&t, NULL, idle, NULL) == 0)
                        made++;
        }
        printf("threads %d\n", made);
        return made <= 64 ? HELD : BROKEN;
}

/* Double fork + setsid: the grandchild tries to outlive the run and then
 * leave a mark in the workdir. */
static int m_daemon(void)
{
        pid_t p = fork();
        if (p == 0) {
                setsid();
                if (fork() == 0) {
                        prctl(PR_SET_NAME, "hostile-daemon");
                        signal(SIGHUP, SIG_IGN);
                        sleep(3);
                        int fd = open("daemon-was-here", O_WRONLY | O_CREAT, 0644);
                        if (fd >= 0)
                                close(fd);
                        sleep(60);
                        _exit(0);
                }
                _exit(0);
        }
        waitpid(p, NULL, 0);
        return HELD;
}

static int m_diskfill(void)
{
        int fd = open("fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        static char buf[1 << 16];
        memset(buf, 'x', sizeof buf);
        for (;;)
                if (write(fd, buf, sizeof buf) < 0)
                        return HELD;
}

static int m_tmpfill(void)
{
        int fd = open("/tmp/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        static char buf[1 << 16];
        memset(buf, 'x', sizeof buf);
        signal(SIGXFSZ, SIG_IGN);
        for (;;)
                if (write(fd, buf, sizeof buf) < 0)
                        return HELD;
}

static int m_flood(void)
{
        static char buf[1 << 16];
        memset(buf, 'y', sizeof buf);
        for (;;)
                if (write(1, buf, sizeof buf) < 0)
                        return HELD;
}

static int m_nofile(void)
{
        int n = 0;
        while (open("/dev/null", O_RDONLY) >= 0)
                n++;
        printf("opened %d\n", n);
        return n < 300 ? HELD : BROKEN;
}

/* arg: a port on the host's 127.0.0.1 where the test listens. */
static int m_tcp_host(void)
{
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
                return HELD;
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(arg))};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? BROKEN : HELD;
}

/* Must work under --net loopback: listen and connect to ourselves. */
static int m_loopback(void)
{
        int l = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t al = sizeof a;
        if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0 ||
            getsockname(l, (struct sockaddr *)&a, &al) < 0) {
                perror("listen");
                return 1;
        }
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) {
                perror("connect");
                return 1;
        }
        int s = accept(l, NULL, NULL);
        if (s < 0 || write(c, "ping", 4) != 4)
                return 1;
        char buf[8] = {0};
        return read(s, buf, 4) == 4 && memcmp(buf, "ping", 4) == 0 ? 0 : 1;
}

/* arg: a file; print it if we can (the harness checks the output). */
static int m_read(void)
{
        int fd = open(arg, O_RDONLY);
        if (fd < 0)
                return HELD;
        char buf[4096];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0)
                fwrite(buf, 1, (size_t)n, stdout);
        return BROKEN;
}

/* arg: the host path the harness watches (the harness checks it, since
 * inside it names the private /tmp); the others must fail here. */
static int m_write_outside(void)
{
        const char *paths[] = {"/outside", "/usr/outside", "/etc/outside", "/dev/outside",
                               "/proc/sys/kernel/hostname", "/proc/sysrq-trigger"};
        int broken = 0;
        for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
                int fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd >= 0 && write(fd, "x", 1) == 1) {
                        printf("wrote %s\n", paths[i]);
                        broken = 1;
                }
        }
        int fd = open(arg, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0 && write(fd, "x", 1) != 1)
                broken = 1;
        return broken ? BROKEN : HELD;
}

static int m_ptrace(void)
{
        ptrace(PTRACE_ATTACH, getppid(), NULL, NULL);
        return HELD;
}

static int m_kill_all(void)
{
        kill(-1, SIGKILL);
        return HELD;
}

/* Signal every pid we can name: the runner's must be out of reach. */
static int m_signal_runner(void)
{
        kill(getppid(), SIGKILL);
        int hit = 0;
        for (pid_t p = 2; p < 70000; p++)
                if (p != getpid() && kill(p, 0) == 0)
                        hit++;
        printf("reachable %d\n", hit);
        return hit == 0 ? HELD : BROKEN;
}

static int m_mount(void)
{
        mount("none", "/tmp", "tmpfs", 0, NULL);
        return HELD;
}

static int m_unshare(void)
{
        unshare(CLONE_NEWUSER);
        return HELD;
}

static int m_setns(void)
{
        int fd = open("/proc/self/ns/net", O_RDONLY);
        setns(fd, 0);
        return HELD;
}

static int m_bpf(void)
{
        union bpf_attr a;
        memset(&a, 0, sizeof a);
        syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a);
        return HELD;
}

static int m_clone_newuser(void)
{
        long r = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
        if (r == 0)
                _exit(0);
        return HELD;
}

static int m_io_uring(void)
{
        char params[120] = {0};
        long fd = syscall(425 /* io_uring_setup */, 4, params);
        return fd < 0 ? HELD : BROKEN;
}

static int m_keyctl(void)
{
        syscall(SYS_add_key, "user", "k", "v", 1, -2 /* KEY_SPEC_PROCESS_KEYRING */);
        return HELD;
}

static int m_chroot(void)
{
        chroot("/tmp");
        return HELD;
}

static int m_perf(void)
{
        char attr[128] = {0};
        syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);
        return HELD;
}

static int m_userfaultfd(void)
{
        syscall(SYS_userfaultfd, 0);
        return HELD;
}

/* Inject into a terminal: refused by the filter as an escape (and the
 * program has no terminal anyway: setsid, no tty in the view).  The wide
 * variant sets high bits the kernel ignores, to dodge a 64-bit compare. */
static int m_tiocsti_wide(void)
{
        char c = 'x';
        return syscall(SYS_ioctl, 0, 0xffffffff00000000UL | TIOCSTI, &c) == 0 ? BROKEN : HELD;
}

static int m_tioclinux(void)
{
        char sub = 6; /* TIOCL_SETSEL's neighbour: any subcode is refused */
        return ioctl(0, TIOCLINUX, &sub) == 0 ? BROKEN : HELD;
}

static int m_tiocsti(void)
{
        char c = 'x';
        int ok = 0;
        for (int fd = 0; fd < 3; fd++)
                ok += ioctl(fd, TIOCSTI, &c) == 0;
        int tty = open("/dev/tty", O_RDWR);
        if (tty >= 0)
                ok += ioctl(tty, TIOCSTI, &c) == 0;
        return ok ? BROKEN : HELD;
}

/* /proc shows our own namespace only; pid 1's secrets are closed. */
static int m_proc_snoop(void)
{
        DIR *d = opendir("/proc");
        int pids = 0;
        struct dirent *e;
        while (d && (e = readdir(d)))
                if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
                        pids++;
        int leak = open("/proc/1/environ", O_RDONLY) >= 0 || open("/proc/1/mem", O_RDONLY) >= 0;
        char link[64];
        leak |= readlink("/proc/1/root", link, sizeof link) >= 0 || readlink("/proc/1/fd/1", link, sizeof link) >= 0;
        printf("pids %d leak %d\n", pids, leak);
        return pids <= 3 && !leak ? HELD : BROKEN;
}

static int m_env(void)
{
        extern char **environ;
        int n = 0;
        for (char **e = environ; *e; e++) {
                puts(*e);
                n++;
        }
        return n <= 2 ? HELD : BROKEN;
}

/* Run as a setuid-root copy: must not be root on the host or inside. */
static int m_setuid(void)
{
        printf("euid %d\n", (int)geteuid());
        return geteuid() != 0 && setuid(0) < 0 ? HELD : BROKEN;
}

/* Plant links the runner might write through later. */
static int m_symlink(void)
{
        symlink(arg, "out.txt");
        symlink(arg, "result.json");
        return HELD;
}

static int m_personality(void)
{
        return personality(ADDR_NO_RANDOMIZE) < 0 ? HELD : BROKEN;
}

static int m_sys_write(void)
{
        int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_WRONLY);
        int fd2 = open("/proc/sysrq-trigger", O_WRONLY);
        return fd < 0 && fd2 < 0 ? HELD : BROKEN;
}

static int m_rlimit_raise(void)
{
        struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
        return setrlimit(RLIMIT_CPU, &rl) < 0 && setrlimit(RLIMIT_NOFILE, &rl) < 0 ? HELD : BROKEN;
}

static int m_kexec(void)
{
        syscall(SYS_kexec_load, 0, 0, NULL, 0);
        return HELD;
}

/* Memory no process's resident size shows: SysV shared memory made,
 * touched and detached, 16 MiB at a time up to 400 MiB, then held.  The
 * run must end on its memory limit (as root the OOM killer must take
 * this program, never the sandbox's pid 1; unprivileged, polling must
 * count the segments). */
static int m_shm_hide(void)
{
        size_t total = 0;
        for (int i = 0; i < 25; i++) {
                int id = shmget(IPC_PRIVATE, 16 << 20, IPC_CREAT | 0600);
                if (id < 0)
                        break;
                char *p = shmat(id, NULL, 0);
                if (p == (void *)-1)
                        break;
                memset(p, 1, 16 << 20);
                shmdt(p);
                total += 16;
        }
        printf("shm %zu MiB\n", total);
        fflush(stdout);
        sleep(5);
        return BROKEN; /* still alive: the limit did not hold */
}

/* The same with memory files (memfd_create), 8 MiB each, never mapped. */
static int m_memfd_hide(void)
{
        static char buf[1 << 20];
        memset(buf, 1, sizeof buf);
        size_t total = 0;
        for (int i = 0; i < 50; i++) {
                int fd = (int)syscall(SYS_memfd_create, "hide", 0);
                if (fd < 0)
                        break;
                int k = 0;
                while (k < 8 && write(fd, buf, sizeof buf) == (ssize_t)sizeof buf)
                        k++;
                total += (size_t)k;
                if (k < 8)
                        break;
        }
        printf("memfd %zu MiB\n", total);
        fflush(stdout);
        sleep(5);
        return BROKEN;
}

/* The same with files in the private /tmp, 8 MiB at a time. */
static int m_tmp_hide(void)
{
        static char buf[1 << 20];
        memset(buf, 1, sizeof buf);
        size_t total = 0;
        for (int i = 0; i < 50; i++) {
                char p[64];
                snprintf(p, sizeof p, "/tmp/hide-%d", i);
                int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (fd < 0)
                        break;
                int k = 0;
                while (k < 8 && write(fd, buf, sizeof buf) == (ssize_t)sizeof buf)
                        k++;
                close(fd);
                total += (size_t)k;
                if (k < 8)
                        break;
        }
        printf("tmp %zu MiB\n", total);
        fflush(stdout);
        sleep(5);
        return BROKEN;
}

/* Kernel memory in socket buffers: unix stream pairs asking for 4 MiB
 * buffers, filled until they block, all held.  With a memory cgroup it is
 * charged to the run; without one, the buffers keep their default size.
 * Exits 0 whatever it managed (arg: the count of MiB it must not reach,
 * else 3). */
static int m_sock_hide(void)
{
        static char buf[4096];
        size_t total = 0;
        int big = 4 << 20;
        for (int i = 0; i < 480 && total < (400u << 20); i++) {
                int sv[2];
                if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
                        break;
                setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
                setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
                ssize_t n;
                while ((n = write(sv[0], buf, sizeof buf)) > 0)
                        total += (size_t)n;
        }
        if (arg[0] && total >= (size_t)atoi(arg) << 20) {
                printf("sockets %zu MiB\n", total >> 20);
                return BROKEN;
        }
        printf("sockets %zu MiB\n", total >> 20);
        fflush(stdout);
        sleep(5);
        return HELD;
}

/* inotify instances are counted per user up to the caller's uid: a run
 * may take only a few. */
static int m_inotify_drain(void)
{
        int n = 0;
        while (n < 100000 && inotify_init1(IN_CLOEXEC) >= 0)
                n++;
        printf("inotify instances %d (%s)\n", n, strerror(errno));
        return n <= 16 ? HELD : BROKEN;
}

/* AIO contexts are one host-wide count (fs.aio-max-nr). */
static int m_aio_drain(void)
{
        int n = 0;
        for (int i = 0; i < 64; i++) {
                unsigned long ctx = 0;
                if (syscall(SYS_io_setup, 1024, &ctx) < 0)
                        break;
                n++;
        }
        printf("aio contexts %d (%s)\n", n, strerror(errno));
        return n == 0 ? HELD : BROKEN;
}

/* AF_VSOCK binds in the host's vsock space from any network namespace. */
static int m_vsock(void)
{
        int fd = socket(40 /* AF_VSOCK */, SOCK_STREAM, 0);
        printf("vsock %d (%s)\n", fd, fd < 0 ? strerror(errno) : "open");
        return fd < 0 ? HELD : BROKEN;
}

/* pid 1 of the sandbox has the program's uid: nothing of it may change. */
static int m_pid1_change(void)
{
        struct rlimit rl = {16, 16};
        int changed = 0;
        if (prlimit(1, RLIMIT_NOFILE, &rl, NULL) == 0)
                changed |= 1;
        if (prlimit(1, RLIMIT_CPU, &rl, NULL) == 0)
                changed |= 2;
        if (setpriority(PRIO_PROCESS, 1, 19) == 0)
                changed |= 4;
        if (setpriority(PRIO_USER, 0, 19) == 0)
                changed |= 8;
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(0, &set);
        if (sched_setaffinity(1, sizeof set, &set) == 0)
                changed |= 16;
        int fd = open("/proc/1/oom_score_adj", O_WRONLY);
        if (fd >= 0 && write(fd, "1000", 4) == 4)
                changed |= 32;
        printf("changed %#x\n", changed);
        return changed ? BROKEN : HELD;
}

/* What the program may read about its supervisor and the host: nothing
 * of pid 1 (whose command line names the caller's files), nothing of
 * the kernel's command line, config, symbols, timers, slabs or pages. */
static int m_proc_host(void)
{
        static const char *const files[] = {
                "/proc/1/cmdline", "/proc/1/environ", "/proc/1/status", "/proc/cmdline",
                "/proc/config.gz", "/proc/kallsyms", "/proc/timer_list", "/proc/slabinfo",
                "/proc/kpageflags", "/proc/kpagecount", "/proc/sched_debug", "/proc/iomem",
                "/proc/modules", "/proc/keys",
        };
        int leaks = 0;
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
                int fd = open(files[i], O_RDONLY);
                char c;
                if (fd >= 0 && read(fd, &c, 1) == 1) {
                        printf("readable: %s\n", files[i]);
                        leaks++;
                }
                if (fd >= 0)
                        close(fd);
        }
        DIR *d = opendir("/proc");
        struct dirent *e;
        while (d && (e = readdir(d)))
                if (strcmp(e->d_name, "1") == 0) {
                        printf("listed: /proc/1\n");
                        leaks++;
                }
        return leaks ? BROKEN : HELD;
}

/* Set-id bits on anything the program makes, by every call that takes a
 * mode: each must be refused. */
static int m_setid(void)
{
        int made = 0;
        int fd = open("plain", O_WRONLY | O_CREAT | O_TRUNC, 0755);
        if (fd >= 0)
                close(fd);
        if (chmod("plain", 06755) == 0)
                made |= 1;
        if (fchmodat(AT_FDCWD, "plain", 04755, 0) == 0)
                made |= 2;
        fd = open("plain", O_RDONLY);
        if (fd >= 0 && fchmod(fd, 02755) == 0)
                made |= 4;
        if ((fd = open("suid-open", O_WRONLY | O_CREAT, 04755)) >= 0)
                made |= 8;
        if ((fd = creat("sgid-creat", 02755)) >= 0)
                made |= 16;
        if (mkdir("sgid-dir", 02755) == 0)
                made |= 32;
        if (mknod("suid-fifo", S_IFIFO | 04644, 0) == 0)
                made |= 64;
        if (syscall(452 /* fchmodat2 */, AT_FDCWD, "plain", 06755, 0) == 0)
                made |= 128;
        struct stat st;
        if (stat("plain", &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)))
                made |= 256;
        printf("made %#x\n", made);
        return made ? BROKEN : HELD;
}

/* The newest mount API calls: each must end the run as a violation. */
static int m_mount_new(void)
{
        long nr = strcmp(arg, "listmount") == 0 ? 458 : strcmp(arg, "statmount") == 0 ? 457 : 467;
        syscall(nr, -1, "", 0, 0, 0);
        return BROKEN;
}

/* Busy for arg seconds of CPU, then exit 0 (accounting). */
static int m_busy(void)
{
        double want = atof(arg);
        struct timespec t;
        for (;;) {
                for (volatile int i = 0; i < 100000; i++)
                        ;
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
                if ((double)t.tv_sec + (double)t.tv_nsec / 1e9 >= want)
                        return 0;
        }
}

/* Touch arg MiB, hold it a moment, exit 0 (accounting). */
static int m_touch(void)
{
        size_t n = (size_t)atol(arg) << 20;
        char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
                return 1;
        for (size_t i = 0; i < n; i += 4096)
                p[i] = 1;
        usleep(100000);
        return 0;
}

static int m_exit7(void)
{
        return 7;
}

static int m_abort(void)
{
        abort();
}

/* Leave FIFOs where the next run's supervisor may be told to write its
 * record or output, or to read its input (supervisor-paths.sh). */
static int m_plant_fifos(void)
{
        const char *names[] = {"result.json", "out.txt", "in.txt"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                if (mkfifo(names[i], 0666) < 0)
                        return 1;
        return HELD;
}

/* A folder link "sub" to arg, in place of the folder "sub" when there is
 * one: a record or output written at sub/... must not land in arg, an
 * input read there must not come from it. */
static int m_plant_dirlink(void)
{
        rmdir("sub");
        return symlink(arg, "sub") < 0 ? 1 : HELD;
}

/* A directory where the record goes, a forged record inside. */
static int m_plant_dir(void)
{
        if (mkdir("result.json", 0755) < 0)
                return 1;
        FILE *f = fopen("result.json/result.json", "w");
        if (!f)
                return 1;
        fputs("{\"status\": \"ok\"}\n", f);
        fclose(f);
        return 7;
}

static int forge(void)
{
        unlink("result.json");
        FILE *f = fopen("result.json", "w");
        if (!f)
                return -1;
        fputs("{\"status\": \"ok\", \"exit_code\": 0}\n", f);
        fclose(f);
        return chmod("result.json", 0444);
}

/* A read-only forged record "ok" where the real one goes; exit 7. */
static int m_forge_record(void)
{
        return forge() < 0 ? 1 : 7;
}

/* The same, then the workdir made read-only: the record cannot be put in
 * place (for an unprivileged caller); exit 7. */
static int m_forge_locked(void)
{
        return forge() < 0 || chmod(".", 0555) < 0 ? 1 : 7;
}

/* Rewrite the input through /proc/self/fd/0 (reopened for writing, made
 * 0666), and learn where on the host it lives. */
static int m_stdin_rewrite(void)
{
        char link[512];
        ssize_t n = readlink("/proc/self/fd/0", link, sizeof link - 1);
        link[n > 0 ? n : 0] = '\0';
        printf("stdin: %s\n", link);
        int broken = link[0] == '/' && strcmp(link, "/dev/null") != 0;
        int fd = open("/proc/self/fd/0", O_WRONLY | O_TRUNC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
                printf("reopened the input file for writing\n");
                (void)!write(fd, "rewritten\n", 10);
                (void)fchmod(fd, 0666);
                broken = 1;
        }
        return broken ? BROKEN : HELD;
}

/* What stdin is: its /proc link, and the first line read from it. */
static int m_stdin_kind(void)
{
        char link[512], line[256] = "";
        ssize_t n = readlink("/proc/self/fd/0", link, sizeof link - 1);
        link[n > 0 ? n : 0] = '\0';
        if (!fgets(line, sizeof line, stdin))
                line[0] = '\0';
        line[strcspn(line, "\n")] = '\0';
        printf("stdin: %s %s\n", strncmp(link, "pipe:", 5) == 0 ? "pipe" : link, line);
        return 0;
}

/* ---- the run's disk and what reaches the host (points 8 and 1) ----
 * These exit 0 whatever their calls return: the harness checks the host
 * afterwards (no set-id bit, nothing of root's, the workdir within the
 * disk limit, nothing outside), and the status says whether the disk
 * limit was hit. */

/* 40 files of 8 MiB (320 MiB), in the workdir or in arg. */
static int m_bigfiles(void)
{
        static char buf[1 << 20];
        memset(buf, 'x', sizeof buf);
        if (arg[0] && chdir(arg) < 0)
                return 1;
        size_t total = 0;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
                char p[32];
                snprintf(p, sizeof p, "big-%02d", i);
                int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd < 0) {
                        refused++;
                        continue;
                }
                for (int k = 0; k < 8; k++) {
                        ssize_t n = write(fd, buf, sizeof buf);
                        total += n > 0 ? (size_t)n : 0;
                        if (n != (ssize_t)sizeof buf) {
                                refused++;
                                break;
                        }
                }
                close(fd);
        }
        printf("wrote %zu MiB, %d refused\n", total >> 20, refused);
        return 0;
}

/* 20000 files of one byte. */
static int m_manyfiles(void)
{
        int made = 0;
        for (int i = 0; i < 20000; i++) {
                char p[32];
                snprintf(p, sizeof p, "f%05d", i);
                int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (fd < 0)
                        continue;
                (void)!write(fd, "x", 1);
                close(fd);
                made++;
        }
        printf("made %d files\n", made);
        return 0;
}

/* Set-id files for the host: one chmod 06755, one made by open(O_CREAT)
 * with 06755, a set-gid dir made by mkdir (else by chmod) and what is
 * made in it.  The policies refuse the calls; with --policy off they
 * work in the run's view, and the copy-back must strip the bits. */
static int m_setid_files(void)
{
        umask(0);
        int fd = open("chmodded", O_WRONLY | O_CREAT | O_TRUNC, 0755);
        if (fd >= 0)
                close(fd);
        int r1 = chmod("chmodded", 06755);
        if ((fd = open("created", O_WRONLY | O_CREAT | O_TRUNC, 06755)) >= 0)
                close(fd);
        int r2 = mkdir("sgid-dir", 02775);
        if (r2 < 0 && mkdir("sgid-dir", 0775) == 0)
                r2 = chmod("sgid-dir", 02775);
        mkdir("sgid-dir/sub", 0775);
        if ((fd = open("sgid-dir/file", O_WRONLY | O_CREAT, 02775)) >= 0)
                close(fd);
        static const char *const names[] = {"chmodded", "created", "sgid-dir", "sgid-dir/sub", "sgid-dir/file"};
        int setid = 0;
        struct stat st;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                setid += stat(names[i], &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID));
        printf("set-id in the view: %d (chmod %d, mkdir %d)\n", setid, r1, r2);
        return 0;
}

/* A file of the workdir taken out: a hard link to a file of a read-only
 * dir (arg), a rename and a link to /tmp and to the folder above; each
 * must fail.  A hard link inside the workdir stays one on the host. */
static int m_link_out(void)
{
        int out = 0;
        if (link(arg, "linked") == 0)
                out |= 1;
        int fd = open("moved", O_WRONLY | O_CREAT, 0644);
        if (fd >= 0)
                close(fd);
        if (rename("moved", "/tmp/moved") == 0)
                out |= 2;
        if (rename("moved", "../moved") == 0)
                out |= 4;
        if (link("moved", "../linked") == 0)
                out |= 8;
        if ((fd = open("inside", O_WRONLY | O_CREAT, 0644)) >= 0) {
                (void)!write(fd, "inside\n", 7);
                close(fd);
        }
        if (link("inside", "inside2") < 0)
                out |= 16;
        printf("moved out: %#x\n", out);
        return out ? BROKEN : HELD;
}

/* Links to outside left in the workdir: d to the folder of arg, f to arg
 * itself (written through in the view: the run's own /tmp).  The
 * copy-back makes them links, never follows them. */
static int m_link_dir(void)
{
        char d[512];
        snprintf(d, sizeof d, "%s", arg);
        char *slash = strrchr(d, '/');
        if (slash)
                *slash = '\0';
        if (symlink(d, "d") < 0 || symlink(arg, "f") < 0)
                return 1;
        int fd = open("f", O_WRONLY | O_CREAT, 0644);
        if (fd >= 0)
                close(fd);
        return HELD;
}

/* The next run in that workdir: d made a directory, and arg's name
 * written in it.  A copy-back that followed the host's link d would
 * create arg. */
static int m_through_dir(void)
{
        const char *base = strrchr(arg, '/');
        base = base ? base + 1 : arg;
        char p[512];
        snprintf(p, sizeof p, "d/%s", base);
        if (unlink("d") < 0 || mkdir("d", 0755) < 0)
                return 1;
        int fd = open(p, O_WRONLY | O_CREAT, 0644);
        if (fd < 0)
                return 1;
        close(fd);
        return HELD;
}

static const struct {
        const char *name;
        int (*fn)(void);
} modes[] = {
        {"loop", m_loop}, {"sleep", m_sleep}, {"membomb", m_membomb}, {"forkbomb", m_forkbomb},
        {"threadbomb", m_threadbomb}, {"daemon", m_daemon}, {"diskfill", m_diskfill},
        {"tmpfill", m_tmpfill}, {"flood", m_flood}, {"nofile", m_nofile}, {"tcp-host", m_tcp_host},
        {"loopback", m_loopback}, {"read", m_read}, {"write-outside", m_write_outside},
        {"ptrace", m_ptrace}, {"kill-all", m_kill_all}, {"signal-runner", m_signal_runner},
        {"mount", m_mount}, {"unshare", m_unshare}, {"setns", m_setns}, {"bpf", m_bpf},
        {"clone-newuser", m_clone_newuser}, {"io-uring", m_io_uring}, {"keyctl", m_keyctl},
        {"chroot", m_chroot}, {"perf", m_perf}, {"userfaultfd", m_userfaultfd},
        {"tiocsti", m_tiocsti}, {"tiocsti-wide", m_tiocsti_wide}, {"tioclinux", m_tioclinux},
        {"proc-snoop", m_proc_snoop}, {"env", m_env},
        {"setuid", m_setuid}, {"symlink", m_symlink}, {"personality", m_personality},
        {"sys-write", m_sys_write}, {"rlimit-raise", m_rlimit_raise}, {"kexec", m_kexec},
        {"shm-hide", m_shm_hide}, {"tmp-hide", m_tmp_hide}, {"memfd-hide", m_memfd_hide}, {"sock-hide", m_sock_hide},
        {"inotify-drain", m_inotify_drain}, {"aio-drain", m_aio_drain}, {"vsock", m_vsock},
        {"pid1-change", m_pid1_change}, {"proc-host", m_proc_host}, {"setid", m_setid},
        {"mount-new", m_mount_new},
        {"busy", m_busy}, {"touch", m_touch}, {"exit7", m_exit7}, {"abort", m_abort},
        {"plant-fifos", m_plant_fifos},
        {"plant-dirlink", m_plant_dirlink},
        {"plant-dir", m_plant_dir},
        {"forge-record", m_forge_record},
        {"forge-locked", m_forge_locked},
        {"stdin-rewrite", m_stdin_rewrite},
        {"stdin-kind", m_stdin_kind},
        {"bigfiles", m_bigfiles},
        {"manyfiles", m_manyfiles},
        {"setid-files", m_setid_files},
        {"link-out", m_link_out},
        {"link-dir", m_link_dir},
        {"through-dir", m_through_dir},
};

int main(int argc, char **argv)
{
        if (argc < 2) {
                fprintf(stderr, "usage: hostile MODE [ARG]\n");
                return 2;
        }
        arg = argc > 2 ? argv[2] : "";
        for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
                if (strcmp(modes[i].name, argv[1]) == 0)
                        return modes[i].fn();
        fprintf(stderr, "hostile: unknown mode '%s'\n", argv[1]);
        return 2;
}
