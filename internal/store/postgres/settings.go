package postgres

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// GetSettings implements gatehouse.SettingsStore.
func (tx *tx) GetSettings(ctx context.Context) (map[string]string, error) {
	rows, err := tx.tx.Query(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		m[name] = value
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return m, nil
}

// PutSetting implements gatehouse.SettingsStore.
func (tx *tx) PutSetting(ctx context.Context, name, value string) error {
	if name == "" {
		return fmt.Errorf("put setting: %w", gatehouse.Invalid("name", "is required"))
	}
	_, err := tx.write(ctx, nil, `INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	if err != nil {
		return fmt.Errorf("put setting %q: %w", name, err)
	}
	return nil
}
