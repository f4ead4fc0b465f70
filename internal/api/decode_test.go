package api

import (
	"errors"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// TestStrictUnmarshalErrors checks that bad bodies are refused with the
// field at fault and a rule in JSON's words, never Go's.
func TestStrictUnmarshalErrors(t *testing.T) {
	type inner struct {
		Name string `json:"name"`
	}
	type request struct {
		Username string   `json:"username"`
		Limit    int      `json:"limit"`
		Active   bool     `json:"active"`
		Tags     []string `json:"tags"`
		Inner    inner    `json:"inner"`
	}
	tests := []struct {
		name, in, field, rule string
	}{
		{"empty", ``, "body", "a JSON object is required"},
		{"array for the body", `[]`, "body", "must be a JSON object (got array)"},
		{"number for a string", `{"username":5}`, "username", "must be a JSON string (got number)"},
		{"string for an integer", `{"limit":"5"}`, "limit", "must be a JSON integer (got string)"},
		{"fraction for an integer", `{"limit":1.5}`, "limit", "must be a JSON integer (got number 1.5)"},
		{"string for a boolean", `{"active":"yes"}`, "active", "must be a JSON boolean (got string)"},
		{"boolean for an array", `{"tags":true}`, "tags", "must be a JSON array (got boolean)"},
		{"nested", `{"inner":{"name":[]}}`, "inner.name", "must be a JSON string (got array)"},
		{"unknown field", `{"username":"u","bogus":1}`, "bogus", "unknown field: see /api/v1/openapi.json for the fields of this request"},
		{"syntax", `{"username":`, "body", "invalid JSON: unexpected EOF"},
		{"two values", `{}{}`, "body", "invalid JSON: more than one value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v request
			err := strictUnmarshal([]byte(tc.in), &v)
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("strictUnmarshal(%q) = %v, want a field error", tc.in, err)
			}
			if fe.Field != tc.field || fe.Rule != tc.rule {
				t.Errorf("strictUnmarshal(%q) = field %q rule %q, want field %q rule %q", tc.in, fe.Field, fe.Rule, tc.field, tc.rule)
			}
		})
	}
}
