package metrics

import (
	"strings"
	"testing"
	"time"
)

// TestWriteText counts a few requests and reads the exposition back as a
// scraper would: the counters, the cumulative buckets, the escaping.
func TestWriteText(t *testing.T) {
	r := New()
	r.CountWrites(func() uint64 { return 7 })
	r.ObserveRequest("POST /api/v1/login", "POST", 200, 40*time.Millisecond)
	r.ObserveRequest("POST /api/v1/login", "POST", 200, 60*time.Millisecond)
	r.ObserveRequest("POST /api/v1/login", "POST", 401, 3*time.Millisecond)
	r.ObserveRequest("", "GET", 404, time.Millisecond)
	r.ObserveRequest(`GET /odd "route"\`, "GET", 200, time.Minute)
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`gatehouse_http_requests_total{route="POST /api/v1/login",method="POST",code="200"} 2`,
		`gatehouse_http_requests_total{route="POST /api/v1/login",method="POST",code="401"} 1`,
		`gatehouse_http_requests_total{route="unmatched",method="GET",code="404"} 1`,
		`gatehouse_http_requests_total{route="GET /odd \"route\"\\",method="GET",code="200"} 1`,
		// 3 ms is in the 5 ms bucket and every larger one; 40 and 60 ms from 50 and 100 ms on.
		`gatehouse_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.0025"} 0`,
		`gatehouse_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.005"} 1`,
		`gatehouse_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.05"} 2`,
		`gatehouse_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="0.1"} 3`,
		`gatehouse_http_request_duration_seconds_bucket{route="POST /api/v1/login",le="+Inf"} 3`,
		`gatehouse_http_request_duration_seconds_sum{route="POST /api/v1/login"} 0.103`,
		`gatehouse_http_request_duration_seconds_count{route="POST /api/v1/login"} 3`,
		// A minute is over every bound but +Inf.
		`gatehouse_http_request_duration_seconds_bucket{route="GET /odd \"route\"\\",le="10"} 0`,
		`gatehouse_http_request_duration_seconds_bucket{route="GET /odd \"route\"\\",le="+Inf"} 1`,
		"gatehouse_store_writes_total 7",
		"# TYPE gatehouse_http_requests_total counter",
		"# TYPE gatehouse_http_request_duration_seconds histogram",
		"go_goroutines ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q:\n%s", want, out)
		}
	}
	// Every line is a comment or "name{labels} value": no blank lines,
	// which some scrapers refuse.
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" || !strings.HasPrefix(line, "#") && !strings.Contains(line, " ") {
			t.Errorf("malformed line %q", line)
		}
	}
}
