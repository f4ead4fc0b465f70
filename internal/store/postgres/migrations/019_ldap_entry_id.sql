-- ldap_entry_id: the stable id of a linked directory entry (entryUUID on
-- OpenLDAP, objectGUID on Active Directory), so that a login reaches the
-- entry that was linked, not another one created later under the same DN.
-- Empty for links made before it: the first successful login records it.

ALTER TABLE ldap_links ADD COLUMN entry_id text NOT NULL DEFAULT '';
