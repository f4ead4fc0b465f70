package api

import "testing"

func TestAuditVerify(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var v AuditVerification
	e.expect(200, "GET", "/api/v1/audit/verify", admin, nil, &v)
	if !v.Intact || v.BrokenID != 0 || v.Records == 0 || v.Chained != v.Records {
		t.Fatalf("verification = %+v", v)
	}
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	e.expect(403, "GET", "/api/v1/audit/verify", u1, nil, nil)
	e.expect(401, "GET", "/api/v1/audit/verify", "", nil, nil)
}
