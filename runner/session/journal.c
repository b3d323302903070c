/* journal.c — append-only, hash-chained JSON-lines journal: reader with
 * precise errors, locked appends, and repair of a line torn by a crash. */
#include "journal.h"

#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool gnt_journal_type_known(const char *type)
{
        return gnt_entry_kind_from_name(type) >= 0;
}

void gnt_journal_release(struct gnt_journal *j)
{
        if (!j)
                return;
        for (size_t i = 0; i < j->n; i++) {
                gnt_entry_data_release(&j->entries[i].d);
                cJSON_Delete(j->entries[i].json);
        }
        free(j->entries);
        memset(j, 0, sizeof *j);
}

const char *gnt_journal_head(const struct gnt_journal *j)
{
        return j->n ? j->entries[j->n - 1].hash : GNT_JOURNAL_GENESIS;
}

const struct gnt_journal_entry *gnt_journal_last(const struct gnt_journal *j, const char *type)
{
        for (size_t i = j->n; i-- > 0;)
                if (!type || strcmp(j->entries[i].type, type) == 0)
                        return &j->entries[i];
        return NULL;
}

/* Check one line (already cut, without newline) as entry number seq. */
static int check_line(const char *line, size_t len, unsigned long seq, const char *prev_hash,
                      const struct gnt_journal_entry *prev, struct gnt_journal_entry *e, char *err,
                      size_t errsz)
{
        if (len == 0)
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: empty line", seq);
        if (len > GNT_JOURNAL_MAX_LINE)
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: longer than %zu bytes", seq,
                                GNT_JOURNAL_MAX_LINE);
        const char *nul = memchr(line, '\0', len);
        if (nul)
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: column %zu: NUL byte", seq,
                                (size_t)(nul - line) + 1);
        const char *end = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
        if (!o) {
                size_t col = end && end >= line && end <= line + len ? (size_t)(end - line) + 1 : 1;
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: column %zu: not valid JSON", seq, col);
        }
        while (end && end < line + len && (*end == ' ' || *end == '\t' || *end == '\r'))
                end++;
        if (end != line + len) {
                cJSON_Delete(o);
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: column %zu: text after the JSON value", seq,
                                (size_t)(end - line) + 1);
        }
        const char *what = NULL;
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "seq");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "prev");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
        const cJSON *tm = cJSON_GetObjectItemCaseSensitive(o, "time");
        char buf[160];
        if (!cJSON_IsObject(o))
                what = "not a JSON object";
        else if (!cJSON_IsNumber(s))
                what = "missing number 'seq'";
        else if (s->valuedouble != (double)seq) {
                snprintf(buf, sizeof buf, "'seq' is %.0f, expected %lu (entries missing or reordered)",
                         s->valuedouble, seq);
                what = buf;
        } else if (!cJSON_IsString(p) || !gnt_session_hash_valid(p->valuestring))
                what = "missing or malformed 'prev' hash";
        else if (strcmp(p->valuestring, prev_hash) != 0)
                what = seq == 1 ? "'prev' of the first entry is not the genesis hash"
                                : "hash chain broken: 'prev' does not match the hash of line before "
                                  "(this or the previous line was changed)";
        else if (!cJSON_IsString(t))
                what = "missing string 'type'";
        else if (!gnt_journal_type_known(t->valuestring)) {
                snprintf(buf, sizeof buf, "unknown entry type '%.40s'", t->valuestring);
                what = buf;
        } else if (!cJSON_IsNumber(tm) || tm->valuedouble < 0 || tm->valuedouble > 1e12 ||
                   tm->valuedouble != (double)(int64_t)tm->valuedouble)
                what = "missing or malformed 'time' (integer seconds)";
        else if (seq == 1 && strcmp(t->valuestring, "start") != 0)
                what = "the first entry is not a 'start' entry";
        else if (seq > 1 && strcmp(t->valuestring, "start") == 0)
                what = "a second 'start' entry";
        else if (prev && strcmp(prev->type, "submit") == 0)
                what = "entry after the 'submit' entry";
        if (what) {
                cJSON_Delete(o);
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: %s", seq, what);
        }
        if (gnt_entry_decode(o, (enum gnt_entry_kind)gnt_entry_kind_from_name(t->valuestring), &e->d) < 0) {
                cJSON_Delete(o);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        e->seq = seq;
        e->type = t->valuestring;
        e->time = (int64_t)tm->valuedouble;
        e->json = o;
        gnt_session_hash(line, len, e->hash);
        return 0;
}

