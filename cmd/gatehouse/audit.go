package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func newAuditCmd(g *globals) *cobra.Command {
	var opts client.AuditListOptions
	var since, until string
	var limit int
	var asJSON, verifyJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List audit records",
		Long: `List audit records, newest first: every login attempt and every change,
with who did it, from which tenant and address, to which object, and the
outcome (success, failure or denied).

--since and --until take an RFC 3339 time (2026-01-02T15:04:05Z) or a
duration meaning that long ago (90m, 24h, 90d). At most --limit records are
listed (0 for all); when more match, a note on stderr says so.`,
		Example: `  gatehouse audit list --since 1h
  gatehouse audit list --user admin --action user.add
  gatehouse audit list --object-type USER --object-id user5 --outcome failure --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			now := time.Now()
			var err error
			if opts.Since, err = parseWhen("since", since, now); err != nil {
				return err
			}
			if opts.Until, err = parseWhen("until", until, now); err != nil {
				return err
			}
			if limit < 0 {
				return errors.New("invalid --limit: pass 0 for all records, or a positive number")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			list, err := listAudit(cmd.Context(), c, opts, limit)
			if err != nil {
				return err
			}
			if list.NextBefore != 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "more records match: pass --limit 0 to list all, or narrow with --since or other filters\n")
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), list)
			}
			t := newTable("Time", "Actor", "Tenant", "Action", "Object", "Source", "Outcome")
			for _, r := range list.Items {
				object := r.ObjectID
				if r.ObjectType != "" {
					object = r.ObjectType + ":" + r.ObjectID
				}
				t.add(formatTime(r.Time), r.Actor, r.ActorTenant, r.Action, object, r.Source, r.Outcome)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	f := list.Flags()
	f.StringVar(&opts.User, "user", "", "only records of this actor")
	f.StringVar(&opts.Action, "action", "", "only this action: login, user.add, ...")
	f.StringVar(&opts.ObjectType, "object-type", "", "only objects of this type: USER, TENANT, ...")
	f.StringVar(&opts.ObjectID, "object-id", "", "only this object (a name or id)")
	f.StringVar(&opts.Outcome, "outcome", "", "only this outcome: success, failure or denied")
	f.StringVar(&since, "since", "", "only records at or after this time, or this long ago")
	f.StringVar(&until, "until", "", "only records before this time, or this long ago")
	f.IntVar(&limit, "limit", 100, "list at most this many records; 0 for all")
	jsonFlag(list, &asJSON)
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the audit trail's hash chain",
		Long: `Check that the audit trail is as it was written: each record carries the
SHA-256 of the record before, so a record changed, removed, inserted or
reordered in the database breaks the chain there, and so does a record
whose hash was removed. When old records were pruned (audit.retention),
verification starts from the newest checkpoint: its signature must hold
and the first record kept must chain to it. Prints how many records were
checked, or fails naming the first broken record or the forged
checkpoint. Records written before the chain began are counted but not
checked. Superadmins only. --json prints the API's body, for monitoring;
the exit status still says whether the trail is intact.`,
		Example: `  gatehouse audit verify
  gatehouse audit verify --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			v, err := c.VerifyAudit(cmd.Context())
			if err != nil {
				return err
			}
			if verifyJSON {
				if err := printJSON(cmd.OutOrStdout(), v); err != nil {
					return err
				}
			}
			switch {
			case v.BrokenCheckpoint != 0:
				return fmt.Errorf("audit checkpoint %d is not genuine: %s", v.BrokenCheckpoint, v.Reason)
			case !v.Intact:
				return fmt.Errorf("audit record %d breaks the chain: %s", v.BrokenID, v.Reason)
			}
			if verifyJSON {
				return nil
			}
			if v.Checkpoint != 0 && v.PrunedThrough != 0 {
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "Audit trail intact: %d records after signed checkpoint %d (records through %d pruned), %d of them chained\n",
					v.Records, v.Checkpoint, v.PrunedThrough, v.Chained)
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Audit trail intact: %d records, %d of them chained\n", v.Records, v.Chained)
			return err
		},
	}
	jsonFlag(verify, &verifyJSON)
	prune := &cobra.Command{
		Use:   "prune",
		Short: "Prune audit records older than audit.retention now",
		Long: `Delete the audit records older than the audit.retention setting, as the
server does every hour by itself; nothing when the setting is 0 (the
default). The server keeps a checkpoint signed with its token signing key
that names the last record pruned and its hash, so that 'audit verify'
still checks the records kept. Export the records first if you must keep
them. Superadmins only.`,
		Example: `  gatehouse settings set audit.retention 365d
  gatehouse audit export --since 400d > audit.jsonl
  gatehouse audit prune`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			msg, err := c.PruneAudit(cmd.Context())
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), msg)
			return err
		},
	}
	return newGroupCmd("audit", "Read the audit trail", list, newAuditExportCmd(g), verify, prune)
}

func newAuditExportCmd(g *globals) *cobra.Command {
	var since, until string
	cmd := &cobra.Command{
		Use:   "export --since T [--until T]",
		Short: "Write audit records as JSON Lines",
		Long: `Write the audit records at or after --since and before --until to stdout,
oldest first, one JSON object per line (JSON Lines), with the hashes that
chain each record to the one before, for archiving or for a log system.

--since and --until take an RFC 3339 time (2026-01-02T15:04:05Z) or a
duration meaning that long ago (90m, 24h, 90d). The server streams the
records, so exports of any length are fine; if the stream breaks, the
command fails rather than leaving a short export that looks whole.
Superadmins only.`,
		Example: `  gatehouse audit export --since 24h > audit.jsonl
  gatehouse audit export --since 2026-01-01T00:00:00Z --until 2026-02-01T00:00:00Z`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if since == "" {
				return errors.New("missing --since: pass an RFC 3339 time such as 2026-01-02T15:04:05Z or a duration such as 24h or 90d")
			}
			now := time.Now()
			from, err := parseWhen("since", since, now)
			if err != nil {
				return err
			}
			to, err := parseWhen("until", until, now)
			if err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			return c.ExportAudit(cmd.Context(), from, to, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only records at or after this time, or this long ago (required)")
	cmd.Flags().StringVar(&until, "until", "", "only records before this time, or this long ago")
	return cmd
}

// parseWhen parses the value of --since or --until: an RFC 3339 time or a
// duration before now, in Go syntax or whole days ("90d"). Empty is the
// zero time.
func parseWhen(flag, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := identity.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("invalid --%s %q: pass an RFC 3339 time such as 2026-01-02T15:04:05Z or a duration such as 24h or 90d", flag, s)
}

// listAudit fetches up to limit records (all when 0) page by page. When
// more records match, the result's NextBefore is where the next page starts.
func listAudit(ctx context.Context, c *client.Client, opts client.AuditListOptions, limit int) (api.AuditList, error) {
	items, next, err := collect(limit, false, func(n int, before int64) ([]api.AuditRecord, int64, error) {
		opts.Limit, opts.Before = n, before
		page, err := c.ListAudit(ctx, opts)
		if err != nil {
			return nil, 0, err
		}
		return page.Items, page.NextBefore, nil
	}, func(r api.AuditRecord) int64 { return r.ID })
	return api.AuditList{Items: items, NextBefore: next}, err
}
