package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestWriteCheck(t *testing.T) {
	tests := []struct {
		name    string
		resp    api.CheckResponse
		explain bool
		want    string
	}{
		{"yes", api.CheckResponse{Allowed: true, Explanation: &api.Explanation{Chain: []string{"A"}}}, false, "yes\n"},
		{"no", api.CheckResponse{}, false, "no\n"},
		{"yes explained", api.CheckResponse{Allowed: true, Explanation: &api.Explanation{
			Chain: []string{"AllUserCapabilities", "ManageApplications"}, Rule: "owner"}}, true,
			"yes\ncapability: AllUserCapabilities -> ManageApplications\nrule: owner\n"},
		{"no capability", api.CheckResponse{Explanation: &api.Explanation{Denied: "no capability gives APPLICATION:start"}}, true,
			"no\ndenied: no capability gives APPLICATION:start\n"},
		{"no rule", api.CheckResponse{Explanation: &api.Explanation{Chain: []string{"ManageApplications"}, Denied: "not the owner,\nnot shared"}}, true,
			"no\ncapability: ManageApplications\ndenied: not the owner, not shared\n"},
		{"no explanation sent", api.CheckResponse{Allowed: true}, true, "yes\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := writeCheck(&b, &tt.resp, tt.explain); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("output %q, want %q", b.String(), tt.want)
			}
		})
	}
}

// TestCheckStatus runs "gatehouse check" against a fake server: 0 yes, 1
// no without an error line, 2 for every failure.
func TestCheckStatus(t *testing.T) {
	var got api.CheckRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = api.CheckRequest{}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Error(err)
		}
		switch {
		case r.Header.Get("Authorization") != "Bearer key-1":
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"Invalid token"}`)
		case got.ObjectType == "NOSUCH":
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"object_type: unknown object type NOSUCH","field":"object_type"}`)
		default:
			json.NewEncoder(w).Encode(api.CheckResponse{Allowed: got.Operation == "view",
				Explanation: &api.Explanation{Chain: []string{"ViewApplications"}, Denied: "no capability gives it"}})
		}
	}))
	defer srv.Close()
	t.Setenv("GATEHOUSE_CONFIG_DIR", t.TempDir())
	t.Setenv("GATEHOUSE_SERVER", srv.URL)
	tests := []struct {
		name           string
		token          string
		args           []string
		status         int
		stdout, stderr string
		sent           api.CheckRequest
	}{
		{"yes", "key-1", []string{"view", "APPLICATION", "a/1", "--as", "u1", "--as-tenant", "t1"}, 0, "yes\n", "",
			api.CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "a/1", User: "u1", Tenant: "t1"}},
		{"no", "key-1", []string{"start", "APPLICATION"}, 1, "no\n", "",
			api.CheckRequest{Operation: "start", ObjectType: "APPLICATION"}},
		{"no explained", "key-1", []string{"start", "APPLICATION", "--explain"}, 1,
			"no\ncapability: ViewApplications\ndenied: no capability gives it\n", "",
			api.CheckRequest{Operation: "start", ObjectType: "APPLICATION", Explain: true}},
		{"bad input", "key-1", []string{"view", "NOSUCH"}, 2, "", "error: object_type: unknown object type NOSUCH\n",
			api.CheckRequest{Operation: "view", ObjectType: "NOSUCH"}},
		{"bad token", "other", []string{"view", "APPLICATION"}, 2, "", "error: Invalid token\n",
			api.CheckRequest{Operation: "view", ObjectType: "APPLICATION"}},
		{"not logged in", "", []string{"view", "APPLICATION"}, 2, "", "error: not logged in: run 'gatehouse login <username>' first\n", api.CheckRequest{}},
		{"as without tenant", "key-1", []string{"view", "APPLICATION", "--as", "u1"}, 2, "",
			"error: --as and --as-tenant go together: name both the user and the tenant to check for\n", api.CheckRequest{}},
		{"missing argument", "key-1", []string{"view"}, 2, "",
			"error: missing arguments: usage: gatehouse check <operation> <object_type> [<object_id>] [flags]\n", api.CheckRequest{}},
		{"bad flag", "key-1", []string{"view", "APPLICATION", "--nosuch"}, 2, "",
			"error: unknown flag: --nosuch: run 'gatehouse check --help' for usage\n", api.CheckRequest{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GATEHOUSE_TOKEN", tt.token)
			got = api.CheckRequest{}
			var stdout, stderr strings.Builder
			status := run(context.Background(), append([]string{"check"}, tt.args...), &stdout, &stderr)
			if status != tt.status || stdout.String() != tt.stdout || stderr.String() != tt.stderr {
				t.Errorf("check %s: status %d, stdout %q, stderr %q; want %d, %q, %q",
					strings.Join(tt.args, " "), status, stdout.String(), stderr.String(), tt.status, tt.stdout, tt.stderr)
			}
			if got != tt.sent {
				t.Errorf("sent %+v, want %+v", got, tt.sent)
			}
		})
	}
	// Other commands still fail with 1.
	var stdout, stderr strings.Builder
	if status := run(context.Background(), []string{"object", "list", "--nosuch"}, &stdout, &stderr); status != 1 {
		t.Errorf("object list --nosuch: status %d, want 1", status)
	}
}
