-- The identity caches of db/vendor/h2/V11__store_settings.sql are not needed here: a
-- PostgreSQL sequence is not written with the data it numbers (and a cache would be per
-- connection, out of insertion order).
-- A feature block (doubles, mostly without repeats) is kept out of line without compression:
-- pglz would spend its time on a value it cannot shrink.
ALTER TABLE feature_block ALTER COLUMN vectors SET STORAGE EXTERNAL;
