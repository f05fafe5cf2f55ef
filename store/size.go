package store

import "context"

// Size is how many bytes the database holds now, and the most it may hold:
// its page budget, which the vault sets (SQLite's own bound, far larger,
// on a database without one). It works inside a transaction too.
func (s *Store) Size(ctx context.Context) (used, limit int64, err error) {
	var pages, maxPages, pageSize int64
	for _, q := range []struct {
		pragma string
		into   *int64
	}{{"PRAGMA page_count", &pages}, {"PRAGMA max_page_count", &maxPages}, {"PRAGMA page_size", &pageSize}} {
		if err := s.q.QueryRowContext(ctx, q.pragma).Scan(q.into); err != nil {
			return 0, 0, err
		}
	}
	return pages * pageSize, maxPages * pageSize, nil
}
