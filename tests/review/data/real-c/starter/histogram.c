/*
 * histogram: read "N B W" and then integer values from standard input,
 * split the values among N worker threads, and print their count, sum and
 * a histogram of B buckets of width W (the last bucket is open-ended).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

int main(void)
{
	int nthreads;
	size_t buckets;
	long long width;

	if (scanf("%d %zu %lld", &nthreads, &buckets, &width) != 3 ||
	    nthreads < 1 || nthreads > MAX_THREADS || buckets < 1 || width < 1) {
		fprintf(stderr, "histogram: bad first line: want 'N B W' with 1 <= N <= %d, B >= 1, W >= 1\n",
			MAX_THREADS);
		return 1;
	}

	/*
	 * Read the values, start nthreads workers with pthread_create, give
	 * each a share of the values, combine their results safely, join
	 * them, and print the report described in the statement.
	 */
	return 0;
}
