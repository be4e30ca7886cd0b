-- Nothing to do on PostgreSQL: a sequence there is not written with the data it numbers
-- (see db/vendor/h2/V11__identity_cache.sql). A cache would be per connection and break the
-- insertion order of ids.
SELECT 1;
