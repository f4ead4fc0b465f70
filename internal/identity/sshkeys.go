package identity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Public SSH keys, as Triton keeps them for access to instances. A user
// manages their own keys; a superadmin anyone's; a tenantadmin those of
// users who belong to their tenant alone, as for user update.

// The actions on SSH keys.
const (
	ActKeyAdd    Action = "user.key.add"
	ActKeyList   Action = "user.key.list"
	ActKeyRemove Action = "user.key.remove"
)

// maxSSHKeyLen bounds the text of a public key: an RSA key of 16384 bits
// with a long comment fits.
const maxSSHKeyLen = 16 << 10

// sshKeyName is what a key's name may be: what the Triton portal accepts
// in practice, and safe in a URL path and a table.
var sshKeyName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$`)

// ParseSSHKey parses text, one public key in authorized_keys form (an
// options prefix and a trailing comment allowed), and returns the key's
// type, its SHA256 fingerprint and the key as stored: type, key and
// comment, without options. Anything else is a *gatehouse.FieldError for
// field.
func ParseSSHKey(field, text string) (typ, fingerprint, public string, err error) {
	if len(text) > maxSSHKeyLen {
		return "", "", "", gatehouse.Invalid(field, "must be at most %d bytes, not %d", maxSSHKeyLen, len(text))
	}
	in := bytes.TrimSpace([]byte(text))
	if len(in) == 0 {
		return "", "", "", gatehouse.Invalid(field, "is required: one public key as in authorized_keys, such as the contents of ~/.ssh/id_ed25519.pub")
	}
	pub, comment, _, rest, err := ssh.ParseAuthorizedKey(in)
	if err != nil {
		if bytes.Contains(in, []byte("PRIVATE KEY")) {
			return "", "", "", gatehouse.Invalid(field, "is not a public SSH key but a private one: never share it; give the .pub file beside it")
		}
		return "", "", "", gatehouse.Invalid(field, "is not a public SSH key: give one line as in authorized_keys, such as the contents of ~/.ssh/id_ed25519.pub")
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return "", "", "", gatehouse.Invalid(field, "must hold one public key, not several")
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	if comment = strings.TrimSpace(comment); comment != "" {
		line += " " + comment
	}
	return pub.Type(), ssh.FingerprintSHA256(pub), line, nil
}

// checkSSHKeyName reports a key name that sshKeyName refuses.
func checkSSHKeyName(name string) error {
	if !sshKeyName.MatchString(name) {
		return gatehouse.Invalid("name", "must be 1 to 64 letters, digits and . _ @ + -, starting with a letter or digit (got %q)", name)
	}
	return nil
}

// AddSSHKey adds the public key text to the user called user under
// keyName. The key must parse, and the user may not hold it twice (by
// fingerprint) nor two keys of one name: ErrConflict.
func (s *Service) AddSSHKey(ctx context.Context, p *Principal, user gatehouse.UserName, keyName, text string) (string, error) {
	obj := string(user) + "/" + keyName
	if err := checkSSHKeyName(keyName); err != nil {
		return "", s.Reject(ctx, p, ActKeyAdd, "USER", obj, err)
	}
	typ, fp, public, err := ParseSSHKey("key", text)
	if err != nil {
		return "", s.Reject(ctx, p, ActKeyAdd, "USER", obj, err)
	}
	err = s.Change(ctx, p, ActKeyAdd, "USER", obj, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, user)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActKeyAdd, t); err != nil {
			return nil, err
		}
		have, err := tx.SSHKeys(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, k := range have {
			if k.Name == keyName {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s already has a key called %s: remove it first or choose another name", user, keyName)
			}
		}
		for _, k := range have {
			if k.Fingerprint == fp {
				return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s already has this key, called %s (%s)", user, k.Name, fp)
			}
		}
		err = tx.AddSSHKey(ctx, gatehouse.SSHKey{UserID: u.ID, Name: keyName, Type: typ, Fingerprint: fp, PublicKey: public, CreatedAt: s.Now().UTC()})
		if errors.Is(err, gatehouse.ErrConflict) {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "user %s already has key %s or this key", user, keyName)
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"key": keyName, "type": typ, "fingerprint": fp}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Added key %s (%s) to user %s", keyName, fp, user), nil
}

// ListSSHKeys returns the public keys of the user called user, by name.
func (s *Service) ListSSHKeys(ctx context.Context, p *Principal, user gatehouse.UserName) ([]gatehouse.SSHKey, error) {
	var out []gatehouse.SSHKey
	err := s.view(ctx, p, ActKeyList, "USER", string(user), func(tx gatehouse.Tx) error {
		u, t, err := loadTarget(ctx, tx, user)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActKeyList, t); err != nil {
			return err
		}
		out, err = tx.SSHKeys(ctx, u.ID)
		return err
	})
	return out, err
}

// RemoveSSHKey removes the key called keyName of the user called user.
func (s *Service) RemoveSSHKey(ctx context.Context, p *Principal, user gatehouse.UserName, keyName string) (string, error) {
	err := s.Change(ctx, p, ActKeyRemove, "USER", string(user)+"/"+keyName, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		u, t, err := loadTarget(ctx, tx, user)
		if err != nil {
			return nil, err
		}
		if err := s.authorize(p, ActKeyRemove, t); err != nil {
			return nil, err
		}
		err = tx.DeleteSSHKey(ctx, u.ID, keyName)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s has no key called %s", user, keyName)
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"key": keyName}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Removed key %s of user %s", keyName, user), nil
}
