package aperture

import (
	"math"
	"strings"
)

// A condition type validates policy values at parse time (compiling them
// once) and compares context values with them at evaluation time.
type condType struct {
	ops map[string]bool
	// compile validates a policy value for op, returning its compiled form.
	compile func(v, op string) (any, error)
	// compare runs op with a context value and a compiled policy value.
	compare func(op string, ctx, policy any) (bool, error)
}

type typeRegistry map[string]*condType

var ordered = map[string]bool{"=": true, "<": true, ">": true, "<=": true, ">=": true}

// builtinTypes are node-aperture's types.
var builtinTypes = &typeRegistry{
	"string":  {ops: map[string]bool{"=": true, "<": true, ">": true, "<=": true, ">=": true, "like": true}, compile: compileString, compare: compareString},
	"number":  {ops: ordered, compile: compileNumber, compare: compareNumber},
	"date":    {ops: ordered, compile: compileDate, compare: compareDate},
	"day":     {ops: ordered, compile: compileDay, compare: compareDay},
	"time":    {ops: ordered, compile: compileTime, compare: compareTime},
	"ip":      {ops: map[string]bool{"=": true}, compile: compileIP, compare: compareIP},
	"array":   {ops: map[string]bool{"contains": true}, compile: func(v, _ string) (any, error) { return v, nil }, compare: compareArray},
	"boolean": {ops: map[string]bool{"=": true, "!=": true}, compile: compileBool, compare: compareBool},
}

func assertion(msg string) error { return &Error{Kind: "AssertionError", Message: msg} }

// ordering applies an ordered operator to a three-way comparison.
func ordering(op string, c int, ok bool) bool {
	if !ok {
		return false
	}
	switch op {
	case "=":
		return c == 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	}
	return c >= 0
}

func cmpFloat(a, b float64) (int, bool) {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return 0, false
	case a < b:
		return -1, true
	case a > b:
		return 1, true
	}
	return 0, true
}

// string: = is strict equality; < > compare as JavaScript does; like is a
// /regex/flags test.
type stringPolicy struct {
	s  string
	re *jsRegexp
}

func compileString(v, op string) (any, error) {
	p := stringPolicy{s: v}
	if op == "like" {
		re, err := toRegExp(v)
		if err != nil {
			return nil, err
		}
		p.re = re
	}
	return p, nil
}

// toRegExp splits "/body/flags" as the reference does (substring with its
// argument swapping) and compiles it.
func toRegExp(s string) (*jsRegexp, error) {
	u := []rune(s)
	last := strings.LastIndex(s, "/")
	if last >= 0 {
		last = len([]rune(s[:last]))
	}
	from, to := 1, last
	if to < 0 {
		to = 0
	}
	if from > len(u) {
		from = len(u)
	}
	if from > to {
		from, to = to, from
	}
	return newJSRegexp(string(u[from:to]), string(u[last+1:]))
}

func compareString(op string, ctx, policy any) (bool, error) {
	p := policy.(stringPolicy)
	switch op {
	case "=":
		s, ok := ctx.(string)
		return ok && s == p.s, nil
	case "like":
		return p.re.test(jsToString(ctx)), nil
	}
	c, ok := jsCompare(ctx, p.s)
	return ordering(op, c, ok), nil
}

func compileNumber(v, _ string) (any, error) {
	f := jsToNumber(v)
	if math.IsNaN(f) {
		return nil, errorf("Error", "number: not a number")
	}
	return f, nil
}

func compareNumber(op string, ctx, policy any) (bool, error) {
	f, ok := ctx.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return false, assertion("context (number) is required")
	}
	c, ok := cmpFloat(f, policy.(float64))
	return ordering(op, c, ok), nil
}

// contextDate is assert.date: the context value must be a Date.
func contextDate(ctx any) (Date, error) {
	switch d := ctx.(type) {
	case Date:
		return d, nil
	}
	if t, ok := timeValue(ctx); ok {
		return NewDate(t), nil
	}
	return Date{}, assertion("context (Date) is required")
}

func compileDate(v, _ string) (any, error) {
	ms := jsDateParse(v)
	if math.IsNaN(ms) {
		return nil, errorf("Error", "date: unable to parse date")
	}
	return ms, nil
}

func compareDate(op string, ctx, policy any) (bool, error) {
	d, err := contextDate(ctx)
	if err != nil {
		return false, err
	}
	c, ok := cmpFloat(d.ms, policy.(float64))
	return ordering(op, c, ok), nil
}

var dayNames = map[string]float64{
	"monday": 1, "mon": 1, "m": 1, "tuesday": 2, "tue": 2, "t": 2,
	"wednesday": 3, "wed": 3, "w": 3, "thursday": 4, "thu": 4, "th": 4,
	"friday": 5, "fri": 5, "f": 5, "saturday": 6, "sat": 6, "s": 6,
	"sunday": 7, "sun": 7, "su": 7,
}

// isoDay is 1 (Monday) to 7 (Sunday), NaN for an invalid date.
func isoDay(ms float64) float64 {
	if math.IsNaN(ms) {
		return math.NaN()
	}
	d := Date{ms}.time().Weekday()
	if d == 0 {
		return 7
	}
	return float64(d)
}

