package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// This file keeps openapi.json matched to the handlers: the document must
// be valid, describe exactly the routes of routes.go, and its schemas must
// match the wire types of types.go and types_access.go. recorder and
// validateExchange check the responses the API really sends (see
// api_test.go) against it.

// loadOpenAPI parses and validates the embedded openapi.json. Every call
// returns a fresh document.
func loadOpenAPI(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapiJSON)
	if err != nil {
		t.Fatalf("parse openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// operations returns the operations of doc by "METHOD /path".
func operations(doc *openapi3.T) map[string]*openapi3.Operation {
	ops := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+path] = op
		}
	}
	return ops
}

// publicOperations are the operations that need no bearer token.
var publicOperations = []string{
	"GET /healthz",
	"GET /.well-known/jwks.json",
	"GET /api/v1/openapi.json",
	"POST /api/v1/login",
	"POST /api/v1/password/expired",
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if len(doc.Security) != 1 || doc.Security[0]["bearerAuth"] == nil {
		t.Errorf("top-level security = %v, want bearerAuth", doc.Security)
	}
	for key, op := range operations(doc) {
		if op.OperationID == "" || op.Summary == "" || op.Description == "" {
			t.Errorf("%s: operationId, summary and description are required", key)
		}
		public := op.Security != nil && len(*op.Security) == 0
		if want := slices.Contains(publicOperations, key); public != want {
			t.Errorf("%s: public = %v, want %v (security: [] exactly on %v)", key, public, want, publicOperations)
		}
		if op.Security != nil && !public {
			t.Errorf("%s: overrides the top-level security", key)
		}
		want := []int{500}
		if !public {
			want = append(want, http.StatusUnauthorized)
		}
		if op.RequestBody != nil {
			want = append(want, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
			if !op.RequestBody.Value.Required {
				t.Errorf("%s: the request body must be required", key)
			}
		}
		for _, status := range want {
			if op.Responses.Status(status) == nil {
				t.Errorf("%s: does not document status %d", key, status)
			}
		}
		for code, r := range op.Responses.Map() {
			if code == "default" {
				t.Errorf("%s: documents a default response; list the statuses", key)
			}
			if r.Value.Headers["X-Request-Id"] == nil {
				t.Errorf("%s: response %s does not document X-Request-Id", key, code)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		if name == "OpenAPIDocument" {
			continue
		}
		if has := s.Value.AdditionalProperties.Has; s.Value.Type.Is("object") && (has == nil || *has) {
			t.Errorf("schema %s: additionalProperties must be false", name)
		}
	}
}

// routePattern matches the patterns of mux.Handle calls in routes.go.
var routePattern = regexp.MustCompile(`mux\.Handle\("([^"]+)"`)

func TestOpenAPICoversRoutes(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		pattern := m[1]
		if pattern == "/" {
			continue // the catch-all 404
		}
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || strings.Contains(path, "...") || strings.Contains(path, "{$}") {
			t.Errorf("route %q: give every route a method and a plain path, or teach this test its syntax", pattern)
			continue
		}
		routes[method+" "+path] = true
	}
	if len(routes) == 0 {
		t.Fatal("found no routes in routes.go")
	}
	ops := operations(loadOpenAPI(t))
	for r := range routes {
		if ops[r] == nil {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for op := range ops {
		if !routes[op] {
			t.Errorf("openapi.json documents %s, which routes.go does not serve", op)
		}
	}
}

// wireTypes are the types of types.go and types_access.go, by schema name.
// requestTypes are those only the client sends.
var (
	wireTypes = map[string]any{
		"ErrorResponse": ErrorResponse{}, "MessageResponse": MessageResponse{},
		"LoginRequest": LoginRequest{}, "LoginResponse": LoginResponse{}, "WhoAmI": WhoAmI{},
		"PasswordChangeRequest": PasswordChangeRequest{}, "UserAddRequest": UserAddRequest{},
		"UserUpdateRequest": UserUpdateRequest{}, "ReplacementUser": ReplacementUser{},
		"UserRemoveRequest": UserRemoveRequest{}, "UserMergeRequest": UserMergeRequest{}, "UserMergeReport": UserMergeReport{},
		"RateLimitBurst": RateLimitBurst{}, "RateLimitList": RateLimitList{},
		"UserTenant": UserTenant{}, "User": User{}, "UserList": UserList{},
		"Tenant": Tenant{}, "TenantList": TenantList{}, "TenantAddRequest": TenantAddRequest{},
		"TenantUpdateRequest": TenantUpdateRequest{}, "Member": Member{}, "MemberList": MemberList{},
		"MembersAddRequest": MembersAddRequest{}, "MemberUpdateRequest": MemberUpdateRequest{},
		"MembersRemoveRequest": MembersRemoveRequest{}, "Namespace": Namespace{}, "NamespaceList": NamespaceList{},
		"AuditRecord": AuditRecord{}, "AuditList": AuditList{}, "Health": Health{},
		"ExpiredPasswordRequest": ExpiredPasswordRequest{}, "Setting": Setting{}, "SettingList": SettingList{}, "SettingRequest": SettingRequest{},
		"Token": Token{}, "TokenList": TokenList{}, "SSHKey": SSHKey{}, "SSHKeyList": SSHKeyList{}, "SSHKeyAddRequest": SSHKeyAddRequest{},
		"AuditVerification": AuditVerification{},
		"Agreement":         Agreement{}, "AgreementList": AgreementList{}, "AgreementAddRequest": AgreementAddRequest{},
		"Signature": Signature{}, "SignatureList": SignatureList{},

		// types_triton.go
		"SubuserAddRequest": SubuserAddRequest{}, "Subuser": Subuser{}, "SubuserList": SubuserList{},
		"PolicyAddRequest": PolicyAddRequest{}, "PolicyUpdateRequest": PolicyUpdateRequest{}, "Policy": Policy{}, "PolicyList": PolicyList{},
		"RoleAddRequest": RoleAddRequest{}, "RoleUpdateRequest": RoleUpdateRequest{}, "Role": Role{}, "RoleList": RoleList{},
		"RoleTagsRequest": RoleTagsRequest{}, "RoleTags": RoleTags{},

		// types_access.go
		"CapabilityEntry": CapabilityEntry{}, "Capability": Capability{}, "CapabilityList": CapabilityList{},
		"CapabilityAddRequest": CapabilityAddRequest{}, "CapabilityUpdateRequest": CapabilityUpdateRequest{},
		"CapabilityEntriesRequest": CapabilityEntriesRequest{}, "CapabilityProvidersRequest": CapabilityProvidersRequest{},
		"CapabilityOption": CapabilityOption{}, "CapabilityOptionList": CapabilityOptionList{},
		"ObjectType": ObjectType{}, "ObjectTypeList": ObjectTypeList{}, "ObjectTypeRequest": ObjectTypeRequest{},
		"Object": Object{}, "ObjectList": ObjectList{}, "ObjectAddRequest": ObjectAddRequest{},
		"ObjectResizeRequest": ObjectResizeRequest{},
		"LimitAddRequest":     LimitAddRequest{}, "LimitUsage": LimitUsage{}, "LimitUsageList": LimitUsageList{},
		"OwnerRequest": OwnerRequest{}, "Share": Share{}, "ShareList": ShareList{}, "ShareRequest": ShareRequest{},
		"ShareRule": ShareRule{}, "ShareRuleList": ShareRuleList{}, "CheckRequest": CheckRequest{},
		"Explanation": Explanation{}, "CheckResponse": CheckResponse{}, "CheckItem": CheckItem{},
		"BatchCheckRequest": BatchCheckRequest{}, "BatchCheckResponse": BatchCheckResponse{},
		"ServiceAccountRequest": ServiceAccountRequest{}, "KeyRequest": KeyRequest{}, "NewKey": NewKey{},
		"APIKey": APIKey{}, "ServiceAccount": ServiceAccount{}, "ServiceAccountList": ServiceAccountList{},
		"MemberCapabilitiesRequest": MemberCapabilitiesRequest{}, "Permission": Permission{},
		"TenantPermissions": TenantPermissions{}, "UserPermissions": UserPermissions{},

		// types_ldap.go
		"LDAPServer": LDAPServer{}, "LDAPServerList": LDAPServerList{}, "LDAPServerAddRequest": LDAPServerAddRequest{},
		"LDAPUser": LDAPUser{}, "LDAPUserList": LDAPUserList{}, "LDAPGroup": LDAPGroup{}, "LDAPGroupList": LDAPGroupList{},
		"LDAPImportUsersRequest": LDAPImportUsersRequest{}, "LDAPImportGroupRequest": LDAPImportGroupRequest{},
		"LDAPSyncRequest": LDAPSyncRequest{}, "LDAPSyncChange": LDAPSyncChange{}, "LDAPSyncReport": LDAPSyncReport{},
		"LDAPAttribute": LDAPAttribute{}, "LDAPAttributeList": LDAPAttributeList{}, "LDAPAttributeRequest": LDAPAttributeRequest{},
		"LDAPImportedGroup": LDAPImportedGroup{}, "LDAPImportedGroupList": LDAPImportedGroupList{},

		// types_import.go
		"ImportOutcome": ImportOutcome{}, "ImportReport": ImportReport{},

		// types_openshift.go
		"OpenShiftConfig": OpenShiftConfig{}, "OpenShiftConfigureRequest": OpenShiftConfigureRequest{},
		"OpenShiftUser": OpenShiftUser{}, "OpenShiftUserList": OpenShiftUserList{}, "OpenShiftGroup": OpenShiftGroup{},
		"OpenShiftGroupList": OpenShiftGroupList{}, "OpenShiftImportUsersRequest": OpenShiftImportUsersRequest{},
		"OpenShiftImportGroupRequest": OpenShiftImportGroupRequest{},

		// types_rules.go
		"RulesRequest": RulesRequest{}, "RuleSetInfo": RuleSetInfo{}, "RuleSetResponse": RuleSetResponse{},
		"RuleSetHistory": RuleSetHistory{}, "RulesRollbackRequest": RulesRollbackRequest{},
		"RuleCheckRequest": RuleCheckRequest{}, "RuleCheckResponse": RuleCheckResponse{},
		"RuleExplanation": RuleExplanation{}, "RuleCheckItem": RuleCheckItem{},
		"RuleBatchCheckRequest": RuleBatchCheckRequest{}, "RuleBatchCheckResponse": RuleBatchCheckResponse{},
	}
	requestTypes = []string{
		"SubuserAddRequest", "PolicyAddRequest", "PolicyUpdateRequest", "RoleAddRequest", "RoleUpdateRequest", "RoleTagsRequest",
		"LDAPServerAddRequest", "LDAPImportUsersRequest", "LDAPImportGroupRequest", "LDAPAttributeRequest",
		"OpenShiftConfigureRequest", "OpenShiftImportUsersRequest", "OpenShiftImportGroupRequest",
		"RulesRequest", "RulesRollbackRequest", "RuleCheckRequest", "RuleCheckItem", "RuleBatchCheckRequest",
		"LoginRequest", "PasswordChangeRequest", "UserAddRequest", "UserUpdateRequest", "ReplacementUser",
		"UserRemoveRequest", "UserMergeRequest", "TenantAddRequest", "TenantUpdateRequest", "MembersAddRequest",
		"MemberUpdateRequest", "MembersRemoveRequest", "SettingRequest", "ExpiredPasswordRequest", "AgreementAddRequest",
		"CapabilityAddRequest", "CapabilityUpdateRequest", "CapabilityEntriesRequest", "CapabilityProvidersRequest",
		"ObjectTypeRequest", "ObjectAddRequest", "ObjectResizeRequest", "LimitAddRequest", "OwnerRequest", "ShareRequest", "CheckRequest", "CheckItem",
		"BatchCheckRequest", "ServiceAccountRequest", "KeyRequest", "MemberCapabilitiesRequest",
	}
	// otherSchemas describe bodies not built from the wire types.
	otherSchemas = []string{"JWK", "JWKS", "OpenAPIDocument"}
)

// TestOpenAPISchemasMatchTypes checks each schema against its Go type:
// the same properties, of matching types, and for responses exactly the
// fields without omitempty required.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	for name, v := range wireTypes {
		ref := doc.Components.Schemas[name]
		if ref == nil {
			t.Errorf("no schema %s for type %T", name, v)
			continue
		}
		checkSchema(t, name, ref.Value, reflect.TypeOf(v), !slices.Contains(requestTypes, name))
	}
	for name := range doc.Components.Schemas {
		if _, ok := wireTypes[name]; !ok && !slices.Contains(otherSchemas, name) {
			t.Errorf("schema %s matches no type of types.go or types_access.go", name)
		}
	}
}

// TestOpenAPIWireTypesListed checks that wireTypes lists every type of
// the files that hold the wire types, so that none escapes
// TestOpenAPISchemasMatchTypes.
func TestOpenAPIWireTypesListed(t *testing.T) {
	fset := token.NewFileSet()
	for _, file := range []string{"types.go", "types_access.go", "types_ldap.go", "types_import.go", "types_openshift.go", "types_rules.go", "types_triton.go"} {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				name := spec.(*ast.TypeSpec).Name.Name
				if _, listed := wireTypes[name]; ast.IsExported(name) && !listed {
					t.Errorf("type %s of %s is not in wireTypes: add it, and its schema to openapi.json", name, file)
				}
			}
		}
	}
}

