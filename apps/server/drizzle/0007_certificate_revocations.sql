CREATE TABLE "certificate_revocations" (
	"serial" text PRIMARY KEY NOT NULL,
	"issuer_key_id" text NOT NULL,
	"key_name" text NOT NULL,
	"subject" text NOT NULL,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL
);
