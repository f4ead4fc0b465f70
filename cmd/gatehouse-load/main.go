// Command gatehouse-load measures a running Gatehouse from outside, over
// loopback, the way the issues state their performance figures.
//
//	gatehouse-load seed -data DIR -users 100000
//	    fills a (stopped) server's data directory with users, in bulk
//	gatehouse-load scale -data DIR [-database postgres://...] -users 1000000 -tenants 10000 -objects 1000000
//	    fills a (stopped) server's store with issue 6's scale world
//	gatehouse-load get -server URL -user admin -password PW -path /api/v1/users/admin -c 16 -d 10s
//	    logs in, then sends GET requests with keep-alive from c workers for d
//	    and prints requests/s and latency percentiles
//	gatehouse-load get -method POST -path /api/v1/check/batch -body @batch.json -per-request 1000 ...
//	    the same with a request body (inline, or @file); -per-request also
//	    reports items/s (checks in a batch)
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gatehouse-load seed|scale|get [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(os.Args[2:])
	case "scale":
		err = scale(os.Args[2:])
	case "get":
		err = get(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: use seed, scale or get", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// seed adds users u<N> (password "password-<N>" is not set: they share one
// hash of "load-test-password") to tenant Administrators' sibling "load".
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	data := fs.String("data", "./gatehouse-data", "data directory of a stopped server, already bootstrapped")
	n := fs.Int("users", 100000, "users to add")
	fs.Parse(args)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(*data, "gatehouse.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := identity.HashPassword(identity.DefaultArgon2, "load-test-password")
	if err != nil {
		return err
	}
	start := time.Now()
	now := start.UTC()
	err = st.Update(ctx, func(tx gatehouse.Tx) error {
		t := gatehouse.Tenant{Name: "load", Description: "users for load tests", CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateTenant(ctx, &t); err != nil {
			return err
		}
		for i := range *n {
			u := gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("user%06d", i)), FirstName: fmt.Sprintf("First%d", i),
				LastName: fmt.Sprintf("Last%d", i), Email: fmt.Sprintf("user%d@example.com", i), Authentication: gatehouse.AuthLocal,
				PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			ns := gatehouse.PrimaryNamespace(t.ID, u.ID)
			if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: ns, TenantID: t.ID, OwnerID: u.ID, Primary: true, CreatedAt: now}); err != nil {
				return err
			}
			m := gatehouse.Membership{UserID: u.ID, TenantID: t.ID, Role: gatehouse.RoleUser, Capabilities: []string{"AllUserCapabilities"}, Namespace: ns, CreatedAt: now}
			if err := tx.AddMembership(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("added %d users in %s (password of each: load-test-password)\n", *n, time.Since(start).Round(time.Millisecond))
	return nil
}

// get logs in and hammers one path.
func get(args []string) error {
	fs := flag.NewFlagSet("get", flag.ExitOnError)
	server := fs.String("server", "http://127.0.0.1:29442", "server URL")
	user := fs.String("user", "admin", "user to log in as")
	password := fs.String("password", os.Getenv("GATEHOUSE_PASSWORD"), "password (default $GATEHOUSE_PASSWORD)")
	tenant := fs.String("tenant", "", "tenant to log into")
	path := fs.String("path", "/api/v1/users/admin", "path to GET")
	conc := fs.Int("c", 16, "concurrent workers, each with its own keep-alive connection")
	method := fs.String("method", "GET", "request method")
	bodyArg := fs.String("body", "", "request body, or @file")
	perRequest := fs.Int("per-request", 1, "items (such as checks) in each request, for items/s")
	dur := fs.Duration("d", 10*time.Second, "how long to run")
	fs.Parse(args)

	body := []byte(*bodyArg)
	if len(*bodyArg) > 0 && (*bodyArg)[0] == '@' {
		var err error
		if body, err = os.ReadFile((*bodyArg)[1:]); err != nil {
			return err
		}
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc * 2, MaxConnsPerHost: *conc * 2}}
	tok, err := login(hc, *server, *user, *password, *tenant)
	if err != nil {
		return err
	}
	var (
		mu   sync.Mutex
		lats []time.Duration
		errs int
		wg   sync.WaitGroup
	)
	deadline := time.Now().Add(*dur)
	start := time.Now()
	for range *conc {
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(*method, *server+*path, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := hc.Do(req)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lats = append(lats, mine...)
			errs += bad
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lats) == 0 {
		return errors.New("no request completed")
	}
	slices.Sort(lats)
	pct := func(p float64) time.Duration { return lats[int(float64(len(lats)-1)*p)] }
	rate := float64(len(lats)) / elapsed.Seconds()
	fmt.Printf("%s %s: %d requests in %s, %.0f req/s (%.0f items/s), errors %d, p50 %s, p90 %s, p99 %s, max %s\n",
		*method, *path, len(lats), elapsed.Round(time.Millisecond), rate, rate*float64(*perRequest), errs,
		pct(0.50), pct(0.90), pct(0.99), lats[len(lats)-1])
	return nil
}

func login(hc *http.Client, server, user, password, tenant string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password, "tenant": tenant})
	resp, err := hc.Post(server+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("login: %w", err)
	}
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("login: %d %s", resp.StatusCode, out.Error)
	}
	return out.Token, nil
}
