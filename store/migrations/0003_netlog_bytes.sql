-- 0003: the network log counts the bytes of each request (sent: the request
-- body; received: the response body), so `penny privacy` can show how much
-- went where, and is indexed by source and time, so a source's request
-- budget over the last day is one index range.
ALTER TABLE netlog ADD COLUMN sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE netlog ADD COLUMN received INTEGER NOT NULL DEFAULT 0;
CREATE INDEX netlog_by_source ON netlog(source, at);
