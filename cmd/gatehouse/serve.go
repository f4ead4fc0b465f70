package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	masterkey "github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/server"
)

// newServeCmd returns `gatehouse serve`.
func newServeCmd() *cobra.Command {
	var (
		cfg        server.Config
		logFormat  string
		logLevel   string
		rulesFiles []string
		maxUsers   int
		maxObjects int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Gatehouse server",
		Long: `Run the Gatehouse server.

On first start with an empty store it creates the Administrators tenant and
the superadmin admin, whose password comes from GATEHOUSE_ADMIN_PASSWORD
(when unset, a random one is generated and printed once).

It refuses plain HTTP on an address other than loopback unless --insecure is
given; give --tls-cert and --tls-key to serve HTTPS. Secrets kept in the
database (directory bind passwords) are sealed with a master key: from
--master-key-file, else GATEHOUSE_MASTER_KEY (32 bytes in base64), else the
file master.key generated in --data on first start (keep a copy). SIGINT or
SIGTERM stop it gracefully: requests in flight finish, then the database is
closed.

Behind a load balancer, --trusted-proxy names it, so that logins, tokens
and audit records carry the client's address from X-Forwarded-For.
GET /metrics (Prometheus text format) asks for a superadmin's or an
operator's token; --metrics-listen also serves it without one on an address
of its own.

--rules-file [SERVICE=]FILE (repeatable) applies a rule file (JSON or YAML)
as the rule set of SERVICE, by default identity (the rules of Gatehouse's
own operations, see 'gatehouse rules default'), at start and whenever its
content changes (it is read again every 2 seconds). A file with problems
is refused whole: at start the server does not start; later the rules in
force stay, and the problems are logged and audited (rules.file).`,
		Example: `  GATEHOUSE_ADMIN_PASSWORD='a long secret' gatehouse serve
  GATEHOUSE_MASTER_KEY=$(cat master.key) gatehouse serve --database postgres://gatehouse@db/gatehouse --db-max-conns 20
  gatehouse serve --listen 0.0.0.0:29442 --tls-cert cert.pem --tls-key key.pem --data /var/lib/gatehouse
  gatehouse serve --trusted-proxy 10.0.0.0/8 --metrics-listen 127.0.0.1:29443`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			logger, err := newLogger(cmd, logFormat, logLevel)
			if err != nil {
				return err
			}
			cfg.Logger = logger
			cfg.Out = cmd.OutOrStdout()
			cfg.AdminPassword = os.Getenv("GATEHOUSE_ADMIN_PASSWORD")
			cfg.MasterKey = os.Getenv(masterkey.EnvVar)
			for _, rf := range rulesFiles {
				service, path, ok := strings.Cut(rf, "=")
				if !ok {
					service, path = "", rf
				}
				if path == "" {
					return fmt.Errorf("--rules-file %q names no file: give [SERVICE=]FILE, as identity.yaml or compute=compute-policy.yaml", rf)
				}
				cfg.RulesFiles = append(cfg.RulesFiles, server.RulesFile{Service: service, Path: path})
			}
			if maxUsers < 0 || maxObjects < 0 {
				return fmt.Errorf("--authz-max-users and --authz-max-objects: must be 0 (no bound) or more (got %d and %d)", maxUsers, maxObjects)
			}
			cfg.AuthzLimits = &authz.Limits{MaxUsers: maxUsers, MaxObjects: maxObjects, Idle: authz.DefaultLimits.Idle}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv, err := server.Start(ctx, cfg)
			if err != nil {
				return err
			}
			select {
			case <-ctx.Done():
				logger.Info("shutting down")
			case err := <-srv.Done():
				srv.Close()
				return fmt.Errorf("server stopped: %w", err)
			}
			return srv.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", server.DefaultListen, "address to listen on")
	f.StringVar(&cfg.DataDir, "data", server.DefaultDataDir, "directory of the embedded database and keys")
	f.StringVar(&cfg.DatabaseURL, "database", "", "a postgres:// URL selects PostgreSQL instead of the embedded store")
	f.Int32Var(&cfg.DB.MaxConns, "db-max-conns", 0, "PostgreSQL: most connections open at once (default: 4, or the number of CPUs if more)")
	f.Int32Var(&cfg.DB.MinConns, "db-min-conns", 0, "PostgreSQL: connections kept open when idle")
	f.DurationVar(&cfg.DB.ConnLifetime, "db-conn-lifetime", 0, "PostgreSQL: how long a connection lives before it is replaced (default 1h)")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "TLS certificate file (PEM)")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "TLS private key file (PEM)")
	f.StringVar(&cfg.MasterKeyFile, "master-key-file", "", "file holding the master key (32 bytes, base64) that seals secrets at rest; default: GATEHOUSE_MASTER_KEY, else generated in --data")
	f.BoolVar(&cfg.Insecure, "insecure", false, "allow plain HTTP on a non-loopback address")
	f.StringSliceVar(&cfg.TrustedProxies, "trusted-proxy", nil, "address or CIDR prefix of a load balancer or reverse proxy whose X-Forwarded-For gives the client's address (repeatable)")
	f.StringVar(&cfg.MetricsListen, "metrics-listen", "", "also serve GET /metrics without a token on this address (loopback unless --insecure); on --listen, /metrics asks for a superadmin's or operator's token")
	f.DurationVar(&cfg.TokenTTL, "token-ttl", server.DefaultTokenTTL, "lifetime of login tokens")
	f.StringArrayVar(&rulesFiles, "rules-file", nil, "[SERVICE=]FILE: a rule file applied as SERVICE's rule set (default identity) and reloaded when it changes (repeatable)")
	f.IntVar(&maxUsers, "authz-max-users", authz.DefaultLimits.MaxUsers, "most users the authorization index holds; past it, users unused for a minute are evicted and loaded again when next used (0: no bound)")
	f.IntVar(&maxObjects, "authz-max-objects", authz.DefaultLimits.MaxObjects, "most objects the authorization index holds, as --authz-max-users (0: no bound)")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

// newLogger returns a slog.Logger writing to stderr in the given format.
func newLogger(cmd *cobra.Command, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: must be debug, info, warn or error (got %q)", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), opts)), nil
	}
	return nil, fmt.Errorf("--log-format: must be text or json (got %q)", format)
}
