-- Scope- and import-aware call resolution (issue 15): what each call is reached through and
-- where it is, what each file's imports bind, and the types of names the syntax says. Analyses older than `tributary-ast/3` have
-- neither (NULL receivers, no bindings) and resolve as before, by name.
ALTER TABLE calls ADD COLUMN receiver text;
ALTER TABLE calls ADD COLUMN col integer;

CREATE TABLE import_bindings (
    blob_id text NOT NULL REFERENCES file_analyses (blob_id) ON DELETE CASCADE,
    idx     integer NOT NULL,
    name    text NOT NULL,
    module  text NOT NULL,
    symbol  text,
    PRIMARY KEY (blob_id, idx)
);

-- Variables, parameters and fields whose type the syntax says: calls through them resolve to
-- that type's members.
CREATE TABLE typed_names (
    blob_id   text NOT NULL REFERENCES file_analyses (blob_id) ON DELETE CASCADE,
    idx       integer NOT NULL,
    name      text NOT NULL,
    type_name text NOT NULL,
    scope_idx integer,
    PRIMARY KEY (blob_id, idx)
);
