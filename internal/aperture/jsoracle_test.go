package aperture

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestJavaScriptReadings compares, live, the package's readings of values
// with JavaScript's own (node's Date.parse, RegExp, ToNumber, String(Date))
// and with ipaddr.js 0.1.1 from the npm registry, which the reference uses.
// node must be installed; the npm dependencies are installed when missing.
func TestJavaScriptReadings(t *testing.T) {
	dir := filepath.Join("testdata", "node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ipaddr.js")); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	var queries []map[string]any
	var checks []func(answer map[string]any) error
	add := func(q map[string]any, check func(map[string]any) error) {
		queries = append(queries, q)
		checks = append(checks, check)
	}
	for _, s := range dateCorpus() {
		add(map[string]any{"kind": "date", "s": s}, func(a map[string]any) error {
			got := jsDateParse(s)
			want, ok := a["ms"].(float64)
			if ok != !math.IsNaN(got) || ok && got != want {
				return fmt.Errorf("Date.parse(%q) = %v, node %v", s, got, a["ms"])
			}
			return nil
		})
	}
	for _, s := range numberCorpus() {
		add(map[string]any{"kind": "number", "s": s}, func(a map[string]any) error {
			if got := jsNumberString(jsToNumber(s)); got != a["n"] {
				return fmt.Errorf("+%q = %s, node %v", s, got, a["n"])
			}
			return nil
		})
	}
	subjects := []string{"", "a", "A", "abc", "getmachine", "GETMACHINE", "stop", "x\ny", "a/b", "read", "r.e.ad", "r*e*ad", "rXe\\*ad", "b-a", "  ", "\u00e9t\u00e9", "a1_", "{}", "x]y"}
	for _, re := range regexCorpus() {
		add(map[string]any{"kind": "regex", "body": re[0], "flags": re[1], "subjects": subjects}, func(a map[string]any) error {
			r, err := newJSRegexp(re[0], re[1])
			if a["error"] != nil {
				if e, ok := err.(*Error); !ok || e.Kind != a["error"] || e.Message != a["message"] {
					return fmt.Errorf("RegExp(%q, %q) error %v, node %v: %v", re[0], re[1], err, a["error"], a["message"])
				}
				return nil
			}
			if err != nil {
				return fmt.Errorf("RegExp(%q, %q): %v; node accepts it", re[0], re[1], err)
			}
			for i, s := range subjects {
				if want := a["match"].([]any)[i].(bool); r.test(s) != want {
					return fmt.Errorf("/%s/%s.test(%q) = %v, node %v", re[0], re[1], s, !want, want)
				}
			}
			return nil
		})
	}
	for _, s := range ipCorpus() {
		add(map[string]any{"kind": "ip", "s": s}, func(a map[string]any) error {
			ip, err := parseIP(s)
			if a["error"] != nil {
				if err == nil || err.(*Error).Message != a["message"] {
					return fmt.Errorf("ipaddr.parse(%q) = %v, node error %v", s, err, a["message"])
				}
				return nil
			}
			if err != nil {
				return fmt.Errorf("ipaddr.parse(%q): %v; node reads it", s, err)
			}
			parts := ip.parts[:4]
			if ip.v6 {
				parts = ip.parts[:]
			}
			got, _ := json.Marshal(map[string]any{"kind": map[bool]string{true: "ipv6", false: "ipv4"}[ip.v6], "parts": parts})
			want, _ := json.Marshal(a)
			if string(got) != string(want) {
				return fmt.Errorf("ipaddr.parse(%q) = %s, node %s", s, got, want)
			}
			return nil
		})
	}
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 400; i++ {
		v6 := i%2 == 0
		a, b := randomIP(r, v6), randomIP(r, v6)
		var bits any = []any{"8", "16", "24", "31", "0", "", "abc", " 12", "0x10", "1e1", 32.0, 5.0, 0.5}[r.IntN(13)]
		if v6 {
			bits = []any{"64", "96", "112", "120", "127", "1e2", "", 128.0, 48.0}[r.IntN(9)]
		}
		add(map[string]any{"kind": "ipmatch", "a": a, "b": b, "bits": bits}, func(ans map[string]any) error {
			x, err1 := parseIP(a)
			y, err2 := parseIP(b)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("parse %q, %q: %v %v", a, b, err1, err2)
			}
			n, ok := bits.(float64)
			if !ok {
				n = jsToNumber(bits.(string))
			}
			if got := x.match(y, n); got != ans["match"] {
				return fmt.Errorf("%s.match(%s, %v) = %v, node %v", a, b, bits, got, ans["match"])
			}
			return nil
		})
	}
	for _, ms := range []float64{0, 1370599200123, -62198755200000, 253402300799999, 8.64e15, -1e15} {
		add(map[string]any{"kind": "datestring", "ms": ms}, func(a map[string]any) error {
			if got := jsToString(Date{ms}); got != a["s"] {
				return fmt.Errorf("String(new Date(%v)) = %q, node %q", ms, got, a["s"])
			}
			return nil
		})
	}

	var in bytes.Buffer
	for _, q := range queries {
		b, _ := json.Marshal(q)
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command("node", "jsoracle.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=UTC")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node jsoracle.js: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	failures, i := 0, 0
	for ; sc.Scan(); i++ {
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if err := checks[i](a); err != nil {
			failures++
			if failures <= 30 {
				t.Error(err)
			}
		}
	}
	if i != len(queries) {
		t.Fatalf("node answered %d of %d questions", i, len(queries))
	}
	if failures > 0 {
		t.Errorf("%d of %d readings differ from node's", failures, len(queries))
	}
}

