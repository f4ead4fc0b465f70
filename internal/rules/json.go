package rules

import (
	"encoding/json"
	"fmt"
	"math"
)

// ParseJSON decodes one JSON document into a Value, as Python's json.loads
// does: integers stay integers of any size, a repeated key keeps its first
// position and its last value, and NaN, Infinity and -Infinity are
// accepted.
func ParseJSON(data []byte) (Value, error) {
	d := decoder{data: data}
	d.space()
	v, err := d.value(0)
	if err != nil {
		return Value{}, err
	}
	d.space()
	if d.pos != len(d.data) {
		return Value{}, d.errorf("unexpected data after the JSON value")
	}
	return v, nil
}

// UnmarshalJSON decodes JSON into v.
func (v *Value) UnmarshalJSON(data []byte) error {
	x, err := ParseJSON(data)
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// maxNesting bounds the nesting of decoded JSON, as Python's recursion
// limit bounds json.loads.
const maxNesting = 900

type decoder struct {
	data       []byte
	pos        int
	keyOffsets map[string]int // when set, where each key of the outermost object starts
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON at offset %d: %s", d.pos, fmt.Sprintf(format, args...))
}

func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) literal(word string) bool {
	if len(d.data)-d.pos >= len(word) && string(d.data[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return true
	}
	return false
}

func (d *decoder) value(depth int) (Value, error) {
	if depth > maxNesting {
		return Value{}, d.errorf("nested too deeply")
	}
	if d.pos >= len(d.data) {
		return Value{}, d.errorf("unexpected end of input")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, err := d.str()
		return StringValue(s), err
	case d.literal("null"):
		return Value{}, nil
	case d.literal("true"):
		return BoolValue(true), nil
	case d.literal("false"):
		return BoolValue(false), nil
	case d.literal("NaN"):
		return floatValue(math.NaN()), nil
	case d.literal("Infinity"):
		return floatValue(math.Inf(1)), nil
	case d.literal("-Infinity"):
		return floatValue(math.Inf(-1)), nil
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	return Value{}, d.errorf("unexpected character %q", d.data[d.pos])
}

func (d *decoder) object(depth int) (Value, error) {
	d.pos++
	o := &object{}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return Value{kind: Object, obj: o}, nil
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return Value{}, d.errorf("expected a member name")
		}
		start := d.pos
		k, err := d.str()
		if err != nil {
			return Value{}, err
		}
		if _, seen := d.keyOffsets[k]; depth == 0 && d.keyOffsets != nil && !seen {
			d.keyOffsets[k] = start
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return Value{}, d.errorf("expected ':'")
		}
		d.pos++
		d.space()
		v, err := d.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		o.set(k, v)
		d.space()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.pos++
			return Value{kind: Object, obj: o}, nil
		}
		return Value{}, d.errorf("expected ',' or '}'")
	}
}

func (d *decoder) array(depth int) (Value, error) {
	d.pos++
	vs := []Value{}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return ListValue(vs...), nil
	}
	for {
		d.space()
		v, err := d.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		vs = append(vs, v)
		d.space()
		if d.pos < len(d.data) && d.data[d.pos] == ',' {
			d.pos++
			continue
		}
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.pos++
			return ListValue(vs...), nil
		}
		return Value{}, d.errorf("expected ',' or ']'")
	}
}

// str decodes the string at d.pos; strings without escapes are sliced, the
// others handed to encoding/json.
func (d *decoder) str() (string, error) {
	start := d.pos
	d.pos++
	escaped := false
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			if !escaped {
				return string(d.data[start+1 : d.pos-1]), nil
			}
			var s string
			if err := json.Unmarshal(d.data[start:d.pos], &s); err != nil {
				return "", d.errorf("%v", err)
			}
			return s, nil
		case c == '\\':
			escaped = true
			d.pos += 2
		case c < 0x20:
			return "", d.errorf("control character in string")
		default:
			d.pos++
		}
	}
	return "", d.errorf("unterminated string")
}

func (d *decoder) number() (Value, error) {
	start := d.pos
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.data[d.pos] == '-' {
		d.pos++
		if d.literal("Infinity") {
			return floatValue(math.Inf(-1)), nil
		}
	}
	intStart := d.pos
	if n := digits(); n == 0 || n > 1 && d.data[intStart] == '0' {
		return Value{}, d.errorf("invalid number")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			return Value{}, d.errorf("invalid number")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			return Value{}, d.errorf("invalid number")
		}
	}
	return numberValue(string(d.data[start:d.pos])), nil
}
