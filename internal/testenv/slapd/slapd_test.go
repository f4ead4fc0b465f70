package slapd

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func dialReader(t *testing.T, s *Server) *ldap.Conn {
	t.Helper()
	c, err := ldap.DialURL(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Bind(LDAPReaderDN, LDAPReaderPassword); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSlapdFixtures checks what the LDAP tests rely on: the size limit
// that forces paging, the fixture groups, the AD-like tree and TLS.
func TestSlapdFixtures(t *testing.T) {
	s := Shared(t)
	c := dialReader(t, s)
	bulk := ldap.NewSearchRequest("ou=bulk,"+LDAPBase, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		"(objectClass=inetOrgPerson)", []string{"uid"}, nil)
	if _, err := c.Search(bulk); !ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) {
		t.Fatalf("search without paging = %v, want size limit exceeded", err)
	}
	res, err := c.SearchWithPaging(bulk, 200)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != SharedBulkUsers {
		t.Fatalf("paged search found %d users, want %d", len(res.Entries), SharedBulkUsers)
	}
	for _, tc := range []struct{ base, filter string }{
		{LDAPBase, "(&(objectClass=groupOfUniqueNames)(cn=Scientists))"},
		{LDAPBase, "(&(objectClass=posixGroup)(cn=Empty))"},
		{LDAPBase, "(&(objectClass=groupOfNames)(cn=LoopA))"},
		{LDAPBase, "(uid=mary jane)"},
		{LDAPBase, "(cn=José Müller)"},
		{"ou=staff," + LDAPBase, "(uid=hawking)"},
		{ADBase, "(&(objectClass=user)(sAMAccountName=jdoe)(userPrincipalName=jdoe@corp.example.com))"},
	} {
		req := ldap.NewSearchRequest(tc.base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, tc.filter, []string{"dn"}, nil)
		if res, err := c.Search(req); err != nil || len(res.Entries) != 1 {
			t.Errorf("%s under %s: %v entries, %v; want 1", tc.filter, tc.base, len(res.Entries), err)
		}
	}
	if err := c.Bind("uid=einstein,ou=people,"+LDAPBase, LDAPPassword("einstein")); err != nil {
		t.Errorf("bind as einstein: %v", err)
	}
	if err := c.Bind("uid=einstein,ou=people,"+LDAPBase, "wrong"); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
		t.Errorf("bind with a wrong password = %v, want invalid credentials", err)
	}
	pem, err := os.ReadFile(s.CACert)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tc, err := ldap.DialURL(fmt.Sprintf("ldaps://127.0.0.1:%d", s.TLSPort), ldap.DialWithTLSConfig(&tls.Config{RootCAs: pool}))
	if err != nil {
		t.Fatalf("ldaps with the test CA: %v", err)
	}
	tc.Close()
	_, err = ldap.DialURL(fmt.Sprintf("ldaps://127.0.0.1:%d", s.TLSPort))
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("ldaps without the test CA = %v, want an unknown authority error", err)
	}
}
