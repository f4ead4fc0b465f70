package console

import (
	"net/http"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
)

// capabilitiesPage is the data of the capabilities browser.
type capabilitiesPage struct {
	Group        string
	All          bool // hidden capabilities too
	Groups       []string
	Capabilities []authz.Capability
}

func (c *Console) capabilitiesPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	d := capabilitiesPage{Group: q.Get("group"), All: q.Get("all") == "on"}
	every, err := c.Access.ListCapabilities(s.p, authz.Filter{All: true})
	if err != nil {
		return err
	}
	for _, cp := range every {
		if !slices.Contains(d.Groups, cp.Group) {
			d.Groups = append(d.Groups, cp.Group)
		}
	}
	if d.Capabilities, err = c.Access.ListCapabilities(s.p, authz.Filter{Group: d.Group, All: d.All}); err != nil {
		return err
	}
	return c.render(w, r, s, http.StatusOK, "capabilities", "", view{Title: "Capabilities", Nav: "capabilities", Data: d})
}
