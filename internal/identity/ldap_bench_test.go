package identity_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// BenchmarkLDAPImport3000 imports the 3,000 generated directory users in
// one import (the target: under 3 s).
func BenchmarkLDAPImport3000(b *testing.B) {
	names := make([]string, slapd.SharedBulkUsers)
	for i := range names {
		names[i] = slapd.BulkUID(i)
	}
	s := slapd.Shared(b)
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		a := e.setup()
		e.addLDAPServer(a, "ldap1", s)
		b.StartTimer()
		rep, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Users: names, Tenant: "t1", Role: "user"})
		if err != nil || len(rep.Outcomes) != len(names) {
			b.Fatalf("import: %v", err)
		}
	}
}

// BenchmarkLDAPBind is the directory's own cost of checking a password:
// a connection and a bind. BenchmarkLDAPLogin is a whole login of a
// directory user; the difference is what Gatehouse adds (target: 5 ms).
func BenchmarkLDAPBind(b *testing.B) {
	s := slapd.Shared(b)
	cfg := &ldap.Config{Type: ldap.OpenLDAP, Host: s.Host, Port: s.Port}
	dn := "uid=einstein,ou=people," + slapd.LDAPBase
	for b.Loop() {
		if err := ldap.Authenticate(context.Background(), cfg, dn, slapd.LDAPPassword("einstein")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLDAPLogin(b *testing.B) {
	e := newEnv(b)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(b))
	e.importUsers(a, "ldap1", "einstein")
	for b.Loop() {
		if err := e.loginErr("einstein", slapd.LDAPPassword("einstein")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLDAPList10000 lists 10,000 directory users (a server of its
// own, size limit 500) and reports the largest live heap seen during the
// listing: it holds one page of entries at a time, whatever the count.
func BenchmarkLDAPList10000(b *testing.B) {
	const n = 10000
	s := slapd.Start(b, n)
	e := newEnv(b)
	a := e.setup()
	e.addLDAPServer(a, "big", s)
	q := ldap.Query{Base: "ou=bulk," + slapd.LDAPBase}
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, count := ms.HeapAlloc, 0
		err := e.svc.ListLDAPUsers(e.ctx, a, "big", q, func(u ldap.User) error {
			if count++; count%500 == 0 {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base {
					peak = max(peak, ms.HeapAlloc-base)
				}
			}
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("listed %d users: %v", count, err)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkLDAPSync3000 syncs a server with 3,000 imported users and
// nothing to change: one read of each user's entry by DN, and the plan.
func BenchmarkLDAPSync3000(b *testing.B) {
	names := make([]string, slapd.SharedBulkUsers)
	for i := range names {
		names[i] = slapd.BulkUID(i)
	}
	e := newEnv(b)
	a := e.setup()
	e.addLDAPServer(a, "ldap1", slapd.Shared(b))
	if _, err := e.svc.ImportLDAPUsers(e.ctx, a, identity.LDAPImportInput{Server: "ldap1", Users: names, Tenant: "t1", Role: "user"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := e.svc.SyncLDAP(e.ctx, a, "ldap1", false)
		if err != nil || len(rep.Changes) != 0 {
			b.Fatalf("sync: %v, %d changes", err, len(rep.Changes))
		}
	}
}
