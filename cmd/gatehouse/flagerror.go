package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError is the root's flag error function: it says which flag or
// argument was wrong and what the command expects, in words rather than
// the parser's (no "strconv.ParseInt"), and points to the command's help.
func flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	switch {
	case errors.As(err, &invalid):
		err = fmt.Errorf("--%s: must be %s (got %q)", invalid.GetFlag().Name, flagRule(invalid.GetFlag().Value.Type()), invalid.GetValue())
	case errors.As(err, &unknown) && isNegativeNumber(unknown.GetSpecifiedShortnames()):
		return fmt.Errorf("%w: to pass -%s as an argument, put -- before the arguments, as in '%s -- ARGS'",
			err, unknown.GetSpecifiedShortnames(), cmd.CommandPath())
	}
	return fmt.Errorf("%w: run '%s --help' for usage", err, cmd.CommandPath())
}

// flagRule describes the values a flag of pflag type typ takes.
func flagRule(typ string) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64":
		return "a whole number"
	case "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number, 0 or more"
	case "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "duration":
		return "a duration like 90s, 30m or 12h"
	default:
		return "a valid " + typ
	}
}

// isNegativeNumber reports whether the shorthand group s, as pflag reports
// it without its dash, was a negative number such as -1.
func isNegativeNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
