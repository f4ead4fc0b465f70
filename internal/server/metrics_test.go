package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestMetricsListen serves the metrics without a token on their own
// address, counting what the main address answered and the store's writes.
func TestMetricsListen(t *testing.T) {
	s, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", MetricsListen: "127.0.0.1:0", DataDir: t.TempDir(),
		Out: io.Discard, Argon2: cheap, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	get(s.URL() + "/healthz")
	if code, _ := get(s.URL() + "/metrics"); code != 401 {
		t.Errorf("GET /metrics on the main address without a token = %d, want 401", code)
	}
	code, out := get(s.MetricsURL())
	if code != 200 {
		t.Fatalf("GET %s = %d %s", s.MetricsURL(), code, out)
	}
	for _, want := range []string{
		`gatehouse_http_requests_total{route="GET /healthz",method="GET",code="200"} 1`,
		`gatehouse_http_requests_total{route="GET /metrics",method="GET",code="401"} 1`,
		"gatehouse_store_writes_total ",
		"gatehouse_build_info{",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "gatehouse_store_writes_total 0\n") {
		t.Errorf("no store writes counted, though bootstrap wrote:\n%s", out)
	}
}
