package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestRuleSets(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "")

	// Refused files store nothing and list every problem with its line.
	status, body := e.do("PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: "{\n\"a\": \"role:x and\",\n\"b\": \"rule:b\"\n}"})
	var er ErrorResponse
	if err := json.Unmarshal(body, &er); err != nil || status != 400 || er.Field != "rules" ||
		!strings.Contains(er.Error, `line 2: rule "a"`) || !strings.Contains(er.Error, `line 3: rule "b": is part of a cycle`) {
		t.Fatalf("PUT broken rules = %d %s", status, body)
	}
	e.expect(404, "GET", "/api/v1/rules/compute", admin, nil, nil)
	e.expect(400, "PUT", "/api/v1/rules/Bad!", admin, RulesRequest{Document: "{}"}, nil)
	e.expect(403, "PUT", "/api/v1/rules/compute", u1, RulesRequest{Document: "{}"}, nil)

	var info RuleSetInfo
	doc := `{"owner": "tenant_name:%(tenant)s", "typed": "n:%(n)s", "default": "!"}`
	e.expect(200, "PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: doc}, &info)
	if info.Service != "compute" || info.Version != 1 || info.CreatedBy != "admin" {
		t.Fatalf("stored %+v", info)
	}
	var rs RuleSetResponse
	e.expect(200, "GET", "/api/v1/rules/compute", admin, nil, &rs)
	if rs.Document != doc || rs.Version != 1 {
		t.Fatalf("GET rules = %+v", rs)
	}
	e.expect(403, "GET", "/api/v1/rules/compute", u1, nil, nil)

	var d RuleCheckResponse
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, map[string]any{"rule": "owner", "target": map[string]any{"tenant": "t1"}}, &d)
	if !d.Allowed {
		t.Errorf("u1 of t1 is not the owner of t1's object: %+v", d)
	}
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, map[string]any{"rule": "owner", "target": map[string]any{"tenant": "t2"}}, &d)
	if d.Allowed {
		t.Errorf("u1 of t1 owns t2's object: %+v", d)
	}
	// Python's types: 1 and 1.0 are different strings.
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, `{"rule": "typed", "target": {"n": 1.0}}`, &d)
	if d.Allowed || d.Error != "" {
		t.Errorf("typed check = %+v", d)
	}
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, `{"rule": "nosuch"}`, &d)
	if d.Allowed {
		t.Errorf("an undefined rule used something else than the default: %+v", d)
	}
	e.expect(400, "POST", "/api/v1/rules/compute/check", u1, `{"target": {}}`, nil)
	e.expect(404, "POST", "/api/v1/rules/network/check", u1, `{"rule": "x"}`, nil)

	e.expect(200, "PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: `{"owner": "@"}`}, &info)
	var h RuleSetHistory
	e.expect(200, "GET", "/api/v1/rules/compute/history", admin, nil, &h)
	if len(h.Items) != 2 || h.Items[0].Version != 2 || h.Items[1].Version != 1 {
		t.Fatalf("history = %+v", h)
	}
	e.expect(200, "POST", "/api/v1/rules/compute/rollback", admin, RulesRollbackRequest{Version: 1}, &info)
	if info.Version != 3 {
		t.Fatalf("rollback stored %+v", info)
	}
	e.expect(200, "GET", "/api/v1/rules/compute?version=3", admin, nil, &rs)
	if rs.Document != doc {
		t.Fatalf("version 3 = %+v, want version 1's document", rs)
	}
	e.expect(404, "POST", "/api/v1/rules/compute/rollback", admin, RulesRollbackRequest{Version: 7}, nil)
	e.expect(400, "POST", "/api/v1/rules/compute/rollback", admin, RulesRollbackRequest{Version: 0}, nil)
}

