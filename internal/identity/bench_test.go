package identity_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// BenchmarkHashPassword measures one argon2id hash with the production
// parameters: the floor of the login rate.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := identity.HashPassword(identity.DefaultArgon2, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogin measures a whole successful login (lookup, argon2id check
// with the production parameters, audit record, token) on SQLite.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	e.svc.Argon2 = identity.DefaultArgon2
	e.setup()
	in := identity.LoginInput{Username: "u1", Password: "passphrase-of-u1", Tenant: "t1"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.svc.Login(e.ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoginParallel measures logins on every core at once: the
// server's login rate is about GOMAXPROCS/ns-per-op.
func BenchmarkLoginParallel(b *testing.B) {
	e := newEnv(b)
	e.svc.Argon2 = identity.DefaultArgon2
	e.setup()
	in := identity.LoginInput{Username: "u1", Password: "passphrase-of-u1", Tenant: "t1"}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.svc.Login(e.ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
