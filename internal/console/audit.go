package console

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// auditPageSize is how many records a page of the audit trail shows.
const auditPageSize = 50

// auditPage is the data of the audit trail.
type auditPage struct {
	Filter  url.Values // actor, action, object_type, object_id, outcome
	Records []gatehouse.AuditRecord
	Next    string // the query of the next (older) page; empty on the last
}

// day parses the date in the query parameter name (as a date input sends
// it), the start of that day in UTC; the zero time when it is empty.
func day(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, gatehouse.Invalid(name, "must be a date such as 2026-11-23 (got %q)", v)
	}
	return t, nil
}

// Outcomes lists the outcomes the filter offers.
func (auditPage) Outcomes() []string {
	return []string{gatehouse.OutcomeSuccess, gatehouse.OutcomeFailure, gatehouse.OutcomeDenied}
}

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	d := auditPage{Filter: url.Values{}}
	for _, k := range []string{"actor", "action", "object_type", "object_id", "outcome", "since", "until"} {
		if v := q.Get(k); v != "" {
			d.Filter.Set(k, v)
		}
	}
	since, err := day(q, "since")
	if err != nil {
		return err
	}
	until, err := day(q, "until")
	if err != nil {
		return err
	}
	if !until.IsZero() {
		until = until.AddDate(0, 0, 1) // through the end of that day
	}
	recs, next, err := c.Identity.ListAudit(r.Context(), s.p, gatehouse.AuditQuery{
		Actor: gatehouse.UserName(q.Get("actor")), Action: q.Get("action"), ObjectType: q.Get("object_type"),
		ObjectID: q.Get("object_id"), Outcome: q.Get("outcome"), Since: since, Until: until,
		BeforeID: before, Limit: auditPageSize})
	if err != nil {
		return err
	}
	d.Records = recs
	if next != 0 {
		nq := url.Values{}
		for k, v := range d.Filter {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(next, 10))
		d.Next = nq.Encode()
	}
	return c.render(w, r, s, http.StatusOK, "audit", "", view{Title: "Audit trail", Nav: "audit", Data: d})
}
