-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "calibration_bytes" BIGINT,
ADD COLUMN     "calibration_samples" INTEGER,
ADD COLUMN     "calibration_sha256" TEXT;
