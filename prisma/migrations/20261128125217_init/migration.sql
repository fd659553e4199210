-- CreateEnum
CREATE TYPE "HardwareClass" AS ENUM ('cpu', 'gpu', 'fpga', 'asic');

-- CreateEnum
CREATE TYPE "Precision" AS ENUM ('fp32', 'fp16', 'int8');

-- CreateEnum
CREATE TYPE "QuantizationScheme" AS ENUM ('none', 'dynamic', 'static');

-- CreateEnum
CREATE TYPE "ScaleConstraint" AS ENUM ('float', 'power_of_two');

-- CreateEnum
CREATE TYPE "DeviceStatus" AS ENUM ('provisioned', 'online', 'offline', 'decommissioned');

-- CreateEnum
CREATE TYPE "CredentialRevocation" AS ENUM ('reissued', 'decommissioned');

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('admin', 'operator', 'viewer');

-- CreateTable
CREATE TABLE "hardware_profiles" (
    "name" TEXT NOT NULL,
    "class" "HardwareClass" NOT NULL,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "precision" "Precision" NOT NULL,
    "quantization" "QuantizationScheme" NOT NULL,
    "scale_constraint" "ScaleConstraint" NOT NULL DEFAULT 'float',
    "runtime" TEXT NOT NULL DEFAULT 'onnxruntime',
    "execution_providers" TEXT[],
    "operator_allowlist" TEXT[],
    "max_model_bytes" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hardware_profiles_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "hardware_profile" TEXT NOT NULL,
    "status" "DeviceStatus" NOT NULL DEFAULT 'provisioned',
    "last_seen_at" TIMESTAMPTZ(3),
    "agent_version" TEXT,
    "capabilities" JSONB,
    "decommissioned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_labels" (
    "device_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "device_labels_pkey" PRIMARY KEY ("device_id","key")
);

-- CreateTable
CREATE TABLE "device_credentials" (
    "id" UUID NOT NULL,
    "device_id" UUID NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" "CredentialRevocation",

    CONSTRAINT "device_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "devices_name_key" ON "devices"("name");

-- CreateIndex
CREATE INDEX "devices_status_idx" ON "devices"("status");

-- CreateIndex
CREATE INDEX "devices_hardware_profile_idx" ON "devices"("hardware_profile");

-- CreateIndex
CREATE INDEX "devices_created_at_id_idx" ON "devices"("created_at", "id");

-- CreateIndex
CREATE INDEX "device_labels_key_value_idx" ON "device_labels"("key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "device_credentials_secret_hash_key" ON "device_credentials"("secret_hash");

-- CreateIndex
CREATE INDEX "device_credentials_device_id_idx" ON "device_credentials"("device_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_name_key" ON "api_keys"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_hardware_profile_fkey" FOREIGN KEY ("hardware_profile") REFERENCES "hardware_profiles"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_labels" ADD CONSTRAINT "device_labels_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_credentials" ADD CONSTRAINT "device_credentials_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;
