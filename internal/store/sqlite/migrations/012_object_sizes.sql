-- 012_object_sizes: the size attributes of objects that provisioning
-- limits count: zone (datacenter), memory in MiB, disk in GiB, image and
-- operating system. Empty text and 0 mean "not stated".

ALTER TABLE objects ADD COLUMN zone   TEXT    NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN memory INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN disk   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN image  TEXT    NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN os     TEXT    NOT NULL DEFAULT '';
