package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// queryParams maps each route pattern of openapi.json ("GET
// /api/v1/users") to the query parameters it takes, in order: the
// description is the one list of them, so that a misspelt parameter
// (?serach=) is refused rather than ignored, which would answer as if no
// filter had been given.
var queryParams = mustQueryParams(openapiJSON)

// mustQueryParams reads the query parameters of every operation of the
// OpenAPI document doc, declared on the operation or on its path,
// directly or through a $ref to #/components/parameters.
func mustQueryParams(doc []byte) map[string][]string {
	type param struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	}
	var spec struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &spec); err != nil {
		panic(fmt.Sprintf("openapi.json: %v", err))
	}
	query := func(ps []param, into []string) []string {
		for _, p := range ps {
			if p.Ref != "" {
				p = spec.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			if p.In == "query" && !slices.Contains(into, p.Name) {
				into = append(into, p.Name)
			}
		}
		return into
	}
	out := map[string][]string{}
	for path, item := range spec.Paths {
		var shared struct {
			Parameters []param `json:"parameters"`
		}
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &shared.Parameters); err != nil {
				panic(fmt.Sprintf("openapi.json: parameters of %s: %v", path, err))
			}
		}
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Parameters []param `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				panic(fmt.Sprintf("openapi.json: %s %s: %v", method, path, err))
			}
			out[strings.ToUpper(method)+" "+path] = query(op.Parameters, query(shared.Parameters, []string{}))
		}
	}
	return out
}

// maxPathValue is the longest name or id a path may carry: the longest
// any input takes (object ids), so that a longer one is refused before it
// is looked up, echoed in the error and written to the audit trail.
const maxPathValue = 256

// checkURL refuses a request whose path carries a name or id longer than
// any Gatehouse takes, or with a query parameter its route does not take,
// naming it and those the route takes. Routes openapi.json does not
// describe (the catch-all) are left alone.
func checkURL(r *http.Request) error {
	for rest := r.Pattern; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		name := strings.TrimSuffix(rest[i+1:i+j], "...")
		if v := r.PathValue(name); len(v) > maxPathValue {
			return gatehouse.Invalid(name, "must be at most %d characters (got %d)", maxPathValue, len(v))
		}
		rest = rest[i+j+1:]
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	takes, ok := queryParams[r.Pattern]
	if !ok {
		return nil
	}
	for name := range r.URL.Query() {
		if slices.Contains(takes, name) {
			continue
		}
		if len(takes) == 0 {
			return gatehouse.Invalid(name, "unknown query parameter: %s takes none", r.Pattern)
		}
		return gatehouse.Invalid(name, "unknown query parameter: %s takes %s", r.Pattern, strings.Join(takes, ", "))
	}
	return nil
}
