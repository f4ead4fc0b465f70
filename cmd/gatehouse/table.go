package main

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// table is a listing printed the way the seed document prints them.
type table struct {
	header []string
	rows   [][]string
}

// newTable returns an empty table with the given column headings.
func newTable(header ...string) *table { return &table{header: header} }

// add appends a row; missing cells are empty, control characters become
// spaces.
func (t *table) add(cells ...string) {
	row := make([]string, len(t.header))
	for i := range row {
		if i < len(cells) {
			row[i] = strings.Map(func(r rune) rune {
				if unicode.IsControl(r) {
					return ' '
				}
				return r
			}, cells[i])
		}
	}
	t.rows = append(t.rows, row)
}

// widths returns the width of each column: its widest cell.
func (t *table) widths() []int {
	w := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, c := range row {
			w[i] = max(w[i], utf8.RuneCountInString(c))
		}
	}
	return w
}

// write prints the table as the "user list" of the seed: cells separated by
// " | ", the first column without a leading space, a "---+---" rule under
// the header, and no trailing spaces:
//
//	ID | Username | Full Name
//	---+----------+-----------
//	10 | user5    |
func (t *table) write(w io.Writer) error {
	widths := t.widths()
	bw := bufio.NewWriter(w)
	line := func(row []string) {
		var b strings.Builder
		for i, c := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(pad(c, widths[i]))
		}
		bw.WriteString(strings.TrimRight(b.String(), " "))
		bw.WriteByte('\n')
	}
	line(t.header)
	for i, n := range widths {
		if i > 0 {
			bw.WriteString("+-")
		}
		bw.WriteString(strings.Repeat("-", n+1))
	}
	bw.WriteByte('\n')
	for _, row := range t.rows {
		line(row)
	}
	return bw.Flush()
}

// writeBoxed prints the table with borders, as the seed's "namespace list":
//
//	+----------+--------------+
//	| Name     | Owner/Tenant |
//	+----------+--------------+
//	| user5-ns | admin3/t3    |
//	+----------+--------------+
func (t *table) writeBoxed(w io.Writer) error {
	widths := t.widths()
	bw := bufio.NewWriter(w)
	rule := func() {
		for _, n := range widths {
			bw.WriteString("+" + strings.Repeat("-", n+2))
		}
		bw.WriteString("+\n")
	}
	line := func(row []string) {
		for i, c := range row {
			bw.WriteString("| " + pad(c, widths[i]) + " ")
		}
		bw.WriteString("|\n")
	}
	rule()
	line(t.header)
	rule()
	for _, row := range t.rows {
		line(row)
	}
	rule()
	return bw.Flush()
}

// pad returns s followed by spaces up to width runes.
func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

// writeFields prints "Key:  value" lines with the values aligned, each line
// starting with indent.
func writeFields(w io.Writer, indent string, fields [][2]string) error {
	width := 0
	for _, f := range fields {
		width = max(width, utf8.RuneCountInString(f[0]))
	}
	bw := bufio.NewWriter(w)
	for _, f := range fields {
		bw.WriteString(strings.TrimRight(indent+pad(f[0]+":", width+1)+"  "+f[1], " ") + "\n")
	}
	return bw.Flush()
}
