// Package slapd runs a real OpenLDAP server for tests: slapd from a temp
// directory on free loopback ports, loaded from the fixture LDIF files
// beside this file (an OpenLDAP tree and an Active Directory-like tree
// over the small schema in ad.schema) plus generated bulk users, with a
// size limit of 500 so that long listings must page. Shared starts one per
// test binary; Main, called from TestMain, stops it.
package slapd

import (
	"bytes"
	"embed"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

//go:embed ad.schema fixture.ldif ad.ldif slapd.conf.tmpl
var files embed.FS

// The fixture directories served by every Server (see fixture.ldif and
// ad.ldif).
const (
	LDAPBase           = "dc=example,dc=org"
	LDAPReaderDN       = "cn=reader,dc=example,dc=org"
	LDAPReaderPassword = "reader-pw"
	ADBase             = "dc=corp,dc=example,dc=com"
	ADReaderDN         = "cn=svc-gatehouse,cn=Users,dc=corp,dc=example,dc=com"
	ADReaderPassword   = "svc-gatehouse-pw"
	ADNetBIOS          = "CORP"
	// LDAPAdminDN and LDAPAdminPassword may change the OpenLDAP tree.
	LDAPAdminDN       = "cn=admin,dc=example,dc=org"
	LDAPAdminPassword = "admin-pw"
	// LDAPSizeLimit is the server's size limit: longer listings must page.
	LDAPSizeLimit = 500
	// SharedBulkUsers is how many generated users the shared Slapd holds
	// under ou=bulk (uid bulk00000, bulk00001, ...).
	SharedBulkUsers = 3000
)

// LDAPPassword returns the fixture password of the directory user uid.
func LDAPPassword(uid string) string { return uid + "-pw" }

// BulkUID returns the uid of the i-th generated user.
func BulkUID(i int) string { return fmt.Sprintf("bulk%05d", i) }

// Server is a running OpenLDAP server on loopback, loaded with the
// fixtures, listening for LDAP (StartTLS too) on Port and LDAPS on TLSPort.
// Its certificate is signed by the CA in CACert (PEM file).
type Server struct {
	Host    string
	Port    int
	TLSPort int
	CACert  string

	dir    string
	proc   *os.Process
	exited chan struct{} // closed when slapd has exited
}

var shared struct {
	once  sync.Once
	slapd *Server
	err   error
}

// Shared returns the slapd of this test binary, started on first
// use with SharedBulkUsers generated users, and stopped by Main. A
// missing slapd fails the test: the Makefile installs it.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	s, err := SharedServer()
	if err != nil {
		tb.Fatalf("start slapd: %v", err)
	}
	return s
}

// SharedServer is Shared for callers without a testing.TB, such as a
// testscript Setup.
func SharedServer() (*Server, error) {
	shared.once.Do(func() { shared.slapd, shared.err = startSlapd(SharedBulkUsers) })
	return shared.slapd, shared.err
}

// Start starts a slapd of tb's own with bulk generated users,
// stopped when tb ends.
func Start(tb testing.TB, bulk int) *Server {
	tb.Helper()
	s, err := New(bulk)
	if err != nil {
		tb.Fatalf("start slapd: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// New starts a slapd with bulk generated users, for callers without a
// testing.TB, such as a testscript command; the caller stops it.
func New(bulk int) (*Server, error) { return startSlapd(bulk) }

// Main runs m and then stops the shared services; use it in TestMain:
// os.Exit(testenv.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared.slapd != nil {
		shared.slapd.Stop()
	}
	return code
}

// URL returns the ldap:// URL of s.
func (s *Server) URL() string { return "ldap://" + net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Modify applies ldif, changes in ldapmodify's format (changetype: add,
// modify, delete, modrdn), to the OpenLDAP tree of s as its
// administrator, with ldapmodify (package ldap-utils). Change only a
// Server of your own (Start), never the Shared one.
func (s *Server) Modify(ldif string) error {
	cmd := exec.Command("ldapmodify", "-x", "-H", s.URL(), "-D", LDAPAdminDN, "-w", LDAPAdminPassword)
	cmd.Stdin = strings.NewReader(ldif)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ldapmodify: %v: %s", err, out)
	}
	return nil
}

// Stop ends slapd and removes its directory.
func (s *Server) Stop() {
	s.proc.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.proc.Kill()
		<-s.exited
	}
	os.RemoveAll(s.dir)
}

