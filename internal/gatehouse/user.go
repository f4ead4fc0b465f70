package gatehouse

import (
	"strings"
	"time"
)

// Authentication methods a user can have.
const (
	AuthLocal = "local" // password kept (hashed) by Gatehouse
	// AuthPending is a pre-activated account: created by an administrator
	// with an email and no credentials, it is linked to the first directory
	// login whose entry has that email, and becomes AuthLDAP.
	AuthPending = "pending"
)

// User is a person or service known to Gatehouse. A user belongs to tenants
// through Memberships.
type User struct {
	ID        UserID
	Name      UserName
	FirstName string
	LastName  string
	Email     string
	// Company is the user's company or organisation, as Triton's
	// operator portal searches by.
	Company string
	// Phone is the user's phone number, free text as Triton keeps it:
	// not validated beyond being short and printable, and not searched.
	Phone string

	// Authentication is how the user logs in: AuthLocal for now.
	Authentication string
	// PasswordHash is the PHC-encoded argon2id hash of the local password;
	// empty when the user has none. It never leaves the server.
	PasswordHash      string
	PasswordChangedAt time.Time

	Hidden   bool // service accounts and other users left out of default listings
	Disabled bool // may not log in; existing tokens are refused
	Deleted  bool // removed; kept for the record and its name kept from reuse
	// DisabledReason says why a disabled user is: DisabledByAdmin,
	// DisabledDormant, or a merge ("merged into NAME"). Empty when enabled.
	DisabledReason string
	// EnabledAt is when an administrator last enabled the user; the zero
	// time if never. Dormancy is counted from the latest of CreatedAt,
	// LastLoginAt and EnabledAt.
	EnabledAt time.Time

	// Inactive users (not yet activated, as in Arvados) log in and read
	// what they may read, but create, change and delete nothing.
	Inactive bool
	// Invited users were set up ('gatehouse user setup'): while inactive
	// they may activate themselves once they have signed every required
	// agreement.
	Invited bool

	// TokenGeneration is written into every token issued to the user;
	// raising it revokes all of them at once.
	TokenGeneration int64
	// LastTenantID is the tenant of the user's previous login; 0 if none.
	LastTenantID TenantID
	// Account is, for a sub-user (as in Triton), the tenant it belongs to
	// and nowhere else; its Name is then SubuserName(account, login). 0
	// for ordinary users.
	Account TenantID

	// FailedLogins counts the user's failed logins in a row since the last
	// success, unlock or lockout.
	FailedLogins int
	// LockedUntil is when the user's lockout ends: while it is in the
	// future they may not log in. The zero time when never locked.
	LockedUntil time.Time
	// LastLoginAt is the time of the user's last successful login; the
	// zero time if they never logged in.
	LastLoginAt time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Reasons a user is disabled.
const (
	DisabledByAdmin = "by an administrator"
	DisabledDormant = "dormant"
	DisabledNew     = "new account (users.new_active is false)"
)

// LastActiveAt returns when the user was last active: the latest of their
// creation, last login and last enabling. Dormancy counts from it.
func (u *User) LastActiveAt() time.Time {
	t := u.CreatedAt
	for _, c := range []time.Time{u.LastLoginAt, u.EnabledAt} {
		if c.After(t) {
			t = c
		}
	}
	return t
}

// FullName returns "First Last", or whichever part is set.
func (u *User) FullName() string {
	switch {
	case u.FirstName == "":
		return u.LastName
	case u.LastName == "":
		return u.FirstName
	}
	return u.FirstName + " " + u.LastName
}

// LockedAt reports whether the user is locked out at now.
func (u *User) LockedAt(now time.Time) bool { return now.Before(u.LockedUntil) }

// Active reports whether the user may log in and use tokens.
func (u *User) Active() bool { return !u.Disabled && !u.Deleted }

// UserQuery selects users for listing. The zero value lists the first page of
// visible (not hidden, disabled or deleted) users in ID order.
type UserQuery struct {
	// Search, when set, keeps users whose name, id, first or last name,
	// full name, email or company contains it, ignoring case.
	Search string
	// Name, when set, keeps only the live user with exactly this name.
	Name UserName
	// IDs, when set, keeps only these users.
	IDs []UserID
	// All includes hidden, disabled and deleted users.
	All bool
	// Sort orders the users; the zero value, SortByID, is id order.
	Sort UserSort
	// Desc reverses the order.
	Desc bool
	// AfterID starts the page after this user in the order of Sort and
	// Desc (keyset pagination): after this id in id order, else after
	// the user with this id, who must exist (the page is empty if not).
	AfterID UserID
	// Limit is the page size; 0 means no limit.
	Limit int
}

// UserSort names an order of user listings. Every order but SortByID
// compares text ignoring the case of ASCII letters, other characters by
// their bytes, and breaks ties by id.
type UserSort string

// The orders of user listings.
const (
	SortByID       UserSort = ""         // id, which is creation order
	SortByUsername UserSort = "username" // username
	SortByName     UserSort = "name"     // first name, then last name
	SortByEmail    UserSort = "email"    // email
)

// UserSorts lists every UserSort.
var UserSorts = []UserSort{SortByID, SortByUsername, SortByName, SortByEmail}

// ParseUserSort reads an order as the API and the console spell it: id,
// created (which is id order), username, name or email, descending after
// a "-"; "" is id order.
func ParseUserSort(s string) (sort UserSort, desc bool, err error) {
	key, desc := strings.CutPrefix(s, "-")
	switch key {
	case "", "id", "created":
		if s == "-" {
			break
		}
		return SortByID, desc, nil
	case string(SortByUsername), string(SortByName), string(SortByEmail):
		return UserSort(key), desc, nil
	}
	return "", false, Invalid("sort", "must be id, created, username, name or email, after a - for descending order")
}
