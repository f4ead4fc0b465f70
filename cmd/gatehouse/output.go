package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// printJSON prints v as indented JSON, for --json.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printMessage prints the server's success message with one newline.
func printMessage(cmd *cobra.Command, m *api.MessageResponse) error {
	_, err := fmt.Fprintln(cmd.OutOrStdout(), strings.TrimRight(m.Message, "\r\n"))
	return err
}

// formatTime formats a time for tables and details; the zero time is empty.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(time.RFC3339)
}

// splitList splits a comma-separated argument, dropping spaces and empty
// items.
func splitList(s string) []string {
	var items []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" {
			items = append(items, it)
		}
	}
	return items
}

// jsonFlag adds --json to a listing command.
func jsonFlag(cmd *cobra.Command, v *bool) {
	cmd.Flags().BoolVar(v, "json", false, "print the API's JSON body instead of a table")
}
