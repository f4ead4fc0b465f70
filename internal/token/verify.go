package token

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// maxTokenLen bounds the work done on a token before its signature is
// checked; Gatehouse tokens are about 350 bytes.
const maxTokenLen = 4096

// Verify checks token and returns its claims. Any problem (a malformed token,
// an algorithm other than EdDSA, an unknown key, a bad signature, a missing
// claim, a wrong issuer, expiry) is reported as an error matching
// gatehouse.ErrUnauthenticated, whose message says what was wrong but never
// holds the token.
//
// Verify does not check revocation: the caller compares Claims.Generation
// with the user's and Claims.ID with the revoked token ids.
func (i *Issuer) Verify(token string) (Claims, error) {
	now := i.Now()
	if c, ok := i.cache.get(token, now); ok {
		return c, nil
	}
	epoch := i.cache.epoch()
	c, err := i.verifyUncached(token, now)
	if err != nil {
		return Claims{}, err
	}
	i.cache.put(token, c, epoch, now)
	return c, nil
}

// verifyUncached is Verify without the cache.
func (i *Issuer) verifyUncached(token string, now time.Time) (Claims, error) {
	if len(token) > maxTokenLen {
		return Claims{}, invalid("longer than %d bytes", maxTokenLen)
	}
	for j := 0; j < len(token); j++ {
		if c := token[j]; !isBase64URL(c) && c != '.' {
			return Claims{}, invalid("unexpected character %q at offset %d", c, j)
		}
	}
	h64, rest, ok1 := strings.Cut(token, ".")
	p64, s64, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s64, ".") {
		return Claims{}, invalid("want 3 dot-separated segments, got %d", strings.Count(token, ".")+1)
	}

	var h header
	if err := decodeSegment(h64, &h, true); err != nil {
		return Claims{}, invalid("header: %v", err)
	}
	if h.Alg != algEdDSA {
		return Claims{}, invalid("algorithm %q is not %s", trunc(h.Alg), algEdDSA)
	}
	if h.Typ != "" && h.Typ != "JWT" {
		return Claims{}, invalid("type %q is not JWT", trunc(h.Typ))
	}
	k := i.keys.Load().byID[h.Kid]
	if k == nil {
		return Claims{}, invalid("unknown key id %q", trunc(h.Kid))
	}
	sig, err := b64.DecodeString(s64)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Claims{}, invalid("malformed signature")
	}
	if !ed25519.Verify(k.public, []byte(token[:len(h64)+1+len(p64)]), sig) {
		return Claims{}, invalid("bad signature (key id %q)", k.id)
	}

	// The claims are authentic; check they are complete and current.
	// Unknown claims are ignored, as RFC 7519 asks.
	var p payload
	if err := decodeSegment(p64, &p, false); err != nil {
		return Claims{}, invalid("claims: %v", err)
	}
	c, err := claimsOf(p)
	if err != nil {
		return Claims{}, invalid("claims: %v", err)
	}
	if !now.Before(c.ExpiresAt) {
		return Claims{}, gatehouse.Errorf(gatehouse.ErrUnauthenticated, "token expired at %s", c.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return c, nil
}

// claimsOf checks that p holds every claim, well formed, and returns them.
func claimsOf(p payload) (Claims, error) {
	switch {
	case p.Issuer != issuerName:
		return Claims{}, fmt.Errorf("issuer %q is not %q", trunc(p.Issuer), issuerName)
	case p.TenantID == nil || p.Generation == nil || p.IssuedAt == nil || p.ExpiresAt == nil:
		return Claims{}, fmt.Errorf("tid, gen, iat and exp are required")
	case *p.ExpiresAt < *p.IssuedAt:
		return Claims{}, fmt.Errorf("expires before it was issued")
	}
	uid, err := strconv.ParseInt(p.Subject, 10, 64)
	if err != nil || uid <= 0 || strconv.FormatInt(uid, 10) != p.Subject {
		return Claims{}, fmt.Errorf("subject %q is not a user id", trunc(p.Subject))
	}
	if id, err := b64.DecodeString(p.ID); err != nil || len(id) != 16 {
		return Claims{}, fmt.Errorf("token id %q is not 16 bytes in base64url", trunc(p.ID))
	}
	return Claims{
		ID:         p.ID,
		UserID:     gatehouse.UserID(uid),
		TenantID:   gatehouse.TenantID(*p.TenantID),
		Generation: *p.Generation,
		IssuedAt:   time.Unix(*p.IssuedAt, 0),
		ExpiresAt:  time.Unix(*p.ExpiresAt, 0),
	}, nil
}

// decodeSegment decodes one base64url segment holding exactly one JSON
// object into v. With strict set, it rejects fields v does not have.
func decodeSegment(seg string, v any, strict bool) error {
	b, err := b64.DecodeString(seg)
	if err != nil {
		return fmt.Errorf("bad base64url: %v", err)
	}
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the JSON object")
	}
	return nil
}

// isBase64URL reports whether c is in the base64url alphabet.
func isBase64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// invalid returns an error matching gatehouse.ErrUnauthenticated that says
// why a token was refused.
func invalid(format string, args ...any) error {
	return gatehouse.Errorf(gatehouse.ErrUnauthenticated, "invalid token: "+format, args...)
}

// trunc shortens an attacker-chosen string for an error message.
func trunc(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
