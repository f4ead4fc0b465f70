package identity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
)

// commonPasswordsGz is SecLists' list of the 10,000 most common passwords,
// in lower case, one a line, gzipped; commonpasswords.LICENSE names its
// source and license.
//
//go:embed commonpasswords.txt.gz
var commonPasswordsGz []byte

// commonPasswords returns the set of common passwords, read once.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("identity: embedded common password list: " + err.Error())
	}
	set := make(map[string]struct{}, 10_000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			set[w] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		panic("identity: embedded common password list: " + err.Error())
	}
	return set
})

// IsCommonPassword reports whether password, ignoring case, is one of the
// 10,000 most common passwords.
func IsCommonPassword(password string) bool {
	_, ok := commonPasswords()[strings.ToLower(password)]
	return ok
}
