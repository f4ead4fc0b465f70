package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/audit"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// appendNamed appends an audit record whose object id is name.
func appendNamed(ctx context.Context, tx gatehouse.Tx, name string) error {
	return tx.AppendAudit(ctx, &gatehouse.AuditRecord{Time: time.Unix(1, 0), Action: "test", ObjectID: name})
}

// names returns the object ids of the audit records, oldest first.
func names(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	err := db.View(t.Context(), func(tx gatehouse.Tx) error {
		rs, err := tx.AuditChain(t.Context(), 0, 1000)
		for _, r := range rs {
			out = append(out, r.ObjectID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// queued returns how many updates wait in db's queue.
func queued(db *DB) int {
	db.writer.mu.Lock()
	defer db.writer.mu.Unlock()
	return len(db.writer.queue)
}

// running starts an update that runs fn once release is closed, and
// returns when the update is running; firstDone gets what it returned.
func running(t *testing.T, db *DB, fn func(gatehouse.Tx) error) (release chan struct{}, firstDone chan error) {
	t.Helper()
	started := make(chan struct{})
	release, firstDone = make(chan struct{}), make(chan error, 1)
	go func() {
		firstDone <- db.Update(t.Context(), func(tx gatehouse.Tx) error {
			close(started)
			<-release
			return fn(tx)
		})
	}()
	<-started
	return release, firstDone
}

// inGroup runs first, and once it is running, starts the updates of rest
// and waits until they are all queued before letting first return: rest
// then run together in one group. It returns what each update of rest
// returned or panicked with, in order.
func inGroup(t *testing.T, db *DB, first func(gatehouse.Tx) error, rest ...func(gatehouse.Tx) error) []any {
	t.Helper()
	release, firstDone := running(t, db, first)
	out := make([]any, len(rest))
	var wg sync.WaitGroup
	for i, fn := range rest {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					out[i] = fmt.Sprint("panic: ", v)
				}
			}()
			out[i] = db.Update(t.Context(), fn)
		})
	}
	for queued(db) != len(rest) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatalf("first update: %v", err)
	}
	wg.Wait()
	return out
}

// TestGroupCommit runs updates that succeed, fail and panic in one group:
// each caller gets its own outcome, and only the writes of those that
// succeeded are kept, in the order they ran.
func TestGroupCommit(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	errRefused := errors.New("refused")
	var rest []func(gatehouse.Tx) error
	for i := range 6 {
		name := fmt.Sprint("u", i)
		rest = append(rest, func(tx gatehouse.Tx) error {
			if err := appendNamed(ctx, tx, name); err != nil {
				return err
			}
			switch i {
			case 2:
				return errRefused
			case 4:
				panic("boom")
			}
			return nil
		})
	}
	out := inGroup(t, db, func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "first") }, rest...)
	for i, got := range out {
		switch i {
		case 2:
			if got != errRefused {
				t.Errorf("update %d returned %v, want its own error", i, got)
			}
		case 4:
			if got != "panic: boom" {
				t.Errorf("update %d gave %v, want its panic", i, got)
			}
		default:
			if got != error(nil) {
				t.Errorf("update %d returned %v, want nil", i, got)
			}
		}
	}
	got := names(t, db)
	slices.Sort(got[1:]) // the group runs in the order the updates queued
	if want := []string{"first", "u0", "u1", "u3", "u5"}; !slices.Equal(got, want) {
		t.Fatalf("records = %v, want %v", got, want)
	}
}

// TestGroupCommitTransactionLost ends the group's transaction from inside
// an update, as SQLite does when it rolls a whole transaction back: the
// group's updates run again alone and each is written exactly once.
func TestGroupCommitTransactionLost(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	// The first time it runs, rogue loses the transaction without an
	// error of its own and writes nothing.
	first := true
	rogue := func(gt gatehouse.Tx) error {
		if first {
			first = false
			_, err := gt.(*tx).tx.ExecContext(ctx, `ROLLBACK`)
			return err
		}
		return appendNamed(ctx, gt, "rogue")
	}
	rest := []func(gatehouse.Tx) error{
		func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "a") },
		rogue,
		func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "b") },
	}
	for i, got := range inGroup(t, db, func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "first") }, rest...) {
		if got != error(nil) {
			t.Errorf("update %d returned %v, want nil", i, got)
		}
	}
	got := names(t, db)
	slices.Sort(got)
	if want := []string{"a", "b", "first", "rogue"}; !slices.Equal(got, want) {
		t.Fatalf("records = %v, want each once: %v", got, want)
	}
}

// TestGroupCommitCanceled cancels a caller's context while its update
// waits: it returns the context's error and writes nothing.
func TestGroupCommitCanceled(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	release, firstDone := running(t, db, func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "first") })
	canceled, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- db.Update(canceled, func(tx gatehouse.Tx) error { return appendNamed(ctx, tx, "canceled") })
	}()
	for queued(db) != 1 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled update returned %v, want context.Canceled", err)
	}
	if got := names(t, db); !slices.Equal(got, []string{"first"}) {
		t.Fatalf("records = %v, want only first", got)
	}
}

// BenchmarkAuditAppendParallel appends one record per transaction from 16
// goroutines per core, as a server does under concurrent requests; group
// commit puts the appends that wait into one transaction.
func BenchmarkAuditAppendParallel(b *testing.B) {
	db := openBench(b)
	ctx := context.Background()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := db.Update(ctx, func(tx gatehouse.Tx) error {
				return audit.Write(ctx, tx, time.Now(), gatehouse.AuditRecord{
					ActorID: 1, ActorName: "admin", ActorTenant: "Administrators", Action: "user.update",
					ObjectType: "USER", ObjectID: "u1", Source: "192.0.2.1",
					Changes: map[string]any{"email": "u@example.com"}, RequestID: "0123456789abcdef"})
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
