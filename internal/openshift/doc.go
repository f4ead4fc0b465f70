// Package openshift reads the users and groups of an OpenShift cluster
// through its API server (user.openshift.io/v1) and checks a user's
// password against the cluster's OAuth server, as `oc login` does.
//
// It speaks HTTPS only, with the cluster's CA or the system roots, and
// never follows redirects. Errors are classified with the sentinels in
// client.go, so callers can tell an unreachable cluster, a certificate
// that does not verify, a refused token and a wrong password apart.
//
// client.go holds the connection and the error kinds, resources.go the
// users and groups, login.go the OAuth password check.
package openshift
