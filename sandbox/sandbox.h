/* sandbox.h — run one command under limits (seccomp, namespaces, cgroups,
 * rlimits) and report what happened as a result record.  The only public
 * header of the sandbox library: it knows nothing of problems or graders. */
#ifndef GAUNTLET_SANDBOX_H
#define GAUNTLET_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What became of the program.  A verdict, never an error: only
 * SBX_STATUS_INTERNAL_ERROR means the sandbox itself failed. */
enum sbx_status {
        SBX_STATUS_OK,
        SBX_STATUS_NONZERO_EXIT,
        SBX_STATUS_SIGNALED,
        SBX_STATUS_TIME_LIMIT,
        SBX_STATUS_WALL_LIMIT,
        SBX_STATUS_MEMORY_LIMIT,
        SBX_STATUS_OUTPUT_LIMIT,
        SBX_STATUS_FILE_LIMIT,
        SBX_STATUS_DISK_LIMIT,  /* what the run wrote reached the disk limit */
        SBX_STATUS_VIOLATION,
        SBX_STATUS_INTERNAL_ERROR,
        _SBX_STATUS_MAX,
};

enum sbx_policy {
        SBX_POLICY_STRICT, /* candidate programs and test binaries */
        SBX_POLICY_BUILD,  /* compilers: go build/test -c, cc */
        SBX_POLICY_OFF,    /* no seccomp filter (namespaces and limits stay) */
        _SBX_POLICY_MAX,
};

enum sbx_net {
        SBX_NET_NONE,     /* empty network namespace */
        SBX_NET_LOOPBACK, /* private network namespace with only lo up */
        _SBX_NET_MAX,
};

/* Mechanisms in force during a run (bits of sbx_result.isolation). */
enum {
        SBX_ISO_SECCOMP    = 1u << 0,
        SBX_ISO_USERNS     = 1u << 1,
        SBX_ISO_PIDNS      = 1u << 2,
        SBX_ISO_NETNS      = 1u << 3,
        SBX_ISO_MOUNTNS    = 1u << 4,
        SBX_ISO_IPCNS      = 1u << 5,
        SBX_ISO_UTSNS      = 1u << 6,
        SBX_ISO_PIVOT_ROOT = 1u << 7,
        SBX_ISO_CGROUP_V2  = 1u << 8,  /* memory/pids/cpu limits by cgroup v2 */
        SBX_ISO_CGROUP_V1  = 1u << 9,  /* memory/pids/cpuacct by cgroup v1 */
        SBX_ISO_MEM_POLL   = 1u << 10, /* memory by resident-size polling */
        SBX_ISO_NPROC      = 1u << 11, /* processes by RLIMIT_NPROC in a userns */
};

struct sbx_result {
        enum sbx_status status;
        int exit_code;          /* when the program exited, else -1 */
        int signal;             /* terminating signal, else 0 */
        double cpu_s;           /* user + system, all threads and descendants */
        double wall_s;
        uint64_t peak_mem_kib;  /* peak resident memory of the whole tree */
        uint64_t output_bytes;  /* stdout + stderr captured */
        char syscall[32];       /* on SBX_STATUS_VIOLATION, where known */
        unsigned isolation;     /* SBX_ISO_* bits */
        unsigned host_uid;      /* the program's uid (and gid) on the host */
        bool prepared;          /* run in a pool's prepared sandbox */
        char message[256];      /* internal-error detail or degradation note */
        /* Memory by polling only: what the memory limit does not count,
         * exactly ("" when it counts everything). */
        char uncounted[128];
};

struct sbx_jail;

/* A jail holds the settings for runs; it can run many times.  Returns NULL
 * on allocation failure.  sbx_jail_free(NULL) is a no-op. */
struct sbx_jail *sbx_jail_new(void);
void sbx_jail_free(struct sbx_jail *j);

/* Limits: 0 means "no limit".  Return 0, or -EINVAL for a negative or
 * absurd value. */
