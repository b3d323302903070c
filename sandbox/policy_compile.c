/* policy_compile.c — compilation of the seccomp profiles (policy.c) to
 * classic BPF with libseccomp.  Linked into the build-time generator
 * (policy_gen) and the tests, never into the library: runs load the
 * programs generated from it.
 *
 * Argument rules libseccomp cannot express next to an unconditional rule
 * of the same syscall (terminal injection through ioctl, buffer sizes
 * through setsockopt and fcntl, prctl's dumpable flag: all otherwise
 * allowed) are compiled into a short hand-written prologue that runs
 * before libseccomp's program. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A KILL rule becomes a user notification when the kernel has them: the
 * calling thread stays blocked in the syscall (which never runs) while the
 * supervisor records its name and kills the run. */
static uint32_t to_scmp(enum sbx__action a, int err, bool notify)
{
        switch (a) {
        case SBX__ALLOW:
                return SCMP_ACT_ALLOW;
        case SBX__ERRNO:
                return SCMP_ACT_ERRNO((uint32_t)err);
        case SBX__KILL:
        default:
                return notify ? SCMP_ACT_NOTIFY : SCMP_ACT_KILL_PROCESS;
        }
}

#define CLONE_NS_BITS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
                       CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

/* One rule per address family (socket's first argument, 32 bits). */
static int add_families(scmp_filter_ctx ctx, uint32_t action, int nr, const int *families, size_t n)
{
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++)
                rc = seccomp_rule_add(ctx, action, nr, 1,
                                      SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, (scmp_datum_t)families[i]));
        return rc;
}

/* Every family the kernel may know but AF_UNIX, AF_INET and AF_INET6
 * (those have rules of their own in each policy): AF_VSOCK reaches the
 * host's vsock space from any network namespace, AF_NETLINK and
 * AF_PACKET the kernel's interfaces. */
static int add_other_families(scmp_filter_ctx ctx, uint32_t action, int nr)
{
        int fam[64];
        size_t n = 0;
        for (int f = 0; f < AF_MAX && n < sizeof fam / sizeof fam[0]; f++)
                if (f != AF_UNIX && f != AF_INET && f != AF_INET6)
                        fam[n++] = f;
        return add_families(ctx, action, nr, fam, n);
}

/* A whole rule: action for the bad case of argument i, ALLOW otherwise.
 * Modes are compared on the bits that matter (high garbage cannot hide
 * them); a pid must be 0 in all 64 bits to be allowed (garbage fails
 * closed). */
static int add_whole(scmp_filter_ctx ctx, const struct sbx__rule *r, uint32_t action, int nr)
{
        unsigned i = r->argi;
        int rc;
        switch (r->arg) {
        case SBX__ARG_SETID:
                rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP(i, SCMP_CMP_MASKED_EQ, S_ISUID, S_ISUID));
                if (rc == 0)
                        rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP(i, SCMP_CMP_MASKED_EQ, S_ISGID, S_ISGID));
                if (rc == 0)
                        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                              SCMP_CMP(i, SCMP_CMP_MASKED_EQ, S_ISUID | S_ISGID, 0));
                return rc;
        case SBX__ARG_OTHER_PID:
                rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP(i, SCMP_CMP_NE, 0));
                if (rc == 0)
                        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP(i, SCMP_CMP_EQ, 0));
                return rc;
        case SBX__ARG_OTHER_PRIO: /* (which, who): PRIO_PROCESS (0) and 0 */
                rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_A0(SCMP_CMP_NE, PRIO_PROCESS));
                if (rc == 0)
                        rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_A1(SCMP_CMP_NE, 0));
                if (rc == 0)
                        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 2, SCMP_A0(SCMP_CMP_EQ, PRIO_PROCESS),
                                              SCMP_A1(SCMP_CMP_EQ, 0));
                return rc;
        default:
                return -EINVAL;
        }
}

static bool whole_rule(enum sbx__arg a)
{
        return a == SBX__ARG_SETID || a == SBX__ARG_OTHER_PID || a == SBX__ARG_OTHER_PRIO;
}

/* Add one rule; arguments compared as the kernel reads them (int-sized
 * arguments masked to 32 bits, so high garbage bits cannot dodge a rule). */
