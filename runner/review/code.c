/* code.c — a candidate's files in report.html: read from the output
 * folder (bounded: huge, binary or unreadable files are summarised), each
 * diffed against the starter's file of the same name and highlighted;
 * lines named by the evidence are marked, with ids the evidence links to
 * and links back to it.  Also the similarity excerpts, with the starter's
 * lines set apart.  No script: the page stays readable as it is. */
#include "code.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "highlight.h"
#include "sbx_file.h"

/* Back-links a marked line shows (one per kind of evidence), at most. */
#define LINE_REFS_MAX 6
/* References remembered per candidate, at most (more are left unlinked). */
#define REFS_MAX 4096

struct file {
        char *rel;                   /* path under code/ (or starter/) */
        char *text;                  /* NULL: not shown, why says so */
        size_t len;
        struct gnt_review_line *lines;
        size_t n_lines;
        const char *why;
        long long size;
};

struct flist {
        struct file *f;
        size_t n;
        size_t skipped;              /* over GNT_REVIEW_CODE_FILES_MAX */
};

struct gnt_review_starter {
        struct flist fl;
        uint64_t *hashes;            /* of its trimmed non-blank lines, sorted */
        size_t n_hashes;
};

struct cv_ref {
        size_t file;
        unsigned line;
        size_t id;
        const char *label;
};

struct gnt_review_cv {
        const struct gnt_review_starter *st;
        char sha[17];
        struct flist fl;
        const char **names;
        char module[256];
        struct gnt_review_refset rs;
        struct cv_ref *refs;
        size_t n_refs;
        size_t next_id;
};

static void flist_release(struct flist *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->f[i].rel);
                free(l->f[i].text);
                free(l->f[i].lines);
        }
        free(l->f);
        memset(l, 0, sizeof *l);
}

static int add_file(struct flist *l, const char *rel, long long size)
{
        if (l->n >= GNT_REVIEW_CODE_FILES_MAX) {
                l->skipped++;
                return 0;
        }
        struct file *v = realloc(l->f, (l->n + 1) * sizeof *v);
        if (!v)
                return -ENOMEM;
        l->f = v;
        v[l->n] = (struct file){.rel = strdup(rel), .size = size};
        if (!v[l->n].rel)
                return -ENOMEM;
        l->n++;
        return 0;
}

/* Every regular file under root/rel, sorted by name, folders first come
 * as they sort; dot files and anything but files and folders left out. */
static int list_files(struct flist *l, const char *root, const char *rel, unsigned depth)
{
        char path[PATH_MAX];
        if (depth > 8 || gnt_review_path(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel) < 0)
                return 0;
        DIR *d = opendir(path);
        if (!d)
                return errno == ENOMEM ? -ENOMEM : 0;
        char **names = NULL;
        size_t n = 0;
        struct dirent *de;
        int r = 0;
        while ((de = readdir(d)) && n < 4 * GNT_REVIEW_CODE_FILES_MAX) {
                if (de->d_name[0] == '.')
                        continue;
                char **v = realloc(names, (n + 1) * sizeof *v);
                if (v)
                        names = v;
                if (!v || !(names[n] = strdup(de->d_name))) {
                        r = -ENOMEM;
                        break;
                }
                n++;
        }
        closedir(d);
        if (n)
                qsort(names, n, sizeof *names, sbx_file_name_cmp);
        for (size_t i = 0; i < n && r == 0; i++) {
                char sub[PATH_MAX], full[PATH_MAX];
                struct stat sb;
                if (gnt_review_path(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]) < 0 ||
                    gnt_review_path(full, sizeof full, "%s/%s", root, sub) < 0 || lstat(full, &sb) < 0)
                        continue;
                if (S_ISDIR(sb.st_mode))
                        r = list_files(l, root, sub, depth + 1);
                else if (S_ISREG(sb.st_mode))
                        r = add_file(l, sub, (long long)sb.st_size);
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return r;
}

/* Read the files of l (under root) that fit *budget; the others get a
 * reason instead of their text. */
