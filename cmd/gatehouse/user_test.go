package main

import (
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestWritePermissions(t *testing.T) {
	p := &api.UserPermissions{Username: "u1", Tenants: []api.TenantPermissions{
		{Tenant: "t1", Role: "user", Capabilities: []string{"ManageApplications", "CreateBundles"}, Permissions: []api.Permission{
			{ObjectType: "APPLICATION", Operations: []string{"view", "start", "stop"}},
			{ObjectType: "BUNDLE", Operations: []string{"view", "create"}},
		}},
		{Tenant: "t2", Role: "tenantadmin", Capabilities: []string{"NoCapabilities"}},
	}}
	var b strings.Builder
	if err := writePermissions(&b, p); err != nil {
		t.Fatal(err)
	}
	want := `Tenant t1, role user, capabilities ManageApplications,CreateBundles
Object Type | Operations
------------+-----------------
APPLICATION | view,start,stop
BUNDLE      | view,create

Tenant t2, role tenantadmin, capabilities NoCapabilities
Object Type | Operations
------------+------------
`
	if b.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", b.String(), want)
	}
}
