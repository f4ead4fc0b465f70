package api

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// routeInputs maps each route pattern of openapi.json ("GET
// /api/v1/users/{name}") to the inputs its URL takes: the description is
// the one list of them, read once at start-up, so that a misspelt query
// parameter (?serach=) is refused rather than ignored, which would answer
// as if no filter had been given.
var routeInputs = mustRouteInputs(openapiJSON)

// routeInput is what the URL of one route takes.
type routeInput struct {
	query []string // query parameters, in the description's order
	path  []string // path parameters ({name})
}

// mustRouteInputs reads the parameters of every operation of the OpenAPI
// document doc, declared on the operation or on its path, directly or
// through a $ref to #/components/parameters.
func mustRouteInputs(doc []byte) map[string]routeInput {
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
	add := func(in *routeInput, ps []param) {
		for _, p := range ps {
			if p.Ref != "" {
				p = spec.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			switch {
			case p.In == "query" && !slices.Contains(in.query, p.Name):
				in.query = append(in.query, p.Name)
			case p.In == "path" && !slices.Contains(in.path, p.Name):
				in.path = append(in.path, p.Name)
			}
		}
	}
	out := map[string]routeInput{}
	for path, item := range spec.Paths {
		var shared []param
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &shared); err != nil {
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
			var in routeInput
			add(&in, shared)
			add(&in, op.Parameters)
			out[strings.ToUpper(method)+" "+path] = in
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
	in, ok := routeInputs[r.Pattern]
	if !ok {
		return nil
	}
	for _, name := range in.path {
		if v := r.PathValue(name); len(v) > maxPathValue {
			return gatehouse.Invalid(name, "must be at most %d characters (got %d)", maxPathValue, len(v))
		}
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(r.URL.Query())) {
		switch {
		case slices.Contains(in.query, name):
		case len(in.query) == 0:
			return gatehouse.Invalid(name, "unknown query parameter: %s takes none", r.Pattern)
		default:
			return gatehouse.Invalid(name, "unknown query parameter: %s takes %s", r.Pattern, strings.Join(in.query, ", "))
		}
	}
	return nil
}
