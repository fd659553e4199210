-- CreateEnum
CREATE TYPE "AssignmentPhase" AS ENUM ('downloading', 'verifying', 'loading', 'active', 'failed');

-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "applied_revision" INTEGER,
ADD COLUMN     "presence_at" TIMESTAMPTZ(3),
ADD COLUMN     "presence_session" UUID;

-- AlterTable
ALTER TABLE "model_variants" ADD COLUMN     "samples_bytes" BIGINT,
ADD COLUMN     "samples_sha256" TEXT;

-- CreateTable
CREATE TABLE "desired_revisions" (
    "device_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "desired_revisions_pkey" PRIMARY KEY ("device_id","revision")
);

-- CreateTable
CREATE TABLE "assignment_states" (
    "device_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "variant_id" UUID NOT NULL,
    "state" "AssignmentPhase" NOT NULL,
    "reason" TEXT,
    "active_variant_id" UUID,
    "last_known_good_variant_id" UUID,
    "received_bytes" BIGINT,
    "total_bytes" BIGINT,
    "revision" INTEGER NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assignment_states_pkey" PRIMARY KEY ("device_id","model")
);

-- CreateTable
CREATE TABLE "device_status_events" (
    "id" BIGSERIAL NOT NULL,
    "device_id" UUID NOT NULL,
    "status" "DeviceStatus" NOT NULL,
    "cause" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_status_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_messages" (
    "device_id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uptime_seconds" DOUBLE PRECISION NOT NULL,
    "cpu_percent" DOUBLE PRECISION NOT NULL,
    "memory_used_bytes" BIGINT NOT NULL,
    "memory_total_bytes" BIGINT NOT NULL,
    "disk_free_bytes" BIGINT NOT NULL,
    "load1" DOUBLE PRECISION NOT NULL,
    "agent_rss_bytes" BIGINT NOT NULL,
    "dropped_messages" INTEGER NOT NULL,
    "variants" JSONB NOT NULL,

    CONSTRAINT "telemetry_messages_pkey" PRIMARY KEY ("device_id","message_id")
);

-- CreateTable
CREATE TABLE "latency_rollups" (
    "variant_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "device_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "inferences" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "max_ms" DOUBLE PRECISION NOT NULL,
    "sketch" BYTEA,

    CONSTRAINT "latency_rollups_pkey" PRIMARY KEY ("variant_id","bucket_start","device_id")
);

-- CreateIndex
CREATE INDEX "desired_revisions_published_at_idx" ON "desired_revisions"("published_at");

-- CreateIndex
CREATE INDEX "assignment_states_variant_id_idx" ON "assignment_states"("variant_id");

-- CreateIndex
CREATE INDEX "device_status_events_device_id_at_idx" ON "device_status_events"("device_id", "at");

-- CreateIndex
CREATE INDEX "telemetry_messages_device_id_window_end_idx" ON "telemetry_messages"("device_id", "window_end");

-- CreateIndex
CREATE INDEX "telemetry_messages_received_at_idx" ON "telemetry_messages"("received_at");

-- CreateIndex
CREATE INDEX "latency_rollups_device_id_bucket_start_idx" ON "latency_rollups"("device_id", "bucket_start");

-- CreateIndex
CREATE INDEX "latency_rollups_bucket_start_idx" ON "latency_rollups"("bucket_start");

-- AddForeignKey
ALTER TABLE "desired_revisions" ADD CONSTRAINT "desired_revisions_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignment_states" ADD CONSTRAINT "assignment_states_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_status_events" ADD CONSTRAINT "device_status_events_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;
