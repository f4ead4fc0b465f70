package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func createAgreement(t *testing.T, s gatehouse.Store, a gatehouse.Agreement) gatehouse.Agreement {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateAgreement(ctx, &a) })
	return a
}

func testAgreements(t *testing.T, s gatehouse.Store) {
	terms := createAgreement(t, s, gatehouse.Agreement{Name: "terms", Text: "Be nice.\n", Required: true, ApplyToExisting: true, CreatedAt: at(time.Hour)})
	privacy := createAgreement(t, s, gatehouse.Agreement{Name: "privacy", Text: "We keep logs.", CreatedAt: at(2 * time.Hour)})
	if terms.ID == 0 || privacy.ID == 0 || terms.ID == privacy.ID {
		t.Fatalf("CreateAgreement ids: %d, %d", terms.ID, privacy.ID)
	}
	list := func() []gatehouse.Agreement {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Agreement, error) {
			return tx.ListAgreements(ctx)
		})
	}
	checkEqual(t, "ListAgreements, by name", list(), []gatehouse.Agreement{privacy, terms})
	got := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Agreement, error) {
		return tx.AgreementByName(ctx, "terms")
	})
	checkEqual(t, "AgreementByName", got, terms)

	err := update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
		return tx.CreateAgreement(ctx, &gatehouse.Agreement{Name: "terms", Text: "other"})
	})
	wantErr(t, "CreateAgreement with a taken name", err, gatehouse.ErrConflict)
	_, err = view(t, s, func(ctx context.Context, tx gatehouse.Tx) (gatehouse.Agreement, error) {
		return tx.AgreementByName(ctx, "nope")
	})
	wantErr(t, "AgreementByName of no agreement", err, gatehouse.ErrNotFound)

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteAgreement(ctx, "privacy") })
	checkEqual(t, "ListAgreements after removing one", list(), []gatehouse.Agreement{terms})
	err = update(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteAgreement(ctx, "privacy") })
	wantErr(t, "DeleteAgreement of a removed agreement", err, gatehouse.ErrNotFound)
}

func testAgreementSignatures(t *testing.T, s gatehouse.Store) {
	u := createUser(t, s, newUser("u1"))
	v := createUser(t, s, newUser("u2"))
	terms := createAgreement(t, s, gatehouse.Agreement{Name: "terms", Text: "Be nice.", Required: true, CreatedAt: at(time.Hour)})
	createAgreement(t, s, gatehouse.Agreement{Name: "aup", Text: "Use it well.", Required: true, CreatedAt: at(time.Hour)})
	optional := createAgreement(t, s, gatehouse.Agreement{Name: "news", Text: "Read the news.", CreatedAt: at(time.Hour)})
	sign := func(a gatehouse.Agreement, u gatehouse.User, when time.Duration) error {
		return update(t, s, func(ctx context.Context, tx gatehouse.Tx) error {
			return tx.SignAgreement(ctx, gatehouse.Signature{AgreementID: a.ID, UserID: u.ID, SignedAt: at(when)})
		})
	}
	sigs := func(id gatehouse.UserID) []gatehouse.Signature {
		return mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Signature, error) {
			return tx.Signatures(ctx, id)
		})
	}
	unsigned := func(id gatehouse.UserID) []string {
		as := mustView(t, s, func(ctx context.Context, tx gatehouse.Tx) ([]gatehouse.Agreement, error) {
			return tx.UnsignedAgreements(ctx, id)
		})
		var names []string
		for _, a := range as {
			names = append(names, a.Name)
		}
		return names
	}
	checkEqual(t, "UnsignedAgreements before signing: required ones only", unsigned(u.ID), []string{"aup", "terms"})
	for _, x := range []struct {
		a    gatehouse.Agreement
		u    gatehouse.User
		when time.Duration
	}{{terms, u, 2 * time.Hour}, {optional, u, 3 * time.Hour}, {terms, v, 4 * time.Hour}} {
		if err := sign(x.a, x.u, x.when); err != nil {
			t.Fatalf("SignAgreement(%s, %s): %v", x.a.Name, x.u.Name, err)
		}
	}
	wantErr(t, "SignAgreement twice", sign(terms, u, 5*time.Hour), gatehouse.ErrConflict)
	wantErr(t, "SignAgreement of no agreement", sign(gatehouse.Agreement{ID: 9999}, u, time.Hour), gatehouse.ErrNotFound)
	wantErr(t, "SignAgreement by no user", sign(terms, gatehouse.User{ID: 9999}, time.Hour), gatehouse.ErrNotFound)

	su1 := gatehouse.Signature{AgreementID: optional.ID, AgreementName: "news", UserID: u.ID, UserName: "u1", SignedAt: at(3 * time.Hour)}
	su2 := gatehouse.Signature{AgreementID: terms.ID, AgreementName: "terms", UserID: u.ID, UserName: "u1", SignedAt: at(2 * time.Hour)}
	sv := gatehouse.Signature{AgreementID: terms.ID, AgreementName: "terms", UserID: v.ID, UserName: "u2", SignedAt: at(4 * time.Hour)}
	checkEqual(t, "Signatures of u1, by agreement name", sigs(u.ID), []gatehouse.Signature{su1, su2})
	checkEqual(t, "Signatures of everyone, by user", sigs(0), []gatehouse.Signature{su1, su2, sv})
	checkEqual(t, "UnsignedAgreements after signing one", unsigned(u.ID), []string{"aup"})

	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.DeleteAgreement(ctx, "terms") })
	checkEqual(t, "Signatures after removing the agreement", sigs(0), []gatehouse.Signature{su1})
	checkEqual(t, "UnsignedAgreements after removing one", unsigned(v.ID), []string{"aup"})
}
