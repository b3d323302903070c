/* internal.h — what the sandbox's source files share and nobody else sees:
 * the jail's fields, the seccomp policy tables, cgroup handling, the
 * filesystem view and the status precedence.  Prefix sbx__. */
#ifndef GAUNTLET_SANDBOX_INTERNAL_H
#define GAUNTLET_SANDBOX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "pool.h"
#include "pool_server.h"
#include "probe.h"
#include "sandbox.h"
#include "sbx_file.h"

/* The uid/gid the program has inside its user namespace (never 0: execve
 * as a non-root uid drops every capability). */
#define SBX__INNER_ID 1000
/* A root caller's program has host uid and gid SBX__HOST_ID_BASE + the
 * supervising thread's id (idmap.c): 2130706432 + at most 2^22, a range
 * no distribution gives to accounts or container ranges. */
#define SBX__HOST_ID_BASE 0x7f000000u
#define SBX__HOST_ID_SPAN (1u << 22) /* pid_max's largest value */
/* The PATH a program gets when the jail's environment has none. */
#define SBX__DEFAULT_PATH "PATH=/usr/local/bin:/usr/bin:/bin"

struct sbx__dir {
        char *path;
        bool rw;
};

struct sbx__bpf {
        const void *insns; /* struct sock_filter[] */
        unsigned short len;
        bool notify; /* escape syscalls notify a listener instead of killing */
        bool valid;
};

struct sbx_jail {
        double cpu_s, wall_s;
        uint64_t mem_mib, fsize_mib, output_mib;
        uint64_t disk_mib, disk_files; /* 0: the defaults (sbx_jail_set_disk) */
        unsigned procs, nofile;
        int cpu_affinity;
        enum sbx_policy policy;
        enum sbx_net net;
        struct sbx__dir *dirs;
        size_t ndirs;
        char *workdir;
        char *stdin_path, *stdout_path, *stderr_path;
        int stdin_fd; /* the caller's descriptor to feed stdin from, or -1 */
        char **env; /* NULL-terminated */
        size_t nenv;
        char *pool; /* a pool's socket to try first, or NULL */
};

/* ---- seccomp policies (policy.c) ---- */

enum sbx__action {
        SBX__ALLOW,
        SBX__ERRNO, /* fail with the given errno: for probes programs cope with */
        SBX__KILL,  /* kill the process (status violation): escape attempts */
};

enum sbx__arg {
        SBX__ARG_NONE,
        SBX__ARG_CLONE_NS,    /* clone: any CLONE_NEW* bit in flags */
        SBX__ARG_SOCKET_INET, /* socket: AF_INET or AF_INET6 */
        SBX__ARG_SOCKET_UNIX, /* socket: AF_UNIX */
        SBX__ARG_SOCKET_OTHER,/* socket: any other family up to AF_MAX */
        SBX__ARG_IOCTL_TTY,   /* ioctl: TIOCSTI, TIOCLINUX */
        SBX__ARG_CLONE_PLAIN, /* clone: no CLONE_NEW* bit in flags */
        /* The next two are whole rules: the action for the bad case, and
         * ALLOW for the rest (no unconditional rule of the same syscall
         * may follow). */
        SBX__ARG_SETID,       /* a mode (argument argi) with S_ISUID or S_ISGID */
        SBX__ARG_OTHER_PID,   /* a pid (argument argi) other than 0, the caller */
        SBX__ARG_OTHER_PRIO,  /* setpriority: anything but (PRIO_PROCESS, 0) */
};

struct sbx__rule {
        const char *name;
        enum sbx__action action;
        int err;
        enum sbx__arg arg;
        unsigned char argi; /* the argument SBX__ARG_SETID and _OTHER_PID look at */
};

/* Syscalls newer than libseccomp's tables: their numbers (the same on
 * every architecture since 424), -1 for a name it does not know. */
int sbx__syscall_extra_nr(const char *name);
const char *sbx__syscall_extra_name(int nr);
/* Whether a policy's tables name the syscall (allowed, refused or
 * killed): every syscall the kernel knows must be (tests check it). */