func randomIP(r *rand.Rand, v6 bool) string {
	if !v6 {
		return fmt.Sprintf("%d.%d.%d.%d", []int{10, 192, 172, 8}[r.IntN(4)], r.IntN(3), r.IntN(3), r.IntN(256))
	}
	return fmt.Sprintf("2001:db8:%x::%x", r.IntN(3), r.IntN(70000)%65536)
}

func dateCorpus() []string {
	c := []string{
		"2013-06-07", "2013-06-07T21:00:00", "2013-06-07T21:00:00Z", "2013-06-07T21:00Z", "2013-06-07T21:00:00.5Z",
		"2013-06-07T21:00:00.123456Z", "2013-06-07T21:00:00+01:00", "2013-06-07T21:00:00-0130", "2013-06-07t21:00:00z",
		"2013", "2013-06", "+002013-06-07", "-000001-01-01T00:00:00Z", "2013-02-30", "2013-13-01", "2013-00-10",
		"2013-06-07T24:00:00", "2013-06-07T24:00:01", "2013-06-07T10", "2013-06-07T25:00", "2013-06-07T10:60",
		"Aug 9, 1995", "9 Aug 1995", "August 9 1995", "Wed, 09 Aug 1995 00:00:00 GMT", "Wed, 09 Aug 1995 00:00:00",
		"1995/08/09", "08/09/1995", "8/9/1995", "1995/8/9 10:20", "08/09/1995 10:20:30 PM", "June 7 2013 10:00 PM",
		"June 7 2013 12:00 AM", "Jun 7, 2013 23:59:59", "2013-06-07 10:00:00", "2013-06-07 10:00", "12:32:00",
		"asdf", "Thursday", "", "2013-06-07T10:00:00Z junk", "2013-06-07 junk", "Aug 9 1995 10:00 GMT",
		"1995-08-09T10:00:00.000Z", "2026-11-23T13:00:00Z", "Mon Nov 23 2026 13:00:00 GMT+0000",
		"2026-11-23T13:00:00.999+05:30", "1970-01-01T00:00:00Z", "275760-09-13T00:00:00Z", "+275760-09-13T00:00:00Z",
		"+275760-09-13T00:00:00.001Z",
	}
	// and random assemblies of the pieces dates are written with
	r := rand.New(rand.NewPCG(3, 3))
	pieces := []string{"2013", "1995", "12", "7", "31", "0", "Aug", "june", "Dec", "Mon", "Thursday", ",", " ", "/", "-", ".",
		"10:20", "10:20:30", "23:59:59.5", "PM", "am", "GMT", "UTC", "Z", "+0100", "-05:00", "T", "(comment)", "x",
		"2013-06-07", "T10:00:00Z", "+05:30", "24:00", "(", ")", "EST", "pst", "0012", "123456789012", "é", "_", "ut"}
	for range 1500 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			if r.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		c = append(c, b.String())
	}
	return c
}

