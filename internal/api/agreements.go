package api

import (
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func agreementOut(v identity.AgreementView, text bool) Agreement {
	out := Agreement{Name: v.Name, Required: v.Required, ApplyToExisting: v.ApplyToExisting, CreatedAt: v.CreatedAt}
	if text {
		out.Text = v.Text
	}
	if !v.SignedAt.IsZero() {
		at := v.SignedAt
		out.SignedAt = &at
	}
	return out
}

func (a *API) listAgreements(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	vs, err := a.Identity.ListAgreements(r.Context(), p)
	if err != nil {
		return err
	}
	out := AgreementList{Items: make([]Agreement, len(vs))}
	for i, v := range vs {
		out.Items[i] = agreementOut(v, false)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getAgreement(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	v, err := a.Identity.GetAgreement(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, agreementOut(v, true))
}

func (a *API) addAgreement(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	var req AgreementAddRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	msg, err := a.Identity.AddAgreement(r.Context(), p, identity.AgreementInput{
		Name: req.Name, Text: req.Text, Required: req.Required, ApplyToExisting: req.ApplyToExisting,
	})
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) removeAgreement(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.RemoveAgreement(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusOK, msg)
}

func (a *API) signAgreement(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	msg, err := a.Identity.SignAgreement(r.Context(), p, r.PathValue("name"))
	if err != nil {
		return err
	}
	return message(w, http.StatusCreated, msg)
}

func (a *API) listSignatures(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	ss, err := a.Identity.ListSignatures(r.Context(), p, gatehouse.UserName(r.URL.Query().Get("username")))
	if err != nil {
		return err
	}
	out := SignatureList{Items: make([]Signature, len(ss))}
	for i, g := range ss {
		out.Items[i] = Signature{Username: string(g.UserName), Agreement: g.AgreementName, SignedAt: g.SignedAt}
	}
	return writeJSON(w, http.StatusOK, out)
}
