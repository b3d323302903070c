/*
 * wordfreq: count the words of standard input and print them by
 * frequency (highest first), ties in byte order, one "COUNT WORD" line each.
 * A word is a maximal run of ASCII letters, folded to lower case.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	/* Read all of standard input, count the words, print the lines. */
	return EXIT_SUCCESS;
}
