package identity_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// Fingerprints of testdata/*.pub, as ssh-keygen -l prints them.
const (
	ed25519FP = "SHA256:hWzGfIWsA8wSp60zHNzm2xk1FiHLB8i2WE41EI2RnNg"
	ecdsaFP   = "SHA256:8eeuReKUI+Rm5GUZOudBBuEHpncSZFzK29m+R+Nk7hc"
)

// readKey returns the text of testdata/name.
func readKey(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseSSHKey(t *testing.T) {
	ed := strings.TrimSpace(readKey(t, "ed25519.pub"))
	ec := strings.TrimSpace(readKey(t, "ecdsa.pub"))
	tests := []struct {
		name, in, typ, fp, public, err string
	}{
		{"ed25519", ed + "\n", "ssh-ed25519", ed25519FP, ed, ""},
		{"ecdsa", ec, "ecdsa-sha2-nistp256", ecdsaFP, ec, ""},
		{"options are dropped", `from="10.0.0.0/8",no-pty ` + ed, "ssh-ed25519", ed25519FP, ed, ""},
		{"no comment", strings.TrimSuffix(ed, " ada@laptop"), "ssh-ed25519", ed25519FP, strings.TrimSuffix(ed, " ada@laptop"), ""},
		{"empty", "  \n", "", "", "", "key: is required"},
		{"garbage", "hello world", "", "", "", "key: is not a public SSH key: give one line as in authorized_keys, such as the contents of ~/.ssh/id_ed25519.pub"},
		{"truncated", ed[:40], "", "", "", "key: is not a public SSH key"},
		{"a private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", "", "", "", "key: is not a public SSH key but a private one: never share it; give the .pub file beside it"},
		{"two keys", ed + "\n" + ec + "\n", "", "", "", "key: must hold one public key, not several"},
		{"too long", ed + " " + strings.Repeat("x", 20000), "", "", "", "key: must be at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, fp, public, err := identity.ParseSSHKey("key", tt.in)
			if tt.err != "" {
				var fe *gatehouse.FieldError
				if !errors.As(err, &fe) || fe.Field != "key" || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("ParseSSHKey = %v, want a FieldError starting %q", err, tt.err)
				}
				return
			}
			if err != nil || typ != tt.typ || fp != tt.fp || public != tt.public {
				t.Fatalf("ParseSSHKey = %q, %q, %q, %v; want %q, %q, %q", typ, fp, public, err, tt.typ, tt.fp, tt.public)
			}
		})
	}
}

// FuzzParseSSHKey checks that what ParseSSHKey accepts parses again as
// the same key (the stored form round-trips), and that a refusal is
// always a FieldError naming the field.
func FuzzParseSSHKey(f *testing.F) {
	f.Add(readKey(f, "ed25519.pub"))
	f.Add(readKey(f, "ecdsa.pub"))
	f.Add("no-pty " + readKey(f, "ed25519.pub"))
	f.Add("ssh-rsa AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		typ, fp, public, err := identity.ParseSSHKey("key", in)
		if err != nil {
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != "key" {
				t.Fatalf("ParseSSHKey(%q) = %v, not a FieldError for key", in, err)
			}
			return
		}
		typ2, fp2, public2, err := identity.ParseSSHKey("key", public)
		if err != nil || typ2 != typ || fp2 != fp || public2 != public {
			t.Fatalf("stored form %q parses as %q %q %q, %v; want %q %q", public, typ2, fp2, public2, err, typ, fp)
		}
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(public))
		if err != nil || ssh.FingerprintSHA256(pub) != fp {
			t.Fatalf("stored form %q: fingerprint differs or unparsable: %v", public, err)
		}
	})
}

