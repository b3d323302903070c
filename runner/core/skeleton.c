/* skeleton.c — the folder `gauntlet new problem` writes: a complete, tiny
 * problem (manifest, statement, starter, reference, public, hidden and
 * bench tests or I/O cases, one mutant) that packs and validates as it
 * stands, for an author to replace piece by piece.  Templates are text
 * with @ID@, @PKG@ and @AREAS@ put in. */
#include "skeleton.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "manifest.h"
#include "sbx_file.h"

struct tmpl {
        const char *path;
        const char *text;
};

static const struct tmpl go_files[] = {
        {"problem.json",
         "{\n"
         "  \"format\": 1,\n"
         "  \"id\": \"@ID@\",\n"
         "  \"title\": \"Sum of a slice\",\n"
         "  \"version\": \"0.1.0\",\n"
         "  \"language\": \"go\",\n"
         "  \"minutes\": 20,\n"
         "  \"areas\": [@AREAS@],\n"
         "  \"difficulty\": \"easy\",\n"
         "  \"statement\": \"statement.md\",\n"
         "  \"starter\": \"starter\",\n"
         "  \"toolchain\": {\"go\": \"1.25\"},\n"
         "  \"tests\": {\n"
         "    \"public\": \"tests/public\",\n"
         "    \"hidden\": \"tests/hidden\",\n"
         "    \"bench\": \"tests/bench\",\n"
         "    \"groups\": [\n"
         "      {\"name\": \"basics\", \"pattern\": \"^Test(Public|Basic)\", \"weight\": 1},\n"
         "      {\"name\": \"edges\", \"pattern\": \"^TestEdge\", \"weight\": 1}\n"
         "    ]\n"
         "  },\n"
         "  \"reference\": \"reference\",\n"
         "  \"graders\": {\n"
         "    \"correctness\": {\"weight\": 60, \"timeout_s\": 30},\n"
         "    \"bench\": {\"weight\": 30, \"benchmarks\": [\"BenchmarkSum\"], \"target_ratio\": 1.5, \"fail_ratio\": 4,\n"
         "              \"pairs\": 5, \"benchtime\": \"100ms\", \"max_allocs_per_op\": 0},\n"
         "    \"vet\": {\"weight\": 10}\n"
         "  },\n"
         "  \"limits\": {\n"
         "    \"build\": {\"cpu_s\": 300, \"wall_s\": 600, \"mem_mib\": 2048, \"procs\": 256},\n"
         "    \"run\": {\"cpu_s\": 10, \"wall_s\": 20, \"mem_mib\": 256, \"procs\": 64, \"net\": \"none\"}\n"
         "  }\n"
         "}\n"},
        {"statement.md", "# Sum of a slice\n\n"
                         "Implement `Sum(xs []int) int` returning the sum of `xs` (0 for an empty or\n"
                         "nil slice).  It must not allocate.\n"},
        {"starter/go.mod", "module @PKG@\n\ngo 1.25\n"},
        {"starter/sum.go", "package @PKG@\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int { return 0 }\n"},
        {"reference/go.mod", "module @PKG@\n\ngo 1.25\n"},
        {"reference/sum.go", "package @PKG@\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n"
                             "\ts := 0\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n"},
        {"tests/public/public_test.go",
         "package @PKG@\n\nimport \"testing\"\n\n"
         "func TestPublicSum(t *testing.T) {\n"
         "\tif got := Sum([]int{1, 2, 3}); got != 6 {\n\t\tt.Fatalf(\"Sum([1 2 3]) = %d, want 6\", got)\n\t}\n}\n"},
        {"tests/hidden/hidden_test.go",
         "package @PKG@\n\nimport \"testing\"\n\n"
         "// Group basics: sums of a few numbers, negative ones included.\n"
         "func TestBasicNegative(t *testing.T) {\n"
         "\tif got := Sum([]int{-1, 1, -5}); got != -5 {\n\t\tt.Fatalf(\"got %d, want -5\", got)\n\t}\n}\n\n"
         "// Group edges: the empty and the nil slice.\n"
         "func TestEdgeEmpty(t *testing.T) {\n"
         "\tif Sum(nil) != 0 || Sum([]int{}) != 0 {\n\t\tt.Fatal(\"the sum of nothing is 0\")\n\t}\n}\n"},
        {"tests/bench/bench_test.go",
         "package @PKG@\n\nimport \"testing\"\n\nvar sink int\n\n"
         "func BenchmarkSum(b *testing.B) {\n"
         "\txs := make([]int, 4096)\n\tfor i := range xs {\n\t\txs[i] = i\n\t}\n"
         "\tfor b.Loop() {\n\t\tsink = Sum(xs)\n\t}\n}\n"},
        {"mutants/ignores-last/sum.go",
         "package @PKG@\n\n// Sum forgets the last element.\nfunc Sum(xs []int) int {\n"
         "\ts := 0\n\tfor i := 0; i+1 < len(xs); i++ {\n\t\ts += xs[i]\n\t}\n\treturn s\n}\n"},
        {"mutants/ignores-last/expect.json",
         "{\"description\": \"off by one: the last element is never added\",\n"
         " \"verdicts\": {\"correctness\": \"fail\", \"bench\": \"skip\", \"vet\": \"pass\"}}\n"},
        {0},
};

