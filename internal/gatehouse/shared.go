package gatehouse

// ChangeNotifier is implemented by the transactions of a store that several
// server processes share (PostgreSQL). Every write transaction of such a
// store tells the other processes, when it commits, that they must forget
// what they cached; NotifyChange attaches payload to that notice, for
// them to refresh precisely what changed. A transaction that rolls back
// tells no one.
type ChangeNotifier interface {
	// NotifyChange sets the payload of this transaction's notice,
	// replacing an earlier one. A payload too large to send becomes a
	// notice that something unknown changed.
	NotifyChange(payload string)
}
