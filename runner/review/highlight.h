/* highlight.h — Go and C syntax highlighting for report.html, done when the
 * page is written: a small tokenizer (keywords, strings, comments, numbers)
 * whose tokens become <span> elements with a class, every byte escaped.
 * Internal to runner/review. */
#ifndef GAUNTLET_REVIEW_HIGHLIGHT_H
#define GAUNTLET_REVIEW_HIGHLIGHT_H

#include <stddef.h>
#include <stdio.h>

enum gnt_review_hl_lang {
        GNT_HL_PLAIN, /* no highlighting (go.mod, unknown files) */
        GNT_HL_GO,
        GNT_HL_C,
};

enum gnt_review_hl_kind {
        GNT_HL_TEXT,    /* identifiers, operators, white space */
        GNT_HL_KEYWORD,
        GNT_HL_STRING,  /* string, rune and character literals; #include <...> */
        GNT_HL_COMMENT,
        GNT_HL_NUMBER,
};

/* What a line leaves open for the next one: nothing, a block comment, or
 * (Go) a raw string.  Start every file with GNT_HL_OPEN_NONE. */
enum gnt_review_hl_open {
        GNT_HL_OPEN_NONE,
        GNT_HL_OPEN_COMMENT,
        GNT_HL_OPEN_RAW,
};

struct gnt_review_hl_token {
        enum gnt_review_hl_kind kind;
        size_t off, len; /* within the line */
};

/* The language of a file, by its name: *.go Go; *.c, *.h C; else plain. */
enum gnt_review_hl_lang gnt_review_hl_lang_of(const char *name);

/* The token of line s[0..n) starting at pos (< n), into *ret; *open is the
 * state carried from the previous line and is updated when a token opens
 * or closes a multi-line comment or raw string.  Tokens cover the line
 * without gaps, and bytes >= 0x80 are never split between two tokens, so
 * a UTF-8 sequence is never cut.  Returns the position after the token. */
size_t gnt_review_hl_next(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s, size_t n,
                          size_t pos, struct gnt_review_hl_token *ret);

/* Line s[0..n) (without its newline) as escaped HTML with <span
 * class="k|s|c|n"> around highlighted tokens.  At most max bytes are
 * written (cut at a UTF-8 boundary, followed by an ellipsis), but the whole
 * line is read so *open stays right for the next one. */
void gnt_review_hl_write(FILE *f, enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s,
                         size_t n, size_t max);

/* Read line s[0..n) for its effect on *open only (a line not shown). */
void gnt_review_hl_skip(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s, size_t n);

#endif