static const struct tmpl c_files[] = {
        {"problem.json",
         "{\n"
         "  \"format\": 1,\n"
         "  \"id\": \"@ID@\",\n"
         "  \"title\": \"Sum of numbers\",\n"
         "  \"version\": \"0.1.0\",\n"
         "  \"language\": \"c\",\n"
         "  \"minutes\": 20,\n"
         "  \"areas\": [@AREAS@],\n"
         "  \"difficulty\": \"easy\",\n"
         "  \"statement\": \"statement.md\",\n"
         "  \"starter\": \"starter\",\n"
         "  \"tests\": {\"public\": \"tests/public\"},\n"
         "  \"io\": {\"data\": \"data\", \"comparator\": \"whitespace\"},\n"
         "  \"reference\": \"reference\",\n"
         "  \"graders\": {\n"
         "    \"correctness\": {\"weight\": 80, \"timeout_s\": 10},\n"
         "    \"vet\": {\"weight\": 20}\n"
         "  },\n"
         "  \"limits\": {\n"
         "    \"build\": {\"cpu_s\": 60, \"wall_s\": 120, \"mem_mib\": 1024, \"procs\": 64},\n"
         "    \"run\": {\"cpu_s\": 5, \"wall_s\": 10, \"mem_mib\": 256, \"procs\": 8, \"net\": \"none\"}\n"
         "  }\n"
         "}\n"},
        {"statement.md", "# Sum of numbers\n\n"
                         "Read whole numbers (each fits in 32 bits) from standard input, separated by\n"
                         "white space, and print their sum on one line.  No input: print 0.\n"},
        {"starter/sum.c", "#include <stdio.h>\n\nint main(void)\n{\n\tprintf(\"0\\n\");\n\treturn 0;\n}\n"},
        {"reference/sum.c", "#include <stdio.h>\n\nint main(void)\n{\n\tlong long s = 0, x;\n"
                            "\twhile (scanf(\"%lld\", &x) == 1)\n\t\ts += x;\n"
                            "\tprintf(\"%lld\\n\", s);\n\treturn 0;\n}\n"},
        {"tests/public/01-example.in", "1 2 3\n"},
        {"tests/public/01-example.ans", "6\n"},
        {"data/01-example.in", "1 2 3\n"},
        {"data/01-example.ans", "6\n"},
        {"data/02-empty.in", ""},
        {"data/02-empty.ans", "0\n"},
        {"data/03-large.in", "2147483647 2147483647 2147483647\n"},
        {"data/03-large.ans", "6442450941\n"},
        {"mutants/int-sum/sum.c", "#include <stdio.h>\n\n/* The sum is an int: it overflows past 2^31. */\n"
                                  "int main(void)\n{\n\tint s = 0, x;\n"
                                  "\twhile (scanf(\"%d\", &x) == 1)\n\t\ts = (int)((unsigned)s + (unsigned)x);\n"
                                  "\tprintf(\"%d\\n\", s);\n\treturn 0;\n}\n"},
        {"mutants/int-sum/expect.json", "{\"description\": \"the sum is an int, which overflows on large inputs\",\n"
                                        " \"verdicts\": {\"correctness\": \"fail\", \"vet\": \"pass\"}}\n"},
        {0},
};

