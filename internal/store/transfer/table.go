package transfer

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/jackc/pgx/v5"
)

// targetTables returns the tables of the PostgreSQL schema that hold
// records, ordered so that every table comes after those its foreign keys
// refer to.
func targetTables(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
			AND c.relname NOT IN ('schema_migrations', 'write_seq')
		ORDER BY c.relname`)
	if err != nil {
		return nil, fmt.Errorf("list target tables: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list target tables: %w", err)
	}
	deps := map[string][]string{}
	rows, err = tx.Query(ctx, `SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return nil, err
		}
		if from != to {
			deps[from] = append(deps[from], to)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Depth-first: a table after what it refers to.
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string) error
	visit = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("foreign keys of table %s form a cycle", t)
		case 2:
			return nil
		}
		state[t] = 1
		for _, d := range deps[t] {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[t] = 2
		if slices.Contains(names, t) {
			order = append(order, t)
		}
		return nil
	}
	for _, t := range names {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// column is a column of a target table.
type column struct {
	name     string
	pgType   string // information_schema's data_type
	sequence bool   // filled from a sequence: identity or serial
}

// targetColumns returns the columns of table in order.
func targetColumns(ctx context.Context, tx pgx.Tx, table string) ([]column, error) {
	rows, err := tx.Query(ctx, `SELECT column_name, data_type,
			pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL
		FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.pgType, &c.sequence); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// derived computes the PostgreSQL columns that SQLite does not have, from
// the SQLite row (by column name, values as the driver returns them).
var derived = map[string]map[string]func(row map[string]any) (any, error){
	"users": {"search_text": func(row map[string]any) (any, error) {
		u := gatehouse.User{ID: gatehouse.UserID(asInt(row["id"])), Name: gatehouse.UserName(asString(row["name"])),
			FirstName: asString(row["first_name"]), LastName: asString(row["last_name"]), Email: asString(row["email"]),
			Company: asString(row["company"])}
		return postgres.SearchText(&u), nil
	}},
	"audit": {"occurred_ns": func(row map[string]any) (any, error) {
		return asInt(row["occurred_at"]) % 1000, nil
	}},
}

// copyTable copies table from SQLite, returning the number of rows, or -1
// if SQLite has no such table. highWater is SQLite's AUTOINCREMENT mark
// for it.
func (c *copier) copyTable(ctx context.Context, table string, highWater int64) (int64, error) {
	srcCols, err := queryStrings(ctx, c.src, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return 0, err
	}
	if len(srcCols) == 0 {
		return -1, nil
	}
	cols, err := targetColumns(ctx, c.dst, table)
	if err != nil {
		return 0, err
	}
	var (
		copied []column // filled from SQLite or derived, in target order
		names  []string
	)
	for _, col := range cols {
		_, isDerived := derived[table][col.name]
		switch {
		case slices.Contains(srcCols, col.name) || isDerived:
			copied = append(copied, col)
			names = append(names, col.name)
		case !col.sequence: // a sequence numbers the rows in copy order
			return 0, fmt.Errorf("column %s has no counterpart in SQLite", col.name)
		}
	}
	for _, name := range srcCols {
		if !slices.ContainsFunc(cols, func(c column) bool { return c.name == name }) {
			return 0, fmt.Errorf("SQLite column %s has no counterpart in PostgreSQL: its values would be lost", name)
		}
	}
	rows, err := c.src.QueryContext(ctx, `SELECT * FROM "`+table+`" ORDER BY rowid`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	rowCols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	raw := make([]any, len(rowCols))
	ptrs := make([]any, len(rowCols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	byName := make(map[string]any, len(rowCols))
	n, err := c.dst.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromFunc(func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, name := range rowCols {
			byName[name] = raw[i]
		}
		vals := make([]any, len(copied))
		for i, col := range copied {
			var err error
			if f, ok := derived[table][col.name]; ok {
				vals[i], err = f(byName)
			} else {
				vals[i], err = convert(byName[col.name], col.pgType)
			}
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", col.name, err)
			}
		}
		return vals, nil
	}))
	if err != nil {
		return 0, err
	}
	var want int64
	if err := c.src.QueryRowContext(ctx, `SELECT count(*) FROM "`+table+`"`).Scan(&want); err != nil {
		return 0, err
	}
	var got int64
	if err := c.dst.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&got); err != nil {
		return 0, err
	}
	if got != want || n != want {
		return 0, fmt.Errorf("%d rows in SQLite, %d copied, %d in PostgreSQL", want, n, got)
	}
	for _, col := range copied {
		if col.sequence {
			if err := c.moveSequence(ctx, table, col.name, highWater); err != nil {
				return 0, err
			}
		}
	}
	for _, col := range cols {
		if col.sequence && !slices.Contains(names, col.name) {
			if err := c.moveSequence(ctx, table, col.name, 0); err != nil {
				return 0, err
			}
		}
	}
	return got, nil
}

// moveSequence sets the sequence of table.col past every id in
// the table and past highWater, so the next id is new.
func (c *copier) moveSequence(ctx context.Context, table, col string, highWater int64) error {
	_, err := c.dst.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), greatest(max(`+pgx.Identifier{col}.Sanitize()+`), $3, 1),
			max(`+pgx.Identifier{col}.Sanitize()+`) IS NOT NULL OR $3 > 0)
		FROM `+pgx.Identifier{table}.Sanitize(), table, col, highWater)
	if err != nil {
		return fmt.Errorf("move the sequence of %s.%s: %w", table, col, err)
	}
	return nil
}

// convert turns a value SQLite stored into one for a PostgreSQL column of
// type pgType, following the conventions of both backends' schemas.
func convert(v any, pgType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch pgType {
	case "timestamp with time zone":
		ns, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("time stored as %T, want Unix nanoseconds", v)
		}
		return time.Unix(0, ns).UTC(), nil
	case "boolean":
		return asInt(v) != 0, nil
	case "ARRAY":
		var xs []string
		if err := json.Unmarshal([]byte(asString(v)), &xs); err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		if xs == nil {
			xs = []string{}
		}
		return xs, nil
	case "bytea":
		return []byte(asString(v)), nil
	case "bigint", "integer", "smallint":
		return asInt(v), nil
	case "text":
		return asString(v), nil
	}
	return nil, fmt.Errorf("no conversion to %s", strings.ToUpper(pgType))
}

// asString returns a text or blob value as a string.
func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// asInt returns an integer value; booleans stored as integers included.
func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case bool:
		if x {
			return 1
		}
	}
	return 0
}
