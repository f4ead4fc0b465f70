// Package rules is OpenStack's policy rule language, evaluated exactly as
// oslo.policy 4.x evaluates it, so operators' policy.json and policy.yaml
// files and habits carry over to Gatehouse.
//
// A rule set maps names to rules. A rule is text or, in the legacy form, a
// list of lists of checks (the outer list joined by "or", the inner ones by
// "and"; an empty rule allows). The text grammar, reduced greedily by a
// shift-reduce parser as oslo does:
//
//	rule    = expr | ""                       ("" allows)
//	expr    = expr "or" expr | expr "and" expr | "not" expr | "(" expr ")" | check
//	check   = "@" | "!" | "rule:" NAME | "role:" MATCH | KIND ":" MATCH
//
// Words are separated by whitespace; "and", "or" and "not" are matched in
// any case; "not" binds tighter than "and", which binds tighter than "or".
// Text that does not reduce to one expression, and a check without a colon,
// fail closed (deny), as in oslo.
//
// MATCH is formatted with Python's printf-style "%" against the target
// ("%(project_id)s"); a missing target key makes the check false. "role:"
// compares the match case-insensitively with creds["roles"]. For any other
// KIND, oslo first tries KIND as a Python literal ("True", "'Member'", "1"),
// comparing the match with its str(); otherwise it follows KIND's dotted
// path through the credentials, trying every element of a list on the way.
// "rule:" evaluates another rule, or the default rule for an undefined name.
// Where oslo raises (a kind Python cannot parse, a malformed "%" specifier,
// credentials of the wrong shape, recursion without end) evaluation returns
// an *EvalError instead of a decision.
//
// Compile loads rules as leniently as oslo; Load also refuses cycles of
// rule references and runaway chains, naming the rules; Problems lists what
// oslo would silently fail closed on. Parsed sets are immutable, and
// evaluating a parsed rule does not allocate.
//
// Files: value.go and json.go (JSON values as Python sees them), pystr.go
// (Python's repr and lower), pyformat.go (the "%" operator), pylex.go and
// pyliteral.go (ast.literal_eval), lex.go and parse.go (the rule language),
// set.go (rule sets, cycles), file.go and yaml.go (rule files in JSON and
// YAML), eval.go (evaluation), explain.go (evaluation trees), evalcase.go
// (the JSON Lines cases of `gatehouse rules eval`), print.go (oslo's
// printed form). The differential tests (oslo_test.go, literal_test.go,
// yaml_test.go) run testdata/oslo_driver.py and testdata/yaml_driver.py
// under Debian's python3-oslo.policy.
package rules
