package token

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Fixed values of every Gatehouse token.
const (
	algEdDSA   = "EdDSA"
	issuerName = "gatehouse"
)

// Claims are the verified contents of a token.
type Claims struct {
	ID         string             // "jti": random 128-bit id, base64url; what logout revokes
	UserID     gatehouse.UserID   // "sub"
	TenantID   gatehouse.TenantID // "tid": the tenant the user logged into
	Generation int64              // "gen": the user's token generation at issue
	IssuedAt   time.Time          // "iat", whole seconds
	ExpiresAt  time.Time          // "exp", whole seconds
}

// header is the JSON form of a token header.
type header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ,omitempty"`
}

// payload is the JSON form of the claims. Numbers are pointers so that a
// missing claim can be told from a zero one.
type payload struct {
	Issuer     string `json:"iss"`
	Subject    string `json:"sub"`
	TenantID   *int64 `json:"tid"`
	Generation *int64 `json:"gen"`
	ID         string `json:"jti"`
	IssuedAt   *int64 `json:"iat"`
	ExpiresAt  *int64 `json:"exp"`
}

// payloadOf returns the JSON form of c.
func payloadOf(c Claims) payload {
	tid, gen := int64(c.TenantID), c.Generation
	iat, exp := c.IssuedAt.Unix(), c.ExpiresAt.Unix()
	return payload{
		Issuer:     issuerName,
		Subject:    strconv.FormatInt(int64(c.UserID), 10),
		TenantID:   &tid,
		Generation: &gen,
		ID:         c.ID,
		IssuedAt:   &iat,
		ExpiresAt:  &exp,
	}
}

// mustMarshal returns the JSON encoding of v, which cannot fail for the
// types of this package.
func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