func checkSchema(t *testing.T, name string, s *openapi3.Schema, typ reflect.Type, response bool) {
	t.Helper()
	fields := map[string]bool{} // JSON name -> omitempty
	for i := range typ.NumField() {
		f := typ.Field(i)
		jsonName, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if jsonName == "-" || !f.IsExported() {
			continue
		}
		if jsonName == "" {
			jsonName = f.Name
		}
		omitempty := strings.Contains(opts, "omitempty")
		fields[jsonName] = omitempty
		p := s.Properties[jsonName]
		if p == nil {
			t.Errorf("%s: field %s (%s) is not in the schema", name, jsonName, f.Type)
			continue
		}
		if err := checkType(p, f.Type); err != nil {
			t.Errorf("%s.%s: %v", name, jsonName, err)
		}
		required := slices.Contains(s.Required, jsonName)
		switch {
		case response && required == omitempty:
			t.Errorf("%s.%s: required = %v, but omitempty = %v", name, jsonName, required, omitempty)
		case required && f.Type.Kind() == reflect.Pointer:
			t.Errorf("%s.%s: a pointer field cannot be required", name, jsonName)
		}
	}
	for p := range s.Properties {
		if _, ok := fields[p]; !ok {
			t.Errorf("%s: property %s is not a field of %s", name, p, typ)
		}
	}
}

