/* highlight.c — a small Go and C tokenizer for the code view of
 * report.html: keywords, string and character literals, comments, numbers;
 * everything else is text.  It knows nothing of grammar (a type name is
 * text), and it never fails: any bytes give tokens that cover them. */
#include "highlight.h"

#include <stdbool.h>
#include <string.h>

#include "board.h"

static const char *const go_words[] = {
        "break",  "case",   "chan",   "const",     "continue", "default", "defer", "else",
        "fallthrough", "false", "for", "func",     "go",       "goto",    "if",    "import",
        "interface", "iota", "map",   "nil",       "package",  "range",   "return", "select",
        "struct", "switch", "true",   "type",      "var",
};

static const char *const c_words[] = {
        "NULL",     "_Alignas", "_Alignof", "_Atomic", "_Bool",    "_Noreturn", "_Static_assert",
        "_Thread_local", "auto", "bool",   "break",   "case",     "char",      "const",
        "continue", "default",  "do",       "double",  "else",     "enum",      "extern",
        "false",    "float",    "for",      "goto",    "if",       "inline",    "int",
        "long",     "register", "restrict", "return",  "short",    "signed",    "sizeof",
        "static",   "struct",   "switch",   "true",    "typedef",  "union",     "unsigned",
        "void",     "volatile", "while",
};

enum gnt_review_hl_lang gnt_review_hl_lang_of(const char *name)
{
        size_t n = name ? strlen(name) : 0;
        if (n > 3 && strcmp(name + n - 3, ".go") == 0)
                return GNT_HL_GO;
        if (n > 2 && (strcmp(name + n - 2, ".c") == 0 || strcmp(name + n - 2, ".h") == 0))
                return GNT_HL_C;
        return GNT_HL_PLAIN;
}

static bool ident_start(unsigned char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
        return ident_start(c) || (c >= '0' && c <= '9');
}

static bool digit(unsigned char c)
{
        return c >= '0' && c <= '9';
}

static bool is_keyword(enum gnt_review_hl_lang lang, const char *s, size_t n)
{
        const char *const *w = lang == GNT_HL_GO ? go_words : c_words;
        size_t nw = lang == GNT_HL_GO ? sizeof go_words / sizeof *go_words : sizeof c_words / sizeof *c_words;
        for (size_t i = 0; i < nw; i++)
                if (strlen(w[i]) == n && memcmp(w[i], s, n) == 0)
                        return true;
        return false;
}

/* Position after "*\/" at or after pos, or 0 when the line has none. */
static size_t comment_end(const char *s, size_t n, size_t pos)
{
        for (size_t i = pos; i + 1 < n; i++)
                if (s[i] == '*' && s[i + 1] == '/')
                        return i + 2;
        return 0;
}

/* A quoted literal from pos (the quote): up to the closing quote, skipping
 * backslash escapes; an unclosed one ends with the line. */
static size_t quoted_end(const char *s, size_t n, size_t pos)
{
        char q = s[pos];
        for (size_t i = pos + 1; i < n; i++) {
                if (s[i] == '\\')
                        i++;
                else if (s[i] == q)
                        return i + 1;
        }
        return n;
}

static size_t number_end(const char *s, size_t n, size_t pos)
{
        bool hex = pos + 1 < n && s[pos] == '0' && (s[pos + 1] == 'x' || s[pos + 1] == 'X');
        size_t i = pos;
        while (i < n) {
                unsigned char c = (unsigned char)s[i];
                if ((c == '+' || c == '-') && i > pos) {
                        char p = s[i - 1];
                        bool exp = hex ? p == 'p' || p == 'P' : p == 'e' || p == 'E';
                        if (!exp)
                                break;
                } else if (!(c < 0x80 && (ident_char(c) || c == '.'))) {
                        break;
                }
                i++;
        }
        return i;
}

/* The first non-blank of a C line is #include: its <name> is a literal. */
static bool include_line(const char *s, size_t n)
{
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
        if (i >= n || s[i] != '#')
                return false;
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
        return n - i >= 7 && memcmp(s + i, "include", 7) == 0;
}

static bool only_blank_before(const char *s, size_t pos)
{
        for (size_t i = 0; i < pos; i++)
                if (s[i] != ' ' && s[i] != '\t')
                        return false;
        return true;
}

