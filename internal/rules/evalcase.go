package rules

import (
	"encoding/json"
	"fmt"
)

// EvalLine answers one line of `gatehouse rules eval`: a JSON object
//
//	{"id", "rules": {...}, "rule": NAME | "inline": RULE, "target": {...},
//	 "creds": {...}, "default_rule": NAME-or-null}
//
// evaluated as oslo.policy's Enforcer.enforce would, with the rules loaded by
// Rules.from_dict. Absent rules, target and creds are empty objects; an
// absent default_rule means "default". The answer is {"id", "allowed": bool},
// or {"id", "error": "..."} where oslo raises. The id is echoed as given.
func EvalLine(line []byte) []byte {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		return answer(nil, false, fmt.Errorf("the line is not a JSON object: %v", err))
	}
	allowed, err := evalFields(fields)
	return answer(fields["id"], allowed, err)
}

func answer(id json.RawMessage, allowed bool, err error) []byte {
	if id == nil {
		id = json.RawMessage("null")
	}
	var out []byte
	if err != nil {
		out, _ = json.Marshal(struct {
			ID    json.RawMessage `json:"id"`
			Error string          `json:"error"`
		}{id, err.Error()})
	} else {
		out, _ = json.Marshal(struct {
			ID      json.RawMessage `json:"id"`
			Allowed bool            `json:"allowed"`
		}{id, allowed})
	}
	return out
}

func field(fields map[string]json.RawMessage, name string, absent Value) (Value, error) {
	raw, ok := fields[name]
	if !ok {
		return absent, nil
	}
	v, err := ParseJSON(raw)
	if err != nil {
		return Value{}, fmt.Errorf("%s: %v", name, err)
	}
	return v, nil
}

func evalFields(fields map[string]json.RawMessage) (bool, error) {
	empty := ObjectValue(nil, nil)
	var vals [5]Value
	for i, f := range []struct {
		name   string
		absent Value
	}{{"rules", empty}, {"target", empty}, {"creds", empty}, {"default_rule", StringValue("default")}, {"rule", Value{}}} {
		v, err := field(fields, f.name, f.absent)
		if err != nil {
			return false, err
		}
		vals[i] = v
	}
	rules, target, creds, def, name := vals[0], vals[1], vals[2], vals[3], vals[4]
	set, err := Compile(rules, def)
	if err != nil {
		return false, err
	}
	if _, ok := fields["inline"]; ok {
		inline, err := field(fields, "inline", Value{})
		if err != nil {
			return false, err
		}
		r, err := ParseRule(inline)
		if err != nil {
			return false, err
		}
		return set.EnforceRule(r, target, creds)
	}
	if _, ok := fields["rule"]; !ok {
		return false, fmt.Errorf(`the case has neither "rule" nor "inline"`)
	}
	switch name.kind {
	case String:
		return set.Enforce(name.str, target, creds)
	case List, Object:
		if len(set.rules) == 0 {
			return false, nil
		}
		return false, &EvalError{"TypeError", "unhashable type: '" + typeName(name) + "'"}
	}
	// Any other name is hashable and never a key of the rules: the default
	// rule applies.
	return set.enforceMissing(target, creds)
}
