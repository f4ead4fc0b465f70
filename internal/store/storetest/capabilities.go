package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// listCapabilities returns every custom capability.
func listCapabilities(t *testing.T, s gatehouse.Store) []gatehouse.CapabilityRecord {
	t.Helper()
	return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.CapabilityRecord, error) {
		return tx.ListCapabilities(ctx)
	})
}

// createCapability stores c and returns it with its new ID.
func createCapability(t *testing.T, s gatehouse.Store, c gatehouse.CapabilityRecord) gatehouse.CapabilityRecord {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateCapability(ctx, &c) })
	return c
}

func testCreateCapability(t *testing.T, s gatehouse.Store) {
	if got := listCapabilities(t, s); len(got) != 0 {
		t.Fatalf("a new store has capabilities: %+v", got)
	}
	tests := []struct {
		name string
		c    gatehouse.CapabilityRecord
	}{
		{"every field, lists keep their order", gatehouse.CapabilityRecord{
			Name: "backup-operator", Description: "runs backups", Hidden: true,
			TenantRoles: []gatehouse.Role{gatehouse.RoleUser, gatehouse.RoleTenantadmin},
			Providers:   []string{"zeta", "alpha"},
			Entries:     []string{"BACKUP:run", "BACKUP:list", "APPLICATION:read"},
			CreatedAt:   t0, UpdatedAt: at(time.Second),
		}},
		{"zero fields", gatehouse.CapabilityRecord{Name: "empty"}},
		{"unicode", gatehouse.CapabilityRecord{Name: "ünï", Description: "Дмитрий"}},
	}
	var created []gatehouse.CapabilityRecord
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := createCapability(t, s, tt.c)
			if len(created) > 0 && c.ID <= created[len(created)-1].ID {
				t.Errorf("CreateCapability(%s) set ID %d, want more than %d", c.Name, c.ID, created[len(created)-1].ID)
			}
			want := tt.c
			want.ID = c.ID
			created = append(created, want)
		})
	}
	checkEqual(t, "ListCapabilities, in id order", listCapabilities(t, s), created)

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreateCapability(ctx, &gatehouse.CapabilityRecord{Name: "empty", Description: "again"})
	})
	wantErr(t, "CreateCapability with a taken name", err, gatehouse.ErrConflict)
	checkEqual(t, "ListCapabilities after a refused create", listCapabilities(t, s), created)
}

func testUpdateCapability(t *testing.T, s gatehouse.Store) {
	c := createCapability(t, s, gatehouse.CapabilityRecord{
		Name: "cap", Description: "before", TenantRoles: []gatehouse.Role{gatehouse.RoleUser},
		Providers: []string{"a"}, Entries: []string{"X:read"}, CreatedAt: t0, UpdatedAt: t0,
	})
	other := createCapability(t, s, gatehouse.CapabilityRecord{Name: "other", CreatedAt: t0})

	tests := []struct {
		name    string
		changed gatehouse.CapabilityRecord
	}{
		{"every field", gatehouse.CapabilityRecord{
			Name: "cap", Description: "after", Hidden: true,
			TenantRoles: []gatehouse.Role{gatehouse.RoleTenantadmin, gatehouse.RoleUser},
			Providers:   []string{"c", "b"}, Entries: []string{"Y:write", "X:read"},
			UpdatedAt: at(time.Hour),
		}},
		{"lists cleared", gatehouse.CapabilityRecord{Name: "cap", Description: "cleared", UpdatedAt: at(2 * time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := tt.changed
			changed.ID = other.ID                 // must be ignored: found by name
			changed.CreatedAt = at(3 * time.Hour) // must be ignored
			mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.UpdateCapability(ctx, changed) })
			want := tt.changed
			want.ID, want.CreatedAt = c.ID, c.CreatedAt
			checkEqual(t, "ListCapabilities after UpdateCapability", listCapabilities(t, s),
				[]gatehouse.CapabilityRecord{want, other})
		})
	}

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.UpdateCapability(ctx, gatehouse.CapabilityRecord{ID: c.ID, Name: "unknown"})
	})
	wantErr(t, "UpdateCapability of an unknown name", err, gatehouse.ErrNotFound)
}

func testDeleteCapability(t *testing.T, s gatehouse.Store) {
	createCapability(t, s, gatehouse.CapabilityRecord{Name: "a"})
	b := createCapability(t, s, gatehouse.CapabilityRecord{Name: "b"})

	tests := []struct {
		name string
		cap  string
		want error
		left []gatehouse.CapabilityRecord
	}{
		{"existing", "a", nil, []gatehouse.CapabilityRecord{b}},
		{"twice", "a", gatehouse.ErrNotFound, []gatehouse.CapabilityRecord{b}},
		{"unknown", "c", gatehouse.ErrNotFound, []gatehouse.CapabilityRecord{b}},
		{"case matters", "B", gatehouse.ErrNotFound, []gatehouse.CapabilityRecord{b}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteCapability(ctx, tt.cap) })
			wantErr(t, "DeleteCapability", err, tt.want)
			checkEqual(t, "ListCapabilities", listCapabilities(t, s), tt.left)
		})
	}

	// The name is free again.
	again := createCapability(t, s, gatehouse.CapabilityRecord{Name: "a"})
	checkEqual(t, "ListCapabilities after reusing a name", listCapabilities(t, s), []gatehouse.CapabilityRecord{b, again})
}
