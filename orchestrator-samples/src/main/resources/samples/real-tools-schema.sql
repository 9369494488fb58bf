-- The tables the reference flows read and write in real mode (README "Real tools"; demo --real creates them).
-- Safe to run twice.

-- lead_sync's data_coordinator reads one lead by id.
CREATE TABLE IF NOT EXISTS leads (
    lead_id        text PRIMARY KEY,
    name           text NOT NULL,
    email          text NOT NULL,
    company_domain text NOT NULL,
    score          integer NOT NULL
);

-- company_search's company_db searches companies by name or domain.
CREATE TABLE IF NOT EXISTS companies (
    domain    text PRIMARY KEY,
    name      text NOT NULL,
    industry  text NOT NULL,
    employees integer NOT NULL
);

-- account_provisioning's crm_write inserts an account (its id is the side effect's id); crm_delete removes it.
CREATE TABLE IF NOT EXISTS crm_accounts (
    id         bigserial PRIMARY KEY,
    account_id text NOT NULL,
    email      text NOT NULL,
    plan       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Sample data: leads L-1 ... L-100000 (deterministic names and companies), and the sample companies.
INSERT INTO companies (domain, name, industry, employees) VALUES
    ('acme.example', 'Acme Inc.', 'manufacturing', 1200),
    ('globex.example', 'Globex Inc.', 'energy', 5400),
    ('initech.example', 'Initech Inc.', 'software', 310),
    ('umbrella.example', 'Umbrella Inc.', 'biotech', 8800),
    ('hooli.example', 'Hooli Inc.', 'software', 20000),
    ('stark.example', 'Stark Inc.', 'aerospace', 15000),
    ('wayne.example', 'Wayne Inc.', 'logistics', 9100),
    ('tyrell.example', 'Tyrell Inc.', 'robotics', 2600)
ON CONFLICT (domain) DO NOTHING;

INSERT INTO leads (lead_id, name, email, company_domain, score)
SELECT 'L-' || n,
       (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken'])[1 + n % 8] || ' '
           || (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Thompson'])[1 + (n / 8) % 8],
       lower((ARRAY['ada','grace','alan','edsger','barbara','donald','frances','ken'])[1 + n % 8]) || '.' || n || '@'
           || (ARRAY['acme','globex','initech','umbrella','hooli','stark','wayne','tyrell'])[1 + (n / 64) % 8] || '.example',
       (ARRAY['acme','globex','initech','umbrella','hooli','stark','wayne','tyrell'])[1 + (n / 64) % 8] || '.example',
       n % 100
FROM generate_series(1, 100000) AS n
ON CONFLICT (lead_id) DO NOTHING;
