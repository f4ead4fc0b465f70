package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func testSSHKeys(t *testing.T, s gatehouse.Store) {
	u := createUser(t, s, newUser("u1"))
	v := createUser(t, s, newUser("u2"))
	add := func(k gatehouse.SSHKey) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddSSHKey(ctx, k) })
	}
	keys := func(id gatehouse.UserID) []gatehouse.SSHKey {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.SSHKey, error) { return tx.SSHKeys(ctx, id) })
	}
	laptop := gatehouse.SSHKey{UserID: u.ID, Name: "laptop", Type: "ssh-ed25519", Fingerprint: "SHA256:aaa", PublicKey: "ssh-ed25519 AAAA laptop", CreatedAt: at(time.Hour)}
	desk := gatehouse.SSHKey{UserID: u.ID, Name: "desk", Type: "ssh-rsa", Fingerprint: "SHA256:bbb", PublicKey: "ssh-rsa AAAB", CreatedAt: at(2 * time.Hour)}
	for _, k := range []gatehouse.SSHKey{laptop, desk} {
		if err := add(k); err != nil {
			t.Fatalf("AddSSHKey(%s): %v", k.Name, err)
		}
	}
	checkEqual(t, "SSHKeys, by name", keys(u.ID), []gatehouse.SSHKey{desk, laptop})
	checkEqual(t, "SSHKeys of a user without keys", keys(v.ID), nil)

	same := laptop
	same.Fingerprint = "SHA256:ccc"
	wantErr(t, "AddSSHKey with a taken name", add(same), gatehouse.ErrConflict)
	again := laptop
	again.Name = "laptop-again"
	wantErr(t, "AddSSHKey with a taken fingerprint", add(again), gatehouse.ErrConflict)
	other := laptop
	other.UserID = v.ID
	wantErr(t, "AddSSHKey of the same key for another user", add(other), nil)
	nobody := laptop
	nobody.UserID = 9999
	wantErr(t, "AddSSHKey of no user", add(nobody), gatehouse.ErrNotFound)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteSSHKey(ctx, u.ID, "laptop") })
	checkEqual(t, "SSHKeys after removing one", keys(u.ID), []gatehouse.SSHKey{desk})
	checkEqual(t, "the other user's keys", len(keys(v.ID)), 1)
	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteSSHKey(ctx, u.ID, "laptop") })
	wantErr(t, "DeleteSSHKey of a removed key", err, gatehouse.ErrNotFound)
	if err := add(laptop); err != nil {
		t.Errorf("AddSSHKey after removing it: %v", err)
	}
}
