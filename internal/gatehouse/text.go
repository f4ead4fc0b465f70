package gatehouse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsBidiControl reports whether r is a Unicode bidirectional embedding,
// override or isolate control (U+202A to U+202E, U+2066 to U+2069). In a
// name or a description they make text show in another order than it
// reads ("Trojan Source"), so an operator could be shown one user and act
// on another; free-text fields refuse them.
func IsBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// CheckText reports, as a *FieldError for field, whether v is not
// printable text: invalid UTF-8, a control character, or a bidirectional
// control (IsBidiControl). Names, descriptions and ids all follow it.
func CheckText(field, v string) error {
	switch {
	case !utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0:
		return Invalid(field, "must be printable text, without control characters (got %q)", v)
	case strings.IndexFunc(v, IsBidiControl) >= 0:
		return Invalid(field, "must not contain Unicode bidirectional controls (U+202A to U+202E, U+2066 to U+2069), which make text show in another order than it reads (got %q)", v)
	}
	return nil
}
