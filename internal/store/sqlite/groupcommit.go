package sqlite

import (
	"context"
	"fmt"
	"sync"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Group commit. SQLite runs one write transaction at a time, and most of
// a small transaction's cost is its commit: writing the changed pages to
// the log and taking and dropping the locks. Updates that arrive while
// another is running therefore wait in a queue, and the next of them to
// run takes the whole queue into one transaction, each update in its own
// savepoint: an update that fails is rolled back to its savepoint alone,
// so each one still commits all of its writes or none, and sees the
// writes of those before it as if they had run one after the other. The
// callers learn their outcome only after the commit. If the group's
// transaction cannot go on (its begin or commit fails, or SQLite rolled
// the whole transaction back, which an interrupted or failed statement
// can do), every update of the group without an outcome of its own runs
// again alone, as Update always could.

// maxGroup bounds how many updates share one transaction, which bounds
// how long the first of them waits for its commit.
const maxGroup = 128

// update is one call of Update waiting for its outcome.
type update struct {
	ctx  context.Context
	fn   func(gatehouse.Tx) error
	lead chan struct{} // closed when this caller is to run the queue
	done chan struct{} // closed when err and panicked are set

	err      error
	panicked any // what fn panicked with, to panic with again in the caller
}

// writer is the queue of updates and whether one caller is running them.
type writer struct {
	mu      sync.Mutex
	queue   []*update
	running bool
}

// Update runs fn in a read-write transaction and commits it if fn returns
// nil; otherwise fn's writes are rolled back and Update returns fn's error,
// also when fn panics (Update then panics with the same value). Updates run
// one at a time, several of them sometimes in one transaction (see Group
// commit above). fn may run more than once: when the database stays locked
// by another process (SQLITE_BUSY) Update runs it again, up to a few
// times, and a group that fails runs its updates again alone. So fn must
// have no effects outside the transaction. fn must not call Update or View
// on db.
func (db *DB) Update(ctx context.Context, fn func(gatehouse.Tx) error) error {
	u := &update{ctx: ctx, fn: fn, lead: make(chan struct{}), done: make(chan struct{})}
	w := &db.writer
	w.mu.Lock()
	w.queue = append(w.queue, u)
	if w.running {
		w.mu.Unlock()
		select {
		case <-u.done:
		case <-u.lead:
			db.runQueue()
		}
	} else {
		w.running = true
		w.mu.Unlock()
		db.runQueue()
	}
	<-u.done
	if u.panicked != nil {
		panic(u.panicked)
	}
	return u.err
}

// runQueue runs the updates queued so far, at most maxGroup of them, then
// hands the queue over to the first update still waiting, if any.
func (db *DB) runQueue() {
	w := &db.writer
	w.mu.Lock()
	n := min(len(w.queue), maxGroup)
	group := w.queue[:n:n]
	w.queue = w.queue[n:]
	w.mu.Unlock()

	db.runGroup(group)

	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) == 0 {
		w.running = false
		return
	}
	close(w.queue[0].lead)
}

// runGroup runs group and sets the outcome of each of its updates.
func (db *DB) runGroup(group []*update) {
	var live []*update
	for _, u := range group {
		if err := u.ctx.Err(); err != nil {
			u.finish(fmt.Errorf("begin transaction: %w", err), nil)
			continue
		}
		live = append(live, u)
	}
	if len(live) > 1 {
		live = db.runTogether(live)
	}
	for _, u := range live {
		err, panicked := catch(func() error { return db.updateAlone(u.ctx, u.fn) })
		u.finish(err, panicked)
	}
}

// finish sets u's outcome and wakes its caller.
func (u *update) finish(err error, panicked any) {
	u.err, u.panicked = err, panicked
	close(u.done)
}

// catch calls fn and returns its error, or what it panicked with.
func catch(fn func() error) (err error, panicked any) {
	defer func() {
		if v := recover(); v != nil {
			panicked = v
		}
	}()
	return fn(), nil
}

// runTogether runs group in one transaction, each update in a savepoint,
// and sets the outcome of every update it could decide. It returns those
// left to run alone: none if the transaction committed, all but the ones
// that failed on their own if it could not.
func (db *DB) runTogether(group []*update) []*update {
	ctx := context.WithoutCancel(group[0].ctx)
	if err := db.conn.beginTx(ctx); err != nil {
		db.logger.WarnContext(ctx, "sqlite group transaction did not begin; running its updates alone", "updates", len(group), "err", err)
		return group
	}
	t := &tx{tx: db.conn}
	exec := func(query string) error {
		_, err := db.conn.ExecContext(ctx, query)
		return err
	}
	// Until the commit, an update's err and panicked hold what its fn
	// returned; it finishes only after the commit, or now if it failed
	// and the group cannot go on.
	err := func() error {
		for _, u := range group {
			if err := exec(`SAVEPOINT update_in_group`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			u.err, u.panicked = catch(func() error { return u.fn(t) })
			if u.failed() {
				if err := exec(`ROLLBACK TO update_in_group`); err != nil {
					return fmt.Errorf("rollback to savepoint: %w", err)
				}
			}
			if err := exec(`RELEASE update_in_group`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return db.conn.commit(ctx)
	}()
	if err == nil {
		for _, u := range group {
			u.finish(u.err, u.panicked)
		}
		return nil
	}
	db.logger.WarnContext(ctx, "sqlite group transaction failed; running its updates again alone", "updates", len(group), "err", err)
	db.rollback(ctx)
	var again []*update
	for _, u := range group {
		if u.failed() {
			u.finish(u.err, u.panicked)
		} else {
			again = append(again, u)
		}
	}
	return again
}

// failed reports whether u's fn returned an error or panicked.
func (u *update) failed() bool { return u.err != nil || u.panicked != nil }
