package openshift

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// challengingClient is the OAuth client of `oc login`: it answers a
// username and password given with Basic auth with a token, without a
// browser.
const challengingClient = "openshift-challenging-client"

// discovery is the part of the OAuth server metadata (RFC 8414) the
// API server serves at /.well-known/oauth-authorization-server.
type discovery struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
}

// Authenticate checks username and password against the cluster's OAuth
// server as `oc login` does: it finds the server through the API
// server's discovery document, asks it for a token for the challenging
// client with Basic auth, then reads the token's user from the API
// server, which must be username. It returns that user. A refused
// password is ErrBadCredentials; an empty one is refused without any
// request.
func (c *Client) Authenticate(ctx context.Context, username, password string) (User, error) {
	if password == "" || username == "" || strings.Contains(username, ":") {
		return User{}, ErrBadCredentials
	}
	endpoint, err := c.authorizationEndpoint(ctx)
	if err != nil {
		return User{}, err
	}
	tok, err := c.requestToken(ctx, endpoint, username, password)
	if err != nil {
		return User{}, err
	}
	u, err := c.whoAmI(ctx, tok)
	if err != nil {
		return User{}, err
	}
	if u.Name != username {
		return User{}, fmt.Errorf("%w: the OAuth server issued a token for %q, not %q", ErrBadCredentials, u.Name, username)
	}
	return u, nil
}

// authorizationEndpoint reads the OAuth server's authorization endpoint
// from the API server's discovery document.
func (c *Client) authorizationEndpoint(ctx context.Context) (*url.URL, error) {
	var d discovery
	if err := c.getJSON(ctx, "/.well-known/oauth-authorization-server", nil, "", &d); err != nil {
		return nil, fmt.Errorf("discover the OAuth server: %w", err)
	}
	u, err := url.Parse(d.AuthorizationEndpoint)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("discover the OAuth server: authorization_endpoint %q is not an https URL", d.AuthorizationEndpoint)
	}
	return u, nil
}

// requestToken asks the authorization endpoint for a token for username,
// which it gives in the fragment of its redirect.
func (c *Client) requestToken(ctx context.Context, endpoint *url.URL, username, password string) (string, error) {
	u := *endpoint
	q := u.Query()
	q.Set("response_type", "token")
	q.Set("client_id", challengingClient)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.SetBasicAuth(username, password)
	// The OAuth server challenges only requests that show they are not
	// a browser's cross-site request.
	req.Header.Set("X-CSRF-Token", "1")
	resp, err := c.do(req)
	if err != nil {
		return "", fmt.Errorf("OAuth server: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return "", ErrBadCredentials
	case resp.StatusCode >= 500:
		return "", fmt.Errorf("%w: OAuth server %s answered %s", ErrUnreachable, u.Host, resp.Status)
	case resp.StatusCode != http.StatusFound:
		return "", fmt.Errorf("OAuth server %s answered %s, not a redirect with a token", u.Host, resp.Status)
	}
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("OAuth server %s: redirect without a location: %v", u.Host, err)
	}
	frag, err := url.ParseQuery(loc.Fragment)
	if err != nil {
		return "", fmt.Errorf("OAuth server %s: unreadable redirect: %v", u.Host, err)
	}
	if e := frag.Get("error"); e != "" || loc.Query().Get("error") != "" {
		if e == "" {
			e = loc.Query().Get("error")
		}
		return "", fmt.Errorf("OAuth server %s refused the token request: %s", u.Host, e)
	}
	tok := frag.Get("access_token")
	if tok == "" {
		return "", fmt.Errorf("OAuth server %s: its redirect holds no access token", u.Host)
	}
	return tok, nil
}
