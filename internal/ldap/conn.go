package ldap

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	goldap "github.com/go-ldap/ldap/v3"
)

// Error kinds, told apart with errors.Is.
var (
	// ErrUnreachable: the server could not be reached, or its TLS
	// certificate did not verify.
	ErrUnreachable = errors.New("directory unreachable")
	// ErrBadCredentials: the server refused a bind.
	ErrBadCredentials = errors.New("directory refused the credentials")
	// ErrNotFound: no entry matched.
	ErrNotFound = errors.New("no such directory entry")
	// ErrTruncated: the server cut a listing short (a limit was hit).
	ErrTruncated = errors.New("directory listing cut short")
	// ErrFilter: a filter given by the caller does not parse.
	ErrFilter = errors.New("invalid LDAP filter")
)

// Security is how a connection is protected.
type Security string

// Connection security choices.
const (
	Plain    Security = ""          // ldap://, no TLS
	TLS      Security = "tls"       // ldaps://
	StartTLS Security = "start_tls" // ldap:// upgraded with StartTLS
)

// DefaultTimeout bounds connecting and each request.
const DefaultTimeout = 10 * time.Second

// Config says how to reach and read one directory server.
type Config struct {
	Type     string // OpenLDAP or ActiveDirectory
	Host     string
	Port     int
	Security Security
	// CACert is PEM certificates the server's must chain to; empty: the
	// system roots.
	CACert []byte
	// BindDN and BindPassword are the service account's; for AD BindDN may
	// also be a user name, a UPN or NETBIOS\user.
	BindDN       string
	BindPassword string
	NetBIOS      string
	SearchBase   string
	UserBase     string // empty: SearchBase
	GroupBase    string // empty: SearchBase
	Mapping      Mapping
	Timeout      time.Duration // default DefaultTimeout
}

// Conn is a connection to a directory server.
type Conn struct {
	cfg  *Config
	conn *goldap.Conn
}

// Address returns host:port.
func (c *Config) Address() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// bindName returns the name to bind as for user: AD accepts a bare
// account name as NETBIOS\name.
func (c *Config) bindName(user string) string {
	if c.Type == ActiveDirectory && c.NetBIOS != "" && !strings.ContainsAny(user, "=\\@") {
		return c.NetBIOS + `\` + user
	}
	return user
}

// connect opens a connection to the server, without binding.
func connect(ctx context.Context, cfg *Config) (*Conn, error) {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	tc := &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}
	if len(cfg.CACert) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CACert) {
			return nil, fmt.Errorf("%w: the CA certificate holds no PEM certificate", ErrUnreachable)
		}
		tc.RootCAs = pool
	}
	scheme := "ldap://"
	if cfg.Security == TLS {
		scheme = "ldaps://"
	}
	dialer := &net.Dialer{Timeout: timeout}
	if d, ok := ctx.Deadline(); ok {
		dialer.Deadline = d
	}
	conn, err := goldap.DialURL(scheme+cfg.Address(), goldap.DialWithDialer(dialer), goldap.DialWithTLSConfig(tc))
	if err != nil {
		return nil, unreachable(cfg, err)
	}
	conn.SetTimeout(timeout)
	if cfg.Security == StartTLS {
		if err := conn.StartTLS(tc); err != nil {
			conn.Close()
			return nil, unreachable(cfg, err)
		}
	}
	return &Conn{cfg: cfg, conn: conn}, nil
}

// unreachable wraps a connection error as ErrUnreachable with a hint.
func unreachable(cfg *Config, err error) error {
	var unknown x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown), errors.As(err, &certErr) && errors.As(certErr.Err, &unknown),
		strings.Contains(err.Error(), "x509: certificate signed by unknown authority"): // StartTLS keeps only the text
		return fmt.Errorf("%w: the TLS certificate of %s does not verify (signed by an unknown authority): give the CA that signed it with --ca-cert", ErrUnreachable, cfg.Address())
	case errors.As(err, &hostErr):
		return fmt.Errorf("%w: the TLS certificate of %s does not verify: %v", ErrUnreachable, cfg.Address(), hostErr)
	}
	return fmt.Errorf("%w: cannot connect to %s: %v", ErrUnreachable, cfg.Address(), err)
}

// Dial connects to the server and binds with the service account.
func Dial(ctx context.Context, cfg *Config) (*Conn, error) {
	c, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := c.bind(cfg.bindName(cfg.BindDN), cfg.BindPassword); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// bind binds as name; an empty password is refused before asking the
// server, which would take it as an unauthenticated bind.
func (c *Conn) bind(name, password string) error {
	if password == "" {
		return fmt.Errorf("%w: empty password for %s", ErrBadCredentials, name)
	}
	err := c.conn.Bind(name, password)
	switch {
	case err == nil:
		return nil
	case goldap.IsErrorWithCode(err, goldap.LDAPResultInvalidCredentials),
		goldap.IsErrorWithCode(err, goldap.LDAPResultInvalidDNSyntax),
		goldap.IsErrorWithCode(err, goldap.LDAPResultInappropriateAuthentication):
		return fmt.Errorf("%w: bind as %s: %v", ErrBadCredentials, name, ldapMessage(err))
	}
	return classify(c.cfg, "bind as "+name, err)
}

// classify wraps an error of a request as ErrUnreachable when the
// connection failed, or names the request.
func classify(cfg *Config, what string, err error) error {
	if goldap.IsErrorWithCode(err, goldap.ErrorNetwork) || goldap.IsErrorWithCode(err, goldap.LDAPResultUnavailable) ||
		goldap.IsErrorWithCode(err, goldap.LDAPResultBusy) || goldap.IsErrorWithCode(err, goldap.LDAPResultServerDown) {
		return unreachable(cfg, err)
	}
	return fmt.Errorf("%s on %s: %s", what, cfg.Address(), ldapMessage(err))
}

// ldapMessage returns the server's words for err.
func ldapMessage(err error) string {
	var le *goldap.Error
	if errors.As(err, &le) {
		msg := goldap.LDAPResultCodeMap[le.ResultCode]
		if le.Err != nil && le.Err.Error() != "" {
			msg += ": " + le.Err.Error()
		}
		return msg
	}
	return err.Error()
}

// Close closes the connection.
func (c *Conn) Close() { c.conn.Close() }

// Authenticate checks password by binding as dn (or, for AD, a UPN or
// NETBIOS\user) on a connection of its own. It returns ErrBadCredentials
// when the server refuses, ErrUnreachable when it cannot be asked.
func Authenticate(ctx context.Context, cfg *Config, dn, password string) error {
	_, err := authenticate(ctx, cfg, dn, password, false)
	return err
}

// AuthenticateEntry is Authenticate for the entry dn, which then reads,
// as that entry and with one base-scope search, its stable id
// (Mapping.EntryUUID): "" when the server does not let it be read.
func AuthenticateEntry(ctx context.Context, cfg *Config, dn, password string) (entryID string, err error) {
	return authenticate(ctx, cfg, dn, password, true)
}

func authenticate(ctx context.Context, cfg *Config, dn, password string, readID bool) (string, error) {
	if password == "" {
		return "", fmt.Errorf("%w: empty password", ErrBadCredentials)
	}
	c, err := connect(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if err := c.bind(dn, password); err != nil || !readID {
		return "", err
	}
	u, err := c.UserAt(ctx, dn)
	if u == nil || err != nil {
		return "", err
	}
	return u.EntryID, nil
}
