package gatehouse

import (
	"context"
	"time"
)

// AuthOpenShift is the authentication of users who log in with their
// OpenShift password, checked by the cluster's OAuth server.
const AuthOpenShift = "openshift"

// OpenShiftConfig is how Gatehouse reaches the OpenShift cluster whose
// users it lists, imports and authenticates.
type OpenShiftConfig struct {
	// APIURL is the cluster's API server, such as
	// https://api.cluster.example.com:6443.
	APIURL string
	// CACert is the PEM certificates the API and OAuth servers' must
	// chain to; empty: the system roots.
	CACert string
	// Token is the bearer token Gatehouse reads users and groups with,
	// sealed with the master key (package secret). It never leaves the
	// server.
	Token     []byte
	UpdatedAt time.Time
}

// OpenShiftLink ties a Gatehouse user to their OpenShift user.
type OpenShiftLink struct {
	UserID UserID
	// Name is the user's name in OpenShift, which differs from theirs
	// when it had characters Gatehouse does not allow.
	Name string
	// UID is the OpenShift user's metadata.uid when it was linked.
	UID string
}

// OpenShiftStore keeps the OpenShift configuration and the links of
// users to their OpenShift users.
type OpenShiftStore interface {
	// OpenShiftConfig returns the configuration, or ErrNotFound if
	// OpenShift was never configured.
	OpenShiftConfig(ctx context.Context) (OpenShiftConfig, error)
	// PutOpenShiftConfig stores c, replacing the configuration.
	PutOpenShiftConfig(ctx context.Context, c OpenShiftConfig) error
	// PutOpenShiftLink stores l, replacing the user's link if they have
	// one; ErrNotFound if the user does not exist.
	PutOpenShiftLink(ctx context.Context, l OpenShiftLink) error
	// OpenShiftLinkOf returns the link of user u, or ErrNotFound.
	OpenShiftLinkOf(ctx context.Context, u UserID) (OpenShiftLink, error)
	// OpenShiftLinks returns every link, by user id.
	OpenShiftLinks(ctx context.Context) ([]OpenShiftLink, error)
}