int sbx_jail_set_cpu(struct sbx_jail *j, double seconds);
int sbx_jail_set_wall(struct sbx_jail *j, double seconds);
int sbx_jail_set_mem(struct sbx_jail *j, uint64_t mib);
int sbx_jail_set_procs(struct sbx_jail *j, unsigned n);
int sbx_jail_set_fsize(struct sbx_jail *j, uint64_t mib);
int sbx_jail_set_output(struct sbx_jail *j, uint64_t mib);
/* Everything the run writes — the private /tmp, every writable --dir
 * and the workdir, including what it deletes there — shares one space of
 * mib MiB and files inodes, bounded by the kernel (the program gets
 * ENOSPC; the status is SBX_STATUS_DISK_LIMIT).  The changes reach the
 * host trees when the program is gone (docs/sandbox.md, "Writable
 * trees").  0 means the default, SBX_DISK_DEFAULT_MIB and
 * SBX_DISK_DEFAULT_FILES; there is no "unlimited": the space is memory
 * until the run ends.  -EINVAL for an absurd value. */
#define SBX_DISK_DEFAULT_MIB 128
#define SBX_DISK_DEFAULT_FILES 8192
int sbx_jail_set_disk(struct sbx_jail *j, uint64_t mib, uint64_t files);
int sbx_jail_set_nofile(struct sbx_jail *j, unsigned n);
/* Pin the program to one CPU (benchmarks); -1 to leave the affinity alone. */
int sbx_jail_set_cpu_affinity(struct sbx_jail *j, int cpu);

int sbx_jail_set_policy(struct sbx_jail *j, enum sbx_policy p);
int sbx_jail_set_net(struct sbx_jail *j, enum sbx_net n);

/* Make a host path visible at the same path inside, read-only unless rw.
 * The path is copied.  -EINVAL for a relative path. */
int sbx_jail_add_dir(struct sbx_jail *j, const char *path, bool rw);
/* The writable working directory (visible at the same path, the cwd). */
int sbx_jail_set_workdir(struct sbx_jail *j, const char *path);
/* Redirections; NULL restores the default (stdin /dev/null, stdout and
 * stderr inherited from the caller, counted against the output cap).
 * Paths are opened by the caller's process as in sbx_file.h, with the
 * workdir and dirs as bases: never blocking, no symbolic link followed
 * below those folders nor as the last component.  The program's stdin is
 * a pipe the supervisor fills from the file (or from the descriptor
 * below): it can neither write to the file nor learn its path.  /dev/null
 * is passed as it is. */
int sbx_jail_set_stdin(struct sbx_jail *j, const char *path);
/* Feed stdin from the caller's descriptor fd (a pipe, a socket, a file:
 * read from its offset on), through the same pipe; the jail neither owns
 * nor closes fd, which must stay open until the runs are done.  -1
 * restores the default.  The last of this and sbx_jail_set_stdin wins.
 * 0, or -EBADF for fd < -1. */
int sbx_jail_set_stdin_fd(struct sbx_jail *j, int fd);
int sbx_jail_set_stdout(struct sbx_jail *j, const char *path);
int sbx_jail_set_stderr(struct sbx_jail *j, const char *path);
/* Add "NAME=VALUE" to the program's otherwise empty environment. */
int sbx_jail_add_env(struct sbx_jail *j, const char *name_value);

/* Run argv[0] (searched in the jail's PATH when it has no slash) to the
 * end and fill *ret.  Returns 0 when a result was produced — whatever the
 * program did, including SBX_STATUS_INTERNAL_ERROR with ret->message set —
 * or -errno when the call itself was wrong (-EINVAL: empty argv).
 * A program that cannot be executed is SBX_STATUS_INTERNAL_ERROR ("cannot
 * execute 'x': ...").  The environment is the jail's, plus
 * PATH=/usr/local/bin:/usr/bin:/bin when it has no PATH.  During the call
 * SIGPIPE is blocked in the calling thread (a pending one is dropped after)
 * and a child is created with SIGCHLD as exit signal: a caller that reaps
 * every child from a SIGCHLD handler must not do so meanwhile.  A
 * redirection that cannot be opened (see above) is
 * SBX_STATUS_INTERNAL_ERROR.  See docs/sandbox.md. */
