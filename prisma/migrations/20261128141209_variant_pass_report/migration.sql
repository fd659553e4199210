-- AlterTable
ALTER TABLE "model_variants" ADD COLUMN     "pass_report" JSONB;
