package gatehouse

// IsBidiControl reports whether r is a Unicode bidirectional embedding,
// override or isolate control (U+202A to U+202E, U+2066 to U+2069). In a
// name or a description they make text show in another order than it
// reads ("Trojan Source"), so an operator could be shown one user and act
// on another; free-text fields refuse them.
func IsBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}
