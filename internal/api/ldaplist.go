package api

import (
	"encoding/json"
	"net/http"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// ldapQuery reads the query parameters names, search_base and
// ldap_filter.
func ldapQuery(r *http.Request) ldap.Query {
	q := r.URL.Query()
	return ldap.Query{Names: splitList(r, "names"), Base: q.Get("search_base"), Filter: q.Get("ldap_filter")}
}

// itemStream writes {"items":[...]} one item at a time as a listing
// produces them, so a listing of any size takes the memory of one page of
// the directory. Until the first item it has written nothing, so an early
// error gets its own status; a later one ends the list with "error".
type itemStream struct {
	w       http.ResponseWriter
	enc     *json.Encoder
	started bool
}

func (s *itemStream) add(v any) error {
	if !s.started {
		s.start()
	} else if _, err := s.w.Write([]byte(",")); err != nil {
		return err
	}
	return s.enc.Encode(v)
}

func (s *itemStream) start() {
	s.started = true
	s.w.Header().Set("Content-Type", "application/json")
	s.w.Header().Set("Cache-Control", "no-store")
	s.w.WriteHeader(http.StatusOK)
	s.w.Write([]byte(`{"items":[`))
	s.enc = json.NewEncoder(s.w)
}

// end closes the list, with err when the listing failed midway; an error
// before any item is returned for the usual error response.
func (s *itemStream) end(err error) error {
	if err != nil && !s.started {
		return err
	}
	if !s.started {
		s.start()
	}
	if err != nil {
		b, _ := json.Marshal(err.Error())
		_, werr := s.w.Write([]byte(`],"error":` + string(b) + "}\n"))
		return werr
	}
	_, werr := s.w.Write([]byte("]}\n"))
	return werr
}

func (a *API) listLDAPUsers(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	raw, err := queryBool(r, "raw")
	if err != nil {
		return err
	}
	out := &itemStream{w: w}
	err = a.Identity.ListLDAPUsers(r.Context(), p, r.PathValue("name"), ldapQuery(r), func(u ldap.User) error {
		v := LDAPUser{Username: u.Username, DN: u.DN, FirstName: u.FirstName, LastName: u.LastName, DisplayName: u.DisplayName,
			Email: u.Email, UserPrincipalName: u.UPN, ObjectSID: u.ObjectSID}
		if raw {
			v.Attributes = u.Raw
		}
		return out.add(v)
	})
	return out.end(err)
}

func (a *API) listLDAPGroups(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	raw, err := queryBool(r, "raw")
	if err != nil {
		return err
	}
	out := &itemStream{w: w}
	err = a.Identity.ListLDAPGroups(r.Context(), p, r.PathValue("name"), ldapQuery(r), func(g ldap.Group) error {
		v := LDAPGroup{Name: g.Name, DN: g.DN, ObjectSID: g.ObjectSID, Members: []string{}, MemberDNs: nonNil(g.MemberDNs)}
		for _, dn := range g.MemberDNs {
			v.Members = append(v.Members, ldap.RDNValue(dn))
		}
		v.Members = append(v.Members, g.MemberUIDs...)
		if raw {
			v.Attributes = g.Raw
		}
		return out.add(v)
	})
	return out.end(err)
}
