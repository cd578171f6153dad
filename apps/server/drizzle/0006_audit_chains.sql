CREATE TABLE "audit_checkpoint_heads" (
	"checkpoint_id" bigint NOT NULL,
	"aggregate" text NOT NULL,
	"leaf_index" integer NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_checkpoint_heads_aggregate_checkpoint_id_pk" PRIMARY KEY("aggregate","checkpoint_id")
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"tree_size" integer NOT NULL,
	"root" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"signature" text NOT NULL,
	"timestamp_token" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_heads" (
	"aggregate" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- the single chain written so far becomes the chain of the aggregate "legacy", numbered as it
-- was and verified with its own hash rule (docs/OPERATIONS.md, "Audit log")
ALTER TABLE "audit_log" ADD COLUMN "aggregate" text DEFAULT 'legacy' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "aggregate" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "agg_seq" bigint;--> statement-breakpoint
UPDATE "audit_log" SET "agg_seq" = "seq";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "agg_seq" SET NOT NULL;--> statement-breakpoint
CREATE SEQUENCE "audit_log_seq_seq" OWNED BY "audit_log"."seq";--> statement-breakpoint
SELECT setval('audit_log_seq_seq', coalesce((SELECT max("seq") FROM "audit_log"), 0) + 1, false);--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" SET DEFAULT nextval('audit_log_seq_seq');--> statement-breakpoint
-- the old head, as it stood (verify compares it with the legacy entries)
INSERT INTO "audit_heads" ("aggregate", "seq", "prev_hash", "hash")
	SELECT 'legacy', h."seq", coalesce((SELECT l."prev_hash" FROM "audit_log" l WHERE l."seq" = h."seq"), ''), h."hash"
	FROM "audit_head" h WHERE h."seq" > 0;--> statement-breakpoint
DROP TABLE "audit_head" CASCADE;--> statement-breakpoint
CREATE INDEX "audit_checkpoint_heads_checkpoint" ON "audit_checkpoint_heads" USING btree ("checkpoint_id");--> statement-breakpoint
CREATE INDEX "audit_heads_updated_at" ON "audit_heads" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_aggregate_seq" ON "audit_log" USING btree ("aggregate","agg_seq");--> statement-breakpoint
CREATE INDEX "audit_log_entity_id" ON "audit_log" USING btree ("entity_id");
