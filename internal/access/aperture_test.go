package access

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/aperture"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// mustRoles parses the rules of roles given as name -> rules.
func mustRoles(t testing.TB, roles ...[]string) []activeRole {
	t.Helper()
	out := make([]activeRole, len(roles))
	for i, rs := range roles {
		out[i].name = rs[0]
		for _, text := range rs[1:] {
			p, err := aperture.Parse(text)
			if err != nil {
				t.Fatalf("parse %q: %v", text, err)
			}
			out[i].rules = append(out[i].rules, p)
		}
	}
	return out
}

func TestApertureAllows(t *testing.T) {
	monday := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	ctx := gatehouse.WithRequestInfo(context.Background(), gatehouse.RequestInfo{Source: "10.1.2.3", Method: "POST", UserAgent: "cli/1"})
	roles := mustRoles(t,
		[]string{"readers", "CAN view", "CAN view APPLICATION/named"},
		[]string{"ops", "CAN start WHEN sourceip = 10.0.0.0/8 AND day = Monday", "CAN stop WHEN time > 17:00:00",
			"CAN update WHEN activeRoles contains ops AND method = POST", "CAN delete WHEN user-agent = cli/2"},
		[]string{"owners", "CAN view WHEN owner::string = alice", "CAN NOT view"},
	)
	names := []string{"readers", "ops", "owners"}
	tests := []struct {
		name     string
		op, res  string
		tags     []string
		object   bool
		owner    gatehouse.UserName
		want     bool
		wantErr  bool
		useRoles []activeRole
	}{
		{name: "tagged role allows", op: "view", res: "APPLICATION/a", tags: []string{"readers"}, object: true, want: true},
		{name: "untagged object: default deny", op: "view", res: "APPLICATION/a", object: true},
		{name: "tag of a role that does not allow", op: "view", res: "APPLICATION/a", tags: []string{"ops"}, object: true},
		{name: "a rule naming the resource needs no tag", op: "view", res: "APPLICATION/named", object: true, want: true},
		{name: "type-level request: any active role", op: "view", res: "APPLICATION", want: true},
		{name: "conditions hold", op: "start", res: "APPLICATION/a", tags: []string{"ops"}, object: true, want: true},
		{name: "condition on time fails", op: "stop", res: "APPLICATION/a", tags: []string{"ops"}, object: true},
		{name: "activeRoles and method", op: "update", res: "APPLICATION/a", tags: []string{"ops"}, object: true, want: true},
		{name: "user-agent differs", op: "delete", res: "APPLICATION/a", tags: []string{"ops"}, object: true},
		{name: "object owner condition", op: "view", res: "APPLICATION/a", tags: []string{"owners"}, object: true, owner: "alice", want: true},
		{name: "CAN NOT only fails to allow", op: "view", res: "APPLICATION/a", tags: []string{"owners"}, object: true, owner: "bob"},
		{name: "no active role", op: "view", res: "APPLICATION/a", tags: []string{"readers"}, object: true, useRoles: []activeRole{}},
		{name: "the first evaluation error ends it", op: "view", res: "APPLICATION/a", tags: []string{"x"}, object: true, wantErr: true,
			useRoles: mustRoles(t, []string{"x", "CAN view WHEN n::number > 3", "CAN view"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := roles
			if tt.useRoles != nil {
				rs = tt.useRoles
			}
			o := &gatehouse.Object{OwnerName: tt.owner}
			principal := "mark"
			req := aperture.Context{Principal: &principal, Action: tt.op, Resource: tt.res, Conditions: conditions(ctx, monday, names, o)}
			req.Conditions["n"] = "not a number"
			got, err := apertureAllows(rs, tt.tags, tt.object, &req)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("apertureAllows = %v, %v; want %v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// BenchmarkSubuserCheck measures the decision of a sub-user's request:
// 3 active roles of 5 rules each, every rule matching the action so that
// its conditions are evaluated, and none allowing (all 15 evaluated), or
// the last one allowing. The conditions are built per request, as the
// server does.
func BenchmarkSubuserCheck(b *testing.B) {
	var spec [][]string
	for i := range 3 {
		rs := []string{fmt.Sprintf("role%d", i)}
		for j := range 5 {
			rs = append(rs, fmt.Sprintf("CAN view and start WHEN sourceip = 10.%d.%d.0/24 AND day in (Monday, Tuesday) AND activeRoles contains role%d", i, j, i))
		}
		spec = append(spec, rs)
	}
	roles := mustRoles(b, spec...)
	names := []string{"role0", "role1", "role2"}
	tags := []string{"other", "role0", "role1", "role2"}
	now := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	o := &gatehouse.Object{OwnerName: "boss"}
	principal := "mark"
	for _, c := range []struct {
		name, source string
		want         bool
	}{{"denied", "192.168.1.1", false}, {"allowed_by_last", "10.2.4.9", true}} {
		ctx := gatehouse.WithRequestInfo(context.Background(), gatehouse.RequestInfo{Source: c.source, Method: "POST", UserAgent: "cli"})
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := aperture.Context{Principal: &principal, Action: "view", Resource: "APPLICATION/app1", Conditions: conditions(ctx, now, names, o)}
				ok, err := apertureAllows(roles, tags, true, &req)
				if err != nil || ok != c.want {
					b.Fatalf("apertureAllows = %v, %v; want %v", ok, err, c.want)
				}
			}
		})
	}
}