var timeType = reflect.TypeFor[time.Time]()

// checkType reports whether schema s describes the JSON encoding of typ.
func checkType(s *openapi3.SchemaRef, typ reflect.Type) error {
	if typ.Kind() == reflect.Pointer {
		if !s.Value.Nullable {
			return fmt.Errorf("a pointer field must be nullable")
		}
		typ = typ.Elem()
	}
	want := ""
	switch {
	case typ == timeType:
		if s.Value.Format != "date-time" {
			return fmt.Errorf("a time.Time must have format date-time, not %q", s.Value.Format)
		}
		want = "string"
	case typ.Kind() == reflect.String:
		want = "string"
	case typ.Kind() == reflect.Bool:
		want = "boolean"
	case typ.Kind() == reflect.Int || typ.Kind() == reflect.Int64:
		want = "integer"
	case typ.Kind() == reflect.Map:
		want = "object"
	case typ.Kind() == reflect.Slice:
		if !s.Value.Type.Is("array") {
			return fmt.Errorf("a %s must be an array, not %v", typ, s.Value.Type.Slice())
		}
		return checkType(s.Value.Items, typ.Elem())
	case typ.Kind() == reflect.Struct:
		ref := s.Ref
		if ref == "" && len(s.Value.AllOf) == 1 {
			// OpenAPI 3.0 ignores siblings of $ref, so a nullable
			// struct is {"nullable": true, "allOf": [{"$ref": ...}]}.
			ref = s.Value.AllOf[0].Ref
		}
		if wantRef := "#/components/schemas/" + typ.Name(); ref != wantRef {
			return fmt.Errorf("a %s must be $ref %s, not %q", typ, wantRef, ref)
		}
		return nil
	default:
		return fmt.Errorf("teach checkType the %s", typ)
	}
	if !s.Value.Type.Is(want) {
		return fmt.Errorf("a %s must be %s, not %v", typ, want, s.Value.Type.Slice())
	}
	return nil
}

