package api

import (
	"net/http"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listAudit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	q := r.URL.Query()
	aq := gatehouse.AuditQuery{
		Actor: gatehouse.UserName(q.Get("user")), Action: q.Get("action"), ObjectType: q.Get("object_type"),
		ObjectID: q.Get("object_id"), Outcome: q.Get("outcome"),
	}
	switch aq.Outcome {
	case "", gatehouse.OutcomeSuccess, gatehouse.OutcomeFailure, gatehouse.OutcomeDenied:
	default:
		return gatehouse.Invalid("outcome", "must be success, failure or denied (got %q)", aq.Outcome)
	}
	var err error
	if aq.Since, err = queryTime(r, "since"); err != nil {
		return err
	}
	if aq.Until, err = queryTime(r, "until"); err != nil {
		return err
	}
	if aq.BeforeID, err = queryInt(r, "before"); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	aq.Limit = int(limit)
	recs, next, err := a.Identity.ListAudit(r.Context(), p, aq)
	if err != nil {
		return err
	}
	out := AuditList{Items: make([]AuditRecord, len(recs)), NextBefore: next}
	for i, rec := range recs {
		out.Items[i] = auditOut(rec)
	}
	return writeJSON(w, http.StatusOK, out)
}

// queryTime parses an optional RFC 3339 time query parameter.
func queryTime(r *http.Request, name string) (time.Time, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, gatehouse.Invalid(name, "must be an RFC 3339 time like 2026-01-02T15:04:05Z (got %q)", s)
	}
	return t, nil
}

func (a *API) verifyAudit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	v, err := a.Identity.VerifyAudit(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, AuditVerification{Records: v.Records, Chained: v.Chained,
		Intact: v.BrokenID == 0, BrokenID: v.BrokenID, Reason: v.Reason})
}
