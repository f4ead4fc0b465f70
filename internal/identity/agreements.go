package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// User agreements, as Arvados's clickthrough agreements. Superadmins
// publish them; anyone logged in, active or not, reads and signs them. A
// required agreement gates self-activation: an inactive user activates
// themself only once they have signed every required one. A required
// agreement applied to existing users also binds every active user,
// existing or added later: until they sign it their login says so
// (Session.Pending) and they may only read (Principal.ReadOnly). An
// administrator's 'user activate' bypasses the agreements that gate
// activation, not those applied to existing users. Removing an agreement
// removes its signatures, so a new version under the same name is signed
// again.

// The actions on agreements.
const (
	ActAgreementAdd    Action = "agreement.add"
	ActAgreementRemove Action = "agreement.remove"
	ActAgreementList   Action = "agreement.list"
	ActAgreementSign   Action = "agreement.sign"
	ActSignatureList   Action = "agreement.signatures"
)

// maxAgreementLen bounds an agreement's text; a request body holds 1 MiB.
const maxAgreementLen = 256 << 10

// agreementName is what an agreement's name may be: safe in a URL path
// and a table.
var agreementName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// AgreementInput describes an agreement to publish.
type AgreementInput struct {
	Name            string
	Text            string
	Required        bool
	ApplyToExisting bool
}

// validate checks in.
func (in *AgreementInput) validate() error {
	if !agreementName.MatchString(in.Name) {
		return gatehouse.Invalid("name", "must be 1 to 64 letters, digits and . _ -, starting with a letter or digit (got %q)", in.Name)
	}
	switch {
	case strings.TrimSpace(in.Text) == "":
		return gatehouse.Invalid("text", "is empty: give the text users read and sign")
	case len(in.Text) > maxAgreementLen:
		return gatehouse.Invalid("text", "must be at most %d bytes, not %d", maxAgreementLen, len(in.Text))
	case !utf8.ValidString(in.Text) || strings.ContainsRune(in.Text, 0):
		return gatehouse.Invalid("text", "must be UTF-8 text without NUL bytes")
	case in.ApplyToExisting && !in.Required:
		return gatehouse.Invalid("apply_to_existing", "only a required agreement applies to existing users: add --required")
	}
	return nil
}

// AgreementView is an agreement with when the caller signed it (the zero
// time if they have not).
type AgreementView struct {
	gatehouse.Agreement
	SignedAt time.Time
}

// AddAgreement publishes an agreement. Superadmins only.
func (s *Service) AddAgreement(ctx context.Context, p *Principal, in AgreementInput) (string, error) {
	if err := in.validate(); err != nil {
		return "", s.Reject(ctx, p, ActAgreementAdd, "AGREEMENT", in.Name, err)
	}
	err := s.Change(ctx, p, ActAgreementAdd, "AGREEMENT", in.Name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorizeSystem(p, ActAgreementAdd); err != nil {
			return nil, err
		}
		a := gatehouse.Agreement{Name: in.Name, Text: in.Text, Required: in.Required, ApplyToExisting: in.ApplyToExisting, CreatedAt: s.Now().UTC()}
		err := tx.CreateAgreement(ctx, &a)
		if errors.Is(err, gatehouse.ErrConflict) {
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "agreement %s already exists: remove it first or choose another name", in.Name)
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"required": a.Required, "apply_to_existing": a.ApplyToExisting, "bytes": len(a.Text)}, nil
	})
	if err != nil {
		return "", err
	}
	switch {
	case in.ApplyToExisting:
		return fmt.Sprintf("Added agreement %s (required of every user, existing ones included)", in.Name), nil
	case in.Required:
		return fmt.Sprintf("Added agreement %s (required before activation)", in.Name), nil
	}
	return fmt.Sprintf("Added agreement %s", in.Name), nil
}

