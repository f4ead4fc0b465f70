package openshift

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The kinds of failure, for errors.Is.
var (
	// ErrUnreachable: the server could not be reached, or answered with
	// a server error.
	ErrUnreachable = errors.New("openshift is unreachable")
	// ErrCertificate: the server's TLS certificate does not chain to the
	// configured CA (or the system roots).
	ErrCertificate = errors.New("tls certificate does not verify")
	// ErrBadToken: the API server refused the bearer token (401).
	ErrBadToken = errors.New("the api server refused the token")
	// ErrForbidden: the token may not read what was asked (403).
	ErrForbidden = errors.New("the token may not read this")
	// ErrNotFound: no such user or group.
	ErrNotFound = errors.New("not found")
	// ErrBadCredentials: the OAuth server refused the username and
	// password.
	ErrBadCredentials = errors.New("invalid username or password")
)

// Config says how to reach a cluster.
type Config struct {
	// APIURL is the API server, such as https://api.ocp.example.com:6443.
	APIURL string
	// Token is the bearer token of the API requests.
	Token string
	// CACert is the PEM certificates of the CA the servers' certificates
	// chain to; empty: the system roots.
	CACert []byte
	// Timeout bounds each request; zero: 15 seconds.
	Timeout time.Duration
	// PageSize is the number of items a listing asks for at a time;
	// zero: 500.
	PageSize int
}

// Client reads a cluster's API server.
type Client struct {
	api      *url.URL
	token    string
	http     *http.Client
	pageSize int
}

// ParseAPIURL checks that s is the https URL of an API server, with no
// path, query or fragment, and returns it.
func ParseAPIURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, err
	case u.Scheme != "https":
		return nil, fmt.Errorf("must be an https URL such as https://api.ocp.example.com:6443 (got %q)", s)
	case u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "":
		return nil, fmt.Errorf("must be the API server's URL, scheme, host and port only, such as https://api.ocp.example.com:6443 (got %q)", s)
	}
	u.Path = ""
	return u, nil
}

// New returns a client of the cluster cfg describes.
func New(cfg Config) (*Client, error) {
	api, err := ParseAPIURL(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(cfg.CACert) > 0 {
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(cfg.CACert) {
			return nil, errors.New("the CA certificate holds no PEM certificate")
		}
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	pageSize := cfg.PageSize
	if pageSize == 0 {
		pageSize = 500
	}
	return &Client{api: api, token: cfg.Token, pageSize: pageSize, http: &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, TLSClientConfig: tc, TLSHandshakeTimeout: timeout},
		// The OAuth server answers with a redirect whose fragment holds
		// the token: it is read, never followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// CloseIdleConnections closes the client's idle connections.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// maxBody bounds the responses read.
const maxBody = 64 << 20

// do sends req and classifies a failure to get an answer.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err == nil {
		return resp, nil
	}
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) {
		return nil, fmt.Errorf("%w: %s: give the cluster's CA certificate (--ca-cert): %v", ErrCertificate, req.URL.Host, err)
	}
	if ctxErr := req.Context().Err(); ctxErr != nil {
		return nil, ctxErr
	}
	return nil, fmt.Errorf("%w: %s: %v", ErrUnreachable, req.URL.Host, err)
}

// status is the body of an error answer of the API server (a Status).
type status struct {
	Message string `json:"message"`
}

// getJSON reads path (with query) from the API server into out, with
// the client's bearer token or tok when it is set.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, tok string, out any) error {
	u := *c.api
	u.Path, u.RawQuery = path, query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	if tok == "" {
		tok = c.token
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("%w: read %s: %v", ErrUnreachable, path, err)
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("read %s: the answer is not the JSON of the API: %w", path, err)
		}
		return nil
	}
	var st status
	_ = json.Unmarshal(body, &st)
	msg := st.Message
	if msg == "" {
		msg = resp.Status
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%w (%s)", ErrBadToken, msg)
	case resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%w: %s", ErrForbidden, msg)
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w: %s", ErrNotFound, msg)
	case resp.StatusCode >= 500:
		return fmt.Errorf("%w: %s answered %s", ErrUnreachable, c.api.Host, msg)
	}
	return fmt.Errorf("%s answered %s to GET %s", c.api.Host, msg, path)
}
