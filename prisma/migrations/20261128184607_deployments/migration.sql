-- CreateEnum
CREATE TYPE "DeploymentState" AS ENUM ('planned', 'running', 'paused', 'rolling_back', 'completed', 'rolled_back', 'aborted', 'superseded');

-- CreateEnum
CREATE TYPE "DeploymentWaveState" AS ENUM ('pending', 'applying', 'baking', 'passed', 'failed');

-- CreateEnum
CREATE TYPE "DeploymentDeviceStatus" AS ENUM ('pending', 'skipped', 'applying', 'active', 'failed', 'timed_out', 'rolled_back');

-- CreateTable
CREATE TABLE "deployments" (
    "id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "strategy" JSONB NOT NULL,
    "gates" JSONB NOT NULL,
    "auto_rollback" BOOLEAN NOT NULL,
    "deadline_seconds" INTEGER NOT NULL,
    "state" "DeploymentState" NOT NULL DEFAULT 'planned',
    "superseded_by_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_waves" (
    "deployment_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "bake_seconds" INTEGER NOT NULL,
    "state" "DeploymentWaveState" NOT NULL DEFAULT 'pending',
    "started_at" TIMESTAMPTZ(3),
    "bake_until" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "gate_evaluation" JSONB,

    CONSTRAINT "deployment_waves_pkey" PRIMARY KEY ("deployment_id","index")
);

-- CreateTable
CREATE TABLE "deployment_devices" (
    "deployment_id" UUID NOT NULL,
    "device_id" UUID NOT NULL,
    "wave_index" INTEGER NOT NULL,
    "hardware_profile" TEXT NOT NULL,
    "variant_id" UUID,
    "skip_reason" TEXT,
    "status" "DeploymentDeviceStatus" NOT NULL DEFAULT 'pending',
    "status_reason" TEXT,
    "previous_assignment" JSONB,
    "previous_revision" INTEGER,
    "desired_revision" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployment_devices_pkey" PRIMARY KEY ("deployment_id","device_id")
);

-- CreateTable
CREATE TABLE "deployment_events" (
    "id" BIGSERIAL NOT NULL,
    "deployment_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "actor_key_id" UUID,
    "actor_name" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "deployment_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deployments_model_name_state_idx" ON "deployments"("model_name", "state");

-- CreateIndex
CREATE INDEX "deployments_state_idx" ON "deployments"("state");

-- CreateIndex
CREATE INDEX "deployment_devices_device_id_idx" ON "deployment_devices"("device_id");

-- CreateIndex
CREATE INDEX "deployment_devices_deployment_id_wave_index_idx" ON "deployment_devices"("deployment_id", "wave_index");

-- CreateIndex
CREATE INDEX "deployment_events_deployment_id_id_idx" ON "deployment_events"("deployment_id", "id");

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_superseded_by_id_fkey" FOREIGN KEY ("superseded_by_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_waves" ADD CONSTRAINT "deployment_waves_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_devices" ADD CONSTRAINT "deployment_devices_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "model_variants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_devices" ADD CONSTRAINT "deployment_devices_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_devices" ADD CONSTRAINT "deployment_devices_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
