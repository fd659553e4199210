-- CreateEnum
CREATE TYPE "VariantStatus" AS ENUM ('queued', 'compiling', 'accepted', 'rejected', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "hardware_profiles" ADD COLUMN     "accuracy_budget" JSONB;
-- Existing profiles get their class's budget (built-ins are rewritten at start-up anyway).
UPDATE "hardware_profiles" SET "accuracy_budget" = CASE "class"
    WHEN 'gpu' THEN '{"minCosine": 0.9999, "minTop1Agreement": 0.99}'::jsonb
    WHEN 'cpu' THEN '{"minCosine": 0.999, "minTop1Agreement": 0.99}'::jsonb
    ELSE '{"minCosine": 0.99, "minTop1Agreement": 0.97}'::jsonb
END;
ALTER TABLE "hardware_profiles" ALTER COLUMN "accuracy_budget" SET NOT NULL;

-- CreateTable
CREATE TABLE "model_variants" (
    "id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "hardware_profile" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "options_key" TEXT NOT NULL,
    "status" "VariantStatus" NOT NULL DEFAULT 'queued',
    "stage" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "size_bytes" BIGINT,
    "figures" JSONB,
    "reason" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_variants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_variants_status_idx" ON "model_variants"("status");

-- CreateIndex
CREATE UNIQUE INDEX "model_variants_model_version_id_hardware_profile_options_ke_key" ON "model_variants"("model_version_id", "hardware_profile", "options_key");

-- AddForeignKey
ALTER TABLE "model_variants" ADD CONSTRAINT "model_variants_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
