package gatehouse

import "context"

// SettingsStore keeps the server's settings: names and their values as
// text. The store does not interpret them; the identity package parses,
// validates and gives defaults to the settings it knows.
type SettingsStore interface {
	// GetSettings returns every stored setting by name. A setting never
	// put is absent; a new store has none.
	GetSettings(ctx context.Context) (map[string]string, error)
	// PutSetting stores value under name, replacing the earlier value.
	// It returns ErrInvalid if name is empty.
	PutSetting(ctx context.Context, name, value string) error
}
