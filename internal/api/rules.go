package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

func ruleSetInfo(rs gatehouse.RuleSet) RuleSetInfo {
	return RuleSetInfo{Service: rs.Service, Version: rs.Version, CreatedBy: string(rs.CreatedBy), CreatedAt: rs.CreatedAt.UTC().Format(time.RFC3339)}
}

func (a *API) putRules(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req RulesRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rs, err := a.Identity.SetRules(r.Context(), p, r.PathValue("service"), []byte(req.Document))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ruleSetInfo(rs))
}

func (a *API) getRules(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	version, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	rs, err := a.Identity.RuleSet(r.Context(), p, r.PathValue("service"), int(version))
	if err != nil {
		return err
	}
	i := ruleSetInfo(rs)
	return writeJSON(w, http.StatusOK, RuleSetResponse{Service: i.Service, Version: i.Version, CreatedBy: i.CreatedBy, CreatedAt: i.CreatedAt, Document: rs.Document})
}

func (a *API) rulesHistory(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	h, err := a.Identity.RuleSetHistory(r.Context(), p, r.PathValue("service"))
	if err != nil {
		return err
	}
	out := RuleSetHistory{Items: make([]RuleSetInfo, len(h))}
	for i, rs := range h {
		out.Items[i] = ruleSetInfo(rs)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) rollbackRules(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req RulesRollbackRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rs, err := a.Identity.RollbackRules(r.Context(), p, r.PathValue("service"), req.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ruleSetInfo(rs))
}

func (a *API) checkRule(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req RuleCheckRequest
	if err := strictUnmarshal(body, &req); err != nil {
		return err
	}
	if req.Rule == "" {
		return gatehouse.Invalid("rule", "is required")
	}
	// The target again, as Python's json.loads reads it.
	whole, err := rules.ParseJSON(body)
	if err != nil {
		return gatehouse.Invalid("body", "%v", err)
	}
	target, ok := whole.Get("target")
	if !ok || target.Kind() == rules.Null {
		target = rules.ObjectValue(nil, nil)
	}
	allowed, err := a.Identity.CheckRule(r.Context(), p, r.PathValue("service"), req.Rule, target)
	var ee *rules.EvalError
	if errors.As(err, &ee) {
		return writeJSON(w, http.StatusOK, RuleCheckResponse{Allowed: false, Error: ee.Error()})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, RuleCheckResponse{Allowed: allowed})
}
