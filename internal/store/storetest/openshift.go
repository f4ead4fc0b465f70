package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func testOpenShiftConfig(t *testing.T, s gatehouse.Store) {
	get := func() (gatehouse.OpenShiftConfig, error) {
		return view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.OpenShiftConfig, error) {
			return tx.OpenShiftConfig(ctx)
		})
	}
	_, err := get()
	wantErr(t, "OpenShiftConfig before any", err, gatehouse.ErrNotFound)
	c := gatehouse.OpenShiftConfig{APIURL: "https://api.ocp.example.com:6443", CACert: "-----BEGIN CERTIFICATE-----",
		Token: []byte{1, 2, 0, 255}, UpdatedAt: at(time.Hour)}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutOpenShiftConfig(ctx, c) })
	got, err := get()
	if err != nil {
		t.Fatalf("OpenShiftConfig: %v", err)
	}
	checkEqual(t, "OpenShiftConfig", got, c)
	c2 := gatehouse.OpenShiftConfig{APIURL: "https://api.other.example.com:6443", Token: []byte{9}, UpdatedAt: at(2 * time.Hour)}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutOpenShiftConfig(ctx, c2) })
	got, err = get()
	if err != nil {
		t.Fatalf("OpenShiftConfig after replacing: %v", err)
	}
	checkEqual(t, "OpenShiftConfig after replacing it", got, c2)
}

func testOpenShiftLinks(t *testing.T, s gatehouse.Store) {
	u, v := createUser(t, s, newUser("u1")), createUser(t, s, newUser("u2"))
	put := func(l gatehouse.OpenShiftLink) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.PutOpenShiftLink(ctx, l) })
	}
	links := func() []gatehouse.OpenShiftLink {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.OpenShiftLink, error) {
			return tx.OpenShiftLinks(ctx)
		})
	}
	checkEqual(t, "OpenShiftLinks before any", len(links()), 0)
	lu := gatehouse.OpenShiftLink{UserID: u.ID, Name: "u1", UID: "ee29177c-b48b-42a9-b63c-e9cce6935219"}
	lv := gatehouse.OpenShiftLink{UserID: v.ID, Name: "jane@example.com", UID: "d613991f-1975-4225-8d67-2f23aac05215"}
	for _, l := range []gatehouse.OpenShiftLink{lv, lu} {
		if err := put(l); err != nil {
			t.Fatalf("PutOpenShiftLink: %v", err)
		}
	}
	checkEqual(t, "OpenShiftLinks, by user id", links(), []gatehouse.OpenShiftLink{lu, lv})
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.OpenShiftLink, error) {
		return tx.OpenShiftLinkOf(ctx, v.ID)
	})
	checkEqual(t, "OpenShiftLinkOf", got, lv)
	moved := lu
	moved.Name, moved.UID = "u1-renamed", "881fdd9d-9270-4d1b-a853-ec767b3793cc"
	if err := put(moved); err != nil {
		t.Fatalf("PutOpenShiftLink replacing: %v", err)
	}
	checkEqual(t, "OpenShiftLinks after replacing one", links(), []gatehouse.OpenShiftLink{moved, lv})
	wantErr(t, "PutOpenShiftLink of no user", put(gatehouse.OpenShiftLink{UserID: 9999, Name: "x"}), gatehouse.ErrNotFound)
	w := createUser(t, s, newUser("u3"))
	_, err := view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.OpenShiftLink, error) {
		return tx.OpenShiftLinkOf(ctx, w.ID)
	})
	wantErr(t, "OpenShiftLinkOf an unlinked user", err, gatehouse.ErrNotFound)
}
