package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listSettings(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ss, err := a.Identity.ListSettings(r.Context(), p)
	if err != nil {
		return err
	}
	out := SettingList{Items: make([]Setting, len(ss))}
	for i, s := range ss {
		out.Items[i] = Setting{Name: s.Name, Value: s.Value, Default: s.Default, Description: s.Description}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) putSetting(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req SettingRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.SetSetting(r.Context(), p, r.PathValue("name"), req.Value)
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
