package api

// The audit endpoints, superadmins only. The file sorts before api_test.go,
// so TestResponsesMatchOpenAPI checks their exchanges too.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

func init() {
	// The export's body is JSON Lines: validate it as the array of its lines.
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		var lines []any
		sc := bufio.NewScanner(body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var v any
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				return nil, err
			}
			lines = append(lines, v)
		}
		return lines, sc.Err()
	})
}

// exportLines decodes a JSON Lines export.
func exportLines(t *testing.T, b []byte) []AuditRecord {
	t.Helper()
	var out []AuditRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var r AuditRecord
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("decode export %s: %v", b, err)
		}
		out = append(out, r)
	}
	return out
}

func TestAuditExport(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var list AuditList
	e.expect(200, "GET", "/api/v1/audit?limit=0", admin, nil, &list)

	status, b := e.do("GET", "/api/v1/audit/export", admin, nil)
	if status != 200 {
		t.Fatalf("export = %d %s", status, b)
	}
	all := exportLines(t, b)
	if len(all) != len(list.Items) || len(all) < 5 {
		t.Fatalf("export has %d records, the listing %d", len(all), len(list.Items))
	}
	for i, r := range all {
		want := list.Items[len(list.Items)-1-i] // the listing is newest first
		if r.ID != want.ID || r.Action != want.Action || r.Hash == "" || r.Hash != want.Hash {
			t.Fatalf("export line %d = %+v, want %+v", i+1, r, want)
		}
		if i > 0 && r.PrevHash != all[i-1].Hash {
			t.Fatalf("export line %d: prev_hash %s, want the hash of the line before, %s", i+1, r.PrevHash, all[i-1].Hash)
		}
	}

	// since is inclusive, until exclusive.
	mid := all[len(all)/2]
	q := url.Values{"since": {mid.Time.Format(time.RFC3339Nano)}}
	_, b = e.do("GET", "/api/v1/audit/export?"+q.Encode(), admin, nil)
	if got := exportLines(t, b); len(got) == 0 || got[0].Time.Before(mid.Time) || got[len(got)-1].ID != all[len(all)-1].ID {
		t.Fatalf("export since %s = %+v", mid.Time, got)
	}
	q = url.Values{"until": {all[0].Time.Format(time.RFC3339Nano)}}
	if _, b = e.do("GET", "/api/v1/audit/export?"+q.Encode(), admin, nil); len(b) != 0 {
		t.Fatalf("export until the first record = %q, want an empty body", b)
	}

	e.expect(400, "GET", "/api/v1/audit/export?since=yesterday", admin, nil, nil)
	e.expect(400, "GET", "/api/v1/audit/export?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", admin, nil, nil)
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "GET", "/api/v1/audit/export", u1, nil, nil)
	e.expect(401, "GET", "/api/v1/audit/export", "", nil, nil)
}

func TestAuditVerify(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var v AuditVerification
	e.expect(200, "GET", "/api/v1/audit/verify", admin, nil, &v)
	if !v.Intact || v.BrokenID != 0 || v.Records == 0 || v.Chained != v.Records {
		t.Fatalf("verification = %+v", v)
	}
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "GET", "/api/v1/audit/verify", u1, nil, nil)
	e.expect(401, "GET", "/api/v1/audit/verify", "", nil, nil)
}

func TestAuditPrune(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var msg MessageResponse
	e.expect(200, "POST", "/api/v1/audit/prune", admin, nil, &msg)
	if msg.Message != "No audit records are older than audit.retention" {
		t.Fatalf("prune = %q", msg.Message)
	}
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "POST", "/api/v1/audit/prune", u1, nil, nil)
	e.expect(401, "POST", "/api/v1/audit/prune", "", nil, nil)
}