func TestRuleCheckBatchAndExplain(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "")
	doc := `{"admin": "is_admin:True", "owner": "tenant_name:%(tenant)s", "start": "rule:admin or rule:owner", "bad": "n:%(n)d"}`
	e.expect(200, "PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: doc}, nil)

	// The answers come in the order of the checks, each with its own
	// error where oslo would raise.
	var b RuleBatchCheckResponse
	e.expect(200, "POST", "/api/v1/rules/compute/check/batch", u1,
		`{"checks": [{"rule": "start", "target": {"tenant": "t1"}}, {"rule": "start", "target": {"tenant": "t2"}},
		  {"rule": "bad", "target": {"n": "x"}}, {"rule": "start"}]}`, &b)
	if len(b.Results) != 4 || !b.Results[0].Allowed || b.Results[1].Allowed || b.Results[2].Allowed ||
		b.Results[2].Error != "TypeError: %d format: a real number is required, not str" || b.Results[3].Allowed ||
		b.Results[0].Explanation != nil {
		t.Fatalf("batch = %+v", b)
	}
	e.expect(400, "POST", "/api/v1/rules/compute/check/batch", u1, `{"checks": []}`, nil)
	e.expect(400, "POST", "/api/v1/rules/compute/check/batch", u1, `{"checks": [{"target": {}}]}`, nil)
	e.expect(400, "POST", "/api/v1/rules/compute/check/batch", u1, `{"checks": [{"rule": "x", "creds": {}}]}`, nil)
	e.expect(401, "POST", "/api/v1/rules/compute/check/batch", "", `{"checks": [{"rule": "start"}]}`, nil)
	e.expect(404, "POST", "/api/v1/rules/network/check/batch", u1, `{"checks": [{"rule": "start"}]}`, nil)
	many := `{"checks": [` + strings.Repeat(`{"rule": "start"},`, 1000) + `{"rule": "start"}]}`
	e.expect(400, "POST", "/api/v1/rules/compute/check/batch", u1, many, nil)

	// The explanation: each check with its value; the checks an "or" did
	// not need are listed, not evaluated.
	var d RuleCheckResponse
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, `{"rule": "start", "target": {"tenant": "t1"}, "explain": true}`, &d)
	x := d.Explanation
	if !d.Allowed || x == nil || x.Check != "rule:start" || !x.Value || len(x.Checks) != 1 || x.Checks[0].Check != "or" {
		t.Fatalf("explained check = %+v", d)
	}
	or := x.Checks[0].Checks
	if len(or) != 2 || or[0].Check != "rule:admin" || or[0].Value || !or[0].Evaluated ||
		or[1].Check != "rule:owner" || !or[1].Value || or[1].Checks[0].Match != "t1" || or[1].Checks[0].Check != "tenant_name:%(tenant)s" {
		t.Fatalf("explained or = %+v", or)
	}
	var ad RuleCheckResponse
	e.expect(200, "POST", "/api/v1/rules/compute/check", admin, `{"rule": "start", "explain": true}`, &ad)
	or = ad.Explanation.Checks[0].Checks
	if !ad.Allowed || !or[0].Value || or[1].Evaluated || or[1].Checks != nil {
		t.Fatalf("admin's explained or = %+v", or)
	}
	var nb RuleBatchCheckResponse
	e.expect(200, "POST", "/api/v1/rules/compute/check/batch", u1, `{"checks": [{"rule": "nosuch"}], "explain": true}`, &nb)
	if x := nb.Results[0].Explanation; x == nil || x.Evaluated != true || x.Value || x.Note == "" {
		t.Fatalf("explained undefined rule without default = %+v", nb.Results[0])
	}
}

