-- CreateTable
CREATE TABLE "variant_signatures" (
    "variant_id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "variant_signatures_pkey" PRIMARY KEY ("variant_id","key_id")
);

-- AddForeignKey
ALTER TABLE "variant_signatures" ADD CONSTRAINT "variant_signatures_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "model_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
