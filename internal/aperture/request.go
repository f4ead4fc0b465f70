package aperture

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Request is one line of `gatehouse policy eval`: rules and a request
// context. Dates in conditions are written {"$date": "RFC 3339"}.
type Request struct {
	ID         json.RawMessage `json:"id"`
	Policies   []string        `json:"policies"`
	Action     string          `json:"action"`
	Resource   string          `json:"resource"`
	Principal  *string         `json:"principal,omitempty"`
	Conditions map[string]any  `json:"conditions"`
}

// Answer is the result of a Request: one parse result per policy (nil when
// it parsed), then either Allowed or EvalError.
type Answer struct {
	ID        json.RawMessage `json:"id"`
	Parse     []*Error        `json:"parse"`
	Allowed   *bool           `json:"allowed,omitempty"`
	EvalError *Error          `json:"eval_error,omitempty"`
}

// MarshalJSON writes an Error as {"error": kind, "message": message}.
func (e *Error) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{e.Kind, e.Message})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// WriteAnswers reads requests as JSON Lines from r and writes one answer
// line per request to w, as JavaScript's JSON.stringify would (no HTML
// escaping). A line that is not a request stops it with an error naming
// the line.
func WriteAnswers(w io.Writer, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var req Request
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			out.Flush()
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := enc.Encode(req.Answer()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		out.Flush()
		return err
	}
	return out.Flush()
}

// Answer parses the request's policies with Triton's type table, drops
// those that do not parse (as Triton does), and evaluates the rest.
func (r *Request) Answer() *Answer {
	a := &Answer{ID: r.ID, Parse: make([]*Error, len(r.Policies))}
	var parsed []*Policy
	for i, text := range r.Policies {
		p, err := Parse(text)
		if err != nil {
			a.Parse[i] = asError(err)
			continue
		}
		parsed = append(parsed, p)
	}
	ok, err := Evaluate(parsed, &Context{
		Principal:  r.Principal,
		Action:     r.Action,
		Resource:   r.Resource,
		Conditions: reviveDates(r.Conditions),
	})
	if err != nil {
		a.EvalError = asError(err)
	} else {
		a.Allowed = &ok
	}
	return a
}

func asError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Kind: "Error", Message: fmt.Sprint(err)}
}

// reviveDates turns {"$date": s} values into Dates, at any depth.
func reviveDates(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = revive(v)
	}
	return out
}

func revive(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = revive(e)
		}
		return out
	case map[string]any:
		if s, ok := v["$date"]; ok && len(v) == 1 {
			if str, ok := s.(string); ok {
				return ParseDate(str)
			}
			return Date{jsDateParse(jsToString(s))}
		}
		return reviveDates(v)
	}
	return v
}
