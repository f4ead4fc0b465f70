package rules

import (
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
	index map[string]int // built once the object has more than smallObject keys
}

// smallObject is the size up to which an object is searched key by key,
// faster than hashing for the objects credentials and targets are.
const smallObject = 8

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
	o := &object{}
	for i, k := range keys {
		o.set(k, vals[i])
	}
	return Value{kind: Object, obj: o}
}

// Kind reports the kind of v.
func (v Value) Kind() Kind { return v.kind }

func (o *object) set(k string, v Value) {
	if i, ok := o.find(k); ok {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	switch {
	case o.index != nil:
		o.index[k] = len(o.keys) - 1
	case len(o.keys) > smallObject:
		o.index = make(map[string]int, len(o.keys))
		for i, k := range o.keys {
			o.index[k] = i
		}
	}
}

func (o *object) find(k string) (int, bool) {
	if o.index != nil {
		i, ok := o.index[k]
		return i, ok
	}
	for i, x := range o.keys {
		if x == k {
			return i, true
		}
	}
	return 0, false
}

// Get returns the member named k of an object Value.
func (v Value) Get(k string) (Value, bool) {
	if v.kind != Object {
		return Value{}, false
	}
	i, ok := v.obj.find(k)
	if !ok {
		return Value{}, false
	}
	return v.obj.vals[i], true
}

// Text returns the text of a String Value, or the digits of an Int.
func (v Value) Text() string {
	if v.kind == String || v.kind == Int {
		return v.str
	}
	return ""
}

// Elems returns the elements of a list Value, nil for any other.
func (v Value) Elems() []Value {
	if v.kind != List {
		return nil
	}
	return v.list
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