// newRouter returns a router over openapi.json that matches requests to
// any host.
func newRouter(t testing.TB) routers.Router {
	t.Helper()
	doc := loadOpenAPI(t)
	doc.Servers = nil // match any scheme and host
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("route openapi.json: %v", err)
	}
	return router
}

var validationOptions = &openapi3filter.Options{
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	IncludeResponseStatus: true, // an undocumented status is an error
	MultiError:            true,
	// The mismatch report shows the bodies; leave the schema out.
	SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
}

// validateExchange checks one request and its response against the document
// of router. The response must match strictly: a documented status, headers
// and body. The request is checked only when the server accepted it (2xx),
// since tests send invalid requests on purpose. A request to no documented
// operation must have been answered by the catch-all 404.
func validateExchange(t testing.TB, router routers.Router, req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) error {
	t.Helper()
	ctx := context.Background()
	req = req.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	lookup := req
	if req.Method == http.MethodHead {
		lookup = req.Clone(ctx)
		lookup.Method = http.MethodGet
	}
	route, params, err := router.FindRoute(lookup)
	if err != nil {
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Errorf("%s %s is no documented operation (%v), yet the status is %d, not the catch-all's 404 or 405", req.Method, req.URL.Path, err, status)
		}
		return validateNotFound(header, respBody)
	}
	if req.Method == http.MethodHead {
		return nil // no body to check
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: validationOptions}
	var errs []error
	if status >= 200 && status < 300 {
		if len(reqBody) > 0 && req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", "application/json") // the server does not insist
		}
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			errs = append(errs, fmt.Errorf("the server accepted a request the document refuses: %w", err))
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: validationOptions}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		errs = append(errs, fmt.Errorf("response: %w", err))
	}
	return errors.Join(errs...)
}

