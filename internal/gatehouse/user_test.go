package gatehouse

import (
	"errors"
	"testing"
)

func TestParseUserSort(t *testing.T) {
	tests := []struct {
		in   string
		sort UserSort
		desc bool
		bad  bool
	}{
		{in: "", sort: SortByID},
		{in: "id", sort: SortByID},
		{in: "-id", sort: SortByID, desc: true},
		{in: "created", sort: SortByID},
		{in: "-created", sort: SortByID, desc: true},
		{in: "username", sort: SortByUsername},
		{in: "-username", sort: SortByUsername, desc: true},
		{in: "name", sort: SortByName},
		{in: "-email", sort: SortByEmail, desc: true},
		{in: "-", bad: true},
		{in: "--name", bad: true},
		{in: "Name", bad: true},
		{in: "company", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			sort, desc, err := ParseUserSort(tt.in)
			var fe *FieldError
			switch {
			case tt.bad && (!errors.As(err, &fe) || fe.Field != "sort"):
				t.Errorf("ParseUserSort(%q) = %q, %v, %v; want a FieldError on sort", tt.in, sort, desc, err)
			case !tt.bad && (err != nil || sort != tt.sort || desc != tt.desc):
				t.Errorf("ParseUserSort(%q) = %q, %v, %v; want %q, %v", tt.in, sort, desc, err, tt.sort, tt.desc)
			}
		})
	}
}

func TestIsBidiControl(t *testing.T) {
	for _, r := range []rune{0x202A, 0x202E, 0x2066, 0x2069} {
		if !IsBidiControl(r) {
			t.Errorf("U+%04X is not a bidi control", r)
		}
	}
	// Joiners and marks that scripts need stay allowed.
	for _, r := range []rune{0x200C, 0x200D, 0x200E, 0x2029, 0x202F, 0x2065, 0x206A, 'a', 'ü'} {
		if IsBidiControl(r) {
			t.Errorf("U+%04X is refused", r)
		}
	}
}
