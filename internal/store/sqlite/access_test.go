package sqlite

import (
	"strings"
	"testing"
)

// TestAccessQueryPlans checks that the queries of objects.go, shares.go and
// apikeys.go find their rows through an index rather than a scan.
func TestAccessQueryPlans(t *testing.T) {
	db := openTest(t)
	tests := []struct {
		name  string
		query string
		args  []any
		want  string // in some line of the plan
	}{
		{"objects by tenant", objectSelect + ` WHERE o.tenant_id = ? ORDER BY o.type, o.id LIMIT ?`, []any{1, 10}, "USING INDEX objects_tenant (tenant_id=?)"},
		{"objects by owner", objectSelect + ` WHERE o.owner_id = ? ORDER BY o.type, o.id LIMIT ?`, []any{1, 10}, "USING INDEX objects_owner (owner_id=?)"},
		{"objects by type", objectSelect + ` WHERE o.type = ? ORDER BY o.type, o.id LIMIT ?`, []any{"BACKUP", 10}, "USING INDEX sqlite_autoindex_objects_1 (type=?)"},
		{"shares by object", shareSelect + ` WHERE s.object_type = ? AND s.object_id = ?` + shareOrder, []any{"BACKUP", "b"}, "(object_type=? AND object_id=?)"},
		{"shares by tenant", shareSelect + ` WHERE s.tenant_id = ?` + shareOrder, []any{1}, "USING INDEX shares_tenant (tenant_id=?)"},
		{"shares by user", shareSelect + ` WHERE s.user_id = ?` + shareOrder, []any{1}, "USING INDEX shares_user (user_id=?)"},
		{"keys by user", `SELECT ` + apiKeyColumns + ` FROM api_keys WHERE user_id = ? ORDER BY created_at, seq`, []any{1}, "USING INDEX api_keys_user (user_id=?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := queryPlan(t, db, tt.query, tt.args...)
			if !strings.Contains(text, tt.want) || strings.Contains(text, "SCAN s") || strings.Contains(text, "SCAN o") {
				t.Errorf("plan:\n%s\nwant %q and no scan of the driving table", text, tt.want)
			}
		})
	}
}
