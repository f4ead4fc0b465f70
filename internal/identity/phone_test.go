package identity_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// A user's phone number is free text, as in Triton: any short printable
// text is kept as given, audited like the other fields, and cleared by an
// empty one.
func TestPhone(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	lastAudit := func(action string) gatehouse.AuditRecord {
		t.Helper()
		recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: action, Limit: 1})
		if err != nil || len(recs) != 1 {
			t.Fatalf("last %s audit record: %+v, %v", action, recs, err)
		}
		return recs[0]
	}
	phoneOf := func(name gatehouse.UserName) string {
		t.Helper()
		v, err := e.svc.GetUser(e.ctx, a, name)
		if err != nil {
			t.Fatal(err)
		}
		return v.User.Phone
	}

	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "ann", Tenant: "t1", Role: "user",
		Password: "passphrase-of-ann", Phone: "+1 (555) 010-0199 x42"}))
	if got := phoneOf("ann"); got != "+1 (555) 010-0199 x42" {
		t.Errorf("ann's phone = %q", got)
	}
	if rec := lastAudit("user.add"); rec.Changes["phone"] != "+1 (555) 010-0199 x42" {
		t.Errorf("user.add audit changes = %v, want the phone", rec.Changes)
	}

	// Not validated beyond length and control characters: letters, other
	// scripts' digits and 64 characters are all kept.
	for _, phone := range []string{"030 / 12 34 56-7", "call the front desk", "+7 ٤٩٥ ١٢٣", strings.Repeat("9", identity.MaxPhoneLen), ""} {
		e.must(e.svc.UpdateUser(e.ctx, a, "ann", identity.Profile{Phone: &phone}, nil))
		if got := phoneOf("ann"); got != phone {
			t.Errorf("after setting %q, ann's phone = %q", phone, got)
		}
		if rec := lastAudit("user.update"); rec.Outcome != gatehouse.OutcomeSuccess || rec.Changes["phone"] != phone {
			t.Errorf("user.update audit record for %q = %+v", phone, rec)
		}
	}

	// An update that leaves the phone as it is records no change of it.
	first := "Ann"
	e.must(e.svc.UpdateUser(e.ctx, a, "ann", identity.Profile{FirstName: &first, Phone: ptr("")}, nil))
	if rec := lastAudit("user.update"); len(rec.Changes) != 1 || rec.Changes["first_name"] != "Ann" {
		t.Errorf("user.update audit changes = %v, want only the first name", rec.Changes)
	}
}

// A bad phone number is refused naming the field, on add and on update,
// and the refusal is audited with nothing written.
func TestPhoneBadInputChangesNothing(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	e.must(e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{Phone: ptr("555-0100")}, nil))
	tests := []struct {
		name, phone, rule string
	}{
		{"too long", strings.Repeat("9", identity.MaxPhoneLen+1), "at most 64 characters"},
		{"newline", "555\n0100", "without control characters"},
		{"tab", "555\t0100", "without control characters"},
		{"NUL", "555\x000100", "without control characters"},
		{"not UTF-8", "555\xff", "printable text"},
		{"right-to-left override", "555\u202e0010", "bidirectional controls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(action string, err error) {
				t.Helper()
				var fe *gatehouse.FieldError
				if !errors.Is(err, gatehouse.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "phone" || !strings.Contains(err.Error(), tt.rule) {
					t.Fatalf("%s with phone %q = %v, want an invalid phone: %s", action, tt.phone, err, tt.rule)
				}
				recs, _, lerr := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: action, Limit: 1})
				if lerr != nil || len(recs) != 1 || recs[0].Outcome != gatehouse.OutcomeFailure || recs[0].Reason == "" {
					t.Fatalf("audit record of the refused %s = %+v, %v", action, recs, lerr)
				}
			}
			before := e.snapshot()
			_, err := e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "new1", Tenant: "t1", Role: "user",
				Password: "long-enough-pw", Phone: tt.phone})
			check("user.add", err)
			_, err = e.svc.UpdateUser(e.ctx, a, "u1", identity.Profile{Phone: ptr(tt.phone)}, nil)
			check("user.update", err)
			if after := e.snapshot(); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused phone changed the store")
			}
		})
	}
}
