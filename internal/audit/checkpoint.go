package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Checkpoints. Pruning the oldest records would break the chain at the
// first record kept, whose PrevHash names a record no longer there. So the
// pruning transaction writes a checkpoint: the last pruned record's id and
// Hash, how many records it pruned, when, and the id of the key that signed
// all this with Ed25519 (the server's current token signing key, whose
// public half is in the JWKS). Verify starts from the newest checkpoint:
// the first record kept must chain to its LastHash. Rewriting the records
// kept, or the checkpoint, takes the private key.
//
// A trail older than the chain has an unsigned checkpoint, written by the
// migration that adds checkpoints, that prunes nothing and says where the
// chain began (Unchained); every checkpoint after carries Unchained
// forward, signed.

// checkpointDomain separates checkpoint signatures from every other use of
// the key, such as tokens.
const checkpointDomain = "gatehouse audit checkpoint v1"

// CheckpointMessage returns the bytes a checkpoint's signature covers: its
// fields but the id, key id and signature, each prefixed by its length,
// after a domain string. (The key id need not be covered: naming another
// key makes the signature fail.)
func CheckpointMessage(cp *gatehouse.AuditCheckpoint) []byte {
	b := make([]byte, 0, 256)
	for _, f := range []string{
		checkpointDomain, strconv.FormatInt(cp.LastID, 10), cp.LastHash, strconv.FormatInt(cp.Pruned, 10),
		strconv.FormatInt(cp.Unchained, 10), cp.Time.UTC().Format(time.RFC3339Nano),
	} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// Signer signs and checks checkpoints with the server's token signing
// keys; *token.Issuer is one.
type Signer interface {
	Sign(msg []byte) (kid string, sig []byte)
	VerifySignature(kid string, msg, sig []byte) error
}

// SignCheckpoint sets cp's time to now (to the microsecond, which every
// store keeps), and its key id and signature by signer's current key.
func SignCheckpoint(cp *gatehouse.AuditCheckpoint, signer Signer, now time.Time) {
	cp.Time = now.UTC().Truncate(time.Microsecond)
	cp.KeyID, cp.Signature = signer.Sign(CheckpointMessage(cp))
}

// checkCheckpoint reports why cp is not genuine, or nil if it is: signed by
// one of signer's keys (not checked when signer is nil), or the unsigned
// marker of where the chain began, which prunes nothing.
func checkCheckpoint(cp *gatehouse.AuditCheckpoint, signer Signer) error {
	if cp.KeyID == "" && len(cp.Signature) == 0 {
		if cp.LastID != 0 || cp.Pruned != 0 || cp.LastHash != "" {
			return errors.New("it is not signed, yet it says records were pruned")
		}
		return nil
	}
	if signer == nil {
		return nil
	}
	if err := signer.VerifySignature(cp.KeyID, CheckpointMessage(cp), cp.Signature); err != nil {
		return fmt.Errorf("its signature does not hold (%v): it was forged or changed", err)
	}
	return nil
}
