CREATE TABLE "counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_store" (
	"name" text PRIMARY KEY NOT NULL,
	"certificate_pem" text,
	"encrypted_key" text,
	"meta" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"city" text,
	"address" text,
	"phone" text,
	"legal_rep_name" text,
	"legal_rep_id_number" text,
	"business_licence_file" text,
	"legal_rep_id_front_file" text,
	"legal_rep_id_back_file" text,
	"certificate_prefix" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otp_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"org_id" uuid,
	"role" text,
	"phone" text,
	"csrf_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"presale_licence_id" uuid,
	"name" text NOT NULL,
	"floors" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "presale_licences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"number" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"district" text,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"number" text NOT NULL,
	"floor" integer NOT NULL,
	"use" text DEFAULT '住宅' NOT NULL,
	"structure" text DEFAULT '钢筋混凝土结构' NOT NULL,
	"build_area" integer NOT NULL,
	"inner_area" integer NOT NULL,
	"shared_area" integer NOT NULL,
	"list_unit_price" bigint,
	"status" text DEFAULT '可售' NOT NULL,
	"contract_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_materials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"category" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"business_no" text NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" text NOT NULL,
	"path" text,
	"terms" jsonb NOT NULL,
	"parties" jsonb NOT NULL,
	"total_price" bigint,
	"password_hash" text,
	"notary_office_id" uuid,
	"notary_case_id" uuid,
	"qr_link" text,
	"qr_expires_at" timestamp with time zone,
	"econtract_file" text,
	"econtract_sha256" text,
	"certificate_number" text,
	"certificate_file" text,
	"filing_number" text,
	"filing_record_file" text,
	"return_reason" text,
	"signed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buyer_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"buyer_index" integer NOT NULL,
	"buyer_name" text NOT NULL,
	"buyer_phone" text NOT NULL,
	"route" text NOT NULL,
	"status" text NOT NULL,
	"claimed_by" text,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text,
	"supplement" jsonb,
	"submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"application_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"file_sha256" text NOT NULL,
	"pages" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_counters" (
	"office_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "certificate_counters_office_id_year_pk" PRIMARY KEY("office_id","year")
);
--> statement-breakpoint
CREATE TABLE "notary_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"business_no" text NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"snapshot" jsonb NOT NULL,
	"status" text NOT NULL,
	"qr_token_hash" text NOT NULL,
	"qr_expires_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"certificate_number" text,
	"certificate_file" text,
	"certificate_sha256" text,
	"verification_code" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "filings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"business_no" text NOT NULL,
	"seller_org_id" uuid NOT NULL,
	"path" text NOT NULL,
	"status" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"filing_number" text,
	"record_file" text,
	"reason" text,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"mime" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor" text NOT NULL,
	"org_id" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"gateway" text NOT NULL,
	"meta" jsonb,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"endpoint" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issued_documents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"reference" text NOT NULL,
	"signed_by" text,
	"pages" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_presale_licence_id_presale_licences_id_fk" FOREIGN KEY ("presale_licence_id") REFERENCES "public"."presale_licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_licences" ADD CONSTRAINT "presale_licences_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_materials" ADD CONSTRAINT "contract_materials_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buyer_applications" ADD CONSTRAINT "buyer_applications_case_id_notary_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."notary_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_case_id_notary_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."notary_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "otp_phone_idx" ON "otp_codes" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_project_name_uq" ON "buildings" USING btree ("project_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "presale_number_uq" ON "presale_licences" USING btree ("number");--> statement-breakpoint
CREATE INDEX "projects_seller_idx" ON "projects" USING btree ("seller_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_building_number_uq" ON "units" USING btree ("building_id","number");--> statement-breakpoint
CREATE INDEX "units_project_idx" ON "units" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "materials_contract_idx" ON "contract_materials" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_business_no_uq" ON "contracts" USING btree ("business_no");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_live_unit_uq" ON "contracts" USING btree ("unit_id") WHERE status not in ('草稿', '已撤销');--> statement-breakpoint
CREATE INDEX "contracts_seller_idx" ON "contracts" USING btree ("seller_org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_case_buyer_uq" ON "buyer_applications" USING btree ("case_id","buyer_index");--> statement-breakpoint
CREATE INDEX "applications_phone_idx" ON "buyer_applications" USING btree ("buyer_phone");--> statement-breakpoint
CREATE INDEX "case_documents_case_idx" ON "case_documents" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_contract_live_uq" ON "notary_cases" USING btree ("contract_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_qr_uq" ON "notary_cases" USING btree ("qr_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_cert_uq" ON "notary_cases" USING btree ("certificate_number");--> statement-breakpoint
CREATE INDEX "cases_office_idx" ON "notary_cases" USING btree ("office_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "filings_number_uq" ON "filings" USING btree ("filing_number");--> statement-breakpoint
CREATE INDEX "filings_contract_idx" ON "filings" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "filings_status_idx" ON "filings" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "messages_recipient_idx" ON "messages" USING btree ("recipient_kind","recipient","created_at");--> statement-breakpoint
CREATE INDEX "outbound_to_idx" ON "outbound_messages" USING btree ("to","sent_at");--> statement-breakpoint
CREATE INDEX "push_phone_idx" ON "push_subscriptions" USING btree ("phone");