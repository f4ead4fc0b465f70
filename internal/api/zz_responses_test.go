package api

import "testing"

// TestResponsesMatchOpenAPI checks every response the package's tests
// produced against openapi.json. Go runs tests in the order of their
// files' names and of their place in each file, and this file sorts last,
// so it runs after every other test, whatever file holds it.
func TestResponsesMatchOpenAPI(t *testing.T) {
	rec.validateAll(t)
}
