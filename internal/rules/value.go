package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Kind is the type of a Value, one per JSON type, with JSON numbers split
// into Python's int and float as json.loads splits them.
type Kind uint8

// The kinds of Value.
const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	List
	Object
)

// Value is a JSON value as Python's json.loads sees it: the target and the
// credentials a rule is checked against. Scalars carry their Python str()
// form, computed once when the value is built, so evaluation compares
// strings without allocating.
type Value struct {
	kind Kind
	str  string  // String: the text; Int: decimal digits; Float: Python repr
	num  float64 // Float
	b    bool    // Bool
	list []Value // List
	obj  *object // Object
}

// object is a Python dict decoded from JSON: keys keep the position of their
// first occurrence and the value of their last, as json.loads does.
type object struct {
	keys  []string
	vals  []Value
	index map[string]int
}

// StringValue returns a string Value.
func StringValue(s string) Value { return Value{kind: String, str: s} }

// BoolValue returns a boolean Value.
func BoolValue(b bool) Value { return Value{kind: Bool, b: b} }

// IntValue returns an integer Value.
func IntValue(i int64) Value { return Value{kind: Int, str: strconv.FormatInt(i, 10)} }

// NullValue returns JSON null (Python None).
func NullValue() Value { return Value{} }

// ListValue returns a list Value holding vs.
func ListValue(vs ...Value) Value { return Value{kind: List, list: vs} }

// ObjectValue returns an object Value with the given keys and values, in
// order; a repeated key keeps its first position and its last value.
func ObjectValue(keys []string, vals []Value) Value {
	o := &object{index: make(map[string]int, len(keys))}
	for i, k := range keys {
		o.set(k, vals[i])
	}
	return Value{kind: Object, obj: o}
}

// Kind reports the kind of v.
func (v Value) Kind() Kind { return v.kind }

func (o *object) set(k string, v Value) {
	if i, ok := o.index[k]; ok {
		o.vals[i] = v
		return
	}
	o.index[k] = len(o.keys)
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

// Get returns the member named k of an object Value.
func (v Value) Get(k string) (Value, bool) {
	if v.kind != Object {
		return Value{}, false
	}
	i, ok := v.obj.index[k]
	if !ok {
		return Value{}, false
	}
	return v.obj.vals[i], true
}

// ParseJSON decodes one JSON document into a Value.
func ParseJSON(data []byte) (Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return Value{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Value{}, fmt.Errorf("unexpected data after the JSON value")
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

func decodeValue(dec *json.Decoder) (Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return Value{}, err
	}
	switch t := tok.(type) {
	case nil:
		return Value{}, nil
	case bool:
		return BoolValue(t), nil
	case string:
		return StringValue(t), nil
	case json.Number:
		return numberValue(string(t)), nil
	case json.Delim:
		switch t {
		case '[':
			vs := []Value{}
			for dec.More() {
				x, err := decodeValue(dec)
				if err != nil {
					return Value{}, err
				}
				vs = append(vs, x)
			}
			_, err := dec.Token()
			return ListValue(vs...), err
		case '{':
			o := &object{index: map[string]int{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return Value{}, err
				}
				x, err := decodeValue(dec)
				if err != nil {
					return Value{}, err
				}
				o.set(kt.(string), x)
			}
			_, err := dec.Token()
			return Value{kind: Object, obj: o}, err
		}
	}
	return Value{}, fmt.Errorf("unexpected JSON token %v", tok)
}

// numberValue turns a JSON number into Python's int or float.
func numberValue(s string) Value {
	if !strings.ContainsAny(s, ".eE") {
		if s == "-0" {
			s = "0"
		}
		return Value{kind: Int, str: s}
	}
	f, _ := strconv.ParseFloat(s, 64) // JSON syntax is already checked; out of range gives ±Inf as Python does
	return floatValue(f)
}

func floatValue(f float64) Value { return Value{kind: Float, num: f, str: floatRepr(f)} }

// floatRepr formats f as Python's repr(float) does.
func floatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// truthy reports Python's bool(v).
func (v Value) truthy() bool {
	switch v.kind {
	case Bool:
		return v.b
	case Int:
		return v.str != "0"
	case Float:
		return v.num != 0
	case String:
		return v.str != ""
	case List:
		return len(v.list) > 0
	case Object:
		return len(v.obj.keys) > 0
	}
	return false
}

// pyStr returns Python's str(v). Scalars do not allocate.
func (v Value) pyStr() string {
	switch v.kind {
	case Null:
		return "None"
	case Bool:
		if v.b {
			return "True"
		}
		return "False"
	case Int, Float, String:
		return v.str
	}
	var b strings.Builder
	v.writeRepr(&b, false)
	return b.String()
}

// pyRepr returns Python's repr(v), or ascii(v) when ascii is set.
func (v Value) pyRepr(ascii bool) string {
	var b strings.Builder
	v.writeRepr(&b, ascii)
	return b.String()
}

func (v Value) writeRepr(b *strings.Builder, ascii bool) {
	switch v.kind {
	case String:
		writeStringRepr(b, v.str, ascii)
	case List:
		b.WriteByte('[')
		for i, x := range v.list {
			if i > 0 {
				b.WriteString(", ")
			}
			x.writeRepr(b, ascii)
		}
		b.WriteByte(']')
	case Object:
		b.WriteByte('{')
		for i, k := range v.obj.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeStringRepr(b, k, ascii)
			b.WriteString(": ")
			v.obj.vals[i].writeRepr(b, ascii)
		}
		b.WriteByte('}')
	default:
		b.WriteString(v.pyStr())
	}
}
