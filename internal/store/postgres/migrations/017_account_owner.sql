-- account_owner: a tenant's account owner (Triton's User account): the
-- member who owns the objects its sub-users create. NULL for none. Users
-- are removed by marking them deleted, which ends their memberships; the
-- store clears the owner when the owner's membership of the tenant ends.

ALTER TABLE tenants ADD COLUMN owner_id bigint REFERENCES users (id) ON DELETE SET NULL;
