package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// AuditListOptions selects the audit records listed by ListAudit, newest
// first; zero fields do not filter.
type AuditListOptions struct {
	User       string    // the actor's username
	Action     string    // "login", "user.add", ...
	ObjectType string    // "USER", "TENANT", ...
	ObjectID   string    // the object's name or id
	Outcome    string    // "success", "failure" or "denied"
	Since      time.Time // records at or after this time
	Until      time.Time // records before this time
	Before     int64     // records with a smaller id (AuditList.NextBefore)
	Limit      int       // page size; 0 leaves it to the server
}

func (o AuditListOptions) values() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("user", o.User)
	set("action", o.Action)
	set("object_type", o.ObjectType)
	set("object_id", o.ObjectID)
	set("outcome", o.Outcome)
	if !o.Since.IsZero() {
		q.Set("since", o.Since.UTC().Format(time.RFC3339))
	}
	if !o.Until.IsZero() {
		q.Set("until", o.Until.UTC().Format(time.RFC3339))
	}
	if o.Before != 0 {
		q.Set("before", strconv.FormatInt(o.Before, 10))
	}
	if o.Limit != 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	return q
}

// ListAudit returns one page of audit records (GET /api/v1/audit).
func (c *Client) ListAudit(ctx context.Context, opts AuditListOptions) (*api.AuditList, error) {
	var resp api.AuditList
	if err := c.do(ctx, http.MethodGet, "/api/v1/audit", opts.values(), nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// VerifyAudit checks the audit trail's hash chain (GET /api/v1/audit/verify).
func (c *Client) VerifyAudit(ctx context.Context) (*api.AuditVerification, error) {
	var resp api.AuditVerification
	if err := c.do(ctx, http.MethodGet, "/api/v1/audit/verify", nil, nil, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ExportAudit writes the audit records at or after since and before until
// (zero times do not bound), oldest first, as JSON Lines to w (GET
// /api/v1/audit/export). The server streams them; a stream cut short is an
// error, never a shorter export.
func (c *Client) ExportAudit(ctx context.Context, since, until time.Time, w io.Writer) error {
	q := url.Values{}
	if !since.IsZero() {
		q.Set("since", since.UTC().Format(time.RFC3339Nano))
	}
	if !until.IsZero() {
		q.Set("until", until.UTC().Format(time.RFC3339Nano))
	}
	resp, err := c.send(ctx, http.MethodGet, "/api/v1/audit/export", q, nil)
	if err != nil {
		return err
	}
	defer finish(resp)
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export audit records: %w", err)
	}
	return nil
}

// PruneAudit prunes the audit records older than the audit.retention
// setting now (POST /api/v1/audit/prune) and returns the server's message.
func (c *Client) PruneAudit(ctx context.Context) (string, error) {
	var resp api.MessageResponse
	if err := c.do(ctx, http.MethodPost, "/api/v1/audit/prune", nil, nil, &resp); err != nil {
		return "", err
	}
	return resp.Message, nil
}
