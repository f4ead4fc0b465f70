package main

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func TestShareTables(t *testing.T) {
	testRender(t, []renderTest{
		{"shares", shareTable([]api.Share{
			{Tenant: "t1", Operations: []string{"view"}},
			{User: "u1", Operations: []string{"view", "start", "stop"}},
		}), `Shared With | Operations
------------+-----------------
tenant t1   | view
user u1     | view,start,stop
`},
		{"options", shareRuleTable([]api.ShareRule{
			{ObjectType: "BUNDLE", Target: "tenant", Share: "tenant_share", Unshare: "tenant_share",
				Operations: []string{"view"}, Default: []string{"view"}, AllMembers: true},
			{ObjectType: "NAMESPACE", Target: "user", Share: "user_share", Unshare: "user_unshare",
				Operations: []string{"view", "update", "deploy_app"}, Default: []string{"view", "deploy_app"}},
		}), `Object Type | Share With | Operations             | Default         | All Members
------------+------------+------------------------+-----------------+-------------
BUNDLE      | tenant     | view                   | view            | True
NAMESPACE   | user       | view,update,deploy_app | view,deploy_app | False
`},
	})
}
