/* buf.h — a growable, optionally bounded text buffer used by the graders'
 * parsers and evidence collection (internal to graders/). */
#ifndef GAUNTLET_GRADERS_BUF_H
#define GAUNTLET_GRADERS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct grd_buf {
        char *s;         /* NUL-terminated when non-NULL */
        size_t len, cap;
        size_t max;      /* 0: unbounded; else text beyond is dropped */
        bool truncated;
};

#define GRD_BUF_INIT(m) { .s = NULL, .len = 0, .cap = 0, .max = (m), .truncated = false }

/* Append; past max the text is cut (at most once noted by truncated).
 * Return 0, -ENOMEM. */
int grd_buf_add(struct grd_buf *b, const char *s, size_t n);
int grd_buf_adds(struct grd_buf *b, const char *s);
int grd_buf_addf(struct grd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string over (adding "\n[... truncated]" when cut); the buffer is
 * reset.  NULL when empty. */
char *grd_buf_steal(struct grd_buf *b);
void grd_buf_release(struct grd_buf *b);

#endif