// RemoveAgreement removes the agreement called name and its signatures.
// Superadmins only.
func (s *Service) RemoveAgreement(ctx context.Context, p *Principal, name string) (string, error) {
	err := s.Change(ctx, p, ActAgreementRemove, "AGREEMENT", name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorizeSystem(p, ActAgreementRemove); err != nil {
			return nil, err
		}
		err := tx.DeleteAgreement(ctx, name)
		if errors.Is(err, gatehouse.ErrNotFound) {
			return nil, errNoAgreement(name)
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"removed": true}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Removed agreement %s", name), nil
}

func errNoAgreement(name string) error {
	return gatehouse.Errorf(gatehouse.ErrNotFound, "agreement %s does not exist: see 'gatehouse agreement list'", name)
}

// ListAgreements returns every agreement, by name, with when p signed it.
// Anyone logged in may.
func (s *Service) ListAgreements(ctx context.Context, p *Principal) ([]AgreementView, error) {
	var out []AgreementView
	err := s.view(ctx, p, ActAgreementList, "AGREEMENT", "", func(tx gatehouse.Tx) error {
		if err := s.operatorRules(p, ActAgreementList, Target{}); err != nil {
			return err
		}
		as, err := tx.ListAgreements(ctx)
		if err != nil {
			return err
		}
		signed, err := signedAt(ctx, tx, p.User.ID)
		if err != nil {
			return err
		}
		for _, a := range as {
			out = append(out, AgreementView{Agreement: a, SignedAt: signed[a.ID]})
		}
		return nil
	})
	return out, err
}

// GetAgreement returns the agreement called name, with when p signed it.
// Anyone logged in may.
func (s *Service) GetAgreement(ctx context.Context, p *Principal, name string) (AgreementView, error) {
	var out AgreementView
	err := s.view(ctx, p, ActAgreementList, "AGREEMENT", name, func(tx gatehouse.Tx) error {
		if err := s.operatorRules(p, ActAgreementList, Target{}); err != nil {
			return err
		}
		a, err := agreementByName(ctx, tx, name)
		if err != nil {
			return err
		}
		signed, err := signedAt(ctx, tx, p.User.ID)
		out = AgreementView{Agreement: a, SignedAt: signed[a.ID]}
		return err
	})
	return out, err
}

// agreementByName is tx.AgreementByName with a message fit for the client.
func agreementByName(ctx context.Context, tx gatehouse.Tx, name string) (gatehouse.Agreement, error) {
	a, err := tx.AgreementByName(ctx, name)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return a, errNoAgreement(name)
	}
	return a, err
}

// signedAt returns when user u signed each agreement, by agreement id.
func signedAt(ctx context.Context, tx gatehouse.Tx, u gatehouse.UserID) (map[int64]time.Time, error) {
	sigs, err := tx.Signatures(ctx, u)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]time.Time, len(sigs))
	for _, g := range sigs {
		m[g.AgreementID] = g.SignedAt
	}
	return m, nil
}

// SignAgreement records that p signed the agreement called name. Anyone
// logged in may, inactive users included; signing twice is ErrConflict.
func (s *Service) SignAgreement(ctx context.Context, p *Principal, name string) (string, error) {
	var pending []string
	err := s.Change(ctx, p, ActAgreementSign, "AGREEMENT", name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.operatorRules(p, ActAgreementSign, Target{}); err != nil {
			return nil, err
		}
		a, err := agreementByName(ctx, tx, name)
		if err != nil {
			return nil, err
		}
		u, err := tx.UserByID(ctx, p.User.ID)
		if err != nil {
			return nil, err
		}
		err = tx.SignAgreement(ctx, gatehouse.Signature{AgreementID: a.ID, UserID: u.ID, SignedAt: s.Now().UTC()})
		if errors.Is(err, gatehouse.ErrConflict) {
			signed, err := signedAt(ctx, tx, u.ID)
			if err != nil {
				return nil, err
			}
			return nil, gatehouse.Errorf(gatehouse.ErrConflict, "you already signed agreement %s, at %s", name, signed[a.ID].Format(time.RFC3339))
		}
		if err != nil {
			return nil, err
		}
		if pending, err = Pending(ctx, tx, &u); err != nil {
			return nil, err
		}
		return map[string]any{"signed": true}, nil
	})
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("Signed agreement %s", name)
	switch {
	case len(pending) > 0:
		return msg + fmt.Sprintf("; still to sign: %s", strings.Join(pending, ", ")), nil
	case p.User.Inactive && p.User.Invited:
		return msg + fmt.Sprintf("; every required agreement is signed: activate yourself with 'gatehouse user activate %s'", p.User.Name), nil
	}
	return msg, nil
}

// ListSignatures returns the signatures of the user called user, by
// agreement name, for themself or whoever may view them (as for user
// view); with no user, everyone's for a superadmin and p's own for
// anyone else.
func (s *Service) ListSignatures(ctx context.Context, p *Principal, user gatehouse.UserName) ([]gatehouse.Signature, error) {
	var out []gatehouse.Signature
	err := s.view(ctx, p, ActSignatureList, "USER", string(user), func(tx gatehouse.Tx) error {
		var id gatehouse.UserID
		switch {
		case user != "":
			u, t, err := loadTarget(ctx, tx, user)
			if err != nil {
				return err
			}
			if err := s.authorize(p, ActSignatureList, t); err != nil {
				return err
			}
			id = u.ID
		case !p.IsSuperadmin():
			id = p.User.ID
		}
		var err error
		out, err = tx.Signatures(ctx, id)
		return err
	})
	return out, err
}
