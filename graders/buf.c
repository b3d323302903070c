/* buf.c — growable bounded text buffer. */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct grd_buf *b, size_t need)
{
        if (b->len + need + 1 <= b->cap)
                return 0;
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + need + 1)
                cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s)
                return -ENOMEM;
        b->s = s;
        b->cap = cap;
        return 0;
}

int grd_buf_add(struct grd_buf *b, const char *s, size_t n)
{
        if (b->max && b->len + n > b->max) {
                b->truncated = true;
                n = b->len < b->max ? b->max - b->len : 0;
        }
        if (n == 0 && b->s)
                return 0;
        if (grow(b, n) < 0)
                return -ENOMEM;
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
        return 0;
}

int grd_buf_adds(struct grd_buf *b, const char *s)
{
        return grd_buf_add(b, s, strlen(s));
}

int grd_buf_addf(struct grd_buf *b, const char *fmt, ...)
{
        char small[512];
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(small, sizeof small, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -EINVAL;
        if ((size_t)n < sizeof small)
                return grd_buf_add(b, small, (size_t)n);
        char *big = malloc((size_t)n + 1);
        if (!big)
                return -ENOMEM;
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        int r = grd_buf_add(b, big, (size_t)n);
        free(big);
        return r;
}

char *grd_buf_steal(struct grd_buf *b)
{
        if (b->truncated && b->s) {
                static const char note[] = "\n[... truncated]\n";
                size_t max = b->max;
                b->max = 0;
                grd_buf_add(b, note, sizeof note - 1);
                b->max = max;
        }
        char *s = b->len ? b->s : NULL;
        if (!s)
                free(b->s);
        b->s = NULL;
        b->len = b->cap = 0;
        b->truncated = false;
        return s;
}

void grd_buf_release(struct grd_buf *b)
{
        if (!b)
                return;
        free(b->s);
        b->s = NULL;
        b->len = b->cap = 0;
        b->truncated = false;
}
