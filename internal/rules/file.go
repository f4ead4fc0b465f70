package rules

import (
	"fmt"
	"strings"
)

// FileError is a rule file refused by LoadFile: every problem found, each
// with the line it is on.
type FileError struct {
	Problems []string
}

func (e *FileError) Error() string { return strings.Join(e.Problems, "; ") }

// LoadFile parses a rule file, JSON or YAML as oslo accepts them (see
// yaml.go for the YAML it reads), an object of rule names to rules with
// "default" as its default rule, and loads it strictly: the file is
// refused if it is not such an object, or if any rule has one of the
// problems Problems lists, oslo's silent denials included. The *FileError
// lists every problem with its line.
func LoadFile(data []byte) (*Set, error) {
	v, lineOf, err := parseFile(data)
	if err != nil {
		return nil, &FileError{[]string{err.Error()}}
	}
	if v.kind == Null {
		v = ObjectValue(nil, nil) // an empty YAML file, which oslo reads as {}
	}
	if v.kind != Object {
		return nil, &FileError{[]string{fmt.Sprintf("line 1: a rule file is an object of rule names to rules, not %s", typeName(v))}}
	}
	var problems []string
	for i, name := range v.obj.keys {
		if _, err := parseValue(v.obj.vals[i]); err != nil {
			problems = append(problems, fmt.Sprintf("line %d: rule %q: %v", lineOf(name), name, err))
		}
	}
	if problems != nil {
		return nil, &FileError{problems}
	}
	set, err := Compile(v, StringValue("default"))
	if err != nil {
		return nil, &FileError{[]string{err.Error()}}
	}
	for _, p := range set.Problems() {
		problems = append(problems, fmt.Sprintf("line %d: %s", lineOf(p.Rule), p))
	}
	if problems != nil {
		return nil, &FileError{problems}
	}
	return set, nil
}

// ParseFile reads a rule file, JSON or YAML, as LoadFile does, without
// checking its rules. Errors name the line.
func ParseFile(data []byte) (Value, error) {
	v, _, err := parseFile(data)
	if err == nil && v.kind == Null {
		v = ObjectValue(nil, nil)
	}
	return v, err
}

// parseFile reads a rule file as JSON when it starts as JSON does, else as
// YAML, and returns a function giving the line of each rule name.
func parseFile(data []byte) (Value, func(string) int, error) {
	if isJSON(data) {
		d := decoder{data: data, keyOffsets: map[string]int{}}
		d.space()
		v, err := d.value(0)
		if err == nil {
			d.space()
			if d.pos != len(d.data) {
				err = d.errorf("unexpected data after the JSON value")
			}
		}
		if err != nil {
			return Value{}, nil, fmt.Errorf("line %d: %v", lineAt(data, d.pos), err)
		}
		return v, func(name string) int { return lineAt(data, d.keyOffsets[name]) }, nil
	}
	v, lines, err := parseYAML(data)
	if err != nil {
		return Value{}, nil, err
	}
	return v, func(name string) int { return lines[name] }, nil
}

// isJSON reports whether data starts, after blanks, as a JSON object or
// list does.
func isJSON(data []byte) bool {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// lineAt returns the line of data that offset is on, counting from 1.
func lineAt(data []byte, offset int) int {
	return 1 + strings.Count(string(data[:min(offset, len(data))]), "\n")
}
