package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads policy.yaml files: the subset of YAML that OpenStack's
// policy files are written in, read as PyYAML's safe_load reads it (the
// differential test holds it to that). A file is one block mapping of rule
// names to rules, one rule a line:
//
//	# comments, on their own line or after a value
//	"compute:start": "rule:admin_or_owner"     double-quoted, with escapes
//	compute:stop: 'role:admin'                 single-quoted
//	admin_required: role:admin or is_admin:1   plain
//	legacy: [["role:admin"], ["project_id:%(project_id)s"]]
//	legacy_block:                              a block sequence of rules
//	  - ["role:admin"]
//	  - "is_admin:True"
//
// Plain values resolve as PyYAML's do for null (~, null, empty), booleans
// (true, yes, on, ...) and decimal integers. Anything else of YAML (block
// scalars, anchors, aliases, tags, flow mappings, values continued on the
// next line, plain values PyYAML would read as floats, dates or other
// numbers) is refused with its line and a hint to quote the rule: rules are
// text, and a refusal is better than a rule read differently from oslo.

// yamlUnsupported starts the message of a refusal of valid YAML this
// reader does not take.
const yamlUnsupported = "not supported in rule files"

// yamlReader is a cursor over the lines of a YAML rule file.
type yamlReader struct {
	lines    []string
	n        int            // index of the current line
	keyLines map[string]int // the line of each rule name
}

// parseYAML reads a YAML rule file into an object of rule names to rules,
// with the line of each name.
func parseYAML(data []byte) (Value, map[string]int, error) {
	if !utf8.Valid(data) {
		return Value{}, nil, fmt.Errorf("line 1: the file is not UTF-8")
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	r := &yamlReader{lines: strings.Split(text, "\n"), keyLines: map[string]int{}}
	obj := &object{}
	started := false
	for ; r.n < len(r.lines); r.n++ {
		line := r.lines[r.n]
		body := strings.TrimRight(line, " \t")
		switch {
		case isBlankYAML(body):
			continue
		case body == "---" && !started:
			started = true
			continue
		case body == "...":
			return r.rest(obj)
		case line[0] == ' ' || line[0] == '\t':
			return Value{}, nil, r.errorf("an indented line here is %s: start each rule name at the beginning of its line", yamlUnsupported)
		}
		started = true
		if err := r.entry(obj, body); err != nil {
			return Value{}, nil, err
		}
	}
	return Value{kind: Object, obj: obj}, r.keyLines, nil
}

// rest checks that only blank lines and comments follow "...".
func (r *yamlReader) rest(obj *object) (Value, map[string]int, error) {
	for r.n++; r.n < len(r.lines); r.n++ {
		if !isBlankYAML(r.lines[r.n]) {
			return Value{}, nil, r.errorf("a second document is %s", yamlUnsupported)
		}
	}
	return Value{kind: Object, obj: obj}, r.keyLines, nil
}

func isBlankYAML(line string) bool {
	t := strings.TrimLeft(line, " \t")
	return t == "" || t[0] == '#'
}

func (r *yamlReader) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", r.n+1, fmt.Sprintf(format, args...))
}

// entry reads the rule "name: value" of the current line, and of the block
// sequence under it.
func (r *yamlReader) entry(obj *object, line string) error {
	key, rest, err := r.key(line)
	if err != nil {
		return err
	}
	rest = strings.TrimLeft(rest, " ")
	var v Value
	if rest == "" || rest[0] == '#' {
		if v, err = r.blockSequence(); err != nil {
			return err
		}
	} else {
		s := &yamlScanner{r: r, s: rest}
		if v, err = s.value(false); err != nil {
			return err
		}
		if err := s.end(); err != nil {
			return err
		}
		if err := r.noContinuation(); err != nil {
			return err
		}
	}
	if _, seen := r.keyLines[key]; !seen {
		r.keyLines[key] = r.n + 1
	}
	obj.set(key, v)
	return nil
}

