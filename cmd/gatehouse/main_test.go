package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/server"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// adminPassword is the password of admin in every script's server; scripts
// read it as $ADMIN_PW.
const adminPassword = "admin-Passw0rd"

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar (review the diff)")

func TestMain(m *testing.M) {
	testscript.Main(stopServices{m}, map[string]func(){"gatehouse": main})
}

// stopServices runs the tests, then stops the shared slapd.
type stopServices struct{ m *testing.M }

func (s stopServices) Run() int { return slapd.Main(s.m) }

// TestScripts runs testdata/script/*.txtar. Each script gets its own server
// on 127.0.0.1 with a fresh data directory, $WORK/.server, whose log is
// $WORK/.server/server.log (keep it with -testwork).
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup:               startServer,
		UpdateScripts:       *update,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"perm":       cmdPerm,
			"status":     cmdStatus,
			"envfromout": cmdEnvFromOut,
			"advance":    cmdAdvance,
			"slapd":      cmdSlapd,
			"openshift":  cmdOpenShift,
		},
	})
}

// startServer starts a server for one script and points the client at it.
func startServer(env *testscript.Env) error {
	dir := filepath.Join(env.WorkDir, ".server")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return err
	}
	clk := &clock{}
	env.Values[clockKey{}] = clk
	srv, err := server.Start(context.Background(), server.Config{
		Now:           clk.now,
		Listen:        "127.0.0.1:0",
		DataDir:       filepath.Join(dir, "data"),
		AdminPassword: adminPassword,
		Logger:        slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Argon2:        &identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1},
	})
	if err != nil {
		logFile.Close()
		return err
	}
	env.Defer(func() {
		if err := srv.Close(); err != nil {
			env.T().Log("close server: ", err)
		}
		logFile.Close()
	})
	env.Values[ownSlapdKey{}] = &ownSlapd{}
	env.Defer(func() {
		if s := env.Values[ownSlapdKey{}].(*ownSlapd).s; s != nil {
			s.Stop()
		}
	})
	env.Setenv("GATEHOUSE_SERVER", srv.URL())
	env.Setenv("GATEHOUSE_CONFIG_DIR", filepath.Join(env.WorkDir, ".gatehouse"))
	env.Setenv("GATEHOUSE_ADMIN_PASSWORD", adminPassword)
	env.Setenv("ADMIN_PW", adminPassword)
	if err := setOpenShiftEnv(env); err != nil {
		return err
	}
	return setLDAPEnv(env)
}

// setOpenShiftEnv starts a stand-in OpenShift cluster for the script and
// tells it where it is: $OPENSHIFT_URL, $OPENSHIFT_TOKEN (the token that
// may read users and groups) and $OPENSHIFT_CA (the PEM file of its CA).
func setOpenShiftEnv(env *testscript.Env) error {
	s := openshiftd.New()
	env.Defer(s.Close)
	env.Values[openShiftKey{}] = s
	ca := filepath.Join(env.WorkDir, ".openshift-ca.pem")
	if err := os.WriteFile(ca, s.CACert, 0o600); err != nil {
		return err
	}
	env.Setenv("OPENSHIFT_URL", s.URL)
	env.Setenv("OPENSHIFT_TOKEN", openshiftd.Token)
	env.Setenv("OPENSHIFT_CA", ca)
	return nil
}

// setLDAPEnv starts the shared slapd and tells scripts where it is:
// $LDAP_HOST, $LDAP_PORT (plain and StartTLS), $LDAPS_PORT, $LDAP_CA (the
// PEM file of its CA), $LDAP_BASE, $LDAP_READER and $LDAP_READER_PW, and
// for the Active Directory-like tree $AD_BASE, $AD_READER, $AD_READER_PW.
func setLDAPEnv(env *testscript.Env) error {
	s, err := slapd.SharedServer()
	if err != nil {
		return fmt.Errorf("start slapd: %w", err)
	}
	for k, v := range map[string]string{
		"LDAP_HOST": s.Host, "LDAP_PORT": strconv.Itoa(s.Port), "LDAPS_PORT": strconv.Itoa(s.TLSPort), "LDAP_CA": s.CACert,
		"LDAP_BASE": slapd.LDAPBase, "LDAP_READER": slapd.LDAPReaderDN, "LDAP_READER_PW": slapd.LDAPReaderPassword,
		"AD_BASE": slapd.ADBase, "AD_READER": slapd.ADReaderDN, "AD_READER_PW": slapd.ADReaderPassword,
	} {
		env.Setenv(k, v)
	}
	return nil
}

