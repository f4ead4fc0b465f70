package api

import "time"

// OpenShiftConfig is the OpenShift cluster as GET /api/v1/openshift shows
// it. Its token is never returned.
type OpenShiftConfig struct {
	APIURL    string    `json:"api_url"`
	CACert    string    `json:"ca_cert"`
	UpdatedAt time.Time `json:"updated_at"`
}

// OpenShiftConfigureRequest is the body of PUT /api/v1/openshift.
type OpenShiftConfigureRequest struct {
	APIURL string `json:"api_url"`
	Token  string `json:"token"`
	CACert string `json:"ca_cert,omitempty"`
}

// OpenShiftUser is an OpenShift user as GET /api/v1/openshift/users lists
// them, with the groups they are in.
type OpenShiftUser struct {
	Username   string   `json:"username"`
	UID        string   `json:"uid"`
	FullName   string   `json:"full_name"`
	Identities []string `json:"identities"`
	Groups     []string `json:"groups"`
}

// OpenShiftUserList is the body of GET /api/v1/openshift/users, streamed
// as LDAPUserList is.
type OpenShiftUserList struct {
	Items []OpenShiftUser `json:"items"`
	Error string          `json:"error,omitempty"`
}

// OpenShiftGroup is an OpenShift group as GET /api/v1/openshift/groups
// lists them.
type OpenShiftGroup struct {
	Name  string   `json:"name"`
	UID   string   `json:"uid"`
	Users []string `json:"users"`
}

// OpenShiftGroupList is the body of GET /api/v1/openshift/groups, streamed
// as LDAPUserList is.
type OpenShiftGroupList struct {
	Items []OpenShiftGroup `json:"items"`
	Error string           `json:"error,omitempty"`
}

// OpenShiftImportUsersRequest is the body of
// POST /api/v1/openshift/import-users.
type OpenShiftImportUsersRequest struct {
	Users        []string `json:"users"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
}

// OpenShiftImportGroupRequest is the body of
// POST /api/v1/openshift/import-group.
type OpenShiftImportGroupRequest struct {
	Group        string   `json:"group"`
	Tenant       string   `json:"tenant"`
	Role         string   `json:"role"`
	Capabilities []string `json:"capabilities,omitempty"`
	ExcludeUsers []string `json:"exclude_users,omitempty"`
}
