package console

import (
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// A user's state is written out in words (colour only adds to it), the
// most pressing one when several hold.
func TestStatusOf(t *testing.T) {
	locked := time.Now().Add(time.Hour)
	for _, tc := range []struct {
		name string
		v    identity.UserView
		want string
	}{
		{"active", identity.UserView{}, "active"},
		{"deleted and disabled", identity.UserView{User: gatehouse.User{Deleted: true, Disabled: true}}, "deleted"},
		{"disabled and locked", identity.UserView{User: gatehouse.User{Disabled: true}, LockedUntil: locked}, "disabled"},
		{"locked and inactive", identity.UserView{User: gatehouse.User{Inactive: true}, LockedUntil: locked}, "locked"},
		{"inactive", identity.UserView{User: gatehouse.User{Inactive: true}}, "inactive"},
		{"hidden", identity.UserView{User: gatehouse.User{Hidden: true}}, "hidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := statusOf(&tc.v); got != tc.want {
				t.Errorf("statusOf = %q, want %q", got, tc.want)
			}
		})
	}
}
