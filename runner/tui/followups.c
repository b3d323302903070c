/* followups.c — the screen's follow-up questions of a graded mock: loaded
 * when the grading ends (the evidence comes from the grading child, which
 * ran the escape analysis in the sandbox), and laid out one question at a
 * time as lines for draw.c's box.  No drawing and no keys here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

void gnt_tui_followups_child(FILE *out, const struct gnt_session *s)
{
        struct gnt_session_followups f = {0};
        char err[512];
        if (gnt_session_followups(s, true, &f, err, sizeof err) < 0)
                return;
        /* After the report's text: a NUL byte, then the evidence. */
        if (f.list.n && f.escape) {
                fputc('\0', out);
                fputs(f.escape, out);
        }
        gnt_session_followups_release(&f);
}

void gnt_tui_followups_load(struct screen *sc, const char *job_out, size_t job_out_len)
{
        if (sc->have_fu)
                gnt_session_followups_release(&sc->fu);
        sc->have_fu = false;
        sc->st.n_followups = 0;
        char err[512];
        if (!sc->s->mock || !sc->s->grading || !sc->s->submit ||
            gnt_session_followups(sc->s, false, &sc->fu, err, sizeof err) < 0)
                return;
        sc->have_fu = true;
        sc->st.n_followups = sc->fu.list.n;
        size_t n = job_out ? strnlen(job_out, job_out_len) : 0;
        if (job_out && n + 1 < job_out_len)
                sc->fu.escape = strndup(job_out + n + 1, job_out_len - n - 1);
}

struct lines {
        char **v;
        size_t n, cap;
};

static void add(struct lines *l, const char *s, size_t len)
{
        if (l->n + 1 >= l->cap) {
                size_t nc = l->cap ? l->cap * 2 : 32;
                char **nv = realloc(l->v, nc * sizeof *nv);
                if (!nv)
                        return;
                l->v = nv;
                l->cap = nc;
        }
        char *d = strndup(s, len);
        if (d)
                l->v[l->n++] = d;
}

/* text word-wrapped to width columns (bytes: the texts are ASCII), each
 * line after `indent` spaces. */
static void add_wrapped(struct lines *l, const char *text, size_t width, size_t indent)
{
        char buf[512];
        size_t w = width > indent + 20 && width < sizeof buf ? width : 60;
        const char *p = text;
        while (*p) {
                size_t o = (size_t)snprintf(buf, sizeof buf, "%*s", (int)indent, "");
                while (*p) {
                        size_t k = strcspn(p, " ");
                        if (o > indent && o + 1 + k > w)
                                break;
                        if (o > indent)
                                buf[o++] = ' ';
                        if (o + k >= w) /* one word wider than the line: cut */
                                k = w - o;
                        memcpy(buf + o, p, k);
                        o += k;
                        p += k;
                        while (*p == ' ')
                                p++;
                }
                add(l, buf, o);
        }
}

char **gnt_tui_followup_lines(const struct screen *sc, int width, char *title, size_t title_size, size_t *ret_n)
{
        struct lines l = {0};
        *ret_n = 0;
        if (!sc->have_fu || sc->st.fu_sel >= sc->fu.list.n)
                return NULL;
        const struct gnt_followup *it = &sc->fu.list.items[sc->st.fu_sel];
        snprintf(title, title_size, "Follow-up question %zu of %zu [%s]  a answer  n/p next/prev  q close",
                 sc->st.fu_sel + 1, sc->fu.list.n, it->topic);
        size_t w = width > 0 ? (size_t)width : 60;
        add_wrapped(&l, it->question, w, 0);
        /* The answer (or how to reveal it) above the evidence, which can be
         * long: a revealed answer is seen without scrolling. */
        add(&l, "", 0);
        if (sc->st.fu_answer) {
                add(&l, "Model answer:", 13);
                add_wrapped(&l, it->answer, w, 2);
        } else {
                add_wrapped(&l, "Answer aloud, as you would to the interviewer; then press a for the model answer.",
                            w, 0);
        }
        const char *ev = gnt_session_followup_evidence(&sc->fu, it);
        if (it->evidence != GNT_EVIDENCE_NONE) {
                add(&l, "", 0);
                if (!*ev)
                        add_wrapped(&l, "(the analysis of your code: 'gauntlet followups' in the session folder)", w, 0);
                for (const char *p = ev; *p;) {
                        size_t k = strcspn(p, "\n");
                        add(&l, p, k);
                        p += k + (p[k] == '\n');
                }
        }
        *ret_n = l.n;
        return l.v;
}