static int load_files(struct flist *l, const char *root, size_t *budget)
{
        for (size_t i = 0; i < l->n; i++) {
                struct file *fl = &l->f[i];
                char path[PATH_MAX];
                if (gnt_review_path(path, sizeof path, "%s/%s", root, fl->rel) < 0) {
                        fl->why = "path too long";
                        continue;
                }
                if (fl->size > (long long)GNT_REVIEW_CODE_FILE_MAX) {
                        fl->why = "too large to show";
                        continue;
                }
                if (fl->size > (long long)*budget) {
                        fl->why = "not shown: the report shows at most 512 KiB of one candidate's code";
                        continue;
                }
                int r = sbx_file_read(path, GNT_REVIEW_CODE_FILE_MAX, 0, &fl->text, &fl->len);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        fl->why = r == -EFBIG ? "too large to show" : "unreadable";
                        continue;
                }
                long nl = fl->len > *budget ? -E2BIG : -EINVAL; /* grew since listed; a NUL byte: binary */
                if (nl == -EINVAL && !memchr(fl->text, '\0', fl->len))
                        nl = gnt_review_lines_split(fl->text, fl->len, GNT_REVIEW_CODE_LINES_MAX, &fl->lines);
                if (nl == -ENOMEM)
                        return -ENOMEM;
                if (nl < 0) {
                        fl->why = nl == -EINVAL  ? "binary (holds NUL bytes), not shown"
                                  : nl == -E2BIG ? "not shown: the report shows at most 512 KiB of one candidate's code"
                                                 : "too many lines to show";
                        free(fl->text);
                        fl->text = NULL;
                        continue;
                }
                fl->n_lines = (size_t)nl;
                fl->size = (long long)fl->len;
                *budget -= fl->len;
        }
        return 0;
}