// cmdPerm checks a file's permission bits: perm 0600 file.
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm mode file")
	}
	want, err := strconv.ParseUint(args[0], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[1]))
	ts.Check(err)
	if got := fi.Mode().Perm(); (got == os.FileMode(want)) == neg {
		ts.Fatalf("%s has mode %#o, want %s%#o", args[1], got, map[bool]string{true: "not "}[neg], want)
	}
}

// cmdStatus runs a program and checks its exit status, keeping its stdout
// and stderr for the next commands: status 1 gatehouse check ...
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status code program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdEnvFromOut sets an environment variable to the first submatch of a
// regular expression in the last command's stdout: envfromout KEY '^Key: +(\S+)$'.
func cmdEnvFromOut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envfromout NAME regexp")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	m := re.FindStringSubmatch(ts.ReadFile("stdout"))
	if len(m) < 2 {
		ts.Fatalf("no match for %q in stdout", args[1])
	}
	ts.Setenv(args[0], m[1])
}

// clock is a script server's clock: the real time, moved forward by the
// advance command.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// clockKey is the key of a script's clock in testscript.Env.Values.
type clockKey struct{}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// cmdAdvance moves the server's clock forward, so that passwords, tokens
// and audit records age without waiting: advance 2d.
func cmdAdvance(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: advance duration")
	}
	d, err := identity.ParseDuration(args[0])
	ts.Check(err)
	c := ts.Value(clockKey{}).(*clock)
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// ownSlapd is a script's own slapd, which it may change, unlike the
// shared one.
type ownSlapd struct{ s *slapd.Server }

// ownSlapdKey is the key of a script's ownSlapd in testscript.Env.Values.
type ownSlapdKey struct{}

// cmdSlapd runs a slapd of the script's own, loaded with the fixtures:
// 'slapd start' starts it and sets $OWN_LDAP_PORT, 'slapd modify FILE'
// applies the LDIF changes in FILE to it (ldapmodify's format), and
// 'slapd stop' stops it. It is stopped when the script ends.
func cmdSlapd(ts *testscript.TestScript, neg bool, args []string) {
	own := ts.Value(ownSlapdKey{}).(*ownSlapd)
	switch {
	case neg || len(args) == 0:
		ts.Fatalf("usage: slapd start | slapd modify file | slapd stop")
	case args[0] == "start" && own.s == nil:
		s, err := slapd.New(0)
		ts.Check(err)
		own.s = s
		ts.Setenv("OWN_LDAP_PORT", strconv.Itoa(s.Port))
	case args[0] == "modify" && len(args) == 2 && own.s != nil:
		ts.Check(own.s.Modify(ts.ReadFile(args[1])))
	case args[0] == "stop" && own.s != nil:
		own.s.Stop()
		own.s = nil
	default:
		ts.Fatalf("slapd %s: not running, already running, or bad arguments", strings.Join(args, " "))
	}
}

// openShiftKey is the key of a script's stand-in OpenShift cluster in
// testscript.Env.Values.
type openShiftKey struct{}

// cmdOpenShift drives the script's stand-in OpenShift cluster:
// 'openshift recreate NAME' deletes the user NAME and creates it again
// with a new UID, which it puts in $OPENSHIFT_NEW_UID.
func cmdOpenShift(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || args[0] != "recreate" {
		ts.Fatalf("usage: openshift recreate name")
	}
	ts.Setenv("OPENSHIFT_NEW_UID", ts.Value(openShiftKey{}).(*openshiftd.Server).Recreate(args[1]))
}
