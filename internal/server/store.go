package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
)

// usesPostgres reports whether c selects the PostgreSQL backend.
func (c *Config) usesPostgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// validateDatabase reports the problems with the database settings.
func (c *Config) validateDatabase() []error {
	var errs []error
	if c.DatabaseURL != "" && !c.usesPostgres() {
		errs = append(errs, fmt.Errorf("--database: must be a postgres:// URL (got %q)", c.DatabaseURL))
	}
	if c.usesPostgres() && c.MasterKeyFile == "" && c.MasterKey == "" {
		errs = append(errs, errors.New("--database: every server sharing a PostgreSQL database needs the same master key: give --master-key-file or GATEHOUSE_MASTER_KEY"))
	}
	if c.DB.MaxConns < 0 || c.DB.MinConns < 0 || c.DB.ConnLifetime < 0 {
		errs = append(errs, errors.New("--db-max-conns, --db-min-conns and --db-conn-lifetime must not be negative"))
	}
	if c.DB.MaxConns > 0 && c.DB.MinConns > c.DB.MaxConns {
		errs = append(errs, fmt.Errorf("--db-min-conns (%d) must not exceed --db-max-conns (%d)", c.DB.MinConns, c.DB.MaxConns))
	}
	return errs
}

// openStore opens the store cfg names: PostgreSQL for a postgres:// URL,
// else SQLite in the data directory.
func openStore(ctx context.Context, cfg Config) (gatehouse.Store, error) {
	if cfg.usesPostgres() {
		db, err := postgres.Open(ctx, cfg.DatabaseURL, cfg.DB, cfg.Logger)
		if err != nil {
			return nil, fmt.Errorf("--database: %w", err)
		}
		return db, nil
	}
	return sqlite.Open(ctx, filepath.Join(cfg.DataDir, "gatehouse.db"), cfg.Logger)
}
