package server

import (
	"context"
	"log/slog"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// listenForReplicas starts listening for the writes of other servers when
// db is shared with them (PostgreSQL); it returns nil for SQLite.
func listenForReplicas(ctx context.Context, db gatehouse.Store) (*postgres.Listener, error) {
	pg, ok := db.(*postgres.DB)
	if !ok {
		return nil, nil
	}
	return pg.Listen(ctx)
}

// followReplicas keeps this server's caches in step with the writes other
// servers commit, until ctx ends: each write makes the cached principals
// and settings stale (store's write count moves) and updates the
// authorization index as the write announced; after missed notices the
// index and the signing keys are reloaded whole.
func followReplicas(ctx context.Context, l *postgres.Listener, store *gatehouse.CountingStore, syncer *authsync.Syncer, issuer *token.Issuer, logger *slog.Logger) {
	l.Run(ctx, func(payload string, missed bool) {
		store.NoteWrite()
		if err := syncer.Receive(ctx, payload, missed); err != nil && ctx.Err() == nil {
			logger.ErrorContext(ctx, "applying another server's write to the authorization index", "err", err)
		}
		if missed {
			if err := issuer.Refresh(ctx); err != nil && ctx.Err() == nil {
				logger.ErrorContext(ctx, "reloading signing keys", "err", err)
			}
		}
	})
}
