-- 0001: the first schema. Money is INTEGER minor units plus a currency code.
-- Transaction dates are INTEGER yyyymmdd: readable, sortable, and a third of
-- the size of ISO text in the table and in each of the three date indexes.

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    source               TEXT    NOT NULL DEFAULT '',
    external_id          TEXT    NOT NULL DEFAULT '',
    name                 TEXT    NOT NULL,
    type                 TEXT    NOT NULL DEFAULT 'checking',
    currency             TEXT    NOT NULL,
    institution          TEXT    NOT NULL DEFAULT '',
    opening_minor        INTEGER NOT NULL DEFAULT 0,
    -- balance_minor and pending_minor are kept by the triggers below so that
    -- "what is my balance" costs O(accounts), not a scan of every transaction.
    balance_minor        INTEGER NOT NULL DEFAULT 0,
    pending_minor        INTEGER NOT NULL DEFAULT 0,
    tx_count             INTEGER NOT NULL DEFAULT 0,
    bank_balance_minor   INTEGER,
    bank_available_minor INTEGER,
    bank_balance_date    TEXT,
    closed               INTEGER NOT NULL DEFAULT 0,
    created              TEXT    NOT NULL
);
CREATE UNIQUE INDEX accounts_by_source ON accounts(source, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX accounts_by_name ON accounts(name COLLATE NOCASE);

CREATE TABLE raw_payloads (
    id       INTEGER PRIMARY KEY,
    source   TEXT NOT NULL DEFAULT '',
    kind     TEXT NOT NULL DEFAULT '',
    name     TEXT NOT NULL DEFAULT '',
    received TEXT NOT NULL,
    data     BLOB NOT NULL
);

CREATE TABLE transactions (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    external_id          TEXT    NOT NULL DEFAULT '',
    posted               INTEGER NOT NULL, -- yyyymmdd
    transacted           INTEGER,          -- Unix seconds, when the source knows the time
    amount_minor         INTEGER NOT NULL,
    currency             TEXT    NOT NULL,
    payee                TEXT    NOT NULL DEFAULT '',
    memo                 TEXT    NOT NULL DEFAULT '',
    category             TEXT    NOT NULL DEFAULT '',
    pending              INTEGER NOT NULL DEFAULT 0,
    -- The external id of the pending row this posted row replaced; the pending
    -- row itself is removed and tombstoned so it never comes back.
    replaces_external_id TEXT    NOT NULL DEFAULT '',
    transfer_id          INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    -- content_key is the posted date (4 bytes, big-endian yyyymmdd, so
    -- keys of a statement sort in date order and index inserts stay local)
    -- and 8 bytes of SHA-256 over (date, amount, currency, payee, memo);
    -- ordinal tells identical rows apart.
    content_key          BLOB    NOT NULL,
    ordinal              INTEGER NOT NULL DEFAULT 0,
    raw_id               INTEGER REFERENCES raw_payloads(id) ON DELETE SET NULL,
    created              INTEGER NOT NULL -- Unix seconds
);
CREATE UNIQUE INDEX transactions_by_external ON transactions(account_id, external_id) WHERE external_id <> '';
-- The content key identifies rows the source gave no id; rows with an id are
-- told apart by it, so only id-less rows need this index.
CREATE UNIQUE INDEX transactions_by_content ON transactions(account_id, content_key, ordinal) WHERE external_id = '';
-- Date ranges over all accounts use this index too, with account_id IN (every
-- account): a household has few accounts, and one index less makes imports
-- faster and the vault smaller.
CREATE INDEX transactions_by_account_date ON transactions(account_id, posted);
-- No (category, date) index: category questions come with a period, and the
-- (account, date) index narrows those to a few hundred rows at most; one index
-- less makes every import faster and the vault smaller.
CREATE INDEX transactions_by_transfer ON transactions(transfer_id) WHERE transfer_id IS NOT NULL;

-- Inserts adjust the kept balances in the store's InsertTransactions, once
-- per account and batch: a per-row trigger made bulk inserts several times
-- slower. Deletes and updates are rare and keep them by trigger.
CREATE TRIGGER transactions_balance_delete AFTER DELETE ON transactions BEGIN
    UPDATE accounts SET
        balance_minor = balance_minor - (CASE WHEN OLD.pending THEN 0 ELSE OLD.amount_minor END),
        pending_minor = pending_minor - (CASE WHEN OLD.pending THEN OLD.amount_minor ELSE 0 END),
        tx_count = tx_count - 1
    WHERE id = OLD.account_id;
END;

CREATE TRIGGER transactions_balance_update AFTER UPDATE OF amount_minor, pending, account_id ON transactions BEGIN
    UPDATE accounts SET
        balance_minor = balance_minor - (CASE WHEN OLD.pending THEN 0 ELSE OLD.amount_minor END),
        pending_minor = pending_minor - (CASE WHEN OLD.pending THEN OLD.amount_minor ELSE 0 END),
        tx_count = tx_count - 1
    WHERE id = OLD.account_id;
    UPDATE accounts SET
        balance_minor = balance_minor + (CASE WHEN NEW.pending THEN 0 ELSE NEW.amount_minor END),
        pending_minor = pending_minor + (CASE WHEN NEW.pending THEN NEW.amount_minor ELSE 0 END),
        tx_count = tx_count + 1
    WHERE id = NEW.account_id;
END;

CREATE TRIGGER accounts_opening_update AFTER UPDATE OF opening_minor ON accounts BEGIN
    UPDATE accounts SET balance_minor = balance_minor - OLD.opening_minor + NEW.opening_minor
    WHERE id = NEW.id;
END;

-- A deleted or merged transaction leaves a tombstone so that no later import
-- or sync brings it back.
CREATE TABLE tombstones (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    external_id TEXT    NOT NULL DEFAULT '',
    content_key BLOB    NOT NULL DEFAULT x'',
    ordinal     INTEGER NOT NULL DEFAULT 0,
    reason      TEXT    NOT NULL DEFAULT 'deleted',
    created     TEXT    NOT NULL
);
CREATE INDEX tombstones_by_external ON tombstones(account_id, external_id) WHERE external_id <> '';
CREATE INDEX tombstones_by_content ON tombstones(account_id, content_key, ordinal);

-- Sources hold non-secret settings only; credentials live in the keyring or
-- in the secrets table, never in the config file.
CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}',
    last_sync  TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created    TEXT NOT NULL
);

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    rule        TEXT    NOT NULL,
    severity    TEXT    NOT NULL DEFAULT 'info',
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL DEFAULT '',
    why         TEXT    NOT NULL DEFAULT '',
    account_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    tx_ids      TEXT    NOT NULL DEFAULT '[]',
    -- One event raises one alert: the rule decides the key.
    dedup_key   TEXT    NOT NULL UNIQUE,
    created     TEXT    NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0,
    notified    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_by_created ON alerts(created);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE rules (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL DEFAULT 'category',
    pattern  TEXT NOT NULL,
    value    TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    created  TEXT NOT NULL
);

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    conversation TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    data         TEXT    NOT NULL DEFAULT '',
    created      TEXT    NOT NULL,
    read         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_by_conversation ON messages(conversation, id);

CREATE TABLE netlog (
    id     INTEGER PRIMARY KEY,
    at     TEXT    NOT NULL,
    source TEXT    NOT NULL DEFAULT '',
    method TEXT    NOT NULL DEFAULT 'GET',
    host   TEXT    NOT NULL,
    path   TEXT    NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    error  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX netlog_by_at ON netlog(at);
