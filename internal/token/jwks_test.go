package token

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwksKeys decodes a JWKS as a service outside Gatehouse would, checking
// the RFC 8037 members, and returns the public keys by kid.
func jwksKeys(t *testing.T, jwks []byte) map[string]ed25519.PublicKey {
	t.Helper()
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(jwks, &set); err != nil {
		t.Fatalf("JWKS %s: %v", jwks, err)
	}
	keys := make(map[string]ed25519.PublicKey)
	for _, k := range set.Keys {
		for member, want := range map[string]string{"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA"} {
			if k[member] != want {
				t.Errorf("key %q: %s = %q, want %q", k["kid"], member, k[member], want)
			}
		}
		x, err := base64.RawURLEncoding.DecodeString(k["x"])
		if err != nil || len(x) != ed25519.PublicKeySize {
			t.Fatalf("key %q: x %q is not a base64url Ed25519 public key", k["kid"], k["x"])
		}
		keys[k["kid"]] = x
	}
	return keys
}

func TestJWKSVerifiesOffline(t *testing.T) {
	clk := newClock()
	store := &memStore{keys: nil}
	i := mustIssuer(t, store, clk)
	store.keys = append(store.keys, storedKey(t, time.Now().Add(time.Hour)))
	j := mustIssuer(t, store, clk) // signs with the newer key
	if err := i.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	keys := jwksKeys(t, i.JWKS())
	if len(keys) != 2 {
		t.Fatalf("JWKS holds %d keys, want 2", len(keys))
	}
	for _, iss := range []*Issuer{i, j} {
		tok, want := mustIssue(t, iss, 9, 8, 7)
		seg := strings.Split(tok, ".")
		var h struct{ Alg, Kid string }
		hb, _ := base64.RawURLEncoding.DecodeString(seg[0])
		if err := json.Unmarshal(hb, &h); err != nil || h.Alg != "EdDSA" {
			t.Fatalf("header %s: alg %q, error %v", hb, h.Alg, err)
		}
		pub := keys[h.Kid]
		if pub == nil {
			t.Fatalf("kid %q not in the JWKS", h.Kid)
		}
		sig, _ := base64.RawURLEncoding.DecodeString(seg[2])
		if !ed25519.Verify(pub, []byte(seg[0]+"."+seg[1]), sig) {
			t.Fatalf("token of kid %q does not verify with the JWKS key", h.Kid)
		}
		var claims struct {
			Sub string `json:"sub"`
			Tid int64  `json:"tid"`
			Gen int64  `json:"gen"`
			Iss string `json:"iss"`
			Exp int64  `json:"exp"`
		}
		cb, _ := base64.RawURLEncoding.DecodeString(seg[1])
		if err := json.Unmarshal(cb, &claims); err != nil {
			t.Fatal(err)
		}
		if claims.Sub != "9" || claims.Tid != 8 || claims.Gen != 7 || claims.Iss != "gatehouse" || claims.Exp != want.ExpiresAt.Unix() {
			t.Errorf("claims %s, want sub 9, tid 8, gen 7, iss gatehouse, exp %d", cb, want.ExpiresAt.Unix())
		}
	}
}

// TestJWTLibraryVerifies checks that a standard JWT library accepts
// Gatehouse tokens with the JWKS key, strictly configured.
func TestJWTLibraryVerifies(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	keys := jwksKeys(t, i.JWKS())
	tok, want := mustIssue(t, i, 11, 12, 13)
	parsed, err := jwt.Parse(tok, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		return keys[kid], nil
	},
		jwt.WithValidMethods([]string{"EdDSA"}),
		jwt.WithIssuer("gatehouse"),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(clk.Now),
	)
	if err != nil {
		t.Fatalf("jwt.Parse: %v", err)
	}
	sub, _ := parsed.Claims.GetSubject()
	jti, _ := parsed.Claims.(jwt.MapClaims)["jti"].(string)
	if sub != "11" || jti != want.ID {
		t.Errorf("jwt.Parse: sub %q, jti %q; want 11, %q", sub, jti, want.ID)
	}
}
