package main

import "fmt"

// pageSize is how many items a listing asks for per request.
const pageSize = 500

// collect fetches up to limit items (all when 0) page by page, fetch
// returning one page of at most n items from cursor and the cursor of the
// next page (0 on the last). It returns the items and, when more match
// than limit, the cursor where the next page starts. forward says whether
// cursors grow (ids after) or shrink (ids before) from page to page.
func collect[T any](limit int, forward bool, fetch func(n int, cursor int64) ([]T, int64, error), cursorOf func(T) int64) ([]T, int64, error) {
	var items []T
	var cursor int64
	for {
		n := pageSize
		if limit > 0 {
			// One more than needed tells whether more items match.
			n = min(pageSize, limit-len(items)+1)
		}
		page, next, err := fetch(n, cursor)
		if err != nil {
			return items, 0, err
		}
		items = append(items, page...)
		switch {
		case limit > 0 && len(items) > limit:
			items = items[:limit]
			return items, cursorOf(items[limit-1]), nil
		case next == 0:
			return items, 0, nil
		case cursor != 0 && (forward && next <= cursor || !forward && next >= cursor):
			return items, 0, fmt.Errorf("the server sent page cursor %d after %d: report this as a bug", next, cursor)
		}
		cursor = next
	}
}