func TestRuleCredentials(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "")
	ta1 := e.login("ta1", "passphrase-of-ta1", "")
	doc := `{"delete": "perm:APPLICATION:delete", "share": "perm:APPLICATION:share", "caps": "capabilities:AllUserCapabilities",
		"inherited": "capabilities:DeleteApplications", "who": "username:%(u)s and role:user and roles:user and tenant_name:t1 and user_id:%(uid)s and project_id:%(tid)s",
		"admin": "is_admin:True"}`
	e.expect(200, "PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: doc}, nil)
	var u User
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, &u)
	var tn Tenant
	e.expect(200, "GET", "/api/v1/tenants/t1", admin, nil, &tn)

	decide := func(tok, creds string) []bool {
		t.Helper()
		body := fmt.Sprintf(`{"checks": [{"rule": "delete"}, {"rule": "share"}, {"rule": "caps"}, {"rule": "inherited"},
			{"rule": "who", "target": {"u": "u1", "uid": %d, "tid": %d}}, {"rule": "admin"}]%s}`, u.ID, tn.ID, creds)
		var b RuleBatchCheckResponse
		e.expect(200, "POST", "/api/v1/rules/compute/check/batch", tok, body, &b)
		out := make([]bool, len(b.Results))
		for i, r := range b.Results {
			if r.Error != "" {
				t.Fatalf("check %d: %s", i, r.Error)
			}
			out[i] = r.Allowed
		}
		return out
	}
	for _, tc := range []struct {
		name, tok, creds string
		want             []bool
	}{
		{"a user", u1, "", []bool{true, false, true, true, true, false}},
		{"a tenantadmin", ta1, "", []bool{true, true, false, true, false, false}},
		{"a superadmin in Administrators", admin, "", []bool{true, true, false, false, false, true}},
	} {
		if got := decide(tc.tok, tc.creds); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: decisions %v, want %v", tc.name, got, tc.want)
		}
	}

	// Only service accounts give credentials; a refusal is audited.
	creds := fmt.Sprintf(`, "creds": {"user_id": %d, "tenant_id": %d, "project_id": %[2]d, "tenant_name": "t1", "username": "u1", "role": "user",
		"roles": ["user"], "capabilities": ["AllUserCapabilities"]}`, u.ID, tn.ID)
	e.expect(403, "POST", "/api/v1/rules/compute/check", u1, `{"rule": "delete"`+creds+`}`, nil)
	var recs AuditList
	e.expect(200, "GET", "/api/v1/audit?action=rules.check_as", admin, nil, &recs)
	if len(recs.Items) != 1 || recs.Items[0].Outcome != "denied" || recs.Items[0].Actor != "u1" {
		t.Fatalf("refused credentials audit = %+v", recs)
	}
	var k NewKey
	e.expect(201, "POST", "/api/v1/service-accounts", admin, ServiceAccountRequest{Name: "nova", Tenant: "Administrators", Role: "user",
		Capabilities: []string{"ViewUserAuth"}, ExpiresIn: "24h"}, &k)
	// The credentials are used as given, but perm checks ask the engine
	// about their user in their tenant.
	if got := decide(k.Key, creds); fmt.Sprint(got) != "[true false true false true false]" {
		t.Errorf("service account for u1: decisions %v", got)
	}
	other := fmt.Sprintf(`, "creds": {"user_id": %d, "project_id": "%d", "is_admin": true}`, u.ID, tn.ID+1)
	if got := decide(k.Key, other); fmt.Sprint(got) != "[false false false false false true]" {
		t.Errorf("service account for u1 in a tenant not theirs: decisions %v", got)
	}
	e.expect(400, "POST", "/api/v1/rules/compute/check", k.Key, `{"rule": "delete", "creds": ["u1"]}`, nil)
}

// TestIdentityRules checks that an identity rule set restricts Gatehouse's
// own operations in addition to the built-in checks, and never widens them.
func TestIdentityRules(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta1 := e.login("ta1", "passphrase-of-ta1", "")
	add := func(name string) (int, []byte) {
		return e.do("POST", "/api/v1/users", admin, UserAddRequest{Username: name, Tenant: "t1", Role: "user", Password: "passphrase-of-" + name})
	}

	// The default file changes nothing.
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: string(identity.DefaultRules(access.DefaultRules()...))}, nil)
	if st, b := add("n1"); st != 201 {
		t.Fatalf("superadmin adds under the default rules: %d %s", st, b)
	}
	e.expect(200, "GET", "/api/v1/users/u1", ta1, nil, nil)
	e.expect(403, "GET", "/api/v1/users/u3", ta1, nil, nil)
	e.expect(200, "GET", "/api/v1/tenants", admin, nil, nil)

	// Rules forbid more: only superadmins view others, nobody adds users
	// or lists tenants; rules the file does not define add nothing.
	doc := `{"identity:user:view": "is_admin:True or user_id:%(user_id)s", "identity:user:add": "!", "identity:tenant:list": "!", "identity:rules:set": "!"}`
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: doc}, nil)
	st, b := e.do("GET", "/api/v1/users/u1", ta1, nil)
	if st != 403 || !strings.Contains(string(b), "the rule identity:user:view of the identity rule set denies it") {
		t.Fatalf("tenantadmin views a member against the rules: %d %s", st, b)
	}
	e.expect(200, "GET", "/api/v1/users/ta1", ta1, nil, nil)
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, nil)
	if st, b := add("n2"); st != 403 {
		t.Fatalf("superadmin adds against the rules: %d %s", st, b)
	}
	e.expect(403, "GET", "/api/v1/tenants", admin, nil, nil)
	e.expect(200, "GET", "/api/v1/tenants/t1", admin, nil, nil)
	var recs AuditList
	e.expect(200, "GET", "/api/v1/audit?action=user.add", admin, nil, &recs)
	if len(recs.Items) == 0 || !strings.Contains(fmt.Sprint(recs.Items), "identity:user:add") {
		t.Errorf("the refusal by rule is not audited: %+v", recs.Items)
	}

	// A rule that allows everything allows no more than the built-in checks.
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: `{"default": "@"}`}, nil)
	e.expect(403, "GET", "/api/v1/users/u3", ta1, nil, nil)
	e.expect(403, "GET", "/api/v1/rules/identity", ta1, nil, nil)

	// A file that denies everything still lets a superadmin repair it.
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: `{"default": "!"}`}, nil)
	e.expect(403, "GET", "/api/v1/users/ta1", admin, nil, nil)
	e.expect(200, "GET", "/api/v1/rules/identity", admin, nil, nil)
	e.expect(200, "POST", "/api/v1/rules/identity/rollback", admin, RulesRollbackRequest{Version: 1}, nil)
	e.expect(200, "GET", "/api/v1/users/ta1", admin, nil, nil)
}

