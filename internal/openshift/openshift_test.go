package openshift_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/openshift"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
)

func client(t *testing.T, s *openshiftd.Server, token string) *openshift.Client {
	t.Helper()
	c, err := openshift.New(openshift.Config{APIURL: s.URL, Token: token, CACert: s.CACert, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func TestCheck(t *testing.T) {
	s := openshiftd.Start(t)
	if err := client(t, s, openshiftd.Token).Check(t.Context()); err != nil {
		t.Fatalf("Check with the reader token: %v", err)
	}
	if err := client(t, s, "sha256~wrong").Check(t.Context()); !errors.Is(err, openshift.ErrBadToken) {
		t.Errorf("Check with a wrong token: %v, want ErrBadToken", err)
	}
	noCA, err := openshift.New(openshift.Config{APIURL: s.URL, Token: openshiftd.Token})
	if err != nil {
		t.Fatal(err)
	}
	if err := noCA.Check(t.Context()); !errors.Is(err, openshift.ErrCertificate) {
		t.Errorf("Check without the cluster's CA: %v, want ErrCertificate", err)
	}
	s.Close()
	if err := client(t, s, openshiftd.Token).Check(t.Context()); !errors.Is(err, openshift.ErrUnreachable) {
		t.Errorf("Check of a stopped cluster: %v, want ErrUnreachable", err)
	}
}

func TestParseAPIURL(t *testing.T) {
	for _, bad := range []string{"", "http://api.example.com:6443", "https://", "https://api.example.com/apis", "https://u:p@api.example.com", "api.example.com:6443"} {
		if _, err := openshift.ParseAPIURL(bad); err == nil {
			t.Errorf("ParseAPIURL(%q) accepted", bad)
		}
	}
	if u, err := openshift.ParseAPIURL("https://api.example.com:6443/"); err != nil || u.String() != "https://api.example.com:6443" {
		t.Errorf("ParseAPIURL of a good URL: %v, %v", u, err)
	}
}

func TestUsersAndGroups(t *testing.T) {
	s := openshiftd.Start(t)
	c := client(t, s, openshiftd.Token)
	var names []string
	err := c.Users(t.Context(), func(u openshift.User) error {
		names = append(names, u.Name)
		if u.Name == "user1" && (u.FullName != "Jürgen Müller" || u.UID != "678a46ce-2c32-44ce-a88c-ca084d29c60c" ||
			!slices.Equal(u.Identities, []string{"htpasswd:user1"})) {
			t.Errorf("user1: %+v", u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(openshiftd.Users) {
		t.Errorf("Users read %v across pages of 2, want all %d", names, len(openshiftd.Users))
	}
	var groups []openshift.Group
	if err := c.Groups(t.Context(), func(g openshift.Group) error { groups = append(groups, g); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(groups) != len(openshiftd.Groups) || groups[3].Name != "robin-users" || len(groups[3].Users) != 6 {
		t.Errorf("Groups: %+v", groups)
	}
	g, err := c.Group(t.Context(), "admins")
	if err != nil || g.UID == "" || !slices.Equal(g.Users, []string{"admin1"}) {
		t.Errorf("Group(admins) = %+v, %v", g, err)
	}
	for _, name := range []string{"nobody", "~", "../groups", "a/b", ""} {
		if _, err := c.User(t.Context(), name); !errors.Is(err, openshift.ErrNotFound) {
			t.Errorf("User(%q): %v, want ErrNotFound", name, err)
		}
	}
	if _, err := c.Group(t.Context(), "nogroup"); !errors.Is(err, openshift.ErrNotFound) {
		t.Errorf("Group(nogroup): %v, want ErrNotFound", err)
	}
	u, err := c.User(t.Context(), "jane@example.com")
	if err != nil || u.FullName != "Jane Doe" {
		t.Errorf("User(jane@example.com) = %+v, %v", u, err)
	}
}

func TestAuthenticate(t *testing.T) {
	s := openshiftd.Start(t)
	c := client(t, s, "") // login needs no reader token
	u, err := c.Authenticate(t.Context(), "user1", openshiftd.Password("user1"))
	if err != nil || u.Name != "user1" || u.FullName != "Jürgen Müller" {
		t.Fatalf("Authenticate(user1) = %+v, %v", u, err)
	}
	for _, tc := range []struct{ name, user, password string }{
		{"wrong password", "user1", "nope"},
		{"unknown user", "nobody", "nobody-pw"},
		{"empty password", "user1", ""},
		{"colon in name", "user1:x", "pw"},
	} {
		if _, err := c.Authenticate(t.Context(), tc.user, tc.password); !errors.Is(err, openshift.ErrBadCredentials) {
			t.Errorf("%s: %v, want ErrBadCredentials", tc.name, err)
		}
	}
	s.StopOAuth()
	_, err = c.Authenticate(t.Context(), "user1", openshiftd.Password("user1"))
	if !errors.Is(err, openshift.ErrUnreachable) {
		t.Errorf("Authenticate with the OAuth server down: %v, want ErrUnreachable", err)
	}
}