var (
	errorSchemaOnce sync.Once
	errorSchema     *openapi3.Schema
	errorSchemaErr  error
)

// validateNotFound checks a catch-all 404: a JSON ErrorResponse.
func validateNotFound(header http.Header, body []byte) error {
	errorSchemaOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
		if err != nil {
			errorSchemaErr = err
			return
		}
		if ref := doc.Components.Schemas["ErrorResponse"]; ref != nil {
			errorSchema = ref.Value
		} else {
			errorSchemaErr = errors.New("openapi.json has no ErrorResponse schema")
		}
	})
	if errorSchemaErr != nil {
		return errorSchemaErr
	}
	if ct := header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("catch-all 404: Content-Type %q, want application/json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("catch-all 404: %v", err)
	}
	if err := errorSchema.VisitJSON(v, openapi3.DisableSchemaErrorDetails()); err != nil {
		return fmt.Errorf("catch-all 404: body is no ErrorResponse: %w", err)
	}
	return nil
}

// exchange is one recorded request and response.
type exchange struct {
	method   string
	target   string // escaped path and query, as sent
	reqHdr   http.Header
	reqBody  []byte
	status   int
	header   http.Header
	respBody []byte
}

// recorder records every exchange of the handlers it wraps, for
// validateAll. Its zero value is ready to use; it is safe for concurrent
// use.
type recorder struct {
	mu        sync.Mutex
	exchanges []exchange
}

