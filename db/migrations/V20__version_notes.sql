-- A version's note: what changed and why, like a commit message (docs/api.md, "Services and versions"). Plain
-- text of at most 500 characters; the API refuses control characters other than newline before storing it.
-- (The older `comment` column holds the platform's own remark, "cloned from version n", and is not shown.)
ALTER TABLE service_versions ADD COLUMN note text
    CONSTRAINT service_versions_note_length CHECK (char_length(note) <= 500);
