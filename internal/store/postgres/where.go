package postgres

import (
	"strconv"
	"strings"
)

// where builds the WHERE clause of a query from conditions with one
// argument each, written with the placeholder $? for it.
type where struct {
	conds []string
	args  []any
}

// add appends cond, numbering its $? after the arguments before it.
func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(w.args))))
}

// sql returns " WHERE cond AND cond ...", or "" without conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit appends a LIMIT clause for n to query; n < 1 does not limit.
func (w *where) limit(n int) string {
	if n < 1 {
		return ""
	}
	w.args = append(w.args, n)
	return " LIMIT $" + strconv.Itoa(len(w.args))
}

// placeholders returns "$from, $from+1, ..." for n arguments.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(ps, ", ")
}

// insertSQL returns an INSERT of one row into table, its columns the
// arguments in order.
func insertSQL(table string, columns []string) string {
	return `INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) VALUES (` + placeholders(1, len(columns)) + `)`
}