// TestIdentityRulesThatDoNotLoad checks that a stored identity rule set
// that no longer loads fails closed, and can be replaced.
func TestIdentityRulesThatDoNotLoad(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	err := e.store.Update(context.Background(), func(tx gatehouse.Tx) error {
		return tx.AddRuleSet(context.Background(), &gatehouse.RuleSet{Service: "identity", Document: `{"a": "rule:a"}`, CreatedBy: "admin", CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	e.expect(403, "GET", "/api/v1/users/u1", admin, nil, nil)
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: `{}`}, nil)
	e.expect(200, "GET", "/api/v1/users/u1", admin, nil, nil)
}

// envIdentityRules, set to "default", runs every API test under the
// default identity rule set with a default rule that denies: every
// operation must then have a rule of its own, and the default rules must
// allow whatever the tests expect the built-in checks to allow.
const envIdentityRules = "GATEHOUSE_TEST_IDENTITY_RULES"

// strictDefaultRules is the default identity rule file with a "default"
// rule that denies what the file does not name.
func strictDefaultRules(t *testing.T) string {
	t.Helper()
	var doc map[string]string
	if err := json.Unmarshal(identity.DefaultRules(access.DefaultRules()...), &doc); err != nil {
		t.Fatal(err)
	}
	doc["default"] = "!"
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// storeStrictDefaultRules stores strictDefaultRules as the identity rule set.
func storeStrictDefaultRules(t *testing.T, st gatehouse.Store) {
	t.Helper()
	ctx := context.Background()
	err := st.Update(ctx, func(tx gatehouse.Tx) error {
		return tx.AddRuleSet(ctx, &gatehouse.RuleSet{Service: identity.IdentityService, Document: strictDefaultRules(t), CreatedBy: "test", CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAccessRules checks that the identity rule set governs the operations
// on capabilities, objects, shares, limits and checks too, with rules that
// see the object (its type, tenant, owner and the operation asked).
func TestAccessRules(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "a1", Tenant: "t1", Owner: "u1"}, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "a2", Tenant: "t1", Owner: "ta1"}, nil)

	// Only an object's owner may remove it or share it, and only
	// APPLICATION objects may be registered; nobody may ask checks or
	// list capabilities, and only superadmins list object types.
	doc := `{
		"owner": "user_id:%(owner_id)s",
		"identity:object:remove": "rule:owner",
		"identity:object_share:add": "rule:owner and 'share':%(operation)s",
		"identity:object:add": "'APPLICATION':%(object_type)s",
		"identity:check": "!",
		"identity:capability:list": "!",
		"identity:object_type:list": "is_admin:True"
	}`
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: doc}, nil)

	denies := func(status int, method, path, tok string, body any, rule string) {
		t.Helper()
		st, b := e.do(method, path, tok, body)
		if st != status || !strings.Contains(string(b), "the rule "+rule+" of the identity rule set denies it") {
			t.Fatalf("%s %s = %d %s, want %d naming %s", method, path, st, b, status, rule)
		}
	}
	// ta1 may remove a1 built in (a tenantadmin of t1), not by the rules.
	denies(403, "DELETE", "/api/v1/objects/APPLICATION/a1", ta1, nil, "identity:object:remove")
	var objs ObjectList
	e.expect(200, "GET", "/api/v1/objects?type=APPLICATION", admin, nil, &objs)
	if len(objs.Items) != 2 {
		t.Fatalf("a refused removal removed something: %+v", objs.Items)
	}
	denies(403, "POST", "/api/v1/objects/APPLICATION/a1/shares", ta1, ShareRequest{User: "ta1", Operations: []string{"view"}}, "identity:object_share:add")
	e.expect(200, "POST", "/api/v1/objects/APPLICATION/a2/shares", ta1, ShareRequest{User: "u1", Operations: []string{"view"}}, nil)
	e.expect(200, "DELETE", "/api/v1/objects/APPLICATION/a2", ta1, nil, nil)
	denies(403, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "BACKUP", ID: "b1", Tenant: "t1", Owner: "u1"}, "identity:object:add")
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "a3", Tenant: "t1", Owner: "u1"}, nil)
	denies(403, "POST", "/api/v1/check", u1, CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "a1"}, "identity:check")
	denies(403, "POST", "/api/v1/check/batch", u1, BatchCheckRequest{Checks: []CheckItem{{Operation: "view", ObjectType: "APPLICATION"}}}, "identity:check")
	denies(403, "GET", "/api/v1/capabilities", admin, nil, "identity:capability:list")
	denies(403, "GET", "/api/v1/object-types", ta1, nil, "identity:object_type:list")
	e.expect(200, "GET", "/api/v1/object-types", admin, nil, nil)

	// Every refusal is audited with the rule that refused it.
	for _, act := range []string{"object.remove", "object_share.add", "object.add", "check", "capability.list", "object_type.list"} {
		var recs AuditList
		e.expect(200, "GET", "/api/v1/audit?outcome=denied&action="+act, admin, nil, &recs)
		if len(recs.Items) == 0 || !strings.Contains(fmt.Sprint(recs.Items), "identity:"+strings.ReplaceAll(act, ".", ":")) {
			t.Errorf("the refusal of %s by rule is not audited: %+v", act, recs.Items)
		}
	}

	// Rules never allow more than the built-in checks: u1 may not remove
	// ta1's object, whatever the rules say.
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: `{"default": "@"}`}, nil)
	e.expect(201, "POST", "/api/v1/objects", admin, ObjectAddRequest{Type: "APPLICATION", ID: "a4", Tenant: "t1", Owner: "ta1"}, nil)
	e.expect(404, "DELETE", "/api/v1/objects/APPLICATION/a4", u1, nil, nil)
}

