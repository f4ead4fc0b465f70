package token

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// forge returns a token made of the given header and claims JSON, signed
// with sign over "header.claims".
func forge(headerJSON, claimsJSON string, sign func(msg []byte) []byte) string {
	msg := b64.EncodeToString([]byte(headerJSON)) + "." + b64.EncodeToString([]byte(claimsJSON))
	return msg + "." + b64.EncodeToString(sign([]byte(msg)))
}

// signWith returns a signing function for forge using k.
func signWith(k *key) func([]byte) []byte {
	return func(msg []byte) []byte { return ed25519.Sign(k.private, msg) }
}

// claimsJSON returns the claims of a valid token issued now by clk, with
// fields replaced or (for a nil value) removed.
func claimsJSON(clk *clock, edit map[string]any) string {
	c := Claims{ID: b64.EncodeToString(make([]byte, 16)), UserID: 3, TenantID: 4, Generation: 5,
		IssuedAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Hour)}
	m := map[string]any{}
	p := payloadOf(c)
	m["iss"], m["sub"], m["tid"], m["gen"], m["jti"], m["iat"], m["exp"] =
		p.Issuer, p.Subject, *p.TenantID, *p.Generation, p.ID, *p.IssuedAt, *p.ExpiresAt
	for k, v := range edit {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return string(mustMarshal(m))
}

// flip returns s with the byte at i replaced by another base64url byte.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

