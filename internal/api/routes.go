package api

import (
	_ "embed"
	"fmt"
	"net/http"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/metrics"
)

//go:embed openapi.json
var openapiJSON []byte

// Handler returns the HTTP handler of the whole API.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", a.serve(a.health))
	mux.Handle("GET /.well-known/jwks.json", a.serve(a.jwks))
	mux.Handle("GET /api/v1/openapi.json", a.serve(openapi))
	mux.Handle("GET /metrics", a.authed(a.metrics))

	mux.Handle("POST /api/v1/login", a.serve(a.login))
	mux.Handle("POST /api/v1/logout", a.authed(a.logout))
	mux.Handle("GET /api/v1/whoami", a.authed(a.whoami))
	mux.Handle("PUT /api/v1/password", a.authed(a.changePassword))
	mux.Handle("POST /api/v1/password/expired", a.serve(a.changeExpiredPassword))
	mux.Handle("GET /api/v1/tokens", a.authed(a.listTokens))
	mux.Handle("DELETE /api/v1/tokens/{id}", a.authed(a.revokeToken))

	mux.Handle("GET /api/v1/users", a.authed(a.listUsers))
	mux.Handle("POST /api/v1/users", a.authed(a.addUser))
	mux.Handle("DELETE /api/v1/users", a.authed(a.removeUsers))
	mux.Handle("POST /api/v1/users/merge", a.authed(a.mergeUsers))
	mux.Handle("GET /api/v1/ratelimits", a.authed(a.listRateLimited))
	mux.Handle("GET /api/v1/users/{name}", a.authed(a.getUser))
	mux.Handle("PUT /api/v1/users/{name}", a.authed(a.updateUser))
	mux.Handle("POST /api/v1/users/{name}/revoke-tokens", a.authed(a.revokeTokens))
	mux.Handle("POST /api/v1/users/{name}/unlock", a.authed(a.unlockUser))
	mux.Handle("POST /api/v1/users/{name}/disable", a.authed(a.disableUser))
	mux.Handle("POST /api/v1/users/{name}/enable", a.authed(a.enableUser))
	mux.Handle("POST /api/v1/users/{name}/activate", a.authed(a.activateUser))
	mux.Handle("POST /api/v1/users/{name}/deactivate", a.authed(a.deactivateUser))
	mux.Handle("POST /api/v1/users/{name}/setup", a.authed(a.setupUser))
	mux.Handle("POST /api/v1/users/{name}/unsetup", a.authed(a.unsetupUser))
	mux.Handle("GET /api/v1/users/{name}/keys", a.authed(a.listSSHKeys))
	mux.Handle("POST /api/v1/users/{name}/keys", a.authed(a.addSSHKey))
	mux.Handle("DELETE /api/v1/users/{name}/keys/{key}", a.authed(a.removeSSHKey))

	mux.Handle("GET /api/v1/subusers", a.authed(a.listSubusers))
	mux.Handle("POST /api/v1/subusers", a.authed(a.addSubuser))
	mux.Handle("PUT /api/v1/subusers/{login}", a.authed(a.updateSubuser))
	mux.Handle("DELETE /api/v1/subusers/{login}", a.authed(a.removeSubuser))
	mux.Handle("GET /api/v1/policies", a.authed(a.listPolicies))
	mux.Handle("POST /api/v1/policies", a.authed(a.addPolicy))
	mux.Handle("PUT /api/v1/policies/{name}", a.authed(a.updatePolicy))
	mux.Handle("DELETE /api/v1/policies/{name}", a.authed(a.removePolicy))
	mux.Handle("GET /api/v1/roles", a.authed(a.listRoles))
	mux.Handle("POST /api/v1/roles", a.authed(a.addRole))
	mux.Handle("PUT /api/v1/roles/{name}", a.authed(a.updateRole))
	mux.Handle("DELETE /api/v1/roles/{name}", a.authed(a.removeRole))

	mux.Handle("GET /api/v1/ldap/servers", a.authed(a.listLDAPServers))
	mux.Handle("POST /api/v1/ldap/servers", a.authed(a.addLDAPServer))
	mux.Handle("GET /api/v1/ldap/servers/{name}", a.authed(a.getLDAPServer))
	mux.Handle("DELETE /api/v1/ldap/servers/{name}", a.authed(a.removeLDAPServer))
	mux.Handle("GET /api/v1/ldap/servers/{name}/users", a.authed(a.listLDAPUsers))
	mux.Handle("GET /api/v1/ldap/servers/{name}/groups", a.authed(a.listLDAPGroups))
	mux.Handle("POST /api/v1/ldap/servers/{name}/import-users", a.authed(a.importLDAPUsers))
	mux.Handle("POST /api/v1/ldap/servers/{name}/import-group", a.authed(a.importLDAPGroup))
	mux.Handle("POST /api/v1/ldap/servers/{name}/sync", a.authed(a.syncLDAP))
	mux.Handle("GET /api/v1/ldap/servers/{name}/imported-groups", a.authed(a.listImportedLDAPGroups))
	mux.Handle("DELETE /api/v1/ldap/servers/{name}/imported-groups", a.authed(a.forgetLDAPGroup))
	mux.Handle("GET /api/v1/ldap/attributes", a.authed(a.listLDAPAttributes))
	mux.Handle("PUT /api/v1/ldap/attributes/{server_type}/{object_type}/{name}", a.authed(a.updateLDAPAttribute))
	mux.Handle("DELETE /api/v1/ldap/attributes/{server_type}/{object_type}/{name}", a.authed(a.resetLDAPAttribute))

	mux.Handle("GET /api/v1/openshift", a.authed(a.showOpenShift))
	mux.Handle("PUT /api/v1/openshift", a.authed(a.configureOpenShift))
	mux.Handle("GET /api/v1/openshift/users", a.authed(a.listOpenShiftUsers))
	mux.Handle("GET /api/v1/openshift/groups", a.authed(a.listOpenShiftGroups))
	mux.Handle("POST /api/v1/openshift/import-users", a.authed(a.importOpenShiftUsers))
	mux.Handle("POST /api/v1/openshift/import-group", a.authed(a.importOpenShiftGroup))

	mux.Handle("GET /api/v1/tenants", a.authed(a.listTenants))
	mux.Handle("POST /api/v1/tenants", a.authed(a.addTenant))
	mux.Handle("GET /api/v1/tenants/{name}", a.authed(a.getTenant))
	mux.Handle("PUT /api/v1/tenants/{name}", a.authed(a.updateTenant))
	mux.Handle("DELETE /api/v1/tenants/{name}", a.authed(a.removeTenant))
	mux.Handle("GET /api/v1/tenants/{name}/members", a.authed(a.listMembers))
	mux.Handle("POST /api/v1/tenants/{name}/members", a.authed(a.addMembers))
	mux.Handle("DELETE /api/v1/tenants/{name}/members", a.authed(a.removeMembers))
	mux.Handle("PUT /api/v1/tenants/{name}/members/{user}", a.authed(a.updateMember))

	mux.Handle("GET /api/v1/users/{name}/permissions", a.authed(a.userPermissions))
	mux.Handle("POST /api/v1/tenants/{name}/members/{user}/capabilities", a.authed(a.changeMemberCapabilities(true)))
	mux.Handle("DELETE /api/v1/tenants/{name}/members/{user}/capabilities", a.authed(a.changeMemberCapabilities(false)))

	mux.Handle("GET /api/v1/capabilities", a.authed(a.listCapabilities))
	mux.Handle("POST /api/v1/capabilities", a.authed(a.addCapability))
	mux.Handle("GET /api/v1/capabilities/options", a.authed(a.capabilityOptions))
	mux.Handle("PUT /api/v1/capabilities/{name}", a.authed(a.updateCapability))
	mux.Handle("DELETE /api/v1/capabilities/{name}", a.authed(a.removeCapability))
	mux.Handle("POST /api/v1/capabilities/{name}/entries", a.authed(a.changeEntries(true)))
	mux.Handle("DELETE /api/v1/capabilities/{name}/entries", a.authed(a.changeEntries(false)))
	mux.Handle("POST /api/v1/capabilities/{name}/providers", a.authed(a.changeProviders(true)))
	mux.Handle("DELETE /api/v1/capabilities/{name}/providers", a.authed(a.changeProviders(false)))

	mux.Handle("GET /api/v1/object-types", a.authed(a.listObjectTypes))
	mux.Handle("POST /api/v1/object-types", a.authed(a.registerObjectType))
	mux.Handle("GET /api/v1/objects", a.authed(a.listObjects))
	mux.Handle("POST /api/v1/objects", a.authed(a.addObject))
	mux.Handle("DELETE /api/v1/objects/{type}/{id}", a.authed(a.removeObject))
	mux.Handle("PATCH /api/v1/objects/{type}/{id}", a.authed(a.resizeObject))
	mux.Handle("PUT /api/v1/objects/{type}/{id}/owner", a.authed(a.changeOwner))
	mux.Handle("GET /api/v1/objects/{type}/{id}/role-tags", a.authed(a.getRoleTags))
	mux.Handle("PUT /api/v1/objects/{type}/{id}/role-tags", a.authed(a.setRoleTags))
	mux.Handle("GET /api/v1/objects/{type}/{id}/shares", a.authed(a.listShares))
	mux.Handle("POST /api/v1/objects/{type}/{id}/shares", a.authed(a.changeShare(true)))
	mux.Handle("DELETE /api/v1/objects/{type}/{id}/shares", a.authed(a.changeShare(false)))
	mux.Handle("GET /api/v1/share-options", a.authed(a.shareOptions))

	mux.Handle("POST /api/v1/limits", a.authed(a.addLimit))
	mux.Handle("DELETE /api/v1/limits/{id}", a.authed(a.removeLimit))
	mux.Handle("GET /api/v1/limits/usage", a.authed(a.limitUsage))

	mux.Handle("POST /api/v1/check", a.authed(a.check))
	mux.Handle("POST /api/v1/check/batch", a.authed(a.checkBatch))

	mux.Handle("GET /api/v1/service-accounts", a.authed(a.listServiceAccounts))
	mux.Handle("POST /api/v1/service-accounts", a.authed(a.addServiceAccount))
	mux.Handle("POST /api/v1/service-accounts/{name}/keys", a.authed(a.addKey))
	mux.Handle("DELETE /api/v1/service-accounts/{name}/keys/{id}", a.authed(a.revokeKey))

	mux.Handle("GET /api/v1/namespaces", a.authed(a.listNamespaces))
	mux.Handle("GET /api/v1/audit", a.authed(a.listAudit))
	mux.Handle("GET /api/v1/audit/verify", a.authed(a.verifyAudit))
	mux.Handle("GET /api/v1/audit/export", a.authed(a.exportAudit))
	mux.Handle("POST /api/v1/audit/prune", a.authed(a.pruneAudit))

	mux.Handle("GET /api/v1/agreements", a.authed(a.listAgreements))
	mux.Handle("POST /api/v1/agreements", a.authed(a.addAgreement))
	mux.Handle("GET /api/v1/agreements/{name}", a.authed(a.getAgreement))
	mux.Handle("DELETE /api/v1/agreements/{name}", a.authed(a.removeAgreement))
	mux.Handle("POST /api/v1/agreements/{name}/sign", a.authed(a.signAgreement))
	mux.Handle("GET /api/v1/agreement-signatures", a.authed(a.listSignatures))

	mux.Handle("GET /api/v1/settings", a.authed(a.listSettings))
	mux.Handle("PUT /api/v1/settings/{name}", a.authed(a.putSetting))

	mux.Handle("GET /api/v1/rules/{service}", a.authed(a.getRules))
	mux.Handle("PUT /api/v1/rules/{service}", a.authed(a.putRules))
	mux.Handle("GET /api/v1/rules/{service}/history", a.authed(a.rulesHistory))
	mux.Handle("POST /api/v1/rules/{service}/rollback", a.authed(a.rollbackRules))
	mux.Handle("POST /api/v1/rules/{service}/check", a.authed(a.checkRule))
	mux.Handle("POST /api/v1/rules/{service}/check/batch", a.authed(a.checkRuleBatch))

	if a.Console != nil {
		// The console is HTML, not API: openapi.json leaves it out.
		mux.Handle(ConsolePath, a.Console)
	}
	mux.Handle("/", a.serve(notFound(mux)))
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