// key reads the rule name that starts line, and returns what follows its
// colon.
func (r *yamlReader) key(line string) (string, string, error) {
	s := &yamlScanner{r: r, s: line}
	if line[0] == '"' || line[0] == '\'' {
		k, err := s.quoted()
		if err != nil {
			return "", "", err
		}
		s.skipSpaces()
		if !strings.HasPrefix(s.s[s.i:], ":") {
			return "", "", r.errorf("a rule name is followed by ':'")
		}
		return k, s.s[s.i+1:], nil
	}
	if strings.IndexByte("[]{}&*!|>%@`,#", line[0]) >= 0 {
		return "", "", r.errorf("a rule name starting with %q: quote it", line[0])
	}
	if strings.HasPrefix(line, "? ") || line == "?" {
		return "", "", r.errorf("complex keys are %s", yamlUnsupported)
	}
	if strings.HasPrefix(line, "- ") || line == "-" {
		return "", "", r.errorf("a list is %s, which map rule names to rules", yamlUnsupported)
	}
	end := strings.Index(line, ": ")
	if strings.HasSuffix(line, ":") && (end < 0 || end > len(line)-1) {
		end = len(line) - 1
	}
	if c := strings.Index(line, " #"); c >= 0 && (end < 0 || c < end) {
		end = -1
	}
	if end < 0 {
		return "", "", r.errorf("expected 'name: rule'")
	}
	k := strings.TrimRight(line[:end], " ")
	v, err := s.resolvePlain(k)
	if err != nil {
		return "", "", err
	}
	if v.kind != String {
		return "", "", r.errorf("rule name %s is read as %s, not text: quote it", k, typeName(v))
	}
	return k, line[end+1:], nil
}

// noContinuation refuses a plain value continued on the next lines.
func (r *yamlReader) noContinuation() error {
	for i := r.n + 1; i < len(r.lines); i++ {
		l := r.lines[i]
		if isBlankYAML(l) {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			r.n = i
			return r.errorf("a rule continued on the next line is %s: write each rule on one line", yamlUnsupported)
		}
		return nil
	}
	return nil
}

// blockSequence reads the indented "- item" lines under a rule name; none
// is YAML's null.
func (r *yamlReader) blockSequence() (Value, error) {
	var items []Value
	indent := -1
	for r.n+1 < len(r.lines) {
		l := strings.TrimRight(r.lines[r.n+1], " \t")
		if isBlankYAML(l) {
			r.n++
			continue
		}
		t := strings.TrimLeft(l, " ")
		in := len(l) - len(t)
		if in == 0 && !strings.HasPrefix(t, "- ") && t != "-" {
			break
		}
		r.n++
		if strings.HasPrefix(t, "\t") {
			return Value{}, r.errorf("tabs cannot indent YAML")
		}
		if indent < 0 {
			indent = in
		}
		if in != indent || !(strings.HasPrefix(t, "- ") || t == "-") {
			return Value{}, r.errorf("under a rule name, anything but items '- rule' indented alike is %s", yamlUnsupported)
		}
		item := strings.TrimLeft(strings.TrimPrefix(t, "-"), " ")
		if item == "" || item[0] == '#' || strings.HasPrefix(item, "- ") || item == "-" {
			return Value{}, r.errorf("nested block sequences are %s: write the item as [\"check\", ...]", yamlUnsupported)
		}
		s := &yamlScanner{r: r, s: item}
		v, err := s.value(false)
		if err != nil {
			return Value{}, err
		}
		if err := s.end(); err != nil {
			return Value{}, err
		}
		items = append(items, v)
	}
	if items == nil {
		return Value{}, nil
	}
	return ListValue(items...), nil
}

// yamlScanner reads the values of one line.
type yamlScanner struct {
	r *yamlReader
	s string
	i int
}

func (s *yamlScanner) skipSpaces() {
	for s.i < len(s.s) && s.s[s.i] == ' ' {
		s.i++
	}
}

// end checks that only a comment follows the value.
func (s *yamlScanner) end() error {
	s.skipSpaces()
	if s.i < len(s.s) && s.s[s.i] != '#' {
		return s.r.errorf("unexpected %q after the rule", s.s[s.i:])
	}
	return nil
}

// value reads a scalar or a flow sequence; inFlow says it is in one.
func (s *yamlScanner) value(inFlow bool) (Value, error) {
	s.skipSpaces()
	if s.i >= len(s.s) {
		return Value{}, s.r.errorf("a value is missing")
	}
	switch c := s.s[s.i]; c {
	case '"', '\'':
		q, err := s.quoted()
		return StringValue(q), err
	case '[':
		return s.flowSequence()
	case '{':
		return Value{}, s.r.errorf("flow mappings are %s", yamlUnsupported)
	case '|', '>', '&', '*', '!', '%':
		return Value{}, s.r.errorf("%q (block scalars, anchors, aliases, tags, directives) is %s: quote the rule", c, yamlUnsupported)
	case '@', '`':
		return Value{}, s.r.errorf("a plain value cannot start with %q in YAML: quote the rule, as \"%c\"", c, c)
	case '#':
		return Value{}, s.r.errorf("a value is missing")
	}
	start := s.i
	for s.i < len(s.s) {
		c := s.s[s.i]
		if c == ' ' && s.i+1 < len(s.s) && s.s[s.i+1] == '#' {
			break
		}
		if c == ':' && (s.i+1 == len(s.s) || s.s[s.i+1] == ' ' || inFlow && strings.IndexByte(",[]{}", s.s[s.i+1]) >= 0) {
			return Value{}, s.r.errorf("': ' in a plain rule is %s: quote the rule", yamlUnsupported)
		}
		if inFlow && strings.IndexByte(",[]{}", c) >= 0 {
			break
		}
		s.i++
	}
	return s.resolvePlain(strings.TrimRight(s.s[start:s.i], " "))
}