// TestSelfServiceRules checks that the identity rule set governs changing
// one's own password and asking services' rule sets, but never logging
// out.
func TestSelfServiceRules(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(200, "PUT", "/api/v1/rules/compute", admin, RulesRequest{Document: `{"start": "@"}`}, nil)
	e.expect(200, "POST", "/api/v1/rules/compute/check", u1, `{"rule": "start", "target": {}}`, nil)
	doc := `{"identity:password:change": "!", "identity:rules:check": "is_admin:True", "default": "!"}`
	e.expect(200, "PUT", "/api/v1/rules/identity", admin, RulesRequest{Document: doc}, nil)
	for _, c := range []struct {
		method, path, rule string
		body               any
	}{
		{"PUT", "/api/v1/password", "identity:password:change", PasswordChangeRequest{CurrentPassword: "passphrase-of-u1", Password: "another-passphrase-1"}},
		{"POST", "/api/v1/rules/compute/check", "identity:rules:check", `{"rule": "start", "target": {}}`},
	} {
		st, b := e.do(c.method, c.path, u1, c.body)
		if st != 403 || !strings.Contains(string(b), "the rule "+c.rule+" of the identity rule set denies it") {
			t.Errorf("%s %s = %d %s, want 403 naming %s", c.method, c.path, st, b, c.rule)
		}
	}
	e.login("u1", "passphrase-of-u1", "t1") // the password did not change
	e.expect(200, "POST", "/api/v1/rules/compute/check", admin, `{"rule": "start", "target": {}}`, nil)
	e.expect(200, "POST", "/api/v1/logout", u1, nil, nil)
}
