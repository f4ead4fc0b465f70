package identity

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Settings are the security settings superadmins change at run time with
// 'gatehouse settings set'. The store keeps them as text by name (see
// settingDefs); a setting never set takes its default.
type Settings struct {
	// LockoutThreshold is the number of consecutive failed logins that
	// lock an account; 0 turns lockout off.
	LockoutThreshold int
	// LockoutDuration is how long a locked account stays locked.
	LockoutDuration time.Duration
	// PasswordMinLength and PasswordMaxLength bound a new password's
	// length in characters.
	PasswordMinLength int
	PasswordMaxLength int
	// PasswordQuality is the quality rule of new passwords: empty for
	// none, QualityLetterDigit, or a regular expression they must match.
	PasswordQuality string
	// PasswordHistory is how many previous passwords a new one may not
	// repeat; 0 allows any.
	PasswordHistory int
	// PasswordMaxAge is how long a password lasts before it must be
	// changed; 0 for ever.
	PasswordMaxAge time.Duration
	// PasswordMinAge is how long a user waits before changing their
	// password again; administrators setting it are exempt.
	PasswordMinAge time.Duration
	// UsersNewActive says whether users created by import or at their
	// first directory login start active; the others start inactive
	// (gatehouse.User.Inactive). Users an administrator adds with
	// 'gatehouse user add' always start active.
	UsersNewActive bool
	// UsersDormantAfter is how long a user may go unused (no login, see
	// gatehouse.User.LastActiveAt) before the server disables them; 0
	// never.
	UsersDormantAfter time.Duration
	// RateLimitUser and RateLimitTenant are how many API requests a
	// second one user and one tenant may make, in each server process; 0
	// for no limit. See LimitRequest.
	RateLimitUser   int
	RateLimitTenant int
	// UsersDefaultTenant is the tenant 'gatehouse user setup' adds users
	// to; empty for none.
	UsersDefaultTenant gatehouse.TenantName
	// LoginRate is how many login attempts one source address may make a
	// minute, in each server process; 0 turns throttling off.
	LoginRate int
	// AuditRetention is how long audit records are kept; 0 for ever.
	// See PruneAudit.
	AuditRetention time.Duration

	quality *regexp.Regexp // PasswordQuality compiled; nil when empty
}

// QualityLetterDigit is the password.quality rule of Triton's default
// policy: at least one letter and one digit.
const QualityLetterDigit = "letter-digit"

// Limits of the settings.
const (
	minPasswordMinLength = 8   // NIST SP 800-63B's floor
	minPasswordMaxLength = 64  // NIST SP 800-63B: accept at least 64
	maxPasswordMaxLength = 256 // keeps hashing cheap; see MaxPasswordLen
	maxPasswordHistory   = 24  // as Active Directory; each is one hash to check

	// minDormantAfter is the shortest users.dormant_after: the server
	// checks for dormant users hourly, and anything shorter would disable
	// people between two working days.
	minDormantAfter = 24 * time.Hour
	// minAuditRetention is the shortest audit.retention: a day of records
	// is the least an investigation needs.
	minAuditRetention = 24 * time.Hour
)

// settingDef describes one setting: its name, default, what it means, and
// how to parse its text into Settings and print it back.
type settingDef struct {
	name, def, doc string
	parse          func(s *Settings, v string) error
	format         func(s *Settings) string
}

