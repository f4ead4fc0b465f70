package rules

import (
	"fmt"
)

// EvalLine answers one line of `gatehouse rules eval`: a JSON object
//
//	{"id", "rules": {...}, "rule": NAME | "inline": RULE, "target": {...},
//	 "creds": {...}, "default_rule": NAME-or-null}
//
// evaluated as oslo.policy's Enforcer.enforce would, with the rules loaded by
// Rules.from_dict. Absent rules, target and creds are empty objects; an
// absent default_rule means "default"; "inline" wins over "rule". The answer
// is {"id", "allowed": bool}, or {"id", "error": "..."} where oslo raises.
// The id is echoed as given.
func EvalLine(line []byte) []byte {
	c, err := ParseJSON(line)
	if err == nil && c.kind != Object {
		err = fmt.Errorf("the line is a JSON %s, not an object", typeName(c))
	}
	if err != nil {
		return answer(Value{}, false, fmt.Errorf("the line is not a JSON object: %v", err))
	}
	id, _ := c.Get("id")
	allowed, err := evalCase(c)
	return answer(id, allowed, err)
}

func answer(id Value, allowed bool, err error) []byte {
	out := `{"id":` + id.JSON()
	if err != nil {
		out += `,"error":` + StringValue(err.Error()).JSON() + "}"
	} else {
		out += fmt.Sprintf(`,"allowed":%t}`, allowed)
	}
	return []byte(out)
}

func evalCase(c Value) (bool, error) {
	get := func(name string, absent Value) Value {
		if v, ok := c.Get(name); ok {
			return v
		}
		return absent
	}
	empty := ObjectValue(nil, nil)
	target, creds := get("target", empty), get("creds", empty)
	set, err := Compile(get("rules", empty), get("default_rule", StringValue("default")))
	if err != nil {
		return false, err
	}
	if inline, ok := c.Get("inline"); ok {
		r, err := ParseRule(inline)
		if err != nil {
			return false, err
		}
		return set.EnforceRule(r, target, creds)
	}
	name, ok := c.Get("rule")
	if !ok {
		return false, fmt.Errorf(`the case has neither "rule" nor "inline"`)
	}
	switch name.kind {
	case String:
		return set.Enforce(name.str, target, creds)
	case List, Object:
		if creds.kind != Object {
			return false, badCreds(creds)
		}
		if len(set.rules) == 0 {
			return false, nil
		}
		return false, &EvalError{"TypeError", "unhashable type: '" + typeName(name) + "'"}
	}
	// Any other name is hashable and never a key of the rules: the default
	// rule applies.
	return set.enforceMissing(target, creds)
}