bool sbx__policy_classified(const char *name);

/* The rules of a policy under a network mode, and the action for any
 * syscall not named.  Returns the number of rules; *ret_rules points at a
 * static table. */
size_t sbx__policy_rules(enum sbx_policy p, enum sbx_net n, const struct sbx__rule **ret_rules,
                         enum sbx__action *ret_default, int *ret_default_err);
/* The action a policy takes for a syscall called with no special argument
 * (first matching rule, else the default).  For tests and docs. */
enum sbx__action sbx__policy_lookup(enum sbx_policy p, enum sbx_net n, const char *name);
/* Compile a policy to classic BPF (policy_compile.c); notify: escape syscalls notify a
 * listener instead of killing.  0, or -errno (-EINVAL: a rule libseccomp
 * rejected).  *ret owns a malloc'd program.  Used at build time by
 * policy_gen, and by tests to check the built-in programs are current. */
int sbx__policy_compile(enum sbx_policy p, enum sbx_net n, bool notify, struct sbx__bpf *ret);
/* The program compiled at build time for (p, n), with user notification
 * when the kernel offers it.  NULL for SBX_POLICY_OFF. */
const struct sbx__bpf *sbx__policy_bpf(enum sbx_policy p, enum sbx_net n);
/* Generated at build time (policy_bpf.c): [policy][net][notify]. */
extern const struct sbx__bpf sbx__builtin_bpf[2][_SBX_NET_MAX][2];
/* Native syscall names by number, generated at build time from
 * libseccomp's tables (policy_bpf.c); NULL for unknown numbers. */
extern const char *const sbx__syscall_names[];
extern const int sbx__nsyscalls;
const char *sbx__syscall_name(int nr);
/* Whether the kernel offers seccomp user notifications (read once). */
bool sbx__notify_available(void);
/* Names of the syscalls every policy kills (NULL-terminated). */
extern const char *const sbx__escape_syscalls[];

/* ---- cgroups (cgroup.c) ---- */

struct sbx__cgroup {
        int version; /* 2, 1, or 0 when none is in use */
        char v2[512];
        char mem[512], pids[512], cpuacct[512], freezer[512]; /* v1, "" when unused */
        bool has_mem, has_pids, has_cpu;
        uint64_t oom_before;
        char note[160]; /* why a controller is missing, for the result message */
};

struct sbx__cg_limits {
        uint64_t mem_bytes; /* 0: none */
        unsigned pids;      /* 0: none */
};

/* Create the run's groups below our own in every hierarchy we may write.
 * root_dir is the cgroup filesystem root ("/sys/fs/cgroup" live; tests pass
 * a fake tree), proc_self_cgroup and mounts the files to read.  Fills *cg;
 * returns 0 even when nothing could be created (cg->version 0, note set). */
int sbx__cg_create(struct sbx__cgroup *cg, const char *mounts, const char *proc_self_cgroup,
                   const struct sbx__cg_limits *lim);
/* Write every limit of lim into groups made with others (a pool's
 * prepared groups), a zero as "no limit"; a v1 controller that refuses is
 * given up, as sbx__cg_create does. */
void sbx__cg_set_limits(struct sbx__cgroup *cg, const struct sbx__cg_limits *lim);
/* Move pid into every group of cg (it and its threads).  0 or -errno.
 * Moving a whole process takes the kernel's global threadgroup lock for
 * writing: an RCU grace period (~10 ms here) per run. */
int sbx__cg_attach(const struct sbx__cgroup *cg, pid_t pid);
/* The cheap way in, for cgroup v1: a single-threaded process that writes
 * "0" (itself) to a group's "tasks" file skips that lock (~20 us).  The
 * supervisor opens the files (the kernel checks the opener's rights) and
 * pid 1 writes them before it starts anything.  open_join fills fds (-1
 * for unused slots) and returns how many were opened, 0 when the groups
 * need sbx__cg_attach instead (v2: a thread cannot leave its domain), or
 * -errno; join_self writes them, 0 or -errno. */
