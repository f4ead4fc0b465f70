package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestServiceAccountTable(t *testing.T) {
	testRender(t, []renderTest{
		{"accounts", serviceAccountTable([]api.ServiceAccount{
			{Name: "ci", Tenant: "t1", Role: "user", Capabilities: []string{"ManageApplications", "CreateBundles"},
				Keys: []api.APIKey{{ID: "k1"}, {ID: "k2"}}},
			{Name: "backup", Tenant: "t2", Role: "tenantadmin", Capabilities: []string{"AllTenantAdminCapabilities"}},
		}), `Name   | Tenant | Role        | Capabilities                     | Keys
-------+--------+-------------+----------------------------------+-------
ci     | t1     | user        | ManageApplications,CreateBundles | k1,k2
backup | t2     | tenantadmin | AllTenantAdminCapabilities       |
`},
	})
}

func TestWriteNewKey(t *testing.T) {
	t.Setenv("TZ", "UTC")
	k := &api.NewKey{Name: "ci", KeyID: "k1", Key: "ghk_secret", ExpiresAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	var stdout, stderr strings.Builder
	cmd := &cobra.Command{}
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	if err := writeNewKey(cmd, k, false); err != nil {
		t.Fatal(err)
	}
	wantOut := "Service Account:  ci\nKey ID:           k1\nExpires:          " + k.ExpiresAt.Local().Format(time.RFC3339) + "\nKey:              ghk_secret\n"
	if stdout.String() != wantOut {
		t.Errorf("stdout %q, want %q", stdout.String(), wantOut)
	}
	if stderr.String() != keyWarning {
		t.Errorf("stderr %q, want %q", stderr.String(), keyWarning)
	}
}

func TestCheckExpires(t *testing.T) {
	for _, ok := range []string{"", "720h", "1h30m"} {
		if err := checkExpires(ok); err != nil {
			t.Errorf("checkExpires(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"30d", "0s", "-1h", "soon"} {
		if err := checkExpires(bad); err == nil {
			t.Errorf("checkExpires(%q) succeeded", bad)
		}
	}
}
