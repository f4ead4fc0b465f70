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

// LoadFile parses a rule file, a JSON object of rule names to rules with
// "default" as its default rule, and loads it strictly: the file is refused
// if it is not such an object, or if any rule has one of the problems
// Problems lists, oslo's silent denials included. The *FileError lists
// every problem with its line.
func LoadFile(data []byte) (*Set, error) {
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
		return nil, &FileError{[]string{fmt.Sprintf("line %d: %v", lineAt(data, d.pos), err)}}
	}
	if v.kind != Object {
		return nil, &FileError{[]string{fmt.Sprintf("line 1: a rule file is a JSON object of rule names to rules, not %s", typeName(v))}}
	}
	var problems []string
	for i, name := range v.obj.keys {
		if _, err := parseValue(v.obj.vals[i]); err != nil {
			problems = append(problems, fmt.Sprintf("line %d: rule %q: %v", lineAt(data, d.keyOffsets[name]), name, err))
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
		problems = append(problems, fmt.Sprintf("line %d: %s", lineAt(data, d.keyOffsets[p.Rule]), p))
	}
	if problems != nil {
		return nil, &FileError{problems}
	}
	return set, nil
}

// lineAt returns the line of data that offset is on, counting from 1.
func lineAt(data []byte, offset int) int {
	return 1 + strings.Count(string(data[:min(offset, len(data))]), "\n")
}