/* text with @ID@, @PKG@ and @AREAS@ replaced; malloc'd, NULL on ENOMEM. */
static char *expand(const char *text, const char *id, const char *pkg, const char *areas)
{
        size_t cap = strlen(text) + 1, n = 0;
        const struct {
                const char *key, *value;
        } subs[] = {{"@ID@", id}, {"@PKG@", pkg}, {"@AREAS@", areas}};
        for (const char *s = text; (s = strchr(s, '@')); s++)
                cap += 512; /* every value is shorter */
        char *out = malloc(cap);
        if (!out)
                return NULL;
        for (const char *s = text; *s;) {
                size_t k = 0;
                while (k < 3 && strncmp(s, subs[k].key, strlen(subs[k].key)) != 0)
                        k++;
                if (k < 3) {
                        n += (size_t)snprintf(out + n, cap - n, "%s", subs[k].value);
                        s += strlen(subs[k].key);
                } else {
                        out[n++] = *s++;
                }
        }
        out[n] = '\0';
        return out;
}

/* "a,b" → "\"a\", \"b\"": each a known area, 1-6 of them, distinct. */
static int areas_json(const char *csv, char *out, size_t outsz, char *err, size_t errsz)
{
        size_t n = 0, len = 0, count = 0;
        const char *seen[8];
        out[0] = '\0';
        for (const char *s = csv;; s += n + 1) {
                n = strcspn(s, ",");
                int k = -1;
                for (int i = 0; gnt_manifest_area_names[i]; i++)
                        if (strlen(gnt_manifest_area_names[i]) == n && strncmp(s, gnt_manifest_area_names[i], n) == 0)
                                k = i;
                if (k < 0)
                        return sbx_errf(err, errsz, -EINVAL,
                                        "--areas: '%.*s' is not an area (idiomatic, concurrency, low-level, "
                                        "networking, performance, reliability)", (int)(n > 64 ? 64 : n), s);
                for (size_t i = 0; i < count; i++)
                        if (seen[i] == gnt_manifest_area_names[k])
                                return sbx_errf(err, errsz, -EINVAL, "--areas: '%s' is listed twice", seen[i]);
                if (count == 6)
                        return sbx_errf(err, errsz, -EINVAL, "--areas: at most 6 areas");
                seen[count++] = gnt_manifest_area_names[k];
                len += (size_t)snprintf(out + len, outsz - len, "%s\"%s\"", len ? ", " : "",
                                        gnt_manifest_area_names[k]);
                if (!s[n])
                        return 0;
        }
}

static bool id_ok(const char *id)
{
        size_t n = strlen(id);
        if (n < 1 || n > 64 || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
                        return false;
        return true;
}

int gnt_skeleton_write(const char *dir, const char *id, enum grd_language lang, const char *areas, char *err,
                       size_t errsz)
{
        char areas_text[256], pkg[80], path[4096];
        if (!id_ok(id))
                return sbx_errf(err, errsz, -EINVAL, "'%s': expected an id of 1-64 of a-z, 0-9 and '-', not "
                                                     "starting with '-'", id);
        int r = areas_json(areas, areas_text, sizeof areas_text, err, errsz);
        if (r < 0)
                return r;
        /* The Go package: the id's letters and digits, starting with a letter. */
        size_t k = 0;
        if (id[0] >= '0' && id[0] <= '9')
                pkg[k++] = 'p';
        for (const char *s = id; *s && k + 1 < sizeof pkg; s++)
                if (*s != '-')
                        pkg[k++] = *s;
        pkg[k] = '\0';
        if (mkdir(dir, 0755) < 0)
                return sbx_errf(err, errsz, -errno, "cannot create '%s': %s", dir,
                                errno == EEXIST ? "it exists (a new problem goes into a new folder)"
                                                : gnt_errstr(errno));
        const struct tmpl *files = lang == GRD_LANG_C ? c_files : go_files;
        for (size_t i = 0; r == 0 && files[i].path; i++) {
                snprintf(path, sizeof path, "%s/%s", dir, files[i].path);
                char *slash = strrchr(path, '/');
                *slash = '\0';
                r = gnt_mkdirs(path, 0755);
                *slash = '/';
                char *text = r == 0 ? expand(files[i].text, id, pkg, areas_text) : NULL;
                if (r == 0 && !text)
                        r = -ENOMEM;
                if (r == 0)
                        r = sbx_file_write_atomic(path, NULL, 0, text, strlen(text), 0644, 0);
                free(text);
                if (r < 0)
                        sbx_errf(err, errsz, r, "cannot write '%s': %s", path, sbx_file_strerror(r));
        }
        if (r < 0)
                sbx_file_rmtree(dir);
        return r;
}