// wrap returns next, recording each exchange.
func (rec *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body) // a read error shows as a short body
			r.Body.Close()
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		ex := exchange{method: r.Method, target: r.URL.RequestURI(), reqHdr: r.Header.Clone(), reqBody: body}
		cw := &captureWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		if cw.status == 0 {
			cw.WriteHeader(http.StatusOK)
		}
		ex.status, ex.header, ex.respBody = cw.status, cw.header, cw.body.Bytes()
		rec.mu.Lock()
		rec.exchanges = append(rec.exchanges, ex)
		rec.mu.Unlock()
	})
}

// captureWriter copies what a handler writes.
type captureWriter struct {
	http.ResponseWriter
	status int
	header http.Header // as at WriteHeader
	body   bytes.Buffer
}

func (w *captureWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status, w.header = code, w.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *captureWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// validateAll validates every recorded exchange against openapi.json and
// reports each distinct mismatch once, with its route, the number of
// exchanges like it, and the first one's bodies. It logs the documented
// responses no exchange produced.
func (rec *recorder) validateAll(t testing.TB) {
	t.Helper()
	rec.mu.Lock()
	exs := slices.Clone(rec.exchanges)
	rec.mu.Unlock()
	if len(exs) == 0 {
		t.Log("no exchanges were recorded: nothing to validate")
		return
	}
	router := newRouter(t)
	type mismatch struct {
		ex    exchange
		route string
		err   error
		count int
	}
	var order []string
	mismatches := map[string]*mismatch{}
	produced := map[string]bool{} // "METHOD /path status"
	for _, ex := range exs {
		req, err := http.NewRequest(ex.method, "http://gatehouse.test"+ex.target, nil)
		route := ex.method + " " + ex.target
		if err == nil {
			req.Header = ex.reqHdr.Clone()
			if r, _, ferr := router.FindRoute(req); ferr == nil {
				route = fmt.Sprintf("%s %s (%s)", r.Method, r.Path, r.Operation.OperationID)
				produced[fmt.Sprintf("%s %s %d", r.Method, r.Path, ex.status)] = true
			}
			err = validateExchange(t, router, req, ex.reqBody, ex.status, ex.header, ex.respBody)
		}
		if err == nil {
			continue
		}
		key := fmt.Sprintf("%s %d %v", route, ex.status, err)
		if m := mismatches[key]; m != nil {
			m.count++
			continue
		}
		mismatches[key] = &mismatch{ex: ex, route: route, err: err, count: 1}
		order = append(order, key)
	}
	for _, key := range order {
		m := mismatches[key]
		more := ""
		if m.count > 1 {
			more = fmt.Sprintf(" (and %d more exchanges like it)", m.count-1)
		}
		t.Errorf("%s: %s %s -> %d does not match openapi.json%s:\n%v\nrequest body: %s\nresponse body: %s",
			m.route, m.ex.method, m.ex.target, m.ex.status, more, m.err, clip(m.ex.reqBody), clip(m.ex.respBody))
	}
	var unexercised []string
	for key, op := range operations(loadOpenAPI(t)) {
		method, path, _ := strings.Cut(key, " ")
		for code := range op.Responses.Map() {
			if code != "500" && !produced[method+" "+path+" "+code] {
				unexercised = append(unexercised, key+" "+code)
			}
		}
	}
	sort.Strings(unexercised)
	t.Logf("validated %d exchanges; documented responses no test produced:\n\t%s", len(exs), strings.Join(unexercised, "\n\t"))
}

// clip shortens a body for a test message.
func clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return fmt.Sprintf("%s... (%d bytes)", b[:max], len(b))
	}
	return string(bytes.TrimRight(b, "\n"))
}

// errorCatcher is a testing.TB that captures errors instead of failing.
type errorCatcher struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (c *errorCatcher) Errorf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

func (c *errorCatcher) Error(args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, fmt.Sprint(args...))
}

