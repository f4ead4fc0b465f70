package authsync

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Announce attaches c to the notice that tx's commit sends to the other
// servers sharing the store, if it is such a store (gatehouse.ChangeNotifier),
// so that they apply the same changes to their own index (Receive).
func Announce(tx gatehouse.Tx, c *Changes) error {
	n, ok := tx.(gatehouse.ChangeNotifier)
	if !ok || c == nil || len(c.Users) == 0 && len(c.Objects) == 0 && !c.Catalog {
		return nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("announce authorization changes: %w", err)
	}
	n.NotifyChange(string(b))
	return nil
}

// Receive brings the index up to date with a write another server
// committed: it applies the changes the write announced, or reloads the
// whole index when notices were missed or the payload is not one Announce
// wrote. A write that announced nothing ("") changed nothing indexed.
func (s *Syncer) Receive(ctx context.Context, payload string, missed bool) error {
	if missed {
		return s.Reload(ctx)
	}
	if payload == "" {
		return nil
	}
	var c Changes
	if err := json.Unmarshal([]byte(payload), &c); err != nil {
		return s.Reload(ctx)
	}
	return s.Apply(ctx, &c)
}
