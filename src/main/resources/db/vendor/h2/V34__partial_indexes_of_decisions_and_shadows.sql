-- H2 has no partial indexes: its overrides and challengers reads walk the window in the score
-- index, which holds final_decision and shadow_of (see db/vendor/postgresql for PostgreSQL).
SELECT 1;
