package authz

import (
	"fmt"
	"slices"
	"strings"
)

// Explanation says why Check allows or denies a request, step by step.
type Explanation struct {
	// Allowed is what Check answers.
	Allowed bool
	// Chain shows which assigned capability gave TYPE:op and through which
	// providers: the assigned capability first, the one whose own entries
	// hold TYPE:op last, as [AllTenantAdminCapabilities ManageApplications
	// ViewApplications]. It is the shortest such chain from the first
	// assigned capability that has one; empty if no capability gives
	// TYPE:op.
	Chain []string
	// Rule names the rule that gave access to the object (RuleOwner ...
	// RuleTenantShare); empty when no object was named or access was
	// refused.
	Rule string
	// Denied says, in words, which step refused; empty when allowed.
	Denied string
}

// Explain answers what Check answers, and says why.
func (e *Engine) Explain(s *Subject, typ ObjectType, op Operation, id string) Explanation {
	m := e.member(s)
	switch {
	case s == nil:
		return Explanation{Denied: "no subject"}
	case m == nil:
		return Explanation{Denied: fmt.Sprintf("user %d is not a member of tenant %d", s.User, s.Tenant)}
	}
	var x Explanation
	cat := e.Catalog()
	entry := Entry{typ, op}
	if !m.allowed(typ, op) {
		x.Denied = "no assigned capability grants " + entry.String()
		switch reg := cat.Registry(); {
		case reg.Operations(typ) == nil:
			x.Denied += fmt.Sprintf(" (there is no object type %s)", typ)
		case !reg.Known(typ, op):
			x.Denied += fmt.Sprintf(" (object type %s has no operation %s)", typ, op)
		}
		return x
	}
	x.Chain = chainTo(cat, m.caps.names, entry)
	if id == "" {
		x.Allowed = true
		return x
	}
	obj := e.lookup(typ, id)
	if obj == nil {
		x.Denied = fmt.Sprintf("object %s/%s does not exist", typ, id)
		return x
	}
	if x.Rule = e.rule(m, obj, op); x.Rule != "" {
		x.Allowed = true
		return x
	}
	x.Denied = e.denial(m, obj, op)
	return x
}

// chainTo returns the shortest chain of providers from the first of names
// that leads to a capability granting en itself, or nil.
func chainTo(c *Catalog, names []string, en Entry) []string {
	known := c.reg.Known(en.Type, en.Op)
	grants := func(i int) bool {
		return (c.caps[i].AllEntries || c.caps[i].AllViews && en.Op == OpView) && known || slices.Contains(c.caps[i].Entries, en)
	}
	for _, n := range names {
		start := c.index(n)
		if start < 0 {
			continue
		}
		prev := map[int]int{start: -1}
		for queue := []int{start}; len(queue) > 0; queue = queue[1:] {
			i := queue[0]
			if grants(i) {
				var chain []string
				for ; i >= 0; i = prev[i] {
					chain = append(chain, c.caps[i].Name)
				}
				slices.Reverse(chain)
				return chain
			}
			for _, j := range c.providers[i] {
				if _, seen := prev[j]; !seen {
					prev[j] = i
					queue = append(queue, j)
				}
			}
		}
	}
	return nil
}

// denial says why no instance rule lets m do op on x: how m stands to the
// object, then what is shared with them.
func (e *Engine) denial(m *member, x *object, op Operation) string {
	o := &x.obj
	var why string
	switch {
	case o.TenantID != m.tenant && o.OwnerID == m.user:
		why = fmt.Sprintf("you own the object, but it belongs to tenant %d, you are logged into tenant %d", o.TenantID, m.tenant)
	case o.TenantID != m.tenant:
		why = fmt.Sprintf("object belongs to tenant %d, you are logged into tenant %d", o.TenantID, m.tenant)
	default:
		why = fmt.Sprintf("object is owned by user %d, your role in tenant %d is %s", o.OwnerID, m.tenant, m.role)
	}
	var shared []string
	if ops := grantedOps(x.users, int64(m.user)); ops != nil {
		if !userShareApplies(x, m) {
			shared = append(shared, fmt.Sprintf("it is shared with you, but only in tenant %d", o.TenantID))
		} else {
			shared = append(shared, fmt.Sprintf("it is shared with you for %s, not %s", join(ops), op))
		}
	}
	if ops := grantedOps(x.tenants, int64(m.tenant)); ops != nil {
		if !slices.Contains(ops, op) {
			shared = append(shared, fmt.Sprintf("it is shared with your tenant for %s, not %s", join(ops), op))
		} else {
			shared = append(shared, fmt.Sprintf("it is shared with your tenant for %s, but only tenantadmins get access to %s objects shared with their tenant", op, o.Type))
		}
	}
	if shared == nil {
		shared = []string{"it is not shared with you or your tenant"}
	}
	return why + " and " + strings.Join(shared, "; ")
}
