// Package client is the Go client of the Gatehouse REST API (/api/v1). The
// command-line interface, the load tools and the end-to-end tests use it.
//
// A Client is safe for concurrent use. It reuses one *http.Client and
// always reads response bodies to the end, so connections are kept alive.
// Each method sends one request and returns the wire type of internal/api;
// a response with a non-2xx status becomes an *Error carrying the server's
// message.
//
// Files:
//   - client.go: Client, Error and the request plumbing
//   - auth.go: login, logout, whoami, password change, health
//   - users.go: users and their tokens
//   - tokens.go: listing login tokens and revoking one
//   - sshkeys.go: users' public SSH keys
//   - tenants.go: tenants, their members and the members' capabilities
//   - capabilities.go: user capabilities, custom ones and capability options
//   - objects.go: object types, objects, their owners, sizes and shares
//   - limits.go: provisioning limits and their usage
//   - check.go: checks and a user's effective permissions
//   - serviceaccounts.go: service accounts and their API keys
//   - namespaces.go, audit.go: read-only listings
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// Client calls one Gatehouse server with one bearer token.
type Client struct {
	base  string // server URL without a trailing slash
	token string // bearer token; empty for anonymous calls
	hc    *http.Client
	// roles, when rolesGiven, go in the X-Gatehouse-Roles header.
	roles      []string
	rolesGiven bool
}

// New returns a Client for the server at baseURL ("http://127.0.0.1:29442")
// that authenticates with token (empty for none). A nil httpClient means
// http.DefaultClient.
func New(baseURL, token string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), token: token, hc: httpClient}
}

// WithToken returns a copy of c that authenticates with token, sharing c's
// http.Client.
func (c *Client) WithToken(token string) *Client {
	c2 := *c
	c2.token = token
	return &c2
}

// WithRoles returns a copy of c whose requests act with roles only (a
// sub-user's roles, sent as X-Gatehouse-Roles) instead of the roles
// active by default.
func (c *Client) WithRoles(roles []string) *Client {
	c2 := *c
	c2.roles, c2.rolesGiven = roles, true
	return &c2
}

// BaseURL returns the server URL the client talks to.
func (c *Client) BaseURL() string { return c.base }

// Error is a response with a non-2xx status.
type Error struct {
	Status  int    // the HTTP status code
	Message string // the server's message, or a description of the status
	Field   string // the input field at fault, for 400 responses
}

// Error returns the server's message.
func (e *Error) Error() string { return e.Message }

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// do sends a request with in (when not nil) as its JSON body and decodes a
// 2xx response's JSON body into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	resp, err := c.send(ctx, method, path, query, in)
	if err != nil {
		return err
	}
	defer finish(resp)
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode response of %s %s: %w", method, path, err)
	}
	return nil
}

// send sends a request with in (when not nil) as its JSON body and returns
// the response if its status is 2xx; the caller reads its body and calls
// finish. Any other status is an *Error.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, in any) (*http.Response, error) {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.rolesGiven {
		req.Header.Set("X-Gatehouse-Roles", strings.Join(c.roles, ","))
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer finish(resp)
		return nil, responseError(resp)
	}
	return resp, nil
}

// finish reads what is left of resp's body, so that the connection can be
// reused, and closes it.
func finish(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
}

// responseError turns a non-2xx response into an *Error.
func responseError(resp *http.Response) error {
	e := &Error{Status: resp.StatusCode}
	var er api.ErrorResponse
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if err == nil && json.Unmarshal(b, &er) == nil && er.Error != "" {
		e.Message, e.Field = er.Error, er.Field
	} else {
		e.Message = fmt.Sprintf("server answered %d %s", resp.StatusCode, strings.ToLower(http.StatusText(resp.StatusCode)))
	}
	return e
}

// IsStatus reports whether err is an *Error with the given HTTP status.
func IsStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// pathName escapes a name for use as one path segment. Besides what
// url.PathEscape escapes ('/', '?', ' ', ...), it escapes the dots of "."
// and "..", which servers would otherwise resolve as relative segments.
func pathName(name string) string {
	if name == "." || name == ".." {
		return strings.Repeat("%2E", len(name))
	}
	return url.PathEscape(name)
}
