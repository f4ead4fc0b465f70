package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// SetRules stores a rule file as the next version of service's rule set
// (PUT /api/v1/rules/{service}).
func (c *Client) SetRules(ctx context.Context, service string, document []byte) (*api.RuleSetInfo, error) {
	var resp api.RuleSetInfo
	if err := c.do(ctx, http.MethodPut, "/api/v1/rules/"+pathName(service), nil, api.RulesRequest{Document: string(document)}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Rules returns version of service's rule set, the latest when version is
// 0 (GET /api/v1/rules/{service}).
func (c *Client) Rules(ctx context.Context, service string, version int) (*api.RuleSetResponse, error) {
	var q url.Values
	if version != 0 {
		q = url.Values{"version": {strconv.Itoa(version)}}
	}
	var resp api.RuleSetResponse
	if err := c.do(ctx, http.MethodGet, "/api/v1/rules/"+pathName(service), q, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RulesHistory lists the versions of service's rule set
// (GET /api/v1/rules/{service}/history).
func (c *Client) RulesHistory(ctx context.Context, service string) (*api.RuleSetHistory, error) {
	var resp api.RuleSetHistory
	if err := c.do(ctx, http.MethodGet, "/api/v1/rules/"+pathName(service)+"/history", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RollbackRules stores version of service's rule set again
// (POST /api/v1/rules/{service}/rollback).
func (c *Client) RollbackRules(ctx context.Context, service string, version int) (*api.RuleSetInfo, error) {
	var resp api.RuleSetInfo
	if err := c.do(ctx, http.MethodPost, "/api/v1/rules/"+pathName(service)+"/rollback", nil, api.RulesRollbackRequest{Version: version}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RuleCheck is one check of CheckRule and CheckRules. Target, a JSON
// object, is sent as written, so that its numbers keep their type
// (api.RuleCheckRequest); empty means {}.
type RuleCheck struct {
	Rule   string          `json:"rule"`
	Target json.RawMessage `json:"target,omitempty"`
}

// RuleCheckOptions are the options of CheckRule and CheckRules.
type RuleCheckOptions struct {
	// Explain asks for the evaluation trees.
	Explain bool
	// Creds, a JSON object, are credentials to decide with instead of the
	// caller's (service accounts only), sent as written.
	Creds json.RawMessage
}

// CheckRule asks for the decision of service's rule for the caller on the
// check's target (POST /api/v1/rules/{service}/check).
func (c *Client) CheckRule(ctx context.Context, service string, check RuleCheck, o RuleCheckOptions) (*api.RuleCheckResponse, error) {
	req := struct {
		RuleCheck
		Explain bool            `json:"explain,omitempty"`
		Creds   json.RawMessage `json:"creds,omitempty"`
	}{check, o.Explain, o.Creds}
	var resp api.RuleCheckResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/rules/"+pathName(service)+"/check", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// CheckRules asks for the decisions of many checks at once (POST
// /api/v1/rules/{service}/check/batch); the answers are in their order.
func (c *Client) CheckRules(ctx context.Context, service string, checks []RuleCheck, o RuleCheckOptions) (*api.RuleBatchCheckResponse, error) {
	req := struct {
		Checks  []RuleCheck     `json:"checks"`
		Explain bool            `json:"explain,omitempty"`
		Creds   json.RawMessage `json:"creds,omitempty"`
	}{checks, o.Explain, o.Creds}
	var resp api.RuleBatchCheckResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/rules/"+pathName(service)+"/check/batch", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
