package authz

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func TestParseEntry(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     Entry
		ok       bool
	}{
		{"simple", "APPLICATION:start", Entry{"APPLICATION", "start"}, true},
		{"underscores", "K8S_USER_CONTEXT:update_role", Entry{"K8S_USER_CONTEXT", "update_role"}, true},
		{"digits", "A1:b2", Entry{"A1", "b2"}, true},
		{"one letter each", "A:b", Entry{"A", "b"}, true},
		{"longest", strings.Repeat("A", 64) + ":" + strings.Repeat("b", 64), Entry{ObjectType(strings.Repeat("A", 64)), Operation(strings.Repeat("b", 64))}, true},
		{"type too long", strings.Repeat("A", 65) + ":b", Entry{}, false},
		{"op too long", "A:" + strings.Repeat("b", 65), Entry{}, false},
		{"empty", "", Entry{}, false},
		{"no colon", "APPLICATION", Entry{}, false},
		{"no type", ":start", Entry{}, false},
		{"no op", "APPLICATION:", Entry{}, false},
		{"two colons", "APPLICATION:start:now", Entry{}, false},
		{"lower-case type", "application:start", Entry{}, false},
		{"upper-case op", "APPLICATION:Start", Entry{}, false},
		{"type starts with digit", "8S:view", Entry{}, false},
		{"op starts with underscore", "APPLICATION:_x", Entry{}, false},
		{"space", "APPLICATION: start", Entry{}, false},
		{"space around", " APPLICATION:start ", Entry{}, false},
		{"dash", "APPLICATION:run-hook", Entry{}, false},
		{"space form of the listing", "APPLICATION start", Entry{}, false},
		{"non-ascii", "APPLICATIÖN:start", Entry{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEntry(tc.in)
			if tc.ok {
				if err != nil || got != tc.want {
					t.Fatalf("ParseEntry(%q) = %v, %v; want %v, nil", tc.in, got, err, tc.want)
				}
				if got.String() != tc.in {
					t.Errorf("String() = %q, want %q", got.String(), tc.in)
				}
				return
			}
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != "capability_entries" || !errors.Is(err, gatehouse.ErrInvalid) {
				t.Fatalf("ParseEntry(%q) = %v, %v; want a FieldError for capability_entries", tc.in, got, err)
			}
			if got != (Entry{}) {
				t.Errorf("ParseEntry(%q) returned %v with an error", tc.in, got)
			}
		})
	}
}

func TestParseEntries(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Entry
		wantErr  bool
	}{
		{"empty", "", nil, false},
		{"blank", "  ", nil, false},
		{"seed example", "BUNDLE:view,BUNDLE:create,BUNDLE:delete", []Entry{{"BUNDLE", "view"}, {"BUNDLE", "create"}, {"BUNDLE", "delete"}}, false},
		{"spaces", "APPLICATION:backup, APPLICATION:restore", []Entry{{"APPLICATION", "backup"}, {"APPLICATION", "restore"}}, false},
		{"empty element", "APPLICATION:backup,,APPLICATION:restore", nil, true},
		{"trailing comma", "APPLICATION:backup,", nil, true},
		{"bad element", "APPLICATION:backup,oops", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEntries(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseEntries(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ParseEntries(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestValidateNames(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		field string
	}{
		{"good type", ObjectType("USER_AUDIT").Validate(), ""},
		{"bad type", ObjectType("User").Validate(), "object_type"},
		{"empty type", ObjectType("").Validate(), "object_type"},
		{"good op", Operation("update_hpa").Validate(), ""},
		{"bad op", Operation("update-hpa").Validate(), "operation"},
		{"empty op", Operation("").Validate(), "operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fe *gatehouse.FieldError
			switch {
			case tc.field == "" && tc.err != nil:
				t.Fatalf("unexpected error %v", tc.err)
			case tc.field != "" && (!errors.As(tc.err, &fe) || fe.Field != tc.field):
				t.Fatalf("error = %v, want a FieldError for %s", tc.err, tc.field)
			}
		})
	}
}

func TestQuoteTruncates(t *testing.T) {
	_, err := ParseEntry(strings.Repeat("X", 500))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for a long entry = %q; want it shortened", err)
	}
}

// FuzzParseEntry checks that ParseEntry accepts exactly the canonical
// "TYPE:op" strings: whatever it accepts prints back unchanged and
// validates, and whatever it refuses is refused with a FieldError.
func FuzzParseEntry(f *testing.F) {
	for _, s := range []string{
		"APPLICATION:start", "K8S_BACKUP:tenant_share", "A:b", "", ":", "A:", ":b",
		"a:B", "APPLICATION:start:x", "APPLICATION start", " A:b", "A:b ", "A\x00:b", "Ä:b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEntry(s)
		if err != nil {
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, gatehouse.ErrInvalid) {
				t.Fatalf("ParseEntry(%q) error %v is not a FieldError", s, err)
			}
			return
		}
		if e.String() != s {
			t.Fatalf("ParseEntry(%q).String() = %q", s, e.String())
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("ParseEntry(%q) = %v, which does not validate: %v", s, e, err)
		}
		e2, err := ParseEntry(e.String())
		if err != nil || e2 != e {
			t.Fatalf("round trip of %q: %v, %v", s, e2, err)
		}
		if strings.Count(s, ":") != 1 || strings.ContainsAny(s, " \t\n,") {
			t.Fatalf("ParseEntry accepted %q", s)
		}
	})
}
