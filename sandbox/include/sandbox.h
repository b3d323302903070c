/* sandbox.h — run one command under limits (seccomp, namespaces, cgroups,
 * rlimits) and report what happened as a result record: the jail, its
 * settings and the record.  The sandbox's other public headers, by
 * audience: pool.h (a caller handing runs to a pool), pool_server.h (the
 * pool itself), probe.h (what the machine offers), sbx_file.h (the file
 * module of every floor).  It knows nothing of problems or graders. */
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

/* A jail holds the settings for runs; it can run many times, also from
 * several threads at once (a run never changes it; setting it while it
 * runs is the caller's race).  Returns NULL on allocation failure.
 * sbx_jail_free(NULL) is a no-op. */
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
int sbx_jail_run(const struct sbx_jail *j, const char *const argv[], struct sbx_result *ret);

/* "ok", "nonzero-exit", ... as in the result record; NULL when out of range. */
const char *sbx_status_name(enum sbx_status s);
/* Parse a status name; -EINVAL when unknown. */
int sbx_status_from_name(const char *name);
const char *sbx_policy_name(enum sbx_policy p);
int sbx_policy_from_name(const char *name);
const char *sbx_net_name(enum sbx_net n);
int sbx_net_from_name(const char *name);

#endif
