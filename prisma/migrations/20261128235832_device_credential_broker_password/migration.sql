-- AlterTable
ALTER TABLE "device_credentials" ADD COLUMN     "broker_password_sealed" BYTEA;
