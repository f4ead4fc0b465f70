//go:build race

package authz

// raceEnabled reports whether the race detector is on; slow tests do less.
const raceEnabled = true
