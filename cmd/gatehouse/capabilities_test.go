package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// seedCapabilities returns the files of testdata/render/capabilities.txtar:
// the seed's example response and its printed examples.
func seedCapabilities(t *testing.T) (api.CapabilityList, map[string]string) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/render/capabilities.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	var resp api.CapabilityList
	if err := json.Unmarshal([]byte(files["response.json"]), &resp); err != nil {
		t.Fatal(err)
	}
	return resp, files
}

// customCapability is CustomUserCapability as 7.5.2 adds it.
func customCapability() api.Capability {
	return api.Capability{ID: 115, Name: "CustomUserCapability", Group: "Custom", Description: "Custom user capability",
		TenantRoles: []string{"user"}, Providers: []string{"ManageApplications"}}
}

func TestCapabilityRendering(t *testing.T) {
	resp, seed := seedCapabilities(t)
	byName := map[string]api.Capability{}
	for _, c := range resp.Items {
		byName[c.Name] = c
	}
	// Example 2 lists hidden capabilities the response lacks: take them
	// from its rows.
	var userGroup []api.Capability
	for _, row := range strings.Split(strings.TrimSpace(seed["example2.seed"]), "\n")[2:] {
		cells := strings.Split(row, " | ")
		userGroup = append(userGroup, api.Capability{Group: cells[0], Name: cells[1], Hidden: cells[2] == "True", Description: cells[3]})
	}
	updated := customCapability()
	updated.TenantRoles = []string{"user", "tenantadmin", "superadmin"}
	updated.Entries = []api.CapabilityEntry{{ObjectType: "APPLICATION", Operation: "backup"}, {ObjectType: "APPLICATION", Operation: "restore"}}
	withProviders := updated
	withProviders.Providers = []string{"ManageApplications", "CreateImages", "CreateBundles"}

	tests := []struct {
		name string
		caps []api.Capability
		full bool
		seed string
	}{
		{"example 1: list", resp.Items[:70], false, seed["example1.seed"]},
		{"example 2: list --group User", userGroup, false, seed["example2.seed"]},
		{"example 3: list --full ManageApplications", []api.Capability{byName["ManageApplications"]}, true, seed["example3.seed"]},
		{"7.5.2: after add", []api.Capability{customCapability()}, true, seed["7.5.2.seed"]},
		{"7.5.4: after update", []api.Capability{updated}, true, seed["7.5.4.seed"]},
		{"7.5.4: the seed's response", []api.Capability{byName["CustomUserCapability"]}, true, seed["7.5.4.seed"]},
		{"7.5.7: after add-providers", []api.Capability{withProviders}, true, seed["7.5.7.seed"]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.seed == "" {
				t.Fatal("seed example missing from testdata/render/capabilities.txtar")
			}
			var b strings.Builder
			var err error
			if tt.full {
				err = writeCapabilitiesFull(&b, tt.caps)
			} else {
				err = capabilityTable(tt.caps).write(&b)
			}
			if err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if collapsed := spaces.ReplaceAllString(got, " "); collapsed != tt.seed {
				t.Errorf("output, spaces collapsed:\n%s\nwant (seed):\n%s", collapsed, tt.seed)
			}
			for _, l := range strings.Split(got, "\n") {
				if strings.HasSuffix(l, " ") {
					t.Errorf("trailing space in %q", l)
				}
			}
		})
	}
}

// TestCapabilityRenderingExact spells out the padding the seed lost.
func TestCapabilityRenderingExact(t *testing.T) {
	a := customCapability()
	b := api.Capability{Name: "Hid", Group: "Custom", Hidden: true, Entries: []api.CapabilityEntry{{ObjectType: "BUNDLE", Operation: "view"}}}
	var out strings.Builder
	if err := writeCapabilitiesFull(&out, []api.Capability{a, b}); err != nil {
		t.Fatal(err)
	}
	want := `Group  | Name                 | Hidden | Description
-------+----------------------+--------+------------------------
Custom | CustomUserCapability | False  | Custom user capability
Tenant Roles:
user
Providers:
ManageApplications
Capability Entries:

Group  | Name | Hidden | Description
-------+------+--------+-------------
Custom | Hid  | True   |
Tenant Roles:
Providers:
Capability Entries:
BUNDLE view
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestCapabilityOptionTable(t *testing.T) {
	opts := []api.CapabilityOption{
		{Name: "ManageApplications", Group: "Application", Provides: []api.CapabilityEntry{
			{ObjectType: "APPLICATION", Operation: "start"}, {ObjectType: "APPLICATION", Operation: "stop"}, {ObjectType: "SNAPSHOT", Operation: "view"}}},
		{Name: "NoCapabilities", Group: "Administration", Hidden: true},
	}
	tests := []struct {
		name string
		full bool
		want string
	}{
		{"compact", false, `Group          | Name               | Provides
---------------+--------------------+---------------------------------------
Application    | ManageApplications | APPLICATION:start,stop; SNAPSHOT:view
Administration | NoCapabilities     |
`},
		{"full", true, `Group          | Name               | Provides
---------------+--------------------+-------------------
Application    | ManageApplications | APPLICATION:start
               |                    | APPLICATION:stop
               |                    | SNAPSHOT:view
Administration | NoCapabilities     |
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := capabilityOptionTable(opts, tt.full).write(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}
