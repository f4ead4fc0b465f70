package access

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// ActObjectResize changes an object's memory or disk.
const ActObjectResize identity.Action = "object.resize"

// maxSize is the largest memory (MiB) or disk (GiB) an object may state: a
// zebibyte of memory, an exbibyte of disk. It keeps sums far from overflow.
const maxSize = 1 << 40

// validZone checks a zone (datacenter) name: 1 to 64 letters, digits, '.',
// '-' and '_', beginning with a letter or digit. Empty passes unless
// required.
func validZone(field, zone string, required bool) error {
	if zone == "" {
		if required {
			return gatehouse.Invalid(field, "is required")
		}
		return nil
	}
	if len(zone) > 64 || !isAlnum(zone[0]) || !allOf(zone, "._-") {
		return gatehouse.Invalid(field, "must be 1 to 64 letters, digits, '.', '-' or '_', beginning with a letter or digit, not %q", zone)
	}
	return nil
}

// validLabel checks an image or OS name: up to 128 letters, digits and
// ". - _ : @ / +", beginning with a letter or digit. Empty passes.
func validLabel(field, v string) error {
	if v != "" && (len(v) > 128 || !isAlnum(v[0]) || !allOf(v, "._-:@/+")) {
		return gatehouse.Invalid(field, "must be 1 to 128 letters, digits, '.', '-', '_', ':', '@', '/' or '+', beginning with a letter or digit, not %q", v)
	}
	return nil
}

// validSize checks a memory (MiB) or disk (GiB) size: 0 (not stated) up
// to maxSize.
func validSize(field string, n int64, unit string) error {
	if n < 0 || n > maxSize {
		return gatehouse.Invalid(field, "must be a size in %s from 0 to %d, not %d", unit, int64(maxSize), n)
	}
	return nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// allOf reports whether every byte of s is a letter, a digit or in extra.
func allOf(s, extra string) bool {
	for i := range len(s) {
		c := s[i]
		if !isAlnum(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// validSizes checks the size attributes of an object, every problem at
// once.
func validSizes(o *gatehouse.Object) error {
	return errors.Join(validZone("zone", o.Zone, false), validSize("memory", o.Memory, "MiB"),
		validSize("disk", o.Disk, "GiB"), validLabel("image", o.Image), validLabel("os", o.OS))
}

// ResizeInput names an object and its new memory and disk; nil leaves a
// size as it is.
type ResizeInput struct {
	Type, ID string
	Memory   *int64 // MiB
	Disk     *int64 // GiB
}

// ResizeObject changes the memory or disk of an object. It needs update
// on the object, and the provisioning limits that count the object must
// allow the new sizes.
func (s *Service) ResizeObject(ctx context.Context, p *identity.Principal, in ResizeInput) (string, error) {
	ref := in.Type + "/" + in.ID
	err := s.Identity.Change(ctx, p, ActObjectResize, in.Type, in.ID, func(tx gatehouse.Tx, ch *authsync.Changes) (map[string]any, error) {
		if in.Type == namespaceType {
			return nil, gatehouse.Invalid("object_type", "namespaces have no sizes")
		}
		if in.Memory == nil && in.Disk == nil {
			return nil, gatehouse.Invalid("memory", "give the new memory, the new disk, or both")
		}
		if err := s.access(ctx, tx, p, ActObjectResize, in.Type, in.ID, authz.OpUpdate); err != nil {
			return nil, err
		}
		old, err := tx.ObjectByRef(ctx, in.Type, in.ID)
		if err != nil {
			return nil, err
		}
		o := old
		changes := map[string]any{}
		if in.Memory != nil {
			o.Memory, changes["memory"] = *in.Memory, *in.Memory
		}
		if in.Disk != nil {
			o.Disk, changes["disk"] = *in.Disk, *in.Disk
		}
		if err := validSizes(&o); err != nil {
			return nil, err
		}
		if err := s.enforceLimits(ctx, tx, &old, &o); err != nil {
			return nil, err
		}
		if err := tx.UpdateObject(ctx, o); err != nil {
			return nil, err
		}
		ch.Object(in.Type, in.ID)
		return changes, nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Object %s resized", ref), nil
}
