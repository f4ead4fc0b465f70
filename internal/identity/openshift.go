package identity

import (
	"context"
	"encoding/pem"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/openshift"
)

// The OpenShift cluster: a superadmin configures it after its API server
// answers with the token, and shows it (never with the token, which is
// kept sealed with the master key).

// The actions on the OpenShift configuration.
const (
	ActOpenShiftConfigure Action = "openshift.configure"
	ActOpenShiftShow      Action = "openshift.show"
)

// openShiftObject is the audit records' object id of the cluster.
const openShiftObject = "openshift"

// openShiftSealContext binds the sealed token to its use.
const openShiftSealContext = "openshift-token"

// OpenShiftInput configures the cluster.
type OpenShiftInput struct {
	APIURL string
	Token  string
	CACert string // PEM; empty: the system roots
}

func (in *OpenShiftInput) validate() error {
	var errs []error
	if _, err := openshift.ParseAPIURL(in.APIURL); err != nil {
		errs = append(errs, gatehouse.Invalid("api_url", "%v", err))
	}
	if in.Token == "" || strings.ContainsAny(in.Token, " \t\r\n") {
		errs = append(errs, gatehouse.Invalid("token", "is required: the bearer token of an account that may list users and groups, such as `oc whoami -t` prints"))
	}
	if in.CACert != "" {
		if b, _ := pem.Decode([]byte(in.CACert)); b == nil || b.Type != "CERTIFICATE" {
			errs = append(errs, gatehouse.Invalid("ca_cert", "must be PEM certificates (-----BEGIN CERTIFICATE-----)"))
		}
	}
	return errors.Join(errs...)
}

// ConfigureOpenShift checks that the API server at in.APIURL answers,
// with a certificate that verifies, and lets in.Token list users, then
// stores the configuration with the token sealed, replacing any before.
// On any failure nothing is stored.
func (s *Service) ConfigureOpenShift(ctx context.Context, p *Principal, in OpenShiftInput) (string, error) {
	if err := in.validate(); err != nil {
		return "", s.Reject(ctx, p, ActOpenShiftConfigure, "OPEN_SHIFT", openShiftObject, err)
	}
	// Refuse a principal who may not configure before reaching out.
	err := s.view(ctx, p, ActOpenShiftConfigure, "OPEN_SHIFT", openShiftObject, func(gatehouse.Tx) error {
		return s.authorize(p, ActOpenShiftConfigure, Target{})
	})
	if err != nil {
		return "", err
	}
	cfg := gatehouse.OpenShiftConfig{APIURL: strings.TrimSuffix(in.APIURL, "/"), CACert: in.CACert}
	c, err := clusterClient(&cfg, in.Token)
	if err == nil {
		defer c.CloseIdleConnections()
		err = c.Check(ctx)
	}
	if err != nil {
		return "", s.Reject(ctx, p, ActOpenShiftConfigure, "OPEN_SHIFT", openShiftObject, configureError(cfg.APIURL, err))
	}
	cfg.Token = s.Secrets.Seal([]byte(in.Token), openShiftSealContext)
	cfg.UpdatedAt = s.Now().UTC()
	err = s.Change(ctx, p, ActOpenShiftConfigure, "OPEN_SHIFT", openShiftObject, func(tx gatehouse.Tx, _ *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActOpenShiftConfigure, Target{}); err != nil {
			return nil, err
		}
		if err := tx.PutOpenShiftConfig(ctx, cfg); err != nil {
			return nil, err
		}
		return map[string]any{"api_url": cfg.APIURL, "ca_cert": cfg.CACert != ""}, nil
	})
	if err != nil {
		return "", err
	}
	return "Successfully configured OpenShift cluster " + cfg.APIURL, nil
}

// configureError says which input to fix when the check of a new
// configuration failed.
func configureError(api string, err error) error {
	switch {
	case errors.Is(err, openshift.ErrBadToken):
		return gatehouse.Invalid("token", "the API server at %s refused it: give a valid token (%v)", api, err)
	case errors.Is(err, openshift.ErrForbidden):
		return gatehouse.Invalid("token", "may not list users at %s: give the token of an account that may read users and groups (%v)", api, err)
	case errors.Is(err, openshift.ErrCertificate):
		return gatehouse.Invalid("ca_cert", "%v", err)
	}
	return gatehouse.Invalid("api_url", "cannot use the API server at %s: %v", api, err)
}

// clusterClient returns a client of the cluster cfg describes, reading
// with token.
func clusterClient(cfg *gatehouse.OpenShiftConfig, token string) (*openshift.Client, error) {
	return openshift.New(openshift.Config{APIURL: cfg.APIURL, Token: token, CACert: []byte(cfg.CACert)})
}

// ShowOpenShift returns the configuration, without its token;
// ErrNotFound if OpenShift is not configured.
func (s *Service) ShowOpenShift(ctx context.Context, p *Principal) (gatehouse.OpenShiftConfig, error) {
	var cfg gatehouse.OpenShiftConfig
	err := s.view(ctx, p, ActOpenShiftShow, "OPEN_SHIFT", openShiftObject, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActOpenShiftShow, Target{}); err != nil {
			return err
		}
		var err error
		cfg, err = openShiftConfig(ctx, tx)
		return err
	})
	cfg.Token = nil
	return cfg, err
}

// openShiftConfig is tx.OpenShiftConfig with a message for the client.
func openShiftConfig(ctx context.Context, tx gatehouse.Tx) (gatehouse.OpenShiftConfig, error) {
	cfg, err := tx.OpenShiftConfig(ctx)
	if errors.Is(err, gatehouse.ErrNotFound) {
		return cfg, gatehouse.Errorf(gatehouse.ErrNotFound, "openshift is not configured: see 'gatehouse openshift configure'")
	}
	return cfg, err
}

// openCluster authorizes p's act, then returns a client of the
// configured cluster reading with its token. The caller closes its idle
// connections.
func (s *Service) openCluster(ctx context.Context, p *Principal, act Action, obj string) (*openshift.Client, error) {
	var cfg gatehouse.OpenShiftConfig
	err := s.view(ctx, p, act, "OPEN_SHIFT", obj, func(tx gatehouse.Tx) error {
		if err := s.authorize(p, act, Target{}); err != nil {
			return err
		}
		var err error
		cfg, err = openShiftConfig(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.clusterWith(&cfg)
}

// clusterWith returns a client of the cluster cfg describes, reading
// with its token unsealed.
func (s *Service) clusterWith(cfg *gatehouse.OpenShiftConfig) (*openshift.Client, error) {
	tok, err := s.Secrets.Open(cfg.Token, openShiftSealContext)
	if err != nil {
		return nil, gatehouse.Errorf(gatehouse.ErrUnavailable, "cannot read the openshift token: %v", err)
	}
	c, err := clusterClient(cfg, string(tok))
	if err != nil {
		return nil, gatehouse.Errorf(gatehouse.ErrUnavailable, "openshift: %v", err)
	}
	return c, nil
}

// clusterError turns an error of the cluster's client into one of the
// domain's kinds.
func clusterError(err error) error {
	switch {
	case errors.Is(err, openshift.ErrNotFound):
		return gatehouse.Errorf(gatehouse.ErrNotFound, "openshift: %v", err)
	case errors.Is(err, openshift.ErrBadToken), errors.Is(err, openshift.ErrForbidden):
		return gatehouse.Errorf(gatehouse.ErrUnavailable, "openshift refused Gatehouse's token (%v): configure it again with a valid token", err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return gatehouse.Errorf(gatehouse.ErrUnavailable, "openshift: %v", err)
}
