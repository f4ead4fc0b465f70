package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// defaultServer is the server URL used when neither --server,
// GATEHOUSE_SERVER nor a previous login names one.
const defaultServer = "http://127.0.0.1:29442"

// requestTimeout bounds each request to the server.
const requestTimeout = 2 * time.Minute

// configFile is the name of the file in the config directory.
const configFile = "config.json"

// config is what the client keeps between runs: the last login.
type config struct {
	Server   string `json:"server"`
	Token    string `json:"token"`
	Username string `json:"username"`
	Tenant   string `json:"tenant"`
}

// configDir returns GATEHOUSE_CONFIG_DIR, else ~/.gatehouse.
func configDir() (string, error) {
	if d := os.Getenv("GATEHOUSE_CONFIG_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the config directory: %v: set GATEHOUSE_CONFIG_DIR", err)
	}
	return filepath.Join(home, ".gatehouse"), nil
}

// loadConfig reads the config file; a missing file is an empty config.
func loadConfig() (*config, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	name := filepath.Join(dir, configFile)
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the config: %v", err)
	}
	var c config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("cannot read the config %s: %v: remove it and log in again", name, err)
	}
	return &c, nil
}

// save writes the config file, readable by its owner only, replacing the
// old one at once.
func (c *config) save() error {
	dir, err := configDir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot save the login: %v: check GATEHOUSE_CONFIG_DIR", err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, configFile+".*") // created with mode 0600
	if err != nil {
		return fmt.Errorf("cannot save the login: %v: check GATEHOUSE_CONFIG_DIR", err)
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, configFile))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot save the login: %v", err)
	}
	return nil
}

// globals holds the root command's persistent flags.
type globals struct {
	server string   // --server
	roles  []string // --role
}

// anonymous returns a client without a token for the server the command
// talks to, and the stored config.
func (g *globals) anonymous(cmd *cobra.Command) (*client.Client, *config, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, nil, err
	}
	server, err := g.serverURL(cmd, cfg)
	if err != nil {
		return nil, nil, err
	}
	return client.New(server, "", &http.Client{Timeout: requestTimeout}), cfg, nil
}

// session returns a client that authenticates with GATEHOUSE_TOKEN, else
// with the token of the last login to the same server, and the stored
// config.
func (g *globals) session(cmd *cobra.Command) (*client.Client, *config, error) {
	c, cfg, err := g.anonymous(cmd)
	if err != nil {
		return nil, nil, err
	}
	if cmd.Flags().Changed("role") {
		c = c.WithRoles(g.roles)
	}
	if tok := os.Getenv("GATEHOUSE_TOKEN"); tok != "" {
		return c.WithToken(tok), cfg, nil
	}
	switch {
	case cfg.Token == "":
		return nil, nil, errors.New("not logged in: run 'gatehouse login <username>' first")
	case cfg.Server != c.BaseURL():
		return nil, nil, fmt.Errorf("not logged in to %s: run 'gatehouse login <username> --server %s' first", c.BaseURL(), c.BaseURL())
	}
	return c.WithToken(cfg.Token), cfg, nil
}

// serverURL returns the server to talk to: --server, else GATEHOUSE_SERVER,
// else the server of the last login, else defaultServer.
func (g *globals) serverURL(cmd *cobra.Command, cfg *config) (string, error) {
	s := g.server
	if !cmd.Flags().Changed("server") && os.Getenv("GATEHOUSE_SERVER") == "" && cfg.Server != "" {
		s = cfg.Server
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid server URL %q: pass --server or set GATEHOUSE_SERVER to a URL such as %s", s, defaultServer)
	}
	return u.Scheme + "://" + u.Host + u.EscapedPath(), nil
}
