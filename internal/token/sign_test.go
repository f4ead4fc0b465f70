package token

import "testing"

func TestSignAndVerifySignature(t *testing.T) {
	i := mustIssuer(t, &memStore{}, newClock())
	other := mustIssuer(t, &memStore{}, newClock())
	msg := []byte("test message v1\x00payload")
	kid, sig := i.Sign(msg)
	if kid != i.keys.Load().signer.id {
		t.Fatalf("Sign named key %q, want the signing key %q", kid, i.keys.Load().signer.id)
	}
	okid, osig := other.Sign(msg)
	tests := []struct {
		name string
		kid  string
		msg  []byte
		sig  []byte
		ok   bool
	}{
		{"genuine", kid, msg, sig, true},
		{"message changed", kid, []byte("test message v1\x00payloaD"), sig, false},
		{"signature changed", kid, msg, append([]byte{sig[0] ^ 1}, sig[1:]...), false},
		{"no signature", kid, msg, nil, false},
		{"another server's key", okid, msg, osig, false},
		{"another server's signature under this key id", kid, msg, osig, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := i.VerifySignature(tt.kid, tt.msg, tt.sig); (err == nil) != tt.ok {
				t.Fatalf("VerifySignature = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
