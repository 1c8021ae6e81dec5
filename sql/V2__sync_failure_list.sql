-- The connector's object catalog, its settings, the sync failure list, the billing records the jobs re-sync and
-- the sandbox CRM. Table and column names are part of the operator contract (README, "Schema").

create table sync_object_type (
	name text primary key,
	parent text references sync_object_type (name),
	part_of_parent boolean not null default false,
	salesforce_object text not null unique,
	external_id_field text not null,
	product_catalog boolean not null default false,
	enabled boolean not null,
	sync_order integer not null unique,
	constraint sync_object_type_part_of_parent_needs_parent check (not part_of_parent or parent is not null)
);

insert into sync_object_type (name, parent, part_of_parent, salesforce_object, external_id_field, product_catalog, enabled, sync_order) values
	('Account',                   null,                    false, 'Zuora__CustomerAccount__c',                'Zuora__External_Id__c', false, true,   10),
	('Contact',                   'Account',               false, 'Zuora__Contact__c',                        'Zuora__External_Id__c', false, true,   20),
	('PaymentMethod',             'Account',               false, 'Zuora__PaymentMethod__c',                  'Zuora__External_Id__c', false, true,   30),
	('Subscription',              'Account',               false, 'Zuora__Subscription__c',                   'Zuora__External_Id__c', false, true,   40),
	('RatePlan',                  'Subscription',          true,  'Zuora__SubscriptionRatePlan__c',           'Zuora__External_Id__c', false, true,   50),
	('RatePlanCharge',            'RatePlan',              true,  'Zuora__SubscriptionProductCharge__c',      'Zuora__External_Id__c', false, true,   60),
	('RatePlanChargeTier',        'RatePlanCharge',        true,  'Zuora__SubscriptionRatePlanChargeTier__c', 'Zuora__External_Id__c', false, true,   70),
	('Invoice',                   'Account',               false, 'Zuora__ZInvoice__c',                       'Zuora__External_Id__c', false, true,   80),
	('InvoiceItem',               'Invoice',               true,  'Zuora__InvoiceItem__c',                    'Zuora__External_Id__c', false, true,   90),
	('TaxationItem',              'Invoice',               true,  'Zuora__TaxationItem__c',                   'Zuora__External_Id__c', false, true,  100),
	('InvoicePayment',            'Invoice',               true,  'Zuora__PaymentInvoice__c',                 'Zuora__EXT_ID__c',      false, true,  110),
	('Payment',                   'Account',               false, 'Zuora__Payment__c',                        'Zuora__External_Id__c', false, true,  120),
	('PaymentPart',               'Payment',               true,  'Zuora__PaymentPart__c',                    'Zuora__External_Id__c', false, true,  130),
	('Refund',                    'Account',               false, 'Zuora__Refund__c',                         'Zuora__External_Id__c', false, true,  140),
	('RefundInvoicePayment',      'Refund',                true,  'Zuora__RefundInvoicePayment__c',           'Zuora__External_Id__c', false, true,  150),
	('CreditMemo',                'Account',               false, 'Zuora__CreditMemo__c',                     'Zuora__External_Id__c', false, true,  160),
	('CreditMemoItem',            'CreditMemo',            true,  'Zuora__CreditMemoItem__c',                 'Zuora__External_Id__c', false, true,  170),
	('DebitMemo',                 'Account',               false, 'Zuora__DebitMemo__c',                      'Zuora__External_Id__c', false, true,  180),
	('DebitMemoItem',             'DebitMemo',             true,  'Zuora__DebitMemoItem__c',                  'Zuora__External_Id__c', false, true,  190),
	('Product',                   null,                    false, 'zqu__ZProduct__c',                         'Zuora__External_Id__c', true,  false, 200),
	('ProductRatePlan',           'Product',               true,  'zqu__ProductRatePlan__c',                  'Zuora__External_Id__c', true,  false, 210),
	('ProductRatePlanCharge',     'ProductRatePlan',       true,  'zqu__ProductRatePlanCharge__c',            'Zuora__External_Id__c', true,  false, 220),
	('ProductRatePlanChargeTier', 'ProductRatePlanCharge', true,  'zqu__ProductRatePlanChargeTier__c',        'Zuora__External_Id__c', true,  false, 230);

-- One row: the connector's settings.
create table connector_setting (
	singleton boolean primary key default true check (singleton),
	zuora_quotes_installed boolean not null default false,
	updated_at timestamptz not null default now()
);

insert into connector_setting (singleton) values (true);

create table sync_failure (
	id bigint generated always as identity primary key,
	zuora_id text not null check (zuora_id <> ''),
	object_type text not null references sync_object_type (name),
	error_code text not null check (error_code in ('DACO-01', 'DACO-02', 'DACO-99')),
	error_message text not null,
	sync_date timestamptz not null,
	first_failed_at timestamptz not null,
	attempts integer not null default 1 check (attempts >= 1),
	constraint sync_failure_object_type_zuora_id_key unique (object_type, zuora_id),
	constraint sync_failure_first_failed_before_sync_date check (first_failed_at <= sync_date)
);

-- The daily retry: failures of a window on first_failed_at, never DACO-02, read in primary-key order.
create index sync_failure_daily_retry_idx on sync_failure (first_failed_at, id) where error_code <> 'DACO-02';
-- The failure list: newest sync date first.
create index sync_failure_sync_date_idx on sync_failure (sync_date desc, id desc);
-- Filters by error code (object type filters use the unique key).
create index sync_failure_error_code_idx on sync_failure (error_code, object_type);

create table source_record (
	object_type text not null references sync_object_type (name),
	zuora_id text not null check (zuora_id <> ''),
	parent_id text,
	account_id text,
	crm_id text,
	fields jsonb not null default '{}'::jsonb,
	updated_at timestamptz not null default now(),
	primary key (object_type, zuora_id)
);

-- Children of a page of parents, in one query.
create index source_record_children_idx on source_record (parent_id, object_type) where parent_id is not null;

-- What the sandbox CRM received: one row per Salesforce object and external ID, as an upsert keeps it.
create table crm_sandbox_record (
	salesforce_object text not null,
	external_id text not null,
	object_type text not null,
	parent_external_id text,
	fields jsonb not null,
	first_upserted_at timestamptz not null,
	last_upserted_at timestamptz not null,
	upsert_count integer not null default 1,
	primary key (salesforce_object, external_id)
);
