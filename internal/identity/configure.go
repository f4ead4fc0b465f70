package identity

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The actions on settings. Both need a superadmin logged into
// Administrators, on top of the capability entry.
const (
	ActSettingsView Action = "settings.view"
	ActSettingsSet  Action = "settings.set"
)

// Setting is one setting as the settings commands show it.
type Setting struct {
	Name        string
	Value       string
	Default     string
	Description string
}

// settingsCache holds the settings with the store's write count when they
// were read. Any committed write makes them stale, so every server sharing
// the database sees a change on its next request after its own next write,
// and this server at once.
type settingsCache struct {
	mu     sync.Mutex
	s      Settings
	writes uint64
	ok     bool
}

// settingsIn returns the current settings, read in tx.
func (s *Service) settingsIn(ctx context.Context, tx gatehouse.Tx) (Settings, error) {
	m, err := tx.GetSettings(ctx)
	if err != nil {
		return Settings{}, err
	}
	st, err := ParseSettings(m)
	if err != nil {
		return Settings{}, fmt.Errorf("stored settings: %w", err)
	}
	return st, nil
}

// Settings returns the current settings. When the store counts its writes
// they are cached until the next write; otherwise each call reads them.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var writes uint64
	if s.writes != nil {
		writes = s.writes()
		s.settings.mu.Lock()
		st, ok := s.settings.s, s.settings.ok && s.settings.writes == writes
		s.settings.mu.Unlock()
		if ok {
			return st, nil
		}
	}
	var st Settings
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		st, err = s.settingsIn(ctx, tx)
		return err
	})
	if err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	if s.writes != nil {
		s.settings.mu.Lock()
		s.settings.s, s.settings.writes, s.settings.ok = st, writes, true
		s.settings.mu.Unlock()
	}
	return st, nil
}

// ListSettings returns every setting with its current value, in a fixed
// order. Only a superadmin logged into Administrators may read them.
func (s *Service) ListSettings(ctx context.Context, p *Principal) ([]Setting, error) {
	var out []Setting
	err := s.view(ctx, p, ActSettingsView, "SETTING", "", func(tx gatehouse.Tx) error {
		if err := s.authorizeSystem(p, ActSettingsView); err != nil {
			return err
		}
		st, err := s.settingsIn(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range settingDefs {
			out = append(out, Setting{Name: d.name, Value: d.format(&st), Default: d.def, Description: d.doc})
		}
		return nil
	})
	return out, err
}

// SetSetting changes the setting called name to value, after checking
// that value is valid and agrees with the other settings; otherwise it
// changes nothing and returns a *gatehouse.FieldError naming the setting.
// The value is stored as the settings print it ("1800s" becomes "30m").
func (s *Service) SetSetting(ctx context.Context, p *Principal, name, value string) (string, error) {
	d, err := settingDefByName(name)
	if err != nil {
		return "", s.Reject(ctx, p, ActSettingsSet, "SETTING", name, err)
	}
	var canonical string
	err = s.Change(ctx, p, ActSettingsSet, "SETTING", name, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorizeSystem(p, ActSettingsSet); err != nil {
			return nil, err
		}
		m, err := tx.GetSettings(ctx)
		if err != nil {
			return nil, err
		}
		old, err := ParseSettings(m)
		if err != nil {
			return nil, fmt.Errorf("stored settings: %w", err)
		}
		m[name] = value
		st, err := ParseSettings(m)
		if err != nil {
			return nil, err
		}
		if err := checkDefaultTenant(ctx, tx, name, &st); err != nil {
			return nil, err
		}
		canonical = d.format(&st)
		if err := tx.PutSetting(ctx, name, canonical); err != nil {
			return nil, err
		}
		return map[string]any{"value": canonical, "previous": d.format(&old)}, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Setting %s is now %q", name, canonical), nil
}

// authorizeSystem lets only a superadmin logged into Administrators,
// whose capabilities grant act's entry, read or change settings and
// publish or remove agreements.
func (s *Service) authorizeSystem(p *Principal, act Action) error {
	if err := requireSuperadmin(p, act); err != nil {
		return err
	}
	if err := s.allowed(p, act); err != nil {
		return err
	}
	return s.operatorRules(p, act, Target{})
}

// checkDefaultTenant refuses to set users.default_tenant to a tenant that
// does not exist.
func checkDefaultTenant(ctx context.Context, tx gatehouse.Tx, name string, st *Settings) error {
	if name != "users.default_tenant" || st.UsersDefaultTenant == "" {
		return nil
	}
	_, err := tx.TenantByName(ctx, st.UsersDefaultTenant)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return gatehouse.Invalid(name, "tenant %s does not exist: add it first with 'gatehouse tenant add %s'", st.UsersDefaultTenant, st.UsersDefaultTenant)
	}
	return err
}
