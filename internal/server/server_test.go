package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var cheap = &identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		err  string // part of the error; "" means valid
	}{
		{"loopback plain HTTP", Config{Listen: "127.0.0.1:0"}, ""},
		{"localhost", Config{Listen: "localhost:0"}, ""},
		{"IPv6 loopback", Config{Listen: "[::1]:0"}, ""},
		{"all interfaces without TLS", Config{Listen: "0.0.0.0:29442"}, "refusing plain HTTP on non-loopback address"},
		{"empty host without TLS", Config{Listen: ":29442"}, "refusing plain HTTP"},
		{"all interfaces, insecure", Config{Listen: "0.0.0.0:29442", Insecure: true}, ""},
		{"all interfaces with TLS", Config{Listen: "0.0.0.0:29442", TLSCert: "c.pem", TLSKey: "k.pem"}, ""},
		{"cert without key", Config{Listen: "127.0.0.1:0", TLSCert: "c.pem"}, "--tls-cert and --tls-key must be given together"},
		{"bad listen", Config{Listen: "nowhere"}, "--listen: must be host:port"},
		{"postgres", Config{Listen: "127.0.0.1:0", DatabaseURL: "postgres://x/y", MasterKey: "k"}, ""},
		{"postgresql", Config{Listen: "127.0.0.1:0", DatabaseURL: "postgresql://x/y", MasterKeyFile: "k"}, ""},
		{"postgres without master key", Config{Listen: "127.0.0.1:0", DatabaseURL: "postgres://x/y"}, "needs the same master key"},
		{"more min than max conns", Config{Listen: "127.0.0.1:0", DatabaseURL: "postgres://x/y", MasterKey: "k",
			DB: postgres.Options{MaxConns: 2, MinConns: 3}}, "--db-min-conns (3) must not exceed --db-max-conns (2)"},
		{"other database URL", Config{Listen: "127.0.0.1:0", DatabaseURL: "mysql://x"}, "must be a postgres:// URL"},
		{"token TTL too short", Config{Listen: "127.0.0.1:0", TokenTTL: time.Second}, "--token-ttl"},
		{"metrics on loopback", Config{Listen: "127.0.0.1:0", MetricsListen: "127.0.0.1:0"}, ""},
		{"metrics on all interfaces", Config{Listen: "127.0.0.1:0", MetricsListen: ":9100"}, "--metrics-listen: refusing to serve metrics without authentication"},
		{"metrics on all interfaces, insecure", Config{Listen: "127.0.0.1:0", MetricsListen: "0.0.0.0:9100", Insecure: true}, ""},
		{"trusted proxies", Config{Listen: "127.0.0.1:0", TrustedProxies: []string{"10.0.0.0/8", "192.0.2.1", "2001:db8::/32"}}, ""},
		{"bad trusted proxy", Config{Listen: "127.0.0.1:0", TrustedProxies: []string{"10.0.0.0/8", "lb.example.com"}}, `--trusted-proxy: "lb.example.com" is not an IP address or CIDR prefix`},
		{"bad metrics listen", Config{Listen: "127.0.0.1:0", MetricsListen: "9100"}, "--metrics-listen: must be host:port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.setDefaults()
			err := cfg.Validate()
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("Validate = %v, want %q", err, tc.err)
			}
		})
	}
	cfg := Config{Listen: "0.0.0.0:1", TLSCert: "c.pem", DatabaseURL: "mysql://x"}
	cfg.setDefaults()
	if err := cfg.Validate(); err == nil || strings.Count(err.Error(), "\n") != 1 {
		t.Fatalf("Validate should report both problems at once: %v", err)
	}
}

func start(t *testing.T, dir string, out io.Writer) *Server {
	t.Helper()
	s, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: dir, Out: out, Argon2: cheap,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBootstrapPrintsGeneratedPasswordOnce(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	s := start(t, dir, &out)
	resp, err := http.Get(s.URL() + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	first := out.String()
	if !strings.Contains(first, "Created superadmin admin with password ") {
		t.Fatalf("first start printed %q", first)
	}
	out.Reset()
	s = start(t, dir, &out)
	defer s.Close()
	if out.Len() != 0 {
		t.Fatalf("second start printed %q", out.String())
	}
}

// TestStartOnBusyPortChangesNothing starts a server on a port already
// taken: it fails naming the address, and the data directory stays absent,
// with no one-time admin password printed for a server that never ran.
func TestStartOnBusyPortChangesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct{ name, listen, metrics string }{
		{"main port", busy.Addr().String(), ""},
		{"metrics port", "127.0.0.1:0", busy.Addr().String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			var out bytes.Buffer
			_, err = Start(context.Background(), Config{Listen: tc.listen, MetricsListen: tc.metrics, DataDir: dir, Out: &out, Argon2: cheap,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err == nil || !strings.Contains(err.Error(), "listen on "+busy.Addr().String()) {
				t.Fatalf("Start on a busy port = %v, want a listen error", err)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("data directory after a failed start: %v, want it absent", err)
			}
			if out.Len() != 0 {
				t.Errorf("a failed start printed %q", out.String())
			}
		})
	}
}

// TestCloseFinishesRequestsInFlight sends half a request, closes the
// server, then sends the rest: the request must still be answered, and
// the database closed cleanly (its write-ahead log folded back).
func TestCloseFinishesRequestsInFlight(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir, io.Discard)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"username":"admin","password":"wrong-password"}`
	head := "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the server start reading the body
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("in-flight login answered %d", resp.StatusCode)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "gatehouse.db-wal")); err == nil && fi.Size() > 0 {
		t.Fatalf("write-ahead log left behind (%d bytes): the database was not closed cleanly", fi.Size())
	}
}

func TestStartRefusesBadMasterKey(t *testing.T) {
	dir := t.TempDir()
	_, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: dir, Argon2: cheap,
		MasterKey: "too-short", Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "GATEHOUSE_MASTER_KEY") {
		t.Fatalf("Start = %v, want an error naming GATEHOUSE_MASTER_KEY", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gatehouse.db")); err == nil {
		t.Error("the database was created although the master key was refused")
	}
}
