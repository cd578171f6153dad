ALTER TABLE "filings" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "filings" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "filings" ADD COLUMN "review_result" text;