func stringToDay(s string) float64 {
	if d, ok := dayNames[strings.ToLower(s)]; ok {
		return d
	}
	if f := jsToNumber(s); !math.IsNaN(f) {
		return f
	}
	return isoDay(jsDateParse(s))
}

func compileDay(v, _ string) (any, error) {
	d := stringToDay(v)
	if math.IsNaN(d) {
		return nil, errorf("Error", "day: unable to parse day")
	}
	if d < 1 || d > 7 {
		return nil, errorf("Error", "day: day must be between 1 (Monday) and 7 (Sunday)")
	}
	return d, nil
}

func compareDay(op string, ctx, policy any) (bool, error) {
	d, err := contextDate(ctx)
	if err != nil {
		return false, err
	}
	c, ok := cmpFloat(isoDay(d.ms), policy.(float64))
	return ordering(op, c, ok), nil
}

// daySeconds is the UTC time of day in seconds, NaN for an invalid date.
func daySeconds(ms float64) float64 {
	if math.IsNaN(ms) {
		return math.NaN()
	}
	t := Date{ms}.time()
	return float64(t.Hour()*3600 + t.Minute()*60 + t.Second())
}

// timeOfDay reads hh:mm:ss, or any date, as seconds into the UTC day.
func timeOfDay(s string) float64 {
	if parts := strings.Split(s, ":"); len(parts) == 3 {
		h, m, sec := jsToNumber(parts[0]), jsToNumber(parts[1]), jsToNumber(parts[2])
		if h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59 {
			return math.Trunc(h)*3600 + math.Trunc(m)*60 + math.Trunc(sec)
		}
		if !(math.IsNaN(h) || math.IsNaN(m) || math.IsNaN(sec)) {
			return math.NaN()
		}
	}
	return daySeconds(jsDateParse(s))
}

func compileTime(v, _ string) (any, error) {
	s := timeOfDay(v)
	if math.IsNaN(s) {
		return nil, errorf("Error", "time: invalid time")
	}
	return s, nil
}

func compareTime(op string, ctx, policy any) (bool, error) {
	d, err := contextDate(ctx)
	if err != nil {
		return false, err
	}
	c, ok := cmpFloat(daySeconds(d.ms), policy.(float64))
	return ordering(op, c, ok), nil
}

type ipPolicy struct {
	addr ipAddr
	bits float64
}

func compileIP(v, _ string) (any, error) {
	parts := strings.Split(v, "/")
	a, err := parseIP(parts[0])
	if err != nil {
		return nil, err
	}
	upper := 32.0
	if a.v6 {
		upper = 128
	}
	if len(parts) > 1 {
		b := jsToNumber(parts[1])
		if b < 0 || b > upper {
			return nil, errorf("Error", "prefix size must be between 0 and %d", int(upper))
		}
	}
	p := ipPolicy{addr: a, bits: upper}
	if len(parts) > 1 && parts[1] != "" {
		p.bits = jsToNumber(parts[1])
	}
	return p, nil
}

// IPValue is a context value of type ip read once: a request's source
// address compared with many rules is parsed once. It compares exactly as
// the string it was made from (the same address, or the same error).
type IPValue struct {
	addr ipAddr
	err  error
}

// ParseIPValue reads s as ipaddr.js does, for a context value of type ip.
func ParseIPValue(s string) *IPValue {
	a, err := parseIP(s)
	return &IPValue{a, err}
}

func compareIP(_ string, ctx, policy any) (bool, error) {
	p := policy.(ipPolicy)
	var c ipAddr
	switch v := ctx.(type) {
	case *IPValue:
		if v.err != nil {
			return false, v.err
		}
		c = v.addr
	case string:
		var err error
		if c, err = parseIP(v); err != nil {
			return false, err
		}
	default:
		return false, errorf("TypeError", "string.match is not a function")
	}
	switch {
	case c.v6 == p.addr.v6:
		return c.match(p.addr, p.bits), nil
	case !c.v6:
		return c.mapped().match(p.addr, p.bits), nil
	case c.isIPv4Mapped():
		return c.unmapped().match(p.addr, p.bits), nil
	}
	return false, nil
}

func compareArray(_ string, ctx, policy any) (bool, error) {
	arr, ok := ctx.([]any)
	if !ok {
		if ss, ok2 := ctx.([]string); ok2 {
			for _, s := range ss {
				if s == policy.(string) {
					return true, nil
				}
			}
			return false, nil
		}
		return false, assertion("context ([string]) required")
	}
	for _, e := range arr {
		if _, ok := e.(string); !ok {
			return false, assertion("context (string) is required")
		}
	}
	for _, e := range arr {
		if e.(string) == policy.(string) {
			return true, nil
		}
	}
	return false, nil
}

func compileBool(v, _ string) (any, error) {
	if v != "true" && v != "false" {
		return nil, errorf("Error", "boolean: must be true or false")
	}
	return v == "true", nil
}

func compareBool(op string, ctx, policy any) (bool, error) {
	b, ok := ctx.(bool)
	if !ok {
		return false, assertion("context (boolean) is required")
	}
	if op == "=" {
		return b == policy.(bool), nil
	}
	return b != policy.(bool), nil
}
