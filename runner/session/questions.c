/* questions.c — the follow-up questions of a submitted mock interview: read
 * from the grading part the mock names (never from the session folder),
 * with the escape analysis of the candidate's final code as evidence, and
 * their text for `gauntlet followups`, `gauntlet submit` and the screen. */
#include "questions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "escape.h"
#include "grade.h"
#include "paths.h"
#include "scratch.h"
#include "snapshot.h"

static bool wants(const struct gnt_followups *l, enum gnt_followup_evidence e)
{
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i].evidence == e)
                        return true;
        return false;
}

/* The escape analysis of the final code as text; NULL only on ENOMEM. */
static char *escape_text(const struct grd_escape *e)
{
        char *t = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&t, &len);
        if (!m)
                return NULL;
        if (!e->built)
                fprintf(m, "Escape analysis: your code does not compile:\n%s", e->output ? e->output : "");
        else if (e->n == 0)
                fprintf(m, "Escape analysis of your code (go build -gcflags=-m): nothing escapes\nto the heap.\n");
        else
                fprintf(m, "Escape analysis of your code (go build -gcflags=-m), %zu heap site%s:\n",
                        e->n + e->dropped, e->n + e->dropped == 1 ? "" : "s");
        for (size_t i = 0; e->built && i < e->n; i++)
                fprintf(m, "  %s:%u:%u  %s\n", e->sites[i].file, e->sites[i].line, e->sites[i].col,
                        e->sites[i].what);
        if (e->built && e->dropped)
                fprintf(m, "  ... and %zu more\n", e->dropped);
        if (fclose(m) != 0) {
                free(t);
                return NULL;
        }
        return t;
}

/* Restore the final snapshot and run the escape analysis on it. */
static char *escape_evidence(const struct gnt_session *s, const struct grd_problem *p)
{
        char tmp[PATH_MAX], err[512] = "", *text = NULL;
        struct grd_scratch sc;
        int r = gnt_session_mkdtemp("escape", &sc, tmp, sizeof tmp);
        if (r < 0)
                snprintf(err, sizeof err, "cannot create a scratch folder: %s", strerror(-r));
        if (r == 0)
                r = gnt_session_snapshot_restore(&s->submit->d.snap, s->blobs, tmp, err, sizeof err);
        const char *cache = r == 0 ? gnt_path_cache() : NULL;
        if (r == 0 && !cache) {
                r = -ENOENT;
                snprintf(err, sizeof err, "%s", gnt_path_cache_error());
        }
        if (r == 0) {
                struct grd_options o = {.cache_dir = cache};
                struct grd_escape e = {0};
                if ((r = grd_go_escape(p, tmp, &o, &e, err, sizeof err)) == 0)
                        text = escape_text(&e);
                grd_escape_release(&e);
        }
        grd_scratch_release(&sc);
        if (r < 0 && !text) {
                size_t n = strlen(err) + 64;
                if ((text = malloc(n)))
                        snprintf(text, n, "Escape analysis unavailable: %s\n", err);
        }
        return text;
}

int gnt_session_followups(const struct gnt_session *s, bool evidence, struct gnt_session_followups *ret, char *err,
                          size_t errsz)
{
        if (!s->mock) {
                snprintf(err, errsz, "follow-up questions belong to mock interviews; a take-home session has none");
                return -EPERM;
        }
        if (!s->grading) {
                snprintf(err, errsz, "this mock has no grading parts (start it from the library, or with --grading "
                                     "BUNDLE): no follow-up questions");
                return -ENOENT;
        }
        if (!s->submit) {
                snprintf(err, errsz, "the follow-up questions come after the code: submit first");
                return -EAGAIN;
        }
        struct gnt_bundle *b = NULL;
        int r = gnt_bundle_open(s->grading, NULL, &b, err, errsz);
        if (r < 0)
                return r;
        const struct grd_problem *p = gnt_bundle_problem(b);
        if (!p || !p->dir || p->is_public || strcmp(p->id, s->id) != 0) {
                snprintf(err, errsz, "'%s' is not the grading part of '%s'", s->grading, s->id);
                gnt_bundle_close(b);
                return -EINVAL;
        }
        struct gnt_session_followups f = {0};
        r = gnt_manifest_followups_load(p->dir, &f.list, err, errsz);
        if (r == 0 && evidence && wants(&f.list, GNT_EVIDENCE_ESCAPE) && p->lang == GRD_LANG_GO &&
            !(f.escape = escape_evidence(s, p)))
                r = -ENOMEM;
        gnt_bundle_close(b);
        if (r < 0) {
                if (r == -ENOMEM)
                        snprintf(err, errsz, "out of memory");
                gnt_session_followups_release(&f);
                return r;
        }
        *ret = f;
        return 0;
}

void gnt_session_followups_release(struct gnt_session_followups *f)
{
        if (!f)
                return;
        gnt_followups_release(&f->list);
        free(f->escape);
        f->escape = NULL;
}

const char *gnt_session_followup_evidence(const struct gnt_session_followups *f, const struct gnt_followup *it)
{
        if (it->evidence == GNT_EVIDENCE_ESCAPE && f->escape)
                return f->escape;
        return "";
}

/* text word-wrapped to 78 columns: its first line continues a line already
 * `col` columns wide, the others are indented by `indent` spaces. */
static void wrap(FILE *out, const char *text, size_t col, size_t indent)
{
        const size_t width = 78;
        const char *p = text;
        while (*p) {
                size_t w = strcspn(p, " ");
                if (col > indent && col + 1 + w > width) {
                        fprintf(out, "\n%*s", (int)indent, "");
                        col = indent;
                } else if (col > indent) {
                        fputc(' ', out);
                        col++;
                }
                fwrite(p, 1, w, out);
                col += w;
                p += w;
                while (*p == ' ')
                        p++;
        }
        fputc('\n', out);
}

void gnt_session_followups_print(FILE *out, const struct gnt_session_followups *f, bool answers, size_t only)
{
        for (size_t i = 0; i < f->list.n; i++) {
                if (only && only != i + 1)
                        continue;
                const struct gnt_followup *it = &f->list.items[i];
                int col = fprintf(out, "\n%zu. [%s]", i + 1, it->topic) - 1;
                wrap(out, it->question, (size_t)(col > 0 ? col : 0), 3);
                const char *ev = gnt_session_followup_evidence(f, it);
                if (*ev) {
                        fprintf(out, "\n");
                        for (const char *l = ev; *l;) {
                                const char *nl = strchr(l, '\n');
                                int n = nl ? (int)(nl - l) : (int)strlen(l);
                                fprintf(out, "   | %.*s\n", n, l);
                                l += n + (nl != NULL);
                        }
                }
                if (answers) {
                        fprintf(out, "\n   Model answer:");
                        wrap(out, it->answer, 16, 3);
                }
        }
}

void gnt_session_followups_submit_print(FILE *out, FILE *errf, const struct gnt_session *s)
{
        struct gnt_session_followups f = {0};
        char err[1024];
        if (gnt_session_followups(s, true, &f, err, sizeof err) < 0) {
                fprintf(errf, "gauntlet submit: no follow-up questions: %s\n", err);
                return;
        }
        if (f.list.n) {
                fprintf(out, "\nFollow-up questions (%zu): answer them aloud, as in the interview; then\n"
                             "'gauntlet followups --answers' shows the model answers.\n",
                        f.list.n);
                gnt_session_followups_print(out, &f, false, 0);
        }
        gnt_session_followups_release(&f);
}