func startSlapd(bulk int) (_ *Server, err error) {
	bin, err := exec.LookPath("slapd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/slapd"); serr != nil {
			return nil, fmt.Errorf("slapd not found: install it with 'apt-get install -y slapd ldap-utils' (make test does)")
		}
		bin = "/usr/sbin/slapd"
	}
	dir, err := os.MkdirTemp("", "gatehouse-slapd-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if err := writeSlapdFiles(dir, bulk); err != nil {
		return nil, err
	}
	for _, db := range []struct{ suffix, ldif string }{
		{LDAPBase, "fixture.ldif"}, {LDAPBase, "bulk.ldif"}, {ADBase, "ad.ldif"},
	} {
		out, err := exec.Command(filepath.Join(filepath.Dir(bin), "slapadd"), "-q", "-f", filepath.Join(dir, "slapd.conf"),
			"-b", db.suffix, "-l", filepath.Join(dir, db.ldif)).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("slapadd %s: %v: %s", db.ldif, err, out)
		}
	}
	// A free port can be taken between choosing and binding: try again.
	for attempt := 0; ; attempt++ {
		s, err := runSlapd(bin, dir)
		if err == nil || attempt == 4 {
			return s, err
		}
	}
}

func runSlapd(bin, dir string) (*Server, error) {
	port, tlsPort := freePort(), freePort()
	urls := fmt.Sprintf("ldap://127.0.0.1:%d/ ldaps://127.0.0.1:%d/", port, tlsPort)
	var log syncBuffer
	cmd := exec.Command(bin, "-f", filepath.Join(dir, "slapd.conf"), "-h", urls, "-d", "0")
	cmd.Stdout, cmd.Stderr = &log, &log
	// slapd dies with the test binary, whatever ends it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run slapd: %w", err)
	}
	s := &Server{Host: "127.0.0.1", Port: port, TLSPort: tlsPort, CACert: filepath.Join(dir, "ca.pem"),
		dir: dir, proc: cmd.Process, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(s.exited) }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("slapd exited: %s", log.String())
		default:
		}
		if c, err := net.Dial("tcp", net.JoinHostPort(s.Host, strconv.Itoa(port))); err == nil {
			c.Close()
			return s, nil
		}
	}
	s.proc.Kill()
	<-s.exited
	return nil, fmt.Errorf("slapd did not listen within 10s: %s", log.String())
}

// syncBuffer is a bytes.Buffer safe for slapd's output and the reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// writeSlapdFiles writes the configuration, schema, fixtures, bulk users
// and TLS files into dir.
func writeSlapdFiles(dir string, bulk int) error {
	for _, sub := range []string{"example", "corp"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			return err
		}
	}
	for _, name := range []string{"ad.schema", "fixture.ldif", "ad.ldif"} {
		b, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return err
		}
	}
	tmpl, err := template.ParseFS(files, "slapd.conf.tmpl")
	if err != nil {
		return err
	}
	var conf bytes.Buffer
	if err := tmpl.Execute(&conf, struct{ Dir string }{dir}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "slapd.conf"), conf.Bytes(), 0o600); err != nil {
		return err
	}
	var users bytes.Buffer
	for i := range bulk {
		uid := BulkUID(i)
		fmt.Fprintf(&users, "dn: uid=%[1]s,ou=bulk,%[2]s\nobjectClass: inetOrgPerson\nuid: %[1]s\ncn: Bulk User %[3]d\n"+
			"givenName: Bulk\nsn: User %[3]d\nmail: %[1]s@example.org\nuserPassword: %[4]s\n\n",
			uid, LDAPBase, i, LDAPPassword(uid))
	}
	if err := os.WriteFile(filepath.Join(dir, "bulk.ldif"), users.Bytes(), 0o600); err != nil {
		return err
	}
	return writeTLS(dir)
}
