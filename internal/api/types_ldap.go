package api

import "time"

// LDAPServer is a directory server as GET /api/v1/ldap/servers lists it.
// Its bind password is never returned.
type LDAPServer struct {
	Name       string    `json:"name"`
	ServerType string    `json:"server_type"`
	Hostname   string    `json:"hostname"`
	Port       int       `json:"port"`
	Username   string    `json:"username"`
	SearchBase string    `json:"search_base"`
	UserBase   string    `json:"user_base"`
	GroupBase  string    `json:"group_base"`
	NetBIOS    string    `json:"netbios"`
	TLS        bool      `json:"tls"`
	StartTLS   bool      `json:"start_tls"`
	CACert     string    `json:"ca_cert"`
	CreatedAt  time.Time `json:"created_at"`
}

// LDAPServerList is the body of GET /api/v1/ldap/servers.
type LDAPServerList struct {
	Items []LDAPServer `json:"items"`
}

// LDAPServerAddRequest is the body of POST /api/v1/ldap/servers.
type LDAPServerAddRequest struct {
	Name       string `json:"name"`
	Hostname   string `json:"hostname"`
	Port       int    `json:"port"`
	ServerType string `json:"server_type"`
	Username   string `json:"username"`
	Password   string `json:"password"`
	SearchBase string `json:"search_base"`
	UserBase   string `json:"user_base,omitempty"`
	GroupBase  string `json:"group_base,omitempty"`
	NetBIOS    string `json:"netbios,omitempty"`
	TLS        bool   `json:"tls,omitempty"`
	StartTLS   bool   `json:"start_tls,omitempty"`
	CACert     string `json:"ca_cert,omitempty"`
}
