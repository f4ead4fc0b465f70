package ldap

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

func TestMain(m *testing.M) { os.Exit(slapd.Main(m)) }

// openLDAP returns the configuration of the shared slapd's OpenLDAP tree.
func openLDAP(t testing.TB) *Config {
	s := slapd.Shared(t)
	return &Config{Type: OpenLDAP, Host: s.Host, Port: s.Port, BindDN: slapd.LDAPReaderDN, BindPassword: slapd.LDAPReaderPassword,
		SearchBase: slapd.LDAPBase, Mapping: Resolve(OpenLDAP, nil)}
}

func dial(t testing.TB, cfg *Config) *Conn {
	t.Helper()
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestDial(t *testing.T) {
	s := slapd.Shared(t)
	ca, err := os.ReadFile(s.CACert)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*Config)
		want   error
		msg    string
	}{
		{"plain", func(*Config) {}, nil, ""},
		{"ldaps with the CA", func(c *Config) { c.Port, c.Security, c.CACert = s.TLSPort, TLS, ca }, nil, ""},
		{"StartTLS with the CA", func(c *Config) { c.Security, c.CACert = StartTLS, ca }, nil, ""},
		{"ldaps without the CA", func(c *Config) { c.Port, c.Security = s.TLSPort, TLS }, ErrUnreachable, "--ca-cert"},
		{"StartTLS without the CA", func(c *Config) { c.Security = StartTLS }, ErrUnreachable, "--ca-cert"},
		{"wrong password", func(c *Config) { c.BindPassword = "wrong" }, ErrBadCredentials, "Invalid Credentials"},
		{"empty password", func(c *Config) { c.BindPassword = "" }, ErrBadCredentials, "empty password"},
		{"nobody listening", func(c *Config) { c.Port = 1 }, ErrUnreachable, "cannot connect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := openLDAP(t)
			tt.change(cfg)
			c, err := Dial(context.Background(), cfg)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				c.Close()
				return
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Dial = %v, want %v saying %q", err, tt.want, tt.msg)
			}
		})
	}
}

