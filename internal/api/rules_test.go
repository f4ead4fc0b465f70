package api

import (
	"encoding/json"
	"strings"
	"testing"
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