static int add_rule(scmp_filter_ctx ctx, const struct sbx__rule *r, uint32_t action, int nr)
{
        static const int families_inet[] = {AF_INET, AF_INET6};
        int rc = 0;
        switch (r->arg) {
        case SBX__ARG_NONE:
                return seccomp_rule_add(ctx, action, nr, 0);
        case SBX__ARG_CLONE_NS:
                for (unsigned bit = 1; bit && rc == 0; bit <<= 1)
                        if (bit & CLONE_NS_BITS)
                                rc = seccomp_rule_add(ctx, action, nr, 1,
                                                      SCMP_A0(SCMP_CMP_MASKED_EQ, bit, bit));
                return rc;
        case SBX__ARG_CLONE_PLAIN:
                return seccomp_rule_add(ctx, action, nr, 1,
                                        SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NS_BITS, 0));
        case SBX__ARG_SOCKET_UNIX:
                return seccomp_rule_add(ctx, action, nr, 1,
                                        SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, AF_UNIX));
        case SBX__ARG_SOCKET_INET:
                return add_families(ctx, action, nr, families_inet, 2);
        case SBX__ARG_SOCKET_OTHER:
                return add_other_families(ctx, action, nr);
        case SBX__ARG_IOCTL_TTY:
                return 0; /* in the prologue */
        case SBX__ARG_SETID:
        case SBX__ARG_OTHER_PID:
        case SBX__ARG_OTHER_PRIO:
                return add_whole(ctx, r, action, nr);
        }
        return -EINVAL;
}

#define PROLOGUE_MAX 40
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp prologue: unknown native architecture"
#endif

/* The prologue: argument rules libseccomp cannot put beside an
 * unconditional rule of the same syscall, checked before its program
 * (which starts by loading what it needs; a jump is relative, so
 * prepending moves none of its targets).  Arguments are compared as the
 * kernel reads them, 32 bits: high garbage bits cannot dodge a rule.
 * - ioctl(fd, TIOCSTI or TIOCLINUX, ...): the escape action (terminal
 *   injection);
 * - setsockopt(fd, SOL_SOCKET, SO_SNDBUF, SO_RCVBUF or their FORCE
 *   forms, ...): success without effect, as if capped to the network
 *   namespace's default; fcntl(fd, F_SETPIPE_SZ, ...): EPERM, as past
 *   the kernel's limit.  Socket and pipe buffers are kernel memory in no
 *   process's resident size (and larger pipes draw on a per-user pool of
 *   the host); at their default sizes what a run holds in them stays
 *   within its descriptors times 64 KiB;
 * - prctl(PR_SET_DUMPABLE, ...): EPERM.  Without a memory cgroup the
 *   supervisor reads the program's descriptors in /proc to count its
 *   memory files; a process that makes itself non-dumpable would hide
 *   them. */
struct arg_check {
        int nr;
        int pre_arg;        /* -1, or an argument that must equal pre_val */
        uint32_t pre_val;
        int arg;            /* the argument compared with vals */
        uint32_t vals[4];
        size_t nvals;
        uint32_t action;
};

/* One check: [nr?][pre?][vals?] -> action, else on to the next check. */
static size_t emit_check(struct sock_filter *f, const struct arg_check *c)
{
        size_t pre = c->pre_arg >= 0 ? 2 : 0;
        size_t size = 3 + pre + c->nvals + 1, n = 0;
        f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
        f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)c->nr, 0, (uint8_t)(size - 2));
        if (pre) {
                f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                                      offsetof(struct seccomp_data, args[c->pre_arg]));
                uint8_t skip = (uint8_t)(size - n - 1); /* to the next check */
                f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, c->pre_val, 0, skip);
        }
        /* args[i], low word (little endian) */
        f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[c->arg]));
        for (size_t i = 0; i < c->nvals; i++)
                f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, c->vals[i],
                                                      (uint8_t)(c->nvals - 1 - i), i + 1 == c->nvals ? 1 : 0);
        f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, c->action);
        return n;
}

