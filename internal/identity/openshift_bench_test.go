package identity_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
)

// BenchmarkOpenShiftAuthenticate is the password check's own cost
// against the stand-in cluster: discovery, the OAuth request and users/~
// over fresh TLS connections, as each login makes them.
// BenchmarkOpenShiftLogin is a whole login of an OpenShift user; the
// difference is what Gatehouse adds.
func BenchmarkOpenShiftAuthenticate(b *testing.B) {
	s := openshiftd.Start(b)
	for b.Loop() {
		c, err := openshift.New(openshift.Config{APIURL: s.URL, CACert: s.CACert})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Authenticate(b.Context(), "user1", openshiftd.Password("user1")); err != nil {
			b.Fatal(err)
		}
		c.CloseIdleConnections()
	}
}

func BenchmarkOpenShiftLogin(b *testing.B) {
	e := newEnv(b)
	a := e.setup()
	e.configureOpenShift(a, openshiftd.Start(b))
	if _, err := e.svc.ImportOpenShiftUsers(e.ctx, a, identity.OpenShiftImportInput{Users: []string{"user1"}, Tenant: "t1", Role: "user"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := e.loginErr("user1", openshiftd.Password("user1")); err != nil {
			b.Fatal(err)
		}
	}
}
