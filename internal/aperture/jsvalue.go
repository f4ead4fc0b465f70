package aperture

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Values in a request context are JSON values as encoding/json decodes
// them (string, float64, bool, nil, []any, map[string]any), plus Date (or
// time.Time) for instants. The helpers below give them JavaScript's
// meaning, since rules compare them the way the reference does.

// Date is a JavaScript Date: milliseconds since the epoch, NaN when invalid.
type Date struct{ ms float64 }

// NewDate returns the Date of t, truncated to the millisecond.
func NewDate(t time.Time) Date { return Date{float64(t.UnixMilli())} }

// ParseDate is JavaScript's `new Date(s)`; the Date is invalid when s is
// not a date the reference understands.
func ParseDate(s string) Date { return Date{jsDateParse(s)} }

// Valid reports whether d is a valid date.
func (d Date) Valid() bool { return !math.IsNaN(d.ms) }

func (d Date) time() time.Time { return time.UnixMilli(int64(d.ms)).UTC() }

// undefined is JavaScript's undefined (an absent property).
type undefined struct{}

// jsToNumber is JavaScript's ToNumber for strings.
func jsToNumber(s string) float64 {
	s = strings.TrimFunc(s, func(r rune) bool { return isJSSpace(r) || r == '\u2028' || r == '\u2029' })
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			v := 0.0
			for _, c := range s[2:] {
				d := digitVal(c)
				if d < 0 || d >= base {
					return math.NaN()
				}
				v = v*float64(base) + float64(d)
			}
			return v
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return math.NaN()
		}
	}
	if mant, _, _ := strings.Cut(strings.ToLower(s), "e"); strings.IndexAny(mant, "0123456789") < 0 {
		return math.NaN() // no digits before the exponent
	}
	if strings.HasSuffix(s, ".") && !strings.ContainsAny(s, "eE") {
		s += "0"
	}
	s = strings.Replace(strings.Replace(s, ".e", ".0e", 1), ".E", ".0E", 1)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "-.") || strings.HasPrefix(s, "+.") {
		s = strings.Replace(s, ".", "0.", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}

func digitVal(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// jsNumberString is JavaScript's Number.prototype.toString().
func jsNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	a := math.Abs(f)
	if a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if exp[0] == '+' {
		exp = exp[1:]
		return mant + "e+" + strings.TrimLeft(exp, "0")
	}
	return mant + "e-" + strings.TrimLeft(exp[1:], "0")
}

var weekdays = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// jsToString is JavaScript's String(v) (dates in UTC, as the reference
// runs with TZ=UTC).
func jsToString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case undefined:
		return "undefined"
	case nil:
		return "null"
	case bool:
		if v {
			return "true"
		}
		return "false"
	case float64:
		return jsNumberString(v)
	case Date:
		if !v.Valid() {
			return "Invalid Date"
		}
		t := v.time()
		return weekdays[t.Weekday()] + t.Format(" Jan 02 ") + jsYear(t.Year()) + t.Format(" 15:04:05") + " GMT+0000 (Coordinated Universal Time)"
	case time.Time:
		return jsToString(NewDate(v))
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			if e != nil {
				parts[i] = jsToString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

func jsYear(y int) string {
	if y < 0 {
		return "-" + leftPad(strconv.Itoa(-y), 4)
	}
	return leftPad(strconv.Itoa(y), 4)
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// jsPrimitive is ToPrimitive with hint number: a float64 or a string.
func jsPrimitive(v any) (num float64, str string, isStr bool) {
	switch v := v.(type) {
	case string:
		return 0, v, true
	case float64:
		return v, "", false
	case bool:
		if v {
			return 1, "", false
		}
		return 0, "", false
	case nil:
		return 0, "", false
	case undefined:
		return math.NaN(), "", false
	case Date:
		return v.ms, "", false
	case time.Time:
		return NewDate(v).ms, "", false
	}
	return 0, jsToString(v), true
}

// jsCompare is JavaScript's abstract relational comparison of a context
// value with a policy string: -1, 0 or 1, or ok=false when undefined (NaN).
func jsCompare(v any, s string) (int, bool) {
	num, str, isStr := jsPrimitive(v)
	if isStr {
		return compareUTF16(str, s), true
	}
	p := jsToNumber(s)
	if math.IsNaN(num) || math.IsNaN(p) {
		return 0, false
	}
	switch {
	case num < p:
		return -1, true
	case num > p:
		return 1, true
	}
	return 0, true
}

// compareUTF16 orders strings by UTF-16 code units, as JavaScript does.
func compareUTF16(a, b string) int {
	ascii := true
	for i := 0; i < len(a) && ascii; i++ {
		ascii = a[i] < 0x80
	}
	for i := 0; i < len(b) && ascii; i++ {
		ascii = b[i] < 0x80
	}
	if ascii {
		return strings.Compare(a, b)
	}
	x, y := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(x) < len(y):
		return -1
	case len(x) > len(y):
		return 1
	}
	return 0
}
