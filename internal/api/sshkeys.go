package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func (a *API) listSSHKeys(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ks, err := a.Identity.ListSSHKeys(r.Context(), p, gatehouse.UserName(r.PathValue("name")))
	if err != nil {
		return err
	}
	out := SSHKeyList{Items: make([]SSHKey, len(ks))}
	for i, k := range ks {
		out.Items[i] = SSHKey{Name: k.Name, Type: k.Type, Fingerprint: k.Fingerprint, Key: k.PublicKey, CreatedAt: k.CreatedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) addSSHKey(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req SSHKeyAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddSSHKey(r.Context(), p, gatehouse.UserName(r.PathValue("name")), req.Name, req.Key)
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) removeSSHKey(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemoveSSHKey(r.Context(), p, gatehouse.UserName(r.PathValue("name")), r.PathValue("key"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}