#define SBX__CG_JOIN_MAX 3
int sbx__cg_open_join(const struct sbx__cgroup *cg, int fds[SBX__CG_JOIN_MAX]);
int sbx__cg_join_self(const int fds[SBX__CG_JOIN_MAX]);
void sbx__cg_close_join(int fds[SBX__CG_JOIN_MAX]);
/* Remove groups left by killed supervisors beside the run's own groups in
 * every hierarchy where cg has one (off the critical path: the supervisor
 * calls it while pid 1 builds the view). */
void sbx__cg_sweep(const struct sbx__cgroup *cg);
/* CPU time of the whole group in seconds, or -1 when unknown. */
double sbx__cg_cpu(const struct sbx__cgroup *cg);
/* Peak memory in KiB, 0 when unknown. */
uint64_t sbx__cg_peak_kib(const struct sbx__cgroup *cg);
/* Current memory in KiB, 0 when unknown. */
uint64_t sbx__cg_current_kib(const struct sbx__cgroup *cg);
/* true when the kernel's OOM killer acted in the group during the run. */
bool sbx__cg_oom_killed(const struct sbx__cgroup *cg);
/* Kill every process in the groups (freezer first on v1, cgroup.kill on v2)
 * and remove the groups.  Safe to call on a cg with version 0. */
void sbx__cg_destroy(struct sbx__cgroup *cg);

/* Parse a v2 cpu.stat text: usage_usec in seconds, -1 when absent. */
double sbx__cg_parse_cpu_stat(const char *text);
/* Parse "oom_kill N" from memory.events / memory.oom_control text. */
uint64_t sbx__cg_parse_oom_kill(const char *text);

/* ---- filesystem view (mounts.c), run in pid 1 of the new namespaces ---- */

/* The view in two steps.  base: a fresh tmpfs root pivoted into (the
 * host's root still at /oldroot), the system dirs, /etc, /dev, /proc
 * (host_root: the program's uid is the host's root, so /proc/sys and the
 * like are made read-only), the hostname; nothing of a request.  finish:
 * what a run asks for (/etc/alternatives for the build policy, the run's
 * disk with /tmp on it, the dirs and the workdir, the writable ones as
 * overlays with their upper layers on the disk), then the host root
 * detached and the root made read-only.  Dirs and workdir must be
 * resolved host paths; trees: NULL (bind the host paths), or the idmapped
 * trees of the dirs and then the workdir (sbx__idmap_trees).  root_caller:
 * a writable tree that cannot be an overlay fails the run (else it is
 * bound writable, and *note says so).  *ret_disk: the disk (disk.c),
 * for the supervisor.  A direct
 * run does both at once; a pool's prepared sandbox does base ahead of its
 * request, with early: the host root is detached then, and dirs are bound
 * from a detached copy of its tree that pid 1 holds (where the kernel can
 * clone trees out of a detached one).  On failure -errno, and what failed in msg. */
int sbx__view_base(bool host_root, bool early, char *msg, size_t msglen);
int sbx__view_finish(const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                     const int *trees, bool root_caller, int *ret_disk, char *note, size_t notelen,
                     char *msg, size_t msglen);
/* Write text to path (open flags added to O_WRONLY | O_CLOEXEC), or to
 * /proc/PID/NAME.  0 or -errno. */
int sbx__write_text(const char *path, int flags, const char *text);
int sbx__write_proc(pid_t pid, const char *name, const char *text);
/* One-id maps of pid's user namespace: uid_in -> uid_out, gid_in ->
 * gid_out, setgroups denied.  0 or -errno. */
int sbx__map_ids(pid_t pid, unsigned uid_in, unsigned uid_out, unsigned gid_in, unsigned gid_out);

/* ---- the program's host identity for a root caller (idmap.c) ---- */

/* SBX__HOST_ID_BASE + the calling thread's id. */
unsigned sbx__host_id(void);
/* Detached, idmapped copies of dirs[0..ndirs) and then of the workdir
 * when not NULL (their files shown as owned by host_id; read-only: the
 * writable ones are lower layers of overlays, disk.c; nosuid, nodev), into
 * fds.  0, or -errno with why filled and every fd closed. */
