package main

import (
	"regexp"
	"strings"
	"testing"
)

var userHeader = []string{"ID", "Username", "Full Name", "Email", "Tenants", "Current Tenant", "Current Role", "Current Namespace", "Authentication"}

// The seed's examples, copied verbatim. The document collapsed each run of
// spaces into one, so the tests compare after doing the same; the rules
// under the headers, which have no spaces, show the exact widths.
var tableTests = []struct {
	name   string
	boxed  bool
	header []string
	rows   [][]string
	seed   string // as printed in the seed
	exact  string // the real output, when spelled out
}{
	{
		name:   "user list user5",
		header: userHeader,
		rows:   [][]string{{"10", "user5", "", "", "t3", "t3", "user", "user5-ns", "local"}},
		seed: `ID | Username | Full Name | Email | Tenants | Current Tenant | Current Role | Current Namespace | Authentication
---+----------+-----------+-------+---------+----------------+--------------+-------------------+----------------
10 | user5 | | | t3 | t3 | user | user5-ns | local
`,
		exact: `ID | Username | Full Name | Email | Tenants | Current Tenant | Current Role | Current Namespace | Authentication
---+----------+-----------+-------+---------+----------------+--------------+-------------------+----------------
10 | user5    |           |       | t3      | t3             | user         | user5-ns          | local
`,
	},
	{
		name:   "user list",
		header: userHeader,
		rows: [][]string{
			{"3", "robin", "Robin Systems", "", "Administrators", "Administrators", "superadmin", "t001-u000003", "local"},
			{"4", "admin1", "", "", "t1", "t1", "tenantadmin", "t003-u000004", "local"},
			{"5", "user1", "", "", "t1", "t1", "user", "t003-u000005", "local"},
			{"6", "user2", "", "", "t1", "t1", "user", "t003-u000006", "local"},
		},
		seed: `ID | Username | Full Name | Email | Tenants | Current Tenant | Current Role | Current Namespace | Authentication
---+----------+---------------+-------+----------------+----------------+--------------+-------------------+----------------
3 | robin | Robin Systems | | Administrators | Administrators | superadmin | t001-u000003 | local
4 | admin1 | | | t1 | t1 | tenantadmin | t003-u000004 | local
5 | user1 | | | t1 | t1 | user | t003-u000005 | local
6 | user2 | | | t1 | t1 | user | t003-u000006 | local
`,
		exact: `ID | Username | Full Name     | Email | Tenants        | Current Tenant | Current Role | Current Namespace | Authentication
---+----------+---------------+-------+----------------+----------------+--------------+-------------------+----------------
3  | robin    | Robin Systems |       | Administrators | Administrators | superadmin   | t001-u000003      | local
4  | admin1   |               |       | t1             | t1             | tenantadmin  | t003-u000004      | local
5  | user1    |               |       | t1             | t1             | user         | t003-u000005      | local
6  | user2    |               |       | t1             | t1             | user         | t003-u000006      | local
`,
	},
	{
		name:   "empty last column",
		header: []string{"Name", "Server Type", "Hostname", "Port", "Username", "Search Base", "User Base", "Group Base", "NetBIOS"},
		rows: [][]string{
			{"ad1", "ACTIVE_DIRECTORY", "10.9.53.5", "389", "administrator", "dc=robinsystems,dc=com", "", "", "ROBINSYSTEMS"},
			{"ldap1", "OPEN_LDAP", "ldap.forumsys.com", "389", "cn=read-only-admin,dc=example,dc=com", "dc=example,dc=com", "", "", ""},
		},
		seed: `Name | Server Type | Hostname | Port | Username | Search Base | User Base | Group Base | NetBIOS
------+------------------+-------------------+------+--------------------------------------+------------------------+-----------+------------+--------------
ad1 | ACTIVE_DIRECTORY | 10.9.53.5 | 389 | administrator | dc=robinsystems,dc=com | | | ROBINSYSTEMS
ldap1 | OPEN_LDAP | ldap.forumsys.com | 389 | cn=read-only-admin,dc=example,dc=com | dc=example,dc=com | | |
`,
	},
	{
		name:   "namespace list --tenant t3",
		boxed:  true,
		header: []string{"Name", "Owner/Tenant", "Primary Namespace"},
		rows:   [][]string{{"t004-u000011", "admin3/t3", "True"}, {"user5-ns", "admin3/t3", "False"}},
		seed: `+--------------+--------------+-------------------+
| Name | Owner/Tenant | Primary Namespace |
+--------------+--------------+-------------------+
| t004-u000011 | admin3/t3 | True |
| user5-ns | admin3/t3 | False |
+--------------+--------------+-------------------+
`,
		exact: `+--------------+--------------+-------------------+
| Name         | Owner/Tenant | Primary Namespace |
+--------------+--------------+-------------------+
| t004-u000011 | admin3/t3    | True              |
| user5-ns     | admin3/t3    | False             |
+--------------+--------------+-------------------+
`,
	},
	{
		name:   "namespace list --username user6",
		boxed:  true,
		header: []string{"Name", "Owner/Tenant", "Primary Namespace"},
		rows:   [][]string{{"user6-t3-ns", "user6/t3", "True"}},
		seed: `+-------------+--------------+-------------------+
| Name | Owner/Tenant | Primary Namespace |
+-------------+--------------+-------------------+
| user6-t3-ns | user6/t3 | True |
+-------------+--------------+-------------------+
`,
	},
}

var spaces = regexp.MustCompile(` +`)

func TestTable(t *testing.T) {
	for _, tt := range tableTests {
		t.Run(tt.name, func(t *testing.T) {
			tab := newTable(tt.header...)
			for _, r := range tt.rows {
				tab.add(r...)
			}
			var b strings.Builder
			write := tab.write
			if tt.boxed {
				write = tab.writeBoxed
			}
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if collapsed := spaces.ReplaceAllString(got, " "); collapsed != tt.seed {
				t.Errorf("output, spaces collapsed:\n%s\nwant (seed):\n%s", collapsed, tt.seed)
			}
			if tt.exact != "" && got != tt.exact {
				t.Errorf("output:\n%s\nwant:\n%s", got, tt.exact)
			}
			for _, l := range strings.Split(got, "\n") {
				if strings.HasSuffix(l, " ") {
					t.Errorf("trailing space in %q", l)
				}
			}
		})
	}
}

func TestTableCells(t *testing.T) {
	tab := newTable("Name", "Description")
	tab.add("t1", "two\nlines")
	tab.add("tenant-ü")
	var b strings.Builder
	if err := tab.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "Name     | Description\n---------+-------------\nt1       | two lines\ntenant-ü |\n"
	if b.String() != want {
		t.Errorf("output:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestWriteFields(t *testing.T) {
	var b strings.Builder
	err := writeFields(&b, "  ", [][2]string{{"Username", "admin"}, {"ID", "1"}, {"Email", ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := "  Username:  admin\n  ID:        1\n  Email:\n"
	if b.String() != want {
		t.Errorf("output:\n%q\nwant:\n%q", b.String(), want)
	}
}