int gnt_journal_parse(const char *buf, size_t len, unsigned flags, struct gnt_journal *ret, char *err,
                      size_t errsz)
{
        struct gnt_journal j = {0};
        size_t cap = 0, off = 0;
        if (len > GNT_JOURNAL_MAX_SIZE)
                return sbx_errf(err, errsz, -EBADMSG, "journal larger than %zu bytes", GNT_JOURNAL_MAX_SIZE);
        while (off < len) {
                const char *line = buf + off;
                const char *nl = memchr(line, '\n', len - off);
                unsigned long seq = (unsigned long)j.n + 1;
                if (!nl) {
                        if (flags & GNT_JOURNAL_ALLOW_TORN) {
                                j.torn_len = len - off;
                                break;
                        }
                        gnt_journal_release(&j);
                        return sbx_errf(err, errsz, -EBADMSG,
                                        "line %lu: incomplete last line (no newline: the journal was cut "
                                        "short)",
                                        seq);
                }
                if (j.n == cap) {
                        cap = cap ? cap * 2 : 32;
                        struct gnt_journal_entry *ne = realloc(j.entries, cap * sizeof *ne);
                        if (!ne) {
                                gnt_journal_release(&j);
                                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                        }
                        j.entries = ne;
                }
                struct gnt_journal_entry *e = &j.entries[j.n];
                memset(e, 0, sizeof *e);
                int r = check_line(line, (size_t)(nl - line), seq, gnt_journal_head(&j),
                                   j.n ? &j.entries[j.n - 1] : NULL, e, err, errsz);
                if (r < 0) {
                        gnt_journal_release(&j);
                        return r;
                }
                e->offset = off;
                e->len = (size_t)(nl - line);
                j.n++;
                off = (size_t)(nl - buf) + 1;
                j.valid_len = off;
        }
        *ret = j;
        return 0;
}

int gnt_journal_load(const char *path, struct gnt_journal *ret, char *err, size_t errsz)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %s", path, strerror(errno));
        flock(fd, LOCK_SH);
        char *buf;
        size_t len;
        int r = sbx_file_read_fd(fd, GNT_JOURNAL_MAX_SIZE, 0, &buf, &len);
        close(fd);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read '%s': %s", path, strerror(-r));
        r = gnt_journal_parse(buf, len, GNT_JOURNAL_ALLOW_TORN, ret, err, errsz);
        free(buf);
        return r;
}

static int append_line(int fd, off_t at, const char *line)
{
        size_t len = strlen(line), done = 0;
        while (done < len) {
                ssize_t n = pwrite(fd, line + done, len - done, at + (off_t)done);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                done += (size_t)n;
        }
        return fdatasync(fd) < 0 ? -errno : 0;
}

static int64_t now_s(void)
{
        return (int64_t)time(NULL);
}

/* Entry d after j's last, at the journal's valid end: its time is now,
 * never before the last entry's.  0 or -errno with err. */
static int append_entry(int fd, const struct gnt_journal *j, const struct gnt_entry_data *d, const char *path,
                        char *err, size_t errsz)
{
        int64_t t = now_s();
        if (t < j->entries[j->n - 1].time)
                t = j->entries[j->n - 1].time;
        char *line = gnt_entry_line(j->n + 1, gnt_journal_head(j), t, d);
        if (!line)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        int r = append_line(fd, (off_t)j->valid_len, line);
        free(line);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        return 0;
}