int sbx__idmap_trees(const struct sbx__dir *dirs, size_t ndirs, const char *workdir, unsigned host_id,
                     int *fds, char *why, size_t whylen);
void sbx__idmap_close(int *fds, size_t n);
/* Attach a tree made by sbx__idmap_trees at dst (in pid 1's view). */
int sbx__idmap_attach(int fd, const char *dst);

/* Bring lo up in the current network namespace.  0 or -errno. */
int sbx__net_lo_up(void);

/* ---- the run's writable space (disk.c: pid 1; commit.c: supervisor) ---- */

/* The disk limits of a jail, its defaults filled in. */
void sbx__disk_limits(const struct sbx_jail *j, uint64_t *mib, uint64_t *files);
/* Writable trees of a run: its rw dirs in order, then the workdir. */
size_t sbx__disk_ntrees(const struct sbx_jail *j, const char *workdir);
/* pid 1: the run's disk, a tmpfs of the jail's limits attached nowhere,
 * with room for ntrees writable trees.  A descriptor, or -errno and msg. */
int sbx__disk_new(const struct sbx_jail *j, size_t ntrees, char *msg, size_t msglen);
/* pid 1: the disk's tmp/ at /tmp. */
int sbx__disk_tmp(int disk, char *msg, size_t msglen);
/* pid 1: tree k (a dir attached read-only at path) as an overlay there,
 * its upper layer u<k> on the disk. */
int sbx__disk_overlay(int disk, size_t k, const char *path, char *msg, size_t msglen);
/* pid 1: tree k (a file attached at path) as a copy on the disk, u<k>,
 * bound over it. */
int sbx__disk_file(int disk, size_t k, const char *path, char *msg, size_t msglen);
/* The disk has no block or no inode left. */
bool sbx__disk_full(int disk);

/* A writable tree on the host, opened by the supervisor before the run:
 * a directory, or a file (then fd is its folder). */
struct sbx__wtree {
        const char *path; /* for messages; the caller's string */
        int fd;
        char *name;       /* a file's name in fd, else NULL */
        bool file;
};
/* The writable trees of dirs (resolved) and workdir, in the disk's order.
 * 0 (*ret NULL when none), or -errno with why filled. */
int sbx__wtrees_open(const struct sbx__dir *dirs, size_t ndirs, const char *workdir, struct sbx__wtree **ret,
                     size_t *ret_n, char *why, size_t whylen);
void sbx__wtrees_close(struct sbx__wtree *t, size_t n);
/* Copy the disk's upper layers back into the trees (commit.c): what is
 * created is owned by owner ((uid_t)-1: ours), never set-uid or set-gid.
 * 0; -EDQUOT when the copy would pass max_bytes or max_files, or the
 * tree is deeper than the copy-back goes; else -errno; why says what. */
int sbx__disk_commit(int disk, const struct sbx__wtree *t, size_t n, uid_t owner, uint64_t max_bytes,
                     uint64_t max_files, char *why, size_t whylen);

/* ---- status precedence (jail.c) ---- */

/* Bits of observed conditions, one per status. */
#define SBX__SEEN(s) (1u << (s))
/* The status to report when the conditions in seen all hold. */
enum sbx_status sbx__status_pick(unsigned seen);

/* ---- one run: supervisor (run.c) and the processes it starts (child.c) ---- */

/* SBX__REP_STARTED: pid 1 has started the program (the supervisor may
 * now take pid 1 out of the OOM killer's choice, sbx__oom_protect). */
/* SBX__REP_NOTE: a degradation to name in the record (text). */
enum { SBX__REP_SETUP_ERR = 1, SBX__REP_EXEC_ERR, SBX__REP_STATUS, SBX__REP_STARTED, SBX__REP_NOTE };

/* pid 1 -> supervisor; small enough for one atomic pipe write. */
struct sbx__report {
        int kind;
        int err;
        int wstatus;
        double cpu_s;
        long maxrss_kib;
        int alone; /* STATUS: no other process is left in the namespace */
        char text[200];
};

