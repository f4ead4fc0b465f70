package gatehouse

import (
	"context"
	"time"
)

// Agreement is a text superadmins publish for users to sign, as Arvados's
// clickthrough user agreements. A required one must be signed before an
// inactive user activates themself; one that applies to existing users
// must be signed by every active user too before they change anything.
type Agreement struct {
	ID              int64
	Name            string
	Text            string
	Required        bool
	ApplyToExisting bool
	CreatedAt       time.Time
}

// Signature records that a user signed an agreement, and when.
type Signature struct {
	AgreementID   int64
	AgreementName string // filled in by reads
	UserID        UserID
	UserName      UserName // filled in by reads
	SignedAt      time.Time
}

// AgreementStore keeps agreements and their signatures.
type AgreementStore interface {
	// CreateAgreement inserts a, setting a.ID; ErrConflict if the name is
	// taken.
	CreateAgreement(ctx context.Context, a *Agreement) error
	// AgreementByName returns the agreement called name, or ErrNotFound.
	AgreementByName(ctx context.Context, name string) (Agreement, error)
	// DeleteAgreement removes the agreement called name and its
	// signatures; ErrNotFound if absent.
	DeleteAgreement(ctx context.Context, name string) error
	// ListAgreements returns every agreement, by name.
	ListAgreements(ctx context.Context) ([]Agreement, error)
	// SignAgreement records s (its AgreementID, UserID and SignedAt). It
	// returns ErrConflict if the user already signed the agreement, and
	// ErrNotFound if the agreement or the user does not exist.
	SignAgreement(ctx context.Context, s Signature) error
	// Signatures returns the signatures of user u, or of every user if u
	// is 0, ordered by user id, then agreement name.
	Signatures(ctx context.Context, u UserID) ([]Signature, error)
	// UnsignedAgreements returns the required agreements user u has not
	// signed, by name.
	UnsignedAgreements(ctx context.Context, u UserID) ([]Agreement, error)
}
