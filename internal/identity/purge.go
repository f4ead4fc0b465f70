package identity

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// PurgeExpired forgets the records and revocations of tokens that have
// expired: they can no longer be used, so keeping them only costs space.
// The server runs it periodically.
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.Now().UTC()
	err := s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		if err := tx.PurgeRevocations(ctx, now); err != nil {
			return err
		}
		return tx.PurgeTokens(ctx, now)
	})
	if err != nil {
		return fmt.Errorf("purge expired tokens: %w", err)
	}
	return nil
}