/* What pid 1 and the program need, set up by the supervisor before clone. */
struct sbx__child {
        const struct sbx_jail *j;
        /* The jail's dirs with their host paths resolved (realpath), as
         * many as j->ndirs: the jail itself is never changed by a run. */
        const struct sbx__dir *dirs;
        const char *const *argv;
        char *const *envp; /* the jail's environment, PATH added when missing */
        const char *workdir; /* resolved host path, or NULL: the private /tmp */
        bool host_root;      /* the program's host uid is 0 (see idmap.c) */
        size_t ntrees;       /* idmapped trees that follow "g" ("m" messages) */
        int *trees;          /* room for them (pid 1 must not malloc: the
                              * caller may have threads holding its lock) */
        /* Control socket (SOCK_SEQPACKET) to the supervisor: "g" (maps
         * written), "m" (+ idmapped trees) and "c" (+ cgroup files) come in, "l" (+ the seccomp
         * listener) goes out. */
        int ctl;
        int rep_wr;
        int in_fd, out_wr, err_wr;
        const struct sbx__bpf *bpf;
};

/* A run being supervised (run.c; a pool's worker uses the same). */
struct sbx__run {
        const struct sbx_jail *j;
        struct sbx__cgroup cg;
        struct sbx_result *res;
        unsigned seen;
        pid_t pid1;
        int pidfd;
        bool killed;
        uint64_t out_bytes, out_cap;
        uint64_t poll_peak_kib;
        double poll_cpu; /* last CPU total seen by the /proc scan */
        ino_t ns;
        struct sbx__report status;
        bool have_status;
        int notif_sock, notif_fd; /* seccomp listener: socket it arrives on, the fd */
        int watch_fd; /* a pool's caller: its hang-up ends the run; -1 */
        bool early;   /* done once the program's last process has ended,
                       * before pid 1 and the namespaces are gone */
        /* Memory by polling (no memory cgroup): what pid 1 hands over
         * ("q" on ctl) so that polling also counts what no process's
         * resident size shows: its IPC namespace's SysV shared memory
         * (/proc/sysvipc/shm, opened there) and its private /tmp. */
        bool have_quota;
        int shm_fd, tmp_fd;
        /* stdin: the source (a file, the caller's pipe) the supervisor
         * pumps into the program's pipe (in_dst); both -1 when none. */
        int in_src, in_dst;
        bool in_wait_src;     /* the pipe has room: wait for the source */
        size_t in_len;        /* bytes in in_buf not yet written (no splice) */
        char in_buf[4096];
        /* The run's disk ("u" on ctl from pid 1, disk.c): checked for
         * room on every tick, copied back by sbx__run_commit. */
        bool have_disk;
        int disk_fd;
        char disk_note[200]; /* pid 1's degradation (SBX__REP_NOTE) */
};

/* ---- the program's stdin (pump.c) ---- */

/* The program's stdin from *fd (ours): /dev/null stays itself; anything
 * else is pumped by the supervisor (sbx__run_conclude) into a pipe, whose
 * read end replaces *fd, so the program never holds a descriptor it could
 * reopen to the file behind it.  0, or -errno (*fd untouched). */
int sbx__run_stdin(struct sbx__run *r, int *fd);
/* Move what the source has into the pipe, never waiting (called when the
 * poll says the pipe has room, or in_wait_src and the source has data);
 * at the source's end or the program's closed stdin, stop. */
void sbx__pump(struct sbx__run *r);
/* Close the source and the pipe's write end (the program reads EOF). */
void sbx__pump_stop(struct sbx__run *r);
/* file.c: take the walk even where openat2 exists (tests). */
extern bool sbx__file_no_openat2;

/* Polling (poll.c), when no cgroup counts the run: resident size and CPU
 * of every process in the pid namespace ns (with files: also the memory
 * files the program's processes hold open), and what pid 1 handed over
 * (r->have_quota: detached SysV shared memory, the private /tmp), in KiB. */
