package api

// The tests of account security: settings, the password policy, lockout.
// The file sorts before api_test.go, so TestResponsesMatchOpenAPI checks
// their exchanges too.

import (
	"encoding/json"
	"testing"
)

func TestSettings(t *testing.T) {
	e := newAPIEnv(t)
	admin := e.seed()
	var list SettingList
	e.expect(200, "GET", "/api/v1/settings", admin, nil, &list)
	if len(list.Items) != 9 || list.Items[0].Name != "lockout.threshold" || list.Items[0].Value != "6" {
		t.Fatalf("settings = %+v", list)
	}
	var msg MessageResponse
	e.expect(200, "PUT", "/api/v1/settings/lockout.duration", admin, SettingRequest{Value: "1800s"}, &msg)
	if msg.Message != `Setting lockout.duration is now "30m"` {
		t.Errorf("message = %q", msg.Message)
	}

	tests := []struct {
		name, value string
		status      int
		field       string
	}{
		{"lockout.duration", "-1h", 400, "lockout.duration"},
		{"password.quality", "[a-", 400, "password.quality"},
		{"lockout.threshold", "many", 400, "lockout.threshold"},
		{"password.min_length", "129", 400, "password.min_length"},
		{"no.such", "1", 400, "name"},
	}
	before := e.settings(admin)
	for _, tt := range tests {
		status, body := e.do("PUT", "/api/v1/settings/"+tt.name, admin, SettingRequest{Value: tt.value})
		var er ErrorResponse
		if err := json.Unmarshal(body, &er); err != nil || status != tt.status || er.Field != tt.field {
			t.Errorf("PUT %s=%q = %d %s, want %d on field %s", tt.name, tt.value, status, body, tt.status, tt.field)
		}
	}
	if after := e.settings(admin); after != before {
		t.Errorf("refused changes changed the settings:\n%s\n%s", before, after)
	}

	ta := e.login("ta1", "password-ta1", "t1")
	e.expect(403, "GET", "/api/v1/settings", ta, nil, nil)
	e.expect(403, "PUT", "/api/v1/settings/lockout.threshold", ta, SettingRequest{Value: "0"}, nil)
	e.expect(401, "GET", "/api/v1/settings", "", nil, nil)
	e.expect(400, "PUT", "/api/v1/settings/lockout.threshold", admin, `{"value": "1", "extra": 1}`, nil)
}

// settings returns GET /api/v1/settings as text.
func (e *apiEnv) settings(tok string) string {
	e.t.Helper()
	status, body := e.do("GET", "/api/v1/settings", tok, nil)
	if status != 200 {
		e.t.Fatalf("GET /api/v1/settings = %d %s", status, body)
	}
	return string(body)
}
