ALTER TABLE "issued_documents" ADD COLUMN "archive_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD COLUMN "renewed_to" text;--> statement-breakpoint
CREATE INDEX "issued_documents_archive_due" ON "issued_documents" USING btree ("archive_until") WHERE "issued_documents"."renewed_to" is null;