void sbx__tree_scan(ino_t ns, pid_t pid1, bool files, uint64_t *rss_kib, double *cpu_s);
uint64_t sbx__quota_kib(const struct sbx__run *r);
/* Record an internal error (message from fmt, then ": strerror(err)" when
 * err) in res. */
__attribute__((format(printf, 3, 4)))
void sbx__internal(struct sbx_result *res, int err, const char *fmt, ...);
/* CLOCK_MONOTONIC in seconds. */
double sbx__now_s(void);
/* The cgroup limits of a jail (pid 1 counts against pids.max too). */
struct sbx__cg_limits sbx__cg_limits_of(const struct sbx_jail *j);
/* Pass pid 1 (waiting for "m" on ctl) the idmapped trees, SBX__FDS_MAX a
 * message; on failure the run is killed with an internal error. */
void sbx__run_send_trees(struct sbx__run *r, int ctl, const int *trees, size_t n);
/* The OOM killer and the sandbox's pid 1 (a root caller only: it takes
 * CAP_SYS_RESOURCE).  sbx__oom_mark, right after pid 1 is made: pid 1 and
 * everything it will fork get oom_score_adj 1000 with that as their floor,
 * so the program can never make itself a lesser choice than the most
 * likely one.  sbx__oom_protect, once pid 1 has started the program: pid
 * 1 alone goes to -1000, never chosen.  Best effort: without the
 * capability the writes fail and nothing changes. */
void sbx__oom_mark(pid_t pid1);
void sbx__oom_protect(pid_t pid1);
/* Kill the run (pid 1, hence its namespace) for why. */
void sbx__run_kill(struct sbx__run *r, enum sbx_status why);
/* Hand pid 1 (waiting for "c" on ctl) cg: the v1 "tasks" files it joins
 * itself, or (v2) attach it from here.  0, or -errno with *what naming
 * the step that failed. */
int sbx__cg_give(const struct sbx__cgroup *cg, pid_t pid1, int ctl, const char **what);
/* Give pid 1 (waiting for "c" on ctl) the run's cgroups: the v1 "tasks"
 * files it joins itself, or (v2) attach it from here.  On failure the
 * run is killed with an internal error. */
void sbx__run_cgroups(struct sbx__run *r, int ctl);
/* From the moment pid 1 has its cgroups to the result: read ctl (pid 1's
 * "q" and "u", the program's seccomp listener) until it ends, relay output into
 * out_dst and err_dst (the cap counted), enforce wall, CPU and polled
 * memory, wait for pid 1's end (or, when r->early, for the end of the
 * program's last process), and fill r->res (status, accounting,
 * isolation, a degradation note, else note when not empty).  Closes every
 * descriptor passed.  Then sbx__run_teardown: kill and reap pid 1 (its
 * namespaces go with it) and destroy the cgroups. */
void sbx__run_conclude(struct sbx__run *r, int ctl, int out_rd, int out_dst, int err_rd,
                       int err_dst, int rep_rd, double t0, const char *note);
void sbx__run_teardown(struct sbx__run *r);
/* Between the two, in every run: once no process of the program is left
 * (pid 1 reaped unless r->early knows it), the disk-limit status when the
 * disk is full, and the disk's changes copied back into the writable
 * trees t (created files owned by owner, (unsigned)-1 for ours), unless
 * the run is an internal error; a copy-back failure is one.  The disk
 * stays open until sbx__run_teardown.  commit.c. */
void sbx__run_commit(struct sbx__run *r, const struct sbx__wtree *t, size_t n, unsigned owner);

/* Close every descriptor but those in keep (n <= 8; -1 entries ignored):
 * a process cloned from the caller must not hold the caller's files (a
 * grading's scratch lock would outlive a killed grading).  0 or -1. */
int sbx__close_all_but(const int *keep, size_t n);

/* One tag byte with up to SBX__FDS_MAX descriptors over a unix socket.
 * send: 0 or -1 (errno set).  recv: how many descriptors came (close-on-
 * exec, extras closed), -1 on error or end of stream. */
