package api

// This file holds the wire types of the rule sets (/api/v1/rules).

// RulesRequest is the body of PUT /api/v1/rules/{service}.
type RulesRequest struct {
	// Document is the rule file as text: an object of rule names to
	// rules, in JSON as OpenStack's policy.json or YAML as policy.yaml.
	Document string `json:"document"`
}

// RuleSetInfo describes one version of a rule set.
type RuleSetInfo struct {
	Service   string `json:"service"`
	Version   int    `json:"version"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

// RuleSetResponse is the body of GET /api/v1/rules/{service}.
type RuleSetResponse struct {
	Service   string `json:"service"`
	Version   int    `json:"version"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
	Document  string `json:"document"`
}

// RuleSetHistory is the body of GET /api/v1/rules/{service}/history.
type RuleSetHistory struct {
	Items []RuleSetInfo `json:"items"`
}

// RulesRollbackRequest is the body of POST /api/v1/rules/{service}/rollback.
type RulesRollbackRequest struct {
	Version int `json:"version"`
}

// RuleCheckRequest is the body of POST /api/v1/rules/{service}/check.
type RuleCheckRequest struct {
	Rule string `json:"rule"`
	// Target is what the operation acts on. The server reads it with the
	// JSON types Python sees (1 and 1.0 differ), not as this map holds it.
	Target map[string]any `json:"target,omitempty"`
	// Explain asks for the evaluation tree.
	Explain bool `json:"explain,omitempty"`
	// Creds are the credentials to decide with instead of the caller's;
	// service accounts only. Read with Python's JSON types, as Target.
	Creds map[string]any `json:"creds,omitempty"`
}

// RuleCheckResponse is the body of a rule check's answer: whether the rule
// allows, and where oslo.policy would raise, why it cannot be decided.
type RuleCheckResponse struct {
	Allowed     bool             `json:"allowed"`
	Error       string           `json:"error,omitempty"`
	Explanation *RuleExplanation `json:"explanation,omitempty"`
}

// RuleExplanation is one check of a rule's evaluation, with the checks
// under it (rules.Explanation).
type RuleExplanation struct {
	Check     string            `json:"check"`
	Rule      string            `json:"rule,omitempty"`
	Match     string            `json:"match,omitempty"`
	Evaluated bool              `json:"evaluated"`
	Value     bool              `json:"value"`
	Error     string            `json:"error,omitempty"`
	Note      string            `json:"note,omitempty"`
	Checks    []RuleExplanation `json:"checks,omitempty"`
}

// RuleCheckItem is one check of a batch.
type RuleCheckItem struct {
	Rule   string         `json:"rule"`
	Target map[string]any `json:"target,omitempty"`
}

// RuleBatchCheckRequest is the body of POST
// /api/v1/rules/{service}/check/batch: many checks for one caller.
type RuleBatchCheckRequest struct {
	Checks  []RuleCheckItem `json:"checks"`
	Explain bool            `json:"explain,omitempty"`
	// Creds are the credentials of every check, as in RuleCheckRequest.
	Creds map[string]any `json:"creds,omitempty"`
}

// RuleBatchCheckResponse answers a batch; Results[i] answers Checks[i].
type RuleBatchCheckResponse struct {
	Results []RuleCheckResponse `json:"results"`
}