// metrics serves the Prometheus metrics to those who see everything:
// superadmins and operators. serve --metrics-listen serves them without a
// token on an address of their own, for scrapers on a private network.
func (a *API) metrics(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	if !p.SeesAll() {
		return gatehouse.Errorf(gatehouse.ErrForbidden, "metrics are for superadmins and operators")
	}
	if a.Metrics == nil {
		return gatehouse.Errorf(gatehouse.ErrNotFound, "this server keeps no metrics")
	}
	w.Header().Set("Content-Type", metrics.ContentType)
	w.Header().Set("Cache-Control", "no-store")
	return a.Metrics.WriteText(w)
}

func openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiJSON)
	return err
}

// notFound answers the requests no route takes: 405 with Allow when routes
// of other methods take the path, else 404.
func notFound(mux *http.ServeMux) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			return writeJSON(w, http.StatusMethodNotAllowed, ErrorResponse{Error: fmt.Sprintf(
				"method %s is not allowed on %s: use %s (see /api/v1/openapi.json)", r.Method, r.URL.Path, strings.Join(allow, " or "))})
		}
		return writeJSON(w, http.StatusNotFound, ErrorResponse{Error: "no such endpoint: " + r.Method + " " + r.URL.Path + " (see /api/v1/openapi.json)"})
	}
}

// allowedMethods returns the methods other than r's that a route of mux
// takes r's path with.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	return allow
}
