package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
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
func chain(ctx context.Context, tx gatehouse.AuditStore, r *gatehouse.AuditRecord) error {
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
	Records  int64  // records read, those before the chain began included
	Chained  int64  // records checked against the chain
	BrokenID int64  // the first record that breaks the chain; 0 if none does
	Reason   string // why BrokenID breaks it
}

// verifyPage is how many records Verify reads at a time.
const verifyPage = 10_000

// Verify walks the whole trail in tx, oldest first, and reports the first
// record whose Hash is not that of its contents or whose PrevHash is not
// the Hash of the record before. Records written before the chain began
// (with no Hash) are counted but not checked; once the chain has begun,
// a record without one breaks it.
func Verify(ctx context.Context, tx gatehouse.AuditStore) (Verification, error) {
	var v Verification
	var after int64
	prev, started := "", false
	for {
		rs, err := tx.AuditChain(ctx, after, verifyPage)
		if err != nil {
			return v, err
		}
		for i := range rs {
			r := &rs[i]
			v.Records++
			after = r.ID
			if r.Hash == "" && !started {
				continue
			}
			started = true
			v.Chained++
			h, err := Hash(r)
			if err != nil {
				return v, err
			}
			switch {
			case r.PrevHash != prev:
				v.BrokenID, v.Reason = r.ID, "its prev_hash is not the hash of the record before: a record was changed, removed or inserted before it"
			case h != r.Hash:
				v.BrokenID, v.Reason = r.ID, "its contents do not match its hash: it was changed"
			}
			if v.BrokenID != 0 {
				return v, nil
			}
			prev = h
		}
		if len(rs) < verifyPage {
			return v, nil
		}
	}
}
