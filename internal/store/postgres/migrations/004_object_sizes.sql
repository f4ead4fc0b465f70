-- 004_object_sizes: the size attributes of objects that provisioning
-- limits count: zone (datacenter), memory in MiB, disk in GiB, image and
-- operating system. Empty text and 0 mean "not stated".

ALTER TABLE objects ADD COLUMN zone   text   NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN memory bigint NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN disk   bigint NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN image  text   NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN os     text   NOT NULL DEFAULT '';
