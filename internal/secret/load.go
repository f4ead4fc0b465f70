package secret

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the master key's file in the data directory.
const KeyFileName = "master.key"

// Source says where Load finds the master key.
type Source struct {
	// File is a key file named by the operator (--master-key-file); it
	// overrides Env.
	File string
	// Env is the value of GATEHOUSE_MASTER_KEY.
	Env string
	// DataDir holds KeyFileName, generated there when neither File nor
	// Env is set.
	DataDir string
}

// Load returns the master key from src: File, else Env, else the data
// directory's key file, generated with mode 0600 if it does not exist.
func Load(src Source) (*Key, error) {
	switch {
	case src.File != "":
		return readFile(src.File, "--master-key-file")
	case src.Env != "":
		k, err := Parse(strings.TrimSpace(src.Env))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvVar, err)
		}
		return k, nil
	case src.DataDir == "":
		return nil, errors.New("master key: no key file, no " + EnvVar + " and no data directory")
	}
	path := filepath.Join(src.DataDir, KeyFileName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readFile(path, "master key")
	}
	if err != nil {
		return nil, fmt.Errorf("create master key: %w", err)
	}
	encoded := Generate()
	_, werr := f.WriteString(encoded + "\n")
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("write master key %s: %w", path, err)
	}
	return Parse(encoded)
}

// readFile parses the base64 key in path; what names it in errors.
func readFile(path, what string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	k, err := Parse(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	return k, nil
}
