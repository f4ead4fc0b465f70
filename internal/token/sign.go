package token

import (
	"crypto/ed25519"
	"errors"
	"fmt"
)

// Sign signs msg with the current signing key and returns the key's id and
// the Ed25519 signature. msg must begin with a string naming its purpose,
// so that its signature can never pass for a token's (whose signed input
// begins with a base64url JWT header). The audit trail's checkpoints are
// signed so.
func (i *Issuer) Sign(msg []byte) (kid string, sig []byte) {
	k := i.keys.Load().signer
	return k.id, ed25519.Sign(k.private, msg)
}

// VerifySignature returns nil if sig is the signature of msg by the key
// kid, one of the keys the Issuer knows (those in the JWKS), and an error
// saying why not otherwise.
func (i *Issuer) VerifySignature(kid string, msg, sig []byte) error {
	k := i.keys.Load().byID[kid]
	if k == nil {
		return fmt.Errorf("no signing key %q", kid)
	}
	if !ed25519.Verify(k.public, msg, sig) {
		return errors.New("signature does not match")
	}
	return nil
}
