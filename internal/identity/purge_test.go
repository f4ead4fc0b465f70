package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestPurgeExpiredForgetsOnlyExpiredTokens(t *testing.T) {
	te := testenv.New(t)
	ctx := context.Background()
	svc := te.Identity
	login := func() {
		t.Helper()
		if _, err := svc.Login(ctx, identity.LoginInput{Username: "admin", Password: testenv.AdminPassword}); err != nil {
			t.Fatal(err)
		}
	}
	records := func() int {
		t.Helper()
		var n int
		err := te.Store.View(ctx, func(tx gatehouse.Tx) error {
			ts, err := tx.ListTokens(ctx, 1, time.Unix(1, 0)) // every record, expired or not
			n = len(ts)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	login()
	start := time.Now()
	svc.Now = func() time.Time { return start.Add(2 * time.Hour) } // testenv tokens live 1h
	te.Tokens.Now = svc.Now
	login()
	if n := records(); n != 2 {
		t.Fatalf("%d token records before the purge, want 2", n)
	}
	if err := svc.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if n := records(); n != 1 {
		t.Fatalf("%d token records after the purge, want the unexpired 1", n)
	}
}
