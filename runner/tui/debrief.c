/* debrief.c — the screen's debrief of a graded mock: read back from the
 * session's report.json (review/debrief.h renders its lines), wrapped to
 * the screen's width for draw.c.  No drawing and no keys here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "session/debrief.h"

void gnt_tui_debrief_release(struct screen *sc)
{
        if (sc->have_db) {
                gnt_debrief_lines_release(&sc->db_lines);
                gnt_debrief_release(&sc->db);
        }
        free(sc->db_rows);
        sc->db_rows = NULL;
        sc->n_db_rows = 0;
        sc->db_width = 0;
        sc->have_db = false;
        sc->st.has_debrief = false;
}

bool gnt_tui_debrief_load(struct screen *sc)
{
        gnt_tui_debrief_release(sc);
        char *text = NULL, err[512];
        size_t len = 0;
        if (!sc->s->mock || !sc->s->submit || gnt_session_debrief_read(sc->s, &text, &len, err, sizeof err) < 0)
                return false;
        int r = gnt_debrief_parse(text, len, &sc->db, err, sizeof err);
        free(text);
        gnt_session_debrief_path(sc->s, GNT_DEBRIEF_HTML, sc->db_html);
        if (r == 0)
                r = gnt_debrief_lines(&sc->db, sc->db_html, &sc->db_lines);
        if (r < 0) {
                gnt_debrief_release(&sc->db);
                return false;
        }
        sc->have_db = true;
        sc->st.has_debrief = true;
        return true;
}

/* Bytes of s that fit in w columns, cut at a UTF-8 boundary (the texts
 * are mostly ASCII; a wide character counts as one: it is rare here). */
static size_t fit(const char *s, size_t len, size_t w)
{
        size_t cols = 0, i = 0;
        while (i < len && cols < w) {
                i++;
                while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
                        i++;
                cols++;
        }
        return i;
}

void gnt_tui_debrief_wrap(struct screen *sc, int width)
{
        if (!sc->have_db || (sc->db_width == width && sc->db_rows))
                return;
        free(sc->db_rows);
        sc->db_rows = NULL;
        sc->n_db_rows = 0;
        size_t w = width > 10 ? (size_t)width : 10, cap = 0;
        for (size_t i = 0; i < sc->db_lines.n; i++) {
                const char *t = sc->db_lines.v[i].text;
                size_t len = strlen(t), off = 0;
                do {
                        if (sc->n_db_rows == cap) {
                                size_t nc = cap ? 2 * cap : 512;
                                struct gnt_tui_row *nv = realloc(sc->db_rows, nc * sizeof *nv);
                                if (!nv)
                                        return;
                                sc->db_rows = nv;
                                cap = nc;
                        }
                        /* continuation rows are indented by 4 */
                        size_t room = off ? w - 4 : w;
                        size_t k = fit(t + off, len - off, room);
                        sc->db_rows[sc->n_db_rows++] = (struct gnt_tui_row){i, off, k};
                        off += k;
                } while (off < len);
        }
        sc->db_width = width;
}
