ALTER TABLE "filings" ADD COLUMN "center_org_id" uuid;--> statement-breakpoint
CREATE INDEX "filings_center_idx" ON "filings" USING btree ("center_org_id","created_at");--> statement-breakpoint
-- filings made before this column: the center of the unit's city (the oldest, if a city has several)
UPDATE "filings" SET "center_org_id" = (SELECT o."id" FROM "organisations" o WHERE o."kind" = 'center' AND o."city" = "filings"."snapshot"->'parties'->'unit'->>'city' ORDER BY o."created_at", o."id" LIMIT 1) WHERE "center_org_id" IS NULL;