static uint64_t line_hash(const char *s, size_t n, bool *blank)
{
        while (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r')) {
                s++;
                n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
                n--;
        *blank = n == 0;
        uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
        return h;
}

static int cmp_u64(const void *x, const void *y)
{
        uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
        return (a > b) - (a < b);
}

struct gnt_review_starter *gnt_review_starter_load(const char *outdir)
{
        struct gnt_review_starter *s = calloc(1, sizeof *s);
        char root[PATH_MAX];
        size_t budget = GNT_REVIEW_CODE_BUDGET, total = 0;
        if (!s)
                return NULL;
        if (gnt_review_path(root, sizeof root, "%s/%s", outdir, GNT_REVIEW_STARTER) < 0)
                return s;
        if (list_files(&s->fl, root, "", 0) < 0 || load_files(&s->fl, root, &budget) < 0)
                goto oom;
        for (size_t i = 0; i < s->fl.n; i++)
                total += s->fl.f[i].n_lines;
        if (total && !(s->hashes = malloc(total * sizeof *s->hashes)))
                goto oom;
        for (size_t i = 0; i < s->fl.n; i++)
                for (size_t k = 0; k < s->fl.f[i].n_lines; k++) {
                        bool blank;
                        uint64_t h = line_hash(s->fl.f[i].lines[k].s, s->fl.f[i].lines[k].n, &blank);
                        if (!blank)
                                s->hashes[s->n_hashes++] = h;
                }
        if (s->n_hashes)
                qsort(s->hashes, s->n_hashes, sizeof *s->hashes, cmp_u64);
        return s;
oom:
        gnt_review_starter_free(s);
        return NULL;
}

void gnt_review_starter_free(struct gnt_review_starter *s)
{
        if (!s)
                return;
        flist_release(&s->fl);
        free(s->hashes);
        free(s);
}

bool gnt_review_starter_has_line(const struct gnt_review_starter *s, const char *line, size_t n)
{
        bool blank;
        uint64_t h = line_hash(line, n, &blank);
        return s && !blank && s->n_hashes && bsearch(&h, s->hashes, s->n_hashes, sizeof h, cmp_u64);
}

static const struct file *starter_file(const struct gnt_review_starter *s, const char *rel)
{
        for (size_t i = 0; s && i < s->fl.n; i++)
                if (strcmp(s->fl.f[i].rel, rel) == 0)
                        return &s->fl.f[i];
        return NULL;
}

struct gnt_review_cv *gnt_review_cv_new(const struct gnt_review_starter *s, const struct gnt_review_entry *e)
{
        struct gnt_review_cv *cv = calloc(1, sizeof *cv);
        char root[PATH_MAX];
        size_t budget = GNT_REVIEW_CODE_BUDGET;
        if (!cv)
                return NULL;
        cv->st = s;
        snprintf(cv->sha, sizeof cv->sha, "%.16s", e->sha256);
        if (e->dir && gnt_review_path(root, sizeof root, "%s/code", e->dir) == 0 &&
            (list_files(&cv->fl, root, "", 0) < 0 || load_files(&cv->fl, root, &budget) < 0))
                goto oom;
        if (cv->fl.n && !(cv->names = malloc(cv->fl.n * sizeof *cv->names)))
                goto oom;
        const struct file *mod = NULL;
        for (size_t i = 0; i < cv->fl.n; i++) {
                cv->names[i] = cv->fl.f[i].rel;
                if (strcmp(cv->fl.f[i].rel, "go.mod") == 0 && cv->fl.f[i].text)
                        mod = &cv->fl.f[i];
        }
        if (!mod)
                mod = starter_file(s, "go.mod");
        if (mod && mod->text)
                gnt_review_gomod_module(mod->text, mod->len, cv->module, sizeof cv->module);
        cv->rs = (struct gnt_review_refset){cv->names, cv->fl.n, cv->module[0] ? cv->module : NULL};
        return cv;
oom:
        gnt_review_cv_free(cv);
        return NULL;
}

void gnt_review_cv_free(struct gnt_review_cv *cv)
{
        if (!cv)
                return;
        flist_release(&cv->fl);
        free(cv->names);
        free(cv->refs);
        free(cv);
}

static void line_id(FILE *f, const struct gnt_review_cv *cv, size_t file, unsigned line)
{
        fprintf(f, "c-%s-", cv->sha);
        gnt_review_id_name(f, cv->fl.f[file].rel);
        fprintf(f, "-L%u", line);
}

/* Remember a reference; its id, or 0 when no more are kept. */
static size_t remember(struct gnt_review_cv *cv, size_t file, unsigned line, const char *label)
{
        if (cv->n_refs >= REFS_MAX)
                return 0;
        if ((cv->n_refs & (cv->n_refs - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
                struct cv_ref *v = realloc(cv->refs, (cv->n_refs ? 2 * cv->n_refs : 1) * sizeof *v);
                if (!v)
                        return 0;
                cv->refs = v;
        }
        cv->refs[cv->n_refs++] = (struct cv_ref){file, line, ++cv->next_id, label ? label : "evidence"};
        return cv->next_id;
}

void gnt_review_cv_text(FILE *f, struct gnt_review_cv *cv, const char *text, const char *label)
{
        if (!text)
                return;
        size_t len = strlen(text), pos = 0;
        struct gnt_review_ref r;
        while (cv && pos < len && gnt_review_ref_find(&cv->rs, text, len, pos, &r)) {
                const struct file *fl = &cv->fl.f[r.file];
                gnt_review_html_escape(f, text + pos, r.off - pos);
                size_t id = fl->text && r.line <= fl->n_lines ? remember(cv, r.file, r.line, label) : 0;
                if (id) {
                        fprintf(f, "<a class=\"ref\" id=\"r-%s-%zu\" href=\"#", cv->sha, id);
                        line_id(f, cv, r.file, r.line);
                        fputs("\">", f);
                }
                gnt_review_html_escape(f, text + r.off, r.len);
                if (id)
                        fputs("</a>", f);
                pos = r.off + r.len;
        }
        gnt_review_html_escape(f, text + pos, len - pos);
}

static int cmp_ref(const void *x, const void *y)
{
        const struct cv_ref *a = x, *b = y;
        if (a->file != b->file)
                return a->file < b->file ? -1 : 1;
        if (a->line != b->line)
                return a->line < b->line ? -1 : 1;
        return (a->id > b->id) - (a->id < b->id);
}

/* Back-links of one line: refs[0..n) all name it; one link per label (to
 * its first reference), with a count. */
static void write_backlinks(FILE *f, const struct gnt_review_cv *cv, const struct cv_ref *refs, size_t n)
{
        fputs("<span class=\"refs\">", f);
        size_t groups = 0, rest = 0;
        for (size_t i = 0; i < n; i++) {
                bool seen = false;
                for (size_t j = 0; j < i && !seen; j++)
                        seen = strcmp(refs[j].label, refs[i].label) == 0;
                if (seen)
                        continue;
                size_t count = 0;
                for (size_t j = i; j < n; j++)
                        count += strcmp(refs[j].label, refs[i].label) == 0;
                if (groups++ >= LINE_REFS_MAX) {
                        rest += count;
                        continue;
                }
                fprintf(f, "<a href=\"#r-%s-%zu\">\xe2\x86\x90 ", cv->sha, refs[i].id);
                gnt_review_html_escape(f, refs[i].label, strlen(refs[i].label));
                if (count > 1)
                        fprintf(f, " \xc3\x97%zu", count);
                fputs("</a>", f);
        }
        if (rest)
                fprintf(f, "<span>+%zu more</span>", rest);
        fputs("</span>", f);
}

struct view_counts {
        size_t added, removed, same;
};

static void write_line(FILE *f, const struct gnt_review_cv *cv, size_t file, const struct gnt_review_line *ln,
                       unsigned number, char kind, enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open,
                       const struct cv_ref *refs, size_t n_refs)
{
        fprintf(f, "<span class=\"L %c%s\"", kind, n_refs ? " hit" : "");
        if (n_refs) {
                fputs(" id=\"", f);
                line_id(f, cv, file, number);
                fputc('"', f);
        }
        fputc('>', f);
        if (n_refs)
                write_backlinks(f, cv, refs, n_refs);
        /* the number and the +/- come from the style sheet (a counter):
         * less to write per line, and copied code comes without them */
        gnt_review_hl_write(f, lang, open, ln->s, ln->n, GNT_REVIEW_CODE_LINE_MAX);
        fputs("\n</span>", f);
}

/* One shown file: its diff against the starter's file of the same name
 * (all added when the starter has none). */
static void write_file(FILE *f, const struct gnt_review_cv *cv, size_t fi, const struct cv_ref **refs,
                       const struct cv_ref *refs_end)
{
        const struct file *fl = &cv->fl.f[fi];
        const struct file *sf = starter_file(cv->st, fl->rel);
        struct gnt_review_diff *d = NULL;
        long nd = sf && sf->text ? gnt_review_diff_lines(sf->lines, sf->n_lines, fl->lines, fl->n_lines, &d) : -1;
        struct view_counts c = {0};
        for (long i = 0; i < nd; i++)
                d[i].op == GNT_DIFF_ADD ? c.added++ : d[i].op == GNT_DIFF_DEL ? c.removed++ : c.same++;
        const struct cv_ref *mine = *refs;
        size_t marked = 0;
        for (const struct cv_ref *r = mine; r < refs_end && r->file == fi; r++)
                marked += r == mine || r[-1].line != r->line;
        bool same = nd >= 0 && !c.added && !c.removed;
        fprintf(f, "<details class=\"file\"%s><summary><code>", same ? "" : " open");
        gnt_review_html_escape(f, fl->rel, strlen(fl->rel));
        fprintf(f, "</code> <span class=\"muted\">%zu line%s \xc2\xb7 ", fl->n_lines, fl->n_lines == 1 ? "" : "s");
        if (nd < 0)
                fputs(sf ? "the starter's file could not be read" : "not in the starter", f);
        else if (same)
                fputs("same as the starter", f);
        else
                fprintf(f, "+%zu \xe2\x88\x92%zu against the starter", c.added, c.removed);
        fputs("</span>", f);
        if (marked)
                fprintf(f, " <span class=\"hits\">%zu line%s named by the evidence</span>", marked,
                        marked == 1 ? "" : "s");
        fputs("</summary>\n<pre class=\"src\">", f);
        enum gnt_review_hl_lang lang = gnt_review_hl_lang_of(fl->rel);
        enum gnt_review_hl_open open_new = GNT_HL_OPEN_NONE, open_old = GNT_HL_OPEN_NONE;
        size_t steps = nd >= 0 ? (size_t)nd : fl->n_lines;
        for (size_t i = 0; i < steps; i++) {
                enum gnt_review_diff_op op = nd >= 0 ? d[i].op : GNT_DIFF_ADD;
                if (op == GNT_DIFF_DEL) {
                        write_line(f, cv, fi, &sf->lines[d[i].ai], 0, 'r', lang, &open_old, NULL, 0);
                        continue;
                }
                size_t bi = nd >= 0 ? d[i].bi : i;
                if (op == GNT_DIFF_SAME) /* the starter's side moves on too */
                        gnt_review_hl_skip(lang, &open_old, sf->lines[d[i].ai].s, sf->lines[d[i].ai].n);
                const struct cv_ref *r0 = *refs;
                while (*refs < refs_end && (*refs)->file == fi && (*refs)->line == bi + 1)
                        (*refs)++;
                write_line(f, cv, fi, &fl->lines[bi], (unsigned)(bi + 1), op == GNT_DIFF_ADD ? 'a' : 'u', lang,
                           &open_new, r0, (size_t)(*refs - r0));
        }
        while (*refs < refs_end && (*refs)->file == fi)
                (*refs)++;
        fputs("</pre>\n</details>\n", f);
        free(d);
}

void gnt_review_cv_write(FILE *f, struct gnt_review_cv *cv)
{
        if (!cv)
                return;
        if (cv->n_refs)
                qsort(cv->refs, cv->n_refs, sizeof *cv->refs, cmp_ref);
        size_t lines = 0;
        for (size_t i = 0; i < cv->n_refs; i++)
                lines += i == 0 || cv->refs[i - 1].file != cv->refs[i].file || cv->refs[i - 1].line != cv->refs[i].line;
        fprintf(f, "<details class=\"codeview\" open><summary>Code: %zu file%s", cv->fl.n + cv->fl.skipped,
                cv->fl.n + cv->fl.skipped == 1 ? "" : "s");
        if (lines)
                fprintf(f, " \xc2\xb7 <span class=\"hits\">%zu line%s named by the evidence</span>", lines,
                        lines == 1 ? "" : "s");
        fputs("</summary>\n<p class=\"legend\"><span class=\"lg a\">+ not in the starter</span> <span class=\"lg u\">"
              "as in the starter</span> <span class=\"lg r\">\xe2\x88\x92 starter line removed</span> "
              "<span class=\"lg hit\">named by the evidence (links back to it)</span></p>\n",
              f);
        if (!cv->fl.n)
                fputs("<p class=\"muted\">No code files were kept for this submission.</p>\n", f);
        const struct cv_ref *r = cv->refs, *end = cv->refs + cv->n_refs;
        for (size_t i = 0; i < cv->fl.n; i++) {
                const struct file *fl = &cv->fl.f[i];
                if (fl->text) {
                        write_file(f, cv, i, &r, end);
                        continue;
                }
                fputs("<div class=\"skipped\"><code>", f);
                gnt_review_html_escape(f, fl->rel, strlen(fl->rel));
                fprintf(f, "</code> <span class=\"muted\">%lld bytes \xc2\xb7 %s</span></div>\n", fl->size, fl->why);
        }
        if (cv->fl.skipped)
                fprintf(f, "<p class=\"muted\">%zu more file%s not listed (at most %d are).</p>\n", cv->fl.skipped,
                        cv->fl.skipped == 1 ? "" : "s", GNT_REVIEW_CODE_FILES_MAX);
        bool any = false;
        for (size_t i = 0; cv->st && i < cv->st->fl.n; i++) {
                const char *rel = cv->st->fl.f[i].rel;
                bool have = false;
                for (size_t k = 0; k < cv->fl.n && !have; k++)
                        have = strcmp(cv->fl.f[k].rel, rel) == 0;
                if (have)
                        continue;
                fputs(any ? ", <code>" : "<p class=\"muted\">Starter files not in the submission: <code>", f);
                gnt_review_html_escape(f, rel, strlen(rel));
                fputs("</code>", f);
                any = true;
        }
        if (any)
                fputs("</p>\n", f);
        fputs("</details>\n", f);
}

struct excerpt {
        char *text;
        struct gnt_review_line *lines;
        unsigned first, last;
};

/* Lines first..last of e's code/label without starter or blank lines at
 * either end, at most 80: 1, 0 when none is left, -1 when the file cannot
 * be read. */
static int excerpt_load(const struct gnt_review_starter *s, const struct gnt_review_entry *e, const char *label,
                        unsigned first, unsigned last, struct excerpt *x)
{
        char path[PATH_MAX];
        size_t len;
        memset(x, 0, sizeof *x);
        if (!e->dir || strstr(label, "..") || gnt_review_path(path, sizeof path, "%s/code/%s", e->dir, label) < 0 ||
            sbx_file_read(path, (size_t)1 << 20, 0, &x->text, &len) < 0)
                return -1;
        long n = gnt_review_lines_split(x->text, len, (size_t)1 << 20, &x->lines);
        if (n < 0)
                return -1;
        if (last > (unsigned long)n)
                last = (unsigned)n;
        bool blank;
#define DULL(i) (line_hash(x->lines[(i) - 1].s, x->lines[(i) - 1].n, &blank), \
                 blank || gnt_review_starter_has_line(s, x->lines[(i) - 1].s, x->lines[(i) - 1].n))
        while (first >= 1 && first <= last && DULL(first))
                first++;
        if (first >= 1 && last > first + 79)
                last = first + 79;
        while (last >= first && last >= 1 && DULL(last))
                last--;
#undef DULL
        if (first < 1 || first > last)
                return 0;
        x->first = first;
        x->last = last;
        return 1;
}

static void excerpt_write(FILE *f, const struct gnt_review_starter *s, const struct excerpt *x, int ok,
                          const char *label)
{
        fputs("<div><div class=\"file\">", f);
        gnt_review_html_escape(f, label, strlen(label));
        if (ok > 0)
                fprintf(f, ":%u\xe2\x80\x93%u", x->first, x->last);
        fputs("</div>\n<pre class=\"ex\">", f);
        if (ok < 0)
                fputs("(code not available)", f);
        enum gnt_review_hl_lang lang = gnt_review_hl_lang_of(label);
        enum gnt_review_hl_open open = GNT_HL_OPEN_NONE;
        for (unsigned i = 1; ok > 0 && i <= x->last; i++) {
                const struct gnt_review_line *ln = &x->lines[i - 1];
                if (i < x->first) {
                        gnt_review_hl_skip(lang, &open, ln->s, ln->n);
                        continue;
                }
                bool st = gnt_review_starter_has_line(s, ln->s, ln->n);
                fprintf(f, "<span class=\"ln\">%4u </span>%s", i, st ? "<span class=\"st\">" : "");
                gnt_review_hl_write(f, lang, &open, ln->s, ln->n, GNT_REVIEW_CODE_LINE_MAX);
                fputs(st ? "</span>\n" : "\n", f);
        }
        fputs("</pre>\n</div>\n", f);
}

bool gnt_review_code_region(FILE *f, const struct gnt_review_starter *s, const struct gnt_review_entry *a,
                            const char *file_a, unsigned a_first, unsigned a_last, const struct gnt_review_entry *b,
                            const char *file_b, unsigned b_first, unsigned b_last)
{
        struct excerpt xa, xb;
        int ra = excerpt_load(s, a, file_a, a_first, a_last, &xa);
        int rb = excerpt_load(s, b, file_b, b_first, b_last, &xb);
        bool shown = ra != 0 && rb != 0;
        if (shown) {
                fputs("<div class=\"sides\">\n", f);
                excerpt_write(f, s, &xa, ra, file_a);
                excerpt_write(f, s, &xb, rb, file_b);
                fputs("</div>\n", f);
        }
        free(xa.text);
        free(xa.lines);
        free(xb.text);
        free(xb.lines);
        return shown;
}

const char gnt_review_code_css[] =
        "details.codeview{margin-top:14px;background:var(--card)}\n"
        ".legend{font-size:12.5px;margin:4px 0 6px}.lg{padding:0 6px;border-radius:3px;font-family:ui-monospace,"
        "Menlo,Consolas,monospace}.lg.a{background:#d9f2e0}.lg.u{color:var(--muted)}.lg.r{background:#fbe1e1}"
        ".lg.hit{background:#ffd9a8}\n"
        "details.file{padding:0;margin:6px 0;background:#fff}details.file>summary{padding:5px 10px;"
        "font-weight:400;overflow-wrap:anywhere}details.file>summary code{font-weight:700}\n"
        ".hits{color:#9a3412;font-weight:600}.skipped{margin:6px 0;overflow-wrap:anywhere}\n"
        "pre.src{margin:0;border-radius:0 0 6px 6px;padding:6px 0;max-height:none;counter-reset:ln}\n"
        "pre.src .L{display:flow-root;padding-right:10px}pre.src .L:not(.r){counter-increment:ln}\n"
        "pre.src .L::before{display:inline-block;width:7ch;margin-right:1ch;text-align:right;white-space:pre;"
        "color:#6c7680;user-select:none;content:counter(ln) \"  \"}pre.src .a::before{content:counter(ln) "
        "\" +\";color:#8fd19e}pre.src .r::before{content:\"\\2212 \";color:#ff8f8f}\n"
        "pre.src .a{background:#14261b}pre.src .u{color:#9aa3ad}pre.src .u .k,pre.src .u .s,pre.src .u .n,"
        "pre.src .u .c{color:inherit}pre.src .r{background:#2e1719;color:#c9a0a4}\n"
        "pre.src .hit{background:#4d1f12;box-shadow:inset 4px 0 #ff7b45}pre.src .L:target,a.ref:target{"
        "outline:2px solid #ffd166;outline-offset:-2px;background:#5c4700}\n"
        ".refs{float:right;font:11.5px/1.4 system-ui,Arial,sans-serif}.refs a,.refs span{color:#ffd166;"
        "margin-left:10px}\n"
        "a.ref{color:#ffd166}pre.msg a.ref{color:#7a3e00}\n"
        ".k{color:#ff9d5c}.s{color:#b8e068}.c{color:#8b96a3;font-style:italic}.n{color:#d7b1ff}.cut{color:#ff7b45}\n"
        "pre.ex .st{opacity:.45}\n";
