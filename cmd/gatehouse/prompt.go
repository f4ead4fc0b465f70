package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// secret says where a command finds a password: its flag, else an
// environment variable, else a prompt on the terminal.
type secret struct {
	flag   string // "password"
	env    string // "GATEHOUSE_PASSWORD"
	prompt string // "Password: "
	retype bool   // a new password: ask twice and compare
}

// The passwords commands ask for.
var (
	loginPassword   = secret{flag: "password", env: "GATEHOUSE_PASSWORD", prompt: "Password: "}
	newPassword     = secret{flag: "password", env: "GATEHOUSE_PASSWORD", prompt: "Password: ", retype: true}
	currentPassword = secret{flag: "current-password", env: "GATEHOUSE_CURRENT_PASSWORD", prompt: "Current password: "}
)

// read returns the password given to cmd.
func (s secret) read(cmd *cobra.Command) (string, error) {
	if f := cmd.Flags().Lookup(s.flag); f != nil && f.Changed {
		return f.Value.String(), nil
	}
	if v := os.Getenv(s.env); v != "" {
		return v, nil
	}
	in, ok := terminal(cmd)
	if !ok {
		what := strings.ToLower(strings.TrimSuffix(s.prompt, ": "))
		return "", fmt.Errorf("no %s given and no terminal to ask for it: pass --%s or set %s", what, s.flag, s.env)
	}
	p, err := readHidden(cmd, in, s.prompt)
	if err != nil || !s.retype {
		return p, err
	}
	again, err := readHidden(cmd, in, "Retype password: ")
	if err != nil {
		return "", err
	}
	if p != again {
		return "", errors.New("passwords do not match: try again")
	}
	return p, nil
}

// readHidden prompts on stderr and reads a line from the terminal in
// without echoing it.
func readHidden(cmd *cobra.Command, in *os.File, prompt string) (string, error) {
	fmt.Fprint(cmd.ErrOrStderr(), prompt)
	b, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(cmd.ErrOrStderr())
	if err != nil {
		return "", fmt.Errorf("cannot read the password: %v", err)
	}
	return string(b), nil
}

// confirm asks question on the terminal unless yes is set, and fails
// unless the answer is yes.
func confirm(cmd *cobra.Command, yes bool, question string) error {
	if yes {
		return nil
	}
	in, ok := terminal(cmd)
	if !ok {
		return errors.New("confirmation needed and no terminal to ask: pass --yes (-y) to go ahead")
	}
	fmt.Fprint(cmd.ErrOrStderr(), question)
	answer, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && answer == "" {
		return fmt.Errorf("cannot read the answer: %v", err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return errors.New("not confirmed: nothing was changed")
}

// terminal returns the command's input when it is a terminal.
func terminal(cmd *cobra.Command) (*os.File, bool) {
	f, ok := cmd.InOrStdin().(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}
