package rules

import (
	"encoding/json"
	"math"
	"strings"
)

// MarshalJSON encodes v as JSON, numbers as Python's json.dumps writes them.
func (v Value) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	v.writeJSON(&b)
	return []byte(b.String()), nil
}

// JSON returns v encoded as JSON.
func (v Value) JSON() string {
	var b strings.Builder
	v.writeJSON(&b)
	return b.String()
}

func (v Value) writeJSON(b *strings.Builder) {
	switch v.kind {
	case Null:
		b.WriteString("null")
	case Bool:
		if v.b {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Int:
		b.WriteString(v.str)
	case Float:
		switch {
		case math.IsNaN(v.num):
			b.WriteString("NaN")
		case math.IsInf(v.num, 1):
			b.WriteString("Infinity")
		case math.IsInf(v.num, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(v.str)
		}
	case String:
		s, _ := json.Marshal(v.str)
		b.Write(s)
	case List:
		b.WriteByte('[')
		for i, x := range v.list {
			if i > 0 {
				b.WriteByte(',')
			}
			x.writeJSON(b)
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		for i, k := range v.obj.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			s, _ := json.Marshal(k)
			b.Write(s)
			b.WriteByte(':')
			v.obj.vals[i].writeJSON(b)
		}
		b.WriteByte('}')
	}
}
