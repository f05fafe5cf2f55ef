-- 0002: merchant identity. merchant_key says who was paid ("target",
-- "uber-eats"), the same for every descriptor of one merchant; merchant is
-- its display name. Both are filled by the import engine from package
-- merchant (and the user's renames); rows from before this migration are
-- filled by the Go step that runs with it (see store.go). Categories move to
-- the two-level taxonomy of package category in the same step.
ALTER TABLE transactions ADD COLUMN merchant_key TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN merchant TEXT NOT NULL DEFAULT '';