/* Could a token other than text start at s[i]? */
static bool starts_token(enum gnt_review_hl_lang lang, const char *s, size_t n, size_t i)
{
        unsigned char c = (unsigned char)s[i];
        if (ident_start(c) || digit(c) || c == '"' || c == '\'')
                return true;
        if (c == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*'))
                return true;
        if (c == '.' && i + 1 < n && digit((unsigned char)s[i + 1]))
                return true;
        if (lang == GNT_HL_GO)
                return c == '`';
        return c == '#' || c == '<';
}

static size_t token(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s, size_t n,
                    size_t pos, enum gnt_review_hl_kind *kind)
{
        size_t e;
        unsigned char c = (unsigned char)s[pos];
        *kind = GNT_HL_TEXT;
        if (*open == GNT_HL_OPEN_COMMENT || (c == '/' && pos + 1 < n && s[pos + 1] == '*')) {
                *kind = GNT_HL_COMMENT;
                e = comment_end(s, n, *open == GNT_HL_OPEN_COMMENT ? pos : pos + 2);
                *open = e ? GNT_HL_OPEN_NONE : GNT_HL_OPEN_COMMENT;
                return e ? e : n;
        }
        if (*open == GNT_HL_OPEN_RAW || (lang == GNT_HL_GO && c == '`')) {
                *kind = GNT_HL_STRING;
                const char *q = memchr(s + pos + (*open == GNT_HL_OPEN_RAW ? 0 : 1), '`',
                                       n - pos - (*open == GNT_HL_OPEN_RAW ? 0 : 1));
                *open = q ? GNT_HL_OPEN_NONE : GNT_HL_OPEN_RAW;
                return q ? (size_t)(q - s) + 1 : n;
        }
        if (c == '/' && pos + 1 < n && s[pos + 1] == '/') {
                *kind = GNT_HL_COMMENT;
                return n;
        }
        if (c == '"' || c == '\'') {
                *kind = GNT_HL_STRING;
                return quoted_end(s, n, pos);
        }
        if (digit(c) || (c == '.' && pos + 1 < n && digit((unsigned char)s[pos + 1]))) {
                *kind = GNT_HL_NUMBER;
                return number_end(s, n, pos);
        }
        if (lang == GNT_HL_C && c == '#' && only_blank_before(s, pos)) {
                e = pos + 1;
                while (e < n && (s[e] == ' ' || s[e] == '\t'))
                        e++;
                while (e < n && ident_char((unsigned char)s[e]) && (unsigned char)s[e] < 0x80)
                        e++;
                *kind = GNT_HL_KEYWORD;
                return e;
        }
        if (lang == GNT_HL_C && c == '<' && include_line(s, n)) {
                const char *q = memchr(s + pos, '>', n - pos);
                *kind = GNT_HL_STRING;
                return q ? (size_t)(q - s) + 1 : n;
        }
        if (ident_start(c)) {
                e = pos;
                while (e < n && ident_char((unsigned char)s[e]))
                        e++;
                if (is_keyword(lang, s + pos, e - pos))
                        *kind = GNT_HL_KEYWORD;
                return e;
        }
        e = pos + 1;
        while (e < n && !starts_token(lang, s, n, e))
                e++;
        return e;
}

size_t gnt_review_hl_next(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s, size_t n,
                          size_t pos, struct gnt_review_hl_token *ret)
{
        enum gnt_review_hl_kind kind = GNT_HL_TEXT;
        size_t e = n;
        if (lang != GNT_HL_PLAIN && pos < n)
                e = token(lang, open, s, n, pos, &kind);
        if (e <= pos) /* never stall */
                e = pos + 1 < n ? pos + 1 : n;
        *ret = (struct gnt_review_hl_token){kind, pos, e - pos};
        return e;
}

void gnt_review_hl_skip(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s, size_t n)
{
        struct gnt_review_hl_token t;
        for (size_t pos = 0; pos < n;)
                pos = gnt_review_hl_next(lang, open, s, n, pos, &t);
}

void gnt_review_hl_write(FILE *f, enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *s,
                         size_t n, size_t max)
{
        static const char cls[] = {[GNT_HL_KEYWORD] = 'k', [GNT_HL_STRING] = 's', [GNT_HL_COMMENT] = 'c',
                                   [GNT_HL_NUMBER] = 'n'};
        size_t pos = 0, shown = 0;
        bool cut = false;
        while (pos < n) {
                struct gnt_review_hl_token t;
                pos = gnt_review_hl_next(lang, open, s, n, pos, &t);
                if (cut)
                        continue; /* read on only to keep *open right */
                size_t len = t.len;
                if (shown + len > max) {
                        len = max - shown;
                        /* back off to the start of a UTF-8 sequence */
                        while (len > 0 && ((unsigned char)s[t.off + len] & 0xc0) == 0x80)
                                len--;
                        cut = true;
                }
                shown += len;
                if (len && t.kind != GNT_HL_TEXT)
                        fprintf(f, "<span class=\"%c\">", cls[t.kind]);
                gnt_review_html_escape(f, s + t.off, len);
                if (len && t.kind != GNT_HL_TEXT)
                        fputs("</span>", f);
                if (cut)
                        fputs("<span class=\"cut\">\xe2\x80\xa6</span>", f);
        }
}