#define SBX__FDS_MAX 4
int sbx__send_fds(int sock, char tag, const int *fds, int n);
int sbx__recv_fds(int sock, char *tag, int *fds, int max);
/* The same with len bytes of data: send returns 0 when all of it went in
 * one message, else -1; recv returns recvmsg's result (flags added to
 * MSG_CMSG_CLOEXEC) with the first max descriptors in fds (*nfds of
 * them, the others closed). */
int sbx__send_msg(int sock, const void *data, size_t len, const int *fds, int n);
ssize_t sbx__recv_msg(int sock, void *data, size_t len, int flags, int *fds, int max, int *nfds);


/* pid 1 of the run (clone's entry point; arg is a struct sbx__child).
 * Never returns: it reports over rep_wr and exits. */
int sbx__pid1_main(void *arg);

/* What a pool's prepared pid 1 starts with (pool.c). */
struct sbx__prep {
        int ctl;       /* "g", "c" in, "l" (the expected program's seccomp
                        * listener, when it has one) and "p" (prepared)
                        * out, then "r" and "m" in */
        int rep_wr;
        bool idmapped; /* the dirs and workdir come as idmapped trees */
        const struct sbx__bpf *expect; /* the filter the pool expects a
                                        * request to need (NULL: none) */
};
/* pid 1 of a prepared sandbox (arg is a struct sbx__prep). */
int sbx__pid1_prepared_main(void *arg);

/* The program's environment: the jail's, plus SBX__DEFAULT_PATH when it
 * has no PATH.  A calloc'd array pointing into j (jail.c); NULL when out
 * of memory. */
char **sbx__program_env(const struct sbx_jail *j);

/* ---- a pool of prepared sandboxes (pool.c) ---- */

/* Have the pool at path run argv (dirs and workdir resolved; in_fd,
 * out_fd, err_fd the redirections, still ours).  1 when it did (res
 * filled, whatever happened to the program), 0 when it did not and
 * started nothing (no pool there, another user's, busy, or it refused
 * this caller or request): the caller runs it itself. */
int sbx__pool_run(const char *path, const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                  const char *const *argv, int in_fd, int out_fd, int err_fd, struct sbx_result *res);

/* The header a caller sends a pool's worker, with its stdio as
 * descriptors; the request (wire.c) follows. */
#define SBX__POOL_MAGIC 0x51544e47u /* "GNTQ" */
struct sbx__pool_hello {
        uint32_t magic, wire_version, result_size;
        uint32_t len; /* of the request that follows */
};
/* All of n bytes to a socket (MSG_NOSIGNAL) or from a descriptor; 0 or -1. */
int sbx__send_all(int fd, const void *data, size_t n);
int sbx__read_all(int fd, void *data, size_t n);
/* "N" + why to a caller a pool does not serve (nothing started). */
void sbx__pool_refuse(int client, const char *why);
/* The namespaces and root a pool compares its callers' with. */
struct sbx__self_ns {
        struct stat mnt, user, root;
};
int sbx__self_ns_read(struct sbx__self_ns *self);
/* A pool's worker (pool_worker.c), started by the master with its end of
 * their socket pair and the listening socket; never returns. */
__attribute__((noreturn))
void sbx__pool_worker_main(int master, int listen_fd);

/* ---- a request to a prepared sandbox (wire.c) ---- */

#define SBX__WIRE_VERSION 2 /* 2: the disk limit */
#define SBX__WIRE_MAX (8u << 20) /* bytes, a request as a whole */
/* The jail's settings (without redirections), the resolved dirs and
 * workdir, and argv as one malloc'd buffer.  0, -ENOMEM or -E2BIG. */
int sbx__wire_encode(const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                     const char *const *argv, char **ret, size_t *ret_len);
/* A new jail and a NULL-terminated argv (free with sbx__wire_free_argv)
 * from a buffer.  0, -EPROTO (another version), -EBADMSG (malformed),
 * -EINVAL (a value a setter refuses) or -ENOMEM. */
int sbx__wire_decode(const void *data, size_t len, struct sbx_jail **ret_jail, char ***ret_argv);
void sbx__wire_free_argv(char **argv);

#endif
