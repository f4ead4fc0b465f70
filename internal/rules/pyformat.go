package rules

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is Python's printf-style formatting (str % mapping), which
// oslo.policy applies to the text after the colon of every check, with the
// target as the mapping: "%(project_id)s" becomes the target's project_id.

// template is a check's match text split at its conversion specifiers. It is
// built once when the rule is parsed.
type template struct {
	text  string
	specs []spec
}

// spec is one conversion specifier and the literal text before it. A
// malformed specifier is kept as an error raised when formatting reaches it,
// as Python raises it only then.
type spec struct {
	lit    string
	key    string
	hasKey bool
	flags  string
	width  int // -1 none, -2 '*'
	prec   int // -1 none, -2 '*'
	conv   byte
	err    *pyError // ValueError for a malformed specifier
}

// parseTemplate splits s at its conversion specifiers.
func parseTemplate(s string) template {
	t := template{text: s}
	lit := 0
	for i := 0; i < len(s); {
		if s[i] != '%' {
			i++
			continue
		}
		sp := spec{lit: s[lit:i], width: -1, prec: -1}
		j := i + 1
		if j < len(s) && s[j] == '%' {
			// "%%" is a literal percent sign.
			sp.lit = s[lit : i+1]
			t.specs = append(t.specs, sp)
			i, lit = j+1, j+1
			t.specs[len(t.specs)-1].conv = '%'
			continue
		}
		sp.conv, j = parseSpec(s, j, &sp)
		t.specs = append(t.specs, sp)
		if sp.err != nil {
			return t
		}
		i, lit = j, j
	}
	if lit < len(s) || len(t.specs) == 0 {
		t.specs = append(t.specs, spec{lit: s[lit:], conv: 0})
	}
	return t
}

// parseSpec reads the specifier starting after '%' at s[j].
func parseSpec(s string, j int, sp *spec) (byte, int) {
	if j < len(s) && s[j] == '(' {
		depth, k := 1, j+1
		for k < len(s) && depth > 0 {
			switch s[k] {
			case '(':
				depth++
			case ')':
				depth--
			}
			k++
		}
		if depth > 0 {
			sp.err = &pyError{"ValueError", "incomplete format key"}
			return 0, len(s)
		}
		sp.key, sp.hasKey = s[j+1:k-1], true
		j = k
	}
	for j < len(s) && strings.IndexByte("-+ #0", s[j]) >= 0 {
		sp.flags += s[j : j+1]
		j++
	}
	sp.width, j = parseNum(s, j)
	if j < len(s) && s[j] == '.' {
		sp.prec, j = parseNum(s, j+1)
		if sp.prec == -1 {
			sp.prec = 0
		}
	}
	if j < len(s) && (s[j] == 'h' || s[j] == 'l' || s[j] == 'L') {
		j++
	}
	if j >= len(s) {
		sp.err = &pyError{"ValueError", "incomplete format"}
		return 0, j
	}
	c := s[j]
	if strings.IndexByte("sradiuxXoeEfFgGc", c) < 0 {
		r, _ := utf8.DecodeRuneInString(s[j:])
		sp.err = &pyError{"ValueError", "unsupported format character " + strconv.QuoteRune(r)}
		return 0, j
	}
	return c, j + 1
}

func parseNum(s string, j int) (int, int) {
	if j < len(s) && s[j] == '*' {
		return -2, j + 1
	}
	n, start := 0, j
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		if n < 1<<30 {
			n = n*10 + int(s[j]-'0')
		}
		j++
	}
	if j == start {
		return -1, j
	}
	return n, j
}

// isPlainKey reports whether the template is exactly "%(key)s".
func (t *template) isPlainKey() bool {
	return len(t.specs) == 1 && t.specs[0].hasKey && t.specs[0].conv == 's' &&
		t.specs[0].lit == "" && t.specs[0].flags == "" && t.specs[0].width == -1 && t.specs[0].prec == -1
}

