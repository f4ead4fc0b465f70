package access

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// notOperations are the actions audited that no caller asks for, so no
// rule governs them: events of the server itself, steps of another
// operation whose rule governs them (user.relink_openshift, within
// openshift.import; user.relink_ldap, within ldap.import), and the rules' own actions, which are never
// governed (see identity.Principal.RulesGovern).
var notOperations = map[string]bool{
	"user.disable_dormant": true, "user.link_directory": true, "ratelimit.exceeded": true, "user.relink_openshift": true, "user.relink_ldap": true,
	"rules.file": true, "rules.check_as": true, "rules.set": true, "rules.view": true,
}

// TestEveryActionHasADefaultRule holds the default identity rule file to
// the actions declared in this package and in identity: each operation a
// caller may ask for has its rule, so that an operator's rule set can
// govern it and the default file describes it.
func TestEveryActionHasADefaultRule(t *testing.T) {
	var doc map[string]string
	if err := json.Unmarshal(identity.DefaultRules(DefaultRules()...), &doc); err != nil {
		t.Fatalf("the default rules are not JSON: %v", err)
	}
	found := 0
	for _, dir := range []string{".", "../identity"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			for _, act := range actionConstants(t, f) {
				found++
				if _, ok := doc[identity.RuleName(identity.Action(act))]; !ok && !notOperations[act] {
					t.Errorf("%s: action %s has no rule in the default identity rules (identity.DefaultRules, access.DefaultRules)", f, act)
				}
			}
		}
	}
	if found < 80 {
		t.Fatalf("found only %d action constants: is the parsing still right?", found)
	}
}

// actionConstants returns the values of the constants of type Action or
// identity.Action declared in the Go file f.
func actionConstants(t *testing.T, f string) []string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if !isActionType(v.Type) {
				continue
			}
			for _, val := range v.Values {
				if lit, ok := val.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func isActionType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "Action"
	case *ast.SelectorExpr:
		return x.Sel.Name == "Action"
	}
	return false
}
