package server

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// RulesFile is a rule file the server applies as a rule set and reloads
// when it changes (`serve --rules-file [SERVICE=]FILE`).
type RulesFile struct {
	Service string // default identity.IdentityService
	Path    string
}

// DefaultRulesFilePoll is how often watched rule files are read again.
const DefaultRulesFilePoll = 2 * time.Second

// rulesWatcher applies watched rule files when their content changes.
type rulesWatcher struct {
	svc    *identity.Service
	files  []RulesFile
	seen   [][32]byte // the hash of each file's content last applied or refused
	logger *slog.Logger
}

// load applies every file once, at start: a file that cannot be read or
// that is refused stops the server from starting.
func (w *rulesWatcher) load(ctx context.Context) error {
	w.seen = make([][32]byte, len(w.files))
	for i, f := range w.files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return fmt.Errorf("--rules-file: %w", err)
		}
		w.seen[i] = sha256.Sum256(data)
		rs, _, err := w.svc.SetRulesFromFile(ctx, f.Service, f.Path, data)
		if err != nil {
			return fmt.Errorf("--rules-file %s: %w", f.Path, err)
		}
		w.logger.Info("rules file applied", "service", f.Service, "file", f.Path, "version", rs.Version)
	}
	return nil
}

// check applies each file whose content changed since it was last seen.
// A refused file is logged (and audited by SetRulesFromFile); the rules
// in force stay until the file changes again.
func (w *rulesWatcher) check(ctx context.Context) {
	for i, f := range w.files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			if w.seen[i] != ([32]byte{}) {
				w.logger.Warn("rules file unreadable; the rules in force stay", "service", f.Service, "file", f.Path, "err", err)
				w.seen[i] = [32]byte{}
			}
			continue
		}
		h := sha256.Sum256(data)
		if h == w.seen[i] {
			continue
		}
		w.seen[i] = h
		rs, stored, err := w.svc.SetRulesFromFile(ctx, f.Service, f.Path, data)
		switch {
		case err != nil:
			w.logger.Warn("rules file refused; the rules in force stay", "service", f.Service, "file", f.Path, "err", err)
		case stored:
			w.logger.Info("rules file reloaded", "service", f.Service, "file", f.Path, "version", rs.Version)
		}
	}
}

// watch checks the files every poll until ctx ends.
func (w *rulesWatcher) watch(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.check(ctx)
		}
	}
}