// format returns t % target. The common shapes, text without specifiers and
// exactly "%(key)s" with a scalar value, do not allocate.
func (t *template) format(target Value) (string, error) {
	mapping := target.kind == Object || target.kind == List
	if len(t.specs) == 1 && t.specs[0].conv == 0 && t.specs[0].err == nil {
		if !mapping {
			return "", &pyError{"TypeError", "not all arguments converted during string formatting"}
		}
		return t.text, nil
	}
	if t.isPlainKey() {
		v, err := lookupKey(target, t.specs[0].key)
		if err != nil {
			return "", err
		}
		return v.pyStr(), nil
	}
	var b strings.Builder
	used := false
	for i := range t.specs {
		sp := &t.specs[i]
		b.WriteString(sp.lit)
		var v Value
		if sp.hasKey {
			x, err := lookupKey(target, sp.key)
			if err != nil {
				return "", err
			}
			v, used = x, true
		}
		if sp.err != nil {
			return "", sp.err
		}
		if sp.conv == 0 || sp.conv == '%' {
			continue
		}
		if sp.width == -2 || sp.prec == -2 {
			return "", &pyError{"TypeError", "* wants int"}
		}
		if !sp.hasKey {
			if used {
				return "", &pyError{"TypeError", "not enough arguments for format string"}
			}
			v, used = target, true
		}
		s, err := convert(sp, v)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if !used && !mapping {
		return "", &pyError{"TypeError", "not all arguments converted during string formatting"}
	}
	return b.String(), nil
}

func lookupKey(target Value, key string) (Value, error) {
	switch target.kind {
	case Object:
		v, ok := target.Get(key)
		if !ok {
			return Value{}, errKey
		}
		return v, nil
	case List:
		return Value{}, &pyError{"TypeError", "list indices must be integers or slices, not str"}
	}
	return Value{}, &pyError{"TypeError", "format requires a mapping"}
}

func typeName(v Value) string {
	return [...]string{"NoneType", "bool", "int", "float", "str", "list", "dict"}[v.kind]
}

// convert applies one conversion to v.
func convert(sp *spec, v Value) (string, error) {
	switch sp.conv {
	case 's', 'r', 'a':
		var s string
		switch sp.conv {
		case 's':
			s = v.pyStr()
		case 'r':
			s = v.pyRepr(false)
		default:
			s = v.pyRepr(true)
		}
		if sp.prec >= 0 && utf8.RuneCountInString(s) > sp.prec {
			s = string([]rune(s)[:sp.prec])
		}
		return pad(s, sp), nil
	case 'c':
		switch v.kind {
		case String:
			if utf8.RuneCountInString(v.str) == 1 {
				return pad(v.str, sp), nil
			}
			return "", &pyError{"TypeError", "%c requires int or char"}
		case Int, Bool:
			n, ok := new(big.Int).SetString(intText(v), 10)
			if !ok || n.Sign() < 0 || n.Cmp(big.NewInt(0x10ffff)) > 0 {
				return "", &pyError{"OverflowError", "%c arg not in range(0x110000)"}
			}
			return pad(string(rune(n.Int64())), sp), nil
		}
		return "", &pyError{"TypeError", "%c requires int or char"}
	case 'd', 'i', 'u', 'x', 'X', 'o':
		return formatInt(sp, v)
	}
	return formatFloat(sp, v)
}

func intText(v Value) string {
	if v.kind == Bool {
		if v.b {
			return "1"
		}
		return "0"
	}
	return v.str
}

func formatInt(sp *spec, v Value) (string, error) {
	var n *big.Int
	switch v.kind {
	case Int, Bool:
		n, _ = new(big.Int).SetString(intText(v), 10)
	case Float:
		if sp.conv == 'x' || sp.conv == 'X' || sp.conv == 'o' {
			return "", &pyError{"TypeError", "%" + string(sp.conv) + " format: an integer is required, not float"}
		}
		if math.IsInf(v.num, 0) {
			return "", &pyError{"OverflowError", "cannot convert float infinity to integer"}
		}
		if math.IsNaN(v.num) {
			return "", &pyError{"ValueError", "cannot convert float NaN to integer"}
		}
		n, _ = new(big.Float).SetFloat64(math.Trunc(v.num)).Int(nil)
	default:
		what := "a real number"
		if sp.conv == 'x' || sp.conv == 'X' || sp.conv == 'o' {
			what = "an integer"
		}
		return "", &pyError{"TypeError", "%" + string(sp.conv) + " format: " + what + " is required, not " + typeName(v)}
	}
	neg := n.Sign() < 0
	n.Abs(n)
	var digits, prefix string
	switch sp.conv {
	case 'x':
		digits, prefix = n.Text(16), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(n.Text(16)), "0X"
	case 'o':
		digits, prefix = n.Text(8), "0o"
	default:
		digits = n.Text(10)
	}
	if !strings.Contains(sp.flags, "#") {
		prefix = ""
	}
	if sp.prec > len(digits) {
		digits = strings.Repeat("0", sp.prec-len(digits)) + digits
	}
	return padNumber(sign(neg, sp.flags)+prefix, digits, sp), nil
}

func formatFloat(sp *spec, v Value) (string, error) {
	var f float64
	switch v.kind {
	case Float:
		f = v.num
	case Int, Bool:
		n, _ := new(big.Int).SetString(intText(v), 10)
		f, _ = new(big.Float).SetInt(n).Float64()
		if math.IsInf(f, 0) {
			return "", &pyError{"OverflowError", "int too large to convert to float"}
		}
	default:
		return "", &pyError{"TypeError", "must be real number, not " + typeName(v)}
	}
	prec := sp.prec
	if prec < 0 {
		prec = 6
	}
	neg := math.Signbit(f)
	f = math.Abs(f)
	var body string
	switch {
	case math.IsInf(f, 0):
		body = "inf"
	case math.IsNaN(f):
		body, neg = "nan", false
	default:
		body = floatBody(f, sp.conv|0x20, prec, strings.Contains(sp.flags, "#"))
	}
	if sp.conv == 'E' || sp.conv == 'F' || sp.conv == 'G' {
		body = strings.ToUpper(body)
	}
	return padNumber(sign(neg, sp.flags), body, sp), nil
}

func sign(neg bool, flags string) string {
	switch {
	case neg:
		return "-"
	case strings.Contains(flags, "+"):
		return "+"
	case strings.Contains(flags, " "):
		return " "
	}
	return ""
}

// padNumber pads a number to the width: zeros after the sign with the '0'
// flag, spaces otherwise.
func padNumber(prefix, digits string, sp *spec) string {
	n := len(prefix) + len(digits)
	if sp.width <= n {
		return prefix + digits
	}
	fill := sp.width - n
	switch {
	case strings.Contains(sp.flags, "-"):
		return prefix + digits + strings.Repeat(" ", fill)
	case strings.Contains(sp.flags, "0"):
		return prefix + strings.Repeat("0", fill) + digits
	}
	return strings.Repeat(" ", fill) + prefix + digits
}

func pad(s string, sp *spec) string {
	n := utf8.RuneCountInString(s)
	if sp.width <= n {
		return s
	}
	if strings.Contains(sp.flags, "-") {
		return s + strings.Repeat(" ", sp.width-n)
	}
	return strings.Repeat(" ", sp.width-n) + s
}

// floatBody formats a finite, non-negative f for the conversion conv ('e',
// 'f' or 'g') as C's printf does; alt is the '#' flag: a decimal point
// always, and for 'g' the trailing zeros kept.
func floatBody(f float64, conv byte, prec int, alt bool) string {
	if conv == 'g' {
		if prec == 0 {
			prec = 1
		}
		e := strconv.FormatFloat(f, 'e', prec-1, 64)
		exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
		var body string
		if -4 <= exp && exp < prec {
			body = strconv.FormatFloat(f, 'f', prec-1-exp, 64)
		} else {
			body = e
		}
		mant, expPart, _ := strings.Cut(body, "e")
		if expPart != "" {
			expPart = "e" + expPart
		}
		if alt {
			if !strings.Contains(mant, ".") {
				mant += "."
			}
		} else if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		return mant + expPart
	}
	body := strconv.FormatFloat(f, conv, prec, 64)
	if alt && prec == 0 {
		mant, expPart, _ := strings.Cut(body, "e")
		if expPart != "" {
			expPart = "e" + expPart
		}
		body = mant + "." + expPart
	}
	return body
}
