package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// changeChannel is the channel every write notifies when it commits.
const changeChannel = "gatehouse_changes"

// maxPayload bounds a notice's payload: PostgreSQL refuses those of 8000
// bytes or more.
const maxPayload = 7900

// A notice is "<origin> <kind><payload>": origin names the DB that wrote,
// kind is noticeChange, followed by the payload set with NotifyChange ("" if
// none), or noticeUnknown when that payload did not fit.
const (
	noticeChange  = "c"
	noticeUnknown = "u"
)

// newOrigin returns a random name for a DB, to tell its own notices apart.
func newOrigin() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// NotifyChange implements gatehouse.ChangeNotifier.
func (tx *tx) NotifyChange(payload string) { tx.payload = payload }

// notify sends the notice of tx's write; it reaches listeners when tx
// commits.
func (db *DB) notify(ctx context.Context, tx *tx) error {
	notice := db.origin + " " + noticeChange + tx.payload
	if len(notice) > maxPayload || !validText(tx.payload) {
		notice = db.origin + " " + noticeUnknown
	}
	if _, err := tx.tx.Exec(ctx, `SELECT pg_notify($1, $2)`, changeChannel, notice); err != nil {
		return fmt.Errorf("notify other servers: %w", err)
	}
	return nil
}

// Listener receives the notices of writes other processes commit to the
// database. It holds a connection of its own, outside the pool.
type Listener struct {
	db   *DB
	conn *pgx.Conn
}

// Listen starts listening for the writes of other processes. Writes they
// commit from now on reach Run, which the caller starts once it has loaded
// what it caches: none are lost in between.
func (db *DB) Listen(ctx context.Context) (*Listener, error) {
	conn, err := db.listen(ctx)
	if err != nil {
		return nil, err
	}
	return &Listener{db: db, conn: conn}, nil
}

// listen opens a connection and listens on changeChannel.
func (db *DB) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("listen for changes: %w", err)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+changeChannel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("listen for changes: %w", err)
	}
	return conn, nil
}

// Run calls onChange for every write another process commits, one at a
// time in commit order, until ctx ends: with the payload the write set
// with NotifyChange (or ""), or with missed set when notices may have been
// lost (after the connection broke and was made again, or when a payload
// did not fit), in which case the caller must reload everything it
// caches. Run closes the connection when it returns.
func (l *Listener) Run(ctx context.Context, onChange func(payload string, missed bool)) {
	defer func() { l.conn.Close(context.WithoutCancel(ctx)) }()
	for {
		n, err := l.conn.WaitForNotification(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			l.db.logger.WarnContext(ctx, "lost the connection that listens for other servers' writes; reconnecting", "err", err)
			if !l.reconnect(ctx) {
				return
			}
			onChange("", true)
			continue
		}
		origin, notice, _ := strings.Cut(n.Payload, " ")
		switch {
		case origin == l.db.origin:
		case strings.HasPrefix(notice, noticeChange):
			onChange(notice[len(noticeChange):], false)
		default:
			onChange("", true)
		}
	}
}

// reconnect replaces the listening connection, retrying until it
// succeeds or ctx ends; it reports whether it succeeded.
func (l *Listener) reconnect(ctx context.Context) bool {
	l.conn.Close(context.WithoutCancel(ctx))
	delay := 100 * time.Millisecond
	for {
		conn, err := l.db.listen(ctx)
		if err == nil {
			l.conn = conn
			return true
		}
		l.db.logger.WarnContext(ctx, "reconnecting to listen for other servers' writes", "err", err)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// Close closes the listening connection of a Listener that never ran.
func (l *Listener) Close(ctx context.Context) error { return l.conn.Close(ctx) }
