package identity_test

import (
	"slices"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// The phone of a directory user comes from the attribute phone_number
// maps (telephoneNumber by default): an import sets it, a sync refreshes
// it like the email, and a custom mapping or its reset takes effect at
// the next sync.
func TestLDAPPhone(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	own := slapd.Start(t, 0)
	e.addLDAPServer(a, "ldap2", own)
	dn := "dn: uid=einstein,ou=people," + slapd.LDAPBase + "\nchangetype: modify\n"
	modify := func(ldif string) {
		t.Helper()
		if err := own.Modify(dn + ldif + "\n\n"); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(want ...string) {
		t.Helper()
		rep, err := e.svc.SyncLDAP(e.ctx, a, "ldap2", false)
		if got := syncLines(rep); err != nil || !slices.Equal(got, want) {
			t.Fatalf("sync: %q, %v; want %q", got, err, want)
		}
	}
	modify("add: telephoneNumber\ntelephoneNumber: +41 31 123 45 67\n-\nadd: mobile\nmobile: +41 79 765 43 21")

	e.importUsers(a, "ldap2", "einstein")
	if u := e.user(a, "einstein"); u.Phone != "+41 31 123 45 67" {
		t.Fatalf("einstein's phone after the import = %q", u.Phone)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "user.add", ObjectID: "einstein", Limit: 1})
	if err != nil || len(recs) != 1 || recs[0].Changes["phone"] != "+41 31 123 45 67" {
		t.Errorf("the import's user.add record: %+v, %v", recs, err)
	}
	sync()

	modify("replace: telephoneNumber\ntelephoneNumber: +41 31 000 00 00")
	sync(`update:einstein:phone "+41 31 123 45 67" -> "+41 31 000 00 00"`)
	if u := e.user(a, "einstein"); u.Phone != "+41 31 000 00 00" {
		t.Errorf("einstein's phone after the sync = %q", u.Phone)
	}

	e.must(e.svc.UpdateLDAPAttribute(e.ctx, a, ldap.OpenLDAP, ldap.ObjectUser, "phone_number", []string{"mobile"}))
	sync(`update:einstein:phone "+41 31 000 00 00" -> "+41 79 765 43 21"`)
	e.must(e.svc.ResetLDAPAttribute(e.ctx, a, ldap.OpenLDAP, ldap.ObjectUser, "phone_number"))
	sync(`update:einstein:phone "+41 79 765 43 21" -> "+41 31 000 00 00"`)

	// Gone from the entry: cleared, as the email would be.
	modify("delete: telephoneNumber")
	sync(`update:einstein:phone "+41 31 000 00 00" -> ""`)
	if u := e.user(a, "einstein"); u.Phone != "" {
		t.Errorf("einstein's phone once the directory has none = %q", u.Phone)
	}
	views, err := e.svc.ListLDAPAttributes(e.ctx, a, ldap.ActiveDirectory, ldap.ObjectUser)
	if err != nil || !slices.ContainsFunc(views, func(v identity.LDAPAttributeView) bool {
		return v.Name == "phone_number" && slices.Equal(v.Value, []string{"telephoneNumber"})
	}) {
		t.Errorf("ACTIVE_DIRECTORY user attributes: %+v, %v; want phone_number telephoneNumber", views, err)
	}
}
