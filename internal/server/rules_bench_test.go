package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// benchPolicy is a slice of an OpenStack service's policy file.
const benchPolicy = `{
	"admin_required": "role:superadmin or is_admin:True",
	"owner": "project_id:%(project_id)s",
	"default": "rule:admin_required",
	"compute:start": "rule:admin_required or (role:user and rule:owner) and not username:%(blocked)s"
}`

// BenchmarkRuleCheckHTTP measures the decision point of platform services
// as they use it: parallel HTTP clients over loopback, each asking POST
// /api/v1/rules/{service}/check with a bearer token, against a real
// server. It reports decisions/s.
func BenchmarkRuleCheckHTTP(b *testing.B) {
	s, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: b.TempDir(), AdminPassword: "bench-Passw0rd-1",
		Argon2: cheap, Out: io.Discard, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	c := client.New(s.URL(), "", nil)
	lr, err := c.Login(ctx, api.LoginRequest{Username: "admin", Password: "bench-Passw0rd-1", Tenant: "Administrators"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.WithToken(lr.Token).SetRules(ctx, "compute", []byte(benchPolicy)); err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"rule": "compute:start", "target": {"project_id": 1, "blocked": "mallory"}}`)
	url := s.URL() + "/api/v1/rules/compute/check"
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.Cleanup(hc.CloseIdleConnections)
	b.SetParallelism(4)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var d api.RuleCheckResponse
		for pb.Next() {
			req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+lr.Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			err = json.NewDecoder(resp.Body).Decode(&d)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || !d.Allowed {
				b.Errorf("check = %d %+v %v; want allowed", resp.StatusCode, d, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}
