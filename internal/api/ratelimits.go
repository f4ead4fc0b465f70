package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listRateLimited(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	bursts, err := a.Identity.RateLimited(r.Context(), p)
	if err != nil {
		return err
	}
	out := RateLimitList{Items: make([]RateLimitBurst, len(bursts))}
	for i, b := range bursts {
		out.Items[i] = RateLimitBurst{Kind: b.Kind, Name: b.Name, Limit: b.Limit, Refused: b.Refused,
			Since: b.Since.UTC(), Last: b.Last.UTC(), Active: b.Active}
	}
	return writeJSON(w, http.StatusOK, out)
}
