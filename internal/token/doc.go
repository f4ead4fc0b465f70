// Package token issues and verifies Gatehouse access tokens: JWTs signed
// with Ed25519 (RFC 8037, alg "EdDSA").
//
// A token's header names its signing key ("kid", the key's RFC 7638
// thumbprint). Its claims are the user ("sub", the user id in decimal), the
// tenant the user logged into ("tid"), the user's token generation ("gen"), a
// random 128-bit token id ("jti"), the issue and expiry times ("iat", "exp")
// and the issuer ("iss", always "gatehouse").
//
// Signing keys live in the store (gatehouse.KeyStore) so that every replica
// signs and verifies with the same keys. NewIssuer loads them, creating the
// first one if there is none. The newest key signs; every stored key
// verifies, and JWKS publishes them all for services that check tokens
// offline.
//
// Verification is strict: the token must be three canonical base64url
// segments, the header may hold only "alg" (which must be "EdDSA"), "kid"
// (which must name a known key) and "typ"; the signature is checked before
// the claims are parsed, and every claim above is required. Any failure is
// reported as an error matching gatehouse.ErrUnauthenticated.
//
// Verified claims are cached by token string until the token expires, so
// that verifying a token already seen costs a map lookup instead of an
// Ed25519 verification. The cache knows nothing of revocation: the caller
// compares the generation with the user's and checks revoked token ids, and
// calls Forget or ForgetToken when it revokes, so that no cached entry
// outlives the revocation.
//
// Files:
//   - issuer.go: Issuer, NewIssuer, Issue, Refresh
//   - verify.go: Verify and the strict parser behind it
//   - claims.go: Claims and their JSON form
//   - keys.go: signing keys: loading, creating, key ids
//   - cache.go: the verified-claims cache
//   - jwks.go: the JSON Web Key Set
package token
