package main

import (
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// renderTest is a table renderer's expected output.
type renderTest struct {
	name string
	tab  *table
	want string
}

func testRender(t *testing.T, tests []renderTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.tab.write(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestObjectTables(t *testing.T) {
	testRender(t, []renderTest{
		{"object types", objectTypeTable([]api.ObjectType{
			{Name: "BUNDLE", Operations: []string{"view", "create", "update", "delete", "tenant_share"}, Builtin: true},
			{Name: "PIPELINE", Operations: []string{"view", "create", "update", "delete", "run"}},
		}), `Object Type | Built In | Operations
------------+----------+----------------------------------------
BUNDLE      | True     | view,create,update,delete,tenant_share
PIPELINE    | False    | view,create,update,delete,run
`},
		{"objects", objectTable([]api.Object{
			{Type: "APPLICATION", ID: "app1", Name: "web shop", Tenant: "t1", Owner: "u1"},
			{Type: "BUNDLE", ID: "bundles/nginx 1.2", Tenant: "t2", Owner: "admin2"},
			{Type: "VM", ID: "vm1", Tenant: "t1", Owner: "u1", Zone: "us-east-1", Memory: 2048, Disk: 40, Image: "base-64", OS: "smartos"},
		}), `Type        | ID                | Name     | Owner/Tenant | Zone      | Memory (MiB) | Disk (GiB) | Image   | OS
------------+-------------------+----------+--------------+-----------+--------------+------------+---------+---------
APPLICATION | app1              | web shop | u1/t1        |           |              |            |         |
BUNDLE      | bundles/nginx 1.2 |          | admin2/t2    |           |              |            |         |
VM          | vm1               |          | u1/t1        | us-east-1 | 2048         | 40         | base-64 | smartos
`},
		{"no objects", objectTable(nil), "Type | ID | Name | Owner/Tenant | Zone | Memory (MiB) | Disk (GiB) | Image | OS\n" +
			"-----+----+------+--------------+------+--------------+------------+-------+----\n"},
	})
}
