-- H2 has no partial indexes: its index of labelling times keeps a null entry for every
-- unlabelled row (see db/vendor/postgresql for PostgreSQL).
SELECT 1;
