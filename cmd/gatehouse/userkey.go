package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
)

// maxKeyFile bounds what 'user key add' reads; the server refuses keys
// longer than 16 KiB anyway.
const maxKeyFile = 64 << 10

func newUserKeyCmd(g *globals) *cobra.Command {
	add := &cobra.Command{
		Use:   "add <username> <name> <public_key_file>",
		Short: "Add a public SSH key to a user",
		Long: `Add a public SSH key to a user under a name of your choice, read from a
file in authorized_keys form (such as ~/.ssh/id_ed25519.pub), or from
standard input with -. The server checks that it parses and that the user
does not hold it already. A user manages their own keys, a superadmin
anyone's, a tenantadmin those of users who belong to their tenant alone.`,
		Example: `  gatehouse user key add user1 laptop ~/.ssh/id_ed25519.pub
  cat key.pub | gatehouse user key add user1 build-server -`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readKeyFile(cmd, args[2])
			if err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddSSHKey(cmd.Context(), args[0], args[1], text)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:     "list <username>",
		Short:   "List a user's public SSH keys",
		Long:    `List a user's public SSH keys by name, with their type, SHA256 fingerprint and when they were added.`,
		Example: "  gatehouse user key list user1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListSSHKeys(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Type", "Fingerprint", "Added")
			for _, k := range l.Items {
				t.add(k.Name, k.Type, k.Fingerprint, formatTime(k.CreatedAt))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(list, &asJSON)
	remove := &cobra.Command{
		Use:     "remove <username> <name>",
		Short:   "Remove a public SSH key of a user",
		Example: "  gatehouse user key remove user1 laptop",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveSSHKey(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	return newGroupCmd("key", "Manage users' public SSH keys", add, list, remove)
}

// readKeyFile reads a public key from the file called name, or standard
// input for -.
func readKeyFile(cmd *cobra.Command, name string) (string, error) {
	return readInput(cmd, name, "public key", maxKeyFile, "give the .pub file of one key")
}

// readInput reads what, at most max bytes, from the file called name, or
// standard input for -; hint says what to do when it is too large.
func readInput(cmd *cobra.Command, name, what string, max int64, hint string) (string, error) {
	var r io.Reader = cmd.InOrStdin()
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is in the message already
			}
			return "", fmt.Errorf("cannot read %s file %s: %w", what, name, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return "", fmt.Errorf("cannot read %s file %s: %w", what, name, err)
	}
	if int64(len(b)) > max {
		return "", fmt.Errorf("%s file %s is larger than %d KiB: %s", what, name, max>>10, hint)
	}
	return string(b), nil
}
