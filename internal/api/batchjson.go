package api

import (
	"bytes"
	"net/http"
)

// This file decodes the body of POST /api/v1/check/batch without
// encoding/json, which spends most of a 1,000-check batch allocating the
// same few strings again and again. The decoder accepts a subset of what
// the strict decoder of decode.go accepts, and reads it the same way (the
// fuzz test holds it to that); anything else it hands to decode.go, so
// clients see the same errors either way.

// decodeBatch reads a BatchCheckRequest from r's body.
func decodeBatch(w http.ResponseWriter, r *http.Request) (BatchCheckRequest, error) {
	body, err := readBody(w, r)
	if err != nil {
		return BatchCheckRequest{}, err
	}
	var req BatchCheckRequest
	if fastDecodeBatch(body, &req) {
		return req, nil
	}
	req = BatchCheckRequest{}
	err = strictUnmarshal(body, &req)
	return req, err
}

// batchParser is a cursor over a batch body.
type batchParser struct {
	data   []byte
	pos    int
	intern map[string]string
}

// fastDecodeBatch decodes data into req and reports whether it could. It
// gives up (returning false) on anything unusual: escapes or non-ASCII in
// strings, keys not spelled exactly as the wire type's, values of another
// type, syntax errors.
func fastDecodeBatch(data []byte, req *BatchCheckRequest) bool {
	p := batchParser{data: data, intern: make(map[string]string, 16)}
	ok := p.object(func(key []byte) bool {
		switch string(key) {
		case "user":
			return p.stringValue(&req.User)
		case "tenant":
			return p.stringValue(&req.Tenant)
		case "checks":
			return p.checks(&req.Checks)
		}
		return false
	})
	p.space()
	return ok && p.pos == len(p.data)
}

func (p *batchParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// consume skips space and then c, reporting whether c was there.
func (p *batchParser) consume(c byte) bool {
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

// null consumes a JSON null.
func (p *batchParser) null() bool {
	p.space()
	if len(p.data)-p.pos >= 4 && string(p.data[p.pos:p.pos+4]) == "null" {
		p.pos += 4
		return true
	}
	return false
}

// rawString returns the bytes of a plain string: printable ASCII without
// escapes.
func (p *batchParser) rawString() ([]byte, bool) {
	if !p.consume('"') {
		return nil, false
	}
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			s := p.data[start:p.pos]
			p.pos++
			return s, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		p.pos++
	}
	return nil, false
}

// stringValue reads a string or null into dst, interning it.
func (p *batchParser) stringValue(dst *string) bool {
	if p.null() {
		return true
	}
	b, ok := p.rawString()
	if !ok {
		return false
	}
	s, found := p.intern[string(b)]
	if !found {
		s = string(b)
		if len(p.intern) < 4096 {
			p.intern[s] = s
		}
	}
	*dst = s
	return true
}

// object reads an object, calling field for each key with the cursor on
// its value. Repeated keys are refused (encoding/json would keep the last).
func (p *batchParser) object(field func(key []byte) bool) bool {
	if !p.consume('{') {
		return false
	}
	if p.consume('}') {
		return true
	}
	var seen [4][]byte
	n := 0
	for {
		key, ok := p.rawString()
		if !ok || !p.consume(':') {
			return false
		}
		for _, k := range seen[:n] {
			if bytes.Equal(k, key) {
				return false
			}
		}
		if n < len(seen) {
			seen[n] = key
			n++
		}
		if !field(key) {
			return false
		}
		if p.consume('}') {
			return true
		}
		if !p.consume(',') {
			return false
		}
	}
}

// checks reads the array of checks, or null.
func (p *batchParser) checks(dst *[]CheckItem) bool {
	if p.null() {
		*dst = nil
		return true
	}
	if !p.consume('[') {
		return false
	}
	out := make([]CheckItem, 0, 64)
	if p.consume(']') {
		*dst = out
		return true
	}
	for {
		var c CheckItem
		ok := p.object(func(key []byte) bool {
			switch string(key) {
			case "operation":
				return p.stringValue(&c.Operation)
			case "object_type":
				return p.stringValue(&c.ObjectType)
			case "object_id":
				return p.stringValue(&c.ObjectID)
			}
			return false
		})
		if !ok {
			return false
		}
		out = append(out, c)
		if p.consume(']') {
			*dst = out
			return true
		}
		if !p.consume(',') {
			return false
		}
	}
}
