/* similarity.h — token-based winnowing fingerprints (in the spirit of MOSS)
 * to flag submissions of one problem that share code, with the matching
 * regions.  Identifiers and literals are normalised, so renaming variables
 * or reformatting does not hide a copy; the starter code is subtracted. */
#ifndef GAUNTLET_SIMILARITY_H
#define GAUNTLET_SIMILARITY_H

#include <stddef.h>
#include <stdint.h>

/* Tokens per k-gram (the noise threshold) and winnowing window: any shared
 * run of at least K + W - 1 tokens is guaranteed to be detected. */
#define GNT_SIM_K 15
#define GNT_SIM_W 8

struct gnt_sim_doc;

/* A new, empty document named name (copied).  NULL on allocation failure.
 * gnt_sim_doc_free(NULL) is a no-op. */
struct gnt_sim_doc *gnt_sim_doc_new(const char *name);
void gnt_sim_doc_free(struct gnt_sim_doc *d);
const char *gnt_sim_doc_name(const struct gnt_sim_doc *d);

/* Add one source file (Go or C syntax) under label (copied, e.g. its path
 * in the submission).  Returns 0, -ENOMEM. */
int gnt_sim_doc_add_file(struct gnt_sim_doc *d, const char *label, const char *text, size_t len);

/* Drop every fingerprint that also occurs in base (the starter code). */
void gnt_sim_doc_subtract(struct gnt_sim_doc *d, const struct gnt_sim_doc *base);

/* Number of fingerprints kept. */
size_t gnt_sim_doc_size(const struct gnt_sim_doc *d);

/* The document's fingerprint hashes, sorted (a hash may repeat), into
 * *ret (owned by d, valid until d changes).  Returns their number; 0 with
 * *ret NULL when empty or out of memory.  For an inverted index over many
 * documents (all pairs without comparing each pair). */
size_t gnt_sim_doc_hashes(const struct gnt_sim_doc *d, const uint64_t **ret);

struct gnt_sim_region {
        const char *file_a; /* labels owned by the documents */
        unsigned a_first, a_last; /* 1-based line range in file_a */
        const char *file_b;
        unsigned b_first, b_last;
};

struct gnt_sim_match {
        double frac_a;  /* share of a's fingerprints found in b, 0..1 */
        double frac_b;  /* share of b's fingerprints found in a */
        size_t shared;  /* fingerprints in common */
        struct gnt_sim_region *regions; /* merged line ranges, by file_a then line */
        size_t n_regions;
};

/* Compare two documents.  Returns 0 and fills *ret (release with
 * gnt_sim_match_release), or -ENOMEM (*ret untouched). */
int gnt_sim_compare(const struct gnt_sim_doc *a, const struct gnt_sim_doc *b, struct gnt_sim_match *ret);
void gnt_sim_match_release(struct gnt_sim_match *m);

#endif
