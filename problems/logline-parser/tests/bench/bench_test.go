package logline_test

import (
	"testing"

	"logline"
)

var benchLines = [][]byte{
	[]byte(`ts=2024-05-01T12:00:00.123Z level=info msg="request served" method=GET path=/api/v1/users/42 status=200 dur_ms=3.2 bytes=1834` + "\n"),
	[]byte(`ts=2024-05-01T12:00:00.125Z level=debug msg="cache lookup" key=user:42 hit=true shard=7` + "\n"),
	[]byte(`ts=2024-05-01T12:00:00.131Z level=WARN msg="slow query \"users_by_email\"" db=primary dur_ms=812 rows=1` + "\n"),
	[]byte(`ts=2024-05-01T12:00:00.140Z level=error msg="upstream failed" err="dial tcp 10.0.0.9:443: i/o timeout" attempt=3 svc=billing` + "\n"),
	[]byte(`ts=2024-05-01T12:00:00.152Z level=info msg="payload" body="{\"id\":42,\"name\":\"Ann\",\"tags\":[\"a\",\"b\"]}" size=41` + "\n"),
	[]byte(`ts=2024-05-01T12:00:00.160Z level=info msg="job done" job=reindex items=120034 path="C:\\data\\idx" ok=true` + "\n"),
}

// BenchmarkParse parses a batch of realistic lines into one reused Record.
func BenchmarkParse(b *testing.B) {
	var r logline.Record
	var total int
	for _, l := range benchLines {
		total += len(l)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range benchLines {
			if err := logline.Parse(l, &r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
