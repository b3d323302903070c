/*
 * histogram: read "N B W" and then integer values from standard input,
 * split the values among N worker threads, and print their count, sum and
 * a histogram of B buckets of width W (the last bucket is open-ended).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

/* State shared by all workers; every field after mu is guarded by mu. */
struct shared {
	pthread_mutex_t mu;
	unsigned long long *hist;
	long long sum;
};

/* One worker's slice of the input, values[lo, hi). */
struct job {
	const long long *values;
	size_t lo, hi;
	size_t buckets;
	long long width;
	struct shared *sh;
};

static size_t bucket_of(long long v, long long width, size_t buckets)
{
	long long b = v / width;

	return b >= (long long)buckets ? buckets - 1 : (size_t)b;
}

/*
 * Counts into a private histogram first, so the hot loop touches no shared
 * memory, then merges the whole result in one short critical section.
 */
static void *worker(void *arg)
{
	struct job *job = arg;
	unsigned long long *local = calloc(job->buckets, sizeof(*local));
	long long sum = 0;

	if (!local)
		return (void *)1;
	for (size_t i = job->lo; i < job->hi; i++) {
		local[bucket_of(job->values[i], job->width, job->buckets)]++;
		sum += job->values[i];
	}

	pthread_mutex_lock(&job->sh->mu);
	for (size_t b = 0; b < job->buckets; b++)
		job->sh->hist[b] += local[b];
	job->sh->sum += sum;
	pthread_mutex_unlock(&job->sh->mu);

	free(local);
	return NULL;
}

/* Reads whitespace-separated values until end of input. */
static long long *read_values(size_t *ret_n)
{
	size_t n = 0, cap = 1024;
	long long *v = malloc(cap * sizeof(*v)), x;

	if (!v)
		return NULL;
	while (scanf("%lld", &x) == 1) {
		if (n == cap) {
			long long *bigger = realloc(v, 2 * cap * sizeof(*v));

			if (!bigger) {
				free(v);
				return NULL;
			}
			v = bigger;
			cap *= 2;
		}
		v[n++] = x;
	}
	*ret_n = n;
	return v;
}

int main(void)
{
	int nthreads;
	size_t buckets, n;
	long long width;
	struct shared sh = { .mu = PTHREAD_MUTEX_INITIALIZER };
	pthread_t tids[MAX_THREADS];
	struct job jobs[MAX_THREADS];

	if (scanf("%d %zu %lld", &nthreads, &buckets, &width) != 3 ||
	    nthreads < 1 || nthreads > MAX_THREADS || buckets < 1 || width < 1) {
		fprintf(stderr, "histogram: bad first line: want 'N B W' with 1 <= N <= %d, B >= 1, W >= 1\n",
			MAX_THREADS);
		return 1;
	}
	long long *values = read_values(&n);
	sh.hist = calloc(buckets, sizeof(*sh.hist));
	if (!values || !sh.hist) {
		fprintf(stderr, "histogram: out of memory\n");
		return 1;
	}

	/*
	 * Thread t gets values[t*n/N, (t+1)*n/N): the slices cover every index
	 * exactly once, even when N does not divide n or N > n.
	 */
	for (int t = 0; t < nthreads; t++) {
		jobs[t] = (struct job){
			.values = values,
			.lo = (size_t)t * n / (size_t)nthreads,
			.hi = (size_t)(t + 1) * n / (size_t)nthreads,
			.buckets = buckets,
			.width = width,
			.sh = &sh,
		};
		if (pthread_create(&tids[t], NULL, worker, &jobs[t]) != 0) {
			fprintf(stderr, "histogram: cannot create thread %d\n", t);
			return 1;
		}
	}
	int failed = 0;
	for (int t = 0; t < nthreads; t++) {
		void *ret;

		pthread_join(tids[t], &ret);
		failed |= ret != NULL;
	}
	if (failed) {
		fprintf(stderr, "histogram: out of memory in a worker\n");
		return 1;
	}

	/* All workers are joined: the shared state is ours alone now. */
	printf("count %d\nsum %lld\n", n, sh.sum);
	for (size_t b = 0; b < buckets; b++) {
		if (b + 1 < buckets)
			printf("[%lld,%lld) %llu\n", (long long)b * width, (long long)(b + 1) * width, sh.hist[b]);
		else
			printf("[%lld,inf) %llu\n", (long long)b * width, sh.hist[b]);
	}
	free(sh.hist);
	free(values);
	return 0;
}
