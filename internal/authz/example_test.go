package authz_test

import (
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func ExampleCatalog_Closure() {
	c := authz.Builtin()
	p := c.Closure([]string{"ManageUsers"})
	fmt.Println(p.Has("USER", "create"), p.Has("USER", "view"), p.Has("TENANT", "create"))
	// Output: true true false
}

func ExampleCatalog_DetectCycle() {
	c := authz.Builtin()
	fmt.Println(c.DetectCycle("ViewApplications", []string{"CreateApplications"}))
	// Output: [ViewApplications CreateApplications ManageApplications ViewApplications]
}

func ExampleParseEntry() {
	e, err := authz.ParseEntry("APPLICATION:start")
	fmt.Println(e.Type, e.Op, err)
	_, err = authz.ParseEntry("APPLICATION start")
	fmt.Println(err)
	// Output:
	// APPLICATION start <nil>
	// capability_entries: must be <object_type>:<operation>, as APPLICATION:start (got "APPLICATION start")
}

func ExampleRegistry_Register() {
	c := authz.Builtin()
	if err := c.Registry().Register("VM", "start", "stop"); err != nil {
		panic(err)
	}
	fmt.Println(c.Registry().Operations("VM"))
	cp := authz.Capability{Name: "RunVMs", Group: authz.GroupCustom, TenantRoles: []gatehouse.Role{"user"},
		Entries: []authz.Entry{{Type: "VM", Op: "start"}, {Type: "VM", Op: "stop"}}}
	fmt.Println(c.Validate(cp))
	// Output:
	// [view create update delete start stop]
	// <nil>
}
