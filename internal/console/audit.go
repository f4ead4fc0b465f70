package console

import (
	"net/http"
	"net/url"
	"strconv"

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

// Outcomes lists the outcomes the filter offers.
func (auditPage) Outcomes() []string {
	return []string{gatehouse.OutcomeSuccess, gatehouse.OutcomeFailure, gatehouse.OutcomeDenied}
}

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	d := auditPage{Filter: url.Values{}}
	for _, k := range []string{"actor", "action", "object_type", "object_id", "outcome"} {
		if v := q.Get(k); v != "" {
			d.Filter.Set(k, v)
		}
	}
	recs, next, err := c.Identity.ListAudit(r.Context(), s.p, gatehouse.AuditQuery{
		Actor: gatehouse.UserName(q.Get("actor")), Action: q.Get("action"), ObjectType: q.Get("object_type"),
		ObjectID: q.Get("object_id"), Outcome: q.Get("outcome"), BeforeID: before, Limit: auditPageSize})
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