// TestRecorderFindsMismatches proves validateAll can fail: a fake API
// answers some requests as documented and others not, and exactly the
// latter are reported.
func TestRecorderFindsMismatches(t *testing.T) {
	login := LoginResponse{Token: "tok", TokenTimestamp: 1767225600, ExpiresAt: time.Unix(1767225600, 0).UTC(),
		Username: "admin", Tenant: "Administrators", Role: "superadmin", Tenants: []string{"Administrators"}, Namespace: "t001-u000001",
		Active: true, PendingAgreements: []string{}}
	fake := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Case") != "no-request-id" {
			w.Header().Set("X-Request-Id", "0123456789abcdef")
		}
		var err error
		switch r.Header.Get("X-Case") {
		case "ok", "accepted-bad-request":
			err = writeJSON(w, http.StatusOK, login)
		case "extra-field":
			err = writeJSON(w, http.StatusOK, struct {
				LoginResponse
				Admin bool `json:"admin"`
			}{login, true})
		case "null-array":
			err = writeJSON(w, http.StatusOK, WhoAmI{Username: "admin", UserID: 1, Tenant: "Administrators",
				Role: "superadmin", Namespace: "t001-u000001", Capabilities: []string{}, ExpiresAt: login.ExpiresAt})
		case "undocumented-status":
			err = writeJSON(w, http.StatusTeapot, ErrorResponse{Error: "I'm a teapot"})
		case "no-request-id":
			err = writeJSON(w, http.StatusOK, MessageResponse{Message: "Logged out"})
		case "bad-request":
			err = writeJSON(w, http.StatusBadRequest, ErrorResponse{Error: "invalid JSON", Field: "body"})
		case "not-found":
			err = writeJSON(w, http.StatusNotFound, ErrorResponse{Error: "no such endpoint"})
		}
		if err != nil {
			t.Error(err)
		}
	})
	fakeRec := &recorder{}
	h := fakeRec.wrap(fake)
	for _, c := range []struct{ method, path, xcase, body string }{
		{"POST", "/api/v1/login", "ok", `{"username":"admin","password":"secret-1"}`},
		{"POST", "/api/v1/login", "extra-field", `{"username":"admin","password":"secret-1"}`},
		{"GET", "/api/v1/whoami", "null-array", ""},
		{"GET", "/api/v1/whoami", "undocumented-status", ""},
		{"POST", "/api/v1/login", "bad-request", `{"unknown":1}`}, // invalid request: not checked
		{"GET", "/api/v1/nowhere", "not-found", ""},
		{"POST", "/api/v1/login", "accepted-bad-request", `{"username":"admin"}`},
		{"POST", "/api/v1/logout", "no-request-id", ""},
	} {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		req.Header.Set("X-Case", c.xcase)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	if len(fakeRec.exchanges) != 8 {
		t.Fatalf("recorded %d exchanges, want 8", len(fakeRec.exchanges))
	}
	if got := string(fakeRec.exchanges[0].reqBody); !strings.Contains(got, `"username":"admin"`) {
		t.Errorf("recorded request body %q", got)
	}

	catcher := &errorCatcher{TB: t}
	fakeRec.validateAll(catcher)
	want := []string{
		"POST /api/v1/login (login)",   // the undocumented "admin" field
		"GET /api/v1/whoami (whoami)",  // "tenants": null
		"GET /api/v1/whoami (whoami)",  // status 418
		"POST /api/v1/login (login)",   // a 200 for a request without the required password
		"POST /api/v1/logout (logout)", // no X-Request-Id header
	}
	if len(catcher.errs) != len(want) {
		t.Fatalf("validateAll reported %d mismatches, want %d:\n%s", len(catcher.errs), len(want), strings.Join(catcher.errs, "\n---\n"))
	}
	for i, e := range catcher.errs {
		if !strings.HasPrefix(e, want[i]) {
			t.Errorf("mismatch %d does not name route %s:\n%s", i, want[i], e)
		}
	}
	for i, detail := range []string{`"admin"`, "tenants", "status is not supported", "password", "X-Request-Id"} {
		if !strings.Contains(catcher.errs[i], detail) {
			t.Errorf("mismatch %d does not mention %s:\n%s", i, detail, catcher.errs[i])
		}
	}
}
