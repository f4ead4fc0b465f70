package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustParse(t *testing.T, encoded string) *Key {
	t.Helper()
	k, err := Parse(encoded)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := mustParse(t, Generate())
	sealed := k.Seal([]byte("bind password"), "ldap-server:ldap1")
	if bytes.Contains(sealed, []byte("bind password")) {
		t.Fatal("sealed value contains the plaintext")
	}
	got, err := k.Open(sealed, "ldap-server:ldap1")
	if err != nil || string(got) != "bind password" {
		t.Fatalf("Open = %q, %v; want the plaintext", got, err)
	}
	if again := k.Seal([]byte("bind password"), "ldap-server:ldap1"); bytes.Equal(again, sealed) {
		t.Error("two seals of one value are equal: nonce reused")
	}
}

func TestOpenRefuses(t *testing.T) {
	k := mustParse(t, Generate())
	sealed := k.Seal([]byte("pw"), "ctx")
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	tests := []struct {
		name    string
		key     *Key
		sealed  []byte
		context string
		want    error
	}{
		{"wrong key", mustParse(t, Generate()), sealed, "ctx", ErrWrongKey},
		{"other context", k, sealed, "other", ErrCorrupt},
		{"tampered", k, tampered, "ctx", ErrCorrupt},
		{"truncated", k, sealed[:10], "ctx", ErrCorrupt},
		{"empty", k, nil, "ctx", ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.key.Open(tt.sealed, tt.context); !errors.Is(err, tt.want) {
				t.Fatalf("Open = %v, want %v", err, tt.want)
			}
		})
	}
	if !strings.Contains(ErrWrongKey.Error(), EnvVar) {
		t.Errorf("ErrWrongKey does not say where the key comes from: %v", ErrWrongKey)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"not base64": "not base64!",
		"short":      base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"empty":      "",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(in); err == nil || !strings.Contains(err.Error(), "32 bytes") {
				t.Fatalf("Parse(%q) = %v, want an error naming the size", in, err)
			}
		})
	}
}

func TestLoadGeneratesOnce(t *testing.T) {
	dir := t.TempDir()
	k1, err := Load(Source{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	k2, err := Load(Source{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if k1.ID() != k2.ID() {
		t.Fatal("second Load generated another key")
	}
	if _, err := k2.Open(k1.Seal([]byte("x"), "c"), "c"); err != nil {
		t.Fatal(err)
	}
}

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	fileKey, envKey := Generate(), Generate()
	file := filepath.Join(dir, "key")
	if err := os.WriteFile(file, []byte(fileKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"file over env", Source{File: file, Env: envKey, DataDir: dir}, mustParse(t, fileKey).ID()},
		{"env over data dir", Source{Env: envKey, DataDir: dir}, mustParse(t, envKey).ID()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Load(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if k.ID() != tt.want {
				t.Fatalf("key %s, want %s", k.ID(), tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); err == nil {
		t.Error("a key was generated although one was given")
	}
}

func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("short"), 0o600)
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"missing file", Source{File: filepath.Join(dir, "nope")}, "--master-key-file"},
		{"bad file", Source{File: bad}, "--master-key-file"},
		{"bad env", Source{Env: "short"}, EnvVar},
		{"nowhere", Source{}, "no data directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(tt.src); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want an error naming %q", err, tt.want)
			}
		})
	}
}
