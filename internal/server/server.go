// Package server assembles a running Gatehouse: the store, the token
// issuer, the identity service and the HTTP API, listening on one address.
// `gatehouse serve` and the end-to-end tests both start it through Start.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/console"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/metrics"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// Config configures a server. Zero fields take the defaults below.
type Config struct {
	Listen      string // default DefaultListen; port 0 picks a free port
	DataDir     string // default DefaultDataDir
	DatabaseURL string // a postgres:// URL selects PostgreSQL instead of SQLite in DataDir
	TLSCert     string
	TLSKey      string
	// Insecure allows plain HTTP on a non-loopback address.
	Insecure bool
	// AdminPassword is the password of admin when the store is created;
	// empty: a random one, written to Out once.
	AdminPassword string
	TokenTTL      time.Duration // default DefaultTokenTTL
	Logger        *slog.Logger  // default: discard
	Out           io.Writer     // where a generated admin password is printed; default os.Stdout
	// Argon2 overrides the password hashing cost (tests use a cheap one).
	Argon2 *identity.Argon2Params
	// MasterKeyFile names the master key sealing secrets at rest; it
	// overrides MasterKey. Neither set: the data directory's key, generated
	// on first start (see package secret).
	MasterKeyFile string
	// MasterKey is the master key in base64 (GATEHOUSE_MASTER_KEY).
	MasterKey string
	// DB holds the PostgreSQL connection pool settings; zero fields take
	// pgxpool's defaults.
	DB postgres.Options
	// MetricsListen, when set, is an address serving GET /metrics without
	// a token, in plain HTTP, for scrapers (on the main address /metrics
	// asks for a superadmin's or an operator's token). Like Listen, it
	// must be loopback unless Insecure.
	MetricsListen string
	// TrustedProxies are the addresses or CIDR prefixes of the load
	// balancers and reverse proxies in front of the server, whose
	// X-Forwarded-For gives the client's address (see api.API).
	TrustedProxies []string
	// AuthzLimits bound the users and objects the authorization index
	// holds (authz.Limits); nil: authz.DefaultLimits.
	AuthzLimits *authz.Limits
	// Now is the server's clock; default time.Now. Tests move it to
	// expire passwords, lockouts and audit records without waiting.
	Now func() time.Time
	// RulesFiles are rule files applied at start and reloaded when they
	// change, each read again every RulesFilePoll (default
	// DefaultRulesFilePoll).
	RulesFiles    []RulesFile
	RulesFilePoll time.Duration
}

// Defaults of Config.
const (
	DefaultListen   = "127.0.0.1:29442"
	DefaultDataDir  = "./gatehouse-data"
	DefaultTokenTTL = 12 * time.Hour
)

// ShutdownTimeout bounds how long Close waits for in-flight requests.
const ShutdownTimeout = 15 * time.Second

// Server is a running Gatehouse.
type Server struct {
	store    gatehouse.Store
	http     *http.Server
	listener net.Listener
	// metrics serves /metrics on Config.MetricsListen; nil without one.
	metrics         *http.Server
	metricsListener net.Listener
	tls             bool
	logger          *slog.Logger
	done            chan error
	stop            context.CancelFunc // stops the background goroutines
	// background counts the goroutines that housekeep and follow other
	// servers' writes.
	background sync.WaitGroup
	rules      *rulesWatcher // the rule files given with --rules-file
}

// PurgeEvery is how often expired token records and revocations are
// forgotten and dormant users disabled.
const PurgeEvery = time.Hour

