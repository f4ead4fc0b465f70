// Package secret seals small secrets at rest (directory bind passwords,
// replica credentials) with a master key, using AES-256-GCM.
//
// The master key is 32 bytes. Load takes it, in this order, from a key file
// named by the operator (`serve --master-key-file`), from the environment
// variable GATEHOUSE_MASTER_KEY (standard base64), or from KeyFileName in
// the data directory, generated there (mode 0600) on first start. A sealed
// value records which key sealed it, so opening it with another key is a
// clear error rather than garbage.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the size of a master key in bytes.
const KeySize = 32

// EnvVar is the environment variable that may hold the master key, in
// standard base64.
const EnvVar = "GATEHOUSE_MASTER_KEY"

// version is the first byte of every sealed value.
const version = 1

// idSize is the length of the key identifier stored in a sealed value.
const idSize = 4

// ErrWrongKey is returned by Open for a value sealed with another master key.
var ErrWrongKey = errors.New("sealed with a different master key: start the server with the key that sealed it (GATEHOUSE_MASTER_KEY, --master-key-file or the data directory's " + KeyFileName + ")")

// ErrCorrupt is returned by Open for a value that is not a sealed value or
// was changed after sealing.
var ErrCorrupt = errors.New("sealed value is corrupted or was tampered with")

// Key seals and opens values. It is safe for concurrent use.
type Key struct {
	aead cipher.AEAD
	id   [idSize]byte
}

// New returns a Key over raw, which must be KeySize bytes.
func New(raw []byte) (*Key, error) {
	if len(raw) != KeySize {
		return nil, fmt.Errorf("master key: must be %d bytes (got %d)", KeySize, len(raw))
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	k := &Key{aead: aead}
	sum := sha256.Sum256(append([]byte("gatehouse master key id\x00"), raw...))
	copy(k.id[:], sum[:])
	return k, nil
}

// Parse returns the Key encoded in standard base64, as GATEHOUSE_MASTER_KEY
// and key files hold it.
func Parse(encoded string) (*Key, error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, fmt.Errorf("master key: must be %d bytes in standard base64: %w", KeySize, err)
	}
	return New(raw)
}

// Generate returns a new random key in standard base64.
func Generate() string {
	raw := make([]byte, KeySize)
	rand.Read(raw) // never returns an error (crypto/rand documents it)
	return base64.StdEncoding.EncodeToString(raw)
}

// ID returns a short hexadecimal identifier of the key, safe to log.
func (k *Key) ID() string { return hex.EncodeToString(k.id[:]) }

// Seal encrypts plaintext. context binds the sealed value to its use (for
// example "ldap-server:ldap1"): Open must be given the same context.
func (k *Key) Seal(plaintext []byte, context string) []byte {
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	out := make([]byte, 0, 1+idSize+len(nonce)+len(plaintext)+k.aead.Overhead())
	out = append(out, version)
	out = append(out, k.id[:]...)
	out = append(out, nonce...)
	return k.aead.Seal(out, nonce, plaintext, []byte(context))
}

// Open decrypts a value sealed by Seal with the same context. It returns
// ErrWrongKey when another key sealed it, ErrCorrupt when it was changed.
func (k *Key) Open(sealed []byte, context string) ([]byte, error) {
	head := 1 + idSize + k.aead.NonceSize()
	if len(sealed) < head+k.aead.Overhead() || sealed[0] != version {
		return nil, ErrCorrupt
	}
	if [idSize]byte(sealed[1:1+idSize]) != k.id {
		return nil, ErrWrongKey
	}
	plain, err := k.aead.Open(nil, sealed[1+idSize:head], sealed[head:], []byte(context))
	if err != nil {
		return nil, ErrCorrupt
	}
	return plain, nil
}
