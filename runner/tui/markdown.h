/* markdown.h — Markdown statement text to styled, wrapped lines of wide
 * characters.  Pure data (no ncurses) so it is unit-testable: the screen
 * maps the styles to attributes. */
#ifndef GAUNTLET_TUI_MARKDOWN_H
#define GAUNTLET_TUI_MARKDOWN_H

#include <stddef.h>
#include <wchar.h>

enum {
        GNT_MD_PLAIN = 0,
        GNT_MD_BOLD = 1u << 0,
        GNT_MD_EMPH = 1u << 1,
        GNT_MD_CODE = 1u << 2,    /* inline code and code blocks */
        GNT_MD_HEADING = 1u << 3,
        GNT_MD_BULLET = 1u << 4,
};

/* Tab stops in code blocks, in columns (a terminal's default). */
#define GNT_MD_TAB 8

struct gnt_md_line {
        wchar_t *text;         /* len characters, NUL-terminated */
        unsigned char *style;  /* one GNT_MD_* set per character */
        size_t len;
};

struct gnt_md_doc {
        struct gnt_md_line *lines;
        size_t n;
};

/* Render UTF-8 Markdown (headings, fenced code blocks, lists, block
 * quotes, **bold**, *emphasis*, `code`) into lines no wider than width
 * columns (wcwidth).  In code blocks a tab advances to the next stop of
 * GNT_MD_TAB columns; elsewhere it is a space.  Invalid UTF-8 bytes become U+FFFD.  Returns 0 or
 * -ENOMEM; release with gnt_md_release. */
int gnt_md_render(const char *text, size_t len, int width, struct gnt_md_doc *ret);
void gnt_md_release(struct gnt_md_doc *d);

/* Display width of a wide string (non-printables count 1). */
int gnt_md_width(const wchar_t *s, size_t n);

#endif
