package aperture

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDifferential compares this package with node-aperture on thousands
// of generated requests (fixed seed). node-aperture is not published on
// npm and cannot be vendored, so its answers are recorded in
// testdata/differential/answers.jsonl.gz by `make aperture-reference`
// (testdata/node/driver.js, one node process) and compared here on every
// run, byte for byte.
const (
	diffSeed  = 9
	diffCount = 8000
)

var writeRequests = flag.Bool("write-requests", false, "write the generated requests to testdata/differential/requests.jsonl and stop")

func TestDifferential(t *testing.T) {
	reqs := genRequests(diffSeed, diffCount)
	if *writeRequests {
		path := filepath.Join("testdata", "differential", "requests.jsonl")
		if err := os.WriteFile(path, []byte(strings.Join(reqs, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return // the reference answers are being remade from these
	}
	want := readAnswers(t, filepath.Join("testdata", "differential", "answers.jsonl.gz"))
	if len(want) != len(reqs) {
		t.Fatalf("%d reference answers for %d requests: regenerate with make aperture-reference", len(want), len(reqs))
	}
	var out bytes.Buffer
	if err := WriteAnswers(&out, strings.NewReader(strings.Join(reqs, "\n"))); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	mismatches := 0
	for i, line := range reqs {
		if got[i] != want[i] {
			mismatches++
			if mismatches <= 20 {
				t.Errorf("request %s\n got: %s\nwant: %s", line, got[i], want[i])
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d of %d answers differ from node-aperture's", mismatches, len(reqs))
	}
}

func readAnswers(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