// housekeep purges expired tokens, disables dormant users and prunes old
// audit records now and every PurgeEvery until ctx ends.
func housekeep(ctx context.Context, svc *identity.Service, logger *slog.Logger) {
	t := time.NewTicker(PurgeEvery)
	defer t.Stop()
	for {
		if err := svc.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("housekeeping", "err", err)
		}
		if n, err := svc.DisableDormant(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("housekeeping", "err", err)
		} else if n > 0 {
			logger.Info("disabled dormant users", "count", n)
		}
		if cp, err := svc.PruneAudit(ctx, nil); err != nil && ctx.Err() == nil {
			logger.Warn("housekeeping", "err", err)
		} else if cp.Pruned > 0 {
			logger.Info("pruned audit records", "count", cp.Pruned, "through", cp.LastID, "checkpoint", cp.ID)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Validate reports every problem with c at once.
func (c *Config) Validate() error {
	var errs []error
	errs = append(errs, c.validateDatabase()...)
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key must be given together"))
	}
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		errs = append(errs, fmt.Errorf("--listen: must be host:port (got %q)", c.Listen))
	} else if c.TLSCert == "" && !c.Insecure && !isLoopback(host) {
		errs = append(errs, fmt.Errorf("--listen: refusing plain HTTP on non-loopback address %s: give --tls-cert and --tls-key, or --insecure", c.Listen))
	}
	if c.MetricsListen != "" {
		host, _, err := net.SplitHostPort(c.MetricsListen)
		if err != nil {
			errs = append(errs, fmt.Errorf("--metrics-listen: must be host:port (got %q)", c.MetricsListen))
		} else if !c.Insecure && !isLoopback(host) {
			errs = append(errs, fmt.Errorf("--metrics-listen: refusing to serve metrics without authentication on non-loopback address %s: give --insecure if the network is private", c.MetricsListen))
		}
	}
	if _, err := parseProxies(c.TrustedProxies); err != nil {
		errs = append(errs, err)
	}
	if c.TokenTTL < time.Minute || c.TokenTTL > 30*24*time.Hour {
		errs = append(errs, fmt.Errorf("--token-ttl: must be between 1m and 720h (got %s)", c.TokenTTL))
	}
	return errors.Join(errs...)
}

func (c *Config) setDefaults() {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = DefaultTokenTTL
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Out == nil {
		c.Out = os.Stdout
	}
	if c.RulesFilePoll == 0 {
		c.RulesFilePoll = DefaultRulesFilePoll
	}
	c.RulesFiles = slices.Clone(c.RulesFiles)
	for i := range c.RulesFiles {
		if c.RulesFiles[i].Service == "" {
			c.RulesFiles[i].Service = identity.IdentityService
		}
	}
}