/* Returns the number of instructions (at most PROLOGUE_MAX). */
static size_t prologue(struct sock_filter *f, bool tty, uint32_t tty_action)
{
        const struct arg_check checks[] = {
                {__NR_ioctl, -1, 0, 1, {TIOCSTI, TIOCLINUX}, 2, tty_action},
                {__NR_fcntl, -1, 0, 1, {F_SETPIPE_SZ}, 1, SECCOMP_RET_ERRNO | EPERM},
                {__NR_prctl, -1, 0, 0, {PR_SET_DUMPABLE}, 1, SECCOMP_RET_ERRNO | EPERM},
                {__NR_setsockopt, 1, SOL_SOCKET, 2, {SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE, SO_RCVBUFFORCE}, 4,
                 SECCOMP_RET_ERRNO | 0},
        };
        size_t n = 2;
        for (size_t i = tty ? 0 : 1; i < sizeof checks / sizeof checks[0]; i++)
                n += emit_check(f + n, &checks[i]);
        f[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
        f[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 0, (uint8_t)(n - 2));
        return n;
}

int sbx__policy_compile(enum sbx_policy p, enum sbx_net n, bool notify, struct sbx__bpf *ret)
{
        const struct sbx__rule *rules;
        enum sbx__action dflt;
        int err;
        size_t count = sbx__policy_rules(p, n, &rules, &dflt, &err);

        scmp_filter_ctx ctx = seccomp_init(to_scmp(dflt, err, notify));
        if (!ctx)
                return -ENOMEM;
        int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
        /* The child sets no_new_privs itself, before loading. */
        if (rc == 0)
                rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        /* A binary tree of syscall numbers rather than a list: the kernel
         * emulates the program for every syscall number when it loads it
         * (its action cache), and a 350-instruction list made that 0.5 ms
         * of every run's start. */
        if (rc == 0)
                rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
        /* The first rule for a (syscall, argument kind) wins; libseccomp
         * refuses the same unconditional rule twice. */
        for (size_t i = 0; i < count && rc == 0; i++) {
                int nr = seccomp_syscall_resolve_name(rules[i].name);
                if (nr == __NR_SCMP_ERROR)
                        nr = sbx__syscall_extra_nr(rules[i].name);
                if (nr < 0)
                        continue; /* not a syscall on this architecture */
                bool dup = false;
                for (size_t k = 0; k < i && !dup; k++)
                        dup = rules[k].arg == rules[i].arg && strcmp(rules[k].name, rules[i].name) == 0;
                if (dup)
                        continue;
                /* An unconditional rule would override the argument rules
                 * of the same syscall: the tables must not have one after
                 * a whole rule (ioctl's terminal rule is in the prologue). */
                if (rules[i].arg == SBX__ARG_NONE)
                        for (size_t k = 0; k < i && rc == 0; k++)
                                if (strcmp(rules[k].name, rules[i].name) == 0 &&
                                    rules[k].arg != SBX__ARG_IOCTL_TTY)
                                        rc = -EINVAL;
                uint32_t act = to_scmp(rules[i].action, rules[i].err, notify);
                if (rc == 0 && act == to_scmp(dflt, err, notify) && !whole_rule(rules[i].arg))
                        continue; /* libseccomp rejects rules equal to the default */
                if (rc == 0)
                        rc = add_rule(ctx, &rules[i], act, nr);
        }

        int fd = -1;
        if (rc == 0) {
                fd = memfd_create("sbx-bpf", MFD_CLOEXEC);
                rc = fd < 0 ? -errno : seccomp_export_bpf(ctx, fd);
        }
        seccomp_release(ctx);
        if (rc < 0) {
                if (fd >= 0)
                        close(fd);
                return rc;
        }
        struct sock_filter pro[PROLOGUE_MAX];
        bool tty = false;
        uint32_t tty_action = 0;
        for (size_t i = 0; i < count; i++)
                if (rules[i].arg == SBX__ARG_IOCTL_TTY) {
                        tty = true;
                        tty_action = to_scmp(rules[i].action, rules[i].err, notify);
                }
        size_t npro = count ? prologue(pro, tty, tty_action) : 0;
        off_t size = lseek(fd, 0, SEEK_END);
        size_t head = npro * sizeof *pro;
        char *buf = size > 0 ? malloc(head + (size_t)size) : NULL;
        if (!buf || pread(fd, buf + head, (size_t)size, 0) != size ||
            (head + (size_t)size) / sizeof *pro > BPF_MAXINSNS) {
                free(buf);
                close(fd);
                return -EIO;
        }
        close(fd);
        memcpy(buf, pro, head);
        free((void *)ret->insns);
        ret->insns = buf;
        ret->len = (unsigned short)((head + (size_t)size) / sizeof *pro);
        ret->notify = notify;
        ret->valid = true;
        return 0;
}

