CREATE TABLE "upload_claims" (
	"client_key" text PRIMARY KEY NOT NULL,
	"claim_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