func TestSSHKeys(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	u1 := e.login("u1", "passphrase-of-u1", "t1")
	ed, ec := readKey(t, "ed25519.pub"), readKey(t, "ecdsa.pub")

	msg, err := e.svc.AddSSHKey(e.ctx, u1, "u1", "laptop", ed)
	if err != nil || msg != "Added key laptop ("+ed25519FP+") to user u1" {
		t.Fatalf("AddSSHKey = %q, %v", msg, err)
	}
	e.must(e.svc.AddSSHKey(e.ctx, a, "u1", "desk", ec))
	ks, err := e.svc.ListSSHKeys(e.ctx, u1, "u1")
	if err != nil || len(ks) != 2 || ks[0].Name != "desk" || ks[0].Fingerprint != ecdsaFP || ks[1].Type != "ssh-ed25519" || ks[1].CreatedAt.IsZero() {
		t.Fatalf("ListSSHKeys = %+v, %v", ks, err)
	}

	// The same key twice, or a taken name: conflicts. Bad input names its field.
	for _, tt := range []struct {
		name, key, text string
		want            error
		field           string
	}{
		{"same key, another name", "again", ed, gatehouse.ErrConflict, ""},
		{"taken name", "laptop", strings.Replace(ec, "ada@desk", "x", 1), gatehouse.ErrConflict, ""},
		{"malformed key", "broken", "ssh-ed25519 AAAAnot-base64", gatehouse.ErrInvalid, "key"},
		{"bad name", "has space", ed, gatehouse.ErrInvalid, "name"},
	} {
		_, err := e.svc.AddSSHKey(e.ctx, u1, "u1", tt.key, tt.text)
		var fe *gatehouse.FieldError
		if !errors.Is(err, tt.want) || tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
			t.Errorf("%s: AddSSHKey = %v, want %v (field %q)", tt.name, err, tt.want, tt.field)
		}
	}
	// Another user may hold the same key.
	e.must(e.svc.AddSSHKey(e.ctx, a, "u2", "shared", ed))

	// Who manages whose keys: own, a superadmin anyone's, a tenantadmin
	// those of users of their tenant alone.
	u2 := e.login("u2", "passphrase-of-u2", "t1")
	ta1 := e.login("ta1", "passphrase-of-ta1", "t1")
	if _, err := e.svc.ListSSHKeys(e.ctx, u2, "u1"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("u2 lists u1's keys: %v", err)
	}
	if _, err := e.svc.AddSSHKey(e.ctx, u2, "u1", "sneaky", ec); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("u2 adds a key to u1: %v", err)
	}
	if _, err := e.svc.RemoveSSHKey(e.ctx, ta1, "u3", "x"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("ta1 removes a key of u3 (tenant t2): %v", err)
	}
	_, taErr := e.svc.ListSSHKeys(e.ctx, ta1, "u1")
	_, updErr := e.svc.UpdateUser(e.ctx, ta1, "u1", identity.Profile{Email: ptr("u1@example.com")}, nil)
	if errors.Is(taErr, gatehouse.ErrForbidden) != errors.Is(updErr, gatehouse.ErrForbidden) {
		t.Errorf("ta1 on u1's keys: %v; on u1 itself: %v; want the same rule", taErr, updErr)
	}

	// Removing.
	if _, err := e.svc.RemoveSSHKey(e.ctx, u1, "u1", "nope"); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Errorf("RemoveSSHKey of no key = %v", err)
	}
	if msg, err := e.svc.RemoveSSHKey(e.ctx, u1, "u1", "laptop"); err != nil || msg != "Removed key laptop of user u1" {
		t.Fatalf("RemoveSSHKey = %q, %v", msg, err)
	}
	if ks, _ := e.svc.ListSSHKeys(e.ctx, a, "u1"); len(ks) != 1 || ks[0].Name != "desk" {
		t.Fatalf("keys after removing laptop = %+v", ks)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "user.key.add", Outcome: gatehouse.OutcomeSuccess})
	if err != nil || len(recs) != 3 || recs[0].Changes["fingerprint"] != ed25519FP {
		t.Errorf("user.key.add records = %+v, %v", recs, err)
	}
}
