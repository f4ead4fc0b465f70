package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// The hash chain. A record's canonical encoding is its fields but the id,
// in a fixed order, each prefixed by its length: the time in RFC 3339 with
// nanoseconds in UTC, the actor id in decimal, the strings as they are,
// the changes as JSON with sorted keys (empty when there are none), and
// last PrevHash. Hash is the hex SHA-256 of that encoding, and PrevHash the
// Hash of the record before, so that changing, removing or reordering any
// record breaks the chain at that record or the next. The store writes
// one record at a time (SQLite serializes writers), so reading the last
// Hash and appending in one transaction keeps the chain straight.

// chain sets r's PrevHash to the newest record's Hash, read in tx, and
// r's Hash. It first gives r.Changes the form they read back in, so the
// hash computed now is the hash Verify computes later.
func chain(ctx context.Context, tx Appender, r *gatehouse.AuditRecord) error {
	if len(r.Changes) > 0 {
		b, err := json.Marshal(r.Changes)
		if err != nil {
			return fmt.Errorf("changes: %w", err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("changes: %w", err)
		}
		r.Changes = m
	}
	prev, err := tx.LastAuditHash(ctx)
	if err != nil {
		return err
	}
	r.PrevHash = prev
	r.Hash, err = Hash(r)
	return err
}

// Canonical returns the canonical encoding of r, which Hash hashes.
func Canonical(r *gatehouse.AuditRecord) ([]byte, error) {
	var changes []byte
	if len(r.Changes) > 0 {
		var err error
		if changes, err = json.Marshal(r.Changes); err != nil {
			return nil, fmt.Errorf("changes of audit record %d: %w", r.ID, err)
		}
	}
	b := make([]byte, 0, 256+len(changes))
	for _, f := range []string{
		r.Time.UTC().Format(time.RFC3339Nano), strconv.FormatInt(int64(r.ActorID), 10),
		string(r.ActorName), string(r.ActorTenant), r.Action, r.ObjectType, r.ObjectID,
		r.Source, r.Outcome, r.Reason, string(changes), r.RequestID, r.PrevHash,
	} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b, nil
}

// Hash returns the hex SHA-256 of r's canonical encoding.
func Hash(r *gatehouse.AuditRecord) (string, error) {
	b, err := Canonical(r)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Verification is the result of Verify.
type Verification struct {
	Records int64 // records read, those before the chain began included
	Chained int64 // records checked against the chain
	// Checkpoint is the checkpoint verification started from (0 for
	// none), and PrunedThrough the last record it pruned.
	Checkpoint    int64
	PrunedThrough int64
	// BrokenCheckpoint is the checkpoint that is not genuine, if
	// Checkpoint is; BrokenID the first record that breaks the chain; 0
	// if none does. Reason says why.
	BrokenCheckpoint int64
	BrokenID         int64
	Reason           string
}

// Intact reports whether nothing broke the chain.
func (v *Verification) Intact() bool { return v.BrokenID == 0 && v.BrokenCheckpoint == 0 }

// Trail is what Verify reads: the records and the newest checkpoint. A
// gatehouse.Tx is one.
type Trail interface {
	AuditChain(ctx context.Context, after int64, limit int) ([]gatehouse.AuditRecord, error)
	LastAuditCheckpoint(ctx context.Context) (gatehouse.AuditCheckpoint, error)
}

// verifyPage is how many records Verify reads at a time.
const verifyPage = 10_000

// Verify walks the trail in tx, oldest first, from the newest checkpoint,
// whose signature it checks first with signer (unless signer is nil, for
// tools that lack the server's keys), and reports the first record whose Hash
// is not that of its contents or whose PrevHash is not the Hash of the
// record before (for the first record, the checkpoint's LastHash).
// Records written before the chain began (up to the checkpoint's
// Unchained, with no Hash) are counted but not checked; any other record
// without a Hash breaks the chain.
func Verify(ctx context.Context, tx Trail, signer Signer) (Verification, error) {
	var v Verification
	cp, err := tx.LastAuditCheckpoint(ctx)
	switch {
	case errors.Is(err, gatehouse.ErrNotFound):
		cp = gatehouse.AuditCheckpoint{}
	case err != nil:
		return v, err
	default:
		v.Checkpoint, v.PrunedThrough = cp.ID, cp.LastID
		if err := checkCheckpoint(&cp, signer); err != nil {
			v.BrokenCheckpoint, v.Reason = cp.ID, err.Error()
			return v, nil
		}
	}
	after, prev, started := cp.LastID, cp.LastHash, cp.LastHash != ""
	for {
		rs, err := tx.AuditChain(ctx, after, verifyPage)
		if err != nil {
			return v, err
		}
		for i := range rs {
			r := &rs[i]
			v.Records++
			after = r.ID
			if r.Hash == "" && r.ID <= cp.Unchained && !started {
				continue
			}
			v.Chained++
			h, err := Hash(r)
			if err != nil {
				return v, err
			}
			switch {
			case r.Hash == "":
				v.BrokenID, v.Reason = r.ID, "it has no hash, though the chain began before it: its hash was removed"
			case r.PrevHash != prev && v.Chained == 1 && cp.LastID != 0:
				v.BrokenID, v.Reason = r.ID, fmt.Sprintf("its prev_hash is not the hash of record %d, the last that checkpoint %d pruned: records were changed, removed or inserted before it", cp.LastID, cp.ID)
			case r.PrevHash != prev:
				v.BrokenID, v.Reason = r.ID, "its prev_hash is not the hash of the record before: a record was changed, removed or inserted before it"
			case h != r.Hash:
				v.BrokenID, v.Reason = r.ID, "its contents do not match its hash: it was changed"
			}
			if v.BrokenID != 0 {
				return v, nil
			}
			started = true
			prev = h
		}
		if len(rs) < verifyPage {
			return v, nil
		}
	}
}
