/* fuzz_journal.c — the journal reader on arbitrary bytes: it returns a
 * journal or a "line N: ..." error, never crashes, and what it accepts is
 * self-consistent (seq = line, chain intact, offsets inside the input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        for (unsigned flags = 0; flags <= GNT_JOURNAL_ALLOW_TORN; flags += GNT_JOURNAL_ALLOW_TORN) {
                struct gnt_journal j;
                char err[512];
                err[0] = '\0';
                if (gnt_journal_parse((const char *)data, size, flags, &j, err, sizeof err) < 0) {
                        if (strncmp(err, "line ", 5) != 0 && strncmp(err, "journal ", 8) != 0 &&
                            strcmp(err, "out of memory") != 0)
                                abort(); /* every refusal says where */
                        continue;
                }
                const char *prev = GNT_JOURNAL_GENESIS;
                for (size_t i = 0; i < j.n; i++) {
                        const struct gnt_journal_entry *e = &j.entries[i];
                        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e->json, "prev");
                        char h[GNT_HASH_HEX];
                        if (e->seq != i + 1 || e->offset + e->len > size || strcmp(p->valuestring, prev) != 0)
                                abort();
                        gnt_session_hash(data + e->offset, e->len, h);
                        if (strcmp(h, e->hash) != 0)
                                abort();
                        prev = e->hash;
                }
                if (j.valid_len + j.torn_len != size || (j.torn_len && !(flags & GNT_JOURNAL_ALLOW_TORN)))
                        abort();
                gnt_journal_release(&j);
        }
        return 0;
}
