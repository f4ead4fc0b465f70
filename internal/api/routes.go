package api

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openapiJSON []byte

// Handler returns the HTTP handler of the whole API.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", a.serve(a.health))
	mux.Handle("GET /.well-known/jwks.json", a.serve(a.jwks))
	mux.Handle("GET /api/v1/openapi.json", a.serve(openapi))

	mux.Handle("POST /api/v1/login", a.serve(a.login))
	mux.Handle("POST /api/v1/logout", a.authed(a.logout))
	mux.Handle("GET /api/v1/whoami", a.authed(a.whoami))
	mux.Handle("PUT /api/v1/password", a.authed(a.changePassword))

	mux.Handle("GET /api/v1/users", a.authed(a.listUsers))
	mux.Handle("POST /api/v1/users", a.authed(a.addUser))
	mux.Handle("DELETE /api/v1/users", a.authed(a.removeUsers))
	mux.Handle("GET /api/v1/users/{name}", a.authed(a.getUser))
	mux.Handle("PUT /api/v1/users/{name}", a.authed(a.updateUser))
	mux.Handle("POST /api/v1/users/{name}/revoke-tokens", a.authed(a.revokeTokens))

	mux.Handle("GET /api/v1/tenants", a.authed(a.listTenants))
	mux.Handle("POST /api/v1/tenants", a.authed(a.addTenant))
	mux.Handle("GET /api/v1/tenants/{name}", a.authed(a.getTenant))
	mux.Handle("PUT /api/v1/tenants/{name}", a.authed(a.updateTenant))
	mux.Handle("DELETE /api/v1/tenants/{name}", a.authed(a.removeTenant))
	mux.Handle("GET /api/v1/tenants/{name}/members", a.authed(a.listMembers))
	mux.Handle("POST /api/v1/tenants/{name}/members", a.authed(a.addMembers))
	mux.Handle("DELETE /api/v1/tenants/{name}/members", a.authed(a.removeMembers))
	mux.Handle("PUT /api/v1/tenants/{name}/members/{user}", a.authed(a.updateMember))

	mux.Handle("GET /api/v1/namespaces", a.authed(a.listNamespaces))
	mux.Handle("GET /api/v1/audit", a.authed(a.listAudit))

	mux.Handle("/", a.serve(notFound))
	return a.withRequestInfo(mux)
}

func (a *API) health(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, Health{Status: "ok"})
}

func (a *API) jwks(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(a.JWKS())
	return err
}

func openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiJSON)
	return err
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusNotFound, ErrorResponse{Error: "no such endpoint: " + r.Method + " " + r.URL.Path + " (see /api/v1/openapi.json)"})
}