// settingDefs lists every setting, in the order they are printed.
var settingDefs = []settingDef{
	{"lockout.threshold", "6", "failed logins in a row that lock an account (0: never lock)",
		intSetting(0, 1000, func(s *Settings) *int { return &s.LockoutThreshold }),
		func(s *Settings) string { return strconv.Itoa(s.LockoutThreshold) }},
	{"lockout.duration", "30m", "how long a locked account stays locked",
		durationSetting(time.Second, func(s *Settings) *time.Duration { return &s.LockoutDuration }),
		func(s *Settings) string { return FormatDuration(s.LockoutDuration) }},
	{"password.min_length", "12", "fewest characters in a new password",
		intSetting(minPasswordMinLength, maxPasswordMaxLength, func(s *Settings) *int { return &s.PasswordMinLength }),
		func(s *Settings) string { return strconv.Itoa(s.PasswordMinLength) }},
	{"password.max_length", "128", "most characters in a new password",
		intSetting(minPasswordMaxLength, maxPasswordMaxLength, func(s *Settings) *int { return &s.PasswordMaxLength }),
		func(s *Settings) string { return strconv.Itoa(s.PasswordMaxLength) }},
	{"password.quality", "", "empty (no rule, as NIST SP 800-63B advises), letter-digit, or a Go regular expression new passwords must match",
		parseQuality, func(s *Settings) string { return s.PasswordQuality }},
	{"password.history", "4", "how many previous passwords a new one may not repeat",
		intSetting(0, maxPasswordHistory, func(s *Settings) *int { return &s.PasswordHistory }),
		func(s *Settings) string { return strconv.Itoa(s.PasswordHistory) }},
	{"password.max_age", "0", "how long a password lasts before it must be changed (0: for ever)",
		durationSetting(0, func(s *Settings) *time.Duration { return &s.PasswordMaxAge }),
		func(s *Settings) string { return FormatDuration(s.PasswordMaxAge) }},
	{"password.min_age", "0", "how long before users may change their password again",
		durationSetting(0, func(s *Settings) *time.Duration { return &s.PasswordMinAge }),
		func(s *Settings) string { return FormatDuration(s.PasswordMinAge) }},
	{"users.new_active", "true", "whether users created by import or first login start active (true or false)",
		parseNewActive, func(s *Settings) string { return strconv.FormatBool(s.UsersNewActive) }},
	{"users.dormant_after", "0", "how long an account may go unused before it is disabled (0: never; at least 1d)",
		durationSetting(0, func(s *Settings) *time.Duration { return &s.UsersDormantAfter }),
		func(s *Settings) string { return FormatDuration(s.UsersDormantAfter) }},
	{"users.default_tenant", "", "the tenant 'gatehouse user setup' adds users to, with role user (empty: none)",
		parseDefaultTenant, func(s *Settings) string { return string(s.UsersDefaultTenant) }},
	{"login.rate", "30", "login attempts a minute from one source address, per server (0: no limit)",
		intSetting(0, 100_000, func(s *Settings) *int { return &s.LoginRate }),
		func(s *Settings) string { return strconv.Itoa(s.LoginRate) }},
	{"ratelimit.user", "0", "API requests a second one user may make, per server, in bursts of up to 2s of it (0: no limit; superadmins are exempt)",
		intSetting(0, 1_000_000, func(s *Settings) *int { return &s.RateLimitUser }),
		func(s *Settings) string { return strconv.Itoa(s.RateLimitUser) }},
	{"ratelimit.tenant", "0", "API requests a second the members of one tenant may make together, per server (0: no limit)",
		intSetting(0, 1_000_000, func(s *Settings) *int { return &s.RateLimitTenant }),
		func(s *Settings) string { return strconv.Itoa(s.RateLimitTenant) }},
	{"audit.retention", "0", "how long audit records are kept before the server prunes them, leaving a signed checkpoint (0: for ever; at least 1d)",
		durationSetting(0, func(s *Settings) *time.Duration { return &s.AuditRetention }),
		func(s *Settings) string { return FormatDuration(s.AuditRetention) }},
}

// settingDefByName returns the definition of the setting called name.
func settingDefByName(name string) (*settingDef, error) {
	for i := range settingDefs {
		if settingDefs[i].name == name {
			return &settingDefs[i], nil
		}
	}
	names := make([]string, len(settingDefs))
	for i, d := range settingDefs {
		names[i] = d.name
	}
	return nil, gatehouse.Invalid("name", "unknown setting %q: the settings are %s", name, strings.Join(names, ", "))
}

// DefaultSettings returns the settings of a new server.
func DefaultSettings() Settings {
	s, err := ParseSettings(nil)
	if err != nil {
		panic(err) // the defaults are checked by the tests
	}
	return s
}

