/*
 * wordfreq: count the words of standard input and print them by
 * frequency (highest first), ties in byte order, one "COUNT WORD" line each.
 * A word is a maximal run of ASCII letters, folded to lower case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
	const char *text; /* points into the input buffer, not terminated */
	size_t len;
	long count;
};

/* Reads all of f into a malloc'd buffer; returns NULL on failure. */
static char *read_all(FILE *f, size_t *ret_len)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len, f);

		len += n;
		if (n == 0)
			break;
		if (len == cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*ret_len = len;
	return buf;
}

/* ASCII only on purpose: isalpha() would depend on the locale. */
static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int cmp_text(const struct word *a, const struct word *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->text, b->text, n);

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static int by_text(const void *pa, const void *pb)
{
	return cmp_text(pa, pb);
}

static int by_count_then_text(const void *pa, const void *pb)
{
	const struct word *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return cmp_text(a, b);
}

int main(void)
{
	size_t len, nwords = 0, cap = 1024, nuniq = 0;
	char *buf = read_all(stdin, &len);
	struct word *words = malloc(cap * sizeof(*words));

	if (!buf || !words) {
		fprintf(stderr, "wordfreq: cannot read input: out of memory or read error\n");
		return 1;
	}

	/* Fold to lower case in place and record every word. */
	for (size_t i = 0; i < len;) {
		if (!is_letter((unsigned char)buf[i])) {
			i++;
			continue;
		}
		size_t start = i;
		for (; i < len && is_letter((unsigned char)buf[i]); i++)
			buf[i] |= 0x20; /* ASCII letters: set the lower-case bit */
		if (nwords == cap) {
			struct word *bigger = realloc(words, 2 * cap * sizeof(*words));

			if (!bigger) {
				fprintf(stderr, "wordfreq: out of memory\n");
				return 1;
			}
			words = bigger;
			cap *= 2;
		}
		words[nwords++] = (struct word){ buf + start, i - start, 1 };
	}

	/* Sort by text so equal words are adjacent, then merge the runs. */
	qsort(words, nwords, sizeof(*words), by_text);
	for (size_t i = 0; i < nwords; i++) {
		if (nuniq > 0 && cmp_text(&words[nuniq - 1], &words[i]) == 0)
			words[nuniq - 1].count++;
		else
			words[nuniq++] = words[i];
	}
	qsort(words, nuniq, sizeof(*words), by_count_then_text);

	for (size_t i = 0; i < nuniq; i++)
		printf("%ld %.*s\n", words[i].count, (int)words[i].len, words[i].text);

	free(words);
	free(buf);
	return ferror(stdout) ? 1 : 0;
}
