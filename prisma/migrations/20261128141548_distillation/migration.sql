-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN     "teacher_version_id" UUID;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_teacher_version_id_fkey" FOREIGN KEY ("teacher_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
