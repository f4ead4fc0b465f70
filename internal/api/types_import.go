package api

// ImportOutcome is what an import did with one directory entry or
// OpenShift user.
type ImportOutcome struct {
	Name     string `json:"name"`
	Username string `json:"username"`
	DN       string `json:"dn"` // empty for OpenShift
	Outcome  string `json:"outcome"`
	Reason   string `json:"reason"`
}

// ImportReport is the response of an LDAP or OpenShift import.
type ImportReport struct {
	Message      string          `json:"message"`
	Outcomes     []ImportOutcome `json:"outcomes"`
	NestedGroups []string        `json:"nested_groups"`
	Cycles       []string        `json:"cycles"`
}
