package authz

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// TestShareRulesConsistent checks the sharing table against the built-in
// registry and catalog.
func TestShareRulesConsistent(t *testing.T) {
	c := Builtin()
	r := c.Registry()
	granted := c.Closure([]string{AllSuperAdminCapabilities})
	seen := map[ShareTarget]map[ObjectType]bool{}
	for _, rule := range ShareRules() {
		t.Run(string(rule.Target)+"/"+string(rule.Type), func(t *testing.T) {
			if seen[rule.Target] == nil {
				seen[rule.Target] = map[ObjectType]bool{}
			}
			if seen[rule.Target][rule.Type] {
				t.Fatal("two rules")
			}
			seen[rule.Target][rule.Type] = true
			ops := r.Operations(rule.Type)
			if ops == nil {
				t.Fatal("type not registered")
			}
			for _, op := range []Operation{rule.Share, rule.Unshare} {
				if !slices.Contains(ops, op) || !granted.Has(rule.Type, op) {
					t.Errorf("share operation %s not registered or not granted by any capability", op)
				}
			}
			// Operations are registered, in registry order, and never
			// type-level, ownership or cross-tenant ones.
			var inOrder []Operation
			for _, op := range ops {
				if slices.Contains(rule.Operations, op) {
					inOrder = append(inOrder, op)
				}
			}
			if !slices.Equal(inOrder, rule.Operations) {
				t.Errorf("operations %v are not all registered or not in registry order %v", rule.Operations, inOrder)
			}
			for _, bad := range []Operation{"create", "change_owner", "tenant_share", "tenant_unshare"} {
				if rule.Allows(bad) {
					t.Errorf("allows %s", bad)
				}
			}
			if rule.Target == ShareWithUser && (rule.Allows("user_share") || rule.Allows("share") || rule.AllMembers) {
				t.Error("a user share lets the user share on, or has AllMembers")
			}
			if len(rule.Default) == 0 || rule.Default[0] != OpView {
				t.Errorf("default %v does not start with view", rule.Default)
			}
			for _, op := range rule.Default {
				if !rule.Allows(op) {
					t.Errorf("default %s not allowed", op)
				}
			}
		})
	}
}

// TestShareableMatchesSeed checks the document's two lists (7.2, Object
// sharing).
func TestShareableMatchesSeed(t *testing.T) {
	for target, want := range map[ShareTarget][]ObjectType{
		ShareWithTenant: {"STORAGE_REPO", "BACKUP"},
		ShareWithUser:   {"STORAGE_REPO", "APPLICATION", "BACKUP", "SNAPSHOT", "NAMESPACE"},
	} {
		got := Shareable(target)
		for _, ty := range want {
			if !slices.Contains(got, ty) {
				t.Errorf("%s shares lack %s: %v", target, ty, got)
			}
		}
	}
	if got := Shareable(ShareWithTenant); slices.Contains(got, "APPLICATION") || slices.Contains(got, "NAMESPACE") {
		t.Errorf("tenant-bound types shareable with tenants: %v", got)
	}
	if r, _ := ShareRuleFor(ShareWithTenant, "BUNDLE"); !r.AllMembers {
		t.Error("a bundle shared with a tenant is not for all members")
	}
	if r, _ := ShareRuleFor(ShareWithTenant, "STORAGE_REPO"); r.AllMembers || r.Allows("user_share") == slices.Contains(r.Default, "user_share") {
		t.Error("a repo shared with a tenant: tenant admins may share on by default, or cannot be allowed to")
	}
}

func TestShareRuleForCopies(t *testing.T) {
	r, ok := ShareRuleFor(ShareWithUser, "NAMESPACE")
	if !ok {
		t.Fatal("no rule")
	}
	r.Operations[0] = "changed"
	if r2, _ := ShareRuleFor(ShareWithUser, "NAMESPACE"); r2.Operations[0] != "view" {
		t.Error("ShareRuleFor shares slices with the table")
	}
	rs := ShareRules()
	rs[0].Default[0] = "changed"
	if ShareRules()[0].Default[0] != "view" {
		t.Error("ShareRules shares slices with the table")
	}
	if _, ok := ShareRuleFor(ShareWithTenant, "USER"); ok {
		t.Error("users are shareable")
	}
}

func TestCheckShare(t *testing.T) {
	for _, tc := range []struct {
		name     string
		target   ShareTarget
		typ      ObjectType
		ops      []Operation
		field    string
		contains string
	}{
		{"repo with tenant", ShareWithTenant, "STORAGE_REPO", []Operation{"view", "push", "user_share"}, "", ""},
		{"backup with user", ShareWithUser, "BACKUP", []Operation{"view"}, "", ""},
		{"no operations", ShareWithUser, "NAMESPACE", nil, "", ""},
		{"application with tenant", ShareWithTenant, "APPLICATION", nil, "object_type", "shareable types: STORAGE_REPO, BACKUP, K8S_BACKUP, BUNDLE, IMAGE, DOCKER_REGISTRY"},
		{"user with user", ShareWithUser, "USER", nil, "object_type", "shareable types: STORAGE_REPO, APPLICATION"},
		{"forbidden operation", ShareWithUser, "APPLICATION", []Operation{"view", "change_owner"}, "operations", "valid operations: view, update, backup"},
		{"resharing by a user", ShareWithUser, "STORAGE_REPO", []Operation{"user_share"}, "operations", `cannot grant "user_share"`},
		{"bad target", "world", "APPLICATION", nil, "target", "tenant or user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckShare(tc.target, tc.typ, tc.ops)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(fe.Rule, tc.contains) {
				t.Fatalf("CheckShare = %v; want a FieldError for %s containing %q", err, tc.field, tc.contains)
			}
		})
	}
}