int sbx_jail_run(struct sbx_jail *j, const char *const argv[], struct sbx_result *ret);

/* ---- prepared sandboxes (docs/sandbox.md "Prepared sandboxes") ----
 * A pool keeps sandboxes prepared ahead of their runs: namespaces made,
 * id maps written, the view's base built, cgroups created.  A run takes
 * one, gets what it asks for added (limits, dirs, workdir, policy,
 * network mode, environment), and never shares it: each is used once. */

#define SBX_POOL_PATH_MAX 108 /* sun_path */

/* Try the pool listening at socket_path first (NULL: never).  A run the
 * pool does not take (none listening, another user's, all busy, a caller
 * it does not serve) runs here as without a pool.  -EINVAL for an empty
 * or too long path. */
int sbx_jail_set_pool(struct sbx_jail *j, const char *socket_path);

/* The pool socket for this user: $GAUNTLET_POOL when set ("off" or "":
 * none, returns -ENOENT), else $XDG_RUNTIME_DIR/gauntlet/pool.sock, else
 * /run/gauntlet/pool.sock for root and /tmp/gauntlet-UID/pool.sock for
 * others.  0, -ENOENT or -ENAMETOOLONG. */
int sbx_pool_path(char *buf, size_t len);

struct sbx_pool;

/* Listen at socket_path (its folder made 0700 when missing, and refused
 * unless it is ours and closed to others) and start size workers, each
 * holding one prepared sandbox; returns once the first is ready.  NULL on
 * failure, with why filled (another pool already listening there, a
 * sandbox that cannot be prepared, ...).  SIGTERM, SIGINT and SIGHUP are
 * blocked in the calling thread from here on. */
struct sbx_pool *sbx_pool_open(const char *socket_path, unsigned size, char *why, size_t whylen);
/* Serve until SIGTERM, SIGINT or SIGHUP: then stop taking runs, let the
 * runs in progress end, tear every prepared sandbox down, remove the
 * socket.  A second signal ends the runs in progress too.  0, or -errno
 * with why filled when the pool could not go on. */
int sbx_pool_serve(struct sbx_pool *pool, char *why, size_t whylen);
void sbx_pool_free(struct sbx_pool *pool);

/* "ok", "nonzero-exit", ... as in the result record; NULL when out of range. */
const char *sbx_status_name(enum sbx_status s);
/* Parse a status name; -EINVAL when unknown. */
int sbx_status_from_name(const char *name);
const char *sbx_policy_name(enum sbx_policy p);
int sbx_policy_from_name(const char *name);
const char *sbx_net_name(enum sbx_net n);
int sbx_net_from_name(const char *name);

/* What this machine offers.  Read from files under sysroot ("/" for the live
 * system; tests pass a fake tree). */
struct sbx_caps {
        bool seccomp;            /* seccomp filters in the kernel */
        bool userns;             /* user namespaces enabled */
        bool userns_unpriv;      /* ... also for unprivileged users */
        bool pidns, netns, mountns, ipcns, utsns;
        bool cgroup2;            /* a cgroup2 hierarchy is mounted */
        char cgroup2_mount[256];
        char cgroup2_controllers[128]; /* enabled at our level, space separated */
        bool cgroup2_delegated;  /* we may create child groups there */
        bool cgroup1_memory, cgroup1_pids, cgroup1_cpuacct, cgroup1_cpu,
             cgroup1_cpuset, cgroup1_freezer;
        bool cgroup1_writable;   /* we may create groups in the memory and pids hierarchies */
};

enum {
        SBX_PROBE_LIVE = 1u << 0, /* also try: fork and unshare, test writability */
};

/* As root: whether dir can be an idmapped mount, which a root caller's
 * runs need to give the program a host uid of its own (docs/sandbox.md,
 * "Identity and privileges").  0, or -errno with why filled. */
int sbx_probe_idmap(const char *dir, char *why, size_t whylen);

/* Fill *ret from sysroot.  Returns 0, or -errno when sysroot is unreadable
 * (*ret untouched then). */
int sbx_probe(const char *sysroot, unsigned flags, struct sbx_caps *ret);

#endif