func usernames(t *testing.T, c *Conn, q Query) []string {
	t.Helper()
	var out []string
	err := c.Users(context.Background(), q, func(u User) error {
		out = append(out, u.Username)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestUsersPages lists more users than the server's size limit.
func TestUsersPages(t *testing.T) {
	c := dial(t, openLDAP(t))
	all := usernames(t, c, Query{Base: "ou=bulk," + slapd.LDAPBase})
	if len(all) != slapd.SharedBulkUsers {
		t.Fatalf("listed %d users, want %d (the size limit is %d)", len(all), slapd.SharedBulkUsers, slapd.LDAPSizeLimit)
	}
}

func TestUsersSelect(t *testing.T) {
	c := dial(t, openLDAP(t))
	people := "ou=people," + slapd.LDAPBase
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"names", Query{Names: []string{"newton", "EULER", "nobody"}}, []string{"euler", "newton"}},
		{"filter ANDed", Query{Base: people, Filter: "(sn=Curie)"}, []string{"curie"}},
		{"filter without parentheses", Query{Base: people, Filter: "givenName=Isaac"}, []string{"newton"}},
		{"a filter cannot widen to groups", Query{Base: "ou=groups," + slapd.LDAPBase, Filter: "(|(objectClass=*)(cn=*))"}, nil},
		{"another branch", Query{Names: []string{"hawking"}}, []string{"hawking"}},
		{"a name with a space", Query{Names: []string{"mary jane"}}, []string{"mary jane"}},
		{"non-ASCII", Query{Base: people, Filter: "(sn=Müller)"}, []string{"jmuller"}},
		// Injection: names are values, never filter syntax.
		{"star", Query{Names: []string{"*"}}, nil},
		{"prefix", Query{Names: []string{"eins*"}}, nil},
		{"closing parenthesis", Query{Names: []string{"x)(uid=*"}}, nil},
		{"or injection", Query{Names: []string{"*)(|(uid=*"}}, nil},
		{"NUL", Query{Names: []string{"einstein\x00"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := usernames(t, c, tt.q); !slices.Equal(got, tt.want) {
				t.Fatalf("users = %q, want %q", got, tt.want)
			}
		})
	}
	for _, f := range []string{"(sn=Curie", "(&(", "sn=Curie)(uid=x"} {
		if err := c.Users(context.Background(), Query{Filter: f}, func(User) error { return nil }); !errors.Is(err, ErrFilter) {
			t.Errorf("filter %q: %v, want ErrFilter", f, err)
		}
	}
	if err := c.Users(context.Background(), Query{Names: []string{"a"}, Filter: "(sn=x)"}, func(User) error { return nil }); !errors.Is(err, ErrFilter) {
		t.Errorf("names with a filter: %v, want ErrFilter", err)
	}
}

func TestUserAttributes(t *testing.T) {
	c := dial(t, openLDAP(t))
	found, missing, err := c.FindUsers(context.Background(), []string{"jmuller", "ghost"}, "")
	if err != nil {
		t.Fatal(err)
	}
	u := found["jmuller"]
	if u.FirstName != "José" || u.LastName != "Müller" || u.Email != "jose.muller@example.org" || u.DN != "uid=jmuller,ou=people,"+slapd.LDAPBase || len(u.ObjectSID) != 36 {
		t.Errorf("jmuller = %+v", u)
	}
	if !slices.Equal(missing, []string{"ghost"}) {
		t.Errorf("missing = %q", missing)
	}
}

func TestGroupMembers(t *testing.T) {
	c := dial(t, openLDAP(t))
	tests := []struct {
		group   string
		users   []string
		missing int
		cycles  int
	}{
		{"Mathematicians", []string{"euclid", "euler", "gauss", "riemann"}, 0, 0},
		{"Scientists", []string{"einstein", "galileo", "newton", "tesla"}, 0, 0},
		{"Chemists", []string{"curie", "pasteur"}, 1, 0},
		{"Physicists", []string{"einstein", "galileo", "hawking", "newton", "tesla"}, 0, 0},
		{"LoopA", []string{"curie", "volta"}, 0, 1},
		{"Empty", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.group, func(t *testing.T) {
			m, err := c.GroupMembers(context.Background(), tt.group, "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range m.Users {
				got = append(got, u.Username)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.users) || len(m.Missing) != tt.missing || len(m.Cycles) != tt.cycles {
				t.Fatalf("members %q, missing %q, cycles %q; want %q, %d missing, %d cycles", got, m.Missing, m.Cycles, tt.users, tt.missing, tt.cycles)
			}
		})
	}
	if _, err := c.GroupMembers(context.Background(), "Nonesuch", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown group: %v, want ErrNotFound", err)
	}
	if _, err := c.GroupMembers(context.Background(), "*", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("group *: %v, want ErrNotFound", err)
	}
}

func TestActiveDirectoryTree(t *testing.T) {
	s := slapd.Shared(t)
	cfg := &Config{Type: ActiveDirectory, Host: s.Host, Port: s.Port, BindDN: slapd.ADReaderDN, BindPassword: slapd.ADReaderPassword,
		NetBIOS: slapd.ADNetBIOS, SearchBase: slapd.ADBase, Mapping: Resolve(ActiveDirectory, nil)}
	c := dial(t, cfg)
	found, _, err := c.FindUsers(context.Background(), []string{"jdoe"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if u := found["jdoe"]; u.UPN != "jdoe@corp.example.com" || u.Email != "jane.doe@corp.example.com" {
		t.Errorf("jdoe = %+v", u)
	}
	m, err := c.GroupMembers(context.Background(), "Engineers", "")
	if err != nil || len(m.Users) != 2 {
		t.Fatalf("Engineers: %v, %v", m, err)
	}
}

func TestAuthenticate(t *testing.T) {
	cfg := openLDAP(t)
	dn := "uid=einstein,ou=people," + slapd.LDAPBase
	ctx := context.Background()
	if err := Authenticate(ctx, cfg, dn, slapd.LDAPPassword("einstein")); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := Authenticate(ctx, cfg, dn, "wrong"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("wrong password: %v, want ErrBadCredentials", err)
	}
	down := *cfg
	down.Port = 1
	if err := Authenticate(ctx, &down, dn, ""); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("empty password: %v, want ErrBadCredentials before any connection", err)
	}
	if err := Authenticate(ctx, &down, dn, "x"); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("server down: %v, want ErrUnreachable", err)
	}
}

func TestReadByDN(t *testing.T) {
	c := dial(t, openLDAP(t))
	ctx := context.Background()
	u, err := c.UserAt(ctx, "UID=Curie,ou=people,"+slapd.LDAPBase)
	if err != nil || u == nil || u.Username != "curie" || u.Email != "curie@example.org" {
		t.Fatalf("UserAt(curie) = %+v, %v", u, err)
	}
	if u, err := c.UserAt(ctx, "uid=ghost,ou=people,"+slapd.LDAPBase); u != nil || err != nil {
		t.Errorf("UserAt(ghost) = %+v, %v; want nil, nil", u, err)
	}
	m, err := c.GroupMembersAt(ctx, "cn=Physicists,ou=groups,"+slapd.LDAPBase)
	if err != nil || len(m.Users) != 5 {
		t.Fatalf("GroupMembersAt(Physicists) = %+v, %v; want 5 users", m, err)
	}
	for _, dn := range []string{"cn=Nonesuch,ou=groups," + slapd.LDAPBase, "uid=curie,ou=people," + slapd.LDAPBase} {
		if _, err := c.GroupMembersAt(ctx, dn); !errors.Is(err, ErrNotFound) {
			t.Errorf("GroupMembersAt(%s) = %v, want ErrNotFound", dn, err)
		}
	}
}