func numberCorpus() []string {
	return []string{"3", "123", "010", "0x1F", "0X1f", "9.9", ".5", "5.", "-1", "+1", "1e3", "1E-3", " 7 ", "\t8\n", "",
		"asdf", "3*3", "9,9", "Infinity", "-Infinity", "infinity", "0b101", "0o17", "0x", "1e", "--1", "1_000",
		"12345678901234567890", "1e21", "1e-7", "0.000001", "-0", "NaN", "0.1", "100", "1.50",
		".", ".e1", "+.", "-.5e-1", "5.e", "e5", "5.e2", "1e+2", "1e2.5", "0x1p2", "+0x10", " \u00a0 42 \u2028", "1.2.3"}
}

func regexCorpus() [][2]string {
	c := [][2]string{
		{"a", ""}, {"a", "i"}, {"^get", ""}, {"^GET", "i"}, {"read$", ""}, {"^read$", ""}, {"a.b", ""}, {"a.b", "s"},
		{"x|y", ""}, {"b[a]*z", ""}, {"[^a]", ""}, {"[a-z]+", ""}, {"[]", ""}, {"[^]", ""}, {"\\d+", ""}, {"\\w", ""},
		{"\\s", ""}, {"\\S", ""}, {"\\bread\\b", ""}, {"a{2}", ""}, {"a{2,}", ""}, {"a{,2}", ""}, {"a{", ""}, {"{}", ""},
		{"(", ""}, {"(", "i"}, {"a)", ""}, {"*a", ""}, {"+", ""}, {"a**", ""}, {"a{2,1}", ""}, {"[b-a]", ""}, {"[a", ""},
		{"a\\", ""}, {"a", "x"}, {"a", "gg"}, {"a", "gimsuy"}, {"a", "uv"}, {"a", "I"}, {"(?:ab)+", ""}, {"(a)|b", ""},
		{"\\/", ""}, {"a\\/b", ""}, {"\\.", ""}, {"r.*e\\\\\\*ad", ""}, {".*foo\\\\\\*", ""}, {"get.*", ""},
		{"\\x41", ""}, {"\\u00e9", ""}, {"\\t", ""}, {"\\q", ""}, {"[\\d-z]", ""}, {"[a-]", ""}, {"[-a]", ""}, {"a?", ""},
		{"a+?", ""}, {"^", ""}, {"$", ""}, {"^$", ""}, {"x]y", ""}, {"[\\]]", ""}, {"a|", ""}, {"|", ""}, {"()", ""},
		{"\\cJ", ""}, {"[\\b]", ""}, {"\\0", ""}, {"é", "i"}, {"ÉT", "i"}, {"a", "m"}, {"^a$", "m"},
	}
	return c
}

func ipCorpus() []string {
	return []string{"192.168.1.1", "0.0.0.0", "255.255.255.255", "300.1.2.3", "1.2.3", "1.2.3.4.5", "0x7f.0.0.1", "010.0.0.1",
		"3232235777", "4294967296", "10", "ffff", "asdf", "", "::", "::1", "1::", "::ffff:192.168.1.1", "::ffff:c0a8:101",
		"2001:db8::1", "2001:db8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3",
		"12345::", "g::1", ":::", "1:::", "::::", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "1::1.2.3.4", "::ffff:300.1.2.3",
		"1.2.3.4/24", " 1.2.3.4", "FE80::1", "fe80::1%eth0", "0x0a.0x0.0.0x01", "1:", ":1", "1::2:3:4:5:6:7:8"}
}