// flowSequence reads "[item, ...]" on one line.
func (s *yamlScanner) flowSequence() (Value, error) {
	s.i++
	var items []Value
	for {
		s.skipSpaces()
		if s.i >= len(s.s) {
			return Value{}, s.r.errorf("a list continued on the next line is %s: close it with ']' on its line", yamlUnsupported)
		}
		if s.s[s.i] == ']' {
			s.i++
			return ListValue(items...), nil
		}
		v, err := s.value(true)
		if err != nil {
			return Value{}, err
		}
		items = append(items, v)
		s.skipSpaces()
		switch {
		case s.i < len(s.s) && s.s[s.i] == ',':
			s.i++
		case s.i < len(s.s) && s.s[s.i] == ']':
		default:
			return Value{}, s.r.errorf("expected ',' or ']' in a list")
		}
	}
}

// quoted reads a single- or double-quoted scalar on one line.
func (s *yamlScanner) quoted() (string, error) {
	q := s.s[s.i]
	var b strings.Builder
	for s.i++; s.i < len(s.s); s.i++ {
		c := s.s[s.i]
		switch {
		case c == q && q == '\'' && s.i+1 < len(s.s) && s.s[s.i+1] == '\'':
			b.WriteByte('\'')
			s.i++
		case c == q:
			s.i++
			return b.String(), nil
		case c == '\\' && q == '"':
			r, n, err := yamlEscape(s.s[s.i+1:])
			if err != nil {
				return "", s.r.errorf("%v", err)
			}
			b.WriteString(r)
			s.i += n
		default:
			b.WriteByte(c)
		}
	}
	return "", s.r.errorf("a quoted value continued on the next line is %s: close the quote on its line", yamlUnsupported)
}

// yamlEscape decodes the escape after a backslash of a double-quoted
// scalar, returning the text and how many bytes it took.
func yamlEscape(s string) (string, int, error) {
	if s == "" {
		return "", 0, fmt.Errorf("a line ending in '\\' inside quotes is %s", yamlUnsupported)
	}
	simple := map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
		'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029"}
	if r, ok := simple[s[0]]; ok {
		return r, 1, nil
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if width == 0 || len(s) < 1+width {
		return "", 0, fmt.Errorf("unknown escape \\%c in a double-quoted value", s[0])
	}
	n, err := strconv.ParseUint(s[1:1+width], 16, 32)
	if err != nil || n > utf8.MaxRune {
		return "", 0, fmt.Errorf("bad escape \\%s in a double-quoted value", s[:1+width])
	}
	return string(rune(n)), 1 + width, nil
}

var (
	yamlNull  = map[string]bool{"": true, "~": true, "null": true, "Null": true, "NULL": true}
	yamlTrue  = map[string]bool{"yes": true, "Yes": true, "YES": true, "true": true, "True": true, "TRUE": true, "on": true, "On": true, "ON": true}
	yamlFalse = map[string]bool{"no": true, "No": true, "NO": true, "false": true, "False": true, "FALSE": true, "off": true, "Off": true, "OFF": true}
	yamlInt   = regexp.MustCompile(`^[-+]?(0|[1-9][0-9_]*)$`)
	// yamlOther matches what PyYAML may read as a number or a date.
	yamlOther = regexp.MustCompile(`^([-+]?[0-9.]|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$|<<$|=$)`)
)

// resolvePlain turns a plain scalar into the value PyYAML reads.
func (s *yamlScanner) resolvePlain(p string) (Value, error) {
	switch {
	case yamlNull[p]:
		return Value{}, nil
	case yamlTrue[p]:
		return BoolValue(true), nil
	case yamlFalse[p]:
		return BoolValue(false), nil
	case yamlInt.MatchString(p):
		return numberValue(strings.ReplaceAll(strings.TrimPrefix(p, "+"), "_", "")), nil
	case yamlOther.MatchString(p):
		return Value{}, s.r.errorf("the plain value %s may be read as a number or a date: %s, quote it", p, yamlUnsupported)
	case p[0] == '-' || p[0] == '?' || p[0] == ':':
		if len(p) == 1 || p[1] == ' ' {
			return Value{}, s.r.errorf("the plain value %s: quote it", p)
		}
	}
	return StringValue(p), nil
}
