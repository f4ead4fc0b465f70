package console_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

var (
	usernameCell = regexp.MustCompile(`<td><a href="/console/users/([^"]+)">`)
	nextLink     = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// The user list is sorted over every user, not page by page, and its
// pages keep the order.
func TestUsersSortedAcrossPages(t *testing.T) {
	h := newHTTPEnv(t, false)
	seedUsers(t, h.env, 120)
	h.login("admin", testenv.AdminPassword)

	var names []string
	path, pages := "/console/users?sort=-username", 0
	for path != "" {
		resp, body := h.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if !strings.Contains(body, `aria-sort="descending"><a href="/console/users?sort=username">Username</a>`) {
			t.Errorf("GET %s: the Username heading is not marked descending, nor links to ascending", path)
		}
		for _, m := range usernameCell.FindAllStringSubmatch(body, -1) {
			names = append(names, m[1])
		}
		path = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1])
			if !strings.Contains(path, "sort=-username") {
				t.Errorf("the next page link %s loses the order", path)
			}
		}
		pages++
	}
	want := []string{"admin"}
	for i := range 120 {
		want = append(want, fmt.Sprintf("user%06d", i))
	}
	slices.Reverse(want)
	if pages != 3 || !slices.Equal(names, want) {
		t.Errorf("%d pages sorted by -username show %d users: %v", pages, len(names), names)
	}

	if resp, body := h.get("/console/users?sort=password"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "sort") {
		t.Errorf("sort=password answers %d:\n%s", resp.StatusCode, body)
	}
}