// parseProxies parses addresses and CIDR prefixes; an address is a
// prefix of one address.
func parseProxies(ss []string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for _, s := range ss {
		if p, err := netip.ParsePrefix(s); err == nil {
			ps = append(ps, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			ps = append(ps, netip.PrefixFrom(a, a.BitLen()))
		} else {
			return nil, fmt.Errorf("--trusted-proxy: %q is not an IP address or CIDR prefix (such as 10.0.0.0/8)", s)
		}
	}
	return ps, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Start opens the store, bootstraps it if empty, and starts serving. The
// server runs until Close. It takes the listening addresses and reads the
// TLS key pair first, so that a busy port or a bad key leaves an empty
// data directory as it was, and no one-time admin password is printed
// for a server that never ran.
func Start(ctx context.Context, cfg Config) (_ *Server, err error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var tlsConfig *tls.Config
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("load TLS key pair: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	listener, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	defer func() {
		if err != nil {
			listener.Close()
		}
	}()
	var metricsListener net.Listener
	if cfg.MetricsListen != "" {
		if metricsListener, err = net.Listen("tcp", cfg.MetricsListen); err != nil {
			return nil, fmt.Errorf("listen on %s for metrics: %w", cfg.MetricsListen, err)
		}
		defer func() {
			if err != nil {
				metricsListener.Close()
			}
		}()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	secrets, err := secret.Load(secret.Source{File: cfg.MasterKeyFile, Env: cfg.MasterKey, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// Listen for other servers' writes before loading anything to cache,
	// so that none committed in between is missed.
	replicas, err := listenForReplicas(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	// Every writer shares this store, so caches can tell when they are stale.
	store := gatehouse.CountWrites(db)
	defer func() {
		if err != nil {
			if replicas != nil {
				replicas.Close(ctx)
			}
			store.Close()
		}
	}()
	issuer, err := token.NewSealedIssuer(ctx, store, cfg.TokenTTL, secrets, cfg.Logger)
	if err != nil {
		return nil, err
	}
	svc, err := identity.New(store, issuer, cfg.Logger)
	if err != nil {
		return nil, err
	}
	if cfg.Argon2 != nil {
		svc.Argon2 = *cfg.Argon2
	}
	if cfg.Now != nil {
		svc.Now, issuer.Now = cfg.Now, cfg.Now
	}
	svc.Secrets = secrets
	generated, err := svc.Bootstrap(ctx, cfg.AdminPassword)
	if err != nil {
		return nil, err
	}
	// The authorization index is loaded once the store holds the
	// Administrators tenant.
	syncer, err := authsync.New(ctx, store)
	if err != nil {
		return nil, err
	}
	if cfg.AuthzLimits != nil {
		syncer.SetLimits(*cfg.AuthzLimits)
	}
	svc.Sync = syncer
	rw := &rulesWatcher{svc: svc, files: cfg.RulesFiles, logger: cfg.Logger}
	if err := rw.load(ctx); err != nil {
		return nil, err
	}
	acc := access.New(store, syncer, svc, cfg.Logger)
	if generated != "" {
		fmt.Fprintf(cfg.Out, "Created superadmin %s with password %s\nIt is shown only this once: log in and change it with 'gatehouse password change'.\n", identity.AdminUser, generated)
	}
	con, err := console.New(svc, acc, cfg.Logger, cfg.TLSCert != "")
	if err != nil {
		return nil, err
	}
	reg := metrics.New()
	reg.CountWrites(store.Writes)
	proxies, _ := parseProxies(cfg.TrustedProxies) // Validate checked them
	a := &api.API{Identity: svc, Access: acc, JWKS: issuer.JWKS, Logger: cfg.Logger, Console: con.Handler(), Metrics: reg,
		TrustedProxies: proxies}
	s := &Server{store: store, logger: cfg.Logger, done: make(chan error, 1), rules: rw}
	s.http = &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	s.http.TLSConfig, s.tls = tlsConfig, tlsConfig != nil
	s.listener = listener
	if metricsListener != nil {
		s.serveMetrics(metricsListener, reg)
	}
	hctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.background.Go(func() { housekeep(hctx, svc, cfg.Logger) })
	if len(cfg.RulesFiles) > 0 {
		s.background.Go(func() { rw.watch(hctx, cfg.RulesFilePoll) })
	}
	if replicas != nil {
		s.background.Go(func() { followReplicas(hctx, replicas, store, syncer, issuer, cfg.Logger) })
	}
	go func() {
		var err error
		if s.tls {
			err = s.http.ServeTLS(s.listener, "", "")
		} else {
			err = s.http.Serve(s.listener)
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	cfg.Logger.Info("gatehouse ready", "url", s.URL(), "data", cfg.DataDir)
	return s, nil
}

// serveMetrics serves reg at /metrics on l, without authentication.
func (s *Server) serveMetrics(l net.Listener, reg *metrics.Registry) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", metrics.ContentType)
		if err := reg.WriteText(w); err != nil {
			s.logger.Warn("write metrics", "err", err)
		}
	})
	s.metricsListener = l
	s.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn)}
	go func() {
		if err := s.metrics.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("metrics server stopped", "err", err)
		}
	}()
}

// MetricsURL returns the URL of the metrics served without a token, or ""
// without Config.MetricsListen.
func (s *Server) MetricsURL() string {
	if s.metricsListener == nil {
		return ""
	}
	return "http://" + s.metricsListener.Addr().String() + "/metrics"
}

// URL returns the server's base URL, such as http://127.0.0.1:29442.
func (s *Server) URL() string {
	scheme := "http"
	if s.tls {
		scheme = "https"
	}
	return scheme + "://" + s.listener.Addr().String()
}

// Done returns a channel that yields the serving error (nil after Close).
func (s *Server) Done() <-chan error { return s.done }

// Close stops accepting requests, waits up to ShutdownTimeout for those in
// flight, then closes the store.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if s.metrics != nil {
		err = errors.Join(err, s.metrics.Shutdown(ctx))
	}
	s.stop()
	s.background.Wait()
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	s.logger.Info("gatehouse stopped")
	return err
}
