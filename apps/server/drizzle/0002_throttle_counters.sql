CREATE TABLE "throttle_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"allowed" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