func TestVerifyRejects(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	k := i.keys.Load().signer
	valid, _ := mustIssue(t, i, 3, 4, 5)
	seg := strings.Split(valid, ".")
	kidHeader := `{"alg":"EdDSA","kid":"` + k.id + `","typ":"JWT"}`
	stranger, err := newKey(storedKey(t, clk.Now()))
	if err != nil {
		t.Fatal(err)
	}
	hs256 := func(msg []byte) []byte {
		m := hmac.New(sha256.New, k.public)
		m.Write(msg)
		return m.Sum(nil)
	}
	libHS256, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "3", "iss": "gatehouse"}).
		SignedString([]byte(k.public))
	if err != nil {
		t.Fatal(err)
	}
	libNone := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": "3", "iss": "gatehouse"})
	libNone.Header["kid"] = k.id
	none, err := libNone.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	otherPayload := b64.EncodeToString([]byte(claimsJSON(clk, map[string]any{"sub": "1"})))
	lastSig := seg[2][len(seg[2])-1]

	tests := []struct {
		name  string
		token string
		want  string // in the error message
	}{
		{"empty", "", "3 dot-separated segments"},
		{"one segment", seg[0], "3 dot-separated segments"},
		{"two segments", seg[0] + "." + seg[1], "3 dot-separated segments"},
		{"four segments", valid + ".", "3 dot-separated segments"},
		{"trailing garbage", valid + "AAAA", "malformed signature"},
		{"trailing newline", valid + "\n", "unexpected character"},
		{"trailing space", valid + " ", "unexpected character"},
		{"leading space", " " + valid, "unexpected character"},
		{"padded signature", valid + "==", "unexpected character"},
		{"standard base64 alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(valid) + "+", "unexpected character"},
		{"too long", valid + strings.Repeat("A", maxTokenLen), "longer than"},
		{"non-canonical signature encoding", seg[0] + "." + seg[1] + "." + seg[2][:len(seg[2])-1] + string(lastSig+1), "malformed signature"},
		{"truncated signature", seg[0] + "." + seg[1] + "." + seg[2][:40], "malformed signature"},
		{"tampered payload", seg[0] + "." + otherPayload + "." + seg[2], "bad signature"},
		{"tampered payload byte", seg[0] + "." + flip(seg[1], 10) + "." + seg[2], "bad signature"},
		{"tampered signature", seg[0] + "." + seg[1] + "." + flip(seg[2], 5), "bad signature"},
		{"signature of another token", func() string {
			other, _ := mustIssue(t, i, 3, 4, 5)
			return seg[0] + "." + seg[1] + "." + strings.Split(other, ".")[2]
		}(), "bad signature"},
		{"alg none", forge(`{"alg":"none","kid":"`+k.id+`"}`, claimsJSON(clk, nil), func([]byte) []byte { return nil }), `algorithm "none"`},
		{"alg none from jwt library", none, `algorithm "none"`},
		{"alg missing", forge(`{"kid":"`+k.id+`"}`, claimsJSON(clk, nil), signWith(k)), `algorithm ""`},
		{"alg lower case", forge(`{"alg":"eddsa","kid":"`+k.id+`"}`, claimsJSON(clk, nil), signWith(k)), `algorithm "eddsa"`},
		{"HS256 keyed with the public key", forge(`{"alg":"HS256","kid":"`+k.id+`"}`, claimsJSON(clk, nil), hs256), `algorithm "HS256"`},
		{"HS256 from jwt library", libHS256, `algorithm "HS256"`},
		{"RS256", forge(`{"alg":"RS256","kid":"`+k.id+`"}`, claimsJSON(clk, nil), signWith(k)), `algorithm "RS256"`},
		{"typ not JWT", forge(`{"alg":"EdDSA","kid":"`+k.id+`","typ":"JOSE+JSON"}`, claimsJSON(clk, nil), signWith(k)), "type"},
		{"crit header", forge(`{"alg":"EdDSA","kid":"`+k.id+`","crit":["exp"]}`, claimsJSON(clk, nil), signWith(k)), `unknown field "crit"`},
		{"jwk header", forge(`{"alg":"EdDSA","kid":"`+k.id+`","jwk":{}}`, claimsJSON(clk, nil), signWith(k)), `unknown field "jwk"`},
		{"header not an object", forge(`["EdDSA"]`, claimsJSON(clk, nil), signWith(k)), "not a JSON object"},
		{"header trailing garbage", forge(kidHeader+`{}`, claimsJSON(clk, nil), signWith(k)), "data after the JSON object"},
		{"unknown kid", forge(`{"alg":"EdDSA","kid":"`+stranger.id+`"}`, claimsJSON(clk, nil), signWith(stranger)), "unknown key id"},
		{"no kid", forge(`{"alg":"EdDSA"}`, claimsJSON(clk, nil), signWith(k)), `unknown key id ""`},
		{"signed by another key under our kid", forge(kidHeader, claimsJSON(clk, nil), signWith(stranger)), "bad signature"},
		{"wrong issuer", forge(kidHeader, claimsJSON(clk, map[string]any{"iss": "evil"}), signWith(k)), `issuer "evil"`},
		{"no issuer", forge(kidHeader, claimsJSON(clk, map[string]any{"iss": nil}), signWith(k)), `issuer ""`},
		{"no exp", forge(kidHeader, claimsJSON(clk, map[string]any{"exp": nil}), signWith(k)), "exp are required"},
		{"no iat", forge(kidHeader, claimsJSON(clk, map[string]any{"iat": nil}), signWith(k)), "exp are required"},
		{"no tid", forge(kidHeader, claimsJSON(clk, map[string]any{"tid": nil}), signWith(k)), "exp are required"},
		{"no gen", forge(kidHeader, claimsJSON(clk, map[string]any{"gen": nil}), signWith(k)), "exp are required"},
		{"exp as a string", forge(kidHeader, claimsJSON(clk, map[string]any{"exp": "2099-01-01"}), signWith(k)), "bad JSON"},
		{"fractional exp", forge(kidHeader, claimsJSON(clk, map[string]any{"exp": 1.5e9 + 0.5}), signWith(k)), "bad JSON"},
		{"exp before iat", forge(kidHeader, claimsJSON(clk, map[string]any{"exp": clk.Now().Unix() - 1}), signWith(k)), "expires before"},
		{"expired", forge(kidHeader, claimsJSON(clk, map[string]any{"iat": clk.Now().Unix() - 100, "exp": clk.Now().Unix()}), signWith(k)), "token expired"},
		{"subject not a number", forge(kidHeader, claimsJSON(clk, map[string]any{"sub": "alice"}), signWith(k)), "subject"},
		{"subject with leading zero", forge(kidHeader, claimsJSON(clk, map[string]any{"sub": "03"}), signWith(k)), "subject"},
		{"subject zero", forge(kidHeader, claimsJSON(clk, map[string]any{"sub": "0"}), signWith(k)), "subject"},
		{"subject negative", forge(kidHeader, claimsJSON(clk, map[string]any{"sub": "-3"}), signWith(k)), "subject"},
		{"subject as a number", forge(kidHeader, claimsJSON(clk, map[string]any{"sub": 3}), signWith(k)), "bad JSON"},
		{"short jti", forge(kidHeader, claimsJSON(clk, map[string]any{"jti": "abc"}), signWith(k)), "token id"},
		{"no jti", forge(kidHeader, claimsJSON(clk, map[string]any{"jti": nil}), signWith(k)), "token id"},
		{"claims trailing garbage", forge(kidHeader, claimsJSON(clk, nil)+`x`, signWith(k)), "data after the JSON object"},
		{"claims not an object", forge(kidHeader, `null`, signWith(k)), "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := i.Verify(tt.token)
			if err == nil {
				t.Fatalf("Verify succeeded with %+v", c)
			}
			if !errors.Is(err, gatehouse.ErrUnauthenticated) {
				t.Errorf("error %q does not match ErrUnauthenticated", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error message holds the token")
			}
		})
	}
	// The forgeries were refused for the reasons above, not because the
	// helpers make bad tokens.
	for _, edit := range []map[string]any{nil, {"extra": "claims are ignored"}} {
		if _, err := i.Verify(forge(kidHeader, claimsJSON(clk, edit), signWith(k))); err != nil {
			t.Errorf("well-formed forged token with %v refused: %v", edit, err)
		}
	}
	if _, err := i.Verify(forge(`{"alg":"EdDSA","kid":"`+k.id+`"}`, claimsJSON(clk, nil), signWith(k))); err != nil {
		t.Errorf("token without typ refused: %v", err)
	}
}

func TestVerifyExpiry(t *testing.T) {
	clk := newClock()
	i := mustIssuer(t, &memStore{}, clk)
	tok, c := mustIssue(t, i, 1, 1, 0)
	tests := []struct {
		name    string
		at      time.Time
		wantErr bool
	}{
		{"just issued", c.IssuedAt, false},
		{"a second before expiry", c.ExpiresAt.Add(-time.Second), false},
		{"at expiry", c.ExpiresAt, true},
		{"long after", c.ExpiresAt.Add(24 * time.Hour), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.ns.Store(tt.at.UnixNano())
			for _, cached := range []bool{true, false} {
				var err error
				if cached {
					_, err = i.Verify(tok)
				} else {
					_, err = i.verifyUncached(tok, clk.Now())
				}
				if (err != nil) != tt.wantErr {
					t.Fatalf("cached=%v: error = %v, want error %v", cached, err, tt.wantErr)
				}
				if err != nil && (!errors.Is(err, gatehouse.ErrUnauthenticated) || !strings.Contains(err.Error(), "token expired at")) {
					t.Errorf("cached=%v: error = %q, want an ErrUnauthenticated about expiry", cached, err)
				}
			}
		})
	}
}
