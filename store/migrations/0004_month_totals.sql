-- 0004: kept month totals and a write generation, so that a process can
-- answer from totals without reading every row (store/totals.go).
--
-- month_totals holds, per month and account, the totals of that month's rows
-- grouped by currency, merchant, category, sign, pending state and transfer
-- flag (store.MonthTotal), packed in one blob: a row per cell cost about 90
-- bytes, a fifth of a vault at 100k transactions; packed with the strings
-- numbered in month_total_strings, a cell is about 20.
CREATE TABLE month_totals (
    month      INTEGER NOT NULL, -- yyyymm
    account_id INTEGER NOT NULL,
    cells      BLOB    NOT NULL,
    PRIMARY KEY (month, account_id)
);

-- The currencies, merchant keys, merchant names and categories the cells
-- name, by number. Strings no cell names any more stay: they are few.
CREATE TABLE month_total_strings (
    id INTEGER PRIMARY KEY,
    s  TEXT NOT NULL UNIQUE
);

-- The (month, account) groups whose rows changed in the open write
-- transaction. The triggers below mark them; store.WithTx recomputes them
-- from their rows and empties this table before it commits, so the cells are
-- exact at every commit. A reader that finds a group marked (a write made
-- outside WithTx) recomputes that group from its rows.
CREATE TABLE month_totals_dirty (
    month      INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (month, account_id)
) WITHOUT ROWID;

-- The write generation: moved by every row written to transactions or rules
-- (inserts, deletes, and updates of any column: an in-place category, a
-- transfer link, a pending row posted). A cache of derived data that saw the
-- same generation is still exact.
CREATE TABLE data_generation (
    n INTEGER NOT NULL
);
INSERT INTO data_generation (n) VALUES (0);

-- The marks are inserted WHERE NOT EXISTS rather than OR IGNORE: the
-- statement that fires a trigger can override the trigger's conflict policy,
-- and the foreign key's ON DELETE SET NULL (a deleted side of a transfer
-- unlinks the other) did, failing on a group already marked.
CREATE TRIGGER transactions_totals_insert AFTER INSERT ON transactions BEGIN
    INSERT INTO month_totals_dirty (month, account_id) SELECT NEW.posted / 100, NEW.account_id
        WHERE NOT EXISTS (SELECT 1 FROM month_totals_dirty WHERE month = NEW.posted / 100 AND account_id = NEW.account_id);
    UPDATE data_generation SET n = n + 1;
END;

CREATE TRIGGER transactions_totals_delete AFTER DELETE ON transactions BEGIN
    INSERT INTO month_totals_dirty (month, account_id) SELECT OLD.posted / 100, OLD.account_id
        WHERE NOT EXISTS (SELECT 1 FROM month_totals_dirty WHERE month = OLD.posted / 100 AND account_id = OLD.account_id);
    UPDATE data_generation SET n = n + 1;
END;

CREATE TRIGGER transactions_totals_update AFTER UPDATE ON transactions BEGIN
    INSERT INTO month_totals_dirty (month, account_id) SELECT OLD.posted / 100, OLD.account_id
        WHERE NOT EXISTS (SELECT 1 FROM month_totals_dirty WHERE month = OLD.posted / 100 AND account_id = OLD.account_id);
    INSERT INTO month_totals_dirty (month, account_id) SELECT NEW.posted / 100, NEW.account_id
        WHERE NOT EXISTS (SELECT 1 FROM month_totals_dirty WHERE month = NEW.posted / 100 AND account_id = NEW.account_id);
    UPDATE data_generation SET n = n + 1;
END;

CREATE TRIGGER rules_generation_insert AFTER INSERT ON rules BEGIN
    UPDATE data_generation SET n = n + 1;
END;

CREATE TRIGGER rules_generation_delete AFTER DELETE ON rules BEGIN
    UPDATE data_generation SET n = n + 1;
END;

CREATE TRIGGER rules_generation_update AFTER UPDATE ON rules BEGIN
    UPDATE data_generation SET n = n + 1;
END;

-- Every existing group is built once, by the same code that keeps them
-- (migrate runs the recomputation after this file).
INSERT INTO month_totals_dirty (month, account_id) SELECT DISTINCT posted / 100, account_id FROM transactions;