// ParseSettings returns the settings stored as text in m, with defaults
// for the names m lacks. Names it does not know are ignored, so that an
// older server can read a newer one's store. A value that does not parse,
// or settings that contradict each other, are a *gatehouse.FieldError
// naming the setting.
func ParseSettings(m map[string]string) (Settings, error) {
	var s Settings
	for _, d := range settingDefs {
		v, ok := m[d.name]
		if !ok {
			v = d.def
		}
		if err := d.parse(&s, v); err != nil {
			return Settings{}, &gatehouse.FieldError{Field: d.name, Rule: err.Error()}
		}
	}
	return s, s.check()
}

// check reports settings that contradict each other.
func (s *Settings) check() error {
	if s.PasswordMinLength > s.PasswordMaxLength {
		return gatehouse.Invalid("password.min_length", "must be at most password.max_length (%d), not %d", s.PasswordMaxLength, s.PasswordMinLength)
	}
	if s.UsersDormantAfter != 0 && s.UsersDormantAfter < minDormantAfter {
		return gatehouse.Invalid("users.dormant_after", "must be 0 (never) or at least %s, not %s", FormatDuration(minDormantAfter), FormatDuration(s.UsersDormantAfter))
	}
	if s.AuditRetention != 0 && s.AuditRetention < minAuditRetention {
		return gatehouse.Invalid("audit.retention", "must be 0 (for ever) or at least %s, not %s", FormatDuration(minAuditRetention), FormatDuration(s.AuditRetention))
	}
	if s.PasswordMaxAge != 0 && s.PasswordMinAge >= s.PasswordMaxAge {
		return gatehouse.Invalid("password.min_age", "must be shorter than password.max_age (%s), not %s", FormatDuration(s.PasswordMaxAge), FormatDuration(s.PasswordMinAge))
	}
	return nil
}

// Value returns the text of the setting called name.
func (s *Settings) Value(name string) (string, error) {
	d, err := settingDefByName(name)
	if err != nil {
		return "", err
	}
	return d.format(s), nil
}

// intSetting parses an integer from min to max into the field field returns.
func intSetting(min, max int, field func(*Settings) *int) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min || n > max {
			return fmt.Errorf("must be a whole number from %d to %d (got %q)", min, max, v)
		}
		*field(s) = n
		return nil
	}
}

// durationSetting parses a duration of at least min (0 or more) into the
// field field returns.
func durationSetting(min time.Duration, field func(*Settings) *time.Duration) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		d, err := ParseDuration(v)
		if err != nil || d < min {
			return fmt.Errorf("must be a duration of at least %s, like 30m, 12h or 90d (got %q)", FormatDuration(min), v)
		}
		*field(s) = d
		return nil
	}
}

func parseQuality(s *Settings, v string) error {
	s.PasswordQuality, s.quality = v, nil
	switch v {
	case "":
		return nil
	case QualityLetterDigit:
		s.quality = letterDigit
		return nil
	}
	re, err := regexp.Compile(v)
	if err != nil {
		return fmt.Errorf("must be empty, %s, or a Go regular expression: %v", QualityLetterDigit, err)
	}
	s.quality = re
	return nil
}

// letterDigit matches passwords with a letter and a digit, in any order.
var letterDigit = regexp.MustCompile(`(?s)\pL.*\pN|\pN.*\pL`)

func parseNewActive(s *Settings, v string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("must be true or false (got %q)", v)
	}
	s.UsersNewActive = b
	return nil
}

func parseDefaultTenant(s *Settings, v string) error {
	s.UsersDefaultTenant = gatehouse.TenantName(strings.TrimSpace(v))
	if s.UsersDefaultTenant == "" {
		return nil
	}
	if err := s.UsersDefaultTenant.Validate(); err != nil {
		var fe *gatehouse.FieldError
		if errors.As(err, &fe) {
			return errors.New(fe.Rule)
		}
		return err
	}
	return nil
}

// ParseDuration parses a duration in Go syntax ("90m", "1h30m"), or a
// whole number of days ("90d"). "0" is zero. Negative durations are
// errors.
func ParseDuration(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > int64(1<<63-1)/int64(24*time.Hour) {
			return 0, fmt.Errorf("invalid duration %q", v)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, err
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("negative duration %q", v)
	}
	return d, nil
}

// FormatDuration prints d the way ParseDuration reads it: whole days as
// "90d", others without trailing zero units ("30m", "1h30m"), zero as "0".
func FormatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
