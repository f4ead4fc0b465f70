package api

import (
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
	whole, err := rules.ParseJSON(body)
	if err != nil {
		return gatehouse.Invalid("body", "%v", err)
	}
	ds, err := a.Identity.CheckRules(r.Context(), p, identity.RuleCheck{Service: r.PathValue("service"),
		Queries: []identity.RuleQuery{{Rule: req.Rule, Target: ruleTarget(whole)}}, Explain: req.Explain, Creds: ruleCreds(whole)})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ruleCheckResponse(ds[0]))
}

func (a *API) checkRuleBatch(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req RuleBatchCheckRequest
	if err := strictUnmarshal(body, &req); err != nil {
		return err
	}
	whole, err := rules.ParseJSON(body)
	if err != nil {
		return gatehouse.Invalid("body", "%v", err)
	}
	checks, _ := whole.Get("checks")
	elems := checks.Elems()
	if len(elems) != len(req.Checks) {
		return gatehouse.Invalid("checks", "must be a list of checks")
	}
	qs := make([]identity.RuleQuery, len(req.Checks))
	for i, c := range req.Checks {
		qs[i] = identity.RuleQuery{Rule: c.Rule, Target: ruleTarget(elems[i])}
	}
	ds, err := a.Identity.CheckRules(r.Context(), p, identity.RuleCheck{Service: r.PathValue("service"), Queries: qs, Explain: req.Explain, Creds: ruleCreds(whole)})
	if err != nil {
		return err
	}
	out := RuleBatchCheckResponse{Results: make([]RuleCheckResponse, len(ds))}
	for i, d := range ds {
		out.Results[i] = ruleCheckResponse(d)
	}
	return writeJSON(w, http.StatusOK, out)
}

// ruleTarget returns the target of a check read with the JSON types Python
// sees, as json.loads reads it; an absent or null target is empty.
func ruleTarget(check rules.Value) rules.Value {
	target, ok := check.Get("target")
	if !ok || target.Kind() == rules.Null {
		return rules.ObjectValue(nil, nil)
	}
	return target
}

// ruleCreds returns the credentials given in a request, read as Python
// reads them, or nil when there are none.
func ruleCreds(req rules.Value) *rules.Value {
	creds, ok := req.Get("creds")
	if !ok || creds.Kind() == rules.Null {
		return nil
	}
	return &creds
}

func ruleCheckResponse(d identity.RuleDecision) RuleCheckResponse {
	out := RuleCheckResponse{Allowed: d.Allowed}
	if d.Err != nil {
		out.Error = d.Err.Error()
	}
	if d.Explanation != nil {
		x := ruleExplanation(d.Explanation)
		out.Explanation = &x
	}
	return out
}

func ruleExplanation(x *rules.Explanation) RuleExplanation {
	out := RuleExplanation{Check: x.Check, Rule: x.Rule, Match: x.Match, Evaluated: x.Evaluated, Value: x.Value, Error: x.Error, Note: x.Note}
	for _, k := range x.Checks {
		out.Checks = append(out.Checks, ruleExplanation(k))
	}
	return out
}
