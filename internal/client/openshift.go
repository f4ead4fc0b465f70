package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// ConfigureOpenShift sets the OpenShift cluster (PUT /api/v1/openshift).
func (c *Client) ConfigureOpenShift(ctx context.Context, req api.OpenShiftConfigureRequest) (*api.MessageResponse, error) {
	return c.message(ctx, http.MethodPut, "/api/v1/openshift", req)
}

// ShowOpenShift returns the OpenShift cluster, without its token
// (GET /api/v1/openshift).
func (c *Client) ShowOpenShift(ctx context.Context) (*api.OpenShiftConfig, error) {
	var resp api.OpenShiftConfig
	if err := c.do(ctx, http.MethodGet, "/api/v1/openshift", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// names is the query of a listing of the names given, or of all.
func names(ns []string) url.Values {
	if len(ns) == 0 {
		return nil
	}
	return url.Values{"names": {strings.Join(ns, ",")}}
}

// ListOpenShiftUsers calls fn for each OpenShift user, or each of those
// named, as the streamed response delivers them
// (GET /api/v1/openshift/users).
func (c *Client) ListOpenShiftUsers(ctx context.Context, users []string, fn func(api.OpenShiftUser) error) error {
	return streamItems(ctx, c, "/api/v1/openshift/users", names(users), fn)
}

// ListOpenShiftGroups calls fn for each OpenShift group, or each of those
// named (GET /api/v1/openshift/groups).
func (c *Client) ListOpenShiftGroups(ctx context.Context, groups []string, fn func(api.OpenShiftGroup) error) error {
	return streamItems(ctx, c, "/api/v1/openshift/groups", names(groups), fn)
}

// ImportOpenShiftUsers imports OpenShift users
// (POST /api/v1/openshift/import-users).
func (c *Client) ImportOpenShiftUsers(ctx context.Context, req api.OpenShiftImportUsersRequest) (*api.ImportReport, error) {
	var resp api.ImportReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/openshift/import-users", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ImportOpenShiftGroup imports the users of an OpenShift group
// (POST /api/v1/openshift/import-group).
func (c *Client) ImportOpenShiftGroup(ctx context.Context, req api.OpenShiftImportGroupRequest) (*api.ImportReport, error) {
	var resp api.ImportReport
	if err := c.do(ctx, http.MethodPost, "/api/v1/openshift/import-group", nil, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