int gnt_journal_append(const char *path, const struct gnt_entry_data *d, size_t *ret_recovered,
                       struct gnt_journal *ret, char *err, size_t errsz)
{
        if (ret_recovered)
                *ret_recovered = 0;
        if (!gnt_entry_kind_name(d->kind))
                return sbx_errf(err, errsz, -EINVAL, "unknown entry kind %d", (int)d->kind);
        int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %s", path, strerror(errno));
        /* One writer at a time: the screen and a plain command may both be
         * recording; the chain needs the true last line. */
        if (flock(fd, LOCK_EX) < 0) {
                int e = errno;
                close(fd);
                return sbx_errf(err, errsz, -e, "cannot lock '%s': %s", path, strerror(e));
        }
        char *buf = NULL;
        size_t len = 0;
        struct gnt_journal j = {0};
        int r = sbx_file_read_fd(fd, GNT_JOURNAL_MAX_SIZE, 0, &buf, &len);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot read '%s': %s", path, strerror(-r));
                goto out;
        }
        r = gnt_journal_parse(buf, len, GNT_JOURNAL_ALLOW_TORN, &j, err, errsz);
        if (r < 0)
                goto out;
        if (j.n == 0) {
                r = sbx_errf(err, errsz, -EBADMSG, "'%s' holds no complete entry", path);
                goto out;
        }
        if (j.torn_len) {
                /* A crash cut the last write short: keep every complete entry,
                 * drop the fragment, and say so in the journal itself. */
                char dropped[GNT_HASH_HEX];
                gnt_session_hash(buf + j.valid_len, j.torn_len, dropped);
                if (ftruncate(fd, (off_t)j.valid_len) < 0 || fsync(fd) < 0) {
                        r = sbx_errf(err, errsz, -errno, "cannot repair '%s': %s", path, strerror(errno));
                        goto out;
                }
                struct gnt_entry_data rd = {.kind = GNT_ENTRY_RECOVERED};
                rd.u.recovered = (struct gnt_entry_recovered){(int64_t)j.torn_len, dropped};
                if ((r = append_entry(fd, &j, &rd, path, err, errsz)) < 0)
                        goto out;
                if (ret_recovered)
                        *ret_recovered = j.torn_len;
                gnt_journal_release(&j);
                free(buf);
                buf = NULL;
                r = sbx_file_read_fd(fd, GNT_JOURNAL_MAX_SIZE, 0, &buf, &len);
                if (r == 0)
                        r = gnt_journal_parse(buf, len, 0, &j, err, errsz);
                if (r < 0)
                        goto out;
        }
        if (strcmp(j.entries[j.n - 1].type, "submit") == 0) {
                r = sbx_errf(err, errsz, -EALREADY, "the session was submitted; the journal is closed");
                goto out;
        }
        if ((r = append_entry(fd, &j, d, path, err, errsz)) < 0)
                goto out;
        if (ret) {
                gnt_journal_release(&j);
                free(buf);
                buf = NULL;
                r = sbx_file_read_fd(fd, GNT_JOURNAL_MAX_SIZE, 0, &buf, &len);
                if (r == 0)
                        r = gnt_journal_parse(buf, len, 0, &j, err, errsz);
                if (r < 0)
                        goto out;
                *ret = j;
                memset(&j, 0, sizeof j);
        }
out:
        gnt_journal_release(&j);
        free(buf);
        close(fd);
        return r;
}

int gnt_journal_create(const char *path, const struct gnt_entry_data *d, char *err, size_t errsz)
{
        return gnt_journal_create_at(path, now_s(), d, err, errsz);
}

int gnt_journal_create_at(const char *path, int64_t time, const struct gnt_entry_data *d, char *err,
                          size_t errsz)
{
        if (!gnt_entry_kind_name(d->kind))
                return sbx_errf(err, errsz, -EINVAL, "unknown entry kind %d", (int)d->kind);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return sbx_errf(err, errsz, -errno, "cannot create '%s': %s", path, strerror(errno));
        int r = 0;
        struct stat st;
        if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0) {
                r = sbx_errf(err, errsz, -errno, "cannot lock '%s': %s", path, strerror(errno));
                goto out;
        }
        if (st.st_size > 0) {
                r = sbx_errf(err, errsz, -EEXIST, "'%s' already holds a journal", path);
                goto out;
        }
        char *line = gnt_entry_line(1, GNT_JOURNAL_GENESIS, time, d);
        if (!line) {
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                goto out;
        }
        r = append_line(fd, 0, line);
        free(line);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
                goto out;
        }
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
                *slash = '\0';
        else
                strcpy(dir, ".");
        r = gnt_fsync_dir(dir);
        if (r < 0)
                sbx_errf(err, errsz, r, "cannot sync '%s': %s", dir, strerror(-r));
out:
        close(fd);
        return r;
}
