package api

import (
	"encoding/json"
	"fmt"
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
	return writeJSON(w, http.StatusOK, AuditVerification{Records: v.Records, Chained: v.Chained, Intact: v.Intact(),
		Checkpoint: v.Checkpoint, PrunedThrough: v.PrunedThrough, BrokenCheckpoint: v.BrokenCheckpoint,
		BrokenID: v.BrokenID, Reason: v.Reason})
}

// exportWriteTimeout bounds the writing of one page of an export; the
// server's WriteTimeout would otherwise cut long exports short.
const exportWriteTimeout = time.Minute

// exportAudit streams the records between since and until as JSON Lines,
// oldest first, a page at a time. Once the first line is sent the status
// is 200; an error after that aborts the connection, so that the client
// sees a broken stream rather than a short export that looks whole.
func (a *API) exportAudit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	since, err := queryTime(r, "since")
	if err != nil {
		return err
	}
	until, err := queryTime(r, "until")
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	enc := json.NewEncoder(w)
	started := false
	start := func() {
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		started = true
	}
	err = a.Identity.ExportAudit(r.Context(), p, since, until, func(page []gatehouse.AuditRecord) error {
		if !started {
			start()
		}
		if err := rc.SetWriteDeadline(time.Now().Add(exportWriteTimeout)); err != nil {
			return err
		}
		for _, rec := range page {
			if err := enc.Encode(auditOut(rec)); err != nil {
				return err
			}
		}
		return rc.Flush()
	})
	switch {
	case err != nil && started:
		a.Logger.WarnContext(r.Context(), "audit export aborted", "err", err)
		panic(http.ErrAbortHandler)
	case err != nil:
		return err
	case !started:
		start() // no records: an empty body
	}
	return nil
}

func (a *API) pruneAudit(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	cp, err := a.Identity.PruneAudit(r.Context(), p)
	if err != nil {
		return err
	}
	if cp.Pruned == 0 {
		return message(w, http.StatusOK, "No audit records are older than audit.retention")
	}
	return message(w, http.StatusOK, fmt.Sprintf("Pruned %d audit records, through record %d; signed checkpoint %d keeps the trail verifiable", cp.Pruned, cp.LastID, cp.ID))
}
