-- 0005: inserts no longer mark their month groups by trigger. A per-row
-- trigger (a lookup in month_totals_dirty and an update of data_generation
-- for every row) and then reading the inserted rows back to total them made
-- a bulk import half again as slow; store.InsertTransactions, the one place
-- rows are inserted, totals its rows in Go as it inserts them, moves the
-- generation once per call, and WithTx folds those totals into the kept
-- ones before it commits. Deletes and updates still mark by trigger.
DROP TRIGGER transactions_totals_insert;

