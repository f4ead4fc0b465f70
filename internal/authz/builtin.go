package authz

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// catalogJSON holds the built-in capabilities exactly as the Robin
// document's catalog lists them (the custom example left out).
//
//go:embed catalog.json
var catalogJSON []byte

// derivedJSON holds the capabilities the document refers to but does not
// list, and the entries Gatehouse adds to listed ones. CATALOG.md explains
// each.
//
//go:embed derived.json
var derivedJSON []byte

// ownJSON holds capabilities that are Gatehouse's own, with no
// counterpart in the Robin document (CATALOG.md, "Gatehouse's own").
//
//go:embed own.json
var ownJSON []byte

// derivedFile is the shape of derived.json and own.json.
type derivedFile struct {
	Capabilities []Capability `json:"capabilities"`
	// Amendments add entries to capabilities of catalog.json.
	Amendments []struct {
		Name    string  `json:"name"`
		Entries []Entry `json:"capability_entries"`
	} `json:"amendments"`
}

// builtinCapabilities returns the built-in capabilities ordered by id. The
// result is shared; callers must not modify it.
var builtinCapabilities = sync.OnceValue(func() []Capability {
	caps, err := loadBuiltin(catalogJSON, derivedJSON, ownJSON)
	if err != nil {
		panic("authz: " + err.Error())
	}
	return caps
})

// loadBuiltin decodes the embedded files, applies the amendments and
// orders the result by id. own may be nil.
func loadBuiltin(catalog, derived, own []byte) ([]Capability, error) {
	var caps []Capability
	if err := decodeStrict(catalog, &caps); err != nil {
		return nil, fmt.Errorf("catalog.json: %w", err)
	}
	var d derivedFile
	if err := decodeStrict(derived, &d); err != nil {
		return nil, fmt.Errorf("derived.json: %w", err)
	}
	if own != nil {
		var o derivedFile
		if err := decodeStrict(own, &o); err != nil {
			return nil, fmt.Errorf("own.json: %w", err)
		}
		d.Capabilities = append(d.Capabilities, o.Capabilities...)
	}
	for _, a := range d.Amendments {
		i := slices.IndexFunc(caps, func(c Capability) bool { return c.Name == a.Name })
		if i < 0 {
			return nil, fmt.Errorf("derived.json: amendment of unknown capability %q", a.Name)
		}
		caps[i].Entries = append(caps[i].Entries, a.Entries...)
	}
	caps = append(caps, d.Capabilities...)
	slices.SortStableFunc(caps, func(a, b Capability) int { return cmp.Compare(a.ID, b.ID) })
	return caps, nil
}

// decodeStrict decodes data into v, refusing unknown fields and trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// BuiltinRegistry returns a new registry holding the object types and
// operations named by the built-in capabilities: every type that appears
// in an entry, with the standard operations plus every other operation
// some entry names for it.
func BuiltinRegistry() *Registry {
	var types []ObjectType
	ops := map[ObjectType][]Operation{}
	for _, c := range builtinCapabilities() {
		for _, e := range c.Entries {
			if _, ok := ops[e.Type]; !ok {
				types = append(types, e.Type)
			}
			ops[e.Type] = append(ops[e.Type], e.Op)
		}
	}
	r := NewRegistry()
	for _, t := range types {
		if err := r.Register(t, ops[t]...); err != nil {
			panic("authz: built-in catalog: " + err.Error())
		}
	}
	return r
}

// BuiltinCapabilities returns copies of the built-in capabilities, ordered
// by id: those of the Robin document and those derived from it
// (CATALOG.md).
func BuiltinCapabilities() []Capability {
	src := builtinCapabilities()
	caps := make([]Capability, len(src))
	for i, c := range src {
		caps[i] = c.Clone()
	}
	return caps
}

// Builtin returns a new catalog of the built-in capabilities over a new
// BuiltinRegistry. Each call builds a separate catalog and registry, so
// registering types in one does not affect another; a program builds one
// and keeps it.
func Builtin() *Catalog {
	c, err := New(BuiltinRegistry(), BuiltinCapabilities())
	if err != nil {
		panic("authz: built-in catalog: " + err.Error())
	}
	return c
}
