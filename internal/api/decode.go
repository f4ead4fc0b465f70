package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// decode reads r's JSON body into v strictly: at most MaxBodyBytes, no
// unknown fields, exactly one value.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return strictUnmarshal(body, v)
}

// readBody reads r's body, at most MaxBodyBytes of it.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, err
		}
		return nil, gatehouse.Invalid("body", "reading the request: %v", err)
	}
	return body, nil
}

// strictUnmarshal decodes data into v: no unknown fields, one value. Its
// errors are *gatehouse.FieldError naming the JSON field at fault when
// there is one, else "body".
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return gatehouse.Invalid("body", "a JSON object is required")
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return gatehouse.Invalid("body", "invalid JSON: more than one value")
	}
	return nil
}

// decodeError describes an encoding/json decoding error as a field error,
// without Go type names or the package's "json: " prefix.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field, got := te.Field, te.Value
		if field == "" {
			field = "body"
		}
		if got == "bool" {
			got = "boolean"
		}
		return gatehouse.Invalid(field, "must be a JSON %s (got %s)", jsonKind(te.Type.Kind()), got)
	}
	// encoding/json reports an unknown field only in its message.
	if q, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, err := strconv.Unquote(q); err == nil {
			return gatehouse.Invalid(name, "unknown field: see /api/v1/openapi.json for the fields of this request")
		}
	}
	return gatehouse.Invalid("body", "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names the JSON type that holds a Go value of kind k.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	default:
		return "object"
	}
}

// queryInt parses an optional integer query parameter.
func queryInt(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, gatehouse.Invalid(name, "must be a non-negative integer (got %q)", s)
	}
	return n, nil
}

// queryBool parses an optional boolean query parameter.
func queryBool(r *http.Request, name string) (bool, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, gatehouse.Invalid(name, "must be true or false (got %q)", s)
	}
	return b, nil
}
