-- 023_subusers: a sub-user (Triton) belongs to one account, a tenant, and
-- nowhere else; 0 for ordinary users. No foreign key, as last_tenant_id:
-- the tenant keeps its sub-users through their memberships.

ALTER TABLE users ADD COLUMN account_id INTEGER NOT NULL DEFAULT 0;
