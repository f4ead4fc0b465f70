package token

import "bytes"

// jwk is one RFC 8037 public key in a JSON Web Key Set.
type jwk struct {
	Kty string `json:"kty"` // "OKP"
	Crv string `json:"crv"` // "Ed25519"
	X   string `json:"x"`   // the public key, base64url
	Kid string `json:"kid"`
	Use string `json:"use"` // "sig"
	Alg string `json:"alg"` // "EdDSA"
}

// marshalJWKS returns the JSON Web Key Set of keys.
func marshalJWKS(keys []*key) []byte {
	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: make([]jwk, 0, len(keys))}
	for _, k := range keys {
		set.Keys = append(set.Keys, jwk{
			Kty: "OKP",
			Crv: "Ed25519",
			X:   b64.EncodeToString(k.public),
			Kid: k.id,
			Use: "sig",
			Alg: algEdDSA,
		})
	}
	return mustMarshal(set)
}

// JWKS returns the JSON Web Key Set (RFC 7517, with RFC 8037 Ed25519 keys)
// of every key that verifies tokens, for /.well-known/jwks.json. Services
// holding it can verify Gatehouse tokens offline.
func (i *Issuer) JWKS() []byte {
	return bytes.Clone(i.keys.Load().jwks)
}
