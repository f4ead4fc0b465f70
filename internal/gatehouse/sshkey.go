package gatehouse

import (
	"context"
	"time"
)

// SSHKey is a public SSH key of a user, under a name of the user's choice,
// as Triton keeps them for access to instances.
type SSHKey struct {
	UserID      UserID
	Name        string
	Type        string // the key's algorithm: ssh-ed25519, ssh-rsa, ...
	Fingerprint string // SHA256:..., as ssh-keygen -l prints it
	PublicKey   string // the key in authorized_keys form, without options
	CreatedAt   time.Time
}

// SSHKeyStore keeps users' public SSH keys.
type SSHKeyStore interface {
	// AddSSHKey stores k. It returns ErrConflict if k.UserID already has a
	// key called k.Name or one with k.Fingerprint, and ErrNotFound if no
	// user has k.UserID.
	AddSSHKey(ctx context.Context, k SSHKey) error
	// SSHKeys returns the keys of user u, by name.
	SSHKeys(ctx context.Context, u UserID) ([]SSHKey, error)
	// DeleteSSHKey removes u's key called name, or returns ErrNotFound.
	DeleteSSHKey(ctx context.Context, u UserID, name string) error
}
