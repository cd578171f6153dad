CREATE TABLE "case_archives" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"files" integer NOT NULL,
	"signed_by" text NOT NULL,
	"made_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_archives" ADD CONSTRAINT "case_archives_case_id_notary_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."notary_cases"("id") ON DELETE no action ON UPDATE no action;